//! Whole tables out and in on PostgreSQL (`smb db copy`, docs/store-boundary.md 4.7): rows as
//! [`Cell`]s, streamed out by primary key, inserted in batches through `unnest` with the ids
//! kept; identity sequences set past the copied ids afterwards.

use postgres::GenericClient;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{ToSql, Type};

use crate::store::Cell;
use crate::store::copy::check;
use crate::{Error, Result};

type Map<'e> = &'e dyn Fn(postgres::Error) -> Error;

/// Rows per INSERT.
const BATCH: usize = 1000;

/// How many rows `table` holds.
pub fn count_rows(c: &mut impl GenericClient, table: &'static str, err: Map<'_>) -> Result<u64> {
    check(table, &[])?;
    let n: i64 = c
        .query_typed_one(&format!("SELECT count(*) FROM {table}"), &[])
        .map_err(err)?
        .get(0);
    Ok(n as u64)
}

/// Calls `f` with every row of `table` (the values of `columns`, in order), by its first
/// column (the key). Booleans come out as `Int` 0/1, as SQLite stores them.
pub fn copy_out(
    c: &mut impl GenericClient,
    table: &'static str,
    columns: &'static [&'static str],
    f: &mut dyn FnMut(Vec<Cell>) -> Result<()>,
    err: Map<'_>,
) -> Result<u64> {
    check(table, columns)?;
    let sql = format!("SELECT {} FROM {table} ORDER BY 1", columns.join(", "));
    let mut rows = c
        .query_typed_raw(&sql, std::iter::empty::<(&(dyn ToSql + Sync), Type)>())
        .map_err(err)?;
    let mut n = 0;
    while let Some(r) = rows.next().map_err(err)? {
        let mut cells = Vec::with_capacity(columns.len());
        for (i, col) in r.columns().iter().enumerate() {
            let t = col.type_();
            cells.push(if *t == Type::BOOL {
                r.get::<_, Option<bool>>(i)
                    .map_or(Cell::Null, |b| Cell::Int(i64::from(b)))
            } else if *t == Type::INT8 {
                r.get::<_, Option<i64>>(i).map_or(Cell::Null, Cell::Int)
            } else if *t == Type::TEXT {
                r.get::<_, Option<String>>(i).map_or(Cell::Null, Cell::Text)
            } else {
                return Err(Error::Database(format!(
                    "{table}.{}: a {t} value smb does not write",
                    columns[i]
                )));
            });
        }
        f(cells)?;
        n += 1;
    }
    Ok(n)
}

/// One column's values of a batch, typed as the target column.
enum Column {
    Bool(Vec<Option<bool>>),
    Int(Vec<Option<i64>>),
    Text(Vec<Option<String>>),
}

impl Column {
    fn push(&mut self, cell: Cell, table: &str, col: &str) -> Result<()> {
        let bad = |v: &Cell, want: &str| {
            Error::Database(format!(
                "{table}.{col}: {v:?} cannot be copied into a {want} column"
            ))
        };
        match (self, cell) {
            (Column::Bool(v), Cell::Null) => v.push(None),
            (Column::Int(v), Cell::Null) => v.push(None),
            (Column::Text(v), Cell::Null) => v.push(None),
            (Column::Bool(v), Cell::Int(i)) if i == 0 || i == 1 => v.push(Some(i == 1)),
            (Column::Int(v), Cell::Int(i)) => v.push(Some(i)),
            (Column::Text(v), Cell::Text(s)) => v.push(Some(s)),
            (Column::Bool(_), c) => return Err(bad(&c, "boolean")),
            (Column::Int(_), c) => return Err(bad(&c, "bigint")),
            (Column::Text(_), c) => return Err(bad(&c, "text")),
        }
        Ok(())
    }

    fn param(&self) -> (&(dyn ToSql + Sync), Type) {
        match self {
            Column::Bool(v) => (v, Type::BOOL_ARRAY),
            Column::Int(v) => (v, Type::INT8_ARRAY),
            Column::Text(v) => (v, Type::TEXT_ARRAY),
        }
    }

    fn clear(&mut self) {
        match self {
            Column::Bool(v) => v.clear(),
            Column::Int(v) => v.clear(),
            Column::Text(v) => v.clear(),
        }
    }
}

