//! The fiscal calendar (SPEC §1.4): the year starts on the first of a configurable month
//! (February by default) and is named by the calendar year it ends in: FY25 runs
//! 2024-02-01 to 2025-01-31. Quarters start every three months from the year's start.

use chrono::{Datelike, NaiveDate};

/// A fiscal calendar: the month (1–12) its year starts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FiscalCalendar {
    pub start_month: u32,
}

impl Default for FiscalCalendar {
    fn default() -> Self {
        FiscalCalendar { start_month: 2 }
    }
}

impl FiscalCalendar {
    /// A calendar whose year starts in `start_month` (1–12).
    pub fn new(start_month: u32) -> Option<Self> {
        (1..=12)
            .contains(&start_month)
            .then_some(FiscalCalendar { start_month })
    }

    /// First day of the fiscal year containing `day`.
    pub fn year_start(&self, day: NaiveDate) -> NaiveDate {
        let year = if day.month() >= self.start_month {
            day.year()
        } else {
            day.year() - 1
        };
        first_of(year, self.start_month)
    }

    /// First day of the next fiscal year after the one containing `day`.
    pub fn next_year_start(&self, day: NaiveDate) -> NaiveDate {
        add_months(self.year_start(day), 12)
    }

    /// The fiscal year's number: the calendar year its last day falls in (FY25 ends in 2025).
    pub fn year_number(&self, day: NaiveDate) -> i32 {
        let start = self.year_start(day);
        if self.start_month == 1 {
            start.year()
        } else {
            start.year() + 1
        }
    }

    /// `FY25`-style label of the fiscal year containing `day`.
    pub fn year_label(&self, day: NaiveDate) -> String {
        format!("FY{:02}", self.year_number(day).rem_euclid(100))
    }

    /// First day of the fiscal quarter containing `day`.
    pub fn quarter_start(&self, day: NaiveDate) -> NaiveDate {
        let start = self.year_start(day);
        let months = months_between(start, day);
        add_months(start, months / 3 * 3)
    }

    /// First day of the fiscal quarter after the one containing `day`.
    pub fn next_quarter_start(&self, day: NaiveDate) -> NaiveDate {
        add_months(self.quarter_start(day), 3)
    }

    /// `Q1`–`Q4` of `day` within its fiscal year.
    pub fn quarter_number(&self, day: NaiveDate) -> u32 {
        months_between(self.year_start(day), day) / 3 + 1
    }
}

fn first_of(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, 1).expect("month is 1-12")
}

/// Whole months from the first-of-month `start` to `day` (same or later).
fn months_between(start: NaiveDate, day: NaiveDate) -> u32 {
    let m = (day.year() - start.year()) * 12 + day.month() as i32 - start.month() as i32;
    m.max(0) as u32
}

fn add_months(first: NaiveDate, months: u32) -> NaiveDate {
    let total = first.year() * 12 + first.month0() as i32 + months as i32;
    first_of(total.div_euclid(12), total.rem_euclid(12) as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn fy25_runs_february_to_january() {
        let cal = FiscalCalendar::default();
        assert_eq!(cal.year_start(d("2024-02-01")), d("2024-02-01"));
        assert_eq!(cal.year_start(d("2025-01-31")), d("2024-02-01"));
        assert_eq!(cal.year_label(d("2024-02-01")), "FY25");
        assert_eq!(cal.year_label(d("2025-01-31")), "FY25");
        assert_eq!(cal.year_label(d("2025-02-01")), "FY26");
        assert_eq!(cal.next_year_start(d("2024-07-15")), d("2025-02-01"));
    }

    #[test]
    fn quarters_start_feb_may_aug_nov() {
        let cal = FiscalCalendar::default();
        assert_eq!(cal.quarter_start(d("2024-04-30")), d("2024-02-01"));
        assert_eq!(cal.quarter_start(d("2024-05-01")), d("2024-05-01"));
        assert_eq!(cal.quarter_start(d("2024-10-31")), d("2024-08-01"));
        assert_eq!(cal.quarter_start(d("2025-01-15")), d("2024-11-01"));
        assert_eq!(cal.next_quarter_start(d("2025-01-15")), d("2025-02-01"));
        assert_eq!(cal.next_quarter_start(d("2026-03-02")), d("2026-05-01"));
        assert_eq!(cal.quarter_number(d("2025-01-15")), 4);
        assert_eq!(cal.quarter_number(d("2024-02-01")), 1);
    }

    #[test]
    fn calendar_year_fiscal_calendar() {
        let cal = FiscalCalendar::new(1).unwrap();
        assert_eq!(cal.year_label(d("2025-06-01")), "FY25");
        assert_eq!(cal.quarter_start(d("2025-06-01")), d("2025-04-01"));
        assert!(FiscalCalendar::new(0).is_none());
        assert!(FiscalCalendar::new(13).is_none());
    }

    proptest::proptest! {
        #[test]
        fn quarter_contains_day(days in 0i64..40_000, month in 1u32..=12) {
            let cal = FiscalCalendar::new(month).unwrap();
            let day = d("1990-01-01") + chrono::Days::new(days as u64);
            let q = cal.quarter_start(day);
            proptest::prop_assert!(q <= day && day < cal.next_quarter_start(day));
            proptest::prop_assert!(cal.year_start(day) <= q);
            proptest::prop_assert!(day < cal.next_year_start(day));
        }
    }
}
