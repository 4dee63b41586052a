//! `--as-of` (SPEC §12): a scripted day (a trigger run, picks, a forced pick, next steps, a
//! deferral, a close, a manual case), the outputs of `queue list`, `case show` and `report sla`
//! captured at each moment; at the end of the day `--as-of` each moment gives them again.

use serde_json::Value;

use crate::support::{Workdir, fixtures};

/// The outputs a moment is checked on: both queues, some cases, the SLA report two ways.
fn capture(w: &Workdir, cases: &[i64], as_of: Option<&str>) -> Vec<(String, Value)> {
    let mut commands: Vec<Vec<String>> = vec![
        vec![
            "queue".into(),
            "list".into(),
            "--queue".into(),
            "AMER".into(),
        ],
        vec![
            "queue".into(),
            "list".into(),
            "--queue".into(),
            "EMEA".into(),
        ],
        vec!["report".into(), "sla".into()],
        vec!["report".into(), "sla".into(), "--by".into(), "owner".into()],
        vec![
            "report".into(),
            "sla".into(),
            "--by".into(),
            "region".into(),
        ],
    ];
    for id in cases {
        commands.push(vec!["case".into(), "show".into(), id.to_string()]);
    }
    commands
        .into_iter()
        .map(|mut args| {
            if let Some(at) = as_of {
                args.extend(["--as-of".to_string(), at.to_string()]);
            }
            let a: Vec<&str> = args.iter().map(String::as_str).collect();
            (args[..args.len().min(4)].join(" "), w.json(&a))
        })
        .collect()
}

fn ids(list: &Value) -> Vec<i64> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect()
}

#[test]
fn as_of_each_moment_of_a_day_gives_what_the_commands_printed_then() {
    let mut w = Workdir::new();
    w.now = "2026-03-02T06:00:00Z".into();
    w.ok(&["init", "--model", "digital"]);
    for kind in ["accounts", "opportunities", "contacts", "events"] {
        let f = fixtures().join(format!("{kind}.csv"));
        w.ok(&["import", kind, f.to_str().unwrap()]);
    }
    w.ok(&["advocate", "add", "Dana", "--region", "AMER"]);
    w.ok(&["advocate", "add", "Ari", "--region", "AMER"]);
    w.ok(&["advocate", "add", "Lena", "--region", "EMEA"]);
    w.ok(&["trigger", "run"]);
    let amer = ids(&w.json(&["queue", "list", "--queue", "AMER"]));
    let emea = ids(&w.json(&["queue", "list", "--queue", "EMEA"]));
    assert!(amer.len() > 6 && emea.len() > 2, "{amer:?} {emea:?}");
    // The cases the day touches, and two it does not.
    let watched = [
        amer[0],
        amer[1],
        amer[4],
        amer[5],
        emea[0],
        amer[amer.len() - 1],
        emea[1],
    ];
    let mut moments: Vec<(String, Vec<(String, Value)>)> = Vec::new();
    let at = |w: &mut Workdir, now: &str, moments: &mut Vec<_>| {
        w.now = now.into();
        moments.push((now.to_string(), capture(w, &watched, None)));
    };
    at(&mut w, "2026-03-02T06:00:00Z", &mut moments);

    w.now = "2026-03-02T09:00:00Z".into();
    w.ok(&[
        "--as",
        "Dana",
        "pick",
        "--next-steps",
        "Call",
        "--next-steps-date",
        "2026-03-03",
    ]);
    at(&mut w, "2026-03-02T09:00:00Z", &mut moments);

    w.now = "2026-03-02T10:30:00Z".into();
    w.ok(&[
        "--as",
        "Ari",
        "pick",
        &amer[4].to_string(),
        "--force",
        "--reason",
        "asked for Ari",
    ]);
    w.ok(&["--as", "Lena", "pick"]);
    w.ok(&[
        "--as",
        "Dana",
        "case",
        "update",
        &amer[0].to_string(),
        "--next-steps",
        "Send the quote",
    ]);
    at(&mut w, "2026-03-02T10:30:00Z", &mut moments);

    w.now = "2026-03-02T12:15:00Z".into();
    w.ok(&["--as", "Dana", "pick"]);
    w.ok(&[
        "--as",
        "Dana",
        "case",
        "defer",
        &amer[1].to_string(),
        "--until",
        "2026-03-04",
        "--next-steps",
        "Wait for the PO",
    ]);
    w.ok(&[
        "--as",
        "Ari",
        "close",
        &amer[4].to_string(),
        "--status",
        "RESOLVED",
        "--action",
        "completed sales assisted order",
    ]);
    at(&mut w, "2026-03-02T12:15:00Z", &mut moments);

    w.now = "2026-03-02T16:45:00Z".into();
    w.ok(&[
        "case",
        "new",
        "--account",
        "ACC-0001",
        "--subject",
        "Walk-in question",
    ]);
    w.ok(&["--as", "Ari", "pick"]);
    at(&mut w, "2026-03-02T16:45:00Z", &mut moments);

    // The end of the day: each moment again.
    w.now = "2026-03-02T23:00:00Z".into();
    for (moment, then) in &moments {
        let again = capture(&w, &watched, Some(moment));
        for ((what, before), (_, now)) in then.iter().zip(&again) {
            assert_eq!(before, now, "{what} --as-of {moment}");
        }
    }
    // A moment in the future is refused; a case not yet created is said so.
    w.fails(
        &[
            "queue",
            "list",
            "--queue",
            "AMER",
            "--as-of",
            "2026-03-03T00:00:00Z",
        ],
        2,
    );
    let err = w.fails(
        &[
            "case",
            "show",
            &amer[0].to_string(),
            "--as-of",
            "2026-03-02T05:00:00Z",
        ],
        2,
    );
    assert!(err.contains("did not exist yet"), "{err}");
}
