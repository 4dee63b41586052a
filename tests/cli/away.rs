//! Absence cover (SPEC §11.5), on the engine the suite runs on: `smb advocate away|back|list`,
//! routing to the cover (`case new`, `trigger run`), customers' replies told to the cover, the
//! plan, its application and the hand-back, and bad input (exit 2, nothing changed).

use serde_json::Value;

use crate::casework::{actions, digital, import, new_case, show};
use crate::support::Workdir;

/// Contacts with their language: C1 (A1) English, C2 (A2) German.
const CONTACTS: &str = "\
contact_id,account_id,email,name,language
C1,A1,dana.w@acme.com,Dana Whitfield,en
C2,A2,jonas@berliner-bau.de,Jonas Becker,de
";

/// The digital world with manager Mona, advocate Ivo (AMER, English) and staff Sol; Dana and
/// Lena (German, English) from `digital()`. The suite acts as Mona.
fn world() -> Workdir {
    let mut w = digital();
    import(&w, "contacts", CONTACTS);
    w.ok(&[
        "advocate", "add", "Mona", "--region", "AMER", "--role", "manager",
    ]);
    w.ok(&["advocate", "add", "Ivo", "--region", "AMER"]);
    w.ok(&[
        "advocate", "add", "Sol", "--region", "AMER", "--role", "staff",
    ]);
    w.user = "Mona".to_string();
    w
}

/// A case on `account` (with `contact`, unless empty) given to Dana; In Progress when `picked`.
fn danas_case(w: &Workdir, account: &str, contact: &str, picked: bool) -> i64 {
    let mut args = vec![
        "case",
        "new",
        "--account",
        account,
        "--subject",
        "Renewal question",
    ];
    if !contact.is_empty() {
        args.extend(["--contact", contact]);
    }
    let id = w.json(&args)["id"].as_i64().unwrap();
    // A second case on the account is Dana's already (SPEC §3.3).
    if owner(w, id) != "Dana" {
        w.ok(&["case", "assign", &id.to_string(), "--to", "Dana"]);
    }
    if picked {
        w.ok(&["--as", "Dana", "pick", &id.to_string()]);
    }
    id
}

fn owner(w: &Workdir, id: i64) -> String {
    show(w, id)["owner"].as_str().unwrap_or("").to_string()
}

fn away(w: &Workdir, extra: &[&str]) -> String {
    let mut args = vec![
        "advocate",
        "away",
        "Dana",
        "--from",
        "2026-03-02",
        "--until",
        "2026-03-06",
        "--cover",
        "Ivo,Lena",
    ];
    args.extend_from_slice(extra);
    w.ok(&args)
}

#[test]
fn a_case_routed_to_someone_away_goes_to_the_first_cover_with_room_and_the_language() {
    let w = world();
    danas_case(&w, "A1", "C1", false);
    danas_case(&w, "A2", "C2", false);
    // Before the absence is recorded, §3.3 gives the account's next case to Dana.
    assert_eq!(owner(&w, new_case(&w, "A1", "Before", None)), "Dana");
    let text = away(&w, &[]);
    assert!(
        text.contains("Recorded: Dana is away from 2026-03-02 until 2026-03-06"),
        "{text}"
    );
    // English customer: the first cover with room, Ivo; German: Lena, who speaks it.
    let en = w.json(&[
        "case",
        "new",
        "--account",
        "A1",
        "--contact",
        "C1",
        "--subject",
        "More",
    ]);
    assert_eq!(en["owner"], "Ivo");
    let de = w.json(&[
        "case",
        "new",
        "--account",
        "A2",
        "--contact",
        "C2",
        "--subject",
        "Mehr",
    ]);
    assert_eq!(de["owner"], "Lena");
    let created = &show(&w, de["id"].as_i64().unwrap())["history"][0];
    assert!(
        created["note"]
            .as_str()
            .unwrap()
            .contains("Dana is away until 2026-03-06; Lena covers"),
        "{created}"
    );
    // A cover at capacity is passed over: Ivo with no room, the English case goes to Lena.
    w.ok(&[
        "advocate",
        "add",
        "Ivo",
        "--region",
        "AMER",
        "--capacity",
        "0",
    ]);
    assert_eq!(owner(&w, new_case(&w, "A1", "Full", None)), "Lena");
    // The day after the last day, Dana gets the account's cases again.
    let after = w.json(&[
        "--now",
        "2026-03-07T00:00:00Z",
        "case",
        "new",
        "--account",
        "A1",
        "--subject",
        "After",
    ]);
    assert_eq!(after["owner"], "Dana");
}

