//! A `postgres://` URL read the way libpq reads it (SPEC §10): user, password, host, port and
//! database; a password may also come from `PGPASSWORD` or the password file (`PGPASSFILE`,
//! default `~/.pgpass`); `sslmode` and `sslrootcert` as libpq. The password is kept out of every
//! message: errors name the parameter, never its value, and [`Target::shown`] drops it.

use std::path::{Path, PathBuf};
use std::time::Duration;

pub use crate::store::{is_postgres_url, redact_url as redact};
use crate::{Error, Result};

/// How hard the connection insists on TLS and what it checks (libpq's `sslmode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    /// Plain TCP.
    Disable,
    /// TLS when the server offers it, plain otherwise; the certificate is not checked.
    Prefer,
    /// TLS or nothing; the certificate is not checked (unless a root certificate file is given
    /// or `~/.postgresql/root.crt` exists: then as `VerifyCa`, as libpq does).
    Require,
    /// TLS, the server's certificate chain checked against the root certificates.
    VerifyCa,
    /// `VerifyCa` and the certificate names the host.
    VerifyFull,
}

impl SslMode {
    fn parse(s: &str) -> Option<SslMode> {
        Some(match s {
            "disable" => SslMode::Disable,
            // `allow` tries plain first, then TLS; we try TLS first, which is as safe or safer.
            "allow" | "prefer" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            _ => return None,
        })
    }
}

/// Where the root certificates for `verify-ca` / `verify-full` come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RootCerts {
    /// A PEM file (`sslrootcert=FILE`, or `~/.postgresql/root.crt`).
    File(PathBuf),
    /// `sslrootcert=system`: the well-known public certificate authorities built into smb.
    System,
}

/// A parsed connection target. `Debug` leaves the password out.
#[derive(Clone)]
pub struct Target {
    pub user: String,
    password: Option<String>,
    /// Host name, IP address, or a Unix socket directory (starts with `/`).
    pub host: String,
    pub port: u16,
    pub dbname: String,
    pub sslmode: SslMode,
    pub root_certs: Option<RootCerts>,
    pub application_name: Option<String>,
    pub connect_timeout: Option<Duration>,
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Target")
            .field("shown", &self.shown())
            .field("has_password", &self.password.is_some())
            .field("sslmode", &self.sslmode)
            .field("root_certs", &self.root_certs)
            .finish()
    }
}

/// What the parser may read from the environment: variables and the home folder. Tests pass
/// their own; [`Env::process`] reads the real ones.
pub struct Env<'a> {
    pub var: &'a dyn Fn(&str) -> Option<String>,
    pub home: Option<PathBuf>,
}

impl Env<'_> {
    /// The process's environment and home folder.
    pub fn process() -> Env<'static> {
        Env {
            var: &|k| std::env::var(k).ok().filter(|v| !v.is_empty()),
            home: std::env::var_os("HOME")
                .map(PathBuf::from)
                .filter(|p| !p.as_os_str().is_empty()),
        }
    }
}

