//! CSV exports → validated domain rows (SPEC §8): header aliases, value parsers, and errors that
//! name the file, line, column, bad value and expected form. Streams: never loads the file.

pub mod ahead;
pub mod email;
pub mod fields;
pub mod files;
pub mod holidays;
pub(crate) mod keys;
mod rows;
pub mod values;

use std::fmt;
use std::io::{self, Read};

use csv::{ByteRecord, ReaderBuilder};

pub use fields::Field;
pub use keys::{KeySet, StoredHashes};
pub use rows::{Parsed, parse_row};

use crate::Error;

/// The input limits of SPEC §8: input past them is refused (exit 2), never read without end.
pub mod limits {
    /// The longest field: 1 MiB.
    pub const FIELD_BYTES: usize = 1 << 20;
    /// The longest row: 4 MiB.
    pub const ROW_BYTES: u64 = 4 << 20;
    /// The largest email: 32 MiB.
    pub const EMAIL_BYTES: u64 = 32 << 20;
}

/// An input limit was passed; carried inside an `io::Error` out of the CSV reader.
#[derive(Debug)]
struct LimitPassed(String);

impl fmt::Display for LimitPassed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LimitPassed {}

/// The message of a NUL byte found on `line`.
pub fn nul_message(line: u64) -> String {
    format!(
        "line {line}: a NUL byte: input files are text and may not contain NUL bytes (is this a binary file?)"
    )
}

/// Reads `inner` for the CSV parser, never handing it more than a row's limit past the start
/// of the current row (so an endless field or row stops with bounded memory) and refusing a
/// NUL byte as soon as it arrives.
struct Limited<R> {
    inner: R,
    /// Bytes handed to the parser so far.
    read: u64,
    /// Newlines handed to the parser so far (the line of a NUL byte).
    newlines: u64,
    /// Byte offset and line where the row being parsed starts (set by [`CsvFile`]).
    row_start: u64,
    row_line: u64,
}

/// Slack past the row limit for the parser's read-ahead buffer.
const READ_AHEAD: u64 = 64 << 10;

impl<R: Read> Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let allowed = (self.row_start + limits::ROW_BYTES + READ_AHEAD).saturating_sub(self.read);
        if allowed == 0 {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                LimitPassed(format!(
                    "line {}: a row over 4 MiB: rows are limited to 4 MiB (and fields to 1 MiB)",
                    self.row_line
                )),
            ));
        }
        let n = buf
            .len()
            .min(usize::try_from(allowed).unwrap_or(usize::MAX));
        let got = self.inner.read(&mut buf[..n])?;
        let chunk = &buf[..got];
        let newlines = |b: &[u8]| memchr::memchr_iter(b'\n', b).count() as u64;
        if let Some(i) = memchr::memchr(0, chunk) {
            let line = self.newlines + newlines(&chunk[..i]) + 1;
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                LimitPassed(nul_message(line)),
            ));
        }
        self.newlines += newlines(chunk);
        self.read += got as u64;
        Ok(got)
    }
}

/// Which export a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Accounts,
    Opportunities,
    Contacts,
    Events,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Accounts => "accounts",
            Kind::Opportunities => "opportunities",
            Kind::Contacts => "contacts",
            Kind::Events => "events",
        }
    }

    pub fn fields(self) -> &'static [Field] {
        match self {
            Kind::Accounts => fields::ACCOUNTS,
            Kind::Opportunities => fields::OPPORTUNITIES,
            Kind::Contacts => fields::CONTACTS,
            Kind::Events => fields::EVENTS,
        }
    }
}

/// A bad row: where it is, which column, the value, and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub file: String,
    pub line: u64,
    pub column: Option<String>,
    pub value: Option<String>,
    pub expected: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: line {}", self.file, self.line)?;
        if let Some(c) = &self.column {
            write!(f, ", column {c}")?;
        }
        match &self.value {
            Some(v) => write!(f, ": {v:?}: expected {}", self.expected),
            None => write!(f, ": expected {}", self.expected),
        }
    }
}

impl From<RowError> for Error {
    fn from(e: RowError) -> Self {
        Error::Invalid(e.to_string())
    }
}

