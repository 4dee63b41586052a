//! The two playbooks as data (SPEC §1, §3, §4.1, §6): thresholds, windows, SLA targets, queue
//! order and expected volume. A database is created for one model and remembers it.

use std::fmt;
use std::str::FromStr;

use std::sync::Arc;

use chrono::NaiveTime;

use super::calendar::FiscalCalendar;
use super::holidays::Holidays;
use super::money::Cents;
use super::setting::ClockSettingChange;
use crate::Error;

/// Which playbook a database runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Model {
    /// Global Digital SMB (FY25).
    Digital,
    /// The older Pooled model (AMER and EMEA pools).
    Pooled,
}

impl Model {
    pub const ALL: [Model; 2] = [Model::Digital, Model::Pooled];

    pub fn as_str(self) -> &'static str {
        match self {
            Model::Digital => "digital",
            Model::Pooled => "pooled",
        }
    }
}

impl fmt::Display for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Model {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s.trim().to_ascii_lowercase().as_str() {
            "digital" => Ok(Model::Digital),
            "pooled" => Ok(Model::Pooled),
            _ => Err(Error::invalid(format!(
                "unknown model {s:?}: expected digital or pooled"
            ))),
        }
    }
}

/// A sales region (SPEC §1.2). Input is case-insensitive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Region {
    Amer,
    Apac,
    Emea,
}

impl Region {
    pub const ALL: [Region; 3] = [Region::Amer, Region::Apac, Region::Emea];

    pub fn as_str(self) -> &'static str {
        match self {
            Region::Amer => "AMER",
            Region::Apac => "APAC",
            Region::Emea => "EMEA",
        }
    }

    /// Case-insensitive parse of `AMER`, `APAC`, `EMEA`.
    pub fn parse(s: &str) -> Option<Region> {
        Region::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(s.trim()))
    }

    /// digital: the generic regional account owner (SPEC §1.2).
    pub fn digital_owner(self) -> &'static str {
        match self {
            Region::Amer => "AMER SMB Sales User",
            Region::Apac => "APAC SMB Sales User",
            Region::Emea => "EMEA SMB Sales User",
        }
    }

    /// digital: AMER and APAC are one territory and share the AMER queue.
    pub fn digital_queue(self) -> &'static str {
        match self {
            Region::Amer | Region::Apac => "AMER",
            Region::Emea => "EMEA",
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Region {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        Region::parse(s).ok_or_else(|| {
            let near = crate::domain::near::near(s, &["AMER", "APAC", "EMEA"]);
            let hint = near
                .first()
                .map(|n| format!("did you mean {n}? "))
                .unwrap_or_default();
            Error::invalid(format!(
                "unknown region {s:?}: {hint}expected AMER, APAC or EMEA"
            ))
        })
    }
}

/// How a model orders a queue (SPEC §4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueOrder {
    /// digital: High before Medium before Low; within a priority oldest first; then id.
    PriorityThenAge,
    /// pooled: oldest first regardless of subject; same time: High first; then id.
    AgeThenPriority,
}

/// How a model measures the pick-up SLA (SPEC §6.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlaClock {
    /// Calendar hours per priority: High, Medium, Low.
    Calendar {
        high_hours: i64,
        medium_hours: i64,
        low_hours: i64,
    },
    /// Business hours (09:00–17:00 Monday–Friday in the queue's time zone).
    Business { hours: i64 },
}

/// A region's business day: the local hours an SLA counts (pooled, SPEC §6.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BusinessHours {
    pub opens: NaiveTime,
    pub closes: NaiveTime,
}

impl Default for BusinessHours {
    /// 09:00–17:00.
    fn default() -> Self {
        BusinessHours {
            opens: NaiveTime::from_hms_opt(9, 0, 0).expect("valid time"),
            closes: NaiveTime::from_hms_opt(17, 0, 0).expect("valid time"),
        }
    }
}

impl fmt::Display for BusinessHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}-{}",
            self.opens.format("%H:%M"),
            self.closes.format("%H:%M")
        )
    }
}

impl FromStr for BusinessHours {
    type Err = Error;
    /// `09:00-17:00` (opening before closing, on the same day).
    fn from_str(s: &str) -> Result<Self, Error> {
        let bad = || {
            Error::invalid(format!(
                "business hours {s:?}: expected HH:MM-HH:MM with the opening before the closing, e.g. 09:00-17:00"
            ))
        };
        let (a, b) = s.trim().split_once('-').ok_or_else(bad)?;
        let t = |x: &str| NaiveTime::parse_from_str(x.trim(), "%H:%M").map_err(|_| bad());
        let (opens, closes) = (t(a)?, t(b)?);
        if opens >= closes {
            return Err(bad());
        }
        Ok(BusinessHours { opens, closes })
    }
}

