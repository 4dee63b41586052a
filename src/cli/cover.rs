//! Absence cover at routing time (SPEC §11.5): what the commands that route a new case
//! (`case new`, `case email`, `trigger run`) and that tell an owner of a customer's reply
//! (`case email`) ask before they write. The rules are `domain::absence`'s; this reads what
//! they need.

use chrono::{DateTime, Utc};
use smb::Result;
use smb::domain::absence::{self, Absence, Cover};
use smb::domain::change::CaseChange;
use smb::domain::notice::NoticeKind;
use smb::domain::people::same_person;
use smb::domain::routing::{self, Route};
use smb::store::{Advocate, Ops, Tx};

/// The absences going on and every profile as a cover: read once per command.
pub struct Desk {
    absences: Vec<Absence>,
    people: Vec<Cover>,
    /// Every profile's name: a route to anyone else is no route to a person (SPEC §1.2).
    profiles: Vec<String>,
}

/// A profile as a cover, holding `load` In Progress cases. Capacity is the profile's (set by
/// `advocate add --capacity`, else `Settings::default_capacity` there): the one place absence
/// cover reads it.
pub fn cover_of(a: &Advocate, load: u32) -> Cover {
    Cover {
        name: a.name.clone(),
        capacity: a.capacity,
        load,
        languages: a.languages.clone(),
    }
}

/// Each profile with its In Progress load.
pub fn covers(tx: &mut Tx<'_>) -> Result<Vec<Cover>> {
    let loads = tx.owner_loads()?;
    Ok(tx
        .advocates()?
        .iter()
        .map(|a| {
            let load = loads
                .iter()
                .filter(|(o, ..)| same_person(o, &a.name))
                .map(|(_, n, ..)| *n)
                .sum::<u64>();
            cover_of(a, u32::try_from(load).unwrap_or(u32::MAX))
        })
        .collect())
}

impl Desk {
    /// Reads the absences going on at `at`; the profiles and loads only when there is one.
    pub fn read(tx: &mut Tx<'_>, at: DateTime<Utc>) -> Result<Desk> {
        let absences: Vec<Absence> = tx.absences()?.into_iter().filter(|a| a.is_on(at)).collect();
        let people = if absences.is_empty() {
            Vec::new()
        } else {
            covers(tx)?
        };
        let profiles = tx.advocates()?.into_iter().map(|a| a.name).collect();
        Ok(Desk {
            absences,
            people,
            profiles,
        })
    }

    fn is_profile(&self, name: &str) -> bool {
        self.profiles.iter().any(|p| same_person(p, name))
    }

    /// SPEC §1.2: a route to a name no profile answers to goes to the queue of the case's
    /// account instead (read only then, as it stands in `tx`).
    fn to_a_profile(
        &self,
        tx: &mut Tx<'_>,
        route: &mut Route,
        account_id: Option<&str>,
    ) -> Result<()> {
        if let Route::Owner { name, .. } = &*route
            && !self.is_profile(name)
        {
            let settings = tx.settings()?;
            let account = match account_id {
                Some(id) => tx.account(id)?,
                None => None,
            };
            let r = std::mem::replace(route, Route::Queue(String::new()));
            *route = routing::to_a_profile(
                r,
                |n| self.is_profile(n),
                || routing::queue_for(&settings, account.as_ref()),
            );
        }
        Ok(())
    }

    /// Nobody is away.
    pub fn is_empty(&self) -> bool {
        self.absences.is_empty()
    }

    fn cover(&self, name: &str) -> Option<Cover> {
        self.people
            .iter()
            .find(|c| same_person(&c.name, name))
            .cloned()
    }

    /// Whether `route` goes to someone away at `at` (and may change).
    pub fn concerns(&self, route: &Route, at: DateTime<Utc>) -> bool {
        let person = match route {
            Route::Owner { name, .. } => name,
            Route::Queue(q) => q,
        };
        absence::away(&self.absences, person, at).is_some()
    }

    /// `route`, sent to the cover when it goes to someone away (`language`: the customer's).
    pub fn route(&self, route: Route, at: DateTime<Utc>, language: Option<&str>) -> Route {
        absence::redirect(route, &self.absences, at, language, |n| self.cover(n))
    }

    /// Sends `route` to the queue of the case's account (`account_id`) when it names nobody
    /// with a profile, and to the cover when it goes to someone away at `at`, in the language
    /// of the case's contact (`trigger run` and `trigger explain` alike).
    pub fn reroute(
        &self,
        tx: &mut Tx<'_>,
        route: &mut Route,
        at: DateTime<Utc>,
        contact_id: Option<&str>,
        account_id: Option<&str>,
    ) -> Result<()> {
        self.to_a_profile(tx, route, account_id)?;
        if self.is_empty() || !self.concerns(route, at) {
            return Ok(());
        }
        let lang = language(tx, contact_id)?;
        let r = std::mem::replace(route, Route::Queue(String::new()));
        *route = self.route(r, at, lang.as_deref());
        Ok(())
    }

    /// The change's reply notices, sent to the cover of an owner who is away.
    pub fn reply_notices(&self, change: &mut CaseChange, language: Option<&str>) {
        for n in &mut change.notices {
            if n.kind == NoticeKind::Reply {
                n.recipient =
                    absence::reply_recipient(&n.recipient, &self.absences, n.at, language, |c| {
                        self.cover(c)
                    });
            }
        }
    }
}

/// The customer's language on a case: its contact's, when it has one with a language.
pub fn language(tx: &mut Tx<'_>, contact_id: Option<&str>) -> Result<Option<String>> {
    Ok(match contact_id {
        Some(id) => tx.contact(id)?.and_then(|c| c.language),
        None => None,
    })
}

/// [`Desk::route`] for one new case on `account_id`, reading what it needs (`case new`,
/// `case email`); a route to a name no profile answers to goes to the account's queue.
pub fn route(
    tx: &mut Tx<'_>,
    route: Route,
    at: DateTime<Utc>,
    contact_id: Option<&str>,
    account_id: Option<&str>,
) -> Result<Route> {
    let desk = Desk::read(tx, at)?;
    let mut route = route;
    desk.to_a_profile(tx, &mut route, account_id)?;
    if desk.is_empty() || !desk.concerns(&route, at) {
        return Ok(route);
    }
    let lang = language(tx, contact_id)?;
    Ok(desk.route(route, at, lang.as_deref()))
}
