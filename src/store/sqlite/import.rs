//! An import on SQLite (`Ops::import`): a first import into an empty table drops its
//! secondary indexes, inserts every row and rebuilds them; later imports look each key's
//! stored hash up and write only the rows that changed. Both in the command's transaction,
//! with a bigger page cache (random key order touches many B-tree pages).

use super::Tx;
use super::accounts::put_account_with;
use crate::Result;
use crate::domain::account::Account;
use crate::domain::tracking::Change;
use crate::import::Parsed;
use crate::store::{ImportCounts, ImportRows, Tracked};

/// Page cache of an import (KiB).
const IMPORT_CACHE_KIB: i64 = 24 * 1024;

impl Tx<'_> {
    /// See [`crate::store::Ops::import`].
    pub(super) fn import_rows(
        &self,
        rows: &mut dyn ImportRows,
        track: &dyn Fn(Option<&Account>, Account) -> Tracked,
    ) -> Result<ImportCounts> {
        self.set_cache_kib(IMPORT_CACHE_KIB)?;
        let table = rows.kind();
        // A first import into an empty table needs no lookups: every row is new.
        let empty = self.is_empty(table)?;
        if empty {
            rows.every_row_parsed();
            self.drop_indexes(table)?;
        }
        let mut counts = ImportCounts::default();
        // Prepared once: a statement cache lookup hashes the whole SQL text.
        let mut put_account = None;
        while let Some(k) = rows.next_row()? {
            let stored_hash = if empty {
                None
            } else {
                self.row_hash(table, &k.key)?
            };
            if stored_hash == Some(k.row_hash) {
                counts.unchanged += 1;
                continue;
            }
            let Some(parsed) = rows.parse()? else {
                continue;
            };
            if let Some(account) = parsed.parent_account()
                && !self.account_exists(account)?
            {
                let account = account.to_string();
                rows.reject(
                    k.line,
                    "account_id",
                    Some(&account),
                    "the id of an imported account (import accounts first)",
                )?;
                continue;
            }
            let stored = stored_hash.is_some();
            let hash = k.row_hash;
            let change = match parsed {
                Parsed::Account(a) => {
                    let old = if stored { self.account(&a.id)? } else { None };
                    let (merged, tier, change) = track(old.as_ref(), a);
                    if change != Change::Unchanged {
                        let (st, owners) = match &mut put_account {
                            Some(p) => p,
                            None => put_account.insert(self.import_account_statement()?),
                        };
                        let owner = owners.spelling(merged.owner.as_deref());
                        put_account_with(st, &merged, owner, tier.map(|t| t.number()), hash)
                            .map_err(|e| self.err(e))?;
                    }
                    change
                }
                Parsed::Opportunity(o) => {
                    let old = if stored {
                        self.opportunity(&o.id)?
                    } else {
                        None
                    };
                    let change =
                        put_if_changed(old.as_ref(), &o, || self.put_opportunity(&o, hash))?;
                    // smb's changes reset the hash (SPEC §11.1): the CRM carried this one.
                    if stored_hash == Some(0) {
                        self.clear_opportunity_mark(&o.id)?;
                    }
                    change
                }
                Parsed::Contact(c) => {
                    let old = if stored { self.contact(&c.id)? } else { None };
                    put_if_changed(old.as_ref(), &c, || self.put_contact(&c, hash))?
                }
                Parsed::Event(e) => {
                    let old = if stored { self.event(&e.id)? } else { None };
                    put_if_changed(old.as_ref(), &e, || self.put_event(&e, hash))?
                }
            };
            match change {
                Change::Inserted => counts.inserted += 1,
                Change::Updated => counts.updated += 1,
                Change::Unchanged => counts.unchanged += 1,
            }
        }
        if empty {
            self.rebuild_indexes(table)?;
        }
        Ok(counts)
    }
}

fn put_if_changed<T: PartialEq>(
    stored: Option<&T>,
    new: &T,
    put: impl FnOnce() -> Result<()>,
) -> Result<Change> {
    match stored {
        Some(s) if s == new => Ok(Change::Unchanged),
        Some(_) => put().map(|()| Change::Updated),
        None => put().map(|()| Change::Inserted),
    }
}
