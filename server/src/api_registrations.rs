//! `/api/v1` for organisers: an event's registrations, registering people and
//! cancelling a registration, with an organiser's API token (`Authorization:
//! Bearer lnt_…`). Session cookies play no part here: a browser that is
//! signed in gets no further than anyone else without a token.
//!
//! A registration goes through the same rules as the form: the JSON body is
//! the form's own input type (`domain::registration::RegistrationInput`),
//! decided by the same `TryFrom` into a `RegistrationRequest` and booked by
//! `store::orders::book::register`, in one transaction with its confirmation
//! mails. Only the mistakes are named differently: by JSON pointer.

use crate::problem::{ApiPath, FieldProblem, Problem};
use app::state::AppState;
use axum::body::Body;
use axum::extract::{RawQuery, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get};
use axum::{Json, Router};
use domain::RegistrationStatus;
use domain::registration::{
    AttendeeField, OrganisationInput, PaymentInput, Placement, RegistrationChoices, RegistrationErrors,
    RegistrationField, RegistrationInput, RegistrationRefusal, RegistrationRequest,
};
use serde::Serialize;
use store::api_registrations::{ApiOrder, RegistrationRecord};
use store::orders::cancel::OrganiserCancelRefusal;

/// A registration body is small; a group of 25 with long names fits easily.
const BODY_LIMIT: usize = 64 * 1024;
const DEFAULT_PAGE: u64 = 50;
const MAX_PAGE: u64 = 200;
const MAX_IDEMPOTENCY_KEY: usize = 255;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/events/{id}/registrations", get(list).post(create))
        .route("/registrations/{id}", delete(cancel))
}

/// The organiser behind the request's bearer token: (id, name).
pub(crate) async fn organiser_of(state: &AppState, headers: &HeaderMap) -> Result<(i32, String), Problem> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Err(Problem::unauthorized(
            "Send an organiser's API token as `Authorization: Bearer lnt_…`; admins make one at /beheer/{organiser}/api.",
        ));
    };
    let raw = value.to_str().unwrap_or_default().trim();
    let Some(token) = raw.strip_prefix("Bearer ").or_else(|| raw.strip_prefix("bearer ")) else {
        return Err(Problem::unauthorized("The Authorization header must use the Bearer scheme."));
    };
    let caller = store::api_tokens::authenticate_caller(&state.db, token.trim(), state.clock.now())
        .await?
        .ok_or_else(|| Problem::unauthorized("This API token is unknown or has been revoked."))?;
    if caller.scope != domain::api_tokens::TokenScope::Organiser {
        return Err(crate::api_checkin::scanner_refused());
    }
    Ok((caller.organiser_id, caller.organiser_name))
}

fn positive_id(raw: &str, name: &str) -> Result<i32, Problem> {
    raw.parse::<i32>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| Problem::invalid_parameter(name, format!("{raw:?} is not an id (a positive whole number)")))
}

fn not_your_event(id: i32) -> Problem {
    Problem::not_found(format!("You have no event {id}."))
}

/// A registration as the API answers it: the record and, while the ticket is
/// live, the address of the ticket page.
#[derive(Serialize)]
struct RegistrationOut {
    #[serde(flatten)]
    record: RegistrationRecord,
    ticket_url: Option<String>,
}

fn out(state: &AppState, record: RegistrationRecord) -> RegistrationOut {
    let ticket_url = record
        .ticket_code
        .as_ref()
        .map(|code| domain::paths::absolute(&state.settings.base_url, &domain::paths::ticket(code)));
    RegistrationOut { record, ticket_url }
}

