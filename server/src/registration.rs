//! The registration form's post: anyone may register (no account needed);
//! seats are taken in the store; confirmations and tickets are mailed in the
//! same transaction.

use crate::auth::server_error;
use crate::cancellations::Why;
use crate::forms::{answer_with_errors, answer_with_page, not_found, read_body};
use app::forms::FormState;
use app::state::AppState;
use axum::Router;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use domain::Slug;
use domain::calendar::{CalendarEntry, calendar};
use domain::forms::{FieldErrors, Message};
use domain::i18n::{self, Locale};
use domain::mail::{Attachment, OutgoingMail};
use domain::registration::{ATTENDEE, Payment, Placement, RegistrationRefusal, RegistrationRequest};
use std::sync::Arc;
use store::registration::Booked;
use tokio::sync::Semaphore;

/// The content id of the QR image in a ticket mail.
const TICKET_QR_ID: &str = "ticket-qr";

const BODY_LIMIT: usize = 64 * 1024;

/// Registration posts handled at once by this process; more wait their turn
/// before their form is read. Their writes queue for the database one by one
/// anyway: a rush of a thousand holds a thousand small waiting requests, not
/// a thousand half-done registrations each with its event page in memory.
const REGISTRATIONS_AT_ONCE: usize = 16;

pub fn router() -> Router<AppState> {
    let at_once = Arc::new(Semaphore::new(REGISTRATIONS_AT_ONCE));
    Router::new()
        .route(
            "/regio/{organiser}/{event}/inschrijven",
            post(register).route_layer(axum::middleware::from_fn(move |request: Request, next: Next| {
                let at_once = at_once.clone();
                async move {
                    // The semaphore is never closed, so a permit always comes.
                    let _permit = at_once.acquire_owned().await;
                    next.run(request).await
                }
            })),
        )
        .route("/ticket/{code}/afmelden", post(cancel))
        .route("/inschrijving/bevestigen", post(confirm_booking))
}

/// The ticket's holder cancels. The code in the address is the secret that
/// proves it is theirs (it came by mail); the same-origin guard keeps other
/// sites from posting here.
async fn cancel(State(state): State<AppState>, Path(code): Path<String>) -> Response {
    if code.len() != 64 || !code.bytes().all(|b| b.is_ascii_hexdigit()) {
        return not_found();
    }
    let txn = match store::begin_write(&state.db).await {
        Ok(t) => t,
        Err(e) => return server_error(e),
    };
    let now = state.clock.now();
    let cancelled = match store::registration::cancel_by_ticket(&txn, &code, now).await {
        Ok(done) => done,
        Err(e) => return server_error(e),
    };
    match cancelled {
        None => not_found(),
        Some(None) => Redirect::to(&format!("/ticket/{code}")).into_response(),
        Some(Some(cancelled)) => {
            let base_url = &state.settings.base_url;
            if let Err(e) = crate::cancellations::queue_mails(&txn, base_url, &cancelled, Why::ByHolder, now).await {
                return server_error(e);
            }
            if let Err(e) = txn.commit().await {
                return server_error(e);
            }
            state.mail_wake.notify_one();
            crate::cancellations::make_refunds(&state, std::slice::from_ref(&cancelled)).await;
            Redirect::to(&format!("/ticket/{code}?melding=afgemeld")).into_response()
        }
    }
}

