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
    /// One JSON value per line: a list prints one object per line.
    Jsonl,
    Csv,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "table" => Some(Format::Table),
            "json" => Some(Format::Json),
            "jsonl" => Some(Format::Jsonl),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }

    /// JSON or JSON lines.
    pub fn is_json(self) -> bool {
        matches!(self, Format::Json | Format::Jsonl)
    }
}

/// Rows of text under headers; cells may be marked to stand out.
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

    /// Keeps the first `n` rows (and their marks).
    pub fn truncate(&mut self, n: usize) {
        self.rows.truncate(n);
        self.marked.retain(|(r, _)| *r < n);
    }
}

/// How a terminal table is drawn.
#[derive(Debug, Clone, Copy, Default)]
pub struct TableStyle {
    /// Wrap long cells so that no line is wider than this (a terminal's width); `None`: no
    /// limit (output that is not a terminal).
    pub width: Option<u16>,
    /// Colour the marked cells.
    pub color: bool,
}

/// Writes `table` as a terminal table. A marked cell starts with `!` so that colour never
/// carries the meaning alone; with `style.color` it is also red.
pub fn write_table(out: &mut dyn Write, table: &Table, style: TableStyle) -> io::Result<()> {
    let mut t = Comfy::new();
    t.load_style(UTF8_FULL_CONDENSED);
    // We decide about colour and width ourselves: comfy-table's own terminal detection
    // would look at stdout even when writing elsewhere.
    t.force_no_tty();
    if style.color {
        t.enforce_styling();
    }
    match style.width {
        Some(w) => {
            t.set_content_arrangement(ContentArrangement::Dynamic)
                .set_width(w);
        }
        None => {
            t.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    t.set_header(
        table
            .headers
            .iter()
            .map(|h| Cell::new(escape_for_terminal(h))),
    );
    for (ri, row) in table.rows.iter().enumerate() {
        t.add_row(row.iter().enumerate().map(|(ci, c)| {
            let text = escape_for_terminal(c);
            if table.marked.contains(&(ri, ci)) {
                let cell = Cell::new(format!("! {text}"));
                if style.color {
                    cell.fg(Color::Red)
                } else {
                    cell
                }
            } else {
                Cell::new(text)
            }
        }));
    }
    writeln!(out, "{t}")
}

/// How far `then` is from `now`, for people: "in 5 min", "in 5 h", "in 3 d", "2 h ago",
/// "now".
pub fn relative(now: chrono::DateTime<chrono::Utc>, then: chrono::DateTime<chrono::Utc>) -> String {
    let secs = (then - now).num_seconds();
    let a = secs.unsigned_abs();
    let amount = if a < 60 {
        return "now".to_string();
    } else if a < 3600 {
        format!("{} min", a / 60)
    } else if a < 2 * 86_400 {
        format!("{} h", a / 3600)
    } else {
        format!("{} d", a / 86_400)
    };
    if secs > 0 {
        format!("in {amount}")
    } else {
        format!("{amount} ago")
    }
}

/// How far day `then` is from `today`: "today", "tomorrow", "yesterday", "in 3 d", "3 d ago".
pub fn relative_day(today: chrono::NaiveDate, then: chrono::NaiveDate) -> String {
    match (then - today).num_days() {
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        -1 => "yesterday".to_string(),
        n if n > 0 => format!("in {n} d"),
        n => format!("{} d ago", -n),
    }
}

/// `text` with every line broken at spaces so that none is wider than `width` characters (a
/// word longer than that is cut).
pub fn wrap(text: &str, width: usize) -> String {
    let width = width.max(10);
    let mut out = String::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let indent: String = line.chars().take_while(|c| *c == ' ').collect();
        let mut col = 0;
        for word in line.split(' ').filter(|w| !w.is_empty()) {
            let mut word: Vec<char> = word.chars().collect();
            if col > 0 && col + 1 + word.len() > width {
                out.push('\n');
                out.push_str(&indent);
                col = indent.len();
            } else if col > 0 {
                out.push(' ');
                col += 1;
            } else {
                out.push_str(&indent);
                col = indent.len();
            }
            while col + word.len() > width {
                let room = width.saturating_sub(col).max(1);
                let rest = word.split_off(room.min(word.len()));
                out.extend(word);
                out.push('\n');
                word = rest;
                col = 0;
            }
            col += word.len();
            out.extend(word);
        }
    }
    out
}

/// Whether to colour, from `--color` (`flag`), the environment (`NO_COLOR`, `CLICOLOR_FORCE`,
/// `TERM`), the config file's `color` and whether stdout is a terminal. A flag beats the
/// environment, which beats the file; `auto` colours a terminal that is not `TERM=dumb`.
pub fn use_color(
    flag: Option<&str>,
    env: &dyn Fn(&str) -> Option<String>,
    config: Option<&str>,
    tty: bool,
) -> bool {
    let set = |k: &str| env(k).filter(|v| !v.is_empty());
    let auto = || tty && set("TERM").is_none_or(|t| t != "dumb");
    match flag {
        Some("always") => return true,
        Some("never") => return false,
        Some(_) => return auto(),
        None => {}
    }
    if set("NO_COLOR").is_some() {
        return false;
    }
    if set("CLICOLOR_FORCE").is_some_and(|v| v != "0") {
        return true;
    }
    match config {
        Some("always") => true,
        Some("never") => false,
        _ => auto(),
    }
}

/// Writes `value` as CSV: one column per JSON key (in the keys' order, the union over all
/// rows), one row per object of a list (a single object is one row). A nested object gives one
/// column per key, named `outer.inner`. Values are the machine values of the JSON: strings as
/// they are, numbers, `true`/`false`, empty for null, and a nested list as compact JSON.
/// `null` or an empty list print nothing.
pub fn write_csv(out: &mut dyn Write, value: &Value) -> io::Result<()> {
    let items: Vec<&Value> = match value {
        Value::Array(a) => a.iter().collect(),
        Value::Null => Vec::new(),
        other => vec![other],
    };
    if items.is_empty() {
        return Ok(());
    }
    let rows: Vec<Vec<(String, String)>> = items
        .iter()
        .map(|it| {
            let mut cells = Vec::new();
            match it {
                Value::Object(_) => flatten("", it, &mut cells),
                other => cells.push(("value".to_string(), csv_value(other))),
            }
            cells
        })
        .collect();
    let mut headers: Vec<&str> = Vec::new();
    for row in &rows {
        for (k, _) in row {
            if !headers.contains(&k.as_str()) {
                headers.push(k);
            }
        }
    }
    let mut w = csv::Writer::from_writer(out);
    w.write_record(&headers).map_err(csv_io)?;
    for row in &rows {
        let record = headers.iter().map(|h| {
            row.iter()
                .find(|(k, _)| k == h)
                .map_or("", |(_, v)| v.as_str())
        });
        w.write_record(record).map_err(csv_io)?;
    }
    w.flush()
}

fn flatten(prefix: &str, v: &Value, cells: &mut Vec<(String, String)>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, cells);
            }
        }
        other => cells.push((prefix.to_string(), csv_value(other))),
    }
}

