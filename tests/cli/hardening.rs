//! What an outside attack found (issue #11): the rejects file, the busy timeout, the lock and
//! slow input, input limits, data shown as data, quiet pipes and no database out of thin air
//! (SPEC §8, §9).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::casework::{digital, new_case};
use crate::support::{NOW, Workdir};

const ACCOUNTS: &str = "account_id,account_name,region,carr\nA1,Acme,AMER,5000\nA2,Bad,AMER,lots\n";

/// `smb ARGS…` run through `wrapper` (a program and its first arguments) with the pinned
/// environment of [`Workdir::smb`].
fn wrapped(w: &Workdir, wrapper: &[&str], args: &[&str]) -> Command {
    let mut c = Command::new(wrapper[0]);
    c.args(&wrapper[1..])
        .arg(assert_cmd::cargo::cargo_bin("smb"))
        .args(args)
        .env_clear()
        .env("SMB_DB", w.db_arg())
        .env("SMB_NOW", NOW)
        .env("SMB_USER", "tester")
        .env("HOME", w.path(""))
        .env("NO_COLOR", "1")
        .current_dir(w.path(""));
    c
}

/// At most 256 MiB of address space: an input read without end fails instead of passing.
const MEMORY_CAP: [&str; 3] = ["/bin/sh", "-c", "ulimit -v 262144 && exec \"$0\" \"$@\""];

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn file_bytes(p: &Path) -> Option<Vec<u8>> {
    std::fs::read(p).ok()
}

fn with_suffix(p: &Path, suffix: &str) -> PathBuf {
    let mut s = p.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

// ---- 1. the rejects file ----------------------------------------------------------------------

/// `--rejects` naming the database (any spelling), its -wal or -shm file, or the input is
/// refused with exit 2 before anything is written; the named file is left exactly as it was.
#[test]
fn rejects_may_never_be_the_database_its_wal_and_shm_or_the_input() {
    let w = Workdir::new();
    if w.is_postgres() {
        return; // SQLite-only: spellings of the database file, its -wal and -shm
    }
    w.ok(&["init"]);
    let input = w.create("in.csv", ACCOUNTS);
    std::fs::create_dir(w.path("sub")).unwrap();
    std::os::unix::fs::symlink(w.db(), w.path("link.db")).unwrap();
    std::fs::hard_link(w.db(), w.path("hard.db")).unwrap();
    std::os::unix::fs::symlink(with_suffix(&w.db(), "-wal"), w.path("wal-link")).unwrap();
    std::os::unix::fs::symlink(&input, w.path("in-link.csv")).unwrap();
    let db = w.db().to_str().unwrap().to_string();
    let spellings = [
        db.clone(),
        "smb.db".to_string(),
        "./smb.db".to_string(),
        "sub/../smb.db".to_string(),
        format!("{}/./smb.db", w.path("").display()),
        "link.db".to_string(),
        "hard.db".to_string(),
        "smb.db-wal".to_string(),
        "smb.db-shm".to_string(),
        "sub/../smb.db-wal".to_string(),
        "wal-link".to_string(),
        "in.csv".to_string(),
        "./sub/../in.csv".to_string(),
        "in-link.csv".to_string(),
    ];
    // Once with the database closed (no -wal/-shm files), once with another connection keeping
    // them open.
    for open in [false, true] {
        let other = open.then(|| {
            let c = rusqlite::Connection::open(w.db()).unwrap();
            c.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })
            .unwrap();
            c
        });
        for spelling in &spellings {
            let before = w.state();
            let target = w.path(spelling);
            let target_before = file_bytes(&target);
            let err = w.fails(
                &[
                    "import",
                    "accounts",
                    input.to_str().unwrap(),
                    "--skip-invalid",
                    "--rejects",
                    spelling,
                ],
                2,
            );
            assert!(
                err.contains("--rejects") && err.contains("nothing was imported"),
                "{spelling}: {err}"
            );
            assert_eq!(before, w.state(), "{spelling}: the database changed");
            assert_eq!(target_before, file_bytes(&target), "{spelling} was written");
            assert_eq!(file_bytes(&input).unwrap(), ACCOUNTS.as_bytes());
        }
        // Standard input redirected from the file that --rejects names.
        let out = wrapped(
            &w,
            &["/usr/bin/env"],
            &[
                "import",
                "accounts",
                "-",
                "--skip-invalid",
                "--rejects",
                "in.csv",
            ],
        )
        .stdin(std::fs::File::open(&input).unwrap())
        .output()
        .unwrap();
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert_eq!(file_bytes(&input).unwrap(), ACCOUNTS.as_bytes());
        drop(other);
    }
    let n: i64 = rusqlite::Connection::open(w.db())
        .unwrap()
        .query_row("SELECT count(*) FROM accounts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0);
}

