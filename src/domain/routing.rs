//! Where a new case goes (SPEC §3.3).

use super::account::{Account, Opportunity};
use super::case::BOTH_QUEUES;
use super::model::{Model, Region, Settings};

/// The pooled AMER account and opportunity owner; not a person.
pub const POOLED_SALES_USER: &str = "Pooled Sales User";

/// Where a new case goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// Assigned to a person, with why (it does not enter a queue).
    Owner { name: String, why: String },
    /// Into a queue.
    Queue(String),
}

/// The queue of an account's cases (SPEC §1.2): digital AMER+APAC → `AMER`, EMEA → `EMEA`;
/// pooled AMER → `AMER`, EMEA → the owning AE's own pool. No account: both AMER and EMEA.
pub fn queue_for(settings: &Settings, account: Option<&Account>) -> String {
    let Some(a) = account else {
        return BOTH_QUEUES.to_string();
    };
    match settings.model {
        Model::Digital => a.region.digital_queue().to_string(),
        Model::Pooled => match a.region {
            // (decision) the pooled playbook has no APAC pool: APAC joins AMER.
            Region::Amer | Region::Apac => "AMER".to_string(),
            Region::Emea => a
                .owner
                .as_deref()
                .filter(|o| !is_generic_owner(o))
                .unwrap_or("EMEA")
                .to_string(),
        },
    }
}

/// The queue a case returns to (a deferral, an account attached): its account's queue, for
/// good once an account is attached (SPEC §3.3 item 4 decision); a case without an account
/// keeps the queue it had, else both AMER and EMEA.
pub fn return_queue(
    settings: &Settings,
    account: Option<&Account>,
    current: Option<&str>,
) -> String {
    match (account, current) {
        (Some(_), _) => queue_for(settings, account),
        (None, Some(q)) if !q.is_empty() => q.to_string(),
        (None, _) => BOTH_QUEUES.to_string(),
    }
}

/// Generic users (queue owners) are not people a case can be assigned to.
pub fn is_generic_owner(name: &str) -> bool {
    let n = name.trim();
    n.is_empty()
        || n.eq_ignore_ascii_case(POOLED_SALES_USER)
        || n.to_ascii_lowercase().contains("smb sales user")
        || n.to_ascii_lowercase().starts_with("pooled user")
}

/// pooled: the AE owning an active (open) Upgrade opportunity on the account, if any.
pub fn upgrade_opp_owner(opps: &[Opportunity]) -> Option<&str> {
    opps.iter()
        .filter(|o| o.is_open() && o.is_upgrade())
        .filter_map(|o| o.owner.as_deref())
        .find(|o| !is_generic_owner(o))
}

/// SPEC §3.3: the owner of an open case on the account first; pooled, the AE of an active
/// Upgrade opportunity; otherwise the account's queue.
pub fn route(
    settings: &Settings,
    account: Option<&Account>,
    open_case_owner: Option<(&str, i64)>,
    upgrade_owner: Option<&str>,
) -> Route {
    if let Some((name, case_id)) = open_case_owner {
        return Route::Owner {
            name: name.to_string(),
            why: format!("{name} owns open case #{case_id} on the account"),
        };
    }
    if settings.model == Model::Pooled
        && let Some(name) = upgrade_owner
    {
        return Route::Owner {
            name: name.to_string(),
            why: format!("{name} owns an active Upgrade opportunity on the account"),
        };
    }
    Route::Queue(queue_for(settings, account))
}

/// SPEC §1.2: no case is owned by a name no profile answers to. A route to such a name (an
/// Upgrade opportunity's owner as the CRM spells someone without a profile, say) is no route
/// to a person: the case enters its account's queue (`queue`) instead, as rule 3 of §3.3.
pub fn to_a_profile(
    route: Route,
    is_profile: impl Fn(&str) -> bool,
    queue: impl FnOnce() -> String,
) -> Route {
    match route {
        Route::Owner { ref name, .. } if !is_profile(name) => Route::Queue(queue()),
        r => r,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Cents;

    fn acct(region: Region, owner: Option<&str>) -> Account {
        let mut a = Account::new("A1", "Acme", region, Cents(100_000));
        a.owner = owner.map(str::to_string);
        a
    }

    #[test]
    fn an_attached_account_is_for_good() {
        let s = Settings::new(Model::Digital);
        let emea = acct(Region::Emea, None);
        assert_eq!(return_queue(&s, Some(&emea), Some(BOTH_QUEUES)), "EMEA");
        assert_eq!(return_queue(&s, None, Some(BOTH_QUEUES)), BOTH_QUEUES);
        assert_eq!(return_queue(&s, None, None), BOTH_QUEUES);
    }

    #[test]
    fn digital_queues() {
        let s = Settings::new(Model::Digital);
        assert_eq!(queue_for(&s, Some(&acct(Region::Apac, None))), "AMER");
        assert_eq!(queue_for(&s, Some(&acct(Region::Emea, None))), "EMEA");
        assert_eq!(queue_for(&s, None), "AMER,EMEA");
    }

    #[test]
    fn pooled_emea_goes_to_the_owners_pool() {
        let s = Settings::new(Model::Pooled);
        assert_eq!(
            queue_for(&s, Some(&acct(Region::Emea, Some("Lena Fischer")))),
            "Lena Fischer"
        );
        assert_eq!(
            queue_for(&s, Some(&acct(Region::Amer, Some(POOLED_SALES_USER)))),
            "AMER"
        );
    }

    #[test]
    fn a_route_to_a_name_without_a_profile_enters_the_queue() {
        let to = |name: &str| Route::Owner {
            name: name.into(),
            why: "owns an active Upgrade opportunity on the account".into(),
        };
        let profiles = |n: &str| n == "Maya";
        assert_eq!(
            to_a_profile(to("Ghost"), profiles, || "AMER".into()),
            Route::Queue("AMER".into())
        );
        assert_eq!(
            to_a_profile(to("Maya"), profiles, || "AMER".into()),
            to("Maya")
        );
        assert_eq!(
            to_a_profile(Route::Queue("EMEA".into()), profiles, || "AMER".into()),
            Route::Queue("EMEA".into())
        );
    }

    #[test]
    fn open_case_owner_wins_then_upgrade_owner() {
        let s = Settings::new(Model::Pooled);
        let a = acct(Region::Amer, None);
        assert!(matches!(
            route(&s, Some(&a), Some(("Dana", 7)), Some("Maya")),
            Route::Owner { name, .. } if name == "Dana"
        ));
        assert!(matches!(
            route(&s, Some(&a), None, Some("Maya")),
            Route::Owner { name, .. } if name == "Maya"
        ));
        assert_eq!(route(&s, Some(&a), None, None), Route::Queue("AMER".into()));
        // digital ignores upgrade opportunities
        let d = Settings::new(Model::Digital);
        assert_eq!(
            route(&d, Some(&a), None, Some("Maya")),
            Route::Queue("AMER".into())
        );
    }
}
