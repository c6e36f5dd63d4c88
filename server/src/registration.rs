//! The registration form's post: anyone may register (no account needed);
//! seats are taken in the store (`store::orders::book`); confirmations and
//! tickets (`crate::orders::mails`) are queued in the same transaction. Also
//! a holder's cancellation from the ticket page and a large group's
//! confirmation by its booker.

use crate::orders::mails::{Why, confirm_booking_mail, confirmation_mails};
use crate::web::{Code, Page, Path, WebError, read_body};
use app::forms::FormState;
use app::state::AppState;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use domain::Slug;
use domain::forms::fields::{self, registration as names};
use domain::forms::{FieldErrors, Message};
use domain::i18n::Locale;
use domain::paths;
use domain::registration::{ATTENDEE, Payment, Placement, RegistrationRefusal, RegistrationRequest};
use std::sync::Arc;
use tokio::sync::Semaphore;

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
            &paths::axum(paths::route::REGISTER),
            post(register).route_layer(axum::middleware::from_fn(move |request: Request, next: Next| {
                let at_once = at_once.clone();
                async move {
                    // The semaphore is never closed, so a permit always comes.
                    let _permit = at_once.acquire_owned().await;
                    next.run(request).await
                }
            })),
        )
        .route(&paths::axum(paths::route::TICKET_CANCEL), post(cancel))
        .route(&paths::axum(paths::route::CONFIRM_BOOKING_POST), post(confirm_booking))
}

/// The ticket's holder cancels. The code in the address is the secret that
/// proves it is theirs (it came by mail); the same-origin guard keeps other
/// sites from posting here.
async fn cancel(State(state): State<AppState>, Path(Code(code)): Path<Code>) -> Result<Response, WebError> {
    let txn = store::begin_write(&state.db).await?;
    let now = state.clock.now();
    match store::orders::cancel::cancel_by_ticket(&txn, &code, now).await? {
        None => Err(WebError::NotFound),
        Some(None) => Ok(Redirect::to(&paths::ticket(&code)).into_response()),
        Some(Some(cancelled)) => {
            let base_url = &state.settings.base_url;
            crate::orders::cancel::queue_mails(&txn, base_url, &cancelled, Why::ByHolder, now).await?;
            txn.commit().await?;
            state.mail_wake.notify_one();
            crate::orders::cancel::make_refunds(&state, std::slice::from_ref(&cancelled)).await;
            Ok(Redirect::to(&paths::with_notice(&paths::ticket(&code), "afgemeld")).into_response())
        }
    }
}