#[test]
fn the_days_are_whole_days_in_the_absent_persons_time_zone() {
    let w = world();
    w.ok(&[
        "advocate",
        "add",
        "Dana",
        "--region",
        "AMER",
        "--tz",
        "America/New_York",
    ]);
    danas_case(&w, "A1", "C1", false);
    w.ok(&[
        "advocate",
        "away",
        "Dana",
        "--from",
        "2026-03-09",
        "--until",
        "2026-03-09",
        "--cover",
        "Ivo",
    ]);
    let owner_at = |now: &str| {
        w.json(&[
            "--now",
            now,
            "case",
            "new",
            "--account",
            "A1",
            "--subject",
            now,
        ])["owner"]
            .as_str()
            .unwrap()
            .to_string()
    };
    // 9 March in New York (EDT, UTC-4 since 8 March) is 04:00Z on the 9th to 04:00Z on the 10th.
    assert_eq!(owner_at("2026-03-09T03:59:59Z"), "Dana");
    assert_eq!(owner_at("2026-03-09T04:00:00Z"), "Ivo");
    assert_eq!(owner_at("2026-03-10T03:59:59Z"), "Ivo");
    assert_eq!(owner_at("2026-03-10T04:00:00Z"), "Dana");
}

#[test]
fn a_trigger_run_and_its_explanation_route_an_absent_owners_account_to_the_cover() {
    let w = world();
    danas_case(&w, "A1", "C1", false);
    let ev = w.create(
        "e.csv",
        "event_id,type,occurred_at,account_id,email,description\n\
         E-1,contact_sales_request,2026-03-02T10:00:00Z,A1,,Wants a quote\n",
    );
    w.ok(&["import", "events", ev.to_str().unwrap()]);
    away(&w, &[]);
    // `trigger explain` shows the route the run will take: to the cover, not to Dana
    let explained = w.json(&["trigger", "explain", "A1"]);
    let fires: Vec<&Value> = explained["triggers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["trigger"] == "contact_sales_request")
        .collect();
    assert_eq!(fires[0]["route"]["owner"], "Ivo", "{explained}");
    let run = w.json(&["trigger", "run"]);
    let made: Vec<&Value> = run["created"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["trigger"] == "contact_sales_request")
        .collect();
    assert_eq!(made.len(), 1, "{run}");
    assert_eq!(made[0]["owner"], "Ivo");
}

const PLAIN: &str = "From: Dana Whitfield <dana.w@acme.com>
Subject: Question about our renewal quote
Message-ID: <q1@mail.acme.com>

Could you send an updated quote?
";

const REPLY: &str = "From: Dana Whitfield <dana.w@acme.com>
Subject: Re: Question about our renewal quote
Message-ID: <q2@mail.acme.com>
In-Reply-To: <q1@mail.acme.com>

One more thing: a new billing contact.
";

/// The kinds of `who`'s `smb today` notices about case `id`.
fn news(w: &Workdir, who: &str, id: i64) -> Vec<String> {
    w.json(&["--as", who, "today"])
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["id"].as_i64() == Some(id))
        .flat_map(|c| c["today"].as_array().unwrap().clone())
        .filter_map(|i| i["kind"].as_str().map(str::to_string))
        .filter(|k| k == "customer_reply")
        .collect()
}

#[test]
fn a_customer_reply_on_an_absent_owners_case_is_told_to_the_cover() {
    let w = world();
    let f = w.create("q1.eml", PLAIN);
    let id = w.json(&["case", "email", f.to_str().unwrap()])["id"]
        .as_i64()
        .unwrap();
    w.ok(&["--as", "Dana", "pick", &id.to_string()]);
    away(&w, &[]);
    let f = w.create("q2.eml", REPLY);
    let text = w.ok(&["case", "email", f.to_str().unwrap()]);
    assert!(text.contains("Ivo is told, covering for Dana"), "{text}");
    assert_eq!(news(&w, "Ivo", id), ["customer_reply"]);
    assert!(news(&w, "Dana", id).is_empty());
    // The case stays Dana's (only --apply moves it).
    assert_eq!(owner(&w, id), "Dana");
}

