//! PostgreSQL's binary `COPY` format, written into a byte buffer: the one encoding of the
//! import's rows (`import.rs`) and a first trigger run's cases (`first_write.rs`), and the
//! signature the readers (`run.rs`, `import.rs`) check. The bytes are those
//! `postgres::binary_copy::BinaryCopyInWriter` sends for these types (text: its UTF-8 bytes;
//! `bigint`: 8 bytes, big-endian; `boolean`: one byte; NULL: length -1), without its type
//! check and dynamic calls for every value.

/// The first bytes of the format, both ways.
pub(super) const SIGNATURE: &[u8; 11] = b"PGCOPY\n\xff\r\n\0";

/// A text value of 2 GiB or more: the format's lengths are `i32`.
#[derive(Debug)]
pub(super) struct TooLong;

/// The header: the signature, no flags, no header extension.
pub(super) fn header(buf: &mut Vec<u8>) {
    buf.extend_from_slice(SIGNATURE);
    buf.extend_from_slice(&0i32.to_be_bytes()); // flags
    buf.extend_from_slice(&0i32.to_be_bytes()); // no header extension
}

/// Starts a row of `fields` values.
#[inline]
pub(super) fn row(buf: &mut Vec<u8>, fields: i16) {
    buf.extend_from_slice(&fields.to_be_bytes());
}

#[inline]
pub(super) fn null(buf: &mut Vec<u8>) {
    buf.extend_from_slice(&(-1i32).to_be_bytes());
}

#[inline]
pub(super) fn text(buf: &mut Vec<u8>, v: Option<&str>) -> Result<(), TooLong> {
    match v {
        None => null(buf),
        Some(s) => {
            let n = i32::try_from(s.len()).map_err(|_| TooLong)?;
            buf.extend_from_slice(&n.to_be_bytes());
            buf.extend_from_slice(s.as_bytes());
        }
    }
    Ok(())
}

#[inline]
pub(super) fn int8(buf: &mut Vec<u8>, v: Option<i64>) {
    match v {
        None => null(buf),
        Some(n) => {
            buf.extend_from_slice(&8i32.to_be_bytes());
            buf.extend_from_slice(&n.to_be_bytes());
        }
    }
}

#[inline]
pub(super) fn bool(buf: &mut Vec<u8>, v: Option<bool>) {
    match v {
        None => null(buf),
        Some(b) => {
            buf.extend_from_slice(&1i32.to_be_bytes());
            buf.push(u8::from(b));
        }
    }
}

/// The trailer that ends the rows.
pub(super) fn trailer(buf: &mut Vec<u8>) {
    buf.extend_from_slice(&(-1i16).to_be_bytes());
}
