//! Conformance of the store boundary's operations (docs/store-boundary.md §6): every test is
//! a function taking an opened store, instantiated by `store_tests!` once on SQLite (a file in
//! a temporary folder) and once on PostgreSQL (a database of its own on `SMB_TEST_DB`; without
//! it the PostgreSQL instance prints a note and checks nothing), TaskChampion's
//! `storage_tests!` pattern. Other files add their tests with the same macro.

use chrono::{DateTime, Utc};

use smb::domain::case::{Case, Category, HistoryEntry, Origin, Priority, Status};
use smb::domain::change::{self, CaseChange, ClockEvent, Guard, NewCase};
use smb::domain::model::{Model, Region, Settings};
use smb::domain::pick::PickQuery;
use smb::domain::report::{ClockStop, SlaGroupBy, Window};
use smb::store::{Advocate, Applied, DbName, Ops, Role, Store};

/// An opened store and what keeps its database alive (dropped after the store).
pub struct Opened {
    pub store: Store,
    _keep: Keep,
}

enum Keep {
    Dir(#[allow(dead_code)] tempfile::TempDir),
    Pg(#[allow(dead_code)] crate::pgdb::TestDb),
}

/// A new digital database in an SQLite file.
pub fn sqlite(model: Model) -> Opened {
    let dir = tempfile::tempdir().unwrap();
    let db = DbName::File(dir.path().join("t.db"));
    let (store, created) = Store::open(&db, true, &Settings::new(model), crate::BUSY).unwrap();
    assert!(created);
    Opened {
        store,
        _keep: Keep::Dir(dir),
    }
}

/// A new database on the PostgreSQL server `SMB_TEST_DB` names, or `None` without it.
pub fn postgres(test: &str, model: Model) -> Option<Opened> {
    let db = crate::pgdb::TestDb::new(test)?;
    let (store, created) = Store::open(
        &DbName::Postgres(db.url.clone()),
        true,
        &Settings::new(model),
        crate::BUSY,
    )
    .unwrap();
    assert!(created);
    Some(Opened {
        store,
        _keep: Keep::Pg(db),
    })
}

/// Instantiates each named test function (`fn(&mut Store)`) on both engines.
#[macro_export]
macro_rules! store_tests {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[test]
                fn $name() {
                    let mut o = $crate::ops::sqlite(smb::domain::model::Model::Digital);
                    super::$name(&mut o.store);
                }
            )*
        }
        mod postgres {
            $(
                #[test]
                fn $name() {
                    let Some(mut o) = $crate::ops::postgres(
                        stringify!($name),
                        smb::domain::model::Model::Digital,
                    ) else {
                        return;
                    };
                    super::$name(&mut o.store);
                }
            )*
        }
    };
}

pub fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// A profile.
pub fn advocate(name: &str, capacity: u32) -> Advocate {
    Advocate {
        name: name.to_string(),
        region: Region::Amer,
        languages: vec!["en".to_string()],
        role: Role::Advocate,
        capacity,
        created_at: t("2026-03-01T00:00:00Z"),
    }
}

/// A manual case in the AMER queue, created at `at`, with `key` as its dedup key.
pub fn queued(subject: &str, key: Option<&str>, at: DateTime<Utc>) -> NewCase {
    let mut draft = Case::draft(
        "manual",
        Category::InboundRequest,
        Priority::Medium,
        subject,
        Origin::Manual,
        "staff",
        at,
    );
    draft.queue = Some("AMER".to_string());
    draft.queued_at = Some(at);
    draft.dedup_key = key.map(str::to_string);
    NewCase {
        draft,
        actor: "staff".to_string(),
        note: None,
        rollover: None,
    }
}

/// Creates `cases` and returns them, committed.
pub fn create(store: &mut Store, cases: Vec<NewCase>) -> Vec<Case> {
    let mut tx = store.write().unwrap();
    let made = tx.create_cases(&cases).unwrap();
    tx.commit().unwrap();
    made.into_iter().map(|c| c.expect("created")).collect()
}

fn claim(c: &Case, me: &str, cap: Option<u32>, now: DateTime<Utc>) -> CaseChange {
    let mut after = c.clone();
    after.owner = Some(me.to_string());
    after.status = Status::InProgress;
    after.picked_at = Some(now);
    after.first_response_at = c.first_response_at.or(Some(now));
    let mut ch = CaseChange::new(c, after, now);
    ch.guard = Guard::Claim {
        owner: me.to_string(),
        cap,
    };
    ch.history = vec![HistoryEntry::new(now, me, "picked").change(
        "status",
        Some("Open".into()),
        Some("In Progress".into()),
    )];
    ch.clock = ClockEvent::Stop(ClockStop::Pick);
    ch
}

