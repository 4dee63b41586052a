//! The database's model and settings, one row per key, and the holidays read with them.

use std::sync::Arc;

use crate::domain::calendar::FiscalCalendar;
use crate::domain::holidays::Holiday;
use crate::domain::model::{Model, Region, Settings};
use crate::domain::setting::{self, ClockSettingChange};

/// The settings as the `settings` table's (key, value) rows written at creation (both
/// engines). The other settings keep their defaults until `smb settings set` stores a row.
pub(crate) fn to_rows(s: &Settings) -> [(&'static str, String); 6] {
    [
        ("model", s.model.as_str().to_string()),
        ("fiscal_year_start", s.calendar.start_month.to_string()),
        ("renewal_window_days", s.renewal_window_days.to_string()),
        ("change_window_days", s.change_window_days.to_string()),
        ("amer_time_zone", s.amer_time_zone.clone()),
        ("emea_time_zone", s.emea_time_zone.clone()),
    ]
}

/// The prefix of a holiday's row in [`SETTINGS_AND_HOLIDAYS`]: `holiday REGION YYYY-MM-DD`.
const HOLIDAY: &str = "holiday ";

/// The prefix of a settings log row in [`SETTINGS_AND_HOLIDAYS`]: `logged ID AT KEY`.
const LOGGED: &str = "logged ";

/// The settings rows, one row per holiday (`holiday AMER 2026-12-25`, its name), and one per
/// logged change (`logged 7 2026-03-02T09:00:00Z sla_high_hours`, the value before or ''):
/// what [`from_rows`] reads, in one statement (both engines).
pub(crate) const SETTINGS_AND_HOLIDAYS: &str = "SELECT key, value FROM settings
UNION ALL SELECT 'holiday ' || region || ' ' || day, coalesce(name, '') FROM holidays
UNION ALL SELECT 'logged ' || id || ' ' || at || ' ' || key, coalesce(before, '') FROM settings_log";

/// The settings from the rows of [`SETTINGS_AND_HOLIDAYS`] (both engines). A stored value
/// that no longer passes its check keeps the default.
pub(crate) fn from_rows(rows: impl IntoIterator<Item = (String, String)>) -> Settings {
    let mut s = Settings::new(Model::Digital);
    let mut logged: Vec<(i64, ClockSettingChange)> = Vec::new();
    for (k, v) in rows {
        match k.as_str() {
            "model" => s.model = v.parse().unwrap_or(Model::Digital),
            "fiscal_year_start" => {
                if let Some(c) = v.parse().ok().and_then(FiscalCalendar::new) {
                    s.calendar = c;
                }
            }
            key if key.starts_with(HOLIDAY) => {
                let mut parts = key[HOLIDAY.len()..].split(' ');
                let region = parts.next().and_then(Region::parse);
                let day = parts.next().and_then(|d| d.parse().ok());
                if let (Some(region), Some(day)) = (region, day) {
                    Arc::make_mut(&mut s.holidays).insert(Holiday {
                        region,
                        day,
                        name: (!v.is_empty()).then_some(v),
                    });
                }
            }
            key if key.starts_with(LOGGED) => {
                let mut parts = key[LOGGED.len()..].split(' ');
                let id = parts.next().and_then(|i| i.parse().ok());
                let at = parts.next().and_then(|t| t.parse().ok());
                let clock_key = parts
                    .next()
                    .and_then(|k| setting::CLOCK_KEYS.into_iter().find(|c| *c == k));
                if let (Some(id), Some(at), Some(key)) = (id, at, clock_key) {
                    let before = (!v.is_empty()).then_some(v);
                    logged.push((id, ClockSettingChange { at, key, before }));
                }
            }
            key => {
                // `set` changes nothing when the value fails its check.
                if let Ok(d) = setting::find(key) {
                    let _ = d.set(&mut s, &v);
                }
            }
        }
    }
    logged.sort_by_key(|(id, _)| *id);
    s.clock_changes = logged.into_iter().map(|(_, c)| c).collect();
    s
}
