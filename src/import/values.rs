//! Value parsers of SPEC §8. Each returns the value or what was expected, in words.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use crate::domain::money::Cents;

pub const MONEY: &str = "an amount like 12345.67, $12,345.67 or USD 12,345.67";
pub const BOOL: &str = "true/false, yes/no, y/n or 1/0";
pub const DATE: &str = "a date as YYYY-MM-DD or MM/DD/YYYY";
pub const DATETIME: &str =
    "a time as RFC 3339 (2026-03-02T14:00:00Z), YYYY-MM-DD HH:MM:SS (UTC) or YYYY-MM-DD";

/// Money in cents; `non_negative` refuses amounts below zero.
pub fn money(s: &str, non_negative: bool) -> Result<Cents, String> {
    match Cents::parse(s) {
        Some(c) if c.0.unsigned_abs() > Cents::MAX_INPUT.0.unsigned_abs() => {
            Err("an amount of at most $1,000,000,000,000 (the limit for money)".to_string())
        }
        Some(c) if non_negative && c.0 < 0 => Err("a non-negative amount".to_string()),
        Some(c) => Ok(c),
        None => Err(MONEY.to_string()),
    }
}

pub fn boolean(s: &str) -> Result<bool, String> {
    // The words ignoring ASCII case, as lower-casing a copy of `s` and matching did.
    let t = s.trim();
    let is = |words: &[&str]| words.iter().any(|w| t.eq_ignore_ascii_case(w));
    if is(&["true", "yes", "y", "1", "t"]) {
        Ok(true)
    } else if is(&["false", "no", "n", "0", "f"]) {
        Ok(false)
    } else {
        Err(BOOL.to_string())
    }
}

/// `YYYY-MM-DD` of ASCII digits read directly: `Some` of what chrono's ISO 8601 parser gives
/// for it (the date, or `None` for a day that does not exist); `None` for any other form.
fn iso_digits(s: &str) -> Option<Option<NaiveDate>> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |x: &[u8]| {
        x.iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let (y, m, d) = (num(&b[..4])?, num(&b[5..7])?, num(&b[8..])?);
    Some(NaiveDate::from_ymd_opt(y as i32, m, d))
}

pub fn date(s: &str) -> Result<NaiveDate, String> {
    let s = s.trim();
    if let Some(day) = iso_digits(s) {
        return day.ok_or_else(|| DATE.to_string());
    }
    let iso = s.len() == 10 && s.as_bytes()[4] == b'-';
    let parsed = if iso {
        s.parse::<NaiveDate>().ok() // chrono's fast ISO 8601 path
    } else {
        NaiveDate::parse_from_str(s, "%m/%d/%Y").ok()
    };
    parsed
        // chrono accepts 5-digit years and 1-digit fields; keep to the documented forms.
        .filter(|_| s.len() <= 10 && (s.len() == 10 || s.contains('/')))
        .ok_or_else(|| DATE.to_string())
}

pub fn datetime(s: &str) -> Result<DateTime<Utc>, String> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    for fmt in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, fmt) {
            return Ok(t.and_utc());
        }
    }
    date(s)
        .map(|d| d.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc())
        .map_err(|_| DATETIME.to_string())
}

/// A whole number; `non_negative` refuses negatives.
pub fn integer(s: &str, non_negative: bool) -> Result<i64, String> {
    let t = s.trim();
    // Thousands separators are dropped (a copy only when there are some).
    let parsed = if t.contains(',') {
        t.replace(',', "").parse::<i64>()
    } else {
        t.parse::<i64>()
    };
    match parsed {
        Ok(v) if non_negative && v < 0 => Err("a whole number of 0 or more".to_string()),
        Ok(v) => Ok(v),
        Err(_) if non_negative => Err("a whole number of 0 or more".to_string()),
        Err(_) => Err("a whole number".to_string()),
    }
}