impl Target {
    /// Reads `url`; the password from the URL, else `PGPASSWORD`, else the password file.
    pub fn parse(url: &str, env: &Env<'_>) -> Result<Target> {
        let bad = |what: &str| {
            Error::invalid(format!(
                "database URL {}: {what}; expected postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=…]",
                redact(url)
            ))
        };
        let rest = url
            .strip_prefix("postgresql://")
            .or_else(|| url.strip_prefix("postgres://"))
            .ok_or_else(|| bad("it does not start with postgres:// or postgresql://"))?;
        let (before_query, query) = match rest.split_once('?') {
            Some((a, q)) => (a, Some(q)),
            None => (rest, None),
        };
        let (authority, path) = match before_query.split_once('/') {
            Some((a, p)) => (a, p),
            None => (before_query, ""),
        };
        let (userinfo, hostport) = match authority.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, authority),
        };
        let mut user = None;
        let mut password = None;
        if let Some(ui) = userinfo {
            let (u, p) = match ui.split_once(':') {
                Some((u, p)) => (u, Some(p)),
                None => (ui, None),
            };
            if !u.is_empty() {
                user = Some(
                    decode(u).ok_or_else(|| bad("the user name is not valid percent-encoding"))?,
                );
            }
            if let Some(p) = p {
                password = Some(
                    decode(p).ok_or_else(|| bad("the password is not valid percent-encoding"))?,
                );
            }
        }
        if hostport.contains(',') {
            return Err(bad("several hosts are not supported; name one"));
        }
        let (mut host, mut port) = split_host_port(hostport)
            .ok_or_else(|| bad("the port is not a number from 1 to 65535"))?;
        let mut dbname = if path.is_empty() {
            None
        } else {
            Some(
                decode(path)
                    .ok_or_else(|| bad("the database name is not valid percent-encoding"))?,
            )
        };
        let mut sslmode = None;
        let mut rootcert = None;
        let mut application_name = None;
        let mut connect_timeout = None;
        for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let v = decode(v)
                .ok_or_else(|| bad(&format!("the value of {k} is not valid percent-encoding")))?;
            match k {
                "sslmode" => {
                    sslmode = Some(SslMode::parse(&v).ok_or_else(|| {
                        bad(&format!(
                            "sslmode={v:?} is not one of disable, allow, prefer, require, verify-ca, verify-full"
                        ))
                    })?)
                }
                "sslrootcert" => rootcert = Some(v),
                "user" => user = Some(v),
                "password" => password = Some(v),
                "host" => host = Some(v),
                "port" => port = Some(parse_port(&v).ok_or_else(|| bad("the port is not a number from 1 to 65535"))?),
                "dbname" => dbname = Some(v),
                "application_name" => application_name = Some(v),
                "connect_timeout" => {
                    let secs: u64 = v
                        .parse()
                        .map_err(|_| bad(&format!("connect_timeout={v:?} is not a number of seconds")))?;
                    connect_timeout = (secs > 0).then(|| Duration::from_secs(secs.max(2)));
                }
                other => {
                    return Err(bad(&format!(
                        "unknown parameter {other:?}; smb reads sslmode, sslrootcert, host, port, user, password, dbname, application_name, connect_timeout"
                    )));
                }
            }
        }
        let user = user
            .or_else(|| (env.var)("PGUSER"))
            .or_else(|| (env.var)("USER"))
            .ok_or_else(|| bad("no user name (in the URL, PGUSER or USER)"))?;
        let host = host.unwrap_or_else(|| "localhost".to_string());
        let port = port.unwrap_or(5432);
        let dbname = dbname.unwrap_or_else(|| user.clone());
        let root_certs = match rootcert.as_deref() {
            Some("system") => Some(RootCerts::System),
            Some(f) => Some(RootCerts::File(expand_home(f, env.home.as_deref()))),
            None => env
                .home
                .as_ref()
                .map(|h| h.join(".postgresql").join("root.crt"))
                .filter(|p| p.is_file())
                .map(RootCerts::File),
        };
        let sslmode = sslmode.unwrap_or(SslMode::Prefer);
        if matches!(sslmode, SslMode::VerifyCa | SslMode::VerifyFull) && root_certs.is_none() {
            return Err(Error::invalid(format!(
                "database URL {}: sslmode={} needs root certificates: add sslrootcert=FILE (a PEM file), \
                 sslrootcert=system, or put them in ~/.postgresql/root.crt",
                redact(url),
                if sslmode == SslMode::VerifyCa {
                    "verify-ca"
                } else {
                    "verify-full"
                }
            )));
        }
        let mut t = Target {
            user,
            password,
            host,
            port,
            dbname,
            sslmode,
            root_certs,
            application_name,
            connect_timeout,
        };
        if t.password.is_none() {
            t.password = (env.var)("PGPASSWORD");
        }
        if t.password.is_none() {
            let file = (env.var)("PGPASSFILE")
                .map(PathBuf::from)
                .or_else(|| env.home.as_ref().map(|h| h.join(".pgpass")));
            if let Some(file) = file {
                t.password = pgpass_lookup(&file, &t);
            }
        }
        Ok(t)
    }

    /// The password, if any source gave one.
    pub fn password(&self) -> Option<&str> {
        self.password.as_deref()
    }

    /// The target as shown in messages: `postgres://USER@HOST:PORT/DATABASE`, never the
    /// password.
    pub fn shown(&self) -> String {
        let host = if self.host.contains(':') && !self.host.starts_with('/') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        format!(
            "postgres://{}@{}:{}/{}",
            self.user, host, self.port, self.dbname
        )
    }

    /// Does this target connect through a Unix socket?
    pub fn is_socket(&self) -> bool {
        self.host.starts_with('/')
    }
}

fn parse_port(s: &str) -> Option<u16> {
    s.parse::<u16>().ok().filter(|p| *p > 0)
}