#[test]
fn plan_writes_nothing_apply_moves_by_account_and_back_gives_back_what_is_still_the_covers() {
    let w = world();
    let a1 = danas_case(&w, "A1", "C1", true);
    let a1b = danas_case(&w, "A1", "C1", true);
    let a2 = danas_case(&w, "A2", "C2", true);
    let a3 = danas_case(&w, "A3", "", true);
    let before = w.state();
    let plan = w.json(&[
        "advocate",
        "away",
        "Dana",
        "--from",
        "2026-03-02",
        "--until",
        "2026-03-06",
        "--cover",
        "Ivo,Lena",
        "--plan",
    ]);
    assert_eq!(w.state(), before, "--plan writes nothing");
    assert_eq!(plan["applied"], false);
    let to = |p: &Value, id: i64| -> String {
        p["moves"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["case_id"] == id)
            .map(|m| m["to"].as_str().unwrap().to_string())
            .unwrap_or_default()
    };
    // A1's two cases together; the German customer to Lena.
    assert_eq!(to(&plan, a1), to(&plan, a1b));
    assert_eq!(to(&plan, a2), "Lena");
    assert_eq!(plan["moves"].as_array().unwrap().len(), 4);
    let applied = w.json(&[
        "advocate",
        "away",
        "Dana",
        "--from",
        "2026-03-02",
        "--until",
        "2026-03-06",
        "--cover",
        "Ivo,Lena",
        "--apply",
    ]);
    assert_eq!(applied["applied"], true);
    assert_eq!(applied["moves"], plan["moves"]);
    for id in [a1, a1b, a2, a3] {
        assert_eq!(owner(&w, id), to(&plan, id));
        let last = show(&w, id)["history"]
            .as_array()
            .unwrap()
            .last()
            .unwrap()
            .clone();
        assert_eq!(last["action"], "assigned");
        assert_eq!(last["note"], "reason: pto");
        assert_eq!(last["before"], "Dana");
        assert_eq!(show(&w, id)["status"], "In Progress");
    }
    // Applying again (the same absence) finds nothing left to move and records nothing new.
    let again = w.json(&[
        "advocate",
        "away",
        "Dana",
        "--from",
        "2026-03-02",
        "--until",
        "2026-03-06",
        "--cover",
        "Ivo,Lena",
        "--apply",
    ]);
    assert!(again["moves"].as_array().unwrap().is_empty());
    let list = w.json(&["advocate", "list"]);
    let dana = list
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "Dana")
        .unwrap();
    assert_eq!(dana["away_now"], true);
    // Meanwhile: one case closed by its cover, one handed on by a manager.
    let cover_a3 = to(&plan, a3);
    w.ok(&[
        "--as",
        &cover_a3,
        "case",
        "update",
        &a3.to_string(),
        "--next-steps",
        "done",
        "--next-steps-date",
        "2026-03-03",
    ]);
    w.ok(&[
        "--as",
        &cover_a3,
        "close",
        &a3.to_string(),
        "--status",
        "resolved",
        "--action",
        "Answered Question",
    ]);
    w.ok(&["case", "assign", &a2.to_string(), "--to", "Mona"]);
    let back = w.json(&["--now", "2026-03-09T09:00:00Z", "advocate", "back", "Dana"]);
    let given: Vec<i64> = back
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["given_back"] == true)
        .map(|r| r["case_id"].as_i64().unwrap())
        .collect();
    assert_eq!(given, [a1, a1b]);
    for id in [a1, a1b] {
        assert_eq!(owner(&w, id), "Dana");
        let last = show(&w, id)["history"]
            .as_array()
            .unwrap()
            .last()
            .unwrap()
            .clone();
        assert_eq!(
            (last["after"].as_str(), last["note"].as_str()),
            (Some("Dana"), Some("reason: pto"))
        );
    }
    assert_eq!(owner(&w, a2), "Mona");
    assert_eq!(show(&w, a3)["status"], "Closed - Resolved");
    let list = w.json(&["advocate", "list"]);
    let dana = list
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "Dana")
        .unwrap();
    assert_eq!(dana["away_from"], Value::Null);
    // Back twice: not away any more.
    let e = w.fails(&["advocate", "back", "Dana"], 2);
    assert!(e.contains("Dana is not away"), "{e}");
}

#[test]
fn a_case_the_plan_cannot_place_is_listed_with_why_and_stays() {
    let w = world();
    let de = danas_case(&w, "A2", "C2", true);
    let en = danas_case(&w, "A1", "C1", true);
    let out = w.json(&[
        "advocate",
        "away",
        "Dana",
        "--from",
        "2026-03-02",
        "--until",
        "2026-03-06",
        "--cover",
        "Ivo",
        "--apply",
    ]);
    assert_eq!(out["moves"][0]["case_id"], en);
    assert_eq!(out["unplaced"][0]["case_id"], de);
    assert!(
        out["unplaced"][0]["why"]
            .as_str()
            .unwrap()
            .contains("no cover speaks de"),
        "{out}"
    );
    assert_eq!(owner(&w, de), "Dana");
    assert_eq!(owner(&w, en), "Ivo");
    // The table says so too.
    let text = w.ok(&[
        "advocate",
        "away",
        "Dana",
        "--from",
        "2026-03-02",
        "--until",
        "2026-03-06",
        "--cover",
        "Ivo",
        "--plan",
    ]);
    assert!(text.contains("1 cannot be placed"), "{text}");
}

