//! The query plans the hot paths rely on (issue #16): each test traces the statements one
//! hot path runs on SQLite and asks `EXPLAIN QUERY PLAN` of every one, so a query that stops
//! using its index (a schema change, a rewritten `WHERE`) fails here instead of slowing the
//! nightly job down. Tables the path reads whole by design are named per test.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::trace::{TraceEvent, TraceEventCodes};

use super::{KeyRange, Store};
use crate::domain::account::{Account, Opportunity};
use crate::domain::case::{Case, Category, Origin, Priority};
use crate::domain::model::{Model, QueueOrder, Region, Settings};
use crate::domain::money::Cents;
use crate::domain::people::{Advocate, Role};
use crate::domain::pick::PickQuery;
use crate::store::{Imported, Ops};

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-02T10:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn today() -> NaiveDate {
    now().date_naive()
}

/// A database with an advocate, an account and an Open case in the AMER queue.
fn seeded(dir: &tempfile::TempDir) -> Store {
    let (mut store, _) =
        Store::open(&dir.path().join("p.db"), &Settings::new(Model::Digital)).unwrap();
    let tx = store.write().unwrap();
    tx.put_advocate(&Advocate {
        name: "Dana".into(),
        region: Region::Amer,
        languages: Vec::new(),
        role: Role::Advocate,
        capacity: 50,
        created_at: now(),
    })
    .unwrap();
    tx.put_account(
        &Account::new("A1", "Acme", Region::Amer, Cents(100)),
        Some(3),
        1,
    )
    .unwrap();
    let mut c = Case::draft(
        "manual",
        Category::InboundRequest,
        Priority::Medium,
        "Question",
        Origin::Manual,
        "staff",
        now(),
    );
    c.account_id = Some("A1".into());
    c.queue = Some("AMER".into());
    c.queued_at = Some(now());
    tx.insert_case(&c).unwrap();
    tx.commit().unwrap();
    store
}

/// Records the text of every statement `store`'s connection runs from now on.
fn trace(store: &mut Store) -> Arc<Mutex<Vec<String>>> {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&seen);
    store
        .conn
        .trace_v2(
            TraceEventCodes::SQLITE_TRACE_STMT,
            Some(move |e: TraceEvent<'_>| {
                if let TraceEvent::Stmt(st, _) = e {
                    sink.lock().unwrap().push(st.sql().into_owned());
                }
            }),
        )
        .unwrap();
    seen
}

/// `EXPLAIN QUERY PLAN` of each traced statement that reads a table: `(sql, plan lines)`.
fn plans(store: &Store, seen: &Mutex<Vec<String>>) -> Vec<(String, Vec<String>)> {
    let statements = std::mem::take(&mut *seen.lock().unwrap());
    let mut out = Vec::new();
    for sql in statements {
        let head = sql.trim_start().to_ascii_uppercase();
        if !["SELECT", "WITH", "UPDATE", "DELETE", "INSERT"]
            .iter()
            .any(|k| head.starts_with(k))
        {
            continue;
        }
        let mut st = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap();
        let n = st.parameter_count();
        let plan: Vec<String> = st
            .query_map(
                rusqlite::params_from_iter(std::iter::repeat_n(rusqlite::types::Null, n)),
                |r| r.get::<_, String>(3),
            )
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        out.push((sql, plan));
    }
    out
}

/// Every plan searches its tables through an index (or the primary key): no full scan of a
/// table, except of `whole` (read whole by design), and no sort of a big table's rows.
fn assert_indexed(plans: &[(String, Vec<String>)], whole: &[&str]) {
    assert!(!plans.is_empty(), "nothing was traced");
    for (sql, plan) in plans {
        for line in plan {
            let Some(rest) = line.strip_prefix("SCAN ") else {
                continue;
            };
            let table = rest.split_whitespace().next().unwrap_or_default();
            let real = [
                "accounts",
                "opportunities",
                "contacts",
                "events",
                "cases",
                "case_history",
                "sla_clocks",
                "advocates",
                "notices",
            ];
            if real.contains(&table) && !whole.contains(&table) {
                panic!("{sql}\nscans {table}: {plan:#?}");
            }
        }
    }
}

fn plan_of<'a>(plans: &'a [(String, Vec<String>)], sql_part: &str) -> &'a [String] {
    &plans
        .iter()
        .find(|(sql, _)| sql.contains(sql_part))
        .unwrap_or_else(|| panic!("no statement with {sql_part:?} was run: {plans:#?}"))
        .1
}

