//! Email templates (SPEC §11.2): the draft of a cadence touch for a case, from a template of
//! the case's trigger, with strict merge fields. Pure: the sources come in as text (the
//! built-in ones are compiled into the binary; a team's own files are read by the command
//! line), the case's facts come in as [`Fields`].
//!
//! A template is a [MiniJinja](https://docs.rs/minijinja) text whose first line is
//! `Subject: …`. Every trigger key has one; each extends `cadence`, the shared layout of the
//! four touches (Day 1 email, Day 3 call notes, Day 5 and Day 7 emails), and fills its blocks.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use chrono::NaiveDate;
use minijinja::{AutoEscape, Environment, ErrorKind, UndefinedBehavior, Value};

use crate::domain::account::{Account, Contact, Opportunity};
use crate::domain::case::Case;
use crate::domain::model::{Model, Region};
use crate::{Error, Result};

/// The layout every trigger template extends.
pub const LAYOUT: &str = "cadence";

/// The file name of a template: `KEY.txt`.
pub const EXTENSION: &str = "txt";

/// The built-in templates: (key, source), the layout first, then every trigger key of both
/// catalogs, then `manual`.
pub static BUILT_IN: &[(&str, &str)] = &[
    ("cadence", include_str!("../templates/cadence.txt")),
    (
        "email_to_case",
        include_str!("../templates/email_to_case.txt"),
    ),
    (
        "contact_sales_request",
        include_str!("../templates/contact_sales_request.txt"),
    ),
    (
        "hand_raise_pql",
        include_str!("../templates/hand_raise_pql.txt"),
    ),
    (
        "support_ticket",
        include_str!("../templates/support_ticket.txt"),
    ),
    ("sdr_created", include_str!("../templates/sdr_created.txt")),
    (
        "auto_renew_off",
        include_str!("../templates/auto_renew_off.txt"),
    ),
    (
        "renewal_payment_failure",
        include_str!("../templates/renewal_payment_failure.txt"),
    ),
    ("fo_opp", include_str!("../templates/fo_opp.txt")),
    (
        "fo_opp_startup",
        include_str!("../templates/fo_opp_startup.txt"),
    ),
    (
        "qsr_payment_failure",
        include_str!("../templates/qsr_payment_failure.txt"),
    ),
    (
        "customer_mql",
        include_str!("../templates/customer_mql.txt"),
    ),
    (
        "duo_trial_started",
        include_str!("../templates/duo_trial_started.txt"),
    ),
    ("po_renewal", include_str!("../templates/po_renewal.txt")),
    ("eoa_renewal", include_str!("../templates/eoa_renewal.txt")),
    (
        "multiyear_renewal",
        include_str!("../templates/multiyear_renewal.txt"),
    ),
    (
        "renewal_will_churn",
        include_str!("../templates/renewal_will_churn.txt"),
    ),
    (
        "auto_renewal_due_to_fail",
        include_str!("../templates/auto_renewal_due_to_fail.txt"),
    ),
    (
        "free_user_limit",
        include_str!("../templates/free_user_limit.txt"),
    ),
    (
        "renewal_with_duo",
        include_str!("../templates/renewal_with_duo.txt"),
    ),
    (
        "missing_renewal_opp",
        include_str!("../templates/missing_renewal_opp.txt"),
    ),
    (
        "high_value_account",
        include_str!("../templates/high_value_account.txt"),
    ),
    (
        "high_value_checkin",
        include_str!("../templates/high_value_checkin.txt"),
    ),
    (
        "future_high_value",
        include_str!("../templates/future_high_value.txt"),
    ),
    (
        "failed_auto_renewal",
        include_str!("../templates/failed_auto_renewal.txt"),
    ),
    ("failed_qsr", include_str!("../templates/failed_qsr.txt")),
    (
        "non_auto_renewal",
        include_str!("../templates/non_auto_renewal.txt"),
    ),
    (
        "past_due_renewal",
        include_str!("../templates/past_due_renewal.txt"),
    ),
    ("new_pte", include_str!("../templates/new_pte.txt")),
    ("new_ptc", include_str!("../templates/new_ptc.txt")),
    ("overage", include_str!("../templates/overage.txt")),
    (
        "underutilization",
        include_str!("../templates/underutilization.txt"),
    ),
    ("manual", include_str!("../templates/manual.txt")),
];

/// The touches of the cadence a draft is for (SPEC §4.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DraftTouch {
    Day1,
    Day3,
    Day5,
    Day7,
}

