//! Opportunities worked from a case (SPEC §11.1), pure: the types an advocate creates, the
//! stages, who may change one, the pooled Upgrade cap, what each change writes into the linked
//! case's history, and the Required 10 opportunity gaps. The store applies what is decided here.

use chrono::{DateTime, NaiveDate, Utc};

use super::account::{Account, Opportunity, stage_is_closed};
use super::case::{Case, HistoryEntry};
use super::change::CaseChange;
use super::model::{Model, Region};
use super::money::Cents;
use super::people::{Actor, Role, same_person};
use crate::{Error, Result};

/// The types an advocate creates from a case (`--type`), stored as the CRM spells them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OppType {
    AddOn,
    Growth,
    Upgrade,
}

impl OppType {
    pub const ALL: [OppType; 3] = [OppType::AddOn, OppType::Growth, OppType::Upgrade];

    /// The word on the command line.
    pub fn cli_name(self) -> &'static str {
        match self {
            OppType::AddOn => "add-on",
            OppType::Growth => "growth",
            OppType::Upgrade => "upgrade",
        }
    }

    /// The type as the CRM's export spells it (the fixtures' `Add-On Business`).
    pub fn crm_name(self) -> &'static str {
        match self {
            OppType::AddOn => "Add-On Business",
            OppType::Growth => "Growth",
            OppType::Upgrade => "Upgrade",
        }
    }

    /// `add-on`, `growth`, `upgrade` (ignoring case, spaces, `-` and `_`), or exit 2 with the
    /// nearest.
    pub fn parse(s: &str) -> Result<OppType> {
        let k = squash(s);
        OppType::ALL
            .into_iter()
            .find(|t| squash(t.cli_name()) == k || squash(t.crm_name()) == k)
            .ok_or_else(|| {
                let names: Vec<&str> = OppType::ALL.iter().map(|t| t.cli_name()).collect();
                unknown("opportunity type", s, &names)
            })
    }
}

/// The CRM's stages, in order (the fixtures' spelling). A stage typed on the command line is
/// one of these, by its name, its name without the number (`discovery`) or its number (`1`);
/// `won` and `lost` are the closed ones.
pub const STAGES: [&str; 10] = [
    "0-Pending Acceptance",
    "1-Discovery",
    "2-Scoping",
    "3-Technical Evaluation",
    "4-Proposal",
    "5-Negotiating",
    "6-Awaiting Signature",
    "7-Closing",
    WON,
    LOST,
];

/// The stage of an opportunity smb creates.
pub const NEW_STAGE: &str = "0-Pending Acceptance";
pub const WON: &str = "Closed Won";
pub const LOST: &str = "Closed Lost";

/// Days from today to a new opportunity's close date when `--close-date` is not given.
pub const DEFAULT_CLOSE_DAYS: i64 = 30;

/// A stage as people type it, or exit 2 with the nearest.
pub fn parse_stage(s: &str) -> Result<&'static str> {
    let k = squash(s);
    let found = STAGES.into_iter().find(|st| {
        let name = st.trim_start_matches(|c: char| c.is_ascii_digit());
        let number = &st[..st.len() - name.len()];
        squash(st) == k || squash(name) == k || (!number.is_empty() && number == k)
    });
    match (found, k.as_str()) {
        (Some(st), _) => Ok(st),
        (None, "won") => Ok(WON),
        (None, "lost") => Ok(LOST),
        _ => Err(unknown("stage", s, &STAGES)),
    }
}

/// Closed Won: a closed stage that says won (SPEC §3: `Closed Won`, `won`, `8-Closed Won`).
pub fn is_won(stage: &str) -> bool {
    stage_is_closed(stage) && stage.to_ascii_lowercase().contains("won")
}

/// Renewal risk as typed: any text but an empty one.
pub fn parse_renewal_risk(s: &str) -> Result<String> {
    let t = s.trim();
    if t.is_empty() {
        return Err(Error::invalid(
            "--renewal-risk is empty: give the risk category, e.g. \"Will Churn\" or \"Low\"",
        ));
    }
    Ok(t.to_string())
}

/// The largest amount an input may carry (SPEC §8: $1,000,000,000,000).
const MAX_AMOUNT: Cents = Cents(100_000_000_000_000);