/// One JSON value as a CSV cell.
pub fn csv_value(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
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

/// Writes JSON lines: a list as one compact value per line (nothing for an empty list), any
/// other value on one line.
pub fn write_jsonl(out: &mut dyn Write, value: &Value) -> io::Result<()> {
    let one = |out: &mut dyn Write, v: &Value| -> io::Result<()> {
        // Serialised first, so that a write error keeps its kind (a closed pipe is quiet).
        let mut line = serde_json::to_vec(v).map_err(io::Error::other)?;
        line.push(b'\n');
        out.write_all(&line)
    };
    match value {
        Value::Array(items) => items.iter().try_for_each(|v| one(out, v)),
        other => one(out, other),
    }
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

/// [`case_json`] written straight into `out` as `serde_json` writes that value, without
/// building it: compact, or pretty (two spaces a level) with every line after the first
/// indented by `indent` more (the created cases of a long `trigger run`, one after another).
/// `id: None` writes a null id (a dry run's).
pub fn write_case_json(out: &mut Vec<u8>, c: &Case, id: Option<i64>, pretty: bool, indent: &str) {
    fn text(out: &mut Vec<u8>, v: &str) {
        // Strings escaped exactly as the serialiser of `Value` escapes them.
        let _ = serde_json::to_writer(&mut *out, v);
    }
    fn opt(out: &mut Vec<u8>, v: Option<&str>) {
        match v {
            Some(v) => text(out, v),
            None => out.extend_from_slice(b"null"),
        }
    }
    let mut first = true;
    let mut key = |out: &mut Vec<u8>, k: &str| {
        if !first {
            out.push(b',');
        }
        first = false;
        if pretty {
            out.push(b'\n');
            out.extend_from_slice(indent.as_bytes());
            out.extend_from_slice(b"  ");
        }
        text(out, k);
        out.extend_from_slice(if pretty { b": " } else { b":" });
    };
    let times = |t: Option<chrono::DateTime<chrono::Utc>>| t.map(rfc3339);
    out.push(b'{');
    key(out, "id");
    match id {
        Some(id) => out.extend_from_slice(id.to_string().as_bytes()),
        None => out.extend_from_slice(b"null"),
    }
    key(out, "account_id");
    opt(out, c.account_id.as_deref());
    key(out, "contact_id");
    opt(out, c.contact_id.as_deref());
    key(out, "opportunity_id");
    opt(out, c.opportunity_id.as_deref());
    key(out, "trigger");
    text(out, &c.trigger);
    key(out, "category");
    text(out, c.category.as_str());
    key(out, "subject");
    text(out, &c.subject);
    key(out, "description");
    text(out, &c.description);
    key(out, "priority");
    text(out, c.priority.as_str());
    key(out, "status");
    text(out, c.status.as_str());
    key(out, "owner");
    opt(out, c.owner.as_deref());
    key(out, "queue");
    opt(out, c.queue.as_deref());
    key(out, "origin");
    text(out, c.origin.as_str());
    key(out, "case_reason");
    opt(out, c.case_reason.map(|v| v.to_string()).as_deref());
    key(out, "resolution_action");
    opt(out, c.resolution_action.map(|v| v.to_string()).as_deref());
    key(out, "next_steps");
    opt(out, c.next_steps.as_deref());
    key(out, "next_steps_date");
    opt(out, c.next_steps_date.map(|v| v.to_string()).as_deref());
    key(out, "feedback");
    opt(out, c.feedback.as_deref());
    key(out, "web_email");
    opt(out, c.web_email.as_deref());
    key(out, "type");
    opt(out, c.case_type.as_deref());
    key(out, "created_at");
    text(out, &rfc3339(c.created_at));
    key(out, "created_by");
    text(out, &c.created_by);
    key(out, "queued_at");
    opt(out, times(c.queued_at).as_deref());
    key(out, "picked_at");
    opt(out, times(c.picked_at).as_deref());
    key(out, "first_response_at");
    opt(out, times(c.first_response_at).as_deref());
    key(out, "closed_at");
    opt(out, times(c.closed_at).as_deref());
    if pretty {
        out.push(b'\n');
        out.extend_from_slice(indent.as_bytes());
    }
    out.push(b'}');
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

    /// The created cases of a long run are written without building their `Value`: byte for
    /// byte what serialising [`case_json`] writes, compact and pretty, every field set or
    /// not, strings that need escaping, a dry run's null id.
    #[test]
    fn a_case_written_directly_is_its_json_value_serialised() {
        use crate::domain::case::{CaseReason, Category, Origin, Priority, ResolutionAction};
        let at = chrono::DateTime::parse_from_rfc3339("2026-03-02T14:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        let bare = Case::draft(
            "t",
            Category::ALL[0],
            Priority::High,
            "Sub \"quoted\" \\ é 🚀 \u{1}\n\t",
            Origin::ALL[0],
            "smb",
            at,
        );
        let mut full = bare.clone();
        full.id = 42;
        full.account_id = Some("A\u{7f}\u{2028}".into());
        full.contact_id = Some("C".into());
        full.opportunity_id = Some("O".into());
        full.description = "line one\r\nline two".into();
        full.owner = Some("Maya".into());
        full.queue = Some("AMER".into());
        full.case_reason = Some(CaseReason::ALL[0]);
        full.resolution_action = Some(ResolutionAction::ALL[0]);
        full.next_steps = Some("call".into());
        full.next_steps_date = Some(chrono::NaiveDate::from_ymd_opt(2026, 3, 4).unwrap());
        full.feedback = Some("".into());
        full.web_email = Some("a@b.c".into());
        full.case_type = Some("x".into());
        full.queued_at = Some(at);
        full.picked_at = Some(at + chrono::Duration::seconds(61));
        full.first_response_at = Some(at);
        full.closed_at = Some(at);
        for c in [&bare, &full] {
            for id in [Some(c.id), None] {
                let mut v = case_json(c);
                if id.is_none() {
                    v["id"] = Value::Null;
                }
                let mut out = Vec::new();
                write_case_json(&mut out, c, id, false, "");
                assert_eq!(String::from_utf8(out).unwrap(), v.to_string());
                let mut out = Vec::new();
                write_case_json(&mut out, c, id, true, "    ");
                let pretty = serde_json::to_string_pretty(&v)
                    .unwrap()
                    .replace('\n', "\n    ");
                assert_eq!(String::from_utf8(out).unwrap(), pretty);
            }
        }
    }

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
        write_table(&mut out, &t, TableStyle::default()).unwrap();
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

    #[test]
    fn relative_hints_both_ways() {
        let t = |s: &str| s.parse::<chrono::DateTime<chrono::Utc>>().unwrap();
        let now = t("2026-03-02T14:00:00Z");
        assert_eq!(relative(now, t("2026-03-02T14:00:30Z")), "now");
        assert_eq!(relative(now, t("2026-03-02T14:05:00Z")), "in 5 min");
        assert_eq!(relative(now, t("2026-03-02T19:00:00Z")), "in 5 h");
        assert_eq!(relative(now, t("2026-03-02T09:00:00Z")), "5 h ago");
        assert_eq!(relative(now, t("2026-03-03T14:00:00Z")), "in 24 h");
        assert_eq!(relative(now, t("2026-03-05T15:00:00Z")), "in 3 d");
        assert_eq!(relative(now, t("2026-02-27T14:00:00Z")), "3 d ago");
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(relative_day(d("2026-03-02"), d("2026-03-02")), "today");
        assert_eq!(relative_day(d("2026-03-02"), d("2026-03-03")), "tomorrow");
        assert_eq!(relative_day(d("2026-03-02"), d("2026-03-09")), "in 7 d");
        assert_eq!(relative_day(d("2026-03-02"), d("2026-02-27")), "3 d ago");
    }

    #[test]
    fn wrap_keeps_every_line_within_the_width_and_every_word() {
        let text = "Pick-up SLA by priority, clocks started at any time; targets: High 24 h\nshort";
        let w = wrap(text, 20);
        assert!(w.lines().all(|l| l.chars().count() <= 20), "{w}");
        assert!(w.lines().any(|l| l.chars().count() > 15), "{w}");
        assert_eq!(
            w.split_whitespace().collect::<Vec<_>>(),
            text.split_whitespace().collect::<Vec<_>>()
        );
        let long = wrap("a 0123456789012345678901234", 10);
        assert!(long.lines().all(|l| l.chars().count() <= 10), "{long}");
        assert_eq!(wrap("fits", 10), "fits");
    }

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn colour_flag_beats_environment_beats_config_file() {
        let none = env(&[]);
        assert!(use_color(None, &none, None, true));
        assert!(!use_color(None, &none, None, false));
        assert!(use_color(
            Some("always"),
            &env(&[("NO_COLOR", "1")]),
            None,
            false
        ));
        assert!(!use_color(Some("never"), &none, Some("always"), true));
        assert!(!use_color(
            None,
            &env(&[("NO_COLOR", "1")]),
            Some("always"),
            true
        ));
        assert!(use_color(None, &env(&[("NO_COLOR", "")]), None, true));
        assert!(use_color(
            None,
            &env(&[("CLICOLOR_FORCE", "1")]),
            None,
            false
        ));
        assert!(!use_color(
            None,
            &env(&[("CLICOLOR_FORCE", "0")]),
            None,
            false
        ));
        assert!(!use_color(None, &env(&[("TERM", "dumb")]), None, true));
        assert!(!use_color(
            Some("auto"),
            &env(&[("TERM", "dumb")]),
            None,
            true
        ));
        assert!(use_color(None, &none, Some("always"), false));
        assert!(!use_color(None, &none, Some("never"), true));
    }

    #[test]
    fn csv_has_one_column_per_json_key_and_machine_values() {
        let mut out = Vec::new();
        let v = json!([
            {"id": 1, "ok": true, "none": null, "money": "7000.01", "by": {"a": 2}, "list": [1]},
            {"id": 2, "ok": false, "none": "x", "money": "1.00", "by": {"b": 3}, "list": []}
        ]);
        write_csv(&mut out, &v).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "id,ok,none,money,by.a,list,by.b\n1,true,,7000.01,2,[1],\n2,false,x,1.00,,[],3\n"
        );
        let mut out = Vec::new();
        write_csv(&mut out, &Value::Null).unwrap();
        assert!(out.is_empty());
    }

    #[test]
    fn jsonl_is_one_value_per_line() {
        let mut out = Vec::new();
        write_jsonl(&mut out, &json!([{"b": 1, "a": 2}, {"b": 3}])).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"b\":1,\"a\":2}\n{\"b\":3}\n"
        );
        let mut out = Vec::new();
        write_jsonl(&mut out, &Value::Null).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "null\n");
    }
}
