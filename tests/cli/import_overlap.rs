//! A re-import decides every row as if every stored row had been read first (issue #16,
//! BENCHMARKS.md "Fifth pass"): PostgreSQL reads the stored rows' hashes while it reads the
//! file, so a stored row that comes late (updated since the first import), a new key between
//! stored ones, a file in another order than the table, many changed rows, and an invalid row
//! anywhere give the counts, rows, rejects and errors SQLite gives.

use crate::support::Workdir;

const HEADER: &str = "account_id,account_name,region,carr,employees";

/// An accounts file of `rows` (each `(key, carr)`, name and employees fixed).
fn file(w: &Workdir, name: &str, rows: &[(String, String)]) -> std::path::PathBuf {
    let mut s = String::from(HEADER);
    for (k, carr) in rows {
        s.push_str(&format!("\n{k},Co {k},AMER,{carr},5"));
    }
    s.push('\n');
    w.create(name, s)
}

fn key(i: usize) -> String {
    format!("A{i:05}")
}

/// `n` accounts in key order, carr 100 + i.
fn first(n: usize) -> Vec<(String, String)> {
    (1..=n).map(|i| (key(i), (100 + i).to_string())).collect()
}

fn import(w: &Workdir, f: &std::path::Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["import", "accounts", f.to_str().unwrap()];
    args.extend_from_slice(extra);
    w.json(&args)
}

fn counts(v: &serde_json::Value) -> [u64; 4] {
    ["inserted", "updated", "unchanged", "rejected"].map(|k| v[k].as_u64().unwrap())
}

fn carr(w: &Workdir, id: &str) -> Option<String> {
    w.sql_row(&format!(
        "SELECT carr_cents FROM accounts WHERE account_id = '{id}'"
    ))
    .into_iter()
    .next()
    .flatten()
}

/// Rows updated by an earlier import come back after every other stored row on PostgreSQL
/// (their new versions are written at the table's end): found late, they are still unchanged
/// when their hash is the stored one and updated when it is not; a new key between two
/// stored ones is inserted.
#[test]
fn rows_found_late_and_new_keys_between_stored_ones_are_decided_as_a_full_read_would() {
    let w = Workdir::new();
    let v1 = first(3000);
    let f = file(&w, "v1.csv", &v1);
    assert_eq!(counts(&import(&w, &f, &[])), [3000, 0, 0, 0]);
    let mut v2 = v1.clone();
    v2[99].1 = "7000".into(); // A00100
    v2[199].1 = "8000".into(); // A00200
    v2.push((key(3001), "1".into()));
    let f = file(&w, "v2.csv", &v2);
    assert_eq!(counts(&import(&w, &f, &[])), [1, 2, 2998, 0]);
    // A00100 as stored (late, same hash), A00200 changed again (late), A01500x new between
    // A01500 and A01501, A02000 changed (in order).
    let mut v3 = v2.clone();
    v3[199].1 = "8100".into();
    v3[1999].1 = "9000".into();
    v3.insert(1500, ("A01500x".into(), "42".into()));
    let f = file(&w, "v3.csv", &v3);
    assert_eq!(counts(&import(&w, &f, &[])), [1, 2, 2999, 0]);
    assert_eq!(carr(&w, "A00100").as_deref(), Some("700000"));
    assert_eq!(carr(&w, "A00200").as_deref(), Some("810000"));
    assert_eq!(carr(&w, "A02000").as_deref(), Some("900000"));
    assert_eq!(carr(&w, "A01500x").as_deref(), Some("4200"));
    // Again: nothing changes.
    assert_eq!(counts(&import(&w, &f, &[])), [0, 0, 3002, 0]);
}

