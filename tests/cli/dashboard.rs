//! `smb report dashboard`: every chart is on the page with the numbers the reports give, the
//! page references nothing outside itself, only a regular file is replaced, and a real
//! headless Chromium renders every chart with no script error.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::forecast::history;
use crate::support::Workdir;

/// Charts every page has (the forecast adds one per queue).
const CHARTS: [&str; 6] = ["sla", "volume", "depth", "aging", "capacity", "escalations"];

/// The generated history, plus a manager so that `smb escalate` escalates the High cases
/// nobody picked, and one closed case.
fn world() -> Workdir {
    let w = history();
    w.ok(&[
        "advocate", "add", "Mona", "--region", "AMER", "--role", "manager",
    ]);
    w.ok(&["escalate"]);
    w
}

fn build(w: &Workdir, name: &str) -> (PathBuf, String) {
    let out = w.path(name);
    w.ok(&["report", "dashboard", "--out", out.to_str().unwrap()]);
    let html = std::fs::read_to_string(&out).expect("the page");
    (out, html)
}

/// The `<td>` texts of each row of chart `id`'s table.
fn table(html: &str, id: &str) -> Vec<Vec<String>> {
    let start = html
        .find(&format!("<section class=\"chart\" id=\"{id}\">"))
        .unwrap_or_else(|| panic!("no chart {id}"));
    let section = &html[start..start + html[start..].find("</section>").unwrap()];
    assert!(section.contains("<svg"), "chart {id} has no SVG");
    section
        .split("<tr>")
        .skip(1)
        .filter(|r| r.contains("<td>"))
        .map(|r| {
            r.split("<td>")
                .skip(1)
                .map(|c| c[..c.find("</td>").unwrap()].to_string())
                .collect()
        })
        .collect()
}

fn find(rows: &[Vec<String>], key: &[&str]) -> Vec<String> {
    rows.iter()
        .find(|r| key.iter().zip(r.iter()).all(|(k, v)| k == v))
        .unwrap_or_else(|| panic!("no row {key:?} in {rows:?}"))
        .clone()
}

#[test]
fn dashboard_shows_each_chart_with_the_reports_numbers() {
    let w = world();
    let (_, html) = build(&w, "dash.html");
    for id in CHARTS {
        assert!(!table(&html, id).is_empty(), "chart {id} has no numbers");
    }
    for bad in ["src=", "href=", "@import", "url(", "https://"] {
        assert!(!html.contains(bad), "{bad} on the page");
    }

    // SLA: the week of 2026-02-09, as `report sla` counts it
    let sla = w.json(&[
        "report",
        "sla",
        "--since",
        "2026-02-09",
        "--until",
        "2026-02-15",
    ]);
    let high = sla
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["group"] == "High")
        .unwrap();
    let row = find(&table(&html, "sla"), &["2026-02-09", "High"]);
    assert_eq!(row[2], high["met"].to_string());
    assert_eq!(row[3], high["breached"].to_string());
    assert!(high["total"].as_u64().unwrap() > 0);

    // Volume: February as `report volume` counts it
    let volume = w.json(&["report", "volume"]);
    let feb = volume
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["month"] == "2026-02")
        .unwrap();
    let row = find(&table(&html, "volume"), &["2026-02"]);
    assert_eq!(row[1], feb["cases"].to_string());
    assert_eq!(row[2], "400");

    // Queue depth: `queue list` of AMER
    let queue = w.json(&["queue", "list", "--queue", "AMER"]);
    let row = find(&table(&html, "depth"), &["AMER"]);
    assert_eq!(row[1], queue.as_array().unwrap().len().to_string());

    // Capacity: Dana's In Progress cases
    let cap = w.json(&["report", "capacity"]);
    let dana = cap
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "Dana")
        .unwrap();
    let row = find(&table(&html, "capacity"), &["Dana"]);
    assert_eq!(row[1], dana["in_progress"].to_string());
    assert_eq!(row[2], "50");

    // Escalations: this week's, as `report escalations` lists them
    let esc = w.json(&["report", "escalations"]);
    let esc = esc.as_array().unwrap();
    let pick_up = esc.iter().filter(|e| e["reason"] == "pick_up_sla").count();
    let limit = esc.iter().filter(|e| e["reason"] == "15_day_limit").count();
    assert!(pick_up > 0 && limit > 0, "{esc:?}");
    assert_eq!(pick_up + limit, esc.len());
    let row = find(&table(&html, "escalations"), &["2026-03-02"]);
    assert_eq!(row[1..], [pick_up.to_string(), limit.to_string()]);

    // Forecast: `forecast` with the dashboard's days, runs and seed
    let f = w.json(&["forecast", "--days", "14", "--runs", "500", "--seed", "1"]);
    let amer = f
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["date"] == "2026-03-03" && r["queue"] == "AMER" && r["priority"] == "all")
        .unwrap();
    let row = find(&table(&html, "forecast-amer"), &["2026-03-03"]);
    assert_eq!(row[3], amer["depth"]["p50"].to_string());
    assert_eq!(row[2], amer["depth"]["p10"].to_string());
    assert_eq!(row[4], amer["depth"]["p90"].to_string());
}