/// One data row: its line and each field's text by [`Kind::fields`] index.
#[derive(Debug)]
pub struct RawRow<'a> {
    pub file: &'a str,
    pub line: u64,
    values: Vec<Option<&'a str>>,
    fields: &'static [Field],
    /// Where `get` looks first: after the field it found last (parsers ask for the fields in
    /// their order, so a row's fields are found without a search; issue #16).
    next: std::cell::Cell<usize>,
}

impl<'a> RawRow<'a> {
    /// The trimmed text of `name`'s column; `None` when the column is absent or the cell empty.
    pub fn get(&self, name: &str) -> Option<&'a str> {
        let next = self.next.get();
        let i = match self.fields.get(next) {
            Some(f) if f.name == name => next,
            _ => self.fields.iter().position(|f| f.name == name)?,
        };
        self.next.set(i + 1);
        self.values[i].map(str::trim).filter(|v| !v.is_empty())
    }

    /// An error about `column`'s value.
    pub fn error(
        &self,
        column: &str,
        value: Option<&str>,
        expected: impl Into<String>,
    ) -> RowError {
        RowError {
            file: self.file.to_string(),
            line: self.line,
            column: Some(column.to_string()),
            value: value.map(str::to_string),
            expected: expected.into(),
        }
    }

    /// Parses a required column with `parse`.
    pub fn required<T>(
        &self,
        name: &str,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Result<T, RowError> {
        match self.get(name) {
            None => Err(self.error(name, None, format!("a value: {name} is required"))),
            Some(v) => parse(v).map_err(|exp| self.error(name, Some(v), exp)),
        }
    }

    /// Parses an optional column with `parse`; empty is `None`.
    pub fn optional<T>(
        &self,
        name: &str,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Result<Option<T>, RowError> {
        match self.get(name) {
            None => Ok(None),
            Some(v) => parse(v)
                .map(Some)
                .map_err(|exp| self.error(name, Some(v), exp)),
        }
    }

    /// An optional text column.
    pub fn text(&self, name: &str) -> Option<String> {
        self.get(name).map(str::to_string)
    }
}

/// Streams the data rows of one export.
pub struct CsvFile<R: Read> {
    layout: Layout,
    reader: csv::Reader<Limited<R>>,
    unknown: Vec<String>,
    record: ByteRecord,
}

/// What a file's header says about its rows: which cell holds each field. It reads any row
/// of the file (a [`ByteRecord`]), so rows can be read on one thread and used on another.
#[derive(Debug, Clone)]
pub struct Layout {
    file: String,
    kind: Kind,
    /// Column index in the file for each field, or `None` when absent.
    columns: Vec<Option<usize>>,
    width: usize,
    header: Vec<String>,
}

impl<R: Read> CsvFile<R> {
    /// Reads the header; refuses an empty file, a semicolon-separated one, non-UTF-8 headers,
    /// a missing required column (naming the headers it accepts) and a column given twice.
    pub fn open(file: &str, kind: Kind, input: R) -> Result<Self, Error> {
        let mut reader = ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(Limited {
                inner: input,
                read: 0,
                newlines: 0,
                row_start: 0,
                row_line: 1,
            });
        let mut record = ByteRecord::new();
        let got = reader
            .read_byte_record(&mut record)
            .map_err(|e| csv_error(file, e))?;
        check_sizes(file, &record, 1, 0, reader.position().byte(), |i| {
            format!("{}", i + 1)
        })?;
        let names = kind
            .fields()
            .iter()
            .map(|f| f.name)
            .collect::<Vec<_>>()
            .join(",");
        if !got || (record.len() == 1 && record[0].is_empty()) {
            return Err(Error::invalid(format!(
                "{file}: the file is empty: expected a header row naming the {} columns, e.g. {names}",
                kind.as_str()
            )));
        }
        let mut header = Vec::with_capacity(record.len());
        for (i, h) in record.iter().enumerate() {
            let h = std::str::from_utf8(h).map_err(|_| {
                Error::invalid(format!(
                    "{file}: line 1, column {}: the header is not UTF-8 text: expected a UTF-8 CSV file (re-export it as \"CSV UTF-8\")",
                    i + 1
                ))
            })?;
            header.push(h.trim_start_matches('\u{feff}').trim().to_string());
        }
        if header.len() == 1 && header[0].contains(';') {
            return Err(Error::invalid(format!(
                "{file}: line 1: the header {:?} looks semicolon-separated: expected comma-separated values (re-export with commas)",
                header[0]
            )));
        }
        let fields = kind.fields();
        let mut columns = vec![None; fields.len()];
        let mut unknown = Vec::new();
        for (i, h) in header.iter().enumerate() {
            match fields.iter().position(|f| f.matches(h)) {
                Some(fi) => {
                    if let Some(prev) = columns[fi] {
                        return Err(Error::invalid(format!(
                            "{file}: line 1: columns {:?} and {h:?} both name {}: expected each column once",
                            header[prev], fields[fi].name
                        )));
                    }
                    columns[fi] = Some(i);
                }
                None => unknown.push(h.clone()),
            }
        }
        let missing: Vec<String> = fields
            .iter()
            .zip(&columns)
            .filter(|(f, c)| f.required && c.is_none())
            .map(|(f, _)| f.describe())
            .collect();
        if !missing.is_empty() {
            return Err(Error::invalid(format!(
                "{file}: line 1: missing required column{} {}",
                if missing.len() > 1 { "s" } else { "" },
                missing.join("; ")
            )));
        }
        Ok(CsvFile {
            layout: Layout {
                file: file.to_string(),
                kind,
                columns,
                width: header.len(),
                header,
            },
            reader,
            unknown,
            record,
        })
    }

    /// Which export this is.
    pub fn kind(&self) -> Kind {
        self.layout.kind
    }

    /// The file's layout, to read its rows elsewhere.
    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// Swaps the current row with `record` (to hand the row on without copying it).
    pub fn swap_record(&mut self, record: &mut ByteRecord) {
        std::mem::swap(&mut self.record, record);
    }

    /// Headers that name no column of this export (ignored, with one warning).
    pub fn unknown_columns(&self) -> &[String] {
        &self.unknown
    }

    /// The header row as read.
    pub fn header(&self) -> &[String] {
        &self.layout.header
    }

    /// Bytes read so far (for a progress bar).
    pub fn position(&self) -> u64 {
        self.reader.position().byte()
    }

    /// Reads the next row into the internal buffer; `Ok(false)` at the end. Blank lines are
    /// skipped.
    pub fn advance(&mut self) -> Result<bool, Error> {
        loop {
            let (start, line) = (self.reader.position().byte(), self.reader.position().line());
            let limited = self.reader.get_mut();
            (limited.row_start, limited.row_line) = (start, line);
            let got = self
                .reader
                .read_byte_record(&mut self.record)
                .map_err(|e| csv_error(&self.layout.file, e))?;
            if !got {
                return Ok(false);
            }
            let header = &self.layout.header;
            check_sizes(
                &self.layout.file,
                &self.record,
                line,
                start,
                self.reader.position().byte(),
                |i| {
                    header
                        .get(i)
                        .cloned()
                        .unwrap_or_else(|| format!("{}", i + 1))
                },
            )?;
            if self.record.len() == 1 && self.record[0].iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Ok(true);
        }
    }

    /// The current row's fields as text (lossy), for a rejects file.
    pub fn raw_fields(&self) -> Vec<String> {
        self.layout.raw_fields(&self.record)
    }

    /// The file as messages name it.
    pub fn file(&self) -> &str {
        &self.layout.file
    }

    /// A row of this file's width that holds only `value` under the column named `column`
    /// (for a row rejected after it was read, when its other cells are gone).
    pub fn row_with(&self, column: &str, value: Option<&str>) -> Vec<String> {
        self.layout.row_with(column, value)
    }

    /// The current row's line number (of its first line when it has quoted newlines).
    pub fn line(&self) -> u64 {
        Layout::line(&self.record)
    }

    /// See [`Layout::row_hash`].
    pub fn row_hash(&self) -> i64 {
        self.layout.row_hash(&self.record)
    }

    /// The current row's key cell (trimmed), if present and UTF-8.
    pub fn key(&self) -> Option<&str> {
        self.layout.key(&self.record)
    }

    /// The current row, checked for width and UTF-8.
    pub fn row(&self) -> Result<RawRow<'_>, RowError> {
        self.layout.row(&self.record)
    }
}

