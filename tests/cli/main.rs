//! CLI tests: one binary, one module per command family. Every test pins the environment
//! (`SMB_DB`, `SMB_NOW`, `SMB_USER`) through [`Workdir`]. With `SMB_TEST_ENGINE=postgres` and
//! `SMB_TEST_DB` set (`.ci/run` does it inside `.ci/with-postgres`), each test runs on a fresh
//! PostgreSQL database of its own; tests about the SQLite file itself return early there.

mod support;

#[cfg(feature = "postgres")]
#[path = "../pgdb/mod.rs"]
mod pgdb;

mod asof;
mod audit;
mod away;
mod calendar;
mod case;
mod caselist;
mod casework;
mod close;
mod dashboard;
mod dates;
mod db;
mod demo;
mod email;
mod escalate;
mod forecast;
mod hardening;
mod help;
mod import;
mod import_overlap;
mod import_plan;
mod opp;
mod pick;
mod postgres;
mod pty;
mod queue;
mod readme;
mod report;
mod report_picks;
mod safety;
mod settings;
mod store;
mod template;
mod terminal;
mod tier;
mod tier_summary;
mod today;
mod trigger;
mod whoami;