impl DraftTouch {
    pub const ALL: [DraftTouch; 4] = [
        DraftTouch::Day1,
        DraftTouch::Day3,
        DraftTouch::Day5,
        DraftTouch::Day7,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DraftTouch::Day1 => "day1",
            DraftTouch::Day3 => "day3",
            DraftTouch::Day5 => "day5",
            DraftTouch::Day7 => "day7",
        }
    }

    pub fn parse(s: &str) -> Option<DraftTouch> {
        DraftTouch::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s.trim()))
    }

    /// The touch of cadence day `day` (1, 3, 5, 7).
    pub fn of_day(day: i64) -> Option<DraftTouch> {
        match day {
            1 => Some(DraftTouch::Day1),
            3 => Some(DraftTouch::Day3),
            5 => Some(DraftTouch::Day5),
            7 => Some(DraftTouch::Day7),
            _ => None,
        }
    }

    /// "Day 1 email", "Day 3 call notes".
    pub fn describe(self) -> &'static str {
        match self {
            DraftTouch::Day1 => "Day 1 email",
            DraftTouch::Day3 => "Day 3 call notes",
            DraftTouch::Day5 => "Day 5 email",
            DraftTouch::Day7 => "Day 7 email",
        }
    }
}

/// Every merge field a template may use, with what it holds. A field may have no value for a
/// case (no contact yet, no opportunity): a template that uses it is then refused, naming it.
pub static FIELDS: &[(&str, &str)] = &[
    ("case_id", "the case id"),
    ("case_subject", "the case subject"),
    ("case_description", "the case description"),
    ("trigger", "the trigger key of the case"),
    ("touch", "the touch: day1, day3, day5 or day7"),
    ("model", "digital or pooled"),
    ("contact_name", "the case contact's name"),
    ("contact_first_name", "the first word of the contact's name"),
    ("contact_email", "the case contact's email"),
    ("account_id", "the account id"),
    ("account_name", "the account name"),
    ("advocate_name", "who sends it: the case owner, else you"),
    ("advocate_first_name", "the first word of the sender's name"),
    (
        "advocate_title",
        "SMB Advocate (digital) or Account Executive (pooled)",
    ),
    ("opportunity_id", "the case opportunity's id"),
    ("opportunity_name", "the case opportunity's name"),
    ("opportunity_type", "the case opportunity's type"),
    (
        "opportunity_close_date",
        "the case opportunity's close date",
    ),
    ("opportunity_amount", "the case opportunity's amount"),
    ("opportunity_users", "the users on the case opportunity"),
    (
        "subscription_end_date",
        "the account's subscription end date",
    ),
    ("seats", "the account's seats"),
    ("active_users", "the account's active users"),
    ("overage_amount", "the account's overage"),
];

/// Names a template may use that are not merge fields: the engine's own.
const ENGINE_NAMES: &[&str] = &[
    "self",
    "super",
    "loop",
    "range",
    "dict",
    "debug",
    "namespace",
    "caller",
    "varargs",
    "kwargs",
    "true",
    "false",
    "none",
    "True",
    "False",
    "None",
];

/// What to do with a field that has no value.
fn how_to_fill(field: &str, case_id: i64) -> String {
    match field {
        f if f.starts_with("contact_") => {
            format!("give the case a contact: smb case update {case_id} --contact ID")
        }
        f if f.starts_with("opportunity_") => format!(
            "link the opportunity: smb case update {case_id} --opportunity ID (or fill it in the CRM export)"
        ),
        f if f.starts_with("account_") => {
            format!("attach the account: smb case update {case_id} --account ID")
        }
        _ => "it comes from the account's export: import it, or fill it in by hand".to_string(),
    }
}

/// The merge fields of one case: every field of [`FIELDS`], with a value or none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields {
    values: BTreeMap<&'static str, String>,
}

impl Fields {
    /// Sets `field` (one of [`FIELDS`]); an empty value counts as none.
    pub fn set(&mut self, field: &'static str, value: impl Into<String>) {
        debug_assert!(FIELDS.iter().any(|(f, _)| *f == field), "{field}");
        let v = value.into();
        if v.trim().is_empty() {
            self.values.remove(field);
        } else {
            self.values.insert(field, v.trim().to_string());
        }
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.values.get(field).map(String::as_str)
    }

    /// The fields that have no value.
    pub fn missing(&self) -> Vec<&'static str> {
        FIELDS
            .iter()
            .map(|(f, _)| *f)
            .filter(|f| !self.values.contains_key(f))
            .collect()
    }
}

