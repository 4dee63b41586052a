//! People are their profiles (SPEC §1.2 decision), pure: a name from anywhere (an export's
//! `owner` column, `--as`, `--to`, `--owner`, `--queue`) matches a profile ignoring case and
//! surrounding spaces, and is stored with the profile's spelling; a name that matches nobody
//! gets the nearest names for its error.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::model::Region;
use crate::{Error, Result};

/// A person's profile (`smb advocate add`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Advocate {
    pub name: String,
    pub region: Region,
    pub languages: Vec<String>,
    pub role: Role,
    /// In Progress cases they may hold (digital default 50).
    pub capacity: u32,
    pub created_at: DateTime<Utc>,
}

/// What a person does on the team (SPEC §4.3 decision).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Picks cases from the queue and works them (digital advocate, pooled AE).
    Advocate,
    /// Reassigns, changes any case, reads reports.
    Manager,
    /// Other departments (Support, SDRs, Billing, Partners): create cases and read.
    Staff,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Advocate => "advocate",
            Role::Manager => "manager",
            Role::Staff => "staff",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s.trim().to_ascii_lowercase().as_str() {
            "advocate" | "ae" => Some(Role::Advocate),
            "manager" => Some(Role::Manager),
            "staff" => Some(Role::Staff),
            _ => None,
        }
    }
}

/// The acting person as the rules see them: their profile's name and role, or a name no
/// profile answers to (who counts as staff).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor<'a> {
    pub name: &'a str,
    /// `None`: no profile.
    pub role: Option<Role>,
}

/// SPEC §4.3 (decision): may `actor` change (update, log, defer, close, reassign) a case
/// owned by `owner`? Its owner and managers may; an advocate may change a case nobody owns
/// (one waiting in a queue, e.g. to attach an unknown sender's account); staff and names
/// without a profile only create and read. `Err` says why not and what to do instead.
pub fn may_change(actor: Actor<'_>, owner: Option<&str>, doing: &str) -> Result<()> {
    let mine = owner.is_some_and(|o| same_person(o, actor.name));
    match (actor.role, owner) {
        (Some(Role::Manager), _) => Ok(()),
        (Some(_), Some(_)) if mine => Ok(()),
        (Some(Role::Advocate), None) => Ok(()),
        (Some(Role::Advocate), Some(o)) => Err(Error::refused(format!(
            "only its owner ({o}) or a manager may {doing} this case; to cover for {o} (PTO), take it first with `smb case assign ID --to \"{}\" --reason pto` (recorded in its history)",
            actor.name
        ))),
        (Some(Role::Staff), _) | (None, _) => Err(Error::refused(format!(
            "{:?} {} may create cases and read, not {doing} them: the case's owner or a manager does that",
            actor.name,
            if actor.role.is_some() {
                "is staff and"
            } else {
                "has no profile, so counts as staff:"
            }
        ))),
    }
}

/// SPEC §4.3 (decision): may `actor` hand a case owned by `owner` to `to`? A manager and the
/// owner may hand it to anyone; an advocate takes over someone else's case only by assigning
/// it to themself with a reason (`pto`, `language`, `other`: the seed's PTO cover).
pub fn may_assign(
    actor: Actor<'_>,
    owner: Option<&str>,
    to: &str,
    reason: Option<&str>,
) -> Result<()> {
    let to_self = same_person(to, actor.name);
    match actor.role {
        Some(Role::Advocate) if to_self && owner.is_some_and(|o| !same_person(o, actor.name)) => {
            match reason {
                Some(_) => Ok(()),
                None => Err(Error::refused(format!(
                    "taking over {}'s case needs a reason: `--reason pto|language|other` (recorded in its history)",
                    owner.unwrap_or_default()
                ))),
            }
        }
        _ => may_change(actor, owner, "reassign"),
    }
}

/// How names are compared: surrounding spaces dropped, case folded.
pub fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Do `a` and `b` name the same person?
pub fn same_person(a: &str, b: &str) -> bool {
    name_key(a) == name_key(b)
}