// ---- Ops::apply ----

/// A change writes the columns it changes and no other: a column another command changed
/// after this one read the case keeps that command's value (a pick made from a read that
/// predates someone's new next steps does not write the old ones back). Writing only what
/// changed is also what keeps a pick's commit small (BENCHMARKS.md, issue #16, fourth pass, `pick`).
/// Each of the case's mutable columns, changed alone, is written with the value the change
/// gives it and no other column moves: the stores' `SET` lists name each column with its own
/// parameter.
fn each_column_a_change_changes_is_written_alone(store: &mut Store) {
    use smb::domain::case::{CaseReason, ResolutionAction};
    let created = t("2026-03-02T09:00:00Z");
    let now = t("2026-03-02T10:00:00Z");
    let mut c = create(store, vec![queued("Question", None, created)]).remove(0);
    type Edit = Box<dyn Fn(&mut Case)>;
    let edits: Vec<(&str, Edit)> = vec![
        (
            "account_id",
            Box::new(|c| c.account_id = Some("ACC-9".into())),
        ),
        (
            "contact_id",
            Box::new(|c| c.contact_id = Some("C-9".into())),
        ),
        (
            "opportunity_id",
            Box::new(|c| c.opportunity_id = Some("O-9".into())),
        ),
        (
            "subject",
            Box::new(|c| c.subject = "Renewal question".into()),
        ),
        (
            "description",
            Box::new(|c| c.description = "Asked twice".into()),
        ),
        ("priority", Box::new(|c| c.priority = Priority::High)),
        ("status", Box::new(|c| c.status = Status::InProgress)),
        ("owner", Box::new(|c| c.owner = Some("Dana".into()))),
        ("queue", Box::new(|c| c.queue = Some("EMEA".into()))),
        (
            "case_reason",
            Box::new(|c| c.case_reason = Some(CaseReason::Billing)),
        ),
        (
            "resolution_action",
            Box::new(|c| c.resolution_action = Some(ResolutionAction::AnsweredQuestion)),
        ),
        (
            "next_steps",
            Box::new(|c| c.next_steps = Some("Call back".into())),
        ),
        (
            "next_steps_date",
            Box::new(move |c| c.next_steps_date = Some(now.date_naive())),
        ),
        ("feedback", Box::new(|c| c.feedback = Some("Thanks".into()))),
        (
            "web_email",
            Box::new(|c| c.web_email = Some("a@b.example".into())),
        ),
        ("queued_at", Box::new(move |c| c.queued_at = Some(now))),
        ("picked_at", Box::new(move |c| c.picked_at = Some(now))),
        (
            "first_response_at",
            Box::new(move |c| c.first_response_at = Some(now)),
        ),
        ("closed_at", Box::new(move |c| c.closed_at = Some(now))),
    ];
    assert_eq!(edits.len(), change::changed_columns(&c, &c).len());
    for (column, edit) in &edits {
        let mut after = c.clone();
        edit(&mut after);
        let changed: Vec<&str> = change::changed_columns(&c, &after)
            .into_iter()
            .filter_map(|(name, changed)| changed.then_some(name))
            .collect();
        assert_eq!(changed, [*column]);
        let mut tx = store.write().unwrap();
        let applied = tx.apply(&CaseChange::new(&c, after.clone(), now)).unwrap();
        assert_eq!(applied, Applied::Done, "{column}");
        tx.commit().unwrap();
        c = store.read().unwrap().case(c.id).unwrap().unwrap();
        assert_eq!(c, after, "{column}");
    }
}