/// What a case's draft knows: the case and what it links to, read by the caller.
pub struct Facts<'a> {
    pub model: Model,
    pub case: &'a Case,
    pub account: Option<&'a Account>,
    pub contact: Option<&'a Contact>,
    pub opportunity: Option<&'a Opportunity>,
    /// Who sends it (the case owner, else the acting person).
    pub sender: &'a str,
}

/// A day as the customer reads it: "March 16, 2026", or "16 March 2026" in EMEA.
fn customer_date(d: NaiveDate, region: Option<Region>) -> String {
    match region {
        Some(Region::Emea) => d.format("%-d %B %Y").to_string(),
        _ => d.format("%B %-d, %Y").to_string(),
    }
}

fn first_word(s: &str) -> String {
    s.split_whitespace().next().unwrap_or_default().to_string()
}

/// The merge fields of a case.
pub fn fields(f: &Facts<'_>, touch: DraftTouch) -> Fields {
    let mut out = Fields::default();
    let c = f.case;
    let region = f.account.map(|a| a.region);
    out.set("case_id", c.id.to_string());
    out.set("case_subject", c.subject.clone());
    out.set("case_description", c.description.clone());
    out.set("trigger", c.trigger.clone());
    out.set("touch", touch.as_str());
    out.set("model", f.model.as_str());
    if let Some(p) = f.contact {
        let name = p.name.clone().unwrap_or_default();
        out.set("contact_first_name", first_word(&name));
        out.set("contact_name", name);
        out.set("contact_email", p.email.clone());
    }
    if let Some(a) = f.account {
        out.set("account_id", a.id.clone());
        out.set("account_name", a.name.clone());
        if let Some(d) = a.subscription_end_date {
            out.set("subscription_end_date", customer_date(d, region));
        }
        if let Some(n) = a.seats {
            out.set("seats", n.to_string());
        }
        if let Some(n) = a.active_users {
            out.set("active_users", n.to_string());
        }
        if let Some(m) = a.overage {
            out.set("overage_amount", m.to_string());
        }
    } else if let Some(id) = &c.account_id {
        out.set("account_id", id.clone());
    }
    out.set("advocate_name", f.sender);
    out.set("advocate_first_name", first_word(f.sender));
    out.set(
        "advocate_title",
        match f.model {
            Model::Digital => "SMB Advocate",
            Model::Pooled => "Account Executive",
        },
    );
    if let Some(o) = f.opportunity {
        out.set("opportunity_id", o.id.clone());
        out.set("opportunity_name", o.name.clone().unwrap_or_default());
        out.set("opportunity_type", o.kind.clone());
        out.set(
            "opportunity_close_date",
            customer_date(o.close_date, region),
        );
        if let Some(m) = o.amount {
            out.set("opportunity_amount", m.to_string());
        }
        if let Some(n) = o.users {
            out.set("opportunity_users", n.to_string());
        }
    }
    out
}

/// Where a template comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    BuiltIn,
    File(PathBuf),
}

impl Origin {
    /// "the built-in template X" or the file's path, for messages.
    pub fn describe(&self, key: &str) -> String {
        match self {
            Origin::BuiltIn => format!("the built-in template {key}"),
            Origin::File(p) => p.display().to_string(),
        }
    }
}

/// A team's template file: its key (the file name without `.txt`), path and text.
pub struct Override {
    pub key: String,
    pub path: PathBuf,
    pub text: String,
}

/// One template in effect, for `smb template list|show`.
#[derive(Debug, Clone)]
pub struct Entry {
    pub key: String,
    pub origin: Origin,
    pub text: String,
}

/// A template file that is refused: the key of its file, and what is wrong, naming the file
/// and the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub key: String,
    pub message: String,
}

/// A rendered draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub template: String,
    pub touch: DraftTouch,
    pub subject: String,
    pub body: String,
    /// Fields with no value that `--allow-missing` left as `[field]`.
    pub placeholders: Vec<String>,
}

/// The templates in effect: the built-in ones, each replaced by the team's file of its key.
#[derive(Debug)]
pub struct Templates {
    env: Environment<'static>,
    entries: Vec<Entry>,
}

/// The template key of a case of `trigger`: the trigger's own, else `manual`.
pub fn key_for(trigger: &str) -> &'static str {
    keys()
        .into_iter()
        .find(|k| *k == trigger && *k != LAYOUT)
        .unwrap_or("manual")
}

/// Every template key, in the order of [`BUILT_IN`].
pub fn keys() -> Vec<&'static str> {
    BUILT_IN.iter().map(|(k, _)| *k).collect()
}