/// `smb queue next` and `smb pick`: the head of a queue through the partial queue index, the
/// caller's profile, capacity count, the case and its account's cases and opportunities, all
/// searched, none scanned or sorted.
#[test]
fn the_queue_head_and_the_pick_read_through_indexes() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = seeded(&dir);
    let seen = trace(&mut store);
    let mut tx = store.write().unwrap();
    for order in [QueueOrder::PriorityThenAge, QueueOrder::AgeThenPriority] {
        let head = Ops::queue(&mut tx, &["AMER".to_string()], order, today(), Some(1)).unwrap();
        assert_eq!(head.len(), 1);
        let view = Ops::pick_view(
            &mut tx,
            &PickQuery {
                me: "Dana".into(),
                queues_by_region: [
                    vec!["AMER".into()],
                    vec!["AMER".into()],
                    vec!["EMEA".into()],
                ],
                order,
                case: None,
                today: today(),
            },
        )
        .unwrap();
        assert!(view.head.is_some());
    }
    drop(tx);
    let plans = plans(&store, &seen);
    assert_indexed(&plans, &[]);
    let head = plan_of(
        &plans,
        "ORDER BY priority, coalesce(queued_at, created_at), id",
    )
    .join("\n");
    assert!(head.contains("cases_queue_by_priority"), "{head}");
    assert!(!head.contains("TEMP B-TREE"), "the head sorts: {head}");
    let head = plan_of(
        &plans,
        "ORDER BY coalesce(queued_at, created_at), priority, id",
    )
    .join("\n");
    assert!(head.contains("cases_queue_by_age"), "{head}");
    assert!(!head.contains("TEMP B-TREE"), "the head sorts: {head}");
}

/// `smb tier --summary`: a small book in one pass over `accounts`, a large one in two ranges
/// of its primary key (one per connection), no other table, no sort.
#[test]
fn the_tier_summary_reads_accounts_in_one_pass_or_two_key_ranges_without_a_sort() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = seeded(&dir);
    for (book, parts) in [(1, 1), (40, 2)] {
        if book > 1 {
            let tx = store.write().unwrap();
            for i in 2..=book {
                let a = Account::new(&format!("A{i:02}"), "Co", Region::Emea, Cents(100));
                tx.put_account(&a, Some(3), 1).unwrap();
            }
            tx.commit().unwrap();
        }
        let seen = trace(&mut store);
        let mut tx = store.read().unwrap();
        let counts = Ops::fold_account_segments(&mut tx, || 0, |n, _| *n += 1).unwrap();
        assert_eq!(counts.len(), parts, "{book} accounts: {counts:?}");
        assert_eq!(counts.iter().sum::<i32>(), book);
        drop(tx);
        let plans = plans(&store, &seen);
        let plan = plan_of(&plans, "customer_type, CASE").join("\n");
        // Whether the book is large walks the first keys.
        assert_indexed(&plans, &["accounts"]);
        if parts == 1 {
            assert!(plan.starts_with("SCAN accounts"), "{plan}");
        } else {
            assert!(
                plan.starts_with("SEARCH accounts USING PRIMARY KEY (account_id<?)"),
                "{plan}"
            );
        }
        assert!(!plan.contains("TEMP B-TREE"), "{plan}");
    }
    let tx = store.read().unwrap();
    let mid = tx.account_id_middle().unwrap().unwrap();
    let sql = super::accounts::segments_sql(KeyRange::After(&mid));
    let mut second = tx.tx.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
    let plan: Vec<String> = second
        .query_map(rusqlite::params![0, mid], |r| r.get(3))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(plan, ["SEARCH accounts USING PRIMARY KEY (account_id>?)"]);
}

/// An email or event without a contact finds its account by domain through
/// `accounts_email_domain` (migration 13: the lowercased domain), not by a scan.
#[test]
fn the_account_by_domain_searches_the_email_domain_index() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = seeded(&dir);
    let seen = trace(&mut store);
    let tx = store.read().unwrap();
    assert_eq!(tx.account_by_domain("acme.example").unwrap(), None);
    drop(tx);
    let plans = plans(&store, &seen);
    assert_indexed(&plans, &[]);
    let plan = plan_of(&plans, "lower(email_domain)").join("\n");
    assert!(
        plan.contains("USING INDEX accounts_email_domain (<expr>=?)"),
        "{plan}"
    );
}

/// Writing an account (every row of an import) builds no temporary B-tree: a CHECK of
/// `IN (three constants)` did, for every row (migration 13 writes it as comparisons).
#[test]
fn writing_an_account_builds_no_temporary_btree() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded(&dir);
    for sql in [
        super::accounts::PUT_ACCOUNT,
        super::accounts::IMPORT_ACCOUNT,
    ] {
        let mut st = store.conn.prepare(&format!("EXPLAIN {sql}")).unwrap();
        let n = st.parameter_count();
        let ops: Vec<String> = st
            .query_map(
                rusqlite::params_from_iter(std::iter::repeat_n(rusqlite::types::Null, n)),
                |r| r.get::<_, String>(1),
            )
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(
            ops.iter().any(|o| o == "Insert" || o == "IdxInsert"),
            "{ops:?}"
        );
        assert!(!ops.iter().any(|o| o == "OpenEphemeral"), "{sql}: {ops:?}");
    }
}

