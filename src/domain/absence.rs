//! Absence cover (SPEC §11.5), pure: who is away when, who covers, where a case routed to an
//! absent person goes instead, and the plan that spreads an absent person's In Progress cases
//! over their covers.
//!
//! Decisions (README "Absence cover"):
//! - `--from` and `--until` are whole days, both included, in the absent person's time zone:
//!   the absence runs from the first instant of `from` to the first instant of the day after
//!   `until` there ([`Absence::starts_at`], [`Absence::ends_at`], stored in UTC).
//! - A case routed to an absent person goes to the first cover, in the order given, who is not
//!   away themself, has room (In Progress below their capacity) and speaks the customer's
//!   language when it is known; failing that the first with room, failing that the first.
//! - The plan keeps an account's cases together: a group goes whole to one cover or not at
//!   all. Bigger groups are placed first; each goes to the eligible cover with the most room
//!   left (the first given on a tie), so the load spreads.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};

use super::people::same_person;
use super::routing::Route;
use crate::{Error, Result};

/// One recorded absence (`smb advocate away`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Absence {
    /// Its id (0 before it is stored).
    pub id: i64,
    /// The absent person (profile spelling).
    pub name: String,
    /// First day away (their time zone).
    pub from: NaiveDate,
    /// Last day away, included.
    pub until: NaiveDate,
    /// The first instant of `from` in their time zone.
    pub starts_at: DateTime<Utc>,
    /// The first instant of the day after `until` in their time zone.
    pub ends_at: DateTime<Utc>,
    /// Who covers, in order of preference.
    pub covers: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    /// When `smb advocate back` ended it (early or late), and who.
    pub ended_at: Option<DateTime<Utc>>,
    pub ended_by: Option<String>,
}

impl Absence {
    /// Is the person away at `at`?
    pub fn is_on(&self, at: DateTime<Utc>) -> bool {
        self.starts_at <= at && at < self.ends_at && self.ended_at.is_none_or(|e| at < e)
    }

    /// Is it still to come or going on at `at` (not ended, its last day not passed)?
    pub fn is_current(&self, at: DateTime<Utc>) -> bool {
        self.ended_at.is_none() && at < self.ends_at
    }

    /// Do the days of the two absences meet?
    pub fn overlaps(&self, from: NaiveDate, until: NaiveDate) -> bool {
        self.from <= until && from <= self.until
    }
}

/// A case a plan moved to a cover (`--apply`), which `smb advocate back` gives back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverMove {
    pub case_id: i64,
    /// The absent person who owned it.
    pub from: String,
    /// The cover it went to.
    pub to: String,
    pub at: DateTime<Utc>,
}

/// What a cover offers: their profile's capacity and languages, and their In Progress load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cover {
    pub name: String,
    /// In Progress cases they may hold (the profile's capacity).
    pub capacity: u32,
    /// In Progress cases they hold.
    pub load: u32,
    /// Languages they speak (lower case).
    pub languages: Vec<String>,
}

impl Cover {
    fn room(&self) -> u32 {
        self.capacity.saturating_sub(self.load)
    }

    fn speaks(&self, language: &str) -> bool {
        self.languages
            .iter()
            .any(|l| l.eq_ignore_ascii_case(language.trim()))
    }
}