fn a_change_writes_only_the_columns_it_changes(store: &mut Store) {
    let created = t("2026-03-02T09:00:00Z");
    let now = t("2026-03-02T10:00:00Z");
    let c = create(store, vec![queued("Question", None, created)]).remove(0);
    let mut tx = store.write().unwrap();
    tx.put_advocate(&advocate("Dana", 50), None).unwrap();
    let mut other = c.clone();
    other.next_steps = Some("Call back Tuesday".into());
    other.description = "Asked twice".into();
    assert_eq!(
        tx.apply(&CaseChange::new(&c, other, now)).unwrap(),
        Applied::Done
    );
    tx.commit().unwrap();

    let mut tx = store.write().unwrap();
    let claimed = tx.apply(&claim(&c, "Dana", None, now)).unwrap();
    assert_eq!(claimed, Applied::Done);
    tx.commit().unwrap();
    let got = store.read().unwrap().case(c.id).unwrap().unwrap();
    assert_eq!(got.status, Status::InProgress);
    assert_eq!(got.owner.as_deref(), Some("Dana"));
    assert_eq!(got.picked_at, Some(now));
    assert_eq!(got.next_steps.as_deref(), Some("Call back Tuesday"));
    assert_eq!(got.description, "Asked twice");
    assert_eq!(got.subject, "Question");
}

fn apply_writes_the_row_its_history_its_clock_and_its_notice(store: &mut Store) {
    let created = t("2026-03-02T09:00:00Z");
    let now = t("2026-03-02T10:00:00Z");
    let c = create(store, vec![queued("Question", None, created)]).remove(0);
    let mut tx = store.write().unwrap();
    tx.put_advocate(&advocate("Dana", 50), None).unwrap();
    let ch = change::assign(&c, "Dana", "Mia", "Mia", Some("pto"), now).unwrap();
    assert_eq!(tx.apply(&ch).unwrap(), Applied::Done);
    tx.commit().unwrap();

    let mut tx = store.read().unwrap();
    let stored = tx.case(c.id).unwrap().unwrap();
    assert_eq!(stored, ch.after, "the row is `after`");
    let history = tx.history(c.id).unwrap();
    assert_eq!(
        history[history.len() - ch.history.len()..],
        ch.history[..],
        "the change's entries come last, in order"
    );
    let notices = tx.unseen_notices("dana").unwrap();
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert_eq!(notices[0].case_id, c.id);
    let clocks = tx
        .sla_clock_rows(SlaGroupBy::Priority, &Window::new(None, None).unwrap(), now)
        .unwrap();
    assert_eq!(
        clocks.len(),
        2,
        "the first clock stopped, a new one started"
    );
    assert!(
        clocks
            .iter()
            .any(|k| k.stopped_by == Some(ClockStop::Reassigned) && k.stopped_at == Some(now))
    );
    assert!(
        clocks
            .iter()
            .any(|k| k.stopped_at.is_none() && k.started_at == now)
    );
}

fn a_stale_change_is_a_conflict_and_writes_nothing(store: &mut Store) {
    let created = t("2026-03-02T09:00:00Z");
    let c = create(store, vec![queued("Question", None, created)]).remove(0);
    let mut tx = store.write().unwrap();
    let first = claim(&c, "Dana", None, t("2026-03-02T10:00:00Z"));
    assert_eq!(tx.apply(&first).unwrap(), Applied::Done);
    // A change decided on the row as it was before the claim.
    let stale = change::touch(
        &c,
        smb::domain::cadence::Touch::Call,
        Some("late"),
        "Mia",
        t("2026-03-02T11:00:00Z"),
    )
    .unwrap();
    let before = tx.history(c.id).unwrap();
    assert_eq!(tx.apply(&stale).unwrap(), Applied::Conflict);
    assert_eq!(tx.history(c.id).unwrap(), before, "no history written");
    assert_eq!(tx.case(c.id).unwrap().unwrap(), first.after);
}

fn a_claim_respects_the_owner_and_the_cap(store: &mut Store) {
    let created = t("2026-03-02T09:00:00Z");
    let now = t("2026-03-02T10:00:00Z");
    let cases = create(
        store,
        vec![
            queued("one", None, created),
            queued("two", None, created),
            queued("three", None, created),
        ],
    );
    let mut tx = store.write().unwrap();
    assert_eq!(
        tx.apply(&claim(&cases[0], "Dana", Some(1), now)).unwrap(),
        Applied::Done
    );
    assert_eq!(
        tx.apply(&claim(&cases[1], "Dana", Some(1), now)).unwrap(),
        Applied::AtCapacity { in_progress: 1 },
        "Dana holds one In Progress case: at a cap of 1 she takes no other"
    );
    assert_eq!(
        tx.apply(&claim(&cases[1], "Dana", Some(2), now)).unwrap(),
        Applied::Done,
        "under the cap she does"
    );
    assert_eq!(
        tx.apply(&claim(&cases[0], "Sam", None, now)).unwrap(),
        Applied::Conflict,
        "a case someone else holds is not claimed"
    );
    assert_eq!(
        tx.apply(&claim(&cases[2], "Sam", None, now)).unwrap(),
        Applied::Done,
        "no cap (pooled): a free case is claimed"
    );
    assert_eq!(
        tx.case(cases[1].id).unwrap().unwrap().owner.as_deref(),
        Some("Dana")
    );
}