#[derive(Serialize)]
struct Page {
    count: usize,
    data: Vec<RegistrationOut>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    next_cursor: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    ApiPath(raw_id): ApiPath,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Json<Page>, Problem> {
    let (organiser_id, _) = organiser_of(&state, &headers).await?;
    let event_id = positive_id(&raw_id, "event_id")?;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query.as_deref().unwrap_or(""))
        .map_err(|e| Problem::invalid_parameter("query", format!("the query string is malformed: {e}")))?;
    let (mut limit, mut cursor, mut status) = (DEFAULT_PAGE, None, None);
    for (key, value) in &pairs {
        match key.as_str() {
            "limit" => {
                limit = value.parse::<u64>().ok().filter(|n| (1..=MAX_PAGE).contains(n)).ok_or_else(|| {
                    Problem::invalid_parameter("limit", format!("{value:?}: use a number from 1 to {MAX_PAGE}"))
                })?
            }
            "cursor" => cursor = Some(positive_id(value, "cursor")?),
            "status" => {
                status = Some(
                    store::api_registrations::STATUSES
                        .iter()
                        .find(|s| s.as_str() == value.as_str())
                        .copied()
                        .ok_or_else(|| {
                            Problem::invalid_parameter(
                                "status",
                                format!(
                                    "unknown status {value:?}; use one of {}",
                                    store::api_registrations::STATUSES.map(|s| s.as_str()).join(", ")
                                ),
                            )
                        })?,
                )
            }
            other => {
                return Err(Problem::invalid_parameter(
                    other,
                    format!("unknown parameter {other:?}; use limit, cursor or status"),
                ));
            }
        }
    }
    let mut rows =
        store::api_registrations::event_registrations(&state.db, organiser_id, event_id, status, cursor, limit + 1)
            .await?
            .ok_or_else(|| not_your_event(event_id))?;
    let more = rows.len() as u64 > limit;
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let next_cursor = if more { rows.last().map(|r| r.id.to_string()) } else { None };
    let data: Vec<RegistrationOut> = rows.into_iter().map(|r| out(&state, r)).collect();
    Ok(Json(Page { count: data.len(), data, next_cursor }))
}

// ---- POST /events/{id}/registrations ----

fn unprocessable(kind: &str, title: &'static str, detail: impl Into<String>) -> Problem {
    Problem::new(StatusCode::UNPROCESSABLE_ENTITY, kind, title, detail)
}

fn conflict(kind: &str, title: &'static str, detail: impl Into<String>) -> Problem {
    Problem::new(StatusCode::CONFLICT, kind, title, detail)
}

fn not_supported() -> Problem {
    unprocessable(
        "payment-not-supported",
        "Payment method not supported",
        "Online payment is not offered through the API; use \"free\" or {\"invoice\": {...}}.",
    )
    .with_error("/payment", "use \"free\" or {\"invoice\": {\"organisation\": ...}}")
}

/// The mistakes as a problem: its own type when one thing is wrong at heart
/// (an unknown ticket type, a ticket or event not for these people, a paid
/// ticket asked for free), each mistake at its JSON pointer.
fn invalid(errors: &RegistrationErrors, body: &RegistrationInput, choices: &RegistrationChoices) -> Problem {
    let offered_ticket = body.ticket.is_some_and(|id| choices.tickets.iter().any(|t| t.id == id));
    // An organisation that was named but may not come (rather than one that is missing or unknown).
    let not_for_audience = errors.iter().any(|(field, _)| match field {
        RegistrationField::Attendee(position, AttendeeField::Organisation) => {
            body.attendees.get(*position).is_some_and(|a| match &a.organisation {
                OrganisationInput::Id(id) => choices.partners.iter().any(|(p, _)| p == id),
                OrganisationInput::Name(name) => !name.trim().is_empty(),
                OrganisationInput::Missing | OrganisationInput::Unreadable => false,
            })
        }
        _ => false,
    });
    let mut problem = if !offered_ticket {
        let offered: Vec<String> = choices.tickets.iter().map(|t| format!("{} ({})", t.id, t.name)).collect();
        let asked = body.ticket.map_or_else(|| "none".to_string(), |id| id.to_string());
        unprocessable(
            "unknown-ticket-type",
            "Unknown ticket type",
            format!(
                "This event offers no ticket type {asked}; it offers: {}.",
                if offered.is_empty() { "none".to_string() } else { offered.join(", ") }
            ),
        )
    } else if not_for_audience {
        unprocessable(
            "ticket-not-for-audience",
            "Not for this attendee",
            "The event or ticket type is not open to (some of) these attendees' organisations; see errors.",
        )
    } else if errors.has(RegistrationField::Payment) {
        unprocessable(
            "payment-required",
            "Payment required",
            "This ticket type is not free: pay by {\"invoice\": {\"organisation\": ..., \"enterprise_number\": ...}}.",
        )
    } else {
        unprocessable(
            "validation-failed",
            "Invalid registration",
            format!("{} field(s) are not valid; see errors.", errors.iter().count()),
        )
    };
    problem.errors = errors
        .iter()
        .map(|(field, message)| FieldProblem {
            pointer: field.pointer(),
            detail: message.text(domain::i18n::Locale::Nl),
        })
        .collect();
    problem
}