/// Checks an absence before it is recorded: `until` not before `from`, not over by `today`
/// (the absent person's), at least one cover, no cover twice, the absent person not among the
/// covers, no overlap with `existing` (the person's absences not ended) except the identical
/// one, which is returned (recording it again changes nothing). Exit 2 otherwise.
pub fn check_new<'a>(
    name: &str,
    from: NaiveDate,
    until: NaiveDate,
    covers: &[String],
    today: NaiveDate,
    existing: &'a [Absence],
) -> Result<Option<&'a Absence>> {
    if until < from {
        return Err(Error::invalid(format!(
            "--until {until} is before --from {from}: an absence ends on or after the day it starts"
        )));
    }
    if until < today {
        return Err(Error::invalid(format!(
            "--until {until} has passed (today is {today} for {name}): record an absence that is still to come or going on"
        )));
    }
    if covers.is_empty() {
        return Err(Error::invalid(
            "--cover is empty: expected who covers, e.g. --cover \"Lena Fischer\" or --cover Dana,Lena",
        ));
    }
    if let Some(c) = covers.iter().find(|c| same_person(c, name)) {
        return Err(Error::invalid(format!(
            "--cover {c:?} is the absent person: name someone else to cover {name}"
        )));
    }
    for (i, c) in covers.iter().enumerate() {
        if covers[..i].iter().any(|d| same_person(c, d)) {
            return Err(Error::invalid(format!(
                "--cover names {c:?} twice: give each cover once, in order of preference"
            )));
        }
    }
    let mine = existing
        .iter()
        .filter(|a| same_person(&a.name, name) && a.ended_at.is_none());
    for a in mine {
        let same_covers = a.covers.len() == covers.len()
            && a.covers.iter().zip(covers).all(|(x, y)| same_person(x, y));
        if a.from == from && a.until == until && same_covers {
            return Ok(Some(a));
        }
        if a.overlaps(from, until) {
            return Err(Error::invalid(format!(
                "{name} is already away from {} until {} (covered by {}): these days overlap it; end it first with `smb advocate back \"{name}\"`, or give other days",
                a.from,
                a.until,
                a.covers.join(", ")
            )));
        }
    }
    Ok(None)
}

/// The absence of `name` going on at `at`, if any.
pub fn away<'a>(absences: &'a [Absence], name: &str, at: DateTime<Utc>) -> Option<&'a Absence> {
    absences
        .iter()
        .find(|a| same_person(&a.name, name) && a.is_on(at))
}

/// The cover a case for the absent person goes to: among `covers` (in the absence's order, the
/// ones away themselves already left out), the first with room who speaks `language` (when
/// known), else the first with room, else the first.
pub fn choose_cover<'a>(covers: &'a [Cover], language: Option<&str>) -> Option<&'a Cover> {
    let with_room = || covers.iter().filter(|c| c.room() > 0);
    language
        .and_then(|l| with_room().find(|c| c.speaks(l)))
        .or_else(|| with_room().next())
        .or_else(|| covers.first())
}

/// SPEC §11.5: a route to an absent person (their case on the account, their Upgrade
/// opportunity, pooled: their own pool) becomes a route to their cover; `desk` gives each
/// cover's capacity, load and languages (`None`: no profile, skipped). Any other route, or an
/// absence whose covers are all away or unknown, is left as it was.
pub fn redirect(
    route: Route,
    absences: &[Absence],
    at: DateTime<Utc>,
    language: Option<&str>,
    desk: impl Fn(&str) -> Option<Cover>,
) -> Route {
    let person = match &route {
        Route::Owner { name, .. } => name.as_str(),
        Route::Queue(q) => q.as_str(),
    };
    let Some(a) = away(absences, person, at) else {
        return route;
    };
    let covers: Vec<Cover> = a
        .covers
        .iter()
        .filter(|c| away(absences, c, at).is_none())
        .filter_map(|c| desk(c))
        .collect();
    let Some(cover) = choose_cover(&covers, language) else {
        return route;
    };
    let was = match &route {
        Route::Owner { why, .. } => why.clone(),
        Route::Queue(q) => format!("its queue is {q}'s pool"),
    };
    Route::Owner {
        name: cover.name.clone(),
        why: format!(
            "{} is away until {}; {} covers ({was})",
            a.name, a.until, cover.name
        ),
    }
}

/// Who is told about a customer's reply on a case owned by `owner` at `at`: their cover while
/// they are away (chosen as for a new case), else the owner.
pub fn reply_recipient(
    owner: &str,
    absences: &[Absence],
    at: DateTime<Utc>,
    language: Option<&str>,
    desk: impl Fn(&str) -> Option<Cover>,
) -> String {
    let route = Route::Owner {
        name: owner.to_string(),
        why: String::new(),
    };
    match redirect(route, absences, at, language, desk) {
        Route::Owner { name, .. } => name,
        Route::Queue(_) => owner.to_string(),
    }
}

/// One In Progress case of the absent person, as the plan sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanCase {
    pub id: i64,
    pub account_id: Option<String>,
    /// The customer's language (the case's contact's), when known.
    pub language: Option<String>,
}