/// The rejects file holds customer data: it is created readable by its owner only.
#[test]
fn rejects_file_is_created_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let w = Workdir::new();
    let input = w.create("in.csv", ACCOUNTS);
    w.ok(&[
        "import",
        "accounts",
        input.to_str().unwrap(),
        "--skip-invalid",
        "--rejects",
        "rejects.csv",
    ]);
    let meta = std::fs::metadata(w.path("rejects.csv")).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    let text = std::fs::read_to_string(w.path("rejects.csv")).unwrap();
    assert!(text.contains("A2,Bad,AMER,lots"), "{text}");
    assert!(!text.contains("A1,Acme"), "{text}");
}

// ---- 2. SMB_BUSY_TIMEOUT ----------------------------------------------------------------------

/// Every connection waits `SMB_BUSY_TIMEOUT` seconds, no more and no less; the message states
/// that timeout and does not claim the holder is another smb command.
#[test]
fn busy_timeout_is_honoured_by_every_connection() {
    let w = digital();
    if w.is_postgres() {
        return; // SQLite-only: holds SQLite's write lock from a second connection
    }
    new_case(&w, "A1", "Referral", None);
    let holder = rusqlite::Connection::open(w.db()).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE;").unwrap();
    let before = w.state();
    for args in [
        &["--as", "Dana", "pick"][..],
        &["case", "new", "--account", "A2", "--subject", "Referral"],
    ] {
        let start = Instant::now();
        let out = w.smb(args).env("SMB_BUSY_TIMEOUT", "1.5").output().unwrap();
        let waited = start.elapsed();
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains("locked") && err.contains("1.5 s") && err.contains("SMB_BUSY_TIMEOUT"),
            "{err}"
        );
        assert!(!err.contains("another smb command"), "{err}");
        // The default is 10 s: a command that ignored the variable would wait that long.
        assert!(
            waited >= Duration::from_millis(1400) && waited < Duration::from_secs(6),
            "{args:?} waited {waited:?} with SMB_BUSY_TIMEOUT=1.5"
        );
    }
    holder.execute_batch("ROLLBACK;").unwrap();
    assert_eq!(before, w.state());
}

/// A busy timeout that is not a number of seconds up to a day is bad usage (exit 2), never a
/// panic; the bounds themselves are accepted.
#[test]
fn busy_timeout_must_be_seconds_up_to_a_day() {
    let w = Workdir::new();
    w.ok(&["init"]);
    for bad in ["1e300", "86401", "-1", "ten", "", "NaN", "inf", "1e19"] {
        let out = w
            .smb(&["tier"])
            .env("SMB_BUSY_TIMEOUT", bad)
            .output()
            .unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{bad:?}: {err}");
        assert!(
            err.contains("SMB_BUSY_TIMEOUT") && err.contains("86400") && !err.contains("panicked"),
            "{bad:?}: {err}"
        );
    }
    for good in ["0", "0.25", "86400", " 30 "] {
        let out = w
            .smb(&["tier"])
            .env("SMB_BUSY_TIMEOUT", good)
            .output()
            .unwrap();
        assert!(out.status.success(), "{good:?}: {}", stderr(&out));
    }
}

// ---- 3. no lock while waiting for input -------------------------------------------------------

