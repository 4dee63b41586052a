//! Holidays and the settings log (SPEC §11.4): `smb calendar`, `smb settings set|log`.

use chrono::NaiveDate;
use rusqlite::params;

use super::{Tx, parse_ts, ts};
use crate::Result;
use crate::domain::holidays::Holiday;
use crate::domain::model::Region;
use crate::domain::setting::SettingChange;

impl Tx<'_> {
    /// Adds each holiday (a day already there takes the new name); returns how many were new.
    pub fn put_holidays(&self, holidays: &[Holiday]) -> Result<u64> {
        let mut exists = self
            .tx
            .prepare_cached("SELECT 1 FROM holidays WHERE region = ?1 AND day = ?2")
            .map_err(|e| self.err(e))?;
        let mut put = self
            .tx
            .prepare_cached(
                "INSERT OR REPLACE INTO holidays (region, day, name) VALUES (?1, ?2, ?3)",
            )
            .map_err(|e| self.err(e))?;
        let mut new = 0;
        for h in holidays {
            let day = h.day.to_string();
            let had = exists
                .exists(params![h.region.as_str(), day])
                .map_err(|e| self.err(e))?;
            put.execute(params![h.region.as_str(), day, h.name])
                .map_err(|e| self.err(e))?;
            new += u64::from(!had);
        }
        Ok(new)
    }

    /// Removes `region`'s holiday on `day`; returns whether there was one.
    pub fn remove_holiday(&self, region: Region, day: NaiveDate) -> Result<bool> {
        let n = self
            .tx
            .execute(
                "DELETE FROM holidays WHERE region = ?1 AND day = ?2",
                params![region.as_str(), day.to_string()],
            )
            .map_err(|e| self.err(e))?;
        Ok(n > 0)
    }

    /// Stores the setting's new value and appends the change to the log.
    pub fn put_setting(&self, c: &SettingChange) -> Result<()> {
        self.tx
            .execute(
                "INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)",
                params![c.key, c.after],
            )
            .and_then(|_| {
                self.tx.execute(
                    "INSERT INTO settings_log (key, before, after, at, actor)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![c.key, c.before, c.after, ts(c.at), c.actor],
                )
            })
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// The settings log, oldest first.
    pub fn settings_log(&self) -> Result<Vec<SettingChange>> {
        let mut st = self
            .tx
            .prepare_cached("SELECT key, before, after, at, actor FROM settings_log ORDER BY id")
            .map_err(|e| self.err(e))?;
        st.query_map([], |r| {
            Ok(SettingChange {
                key: r.get(0)?,
                before: r.get(1)?,
                after: r.get(2)?,
                at: parse_ts(&r.get::<_, String>(3)?)?,
                actor: r.get(4)?,
            })
        })
        .map_err(|e| self.err(e))?
        .collect::<rusqlite::Result<_>>()
        .map_err(|e| self.err(e))
    }
}
