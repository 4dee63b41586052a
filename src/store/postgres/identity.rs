//! Who acts on PostgreSQL (SPEC §10, docs/store-boundary.md 4.1 and 4.7): the profile linked
//! to the session's login; `--as` someone else only for a manager's login or the database
//! owner; a login with no linked profile changes nothing. `smb advocate add NAME --login ROLE`
//! links a profile and grants the login what smb needs through `smb_grant_login` (migration 6),
//! which quotes the identifier on the server.

use postgres::GenericClient;
use postgres::types::Type;

use super::write::{ADVOCATE_COLUMNS, advocate_from_row};
use crate::store::{Advocate, Identity, Role, ts};
use crate::{Error, Result};

type Map<'e> = &'e dyn Fn(postgres::Error) -> Error;

/// The session as the database sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// `session_user`: the login.
    pub login: String,
    /// The login owns the database (or is a member of its owner, or a superuser).
    pub owner: bool,
    /// The profile linked to the login.
    pub mine: Option<Advocate>,
}

/// Reads the session's login, whether it owns the database, its linked profile, and the
/// profile named `claimed` (ignoring case), in one statement.
pub fn session(
    c: &mut impl GenericClient,
    claimed: &str,
    err: Map<'_>,
) -> Result<(Session, Option<Advocate>)> {
    let cols = |t: &str| {
        ADVOCATE_COLUMNS
            .split(", ")
            .map(|col| format!("{t}.{col}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let sql = format!(
        "SELECT session_user::text,
                pg_has_role(session_user, (SELECT datdba FROM pg_database
                                            WHERE datname = current_database()), 'MEMBER'),
                {}, {}
           FROM (SELECT 1) one
           LEFT JOIN advocates m ON m.login = session_user::text
           LEFT JOIN advocates o ON lower(o.name) = lower($1 COLLATE \"C\")",
        cols("m"),
        cols("o")
    );
    let claimed = claimed.trim();
    let row = c
        .query_typed_one(&sql, &[(&claimed, Type::TEXT)])
        .map_err(err)?;
    Ok((
        Session {
            login: row.get(0),
            owner: row.get(1),
            mine: advocate_from_row(&row, 2)?,
        },
        advocate_from_row(&row, 8)?,
    ))
}

/// SPEC §10: who `claimed` (`--as`, `SMB_USER`, the config, the machine's user) is here.
///
/// - The database owner acts as whoever it names (the nightly job, an administrator).
/// - A login with a linked profile acts as that profile. A `claimed` name that is not another
///   person's profile (the machine's user name, say) changes nothing; naming another person's
///   profile is allowed only to a manager's login, else refused (exit 2).
/// - A login with no linked profile is [`Identity::NoProfile`] with the login's name: it may
///   read what it was granted; [`refuse_unlinked`] says why it may not write.
pub fn decide(session: &Session, claimed: &str, named: Option<Advocate>) -> Result<Identity> {
    let claimed = claimed.trim();
    if session.owner {
        return Ok(match named {
            Some(a) => Identity::Profile(a),
            None => Identity::NoProfile(claimed.to_string()),
        });
    }
    let Some(mine) = session.mine.clone() else {
        return Ok(Identity::NoProfile(session.login.clone()));
    };
    match named {
        Some(other) if !other.name.eq_ignore_ascii_case(&mine.name) => {
            if mine.role == Role::Manager {
                Ok(Identity::Profile(other))
            } else {
                Err(Error::refused(format!(
                    "you are logged in to the database as {:?}, whose profile is {:?}; acting as \
                     {:?} (--as, SMB_USER or the config file) needs a manager's login or the \
                     database owner's. Drop --as / SMB_USER to act as yourself",
                    session.login, mine.name, other.name
                )))
            }
        }
        _ => Ok(Identity::Profile(mine)),
    }
}

/// The refusal of a write by a login with no linked profile (exit 2): it names the command the
/// database owner runs.
pub fn refuse_unlinked(login: &str) -> Error {
    Error::refused(format!(
        "the database login {login:?} has no smb profile, so it changes and creates nothing; \
         the database owner links one with `smb advocate add NAME --region AMER|APAC|EMEA \
         --login {login}`"
    ))
}

/// Adds or updates a profile (`smb advocate add`), linking `login` when given; returns whether
/// the profile existed. Only the database owner writes profiles; linking checks that `login`
/// is a role that can log in and is not linked to another profile, then grants it smb's
/// privileges (`smb_grant_login`). The people and pools stored under another spelling of the
/// name take the profile's (SPEC §1.2), as on SQLite.
pub fn put_advocate(
    c: &mut impl GenericClient,
    a: &Advocate,
    login: Option<&str>,
    err: Map<'_>,
) -> Result<bool> {
    let (session, existing) = session(c, &a.name, err)?;
    if !session.owner {
        return Err(Error::refused(format!(
            "only the database owner adds or changes profiles; the login {:?} does not own \
             this database (run `smb advocate add` as the operations login that owns it)",
            session.login
        )));
    }
    let login = login.map(str::trim);
    if let Some(l) = login {
        let row = c
            .query_typed_one(
                "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1),
                        EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1 AND rolcanlogin),
                        (SELECT name FROM advocates WHERE login = $1 AND lower(name) <> lower($2 COLLATE \"C\"))",
                &[(&l, Type::TEXT), (&a.name, Type::TEXT)],
            )
            .map_err(err)?;
        let (exists, can_login, taken): (bool, bool, Option<String>) =
            (row.get(0), row.get(1), row.get(2));
        if !exists {
            return Err(Error::invalid(format!(
                "--login {l}: no such database role; create it first (CREATE ROLE \"{l}\" LOGIN \
                 PASSWORD '…'), then run this again"
            )));
        }
        if !can_login {
            return Err(Error::invalid(format!(
                "--login {l}: that role cannot log in; expected a login role (CREATE ROLE … \
                 LOGIN, or ALTER ROLE \"{l}\" LOGIN)"
            )));
        }
        if let Some(other) = taken {
            return Err(Error::invalid(format!(
                "--login {l}: already linked to the profile {other:?}; one login per person"
            )));
        }
    }
    let langs = a.languages.join(",");
    let created = ts(a.created_at);
    let capacity = i64::from(a.capacity);
    c.query_typed(
        "INSERT INTO advocates (name, region, languages, role, capacity, created_at, login)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT ((lower(name))) DO UPDATE SET region = EXCLUDED.region,
             languages = EXCLUDED.languages, role = EXCLUDED.role,
             capacity = EXCLUDED.capacity,
             login = coalesce(EXCLUDED.login, advocates.login)",
        &[
            (&a.name, Type::TEXT),
            (&a.region.as_str(), Type::TEXT),
            (&langs, Type::TEXT),
            (&a.role.as_str(), Type::TEXT),
            (&capacity, Type::INT8),
            (&created, Type::TEXT),
            (&login, Type::TEXT),
        ],
    )
    .map_err(err)?;
    // SPEC §1.2: the stored spellings of this person take the profile's.
    c.query_typed(
        "WITH a AS (UPDATE accounts SET owner = $1
                     WHERE lower(trim(owner)) = lower($1 COLLATE \"C\") AND owner <> $1),
              o AS (UPDATE opportunities SET owner = $1
                     WHERE lower(trim(owner)) = lower($1 COLLATE \"C\") AND owner <> $1),
              c AS (UPDATE cases SET owner = $1
                     WHERE lower(trim(owner)) = lower($1 COLLATE \"C\") AND owner <> $1),
              q AS (UPDATE cases SET queue = $1
                     WHERE lower(trim(queue)) = lower($1 COLLATE \"C\") AND queue <> $1)
         SELECT 1",
        &[(&a.name, Type::TEXT)],
    )
    .map_err(err)?;
    if let Some(l) = login {
        c.query_typed("SELECT smb_grant_login($1)", &[(&l, Type::TEXT)])
            .map_err(err)?;
        // Migration 10: absences (SPEC §11.5).
        c.query_typed("SELECT smb_grant_login_absences($1)", &[(&l, Type::TEXT)])
            .map_err(err)?;
    }
    Ok(existing.is_some())
}

/// What a transaction's first round trip sends after `BEGIN` (a simple query: no parameters,
/// one trip): the schema's version (`smb_schema`, so that opening an up-to-date database costs
/// no trip of its own), the settings, holidays and logged clock settings
/// (`store::settings::SETTINGS_AND_HOLIDAYS`, the same statement SQLite reads), then the
/// session (login, whether it owns the database, the profile linked to it, the profile the
/// connection claims to act as — `smb.claimed`, set in the startup packet — and both
/// profiles' time zones). `settings()`, `identity()` and `advocate_time_zone()` then answer
/// from it without another trip.
pub fn begin_reads() -> String {
    format!(
        "SELECT application, version FROM smb_schema;\n{};\n{SESSION_READ}",
        crate::store::settings::SETTINGS_AND_HOLIDAYS
    )
}

/// The session part of [`begin_reads`].
const SESSION_READ: &str = "SELECT session_user::text,
       pg_has_role(session_user, (SELECT datdba FROM pg_database
                                   WHERE datname = current_database()), 'MEMBER'),
       m.name, m.region, m.languages, m.role, m.capacity, m.created_at, m.time_zone,
       o.name, o.region, o.languages, o.role, o.capacity, o.created_at, o.time_zone,
       current_setting('smb.claimed', true)
  FROM (SELECT 1) one LEFT JOIN advocates m ON m.login = session_user::text
  LEFT JOIN advocates o ON lower(o.name) = lower(current_setting('smb.claimed', true) COLLATE \"C\")";

/// The startup option that sets `smb.claimed` to `claimed` (trimmed): a server option in the
/// startup packet (no SQL, no round trip), escaped as the server splits `options` (a
/// backslash escapes the next character; whitespace separates).
pub fn claimed_option(claimed: &str) -> String {
    let mut out = String::from(" -c smb.claimed=");
    for ch in claimed.trim().chars() {
        if ch == '\\' || ch.is_whitespace() {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// What the transaction's first round trip read: [`begin_reads`] parsed.
pub struct Begun {
    /// `smb_schema`'s row: application and version.
    pub schema: Option<(String, i64)>,
    pub settings: Vec<(String, String)>,
    pub session: Session,
    /// The name the connection claimed (`smb.claimed`) and its profile, if it claimed one.
    pub claimed: Option<(String, Option<Advocate>)>,
    /// Profiles' time zones read with the session: (name, time zone).
    pub zones: Vec<(String, Option<String>)>,
}

/// The reads of `BEGIN; ` + [`begin_reads`], from its messages.
pub fn parse_begin(msgs: &[postgres::SimpleQueryMessage]) -> Result<Begun> {
    use postgres::SimpleQueryMessage as M;
    let mut results: Vec<Vec<&postgres::SimpleQueryRow>> = vec![Vec::new()];
    for m in msgs {
        match m {
            M::Row(r) => results.last_mut().expect("a result").push(r),
            M::CommandComplete(_) => results.push(Vec::new()),
            _ => {}
        }
    }
    // BEGIN, the schema, the settings, the session (and the empty tail).
    let (Some(schema), Some(settings), Some(session)) =
        (results.get(1), results.get(2), results.get(3))
    else {
        return Err(Error::Database(
            "unexpected reply to the transaction's first statements".into(),
        ));
    };
    let schema = match schema.first() {
        None => None,
        Some(r) => {
            let v = r.get(1).unwrap_or_default();
            Some((
                r.get(0).unwrap_or_default().to_string(),
                v.parse().map_err(|_| {
                    Error::Database(format!("unknown schema version {v:?} in the database"))
                })?,
            ))
        }
    };
    let settings = settings
        .iter()
        .map(|r| {
            (
                r.get(0).unwrap_or_default().to_string(),
                r.get(1).unwrap_or_default().to_string(),
            )
        })
        .collect();
    let r = session
        .first()
        .ok_or_else(|| Error::Database("the session's login is unknown".into()))?;
    let mine = advocate_at(r, 2)?;
    let other = advocate_at(r, 9)?;
    let mut zones = Vec::new();
    if let Some(a) = &mine {
        zones.push((a.name.clone(), r.get(8).map(str::to_string)));
    }
    if let Some(a) = &other {
        zones.push((a.name.clone(), r.get(15).map(str::to_string)));
    }
    let claimed = r.get(16).map(|c| (c.to_string(), other));
    Ok(Begun {
        schema,
        settings,
        session: Session {
            login: r.get(0).unwrap_or_default().to_string(),
            owner: r.get(1) == Some("t"),
            mine,
        },
        claimed,
        zones,
    })
}

/// The profile in columns `at..at + 6` of a simple-query row (name, region, languages, role,
/// capacity, created_at), if its name is there.
fn advocate_at(r: &postgres::SimpleQueryRow, at: usize) -> Result<Option<Advocate>> {
    let Some(name) = r.get(at) else {
        return Ok(None);
    };
    let text = |i: usize| r.get(at + i).unwrap_or_default();
    let capacity = text(4);
    let created = text(5);
    Ok(Some(Advocate {
        name: name.to_string(),
        region: crate::domain::model::Region::parse(text(1))
            .unwrap_or(crate::domain::model::Region::Amer),
        languages: text(2)
            .split(',')
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
        role: Role::parse(text(3)).unwrap_or(Role::Advocate),
        capacity: capacity.parse().map_err(|_| {
            Error::Database(format!("unknown capacity {capacity:?} in the database"))
        })?,
        created_at: chrono::DateTime::parse_from_rfc3339(created)
            .map(|t| t.with_timezone(&chrono::Utc))
            .map_err(|_| Error::Database(format!("unknown time {created:?} in the database")))?,
    }))
}

/// [`decide`] from the session read at the transaction's start: no round trip when `claimed`
/// is the login's own profile (or the login has none); else `lookup` reads the profile named
/// `claimed`.
pub fn identity_from(
    session: &Session,
    claimed: &str,
    lookup: impl FnOnce() -> Result<Option<Advocate>>,
) -> Result<Identity> {
    let claimed_t = claimed.trim();
    let mine_named = session
        .mine
        .as_ref()
        .is_some_and(|m| m.name.eq_ignore_ascii_case(claimed_t));
    if mine_named || (session.mine.is_none() && !session.owner) {
        return decide(session, claimed, session.mine.clone());
    }
    decide(session, claimed, lookup()?)
}

// ---- The trait's identity and profiles on `Tx` (4.1, 4.7): `ops.rs` calls these. ----

impl super::Tx<'_> {
    /// SPEC §10 from the session read with `BEGIN`: a trip only to read the profile `claimed`
    /// names when it is not the login's own.
    pub(super) fn identity_of(&mut self, claimed: &str) -> Result<Identity> {
        let (shown, busy) = (self.shown.clone(), self.busy);
        let err = move |e: postgres::Error| super::pg_err(&shown, busy, &e);
        let client = &mut *self.client;
        // The profile the connection claimed was read with `BEGIN`.
        let known = self
            .claimed
            .as_deref()
            .filter(|(name, _)| name == claimed.trim())
            .map(|(_, a)| a.clone());
        identity_from(&self.session, claimed, || match known {
            Some(a) => Ok(a),
            None => Ok(session(client, claimed, &err)?.1),
        })
    }

    /// A profile's time zone as read with `BEGIN`, if it was (and no profile was written
    /// since).
    pub(super) fn begun_time_zone(&self, name: &str) -> Option<Option<String>> {
        self.zones
            .iter()
            .find(|(n, _)| n == name.trim())
            .map(|(_, tz)| tz.clone())
    }

    /// The profile the connection claimed, as read with `BEGIN` (and no profile was written
    /// since), when it is the one `read::advocate` finds for `name`: its name is `name`
    /// trimmed, ignoring ASCII case (the "C" collation's `lower`, as the lookup and the unique
    /// index on `lower(name)` compare). Otherwise `None`, and the caller looks it up.
    pub(super) fn begun_profile(&self, name: &str) -> Option<Advocate> {
        let (_, profile) = self.claimed.as_deref()?;
        profile
            .as_ref()
            .filter(|a| a.name.eq_ignore_ascii_case(name.trim()))
            .cloned()
    }

    /// Forgets what `BEGIN` read of the profiles: one was written.
    pub(super) fn forget_begun_profiles(&mut self) {
        self.zones.clear();
        self.claimed = None;
    }

    pub(super) fn identity_put_advocate(
        &mut self,
        a: &Advocate,
        login: Option<&str>,
    ) -> Result<bool> {
        let (shown, busy) = (self.shown.clone(), self.busy);
        let err = move |e: postgres::Error| super::pg_err(&shown, busy, &e);
        self.forget_begun_profiles();
        put_advocate(&mut *self.client, a, login, &err)
    }

    /// The settings read with `BEGIN`.
    pub(super) fn begin_settings(&self) -> crate::domain::model::Settings {
        (*self.settings).clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::Region;
    use chrono::TimeZone;

    fn person(name: &str, role: Role) -> Advocate {
        Advocate {
            name: name.into(),
            region: Region::Amer,
            languages: vec!["en".into()],
            role,
            capacity: 50,
            created_at: chrono::Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap(),
        }
    }

    fn session(mine: Option<Advocate>, owner: bool) -> Session {
        Session {
            login: "ann".into(),
            owner,
            mine,
        }
    }

    #[test]
    fn the_claimed_name_reaches_the_server_as_one_option_value() {
        // The server splits `options` at whitespace; a backslash keeps the next character.
        assert_eq!(claimed_option(" Ann Lee "), " -c smb.claimed=Ann\\ Lee");
        assert_eq!(claimed_option("a\\b\tc"), " -c smb.claimed=a\\\\b\\\tc");
        assert_eq!(claimed_option("José"), " -c smb.claimed=José");
    }

    #[test]
    fn a_login_acts_as_its_own_profile_whatever_name_that_is_no_profile_claims() {
        let ann = person("Ann Lee", Role::Advocate);
        let s = session(Some(ann.clone()), false);
        assert_eq!(
            decide(&s, "ann", None).unwrap(),
            Identity::Profile(ann.clone())
        );
        assert_eq!(
            decide(&s, "ANN LEE", Some(ann.clone())).unwrap(),
            Identity::Profile(ann)
        );
    }

    #[test]
    fn as_someone_else_only_for_a_manager_or_the_owner() {
        let bo = person("Bo", Role::Advocate);
        let ann = session(Some(person("Ann Lee", Role::Advocate)), false);
        let e = decide(&ann, "Bo", Some(bo.clone())).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e.to_string().contains("needs a manager's login"), "{e}");
        let boss = session(Some(person("Dana", Role::Manager)), false);
        assert_eq!(
            decide(&boss, "Bo", Some(bo.clone())).unwrap(),
            Identity::Profile(bo.clone())
        );
        let owner = session(None, true);
        assert_eq!(
            decide(&owner, "Bo", Some(bo.clone())).unwrap(),
            Identity::Profile(bo)
        );
        assert_eq!(
            decide(&owner, "nightly", None).unwrap(),
            Identity::NoProfile("nightly".into())
        );
    }

    #[test]
    fn a_login_without_a_profile_is_no_one_whatever_it_claims() {
        let s = session(None, false);
        let bo = person("Bo", Role::Manager);
        assert_eq!(
            decide(&s, "Bo", Some(bo)).unwrap(),
            Identity::NoProfile("ann".into())
        );
        assert!(refuse_unlinked("ann").to_string().contains("--login ann"));
    }
}