fn an_attached_message_threads_to_its_case(store: &mut Store) {
    let now = t("2026-03-02T10:00:00Z");
    let c = create(store, vec![queued("Question", None, now)]).remove(0);
    let mut tx = store.write().unwrap();
    assert_eq!(tx.thread_of(&["m1@example.com".to_string()]).unwrap(), None);
    let mut ch = CaseChange::new(&c, c.clone(), now);
    ch.attach_message = Some("m1@example.com".to_string());
    ch.history = vec![HistoryEntry::new(now, "system", "email_attached")];
    assert_eq!(tx.apply(&ch).unwrap(), Applied::Done);
    let ids = [
        "other@example.com".to_string(),
        "m1@example.com".to_string(),
    ];
    assert_eq!(tx.thread_of(&ids).unwrap().map(|c| c.id), Some(c.id));
}

fn the_year_end_rollover_closes_last_years_case_once(store: &mut Store) {
    let now = t("2026-02-02T10:00:00Z");
    let c = create(
        store,
        vec![queued("High value", None, t("2025-03-02T10:00:00Z"))],
    )
    .remove(0);
    let settings = Settings::new(Model::Digital);
    let mut tx = store.write().unwrap();
    let ch = change::year_end_rollover(&c, &settings, now).expect("open: closed");
    assert_eq!(tx.apply(&ch).unwrap(), Applied::Done);
    let closed = tx.case(c.id).unwrap().unwrap();
    assert_eq!(closed.status, Status::NotApplicable);
    assert!(change::year_end_rollover(&closed, &settings, now).is_none());
}

// ---- Ops::create_cases ----

fn a_dedup_key_makes_one_case(store: &mut Store) {
    let now = t("2026-03-02T10:00:00Z");
    let mut tx = store.write().unwrap();
    let made = tx
        .create_cases(&[queued("a", Some("k1"), now), queued("b", None, now)])
        .unwrap();
    assert!(made.iter().all(Option::is_some));
    let again = tx
        .create_cases(&[
            queued("a again", Some("k1"), now),
            queued("c", Some("k2"), now),
        ])
        .unwrap();
    assert!(again[0].is_none(), "k1 is taken: already had");
    let c = again[1].clone().expect("k2 is new");
    assert_eq!(tx.case_id_by_dedup_key("k2").unwrap(), Some(c.id));
    let h = tx.history(c.id).unwrap();
    assert_eq!(h[0].action, "created");
    assert_eq!(h[1].action, "queued");
}

// ---- Ops::pick_view ----

fn the_pick_view_reads_me_the_head_the_case_and_my_load(store: &mut Store) {
    let created = t("2026-03-02T09:00:00Z");
    let now = t("2026-03-02T10:00:00Z");
    let cases = create(
        store,
        vec![
            queued("first", None, created),
            queued("second", None, t("2026-03-02T09:30:00Z")),
        ],
    );
    let settings = Settings::new(Model::Digital);
    let mut tx = store.write().unwrap();
    tx.put_advocate(&advocate("Dana", 50), None).unwrap();
    let v = tx
        .pick_view(&PickQuery::new(&settings, "dana", None, now))
        .unwrap();
    assert_eq!(v.me.as_ref().map(|a| a.name.as_str()), Some("Dana"));
    assert_eq!(v.head.as_ref().map(|c| c.id), Some(cases[0].id));
    assert_eq!(v.case, None);
    assert_eq!(v.in_progress, 0);
    assert_eq!(
        tx.apply(&claim(&cases[0], "Dana", Some(50), now)).unwrap(),
        Applied::Done
    );
    let v = tx
        .pick_view(&PickQuery::new(&settings, "Dana", Some(cases[0].id), now))
        .unwrap();
    assert_eq!(
        v.head.as_ref().map(|c| c.id),
        Some(cases[1].id),
        "the next head"
    );
    assert_eq!(v.case.as_ref().map(|c| c.status), Some(Status::InProgress));
    assert_eq!(v.in_progress, 1);
    let nobody = tx
        .pick_view(&PickQuery::new(&settings, "Nobody", None, now))
        .unwrap();
    assert!(nobody.me.is_none());
}