/// Invalid rows are reported in file order wherever they are: a changed stored row, a new
/// key not found among the stored ones yet, a key given twice; without --skip-invalid the
/// first of them stops the import and nothing is written.
#[test]
fn invalid_rows_anywhere_in_a_reimport_are_reported_in_file_order() {
    let w = Workdir::new();
    let v1 = first(3000);
    let f = file(&w, "v1.csv", &v1);
    import(&w, &f, &[]);
    let mut v2 = v1.clone();
    v2[9].1 = "7000".into(); // A00010 updated: comes late from now on
    let f = file(&w, "v2.csv", &v2);
    assert_eq!(counts(&import(&w, &f, &[])), [0, 1, 2999, 0]);
    let mut v3 = v2.clone();
    v3[499].1 = "lots".into(); // line 501: a changed stored row, invalid
    v3.insert(1000, ("A01000x".into(), "many".into())); // line 1002: new, invalid
    v3.insert(2000, (key(5), "1".into())); // line 2002: A00005 again
    v3[2500].1 = "12".into(); // line 2502: A02499 changed, valid
    v3.push(("A09999".into(), "abc".into())); // the last line: new, invalid
    let f = file(&w, "v3.csv", &v3);
    let before = w.state();
    let err = w.fails(&["import", "accounts", f.to_str().unwrap()], 2);
    assert!(err.contains("line 501") && err.contains("lots"), "{err}");
    assert_eq!(before, w.state(), "a refused import wrote");
    // Without the first bad row, the new invalid one not found yet is the first reported.
    let mut v4 = v3.clone();
    v4[499].1 = "600".into();
    let f4 = file(&w, "v4.csv", &v4);
    let err = w.fails(&["import", "accounts", f4.to_str().unwrap()], 2);
    assert!(err.contains("line 1002") && err.contains("many"), "{err}");
    assert_eq!(before, w.state(), "a refused import wrote");
    let rejects = w.path("rejects.csv");
    let out = import(
        &w,
        &f,
        &["--skip-invalid", "--rejects", rejects.to_str().unwrap()],
    );
    // A00010 comes late and is unchanged; A02499 (line 2502) is updated.
    assert_eq!(counts(&out), [0, 1, 2998, 4]);
    let text = std::fs::read_to_string(&rejects).unwrap();
    let lines: Vec<&str> = text.lines().skip(1).collect();
    let at: Vec<&str> = lines.iter().map(|l| l.split(',').next().unwrap()).collect();
    assert_eq!(at, ["A00500", "A01000x", "A00005", "A09999"], "{text}");
    assert!(lines[0].contains("line 501"), "{text}");
    assert!(lines[1].contains("line 1002"), "{text}");
    assert!(lines[2].contains("line 2002"), "{text}");
    assert!(
        lines[3].contains(&format!("line {}", v3.len() + 1)),
        "{text}"
    );
    assert_eq!(carr(&w, "A02499").as_deref(), Some("1200"));
}

/// A file in the reverse of the table's order, and one with more changed rows than
/// PostgreSQL holds back while it reads the stored hashes, with an invalid row after that
/// point: the same counts as a full read first, and the refused row stops the import.
#[test]
fn a_reimport_in_another_order_or_with_many_changes_is_decided_as_a_full_read_would() {
    let w = Workdir::new();
    let n = 20_000;
    let v1 = first(n);
    let f = file(&w, "v1.csv", &v1);
    import(&w, &f, &[]);
    // Reversed, every other row changed.
    let mut v2: Vec<(String, String)> = v1.iter().rev().cloned().collect();
    for (i, row) in v2.iter_mut().enumerate() {
        if i % 2 == 0 {
            row.1 = "5".into();
        }
    }
    let f = file(&w, "v2.csv", &v2);
    assert_eq!(
        counts(&import(&w, &f, &[])),
        [0, n as u64 / 2, n as u64 / 2, 0]
    );
    assert_eq!(carr(&w, &key(n)).as_deref(), Some("500"));
    assert_eq!(carr(&w, &key(n - 1)).as_deref(), Some("2009900"));
    // In key order: 12,000 rows changed, then an invalid one near the end.
    let mut v3 = v1.clone();
    for row in v3.iter_mut().take(12_000) {
        row.1 = "6".into();
    }
    v3[19_000].1 = "x".into();
    let f = file(&w, "v3.csv", &v3);
    let before = w.state();
    let err = w.fails(&["import", "accounts", f.to_str().unwrap()], 2);
    assert!(err.contains("line 19002"), "{err}");
    assert_eq!(before, w.state(), "a refused import wrote");
    v3[19_000].1 = "7".into();
    let f = file(&w, "v3.csv", &v3);
    // After v2 even keys hold 5, odd ones their first value. Changed: keys 1-12,000, key
    // 19,001 (odd), and the 4,000 even keys of 12,001-20,000.
    assert_eq!(counts(&import(&w, &f, &[])), [0, 16_001, 3_999, 0]);
    assert_eq!(counts(&import(&w, &f, &[])), [0, 0, n as u64, 0]);
}