/// `host`, `host:port`, `[v6]`, `[v6]:port`, `:port` or empty.
fn split_host_port(s: &str) -> Option<(Option<String>, Option<u16>)> {
    if s.is_empty() {
        return Some((None, None));
    }
    let (host, port) = if let Some(r) = s.strip_prefix('[') {
        let (h, after) = r.split_once(']')?;
        let port = match after.strip_prefix(':') {
            Some(p) => Some(p),
            None if after.is_empty() => None,
            None => return None,
        };
        (h.to_string(), port)
    } else {
        match s.rsplit_once(':') {
            Some((h, p)) => (decode(h)?, Some(p)),
            None => (decode(s)?, None),
        }
    };
    let port = match port {
        Some(p) => Some(parse_port(p)?),
        None => None,
    };
    Some(((!host.is_empty()).then_some(host), port))
}

/// Percent-decoding; `None` on a bad escape or bytes that are not UTF-8.
fn decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn expand_home(f: &str, home: Option<&Path>) -> PathBuf {
    match (f.strip_prefix("~/"), home) {
        (Some(rest), Some(h)) => h.join(rest),
        _ => PathBuf::from(f),
    }
}

/// The password for `t` from a libpq password file: lines `host:port:database:user:password`,
/// `*` matching anything, `\:` and `\\` escaped; the first match wins. As libpq does, a file
/// that others may read is ignored (with a warning on stderr) and `localhost` also matches a
/// Unix socket.
fn pgpass_lookup(file: &Path, t: &Target) -> Option<String> {
    let meta = std::fs::metadata(file).ok()?;
    if !meta.is_file() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o077 != 0 {
            eprintln!(
                "warning: password file {} has group or world access; it is ignored (chmod 0600 it)",
                file.display()
            );
            return None;
        }
    }
    let text = std::fs::read_to_string(file).ok()?;
    pgpass_match(&text, t)
}

fn pgpass_match(text: &str, t: &Target) -> Option<String> {
    let port = t.port.to_string();
    let host = if t.is_socket() {
        "localhost"
    } else {
        t.host.as_str()
    };
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields = split_pgpass(line);
        if fields.len() < 5 {
            continue;
        }
        let want = [host, port.as_str(), t.dbname.as_str(), t.user.as_str()];
        if fields[..4]
            .iter()
            .zip(want)
            .all(|(f, w)| f == "*" || f == w)
        {
            return Some(fields[4..].join(":"));
        }
    }
    None
}

