//! Which engine `--db` names: a `postgres://` or `postgresql://` URL is PostgreSQL (SPEC §10),
//! anything else an SQLite file. Known with or without the `postgres` feature, so that a build
//! without it can say so.

/// Does `db` name a PostgreSQL database rather than an SQLite file?
pub fn is_postgres_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

/// `url` with any password replaced by `***` and the query string dropped, for messages about
/// a URL that did not parse.
pub fn redact_url(url: &str) -> String {
    let (scheme, rest) = match url.split_once("://") {
        Some((s, r)) => (s, r),
        None => return "(not a URL)".to_string(),
    };
    let rest = rest.split('?').next().unwrap_or("");
    let (authority, path) = match rest.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (rest, None),
    };
    let authority = match authority.rsplit_once('@') {
        Some((ui, h)) => match ui.split_once(':') {
            Some((u, _)) => format!("{u}:***@{h}"),
            None => format!("{ui}@{h}"),
        },
        None => authority.to_string(),
    };
    match path {
        Some(p) => format!("{scheme}://{authority}/{p}"),
        None => format!("{scheme}://{authority}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_postgres_schemes_select_postgres() {
        assert!(is_postgres_url("postgres://h/d"));
        assert!(is_postgres_url("postgresql://h/d"));
        assert!(!is_postgres_url("postgres.db"));
        assert!(!is_postgres_url("./postgres://x"));
    }

    #[test]
    fn a_redacted_url_keeps_no_password_or_query() {
        assert_eq!(
            redact_url("postgres://ann:s3cret@db/x?password=s3cret"),
            "postgres://ann:***@db/x"
        );
        assert_eq!(redact_url("postgresql://db"), "postgresql://db");
    }
}
