//! Reading an export on a second thread (issue #16): the CSV parser, the width and UTF-8
//! checks, the duplicate-key check, the row hash and (when the engine will parse every row)
//! the validation run on one core while the engine inserts on the other. Rows travel in
//! batches through a bounded channel, so memory stays flat whatever the file's size, and
//! their buffers come back to be reused. Rows arrive in file order with every outcome the
//! single-threaded reader would give in the same order, so errors, rejects and counts are
//! unchanged.

use std::io::Read;
use std::sync::mpsc::{Receiver, SyncSender, TryRecvError, sync_channel};
use std::thread::JoinHandle;

use csv::ByteRecord;

use super::{CsvFile, KeySet, Kind, Layout, Parsed, RowError, parse_row};
use crate::Error;

/// Rows per batch.
const BATCH: usize = 1024;
/// Batches in flight.
const IN_FLIGHT: usize = 4;
/// Rows read before the key set is sized to the whole file.
const SAMPLE_ROWS: u64 = 1024;

/// One data row as the reader left it.
pub struct Row {
    /// The row's cells (its buffer goes back to the reader when the batch is done).
    pub record: ByteRecord,
    pub line: u64,
    pub outcome: Outcome,
}

/// What the reader made of a row.
pub enum Outcome {
    /// The source refuses it (wrong width, not UTF-8, a key seen earlier in the file).
    Refused(RowError),
    /// Its key (empty when missing: the validation reports it), the hash of its cells, and
    /// its validated values when the reader parses ahead.
    Read {
        key: String,
        row_hash: i64,
        parsed: Option<Result<Parsed, RowError>>,
    },
}

enum Message {
    Rows(Vec<Row>),
    /// Where the reader is in the file (bytes), for a progress bar.
    Position(u64),
    /// The file cannot be read on (an input limit, a NUL byte, an I/O error).
    Failed(Error),
}

/// The rows of one export, read on a thread of their own.
pub struct ReadAhead {
    layout: Layout,
    rx: Receiver<Message>,
    give_back: SyncSender<Vec<ByteRecord>>,
    batch: std::vec::IntoIter<Row>,
    done: Vec<ByteRecord>,
    thread: Option<JoinHandle<()>>,
    position: u64,
}

impl ReadAhead {
    /// Starts reading `csv`'s rows. `parse` validates every row on the reader's thread (the
    /// engine will ask for every row's values: a first load); `size` is the file's size, if
    /// known, to size the duplicate-key set once.
    pub fn start<R: Read + Send + 'static>(
        mut csv: CsvFile<R>,
        parse: bool,
        size: Option<u64>,
    ) -> Self {
        let layout = csv.layout().clone();
        let (tx, rx) = sync_channel::<Message>(IN_FLIGHT);
        let (give_back, returned) = sync_channel::<Vec<ByteRecord>>(IN_FLIGHT + 2);
        let thread = std::thread::Builder::new()
            .name("import-reader".into())
            .spawn(move || read(&mut csv, parse, size, &tx, &returned))
            .expect("spawn the import reader");
        ReadAhead {
            layout,
            rx,
            give_back,
            batch: Vec::new().into_iter(),
            done: Vec::new(),
            thread: Some(thread),
            position: 0,
        }
    }

    /// The file's layout (to read a row's cells, build a rejects row).
    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// Bytes of the file read so far.
    pub fn position(&self) -> u64 {
        self.position
    }

    /// The next row, `Ok(None)` at the end. The previous row's buffer is recycled.
    pub fn next_row(&mut self) -> Result<Option<Row>, Error> {
        loop {
            if let Some(row) = self.batch.next() {
                return Ok(Some(row));
            }
            if !self.done.is_empty() {
                // The reader may be gone (end of file): then the buffers are dropped.
                let _ = self.give_back.try_send(std::mem::take(&mut self.done));
            }
            match self.rx.recv() {
                Ok(Message::Rows(rows)) => self.batch = rows.into_iter(),
                Ok(Message::Position(p)) => self.position = p,
                Ok(Message::Failed(e)) => return Err(e),
                Err(_) => return Ok(None),
            }
        }
    }

    /// Hands a used row's buffer back for reuse.
    pub fn recycle(&mut self, record: ByteRecord) {
        self.done.push(record);
    }
}