impl Templates {
    /// Compiles the built-in templates with `overrides` in place of theirs. A file whose key is
    /// not a template key, that does not compile or that uses an unknown merge field is refused
    /// (exit 2), naming the file, the line and the error; every such problem is listed.
    pub fn new(overrides: Vec<Override>) -> Result<Templates> {
        let (t, problems) = Templates::compile(overrides);
        if problems.is_empty() {
            Ok(t)
        } else {
            Err(Error::invalid(
                problems
                    .iter()
                    .map(|p| p.message.as_str())
                    .collect::<Vec<_>>()
                    .join("\n"),
            ))
        }
    }

    /// Like [`Templates::new`], but every problem is returned with the key of its file, beside
    /// the templates that compile (`smb template list` shows both).
    pub fn compile(overrides: Vec<Override>) -> (Templates, Vec<Problem>) {
        let mut problems = Vec::new();
        let mut by_key: BTreeMap<String, Override> = BTreeMap::new();
        let all = keys();
        for o in overrides {
            if all.contains(&o.key.as_str()) {
                by_key.insert(o.key.clone(), o);
            } else {
                let near = crate::domain::near::near(&o.key, &all);
                let hint = match near.as_slice() {
                    [] => String::new(),
                    n => format!(" (did you mean {}.{EXTENSION}?)", n.join(" or ")),
                };
                problems.push(Problem {
                    key: o.key.clone(),
                    message: format!(
                        "{}: {:?} is not a template key{hint}; `smb template list` shows the keys",
                        o.path.display(),
                        o.key
                    ),
                });
            }
        }
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_auto_escape_callback(|_| AutoEscape::None);
        env.set_debug(true);
        env.set_syntax(
            minijinja::syntax::SyntaxConfig::builder()
                .trim_blocks(true)
                .lstrip_blocks(true)
                .build()
                .expect("the default delimiters"),
        );
        let mut entries = Vec::new();
        for (key, text) in BUILT_IN {
            let (origin, text) = match by_key.remove(*key) {
                Some(o) => (Origin::File(o.path), o.text),
                None => (Origin::BuiltIn, text.to_string()),
            };
            if let Err(e) = env.add_template_owned(key.to_string(), text.clone()) {
                problems.push(Problem {
                    key: key.to_string(),
                    message: format!(
                        "{}{}: {}",
                        origin.describe(key),
                        e.line().map(|l| format!(" line {l}")).unwrap_or_default(),
                        e.detail().unwrap_or("does not compile")
                    ),
                });
            } else if let Some(p) = unknown_fields(&env, key, &text, &origin) {
                problems.push(Problem {
                    key: key.to_string(),
                    message: p,
                });
            }
            entries.push(Entry {
                key: key.to_string(),
                origin,
                text,
            });
        }
        (Templates { env, entries }, problems)
    }

    /// Every template in effect, in the order of [`BUILT_IN`].
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The template of `key`, or exit 2 with the nearest keys.
    pub fn entry(&self, key: &str) -> Result<&Entry> {
        self.entries.iter().find(|e| e.key == key).ok_or_else(|| {
            let near = crate::domain::near::near(key, &keys());
            let hint = match near.as_slice() {
                [] => "`smb template list` shows the keys".to_string(),
                n => format!("did you mean {}?", n.join(" or ")),
            };
            Error::invalid(format!("unknown template {key:?}: {hint}"))
        })
    }

