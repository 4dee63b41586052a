//! A fresh PostgreSQL database per test, when `SMB_TEST_DB` names a server to make them on
//! (`.ci/with-postgres` starts one and sets it). Without it, [`TestDb::new`] prints a note and
//! returns `None`, and the test passes without checking anything.
//!
//! Include with `#[path = "../pgdb/mod.rs"] mod pgdb;`.

#![allow(dead_code)]

use std::sync::atomic::{AtomicU32, Ordering};

/// A database of its own for one test, dropped (connections and all) when the value is.
pub struct TestDb {
    /// The database's URL, as `--db` takes it.
    pub url: String,
    /// Its name.
    pub name: String,
    admin: String,
}

static NEXT: AtomicU32 = AtomicU32::new(0);

impl TestDb {
    /// A new empty database named after `test`, or `None` (with a note) when `SMB_TEST_DB` is
    /// not set.
    pub fn new(test: &str) -> Option<TestDb> {
        let Some(admin) = std::env::var("SMB_TEST_DB").ok().filter(|s| !s.is_empty()) else {
            eprintln!("note: SMB_TEST_DB is not set; PostgreSQL test {test} checked nothing");
            return None;
        };
        let tag: String = test
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            })
            .take(30)
            .collect();
        let name = format!(
            "smb_t{}_{}_{tag}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let mut c = admin_client(&admin);
        // The name is made here from the test's name, not from input.
        c.batch_execute(&format!("CREATE DATABASE \"{name}\" TEMPLATE template0"))
            .unwrap_or_else(|e| panic!("cannot create test database {name}: {e}"));
        Some(TestDb {
            url: with_dbname(&admin, &name),
            name,
            admin,
        })
    }

    /// A plain client on the test database, as its superuser, for looking behind smb's back.
    pub fn client(&self) -> postgres::Client {
        postgres::Client::connect(&self.url, postgres::NoTls)
            .unwrap_or_else(|e| panic!("cannot connect to {}: {e}", self.name))
    }

    /// A plain client on the server's administrative database.
    pub fn admin(&self) -> postgres::Client {
        admin_client(&self.admin)
    }

    /// The server's port, from `SMB_TEST_DB`.
    pub fn port(&self) -> u16 {
        let cfg: postgres::Config = self.admin.parse().expect("SMB_TEST_DB is a URL");
        cfg.get_ports().first().copied().unwrap_or(5432)
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let mut c = admin_client(&self.admin);
        if let Err(e) = c.batch_execute(&format!(
            "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
            self.name
        )) {
            eprintln!("warning: cannot drop test database {}: {e}", self.name);
        }
    }
}

fn admin_client(url: &str) -> postgres::Client {
    postgres::Client::connect(url, postgres::NoTls)
        .unwrap_or_else(|e| panic!("cannot connect to SMB_TEST_DB: {e}"))
}

/// `url` with its database name replaced by `name`.
pub fn with_dbname(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[after_scheme..]
        .find('/')
        .map_or(base.len(), |i| after_scheme + i);
    format!("{}/{name}{query}", &base[..host_end])
}

#[test]
fn with_dbname_replaces_only_the_database() {
    assert_eq!(
        with_dbname("postgres://u@h:1/postgres?sslmode=disable", "x"),
        "postgres://u@h:1/x?sslmode=disable"
    );
    assert_eq!(with_dbname("postgresql://u@h", "x"), "postgresql://u@h/x");
}
