//! `smb completions bash|zsh|fish`: print a shell completion script.

use std::io::Write;

use clap::CommandFactory;
use clap_complete::Shell;

use super::{Cli, Ctx};
use smb::{Error, Result};

/// Print the completion script for a shell.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  smb completions bash > ~/.local/share/bash-completion/completions/smb\n  smb completions zsh > ~/.zfunc/_smb\n  smb completions fish > ~/.config/fish/completions/smb.fish"
)]
pub struct Args {
    /// The shell
    #[arg(value_parser = ["bash", "zsh", "fish"])]
    shell: String,
}

/// The completion script for `shell`.
pub fn script(shell: &str) -> Vec<u8> {
    let shell = match shell {
        "zsh" => Shell::Zsh,
        "fish" => Shell::Fish,
        _ => Shell::Bash,
    };
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "smb", &mut out);
    out
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    ctx.out
        .write_all(&script(&args.shell))
        .map_err(|e| Error::io("cannot write output", e))
}
