//! The columns of each export (SPEC §8) and the header aliases each accepts. Headers are
//! compared lower-case with spaces, `_` and `-` removed, so `Account ID`, `account_id` and
//! `ACCOUNT-ID` are one column.

/// A column of an export.
#[derive(Debug)]
pub struct Field {
    /// Canonical name, as in SPEC §8.
    pub name: &'static str,
    pub required: bool,
    /// Other headers accepted (common Salesforce export headers), in human form.
    pub aliases: &'static [&'static str],
}

const fn req(name: &'static str, aliases: &'static [&'static str]) -> Field {
    Field {
        name,
        required: true,
        aliases,
    }
}

const fn opt(name: &'static str, aliases: &'static [&'static str]) -> Field {
    Field {
        name,
        required: false,
        aliases,
    }
}

pub const ACCOUNTS: &[Field] = &[
    req(
        "account_id",
        &["Account ID", "Account ID (18)", "Account 18 Digit ID", "Id"],
    ),
    req("account_name", &["Account Name", "Name"]),
    req("region", &["Account Region", "Sales Region", "Geo"]),
    req("carr", &["cARR", "Current ARR", "Account cARR", "ARR"]),
    opt("country", &["Billing Country", "Account Country"]),
    opt(
        "employees",
        &["Number of Employees", "Employee Count", "Employees"],
    ),
    opt(
        "lam",
        &["LAM", "Landed Addressable Market", "LAM Dev Count"],
    ),
    opt(
        "has_ultimate",
        &[
            "Has Ultimate",
            "Ultimate",
            "Ultimate Licence",
            "Ultimate License",
        ],
    ),
    opt(
        "auto_renew",
        &["Auto Renew", "Auto Renewal", "Turn On Auto Renewal"],
    ),
    opt("pte", &["PTE", "PTE Score", "Propensity to Expand"]),
    opt(
        "ptc",
        &[
            "PTC",
            "PTC Score",
            "Propensity to Churn",
            "Propensity to Contract",
        ],
    ),
    opt("deployment", &["Deployment Type", "Product Deployment"]),
    opt("email_domain", &["Email Domain", "Domain", "Website"]),
    opt("customer_type", &["Customer Type", "Account Type"]),
    opt(
        "owner",
        &["Account Owner", "Account Owner Name", "Owner Name"],
    ),
    opt(
        "subscription_end_date",
        &["Subscription End Date", "Subscription End", "Term End Date"],
    ),
    opt(
        "seats",
        &["Seats", "Licenses", "Subscription Seats", "Licensed Users"],
    ),
    opt("active_users", &["Active Users", "Billable Users"]),
    opt("overage_amount", &["Overage Amount", "Overage"]),
    opt("qsr_enabled", &["QSR Enabled", "QSR"]),
    opt(
        "auto_renew_changed_at",
        &["Auto Renew Changed At", "Auto Renew Changed Date"],
    ),
    opt(
        "pte_updated_at",
        &["PTE Updated At", "PTE Updated Date", "PTE Last Updated"],
    ),
    opt(
        "ptc_updated_at",
        &["PTC Updated At", "PTC Updated Date", "PTC Last Updated"],
    ),
];

pub const OPPORTUNITIES: &[Field] = &[
    req(
        "opportunity_id",
        &["Opportunity ID", "Opportunity ID (18)", "Opp ID", "Id"],
    ),
    req("account_id", &["Account ID", "Account ID (18)"]),
    req("type", &["Opportunity Type", "Type"]),
    req("stage", &["Stage", "Stage Name", "Opportunity Stage"]),
    req("close_date", &["Close Date"]),
    opt("name", &["Opportunity Name", "Name"]),
    opt("amount", &["Amount", "Net ARR", "ARR"]),
    opt("owner", &["Opportunity Owner", "Owner Name"]),
    opt("users", &["Users", "Quantity", "Seats"]),
    opt("po_required", &["PO Required", "PO"]),
    opt("eoa", &["EoA", "End of Availability"]),
    opt("multi_year", &["Multi Year", "Multi-Year"]),
    opt("auto_renew", &["Auto Renew", "Auto Renewal"]),
    opt("auto_renewal_status", &["Auto Renewal Status"]),
    opt("qsr_status", &["QSR Status"]),
    opt("payment_failure", &["Payment Failure", "Payment Failed"]),
    opt("includes_duo", &["Includes Duo", "Duo"]),
    opt("renewal_risk", &["Renewal Risk", "Renewal Risk Category"]),
];

pub const CONTACTS: &[Field] = &[
    req("contact_id", &["Contact ID", "Contact ID (18)", "Id"]),
    req("account_id", &["Account ID", "Account ID (18)"]),
    req("email", &["Email", "Email Address"]),
    opt("name", &["Contact Name", "Full Name", "Name"]),
    opt("language", &["Preferred Language", "Language"]),
];

pub const EVENTS: &[Field] = &[
    req("event_id", &["Event ID", "Id"]),
    req("type", &["Event Type", "Type"]),
    req(
        "occurred_at",
        &["Occurred At", "Created Date", "Timestamp", "Date"],
    ),
    opt("account_id", &["Account ID", "Account ID (18)"]),
    opt("email", &["Email", "Email Address"]),
    opt("description", &["Description", "Details"]),
];

/// Lower case with every character but letters, digits and parentheses removed.
pub fn normalize_header(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-' | '\u{feff}'))
        .flat_map(char::to_lowercase)
        .collect()
}

impl Field {
    /// Does a header name this field?
    pub fn matches(&self, header: &str) -> bool {
        let h = normalize_header(header);
        h == normalize_header(self.name) || self.aliases.iter().any(|a| normalize_header(a) == h)
    }

    /// `account_id (also: Account ID, Id)`, for a missing-column message.
    pub fn describe(&self) -> String {
        if self.aliases.is_empty() {
            self.name.to_string()
        } else {
            format!("{} (also accepted: {})", self.name, self.aliases.join(", "))
        }
    }
}
