//! CLI tests: one binary, one module per command family. Every test pins the environment
//! (`SMB_DB`, `SMB_NOW`, `SMB_USER`) through [`Workdir`].

mod support;

// The skeleton's empty modules import Workdir before they have tests.
#[allow(unused_imports)]
mod import;
#[allow(unused_imports)]
mod store;
#[allow(unused_imports)]
mod tier;
mod trigger;