/// The profiles' names, to give a name its profile's spelling.
#[derive(Debug, Clone, Default)]
pub struct Profiles {
    by_key: HashMap<String, String>,
}

impl Profiles {
    pub fn new(names: impl IntoIterator<Item = String>) -> Profiles {
        Profiles {
            by_key: names.into_iter().map(|n| (name_key(&n), n)).collect(),
        }
    }

    /// The spelling of the profile `name` designates, if any.
    pub fn spelling(&self, name: &str) -> Option<&str> {
        self.by_key.get(&name_key(name)).map(String::as_str)
    }

    /// `name` as it is stored: the profile's spelling when a profile answers to it, else the
    /// name without surrounding spaces (a generic owner such as `Pooled Sales User`).
    pub fn canonical(&self, name: &str) -> String {
        self.spelling(name)
            .map_or_else(|| name.trim().to_string(), str::to_string)
    }
}

/// The `n` candidates nearest to `name` (edit distance ignoring case; a candidate containing
/// the name, or contained in it, counts as near), nearest first, then alphabetically.
pub fn nearest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    n: usize,
) -> Vec<&'a str> {
    let want = name_key(name);
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .map(|c| {
            let k = name_key(c);
            let d = if !want.is_empty() && (k.contains(&want) || want.contains(&k)) {
                0
            } else {
                edit_distance(&k, &want)
            };
            (d, c)
        })
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(n).map(|(_, c)| c).collect()
}

/// Levenshtein distance in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    strsim::levenshtein(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_profiles_ignoring_case_and_spaces() {
        let p = Profiles::new(["Lena Fischer".to_string(), "Maya".to_string()]);
        assert_eq!(p.spelling(" lena FISCHER "), Some("Lena Fischer"));
        assert_eq!(p.spelling("Lena"), None);
        assert_eq!(p.canonical(" maya "), "Maya");
        assert_eq!(p.canonical(" Pooled Sales User "), "Pooled Sales User");
        assert!(same_person("Dana ", "dana"));
        assert!(!same_person("Dana", "Dan"));
    }

    #[test]
    fn changes_only_by_the_owner_or_a_manager() {
        let who = |name, role| Actor { name, role };
        let adv = Some(Role::Advocate);
        assert!(may_change(who("dana", adv), Some("Dana"), "close").is_ok());
        assert!(may_change(who("Lena", adv), Some("Dana"), "close").is_err());
        assert!(may_change(who("Sam", Some(Role::Manager)), Some("Dana"), "close").is_ok());
        assert!(may_change(who("Lena", adv), None, "update").is_ok());
        let e = may_change(who("Sol", Some(Role::Staff)), None, "update").unwrap_err();
        assert!(e.to_string().contains("staff"), "{e}");
        let e = may_change(who("ghost", None), Some("Dana"), "close").unwrap_err();
        assert!(e.to_string().contains("no profile"), "{e}");
        // the PTO cover takes the case to themself, with a reason
        assert!(may_assign(who("Lena", adv), Some("Dana"), "lena", Some("pto")).is_ok());
        assert!(may_assign(who("Lena", adv), Some("Dana"), "Lena", None).is_err());
        assert!(may_assign(who("Lena", adv), Some("Dana"), "Chris", Some("pto")).is_err());
        assert!(may_assign(who("Dana", adv), Some("Dana"), "Chris", None).is_ok());
        assert!(may_assign(who("Sam", Some(Role::Manager)), Some("Dana"), "Chris", None).is_ok());
        assert!(may_assign(who("ghost", None), Some("Dana"), "ghost", Some("pto")).is_err());
    }

    #[test]
    fn nearest_names_first() {
        let names = ["Lena Fischer", "Maya", "Chris"];
        assert_eq!(nearest("Mya", names, 1), ["Maya"]);
        assert_eq!(nearest("lena", names, 1), ["Lena Fischer"]);
        assert_eq!(nearest("x", names, 3).len(), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
