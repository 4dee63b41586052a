//! Conformance of the absence cover operations (SPEC §11.5), on both engines: absences
//! recorded, listed while not ended, ended once; the cases a plan moved, recorded and read
//! back in order; `db copy` moves both tables.

use chrono::NaiveDate;

use smb::domain::absence::{Absence, CoverMove};
use smb::store::{Ops, Store};

use crate::ops::{create, queued, t};
use crate::store_tests;

fn absence(name: &str, from: &str, until: &str, covers: &[&str]) -> Absence {
    let (from, until): (NaiveDate, NaiveDate) = (from.parse().unwrap(), until.parse().unwrap());
    Absence {
        id: 0,
        name: name.into(),
        from,
        until,
        starts_at: t(&format!("{from}T05:00:00Z")),
        ends_at: t(&format!("{}T05:00:00Z", until.succ_opt().unwrap())),
        covers: covers.iter().map(|c| c.to_string()).collect(),
        created_at: t("2026-03-02T14:00:00Z"),
        created_by: "Mona".into(),
        ended_at: None,
        ended_by: None,
    }
}

fn an_absence_is_recorded_listed_until_ended_and_ended_once(store: &mut Store) {
    let later = absence("Dana", "2026-03-16", "2026-03-20", &["Lena Fischer", "Ivo"]);
    let sooner = absence("Ivo", "2026-03-09", "2026-03-09", &["Dana"]);
    let mut tx = store.write().unwrap();
    assert!(tx.absences().unwrap().is_empty());
    let a = tx.put_absence(&later).unwrap();
    let b = tx.put_absence(&sooner).unwrap();
    assert_ne!(a, b);
    tx.commit().unwrap();

    let mut tx = store.read().unwrap();
    let all = tx.absences().unwrap();
    // By start: Ivo's first; every field as written, the id given.
    assert_eq!(all.iter().map(|x| x.id).collect::<Vec<_>>(), [b, a]);
    assert_eq!(
        all[1],
        Absence {
            id: a,
            ..later.clone()
        }
    );
    drop(tx);

    let mut tx = store.write().unwrap();
    let back = t("2026-03-18T12:00:00Z");
    assert!(tx.end_absence(a, back, "Dana").unwrap());
    assert!(!tx.end_absence(a, back, "Dana").unwrap(), "ended once");
    tx.commit().unwrap();
    let mut tx = store.read().unwrap();
    let left = tx.absences().unwrap();
    assert_eq!(left.iter().map(|x| x.id).collect::<Vec<_>>(), [b]);
}

fn the_cases_a_plan_moved_are_recorded_per_absence_in_order(store: &mut Store) {
    let now = t("2026-03-02T14:00:00Z");
    let cases = create(
        store,
        vec![
            queued("one", None, now),
            queued("two", None, now),
            queued("three", None, now),
        ],
    );
    let mut tx = store.write().unwrap();
    let a = tx
        .put_absence(&absence("Dana", "2026-03-09", "2026-03-13", &["Ivo"]))
        .unwrap();
    let other = tx
        .put_absence(&absence("Lena", "2026-03-09", "2026-03-13", &["Ivo"]))
        .unwrap();
    let mv = |i: usize, from: &str, to: &str| CoverMove {
        case_id: cases[i].id,
        from: from.into(),
        to: to.into(),
        at: now,
    };
    let moves = vec![mv(2, "Dana", "Ivo"), mv(0, "Dana", "Lena Fischer")];
    tx.record_cover_moves(a, &moves).unwrap();
    tx.record_cover_moves(other, &[mv(1, "Lena", "Ivo")])
        .unwrap();
    tx.record_cover_moves(other, &[]).unwrap();
    tx.commit().unwrap();

    let mut tx = store.read().unwrap();
    assert_eq!(tx.cover_moves(a).unwrap(), moves);
    assert_eq!(tx.cover_moves(other).unwrap(), [mv(1, "Lena", "Ivo")]);
    assert!(tx.cover_moves(a + other + 100).unwrap().is_empty());
    assert_eq!(tx.count_rows("absences").unwrap(), 2);
    assert_eq!(tx.count_rows("absence_moves").unwrap(), 3);
}

fn an_absence_ending_before_it_starts_is_refused_by_the_database(store: &mut Store) {
    let mut bad = absence("Dana", "2026-03-09", "2026-03-13", &["Ivo"]);
    bad.until = "2026-03-08".parse().unwrap();
    let mut tx = store.write().unwrap();
    assert!(tx.put_absence(&bad).is_err());
}

store_tests!(
    an_absence_is_recorded_listed_until_ended_and_ended_once,
    the_cases_a_plan_moved_are_recorded_per_absence_in_order,
    an_absence_ending_before_it_starts_is_refused_by_the_database,
);