/// `import … -` reads its input before taking the write lock: while a slow pipe is still
/// open, another writer that does not wait at all (SMB_BUSY_TIMEOUT=0) goes through.
#[test]
fn import_from_a_slow_pipe_never_holds_the_lock_while_it_waits() {
    let w = Workdir::new();
    w.ok(&["init"]);
    let mut import = wrapped(&w, &["/usr/bin/env"], &["import", "accounts", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = import.stdin.take().unwrap();
    pipe.write_all(b"account_id,account_name,region,carr\nA1,Acme,AMER,1\n")
        .unwrap();
    pipe.flush().unwrap();
    std::thread::sleep(Duration::from_millis(700)); // the importer is waiting for more input
    let out = w
        .smb(&["advocate", "add", "Dana", "--region", "AMER"])
        .env("SMB_BUSY_TIMEOUT", "0")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "a writer was blocked: {}",
        stderr(&out)
    );
    assert!(
        import.try_wait().unwrap().is_none(),
        "the import did not wait for its input"
    );
    pipe.write_all(b"A2,Beta,EMEA,2\n").unwrap();
    drop(pipe);
    let out = import.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(w.json(&["tier"]).as_array().unwrap().len(), 2);
}

// ---- 4. bounded input -------------------------------------------------------------------------

/// `import accounts /dev/zero` and `case email /dev/zero` fail at once (exit 2, naming the
/// limit) within a memory cap, and leave the database as it was.
#[test]
fn endless_input_is_refused_fast_with_bounded_memory() {
    let w = Workdir::new();
    w.ok(&["init"]);
    let before = w.state();
    for args in [
        &["import", "accounts", "/dev/zero"][..],
        &["case", "email", "/dev/zero"],
    ] {
        let start = Instant::now();
        let out = wrapped(&w, &MEMORY_CAP, args).output().unwrap();
        let took = start.elapsed();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("NUL byte"), "{args:?}: {err}");
        assert!(took < Duration::from_secs(10), "{args:?} took {took:?}");
        assert_eq!(before, w.state());
    }
    // An endless stream of text with no NUL byte, through a pipe, for both commands: refused at
    // the row limit (import) and the email limit (case email).
    for (args, limit) in [
        (&["import", "accounts", "-"][..], "4 MiB"),
        (&["case", "email", "-"], "32 MiB"),
    ] {
        let start = Instant::now();
        let mut child = wrapped(&w, &MEMORY_CAP, args)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut pipe = child.stdin.take().unwrap();
        let feeder = std::thread::spawn(move || {
            let chunk = [b'a'; 1 << 16];
            let mut sent = 0u64;
            // Stops when smb closes the pipe, or after 1 GiB (a reader without limits).
            while sent < 1 << 30 && pipe.write_all(&chunk).is_ok() {
                sent += chunk.len() as u64;
            }
            sent
        });
        let out = child.wait_with_output().unwrap();
        let sent = feeder.join().unwrap();
        let took = start.elapsed();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(limit), "{args:?}: {err}");
        assert!(sent < 1 << 30, "{args:?} read the whole gigabyte");
        assert!(took < Duration::from_secs(30), "{args:?} took {took:?}");
        assert_eq!(before, w.state());
    }
}

/// A field over 1 MiB, a row over 4 MiB and money over $1,000,000,000,000 are refused (exit 2),
/// naming the limit; the limits themselves are accepted.
#[test]
fn input_limits_of_fields_rows_and_money() {
    let w = Workdir::new();
    w.ok(&["init"]);
    let before = w.state();
    let header = "account_id,account_name,region,carr,country\n";
    let field = "x".repeat((1 << 20) + 1);
    let cases = [
        (format!("{header}A1,{field},AMER,1,US\n"), "1 MiB"),
        (
            format!(
                "{header}A1,{a},AMER,1,{a}\nA2,{a},{a},{a},{a},{a}\n",
                a = &field[..(1 << 20) - 1]
            ),
            "4 MiB",
        ),
        (
            format!("{header}A1,Acme,AMER,1000000000000.01,US\n"),
            "1,000,000,000,000",
        ),
        (
            format!("{header}A1,Acme,AMER,\"$9,999,999,999,999\",US\n"),
            "1,000,000,000,000",
        ),
    ];
    for (text, limit) in &cases {
        let f = w.create("big.csv", text);
        let err = w.fails(&["import", "accounts", f.to_str().unwrap()], 2);
        assert!(err.contains(limit), "{limit}: {err}");
        assert!(err.contains("line 2") || err.contains("line 3"), "{err}");
        assert_eq!(before, w.state());
    }
    let f = w.create(
        "ok.csv",
        format!("{header}A1,{},AMER,1000000000000,US\n", &field[..1 << 20]),
    );
    w.ok(&["import", "accounts", f.to_str().unwrap()]);
    let t = w.json(&["tier", "A1"]);
    assert_eq!(t[0]["carr"], "1000000000000.00");
    // An email over 32 MiB.
    let big = w.create(
        "big.eml",
        format!("From: a@x.com\nSubject: big\n\n{}", "b".repeat(32 << 20)),
    );
    let err = w.fails(&["case", "email", big.to_str().unwrap()], 2);
    assert!(err.contains("32 MiB"), "{err}");
}

// ---- 5. data shown as data --------------------------------------------------------------------

const EVIL: &str = "\u{1b}]0;owned\u{7}\u{1b}[2J\u{1b}[31mEvil\u{9b}1m\r Corp";

