//! Conformance of PostgreSQL's reading operations, reports and import with SQLite's
//! (docs/store-boundary.md 4.2, 4.5, 4.6): the same data on both engines reads back as the
//! same Rust values, reports give the same rows, an import of the same file gives the same
//! counts and rows, and an import that fails midway leaves nothing.
//!
//! The data: `smb demo` on SQLite (imports, a trigger run, picks, touches, a close, an email),
//! plus notices and profiles, copied row by row into a fresh PostgreSQL database.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use postgres::types::{ToSql, Type};
use smb::domain::model::{Model, QueueOrder, Settings};
use smb::domain::report::{SlaGroupBy, VolumeSplit, Window};
use smb::store::postgres::read as pg;
use smb::store::{CaseFilter, DbName, Imported, Ops, Store};

use crate::pgdb::TestDb;

const BUSY: Duration = Duration::from_secs(10);

const NOW: &str = "2026-03-02T09:00:00Z";

fn now() -> DateTime<Utc> {
    NOW.parse().unwrap()
}

fn smb_cli(db: &Path, args: &[&str]) -> std::process::Output {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_smb"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("SMB_DB")
        .env("SMB_NOW", NOW)
        .env("SMB_USER", "Dana")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "smb {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The demo database on SQLite, with notices and a few more profiles.
fn demo(dir: &Path) -> PathBuf {
    let db = dir.join("demo.db");
    smb_cli(&db, &["demo"]);
    smb_cli(
        &db,
        &[
            "advocate",
            "add",
            "Sol",
            "--region",
            "EMEA",
            "--capacity",
            "5",
        ],
    );
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute_batch(
        "UPDATE advocates SET time_zone = 'Europe/Paris' WHERE name = 'Sol';
         INSERT INTO notices (case_id, recipient, kind, at, note, seen_at)
         SELECT id, 'Dana', 'reply', '2026-03-01T10:00:00Z', 'a reply', NULL FROM cases
          ORDER BY id LIMIT 3;
         INSERT INTO notices (case_id, recipient, kind, at, note, seen_at)
         SELECT id, 'sol', 'routed', '2026-03-01T11:00:00Z', NULL, '2026-03-01T12:00:00Z'
           FROM cases ORDER BY id DESC LIMIT 2;
         INSERT INTO advocates (name, region, languages, role, capacity, created_at)
         VALUES ('alice', 'AMER', 'en', 'advocate', 50, '2026-03-01T00:00:00Z'),
                ('Zed', 'APAC', 'en,ja', 'staff', 50, '2026-03-01T00:00:00Z');
         -- closed cases on opportunities still open and already closed (hygiene)
         UPDATE cases SET status = 'Closed - Resolved', closed_at = '2026-03-01T12:00:00Z',
                owner = 'alice'
          WHERE id IN (SELECT id FROM cases WHERE opportunity_id IS NOT NULL ORDER BY id LIMIT 6);
         UPDATE opportunities SET stage = 'closed won'
          WHERE opportunity_id = (SELECT opportunity_id FROM cases
                                   WHERE opportunity_id IS NOT NULL ORDER BY id LIMIT 1);
         UPDATE opportunities SET stage = 'Closed Lost'
          WHERE opportunity_id = (SELECT opportunity_id FROM cases
                                   WHERE opportunity_id IS NOT NULL ORDER BY id LIMIT 1 OFFSET 1);
         -- an In Progress case owned by someone over capacity, in another spelling
         UPDATE cases SET status = 'In Progress', owner = 'Zed', picked_at = '2026-03-01T09:00:00Z'
          WHERE id IN (SELECT id FROM cases WHERE status = 'Open' ORDER BY id DESC LIMIT 2);
         UPDATE cases SET next_steps_date = '2026-03-20', next_steps = 'call back'
          WHERE id IN (SELECT id FROM cases WHERE status = 'Open' AND owner IS NULL
                        ORDER BY id LIMIT 2);",
    )
    .unwrap();
    db
}

/// Every table, parents first.
const TABLES: &[&str] = &[
    "settings",
    "accounts",
    "opportunities",
    "contacts",
    "events",
    "imports",
    "advocates",
    "cases",
    "case_history",
    "case_messages",
    "sla_clocks",
    "notices",
    "holidays",
    "settings_log",
];

/// Copies every row of the SQLite file into the (migrated, empty but for its settings)
/// PostgreSQL database, ids kept.
fn copy_to_pg(sqlite: &Path, pg: &mut postgres::Client) {
    let lite = rusqlite::Connection::open(sqlite).unwrap();
    let mut tx = pg.transaction().unwrap();
    tx.batch_execute("DELETE FROM settings").unwrap();
    for table in TABLES {
        let cols: Vec<(String, String)> = tx
            .query(
                "SELECT column_name::text, data_type::text FROM information_schema.columns
                  WHERE table_schema = current_schema() AND table_name = $1
                  ORDER BY ordinal_position",
                &[table],
            )
            .unwrap()
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        let mut st = lite.prepare(&format!("SELECT * FROM {table}")).unwrap();
        let names: Vec<String> = st.column_names().map(|s| s.to_string()).collect();
        let types: Vec<Type> = names
            .iter()
            .map(|n| {
                let (_, t) = cols
                    .iter()
                    .find(|(c, _)| c == n)
                    .unwrap_or_else(|| panic!("{table}.{n} on PostgreSQL"));
                match t.as_str() {
                    "text" => Type::TEXT,
                    "bigint" => Type::INT8,
                    "boolean" => Type::BOOL,
                    other => panic!("{table}.{n}: {other}"),
                }
            })
            .collect();
        let sql = format!(
            "INSERT INTO {table} ({}) OVERRIDING SYSTEM VALUE VALUES ({})",
            names.join(", "),
            (1..=names.len())
                .map(|i| format!("${i}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let ins = tx.prepare_typed(&sql, &types).unwrap();
        let mut rows = st.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            let mut vals: Vec<Box<dyn ToSql + Sync>> = Vec::new();
            for (i, t) in types.iter().enumerate() {
                let v: rusqlite::types::Value = r.get(i).unwrap();
                use rusqlite::types::Value as V;
                vals.push(match (t, v) {
                    (_, V::Null) if *t == Type::BOOL => Box::new(None::<bool>),
                    (_, V::Null) if *t == Type::INT8 => Box::new(None::<i64>),
                    (_, V::Null) => Box::new(None::<String>),
                    (t, V::Integer(n)) if *t == Type::BOOL => Box::new(n != 0),
                    (_, V::Integer(n)) => Box::new(n),
                    (_, V::Text(s)) => Box::new(s),
                    (_, other) => panic!("{table}: {other:?}"),
                });
            }
            let refs: Vec<&(dyn ToSql + Sync)> = vals.iter().map(|b| b.as_ref()).collect();
            tx.execute(&ins, &refs).unwrap();
        }
    }
    tx.commit().unwrap();
}

/// A PostgreSQL database with the same rows as `sqlite`: the database (kept until dropped), a
/// plain client to look behind smb's back, and smb's store on it.
fn pg_like(sqlite: &Path, name: &str) -> Option<(TestDb, postgres::Client, Store)> {
    let db = TestDb::new(name)?;
    let url = DbName::Postgres(db.url.clone());
    drop(Store::open(&url, true, &Settings::new(Model::Digital), BUSY).unwrap());
    let mut c = db.client();
    copy_to_pg(sqlite, &mut c);
    let (store, _) = Store::open(&url, false, &Settings::new(Model::Digital), BUSY).unwrap();
    Some((db, c, store))
}

/// smb's store on the SQLite file.
fn lite_store(path: &Path) -> Store {
    Store::open(
        &DbName::File(path.to_path_buf()),
        false,
        &Settings::new(Model::Digital),
        BUSY,
    )
    .unwrap()
    .0
}

fn column<T: rusqlite::types::FromSql>(sqlite: &Path, sql: &str) -> Vec<T> {
    let c = rusqlite::Connection::open(sqlite).unwrap();
    let mut st = c.prepare(sql).unwrap();
    st.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// Asks both engines; panics with both answers when they differ.
macro_rules! same {
    ($what:expr, $lite:expr, $pg:expr) => {{
        let (l, p) = ($lite, $pg);
        assert_eq!(
            l, p,
            "{} differs between SQLite (left) and PostgreSQL",
            $what
        );
    }};
}

#[test]
fn every_read_gives_the_same_values_on_both_engines() {
    let dir = tempfile::tempdir().unwrap();
    let lite = demo(dir.path());
    let Some((_db, _c, mut pgs)) = pg_like(&lite, "reads_conform") else {
        return;
    };
    let mut store = lite_store(&lite);
    let mut s = store.read().unwrap();
    let mut p = pgs.read().unwrap();

    same!("settings", s.settings().unwrap(), p.settings().unwrap());
    same!(
        "account_count",
        s.account_count().unwrap(),
        p.account_count().unwrap()
    );
    let mut accounts: Vec<String> = column(&lite, "SELECT account_id FROM accounts");
    accounts.push("NO-SUCH-ACCOUNT".into());
    assert!(accounts.len() > 100);
    for id in &accounts {
        same!(id, s.account(id).unwrap(), p.account(id).unwrap());
        same!(
            id,
            s.account_exists(id).unwrap(),
            p.account_exists(id).unwrap()
        );
        same!(
            id,
            s.opportunities_of(id).unwrap(),
            p.opportunities_of(id).unwrap()
        );
        same!(
            id,
            s.case_facts_of(id).unwrap(),
            p.case_facts_of(id).unwrap()
        );
        same!(
            id,
            s.high_value_suppressed(id).unwrap(),
            p.high_value_suppressed(id).unwrap()
        );
        same!(
            id,
            s.routing_facts(id).unwrap(),
            p.routing_facts(id).unwrap()
        );
        same!(
            id,
            s.cases(&CaseFilter {
                account_id: Some(id.clone()),
                ..CaseFilter::default()
            })
            .unwrap(),
            p.cases(&CaseFilter {
                account_id: Some(id.clone()),
                ..CaseFilter::default()
            })
            .unwrap()
        );
    }
    for probe in [
        "",
        "a",
        "ACC",
        "acme",
        "zz-top",
        &accounts[3].to_lowercase(),
    ] {
        same!(
            probe,
            s.account_ids_like(probe, 3).unwrap(),
            p.account_ids_like(probe, 3).unwrap()
        );
    }
    let domains: Vec<Option<String>> = column(&lite, "SELECT email_domain FROM accounts");
    for d in domains.into_iter().flatten().take(60) {
        for d in [d.clone(), d.to_uppercase(), format!("x{d}")] {
            same!(
                &d,
                s.account_by_domain(&d).unwrap(),
                p.account_by_domain(&d).unwrap()
            );
        }
    }
    let mut lite_all = Vec::new();
    s.for_each_account(&[], |a| {
        lite_all.push(a);
        Ok(())
    })
    .unwrap();
    let mut pg_all = Vec::new();
    p.for_each_account(&[], |a| {
        pg_all.push(a);
        Ok(())
    })
    .unwrap();
    assert_eq!(lite_all.len(), accounts.len() - 1);
    same!("for_each_account", lite_all, pg_all);
    let some = vec![accounts[5].clone(), "NOPE".into(), accounts[1].clone()];
    let (mut l, mut q) = (Vec::new(), Vec::new());
    s.for_each_account(&some, |a| {
        l.push(a);
        Ok(())
    })
    .unwrap();
    p.for_each_account(&some, |a| {
        q.push(a);
        Ok(())
    })
    .unwrap();
    same!("for_each_account(ids)", l, q);
    let segments = |t: &mut smb::store::Tx<'_>| {
        let parts = t
            .fold_account_segments(Vec::new, |v, a| v.push(a.clone()))
            .unwrap();
        parts.into_iter().flatten().collect::<Vec<_>>()
    };
    let (mut l, mut q) = (segments(&mut s), segments(&mut p));
    let key = |a: &smb::domain::account::Account| format!("{a:?}");
    l.sort_by_key(key);
    q.sort_by_key(key);
    same!("for_each_account_segment", l, q);

    let contacts: Vec<String> = column(&lite, "SELECT contact_id FROM contacts");
    for id in &contacts {
        same!(id, s.contact(id).unwrap(), p.contact(id).unwrap());
    }
    let emails: Vec<String> = column(&lite, "SELECT email FROM contacts");
    for e in emails.iter().take(80) {
        for e in [e.clone(), e.to_uppercase(), format!(" {e} ")] {
            same!(
                &e,
                s.contact_by_email(&e).unwrap(),
                p.contact_by_email(&e).unwrap()
            );
        }
    }
    let opps: Vec<String> = column(&lite, "SELECT opportunity_id FROM opportunities");
    for id in &opps {
        same!(id, s.opportunity(id).unwrap(), p.opportunity(id).unwrap());
    }
    let mut owners: Vec<String> = column(
        &lite,
        "SELECT DISTINCT owner FROM opportunities WHERE owner IS NOT NULL
         UNION SELECT DISTINCT owner FROM cases WHERE owner IS NOT NULL",
    );
    owners.extend(["dana".to_string(), "DANA".into(), "nobody".into()]);
    for o in &owners {
        same!(
            o,
            s.opportunities_owned_by(o).unwrap(),
            p.opportunities_owned_by(&o.to_uppercase()).unwrap()
        );
        let f = CaseFilter {
            owner: Some(o.clone()),
            open_only: true,
            ..CaseFilter::default()
        };
        same!(o, s.cases(&f).unwrap(), p.cases(&f).unwrap());
        same!(
            o,
            s.unseen_notices(o).unwrap(),
            p.unseen_notices(o).unwrap()
        );
        same!(
            o,
            s.advocate(o).unwrap(),
            p.advocate(&o.to_lowercase()).unwrap()
        );
        same!(
            o,
            s.advocate_time_zone(o).unwrap(),
            p.advocate_time_zone(o).unwrap()
        );
    }
    for o in ["sol", " SOL ", "Dana"] {
        same!(o, s.advocate(o).unwrap(), p.advocate(o).unwrap());
        same!(
            o,
            s.advocate_time_zone(o).unwrap(),
            p.advocate_time_zone(o).unwrap()
        );
        same!(
            o,
            s.unseen_notices(o).unwrap(),
            p.unseen_notices(o).unwrap()
        );
    }
    same!(
        "owned_opportunities",
        s.owned_opportunities().unwrap(),
        p.owned_opportunities().unwrap()
    );
    same!("advocates", s.advocates().unwrap(), p.advocates().unwrap());
    let mut names = s.stored_queue_names().unwrap();
    names.sort();
    same!("stored_queue_names", names, p.stored_queue_names().unwrap());
    let events: Vec<String> = column(&lite, "SELECT event_id FROM events");
    for id in &events {
        same!(id, s.event(id).unwrap(), p.event(id).unwrap());
    }

    let mut ids: Vec<i64> = column(&lite, "SELECT id FROM cases");
    ids.push(999_999);
    let since = "2026-02-01T00:00:00Z".parse().unwrap();
    for id in &ids {
        same!(id, s.case(*id).unwrap(), p.case(*id).unwrap());
        same!(id, s.history(*id).unwrap(), p.history(*id).unwrap());
        same!(
            id,
            s.touches_since(*id, since).unwrap(),
            p.touches_since(*id, since).unwrap()
        );
        for who in ["Dana", "DANA", "sol"] {
            same!(
                id,
                s.has_unseen_notices(*id, who).unwrap(),
                p.has_unseen_notices(*id, who).unwrap()
            );
        }
    }
    same!(
        "cases",
        s.cases(&CaseFilter::default()).unwrap(),
        p.cases(&CaseFilter::default()).unwrap()
    );
    let keys: Vec<String> = column(
        &lite,
        "SELECT dedup_key FROM cases WHERE dedup_key IS NOT NULL",
    );
    assert!(!keys.is_empty());
    for k in keys.iter().chain(&["no-such-key".to_string()]) {
        same!(
            k,
            s.case_id_by_dedup_key(k).unwrap(),
            p.case_id_by_dedup_key(k).unwrap()
        );
    }

    // The queue: SQLite's per-value queries merged as the commands merge them.
    let stored = s.stored_queue_names().unwrap();
    let mut sets: Vec<Vec<String>> = stored.iter().map(|q| vec![q.clone()]).collect();
    sets.push(stored.clone());
    sets.push(vec!["AMER".into(), "EMEA".into(), "AMER,EMEA".into()]);
    sets.push(vec!["nothing".into()]);
    for queues in &sets {
        for order in [QueueOrder::PriorityThenAge, QueueOrder::AgeThenPriority] {
            for today in ["2026-03-02", "2026-03-25"] {
                let today: NaiveDate = today.parse().unwrap();
                for limit in [None, Some(1), Some(2)] {
                    same!(
                        format!("queue {queues:?} {order:?} {today} {limit:?}"),
                        s.queue(queues, order, today, limit).unwrap(),
                        p.queue(queues, order, today, limit).unwrap()
                    );
                }
                same!(
                    format!("next_deferred {queues:?} {today}"),
                    s.next_deferred(queues, today).unwrap(),
                    p.next_deferred(queues, today).unwrap()
                );
            }
        }
    }
}

#[test]
fn every_report_gives_the_same_rows_on_both_engines() {
    let dir = tempfile::tempdir().unwrap();
    let lite = demo(dir.path());
    let Some((_db, _c, mut pgs)) = pg_like(&lite, "reports_conform") else {
        return;
    };
    let mut store = lite_store(&lite);
    let mut s = store.read().unwrap();
    let mut p = pgs.read().unwrap();
    let day = |d: &str| Some(d.parse::<NaiveDate>().unwrap());
    let windows = [
        Window::default(),
        Window {
            since: day("2026-02-27"),
            until: None,
            tz: None,
        },
        Window {
            since: day("2026-01-01"),
            until: day("2026-03-01"),
            tz: Some(chrono_tz::Tz::America__New_York),
        },
        Window {
            since: None,
            until: day("2025-12-31"),
            tz: None,
        },
    ];
    let later: DateTime<Utc> = "2026-03-04T18:00:00Z".parse().unwrap();
    let mut clocks = 0;
    for w in &windows {
        for by in [
            SlaGroupBy::Priority,
            SlaGroupBy::Region,
            SlaGroupBy::Owner,
            SlaGroupBy::Category,
        ] {
            for at in [now(), later] {
                let mut l = Vec::new();
                s.for_each_sla_clock(by, w, at, |g, q, pr, st, a, b| {
                    l.push(format!("{g}|{q:?}|{pr:?}|{st:?}|{a}|{b}"))
                })
                .unwrap();
                let mut q = Vec::new();
                p.for_each_sla_clock(by, w, at, |g, qu, pr, st, a, b| {
                    q.push(format!("{g}|{qu:?}|{pr:?}|{st:?}|{a}|{b}"))
                })
                .unwrap();
                l.sort();
                q.sort();
                clocks += l.len();
                same!(format!("for_each_sla_clock {by:?} {w:?}"), l, q);
                let mut l: Vec<String> = s
                    .sla_clock_rows(by, w, at)
                    .unwrap()
                    .iter()
                    .map(|r| format!("{r:?}"))
                    .collect();
                let mut q: Vec<String> = p
                    .sla_clock_rows(by, w, at)
                    .unwrap()
                    .iter()
                    .map(|r| format!("{r:?}"))
                    .collect();
                l.sort();
                q.sort();
                same!(format!("sla_clock_rows {by:?} {w:?}"), l, q);
            }
        }
        for split in [
            None,
            Some(VolumeSplit::Category),
            Some(VolumeSplit::Trigger),
        ] {
            same!(
                format!("volume {split:?} {w:?}"),
                s.volume(split, w).unwrap(),
                p.volume(split, w).unwrap()
            );
        }
        for names in [
            vec!["dana".to_string()],
            vec!["SMB".into(), "x".into()],
            vec![],
        ] {
            same!(
                format!("cases_created_by {names:?}"),
                s.cases_created_by(&names, w).unwrap(),
                p.cases_created_by(&names, w).unwrap()
            );
        }
    }
    assert!(clocks > 0, "the demo has SLA clocks");
    let creators: Vec<String> = column(&lite, "SELECT DISTINCT created_by FROM cases");
    same!(
        "cases_created_by (every creator, upper case)",
        s.cases_created_by(&creators, &Window::default()).unwrap(),
        p.cases_created_by(
            &creators
                .iter()
                .map(|c| c.to_uppercase())
                .collect::<Vec<_>>(),
            &Window::default()
        )
        .unwrap()
    );
    same!(
        "account_regions",
        s.account_regions().unwrap(),
        p.account_regions().unwrap()
    );
    for (t, l) in [
        ("2026-03-01", "2026-02-20"),
        ("2026-02-27", "2026-02-24"),
        ("2026-03-10", "2026-03-05"),
    ] {
        let (t, l): (NaiveDate, NaiveDate) = (t.parse().unwrap(), l.parse().unwrap());
        for at in [now(), later] {
            same!(
                "aging_counts",
                s.aging_counts(t, l, at).unwrap(),
                p.aging_counts(t, l, at).unwrap()
            );
        }
        same!(
            "cases_aged_before",
            s.cases_aged_before(t).unwrap(),
            p.cases_aged_before(t).unwrap()
        );
    }
    same!(
        "owner_loads",
        s.owner_loads().unwrap(),
        p.owner_loads().unwrap()
    );
    for today in ["2026-03-02", "2026-04-30"] {
        let today: NaiveDate = today.parse().unwrap();
        for over in [
            vec![],
            vec!["ZED".to_string()],
            vec!["sol".into(), "zed".into()],
        ] {
            same!(
                format!("hygiene_candidates {today} {over:?}"),
                s.hygiene_candidates(today, &over).unwrap(),
                p.hygiene_candidates(today, &over).unwrap()
            );
        }
    }
}

#[test]
fn profiles_written_on_postgres_read_back_as_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let lite = demo(dir.path());
    let Some((_db, mut c, mut pgs)) = pg_like(&lite, "profiles_conform") else {
        return;
    };
    let a = smb::store::Advocate {
        name: "Ravi".into(),
        region: smb::domain::model::Region::Apac,
        languages: vec!["en".into(), "hi".into()],
        role: smb::store::Role::Manager,
        capacity: 12,
        created_at: now(),
    };
    let mut again = a.clone();
    again.name = "RAVI".into();
    again.capacity = 30;
    {
        let mut store = lite_store(&lite);
        let mut s = store.write().unwrap();
        assert!(!s.put_advocate(&a, None).unwrap());
        assert!(s.put_advocate(&again, None).unwrap());
        s.set_advocate_time_zone("ravi", Some("Asia/Kolkata"))
            .unwrap();
        s.commit().unwrap();
    }
    {
        // Writing a profile is pgwrite's `put_advocate` (login and grants); its statements
        // are these.
        let mut t = c.transaction().unwrap();
        assert!(!pg::put_advocate(&mut t, &a).unwrap());
        assert!(pg::put_advocate(&mut t, &again).unwrap());
        t.commit().unwrap();
        let mut p = pgs.write().unwrap();
        p.set_advocate_time_zone("ravi", Some("Asia/Kolkata"))
            .unwrap();
        p.commit().unwrap();
    }
    let mut p = pgs.read().unwrap();
    let mut store = lite_store(&lite);
    let mut s = store.read().unwrap();
    same!("advocates", s.advocates().unwrap(), p.advocates().unwrap());
    same!(
        "time zone",
        s.advocate_time_zone("RAVI").unwrap(),
        p.advocate_time_zone("RAVI").unwrap()
    );
    same!(
        "stored spellings",
        column::<Option<String>>(
            &lite,
            "SELECT owner FROM opportunities ORDER BY opportunity_id"
        ),
        c.query(
            "SELECT owner FROM opportunities ORDER BY opportunity_id",
            &[]
        )
        .unwrap()
        .iter()
        .map(|r| r.get::<_, Option<String>>(0))
        .collect::<Vec<_>>()
    );
}

// ---------------------------------------------------------------------------------------------
// Import

/// An import source over a CSV file, as the command reads one: keys seen twice and invalid
/// rows refused (or rejected with `skip`), engine rejections counted.
struct Source<R: std::io::Read> {
    csv: smb::import::CsvFile<R>,
    kind: Imported,
    keys: smb::import::KeySet,
    skip: bool,
    rejected: u64,
    /// Stop with an error at this line (a failure midway).
    fail_at: Option<u64>,
}

fn source(text: &str, kind: smb::import::Kind, skip: bool) -> Source<std::io::Cursor<Vec<u8>>> {
    let imported = match kind {
        smb::import::Kind::Accounts => Imported::Accounts,
        smb::import::Kind::Opportunities => Imported::Opportunities,
        smb::import::Kind::Contacts => Imported::Contacts,
        smb::import::Kind::Events => Imported::Events,
    };
    Source {
        csv: smb::import::CsvFile::open(
            "in.csv",
            kind,
            std::io::Cursor::new(text.as_bytes().to_vec()),
        )
        .unwrap(),
        kind: imported,
        keys: smb::import::KeySet::new(),
        skip,
        rejected: 0,
        fail_at: None,
    }
}

impl<R: std::io::Read> smb::store::ImportRows for Source<R> {
    fn kind(&self) -> Imported {
        self.kind
    }

    fn next_row(&mut self) -> smb::Result<Option<smb::store::RowKey>> {
        loop {
            if !self.csv.advance()? {
                return Ok(None);
            }
            let raw = self
                .csv
                .row()
                .map_err(|e| smb::Error::invalid(e.to_string()))?;
            let line = raw.line;
            if self.fail_at == Some(line) {
                return Err(smb::Error::invalid(format!(
                    "line {line}: a failure midway"
                )));
            }
            let Some(key) = self.csv.key() else {
                continue;
            };
            if self.keys.insert(key, line).is_some() {
                self.rejected += 1;
                continue;
            }
            return Ok(Some(smb::store::RowKey {
                key: key.to_string(),
                row_hash: self.csv.row_hash(),
                line,
            }));
        }
    }

    fn parse(&mut self) -> smb::Result<Option<smb::import::Parsed>> {
        let raw = self
            .csv
            .row()
            .map_err(|e| smb::Error::invalid(e.to_string()))?;
        match smb::import::parse_row(self.csv.kind(), &raw) {
            Ok(p) => Ok(Some(p)),
            Err(_) if self.skip => {
                self.rejected += 1;
                Ok(None)
            }
            Err(e) => Err(smb::Error::invalid(e.to_string())),
        }
    }

    fn reject(
        &mut self,
        line: u64,
        field: &str,
        value: Option<&str>,
        expected: &str,
    ) -> smb::Result<()> {
        if self.skip {
            self.rejected += 1;
            Ok(())
        } else {
            Err(smb::Error::invalid(format!(
                "line {line}: {field} {value:?}: expected {expected}"
            )))
        }
    }
}

/// Imports `text` on SQLite through the command; its JSON summary.
fn lite_import(db: &Path, kind: &str, text: &str, skip: bool) -> serde_json::Value {
    let file = db.with_extension(format!("{kind}.csv"));
    std::fs::write(&file, text).unwrap();
    let rejects = db.with_extension(format!("{kind}.rejects.csv"));
    let mut args = vec!["--format", "json", "import", kind, file.to_str().unwrap()];
    if skip {
        args.extend(["--skip-invalid", "--rejects", rejects.to_str().unwrap()]);
    }
    let out = smb_cli(db, &args);
    serde_json::from_slice(&out.stdout).unwrap()
}

fn pg_import(
    p: &mut smb::store::Tx<'_>,
    kind: smb::import::Kind,
    text: &str,
    skip: bool,
) -> smb::Result<(smb::store::ImportCounts, u64)> {
    let settings = p.settings().unwrap();
    let today = now().date_naive();
    let mut src = source(text, kind, skip);
    let track = |old: Option<&smb::domain::account::Account>, a| {
        smb::domain::tracking::merge_account(&settings, old, a, today)
    };
    let counts = p.import(&mut src, &track)?;
    Ok((counts, src.rejected))
}

const ACCOUNTS_1: &str = "account_id,name,region,carr,lam,employees,has_ultimate,auto_renew,pte,ptc,owner,email_domain,customer_type
A1,Acme,AMER,12000,,40,false,true,3,3,dana,acme.test,
A2,Beta,EMEA,900000,,500,true,false,5,4,Sol,beta.test,
A3,Gamma,APAC,3000,,10,,,,,,gamma.test,
";

/// A2 changes (tracked: auto-renew, PTE), A3 only changes the case of a cell that reads the
/// same, A1 is the same, A4 is new, A5 is invalid.
const ACCOUNTS_2: &str = "account_id,name,region,carr,lam,employees,has_ultimate,auto_renew,pte,ptc,owner,email_domain,customer_type
A1,Acme,AMER,12000,,40,false,true,3,3,dana,acme.test,
A2,Beta,EMEA,950000,,500,true,true,4,4,Sol,beta.test,
A3, Gamma ,APAC,3000,,10,,,,,,gamma.test,
A4,Delta,AMER,25000,,80,false,,2,,DANA,delta.test,
A5,Broken,NOWHERE,1,,,,,,,,,
";

const OPPS: &str = "opportunity_id,account_id,type,stage,close_date,amount,owner
O1,A1,Renewal,Negotiation,2026-04-01,12000,DANA
O2,A2,Upgrade,Closed Won,2026-01-15,5000,sol
O3,NOPE,Renewal,Prospecting,2026-05-01,100,
O4,A4,Renewal,Prospecting,2026-06-01,,
";

/// O1 reads the same but for its owner's spelling, O2 only has spaces around a cell, O4
/// changes its amount.
const OPPS_2: &str = "opportunity_id,account_id,type,stage,close_date,amount,owner
O1,A1,Renewal,Negotiation,2026-04-01,12000,dana
O2,A2,Upgrade, Closed Won ,2026-01-15,5000,sol
O4,A4,Renewal,Prospecting,2026-06-01,700,
";

#[test]
fn an_import_gives_the_same_counts_and_rows_on_both_engines() {
    let dir = tempfile::tempdir().unwrap();
    let lite = demo(dir.path());
    let Some((_db, mut c, mut pgs)) = pg_like(&lite, "import_conform") else {
        return;
    };
    use smb::import::Kind;
    let steps: [(&str, Kind, &str); 6] = [
        ("accounts", Kind::Accounts, ACCOUNTS_1),
        ("accounts", Kind::Accounts, ACCOUNTS_2),
        ("accounts", Kind::Accounts, ACCOUNTS_2),
        ("opportunities", Kind::Opportunities, OPPS),
        ("opportunities", Kind::Opportunities, OPPS_2),
        ("opportunities", Kind::Opportunities, OPPS_2),
    ];
    for (kind, k, text) in steps {
        let l = lite_import(&lite, kind, text, true);
        let mut p = pgs.write().unwrap();
        let (counts, rejected) = pg_import(&mut p, k, text, true).unwrap();
        p.commit().unwrap();
        same!(
            format!("{kind} counts"),
            (
                l["inserted"].as_u64().unwrap(),
                l["updated"].as_u64().unwrap(),
                l["unchanged"].as_u64().unwrap(),
                l["rejected"].as_u64().unwrap()
            ),
            (counts.inserted, counts.updated, counts.unchanged, rejected)
        );
    }
    let mut store = lite_store(&lite);
    let mut s = store.read().unwrap();
    let mut p = pgs.read().unwrap();
    for id in ["A1", "A2", "A3", "A4", "A5"] {
        same!(id, s.account(id).unwrap(), p.account(id).unwrap());
        same!(
            id,
            column::<Option<i64>>(
                &lite,
                &format!("SELECT tier FROM accounts WHERE account_id = '{id}'")
            ),
            c.query("SELECT tier FROM accounts WHERE account_id = $1", &[&id])
                .unwrap()
                .iter()
                .map(|r| r.get::<_, Option<i64>>(0))
                .collect::<Vec<_>>()
        );
    }
    for id in ["O1", "O2", "O3", "O4"] {
        same!(id, s.opportunity(id).unwrap(), p.opportunity(id).unwrap());
    }
    for table in ["accounts", "opportunities"] {
        let sql = format!("SELECT row_hash FROM {table} ORDER BY 1");
        same!(
            format!("{table} row hashes"),
            column::<Option<i64>>(&lite, &sql),
            c.query(&sql, &[])
                .unwrap()
                .iter()
                .map(|r| r.get::<_, Option<i64>>(0))
                .collect::<Vec<_>>()
        );
    }
}

/// The first import into an empty table (PostgreSQL copies it straight into the table).
#[test]
fn a_first_import_gives_the_same_counts_and_rows_on_both_engines() {
    let dir = tempfile::tempdir().unwrap();
    let lite = dir.path().join("first.db");
    smb_cli(&lite, &["init"]);
    smb_cli(&lite, &["advocate", "add", "Dana", "--region", "AMER"]);
    smb_cli(&lite, &["advocate", "add", "Sol", "--region", "EMEA"]);
    let Some((_db, mut c, mut pgs)) = pg_like(&lite, "first_import") else {
        return;
    };
    use smb::import::Kind;
    for (kind, k, text) in [
        ("accounts", Kind::Accounts, ACCOUNTS_2),
        ("accounts", Kind::Accounts, ACCOUNTS_1),
    ] {
        let l = lite_import(&lite, kind, text, true);
        let mut p = pgs.write().unwrap();
        let (counts, rejected) = pg_import(&mut p, k, text, true).unwrap();
        p.commit().unwrap();
        same!(
            format!("{kind} counts"),
            (
                l["inserted"].as_u64().unwrap(),
                l["updated"].as_u64().unwrap(),
                l["unchanged"].as_u64().unwrap(),
                l["rejected"].as_u64().unwrap()
            ),
            (counts.inserted, counts.updated, counts.unchanged, rejected)
        );
    }
    let mut store = lite_store(&lite);
    let mut s = store.read().unwrap();
    let mut p = pgs.read().unwrap();
    let mut all = (Vec::new(), Vec::new());
    s.for_each_account(&[], |a| {
        all.0.push(a);
        Ok(())
    })
    .unwrap();
    p.for_each_account(&[], |a| {
        all.1.push(a);
        Ok(())
    })
    .unwrap();
    assert_eq!(all.0.len(), 4);
    assert_eq!(
        all.0[3].owner.as_deref(),
        Some("Dana"),
        "the profile's spelling"
    );
    same!("accounts", all.0, all.1);
    let sql = "SELECT tier, row_hash FROM accounts ORDER BY account_id";
    same!(
        "tiers and hashes",
        {
            let c = rusqlite::Connection::open(&lite).unwrap();
            let mut st = c.prepare(sql).unwrap();
            st.query_map([], |r| {
                Ok((r.get::<_, Option<i64>>(0)?, r.get::<_, Option<i64>>(1)?))
            })
            .unwrap()
            .collect::<rusqlite::Result<Vec<_>>>()
            .unwrap()
        },
        c.query(sql, &[])
            .unwrap()
            .iter()
            .map(|r| (r.get::<_, Option<i64>>(0), r.get::<_, Option<i64>>(1)))
            .collect::<Vec<_>>()
    );
    // The first load built the email domain's index again, as migration 1 made it, and the
    // primary key it dropped too, which refuses a second row of a key again.
    assert_eq!(email_domain_index(&mut c), 1);
    assert_eq!(primary_key(&mut c), 1);
    let again = c.execute(
        "INSERT INTO accounts (account_id, name, region, carr_cents)
         SELECT account_id, name, region, carr_cents FROM accounts LIMIT 1",
        &[],
    );
    assert!(again.is_err(), "a key stored twice: {again:?}");
}

/// The primary key of `accounts` as migration 1 made it (by name and definition).
fn primary_key(c: &mut postgres::Client) -> i64 {
    c.query_one(
        "SELECT count(*) FROM pg_constraint
          WHERE conrelid = 'accounts'::regclass AND contype = 'p' AND conname = 'accounts_pkey'
            AND pg_get_constraintdef(oid) = 'PRIMARY KEY (account_id)'",
        &[],
    )
    .unwrap()
    .get(0)
}

/// Valid indexes on `accounts` as migration 14's `accounts_email_domain` (by name and
/// definition).
fn email_domain_index(c: &mut postgres::Client) -> i64 {
    c.query_one(
        "SELECT count(*) FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid
          WHERE i.indrelid = 'accounts'::regclass AND i.indisvalid
            AND x.relname = 'accounts_email_domain'
            AND pg_get_indexdef(i.indexrelid)
                LIKE '%USING btree (hashtext(lower(email_domain))) WHERE (email_domain IS NOT NULL)'",
        &[],
    )
    .unwrap()
    .get(0)
}

#[test]
fn an_import_that_fails_midway_leaves_nothing() {
    let Some(db) = TestDb::new("import_fails") else {
        return;
    };
    let url = DbName::Postgres(db.url.clone());
    let (mut pgs, _) = Store::open(&url, true, &Settings::new(Model::Digital), BUSY).unwrap();
    let mut c = db.client();
    use smb::import::Kind;
    let count = |c: &mut postgres::Client, t: &str| -> i64 {
        c.query_one(&format!("SELECT count(*) FROM {t}"), &[])
            .unwrap()
            .get(0)
    };
    // An invalid row without --skip-invalid.
    {
        let mut p = pgs.write().unwrap();
        assert!(pg_import(&mut p, Kind::Accounts, ACCOUNTS_2, false).is_err());
    }
    assert_eq!(count(&mut c, "accounts"), 0);
    // The source failing after some rows were sent.
    {
        let mut p = pgs.write().unwrap();
        let settings = p.settings().unwrap();
        let mut src = source(ACCOUNTS_1, Kind::Accounts, false);
        src.fail_at = Some(3);
        let track = |old: Option<&smb::domain::account::Account>, a| {
            smb::domain::tracking::merge_account(&settings, old, a, now().date_naive())
        };
        assert!(p.import(&mut src, &track).is_err());
    }
    assert_eq!(count(&mut c, "accounts"), 0);
    // The secondary index and the primary key a first load drops and builds again are back
    // as they were.
    assert_eq!(email_domain_index(&mut c), 1);
    assert_eq!(primary_key(&mut c), 1);
    // A committed import, then an opportunity import refused for a missing account: the
    // accounts stay, no opportunity is written.
    {
        let mut p = pgs.write().unwrap();
        pg_import(&mut p, Kind::Accounts, ACCOUNTS_1, false).unwrap();
        p.record_import("accounts", "in.csv", now(), "Dana", [3, 0, 0, 0])
            .unwrap();
        p.commit().unwrap();
    }
    {
        let mut p = pgs.write().unwrap();
        let e = pg_import(&mut p, Kind::Opportunities, OPPS, false).unwrap_err();
        assert!(e.to_string().contains("NOPE"), "{e}");
        // A stored account changed in the same file as a failure: nothing of it either.
        let mut src = source(ACCOUNTS_2, Kind::Accounts, false);
        src.fail_at = Some(6);
        let settings = p.settings().unwrap();
        let track = |old: Option<&smb::domain::account::Account>, a| {
            smb::domain::tracking::merge_account(&settings, old, a, now().date_naive())
        };
        assert!(p.import(&mut src, &track).is_err());
    }
    assert_eq!(count(&mut c, "accounts"), 3);
    assert_eq!(count(&mut c, "opportunities"), 0);
    assert_eq!(count(&mut c, "imports"), 1);
    let carr: i64 = c
        .query_one(
            "SELECT carr_cents FROM accounts WHERE account_id = 'A2'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(carr, 90_000_000, "A2 as the first import left it");
}

/// Two imports of one table never interleave (SQLite's write lock does the same): the second
/// waits for the first, and past the busy timeout gets the busy message, having written nothing.
#[test]
fn a_second_import_of_a_table_waits_for_the_first() {
    let Some(db) = TestDb::new("import_waits") else {
        return;
    };
    let url = DbName::Postgres(db.url.clone());
    let settings = Settings::new(Model::Digital);
    let (mut first, _) = Store::open(&url, true, &settings, BUSY).unwrap();
    let (mut second, _) = Store::open(&url, false, &settings, Duration::from_millis(300)).unwrap();
    use smb::import::Kind;
    let mut a = first.write().unwrap();
    pg_import(&mut a, Kind::Accounts, ACCOUNTS_1, false).unwrap();
    a.commit().unwrap();
    // An import in progress changes A2; another, which would change nothing that is committed,
    // still waits for it.
    let mut a = first.write().unwrap();
    pg_import(&mut a, Kind::Accounts, ACCOUNTS_2, true).unwrap();
    {
        let mut b = second.write().unwrap();
        let e = pg_import(&mut b, Kind::Accounts, ACCOUNTS_1, false).unwrap_err();
        assert!(
            e.to_string().contains("locked by another smb command"),
            "{e}"
        );
    }
    a.commit().unwrap();
    let mut b = second.write().unwrap();
    let (counts, _) = pg_import(&mut b, Kind::Accounts, ACCOUNTS_1, false).unwrap();
    b.commit().unwrap();
    assert_eq!(
        (counts.inserted, counts.updated, counts.unchanged),
        (0, 1, 2),
        "A2 changed back, compared with what the first import committed"
    );
}
