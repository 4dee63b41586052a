//! `smb completions bash|zsh|fish`: print a shell completion script.

use smb::store::Ops;
use std::io::Write;

use clap_complete::Shell;

use super::Ctx;
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
    clap_complete::generate(shell, &mut super::whole_command(), "smb", &mut out);
    let text = String::from_utf8(out).expect("clap writes UTF-8");
    with_names(shell, &text).into_bytes()
}

/// Options whose values are people, and queues: completed from the database at the moment of
/// completing (`smb complete people|queues`), which clap's static scripts cannot do.
const PEOPLE: [&str; 5] = ["--as", "--to", "--owner", "--created-by", "--cover"];

fn with_names(shell: Shell, text: &str) -> String {
    match shell {
        Shell::Bash => format!(
            "{text}
# People and queues come from the database: `smb complete people|queues`.
_smb_with_names() {{
    local cur=\"${{COMP_WORDS[COMP_CWORD]}}\" prev=\"${{COMP_WORDS[COMP_CWORD-1]}}\" kind=
    case \"$prev\" in
        {people}) kind=people ;;
        --queue) kind=queues ;;
    esac
    if [[ -n \"$kind\" ]]; then
        local IFS=$'\\n'
        COMPREPLY=($(compgen -W \"$(smb complete \"$kind\" 2>/dev/null)\" -- \"$cur\"))
        COMPREPLY=(\"${{COMPREPLY[@]// /\\\\ }}\")
        return 0
    fi
    _smb \"$@\"
}}
complete -F _smb_with_names -o bashdefault -o default smb
",
            people = PEOPLE.join("|")
        ),
        Shell::Zsh => {
            let mut out = String::new();
            for line in text.lines() {
                let kind = if PEOPLE.iter().any(|o| line.starts_with(&format!("'{o}="))) {
                    Some("_smb_people")
                } else if line.starts_with("'--queue=") {
                    Some("_smb_queues")
                } else {
                    None
                };
                match kind {
                    Some(f) => out.push_str(&line.replace(":_default'", &format!(":{f}'"))),
                    None if line.starts_with("if [ \"$funcstack[1]\" = \"_smb\" ]") => {
                        out.push_str(
                            "# People and queues come from the database: `smb complete people|queues`.
(( $+functions[_smb_people] )) ||
_smb_people() {
    local -a names; names=(\"${(@f)$(smb complete people 2>/dev/null)}\")
    compadd -a names
}
(( $+functions[_smb_queues] )) ||
_smb_queues() {
    local -a names; names=(\"${(@f)$(smb complete queues 2>/dev/null)}\")
    compadd -a names
}

",
                        );
                        out.push_str(line);
                    }
                    None => out.push_str(line),
                }
                out.push('\n');
            }
            out
        }
        _ => format!(
            "{text}# People and queues come from the database: `smb complete people|queues`.
complete -c smb {} -f -a '(smb complete people 2>/dev/null)'
complete -c smb -l queue -f -a '(smb complete queues 2>/dev/null)'
",
            PEOPLE
                .iter()
                .map(|o| format!("-l {}", &o[2..]))
                .collect::<Vec<_>>()
                .join(" ")
        ),
    }
}

/// Names for the completion scripts, one a line.
#[derive(Debug, clap::Args)]
pub struct CompleteArgs {
    /// people or queues
    #[arg(value_parser = ["people", "queues"])]
    kind: String,
}

/// `smb complete people|queues`: names from the database, if there is one (never created).
pub fn complete(ctx: &mut Ctx, args: &CompleteArgs) -> Result<()> {
    let mut names: Vec<String> = Vec::new();
    if args.kind == "queues" {
        names.extend(["AMER", "EMEA"].map(String::from));
    }
    if ctx.db.exists() {
        let mut store = ctx.open()?;
        let mut tx = store.read()?;
        let pooled = tx.settings()?.model == smb::domain::model::Model::Pooled;
        if args.kind == "people" || pooled {
            names.extend(tx.advocates()?.into_iter().map(|a| a.name));
        }
    }
    for n in names {
        writeln!(ctx.out, "{n}").map_err(|e| Error::io("cannot write output", e))?;
    }
    Ok(())
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    ctx.out
        .write_all(&script(&args.shell))
        .map_err(|e| Error::io("cannot write output", e))
}
