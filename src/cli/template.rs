//! `smb template list|show|path`: the email templates in effect, built in or the team's own
//! files (SPEC §11.2). The folder is read here; rendering is `smb::template`.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::{Ctx, OUTPUT_ERROR};
use smb::output::{Format, Table, escape_for_terminal};
use smb::template::{EXTENSION, Origin, Override, Templates};
use smb::{Error, Result};

/// The largest template file read (bad input has limits).
const MAX_FILE: u64 = 1024 * 1024;

/// The email templates: one per trigger, and the cadence layout they share.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  smb template list\n  smb template show po_renewal\n  smb template show cadence > \"$(smb template path)/cadence.txt\"\n\nA team replaces a built-in template with a file KEY.txt in the templates folder\n(`smb template path`: templates/ beside the config file, or SMB_TEMPLATES)."
)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    /// Every template key, where it comes from (built in or the team's file), and whether it
    /// compiles; a file that does not is refused (exit 2) with its line
    List,
    /// Print the template in effect for KEY (a trigger key, `manual` or `cadence`)
    Show {
        /// The template key
        #[arg(value_name = "KEY", value_parser = clap::builder::PossibleValuesParser::new(smb::template::keys()))]
        key: String,
    },
    /// Print the folder of the team's own templates
    Path,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    match &args.command {
        Sub::Path => {
            let dir = folder()?;
            let json = json!({"path": dir.display().to_string(), "exists": dir.is_dir()});
            if ctx.format == Format::Table {
                ctx.say(dir.display().to_string())
            } else {
                ctx.emit(&Table::new(&["path", "exists"]), &json)
            }
        }
        Sub::Show { key } => {
            let t = load()?;
            let e = t.entry(key)?;
            if ctx.format == Format::Table {
                write!(ctx.out, "{}", escape_for_terminal(&e.text))
                    .map_err(|e| Error::io(OUTPUT_ERROR, e))
            } else {
                let json = json!({
                    "key": e.key,
                    "source": source(&e.origin),
                    "path": path(&e.origin),
                    "text": e.text,
                });
                ctx.emit(&Table::new(&["key", "source", "path", "text"]), &json)
            }
        }
        Sub::List => {
            let (t, problems) = Templates::compile(read_folder(&folder()?)?);
            let mut table = Table::new(&["key", "source", "compiles"]);
            let mut rows = Vec::new();
            for e in t.entries() {
                let problem = problems.iter().find(|p| p.key == e.key);
                table.push(vec![
                    e.key.clone(),
                    path(&e.origin).unwrap_or_else(|| "built-in".to_string()),
                    if problem.is_some() { "no" } else { "yes" }.to_string(),
                ]);
                if problem.is_some() {
                    table.mark(2);
                }
                rows.push(json!({
                    "key": e.key,
                    "source": source(&e.origin),
                    "path": path(&e.origin),
                    "compiles": problem.is_none(),
                    "error": problem.map(|p| p.message.clone()),
                }));
            }
            ctx.emit(&table, &Value::Array(rows))?;
            if problems.is_empty() {
                return Ok(());
            }
            // the list first, then the refusal
            let rows = ctx.terminal.map(|(_, rows)| rows);
            ctx.out
                .finish(rows)
                .map_err(|e| Error::io(OUTPUT_ERROR, e))?;
            Err(Error::invalid(
                problems
                    .iter()
                    .map(|p| p.message.as_str())
                    .collect::<Vec<_>>()
                    .join("\n"),
            ))
        }
    }
}

fn source(o: &Origin) -> &'static str {
    match o {
        Origin::BuiltIn => "built-in",
        Origin::File(_) => "file",
    }
}

fn path(o: &Origin) -> Option<String> {
    match o {
        Origin::BuiltIn => None,
        Origin::File(p) => Some(p.display().to_string()),
    }
}

/// The team's templates folder: `SMB_TEMPLATES`, else `templates/` beside the config file.
pub fn folder() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os("SMB_TEMPLATES").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    super::config::path()
        .and_then(|c| c.parent().map(|d| d.join("templates")))
        .ok_or_else(|| {
            Error::invalid("no home directory to keep templates in: set SMB_TEMPLATES to a folder")
        })
}

/// The templates in effect: the built-in ones and the team's files; any file that is refused
/// refuses them all (exit 2), naming the file and the line.
pub fn load() -> Result<Templates> {
    Templates::new(read_folder(&folder()?)?)
}

/// The `KEY.txt` files of `dir` (none when it does not exist); other files are not templates.
fn read_folder(dir: &Path) -> Result<Vec<Override>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(format!("cannot read {}", dir.display()), e)),
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(format!("cannot read {}", dir.display()), e))?;
        let path = entry.path();
        let key = match (path.file_stem(), path.extension()) {
            (Some(stem), Some(ext)) if ext == EXTENSION => stem.to_string_lossy().to_string(),
            _ => continue,
        };
        if key.starts_with('.') || !path.is_file() {
            continue;
        }
        let len = entry.metadata().map(|m| m.len()).unwrap_or(0);
        if len > MAX_FILE {
            return Err(Error::invalid(format!(
                "{}: {len} bytes; a template may be at most 1 MiB",
                path.display()
            )));
        }
        let bytes = std::fs::read(&path)
            .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            Error::invalid(format!(
                "{}: not UTF-8 text (byte {})",
                path.display(),
                e.utf8_error().valid_up_to()
            ))
        })?;
        out.push(Override { key, path, text });
    }
    out.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(out)
}
