//! Holidays and the settings log on PostgreSQL (SPEC §11.4), SQLite's `calendar.rs` ported.
//! The writes go through migration 9's functions, which let a manager's login (or the owner)
//! change what no login may write directly.

use chrono::NaiveDate;
use postgres::GenericClient;
use postgres::types::Type;

use super::read::{R, parse_ts};
use crate::domain::holidays::Holiday;
use crate::domain::model::Region;
use crate::domain::setting::SettingChange;
use crate::store::ts;

/// Adds each holiday (a day already there takes the new name); returns how many were new.
pub fn put_holidays(c: &mut impl GenericClient, holidays: &[Holiday]) -> R<u64> {
    let mut new = 0;
    for h in holidays {
        let (region, day) = (h.region.as_str(), h.day.to_string());
        let row = c.query_typed_one(
            "SELECT smb_put_holiday($1, $2, $3)",
            &[
                (&region, Type::TEXT),
                (&day, Type::TEXT),
                (&h.name, Type::TEXT),
            ],
        )?;
        new += u64::from(row.get::<_, bool>(0));
    }
    Ok(new)
}

/// Removes `region`'s holiday on `day`; returns whether there was one.
pub fn remove_holiday(c: &mut impl GenericClient, region: Region, day: NaiveDate) -> R<bool> {
    let (region, day) = (region.as_str(), day.to_string());
    let row = c.query_typed_one(
        "SELECT smb_remove_holiday($1, $2)",
        &[(&region, Type::TEXT), (&day, Type::TEXT)],
    )?;
    Ok(row.get(0))
}

/// Stores the setting's new value and appends the change to the log.
pub fn put_setting(c: &mut impl GenericClient, s: &SettingChange) -> R<()> {
    let at = ts(s.at);
    c.query_typed(
        "SELECT smb_put_setting($1, $2, $3, $4, $5)",
        &[
            (&s.key, Type::TEXT),
            (&s.before, Type::TEXT),
            (&s.after, Type::TEXT),
            (&at, Type::TEXT),
            (&s.actor, Type::TEXT),
        ],
    )?;
    Ok(())
}

/// The settings log, oldest first.
pub fn settings_log(c: &mut impl GenericClient) -> R<Vec<SettingChange>> {
    c.query_typed(
        "SELECT key, before, after, at, actor FROM settings_log ORDER BY id",
        &[],
    )?
    .iter()
    .map(|r| {
        Ok(SettingChange {
            key: r.get(0),
            before: r.get(1),
            after: r.get(2),
            at: parse_ts(r.get(3))?,
            actor: r.get(4),
        })
    })
    .collect()
}
