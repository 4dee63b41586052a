//! The first trigger run on PostgreSQL: a run that begins on an empty `cases` table writes
//! every case, history row and SLA clock of the book at once (337,478 cases on 1M accounts).
//! Each of those rows would descend into every secondary index of its table and fire a
//! foreign key check; instead the run drops the secondary indexes of `cases`, `case_history`
//! and `sla_clocks` and the foreign keys from `case_history` and `sla_clocks` to `cases`, and
//! puts them back, from the catalog's own definitions, just before it commits (one sort per
//! index, one join per key: BENCHMARKS.md "Fifth pass: the PostgreSQL first trigger run").
//!
//! Dropping an index takes its table's exclusive lock: until the run commits (or rolls back,
//! which restores everything), every other reader of those tables waits for it, and then sees
//! the run's cases. The primary keys and the unique index `ON CONFLICT (dedup_key)` needs
//! stay. Only what this login may drop is dropped (a login that may write the tables without
//! owning them writes with every index, as before).

use postgres::GenericClient;

use crate::{Error, Result};

/// A secondary index a bulk load may drop and build again: not unique (a unique index is what
/// `ON CONFLICT` and the duplicate checks need), not the primary key, valid, and owned by a
/// role this login has (a login that may write a table without owning it keeps its indexes).
pub struct DroppableIndex {
    /// The table, as `regclass` prints it.
    pub table: String,
    /// The index, as `regclass` prints it (quoted when it needs to be): `DROP INDEX {name}`.
    pub name: String,
    /// `pg_get_indexdef`: the statement that builds it again, exactly as the migrations did.
    pub definition: String,
}

/// The [`DroppableIndex`]es of `tables` (names of this schema's tables, constants of the
/// caller), in the order they were created. Shared by the first import of accounts and the
/// first trigger run.
pub fn droppable_indexes(
    c: &mut impl GenericClient,
    tables: &[&str],
) -> std::result::Result<Vec<DroppableIndex>, postgres::Error> {
    let tables: Vec<&str> = tables.to_vec();
    Ok(c.query_typed(
        "SELECT i.indrelid::regclass::text, i.indexrelid::regclass::text,
                    pg_get_indexdef(i.indexrelid)
               FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid
              WHERE i.indrelid = ANY ($1::text[]::regclass[])
                AND NOT i.indisunique AND NOT i.indisprimary AND i.indisvalid
                AND pg_has_role(x.relowner, 'USAGE')
              ORDER BY i.indexrelid",
        &[(&tables, postgres::types::Type::TEXT_ARRAY)],
    )?
    .iter()
    .map(|r| DroppableIndex {
        table: r.get(0),
        name: r.get(1),
        definition: r.get(2),
    })
    .collect())
}

/// Drops what a first run need not maintain row by row, when `cases` is empty (checked once
/// its exclusive lock is held). Returns the statements that put it all back, in order, or
/// `None` when nothing was dropped (`cases` not empty, or nothing of `cases` this login may
/// drop): then nothing is locked beyond what the run takes anyway.
pub fn clear_for_first_run(
    c: &mut impl GenericClient,
    err: &dyn Fn(postgres::Error) -> Error,
) -> Result<Option<Vec<String>>> {
    let empty: bool = c
        .query_typed_one("SELECT NOT EXISTS (SELECT 1 FROM cases)", &[])
        .map_err(err)?
        .get(0);
    if !empty {
        return Ok(None);
    }
    let indexes: Vec<(String, String, bool)> =
        droppable_indexes(c, &["cases", "case_history", "sla_clocks"])
            .map_err(err)?
            .into_iter()
            .map(|i| (i.name, i.definition, i.table == "cases"))
            .collect();
    if !indexes.iter().any(|(_, _, of_cases)| *of_cases) {
        return Ok(None);
    }
    let keys: Vec<(String, String, String)> = c
        .query_typed(
            "SELECT k.conrelid::regclass::text, quote_ident(k.conname),
                    pg_get_constraintdef(k.oid)
               FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid
                    JOIN pg_class p ON p.oid = k.confrelid
              WHERE k.contype = 'f' AND k.confrelid = 'cases'::regclass
                AND k.conrelid IN ('case_history'::regclass, 'sla_clocks'::regclass)
                AND k.convalidated
                AND pg_has_role(t.relowner, 'USAGE') AND pg_has_role(p.relowner, 'USAGE')
              ORDER BY k.oid",
            &[],
        )
        .map_err(err)?
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
    // Dropped in a savepoint: if a case was committed before the lock was ours, everything
    // (locks included) goes back as it was and the run writes with its indexes.
    c.batch_execute("SAVEPOINT smb_first_run").map_err(err)?;
    // Names from the catalog, quoted as `regclass` and `quote_ident` print them; never input.
    // The indexes of `cases` first: the exclusive lock of `cases` before anything else.
    for (name, _, _) in indexes.iter().filter(|(_, _, of_cases)| *of_cases) {
        c.batch_execute(&format!("DROP INDEX {name}"))
            .map_err(err)?;
    }
    let empty: bool = c
        .query_typed_one("SELECT NOT EXISTS (SELECT 1 FROM cases)", &[])
        .map_err(err)?
        .get(0);
    if !empty {
        c.batch_execute("ROLLBACK TO SAVEPOINT smb_first_run; RELEASE SAVEPOINT smb_first_run")
            .map_err(err)?;
        return Ok(None);
    }
    for (name, _, _) in indexes.iter().filter(|(_, _, of_cases)| !*of_cases) {
        c.batch_execute(&format!("DROP INDEX {name}"))
            .map_err(err)?;
    }
    for (table, name, _) in &keys {
        c.batch_execute(&format!("ALTER TABLE {table} DROP CONSTRAINT {name}"))
            .map_err(err)?;
    }
    c.batch_execute("RELEASE SAVEPOINT smb_first_run")
        .map_err(err)?;
    let mut rebuild: Vec<String> = indexes.into_iter().map(|(_, d, _)| d).collect();
    rebuild.extend(
        keys.into_iter()
            .map(|(table, name, d)| format!("ALTER TABLE {table} ADD CONSTRAINT {name} {d}")),
    );
    Ok(Some(rebuild))
}