#[derive(Serialize)]
struct OrderOut {
    reference: String,
    status: domain::OrderStatus,
    payment_method: domain::PaymentMethod,
    total_cents: i64,
}

#[derive(Serialize)]
struct Created {
    /// `confirmed`: everyone has a seat; `waitlisted`: the event (or ticket
    /// type) is full and everyone is on the waiting list.
    placement: &'static str,
    order: OrderOut,
    registrations: Vec<RegistrationOut>,
}

fn created(state: &AppState, order: ApiOrder, placement: Option<Placement>, status: StatusCode) -> Response {
    // A replay shows the registrations as they are now; the placement is read from them.
    let placement = placement.unwrap_or_else(|| {
        if order
            .registrations
            .iter()
            .all(|r| matches!(r.status, RegistrationStatus::Waitlisted | RegistrationStatus::Offered))
        {
            Placement::Waitlisted
        } else {
            Placement::Confirmed
        }
    });
    let body = Created {
        placement: match placement {
            Placement::Confirmed => "confirmed",
            Placement::Waitlisted => "waitlisted",
        },
        order: OrderOut {
            reference: order.reference,
            status: order.status,
            payment_method: order.payment_method,
            total_cents: order.total_cents,
        },
        registrations: order.registrations.into_iter().map(|r| out(state, r)).collect(),
    };
    (status, Json(body)).into_response()
}

fn key_reused() -> Problem {
    unprocessable(
        "idempotency-key-reused",
        "Idempotency-Key reused",
        "This Idempotency-Key was used before with a different request body (or event); use a new key for a new registration.",
    )
}

/// The answer for a key seen before: the original order, or 422 when the body differs.
fn replay(state: &AppState, order: ApiOrder, event_id: i32, request_hash: &str) -> Response {
    if order.event_id != event_id || order.request_hash.as_deref() != Some(request_hash) {
        return key_reused().into_response();
    }
    created(state, order, None, StatusCode::OK)
}

async fn create(State(state): State<AppState>, ApiPath(raw_id): ApiPath, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let client = crate::registration::client_of(&parts);
    match create_inner(&state, &raw_id, client, Request::from_parts(parts, body)).await {
        Ok(response) => response,
        Err(problem) => problem.into_response(),
    }
}