impl Drop for ReadAhead {
    fn drop(&mut self) {
        // Closing the channel stops a reader that is still going (an import that stopped at
        // a bad row); then wait for it so nothing outlives the import.
        let (_, rx) = sync_channel(1);
        drop(std::mem::replace(&mut self.rx, rx));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// The reader thread: reads, checks and (with `parse`) validates every row, in batches.
fn read<R: Read>(
    csv: &mut CsvFile<R>,
    parse: bool,
    size: Option<u64>,
    tx: &SyncSender<Message>,
    returned: &Receiver<Vec<ByteRecord>>,
) {
    let mut keys = KeySet::new();
    let mut pool: Vec<ByteRecord> = Vec::new();
    let mut batch = Vec::with_capacity(BATCH);
    let mut rows: u64 = 0;
    let start = csv.position();
    loop {
        match csv.advance() {
            Err(e) => {
                if !batch.is_empty() {
                    let _ = tx.send(Message::Rows(batch));
                }
                let _ = tx.send(Message::Failed(e));
                return;
            }
            Ok(false) => break,
            Ok(true) => {}
        }
        rows += 1;
        if rows == SAMPLE_ROWS
            && let Some(size) = size
        {
            // The rows so far tell the file's row count, near enough: one allocation
            // instead of a rehash at every doubling.
            let per_row = (csv.position() - start).max(1) / rows;
            keys.reserve(usize::try_from(size / per_row.max(1)).unwrap_or(0) + 64);
        }
        let outcome = match outcome(csv, &mut keys, parse) {
            Ok(o) => o,
            Err(e) => Outcome::Refused(e),
        };
        if pool.is_empty() {
            match returned.try_recv() {
                Ok(more) => pool = more,
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => {}
            }
        }
        let mut record = pool.pop().unwrap_or_default();
        let line = csv.line();
        csv.swap_record(&mut record);
        batch.push(Row {
            record,
            line,
            outcome,
        });
        if batch.len() == BATCH {
            let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
            let sent = tx.send(Message::Position(csv.position())).is_ok()
                && tx.send(Message::Rows(full)).is_ok();
            if !sent {
                return; // the import stopped
            }
        }
    }
    if !batch.is_empty() {
        let _ = tx.send(Message::Rows(batch));
    }
}

/// The current row's outcome, as the single-threaded reader decided it: width and UTF-8
/// first, then a duplicate key, then the values.
fn outcome<R: Read>(csv: &CsvFile<R>, keys: &mut KeySet, parse: bool) -> Result<Outcome, RowError> {
    let raw = csv.row()?;
    let kind = csv.kind();
    if let Some(key) = csv.key()
        && let Some(first) = keys.insert(key, raw.line)
    {
        let column = key_column(kind);
        return Err(raw.error(
            column,
            Some(key),
            format!("a unique {column}: it is also on line {first}"),
        ));
    }
    Ok(Outcome::Read {
        key: csv.key().unwrap_or_default().to_string(),
        row_hash: csv.row_hash(),
        parsed: parse.then(|| parse_row(kind, &raw)),
    })
}

/// The key column of an export.
pub fn key_column(kind: Kind) -> &'static str {
    match kind {
        Kind::Accounts => "account_id",
        Kind::Opportunities => "opportunity_id",
        Kind::Contacts => "contact_id",
        Kind::Events => "event_id",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(rows: usize) -> Vec<u8> {
        let mut text = String::from("account_id,account_name,region,carr\n");
        for i in 0..rows {
            match i {
                1500 => text.push_str("A7,dup,AMER,1\n"),
                2100 => text.push_str("A2100,bad,AMER,lots\n"),
                2200 => text.push_str("A2200,short\n"),
                _ => text.push_str(&format!("A{i},n,EMEA,5\n")),
            }
        }
        text.into_bytes()
    }

    /// Rows come back in file order across batches, each with the outcome the reader gives
    /// it: refused for width and duplicate keys, a validation error for a bad value.
    #[test]
    fn rows_arrive_in_file_order_with_their_outcomes() {
        for parse in [false, true] {
            let csv =
                CsvFile::open("a.csv", Kind::Accounts, std::io::Cursor::new(file(3000))).unwrap();
            let mut ahead = ReadAhead::start(csv, parse, Some(100_000));
            let (mut n, mut refused, mut bad) = (0, Vec::new(), Vec::new());
            while let Some(row) = ahead.next_row().unwrap() {
                assert_eq!(row.line, n + 2, "file order");
                match &row.outcome {
                    Outcome::Refused(e) => refused.push(e.line),
                    Outcome::Read { parsed, key, .. } => {
                        assert!(!key.is_empty());
                        assert_eq!(parsed.is_some(), parse);
                        if let Some(Err(e)) = parsed {
                            bad.push(e.line);
                        }
                    }
                }
                n += 1;
                ahead.recycle(row.record);
            }
            assert_eq!(n, 3000);
            assert_eq!(refused, [1502, 2202]);
            assert_eq!(bad, if parse { vec![2102] } else { vec![] });
        }
    }

    /// An import that stops early (a bad row) stops the reader: dropping it returns.
    #[test]
    fn dropping_the_reader_early_stops_its_thread() {
        let csv =
            CsvFile::open("a.csv", Kind::Accounts, std::io::Cursor::new(file(50_000))).unwrap();
        let mut ahead = ReadAhead::start(csv, true, None);
        assert!(ahead.next_row().unwrap().is_some());
        drop(ahead);
    }

    /// A file that cannot be read on fails at its place, after the rows before it.
    #[test]
    fn a_nul_byte_fails_after_the_rows_before_it() {
        let mut bytes = file(3000);
        bytes.extend_from_slice(b"A99,x\0,AMER,1\n");
        let csv = CsvFile::open("a.csv", Kind::Accounts, std::io::Cursor::new(bytes)).unwrap();
        let mut ahead = ReadAhead::start(csv, false, None);
        let mut n = 0;
        let err = loop {
            match ahead.next_row() {
                Ok(Some(_)) => n += 1,
                Ok(None) => panic!("the NUL byte was not refused"),
                Err(e) => break e.to_string(),
            }
        };
        assert!(err.contains("NUL"), "{err}");
        assert!(n > 0 && n <= 3000, "{n}");
    }
}
