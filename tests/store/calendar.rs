//! Conformance of the calendar and settings operations (SPEC §11.4) on both engines.

use chrono::NaiveDate;

use crate::ops::t;
use crate::store_tests;
use smb::domain::holidays::Holiday;
use smb::domain::model::Region;
use smb::domain::setting::{ClockSettingChange, SettingChange};
use smb::store::{Ops, Store};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn holiday(region: Region, day: &str, name: Option<&str>) -> Holiday {
    Holiday {
        region,
        day: d(day),
        name: name.map(str::to_string),
    }
}

fn holidays_are_added_renamed_read_with_the_settings_and_removed(store: &mut Store) {
    let mut tx = store.write().unwrap();
    let first = [
        holiday(Region::Amer, "2026-11-26", Some("Thanksgiving")),
        holiday(Region::Emea, "2026-12-25", None),
    ];
    assert_eq!(tx.put_holidays(&first).unwrap(), 2);
    // The same day again takes the new name and is not new; another day is.
    let again = [
        holiday(Region::Emea, "2026-12-25", Some("Christmas Day")),
        holiday(Region::Emea, "2026-12-28", Some("Boxing Day (substitute)")),
    ];
    assert_eq!(tx.put_holidays(&again).unwrap(), 1);
    tx.commit().unwrap();

    let mut tx = store.read().unwrap();
    let s = tx.settings().unwrap();
    assert_eq!(
        s.holidays.list(None, None),
        [first[0].clone(), again[0].clone(), again[1].clone()]
    );
    assert!(!s.holidays.contains(Region::Amer, d("2026-12-25")));
    drop(tx);

    let mut tx = store.write().unwrap();
    assert!(tx.remove_holiday(Region::Emea, d("2026-12-25")).unwrap());
    assert!(!tx.remove_holiday(Region::Emea, d("2026-12-25")).unwrap());
    assert!(!tx.remove_holiday(Region::Amer, d("2026-12-28")).unwrap());
    // Not committed: nothing of it stays.
    drop(tx);
    let s = store.read().unwrap().settings().unwrap();
    assert_eq!(s.holidays.list(Some(Region::Emea), None).len(), 2);
}

fn a_setting_is_stored_and_its_change_logged(store: &mut Store) {
    let first = SettingChange {
        key: "renewal_window_days".into(),
        before: None,
        after: "90".into(),
        actor: "Sam".into(),
        at: t("2026-03-02T09:00:00Z"),
    };
    let second = SettingChange {
        key: "renewal_window_days".into(),
        before: Some("90".into()),
        after: "45".into(),
        actor: "ops".into(),
        at: t("2026-03-03T09:00:00Z"),
    };
    let cap = SettingChange {
        key: "default_capacity".into(),
        before: None,
        after: "40".into(),
        actor: "Sam".into(),
        at: t("2026-03-04T09:00:00Z"),
    };
    let target = SettingChange {
        key: "sla_high_hours".into(),
        before: None,
        after: "12".into(),
        actor: "Sam".into(),
        at: t("2026-03-05T09:00:00Z"),
    };
    let mut tx = store.write().unwrap();
    assert!(tx.settings_log().unwrap().is_empty());
    for c in [&first, &second, &cap, &target] {
        tx.put_setting(c).unwrap();
    }
    tx.commit().unwrap();
    let mut tx = store.read().unwrap();
    let s = tx.settings().unwrap();
    assert_eq!(s.renewal_window_days, 45);
    assert_eq!(s.default_capacity(), 40);
    assert_eq!(s.sla_high_hours, 12);
    assert_eq!(s.change_window_days, 30, "untouched settings keep theirs");
    // The settings a pick-up clock keeps come back with the settings (a clock that started
    // before the change keeps 24 hours).
    assert_eq!(
        s.clock_changes,
        [ClockSettingChange {
            at: target.at,
            key: "sla_high_hours",
            before: None,
        }]
    );
    assert_eq!(tx.settings_log().unwrap(), [first, second, cap, target]);
}

fn only_the_database_owner_owns_it(store: &mut Store) {
    let mut tx = store.read().unwrap();
    // SQLite has no logins; the PostgreSQL tests connect as the database's owner.
    let expected = !matches!(tx, smb::store::Tx::Sqlite(_));
    assert_eq!(tx.owns_database().unwrap(), expected);
}

store_tests!(
    holidays_are_added_renamed_read_with_the_settings_and_removed,
    a_setting_is_stored_and_its_change_logged,
    only_the_database_owner_owns_it,
);
