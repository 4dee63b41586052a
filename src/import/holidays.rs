//! Holiday files (SPEC §11.4, `smb calendar import REGION FILE`): an iCalendar file (`.ics`,
//! read by the `icalendar` crate) or a CSV file with the columns `date` and, optionally,
//! `name`. All or nothing: the first problem stops the import, naming the file, the line and
//! what was expected.

use chrono::NaiveDate;
use icalendar::{Calendar, CalendarComponent, Component, DatePerhapsTime};

use super::values;
use crate::Error;
use crate::domain::holidays::Holiday;
use crate::domain::model::Region;

/// Days one iCalendar event may cover (a holiday file listing a whole year as one event is
/// not a holiday file).
const MAX_EVENT_DAYS: i64 = 31;

/// Whether `name` and `text` look like an iCalendar file: an `.ics` name, or a text that
/// starts with `BEGIN:VCALENDAR`.
pub fn is_ics(name: &str, text: &str) -> bool {
    name.to_ascii_lowercase().ends_with(".ics")
        || text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .to_ascii_uppercase()
            .starts_with("BEGIN:VCALENDAR")
}

/// The holidays of `region` in a holiday file named `name` (for messages) holding `text`.
pub fn parse(name: &str, region: Region, text: &str) -> Result<Vec<Holiday>, Error> {
    if let Some(i) = text.find('\0') {
        let line = text[..i].matches('\n').count() + 1;
        return Err(Error::invalid(format!(
            "{name}:{line}: a NUL byte: expected a text file (iCalendar or CSV)"
        )));
    }
    if is_ics(name, text) {
        parse_ics(name, region, text)
    } else {
        parse_csv(name, region, text)
    }
}

/// An iCalendar file: each VEVENT's all-day DTSTART (to its DTEND, exclusive, when given) is a
/// holiday named by its SUMMARY. Recurring events are refused: a holiday file lists its days.
pub fn parse_ics(name: &str, region: Region, text: &str) -> Result<Vec<Holiday>, Error> {
    let text = text.trim_start_matches('\u{feff}');
    let unfolded = icalendar::parser::unfold(text);
    // Line numbers of the events in the file as written (for messages about one event).
    let event_lines: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim().eq_ignore_ascii_case("BEGIN:VEVENT"))
        .map(|(i, _)| i + 1)
        .collect();
    let parsed = icalendar::parser::read_calendar(&unfolded).map_err(|e| {
        Error::invalid(format!(
            "{name}: not an iCalendar file the calendar can read: {}; expected BEGIN:VCALENDAR, \
             VEVENTs with DTSTART;VALUE=DATE:YYYYMMDD and SUMMARY, END:VCALENDAR",
            first_line(&e)
        ))
    })?;
    let calendar: Calendar = parsed.into();
    let mut out = Vec::new();
    let mut n = 0;
    for component in &calendar.components {
        let CalendarComponent::Event(event) = component else {
            continue;
        };
        let line = event_lines.get(n).copied().unwrap_or(0);
        n += 1;
        let at = |what: String| Error::invalid(format!("{name}:{line}: event {what}"));
        let summary = event.get_summary().map(|s| s.trim().to_string());
        let shown = summary.as_deref().unwrap_or("without SUMMARY");
        if event.property_value("RRULE").is_some() {
            return Err(at(format!(
                "{shown:?} repeats (RRULE): expected one event per holiday, each with its own date"
            )));
        }
        let day = |p: Option<DatePerhapsTime>, key: &str| match p {
            Some(DatePerhapsTime::Date(d)) => Ok(Some(d)),
            Some(DatePerhapsTime::DateTime(_)) => Err(at(format!(
                "{shown:?} has a {key} with a time: expected an all-day date ({key};VALUE=DATE:YYYYMMDD)"
            ))),
            None => Ok(None),
        };
        let Some(start) = day(event.get_start(), "DTSTART")? else {
            return Err(at(format!(
                "{shown:?} has no DTSTART: expected DTSTART;VALUE=DATE:YYYYMMDD"
            )));
        };
        let end = day(event.get_end(), "DTEND")?.unwrap_or(start + chrono::Days::new(1));
        let days = (end - start).num_days();
        if !(1..=MAX_EVENT_DAYS).contains(&days) {
            return Err(at(format!(
                "{shown:?} runs from {start} to {end}: expected DTEND after DTSTART, at most {MAX_EVENT_DAYS} days later"
            )));
        }
        for d in start.iter_days().take(days as usize) {
            out.push(Holiday {
                region,
                day: d,
                name: summary.clone().filter(|s| !s.is_empty()),
            });
        }
    }
    if n == 0 {
        return Err(Error::invalid(format!(
            "{name}: no VEVENT in the calendar: expected one event per holiday"
        )));
    }
    Ok(out)
}