// ---- Ops::import ----

/// Rows given in memory: (key, hash, account).
struct Given {
    rows: Vec<(String, i64, smb::domain::account::Account)>,
    at: usize,
    rejected: Vec<u64>,
    /// The rows whose values the engine asked for.
    parsed: Vec<String>,
}

impl smb::store::ImportRows for Given {
    fn kind(&self) -> smb::store::Imported {
        smb::store::Imported::Accounts
    }
    fn next_row(&mut self) -> smb::Result<Option<smb::store::RowKey>> {
        self.at += 1;
        Ok(self
            .rows
            .get(self.at - 1)
            .map(|(k, h, _)| smb::store::RowKey {
                key: k.clone(),
                row_hash: *h,
                line: self.at as u64 + 1,
            }))
    }
    fn parse(&mut self) -> smb::Result<Option<smb::import::Parsed>> {
        self.parsed.push(self.rows[self.at - 1].0.clone());
        Ok(Some(smb::import::Parsed::Account(
            self.rows[self.at - 1].2.clone(),
        )))
    }
    fn reject(&mut self, line: u64, _: &str, _: Option<&str>, _: &str) -> smb::Result<()> {
        self.rejected.push(line);
        Ok(())
    }
}

fn given(rows: &[(&str, i64, i64)]) -> Given {
    Given {
        rows: rows
            .iter()
            .map(|(id, hash, carr)| {
                let a = smb::domain::account::Account::new(
                    id,
                    "Acme",
                    Region::Amer,
                    smb::domain::money::Cents(*carr),
                );
                (id.to_string(), *hash, a)
            })
            .collect(),
        at: 0,
        rejected: Vec::new(),
        parsed: Vec::new(),
    }
}

fn an_import_inserts_then_updates_only_what_changed(store: &mut Store) {
    let settings = Settings::new(Model::Digital);
    let today = t("2026-03-02T00:00:00Z").date_naive();
    let track = |old: Option<&smb::domain::account::Account>, a| {
        smb::domain::tracking::merge_account(&settings, old, a, today)
    };
    let mut tx = store.write().unwrap();
    let n = tx
        .import(&mut given(&[("A1", 1, 100), ("A2", 2, 200)]), &track)
        .unwrap();
    assert_eq!((n.inserted, n.updated, n.unchanged), (2, 0, 0));
    tx.commit().unwrap();
    let mut tx = store.write().unwrap();
    let mut again = given(&[("A1", 1, 100), ("A2", 3, 250), ("A3", 4, 300)]);
    let n = tx.import(&mut again, &track).unwrap();
    assert_eq!(
        (n.inserted, n.updated, n.unchanged),
        (1, 1, 1),
        "A3 new, A2 changed, A1 the same hash"
    );
    // a row with its stored row's hash is never parsed (nor sent to the server)
    assert_eq!(again.parsed, ["A2", "A3"]);
    assert_eq!(tx.account("A2").unwrap().unwrap().carr.0, 250);
    assert_eq!(tx.account_count().unwrap(), 3);
}

/// `has_accounts` is false on an empty book, true once one account is stored, and sees the
/// transaction's own uncommitted import.
fn has_accounts_says_whether_any_account_is_stored(store: &mut Store) {
    let settings = Settings::new(Model::Digital);
    let today = t("2026-03-02T00:00:00Z").date_naive();
    let track = |old: Option<&smb::domain::account::Account>, a| {
        smb::domain::tracking::merge_account(&settings, old, a, today)
    };
    let mut tx = store.write().unwrap();
    assert!(!tx.has_accounts().unwrap(), "an empty book");
    tx.import(&mut given(&[("A1", 1, 100)]), &track).unwrap();
    assert!(tx.has_accounts().unwrap(), "its own uncommitted import");
    drop(tx);
    let mut tx = store.read().unwrap();
    assert!(!tx.has_accounts().unwrap(), "rolled back");
    drop(tx);
    let mut tx = store.write().unwrap();
    tx.import(&mut given(&[("A1", 1, 100), ("A2", 2, 200)]), &track)
        .unwrap();
    tx.commit().unwrap();
    let mut tx = store.read().unwrap();
    assert!(tx.has_accounts().unwrap());
}

