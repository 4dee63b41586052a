//! smb: a small-business sales team's case queue over one SQLite file.
//!
//! [`domain`] holds the playbook rules (pure), [`store`] the SQLite storage, [`import`] the CSV
//! readers, and [`output`] the table / JSON / CSV rendering. The command line lives in the
//! binary.

pub mod domain;
pub mod import;
pub mod output;
pub mod store;
pub mod template;

pub use domain::error::{Error, Result};
