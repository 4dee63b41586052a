//! `smb case list|show|new|update|log|defer|assign|email|draft`: one case at a time (SPEC §2, §4.3, §5).

mod assign;
mod defer;
mod draft;
mod email;
mod list;
mod log;
mod new;
mod show;
mod update;

use super::Ctx;
use smb::Result;

/// Create, show and work one case.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    List(list::Args),
    Show(show::Args),
    New(new::Args),
    Update(update::Args),
    Log(log::Args),
    Defer(defer::Args),
    Assign(assign::Args),
    Email(email::Args),
    Draft(draft::Args),
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    match &args.command {
        Sub::List(a) => list::run(ctx, a),
        Sub::Show(a) => show::run(ctx, a),
        Sub::New(a) => new::run(ctx, a),
        Sub::Update(a) => update::run(ctx, a),
        Sub::Log(a) => log::run(ctx, a),
        Sub::Defer(a) => defer::run(ctx, a),
        Sub::Assign(a) => assign::run(ctx, a),
        Sub::Email(a) => email::run(ctx, a),
        Sub::Draft(a) => draft::run(ctx, a),
    }
}
