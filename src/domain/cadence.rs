//! The contact cadence and the day's to-do list of an advocate (SPEC §4.3), pure.
//!
//! From the day of the pick (day 1): **Day 1 email, Day 3 call, Day 5 email, Day 7 email**.
//! Resolve within 7 days of opening (target), 15 days at most, High Value Account cases apart.

use chrono::NaiveDate;

/// A logged touch (`smb case log ID email|call`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Touch {
    Email,
    Call,
}

impl Touch {
    pub fn as_str(self) -> &'static str {
        match self {
            Touch::Email => "email",
            Touch::Call => "call",
        }
    }

    pub fn parse(s: &str) -> Option<Touch> {
        match s.trim().to_ascii_lowercase().as_str() {
            "email" | "e-mail" => Some(Touch::Email),
            "call" | "phone" => Some(Touch::Call),
            _ => None,
        }
    }
}

/// The cadence: (day, touch), day 1 being the day of the pick.
pub const CADENCE: [(i64, Touch); 4] = [
    (1, Touch::Email),
    (3, Touch::Call),
    (5, Touch::Email),
    (7, Touch::Email),
];

/// The day of the cadence `today` is: the pick day is day 1.
pub fn day_number(picked_on: NaiveDate, today: NaiveDate) -> i64 {
    (today - picked_on).num_days() + 1
}

/// The next cadence step not yet done, given the touches logged since the pick in time
/// order. A touch counts for the earliest open step of its kind (an early call counts for
/// the Day 3 call); a touch of another kind does not.
pub fn next_step(touches: &[Touch]) -> Option<(i64, Touch)> {
    let done = steps_done(touches);
    CADENCE.iter().zip(done).find(|(_, d)| !d).map(|(s, _)| *s)
}

/// Which cadence steps are done: each touch counts for the earliest open step of its kind.
pub fn steps_done(touches: &[Touch]) -> [bool; CADENCE.len()] {
    let mut done = [false; CADENCE.len()];
    for t in touches {
        if let Some(i) = (0..CADENCE.len()).find(|&i| !done[i] && CADENCE[i].1 == *t) {
            done[i] = true;
        }
    }
    done
}

/// What a case needs from its owner today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// Assigned to the owner (routed or reassigned) and not started: `smb pick ID`.
    NotStarted,
    /// A cadence touch due today (`overdue`: its day has passed).
    Touch {
        day: i64,
        touch: Touch,
        due_on: NaiveDate,
        overdue: bool,
    },
    /// The next steps date has come.
    NextStepsDue(NaiveDate),
    /// In Progress without next steps or their date (SPEC §4.3: mandatory).
    MissingNextSteps,
    /// The 7-day target is `days_left` days away (0: today).
    NearTarget { days_left: i64 },
    /// Open longer than the 7-day target.
    PastTarget { age_days: i64 },
    /// The 15-day limit is `days_left` days away (0: today): warned from day 13.
    NearLimit { days_left: i64 },
    /// Open longer than the 15-day limit.
    PastLimit { age_days: i64 },
}

impl Item {
    /// The item in words, for the terminal.
    pub fn describe(&self) -> String {
        match self {
            Item::NotStarted => "assigned to you, not started: smb pick this case".to_string(),
            Item::Touch {
                day,
                touch,
                due_on,
                overdue,
            } => {
                let when = if *overdue {
                    format!("overdue since {due_on}")
                } else {
                    "due today".to_string()
                };
                format!("Day {day} {} {when}", touch.as_str())
            }
            Item::NextStepsDue(d) => format!("next steps date {d} has come"),
            Item::MissingNextSteps => "In Progress without next steps or their date".to_string(),
            Item::NearTarget { days_left: 0 } => "7-day target is today".to_string(),
            Item::NearTarget { days_left } => format!("7-day target in {days_left} day(s)"),
            Item::PastTarget { age_days } => {
                format!("open {age_days} days: past the 7-day target")
            }
            Item::NearLimit { days_left: 0 } => "15-day limit is today".to_string(),
            Item::NearLimit { days_left } => format!("15-day limit in {days_left} day(s)"),
            Item::PastLimit { age_days } => {
                format!("open {age_days} days: past the 15-day limit")
            }
        }
    }

