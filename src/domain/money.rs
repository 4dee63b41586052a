//! Money is integer cents everywhere (SPEC §1.3); never floating point.

use std::fmt;

/// An amount of US dollars in integer cents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Cents(pub i64);

impl Cents {
    /// The largest amount accepted from input: $1,000,000,000,000 (SPEC §8). Sums of such
    /// amounts add with [`Cents::saturating_add`], so they never wrap around.
    pub const MAX_INPUT: Cents = Cents(100_000_000_000_000);

    /// `self + other`, held at the largest (or smallest) amount instead of overflowing.
    pub fn saturating_add(self, other: Cents) -> Cents {
        Cents(self.0.saturating_add(other.0))
    }

    /// Whole dollars.
    pub const fn dollars(d: i64) -> Self {
        Cents(d * 100)
    }

    /// Parses `12345.67`, `$12,345.67`, `USD 12,345.67` (and a leading `-`). Thousands
    /// separators must group by three; at most two decimal places.
    pub fn parse(text: &str) -> Option<Cents> {
        let mut s = text.trim();
        let mut negative = false;
        if let Some(rest) = s.strip_prefix('-') {
            negative = true;
            s = rest.trim_start();
        }
        if let Some(rest) = s
            .strip_prefix("USD")
            .or_else(|| s.strip_prefix("usd"))
            .or_else(|| s.strip_prefix("US$"))
        {
            s = rest.trim_start();
        }
        if let Some(rest) = s.strip_prefix('$') {
            s = rest.trim_start();
        }
        if !negative && let Some(rest) = s.strip_prefix('-') {
            negative = true;
            s = rest;
        }
        let (whole, frac) = match s.split_once('.') {
            Some((w, f)) => (w, Some(f)),
            None => (s, None),
        };
        if whole.is_empty() && frac.is_none_or(str::is_empty) {
            return None;
        }
        let whole_digits = strip_grouping(whole)?;
        let mut cents: i64 = 0;
        for b in whole_digits.bytes() {
            cents = cents.checked_mul(10)?.checked_add(i64::from(b - b'0'))?;
        }
        cents = cents.checked_mul(100)?;
        if let Some(f) = frac {
            if f.len() > 2 || !f.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let mut v = 0i64;
            for b in f.bytes() {
                v = v * 10 + i64::from(b - b'0');
            }
            if f.len() == 1 {
                v *= 10;
            }
            cents = cents.checked_add(v)?;
        }
        Some(Cents(if negative { -cents } else { cents }))
    }

    /// `7000.01`: the decimal string of SPEC §7.3 (JSON, CSV).
    pub fn decimal(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

impl Cents {
    /// `$30,000` for whole dollars, `$7,000.01` otherwise: thresholds in reasons.
    pub fn short(self) -> String {
        let full = self.to_string();
        match full.strip_suffix(".00") {
            Some(whole) => whole.to_string(),
            None => full,
        }
    }
}

/// Digits of the whole part, with `,` thousands separators checked and removed.
fn strip_grouping(whole: &str) -> Option<String> {
    if whole.is_empty() {
        return Some(String::new());
    }
    if !whole.contains(',') {
        return whole
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| whole.to_string());
    }
    let groups: Vec<&str> = whole.split(',').collect();
    let first_ok = (1..=3).contains(&groups[0].len());
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
    let digits_ok = groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()));
    (first_ok && rest_ok && digits_ok).then(|| groups.concat())
}

/// `$7,000.01`: the human form used in tables and reasons.
impl fmt::Display for Cents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let whole = (abs / 100).to_string();
        let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        write!(f, "{sign}${grouped}.{:02}", abs % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_documented_form() {
        assert_eq!(Cents::parse("12345.67"), Some(Cents(1_234_567)));
        assert_eq!(Cents::parse("$12,345.67"), Some(Cents(1_234_567)));
        assert_eq!(Cents::parse("USD 12,345.67"), Some(Cents(1_234_567)));
        assert_eq!(Cents::parse("7000"), Some(Cents(700_000)));
        assert_eq!(Cents::parse("7000.1"), Some(Cents(700_010)));
        assert_eq!(Cents::parse(" 0.01 "), Some(Cents(1)));
        assert_eq!(Cents::parse(".5"), Some(Cents(50)));
        assert_eq!(Cents::parse("-5.00"), Some(Cents(-500)));
        assert_eq!(Cents::parse("$-5"), Some(Cents(-500)));
        assert_eq!(Cents::parse("1,000,000"), Some(Cents(100_000_000)));
        // A trailing point is a common spreadsheet artefact: whole dollars.
        assert_eq!(Cents::parse("7000."), Some(Cents(700_000)));
    }

    #[test]
    fn rejects_malformed_amounts() {
        for bad in [
            "", "abc", "12.345", "1,00", "12,34x", "1.2.3", "$", "USD", "1e5", "--1", "12 345",
            "1,0000", ",100",
        ] {
            assert_eq!(Cents::parse(bad), None, "{bad:?} should be rejected");
        }
    }

    #[test]
    fn rejects_overflow() {
        assert_eq!(Cents::parse("99999999999999999999"), None);
    }

    #[test]
    fn formats_decimal_and_display() {
        assert_eq!(Cents(700_001).decimal(), "7000.01");
        assert_eq!(Cents(5).decimal(), "0.05");
        assert_eq!(Cents(-150).decimal(), "-1.50");
        assert_eq!(Cents(3_120_000).to_string(), "$31,200.00");
        assert_eq!(Cents(100_000_000).to_string(), "$1,000,000.00");
        assert_eq!(Cents(99).to_string(), "$0.99");
        assert_eq!(Cents(3_000_000).short(), "$30,000");
        assert_eq!(Cents(700_001).short(), "$7,000.01");
    }

    proptest::proptest! {
        #[test]
        fn decimal_round_trips(c in -10_000_000_000i64..10_000_000_000i64) {
            proptest::prop_assert_eq!(Cents::parse(&Cents(c).decimal()), Some(Cents(c)));
            proptest::prop_assert_eq!(Cents::parse(&Cents(c).to_string()), Some(Cents(c)));
        }
    }
}