fn no_raw_controls(what: &str, text: &str) {
    assert!(
        !text.contains(['\u{1b}', '\u{7}', '\u{9b}', '\r']),
        "{what} wrote control characters raw: {text:?}"
    );
}

/// Escape sequences in an account name or an email subject reach tables and messages escaped;
/// JSON and CSV keep them exactly.
#[test]
fn data_is_shown_as_data() {
    let w = digital();
    let f = w.create(
        "evil.csv",
        format!("account_id,account_name,region,carr,lam\nE1,\"{EVIL}\",AMER,8000,5\n"),
    );
    w.ok(&["import", "accounts", f.to_str().unwrap()]);
    let table = w.ok(&["tier", "E1"]);
    no_raw_controls("tier", &table);
    assert!(table.contains("\\u{1b}]0;owned\\u{7}"), "{table}");
    assert_eq!(w.json(&["tier", "E1"])[0]["name"], EVIL);
    let csv = w.ok(&["--format", "csv", "tier", "E1"]);
    assert!(csv.contains(EVIL), "{csv:?}");

    // An email whose subject carries escape sequences (as an encoded word).
    let subject = "\u{1b}]0;owned\u{7}Renewal\u{1b}[2J";
    let encoded = base64(subject.as_bytes());
    let m = w.create(
        "m.eml",
        format!("From: x@acme.com\nSubject: =?UTF-8?B?{encoded}?=\nMessage-ID: <e1@x>\n\nbody\n"),
    );
    let out = w
        .smb(&["case", "email", m.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    no_raw_controls("case email", &String::from_utf8_lossy(&out.stdout));
    let id = w
        .json(&["queue", "list", "--queue", "AMER"])
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["subject"] == subject)
        .map(|c| c["id"].to_string())
        .expect("the email's case is queued with its subject kept exactly");
    for args in [
        &["case", "show", &id][..],
        &["queue", "list", "--queue", "AMER"],
        &["queue", "next", "--queue", "AMER"],
    ] {
        no_raw_controls(&format!("{args:?}"), &w.ok(args));
    }
    // Messages (stderr) quoting data are escaped too.
    let err = w.fails(
        &["case", "new", "--account", EVIL, "--subject", "Referral"],
        2,
    );
    no_raw_controls("an error message", &err);
}

fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for c in bytes.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= c.len() {
                out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

// ---- 6. quiet pipes, honest errors ------------------------------------------------------------

/// `smb --format json tier | head -1`: a reader that goes away is not an error, in every format.
#[test]
fn a_closed_pipe_is_quiet_in_every_format() {
    let w = Workdir::new();
    let mut rows = String::from("account_id,account_name,region,carr\n");
    for i in 0..5000 {
        rows.push_str(&format!("A{i:05},Company {i},AMER,{i}\n"));
    }
    let f = w.create("many.csv", rows);
    w.ok(&["import", "accounts", f.to_str().unwrap()]);
    for format in ["table", "json", "csv"] {
        let mut child = wrapped(&w, &["/usr/bin/env"], &["--format", format, "tier"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{format}: {}", stderr(&out));
        assert!(out.stderr.is_empty(), "{format}: {}", stderr(&out));
    }
}

/// `smb pick > /dev/full`: the pick is committed and the error says so (a script must not pick
/// again); a read-only command's output error says nothing about saving.
#[test]
fn an_output_error_after_a_commit_says_the_change_was_saved() {
    let w = digital();
    let id = new_case(&w, "A1", "Referral", None);
    for format in ["table", "json"] {
        let out = wrapped(
            &w,
            &["/usr/bin/env"],
            &["--format", format, "queue", "list", "--queue", "AMER"],
        )
        .stdout(
            std::fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .unwrap(),
        )
        .output()
        .unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(!stderr(&out).contains("saved"), "{}", stderr(&out));
    }
    let out = wrapped(
        &w,
        &["/usr/bin/env"],
        &["--as", "Dana", "--format", "json", "pick"],
    )
    .stdout(
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap(),
    )
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("the change was saved"), "{err}");
    let c = w.json(&["case", "show", &id.to_string()]);
    assert_eq!(c["status"], "In Progress");
    assert_eq!(c["owner"], "Dana");
}

// ---- 7. no database out of thin air -----------------------------------------------------------

/// Every command but init, import, advocate add and demo, on a missing database: exit 1, "no
/// database at PATH" and how to make one, and nothing created, not even the folder.
#[test]
fn no_database_out_of_thin_air() {
    let w = Workdir::new();
    if w.is_postgres() {
        return; // SQLite-only: a missing file and folder (PostgreSQL: postgres::an_empty_database_is_not_initialised)
    }
    let db = w.path("typo/dir/smb.db");
    let commands: &[&[&str]] = &[
        &["tier"],
        &["tier", "--summary"],
        &["queue", "list"],
        &["queue", "next", "--queue", "AMER"],
        &["pick"],
        &["case", "show", "1"],
        &["case", "new", "--account", "A1", "--subject", "Referral"],
        &["case", "update", "1", "--next-steps", "x"],
        &[
            "case",
            "defer",
            "1",
            "--until",
            "2026-04-01",
            "--next-steps",
            "x",
        ],
        &["case", "assign", "1", "--to", "Dana"],
        &["case", "log", "1", "email"],
        &[
            "close",
            "1",
            "--status",
            "resolved",
            "--action",
            "Answered Question",
        ],
        &["today"],
        &["trigger", "run"],
        &["trigger", "list"],
        &["trigger", "explain", "A1"],
        &["report", "sla"],
        &["report", "aging"],
        &["advocate", "list"],
    ];
    for args in commands {
        let out = w
            .smb(args)
            .env("SMB_DB", &db)
            .env("SMB_BUSY_TIMEOUT", "0")
            .output()
            .unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains(&format!("no database at {}", db.display())) && err.contains("smb init"),
            "{args:?}: {err}"
        );
        assert!(
            !w.path("typo").exists(),
            "{args:?} created {}",
            w.path("typo").display()
        );
    }
    // An import that is refused at its header creates nothing either.
    let bad = w.create("bad.csv", "foo,bar\n1,2\n");
    let out = w
        .smb(&["import", "accounts", bad.to_str().unwrap()])
        .env("SMB_DB", &db)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        !w.path("typo").exists(),
        "a refused import created the database"
    );
    // The ones that do create it.
    w.smb(&["init"]).env("SMB_DB", &db).assert().success();
    assert!(db.exists());
}

/// Runs `smb ARGS…` without the power to write files it does not own (root's capabilities are
/// dropped when the tests run as root); `None` when that cannot be arranged here.
fn without_write_override(w: &Workdir, args: &[&str]) -> Option<Output> {
    use std::os::unix::fs::MetadataExt;
    let root = std::fs::metadata(w.path("")).unwrap().uid() == 0;
    let wrapper: &[&str] = if root {
        if !Path::new("/usr/bin/setpriv").exists() {
            return None;
        }
        &[
            "/usr/bin/setpriv",
            "--bounding-set=-dac_override,-dac_read_search,-fowner",
            "--inh-caps=-all",
        ]
    } else {
        &["/usr/bin/env"]
    };
    Some(wrapped(w, wrapper, args).output().unwrap())
}

/// A command that only reads works on a database file and folder it cannot write, and writes
/// nothing there; a command that writes says why it cannot.
#[test]
fn reading_commands_work_on_a_read_only_file_and_folder() {
    use std::os::unix::fs::PermissionsExt;
    let w = digital();
    if w.is_postgres() {
        return; // SQLite-only: file and folder permissions
    }
    new_case(&w, "A1", "Referral", None);
    let listing = |w: &Workdir| {
        let mut names: Vec<String> = std::fs::read_dir(w.path(""))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let set = |p: PathBuf, mode| std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode));
    set(w.db(), 0o444).unwrap();
    set(w.path(""), 0o555).unwrap();
    let files = listing(&w);
    let before = w.state();
    let mut results = Vec::new();
    for args in [
        &["--format", "json", "queue", "list", "--queue", "AMER"][..],
        &["tier", "--summary"],
        &["case", "show", "1"],
        &["report", "sla"],
        &["--as", "Dana", "pick"],
    ] {
        results.push((args, without_write_override(&w, args)));
    }
    set(w.path(""), 0o755).unwrap();
    set(w.db(), 0o600).unwrap();
    if results.iter().any(|(_, r)| r.is_none()) {
        eprintln!("skipped: cannot drop root's file capabilities here");
        return;
    }
    for (args, out) in results {
        let out = out.unwrap();
        if args.contains(&"pick") {
            assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
            assert!(
                stderr(&out).contains("cannot be written"),
                "{}",
                stderr(&out)
            );
        } else {
            assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        }
        if args.contains(&"json") {
            let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(v.as_array().unwrap().len(), 1);
        }
    }
    assert_eq!(files, listing(&w), "files appeared in a read-only folder");
    assert_eq!(before, w.state());
}