async fn create_inner(
    state: &AppState,
    raw_id: &str,
    client: domain::limits::ClientKey,
    request: Request,
) -> Result<Response, Problem> {
    let (parts, body) = request.into_parts();
    let (organiser_id, organiser_name) = organiser_of(state, &parts.headers).await?;
    let now = state.clock.now();
    let limit = state.settings.registration_limits;
    let bucket = format!("api-registration:client:{client}");
    if !store::accounts::rate_limit(&state.db, &bucket, now, limit.window, limit.per_client).await? {
        let mut p = Problem::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too-many-requests",
            "Too many registrations",
            format!(
                "At most {} registration requests per {} minutes from one address; try again later.",
                limit.per_client,
                limit.window.num_minutes()
            ),
        );
        p.retry_after = Some(u32::try_from(limit.window.num_seconds()).unwrap_or(u32::MAX));
        return Err(p);
    }
    let event_id = positive_id(raw_id, "event_id")?;
    let choices = store::orders::book::choices(&state.db, organiser_id, event_id, now)
        .await?
        .ok_or_else(|| Problem::not_found(format!("You have no published event {event_id}.")))?;
    let content_type = parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let media = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    if media != "application/json" && !media.ends_with("+json") {
        return Err(Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "Unsupported media type",
            format!("Send the registration as application/json (got {:?}).", content_type),
        ));
    }
    let key = match parts.headers.get("idempotency-key") {
        None => None,
        Some(value) => {
            let key = value.to_str().unwrap_or_default().trim();
            if key.is_empty() || key.len() > MAX_IDEMPOTENCY_KEY {
                return Err(Problem::invalid_parameter(
                    "Idempotency-Key",
                    format!("the Idempotency-Key header must be 1 to {MAX_IDEMPOTENCY_KEY} visible ASCII characters"),
                ));
            }
            Some(store::api_registrations::scoped_key(organiser_id, key))
        }
    };
    let bytes = read_json_body(body).await?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
        Problem::new(StatusCode::BAD_REQUEST, "malformed-json", "Malformed JSON", format!("The body is not JSON: {e}"))
    })?;
    let body: RegistrationInput = serde_json::from_value(value).map_err(|e| {
        unprocessable("validation-failed", "Invalid registration", format!("The body does not fit the schema: {e}"))
    })?;
    // The body as parsed (fields in a fixed order), so that formatting does not matter.
    let request_hash =
        store::accounts::hash_secret(&String::from_utf8_lossy(&serde_json::to_vec(&body).unwrap_or_default()));
    if let Some(key) = &key
        && let Some(order) = store::api_registrations::order_by_key(&state.db, key).await?
    {
        return Ok(replay(state, order, event_id, &request_hash));
    }

    if body.payment == PaymentInput::Online {
        return Err(not_supported());
    }
    let mut blank = Problem::new(StatusCode::UNPROCESSABLE_ENTITY, "validation-failed", "Invalid registration", "");
    for (i, a) in body.attendees.iter().enumerate() {
        // The form skips a blank row; through the API a blank attendee is a mistake.
        if a.is_blank() {
            blank = blank.with_error(format!("/attendees/{i}/name"), "Give the attendee's name and e-mail address.");
        }
    }
    if !blank.errors.is_empty() {
        blank.detail = "Some attendees have neither a name nor an e-mail address.".into();
        return Err(blank);
    }
    let request =
        RegistrationRequest::try_from((&body, &choices)).map_err(|errors| invalid(&errors, &body, &choices))?;
    if let Some(expected) = body.expected_total_cents
        && expected != request.total().cents()
    {
        return Err(unprocessable(
            "amount-mismatch",
            "Amount mismatch",
            format!(
                "expected_total_cents is {expected}, but {} × {} costs {} cents; nothing was registered.",
                body.attendees.len(),
                request.ticket.name,
                request.total().cents()
            ),
        )
        .with_error("/expected_total_cents", format!("the total is {} cents", request.total().cents())));
    }

    let txn = store::begin_write(&state.db).await?;
    if let Some(key) = &key
        && let Some(order) = store::api_registrations::order_by_key(&txn, key).await?
    {
        drop(txn);
        return Ok(replay(state, order, event_id, &request_hash));
    }
    // The attendees' mails follow the request's Accept-Language (Dutch without one).
    let locale = parts.extensions.get::<domain::i18n::Locale>().copied().unwrap_or_default();
    let booked = match store::orders::book::register(
        &txn,
        organiser_id,
        event_id,
        &request,
        locale,
        &store::orders::book::Holder::organiser(),
        now,
    )
    .await
    {
        Ok(Ok(booked)) => booked,
        outcome => {
            drop(txn);
            // A concurrent request with the same key may have won the race (PostgreSQL):
            // it booked the same people, and this one answers with its order.
            if let Some(key) = &key
                && let Some(order) = store::api_registrations::order_by_key(&state.db, key).await?
            {
                return Ok(replay(state, order, event_id, &request_hash));
            }
            return Err(match outcome? {
                Ok(_) => Problem::internal(),
                Err(refusal) => refused(refusal, &body),
            });
        }
    };
    if let Some(key) = &key
        && !store::api_registrations::claim_key(&txn, &booked.order_reference, key, &request_hash).await?
    {
        drop(txn);
        return match store::api_registrations::order_by_key(&state.db, key).await? {
            Some(order) => Ok(replay(state, order, event_id, &request_hash)),
            None => Err(Problem::internal()),
        };
    }
    for mail in crate::orders::mails::confirmation_mails(
        state,
        now,
        organiser_id,
        &organiser_name,
        (request.booker_name.as_str(), &request.booker_email),
        &booked,
        false,
    ) {
        store::mail::enqueue(&txn, &mail, now).await?;
    }
    let order = store::api_registrations::order_by_reference(&txn, &booked.order_reference)
        .await?
        .ok_or_else(Problem::internal)?;
    txn.commit().await?;
    state.mail_wake.notify_one();
    Ok(created(state, order, Some(booked.placement), StatusCode::CREATED))
}

