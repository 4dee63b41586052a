//! One email (RFC 5322) → what a case needs (SPEC §5). Parsing is mail-parser's; this module
//! decides what is required (a From address) and how the parts map to a case.

use std::io::Read;

use mail_parser::MessageParser;

use super::limits::EMAIL_BYTES;
use crate::{Error, Result};

/// Reads one message from `input` (`name` for errors), refusing (exit 2) a message over the
/// 32 MiB limit or with a NUL byte as soon as it is seen (SPEC §8): `/dev/zero` fails at once.
pub fn read_message(name: &str, mut input: impl Read) -> Result<Vec<u8>> {
    let mut raw = Vec::new();
    let mut chunk = vec![0u8; 64 << 10];
    loop {
        let n = match input.read(&mut chunk) {
            Ok(0) => return Ok(raw),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Error::invalid(format!("{name}: cannot read: {e}"))),
        };
        if let Some(i) = chunk[..n].iter().position(|b| *b == 0) {
            let line = raw
                .iter()
                .chain(&chunk[..i])
                .filter(|b| **b == b'\n')
                .count() as u64
                + 1;
            return Err(Error::invalid(format!(
                "{name}: {}; nothing was created",
                super::nul_message(line)
            )));
        }
        if raw.len() as u64 + n as u64 > EMAIL_BYTES {
            return Err(Error::invalid(format!(
                "{name}: the message is over 32 MiB: emails are limited to 32 MiB; nothing was created"
            )));
        }
        raw.extend_from_slice(&chunk[..n]);
    }
}

/// The parts of a message a case needs.
pub struct Mail {
    pub message_id: Option<String>,
    pub replies_to: Vec<String>,
    pub from: String,
    pub subject: String,
    pub body: String,
}

/// Parses one RFC 5322 message: From address, subject (encoded words decoded), the plain-text
/// body (multipart: text/plain preferred), Message-ID and the ids it replies to. `name` is the
/// file as the user gave it, for errors.
pub fn parse(name: &str, raw: &[u8]) -> Result<Mail> {
    let not_email = || {
        Error::invalid(format!(
            "{name} is not an email: expected one RFC 5322 message (an .eml file with From:, Subject: and a body)"
        ))
    };
    let msg = MessageParser::default().parse(raw).ok_or_else(not_email)?;
    if msg.headers().is_empty() {
        return Err(not_email());
    }
    let from = msg
        .from()
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .map(str::trim)
        .filter(|a| a.contains('@'))
        .ok_or_else(|| {
            Error::invalid(format!(
                "{name} has no From: address, so the sender cannot be matched or answered; nothing was created"
            ))
        })?
        .to_string();
    let clean = |s: &str| {
        s.trim()
            .trim_start_matches('<')
            .trim_end_matches('>')
            .to_string()
    };
    let mut replies_to: Vec<String> = Vec::new();
    for h in [msg.in_reply_to(), msg.references()] {
        if let Some(list) = h.as_text_list() {
            for id in list {
                let id = clean(id);
                if !id.is_empty() && !replies_to.contains(&id) {
                    replies_to.push(id);
                }
            }
        }
    }
    Ok(Mail {
        message_id: msg.message_id().map(clean).filter(|s| !s.is_empty()),
        replies_to,
        from,
        subject: msg
            .subject()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .unwrap_or("(no subject)")
            .to_string(),
        body: msg
            .body_text(0)
            .map(|b| b.trim().replace("\r\n", "\n"))
            .unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

        /// Arbitrary bytes never panic the reader: a message or a clear error.
        #[test]
        fn arbitrary_messages_never_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..600)) {
            let _ = parse("fuzz.eml", &bytes);
        }

        /// Arbitrary header and body text under a valid From: never panics, and the sender is kept.
        #[test]
        fn arbitrary_text_under_a_from(subject in "[ -~\u{e9}\u{1F680}\u{202e}]{0,40}", body in "(?s).{0,200}") {
            let raw = format!("From: someone@example.com\r\nSubject: {subject}\r\n\r\n{body}");
            let m = parse("t.eml", raw.as_bytes()).unwrap();
            proptest::prop_assert_eq!(m.from, "someone@example.com");
        }
    }

    #[test]
    fn plain_multipart_and_encoded_words() {
        let plain = b"From: A <a@x.com>\r\nSubject: Hi\r\nMessage-ID: <m1@x>\r\n\r\nBody here\r\n";
        let m = parse("t", plain).unwrap();
        assert_eq!(
            (m.from.as_str(), m.subject.as_str(), m.body.as_str()),
            ("a@x.com", "Hi", "Body here")
        );
        assert_eq!(m.message_id.as_deref(), Some("m1@x"));
        let enc = "From: b@y.de\nSubject: =?UTF-8?B?RnJhZ2UgenVyIFZlcmzDpG5nZXJ1bmc=?=\n\nx\n";
        assert_eq!(
            parse("t", enc.as_bytes()).unwrap().subject,
            "Frage zur Verlängerung"
        );
        let multi = "From: c@z.com\nSubject: M\nContent-Type: multipart/alternative; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\nplain text\n--b\nContent-Type: text/html\n\n<p>html</p>\n--b--\n";
        assert_eq!(parse("t", multi.as_bytes()).unwrap().body, "plain text");
        let reply = "From: a@x.com\nIn-Reply-To: <m1@x>\nReferences: <m0@x> <m1@x>\n\nok\n";
        assert_eq!(
            parse("t", reply.as_bytes()).unwrap().replies_to,
            vec!["m1@x", "m0@x"]
        );
    }

    #[test]
    fn messages_over_the_limit_or_with_a_nul_byte_are_refused() {
        let ok = b"From: a@x.com\r\nSubject: hi\r\n\r\nbody\r\n";
        assert_eq!(read_message("m", &ok[..]).unwrap(), ok);
        let err = read_message("m", &b"From: a@x.com\n\nbo\0dy"[..])
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 3") && err.contains("NUL"), "{err}");
        let at_limit = std::io::repeat(b'a').take(EMAIL_BYTES);
        assert_eq!(
            read_message("m", at_limit).unwrap().len() as u64,
            EMAIL_BYTES
        );
        let endless = std::io::repeat(b'a');
        let err = read_message("m", endless).unwrap_err().to_string();
        assert!(err.contains("32 MiB"), "{err}");
    }

    #[test]
    fn not_an_email_or_no_from() {
        assert!(parse("t", b"account_id,name\nA1,Acme\n").is_err());
        let err = parse("t", b"Subject: hi\n\nbody\n")
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("no From"), "{err}");
    }
}
