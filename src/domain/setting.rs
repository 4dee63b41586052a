//! The settings a manager changes (SPEC §11.4, `smb settings`): the trigger windows of §3, the
//! SLA targets, business hours and time zone per pooled region, the capacity default and the
//! Upgrade cap. Each key is defined once here (name, meaning, model, allowed values); a value
//! is checked before it is stored, and the stored text is read back through the same rule.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::model::{BusinessHours, Model, Settings};
use crate::Error;

/// What a setting holds, and the values allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A whole number from `min` to `max`, in `unit` (days, hours, cases, opportunities).
    Number {
        min: i64,
        max: i64,
        unit: &'static str,
    },
    /// An IANA time zone name (`America/New_York`).
    TimeZone,
    /// `HH:MM-HH:MM`.
    Hours,
}

/// One setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Def {
    pub key: &'static str,
    /// What it changes, in the team's words.
    pub about: &'static str,
    /// The model it applies to; `None`: both.
    pub model: Option<Model>,
    pub kind: Kind,
}

const fn days(min: i64, max: i64) -> Kind {
    Kind::Number {
        min,
        max,
        unit: "days",
    }
}

const fn hours(max: i64) -> Kind {
    Kind::Number {
        min: 1,
        max,
        unit: "hours",
    }
}

/// Every setting, in the order `settings list` shows them.
pub const ALL: &[Def] = &[
    Def {
        key: "renewal_window_days",
        about: "renewal triggers fire when the close date is this many days away or fewer",
        model: None,
        kind: days(1, 365),
    },
    Def {
        key: "change_window_days",
        about: "signal triggers (auto-renew off, new PTE, new PTC) look back this many days",
        model: None,
        kind: days(1, 365),
    },
    Def {
        key: "late_auto_renewal_days",
        about: "a failed auto-renewal case is late (report hygiene) when it came fewer days than this before the close date",
        model: Some(Model::Pooled),
        kind: days(0, 365),
    },
    Def {
        key: "sla_high_hours",
        about: "pick-up target of a High case, calendar hours",
        model: Some(Model::Digital),
        kind: hours(8760),
    },
    Def {
        key: "sla_medium_hours",
        about: "pick-up target of a Medium case, calendar hours",
        model: Some(Model::Digital),
        kind: hours(8760),
    },
    Def {
        key: "sla_low_hours",
        about: "pick-up target of a Low case, calendar hours",
        model: Some(Model::Digital),
        kind: hours(8760),
    },
    Def {
        key: "sla_business_hours",
        about: "pick-up target of every case, business hours",
        model: Some(Model::Pooled),
        kind: hours(1000),
    },
    Def {
        key: "amer_business_hours",
        about: "the AMER pool's business day, local time, Monday to Friday",
        model: Some(Model::Pooled),
        kind: Kind::Hours,
    },
    Def {
        key: "amer_time_zone",
        about: "the time zone of the AMER pool's business hours",
        model: Some(Model::Pooled),
        kind: Kind::TimeZone,
    },
    Def {
        key: "emea_business_hours",
        about: "the EMEA pools' business day, local time, Monday to Friday",
        model: Some(Model::Pooled),
        kind: Kind::Hours,
    },
    Def {
        key: "emea_time_zone",
        about: "the time zone of the EMEA pools' business hours",
        model: Some(Model::Pooled),
        kind: Kind::TimeZone,
    },
    Def {
        key: "default_capacity",
        about: "In Progress cases a person may hold, for profiles added without --capacity",
        model: None,
        kind: Kind::Number {
            min: 1,
            max: 1000,
            unit: "cases",
        },
    },
    Def {
        key: "upgrade_cap",
        about: "active Upgrade opportunities an AE may own",
        model: Some(Model::Pooled),
        kind: Kind::Number {
            min: 1,
            max: 1000,
            unit: "opportunities",
        },
    },
];

/// A change of a setting, as `smb settings log` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingChange {
    pub key: String,
    /// The value before (`None`: it had its default, shown as such).
    pub before: Option<String>,
    pub after: String,
    pub actor: String,
    pub at: DateTime<Utc>,
}

impl Def {
    /// Whether the setting means something for a database of `model`.
    pub fn applies_to(&self, model: Model) -> bool {
        self.model.is_none_or(|m| m == model)
    }