/// `--amount` as money is written (`12345.67`, `$12,345.67`, `USD 12,345.67`), not negative,
/// at most $1,000,000,000,000; else exit 2.
pub fn parse_amount(s: &str) -> Result<Cents> {
    match Cents::parse(s) {
        Some(c) if c.0 >= 0 && c <= MAX_AMOUNT => Ok(c),
        _ => Err(Error::invalid(format!(
            "--amount {s:?} is not an amount of money: expected e.g. 1200, 1200.50 or $1,200.50 (not negative, at most $1,000,000,000,000)"
        ))),
    }
}

fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_'))
        .flat_map(char::to_lowercase)
        .collect()
}

fn unknown(kind: &str, given: &str, known: &[&str]) -> Error {
    let near = super::near::near(given, known);
    let hint = if near.is_empty() {
        format!("expected one of {}", known.join(", "))
    } else {
        format!(
            "did you mean {}? expected one of {}",
            near.join(" or "),
            known.join(", ")
        )
    };
    Error::invalid(format!("unknown {kind} {given:?}: {hint}"))
}

/// What smb knows of an opportunity beyond the CRM's columns.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OpportunityWork {
    /// The case it is linked to: the case it was created from, else the newest case whose
    /// `opportunity_id` names it.
    pub case_id: Option<i64>,
    /// An Add-On's source: the account's most recent Closed Won renewal.
    pub source_id: Option<String>,
    /// Required 10 "Account: GitLab Admin added", recorded on the opportunity.
    pub admin_added: Option<bool>,
    /// Who created it in smb (`None`: it came from the CRM).
    pub created_by: Option<String>,
    pub created_at: Option<DateTime<Utc>>,
    /// The export mark: when smb last changed it; cleared by an import that carries it.
    pub changed_at: Option<DateTime<Utc>>,
}

/// The prefix of the ids smb gives the opportunities it creates: `SMB-OPP-1`, `SMB-OPP-2`, …
/// A CRM id never has it (Salesforce ids are 15 or 18 letters and digits, no `-`), and the
/// store skips any number a stored id already has.
pub const ID_PREFIX: &str = "SMB-OPP-";

/// The id of the `n`th opportunity smb creates.
pub fn smb_id(n: i64) -> String {
    format!("{ID_PREFIX}{n}")
}

/// The start an unknown opportunity id's neighbours share with it ("did you mean"): its first
/// three characters, fewer for a short id (half of it, at least one).
pub fn id_prefix_for_near(id: &str) -> String {
    let id = id.trim();
    let n = (id.chars().count() / 2).clamp(1, 3);
    id.chars().take(n).collect()
}

/// What `smb opp new` was asked.
#[derive(Debug, Clone)]
pub struct NewOpp<'a> {
    pub kind: OppType,
    pub name: Option<&'a str>,
    pub amount: Option<Cents>,
    pub close_date: Option<NaiveDate>,
}

/// Who creates it: their profile's name, region and role.
#[derive(Debug, Clone, Copy)]
pub struct Creator<'a> {
    pub name: &'a str,
    pub region: Region,
}

/// SPEC §4.2, §11.1 (decision): a pooled AMER AE owns at most `cap` active (open) Upgrade
/// opportunities; one more is refused with the ones they own listed. `owned` is everything the
/// AE owns.
pub fn check_upgrade_cap(
    model: Model,
    owner: Creator<'_>,
    owned: &[Opportunity],
    cap: u32,
) -> Result<()> {
    if model != Model::Pooled || owner.region != Region::Amer {
        return Ok(());
    }
    let active: Vec<&Opportunity> = owned
        .iter()
        .filter(|o| o.is_open() && o.is_upgrade())
        .collect();
    if active.len() < cap as usize {
        return Ok(());
    }
    let list: Vec<String> = active
        .iter()
        .map(|o| {
            format!(
                "{} ({}, {}, closes {})",
                o.id,
                o.account_id,
                o.name.as_deref().unwrap_or(&o.kind),
                o.close_date
            )
        })
        .collect();
    Err(Error::refused(format!(
        "{} already owns {} active Upgrade opportunities, the most an AMER pooled AE may own ({cap}); nothing was changed. Close one first (`smb opp close ID --won|--lost`): {}",
        owner.name,
        active.len(),
        list.join("; ")
    )))
}

/// The account's most recent Closed Won renewal (by close date, then id): an Add-On's source.
pub fn add_on_source(opps: &[Opportunity]) -> Option<&Opportunity> {
    opps.iter()
        .filter(|o| o.is_renewal() && is_won(&o.stage))
        .max_by(|a, b| (a.close_date, &a.id).cmp(&(b.close_date, &b.id)))
}