#[test]
fn an_advocate_records_their_own_absence_and_the_list_shows_it_after_the_profile() {
    let w = world();
    let text = w.ok(&[
        "--as",
        "Dana",
        "advocate",
        "away",
        "Dana",
        "--from",
        "2026-03-16",
        "--until",
        "2026-03-20",
        "--cover",
        "Lena",
    ]);
    assert!(text.contains("Recorded"), "{text}");
    let list = w.json(&["advocate", "list"]);
    let dana = list
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "Dana")
        .unwrap();
    let keys: Vec<&str> = dana
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "name",
            "role",
            "region",
            "languages",
            "capacity",
            "created_at",
            "away_from",
            "away_until",
            "covers",
            "away_now"
        ]
    );
    assert_eq!(dana["away_from"], "2026-03-16");
    assert_eq!(dana["away_until"], "2026-03-20");
    assert_eq!(dana["covers"], serde_json::json!(["Lena"]));
    assert_eq!(dana["away_now"], false, "it starts in two weeks");
    let table = w.ok(&["advocate", "list"]);
    assert!(table.contains("2026-03-16 to 2026-03-20"), "{table}");
    // The same absence again is the same absence, not an overlap.
    let again = w.ok(&[
        "--as",
        "Dana",
        "advocate",
        "away",
        "Dana",
        "--from",
        "2026-03-16",
        "--until",
        "2026-03-20",
        "--cover",
        "Lena",
    ]);
    assert!(again.contains("Already recorded"), "{again}");
    // An advocate ends their own absence too.
    w.ok(&["--as", "Dana", "advocate", "back", "Dana"]);
    assert!(actions(&w, new_case(&w, "A1", "x", None)).contains(&"queued".to_string()));
}

#[test]
fn bad_absences_exit_2_and_change_nothing() {
    let w = world();
    w.ok(&[
        "advocate",
        "away",
        "Lena",
        "--from",
        "2026-03-09",
        "--until",
        "2026-03-13",
        "--cover",
        "Dana",
    ]);
    let before = w.state();
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "advocate",
                "away",
                "Dana",
                "--from",
                "2026-03-09",
                "--until",
                "2026-03-08",
                "--cover",
                "Lena",
            ],
            "--until 2026-03-08 is before --from 2026-03-09",
        ),
        (
            &[
                "advocate",
                "away",
                "Dana",
                "--from",
                "2026-03-09",
                "--until",
                "2026-03-10",
                "--cover",
                "Ivo,dana",
            ],
            "--cover \"Dana\" is the absent person",
        ),
        (
            &[
                "advocate",
                "away",
                "Dnaa",
                "--from",
                "2026-03-09",
                "--until",
                "2026-03-10",
                "--cover",
                "Lena",
            ],
            "advocate \"Dnaa\": nobody has that name; did you mean \"Dana\"?",
        ),
        (
            &[
                "advocate",
                "away",
                "Dana",
                "--from",
                "2026-03-09",
                "--until",
                "2026-03-10",
                "--cover",
                "Lenna",
            ],
            "--cover \"Lenna\": nobody has that name; did you mean \"Lena\"?",
        ),
        (
            &[
                "advocate",
                "away",
                "Lena",
                "--from",
                "2026-03-13",
                "--until",
                "2026-03-20",
                "--cover",
                "Dana",
            ],
            "Lena is already away from 2026-03-09 until 2026-03-13",
        ),
        (
            &[
                "advocate",
                "away",
                "Dana",
                "--from",
                "2026-03-09",
                "--until",
                "2026-03-10",
                "--cover",
                "Sol",
            ],
            "--cover \"Sol\" is staff",
        ),
        (
            &[
                "advocate",
                "away",
                "Dana",
                "--from",
                "2026-02-09",
                "--until",
                "2026-03-01",
                "--cover",
                "Lena",
            ],
            "--until 2026-03-01 has passed",
        ),
        (
            &[
                "advocate",
                "away",
                "Dana",
                "--from",
                "03/09/2026",
                "--until",
                "2026-03-10",
                "--cover",
                "Lena",
            ],
            "--from: \"03/09/2026\" is ambiguous",
        ),
        (
            &[
                "--as",
                "Ivo",
                "advocate",
                "away",
                "Dana",
                "--from",
                "2026-03-09",
                "--until",
                "2026-03-10",
                "--cover",
                "Lena",
            ],
            "only a manager or Dana may record Dana's absence",
        ),
        (
            &["--as", "Ivo", "advocate", "back", "Lena"],
            "only a manager or Lena may end Lena's absence",
        ),
        (&["advocate", "back", "Dana"], "Dana is not away"),
    ];
    for (args, want) in cases {
        let e = w.fails(args, 2);
        assert!(e.contains(want), "{args:?}: {e}");
        assert_eq!(w.state(), before, "{args:?} changed the database");
    }
}