/// Splits a password-file line at unescaped colons, undoing `\:` and `\\`.
fn split_pgpass(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    fields.last_mut().expect("one field").push(n);
                }
            }
            ':' if fields.len() < 5 => fields.push(String::new()),
            c => fields.last_mut().expect("one field").push(c),
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)], home: Option<PathBuf>) -> Env<'a> {
        Env {
            var: Box::leak(Box::new(move |k: &str| {
                vars.iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            })),
            home,
        }
    }

    const NONE: &[(&str, &str)] = &[("USER", "osuser")];

    #[test]
    fn url_parts_are_read_and_decoded() {
        let t = Target::parse(
            "postgres://ann%40corp:p%3Ass@db.example.com:6543/sales%20team?sslmode=require&application_name=smb",
            &env(NONE, None),
        )
        .unwrap();
        assert_eq!(t.user, "ann@corp");
        assert_eq!(t.password(), Some("p:ss"));
        assert_eq!(t.host, "db.example.com");
        assert_eq!(t.port, 6543);
        assert_eq!(t.dbname, "sales team");
        assert_eq!(t.sslmode, SslMode::Require);
        assert_eq!(t.application_name.as_deref(), Some("smb"));
        assert_eq!(
            t.shown(),
            "postgres://ann@corp@db.example.com:6543/sales team"
        );
    }

    #[test]
    fn defaults_are_libpqs() {
        let t = Target::parse("postgresql://", &env(NONE, None)).unwrap();
        assert_eq!(
            (t.user.as_str(), t.host.as_str(), t.port, t.dbname.as_str()),
            ("osuser", "localhost", 5432, "osuser")
        );
        assert_eq!(t.sslmode, SslMode::Prefer);
        assert_eq!(t.password(), None);
        let t = Target::parse("postgres://[::1]:7000/x", &env(NONE, None)).unwrap();
        assert_eq!((t.host.as_str(), t.port), ("::1", 7000));
        assert_eq!(t.shown(), "postgres://osuser@[::1]:7000/x");
        let t = Target::parse("postgres:///x?host=%2Frun%2Fpostgresql", &env(NONE, None)).unwrap();
        assert!(t.is_socket());
    }

    #[test]
    fn password_comes_from_the_url_then_pgpassword_then_the_password_file() {
        let dir = tempfile::tempdir().unwrap();
        let pass = dir.path().join(".pgpass");
        std::fs::write(
            &pass,
            "# comment\nother:5432:*:*:nope\ndb:5432:sales:ann:from\\:file\n*:*:*:*:fallback\n",
        )
        .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&pass, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        let home = Some(dir.path().to_path_buf());
        let t = Target::parse(
            "postgres://ann:inurl@db/sales",
            &env(&[("PGPASSWORD", "env")], home.clone()),
        )
        .unwrap();
        assert_eq!(t.password(), Some("inurl"));
        let t = Target::parse(
            "postgres://ann@db/sales",
            &env(&[("PGPASSWORD", "env")], home.clone()),
        )
        .unwrap();
        assert_eq!(t.password(), Some("env"));
        let t = Target::parse("postgres://ann@db/sales", &env(NONE, home.clone())).unwrap();
        assert_eq!(t.password(), Some("from:file"));
        let t = Target::parse("postgres://bob@db/sales", &env(NONE, home.clone())).unwrap();
        assert_eq!(
            t.password(),
            Some("fallback"),
            "the first matching line wins"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&pass, std::fs::Permissions::from_mode(0o644)).unwrap();
            let t = Target::parse("postgres://ann@db/sales", &env(NONE, home)).unwrap();
            assert_eq!(
                t.password(),
                None,
                "a password file others can read is ignored"
            );
        }
    }

    #[test]
    fn sslmode_and_rootcert_are_read_as_libpq_does() {
        for (v, m) in [
            ("disable", SslMode::Disable),
            ("prefer", SslMode::Prefer),
            ("require", SslMode::Require),
        ] {
            let t =
                Target::parse(&format!("postgres://a@h/d?sslmode={v}"), &env(NONE, None)).unwrap();
            assert_eq!(t.sslmode, m);
        }
        let t = Target::parse(
            "postgres://a@h/d?sslmode=verify-full&sslrootcert=/x/ca.pem",
            &env(NONE, None),
        )
        .unwrap();
        assert_eq!(t.sslmode, SslMode::VerifyFull);
        assert_eq!(t.root_certs, Some(RootCerts::File("/x/ca.pem".into())));
        let t = Target::parse(
            "postgres://a@h/d?sslmode=verify-ca&sslrootcert=system",
            &env(NONE, None),
        )
        .unwrap();
        assert_eq!(t.root_certs, Some(RootCerts::System));
        let e =
            Target::parse("postgres://a@h/d?sslmode=verify-full", &env(NONE, None)).unwrap_err();
        assert!(e.to_string().contains("sslrootcert"), "{e}");
        let e = Target::parse("postgres://a@h/d?sslmode=maybe", &env(NONE, None)).unwrap_err();
        assert!(e.to_string().contains("sslmode=\"maybe\""), "{e}");
        assert_eq!(e.exit_code(), 2);
    }

    #[test]
    fn the_password_never_appears_in_a_parse_error_or_the_shown_target() {
        let secret = "Sup3rS3cret";
        for url in [
            format!("postgres://ann:{secret}@db:notaport/x"),
            format!("postgres://ann:{secret}@db/x?sslmode=bogus"),
            format!("postgres://ann:{secret}@db/x?nosuch=1"),
            format!("postgres://ann:{secret}@db/%zz"),
            format!("postgres://ann:{secret}@a,b/x"),
            format!("postgres://ann@db/x?password={secret}&sslmode=verify-full"),
        ] {
            let e = Target::parse(&url, &env(NONE, None)).unwrap_err();
            assert!(!e.to_string().contains(secret), "{url} -> {e}");
        }
        let t = Target::parse(&format!("postgres://ann:{secret}@db/x"), &env(NONE, None)).unwrap();
        assert!(!t.shown().contains(secret));
        assert!(!format!("{t:?}").contains(secret));
        assert_eq!(
            redact(&format!("postgres://ann:{secret}@db/x?password={secret}")),
            "postgres://ann:***@db/x"
        );
    }
}
