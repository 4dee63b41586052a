//! CLI tests: one binary, one module per command family. Every test pins the environment
//! (`SMB_DB`, `SMB_NOW`, `SMB_USER`) through [`Workdir`].

mod support;

mod casework;
mod import;
mod pick;
mod queue;
mod store;
mod tier;