#[test]
fn dashboard_replaces_only_a_regular_file() {
    let w = world();
    let (out, _) = build(&w, "dash.html");
    // a second build replaces it, and leaves no temporary file behind
    build(&w, "dash.html");
    let files: Vec<_> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("dash") || n.starts_with(".tmp"))
        .collect();
    assert_eq!(files, vec!["dash.html".to_string()]);

    let dir = w.path("adir");
    std::fs::create_dir(&dir).unwrap();
    let e = w.fails(&["report", "dashboard", "--out", dir.to_str().unwrap()], 2);
    assert!(e.contains("not a regular file"), "{e}");
    assert!(dir.is_dir());
    #[cfg(unix)]
    {
        let link = w.path("link.html");
        std::os::unix::fs::symlink(&out, &link).unwrap();
        let before = std::fs::read(&out).unwrap();
        let e = w.fails(&["report", "dashboard", "--out", link.to_str().unwrap()], 2);
        assert!(e.contains("not a regular file"), "{e}");
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&out).unwrap(), before);
    }
}

/// The machine's Chromium, if any.
fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser"].into_iter().find(|c| {
        Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// `.ci/run` sets SMB_TEST_BROWSER=1: there a missing Chromium fails the test.
#[test]
fn dashboard_renders_every_chart_in_headless_chromium() {
    let Some(browser) = chromium() else {
        assert!(
            !std::env::var("SMB_TEST_BROWSER").is_ok_and(|v| v == "1"),
            "SMB_TEST_BROWSER=1 but Chromium is not installed (apt-get install -y chromium)"
        );
        eprintln!("note: Chromium is not installed: the dashboard's browser test is skipped");
        return;
    };
    let w = world();
    let (out, html) = build(&w, "dash.html");
    let charts = html.matches("<section class=\"chart\"").count();
    assert!(charts > CHARTS.len(), "the forecast charts too: {charts}");
    let (dom, log) = dump_dom(browser, &out);
    assert!(
        dom.contains(&format!("data-charts=\"{charts}\"")),
        "the script did not run to its end: {dom}"
    );
    let sizes: Vec<(u32, u32)> = dom
        .split("data-rendered=\"")
        .skip(1)
        .map(|s| {
            let v = &s[..s.find('"').unwrap()];
            let (w, h) = v.split_once('x').unwrap();
            (w.parse().unwrap(), h.parse().unwrap())
        })
        .collect();
    assert_eq!(sizes.len(), charts, "{dom}");
    for (w, h) in &sizes {
        assert!(*w > 100 && *h > 50, "a chart rendered {w}x{h}");
        assert!(*w < 5000 && *h < 5000, "a chart rendered {w}x{h}");
    }
    assert!(
        dom.contains("<pre id=\"errors\"></pre>"),
        "script errors: {dom}"
    );
    for bad in ["Uncaught", "SyntaxError", "ReferenceError", "TypeError"] {
        assert!(!log.contains(bad), "{bad} in Chromium's log: {log}");
    }
}

/// Chromium's DOM after the page loaded and its script ran, and its log.
fn dump_dom(browser: &str, page: &Path) -> (String, String) {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
            // no network at all: any fetch would fail (and the page needs none)
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--window-size=1280,900",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    let log = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "chromium failed: {log}");
    (String::from_utf8_lossy(&out.stdout).into_owned(), log)
}
