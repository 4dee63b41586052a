//! `smb case email FILE|-`: the smallbusiness@ mailbox (SPEC §5). One RFC 5322 message
//! becomes a case, or is attached to the case of the thread it replies to.

use super::Ctx;
use crate::cli::work::{apply, create_case, emit_case, label, route_new_case};
use smb::domain::account::email_domain;
use smb::domain::case::{Case, Category, Origin, Priority};
use smb::domain::change::{self, NewCase};
use smb::domain::routing::{Route, queue_for};
use smb::domain::segment::standing;
use smb::domain::workflow::EMAIL_TO_CASE;
use smb::import::email::{parse, read_message};
use smb::store::Ops;
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

/// Reads the whole message before the database is opened (no lock is held while a pipe is
/// slow), within the input limits.
fn read(file: &str) -> Result<Vec<u8>> {
    if file == "-" {
        read_message("<stdin>", std::io::stdin().lock())
    } else {
        let f = std::fs::File::open(file)
            .map_err(|e| Error::invalid(format!("{file}: cannot open: {e}")))?;
        read_message(file, f)
    }
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    let name = if args.file == "-" {
        "<stdin>"
    } else {
        args.file.as_str()
    };
    if args.file == "-" {
        ctx.note_waiting_for_stdin("the email (an .eml message)");
    }
    let mail = parse(name, &read(&args.file)?)?;
    let now = ctx.now;
    let mut store = ctx.open()?;
    let mut tx = store.write()?;
    let settings = tx.settings()?;

    // The same message twice: nothing new.
    if let Some(id) = &mail.message_id
        && let Some(c) = tx.thread_of(std::slice::from_ref(id))?
    {
        drop(tx);
        ctx.warn(format!(
            "message <{id}> is already on case #{}; nothing was changed",
            c.id
        ));
        return emit_case(ctx, &c, &format!("Already on {}.", label(&c)));
    }

    // A reply in a known thread: attach it to that case, even a closed one.
    if let Some(c) = tx.thread_of(&mail.replies_to)? {
        let mut change = change::attach_reply(
            &c,
            mail.message_id.as_deref(),
            &mail.from,
            &mail.subject,
            &mail.body,
            &ctx.user,
            now,
        );
        // SPEC §11.5: an owner who is away has the notice go to their cover.
        let desk = crate::cli::cover::Desk::read(&mut tx, now)?;
        if !desk.is_empty() {
            let lang = crate::cli::cover::language(&mut tx, c.contact_id.as_deref())?;
            desk.reply_notices(&mut change, lang.as_deref());
        }
        apply(&mut tx, &change)?;
        tx.commit()?;
        let told = match change.notices.first().map(|n| n.recipient.as_str()) {
            Some(o) if c.owner.as_deref().is_some_and(|w| w != o) => format!(
                "{o} is told, covering for {} (away): it waits first in their `smb today`",
                c.owner.as_deref().unwrap_or_default()
            ),
            Some(o) => format!("{o} is told: it waits first in their `smb today`"),
            None => "nobody owns it yet (it is in the queue)".to_string(),
        };
        let owner = c.owner.as_deref().unwrap_or("the advocate who picks it");
        let mut line = format!(
            "Attached the reply from {} to {} ({}). {told}.",
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
        None => match email_domain(&mail.from) {
            Some(domain) => tx.account_by_domain(domain)?,
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
    let routed = route_new_case(&mut tx, &settings, account.as_ref())?;
    // SPEC §11.5: someone away is covered.
    let routed = crate::cli::cover::route(
        &mut tx,
        routed,
        now,
        contact.as_ref().map(|c| c.id.as_str()),
        account.as_ref().map(|a| a.id.as_str()),
    )?;
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
    let c = create_case(
        &mut tx,
        NewCase {
            draft,
            actor: ctx.user.clone(),
            note,
            rollover: None,
        },
    )?;
    tx.commit()?;
    let line = format!(
        "Created {} from {} ({matched}), {where_to}.",
        label(&c),
        mail.from
    );
    emit_case(ctx, &c, &line)
}
