//! Dates people type on flags: `2026-03-16`, `today`, `tomorrow`, `+3d`, `+2w`, `+6m`, a
//! weekday name (the next such day). `03/09/2026` is refused: it is 9 March in one country and
//! 3 September in another (import files keep accepting `MM/DD/YYYY`, where exports use it).

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

/// What a flag's date may look like, for error messages.
pub const FORMS: &str = "YYYY-MM-DD, today, tomorrow, yesterday, +3d, +2w, +6m (days, weeks, months; -3d back) or a weekday name";

/// The date `s` means, seen from `today` (the person's local day). The error says why.
pub fn parse(s: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let t = s.trim().to_ascii_lowercase();
    if t.is_empty() {
        return Err(format!("expected a date: {FORMS}"));
    }
    if t.contains('/') {
        return Err(format!(
            "{s:?} is ambiguous (month/day or day/month?): write it as YYYY-MM-DD, e.g. {}",
            today.format("%Y-%m-%d")
        ));
    }
    match t.as_str() {
        "today" => return Ok(today),
        "tomorrow" => return Ok(today + Days::new(1)),
        "yesterday" => return Ok(today - Days::new(1)),
        _ => {}
    }
    if let Some(day) = weekday(&t) {
        let ahead = (7 + day.num_days_from_monday() - today.weekday().num_days_from_monday()) % 7;
        let ahead = if ahead == 0 { 7 } else { ahead };
        return Ok(today + Days::new(u64::from(ahead)));
    }
    if let Some(sign) = t.chars().next().filter(|c| *c == '+' || *c == '-') {
        let body = &t[1..];
        let unit = body.chars().last().unwrap_or(' ');
        let n: u32 = body[..body.len().saturating_sub(1)]
            .parse()
            .map_err(|_| format!("{s:?}: expected {FORMS}"))?;
        let forward = sign == '+';
        let moved = match unit {
            'd' => shift_days(today, u64::from(n), forward),
            'w' => shift_days(today, u64::from(n) * 7, forward),
            'm' if forward => today.checked_add_months(Months::new(n)),
            'm' => today.checked_sub_months(Months::new(n)),
            _ => return Err(format!("{s:?}: expected {FORMS}")),
        };
        return moved.ok_or_else(|| format!("{s:?} is out of range"));
    }
    NaiveDate::parse_from_str(&t, "%Y-%m-%d")
        .ok()
        .filter(|_| t.len() == 10)
        .ok_or_else(|| format!("{s:?}: expected {FORMS}"))
}

fn shift_days(d: NaiveDate, n: u64, forward: bool) -> Option<NaiveDate> {
    if forward {
        d.checked_add_days(Days::new(n))
    } else {
        d.checked_sub_days(Days::new(n))
    }
}

fn weekday(s: &str) -> Option<Weekday> {
    let all = [
        ("monday", Weekday::Mon),
        ("tuesday", Weekday::Tue),
        ("wednesday", Weekday::Wed),
        ("thursday", Weekday::Thu),
        ("friday", Weekday::Fri),
        ("saturday", Weekday::Sat),
        ("sunday", Weekday::Sun),
    ];
    all.iter()
        .find(|(name, _)| s == *name || (s.len() >= 3 && name.starts_with(s)))
        .map(|(_, d)| *d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    // Monday 2 March 2026
    const TODAY: &str = "2026-03-02";

    #[test]
    fn words_and_offsets_count_from_today() {
        let today = d(TODAY);
        assert_eq!(parse("today", today), Ok(today));
        assert_eq!(parse("Tomorrow", today), Ok(d("2026-03-03")));
        assert_eq!(parse("yesterday", today), Ok(d("2026-03-01")));
        assert_eq!(parse("+3d", today), Ok(d("2026-03-05")));
        assert_eq!(parse("+2w", today), Ok(d("2026-03-16")));
        assert_eq!(parse("+6m", today), Ok(d("2026-09-02")));
        assert_eq!(parse("-1m", today), Ok(d("2026-02-02")));
        assert_eq!(parse("+0d", today), Ok(today));
        // a month on from 31 January is the last day of February
        assert_eq!(parse("+1m", d("2026-01-31")), Ok(d("2026-02-28")));
        assert_eq!(parse("2026-03-16", today), Ok(d("2026-03-16")));
    }

    #[test]
    fn a_weekday_is_the_next_such_day_never_today() {
        let today = d(TODAY); // a Monday
        assert_eq!(parse("tuesday", today), Ok(d("2026-03-03")));
        assert_eq!(parse("fri", today), Ok(d("2026-03-06")));
        assert_eq!(parse("monday", today), Ok(d("2026-03-09")));
        assert_eq!(parse("sunday", today), Ok(d("2026-03-08")));
    }

    #[test]
    fn month_day_year_is_refused_as_ambiguous() {
        let err = parse("09/03/2026", d(TODAY)).unwrap_err();
        assert!(
            err.contains("ambiguous") && err.contains("YYYY-MM-DD"),
            "{err}"
        );
        for bad in [
            "",
            "next week",
            "+3x",
            "+d",
            "2026-3-2",
            "2026-02-30",
            "mo",
            "+-3d",
        ] {
            assert!(parse(bad, d(TODAY)).is_err(), "{bad:?}");
        }
    }
}