    /// The allowed values, for messages and `settings list`.
    pub fn expected(&self) -> String {
        match self.kind {
            Kind::Number { min, max, unit } => {
                format!("a whole number of {unit} from {min} to {max}")
            }
            Kind::TimeZone => "a time zone name such as America/New_York or Europe/London".into(),
            Kind::Hours => "HH:MM-HH:MM, opening before closing, e.g. 09:00-17:00".into(),
        }
    }

    /// The setting's value in `s`, as stored and shown.
    pub fn value(&self, s: &Settings) -> String {
        match self.key {
            "renewal_window_days" => s.renewal_window_days.to_string(),
            "change_window_days" => s.change_window_days.to_string(),
            "late_auto_renewal_days" => s.late_auto_renewal_days.to_string(),
            "sla_high_hours" => s.sla_high_hours.to_string(),
            "sla_medium_hours" => s.sla_medium_hours.to_string(),
            "sla_low_hours" => s.sla_low_hours.to_string(),
            "sla_business_hours" => s.sla_business_hours.to_string(),
            "amer_business_hours" => s.amer_business_hours.to_string(),
            "amer_time_zone" => s.amer_time_zone.clone(),
            "emea_business_hours" => s.emea_business_hours.to_string(),
            "emea_time_zone" => s.emea_time_zone.clone(),
            "default_capacity" => s.capacity_default.to_string(),
            "upgrade_cap" => s.upgrade_cap.to_string(),
            other => unreachable!("setting {other} has no field"),
        }
    }

    /// Checks `text` and sets it in `s`; returns the value as stored. Exit 2 when it is not
    /// one of the allowed values (nothing set).
    pub fn set(&self, s: &mut Settings, text: &str) -> Result<String, Error> {
        let bad = || {
            Error::invalid(format!(
                "{} {text:?}: expected {}",
                self.key,
                self.expected()
            ))
        };
        match self.kind {
            Kind::Number { min, max, .. } => {
                let n: i64 = text.trim().parse().map_err(|_| bad())?;
                if !(min..=max).contains(&n) {
                    return Err(bad());
                }
                match self.key {
                    "renewal_window_days" => s.renewal_window_days = n,
                    "change_window_days" => s.change_window_days = n,
                    "late_auto_renewal_days" => s.late_auto_renewal_days = n,
                    "sla_high_hours" => s.sla_high_hours = n,
                    "sla_medium_hours" => s.sla_medium_hours = n,
                    "sla_low_hours" => s.sla_low_hours = n,
                    "sla_business_hours" => s.sla_business_hours = n,
                    "default_capacity" => s.capacity_default = n as u32,
                    "upgrade_cap" => s.upgrade_cap = n as u32,
                    other => unreachable!("setting {other} is not a number"),
                }
            }
            Kind::TimeZone => {
                let tz: Tz = text.trim().parse().map_err(|_| bad())?;
                match self.key {
                    "amer_time_zone" => s.amer_time_zone = tz.name().to_string(),
                    _ => s.emea_time_zone = tz.name().to_string(),
                }
            }
            Kind::Hours => {
                let h: BusinessHours = text.parse().map_err(|_| bad())?;
                match self.key {
                    "amer_business_hours" => s.amer_business_hours = h,
                    _ => s.emea_business_hours = h,
                }
            }
        }
        Ok(self.value(s))
    }
}

/// The settings a pick-up clock takes when it starts and keeps (SPEC §11.4: a change applies
/// from then on): its targets, the business day and its zone.
pub const CLOCK_KEYS: [&str; 8] = [
    "sla_high_hours",
    "sla_medium_hours",
    "sla_low_hours",
    "sla_business_hours",
    "amer_business_hours",
    "amer_time_zone",
    "emea_business_hours",
    "emea_time_zone",
];

/// A logged change of one of the [`CLOCK_KEYS`]: the value it replaced (`None`: the default),
/// in log order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockSettingChange {
    pub at: DateTime<Utc>,
    pub key: &'static str,
    pub before: Option<String>,
}

/// The settings a clock that started at `started` keeps: the clock settings as they were then
/// (each changed later takes the value its first later change replaced), the rest as now.
/// Without a later change (the usual case) the settings themselves.
pub fn in_force(s: &Settings, started: DateTime<Utc>) -> Cow<'_, Settings> {
    if !s.clock_changes.iter().any(|c| c.at > started) {
        return Cow::Borrowed(s);
    }
    let mut then = s.clone();
    then.clock_changes.clear();
    let defaults = Settings::new(s.model);
    for key in CLOCK_KEYS {
        let Some(first) = s
            .clock_changes
            .iter()
            .find(|c| c.key == key && c.at > started)
        else {
            continue;
        };
        let d = find(key).expect("a clock key is a setting");
        let value = first.before.clone().unwrap_or_else(|| d.value(&defaults));
        // A stored value that no longer passes its check keeps the current one.
        let _ = d.set(&mut then, &value);
    }
    Cow::Owned(then)
}