impl Layout {
    /// Which export this is.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// The header row as read.
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// The file as messages name it.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// A row's fields as text (lossy), for a rejects file.
    pub fn raw_fields(&self, record: &ByteRecord) -> Vec<String> {
        record
            .iter()
            .map(|f| String::from_utf8_lossy(f).into_owned())
            .collect()
    }

    /// A row of this file's width that holds only `value` under the column named `column`
    /// (for a row rejected after it was read, when its other cells are gone).
    pub fn row_with(&self, column: &str, value: Option<&str>) -> Vec<String> {
        let key = |s: &str| s.to_ascii_lowercase().replace([' ', '_', '-'], "");
        self.header
            .iter()
            .map(|h| match value {
                Some(v) if key(h) == key(column) => v.to_string(),
                _ => String::new(),
            })
            .collect()
    }

    /// A row's line number (of its first line when it has quoted newlines).
    pub fn line(record: &ByteRecord) -> u64 {
        record.position().map(|p| p.line()).unwrap_or(0)
    }

    /// FNV-1a hash of a row's known cells in field order (trimmed), independent of
    /// the file's column order: equal hashes mean the same imported values.
    pub fn row_hash(&self, record: &ByteRecord) -> i64 {
        const PRIME: u64 = 0x0000_0100_0000_01b3;
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut eat = |b: u8| {
            h ^= u64::from(b);
            h = h.wrapping_mul(PRIME);
        };
        for col in &self.columns {
            match col.and_then(|i| record.get(i)) {
                Some(cell) => cell.trim_ascii().iter().for_each(|b| eat(*b)),
                None => eat(0x1e),
            }
            eat(0x1f);
        }
        h as i64
    }

