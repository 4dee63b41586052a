//! `smb case email FILE|-`: the smallbusiness@ mailbox (SPEC §5). One RFC 5322 message
//! becomes a case, or is attached to the case of the thread it replies to.

use std::io::Read;

use mail_parser::MessageParser;

use super::Ctx;
use crate::cli::work::{emit_case, label, load_case};
use smb::domain::case::{Case, Category, HistoryEntry, Origin, Priority};
use smb::domain::model::Model;
use smb::domain::routing::{Route, queue_for, route, upgrade_opp_owner};
use smb::domain::segment::standing;
use smb::domain::workflow::EMAIL_TO_CASE;
use smb::{Error, Result};

/// Turn an email into a case (or attach a reply to its case).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  smb case email message.eml\n  fetchmail-hook | smb case email -\n\nThe sender is matched to a contact, else the domain to an account (email_domain). An\nunknown sender's case sits in both the AMER and EMEA queues until `smb case update ID\n--account ACCOUNT` attaches an account. A reply (In-Reply-To / References) to a message of a\ncase is attached to that case, even a closed one, and its owner is told."
)]
pub struct Args {
    /// The message file (.eml), or - for standard input
    file: String,
}

/// The parts of a message a case needs.
struct Mail {
    message_id: Option<String>,
    replies_to: Vec<String>,
    from: String,
    subject: String,
    body: String,
}

fn read(file: &str) -> Result<Vec<u8>> {
    let mut raw = Vec::new();
    if file == "-" {
        std::io::stdin()
            .lock()
            .read_to_end(&mut raw)
            .map_err(|e| Error::io("cannot read standard input", e))?;
    } else {
        raw =
            std::fs::read(file).map_err(|e| Error::invalid(format!("{file}: cannot open: {e}")))?;
    }
    Ok(raw)
}

fn parse(name: &str, raw: &[u8]) -> Result<Mail> {
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

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    let name = if args.file == "-" {
        "<stdin>"
    } else {
        args.file.as_str()
    };
    let mail = parse(name, &read(&args.file)?)?;
    let now = ctx.now;
    let mut store = ctx.open()?;
    let tx = store.write()?;
    let settings = tx.settings()?;

    // The same message twice: nothing new.
    if let Some(id) = &mail.message_id
        && let Some(case_id) = tx.case_for_message(id)?
    {
        let c = load_case(&tx, case_id)?;
        drop(tx);
        ctx.warn(format!(
            "message <{id}> is already on case #{case_id}; nothing was changed"
        ));
        return emit_case(ctx, &c, &format!("Already on {}.", label(&c)));
    }

    // A reply in a known thread: attach it to that case, even a closed one.
    let mut thread = None;
    for id in &mail.replies_to {
        if let Some(case_id) = tx.case_for_message(id)? {
            thread = Some(case_id);
            break;
        }
    }
    if let Some(case_id) = thread {
        let c = load_case(&tx, case_id)?;
        if let Some(id) = &mail.message_id {
            tx.attach_message(id, c.id, now)?;
        }
        let first_line = mail
            .body
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        tx.append_history(
            c.id,
            &HistoryEntry::new(now, &ctx.user, "email_attached")
                .change("message_id", None, mail.message_id.clone())
                .note(format!(
                    "from {}: {} — {}",
                    mail.from,
                    mail.subject,
                    first_line.trim()
                )),
        )?;
        tx.commit()?;
        let owner = c
            .owner
            .as_deref()
            .unwrap_or("nobody yet (it is in the queue)");
        let mut line = format!(
            "Attached the reply from {} to {} ({}). Owner to tell: {owner}.",
            mail.from,
            label(&c),
            c.status
        );
        if c.status.is_closed() {
            line.push_str(&format!(
                " The case is closed: {owner} should ask the customer to start a new email to smallbusiness@, or open a new case for them (smb case new)."
            ));
        }
        return emit_case(ctx, &c, &line);
    }

    // A new case.
    let contact = tx.contact_by_email(&mail.from)?;
    let account_id = match &contact {
        Some(c) => Some(c.account_id.clone()),
        None => match mail.from.rsplit_once('@') {
            Some((_, domain)) => tx.account_by_domain(domain)?,
            None => None,
        },
    };
    let account = match &account_id {
        Some(id) => tx.account(id)?,
        None => None,
    };
    let mut draft = Case::draft(
        EMAIL_TO_CASE,
        Category::InboundRequest,
        Priority::High,
        &mail.subject,
        Origin::Email,
        &ctx.user,
        now,
    );
    draft.description = mail.body.clone();
    draft.web_email = Some(mail.from.clone());
    draft.message_id = mail.message_id.clone();
    draft.contact_id = contact.as_ref().map(|c| c.id.clone());
    draft.account_id = account.as_ref().map(|a| a.id.clone());
    draft.queue = Some(queue_for(&settings, account.as_ref()));
    if let Some(a) = &account {
        let st = standing(&settings, a, now.date_naive());
        if !st.in_segment {
            ctx.warn(format!(
                "the sender's account {} is out of segment ({}); the case is created anyway",
                a.id, st.reason
            ));
        }
    }
    let open_owner = match &account {
        Some(a) => tx.open_case_owner(&a.id)?,
        None => None,
    };
    let opps = match &account {
        Some(a) if settings.model == Model::Pooled => tx.opportunities_of(&a.id)?,
        _ => Vec::new(),
    };
    let routed = route(
        &settings,
        account.as_ref(),
        open_owner.as_ref().map(|(n, id)| (n.as_str(), *id)),
        upgrade_opp_owner(&opps),
    );
    let (note, where_to) = match &routed {
        Route::Owner { name, why } => {
            draft.owner = Some(name.clone());
            (Some(why.clone()), format!("assigned to {name} ({why})"))
        }
        Route::Queue(q) if account.is_none() => {
            draft.queue = Some(q.clone());
            (
                Some("unknown sender: in both the AMER and EMEA queues".to_string()),
                "in both the AMER and EMEA queues (unknown sender; attach an account with `smb case update ID --account ACCOUNT`)"
                    .to_string(),
            )
        }
        Route::Queue(q) => {
            draft.queue = Some(q.clone());
            (None, format!("in the {q} queue"))
        }
    };
    let matched = match (&contact, &account) {
        (Some(c), _) => format!("contact {}", c.id),
        (None, Some(a)) => format!("account {} by domain", a.id),
        _ => "no contact or account".to_string(),
    };
    let c = tx.create_case(&draft, &ctx.user, note.as_deref())?;
    tx.commit()?;
    let line = format!(
        "Created {} from {} ({matched}), {where_to}.",
        label(&c),
        mail.from
    );
    emit_case(ctx, &c, &line)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn not_an_email_or_no_from() {
        assert!(parse("t", b"account_id,name\nA1,Acme\n").is_err());
        let err = parse("t", b"Subject: hi\n\nbody\n")
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("no From"), "{err}");
    }
}
