//! `smb case email FILE|-`: plain, multipart, encoded subject, unknown sender in both queues,
//! a reply to a closed case, duplicates, and what is not an email.

use crate::casework::{actions, digital, ids, show};
use crate::support::{Workdir, fixtures};

const PLAIN: &str = "From: Dana Whitfield <dana.w@acme.com>\r
To: smallbusiness@example.com\r
Subject: Question about our renewal quote\r
Message-ID: <q1@mail.acme.com>\r
Date: Mon, 02 Mar 2026 09:15:12 +0000\r
\r
Hi team,\r
Could you send an updated quote?\r
";

const REPLY: &str = "From: Dana Whitfield <dana.w@acme.com>
Subject: Re: Question about our renewal quote
Message-ID: <q2@mail.acme.com>
In-Reply-To: <q1@mail.acme.com>
References: <q1@mail.acme.com>

One more thing: a new billing contact.
";

fn email(w: &Workdir, name: &str, text: &str) -> serde_json::Value {
    let f = w.create(name, text);
    w.json(&["case", "email", f.to_str().unwrap()])
}

#[test]
fn plain_email_from_a_contact() {
    let w = digital();
    let c = email(&w, "q1.eml", PLAIN);
    assert_eq!(c["trigger"], "email_to_case");
    assert_eq!(c["category"], "Inbound Request");
    assert_eq!(c["priority"], "High");
    assert_eq!(c["origin"], "email");
    assert_eq!(c["account_id"], "A1");
    assert_eq!(c["contact_id"], "C1");
    assert_eq!(c["queue"], "AMER");
    assert_eq!(c["web_email"], "dana.w@acme.com");
    assert_eq!(c["subject"], "Question about our renewal quote");
    assert_eq!(
        c["description"],
        "Hi team,\nCould you send an updated quote?"
    );
    // the same message again: nothing new
    let again = email(&w, "q1-again.eml", PLAIN);
    assert_eq!(again["id"], c["id"]);
    assert_eq!(ids(&w.json(&["queue", "list", "--queue", "AMER"])).len(), 1);
}

#[test]
fn sender_matched_by_domain_and_encoded_subject() {
    let w = digital();
    let c = email(
        &w,
        "enc.eml",
        "From: someone@berliner-bau.de\nSubject: =?UTF-8?B?RnJhZ2UgenVyIFZlcmzDpG5nZXJ1bg==?=\n =?UTF-8?B?ZyDigJMgTcO8bGxlciBTw7ZobmUgR21iSA==?=\nMessage-ID: <e1@bb>\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: quoted-printable\n\nK=C3=B6nnen Sie uns ein Angebot schicken?\n",
    );
    assert_eq!(c["subject"], "Frage zur Verlängerung – Müller Söhne GmbH");
    assert_eq!(c["description"], "Können Sie uns ein Angebot schicken?");
    assert_eq!(c["account_id"], "A2");
    assert_eq!(c["contact_id"], serde_json::Value::Null);
    assert_eq!(c["queue"], "EMEA");
}

#[test]
fn multipart_prefers_the_plain_text_part() {
    let w = digital();
    let f = fixtures().join("emails/04-multipart.eml");
    let c = w.json(&["case", "email", f.to_str().unwrap()]);
    let d = c["description"].as_str().unwrap();
    assert!(
        d.contains("10 more seats") && !d.contains("<b>") && !d.contains("<p>"),
        "{d}"
    );
    let c = email(
        &w,
        "m.eml",
        "From: x@acme.com\nSubject: M\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=\"b\"\n\n--b\nContent-Type: text/html\n\n<p>html</p>\n--b\nContent-Type: text/plain\n\nplain words\n--b--\n",
    );
    assert_eq!(c["description"], "plain words");
}

