//! Fuzzes the email reader: any bytes must give a message or a clear error, never a panic.
//! Run: `cargo +nightly fuzz run email` (see README).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = smb::import::email::parse("fuzz.eml", data);
});
