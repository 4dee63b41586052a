//! Rendering in one place: every command builds a [`Table`] and a JSON value, and the global
//! `--format` picks one (SPEC §7.3 fixes the JSON shapes).

use std::borrow::Cow;
use std::io::{self, Write};

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, Color, ContentArrangement, Table as Comfy};
use serde_json::{Value, json};

use crate::domain::case::{Case, HistoryEntry};

/// Output format of `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Table,
    Json,
    Csv,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "table" => Some(Format::Table),
            "json" => Some(Format::Json),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }
}

/// Rows of text under headers; cells may be marked to stand out (red on a terminal).
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// (row, column) cells to highlight.
    pub marked: Vec<(usize, usize)>,
}

impl Table {
    pub fn new(headers: &[&str]) -> Self {
        Table {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
            marked: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }

    pub fn mark(&mut self, col: usize) {
        if let Some(r) = self.rows.len().checked_sub(1) {
            self.marked.push((r, col));
        }
    }
}

/// Writes `table` as a terminal table (`color`: highlight marked cells).
pub fn write_table(out: &mut dyn Write, table: &Table, color: bool) -> io::Result<()> {
    let mut t = Comfy::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled);
    if !color {
        t.force_no_tty();
    }
    t.set_header(
        table
            .headers
            .iter()
            .map(|h| Cell::new(escape_for_terminal(h))),
    );
    for (ri, row) in table.rows.iter().enumerate() {
        t.add_row(row.iter().enumerate().map(|(ci, c)| {
            let cell = Cell::new(escape_for_terminal(c));
            if color && table.marked.contains(&(ri, ci)) {
                cell.fg(Color::Red)
            } else {
                cell
            }
        }));
    }
    writeln!(out, "{t}")
}

/// Writes `table` as CSV with a header row.
pub fn write_csv(out: &mut dyn Write, table: &Table) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(&table.headers).map_err(csv_io)?;
    for row in &table.rows {
        w.write_record(row).map_err(csv_io)?;
    }
    w.flush()
}

fn csv_io(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// Writes pretty JSON and a newline. An I/O error keeps its kind (a closed pipe is not an
/// error: SPEC §7.1, `smb --format json tier | head -1`).
pub fn write_json(out: &mut dyn Write, value: &Value) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(io::Error::from)?;
    writeln!(out)
}

/// Text for a terminal (SPEC §9, data is shown as data): control characters other than a
/// newline (escape sequences, carriage returns, tabs, DEL, C1 controls) and the Unicode bidi
/// overrides are written as `\u{1b}`-style escapes, so an account name or an email subject
/// cannot move the cursor, clear or retitle the terminal, or reorder the text around it. JSON
/// and CSV never go through this: they keep values exactly.
pub fn escape_for_terminal(text: &str) -> Cow<'_, str> {
    fn unsafe_char(c: char) -> bool {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    }
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if unsafe_char(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn opt<T: ToString>(v: &Option<T>) -> Value {
    v.as_ref()
        .map_or(Value::Null, |v| Value::String(v.to_string()))
}

fn time(t: &Option<chrono::DateTime<chrono::Utc>>) -> Value {
    t.map_or(Value::Null, |t| Value::String(rfc3339(t)))
}

/// RFC 3339 in UTC with whole seconds: `2026-03-02T14:00:00Z`.
pub fn rfc3339(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The case object of SPEC §7.3: every field of §2.1.
pub fn case_json(c: &Case) -> Value {
    json!({
        "id": c.id,
        "account_id": opt(&c.account_id),
        "contact_id": opt(&c.contact_id),
        "opportunity_id": opt(&c.opportunity_id),
        "trigger": c.trigger,
        "category": c.category.as_str(),
        "subject": c.subject,
        "description": c.description,
        "priority": c.priority.as_str(),
        "status": c.status.as_str(),
        "owner": opt(&c.owner),
        "queue": opt(&c.queue),
        "origin": c.origin.as_str(),
        "case_reason": opt(&c.case_reason),
        "resolution_action": opt(&c.resolution_action),
        "next_steps": opt(&c.next_steps),
        "next_steps_date": opt(&c.next_steps_date),
        "feedback": opt(&c.feedback),
        "web_email": opt(&c.web_email),
        "type": opt(&c.case_type),
        "created_at": rfc3339(c.created_at),
        "created_by": c.created_by,
        "queued_at": time(&c.queued_at),
        "picked_at": time(&c.picked_at),
        "first_response_at": time(&c.first_response_at),
        "closed_at": time(&c.closed_at),
    })
}

/// A history entry as JSON.
pub fn history_json(h: &HistoryEntry) -> Value {
    json!({
        "at": rfc3339(h.at),
        "actor": h.actor,
        "action": h.action,
        "field": opt(&h.field),
        "before": opt(&h.before),
        "after": opt(&h.after),
        "note": opt(&h.note),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_for_terminal_escapes_controls_and_keeps_text() {
        assert_eq!(
            escape_for_terminal("Acme GmbH 🚀\nline two"),
            "Acme GmbH 🚀\nline two"
        );
        assert_eq!(
            escape_for_terminal("\u{1b}]0;pwned\u{7}\u{1b}[2J x"),
            "\\u{1b}]0;pwned\\u{7}\\u{1b}[2J x"
        );
        assert_eq!(escape_for_terminal("a\tb\rc\u{9b}d"), "a\\tb\\rc\\u{9b}d");
        assert_eq!(escape_for_terminal("\u{202e}abc"), "\\u{202e}abc");
    }

    #[test]
    fn a_table_never_carries_an_escape_character() {
        let mut t = Table::new(&["name"]);
        t.push(vec!["\u{1b}[2J\u{1b}]0;title\u{7}Evil".to_string()]);
        let mut out = Vec::new();
        write_table(&mut out, &t, false).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{text:?}"
        );
        assert!(text.contains("\\u{1b}[2J"), "{text}");
    }

    #[test]
    fn json_write_errors_keep_their_kind() {
        struct Closed;
        impl Write for Closed {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let err = write_json(&mut Closed, &json!([1, 2, 3])).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::BrokenPipe);
    }
}
