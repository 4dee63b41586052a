//! `smb man`: the manual page (roff), the same as `man/smb.1` in the repository.

use std::io::Write;

use super::Ctx;
use smb::{Error, Result};

/// Print the manual page (roff): `smb man | man -l -`
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  smb man | man -l -\n  smb man > ~/.local/share/man/man1/smb.1"
)]
pub struct Args {}

/// The manual page: the command, its options and every subcommand with its summary.
pub fn page() -> Vec<u8> {
    let mut out = Vec::new();
    let cmd = super::whole_command();
    clap_mangen::Man::new(cmd)
        .render(&mut out)
        .expect("writing to memory");
    out
}

pub fn run(ctx: &mut Ctx, _args: &Args) -> Result<()> {
    ctx.out
        .write_all(&page())
        .map_err(|e| Error::io("cannot write output", e))
}