async fn register(
    State(state): State<AppState>,
    Path((organiser, event)): Path<(String, String)>,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let client = client_of(&parts);
    let mut form = match read_body(body, BODY_LIMIT).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    let (Ok(organiser_slug), Ok(event_slug)) = (Slug::parse(&organiser), Slug::parse(&event)) else {
        return not_found();
    };
    let now = state.clock.now();
    let page = match store::catalogue::event_page(&state.db, now, &organiser_slug, &event_slug).await {
        Ok(Some(page)) => page,
        Ok(None) => return not_found(),
        Err(e) => return server_error(e),
    };
    let (organiser_id, organiser_ref) = match store::backoffice::organiser_ref(&state.db, &organiser_slug).await {
        Ok(Some(found)) => found,
        Ok(None) => return not_found(),
        Err(e) => return server_error(e),
    };
    let choices = match store::registration::choices(&state.db, organiser_id, page.card.id, now).await {
        Ok(Some(c)) => c,
        Ok(None) => return not_found(),
        Err(e) => return server_error(e),
    };
    if form.get("actie") == "deelnemer-erbij" {
        let row = form.rows(ATTENDEE).last().map_or(0, |last| last + 1);
        if row < domain::registration::MAX_ATTENDEES {
            form.push(&domain::forms::row_field(ATTENDEE, row, "naam"), "");
        }
        return answer_with_page(&state, &parts, FormState::new(form), StatusCode::OK).await;
    }
    let request = match RegistrationRequest::parse(&form, &choices) {
        Ok(r) => r,
        Err(errors) => {
            return answer_with_errors(&state, &parts, form, errors).await;
        }
    };
    if matches!(request.payment, Payment::Online) && !state.payments.available() {
        let mut errors = FieldErrors::new();
        errors.add("betaalwijze", Message::new("validation.online_payment_not_offered"));
        return answer_with_page(&state, &parts, FormState { values: form, errors }, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    }
    // Counted in the database, so every server process shares them; a form
    // refused for its own mistakes (above, or by the store below) does not count.
    let limits = state.settings.registration_limits;
    let taken =
        match store::limits::take(&state.db, &registration_limits(&limits, page.card.id, &client, &request), now).await
        {
            Ok(Ok(taken)) => taken,
            Ok(Err(full)) => {
                let mut errors = FieldErrors::new();
                errors.add(
                    "ticket",
                    Message::with(
                        ["validation.too_many_registrations", "validation.too_many_registrations_email"]
                            .get(full)
                            .copied()
                            .unwrap_or("validation.too_many_registrations_activity"),
                        &[("minutes", &limits.window.num_minutes().to_string())],
                    ),
                );
                let mut response =
                    answer_with_page(&state, &parts, FormState { values: form, errors }, StatusCode::TOO_MANY_REQUESTS)
                        .await;
                if let Ok(value) = axum::http::HeaderValue::from_str(&limits.window.num_seconds().to_string()) {
                    response.headers_mut().insert(axum::http::header::RETRY_AFTER, value);
                }
                return response;
            }
            Err(e) => return server_error(e),
        };
    let txn = match store::begin_write(&state.db).await {
        Ok(t) => t,
        Err(e) => return server_error(e),
    };
    // The mails about this order speak the language the form was filled in.
    let locale = parts.extensions.get::<Locale>().copied().unwrap_or_default();
    let holder = store::registration::Holder {
        client: Some(client.to_string()),
        trusted: booker_trusted(&state, &parts, organiser_id).await,
        seats_held: limits.seats_held,
    };
    let booked =
        match store::registration::register(&txn, organiser_id, page.card.id, &request, locale, &holder, now).await {
            Ok(Ok(booked)) => booked,
            Ok(Err(refusal)) => {
                let mut errors = FieldErrors::new();
                let field = match &refusal {
                    RegistrationRefusal::AlreadyRegistered(email) => form
                        .rows(ATTENDEE)
                        .into_iter()
                        .find(|row| form.row(ATTENDEE, *row, "email").eq_ignore_ascii_case(email.as_str()))
                        .map(|row| domain::forms::row_field(ATTENDEE, row, "email"))
                        .unwrap_or_else(|| "ticket".to_string()),
                    _ => "ticket".to_string(),
                };
                errors.add(field, refusal.message());
                let status = match refusal {
                    RegistrationRefusal::AlreadyRegistered(_) | RegistrationRefusal::TooManySeatsHeld { .. } => {
                        StatusCode::CONFLICT
                    }
                    _ => StatusCode::UNPROCESSABLE_ENTITY,
                };
                // Roll back before rendering: holding this connection (and its
                // locks) while the page takes another could starve the pool.
                drop(txn);
                if let Err(e) = store::limits::give_back(&state.db, taken).await {
                    tracing::warn!(error = %e, "a refused registration still counts against its limits");
                }
                return answer_with_page(&state, &parts, FormState { values: form, errors }, status).await;
            }
            Err(e) => return server_error(e),
        };
    // Paying online: the seats are held, the payer goes to Stripe; the
    // tickets and mails follow the payment (`crate::payments`).
    if matches!(request.payment, Payment::Online) && booked.placement == Placement::Confirmed && !booked.total.is_zero()
    {
        let order = match store::payments::hold_for_checkout(&txn, &booked.order_reference, now).await {
            Ok(Some(order)) => order,
            Ok(None) => return server_error("the order just placed is gone"),
            Err(e) => return server_error(e),
        };
        if let Err(e) = txn.commit().await {
            return server_error(e);
        }
        return match crate::payments::start_checkout(&state, &order).await {
            Ok(url) => Redirect::to(&url).into_response(),
            Err(crate::payments::CheckoutFailed::Payment(e)) => {
                tracing::warn!(error = %e, "online payment unavailable");
                let mut errors = FieldErrors::new();
                errors.add("betaalwijze", Message::new("validation.online_payment_unavailable"));
                answer_with_page(&state, &parts, FormState { values: form, errors }, StatusCode::SERVICE_UNAVAILABLE)
                    .await
            }
            Err(e) => server_error(e),
        };
    }
    // A large group from someone not signed in: only the booker hears from us,
    // with the link that confirms it; everyone else once it is confirmed.
    if let Some(waiting) = &booked.awaiting_confirmation {
        let mail = confirm_booking_mail(&state, (organiser_id, &organiser_ref.name), &request, &booked, waiting);
        if let Err(e) = store::mail::enqueue(&txn, &mail, now).await {
            return server_error(e);
        }
        if let Err(e) = txn.commit().await {
            return server_error(e);
        }
        state.mail_wake.notify_one();
        return Redirect::to(&format!(
            "/regio/{organiser_slug}/{event_slug}/ingeschreven?status=bevestigen&aantal={}",
            booked.attendees.len()
        ))
        .into_response();
    }
    let booker = (request.booker_name.as_str(), &request.booker_email);
    for mail in confirmation_mails(&state, now, organiser_id, &organiser_ref.name, booker, &booked, false) {
        if let Err(e) = store::mail::enqueue(&txn, &mail, now).await {
            return server_error(e);
        }
    }
    if let Err(e) = txn.commit().await {
        return server_error(e);
    }
    state.mail_wake.notify_one();
    let status = match booked.placement {
        Placement::Confirmed => "bevestigd",
        Placement::Waitlisted => "wachtlijst",
    };
    Redirect::to(&format!(
        "/regio/{organiser_slug}/{event_slug}/ingeschreven?status={status}&aantal={}",
        booked.attendees.len()
    ))
    .into_response()
}

/// Signed-in coordinators, staff and admins of the organiser (and platform
/// admins) are trusted with large groups and holds.
async fn booker_trusted(state: &AppState, parts: &axum::http::request::Parts, organiser_id: i32) -> bool {
    let Some(session) = app::session::session_id(&parts.headers) else { return false };
    match store::accounts::viewer(&state.db, &session, state.clock.now()).await {
        Ok(viewer) => domain::limits::booker_trusted(viewer.as_ref(), organiser_id),
        Err(e) => {
            tracing::warn!(error = %e, "reading the booker's session failed; not trusted");
            false
        }
    }
}

/// The one mail a large group's booker gets before confirming: the link.
fn confirm_booking_mail(
    state: &AppState,
    (organiser_id, organiser_name): (i32, &str),
    request: &RegistrationRequest,
    booked: &Booked,
    waiting: &store::registration::AwaitingConfirmation,
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

/// `POST /inschrijving/bevestigen` (`token`): the booker of a large group
/// confirms it; the seats become theirs and everyone is mailed, once.
async fn confirm_booking(State(state): State<AppState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let form = match read_body(body, BODY_LIMIT).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    let token = form.get("token").to_string();
    let now = state.clock.now();
    let txn = match store::begin_write(&state.db).await {
        Ok(t) => t,
        Err(e) => return server_error(e),
    };
    let confirmed = match store::registration::confirm_booking(&txn, &token, now).await {
        Ok(Some(c)) => c,
        Ok(None) => return not_found(),
        Err(e) => return server_error(e),
    };
    let outcome = match confirmed {
        store::registration::Confirmation::Confirmed { booked, organiser_id, booker_name, booker_email } => {
            use sea_orm::EntityTrait;
            let organiser_name = match store::entities::organiser::Entity::find_by_id(organiser_id).one(&txn).await {
                Ok(found) => found.map(|o| o.name).unwrap_or_default(),
                Err(e) => return server_error(e),
            };
            let booker = (booker_name.as_str(), &booker_email);
            for mail in confirmation_mails(&state, now, organiser_id, &organiser_name, booker, &booked, false) {
                if let Err(e) = store::mail::enqueue(&txn, &mail, now).await {
                    return server_error(e);
                }
            }
            match booked.placement {
                Placement::Confirmed => "bevestigd",
                Placement::Waitlisted => "wachtlijst",
            }
        }
        store::registration::Confirmation::AlreadyConfirmed => "al-bevestigd",
        store::registration::Confirmation::Lapsed => "verlopen",
    };
    if let Err(e) = txn.commit().await {
        return server_error(e);
    }
    state.mail_wake.notify_one();
    let _ = parts;
    Redirect::to(&format!("/inschrijving/bevestigen/{token}?status={outcome}")).into_response()
}

/// The client behind the request, as the limits layer found it (behind a
/// trusted proxy: the address it forwarded).
pub(crate) fn client_of(parts: &axum::http::request::Parts) -> domain::limits::ClientKey {
    // The limits layer gives every request its client (`operations::limits`).
    let address =
        parts.extensions.get::<crate::operations::ClientIp>().map_or(std::net::IpAddr::from([127, 0, 0, 1]), |c| c.0);
    domain::limits::ClientKey::of(address)
}

/// The buckets a registration post counts in: its client, its booker's
/// address and its activity.
fn registration_limits(
    limits: &app::state::RegistrationLimits,
    event_id: i32,
    client: &domain::limits::ClientKey,
    request: &RegistrationRequest,
) -> [store::limits::Limit; 3] {
    let limit = |bucket: String, max: u64| store::limits::Limit { bucket, window: limits.window, max };
    [
        limit(format!("registration:client:{client}"), limits.per_client),
        limit(format!("registration:email:{}", request.booker_email), limits.per_email),
        limit(format!("registration:event:{event_id}"), limits.per_activity),
    ]
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
                        uid: format!("{code}-{}@leernet", s.id),
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
                &[("amount", &amount(invoice.document.totals().gross)), ("reference", reference)],
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