/// A case the plan gives to a cover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    pub case_id: i64,
    pub account_id: Option<String>,
    pub to: String,
}

/// A case the plan cannot place, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unplaced {
    pub case_id: i64,
    pub account_id: Option<String>,
    pub why: String,
}

/// The reassignment `--plan` shows and `--apply` performs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// In case id order.
    pub moves: Vec<Move>,
    /// In case id order.
    pub unplaced: Vec<Unplaced>,
}

/// SPEC §11.5 `--plan`: `cases` (the absent person's In Progress cases) over `covers` (in the
/// order given, with their load): an account's cases go together to one cover, who has room
/// for all of them and speaks every known language among them; never over a cover's capacity.
/// Cases with no account are placed one by one.
pub fn plan(cases: &[PlanCase], covers: &[Cover]) -> Plan {
    // Groups: one per account (cases without one alone), in order of their first case.
    let mut groups: Vec<Vec<&PlanCase>> = Vec::new();
    let mut by_account: BTreeMap<&str, usize> = BTreeMap::new();
    let mut sorted: Vec<&PlanCase> = cases.iter().collect();
    sorted.sort_by_key(|c| c.id);
    for c in sorted {
        match c.account_id.as_deref() {
            Some(acc) => match by_account.get(acc) {
                Some(&i) => groups[i].push(c),
                None => {
                    by_account.insert(acc, groups.len());
                    groups.push(vec![c]);
                }
            },
            None => groups.push(vec![c]),
        }
    }
    // Bigger groups first (they are the hardest to place); stable, so ties keep case order.
    groups.sort_by_key(|g| std::cmp::Reverse(g.len()));
    let mut load: Vec<u32> = covers.iter().map(|c| c.load).collect();
    let mut out = Plan::default();
    for g in groups {
        let size = u32::try_from(g.len()).unwrap_or(u32::MAX);
        let mut langs: Vec<String> = g
            .iter()
            .filter_map(|c| c.language.as_deref())
            .map(|l| l.trim().to_ascii_lowercase())
            .filter(|l| !l.is_empty())
            .collect();
        langs.sort();
        langs.dedup();
        let speaks_all = |c: &Cover| langs.iter().all(|l| c.speaks(l));
        let room = |i: usize| covers[i].capacity.saturating_sub(load[i]);
        let best = (0..covers.len())
            .filter(|&i| speaks_all(&covers[i]) && room(i) >= size)
            .max_by_key(|&i| (room(i), std::cmp::Reverse(i)));
        match best {
            Some(i) => {
                load[i] += size;
                out.moves.extend(g.iter().map(|c| Move {
                    case_id: c.id,
                    account_id: c.account_id.clone(),
                    to: covers[i].name.clone(),
                }));
            }
            None => {
                let why = unplaced_why(&g, &langs, covers, &load, size);
                out.unplaced.extend(g.iter().map(|c| Unplaced {
                    case_id: c.id,
                    account_id: c.account_id.clone(),
                    why: why.clone(),
                }));
            }
        }
    }
    out.moves.sort_by_key(|m| m.case_id);
    out.unplaced.sort_by_key(|u| u.case_id);
    out
}

