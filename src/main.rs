//! The `smb` binary: parse, read the clock once, dispatch, map errors to exit codes.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::parse();
    #[allow(clippy::disallowed_methods)] // the one place the clock is read
    let clock = chrono::Utc::now();
    let result = cli::context(&args, clock).and_then(|mut ctx| cli::run(&mut ctx, &args.command));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // `smb queue list | head` closes the pipe early: that is not an error.
        Err(smb::Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(e) => {
            // Messages may quote imported data or an email: never write it raw to a terminal.
            eprintln!(
                "error: {}",
                smb::output::escape_for_terminal(&e.to_string())
            );
            ExitCode::from(e.exit_code() as u8)
        }
    }
}
