//! Who and where: the config file (`config.toml` in the platform config directory, or
//! `SMB_CONFIG`), and where each setting came from. A flag beats its environment variable,
//! which beats the file, which beats the default.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use smb::{Error, Result};

/// The keys of `config.toml`; every one optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The database file.
    pub db: Option<PathBuf>,
    /// Who is acting.
    pub user: Option<String>,
    /// Your time zone (IANA name, e.g. `America/New_York`) when your profile has none.
    pub time_zone: Option<String>,
    /// `auto`, `always` or `never`.
    pub color: Option<String>,
}

/// Where the config file is: `SMB_CONFIG`, else `config.toml` in the platform config
/// directory (`~/.config/smb/` on Linux).
pub fn path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("SMB_CONFIG").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    directories::ProjectDirs::from("", "", "smb").map(|d| d.config_dir().join("config.toml"))
}

/// Reads the config file at `path`; a missing file is an empty config. A file that is not
/// TOML, has an unknown key or a bad value is refused (exit 2) with the file and the key.
pub fn load(path: &Path) -> Result<Config> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(e) => return Err(Error::io(format!("cannot read {}", path.display()), e)),
    };
    let c: Config = toml::from_str(&text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
            .map(|l| format!(" line {l}"))
            .unwrap_or_default();
        Error::invalid(format!(
            "{}{line}: {} (smb reads the keys db, user, time_zone and color)",
            path.display(),
            e.message().trim_end()
        ))
    })?;
    if let Some(color) = &c.color
        && !matches!(color.as_str(), "auto" | "always" | "never")
    {
        return Err(Error::invalid(format!(
            "{}: color = {color:?}: expected auto, always or never",
            path.display()
        )));
    }
    if let Some(tz) = &c.time_zone {
        parse_tz(tz).map_err(|e| Error::invalid(format!("{}: time_zone: {e}", path.display())))?;
    }
    Ok(c)
}

/// An IANA time zone name (`America/New_York`, `Europe/London`, `UTC`), with the nearest names
/// when it is not one.
pub fn parse_tz(s: &str) -> std::result::Result<chrono_tz::Tz, String> {
    let t = s.trim();
    chrono_tz::TZ_VARIANTS
        .iter()
        .find(|z| z.name().eq_ignore_ascii_case(t))
        .copied()
        .ok_or_else(|| {
            let names: Vec<&str> = chrono_tz::TZ_VARIANTS.iter().map(|t| t.name()).collect();
            let near = smb::domain::near::near(s, &names);
            if near.is_empty() {
                format!("unknown time zone {s:?}: expected an IANA name such as America/New_York")
            } else {
                format!(
                    "unknown time zone {s:?}: did you mean {}?",
                    near.join(" or ")
                )
            }
        })
}

/// The machine's time zone: `TZ` when it names one, else the system's, else UTC.
pub fn machine_tz() -> chrono_tz::Tz {
    std::env::var("TZ")
        .ok()
        .and_then(|t| t.trim_start_matches(':').parse().ok())
        .or_else(|| {
            iana_time_zone::get_timezone()
                .ok()
                .and_then(|t| t.parse().ok())
        })
        .unwrap_or(chrono_tz::UTC)
}

/// The login name of the OS user running smb.
pub fn os_user() -> Option<String> {
    std::env::var("SMB_OS_USER")
        .ok()
        .filter(|s| !s.is_empty())
        .or_else(|| whoami::username().ok().filter(|s| !s.is_empty()))
        .or_else(|| {
            ["USER", "LOGNAME", "USERNAME"]
                .iter()
                .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
        })
}

/// Where a setting came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Flag(&'static str),
    Env(&'static str),
    File(PathBuf),
    Profile,
    Default(&'static str),
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Flag(flag) => write!(f, "the {flag} flag"),
            Source::Env(var) => write!(f, "the {var} environment variable"),
            Source::File(p) => write!(f, "the config file {}", p.display()),
            Source::Profile => write!(f, "your profile (smb advocate add --tz)"),
            Source::Default(what) => write!(f, "{what}"),
        }
    }
}

impl Source {
    /// A short machine word for JSON: flag, env, config, profile, default.
    pub fn key(&self) -> &'static str {
        match self {
            Source::Flag(_) => "flag",
            Source::Env(_) => "env",
            Source::File(_) => "config",
            Source::Profile => "profile",
            Source::Default(_) => "default",
        }
    }
}
