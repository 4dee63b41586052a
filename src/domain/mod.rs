//! The playbook rules, pure: no SQLite, no command line, no files, no clock.

pub mod account;
pub mod asof;
pub mod cadence;
pub mod calendar;
pub mod case;
pub mod change;
pub mod dates;
pub mod error;
pub mod escalation;
pub mod model;
pub mod money;
pub mod near;
pub mod notice;
pub mod people;
pub mod pick;
pub mod picks;
pub mod plan;
pub mod queue;
pub mod report;
pub mod routing;
pub mod segment;
pub mod sla;
pub mod tracking;
pub mod trigger;
pub mod vocab;
pub mod workflow;