async fn register(
    State(state): State<AppState>,
    Path((organiser, event)): Path<(String, String)>,
    request: Request,
) -> Result<Response, WebError> {
    let (parts, body) = request.into_parts();
    let client = client_of(&parts);
    let mut form = read_body(body, BODY_LIMIT).await?;
    let (Ok(organiser_slug), Ok(event_slug)) = (Slug::parse(&organiser), Slug::parse(&event)) else {
        return Err(WebError::NotFound);
    };
    let now = state.clock.now();
    let page =
        store::catalogue::event_page(&state.db, now, &organiser_slug, &event_slug).await?.ok_or(WebError::NotFound)?;
    let (organiser_id, organiser_ref) =
        store::backoffice::organiser_ref(&state.db, &organiser_slug).await?.ok_or(WebError::NotFound)?;
    let choices =
        store::orders::book::choices(&state.db, organiser_id, page.card.id, now).await?.ok_or(WebError::NotFound)?;
    if form.get(fields::ACTION) == names::ADD_ATTENDEE {
        let row = form.rows(ATTENDEE).last().map_or(0, |last| last + 1);
        if row < domain::registration::MAX_ATTENDEES {
            form.push(&domain::forms::row_field(ATTENDEE, row, names::attendee::NAME), "");
        }
        return Ok(Page::new(FormState::new(form), StatusCode::OK).into_response());
    }
    let request =
        RegistrationRequest::parse(&form, &choices).map_err(|errors| WebError::invalid(form.clone(), errors))?;
    if matches!(request.payment, Payment::Online) && !state.payments.available() {
        let mut errors = FieldErrors::new();
        errors.add(names::PAYMENT_METHOD, Message::new("validation.online_payment_not_offered"));
        return Err(WebError::invalid(form, errors));
    }
    // Counted in the database, so every server process shares them; a form
    // refused for its own mistakes (above, or by the store below) does not count.
    let limits = state.settings.registration_limits;
    let taken =
        match store::limits::take(&state.db, &registration_limits(&limits, page.card.id, &client, &request), now)
            .await?
        {
            Ok(taken) => taken,
            Err(full) => {
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
                    Page::new(FormState { values: form, errors }, StatusCode::TOO_MANY_REQUESTS).into_response();
                if let Ok(value) = axum::http::HeaderValue::from_str(&limits.window.num_seconds().to_string()) {
                    response.headers_mut().insert(axum::http::header::RETRY_AFTER, value);
                }
                return Ok(response);
            }
        };
    let txn = store::begin_write(&state.db).await?;
    // The mails about this order speak the language the form was filled in.
    let locale = parts.extensions.get::<Locale>().copied().unwrap_or_default();
    let holder = store::orders::book::Holder {
        client: Some(client.to_string()),
        trusted: booker_trusted(&state, &parts, organiser_id).await,
        seats_held: limits.seats_held,
    };
    let booked =
        match store::orders::book::register(&txn, organiser_id, page.card.id, &request, locale, &holder, now).await? {
            Ok(booked) => booked,
            Err(refusal) => {
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
                return Ok(Page::new(FormState { values: form, errors }, status).into_response());
            }
        };
    // Paying online: the seats are held, the payer goes to Stripe; the
    // tickets and mails follow the payment (`crate::orders::settle`).
    if matches!(request.payment, Payment::Online) && booked.placement == Placement::Confirmed && !booked.total.is_zero()
    {
        let order = store::orders::pay::hold_for_checkout(&txn, &booked.order_reference, now)
            .await?
            .ok_or_else(|| WebError::internal("the order just placed is gone"))?;
        txn.commit().await?;
        return match crate::orders::pay::start_checkout(&state, &order).await {
            Ok(url) => Ok(Redirect::to(&url).into_response()),
            Err(crate::orders::pay::CheckoutFailed::Payment(e)) => {
                tracing::warn!(error = %e, "online payment unavailable");
                let mut errors = FieldErrors::new();
                errors.add(names::PAYMENT_METHOD, Message::new("validation.online_payment_unavailable"));
                Ok(Page::new(FormState { values: form, errors }, StatusCode::SERVICE_UNAVAILABLE).into_response())
            }
            Err(e) => Err(WebError::internal(e)),
        };
    }
    // A large group from someone not signed in: only the booker hears from us,
    // with the link that confirms it; everyone else once it is confirmed.
    if let Some(waiting) = &booked.awaiting_confirmation {
        let mail = confirm_booking_mail(&state, (organiser_id, &organiser_ref.name), &request, &booked, waiting);
        store::mail::enqueue(&txn, &mail, now).await?;
        txn.commit().await?;
        state.mail_wake.notify_one();
        return Ok(Redirect::to(&format!(
            "{}?status=bevestigen&aantal={}",
            paths::registered(&organiser_slug, &event_slug),
            booked.attendees.len()
        ))
        .into_response());
    }
    let booker = (request.booker_name.as_str(), &request.booker_email);
    for mail in confirmation_mails(&state, now, organiser_id, &organiser_ref.name, booker, &booked, false) {
        store::mail::enqueue(&txn, &mail, now).await?;
    }
    txn.commit().await?;
    state.mail_wake.notify_one();
    let status = match booked.placement {
        Placement::Confirmed => "bevestigd",
        Placement::Waitlisted => "wachtlijst",
    };
    Ok(Redirect::to(&format!(
        "{}?status={status}&aantal={}",
        paths::registered(&organiser_slug, &event_slug),
        booked.attendees.len()
    ))
    .into_response())
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

/// `POST /inschrijving/bevestigen` (`token`): the booker of a large group
/// confirms it; the seats become theirs and everyone is mailed, once.
async fn confirm_booking(State(state): State<AppState>, request: Request) -> Result<Response, WebError> {
    let form = read_body(request.into_body(), BODY_LIMIT).await?;
    let token = form.get(fields::confirm_booking::TOKEN).to_string();
    let now = state.clock.now();
    let txn = store::begin_write(&state.db).await?;
    let confirmed = store::orders::book::confirm_booking(&txn, &token, now).await?.ok_or(WebError::NotFound)?;
    let outcome = match confirmed {
        store::orders::book::Confirmation::Confirmed { booked, organiser_id, booker_name, booker_email } => {
            use sea_orm::EntityTrait;
            let organiser_name = store::entities::organiser::Entity::find_by_id(organiser_id)
                .one(&txn)
                .await?
                .map(|o| o.name)
                .unwrap_or_default();
            let booker = (booker_name.as_str(), &booker_email);
            for mail in confirmation_mails(&state, now, organiser_id, &organiser_name, booker, &booked, false) {
                store::mail::enqueue(&txn, &mail, now).await?;
            }
            match booked.placement {
                Placement::Confirmed => "bevestigd",
                Placement::Waitlisted => "wachtlijst",
            }
        }
        store::orders::book::Confirmation::AlreadyConfirmed => "al-bevestigd",
        store::orders::book::Confirmation::Lapsed => "verlopen",
    };
    txn.commit().await?;
    state.mail_wake.notify_one();
    Ok(Redirect::to(&format!("{}?status={outcome}", paths::confirm_booking(&token))).into_response())
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
