//! PostgreSQL case writes (docs/store-boundary.md 4.3, 4.4): the guarded change, the claim
//! under concurrency (threads with connections of their own), cases created once per dedup
//! key, one trigger run at a time.

use std::collections::BTreeSet;
use std::sync::{Arc, Barrier, Mutex};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use smb::domain::case::{Case, Category, HistoryEntry, Origin, Priority, Status};
use smb::domain::change::NoticeDraft;
use smb::domain::model::{Model, QueueOrder};
use smb::domain::notice::NoticeKind;
use smb::domain::report::ClockStop;
use smb::store::postgres::triggers::begin_trigger_run;
use smb::store::postgres::write::{self, ChangeOut, GuardOut, NewOut, Outcome, create_cases};

use super::pgdb::TestDb;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap()
}

fn today() -> NaiveDate {
    now().date_naive()
}

fn err(e: postgres::Error) -> smb::Error {
    smb::Error::Database(e.to_string())
}

/// An smb database with `advocates` (name, capacity) in AMER and `cases` AMER cases queued.
fn team(test: &str, advocates: &[(&str, i64)], cases: usize) -> Option<TestDb> {
    let db = TestDb::new(test)?;
    drop(super::open(&db.url, Model::Digital).unwrap());
    let mut c = db.client();
    for (name, cap) in advocates {
        c.execute(
            "INSERT INTO advocates (name, region, role, capacity, created_at)
             VALUES ($1, 'AMER', 'advocate', $2, '2026-03-01T00:00:00Z')",
            &[name, cap],
        )
        .unwrap();
    }
    let drafts: Vec<Case> = (0..cases).map(|i| queued(&format!("k{i}"))).collect();
    let hist: Vec<Vec<HistoryEntry>> = drafts.iter().map(creation).collect();
    let batch: Vec<NewOut<'_>> = drafts
        .iter()
        .zip(&hist)
        .map(|(d, h)| NewOut {
            draft: d,
            history: h,
            clock: Some((now(), "created")),
            notices: &[],
        })
        .collect();
    let mut tx = c.transaction().unwrap();
    let made = create_cases(&mut tx, &batch, &err).unwrap();
    tx.commit().unwrap();
    assert!(made.iter().all(Option::is_some));
    Some(db)
}

fn queued(key: &str) -> Case {
    let mut d = Case::draft(
        "renewal_check",
        Category::UrgentRenewal,
        Priority::Medium,
        &format!("case {key}"),
        Origin::Trigger,
        "trigger",
        now(),
    );
    d.queue = Some("AMER".into());
    d.queued_at = Some(now());
    d.dedup_key = Some(key.into());
    d
}

fn creation(d: &Case) -> Vec<HistoryEntry> {
    vec![
        HistoryEntry::new(now(), "trigger", "created").change("status", None, Some("Open".into())),
        HistoryEntry::new(now(), "trigger", "queued").change("queue", None, d.queue.clone()),
    ]
}

fn queues() -> [Vec<String>; 3] {
    [
        vec!["AMER".into()],
        vec!["AMER".into()],
        vec!["EMEA".into()],
    ]
}

/// One pick as `smb pick` does it on PostgreSQL: read (and lock) the head, claim it under the
/// guard, commit. `Some(id)` when a case was claimed, `None` when the queue was empty;
/// refusals come back as the outcome.
fn pick(c: &mut postgres::Client, me: &str, cap: Option<u32>) -> Result<Option<i64>, Outcome> {
    let mut tx = c.transaction().unwrap();
    let seen = write::pick_seen(
        &mut tx,
        me,
        &queues(),
        QueueOrder::PriorityThenAge,
        None,
        today(),
        &err,
    )
    .unwrap();
    assert!(seen.me.is_some(), "{me} has a profile");
    let Some(head) = seen.head else {
        return Ok(None);
    };
    let mut after = head.clone();
    after.owner = Some(me.into());
    after.status = Status::InProgress;
    after.picked_at = Some(now());
    let history = [HistoryEntry::new(now(), me, "picked").change(
        "status",
        Some("Open".into()),
        Some("In Progress".into()),
    )];
    let out = write::apply(
        &mut tx,
        &ChangeOut {
            before: &head,
            after: &after,
            history: &history,
            stop: Some((now(), ClockStop::Pick)),
            start: None,
            guard: GuardOut::Claim { owner: me, cap },
            message: None,
            notices: &[],
        },
        &err,
    )
    .unwrap();
    if out != Outcome::Applied {
        return Err(out);
    }
    tx.commit().unwrap();
    Ok(Some(head.id))
}

/// One pick through the boundary (`store::Store`, `Ops`): the transaction's first trip, the
/// pick's read, the claim under its guard, the commit.
fn pick_store(
    store: &mut smb::store::Store,
    me: &str,
    cap: Option<u32>,
) -> Result<Option<i64>, smb::store::Applied> {
    pick_in(store.write().unwrap(), me, cap)
}

/// [`pick_store`] in a write transaction already begun.
fn pick_in(
    mut tx: smb::store::Tx<'_>,
    me: &str,
    cap: Option<u32>,
) -> Result<Option<i64>, smb::store::Applied> {
    use smb::store::{Applied, Ops, PickQuery};
    let settings = tx.settings().unwrap();
    assert_eq!(settings.model, Model::Digital);
    let view = tx
        .pick_view(&PickQuery {
            me: me.into(),
            queues_by_region: queues(),
            order: QueueOrder::PriorityThenAge,
            case: None,
            today: today(),
        })
        .unwrap();
    assert!(view.me.is_some(), "{me} has a profile");
    let Some(head) = view.head else {
        return Ok(None);
    };
    let mut after = head.clone();
    after.owner = Some(me.into());
    after.status = Status::InProgress;
    after.picked_at = Some(now());
    let change = smb::domain::change::CaseChange {
        at: now(),
        before: head.clone(),
        after,
        history: vec![HistoryEntry::new(now(), me, "picked").change(
            "status",
            Some("Open".into()),
            Some("In Progress".into()),
        )],
        clock: smb::domain::change::ClockEvent::Stop(ClockStop::Pick),
        guard: smb::domain::change::Guard::Claim {
            owner: me.into(),
            cap,
        },
        attach_message: None,
        notices: vec![],
    };
    match tx.apply(&change).unwrap() {
        Applied::Done => {
            tx.commit().unwrap();
            Ok(Some(head.id))
        }
        other => Err(other),
    }
}

fn open_store(url: &str) -> smb::store::Store {
    smb::store::Store::open(
        &smb::store::DbName::Postgres(url.to_string()),
        false,
        &smb::domain::model::Settings::new(Model::Digital),
        super::BUSY,
    )
    .unwrap()
    .0
}