/// The setting named `key` (ignoring case; `-` for `_`), or exit 2 with the nearest names.
pub fn find(key: &str) -> Result<&'static Def, Error> {
    let k = key.trim().to_ascii_lowercase().replace('-', "_");
    if let Some(d) = ALL.iter().find(|d| d.key == k) {
        return Ok(d);
    }
    let names: Vec<&str> = ALL.iter().map(|d| d.key).collect();
    let near = super::near::near(&k, &names);
    let hint = match near.as_slice() {
        [] => String::new(),
        n => format!("did you mean {}? ", n.join(" or ")),
    };
    Err(Error::invalid(format!(
        "unknown setting {key:?}: {hint}`smb settings list` shows them all"
    )))
}

/// The setting named `key` for a database of `model`: exit 2 when it does not apply there.
pub fn find_for(key: &str, model: Model) -> Result<&'static Def, Error> {
    let d = find(key)?;
    if !d.applies_to(model) {
        return Err(Error::invalid(format!(
            "{} applies to {} databases only; this one is {model}",
            d.key,
            d.model.map_or("all", Model::as_str)
        )));
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_checked_on_both_sides_of_their_range() {
        let mut s = Settings::new(Model::Digital);
        let d = find("renewal_window_days").unwrap();
        assert!(d.set(&mut s, "0").is_err());
        assert_eq!(d.set(&mut s, "1").unwrap(), "1");
        assert_eq!(d.set(&mut s, "365").unwrap(), "365");
        let e = d.set(&mut s, "366").unwrap_err().to_string();
        assert!(e.contains("from 1 to 365"), "{e}");
        assert!(d.set(&mut s, "ninety").is_err());
        assert_eq!(s.renewal_window_days, 365);
    }

    #[test]
    fn zones_and_hours_are_checked() {
        let mut s = Settings::new(Model::Pooled);
        let z = find("amer_time_zone").unwrap();
        assert!(z.set(&mut s, "Mars/Olympus").is_err());
        assert_eq!(z.set(&mut s, "America/Chicago").unwrap(), "America/Chicago");
        let h = find("emea-business-hours").unwrap();
        assert!(h.set(&mut s, "17:00-09:00").is_err());
        assert!(h.set(&mut s, "9-5").is_err());
        assert_eq!(h.set(&mut s, "08:30-16:30").unwrap(), "08:30-16:30");
        assert_eq!(s.emea_business_hours.to_string(), "08:30-16:30");
    }

    #[test]
    fn an_unknown_key_gets_the_nearest_names() {
        let e = find("upgrade_caps").unwrap_err().to_string();
        assert!(e.contains("did you mean upgrade_cap"), "{e}");
        let e = find_for("upgrade_cap", Model::Digital)
            .unwrap_err()
            .to_string();
        assert!(e.contains("pooled databases only"), "{e}");
    }

    #[test]
    fn a_clock_keeps_the_settings_in_force_when_it_started() {
        let t = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        let mut s = Settings::new(Model::Digital);
        s.sla_high_hours = 6;
        s.clock_changes = vec![
            ClockSettingChange {
                at: t("2026-03-02T10:00:00Z"),
                key: "sla_high_hours",
                before: None,
            },
            ClockSettingChange {
                at: t("2026-03-03T10:00:00Z"),
                key: "sla_high_hours",
                before: Some("12".into()),
            },
        ];
        let at = |when: &str| in_force(&s, t(when)).sla_high_hours;
        assert_eq!(
            at("2026-03-02T09:59:59Z"),
            24,
            "before the first change: the default"
        );
        assert_eq!(at("2026-03-02T10:00:00Z"), 12, "from the change on");
        assert_eq!(at("2026-03-03T09:00:00Z"), 12);
        assert_eq!(at("2026-03-03T10:00:00Z"), 6);
        assert!(matches!(
            in_force(&s, t("2026-03-04T00:00:00Z")),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn every_setting_reads_back_what_it_sets() {
        for d in ALL {
            let mut s = Settings::new(d.model.unwrap_or(Model::Digital));
            let v = d.value(&s);
            assert_eq!(d.set(&mut s, &v).unwrap(), v, "{}", d.key);
        }
    }
}
