//! CLI tests: one binary, one module per command family. Every test pins the environment
//! (`SMB_DB`, `SMB_NOW`, `SMB_USER`) through [`Workdir`].

mod support;

mod case;
mod caselist;
mod casework;
mod close;
mod dates;
mod demo;
mod email;
mod hardening;
mod help;
mod import;
mod pick;
mod pty;
mod queue;
mod readme;
mod report;
mod safety;
mod store;
mod template;
mod terminal;
mod tier;
mod today;
mod trigger;
mod whoami;
