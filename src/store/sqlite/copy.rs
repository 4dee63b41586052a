//! Whole tables out and in (`smb db copy`), row by row, values as [`Cell`]s.

use rusqlite::types::{Value, ValueRef};

use super::Tx;
use crate::store::Cell;
use crate::store::copy::check;
use crate::{Error, Result};

impl Tx<'_> {
    /// How many rows `table` holds.
    pub fn count_rows(&self, table: &'static str) -> Result<u64> {
        check(table, &[])?;
        let n: i64 = self
            .tx
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        Ok(n as u64)
    }

    /// Calls `f` with every row of `table` (the values of `columns`, in order).
    pub fn copy_out(
        &self,
        table: &'static str,
        columns: &'static [&'static str],
        f: &mut dyn FnMut(Vec<Cell>) -> Result<()>,
    ) -> Result<u64> {
        check(table, columns)?;
        let sql = format!("SELECT {} FROM {table}", columns.join(", "));
        let mut st = self.tx.prepare(&sql).map_err(|e| self.err(e))?;
        let mut rows = st.query([]).map_err(|e| self.err(e))?;
        let mut n = 0;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let mut cells = Vec::with_capacity(columns.len());
            for (i, column) in columns.iter().enumerate() {
                cells.push(match r.get_ref(i).map_err(|e| self.err(e))? {
                    ValueRef::Null => Cell::Null,
                    ValueRef::Integer(v) => Cell::Int(v),
                    ValueRef::Real(v) => Cell::Real(v),
                    ValueRef::Text(t) => Cell::Text(String::from_utf8_lossy(t).into_owned()),
                    ValueRef::Blob(_) => {
                        return Err(Error::Database(format!(
                            "{table}.{column}: a binary value smb does not write"
                        )));
                    }
                });
            }
            f(cells)?;
            n += 1;
        }
        Ok(n)
    }

    /// Inserts `rows` (the values of `columns`, in order) into `table`.
    pub fn copy_in(
        &self,
        table: &'static str,
        columns: &'static [&'static str],
        rows: &mut dyn Iterator<Item = Result<Vec<Cell>>>,
    ) -> Result<u64> {
        check(table, columns)?;
        let marks: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
        let sql = format!(
            "INSERT INTO {table} ({}) VALUES ({})",
            columns.join(", "),
            marks.join(", ")
        );
        let mut st = self.tx.prepare(&sql).map_err(|e| self.err(e))?;
        let mut n = 0;
        for row in rows {
            let values: Vec<Value> = row?
                .into_iter()
                .map(|c| match c {
                    Cell::Null => Value::Null,
                    Cell::Int(v) => Value::Integer(v),
                    Cell::Real(v) => Value::Real(v),
                    Cell::Text(t) => Value::Text(t),
                })
                .collect();
            st.execute(rusqlite::params_from_iter(values))
                .map_err(|e| self.err(e))?;
            n += 1;
        }
        Ok(n)
    }
}
