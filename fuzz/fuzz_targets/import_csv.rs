//! Fuzzes the CSV importer: any bytes, as any of the four exports, must be refused or read
//! row by row, never panic. Run: `cargo +nightly fuzz run import_csv` (see README).
#![no_main]

use libfuzzer_sys::fuzz_target;
use smb::import::{CsvFile, Kind, parse_row};

fuzz_target!(|data: &[u8]| {
    for kind in [Kind::Accounts, Kind::Opportunities, Kind::Contacts, Kind::Events] {
        let Ok(mut file) = CsvFile::open("fuzz.csv", kind, data) else {
            continue;
        };
        while let Ok(true) = file.advance() {
            let _ = file.row_hash();
            let _ = file.key();
            if let Ok(row) = file.row() {
                let _ = parse_row(kind, &row);
            }
        }
    }
});