/// An import plan's trigger run reads the transaction's own uncommitted import, in account id
/// order, and once the transaction rolls back nothing of it is left.
fn snapshots_in_the_transaction_see_its_uncommitted_writes(store: &mut Store) {
    use smb::store::AccountSnapshot;
    let settings = Settings::new(Model::Digital);
    let today = t("2026-03-02T00:00:00Z").date_naive();
    let track = |old: Option<&smb::domain::account::Account>, a| {
        smb::domain::tracking::merge_account(&settings, old, a, today)
    };
    let mut tx = store.write().unwrap();
    tx.import(&mut given(&[("A1", 1, 100)]), &track).unwrap();
    tx.commit().unwrap();
    let mut tx = store.write().unwrap();
    tx.import(&mut given(&[("A1", 2, 150), ("A0", 3, 300)]), &track)
        .unwrap();
    let eval: smb::store::Evaluate<String> = std::sync::Arc::new(|snap| match snap {
        AccountSnapshot::Account(s) => vec![format!("{} {}", s.account.id, s.account.carr.0)],
        AccountSnapshot::Orphan { event, .. } => vec![event.event.id.clone()],
    });
    let mut snaps = tx.account_snapshots_uncommitted(&settings, eval).unwrap();
    let mut seen = Vec::new();
    while let Some(batch) = snaps.next_batch().unwrap() {
        seen.extend(batch);
    }
    assert_eq!(seen, ["A0 300", "A1 150"]);
    drop(tx);
    let mut tx = store.read().unwrap();
    assert_eq!(tx.account_count().unwrap(), 1, "rolled back");
    assert_eq!(tx.account("A1").unwrap().unwrap().carr.0, 100);
}

/// A trigger run's snapshots, read in parts on other connections side by side (SQLite: a book
/// of more than a few accounts, in batches of a few in debug builds, each part sending its
/// results once it has a few), come exactly as the whole book read in one part on the
/// transaction itself: every account once, in id order, with its own opportunities and cases,
/// whether an evaluation gives many results or (most of them here, as in a run with nothing
/// new) none.
fn snapshots_read_in_parts_come_as_one_part_reads_them(store: &mut Store) {
    use smb::domain::account::Opportunity;
    use smb::import::Parsed;
    use smb::store::{AccountSnapshot, Imported, Snapshots};
    let settings = Settings::new(Model::Digital);
    let today = t("2026-03-02T00:00:00Z").date_naive();
    let track = |old: Option<&smb::domain::account::Account>, a| {
        smb::domain::tracking::merge_account(&settings, old, a, today)
    };
    let ids: Vec<String> = (0..40).map(|i| format!("A{i:02}")).collect();
    let rows: Vec<(&str, i64, i64)> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i as i64 + 1, 100 * (i as i64 + 1)))
        .collect();
    let mut tx = store.write().unwrap();
    tx.import(&mut given(&rows), &track).unwrap();
    tx.commit().unwrap();
    // Opportunities whose ids do not follow their accounts' order: two open renewals on every
    // third account (one on the last), none on the others.
    let mut opps = Vec::new();
    for i in (0..40).step_by(3) {
        for k in 0..if i == 39 { 1 } else { 2 } {
            let id = format!("O{:03}", (97 * (2 * i + k)) % 113);
            let o = Opportunity::new(
                &id,
                &ids[i],
                "Renewal",
                "1-Discovery",
                "2026-05-01".parse().unwrap(),
            );
            opps.push((1000 + opps.len() as i64, Parsed::Opportunity(o)));
        }
    }
    crate::opps::import(store, Imported::Opportunities, opps);
    let now = t("2026-03-02T09:00:00Z");
    let cases = (0..40)
        .step_by(4)
        .map(|i| {
            let mut c = queued(&format!("case {i}"), None, now);
            c.draft.account_id = Some(ids[i].clone());
            c
        })
        .collect();
    let made = create(store, cases);

    // What account `n` gives, `line` being its id, opportunities and cases: most give nothing;
    // some one line, some four (more than a debug build's results sent at once); each part
    // (`A00`..`A19`, `A20`..`A39`) ends with a few accounts that give little (results left
    // over when the part ends).
    fn results(n: usize, line: String, empty: bool) -> Vec<String> {
        match n % 7 {
            _ if n % 20 >= 16 => (n % 20 == 19).then_some(line).into_iter().collect(),
            0 | 3 => vec![line],
            5 => (0..4).map(|k| format!("{line} {k}")).collect(),
            _ if !empty => vec![line],
            _ => Vec::new(),
        }
    }
    let eval: smb::store::Evaluate<String> = std::sync::Arc::new(|snap| match snap {
        AccountSnapshot::Account(s) => {
            let n: usize = s.account.id[1..].parse().unwrap();
            let opps: Vec<&str> = s.opportunities.iter().map(|o| o.id.as_str()).collect();
            let cases: Vec<String> = s.cases.iter().map(|c| c.id.to_string()).collect();
            let line = format!("{} {:?} {:?}", s.account.id, opps, cases);
            results(n, line, opps.is_empty() && cases.is_empty())
        }
        AccountSnapshot::Orphan { event, .. } => vec![event.event.id.clone()],
    });
    let mut expected = Vec::new();
    for (n, id) in ids.iter().enumerate() {
        let mut opps: Vec<String> = (0..2)
            .filter(|&k| n % 3 == 0 && (n != 39 || k == 0))
            .map(|k| format!("O{:03}", (97 * (2 * n + k)) % 113))
            .collect();
        opps.sort();
        let cases: Vec<String> = made
            .iter()
            .filter(|c| c.account_id.as_deref() == Some(id.as_str()))
            .map(|c| c.id.to_string())
            .collect();
        let empty = opps.is_empty() && cases.is_empty();
        expected.extend(results(n, format!("{id} {opps:?} {cases:?}"), empty));
    }
    let all = |mut snaps: Snapshots<String>| {
        let mut seen = Vec::new();
        while let Some(batch) = snaps.next_batch().unwrap() {
            seen.extend(batch);
        }
        seen
    };
    let mut tx = store.write().unwrap();
    let parts = all(tx.account_snapshots(&settings, eval.clone()).unwrap());
    let whole = all(tx.account_snapshots_uncommitted(&settings, eval).unwrap());
    assert_eq!(parts, expected);
    assert_eq!(whole, expected);
}