/// A re-import looks each key's stored hash up through the table's primary key.
#[test]
fn the_import_lookup_searches_the_primary_key() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = seeded(&dir);
    let seen = trace(&mut store);
    let tx = store.read().unwrap();
    for table in [
        Imported::Accounts,
        Imported::Opportunities,
        Imported::Contacts,
        Imported::Events,
    ] {
        tx.row_hash(table, "A1").unwrap();
        tx.account_exists("A1").unwrap();
    }
    drop(tx);
    let plans = plans(&store, &seen);
    assert_eq!(plans.len(), 8);
    assert_indexed(&plans, &[]);
    for (sql, plan) in &plans {
        let plan = plan.join("\n");
        assert!(
            plan.contains("USING PRIMARY KEY") || plan.contains("USING INDEX sqlite_autoindex"),
            "{sql}: {plan}"
        );
    }
}

/// The trigger run's snapshot reads: accounts in id order from a key (the primary key, no
/// sort), their cases by account (`cases_account`), the split point (the key walked to its
/// middle), and the one pass over the opportunities (read whole by design, in table order).
#[test]
fn the_trigger_snapshots_read_in_key_order_through_indexes() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = seeded(&dir);
    let tx = store.write().unwrap();
    for id in ["O1", "O2", "O3"] {
        let day = NaiveDate::from_ymd_opt(2026, 4, 1).unwrap();
        let o = Opportunity::new(id, "A1", "Renewal", "1-Discovery", day);
        tx.put_opportunity(&o, 1).unwrap();
    }
    tx.commit().unwrap();
    let seen = trace(&mut store);
    let tx = store.read().unwrap();
    assert_eq!(tx.accounts_after("", 4096).unwrap().len(), 1);
    assert_eq!(tx.case_facts_between("", "A1").unwrap().len(), 1);
    assert_eq!(tx.case_facts_of("A1").unwrap().len(), 1);
    tx.accounts_more_than(8).unwrap();
    assert_eq!(
        tx.account_id_middle().unwrap(),
        None,
        "one account: no split"
    );
    tx.packed_opportunities(&[]).unwrap();
    assert_eq!(tx.opportunity_id_middle().unwrap().as_deref(), Some("O2"));
    tx.packed_opportunities_in(&[], KeyRange::UpTo("O5"))
        .unwrap();
    tx.packed_opportunities_in(&[], KeyRange::After("O5"))
        .unwrap();
    drop(tx);
    let mut plans = plans(&store, &seen);
    // A large book's opportunities are read in two halves side by side: each a range of the
    // primary key, in key order, no sort; the middle is found by walking the key (OFFSET).
    for bound in ["opportunity_id <= ?1", "opportunity_id > ?1"] {
        let plan = plan_of(&plans, bound).join("\n");
        assert!(
            plan.starts_with("SEARCH opportunities USING PRIMARY KEY (opportunity_id"),
            "{bound}: {plan}"
        );
        assert!(!plan.contains("TEMP B-TREE"), "{bound}: {plan}");
    }
    // The split points: the two ends of each key, one search each (no count, no walk).
    for key in ["max(account_id)", "max(opportunity_id)"] {
        let plan = plan_of(&plans, key).join("\n");
        assert_eq!(plan.matches("SEARCH").count(), 2, "{key}: {plan}");
        assert!(
            !plan.replace("SCAN CONSTANT ROW", "").contains("SCAN"),
            "{key}: {plan}"
        );
    }
    // Whether to split walks the first keys in order (OFFSET n): no sort; once per run.
    let split = plan_of(&plans, "OFFSET ?1").join("\n");
    assert!(!split.contains("TEMP B-TREE"), "{split}");
    plans.retain(|(sql, _)| !sql.contains("OFFSET ?1"));
    assert_indexed(&plans, &["opportunities"]);
    for part in [
        "FROM accounts WHERE account_id > ?1",
        "FROM cases WHERE account_id > ?1",
    ] {
        let plan = plan_of(&plans, part).join("\n");
        assert!(plan.starts_with("SEARCH"), "{part}: {plan}");
        assert!(!plan.contains("TEMP B-TREE"), "{part} sorts: {plan}");
    }
    let plan = plan_of(&plans, "FROM cases WHERE account_id = ?1").join("\n");
    assert!(plan.contains("cases_account"), "{plan}");
    let plan = plan_of(&plans, "FROM opportunities").join("\n");
    assert!(!plan.contains("TEMP B-TREE"), "{plan}");
}
