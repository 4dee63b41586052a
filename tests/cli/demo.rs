//! `smb demo` on a fresh machine: no configuration, a temporary home (issue #7).

use crate::support::Workdir;

#[test]
fn demo_runs_on_a_fresh_home_and_again() {
    let w = Workdir::new();
    if w.is_postgres() {
        return; // SQLite-only: without --db the demo makes its own SQLite file under the home
    }
    for run in 0..2 {
        let out = w
            .smb(&["demo"])
            .env_remove("SMB_DB")
            .env_remove("SMB_NOW")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "run {run}: {}\n{stdout}",
            String::from_utf8_lossy(&out.stderr)
        );
        for step in [
            "$ smb init --model digital",
            "$ smb import accounts",
            "$ smb trigger run",
            "$ smb --as \"Demo Advocate\" queue next",
            "$ smb --as \"Demo Advocate\" pick",
            "case log",
            "$ smb --as \"Demo Advocate\" close",
            "Closed case #",
            "$ smb --as \"Demo Advocate\" opp new --case",
            "--opp won",
            "closed Closed Won.",
            "$ smb export opportunities",
            "opportunity_id,account_id,name,type,stage",
            "$ smb report sla",
            "$ smb report capacity",
            // SPEC §11.5: a manager covers an absence and hands the cases back.
            "$ smb --as \"Demo Manager\" advocate away \"Demo Advocate\" --from 2026-03-05 --until 2026-03-06 --cover \"Demo Cover\" --plan",
            "Moved 1 of Demo Advocate's In Progress cases",
            "$ smb --as \"Demo Manager\" advocate back \"Demo Advocate\"",
            "Gave back 1 case that the plan had moved",
            "$ smb --as \"Demo Manager\" calendar add EMEA 2026-04-06",
            "$ smb --as \"Demo Manager\" settings set renewal_window_days 90",
            "Set renewal_window_days to 90 (was 60)",
            "$ smb --as \"Demo Advocate\" case draft",
            "case log 1 email --template",
            "$ smb escalate",
            "$ smb --as \"Demo Manager\" report picks",
            "$ smb --as \"Demo Manager\" forecast --days 5",
            "--plan",
        ] {
            assert!(
                stdout.contains(step),
                "run {run}: missing {step:?} in\n{stdout}"
            );
        }
        assert!(stdout.contains("demo.db"), "it says where the database is");
        // copyable: the export lines for the first day and for two days later
        assert!(
            stdout.contains("\nexport SMB_DB=")
                && stdout.contains(" SMB_NOW=2026-03-02T14:00:00Z\n"),
            "{stdout}"
        );
        assert!(
            stdout.contains(" SMB_NOW=2026-03-04T15:00:00Z\n"),
            "{stdout}"
        );
        // a second day: a touch is due, and the SLA report shows breaches
        assert!(stdout.contains("Day 3 call due today"), "{stdout}");
        let high = stdout
            .lines()
            .find(|l| l.contains("│ High ") && l.contains("┆ 24 "))
            .unwrap_or_else(|| panic!("no High row in\n{stdout}"));
        assert!(
            high.contains("! "),
            "waiting past the target is marked: {high}"
        );
    }
    // The demo database lives in the platform data directory under the (temporary) home.
    let found = walk(&w.path(""))
        .into_iter()
        .any(|p| p.ends_with("demo.db"));
    assert!(found, "no demo.db under the temporary home");
}

#[test]
fn demo_never_touches_an_existing_database() {
    let w = Workdir::new();
    w.ok(&["init"]);
    let before = w.state();
    let err = w.fails(&["demo"], 2);
    // On PostgreSQL the demo refuses any URL (it builds a SQLite file); on SQLite, because the
    // file exists.
    assert!(
        (w.is_postgres() || err.contains("exists")) && err.contains("--db"),
        "{err}"
    );
    assert_eq!(before, w.state());
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}
