//! The database's model and settings, one row per key.

use rusqlite::{Transaction, params};

use crate::domain::model::Settings;
use crate::store::settings::{from_rows, to_rows};

pub(super) fn write(tx: &Transaction<'_>, s: &Settings) -> rusqlite::Result<()> {
    let mut st = tx.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)")?;
    for (k, v) in to_rows(s) {
        st.execute(params![k, v])?;
    }
    Ok(())
}

pub(super) fn read(tx: &Transaction<'_>) -> rusqlite::Result<Settings> {
    let mut st = tx.prepare_cached(crate::store::settings::SETTINGS_AND_HOLIDAYS)?;
    let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    Ok(from_rows(rows.collect::<rusqlite::Result<Vec<_>>>()?))
}