#[test]
fn sixteen_pickers_never_get_the_same_case_and_none_is_refused_while_cases_remain() {
    let names: Vec<String> = (0..16).map(|i| format!("Picker {i}")).collect();
    let people: Vec<(&str, i64)> = names.iter().map(|n| (n.as_str(), 1000)).collect();
    let Some(db) = team("sixteen_pickers", &people, 200) else {
        return;
    };
    let picked = Arc::new(Mutex::new(Vec::new()));
    let start = Arc::new(Barrier::new(16));
    let threads: Vec<_> = names
        .iter()
        .map(|name| {
            let (url, name) = (db.url.clone(), name.clone());
            let (picked, start) = (picked.clone(), start.clone());
            std::thread::spawn(move || {
                let mut store = open_store(&url);
                start.wait();
                loop {
                    match pick_store(&mut store, &name, None) {
                        Ok(Some(id)) => picked.lock().unwrap().push(id),
                        Ok(None) => break,
                        Err(o) => panic!("{name} was refused while cases remained: {o:?}"),
                    }
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let picked = picked.lock().unwrap();
    let distinct: BTreeSet<i64> = picked.iter().copied().collect();
    assert_eq!(distinct.len(), picked.len(), "a case was picked twice");
    assert_eq!(picked.len(), 200, "every case was picked once");
    let mut c = db.client();
    let row = c
        .query_one(
            "SELECT count(*) FILTER (WHERE status = 'In Progress'),
                    (SELECT count(*) FROM case_history WHERE action = 'picked'),
                    (SELECT count(*) FROM sla_clocks WHERE stopped_by = 'pick')
               FROM cases",
            &[],
        )
        .unwrap();
    assert_eq!(
        (
            row.get::<_, i64>(0),
            row.get::<_, i64>(1),
            row.get::<_, i64>(2)
        ),
        (200, 200, 200)
    );
}

#[test]
fn eight_sessions_of_one_advocate_never_hold_more_than_the_cap() {
    let Some(db) = team("eight_sessions_cap", &[("Dana", 5)], 40) else {
        return;
    };
    let start = Arc::new(Barrier::new(8));
    let claimed = Arc::new(Mutex::new(0usize));
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let url = db.url.clone();
            let (start, claimed) = (start.clone(), claimed.clone());
            std::thread::spawn(move || {
                let mut store = open_store(&url);
                start.wait();
                for _ in 0..3 {
                    match pick_store(&mut store, "Dana", Some(5)) {
                        Ok(Some(_)) => *claimed.lock().unwrap() += 1,
                        Ok(None) => panic!("the queue is not empty"),
                        Err(smb::store::Applied::AtCapacity { in_progress }) => {
                            assert!(in_progress >= 5, "refused at {in_progress}")
                        }
                        Err(o) => panic!("unexpected {o:?}"),
                    }
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let held: i64 = db
        .client()
        .query_one(
            "SELECT count(*) FROM cases WHERE owner = 'Dana' AND status = 'In Progress'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(held, 5, "never over the cap of 5, and the cap is reached");
    assert_eq!(*claimed.lock().unwrap(), 5);
}

#[test]
fn a_change_whose_case_changed_meanwhile_is_a_conflict_and_writes_nothing() {
    let Some(db) = team("apply_guard_conflict", &[("Dana", 50), ("Lee", 50)], 2) else {
        return;
    };
    let mut c = db.client();
    let mut tx = c.transaction().unwrap();
    let seen = write::pick_seen(
        &mut tx,
        "Dana",
        &queues(),
        QueueOrder::PriorityThenAge,
        Some(1),
        today(),
        &err,
    )
    .unwrap();
    let before = seen.chosen.expect("case 1");
    tx.commit().unwrap();
    // Lee takes it first.
    assert_eq!(pick(&mut c, "Lee", None), Ok(Some(1)));
    let history_before: i64 = c
        .query_one("SELECT count(*) FROM case_history", &[])
        .unwrap()
        .get(0);
    // Dana closes it from her stale read: refused, nothing written.
    let mut after = before.clone();
    after.status = Status::Resolved;
    let history = [HistoryEntry::new(now(), "Dana", "closed")];
    let notices = [NoticeDraft {
        recipient: "Lee".into(),
        kind: NoticeKind::Routed,
        at: now(),
        note: None,
    }];
    let mut tx = c.transaction().unwrap();
    let out = write::apply(
        &mut tx,
        &ChangeOut {
            before: &before,
            after: &after,
            history: &history,
            stop: Some((now(), ClockStop::Closed)),
            start: Some((now(), "reopened")),
            guard: GuardOut::Unchanged,
            message: Some(("m1@x", now())),
            notices: &notices,
        },
        &err,
    )
    .unwrap();
    assert_eq!(out, Outcome::Conflict);
    tx.commit().unwrap();
    let row = c
        .query_one(
            "SELECT (SELECT count(*) FROM case_history), (SELECT count(*) FROM sla_clocks),
                    (SELECT count(*) FROM case_messages), (SELECT count(*) FROM notices),
                    (SELECT status FROM cases WHERE id = 1)",
            &[],
        )
        .unwrap();
    assert_eq!(row.get::<_, i64>(0), history_before);
    assert_eq!(row.get::<_, i64>(1), 2, "the two creation clocks only");
    assert_eq!((row.get::<_, i64>(2), row.get::<_, i64>(3)), (0, 0));
    assert_eq!(row.get::<_, String>(4), "In Progress");

    // The same change from a fresh read applies whole: history in order, the clock stopped
    // and a new one started (the stop never sees the start), the message and the notice.
    let mut tx = c.transaction().unwrap();
    let seen = write::pick_seen(
        &mut tx,
        "Dana",
        &queues(),
        QueueOrder::PriorityThenAge,
        Some(2),
        today(),
        &err,
    )
    .unwrap();
    let before = seen.chosen.unwrap();
    let mut after = before.clone();
    after.owner = Some("Lee".into());
    let history = [
        HistoryEntry::new(now(), "Dana", "assigned").change("owner", None, Some("Lee".into())),
        HistoryEntry::new(now(), "Dana", "updated").note("second"),
    ];
    let out = write::apply(
        &mut tx,
        &ChangeOut {
            before: &before,
            after: &after,
            history: &history,
            stop: Some((now(), ClockStop::Reassigned)),
            start: Some((now(), "reassigned")),
            guard: GuardOut::Unchanged,
            message: Some(("m2@x", now())),
            notices: &notices,
        },
        &err,
    )
    .unwrap();
    assert_eq!(out, Outcome::Applied);
    tx.commit().unwrap();
    let actions: Vec<String> = c
        .query(
            "SELECT action FROM case_history WHERE case_id = 2 ORDER BY id",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(actions, ["created", "queued", "assigned", "updated"]);
    let clocks: Vec<(Option<String>, String)> = c
        .query(
            "SELECT stopped_by, reason FROM sla_clocks WHERE case_id = 2 ORDER BY id",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(
        clocks,
        [
            (Some("reassigned".to_string()), "created".to_string()),
            (None, "reassigned".to_string())
        ]
    );
    let mut tx = c.transaction().unwrap();
    let thread = write::thread_of(&mut tx, &["nope@x".into(), "m2@x".into()], &err).unwrap();
    assert_eq!(
        thread.map(|t| (t.id, t.owner)),
        Some((2, Some("Lee".into())))
    );
    assert!(
        write::thread_of(&mut tx, &["nope@x".into()], &err)
            .unwrap()
            .is_none()
    );
}

#[test]
fn create_cases_makes_each_dedup_key_once() {
    let Some(db) = team("create_cases_once", &[("Dana", 50)], 0) else {
        return;
    };
    let mut c = db.client();
    let drafts = [queued("a"), queued("b"), queued("a"), {
        let mut d = queued("x");
        d.dedup_key = None;
        d.owner = Some("Dana".into());
        d.queue = None;
        d
    }];
    let hist: Vec<Vec<HistoryEntry>> = drafts.iter().map(creation).collect();
    let notices = [NoticeDraft {
        recipient: "Dana".into(),
        kind: NoticeKind::Routed,
        at: now(),
        note: Some("routed".into()),
    }];
    let batch: Vec<NewOut<'_>> = drafts
        .iter()
        .zip(&hist)
        .map(|(d, h)| NewOut {
            draft: d,
            history: h,
            clock: Some((now(), "created")),
            notices: if d.owner.is_some() { &notices } else { &[] },
        })
        .collect();
    let mut tx = c.transaction().unwrap();
    let made = create_cases(&mut tx, &batch, &err).unwrap();
    tx.commit().unwrap();
    let ids: Vec<Option<i64>> = made.iter().map(|m| m.as_ref().map(|c| c.id)).collect();
    assert_eq!(ids, [Some(1), Some(2), None, Some(4)]);
    assert_eq!(made[3].as_ref().unwrap().subject, "case x");
    let mut tx = c.transaction().unwrap();
    let again = create_cases(&mut tx, &batch, &err).unwrap();
    tx.commit().unwrap();
    let ids: Vec<Option<i64>> = again.iter().map(|m| m.as_ref().map(|c| c.id)).collect();
    assert_eq!(ids[..3], [None, None, None], "existing keys make nothing");
    assert!(ids[3].is_some(), "a case without a key never conflicts");
    let row = c
        .query_one(
            "SELECT (SELECT count(*) FROM cases), (SELECT count(*) FROM case_history),
                    (SELECT count(*) FROM sla_clocks), (SELECT count(*) FROM notices)",
            &[],
        )
        .unwrap();
    let counts: (i64, i64, i64, i64) = (row.get(0), row.get(1), row.get(2), row.get(3));
    assert_eq!(counts, (4, 8, 4, 2));
}

#[test]
fn a_second_trigger_run_is_refused_at_once_while_one_runs() {
    let Some(db) = team("second_trigger_run", &[], 0) else {
        return;
    };
    let (mut a, mut b) = (db.client(), db.client());
    let mut ta = a.transaction().unwrap();
    begin_trigger_run(&mut ta, "the test database", &err).unwrap();
    let mut tb = b.transaction().unwrap();
    let e = begin_trigger_run(&mut tb, "the test database", &err).unwrap_err();
    assert_eq!(e.exit_code(), 1);
    assert!(
        e.to_string().contains("a trigger run is in progress"),
        "{e}"
    );
    drop(tb);
    ta.commit().unwrap();
    let mut tb = b.transaction().unwrap();
    begin_trigger_run(&mut tb, "the test database", &err).expect("free once the first ended");
}

/// Login roles made for one test (roles belong to the whole server: unique names), dropped
/// after the test's database.
struct Roles {
    names: Vec<String>,
    admin: String,
}

impl Roles {
    fn new(db: &TestDb, tags: &[&str]) -> Roles {
        let mut c = db.admin();
        let names: Vec<String> = tags
            .iter()
            .map(|t| format!("{t}_{}_{}", std::process::id(), db.name.len()))
            .collect();
        for n in &names {
            // Names made here, quoted by the server.
            let sql: String = c
                .query_one(
                    "SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', $1::text, 'pw-' || $1::text)",
                    &[n],
                )
                .unwrap()
                .get(0);
            c.batch_execute(&sql).unwrap();
        }
        Roles {
            names,
            admin: std::env::var("SMB_TEST_DB").unwrap(),
        }
    }

    /// A client on the test database as `role` (password login on 127.0.0.1).
    fn client(&self, db: &TestDb, role: &str) -> postgres::Client {
        let mut cfg = postgres::Config::new();
        cfg.host("127.0.0.1")
            .port(db.port())
            .dbname(&db.name)
            .user(role)
            .password(format!("pw-{role}"));
        cfg.connect(postgres::NoTls)
            .unwrap_or_else(|e| panic!("cannot log in as {role}: {e}"))
    }

    fn drop_all(self, db: TestDb) {
        drop(db);
        let mut c = postgres::Client::connect(&self.admin, postgres::NoTls).unwrap();
        for n in &self.names {
            let sql: String = c
                .query_one("SELECT format('DROP ROLE IF EXISTS %I', $1::text)", &[n])
                .unwrap()
                .get(0);
            let _ = c.batch_execute(&sql);
        }
    }
}

fn person(name: &str, role: smb::store::Role) -> smb::store::Advocate {
    smb::store::Advocate {
        name: name.into(),
        region: smb::domain::model::Region::Amer,
        languages: vec!["en".into()],
        role,
        capacity: 50,
        created_at: now(),
    }
}

#[test]
fn identity_follows_the_login_and_a_linked_login_gets_what_smb_needs_and_no_more() {
    use smb::store::postgres::identity::{decide, put_advocate, session};
    use smb::store::{Identity, Role};
    let Some(db) = team("identity_logins", &[], 3) else {
        return;
    };
    let roles = Roles::new(&db, &["ann", "dana", "nobody", "we ird\"o'ne"]);
    let [ann, dana, nobody, weird] = [0, 1, 2, 3].map(|i| roles.names[i].clone());
    {
        let mut owner = db.client();
        let mut tx = owner.transaction().unwrap();
        assert!(
            !put_advocate(
                &mut tx,
                &person("Ann Lee", Role::Advocate),
                Some(&ann),
                &err
            )
            .unwrap()
        );
        put_advocate(&mut tx, &person("Dana", Role::Manager), Some(&dana), &err).unwrap();
        put_advocate(&mut tx, &person("Wei", Role::Advocate), Some(&weird), &err).unwrap();
        // Refusals: no such role, a role that cannot log in, a login linked to someone else.
        for (login, want) in [
            ("no_such_role_at_all", "no such database role"),
            ("pg_monitor", "cannot log in"),
            (ann.as_str(), "already linked to the profile \"Ann Lee\""),
        ] {
            let mut sp = tx.transaction().unwrap();
            let e = put_advocate(&mut sp, &person("Bo", Role::Advocate), Some(login), &err)
                .unwrap_err();
            assert_eq!(e.exit_code(), 2, "{e}");
            assert!(e.to_string().contains(want), "{e}");
        }
        tx.commit().unwrap();
    }

    // Ann's login acts as Ann, whatever name that is no one's profile it claims; not as Dana.
    let mut c = roles.client(&db, &ann);
    let mut tx = c.transaction().unwrap();
    let (s, named) = session(&mut tx, "ann-laptop-user", &err).unwrap();
    assert!(!s.owner);
    assert!(matches!(decide(&s, "ann-laptop-user", named).unwrap(),
        Identity::Profile(a) if a.name == "Ann Lee"));
    let (s, named) = session(&mut tx, "dana", &err).unwrap();
    let e = decide(&s, "dana", named).unwrap_err();
    assert_eq!(e.exit_code(), 2);
    drop(tx);
    // What smb needs: a pick (SKIP LOCKED, the claim, history, the clock) and a new case.
    assert!(matches!(pick(&mut c, "Ann Lee", Some(50)), Ok(Some(_))));
    let d = queued("by-ann");
    let h = creation(&d);
    let mut tx = c.transaction().unwrap();
    let made = create_cases(
        &mut tx,
        &[NewOut {
            draft: &d,
            history: &h,
            clock: Some((now(), "created")),
            notices: &[],
        }],
        &err,
    )
    .unwrap();
    assert!(made[0].is_some());
    write::mark_notices_seen(&mut tx, 1, "Ann Lee", now(), &err).unwrap();
    tx.commit().unwrap();
    // And no more: profiles, settings and imported tables are the owner's; history is
    // append-only; profiles are added by the owner only.
    for sql in [
        "UPDATE advocates SET capacity = 500",
        "UPDATE settings SET value = 'x'",
        "INSERT INTO accounts (account_id, name, region, carr_cents) VALUES ('X', 'x', 'AMER', 1)",
        "DELETE FROM case_history",
        "UPDATE case_history SET note = 'x'",
        "DELETE FROM cases",
        "UPDATE notices SET note = 'x'",
    ] {
        let mut tx = c.transaction().unwrap();
        let e = tx.batch_execute(sql).unwrap_err();
        assert_eq!(
            e.code(),
            Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE),
            "{sql}: {e}"
        );
    }
    // Settings and holidays (SPEC §11.4): every transaction reads them; only a manager's
    // login (or the owner) changes them, through migration 9's functions.
    c.batch_execute("SELECT count(*) FROM holidays; SELECT count(*) FROM settings_log")
        .unwrap();
    for sql in [
        "INSERT INTO holidays (region, day) VALUES ('AMER', '2026-12-25')",
        "INSERT INTO settings_log (key, after, at, actor) VALUES ('k', 'v', 't', 'a')",
        "SELECT smb_put_setting('upgrade_cap', NULL, '10', '2026-03-02T09:00:00Z', 'Ann Lee')",
        "SELECT smb_put_holiday('AMER', '2026-12-25', NULL)",
        "SELECT smb_remove_holiday('AMER', '2026-12-25')",
    ] {
        let mut tx = c.transaction().unwrap();
        let e = tx.batch_execute(sql).unwrap_err();
        assert_eq!(
            e.code(),
            Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE),
            "{sql}: {e}"
        );
    }
    let mut tx = c.transaction().unwrap();
    let e = put_advocate(&mut tx, &person("Ann Lee", Role::Manager), None, &err).unwrap_err();
    assert!(e.to_string().contains("only the database owner"), "{e}");
    drop(tx);

    // A manager's login may act as someone else.
    let mut c = roles.client(&db, &dana);
    let mut tx = c.transaction().unwrap();
    let (s, named) = session(&mut tx, "ann lee", &err).unwrap();
    assert!(matches!(decide(&s, "ann lee", named).unwrap(),
        Identity::Profile(a) if a.name == "Ann Lee"));
    drop(tx);
    c.batch_execute(
        "SELECT smb_put_holiday('AMER', '2026-12-25', 'Christmas Day');
         SELECT smb_put_setting('upgrade_cap', NULL, '10', '2026-03-02T09:00:00Z', 'Dana')",
    )
    .unwrap();

    // A name quoted by the server works like any other.
    let mut c = roles.client(&db, &weird);
    assert!(matches!(pick(&mut c, "Wei", None), Ok(Some(_))));

    // A login with no profile reads nothing and changes nothing.
    let mut c = roles.client(&db, &nobody);
    for sql in [
        "SELECT key, value FROM settings",
        "UPDATE cases SET owner = 'x'",
        "INSERT INTO case_history (case_id, at, actor, action) VALUES (1, 'x', 'x', 'x')",
    ] {
        let mut tx = c.transaction().unwrap();
        let e = tx.batch_execute(sql).unwrap_err();
        assert_eq!(
            e.code(),
            Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE),
            "{sql}: {e}"
        );
    }
    let (held, history): (i64, i64) = {
        let mut o = db.client();
        let r = o
            .query_one(
                "SELECT (SELECT count(*) FROM cases WHERE owner IS NOT NULL),
                        (SELECT count(*) FROM case_history WHERE actor IN ('x'))",
                &[],
            )
            .unwrap();
        (r.get(0), r.get(1))
    };
    assert_eq!((held, history), (2, 0));
    roles.drop_all(db);
}

#[test]
fn a_trigger_run_streams_accounts_in_rust_order_as_they_stood_when_it_began() {
    use smb::store::AccountSnapshot;
    use smb::store::postgres::run::account_snapshots;
    use smb::store::postgres::triggers::export_snapshot;
    let Some(db) = team("trigger_snapshot", &[], 0) else {
        return;
    };
    let mut c = db.client();
    let ids = ["b", "Z", "a", "é", "B", "a-1", "ab"];
    for id in ids {
        c.execute(
            "INSERT INTO accounts (account_id, name, region, carr_cents) VALUES ($1, $1, 'AMER', 100)",
            &[&id],
        )
        .unwrap();
    }
    c.batch_execute(
        "INSERT INTO opportunities (opportunity_id, account_id, type, stage, close_date)
             VALUES ('o2', 'a', 'Renewal', 'Open', '2026-04-01'),
                    ('o1', 'a', 'Renewal', 'Open', '2026-04-01'),
                    ('o3', 'a', 'Renewal', 'Closed Won', '2026-04-01'),
                    ('o4', 'ZZ-no-account', 'Renewal', 'Open', '2026-04-01'),
                    ('o5', 'é', 'Renewal', 'Open', '2026-04-01');
         INSERT INTO cases (account_id, trigger, category, subject, priority, status, origin,
                            created_at, created_by)
             VALUES ('B', 't', 'Renewal', 's', 1, 'Open', 'trigger', '2026-03-01T00:00:00Z', 'x'),
                    ('b', 't', 'Renewal', 's', 1, 'Open', 'trigger', '2026-03-01T00:00:00Z', 'x');
         INSERT INTO events (event_id, type, occurred_at, account_id)
             VALUES ('e2', 'web', '2026-03-01T00:00:00Z', 'gone'),
                    ('e1', 'web', '2026-03-01T00:00:00Z', 'ab'),
                    ('e0', 'web', '2026-03-01T00:00:00Z', 'A-gone');",
    )
    .unwrap();
    let mut tx = c.transaction().unwrap();
    begin_trigger_run(&mut tx, "test", &err).unwrap();
    let snapshot = export_snapshot(&mut tx, &err).unwrap();
    // Written after the run began: not seen by it, by any part.
    db.client()
        .batch_execute(
            "INSERT INTO accounts (account_id, name, region, carr_cents) VALUES ('late', 'x', 'AMER', 1);
             INSERT INTO opportunities (opportunity_id, account_id, type, stage, close_date)
                 VALUES ('o0', 'é', 'Renewal', 'Open', '2026-04-01'),
                        ('o9', 'B', 'Renewal', 'Open', '2026-04-01');
             INSERT INTO cases (account_id, trigger, category, subject, priority, status, origin,
                                created_at, created_by)
                 VALUES ('Z', 't', 'Renewal', 's', 1, 'Open', 'trigger', '2026-03-01T00:00:00Z', 'x'),
                        ('é', 't', 'Renewal', 's', 1, 'Open', 'trigger', '2026-03-01T00:00:00Z', 'x');
             UPDATE cases SET account_id = 'a' WHERE account_id = 'b';
             INSERT INTO events (event_id, type, occurred_at, account_id)
                 VALUES ('e3', 'web', '2026-03-01T00:00:00Z', 'B');",
        )
        .unwrap();
    let url = db.url.clone();
    let connect: smb::store::postgres::triggers::Connect =
        std::sync::Arc::new(move || postgres::Client::connect(&url, postgres::NoTls).map_err(err));
    let eval: smb::store::Evaluate<String> = std::sync::Arc::new(|s| {
        vec![match s {
            AccountSnapshot::Account(s) => format!(
                "{}:{}:{}:{}",
                s.account.id,
                s.opportunities
                    .iter()
                    .map(|o| o.id.as_str())
                    .collect::<Vec<_>>()
                    .join("+"),
                s.cases.len(),
                s.events.len()
            ),
            AccountSnapshot::Orphan { event, had } => format!("orphan {} {had:?}", event.event.id),
        }]
    });
    // Read in one part, and in two parts split at every account id and between ids (the part
    // that ends at an id holds it), with the opportunities read in halves split likewise.
    let splits = [
        None,
        Some(""),
        Some("B"),
        Some("Z"),
        Some("a"),
        Some("a-0"),
        Some("a-1"),
        Some("ab"),
        Some("b"),
        Some("c"),
        Some("é"),
        Some("ü"),
        Some("a'"),
        Some("a\\"),
    ];
    let halves = [
        None,
        Some("o1"),
        Some("o2"),
        Some("o3"),
        Some("o45"),
        Some("o5"),
    ];
    let mut seen = Vec::new();
    for (i, split) in splits.iter().enumerate() {
        let half = halves[i % halves.len()];
        let mut out = Vec::new();
        let mut snaps = account_snapshots(
            connect.clone(),
            snapshot.clone(),
            split.map(String::from),
            half.map(String::from),
            false,
            eval.clone(),
        )
        .unwrap();
        while let Some(batch) = snaps.next_batch().unwrap() {
            out.extend(batch);
        }
        seen.push((split, half, out));
    }
    let mut sorted: Vec<&str> = ids.to_vec();
    sorted.sort_unstable();
    assert_eq!(sorted, ["B", "Z", "a", "a-1", "ab", "b", "é"]);
    for (split, half, out) in seen {
        assert_eq!(
            out,
            [
                "B::1:0",
                "Z::0:0",
                "a:o1+o2:0:0",
                "a-1::0:0",
                "ab::0:1",
                "b::1:0",
                "é:o5:0:0",
                "orphan e0 None",
                "orphan e2 None"
            ],
            "split after {split:?}, opportunities after {half:?}"
        );
    }
}

#[test]
fn copied_tables_keep_every_row_and_id_and_new_ids_follow_them() {
    use smb::store::postgres::copy::{copy_in, copy_out, count_rows};
    let Some(from) = team("copy_from", &[("Dana", 5)], 3) else {
        return;
    };
    let to = TestDb::new("copy_to").unwrap();
    drop(super::open(&to.url, Model::Digital).unwrap());
    let mut a = from.client();
    assert_eq!(pick(&mut a, "Dana", None), Ok(Some(1)));
    a.batch_execute(
        "INSERT INTO accounts (account_id, name, region, carr_cents, has_ultimate, pte)
             VALUES ('A1', 'Ann''s \"shop\"', 'AMER', 700001, true, 3)",
    )
    .unwrap();
    let mut b = to.client();
    let tables: [(&'static str, &'static [&'static str]); 4] = [
        (
            "accounts",
            &[
                "account_id",
                "name",
                "region",
                "carr_cents",
                "has_ultimate",
                "pte",
            ],
        ),
        (
            "advocates",
            &[
                "name",
                "region",
                "languages",
                "role",
                "capacity",
                "created_at",
                "login",
            ],
        ),
        (
            "cases",
            &[
                "id",
                "subject",
                "priority",
                "status",
                "owner",
                "queue",
                "origin",
                "trigger",
                "category",
                "created_at",
                "created_by",
                "dedup_key",
                "picked_at",
            ],
        ),
        (
            "case_history",
            &[
                "id", "case_id", "at", "actor", "action", "field", "before", "after", "note",
            ],
        ),
    ];
    let mut rt = a.transaction().unwrap();
    let mut wt = b.transaction().unwrap();
    for (table, cols) in tables {
        let mut rows = Vec::new();
        let n = copy_out(
            &mut rt,
            table,
            cols,
            &mut |r| {
                rows.push(r);
                Ok(())
            },
            &err,
        )
        .unwrap();
        assert_eq!(
            copy_in(&mut wt, table, cols, &mut rows.into_iter().map(Ok), &err).unwrap(),
            n
        );
        assert_eq!(count_rows(&mut wt, table, &err).unwrap(), n);
    }
    assert!(copy_out(&mut rt, "pg_authid", &["rolname"], &mut |_| Ok(()), &err).is_err());
    wt.commit().unwrap();
    drop(rt);
    let dump = |c: &mut postgres::Client| -> Vec<String> {
        c.query(
            "SELECT format('%s', row(id, subject, status, owner, dedup_key, picked_at)) FROM cases
             UNION ALL SELECT format('%s', row(id, case_id, action, field, after)) FROM case_history
             UNION ALL SELECT format('%s', a) FROM (SELECT account_id, name, has_ultimate, pte FROM accounts) a
             ORDER BY 1",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect()
    };
    assert_eq!(dump(&mut b), dump(&mut a));
    // A case made after the copy takes the next id, not one the copy holds.
    let d = queued("after-copy");
    let h = creation(&d);
    let made = create_cases(
        &mut b,
        &[NewOut {
            draft: &d,
            history: &h,
            clock: None,
            notices: &[],
        }],
        &err,
    )
    .unwrap();
    assert_eq!(made[0].as_ref().map(|c| c.id), Some(4));
}

/// `smb db copy` from SQLite to PostgreSQL and back: every case shows the same, history and
/// all; a target with rows is refused untouched; a password in the target's URL is never
/// printed.
#[test]
fn db_copy_both_ways_keeps_every_case_as_it_was() {
    let Some(db) = TestDb::new("db_copy_both_ways") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let run = |args: &[&str]| {
        let out = super::smb(args).output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, _, e) = run(&["--db", a, "--quiet", "demo"]);
    assert_eq!(code, Some(0), "{e}");
    // The test server trusts `postgres` on 127.0.0.1: a password in the URL is sent to no one,
    // and must not be shown. (The check looked for "pw" anywhere, and failed when the random
    // name of the temporary folder held those two letters.)
    const SECRET: &str = "Zq7-not-shown-9xV";
    let with_password = db.url.replacen(
        "postgres://postgres@",
        &format!("postgres://postgres:{SECRET}@"),
        1,
    );
    assert_ne!(with_password, db.url, "the test URL's form: {}", db.url);
    let (code, out, e) = run(&["db", "copy", "--from", a, "--to", &with_password]);
    assert_eq!(code, Some(0), "{out}{e}");
    assert!(!out.contains(SECRET) && !e.contains(SECRET), "{out}{e}");
    // A target with rows is refused, untouched.
    let before: i64 = db
        .client()
        .query_one("SELECT count(*) FROM case_history", &[])
        .unwrap()
        .get(0);
    let (code, _, e) = run(&["db", "copy", "--from", a, "--to", &db.url]);
    assert_eq!(code, Some(2), "{e}");
    assert!(e.contains("not empty"), "{e}");
    let after: i64 = db
        .client()
        .query_one("SELECT count(*) FROM case_history", &[])
        .unwrap()
        .get(0);
    assert_eq!(before, after);
    let (code, out, e) = run(&["db", "copy", "--from", &db.url, "--to", b]);
    assert_eq!(code, Some(0), "{out}{e}");
    let (code, list, e) = run(&[
        "--db",
        a,
        "--format",
        "json",
        "case",
        "list",
        "--all-owners",
        "--status",
        "any",
    ]);
    assert_eq!(code, Some(0), "{e}");
    let ids: Vec<i64> = serde_json::from_str::<Vec<serde_json::Value>>(&list)
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert!(ids.len() > 5, "the demo has cases: {list}");
    for id in ids {
        let id = id.to_string();
        let show = |f: &str| run(&["--db", f, "--format", "json", "case", "show", &id]);
        let (x, y) = (show(a), show(b));
        assert_eq!(x.0, Some(0), "{}", x.2);
        assert_eq!(x.1, y.1, "case {id}");
    }
    assert_eq!(
        run(&["--db", a, "--format", "json", "advocate", "list"]).1,
        run(&["--db", b, "--format", "json", "advocate", "list"]).1
    );
}

/// A TCP proxy to the test server that counts the client's sends: on a quiet local link each
/// send the client makes before it waits for the server is one round trip (a statement's
/// Close, sent without waiting, is not counted).
struct Counter {
    port: u16,
    sends: Arc<std::sync::atomic::AtomicUsize>,
}

impl Counter {
    fn new(server_port: u16) -> Counter {
        use std::io::{Read, Write};
        use std::sync::atomic::{AtomicUsize, Ordering};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let sends = Arc::new(AtomicUsize::new(0));
        let counted = sends.clone();
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let client = client.unwrap();
                let server = std::net::TcpStream::connect(("127.0.0.1", server_port)).unwrap();
                client.set_nodelay(true).unwrap();
                server.set_nodelay(true).unwrap();
                let (mut c_in, mut s_out) =
                    (client.try_clone().unwrap(), server.try_clone().unwrap());
                let counted = counted.clone();
                std::thread::spawn(move || {
                    let mut buf = [0u8; 65536];
                    while let Ok(n) = c_in.read(&mut buf) {
                        if n == 0 {
                            break;
                        }
                        // Counted before it is forwarded: the reply comes after the count. A
                        // send that only closes a statement ('C' + Sync) is not waited for:
                        // not a round trip.
                        if buf[0] != b'C' {
                            counted.fetch_add(1, Ordering::SeqCst);
                        }
                        if s_out.write_all(&buf[..n]).is_err() {
                            break;
                        }
                    }
                });
                let (mut s_in, mut c_out) = (server, client);
                std::thread::spawn(move || {
                    let _ = std::io::copy(&mut s_in, &mut c_out);
                });
            }
        });
        Counter { port, sends }
    }

    fn count(&self) -> usize {
        self.sends.load(std::sync::atomic::Ordering::SeqCst)
    }
}

/// Issue #13: a pick takes at most 4 round trips after connecting, through the boundary as
/// `smb pick` calls it: BEGIN with the settings and the session, `settings()` and
/// `identity()` answered from them, `pick_view`, `apply`, COMMIT.
#[test]
fn a_pick_takes_four_round_trips_after_connecting() {
    use smb::store::{Identity, Ops};
    let Some(db) = team("pick_round_trips", &[("Dana", 50)], 3) else {
        return;
    };
    // Dana's profile is this login's, so that identity needs no trip of its own.
    db.client()
        .batch_execute("UPDATE advocates SET login = 'postgres' WHERE name = 'Dana'")
        .unwrap();
    let counter = Counter::new(db.port());
    // Plain text, so that the proxy sees which sends are closes.
    let url = format!(
        "postgres://postgres@127.0.0.1:{}/{}?sslmode=disable",
        counter.port, db.name
    );
    let mut store = open_store(&url);
    let start = counter.count();
    {
        let mut tx = store.write().unwrap();
        tx.settings().unwrap();
        assert!(matches!(tx.identity("dana").unwrap(), Identity::Profile(a) if a.name == "Dana"));
        drop(tx);
    }
    // (The dropped transaction's ROLLBACK is one more send.)
    assert_eq!(
        counter.count() - start,
        2,
        "BEGIN with its reads, then ROLLBACK"
    );
    let start = counter.count();
    assert!(matches!(
        pick_store(&mut store, "Dana", Some(50)),
        Ok(Some(_))
    ));
    let trips = counter.count() - start;
    assert_eq!(trips, 4, "round trips of a pick after connecting");
}

/// Issue #16: a whole `smb pick` takes 4 round trips after connecting, acting `--as` a profile
/// that is not the login's own (the nightly job's owner login, as bench/postgres.sh runs it)
/// and reading its time zone: the schema's version, the claimed profile (named in the startup
/// packet) and its time zone come with BEGIN; then `pick_view`, `apply`, COMMIT.
#[test]
fn a_whole_pick_as_another_profile_takes_four_round_trips_after_connecting() {
    use smb::store::{Identity, Ops};
    let Some(db) = team("whole_pick_round_trips", &[("Dana", 50)], 3) else {
        return;
    };
    db.client()
        .batch_execute("UPDATE advocates SET time_zone = 'Europe/Paris' WHERE name = 'Dana'")
        .unwrap();
    let counter = Counter::new(db.port());
    let url = format!(
        "postgres://postgres@127.0.0.1:{}/{}?sslmode=disable",
        counter.port, db.name
    );
    let claimed = " dana ";
    let mut store = smb::store::Store::open_as(
        &smb::store::DbName::Postgres(url.clone()),
        claimed,
        super::BUSY,
    )
    .unwrap();
    let start = counter.count();
    let mut tx = store.write().unwrap();
    let Identity::Profile(dana) = tx.identity(claimed).unwrap() else {
        panic!("the owner acts as the profile it names");
    };
    assert_eq!(dana.name, "Dana");
    assert_eq!(
        tx.advocate_time_zone(&dana.name).unwrap().as_deref(),
        Some("Europe/Paris")
    );
    // Someone the connection did not claim is still looked up.
    assert!(matches!(tx.identity("Nobody").unwrap(), Identity::NoProfile(n) if n == "Nobody"));
    let looked_up = counter.count() - start;
    assert_eq!(
        looked_up, 2,
        "BEGIN with its reads, then the unclaimed name"
    );
    assert!(matches!(pick_in(tx, "Dana", Some(50)), Ok(Some(_))));
    assert_eq!(
        counter.count() - start - 1,
        4,
        "round trips of a whole pick after connecting"
    );
    // A time zone written in the transaction is read back, not the one read with BEGIN.
    let mut store =
        smb::store::Store::open_as(&smb::store::DbName::Postgres(url), claimed, super::BUSY)
            .unwrap();
    let mut tx = store.write().unwrap();
    tx.set_advocate_time_zone("Dana", Some("Asia/Tokyo"))
        .unwrap();
    assert_eq!(
        tx.advocate_time_zone("Dana").unwrap().as_deref(),
        Some("Asia/Tokyo")
    );
}

/// `smb queue next` as another profile (`--as`): who acts, their time zone, the settings and
/// their profile (the default queue) are read with BEGIN; then the queue's head, then the end
/// of the read transaction. Three round trips after connecting (it took six: a transaction of
/// its own to resolve who acts, then a lookup of the profile).
#[test]
fn a_whole_queue_next_as_another_profile_takes_three_round_trips_after_connecting() {
    use smb::store::{Identity, Ops};
    let Some(db) = team("whole_queue_next_round_trips", &[("Dana", 50)], 3) else {
        return;
    };
    db.client()
        .batch_execute("UPDATE advocates SET time_zone = 'Europe/Paris' WHERE name = 'Dana'")
        .unwrap();
    let counter = Counter::new(db.port());
    let url = format!(
        "postgres://postgres@127.0.0.1:{}/{}?sslmode=disable",
        counter.port, db.name
    );
    let claimed = " dana ";
    let mut store =
        smb::store::Store::open_as(&smb::store::DbName::Postgres(url), claimed, super::BUSY)
            .unwrap();
    let start = counter.count();
    let mut tx = store.read().unwrap();
    let Identity::Profile(dana) = tx.identity(claimed).unwrap() else {
        panic!("the owner acts as the profile it names");
    };
    assert_eq!(
        tx.advocate_time_zone(&dana.name).unwrap().as_deref(),
        Some("Europe/Paris")
    );
    let settings = tx.settings().unwrap();
    // The default queue: the profile, in any case, as read with BEGIN.
    let me = tx.advocate("DANA").unwrap().expect("Dana's profile");
    assert_eq!(me.name, "Dana");
    assert_eq!(counter.count() - start, 1, "BEGIN with its reads");
    let queues = smb::domain::queue::stored_queues(
        &settings,
        &smb::domain::queue::caller_queue(&settings, me.region, &me.name),
    );
    let head = tx
        .queue(&queues, settings.queue_order(), today(), Some(2))
        .unwrap();
    assert_eq!(head.len(), 2);
    drop(tx);
    assert_eq!(
        counter.count() - start,
        3,
        "round trips of a whole queue next after connecting"
    );
    // Someone else's profile is still looked up, and found as SQLite finds it.
    let mut tx = store.read().unwrap();
    let start = counter.count();
    assert!(tx.advocate("Nobody").unwrap().is_none());
    assert_eq!(
        tx.advocate(" dana").unwrap().map(|a| a.name).as_deref(),
        Some("Dana")
    );
    assert_eq!(
        counter.count() - start,
        1,
        "only the unclaimed name is looked up"
    );
}

/// A database that is not at smb's latest schema, opened with the deferred check, is migrated
/// (or refused) before its first transaction, as the eager open does.
#[test]
fn a_deferred_schema_check_refuses_an_empty_database_and_a_foreign_one() {
    let Some(db) = TestDb::new("deferred_check") else {
        return;
    };
    let name = smb::store::DbName::Postgres(db.url.clone());
    let mut store = smb::store::Store::open_as(&name, "Dana", super::BUSY).unwrap();
    let e = store.read().err().expect("an empty database is refused");
    assert!(e.to_string().contains("has no smb database yet"), "{e}");
    db.client()
        .batch_execute("CREATE TABLE theirs (id int)")
        .unwrap();
    let mut store = smb::store::Store::open_as(&name, "Dana", super::BUSY).unwrap();
    let e = store.write().err().expect("a foreign database is refused");
    assert!(e.to_string().contains("no smb schema"), "{e}");
    // An smb database opened this way works (and is not created by it).
    db.client().batch_execute("DROP TABLE theirs").unwrap();
    drop(super::open(&db.url, Model::Digital).unwrap());
    let mut store = smb::store::Store::open_as(&name, "Dana", super::BUSY).unwrap();
    assert!(store.read().is_ok());
}

/// More pickers at once than a pick's candidates: the pick still finds the first case nobody
/// holds, further down the queue.
#[test]
fn a_pick_skips_past_every_held_candidate_to_a_free_case() {
    let Some(db) = team("pick_past_held", &[("Dana", 50)], 40) else {
        return;
    };
    let mut holder = db.client();
    let mut held = holder.transaction().unwrap();
    let n = held
        .query("SELECT id FROM cases WHERE id <= 35 FOR UPDATE", &[])
        .unwrap()
        .len();
    assert_eq!(n, 35);
    let mut store = open_store(&db.url);
    assert_eq!(pick_store(&mut store, "Dana", None), Ok(Some(36)));
    held.rollback().unwrap();
    assert_eq!(pick_store(&mut store, "Dana", None), Ok(Some(1)));
}

/// A TCP proxy to the test server that records the statements the client parses (the
/// extended protocol's Parse messages: text and parameter types), for EXPLAIN.
struct Recorder {
    port: u16,
    parsed: Arc<Mutex<Vec<Parsed>>>,
}

/// A statement's text and its parameters' type OIDs, as the client parsed it.
type Parsed = (String, Vec<u32>);

impl Recorder {
    fn new(server_port: u16) -> Recorder {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let parsed = Arc::new(Mutex::new(Vec::new()));
        let sink = parsed.clone();
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let client = client.unwrap();
                let server = std::net::TcpStream::connect(("127.0.0.1", server_port)).unwrap();
                let (mut c_in, mut s_out) =
                    (client.try_clone().unwrap(), server.try_clone().unwrap());
                let sink = sink.clone();
                std::thread::spawn(move || {
                    let mut buf = [0u8; 65536];
                    let mut pending: Vec<u8> = Vec::new();
                    let mut started = false;
                    while let Ok(n) = c_in.read(&mut buf) {
                        if n == 0 || s_out.write_all(&buf[..n]).is_err() {
                            break;
                        }
                        pending.extend_from_slice(&buf[..n]);
                        // The startup message has no type byte: length, then the body.
                        if !started {
                            if pending.len() < 4 {
                                continue;
                            }
                            let len = u32::from_be_bytes(pending[..4].try_into().unwrap()) as usize;
                            if pending.len() < len {
                                continue;
                            }
                            pending.drain(..len);
                            started = true;
                        }
                        while pending.len() >= 5 {
                            let len =
                                u32::from_be_bytes(pending[1..5].try_into().unwrap()) as usize;
                            if pending.len() < 1 + len {
                                break;
                            }
                            let msg: Vec<u8> = pending.drain(..1 + len).collect();
                            if msg[0] == b'P' {
                                let body = &msg[5..];
                                let name_end = body.iter().position(|&b| b == 0).unwrap();
                                let q = &body[name_end + 1..];
                                let q_end = q.iter().position(|&b| b == 0).unwrap();
                                let sql = String::from_utf8_lossy(&q[..q_end]).into_owned();
                                let rest = &q[q_end + 1..];
                                let k = u16::from_be_bytes([rest[0], rest[1]]) as usize;
                                let oids = (0..k)
                                    .map(|i| {
                                        u32::from_be_bytes(
                                            rest[2 + 4 * i..6 + 4 * i].try_into().unwrap(),
                                        )
                                    })
                                    .collect();
                                sink.lock().unwrap().push((sql, oids));
                            }
                        }
                    }
                });
                let (mut s_in, mut c_out) = (server, client);
                std::thread::spawn(move || {
                    let _ = std::io::copy(&mut s_in, &mut c_out);
                });
            }
        });
        Recorder { port, parsed }
    }

    fn take(&self) -> Vec<Parsed> {
        std::mem::take(&mut *self.parsed.lock().unwrap())
    }
}

/// The generic plan of `sql` (parameter types `oids`): the plan the server keeps for any
/// parameters.
fn generic_plan(c: &mut postgres::Client, sql: &str, oids: &[u32]) -> String {
    let types: Vec<String> = oids
        .iter()
        .map(|&o| {
            if o == 0 {
                "unknown".to_string()
            } else {
                c.query_one("SELECT format_type($1, NULL)", &[&o])
                    .unwrap()
                    .get(0)
            }
        })
        .collect();
    let mut tx = c.transaction().unwrap();
    tx.batch_execute("SET LOCAL plan_cache_mode = force_generic_plan")
        .unwrap();
    let prepare = if types.is_empty() {
        format!("PREPARE hot AS {sql}")
    } else {
        format!("PREPARE hot ({}) AS {sql}", types.join(", "))
    };
    tx.batch_execute(&prepare).unwrap();
    let args = vec!["NULL"; oids.len()].join(", ");
    let explain = if oids.is_empty() {
        "EXPLAIN EXECUTE hot".to_string()
    } else {
        format!("EXPLAIN EXECUTE hot ({args})")
    };
    let plan = tx
        .query(&explain, &[])
        .unwrap()
        .iter()
        .map(|r| r.get::<_, String>(0))
        .collect::<Vec<_>>()
        .join("\n");
    drop(tx); // rolls back, and the prepared statement with the session's settings
    c.batch_execute("DEALLOCATE ALL").unwrap();
    plan
}

/// Issue #16 (the EXPLAIN tests of src/store/sqlite/plans.rs, on PostgreSQL): `smb queue
/// next` and `smb pick` read the queue's head through its index in queue order (no sort, no
/// scan of `cases`), and the pick's other reads and its claim search by key. Traced through a
/// proxy: every statement they parse is explained.
#[test]
fn the_queue_head_and_the_pick_read_through_indexes_on_postgres() {
    use smb::store::Ops;
    let Some(db) = team("plans_pick", &[("Dana", 50)], 3) else {
        return;
    };
    // Enough cases, most of them closed, spread over queues and accounts, for the planner to
    // plan as it does on a real book (statistics from ANALYZE; generic plans below).
    db.client()
        .batch_execute(
            "INSERT INTO cases (account_id, trigger, category, subject, priority, status, owner,
                                queue, origin, created_at, created_by, queued_at, closed_at,
                                dedup_key)
             SELECT 'acct-' || (g % 5000), trigger, category, subject, g % 3,
                    CASE WHEN g % 10 = 0 THEN 'Open' ELSE 'Closed' END,
                    CASE WHEN g % 10 = 0 THEN NULL ELSE 'Someone' END,
                    CASE WHEN g % 3 = 0 THEN 'EMEA' ELSE 'AMER' END, origin, created_at,
                    created_by, queued_at,
                    CASE WHEN g % 10 = 0 THEN NULL ELSE created_at END, dedup_key || '-' || g
               FROM cases, generate_series(1, 20000) g WHERE cases.id = (SELECT min(id) FROM cases);
             INSERT INTO opportunities (opportunity_id, account_id, type, stage, close_date)
             SELECT 'opp-' || g, 'acct-' || (g % 5000), 'Renewal', 'Open', '2026-04-01'
               FROM generate_series(1, 10000) g;
             INSERT INTO sla_clocks (case_id, started_at, reason)
             SELECT id, created_at, 'created' FROM cases WHERE status = 'Open';
             ANALYZE",
        )
        .unwrap();
    let recorder = Recorder::new(db.port());
    let url = format!(
        "postgres://postgres@127.0.0.1:{}/{}?sslmode=disable",
        recorder.port, db.name
    );
    let mut store =
        smb::store::Store::open_as(&smb::store::DbName::Postgres(url), "Dana", super::BUSY)
            .unwrap();
    let mut statements = Vec::new();
    for order in [QueueOrder::PriorityThenAge, QueueOrder::AgeThenPriority] {
        let mut tx = store.read().unwrap();
        let head = tx
            .queue(&["AMER".to_string()], order, today(), Some(1))
            .unwrap();
        assert_eq!(head.len(), 1);
        drop(tx);
        statements.extend(recorder.take());
    }
    assert!(matches!(
        pick_store(&mut store, "Dana", Some(50)),
        Ok(Some(_))
    ));
    statements.extend(recorder.take());
    let mut c = db.client();
    let mut heads = 0;
    assert!(statements.len() >= 4, "{statements:#?}");
    for (sql, oids) in &statements {
        let plan = generic_plan(&mut c, sql, oids);
        for table in [
            "cases",
            "case_history",
            "sla_clocks",
            "accounts",
            "opportunities",
        ] {
            assert!(
                !plan.contains(&format!("Seq Scan on {table} "))
                    && !plan.ends_with(&format!("Seq Scan on {table}")),
                "{sql}\nscans {table}:\n{plan}"
            );
        }
        if sql.contains("cand AS MATERIALIZED") {
            // The pick: each queue's candidates walk its index in queue order (no sort); the
            // head is then chosen among those few candidates by key.
            heads += 1;
            let cand = section(&plan, "CTE cand");
            assert!(cand.contains("cases_queue_by_priority"), "{sql}\n{plan}");
            assert!(!cand.contains("Sort"), "the candidates sort: {sql}\n{plan}");
            // (By key or through the open-and-unowned index, as the statistics say; on a small
            // book the planner reads the open cases and keeps the candidates among them.)
            let head = section(&plan, "CTE head");
            assert!(
                head.contains("Semi Join") && head.contains("CTE Scan on cand"),
                "the head not among the candidates: {sql}\n{plan}"
            );
        } else if sql.contains("status = 'Open' AND owner IS NULL") && sql.contains("ORDER BY") {
            // `queue next`: the head of each of the caller's queues walks its partial index in
            // the queue's order (`coalesce(queued_at, created_at)` is in the index, migration
            // 14); only those heads are merged. A sort of the visible queue (the plan before
            // migration 12: the open, unowned cases through `cases_owner_status`, then a top-N
            // sort of all of them) fails here.
            heads += 1;
            let index = if sql.contains("ORDER BY priority") {
                "Index Scan using cases_queue_by_priority on cases"
            } else {
                "Index Scan using cases_queue_by_age on cases"
            };
            assert!(plan.contains(index), "not {index}: {sql}\n{plan}");
            let lines: Vec<&str> = plan.lines().collect();
            for (i, line) in lines.iter().enumerate() {
                let node = line.trim_start().trim_start_matches("->").trim_start();
                if node.contains("Sort  (") {
                    // Every sort (a top-N one included) is of the merged heads.
                    let sorted = section(&lines[i..].join("\n"), line.trim_start());
                    assert!(
                        sorted.contains("Nested Loop") && sorted.contains(index),
                        "sorts the visible queue, not each queue's head: {sql}\n{plan}"
                    );
                }
            }
        }
    }
    assert!(
        heads >= 3,
        "the queue heads (both orders) and the pick's head: {statements:#?}"
    );
}

/// The lines of `plan` from `start` to the next node at `start`'s indentation or less.
fn section<'a>(plan: &'a str, start: &str) -> String {
    let lines: Vec<&'a str> = plan.lines().collect();
    let Some(i) = lines.iter().position(|l| l.trim_start().starts_with(start)) else {
        return String::new();
    };
    let indent = lines[i].len() - lines[i].trim_start().len();
    let mut out = vec![lines[i]];
    for l in &lines[i + 1..] {
        if l.len() - l.trim_start().len() <= indent {
            break;
        }
        out.push(l);
    }
    out.join("\n")
}

/// Migration 14: both lookups of an account by its email domain (`case email`, an event
/// matched by its address's domain in a trigger run) search the index on the domain's hash,
/// never scan the accounts.
#[test]
fn the_account_by_domain_searches_the_hashed_domain_index_on_postgres() {
    use smb::store::Ops;
    use smb::store::postgres::read::ACCOUNT_BY_DOMAIN;
    use smb::store::postgres::triggers::DOMAIN_ACCOUNTS;
    let Some(db) = TestDb::new("plans_domain") else {
        return;
    };
    drop(super::open(&db.url, Model::Digital).unwrap());
    let mut c = db.client();
    c.batch_execute(
        "INSERT INTO accounts (account_id, name, region, carr_cents, email_domain)
         SELECT 'A' || g, 'Account ' || g, 'AMER', 100, 'Company-' || g || '.Example'
           FROM generate_series(1, 20000) g;
         INSERT INTO accounts (account_id, name, region, carr_cents, email_domain)
         VALUES ('Z1', 'Twin one', 'AMER', 100, 'twins.example'),
                ('Z2', 'Twin two', 'EMEA', 100, 'TWINS.example');
         ANALYZE accounts",
    )
    .unwrap();
    for (sql, oids) in [(ACCOUNT_BY_DOMAIN, vec![25]), (DOMAIN_ACCOUNTS, vec![1009])] {
        let plan = generic_plan(&mut c, sql, &oids);
        assert!(plan.contains("accounts_email_domain"), "{sql}\n{plan}");
        assert!(!plan.contains("Seq Scan on accounts"), "{sql}\n{plan}");
    }
    // The hash finds the domain whatever its case; the domain itself decides (one account).
    let mut store = open_store(&db.url);
    let mut tx = store.read().unwrap();
    assert_eq!(
        tx.account_by_domain("COMPANY-77.example")
            .unwrap()
            .as_deref(),
        Some("A77")
    );
    assert_eq!(tx.account_by_domain("twins.example").unwrap(), None);
    assert_eq!(
        tx.account_by_domain("company-77.example.org").unwrap(),
        None
    );
    let rows = c
        .query(
            DOMAIN_ACCOUNTS,
            &[&vec!["company-5.example", "twins.example", "none.example"]],
        )
        .unwrap();
    let found: Vec<(String, String)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
    assert_eq!(
        found,
        vec![("company-5.example".to_string(), "A5".to_string())]
    );
}