    /// A row's key cell, if present and UTF-8, trimmed as every value is (Unicode
    /// whitespace too, [`RawRow::get`]): the key the row is stored under.
    pub fn key<'r>(&self, record: &'r ByteRecord) -> Option<&'r str> {
        let cell = record.get(self.columns[0]?)?;
        std::str::from_utf8(cell)
            .ok()
            .map(str::trim)
            .filter(|k| !k.is_empty())
    }

    /// A row, checked for width and UTF-8.
    pub fn row<'a>(&'a self, record: &'a ByteRecord) -> Result<RawRow<'a>, RowError> {
        let line = Layout::line(record);
        if record.len() != self.width {
            return Err(RowError {
                file: self.file.clone(),
                line,
                column: None,
                value: None,
                expected: format!(
                    "{} fields as in the header, found {} (a comma inside a value must be quoted)",
                    self.width,
                    record.len()
                ),
            });
        }
        let fields = self.kind.fields();
        let mut values = Vec::with_capacity(fields.len());
        // One UTF-8 check of the whole row (each cell is then a slice of it, cut at character
        // boundaries); a row that fails it is checked cell by cell for the error to name.
        if let Ok(all) = std::str::from_utf8(record.as_slice()) {
            for col in &self.columns {
                match col.map(|i| record.range(i).and_then(|r| all.get(r))) {
                    None => values.push(None),
                    Some(Some(text)) => values.push(Some(text)),
                    Some(None) => break,
                }
            }
            if values.len() == fields.len() {
                return Ok(RawRow {
                    file: &self.file,
                    line,
                    values,
                    fields,
                    next: std::cell::Cell::new(0),
                });
            }
            values.clear();
        }
        for (fi, col) in self.columns.iter().enumerate() {
            match col {
                None => values.push(None),
                Some(i) => {
                    let bytes = &record[*i];
                    let text = std::str::from_utf8(bytes).map_err(|_| RowError {
                        file: self.file.clone(),
                        line,
                        column: Some(fields[fi].name.to_string()),
                        value: Some(String::from_utf8_lossy(bytes).into_owned()),
                        expected: "UTF-8 text (re-export the file as \"CSV UTF-8\")".to_string(),
                    })?;
                    values.push(Some(text));
                }
            }
        }
        Ok(RawRow {
            file: &self.file,
            line,
            values,
            fields,
            next: std::cell::Cell::new(0),
        })
    }
}

