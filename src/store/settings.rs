//! The database's model and settings, one row per key.

use crate::domain::calendar::FiscalCalendar;
use crate::domain::model::{Model, Settings};

/// The settings as the `settings` table's (key, value) rows (both engines).
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

/// The settings from the `settings` table's rows (both engines).
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
            "renewal_window_days" => s.renewal_window_days = v.parse().unwrap_or(60),
            "change_window_days" => s.change_window_days = v.parse().unwrap_or(30),
            "amer_time_zone" => s.amer_time_zone = v,
            "emea_time_zone" => s.emea_time_zone = v,
            _ => {}
        }
    }
    s
}