fn first_line(s: &str) -> &str {
    s.lines().find(|l| !l.trim().is_empty()).unwrap_or(s).trim()
}

/// A CSV file with a header row: `date` (YYYY-MM-DD or MM/DD/YYYY) and, optionally, `name`.
pub fn parse_csv(name: &str, region: Region, text: &str) -> Result<Vec<Holiday>, Error> {
    let mut r = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let csv_err = |e: csv::Error| {
        let line = e.position().map_or(0, |p| p.line());
        Error::invalid(format!(
            "{name}:{line}: {e}: expected CSV with the columns date,name"
        ))
    };
    let header = r.headers().map_err(csv_err)?.clone();
    let col = |want: &str| {
        header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(want))
    };
    let Some(date_col) = col("date") else {
        return Err(Error::invalid(format!(
            "{name}:1: no date column in the header {:?}: expected a header row date,name (or an iCalendar .ics file)",
            header.iter().collect::<Vec<_>>().join(",")
        )));
    };
    let name_col = col("name");
    let mut out = Vec::new();
    for row in r.records() {
        let row = row.map_err(csv_err)?;
        let line = row.position().map_or(0, |p| p.line());
        let raw = row.get(date_col).unwrap_or_default();
        let day: NaiveDate = values::date(raw).map_err(|expected| {
            Error::invalid(format!("{name}:{line}: date {raw:?}: expected {expected}"))
        })?;
        let holiday_name = name_col
            .and_then(|i| row.get(i))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        out.push(Holiday {
            region,
            day,
            name: holiday_name,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ICS: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTART;VALUE=DATE:20261126\r\nDTEND;VALUE=DATE:20261128\r\nSUMMARY:Thanksgiving\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:2\r\nDTSTART;VALUE=DATE:20261225\r\nSUMMARY:Christmas Day\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    #[test]
    fn an_ics_file_gives_each_day_of_each_event() {
        let h = parse("us.ics", Region::Amer, ICS).unwrap();
        let days: Vec<String> = h.iter().map(|h| h.day.to_string()).collect();
        assert_eq!(days, ["2026-11-26", "2026-11-27", "2026-12-25"]);
        assert_eq!(h[2].name.as_deref(), Some("Christmas Day"));
    }

    #[test]
    fn a_timed_or_recurring_event_is_refused_with_its_line() {
        let timed = ICS.replace("DTSTART;VALUE=DATE:20261225", "DTSTART:20261225T090000Z");
        let e = parse("us.ics", Region::Amer, &timed)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("us.ics:10: event \"Christmas Day\""), "{e}");
        assert!(e.contains("all-day date"), "{e}");
        let rec = ICS.replace(
            "SUMMARY:Thanksgiving",
            "SUMMARY:Thanksgiving\r\nRRULE:FREQ=YEARLY",
        );
        let e = parse("us.ics", Region::Amer, &rec).unwrap_err().to_string();
        assert!(e.starts_with("us.ics:4:") && e.contains("RRULE"), "{e}");
    }

    #[test]
    fn a_broken_ics_file_is_refused() {
        let e = parse("x.ics", Region::Amer, "BEGIN:VCALENDAR\nthis is not ical\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("x.ics:"), "{e}");
    }

    #[test]
    fn a_csv_file_names_the_line_of_a_bad_date() {
        let h = parse(
            "h.csv",
            Region::Emea,
            "date,name\n2026-12-25,Christmas Day\n12/26/2026,\n",
        )
        .unwrap();
        assert_eq!(h.len(), 2);
        assert_eq!(h[1].name, None);
        let e = parse(
            "h.csv",
            Region::Emea,
            "date,name\n2026-12-25,X\n2026-13-01,Y\n",
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.starts_with("h.csv:3: date \"2026-13-01\": expected"),
            "{e}"
        );
        let e = parse("h.csv", Region::Emea, "day,name\n2026-12-25,X\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("no date column"), "{e}");
    }
}
