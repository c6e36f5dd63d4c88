//! Every mail an order's lifecycle sends, in one place: the confirmation and
//! tickets of a booking ([`confirmation_mails`]), the link a large group's
//! booker confirms with ([`confirm_booking_mail`]), the offer of a freed seat
//! ([`queue_offer_mails`]) and the invoice of an offer taken ([`invoice_mail`]),
//! and the notices of a cancellation with its credit note or refund
//! ([`cancellation_mails`]). They are queued in the transaction of the step
//! that sends them (the mail worker delivers them after commit); rendering is
//! `crate::mail`.

use app::state::AppState;
use domain::Money;
use domain::calendar::{CalendarEntry, calendar};
use domain::dates;
use domain::i18n;
use domain::mail::{Attachment, OutgoingMail};
use domain::paths;
use domain::registration::{Placement, RegistrationRequest};
use sea_orm::{ConnectionTrait, EntityTrait};
use store::orders::book::Booked;
use store::orders::cancel::{Cancelled, Contact};
use store::orders::waitlist::Offer;

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

/// The content id of the QR image in a ticket mail.
const TICKET_QR_ID: &str = "ticket-qr";

/// The one mail a large group's booker gets before confirming: the link.
pub(crate) fn confirm_booking_mail(
    state: &AppState,
    (organiser_id, organiser_name): (i32, &str),
    request: &RegistrationRequest,
    booked: &Booked,
    waiting: &store::orders::book::AwaitingConfirmation,
) -> OutgoingMail {
    let locale = booked.locale;
    let until = store::time::to_local(waiting.until);
    let subject = i18n::text_with(locale, "mail.confirm_booking_subject", &[("event", &booked.event_title)]);
    let lines = vec![
        i18n::text_with(locale, "mail.dear", &[("name", &request.booker_name)]),
        i18n::text_with(
            locale,
            "mail.confirm_booking",
            &[
                ("count", &booked.attendees.len().to_string()),
                ("event", &booked.event_title),
                ("until", &until.format("%d/%m/%Y %H:%M").to_string()),
            ],
        ),
        i18n::text(locale, "mail.confirm_booking_ignore").to_string(),
    ];
    let link = format!("{}/inschrijving/bevestigen/{}", state.settings.base_url, waiting.token);
    let (text_body, html_body) = crate::mail::render_in(
        locale,
        Some(organiser_name),
        &subject,
        &lines,
        Some((i18n::text(locale, "mail.confirm_booking_button"), link.as_str())),
    );
    OutgoingMail {
        organiser_id: Some(organiser_id),
        to: request.booker_email.clone(),
        to_name: Some(request.booker_name.clone()),
        subject,
        text_body,
        html_body,
        attachments: Vec::new(),
    }
}

