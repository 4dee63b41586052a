//! The database's model and settings, one row per key, and the holidays read with them.

use crate::domain::calendar::FiscalCalendar;
use crate::domain::holidays::Holiday;
use crate::domain::model::{Model, Region, Settings};
use crate::domain::setting;

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

/// The settings rows, then one row per holiday (`holiday AMER 2026-12-25`, its name): what
/// [`from_rows`] reads, in one statement (both engines).
pub(crate) const SETTINGS_AND_HOLIDAYS: &str = "SELECT key, value FROM settings
UNION ALL SELECT 'holiday ' || region || ' ' || day, coalesce(name, '') FROM holidays";

/// The settings from the rows of [`SETTINGS_AND_HOLIDAYS`] (both engines). A stored value
/// that no longer passes its check keeps the default.
pub(crate) fn from_rows(rows: impl IntoIterator<Item = (String, String)>) -> Settings {
    let mut s = Settings::new(Model::Digital);
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
                    s.holidays.insert(Holiday {
                        region,
                        day,
                        name: (!v.is_empty()).then_some(v),
                    });
                }
            }
            key => {
                if let Ok(d) = setting::find(key) {
                    let mut next = s.clone();
                    if d.set(&mut next, &v).is_ok() {
                        s = next;
                    }
                }
            }
        }
    }
    s
}