/// SPEC §11.1: the opportunity `smb opp new` creates from `case` on `account` (its id is
/// given by the store), what smb records of it, and the case's change (history entries; the
/// case's `opportunity_id` when it had none). `account_opps`: the account's opportunities;
/// `owned`: the creator's.
#[allow(clippy::too_many_arguments)]
pub fn decide_new(
    case: &Case,
    account: &Account,
    ask: &NewOpp<'_>,
    creator: Creator<'_>,
    model: Model,
    account_opps: &[Opportunity],
    owned: &[Opportunity],
    cap: u32,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<(Opportunity, OpportunityWork)> {
    if case.status.is_closed() {
        return Err(Error::refused(format!(
            "{} is closed ({}); opportunities are created from open cases. Open a new case with `smb case new` if there is more to do",
            case.label(),
            case.status
        )));
    }
    if case.account_id.as_deref() != Some(account.id.as_str()) {
        return Err(Error::invalid(format!(
            "opportunity of another account: {} is on {}, not {}",
            case.label(),
            case.account_id.as_deref().unwrap_or("no account"),
            account.id
        )));
    }
    let source = match ask.kind {
        OppType::AddOn => Some(add_on_source(account_opps).ok_or_else(|| {
            Error::refused(format!(
                "an Add-On is created from the account's prior Closed Won renewal, and {} has none; create a Growth opportunity instead (`--type growth`)",
                account.id
            ))
        })?),
        _ => None,
    };
    if ask.kind == OppType::Upgrade {
        check_upgrade_cap(model, creator, owned, cap)?;
    }
    let name = match (ask.name.map(str::trim).filter(|n| !n.is_empty()), ask.kind) {
        (Some(n), _) => n.to_string(),
        (None, OppType::Upgrade) if model == Model::Pooled => "Ultimate Upgrade".to_string(),
        (None, OppType::AddOn) => format!("{} - Add-On", account.name),
        (None, OppType::Growth) => format!("{} - Growth", account.name),
        (None, OppType::Upgrade) => format!("{} - Upgrade", account.name),
    };
    let close_date = ask
        .close_date
        .unwrap_or(today + chrono::Duration::days(DEFAULT_CLOSE_DAYS));
    let mut o = Opportunity::new("", &account.id, ask.kind.crm_name(), NEW_STAGE, close_date);
    o.name = Some(name);
    o.amount = ask.amount;
    o.owner = Some(creator.name.to_string());
    let work = OpportunityWork {
        case_id: Some(case.id),
        source_id: source.map(|s| s.id.clone()),
        admin_added: None,
        created_by: Some(creator.name.to_string()),
        created_at: Some(now),
        changed_at: Some(now),
    };
    Ok((o, work))
}

/// The case's change when opportunity `o` (with its id) was created from it: a history entry,
/// and the case's `opportunity_id` when it had none (an opportunity already linked stays).
pub fn creation_change(
    case: &Case,
    o: &Opportunity,
    work: &OpportunityWork,
    actor: &str,
    now: DateTime<Utc>,
) -> CaseChange {
    let mut after = case.clone();
    let mut note = format!(
        "{} {} {:?}",
        o.kind,
        o.id,
        o.name.as_deref().unwrap_or_default()
    );
    if let Some(s) = &work.source_id {
        note.push_str(&format!(", from Closed Won renewal {s}"));
    }
    let mut history = vec![
        HistoryEntry::new(now, actor, "opportunity")
            .change("created", None, Some(o.id.clone()))
            .note(note),
    ];
    if case.opportunity_id.is_none() {
        after.opportunity_id = Some(o.id.clone());
        history.push(HistoryEntry::new(now, actor, "updated").change(
            "opportunity_id",
            None,
            Some(o.id.clone()),
        ));
    }
    let mut ch = CaseChange::new(case, after, now);
    ch.history = history;
    ch
}

/// SPEC §11.1: who changes an opportunity: the owner of its linked case, its own owner, or a
/// manager. Staff and names with no profile read only.
pub fn may_change(
    actor: Actor<'_>,
    opp: &Opportunity,
    case_owner: Option<&str>,
    doing: &str,
) -> Result<()> {
    let owns = |o: Option<&str>| o.is_some_and(|o| same_person(o, actor.name));
    match actor.role {
        Some(Role::Manager) => Ok(()),
        Some(Role::Advocate) if owns(opp.owner.as_deref()) || owns(case_owner) => Ok(()),
        Some(Role::Advocate) => Err(Error::refused(format!(
            "only the owner of its case ({}), its owner ({}) or a manager may {doing} opportunity {}",
            case_owner.unwrap_or("nobody"),
            opp.owner.as_deref().unwrap_or("nobody"),
            opp.id
        ))),
        Some(Role::Staff) | None => Err(Error::refused(format!(
            "{:?} {} may read opportunities, not {doing} them: the case's owner, the opportunity's owner or a manager does that",
            actor.name,
            if actor.role.is_some() {
                "is staff and"
            } else {
                "has no profile, so counts as staff:"
            }
        ))),
    }
}

/// What `smb opp update` (or `opp close`, `close --opp`) asks to change.
#[derive(Debug, Clone, Default)]
pub struct Edits {
    pub close_date: Option<NaiveDate>,
    pub renewal_risk: Option<String>,
    pub stage: Option<&'static str>,
    pub amount: Option<Cents>,
    pub admin_added: Option<bool>,
}

/// The opportunity and its work after `edits`, and one history entry per field that changed
/// (for the linked case). Reopening a closed Upgrade counts against the cap like a new one:
/// `reopen_cap` checks it (pooled AMER).
pub fn decide_update(
    before: &Opportunity,
    work: &OpportunityWork,
    edits: &Edits,
    actor: &str,
    now: DateTime<Utc>,
    reopen_cap: impl FnOnce() -> Result<()>,
) -> Result<(Opportunity, OpportunityWork, Vec<HistoryEntry>)> {
    let mut o = before.clone();
    let mut w = work.clone();
    if let Some(d) = edits.close_date {
        o.close_date = d;
    }
    if let Some(r) = &edits.renewal_risk {
        o.renewal_risk = Some(r.clone());
    }
    if let Some(s) = edits.stage {
        o.stage = s.to_string();
    }
    if let Some(a) = edits.amount {
        o.amount = Some(a);
    }
    if let Some(a) = edits.admin_added {
        w.admin_added = Some(a);
    }
    if !before.is_open() && o.is_open() && o.is_upgrade() {
        reopen_cap()?;
    }
    let yes_no = |b: Option<bool>| b.map(|b| if b { "yes" } else { "no" }.to_string());
    let changes = [
        (
            "close_date",
            Some(before.close_date.to_string()),
            Some(o.close_date.to_string()),
        ),
        (
            "renewal_risk",
            before.renewal_risk.clone(),
            o.renewal_risk.clone(),
        ),
        ("stage", Some(before.stage.clone()), Some(o.stage.clone())),
        (
            "amount",
            before.amount.map(Cents::decimal),
            o.amount.map(Cents::decimal),
        ),
        (
            "admin_added",
            yes_no(work.admin_added),
            yes_no(w.admin_added),
        ),
    ];
    let mut history = Vec::new();
    for (field, b, a) in changes {
        if b != a {
            history.push(
                HistoryEntry::new(now, actor, "opportunity")
                    .change(field, b, a)
                    .note(format!("opportunity {}", o.id)),
            );
        }
    }
    if !history.is_empty() {
        w.changed_at = Some(now);
    }
    Ok((o, w, history))
}

/// The Required 10 opportunity gaps (SPEC §11.1) of a case and a linked opportunity on `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OppGap {
    /// An open opportunity linked to an open case whose close date has passed.
    CloseDatePassed,
    /// A renewal opportunity linked to an open case without a renewal risk.
    NoRenewalRisk,
    /// A Closed Won opportunity whose account has no GitLab admin added.
    NoGitlabAdmin,
}