async fn read_json_body(body: Body) -> Result<axum::body::Bytes, Problem> {
    axum::body::to_bytes(body, BODY_LIMIT).await.map_err(|_| {
        Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body-too-large",
            "Body too large",
            format!("A registration body is at most {} KiB.", BODY_LIMIT / 1024),
        )
    })
}

fn refused(refusal: RegistrationRefusal, body: &RegistrationInput) -> Problem {
    match refusal {
        // An organiser's token is trusted with holds; kept for completeness.
        RegistrationRefusal::TooManySeatsHeld { held, limit } => conflict(
            "too-many-seats-held",
            "Too many seats held",
            format!("{held} seats are held without payment or confirmation already (at most {limit})."),
        ),
        RegistrationRefusal::UnknownEvent => Problem::not_found("This event is not (or no longer) published."),
        RegistrationRefusal::Closed => conflict(
            "registration-closed",
            "Registration closed",
            "Registration for this event is not open (not yet, or no more).",
        ),
        RegistrationRefusal::UnknownTicket => unprocessable(
            "unknown-ticket-type",
            "Unknown ticket type",
            format!("Ticket type {} is no longer offered for this event.", body.ticket.unwrap_or_default()),
        )
        .with_error("/ticket_type", "no longer offered"),
        RegistrationRefusal::AlreadyRegistered(email) => {
            let row = body.attendees.iter().position(|a| a.email.trim().eq_ignore_ascii_case(email.as_str()));
            conflict(
                "already-registered",
                "Already registered",
                format!("{email} is already registered for this event; nothing was registered."),
            )
            .with_error(
                row.map_or_else(|| "/attendees".to_string(), |i| format!("/attendees/{i}/email")),
                format!("{email} is already registered"),
            )
        }
    }
}

// ---- DELETE /registrations/{id} ----

async fn cancel(
    State(state): State<AppState>,
    ApiPath(raw_id): ApiPath,
    headers: HeaderMap,
) -> Result<Json<RegistrationOut>, Problem> {
    let (organiser_id, _) = organiser_of(&state, &headers).await?;
    let id = positive_id(&raw_id, "registration_id")?;
    let now = state.clock.now();
    let txn = store::begin_write(&state.db).await?;
    let cancelled = match store::orders::cancel::cancel_by_organiser(&txn, organiser_id, id, now).await? {
        Ok(cancelled) => cancelled,
        Err(refusal) => {
            return Err(match refusal {
                OrganiserCancelRefusal::Unknown => Problem::not_found(format!("You have no registration {id}.")),
                OrganiserCancelRefusal::AlreadyCancelled => conflict(
                    "already-cancelled",
                    "Already cancelled",
                    format!("Registration {id} is cancelled already."),
                ),
                OrganiserCancelRefusal::Started => conflict(
                    "event-started",
                    "Event started",
                    "The event has started; its registrations can no longer be cancelled.",
                ),
                OrganiserCancelRefusal::NotLive => conflict(
                    "event-not-live",
                    "Event not published",
                    "The event is not published (a draft, or cancelled); there is nothing to cancel.",
                ),
            });
        }
    };
    let why = crate::orders::mails::Why::ByOrganiser;
    crate::orders::cancel::queue_mails(&txn, &state.settings.base_url, &cancelled, why, now).await?;
    let record =
        store::api_registrations::registration_record(&txn, organiser_id, id).await?.ok_or_else(Problem::internal)?;
    txn.commit().await?;
    state.mail_wake.notify_one();
    crate::orders::cancel::make_refunds(&state, std::slice::from_ref(&cancelled)).await;
    Ok(Json(out(&state, record)))
}