fn unplaced_why(
    g: &[&PlanCase],
    langs: &[String],
    covers: &[Cover],
    load: &[u32],
    size: u32,
) -> String {
    if covers.is_empty() {
        return "no cover: name one with --cover".to_string();
    }
    let speakers: Vec<usize> = (0..covers.len())
        .filter(|&i| langs.iter().all(|l| covers[i].speaks(l)))
        .collect();
    let what = match g.first().and_then(|c| c.account_id.as_deref()) {
        Some(acc) if size > 1 => format!("account {acc}'s {size} cases stay together"),
        Some(acc) => format!("account {acc}"),
        None => "this case".to_string(),
    };
    if speakers.is_empty() {
        return format!("no cover speaks {} ({what})", langs.join(" and "),);
    }
    let full: Vec<String> = speakers
        .iter()
        .map(|&i| {
            format!(
                "{} holds {} of {}",
                covers[i].name, load[i], covers[i].capacity
            )
        })
        .collect();
    format!(
        "no cover{} has room for {size} more ({what}): {}",
        if langs.is_empty() {
            String::new()
        } else {
            format!(" speaking {}", langs.join(" and "))
        },
        full.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn absence(name: &str, from: &str, until: &str, covers: &[&str]) -> Absence {
        let (from, until) = (d(from), d(until));
        Absence {
            id: 1,
            name: name.into(),
            from,
            until,
            starts_at: from.and_hms_opt(0, 0, 0).unwrap().and_utc(),
            ends_at: until
                .succ_opt()
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap()
                .and_utc(),
            covers: covers.iter().map(|c| c.to_string()).collect(),
            created_at: t("2026-03-01T00:00:00Z"),
            created_by: "Mona".into(),
            ended_at: None,
            ended_by: None,
        }
    }

    fn cover(name: &str, capacity: u32, load: u32, langs: &[&str]) -> Cover {
        Cover {
            name: name.into(),
            capacity,
            load,
            languages: langs.iter().map(|l| l.to_string()).collect(),
        }
    }

    fn pc(id: i64, account: Option<&str>, lang: Option<&str>) -> PlanCase {
        PlanCase {
            id,
            account_id: account.map(str::to_string),
            language: lang.map(str::to_string),
        }
    }

    #[test]
    fn an_absence_covers_its_days_both_included_and_ends_early_when_back() {
        let mut a = absence("Dana", "2026-03-09", "2026-03-13", &["Lena"]);
        assert!(!a.is_on(t("2026-03-08T23:59:59Z")));
        assert!(a.is_on(t("2026-03-09T00:00:00Z")));
        assert!(a.is_on(t("2026-03-13T23:59:59Z")));
        assert!(!a.is_on(t("2026-03-14T00:00:00Z")));
        a.ended_at = Some(t("2026-03-11T12:00:00Z"));
        assert!(a.is_on(t("2026-03-11T11:59:59Z")));
        assert!(!a.is_on(t("2026-03-11T12:00:00Z")));
    }

    #[test]
    fn bad_absences_are_refused() {
        let today = d("2026-03-02");
        let covers = vec!["Lena".to_string()];
        let e = check_new(
            "Dana",
            d("2026-03-10"),
            d("2026-03-09"),
            &covers,
            today,
            &[],
        );
        assert!(e.unwrap_err().to_string().contains("before --from"));
        let e = check_new(
            "Dana",
            d("2026-02-10"),
            d("2026-03-01"),
            &covers,
            today,
            &[],
        );
        assert!(e.unwrap_err().to_string().contains("has passed"));
        let e = check_new(
            "Dana",
            d("2026-03-09"),
            d("2026-03-09"),
            &[" dana ".to_string()],
            today,
            &[],
        );
        assert!(e.unwrap_err().to_string().contains("is the absent person"));
        let twice = vec!["Lena".to_string(), "lena".to_string()];
        let e = check_new("Dana", d("2026-03-09"), d("2026-03-09"), &twice, today, &[]);
        assert!(e.unwrap_err().to_string().contains("twice"));
        // One day (from = until) and an absence that started yesterday are fine.
        assert!(check_new("Dana", today, today, &covers, today, &[]).is_ok());
        assert!(check_new("Dana", d("2026-03-01"), today, &covers, today, &[]).is_ok());
    }

    #[test]
    fn overlapping_absences_are_refused_and_the_identical_one_is_reused() {
        let today = d("2026-03-02");
        let existing = vec![absence("Dana", "2026-03-09", "2026-03-13", &["Lena"])];
        let covers = vec!["Lena".to_string()];
        let same = check_new(
            "dana",
            d("2026-03-09"),
            d("2026-03-13"),
            &covers,
            today,
            &existing,
        );
        assert_eq!(same.unwrap().map(|a| a.id), Some(1));
        for (from, until) in [("2026-03-13", "2026-03-20"), ("2026-03-01", "2026-03-09")] {
            let e = check_new("Dana", d(from), d(until), &covers, today, &existing);
            assert!(e.unwrap_err().to_string().contains("overlap"), "{from}");
        }
        // The day after, and someone else's absence, do not overlap.
        assert_eq!(
            check_new(
                "Dana",
                d("2026-03-14"),
                d("2026-03-20"),
                &covers,
                today,
                &existing
            )
            .unwrap(),
            None
        );
        assert_eq!(
            check_new(
                "Lena",
                d("2026-03-09"),
                d("2026-03-13"),
                &["Dana".into()],
                today,
                &existing
            )
            .unwrap(),
            None
        );
    }

    #[test]
    fn a_route_to_an_absent_person_goes_to_the_first_cover_with_room_and_the_language() {
        let all = vec![absence(
            "Dana",
            "2026-03-09",
            "2026-03-13",
            &["Sam", "Lena", "Ivo"],
        )];
        let people = [
            cover("Sam", 1, 1, &["en"]),
            cover("Lena", 50, 0, &["de", "en"]),
            cover("Ivo", 50, 0, &["en"]),
        ];
        let desk = |n: &str| people.iter().find(|c| same_person(&c.name, n)).cloned();
        let at = t("2026-03-10T09:00:00Z");
        let to_dana = || Route::Owner {
            name: "Dana".into(),
            why: "Dana owns open case #1 on the account".into(),
        };
        let owner = |r: Route| match r {
            Route::Owner { name, .. } => name,
            Route::Queue(q) => q,
        };
        // Sam is full: the first with room (Lena), and the German speaker for German.
        assert_eq!(owner(redirect(to_dana(), &all, at, None, desk)), "Lena");
        assert_eq!(
            owner(redirect(to_dana(), &all, at, Some("de"), desk)),
            "Lena"
        );
        // Nobody speaks French: the first with room.
        assert_eq!(
            owner(redirect(to_dana(), &all, at, Some("fr"), desk)),
            "Lena"
        );
        // Before and after the absence, and for someone else: unchanged.
        assert_eq!(
            redirect(to_dana(), &all, t("2026-03-14T00:00:00Z"), None, desk),
            to_dana()
        );
        let q = Route::Queue("AMER".into());
        assert_eq!(redirect(q.clone(), &all, at, None, desk), q);
        // pooled: Dana's own pool goes to the cover.
        assert_eq!(
            owner(redirect(Route::Queue("dana".into()), &all, at, None, desk)),
            "Lena"
        );
        // Everybody full: the first cover still (a routed case is Open, not In Progress).
        let full = [cover("Sam", 1, 1, &["en"])];
        let desk_full = |n: &str| full.iter().find(|c| same_person(&c.name, n)).cloned();
        assert_eq!(owner(redirect(to_dana(), &all, at, None, desk_full)), "Sam");
        assert_eq!(reply_recipient("Dana", &all, at, None, desk), "Lena");
        assert_eq!(reply_recipient("Ivo", &all, at, None, desk), "Ivo");
    }

    #[test]
    fn a_cover_who_is_away_themself_is_skipped() {
        let all = vec![
            absence("Dana", "2026-03-09", "2026-03-13", &["Lena", "Ivo"]),
            absence("Lena", "2026-03-10", "2026-03-10", &["Ivo"]),
        ];
        let people = [cover("Lena", 50, 0, &["en"]), cover("Ivo", 50, 0, &["en"])];
        let desk = |n: &str| people.iter().find(|c| same_person(&c.name, n)).cloned();
        let r = redirect(
            Route::Owner {
                name: "Dana".into(),
                why: String::new(),
            },
            &all,
            t("2026-03-10T09:00:00Z"),
            None,
            desk,
        );
        assert!(matches!(r, Route::Owner { name, .. } if name == "Ivo"));
    }

    #[test]
    fn the_plan_keeps_accounts_together_and_says_why_a_case_is_left() {
        let cases = [
            pc(1, Some("A1"), Some("de")),
            pc(2, Some("A1"), None),
            pc(3, Some("A2"), Some("fr")),
            pc(4, None, None),
            pc(5, Some("A3"), None),
            pc(6, Some("A3"), None),
            pc(7, Some("A3"), None),
        ];
        let covers = [
            cover("Lena", 3, 0, &["de", "en"]),
            cover("Ivo", 2, 1, &["en"]),
        ];
        let p = plan(&cases, &covers);
        let to: Vec<(i64, &str)> = p.moves.iter().map(|m| (m.case_id, m.to.as_str())).collect();
        // A3 (3 cases) first: only Lena has room for 3; A1 needs German: nobody left with
        // room for 2 who speaks it; case 4 goes to Ivo.
        assert_eq!(to, [(4, "Ivo"), (5, "Lena"), (6, "Lena"), (7, "Lena")]);
        let left: Vec<i64> = p.unplaced.iter().map(|u| u.case_id).collect();
        assert_eq!(left, [1, 2, 3]);
        assert!(
            p.unplaced[0]
                .why
                .contains("no cover speaking de has room for 2"),
            "{:?}",
            p.unplaced[0]
        );
        assert!(p.unplaced[0].why.contains("Lena holds 3 of 3"));
        assert!(p.unplaced[2].why.contains("no cover speaks fr"));
    }

    #[test]
    fn the_plan_spreads_the_load() {
        let cases: Vec<PlanCase> = (1..=4).map(|i| pc(i, None, None)).collect();
        let covers = [cover("A", 10, 0, &["en"]), cover("B", 10, 0, &["en"])];
        let p = plan(&cases, &covers);
        let to_a = p.moves.iter().filter(|m| m.to == "A").count();
        assert_eq!((to_a, p.moves.len()), (2, 4));
    }

    fn arb_cases() -> impl Strategy<Value = Vec<PlanCase>> {
        prop::collection::vec(
            (
                prop::option::of(0u8..6),
                prop::option::of(prop::sample::select(vec!["en", "de", "fr"])),
            ),
            0..40,
        )
        .prop_map(|v| {
            v.into_iter()
                .enumerate()
                .map(|(i, (acc, lang))| PlanCase {
                    id: i as i64 + 1,
                    account_id: acc.map(|a| format!("A{a}")),
                    language: lang.map(str::to_string),
                })
                .collect()
        })
    }

    fn arb_covers() -> impl Strategy<Value = Vec<Cover>> {
        prop::collection::vec(
            (
                0u32..12,
                0u32..12,
                prop::sample::subsequence(vec!["en", "de", "fr"], 0..=3),
            ),
            0..4,
        )
        .prop_map(|v| {
            v.into_iter()
                .enumerate()
                .map(|(i, (cap, load, langs))| Cover {
                    name: format!("C{i}"),
                    capacity: cap,
                    load,
                    languages: langs.into_iter().map(str::to_string).collect(),
                })
                .collect()
        })
    }

    proptest! {
        /// SPEC §11.5: the plan never puts a cover over capacity (nor adds to one already at
        /// or over it), never splits an account across owners, never gives a case to a cover
        /// lacking its known language, and places or explains every case exactly once.
        #[test]
        fn the_plan_respects_capacity_accounts_and_languages(
            cases in arb_cases(),
            covers in arb_covers(),
        ) {
            let p = plan(&cases, &covers);
            for c in &covers {
                let added = p.moves.iter().filter(|m| m.to == c.name).count() as u32;
                prop_assert!(added == 0 || c.load + added <= c.capacity,
                    "{} holds {} + {added} > {}", c.name, c.load, c.capacity);
            }
            let mut owner_of: BTreeMap<&str, &str> = BTreeMap::new();
            for m in &p.moves {
                if let Some(acc) = m.account_id.as_deref() {
                    let first = *owner_of.entry(acc).or_insert(m.to.as_str());
                    prop_assert_eq!(first, m.to.as_str(), "account {} split", acc);
                }
                let case = cases.iter().find(|c| c.id == m.case_id).unwrap();
                if let Some(l) = &case.language {
                    let to = covers.iter().find(|c| c.name == m.to).unwrap();
                    prop_assert!(to.speaks(l), "case {} ({l}) to {}", case.id, to.name);
                }
            }
            // An account is wholly placed or wholly left.
            for u in &p.unplaced {
                if let Some(acc) = u.account_id.as_deref() {
                    prop_assert!(!owner_of.contains_key(acc), "account {} half placed", acc);
                }
                prop_assert!(!u.why.is_empty());
            }
            let mut ids: Vec<i64> = p.moves.iter().map(|m| m.case_id)
                .chain(p.unplaced.iter().map(|u| u.case_id)).collect();
            ids.sort_unstable();
            let mut want: Vec<i64> = cases.iter().map(|c| c.id).collect();
            want.sort_unstable();
            prop_assert_eq!(ids, want);
        }
    }
}