/// A PTE / PTC score: 1 to 5 (a `4.0` from a spreadsheet is accepted).
pub fn score(s: &str) -> Result<u8, String> {
    let t = s.trim();
    let t = t.strip_suffix(".0").unwrap_or(t);
    match t.parse::<u8>() {
        Ok(v @ 1..=5) => Ok(v),
        _ => Err("a score from 1 to 5".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn booleans() {
        for t in ["true", "TRUE", "yes", "Y", "1"] {
            assert_eq!(boolean(t), Ok(true), "{t}");
        }
        for f in ["false", "No", "n", "0"] {
            assert_eq!(boolean(f), Ok(false), "{f}");
        }
        assert!(boolean("maybe").is_err());
        assert!(boolean("2").is_err());
    }

    #[test]
    fn dates() {
        let want: NaiveDate = "2026-03-02".parse().unwrap();
        assert_eq!(date("2026-03-02"), Ok(want));
        assert_eq!(date("03/02/2026"), Ok(want));
        assert_eq!(date("3/2/2026"), Ok(want));
        for bad in [
            "2026-02-30",
            "02.03.2026",
            "2026/03/02",
            "tomorrow",
            "13/01/2026",
            "20260302",
        ] {
            assert!(date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn datetimes() {
        let t = datetime("2026-03-02T14:00:00Z").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-03-02T14:00:00+00:00");
        assert_eq!(datetime("2026-03-02T15:00:00+01:00").unwrap(), t);
        assert_eq!(datetime("2026-03-02 14:00:00").unwrap(), t);
        assert_eq!(
            datetime("2026-03-02").unwrap().to_rfc3339(),
            "2026-03-02T00:00:00+00:00"
        );
        assert!(datetime("yesterday").is_err());
    }

    #[test]
    fn integers_and_scores() {
        assert_eq!(integer("42", true), Ok(42));
        assert_eq!(integer("1,200", true), Ok(1200));
        assert!(integer("-1", true).is_err());
        assert_eq!(integer("-1", false), Ok(-1));
        assert!(integer("4.5", true).is_err());
        assert_eq!(score("5"), Ok(5));
        assert_eq!(score("4.0"), Ok(4));
        assert!(score("0").is_err());
        assert!(score("6").is_err());
    }

    /// The parsers before the allocation-free forms (issue #16, branch pgcopy): the new ones
    /// must give the same answer for every input.
    fn old_boolean(s: &str) -> Result<bool, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "y" | "1" | "t" => Ok(true),
            "false" | "no" | "n" | "0" | "f" => Ok(false),
            _ => Err(BOOL.to_string()),
        }
    }

    fn old_date(s: &str) -> Result<NaiveDate, String> {
        let s = s.trim();
        let iso = s.len() == 10 && s.as_bytes()[4] == b'-';
        let parsed = if iso {
            s.parse::<NaiveDate>().ok()
        } else {
            NaiveDate::parse_from_str(s, "%m/%d/%Y").ok()
        };
        parsed
            .filter(|_| s.len() <= 10 && (s.len() == 10 || s.contains('/')))
            .ok_or_else(|| DATE.to_string())
    }

    fn old_integer(s: &str, non_negative: bool) -> Result<i64, String> {
        let t = s.trim().replace(',', "");
        match t.parse::<i64>() {
            Ok(v) if non_negative && v < 0 => Err("a whole number of 0 or more".to_string()),
            Ok(v) => Ok(v),
            Err(_) if non_negative => Err("a whole number of 0 or more".to_string()),
            Err(_) => Err("a whole number".to_string()),
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2048))]

        #[test]
        fn dates_read_directly_as_chrono_reads_them(
            s in "[ ]?([0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9+-]{1,5}-[0-9]{1,3}-[0-9]{1,3}|[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,5}|[0-9a-z/ +-]{0,12})[ ]?"
        ) {
            proptest::prop_assert_eq!(date(&s), old_date(&s));
        }

        #[test]
        fn dates_of_every_day_read_directly(days in -1_000_000i64..4_000_000) {
            let d = NaiveDate::from_ymd_opt(0, 1, 1).unwrap() + chrono::Duration::days(days);
            let s = d.to_string();
            proptest::prop_assert_eq!(date(&s), old_date(&s));
        }

        #[test]
        fn booleans_without_a_copy_as_with_one(s in "[ ]?(true|yes|y|1|t|false|no|n|0|f|[a-zA-Z0-9\u{130}\u{212a}]{0,6})[ ]?") {
            let mixed: String = s.chars().enumerate().map(|(i, c)| if i % 2 == 0 { c.to_ascii_uppercase() } else { c }).collect();
            proptest::prop_assert_eq!(boolean(&s), old_boolean(&s));
            proptest::prop_assert_eq!(boolean(&mixed), old_boolean(&mixed));
        }

        #[test]
        fn integers_without_a_copy_as_with_one(s in "[ ]?[+-]?[0-9,]{0,22}[ .a]?", non_negative: bool) {
            proptest::prop_assert_eq!(integer(&s, non_negative), old_integer(&s, non_negative));
        }
    }

    #[test]
    fn money_sign() {
        assert!(money("-1.00", true).is_err());
        assert_eq!(money("-1.00", false), Ok(Cents(-100)));
        assert_eq!(money("$1,000", true), Ok(Cents(100_000)));
        assert_eq!(
            money("1000000000000.00", true),
            Ok(Cents::MAX_INPUT),
            "the limit itself is accepted"
        );
        assert!(
            money("1000000000000.01", true)
                .unwrap_err()
                .contains("1,000,000,000,000")
        );
        assert!(money("-1000000000000.01", false).is_err());
        assert_eq!(money("1.234", true), Err(MONEY.to_string()));
    }
}