// ---- Pick discipline and --as-of (SPEC §12) ----

/// A pick is listed with the start of the clock it stopped; only what was written in the
/// window is.
fn a_pick_is_listed_with_the_clock_it_stopped(store: &mut Store) {
    let created = t("2026-03-02T09:00:00Z");
    let now = t("2026-03-02T11:30:00Z");
    let c = create(store, vec![queued("Question", None, created)]).remove(0);
    let mut ch = claim(&c, "Dana", None, now);
    ch.history
        .push(HistoryEntry::new(now, "Dana", "picked").change("owner", None, Some("Dana".into())));
    let mut tx = store.write().unwrap();
    assert_eq!(tx.apply(&ch).unwrap(), Applied::Done);
    tx.commit().unwrap();
    let mut tx = store.read().unwrap();
    let all = tx.pick_records(&Window::new(None, None).unwrap()).unwrap();
    assert_eq!(all.len(), 1, "{all:?}");
    let r = &all[0];
    assert_eq!((r.case_id, r.at, r.actor.as_str()), (c.id, now, "Dana"));
    assert!(r.from_queue);
    assert_eq!(r.waited_since, Some(created));
    let day = |d: u32| Some(chrono::NaiveDate::from_ymd_opt(2026, 3, d).unwrap());
    let later = tx
        .pick_records(&Window::new(day(3), None).unwrap())
        .unwrap();
    assert!(later.is_empty(), "{later:?}");
}

/// The cases with an entry written after a moment, each with its whole history.
fn the_cases_changed_after_a_moment_come_with_their_history(store: &mut Store) {
    let early = t("2026-03-02T09:00:00Z");
    let cases = create(
        store,
        vec![queued("One", None, early), queued("Two", None, early)],
    );
    let now = t("2026-03-02T11:00:00Z");
    let mut tx = store.write().unwrap();
    assert_eq!(
        tx.apply(&claim(&cases[1], "Dana", None, now)).unwrap(),
        Applied::Done
    );
    tx.commit().unwrap();
    let mut tx = store.read().unwrap();
    let changed = tx.cases_changed_after(t("2026-03-02T10:00:00Z")).unwrap();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert_eq!(changed[0].0.id, cases[1].id);
    assert_eq!(changed[0].1, tx.history(cases[1].id).unwrap());
    assert_eq!(tx.cases_changed_after(now).unwrap(), vec![]);
    assert_eq!(
        tx.cases_changed_after(t("2026-03-02T08:00:00Z"))
            .unwrap()
            .len(),
        2
    );
}