impl OppGap {
    /// The stable key scripts see (`report hygiene`'s `gap`).
    pub fn key(self) -> &'static str {
        match self {
            OppGap::CloseDatePassed => "opportunity_close_date_passed",
            OppGap::NoRenewalRisk => "opportunity_no_renewal_risk",
            OppGap::NoGitlabAdmin => "opportunity_no_gitlab_admin",
        }
    }
}

/// The gaps of `case` and its linked `opp` on `today`; `account_has_admin`: some opportunity
/// of the account records a GitLab admin added.
pub fn opportunity_gaps(
    case: &Case,
    opp: &Opportunity,
    account_has_admin: bool,
    today: NaiveDate,
) -> Vec<OppGap> {
    let mut gaps = Vec::new();
    let case_open = !case.status.is_closed();
    if case_open && opp.is_open() && opp.close_date < today {
        gaps.push(OppGap::CloseDatePassed);
    }
    if case_open
        && opp.is_renewal()
        && opp
            .renewal_risk
            .as_deref()
            .is_none_or(|r| r.trim().is_empty())
    {
        gaps.push(OppGap::NoRenewalRisk);
    }
    if is_won(&opp.stage) && !account_has_admin {
        gaps.push(OppGap::NoGitlabAdmin);
    }
    gaps
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opp(id: &str, kind: &str, stage: &str, close: &str) -> Opportunity {
        Opportunity::new(id, "ACC-1", kind, stage, close.parse().unwrap())
    }

    #[test]
    fn stages_are_read_by_name_word_or_number_and_nonsense_is_refused() {
        assert_eq!(parse_stage("1-discovery").unwrap(), "1-Discovery");
        assert_eq!(parse_stage("discovery").unwrap(), "1-Discovery");
        assert_eq!(parse_stage("4").unwrap(), "4-Proposal");
        assert_eq!(parse_stage("closed won").unwrap(), WON);
        assert_eq!(parse_stage("lost").unwrap(), LOST);
        let e = parse_stage("discovry").unwrap_err().to_string();
        assert!(e.contains("did you mean 1-Discovery"), "{e}");
        assert!(parse_stage("11").is_err());
    }

    #[test]
    fn types_are_the_three_an_advocate_creates() {
        assert_eq!(OppType::parse("Add-On").unwrap(), OppType::AddOn);
        assert_eq!(OppType::parse("add on business").unwrap(), OppType::AddOn);
        assert_eq!(OppType::parse("UPGRADE").unwrap(), OppType::Upgrade);
        assert!(OppType::parse("renewal").is_err());
    }

    #[test]
    fn amounts_are_money_not_negative_and_bounded() {
        assert_eq!(parse_amount("$1,200.50").unwrap(), Cents(120_050));
        assert!(parse_amount("-5").is_err());
        assert!(parse_amount("12.345").is_err());
        assert_eq!(
            parse_amount("1000000000000").unwrap(),
            Cents(100_000_000_000_000)
        );
        assert!(parse_amount("1000000000000.01").is_err());
    }

    #[test]
    fn the_add_on_source_is_the_latest_closed_won_renewal() {
        let opps = [
            opp("A", "Renewal", "Closed Won", "2025-01-01"),
            opp("B", "Renewal", "Closed Won", "2025-06-01"),
            opp("C", "Renewal", "1-Discovery", "2026-06-01"),
            opp("D", "Growth", "Closed Won", "2025-09-01"),
            opp("E", "Renewal", "Closed Lost", "2025-12-01"),
        ];
        assert_eq!(add_on_source(&opps).unwrap().id, "B");
        assert!(add_on_source(&opps[2..]).is_none());
    }

    #[test]
    fn the_upgrade_cap_refuses_the_sixteenth_not_the_fifteenth() {
        let ae = Creator {
            name: "Pat",
            region: Region::Amer,
        };
        let mut owned: Vec<Opportunity> = (0..14)
            .map(|i| opp(&format!("U{i}"), "Upgrade", "1-Discovery", "2026-06-01"))
            .collect();
        owned.push(opp("L", "Upgrade", "Closed Lost", "2026-06-01"));
        assert!(check_upgrade_cap(Model::Pooled, ae, &owned, 15).is_ok());
        owned.push(opp("U14", "Upgrade", "2-Scoping", "2026-06-01"));
        let e = check_upgrade_cap(Model::Pooled, ae, &owned, 15)
            .unwrap_err()
            .to_string();
        assert!(e.contains("15 active Upgrade") && e.contains("U14") && !e.contains("L ("));
        let emea = Creator {
            name: "Pat",
            region: Region::Emea,
        };
        assert!(check_upgrade_cap(Model::Pooled, emea, &owned, 15).is_ok());
        assert!(check_upgrade_cap(Model::Digital, ae, &owned, 15).is_ok());
    }

    #[test]
    fn won_is_a_closed_stage_that_says_won() {
        assert!(is_won("Closed Won") && is_won("8-Closed Won") && is_won("won"));
        assert!(!is_won("Closed Lost") && !is_won("1-Discovery"));
    }
}