#[test]
fn unknown_sender_sits_in_both_queues_until_an_account_is_attached() {
    let w = digital();
    let f = w.create(
        "u.eml",
        "From: Alex <alex@gmail.com>\nSubject: Pricing\nMessage-ID: <u1@gmail>\n\nDiscount?\n",
    );
    // from standard input
    let out = w
        .smb(&["--format", "json", "case", "email", "-"])
        .write_stdin(std::fs::read(&f).unwrap())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let c: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let id = c["id"].as_i64().unwrap();
    assert_eq!(c["account_id"], serde_json::Value::Null);
    assert_eq!(c["queue"], "AMER,EMEA");
    assert_eq!(ids(&w.json(&["--as", "Dana", "queue", "list"])), vec![id]);
    assert_eq!(ids(&w.json(&["--as", "Lena", "queue", "list"])), vec![id]);
    let c = w.json(&[
        "--as",
        "Lena",
        "case",
        "update",
        &id.to_string(),
        "--account",
        "A2",
    ]);
    assert_eq!(c["queue"], "EMEA");
    assert_eq!(
        w.json(&["--as", "Dana", "queue", "list"]),
        serde_json::json!([])
    );
    assert_eq!(ids(&w.json(&["--as", "Lena", "queue", "list"])), vec![id]);
    let h = show(&w, id)["history"].clone();
    let fields: Vec<&str> = h.as_array().unwrap()[2..]
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, vec!["account_id", "queue"]);
}

#[test]
fn a_reply_is_attached_to_its_case_even_a_closed_one() {
    let w = digital();
    let c = email(&w, "q1.eml", PLAIN);
    let id = c["id"].as_i64().unwrap();
    w.ok(&["--as", "Dana", "pick"]);
    w.ok(&[
        "--as",
        "Dana",
        "close",
        &id.to_string(),
        "--status",
        "resolved",
        "--action",
        "Answered Question",
    ]);
    let f = w.create("q2.eml", REPLY);
    let out = w.ok(&["case", "email", f.to_str().unwrap()]);
    assert!(
        out.contains(&format!("case #{id}")) && out.contains("Dana is told"),
        "{out}"
    );
    assert!(out.contains("closed"), "{out}");
    assert_eq!(actions(&w, id).last().unwrap(), "email_attached");
    let c = show(&w, id);
    assert_eq!(c["status"], "Closed - Resolved");
    // no new case; the reply itself is now known too (a reply to the reply attaches as well)
    assert_eq!(
        w.json(&["queue", "list", "--queue", "AMER"]),
        serde_json::json!([])
    );
    let r3 = REPLY
        .replace("<q2@", "<q3@")
        .replace("In-Reply-To: <q1@", "In-Reply-To: <q2@");
    let c3 = email(&w, "q3.eml", &r3);
    assert_eq!(c3["id"], id);
    let attached = actions(&w, id)
        .iter()
        .filter(|a| *a == "email_attached")
        .count();
    assert_eq!(attached, 2);
}

#[test]
fn not_an_email_or_no_from_is_refused() {
    let w = digital();
    let before = w.state();
    let f = w.create("accounts.csv", "account_id,account_name\nA1,Acme\n");
    let err = w.fails(&["case", "email", f.to_str().unwrap()], 2);
    assert!(
        err.contains("not an email") || err.contains("no From"),
        "{err}"
    );
    let f = w.create("nofrom.eml", "Subject: hello\nMessage-ID: <n@x>\n\nbody\n");
    let err = w.fails(&["case", "email", f.to_str().unwrap()], 2);
    assert!(err.contains("no From"), "{err}");
    let err = w.fails(&["case", "email", "missing.eml"], 2);
    assert!(err.contains("cannot open"), "{err}");
    assert_eq!(before, w.state());
}