/// One mail per attendee (with their ticket link), and an overview for the
/// booker when they are not among the attendees.
/// `paid_online`: the order was paid by card or Bancontact (no invoice follows).
pub(crate) fn confirmation_mails(
    state: &AppState,
    now: chrono::DateTime<chrono::Utc>,
    organiser_id: i32,
    organiser_name: &str,
    (booker_name, booker_email): (&str, &domain::Email),
    booked: &Booked,
    paid_online: bool,
) -> Vec<OutgoingMail> {
    let title = booked.event_title.as_str();
    // In the language the booker registered in, for everyone in the order.
    let locale = booked.locale;
    let reference = booked.order_reference.as_str();
    let mut mails = Vec::new();
    for a in &booked.attendees {
        let dear = i18n::text_with(locale, "mail.dear", &[("name", &a.name)]);
        let (subject, mut lines, button) = match &a.ticket_code {
            Some(code) => (
                i18n::text_with(locale, "mail.registered_subject", &[("event", title)]),
                vec![
                    dear,
                    i18n::text_with(locale, "mail.registered", &[("event", title)]),
                    i18n::text_with(locale, "mail.registered_cancel", &[("reference", reference)]),
                ],
                Some((i18n::text(locale, "mail.my_ticket"), format!("{}/ticket/{code}", state.settings.base_url))),
            ),
            None => (
                i18n::text_with(locale, "mail.waitlisted_subject", &[("event", title)]),
                vec![dear, i18n::text_with(locale, "mail.waitlisted", &[("event", title)])],
                None,
            ),
        };
        // When and where: each session's date and hours, the venue's address,
        // directions and accessibility (a group module's dates are its own).
        if booked.group.is_none() && !booked.sessions.is_empty() {
            lines.push(i18n::text(locale, "mail.when_where").to_string());
            lines.extend(domain::reminders::when_and_where(locale, &session_places(&booked.sessions)));
        }
        if let Some(group) = &booked.group {
            let dates: Vec<String> = group.dates.iter().map(|d| d.format("%d/%m/%Y").to_string()).collect();
            lines.push(i18n::text_with(
                locale,
                "mail.group_booked",
                &[("count", &group.participants.to_string()), ("dates", &dates.join(", "))],
            ));
        }
        // The invoice travels with the booker's own mail.
        let invoice = booked.invoice.as_ref().filter(|_| a.email == *booker_email);
        if let Some(invoice) = invoice {
            lines.extend(crate::invoices::invoice_lines(locale, invoice));
        }
        // The ticket's QR code in the mail itself, for the door; the link stays
        // the way in if a mail client hides images.
        let qr = a.ticket_code.as_ref().and_then(|code| {
            let ticket_url = format!("{}/ticket/{code}", state.settings.base_url);
            crate::ticket_image::qr_png(&ticket_url)
                .map_err(|e| tracing::warn!(error = %e, "no QR image for a ticket mail"))
                .ok()
        });
        let (text_body, html_body) = crate::mail::render_with_image(
            locale,
            Some(organiser_name),
            &subject,
            &lines,
            button.as_ref().map(|(label, link)| (*label, link.as_str())),
            qr.as_ref().map(|_| crate::mail::InlineImage {
                content_id: TICKET_QR_ID,
                alt: i18n::text(locale, "mail.qr_alt"),
                size_px: 240,
            }),
        );
        // The sessions in the attendee's agenda, with the ticket link (a group
        // module's dates are confirmed later, so it gets no calendar yet).
        let attachments = match &a.ticket_code {
            Some(code) if booked.group.is_none() => {
                let ticket_url = format!("{}/ticket/{code}", state.settings.base_url);
                let entries: Vec<CalendarEntry> = booked
                    .sessions
                    .iter()
                    .map(|s| CalendarEntry {
                        uid: domain::calendar::ticket_session_uid(code, s.id),
                        title: if booked.sessions.len() > 1 {
                            format!("{title}: {}", s.title)
                        } else {
                            title.to_string()
                        },
                        starts_at: s.starts_at,
                        ends_at: s.ends_at,
                        location: s.location.clone(),
                        description: i18n::text_with(
                            locale,
                            "mail.calendar_description",
                            &[("organiser", organiser_name), ("url", &ticket_url)],
                        ),
                        url: ticket_url.clone(),
                        cancelled: false,
                        changed_at: now,
                        categories: Vec::new(),
                    })
                    .collect();
                vec![Attachment {
                    filename: i18n::text(locale, "mail.calendar_file").to_string(),
                    content_type: "text/calendar; charset=utf-8; method=PUBLISH".to_string(),
                    content: calendar(&entries, now),
                    base64: false,
                    inline_id: None,
                }]
            }
            _ => Vec::new(),
        };
        let mut attachments = attachments;
        if let Some((png, _)) = qr {
            use base64::Engine as _;
            attachments.push(Attachment {
                filename: "ticket-qr.png".to_string(),
                content_type: "image/png".to_string(),
                content: base64::engine::general_purpose::STANDARD.encode(png),
                base64: true,
                inline_id: Some(TICKET_QR_ID.to_string()),
            });
        }
        if let Some(invoice) = invoice {
            attachments.extend(crate::invoices::attachments(locale, invoice));
        }
        mails.push(OutgoingMail {
            organiser_id: Some(organiser_id),
            to: a.email.clone(),
            to_name: Some(a.name.clone()),
            subject,
            text_body,
            html_body,
            attachments,
        });
    }
    if !booked.attendees.iter().any(|a| &a.email == booker_email) {
        let names: Vec<&str> = booked.attendees.iter().map(|a| a.name.as_str()).collect();
        let outcome = match booked.placement {
            Placement::Confirmed => "mail.booker_registered",
            Placement::Waitlisted => "mail.booker_waitlisted",
        };
        let mut lines = vec![
            i18n::text_with(locale, "mail.dear", &[("name", booker_name)]),
            i18n::plural(locale, outcome, names.len() as u64, &[("event", title), ("names", &names.join(", "))]),
            i18n::text(locale, "mail.booker_own_mails").to_string(),
        ];
        let amount = |m: domain::Money| m.display_in(locale);
        if let Some(invoice) = &booked.invoice {
            lines.push(i18n::text_with(
                locale,
                "mail.to_pay",
                &[("amount", &amount(invoice.document.totals().due)), ("reference", reference)],
            ));
            lines.extend(crate::invoices::invoice_lines(locale, invoice));
        } else if !booked.total.is_zero() && booked.placement == Placement::Confirmed && paid_online {
            lines.push(i18n::text_with(
                locale,
                "mail.paid_online",
                &[("amount", &amount(booked.total)), ("reference", reference)],
            ));
        } else if !booked.total.is_zero() && booked.placement == Placement::Confirmed {
            lines.push(i18n::text_with(
                locale,
                "mail.to_pay_invoice_follows",
                &[("amount", &amount(booked.total)), ("reference", reference)],
            ));
        }
        let subject = i18n::text_with(locale, "mail.overview_subject", &[("event", title)]);
        let (text_body, html_body) = crate::mail::render_in(locale, Some(organiser_name), &subject, &lines, None);
        mails.push(OutgoingMail {
            organiser_id: Some(organiser_id),
            to: booker_email.clone(),
            to_name: Some(booker_name.to_string()),
            subject,
            text_body,
            html_body,
            attachments: booked.invoice.as_ref().map(|i| crate::invoices::attachments(locale, i)).unwrap_or_default(),
        });
    }
    mails
}