    /// The template key of a case: its trigger's, else `manual`.
    pub fn key_for(&self, trigger: &str) -> &'static str {
        key_for(trigger)
    }

    /// Renders the draft of template `key` for `touch` with `fields`. A field the template
    /// uses that has no value is refused, naming it and where it is used, unless
    /// `allow_missing`: it then reads `[field]`.
    pub fn render(
        &self,
        key: &str,
        touch: DraftTouch,
        fields: &Fields,
        case_id: i64,
        allow_missing: bool,
    ) -> Result<Draft> {
        let entry = self.entry(key)?;
        let tmpl = self
            .env
            .get_template(key)
            .map_err(|e| Error::invalid(format!("{}: {e}", entry.origin.describe(key))))?;
        let mut ctx: BTreeMap<String, Value> = fields
            .values
            .iter()
            .map(|(k, v)| (k.to_string(), Value::from(v.clone())))
            .collect();
        ctx.insert("touch".into(), Value::from(touch.as_str()));
        let missing = fields.missing();
        let mut placeholders = Vec::new();
        // Each pass fills one missing field (with --allow-missing); the fields are finite.
        for _ in 0..=FIELDS.len() {
            match tmpl.render(Value::from(ctx.clone())) {
                Ok(text) => {
                    let (subject, body) = split_subject(&text);
                    return Ok(Draft {
                        template: key.to_string(),
                        touch,
                        subject,
                        body,
                        placeholders,
                    });
                }
                Err(e) if e.kind() == ErrorKind::UndefinedError => {
                    let field = failing_field(&e, &missing);
                    let file = e
                        .name()
                        .and_then(|n| self.entries.iter().find(|x| x.key == n))
                        .unwrap_or(entry);
                    let at = format!(
                        "{}{}",
                        file.origin.describe(&file.key),
                        e.line().map(|l| format!(" line {l}")).unwrap_or_default()
                    );
                    match field {
                        Some(f) if allow_missing && !ctx.contains_key(f) => {
                            ctx.insert(f.to_string(), Value::from(format!("[{f}]")));
                            placeholders.push(f.to_string());
                        }
                        Some(f) => {
                            return Err(Error::invalid(format!(
                                "case #{case_id}: merge field {f} has no value ({at} uses it): {}, or pass --allow-missing to draft it with [{f}]",
                                how_to_fill(f, case_id)
                            )));
                        }
                        None => {
                            return Err(Error::invalid(format!(
                                "{at}: {}",
                                e.detail().unwrap_or("undefined value")
                            )));
                        }
                    }
                }
                Err(e) => {
                    let file = e
                        .name()
                        .and_then(|n| self.entries.iter().find(|x| x.key == n))
                        .unwrap_or(entry);
                    return Err(Error::invalid(format!(
                        "{}{}: {}",
                        file.origin.describe(&file.key),
                        e.line().map(|l| format!(" line {l}")).unwrap_or_default(),
                        e.detail().unwrap_or("cannot render")
                    )));
                }
            }
        }
        Err(Error::invalid(format!(
            "{}: cannot fill its merge fields",
            entry.origin.describe(key)
        )))
    }
}

/// The first name a template uses that is neither a merge field nor the engine's, as a
/// problem naming the file and line.
fn unknown_fields(env: &Environment<'_>, key: &str, text: &str, origin: &Origin) -> Option<String> {
    let t = env.get_template(key).ok()?;
    let known: BTreeSet<&str> = FIELDS
        .iter()
        .map(|(f, _)| *f)
        .chain(ENGINE_NAMES.iter().copied())
        .collect();
    let mut unknown: Vec<String> = t
        .undeclared_variables(false)
        .into_iter()
        .filter(|v| !known.contains(v.as_str()))
        .collect();
    unknown.sort();
    let name = unknown.first()?;
    let line = text
        .lines()
        .position(|l| words(l).any(|w| w == name))
        .map(|i| format!(" line {}", i + 1))
        .unwrap_or_default();
    let fields: Vec<&str> = FIELDS.iter().map(|(f, _)| *f).collect();
    let near = crate::domain::near::near(name, &fields);
    let hint = match near.as_slice() {
        [] => "`smb template show cadence` lists the merge fields".to_string(),
        n => format!("did you mean {}?", n.join(" or ")),
    };
    Some(format!(
        "{}{line}: unknown merge field {name}: {hint}",
        origin.describe(key)
    ))
}

/// The identifiers of a piece of template text.
fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
}

/// The missing field an undefined-value error is about: the one its expression names, else
/// the one its line names.
fn failing_field(e: &minijinja::Error, missing: &[&'static str]) -> Option<&'static str> {
    let src = e.template_source()?;
    let find = |text: &str| {
        words(text)
            .find_map(|w| missing.iter().find(|m| **m == w))
            .copied()
    };
    if let Some(r) = e.range()
        && let Some(f) = src.get(r).and_then(find)
    {
        return Some(f);
    }
    let line = e.line()?;
    src.lines().nth(line.checked_sub(1)?).and_then(find)
}

/// Splits `Subject: …` off the rendered text.
fn split_subject(text: &str) -> (String, String) {
    let text = text.trim_start_matches(['\n', '\r', ' ']);
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    match first
        .get(..8)
        .filter(|p| p.eq_ignore_ascii_case("subject:"))
    {
        Some(_) => (
            first[8..].trim().to_string(),
            rest.trim_matches(['\n', '\r']).trim_end().to_string(),
        ),
        None => (String::new(), text.trim_end().to_string()),
    }
}

#[cfg(test)]
mod tests;