/// SPEC §3.3 item 4 (decision): once an account is attached to an unknown sender's case, the
/// case belongs to that account's queue for good: deferred, it comes back there, not to both.
#[test]
fn an_attached_account_is_for_good() {
    let mut w = digital();
    let f = w.create(
        "u.eml",
        "From: Alex <alex@gmail.com>\nSubject: Pricing\nMessage-ID: <u1@gmail>\n\nDiscount?\n",
    );
    let id = w.json(&["case", "email", f.to_str().unwrap()])["id"]
        .as_i64()
        .unwrap()
        .to_string();
    w.ok(&["--as", "Lena", "pick", &id]);
    w.ok(&["--as", "Lena", "case", "update", &id, "--account", "A2"]);
    assert_eq!(show(&w, id.parse().unwrap())["queue"], "EMEA");
    w.ok(&[
        "--as",
        "Lena",
        "case",
        "defer",
        &id,
        "--until",
        "2026-03-10",
        "--next-steps",
        "Call back",
    ]);
    assert_eq!(show(&w, id.parse().unwrap())["queue"], "EMEA");
    w.now = "2026-03-11T09:00:00Z".into();
    assert_eq!(
        w.json(&["--as", "Dana", "queue", "list"]),
        serde_json::json!([])
    );
    assert_eq!(
        ids(&w.json(&["--as", "Lena", "queue", "list"])),
        vec![id.parse::<i64>().unwrap()]
    );
}

/// SPEC §5 (decision): the owner is told. A customer's reply on an owned case and a case routed
/// to its owner wait in the owner's `smb today`, first; `case show` by the owner marks them
/// seen (by someone else it does not).
#[test]
fn the_owner_is_told_of_replies_and_routed_cases() {
    let w = digital();
    let first = email(&w, "q1.eml", PLAIN)["id"].as_i64().unwrap();
    w.ok(&["--as", "Dana", "pick", &first.to_string()]);
    // routed to Dana: she owns an open case on A1
    let routed = crate::casework::new_case(&w, "A1", "Support Ticket", None);
    assert_eq!(show(&w, routed)["owner"], "Dana");
    email(&w, "q2.eml", REPLY);
    let today = w.json(&["--as", "Dana", "today"]);
    let kinds = |today: &serde_json::Value, id: i64| -> Vec<String> {
        today
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["id"] == id)
            .flat_map(|c| c["today"].as_array().unwrap().clone())
            .map(|i| i["kind"].as_str().unwrap().to_string())
            .collect()
    };
    let listed: Vec<i64> = today
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert_eq!(
        listed[..2].to_vec(),
        {
            let mut v = vec![first, routed];
            v.sort();
            v
        },
        "{today}"
    );
    assert_eq!(kinds(&today, first)[0], "customer_reply", "{today}");
    assert_eq!(kinds(&today, routed)[0], "routed_to_you", "{today}");
    let table = w.ok(&["--as", "Dana", "today"]);
    assert!(table.contains("reply from dana.w@acme.com"), "{table}");
    // someone else's look marks nothing
    w.ok(&["--as", "Lena", "case", "show", &first.to_string()]);
    assert_eq!(
        kinds(&w.json(&["--as", "Dana", "today"]), first)[0],
        "customer_reply"
    );
    // the owner's does
    w.ok(&["--as", "dana", "case", "show", &first.to_string()]);
    let today = w.json(&["--as", "Dana", "today"]);
    assert!(
        !kinds(&today, first).contains(&"customer_reply".to_string()),
        "{today}"
    );
    assert_eq!(kinds(&today, routed)[0], "routed_to_you");
    // a reply on a closed case is listed too
    w.ok(&[
        "--as",
        "Dana",
        "close",
        &first.to_string(),
        "--status",
        "resolved",
        "--action",
        "Answered Question",
    ]);
    let again = REPLY.replace("<q2@mail.acme.com>", "<q3@mail.acme.com>");
    email(&w, "q3.eml", &again);
    let today = w.json(&["--as", "Dana", "today"]);
    assert_eq!(kinds(&today, first), ["customer_reply"], "{today}");
}