/// Refuses a row (read from byte `start` to `end`, on `line`) over the row limit or with a
/// field over the field limit; `column` names a field by its index.
fn check_sizes(
    file: &str,
    record: &ByteRecord,
    line: u64,
    start: u64,
    end: u64,
    column: impl Fn(usize) -> String,
) -> Result<(), Error> {
    if end.saturating_sub(start) > limits::ROW_BYTES {
        return Err(Error::invalid(format!(
            "{file}: line {line}: a row of {} bytes: rows are limited to 4 MiB",
            end - start
        )));
    }
    if let Some((i, f)) = record
        .iter()
        .enumerate()
        .find(|(_, f)| f.len() > limits::FIELD_BYTES)
    {
        return Err(Error::invalid(format!(
            "{file}: line {line}, column {}: a field of {} bytes: fields are limited to 1 MiB",
            column(i),
            f.len()
        )));
    }
    Ok(())
}

fn csv_error(file: &str, e: csv::Error) -> Error {
    let line = e.position().map(|p| p.line());
    if let csv::ErrorKind::Io(io) = e.kind()
        && let Some(limit) = io.get_ref().and_then(|i| i.downcast_ref::<LimitPassed>())
    {
        return Error::invalid(format!("{file}: {limit}"));
    }
    match (line, e.kind()) {
        (_, csv::ErrorKind::Io(io)) => Error::invalid(format!("{file}: cannot read: {io}")),
        (Some(l), _) => Error::invalid(format!("{file}: line {l}: {e}")),
        (None, _) => Error::invalid(format!("{file}: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads every row of `bytes` as `kind`, the way `smb import` does, collecting outcomes.
    fn read_all(kind: Kind, bytes: &[u8]) -> Result<Vec<Result<Parsed, RowError>>, Error> {
        let mut f = CsvFile::open("fuzz.csv", kind, bytes)?;
        let mut out = Vec::new();
        while f.advance()? {
            let _ = f.row_hash();
            let _ = f.key();
            out.push(f.row().and_then(|r| parse_row(kind, &r)));
        }
        Ok(out)
    }

    const KINDS: [Kind; 4] = [
        Kind::Accounts,
        Kind::Opportunities,
        Kind::Contacts,
        Kind::Events,
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

        /// Arbitrary bytes never panic the reader: each file is either refused or read row by
        /// row, each row valid or a row error.
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
            for kind in KINDS {
                let _ = read_all(kind, &bytes);
            }
        }

        /// Arbitrary CSV shapes under a valid header: every row gives a value or an error that
        /// names the file and a line.
        #[test]
        fn arbitrary_rows_under_a_valid_header(
            rows in proptest::collection::vec(
                proptest::collection::vec("[ -~\u{e9}\u{1F680}\u{202e}\"\n,]{0,12}", 0..8), 0..6)
        ) {
            let mut text = String::from("account_id,account_name,region,carr,employees,pte,auto_renew,subscription_end_date\n");
            for r in &rows {
                let cells: Vec<String> = r.iter().map(|c| format!("\"{}\"", c.replace('"', "\"\""))).collect();
                text.push_str(&cells.join(","));
                text.push('\n');
            }
            if let Ok(outcomes) = read_all(Kind::Accounts, text.as_bytes()) {
                for o in outcomes {
                    if let Err(e) = o {
                        let msg = e.to_string();
                        proptest::prop_assert!(msg.starts_with("fuzz.csv: line "), "{}", msg);
                    }
                }
            }
        }
    }

    /// Each known cell's text, or the error of the first known cell that is not UTF-8, as the
    /// cell-by-cell check gave them before the whole-row check.
    fn cells_one_by_one(
        layout: &Layout,
        record: &ByteRecord,
    ) -> Result<Vec<Option<String>>, RowError> {
        let fields = layout.kind.fields();
        let mut out = Vec::new();
        for (fi, col) in layout.columns.iter().enumerate() {
            match col {
                None => out.push(None),
                Some(i) => match std::str::from_utf8(&record[*i]) {
                    Ok(t) => out.push(Some(t.to_string())),
                    Err(_) => {
                        return Err(RowError {
                            file: layout.file.clone(),
                            line: Layout::line(record),
                            column: Some(fields[fi].name.to_string()),
                            value: Some(String::from_utf8_lossy(&record[*i]).into_owned()),
                            expected: "UTF-8 text (re-export the file as \"CSV UTF-8\")"
                                .to_string(),
                        });
                    }
                },
            }
        }
        Ok(out)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1024))]

        /// The whole-row UTF-8 check gives every cell's text, or the error naming the first
        /// bad known cell, exactly as checking cell by cell: multi-byte characters split
        /// across two cells, bad bytes in unknown columns, and valid rows.
        #[test]
        fn one_utf8_check_per_row_as_one_per_cell(
            cells in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::prop_oneof![
                        proptest::num::u8::ANY,
                        proptest::sample::select(vec![b'a', b' ', 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x9a, 0x80]),
                    ],
                    0..6,
                ),
                5,
            )
        ) {
            // Five columns: four known, one unknown in the middle.
            let csv = CsvFile::open(
                "u.csv",
                Kind::Accounts,
                &b"account_id,account_name,other,region,carr\n"[..],
            )
            .unwrap();
            let layout = csv.layout().clone();
            let record = ByteRecord::from(cells);
            let want = cells_one_by_one(&layout, &record);
            let got = layout.row(&record).map(|r| {
                r.values.iter().map(|v| v.map(str::to_string)).collect::<Vec<_>>()
            });
            proptest::prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn quoted_commas_and_newlines_and_a_bom_are_valid() {
        let text = "\u{feff}account_id,account_name,region,carr\nA1,\"Smith, Jones\",AMER,\"$1,000\"\nA2,\"Two\nLines\",EMEA,5\n";
        let rows = read_all(Kind::Accounts, text.as_bytes()).unwrap();
        let names: Vec<String> = rows
            .into_iter()
            .map(|r| match r.unwrap() {
                Parsed::Account(a) => a.name,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(names, ["Smith, Jones", "Two\nLines"]);
    }

    #[test]
    fn input_limits_refuse_nul_bytes_long_fields_and_long_rows() {
        let header = "account_id,account_name,region,carr\n";
        let nul = format!("{header}A1,Ac\0me,AMER,1\n");
        let err = read_all(Kind::Accounts, nul.as_bytes())
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 2") && err.contains("NUL byte"), "{err}");
        assert!(read_all(Kind::Accounts, b"\0\0\0").is_err());

        let just_under = format!("{header}A1,{},AMER,1\n", "x".repeat(limits::FIELD_BYTES));
        assert_eq!(
            read_all(Kind::Accounts, just_under.as_bytes())
                .unwrap()
                .len(),
            1
        );
        let over = format!(
            "{header}A1,{},AMER,1\n",
            "x".repeat(limits::FIELD_BYTES + 1)
        );
        let err = read_all(Kind::Accounts, over.as_bytes())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("line 2, column account_name") && err.contains("1 MiB"),
            "{err}"
        );

        let field = "y".repeat(limits::FIELD_BYTES - 10);
        let row = format!("{header}A1,{field},AMER,1,{field},{field},{field},{field}\n");
        let err = read_all(Kind::Accounts, row.as_bytes())
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 2") && err.contains("4 MiB"), "{err}");

        // An endless quoted field is cut off near the row limit, not read to the end.
        let start = format!("{header}A1,\"");
        let endless = std::io::Read::chain(start.as_bytes(), std::io::repeat(b'z'));
        let mut f = CsvFile::open("endless.csv", Kind::Accounts, endless).unwrap();
        let err = f.advance().unwrap_err().to_string();
        assert!(err.contains("4 MiB"), "{err}");
    }

    #[test]
    fn line_numbers_count_quoted_newlines() {
        let text = "account_id,account_name,region,carr\nA1,\"a\nb\nc\",AMER,1\nA2,x,AMER,bad\n";
        let rows = read_all(Kind::Accounts, text.as_bytes()).unwrap();
        let err = rows[1].as_ref().unwrap_err();
        assert_eq!(err.line, 5, "{err}");
    }
}