/// The booked sessions as the mails say when and where they are.
fn session_places(sessions: &[store::orders::book::BookedSession]) -> Vec<domain::reminders::SessionWhere> {
    sessions
        .iter()
        .map(|s| domain::reminders::SessionWhere {
            title: s.title.clone(),
            starts: store::time::to_local(s.starts_at).naive_local(),
            ends: store::time::to_local(s.ends_at).naive_local(),
            place: s.place.clone(),
            online_url: s.online_url.clone(),
        })
        .collect()
}

/// Queues the offer mails (in the caller's transaction).
pub async fn queue_offer_mails(
    db: &impl ConnectionTrait,
    base_url: &str,
    offers: &[Offer],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), store::StoreError> {
    use store::entities::organiser;
    for offer in offers {
        let organiser_name =
            organiser::Entity::find_by_id(offer.organiser_id).one(db).await?.map(|o| o.name).unwrap_or_default();
        let until = store::time::to_local(offer.expires_at);
        let locale = offer.locale;
        let subject = i18n::text_with(locale, "mail.offer_subject", &[("event", &offer.event_title)]);
        let (text_body, html_body) = crate::mail::render_in(
            locale,
            Some(&organiser_name),
            &subject,
            &[
                i18n::text_with(locale, "mail.dear", &[("name", &offer.name)]),
                i18n::text_with(
                    locale,
                    "mail.offer",
                    &[
                        ("event", &offer.event_title),
                        ("date", &dates::date_long_in(locale, until.date_naive())),
                        ("time", &dates::time(until.naive_local())),
                    ],
                ),
                i18n::text(locale, "mail.offer_how").to_string(),
            ],
            Some((
                i18n::text(locale, "mail.offer_button"),
                &paths::absolute(base_url, &paths::ticket(&offer.ticket_code)),
            )),
        );
        let mail = OutgoingMail {
            organiser_id: Some(offer.organiser_id),
            to: offer.email.clone(),
            to_name: Some(offer.name.clone()),
            subject,
            text_body,
            html_body,
            attachments: Vec::new(),
        };
        store::mail::enqueue(db, &mail, now).await?;
    }
    Ok(())
}

/// Mails the booker the invoice of a seat just taken, if it was invoiced now.
pub(crate) async fn invoice_mail(
    db: &impl ConnectionTrait,
    code: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<bool, store::StoreError> {
    use store::entities::{event, organiser};
    let Some(issued) = store::invoices::invoice_of_ticket(db, code).await? else { return Ok(false) };
    if issued.document.issue_date != store::time::local_date(now) {
        return Ok(false);
    }
    let Some(o) = store::entities::order::Entity::find_by_id(issued.order_id).one(db).await? else { return Ok(false) };
    let title = event::Entity::find_by_id(o.event_id).one(db).await?.map(|e| e.title).unwrap_or_default();
    let name = organiser::Entity::find_by_id(o.organiser_id).one(db).await?.map(|o| o.name).unwrap_or_default();
    let locale = domain::i18n::Locale::parse(&o.locale).unwrap_or_default();
    let Some(mail) = crate::invoices::invoice_mail(locale, &issued, &name, &title) else { return Ok(false) };
    store::mail::enqueue(db, &mail, now).await?;
    Ok(true)
}

/// The mails a cancellation sends: one to the attendee, and one to the booker
/// when the money goes to someone else (a colleague who booked for her).
pub(crate) fn cancellation_mails(c: &Cancelled, why: Why) -> Vec<OutgoingMail> {
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
        out.push(cancellation_mail(c, to, subject, &lines, attachments));
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
        out.push(cancellation_mail(c, to, subject, &lines, credit_note_attachments(c)));
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
        let total = d.totals().due.display_in(locale);
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

fn cancellation_mail(
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