/// PostgreSQL (SPEC §10): an advocate's own login records and ends their absence and applies
/// its plan (migration 10 grants a linked login the absence tables, and nothing lets it record
/// someone else's).
#[cfg(feature = "postgres")]
#[test]
fn an_advocates_login_records_their_own_absence_on_postgres() {
    if !crate::support::on_postgres() {
        return;
    }
    let w = world();
    let pg = w.pg().expect("a PostgreSQL workdir");
    let role = format!("{}_away", pg.name);
    const PASSWORD: &str = "pw-away-1";
    let mut admin = pg.admin();
    // The role name is made by the test; the password is a constant.
    admin
        .batch_execute(&format!(
            "CREATE ROLE \"{role}\" LOGIN PASSWORD '{PASSWORD}'"
        ))
        .unwrap();
    let result = std::panic::catch_unwind(|| {
        w.ok(&[
            "advocate", "add", "Dana", "--region", "AMER", "--login", &role,
        ]);
        let id = danas_case(&w, "A1", "C1", true);
        let url = format!(
            "postgres://{role}:{PASSWORD}@127.0.0.1:{}/{}",
            pg.port(),
            pg.name
        );
        let as_dana = |args: &[&str]| {
            w.smb(args)
                .env("SMB_DB", &url)
                .env("SMB_USER", "Dana")
                .output()
                .unwrap()
        };
        let out = as_dana(&[
            "advocate",
            "away",
            "Dana",
            "--from",
            "2026-03-02",
            "--until",
            "2026-03-06",
            "--cover",
            "Ivo",
            "--apply",
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(owner(&w, id), "Ivo");
        let out = as_dana(&[
            "advocate",
            "away",
            "Lena",
            "--from",
            "2026-03-09",
            "--until",
            "2026-03-10",
            "--cover",
            "Ivo",
        ]);
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("only a manager or Lena"));
        let out = as_dana(&["advocate", "back", "Dana"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(owner(&w, id), "Dana");
    });
    drop(w);
    let _ = admin.batch_execute(&format!("DROP ROLE IF EXISTS \"{role}\""));
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}

/// pooled: a case for an absent AE's own pool (an EMEA account they own) goes to their cover,
/// assigned; before and after the absence it enters the pool.
#[test]
fn pooled_a_case_for_an_absent_aes_pool_goes_to_the_cover() {
    let mut w = crate::casework::pooled();
    w.ok(&[
        "advocate", "add", "Mona", "--region", "AMER", "--role", "manager",
    ]);
    w.user = "Mona".to_string();
    w.ok(&[
        "advocate",
        "away",
        "Lena Fischer",
        "--from",
        "2026-03-03",
        "--until",
        "2026-03-04",
        "--cover",
        "Maya",
    ]);
    let at = |now: &str| {
        w.json(&[
            "--now",
            now,
            "case",
            "new",
            "--account",
            "P4",
            "--subject",
            now,
        ])
    };
    let before = at("2026-03-02T23:00:00Z");
    assert_eq!(
        (before["owner"].as_str(), before["queue"].as_str()),
        (None, Some("Lena Fischer"))
    );
    let during = at("2026-03-03T09:00:00Z");
    assert_eq!(during["owner"], "Maya");
    let note = show(&w, during["id"].as_i64().unwrap())["history"][0]["note"].clone();
    assert_eq!(
        note,
        "Lena Fischer is away until 2026-03-04; Maya covers (its queue is Lena Fischer's pool)"
    );
    // Afterwards §3.3 as ever: Maya owns an open case on the account now, so she gets it.
    let after = at("2026-03-05T00:00:00Z");
    assert_eq!(after["owner"], "Maya");
    let note = show(&w, after["id"].as_i64().unwrap())["history"][0]["note"].clone();
    assert!(!note.as_str().unwrap().contains("away"), "{note}");
}