    /// A stable key for scripts.
    pub fn key(&self) -> &'static str {
        match self {
            Item::NotStarted => "not_started",
            Item::Touch { .. } => "touch",
            Item::NextStepsDue(_) => "next_steps_due",
            Item::MissingNextSteps => "missing_next_steps",
            Item::NearTarget { .. } => "near_target",
            Item::PastTarget { .. } => "past_target",
            Item::NearLimit { .. } => "near_limit",
            Item::PastLimit { .. } => "past_limit",
        }
    }
}

/// What the agenda needs to know about one of the owner's open cases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFacts {
    pub in_progress: bool,
    /// The day of the pick (In Progress cases).
    pub picked_on: Option<NaiveDate>,
    /// The day the case was opened: it last entered a queue, or was created.
    pub opened_on: NaiveDate,
    pub has_next_steps: bool,
    pub next_steps_date: Option<NaiveDate>,
    /// High Value Account cases stay open all year: no 7/15-day limits, no cadence.
    pub high_value_account: bool,
}

/// Days to the target under which a case counts as "near" it.
pub const NEAR_DAYS: i64 = 2;

/// The items of one case for `today`; `touches` are those logged since the pick, in order.
pub fn agenda(
    c: &CaseFacts,
    touches: &[Touch],
    today: NaiveDate,
    target_days: i64,
    limit_days: i64,
) -> Vec<Item> {
    let mut items = Vec::new();
    if !c.in_progress {
        items.push(Item::NotStarted);
    }
    // Every touch due or overdue: a missed Day 1 email does not hide the Day 3 call.
    if c.in_progress
        && !c.high_value_account
        && let Some(picked) = c.picked_on
    {
        for (&(day, touch), done) in CADENCE.iter().zip(steps_done(touches)) {
            let due_on = picked + chrono::Duration::days(day - 1);
            if !done && due_on <= today {
                items.push(Item::Touch {
                    day,
                    touch,
                    due_on,
                    overdue: due_on < today,
                });
            }
        }
    }
    if let Some(d) = c.next_steps_date
        && d <= today
    {
        items.push(Item::NextStepsDue(d));
    }
    if c.in_progress && (!c.has_next_steps || c.next_steps_date.is_none()) {
        items.push(Item::MissingNextSteps);
    }
    if !c.high_value_account {
        let age = (today - c.opened_on).num_days();
        if age > limit_days {
            items.push(Item::PastLimit { age_days: age });
        } else if age > target_days {
            items.push(Item::PastTarget { age_days: age });
            // from day 13 the 15-day limit is near (SPEC §4.3)
            if age >= limit_days - NEAR_DAYS {
                items.push(Item::NearLimit {
                    days_left: limit_days - age,
                });
            }
        } else if age >= target_days - NEAR_DAYS {
            items.push(Item::NearTarget {
                days_left: target_days - age,
            });
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn facts(picked: &str) -> CaseFacts {
        CaseFacts {
            in_progress: true,
            picked_on: Some(d(picked)),
            opened_on: d(picked),
            has_next_steps: true,
            next_steps_date: Some(d("2026-12-31")),
            high_value_account: false,
        }
    }

    #[test]
    fn pick_day_is_day_one() {
        assert_eq!(day_number(d("2026-03-02"), d("2026-03-02")), 1);
        assert_eq!(day_number(d("2026-03-02"), d("2026-03-04")), 3);
    }

    #[test]
    fn cadence_steps_in_order_by_kind() {
        use Touch::*;
        assert_eq!(next_step(&[]), Some((1, Email)));
        assert_eq!(next_step(&[Email]), Some((3, Call)));
        // a second email does not stand for the call
        assert_eq!(next_step(&[Email, Email]), Some((3, Call)));
        assert_eq!(next_step(&[Email, Call]), Some((5, Email)));
        assert_eq!(next_step(&[Email, Call, Email]), Some((7, Email)));
        assert_eq!(next_step(&[Email, Call, Email, Email]), None);
        // a call first does not count for the Day 1 email
        assert_eq!(next_step(&[Call]), Some((1, Email)));
    }

    #[test]
    fn touches_due_on_days_1_3_5_7() {
        let f = facts("2026-03-02");
        let at = |today: &str, touches: &[Touch]| {
            agenda(&f, touches, d(today), 7, 15)
                .into_iter()
                .find(|i| matches!(i, Item::Touch { .. }))
        };
        // day 1: the email is due today
        assert_eq!(
            at("2026-03-02", &[]),
            Some(Item::Touch {
                day: 1,
                touch: Touch::Email,
                due_on: d("2026-03-02"),
                overdue: false
            })
        );
        // day 2 after the email: nothing due (the call is on day 3)
        assert_eq!(at("2026-03-03", &[Touch::Email]), None);
        // day 3: the call
        assert!(matches!(
            at("2026-03-04", &[Touch::Email]),
            Some(Item::Touch {
                day: 3,
                touch: Touch::Call,
                overdue: false,
                ..
            })
        ));
        // day 6 without the call: the call is overdue since day 3
        assert!(matches!(
            at("2026-03-07", &[Touch::Email]),
            Some(Item::Touch { day: 3, overdue: true, due_on, .. }) if due_on == d("2026-03-04")
        ));
        // day 5 and 7 emails
        assert!(matches!(
            at("2026-03-06", &[Touch::Email, Touch::Call]),
            Some(Item::Touch {
                day: 5,
                touch: Touch::Email,
                ..
            })
        ));
        assert!(matches!(
            at("2026-03-08", &[Touch::Email, Touch::Call, Touch::Email]),
            Some(Item::Touch { day: 7, .. })
        ));
        assert_eq!(
            at(
                "2026-03-20",
                &[Touch::Email, Touch::Call, Touch::Email, Touch::Email]
            ),
            None
        );
    }

    #[test]
    fn next_steps_and_age_items() {
        let mut f = facts("2026-03-02");
        f.has_next_steps = false;
        f.next_steps_date = Some(d("2026-03-05"));
        let items = agenda(&f, &[Touch::Email], d("2026-03-05"), 7, 15);
        assert!(items.contains(&Item::NextStepsDue(d("2026-03-05"))));
        assert!(items.contains(&Item::MissingNextSteps));
        // age 5 and 7: near the target; 8: past it; 16: past the limit
        let ages = |today: &str| agenda(&facts("2026-03-02"), &[], d(today), 7, 15);
        assert!(ages("2026-03-07").contains(&Item::NearTarget { days_left: 2 }));
        assert!(ages("2026-03-09").contains(&Item::NearTarget { days_left: 0 }));
        assert!(ages("2026-03-10").contains(&Item::PastTarget { age_days: 8 }));
        assert!(ages("2026-03-18").contains(&Item::PastLimit { age_days: 16 }));
        assert!(
            !ages("2026-03-05")
                .iter()
                .any(|i| matches!(i, Item::NearTarget { .. }))
        );
    }

    /// SPEC §4.3: `today` lists every touch due or overdue, and warns from day 13 that the
    /// 15-day limit is near.
    #[test]
    fn every_due_touch_is_listed_and_the_limit_is_announced() {
        let f = facts("2026-03-02");
        // day 4, nothing logged: the Day 1 email and the Day 3 call are both overdue
        let touches: Vec<i64> = agenda(&f, &[], d("2026-03-05"), 7, 15)
            .into_iter()
            .filter_map(|i| match i {
                Item::Touch { day, overdue, .. } => {
                    assert!(overdue);
                    Some(day)
                }
                _ => None,
            })
            .collect();
        assert_eq!(touches, [1, 3]);
        // a call logged early counts for the Day 3 call
        let items = agenda(&f, &[Touch::Call], d("2026-03-05"), 7, 15);
        assert_eq!(
            items
                .iter()
                .filter(|i| matches!(i, Item::Touch { .. }))
                .count(),
            1
        );
        let ages = |today: &str| agenda(&facts("2026-03-02"), &[], d(today), 7, 15);
        assert!(ages("2026-03-15").contains(&Item::NearLimit { days_left: 2 })); // age 13
        assert!(ages("2026-03-17").contains(&Item::NearLimit { days_left: 0 })); // age 15
        assert!(
            !ages("2026-03-14") // age 12
                .iter()
                .any(|i| matches!(i, Item::NearLimit { .. }))
        );
        assert!(
            !ages("2026-03-18") // age 16: past it
                .iter()
                .any(|i| matches!(i, Item::NearLimit { .. }))
        );
    }

    #[test]
    fn high_value_account_cases_have_no_limits_or_cadence() {
        let mut f = facts("2025-06-01");
        f.high_value_account = true;
        assert!(agenda(&f, &[], d("2026-03-02"), 7, 15).is_empty());
        let mut open = facts("2026-03-02");
        open.in_progress = false;
        open.picked_on = None;
        assert_eq!(
            agenda(&open, &[], d("2026-03-02"), 7, 15),
            vec![Item::NotStarted]
        );
    }
}