// ---- Escalations (SPEC §11.3) ----

fn an_escalation_notifies_the_managers_and_is_listed_in_its_window(store: &mut Store) {
    use smb::domain::escalation;
    use smb::domain::notice::NoticeKind;
    let created = t("2026-03-02T09:00:00Z");
    let now = t("2026-03-04T10:00:00Z");
    let c = create(store, vec![queued("Question", None, created)]).remove(0);
    let settings = Settings::new(Model::Digital);
    let today = now.date_naive();
    let o = escalation::overdue(&c, &[], &settings, today, now).expect("Medium: past 48 h");
    let ch = escalation::escalate(&c, o, &["Mona".into(), "Ana".into()], "cron", now);
    let mut tx = store.write().unwrap();
    assert_eq!(tx.apply(&ch).unwrap(), Applied::Done);
    tx.commit().unwrap();

    let mut tx = store.read().unwrap();
    assert_eq!(tx.case(c.id).unwrap().unwrap(), c, "the row is unchanged");
    let history = tx.history(c.id).unwrap();
    assert_eq!(
        escalation::overdue(&c, &history, &settings, today, now),
        None
    );
    for m in ["mona", "ana"] {
        let n = tx.unseen_notices(m).unwrap();
        assert_eq!(n.len(), 1, "{m}: {n:?}");
        assert_eq!((n[0].case_id, n[0].kind), (c.id, NoticeKind::Escalated));
    }
    let day = |d: u32| Some(chrono::NaiveDate::from_ymd_opt(2026, 3, d).unwrap());
    let listed = tx
        .escalations(&Window::new(day(4), day(4)).unwrap())
        .unwrap();
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0].0, c.id);
    assert_eq!(listed[0].1, ch.history[0]);
    for (since, until) in [(day(5), None), (None, day(3))] {
        let w = Window::new(since, until).unwrap();
        assert!(tx.escalations(&w).unwrap().is_empty(), "{w:?}");
    }
}

store_tests!(
    has_accounts_says_whether_any_account_is_stored,
    a_change_writes_only_the_columns_it_changes,
    each_column_a_change_changes_is_written_alone,
    an_escalation_notifies_the_managers_and_is_listed_in_its_window,
    an_import_inserts_then_updates_only_what_changed,
    the_pick_view_reads_me_the_head_the_case_and_my_load,
    apply_writes_the_row_its_history_its_clock_and_its_notice,
    a_stale_change_is_a_conflict_and_writes_nothing,
    a_claim_respects_the_owner_and_the_cap,
    an_attached_message_threads_to_its_case,
    the_year_end_rollover_closes_last_years_case_once,
    a_dedup_key_makes_one_case,
    snapshots_in_the_transaction_see_its_uncommitted_writes,
    snapshots_read_in_parts_come_as_one_part_reads_them,
    a_pick_is_listed_with_the_clock_it_stopped,
    the_cases_changed_after_a_moment_come_with_their_history,
);

/// A transaction that creates many cases (a first trigger run) leaves the planner statistics
/// of `cases` current when it commits, so the next pick uses the queue index at once instead
/// of scanning every case until autovacuum gets round to it (BENCHMARKS.md, PostgreSQL).
#[test]
fn a_bulk_creation_leaves_the_planner_statistics_current() {
    let Some(mut o) = postgres(
        "a_bulk_creation_leaves_the_planner_statistics_current",
        Model::Digital,
    ) else {
        return;
    };
    let now = t("2026-03-02T14:00:00Z");
    let reltuples = |o: &Opened| -> f32 {
        let Keep::Pg(db) = &o._keep else {
            unreachable!("a PostgreSQL test")
        };
        db.client()
            .query_one(
                "SELECT reltuples FROM pg_class WHERE relname = 'cases'",
                &[],
            )
            .unwrap()
            .get(0)
    };
    // A handful of cases: no ANALYZE (a `case new` must stay cheap).
    create(&mut o.store, vec![queued("one", Some("one"), now)]);
    assert!(reltuples(&o) < 1.0, "analysed after one case");
    let many: Vec<NewCase> = (0..10_000)
        .map(|i| queued(&format!("case {i}"), Some(&format!("k{i}")), now))
        .collect();
    create(&mut o.store, many);
    let n = reltuples(&o);
    assert!((9_000.0..=11_000.0).contains(&n), "reltuples {n}");
}
