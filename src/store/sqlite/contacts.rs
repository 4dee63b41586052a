//! The contacts table.

use rusqlite::{Row, params};

use super::Tx;
use crate::Result;
use crate::domain::account::Contact;

fn from_row(r: &Row<'_>) -> rusqlite::Result<Contact> {
    Ok(Contact {
        id: r.get(0)?,
        account_id: r.get(1)?,
        email: r.get(2)?,
        name: r.get(3)?,
        language: r.get(4)?,
    })
}

impl Tx<'_> {
    /// The stored contact, if any.
    pub fn contact(&self, id: &str) -> Result<Option<Contact>> {
        let mut st = self
            .tx
            .prepare_cached(
                "SELECT contact_id, account_id, email, name, language FROM contacts
                 WHERE contact_id = ?1",
            )
            .map_err(|e| self.err(e))?;
        let mut rows = st.query(params![id]).map_err(|e| self.err(e))?;
        match rows.next().map_err(|e| self.err(e))? {
            Some(r) => Ok(Some(from_row(r).map_err(|e| self.err(e))?)),
            None => Ok(None),
        }
    }

    /// The first contact (by id) whose email is `email`, case-insensitively.
    pub fn contact_by_email(&self, email: &str) -> Result<Option<Contact>> {
        let mut st = self
            .tx
            .prepare_cached(
                "SELECT contact_id, account_id, email, name, language FROM contacts
                 WHERE email = ?1 COLLATE NOCASE ORDER BY contact_id LIMIT 1",
            )
            .map_err(|e| self.err(e))?;
        let mut rows = st.query(params![email.trim()]).map_err(|e| self.err(e))?;
        match rows.next().map_err(|e| self.err(e))? {
            Some(r) => Ok(Some(from_row(r).map_err(|e| self.err(e))?)),
            None => Ok(None),
        }
    }

    /// Inserts or replaces the contact.
    pub fn put_contact(&self, c: &Contact, row_hash: i64) -> Result<()> {
        let mut st = self
            .tx
            .prepare_cached(
                "INSERT OR REPLACE INTO contacts
                 (contact_id, account_id, email, name, language, row_hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .map_err(|e| self.err(e))?;
        st.execute(params![
            c.id,
            c.account_id,
            c.email,
            c.name,
            c.language,
            row_hash
        ])
        .map_err(|e| self.err(e))?;
        Ok(())
    }
}
