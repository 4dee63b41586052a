//! A tiny test workdir: a temporary directory with a database, files written into it, and
//! `smb` run with a pinned clock and user.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The clock every test runs at unless it says otherwise: Monday 2 March 2026, 14:00 UTC.
pub const NOW: &str = "2026-03-02T14:00:00Z";

pub struct Workdir {
    dir: tempfile::TempDir,
    pub now: String,
    pub user: String,
}

impl Workdir {
    pub fn new() -> Self {
        Workdir {
            dir: tempfile::tempdir().expect("temp dir"),
            now: NOW.to_string(),
            user: "tester".to_string(),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn db(&self) -> PathBuf {
        self.path("smb.db")
    }

    /// Writes `contents` to `name` in the workdir and returns its path.
    pub fn create(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, contents).expect("write file");
        p
    }

    /// `smb ARGS…` with the pinned environment.
    pub fn smb(&self, args: &[&str]) -> Command {
        let mut c = Command::cargo_bin("smb").expect("smb binary");
        c.env_clear()
            .env("SMB_DB", self.db())
            .env("SMB_NOW", &self.now)
            .env("SMB_USER", &self.user)
            .env("HOME", self.dir.path())
            .env("NO_COLOR", "1")
            .env("TZ", "UTC")
            .current_dir(self.dir.path())
            .args(args);
        c
    }

    /// Runs `smb ARGS…`, asserts success, and returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.smb(args).output().expect("run smb");
        assert!(
            out.status.success(),
            "smb {args:?} failed ({}):\nstdout: {}\nstderr: {}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 output")
    }

    /// Runs `smb ARGS…` with `--format json` and parses stdout.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut a = vec!["--format", "json"];
        a.extend_from_slice(args);
        let out = self.ok(&a);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("bad JSON from {args:?}: {e}\n{out}"))
    }

    /// Runs `smb ARGS…`, asserts exit code `code`, and returns stderr.
    pub fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.smb(args).output().expect("run smb");
        assert_eq!(
            out.status.code(),
            Some(code),
            "smb {args:?}: expected exit {code}\nstdout: {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stderr).into_owned()
    }

    /// The bytes of the database file (with its WAL checkpointed by closing), for
    /// "left exactly as it was" checks.
    pub fn db_bytes(&self) -> Vec<u8> {
        let mut all = std::fs::read(self.db()).unwrap_or_default();
        let mut wal = self.db().into_os_string();
        wal.push("-wal");
        all.extend(std::fs::read(Path::new(&wal)).unwrap_or_default());
        all
    }
}

/// The repository's `fixtures/` directory.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}
