//! Telling people about a cancelled registration, whichever way it was
//! cancelled, and making its refund. The store settles the money in the
//! cancelling transaction ([`store::cancellation::settle`]); here the mails
//! are queued in that same transaction and the refunds are made after it
//! commits.

use app::state::AppState;
use chrono::{DateTime, Utc};
use domain::Money;
use domain::mail::OutgoingMail;
use sea_orm::ConnectionTrait;
use store::cancellation::{Cancelled, Contact};

/// Who cancelled, which decides what the mails say (and to whom).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// The ticket's holder, on the ticket page.
    ByHolder,
    /// The organiser (through the API).
    ByOrganiser,
    /// The organiser cancelled the whole event.
    EventCancelled,
    /// The holder erased her account: she is not written to any more.
    Erasure,
}

/// Queues, in the caller's transaction, the offers of the freed seats, the
/// attendee's notice and the booker's credit note or refund notice.
pub async fn queue_mails(
    db: &impl ConnectionTrait,
    base_url: &str,
    cancelled: &Cancelled,
    why: Why,
    now: DateTime<Utc>,
) -> Result<(), store::StoreError> {
    crate::waitlist::queue_offer_mails(db, base_url, &cancelled.offers, now).await?;
    for mail in mails(cancelled, why) {
        store::mail::enqueue(db, &mail, now).await?;
    }
    Ok(())
}

/// Makes the refunds the cancellations recorded (after their commit). A
/// failed call stays pending and is retried by the payments worker.
pub async fn make_refunds(state: &AppState, cancelled: &[Cancelled]) {
    for refund in cancelled.iter().filter_map(|c| c.refund.as_ref()) {
        crate::payments::make_refund(state, refund).await;
    }
}

/// The mails a cancellation sends: one to the attendee, and one to the booker
/// when the money goes to someone else (a colleague who booked for her).
fn mails(c: &Cancelled, why: Why) -> Vec<OutgoingMail> {
    let title = &c.event_title;
    let money = money_lines(c);
    let attendee = c.attendee.as_ref().filter(|_| why != Why::Erasure);
    // The booker hears about the money unless she is the attendee: then the
    // attendee's mail says it (or, after an erasure, nobody writes to her).
    let booker = c.booker.as_ref().filter(|b| c.attendee.as_ref().is_none_or(|a| a.email != b.email));
    let mut out = Vec::new();
    if let Some(to) = attendee {
        let (subject, what) = match why {
            Why::ByHolder => (
                format!("Afgemeld: {title}"),
                format!(
                    "Je hebt je afgemeld voor «{title}». Je plaats gaat naar iemand op de wachtlijst; je ticket geldt niet meer."
                ),
            ),
            Why::ByOrganiser => (
                format!("Inschrijving geannuleerd: {title}"),
                format!(
                    "{} heeft je inschrijving voor «{title}» geannuleerd. Je ticket geldt niet meer.",
                    c.organiser_name
                ),
            ),
            Why::EventCancelled | Why::Erasure => (
                format!("Geannuleerd: {title}"),
                format!("Helaas gaat «{title}» niet door. Je inschrijving en je ticket vervallen."),
            ),
        };
        let mut lines = vec![format!("Beste {},", to.name), what];
        let own_money = c.booker.as_ref().is_none_or(|b| b.email == to.email);
        if own_money {
            lines.extend(money.iter().cloned());
        } else if !money.is_empty() {
            lines.push(format!(
                "{} boekte je plaats en krijgt bericht over de creditnota of terugbetaling.",
                c.booker.as_ref().map_or("Wie", |b| b.name.as_str())
            ));
        }
        lines.push(format!("Vragen? Antwoord gewoon op deze mail; die gaat naar {}.", c.organiser_name));
        let attachments = if own_money { credit_note_attachments(c) } else { Vec::new() };
        out.push(mail(c, to, subject, &lines, attachments));
    }
    if let Some(to) = booker.filter(|_| !money.is_empty()) {
        let whose = c.attendee.as_ref().map_or_else(|| "een deelnemer".to_string(), |a| a.name.clone());
        let what = match why {
            Why::EventCancelled => format!("«{title}» gaat niet door; de plaats van {whose} vervalt."),
            _ => format!("De inschrijving van {whose} voor «{title}» werd geannuleerd."),
        };
        let subject = match &c.credit_note {
            Some(note) => format!("Creditnota {}: {title}", note.document.number),
            None => format!("Terugbetaling: {title}"),
        };
        let mut lines = vec![format!("Beste {},", to.name), what];
        lines.extend(money);
        out.push(mail(c, to, subject, &lines, credit_note_attachments(c)));
    }
    out
}

/// What happens with the money: a credit note, a refund, or both.
fn money_lines(c: &Cancelled) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(note) = &c.credit_note {
        let d = &note.document;
        let against = d.credited.as_ref().map(|i| format!(" bij factuur {}", i.number)).unwrap_or_default();
        lines.push(format!(
            "In bijlage vind je creditnota {}{against} ({}) als PDF en als UBL-bestand (Peppol), voor je boekhouding. Was de factuur nog niet betaald, dan vervalt dat bedrag; was ze al betaald, dan stort {} het terug.",
            d.number,
            d.totals().gross.display_nl(),
            c.organiser_name
        ));
    }
    if let Some(refund) = &c.refund {
        lines.push(format!(
            "Je betaalde online: we storten {} terug op de kaart of rekening waarmee je betaalde. Het bedrag staat er meestal binnen 5 tot 10 werkdagen.",
            Money::from_cents(refund.amount_cents).display_nl()
        ));
    }
    lines
}

fn credit_note_attachments(c: &Cancelled) -> Vec<domain::mail::Attachment> {
    c.credit_note.as_ref().map(crate::invoices::attachments).unwrap_or_default()
}

fn mail(
    c: &Cancelled,
    to: &Contact,
    subject: String,
    lines: &[String],
    attachments: Vec<domain::mail::Attachment>,
) -> OutgoingMail {
    let (text_body, html_body) = crate::mail::render(Some(&c.organiser_name), &subject, lines, None);
    OutgoingMail {
        organiser_id: Some(c.organiser_id),
        to: to.email.clone(),
        to_name: Some(to.name.clone()).filter(|n| !n.is_empty()),
        subject,
        text_body,
        html_body,
        attachments,
    }
}
