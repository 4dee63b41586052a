//! One row of each export → a validated domain value.

use super::values::{boolean, date, datetime, integer, money, score};
use super::{Kind, RawRow, RowError};
use crate::domain::account::{
    Account, Contact, CustomerType, Deployment, EVENT_TYPES, Event, Opportunity, event_type_key,
};
use crate::domain::model::Region;

/// A validated row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    Account(Account),
    Opportunity(Opportunity),
    Contact(Contact),
    Event(Event),
}

impl Parsed {
    /// The row's key (its id).
    pub fn key(&self) -> &str {
        match self {
            Parsed::Account(a) => &a.id,
            Parsed::Opportunity(o) => &o.id,
            Parsed::Contact(c) => &c.id,
            Parsed::Event(e) => &e.id,
        }
    }

    /// The account the row belongs to, which must exist (accounts: none).
    pub fn parent_account(&self) -> Option<&str> {
        match self {
            Parsed::Account(_) => None,
            Parsed::Opportunity(o) => Some(&o.account_id),
            Parsed::Contact(c) => Some(&c.account_id),
            Parsed::Event(e) => e.account_id.as_deref(),
        }
    }
}

/// Validates one row of a `kind` export.
pub fn parse_row(kind: Kind, r: &RawRow<'_>) -> Result<Parsed, RowError> {
    Ok(match kind {
        Kind::Accounts => Parsed::Account(account(r)?),
        Kind::Opportunities => Parsed::Opportunity(opportunity(r)?),
        Kind::Contacts => Parsed::Contact(contact(r)?),
        Kind::Events => Parsed::Event(event(r)?),
    })
}

fn id(r: &RawRow<'_>, name: &str) -> Result<String, RowError> {
    r.required(name, |v| Ok(v.to_string()))
}

fn account(r: &RawRow<'_>) -> Result<Account, RowError> {
    let id = id(r, "account_id")?;
    let name = r.required("account_name", |v| Ok(v.to_string()))?;
    let region = r.required("region", |v| {
        Region::parse(v).ok_or_else(|| "a region: AMER, APAC or EMEA".to_string())
    })?;
    let carr = r.required("carr", |v| money(v, true))?;
    let mut a = Account::new(&id, &name, region, carr);
    a.country = r.text("country");
    a.employees = r.optional("employees", |v| integer(v, true))?;
    a.lam = r.optional("lam", |v| integer(v, true))?;
    a.has_ultimate = r.optional("has_ultimate", boolean)?;
    a.auto_renew = r.optional("auto_renew", boolean)?;
    a.pte = r.optional("pte", score)?;
    a.ptc = r.optional("ptc", score)?;
    a.deployment = r.optional("deployment", |v| {
        Deployment::parse(v)
            .map(|d| d.as_str().to_string())
            .ok_or_else(|| {
                "a deployment: Self-Managed (SM, self managed) or SaaS (GitLab.com, .com, Dedicated)"
                    .to_string()
            })
    })?;
    a.email_domain = r.get("email_domain").map(clean_domain);
    a.customer_type = r.optional("customer_type", |v| {
        CustomerType::parse(v).ok_or_else(|| {
            "a customer type: new (new business, new customer, prospect) or existing (existing customer, customer, renewal)".to_string()
        })
    })?;
    a.owner = r.text("owner");
    a.subscription_end_date = r.optional("subscription_end_date", date)?;
    a.seats = r.optional("seats", |v| integer(v, true))?;
    a.active_users = r.optional("active_users", |v| integer(v, true))?;
    a.overage = r.optional("overage_amount", |v| money(v, true))?;
    a.qsr_enabled = r.optional("qsr_enabled", boolean)?;
    a.auto_renew_changed_at = r.optional("auto_renew_changed_at", date)?;
    a.pte_updated_at = r.optional("pte_updated_at", date)?;
    a.ptc_updated_at = r.optional("ptc_updated_at", date)?;
    Ok(a)
}

/// `https://www.Acme.com/` → `acme.com`: a website column is accepted as a domain.
fn clean_domain(d: &str) -> String {
    // Each prefix as often as it repeats, ignoring ASCII case, then up to the first `/`, in
    // lower case: one allocation, no substring searcher (a first load cleans every row's).
    fn strip<'s>(mut s: &'s str, prefix: &str) -> &'s str {
        while let Some(head) = s.get(..prefix.len())
            && head.eq_ignore_ascii_case(prefix)
        {
            s = &s[prefix.len()..];
        }
        s
    }
    let d = strip(strip(strip(d.trim(), "https://"), "http://"), "www.");
    let mut out = d.split('/').next().unwrap_or(d).to_string();
    out.make_ascii_lowercase();
    out
}

