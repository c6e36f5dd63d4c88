//! Telling people about a cancelled registration, whichever way it was
//! cancelled, and making its refund. The store settles the money in the
//! cancelling transaction ([`store::cancellation::settle`]); here the mails
//! are queued in that same transaction and the refunds are made after it
//! commits.

use app::state::AppState;
use chrono::{DateTime, Utc};
use domain::Money;
use domain::i18n;
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
    let title = c.event_title.as_str();
    // The language the order was placed in.
    let locale = c.locale;
    let text_with = |key: &'static str, values: &[(&str, &str)]| i18n::text_with(locale, key, values);
    let money = money_lines(c);
    let attendee = c.attendee.as_ref().filter(|_| why != Why::Erasure);
    // The booker hears about the money unless she is the attendee: then the
    // attendee's mail says it (or, after an erasure, nobody writes to her).
    let booker = c.booker.as_ref().filter(|b| c.attendee.as_ref().is_none_or(|a| a.email != b.email));
    let mut out = Vec::new();
    if let Some(to) = attendee {
        let event = [("event", title)];
        let (subject, what) = match why {
            Why::ByHolder => {
                (text_with("mail.cancelled_by_holder_subject", &event), text_with("mail.cancelled_by_holder", &event))
            }
            Why::ByOrganiser => (
                text_with("mail.cancelled_by_organiser_subject", &event),
                text_with("mail.cancelled_by_organiser", &[("event", title), ("organiser", &c.organiser_name)]),
            ),
            Why::EventCancelled | Why::Erasure => {
                (text_with("mail.event_cancelled_subject", &event), text_with("mail.event_cancelled", &event))
            }
        };
        let mut lines = vec![text_with("mail.dear", &[("name", &to.name)]), what];
        let own_money = c.booker.as_ref().is_none_or(|b| b.email == to.email);
        if own_money {
            lines.extend(money.iter().cloned());
        } else if let Some(booker) = c.booker.as_ref().filter(|_| !money.is_empty()) {
            lines.push(text_with("mail.booker_hears", &[("booker", &booker.name)]));
        }
        lines.push(text_with("mail.questions", &[("organiser", &c.organiser_name)]));
        let attachments = if own_money { credit_note_attachments(c) } else { Vec::new() };
        out.push(mail(c, to, subject, &lines, attachments));
    }
    if let Some(to) = booker.filter(|_| !money.is_empty()) {
        let whose = c.attendee.as_ref().map_or(i18n::text(locale, "mail.a_participant"), |a| a.name.as_str());
        let what = match why {
            Why::EventCancelled => text_with("mail.booker_event_cancelled", &[("event", title), ("whose", whose)]),
            _ => text_with("mail.booker_registration_cancelled", &[("event", title), ("whose", whose)]),
        };
        let subject = match &c.credit_note {
            Some(note) => text_with(
                "mail.credit_note_subject",
                &[("number", &note.document.number.to_string()), ("event", title)],
            ),
            None => text_with("mail.refund_subject", &[("event", title)]),
        };
        let mut lines = vec![text_with("mail.dear", &[("name", &to.name)]), what];
        lines.extend(money);
        out.push(mail(c, to, subject, &lines, credit_note_attachments(c)));
    }
    out
}

/// What happens with the money: a credit note, a refund, or both.
fn money_lines(c: &Cancelled) -> Vec<String> {
    let locale = c.locale;
    let mut lines = Vec::new();
    if let Some(note) = &c.credit_note {
        let d = &note.document;
        let number = d.number.to_string();
        let total = d.totals().gross.display_in(locale);
        lines.push(match d.credited.as_ref() {
            Some(invoice) => i18n::text_with(
                locale,
                "mail.credit_note_against",
                &[
                    ("number", &number),
                    ("invoice", &invoice.number.to_string()),
                    ("total", &total),
                    ("organiser", &c.organiser_name),
                ],
            ),
            None => i18n::text_with(
                locale,
                "mail.credit_note",
                &[("number", &number), ("total", &total), ("organiser", &c.organiser_name)],
            ),
        });
    }
    if let Some(refund) = &c.refund {
        let amount = Money::from_cents(refund.amount_cents).display_in(locale);
        lines.push(i18n::text_with(locale, "mail.refund", &[("amount", &amount)]));
    }
    lines
}

fn credit_note_attachments(c: &Cancelled) -> Vec<domain::mail::Attachment> {
    c.credit_note.as_ref().map(|note| crate::invoices::attachments(c.locale, note)).unwrap_or_default()
}

fn mail(
    c: &Cancelled,
    to: &Contact,
    subject: String,
    lines: &[String],
    attachments: Vec<domain::mail::Attachment>,
) -> OutgoingMail {
    let (text_body, html_body) = crate::mail::render_in(c.locale, Some(&c.organiser_name), &subject, lines, None);
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