/// Everything a database's model decides, with the defaults that `smb settings set` changes
/// (SPEC §11.4). Each value is read in one place: the field, or the method named after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub model: Model,
    pub calendar: FiscalCalendar,
    /// Days ahead a renewal-type trigger looks (SPEC §3: "within 60 days").
    pub renewal_window_days: i64,
    /// Days back a change-type trigger looks (auto-renew off, PTE, PTC: 30 days).
    pub change_window_days: i64,
    /// pooled: a failed auto-renewal case is late when it entered the queue fewer than this
    /// many days before the close date (`report hygiene`, 30).
    pub late_auto_renewal_days: i64,
    /// digital pick-up targets in calendar hours: High 24, Medium 48, Low 168.
    pub sla_high_hours: i64,
    pub sla_medium_hours: i64,
    pub sla_low_hours: i64,
    /// pooled pick-up target in business hours (8).
    pub sla_business_hours: i64,
    /// Time zone of the AMER pool's business hours (pooled).
    pub amer_time_zone: String,
    /// Time zone of the EMEA pools' business hours (pooled).
    pub emea_time_zone: String,
    /// The AMER pool's business day (pooled).
    pub amer_business_hours: BusinessHours,
    /// The EMEA pools' business day (pooled).
    pub emea_business_hours: BusinessHours,
    /// In Progress cases a new profile may hold unless `advocate add --capacity` (50).
    pub capacity_default: u32,
    /// pooled (AMER): active Upgrade opportunities an AE may own (15).
    pub upgrade_cap: u32,
    /// Days that are not business days, per region (pooled SLA clocks). Shared: the settings
    /// in force when a clock started are a copy (`setting::in_force`).
    pub holidays: Arc<Holidays>,
    /// The logged changes of the settings a clock keeps from its start, oldest first
    /// (`setting::in_force`).
    pub clock_changes: Vec<ClockSettingChange>,
}

impl Settings {
    /// The defaults of a model.
    pub fn new(model: Model) -> Self {
        Settings {
            model,
            calendar: FiscalCalendar::default(),
            renewal_window_days: 60,
            change_window_days: 30,
            late_auto_renewal_days: 30,
            sla_high_hours: 24,
            sla_medium_hours: 48,
            sla_low_hours: 7 * 24,
            sla_business_hours: 8,
            amer_time_zone: "America/New_York".to_string(),
            emea_time_zone: "Europe/London".to_string(),
            amer_business_hours: BusinessHours::default(),
            emea_business_hours: BusinessHours::default(),
            capacity_default: 50,
            upgrade_cap: 15,
            holidays: Arc::new(Holidays::default()),
            clock_changes: Vec::new(),
        }
    }

    /// Queue order of SPEC §4.1.
    pub fn queue_order(&self) -> QueueOrder {
        match self.model {
            Model::Digital => QueueOrder::PriorityThenAge,
            Model::Pooled => QueueOrder::AgeThenPriority,
        }
    }

    /// SLA clock of SPEC §6.1.
    pub fn sla_clock(&self) -> SlaClock {
        match self.model {
            Model::Digital => SlaClock::Calendar {
                high_hours: self.sla_high_hours,
                medium_hours: self.sla_medium_hours,
                low_hours: self.sla_low_hours,
            },
            Model::Pooled => SlaClock::Business {
                hours: self.sla_business_hours,
            },
        }
    }

    /// Cases a month the playbook expects (digital about 400, pooled about 80).
    pub fn expected_monthly_volume(&self) -> u32 {
        match self.model {
            Model::Digital => 400,
            Model::Pooled => 80,
        }
    }

    /// digital: In Progress cases an advocate may hold (default; `advocate add --capacity`).
    pub fn default_capacity(&self) -> u32 {
        self.capacity_default
    }

    /// pooled (AMER): active Upgrade opportunities an AE may own.
    pub fn max_upgrade_opps(&self) -> u32 {
        self.upgrade_cap
    }

    /// Days to resolve a case: the target and the limit (SPEC §4.3).
    pub fn resolve_target_days(&self) -> i64 {
        7
    }

    pub fn resolve_limit_days(&self) -> i64 {
        15
    }

    /// digital segment ceiling: cARR below $30,000 (SPEC §1.1).
    pub fn digital_carr_ceiling(&self) -> Cents {
        Cents::dollars(30_000)
    }

    /// digital segment: fewer than 101 employees.
    pub fn digital_employee_ceiling(&self) -> i64 {
        101
    }

    /// pooled segment ceilings: existing customers below $4,000, new below $2,000.
    pub fn pooled_existing_ceiling(&self) -> Cents {
        Cents::dollars(4_000)
    }

    pub fn pooled_new_ceiling(&self) -> Cents {
        Cents::dollars(2_000)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_parse_case_insensitively() {
        assert_eq!(Region::parse("emea"), Some(Region::Emea));
        assert_eq!(Region::parse(" Apac "), Some(Region::Apac));
        assert_eq!(Region::parse("LATAM"), None);
        assert!(
            "latam"
                .parse::<Region>()
                .unwrap_err()
                .to_string()
                .contains("AMER, APAC or EMEA")
        );
    }

    #[test]
    fn amer_and_apac_share_a_digital_queue() {
        assert_eq!(Region::Amer.digital_queue(), "AMER");
        assert_eq!(Region::Apac.digital_queue(), "AMER");
        assert_eq!(Region::Emea.digital_queue(), "EMEA");
        assert_eq!(Region::Apac.digital_owner(), "APAC SMB Sales User");
    }

    #[test]
    fn models_differ_where_the_playbooks_do() {
        let d = Settings::new(Model::Digital);
        let p = Settings::new(Model::Pooled);
        assert_eq!(d.queue_order(), QueueOrder::PriorityThenAge);
        assert_eq!(p.queue_order(), QueueOrder::AgeThenPriority);
        assert_eq!(d.expected_monthly_volume(), 400);
        assert_eq!(p.expected_monthly_volume(), 80);
        assert_eq!(p.sla_clock(), SlaClock::Business { hours: 8 });
        assert!("Pooled".parse::<Model>().is_ok());
        assert!("mid-market".parse::<Model>().is_err());
    }
}