fn opportunity(r: &RawRow<'_>) -> Result<Opportunity, RowError> {
    Ok(Opportunity {
        id: id(r, "opportunity_id")?,
        account_id: id(r, "account_id")?,
        kind: r.required("type", |v| Ok(v.to_string()))?,
        stage: r.required("stage", |v| Ok(v.to_string()))?,
        close_date: r.required("close_date", date)?,
        name: r.text("name"),
        amount: r.optional("amount", |v| money(v, false))?,
        owner: r.text("owner"),
        users: r.optional("users", |v| integer(v, true))?,
        po_required: r.optional("po_required", boolean)?,
        eoa: r.optional("eoa", boolean)?,
        multi_year: r.optional("multi_year", boolean)?,
        auto_renew: r.optional("auto_renew", boolean)?,
        auto_renewal_status: r.text("auto_renewal_status"),
        qsr_status: r.text("qsr_status"),
        payment_failure: r.optional("payment_failure", boolean)?,
        includes_duo: r.optional("includes_duo", boolean)?,
        renewal_risk: r.text("renewal_risk"),
    })
}

/// An email address as exports carry it: an `@` and no whitespace (contacts, events).
fn email_address(v: &str) -> Result<String, String> {
    if v.contains('@') && !v.contains(char::is_whitespace) {
        Ok(v.to_string())
    } else {
        Err("an email address like name@example.com".to_string())
    }
}

fn contact(r: &RawRow<'_>) -> Result<Contact, RowError> {
    Ok(Contact {
        id: id(r, "contact_id")?,
        account_id: id(r, "account_id")?,
        email: r.required("email", email_address)?,
        name: r.text("name"),
        language: r.text("language").map(|l| l.to_ascii_lowercase()),
    })
}

fn event(r: &RawRow<'_>) -> Result<Event, RowError> {
    let e = Event {
        id: id(r, "event_id")?,
        kind: r.required("type", |v| {
            event_type_key(v)
                .map(str::to_string)
                .ok_or_else(|| format!("an event type: {}", EVENT_TYPES.join(", ")))
        })?,
        occurred_at: r.required("occurred_at", datetime)?,
        account_id: r.text("account_id"),
        email: r.optional("email", email_address)?,
        description: r.get("description").map(str::to_string),
    };
    if e.account_id.is_none() && e.email.is_none() {
        return Err(r.error(
            "account_id",
            None,
            "an account_id or an email to match a contact by",
        ));
    }
    Ok(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `clean_domain` before issue #16's fifth pass: lower case, then each prefix stripped as
    /// often as it repeats, then up to the first `/`.
    fn clean_domain_before(d: &str) -> String {
        let d = d.trim().to_ascii_lowercase();
        let d = d
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .trim_start_matches("www.");
        d.split('/').next().unwrap_or(d).to_string()
    }

    #[test]
    fn a_website_is_cleaned_to_its_domain() {
        for (given, domain) in [
            ("https://www.Acme.com/", "acme.com"),
            ("HTTP://WWW.WWW.beta.test/x/y", "beta.test"),
            ("https://https://gamma.test", "gamma.test"),
            ("www.", ""),
            ("Ünïcode.ÉXAMPLE", "Ünïcode.Éxample"),
            (" delta.test ", "delta.test"),
        ] {
            assert_eq!(clean_domain(given), domain, "{given}");
            assert_eq!(clean_domain_before(given), domain, "{given}");
        }
    }

    proptest::proptest! {
        /// The same domain as before for any text, prefixes in any case and repeated.
        #[test]
        fn a_domain_is_cleaned_as_before(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("https://".to_string()),
                    proptest::strategy::Just("HTTP://".to_string()),
                    proptest::strategy::Just("wWw.".to_string()),
                    proptest::strategy::Just("/".to_string()),
                    "[ a-zA-Z.:/ÄéßW-]{0,6}",
                ],
                0..6,
            )
        ) {
            let given = parts.concat();
            proptest::prop_assert_eq!(clean_domain(&given), clean_domain_before(&given));
        }
    }
}