/// Inserts `rows` (values of `columns` in order, ids kept) into `table`, a batch per
/// statement; then sets the table's identity sequence past the largest id. Returns how many.
pub fn copy_in(
    c: &mut impl GenericClient,
    table: &'static str,
    columns: &'static [&'static str],
    rows: &mut dyn Iterator<Item = Result<Vec<Cell>>>,
    err: Map<'_>,
) -> Result<u64> {
    check(table, columns)?;
    let names: Vec<&str> = columns.to_vec();
    let types = c
        .query_typed(
            "SELECT a.attname::text, format_type(a.atttypid, NULL)
               FROM pg_attribute a
              WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped",
            &[(&table, Type::TEXT)],
        )
        .map_err(err)?;
    let mut cols = Vec::with_capacity(columns.len());
    let mut casts = Vec::with_capacity(columns.len());
    for (i, name) in names.iter().enumerate() {
        let t: Option<String> = types
            .iter()
            .find(|r| r.get::<_, String>(0) == *name)
            .map(|r| r.get(1));
        let (col, cast) = match t.as_deref() {
            Some("boolean") => (Column::Bool(Vec::new()), "boolean[]"),
            Some("bigint") => (Column::Int(Vec::new()), "int8[]"),
            Some("text") => (Column::Text(Vec::new()), "text[]"),
            other => {
                return Err(Error::Database(format!(
                    "cannot copy into {table}.{name}: the column is {}",
                    other.unwrap_or("missing")
                )));
            }
        };
        cols.push(col);
        casts.push(format!("${}::{cast}", i + 1));
    }
    let sql = format!(
        "INSERT INTO {table} ({}) SELECT * FROM unnest({})",
        names.join(", "),
        casts.join(", ")
    );
    let mut n = 0u64;
    let mut pending = 0usize;
    for row in rows {
        let row = row?;
        if row.len() != names.len() {
            return Err(Error::Database(format!(
                "{table}: a row of {} values for {} columns",
                row.len(),
                names.len()
            )));
        }
        for ((col, cell), name) in cols.iter_mut().zip(row).zip(&names) {
            col.push(cell, table, name)?;
        }
        pending += 1;
        n += 1;
        if pending == BATCH {
            insert(c, &sql, &mut cols, err)?;
            pending = 0;
        }
    }
    if pending > 0 {
        insert(c, &sql, &mut cols, err)?;
    }
    if names.contains(&"id") {
        c.query_typed(
            &format!(
                "SELECT setval(pg_get_serial_sequence($1, 'id'), max(id)) FROM {table}
                  HAVING max(id) IS NOT NULL"
            ),
            &[(&table, Type::TEXT)],
        )
        .map_err(err)?;
    }
    Ok(n)
}

/// Runs one batch's INSERT and empties the columns.
fn insert(c: &mut impl GenericClient, sql: &str, cols: &mut [Column], err: Map<'_>) -> Result<()> {
    let params: Vec<(&(dyn ToSql + Sync), Type)> = cols.iter().map(Column::param).collect();
    c.query_typed(sql, &params).map_err(err)?;
    cols.iter_mut().for_each(Column::clear);
    Ok(())
}

// ---- The trait's db copy on `Tx` (4.7): `ops.rs` calls these. ----

impl super::Tx<'_> {
    pub(super) fn copy_count_rows(&mut self, table: &'static str) -> Result<u64> {
        let (shown, busy) = (self.shown.clone(), self.busy);
        let err = move |e: postgres::Error| super::pg_err(&shown, busy, &e);
        count_rows(&mut *self.client, table, &err)
    }

    pub(super) fn copy_rows_out(
        &mut self,
        table: &'static str,
        columns: &'static [&'static str],
        f: &mut dyn FnMut(Vec<Cell>) -> Result<()>,
    ) -> Result<u64> {
        let (shown, busy) = (self.shown.clone(), self.busy);
        let err = move |e: postgres::Error| super::pg_err(&shown, busy, &e);
        copy_out(&mut *self.client, table, columns, f, &err)
    }

    pub(super) fn copy_rows_in(
        &mut self,
        table: &'static str,
        columns: &'static [&'static str],
        rows: &mut dyn Iterator<Item = Result<Vec<Cell>>>,
    ) -> Result<u64> {
        let (shown, busy) = (self.shown.clone(), self.busy);
        let err = move |e: postgres::Error| super::pg_err(&shown, busy, &e);
        copy_in(&mut *self.client, table, columns, rows, &err)
    }
}
