//! `/api/v1` for organisers: an event's registrations, registering people and
//! cancelling a registration, with an organiser's API token (`Authorization:
//! Bearer lnt_…`). Session cookies play no part here: a browser that is
//! signed in gets no further than anyone else without a token.
//!
//! A registration goes through the same rules as the form: the JSON body is
//! turned into the form's fields, parsed by `RegistrationRequest::parse` and
//! booked by `store::registration::register`, in one transaction with its
//! confirmation mails.

use crate::api::ApiPath;
use crate::problem::{FieldProblem, Problem};
use app::state::AppState;
use axum::body::Body;
use axum::extract::{RawQuery, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get};
use axum::{Json, Router};
use domain::RegistrationStatus;
use domain::forms::{FieldErrors, RawForm, row_field};
use domain::registration::{ATTENDEE, Placement, RegistrationChoices, RegistrationRefusal, RegistrationRequest};
use serde::{Deserialize, Serialize};
use store::api_registrations::{ApiOrder, RegistrationRecord};
use store::registration::OrganiserCancelRefusal;

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
async fn organiser_of(state: &AppState, headers: &HeaderMap) -> Result<(i32, String), Problem> {
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
    let ticket_url = record.ticket_code.as_ref().map(|code| format!("{}/ticket/{code}", state.settings.base_url));
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

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct NewRegistration {
    ticket_type: i32,
    attendees: Vec<NewAttendee>,
    booker: Booker,
    payment: serde_json::Value,
    #[serde(default)]
    expected_total_cents: Option<i64>,
    /// A group module's booking (one attendee: the contact person).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    group: Option<NewGroup>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct NewGroup {
    participants: u32,
    /// One ISO date per session of the module, in order.
    dates: Vec<String>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct NewAttendee {
    name: String,
    email: String,
    organisation: Organisation,
    #[serde(default)]
    needs: Option<String>,
    /// Answers to the event's questions, by question key.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    answers: std::collections::BTreeMap<u32, String>,
}

/// A partner organisation by id, or any organisation by name (a partner's
/// exact name counts as that partner).
#[derive(Debug, Deserialize, Serialize)]
#[serde(untagged)]
enum Organisation {
    Id(i32),
    Name(String),
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Booker {
    name: String,
    email: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Invoice {
    organisation: String,
    #[serde(default)]
    enterprise_number: Option<String>,
    #[serde(default)]
    po_reference: Option<String>,
}

fn unprocessable(kind: &str, title: &'static str, detail: impl Into<String>) -> Problem {
    Problem::new(StatusCode::UNPROCESSABLE_ENTITY, kind, title, detail)
}

fn conflict(kind: &str, title: &'static str, detail: impl Into<String>) -> Problem {
    Problem::new(StatusCode::CONFLICT, kind, title, detail)
}

/// The body as the registration form's fields, so that the form's rules
/// decide. Payment "free" adds nothing (a paid ticket then misses its invoice
/// details, at `/payment`).
fn as_form(body: &NewRegistration, choices: &RegistrationChoices) -> Result<(RawForm, bool), Problem> {
    let mut form = RawForm::default();
    form.push("ticket", &body.ticket_type.to_string());
    for (i, a) in body.attendees.iter().enumerate() {
        let field = |f: &str| row_field(ATTENDEE, i, f);
        form.push(&field("naam"), &a.name);
        form.push(&field("email"), &a.email);
        match &a.organisation {
            Organisation::Id(id) => form.push(&field("organisatie"), &id.to_string()),
            Organisation::Name(name) => {
                match choices.partners.iter().find(|(_, n)| n.trim().eq_ignore_ascii_case(name.trim())) {
                    Some((id, _)) => form.push(&field("organisatie"), &id.to_string()),
                    None => form.push(&field("andere-organisatie"), name),
                }
            }
        }
        if let Some(needs) = &a.needs {
            form.push(&field("noden"), needs);
        }
        for (key, answer) in &a.answers {
            form.push(&field(&format!("vraag-{key}")), answer);
        }
    }
    if let Some(group) = &body.group {
        form.push(domain::registration::GROUP_SIZE, &group.participants.to_string());
        for (index, date) in group.dates.iter().enumerate() {
            form.push(&domain::registration::group_date_field(index), date);
        }
    }
    form.push("besteller-naam", &body.booker.name);
    form.push("besteller-email", &body.booker.email);
    // The organiser's system registers on the attendees' behalf and answers for informing them.
    form.push("toestemming", "on");
    let not_supported = || {
        unprocessable(
            "payment-not-supported",
            "Payment method not supported",
            "Online payment is not offered through the API; use \"free\" or {\"invoice\": {...}}.",
        )
        .with_error("/payment", "use \"free\" or {\"invoice\": {\"organisation\": ...}}")
    };
    let free = match &body.payment {
        serde_json::Value::String(s) if s == "free" => true,
        serde_json::Value::String(s) if s == "online" => return Err(not_supported()),
        serde_json::Value::Object(map) if map.len() == 1 && map.contains_key("online") => return Err(not_supported()),
        serde_json::Value::Object(map) if map.len() == 1 && map.contains_key("invoice") => {
            let invoice: Invoice = serde_json::from_value(map["invoice"].clone()).map_err(|e| {
                unprocessable("validation-failed", "Invalid registration", format!("payment.invoice: {e}"))
                    .with_error("/payment/invoice", e.to_string())
            })?;
            form.push("factuur-organisatie", &invoice.organisation);
            form.push("factuur-ondernemingsnummer", invoice.enterprise_number.as_deref().unwrap_or(""));
            form.push("factuur-bestelbon", invoice.po_reference.as_deref().unwrap_or(""));
            false
        }
        _ => {
            return Err(unprocessable(
                "validation-failed",
                "Invalid registration",
                "payment must be \"free\" or {\"invoice\": {\"organisation\": ..., \"enterprise_number\": ..., \"po_reference\": ...}}",
            )
            .with_error("/payment", "use \"free\" or {\"invoice\": {...}}"));
        }
    };
    Ok((form, free))
}

/// Where a form field's error points in the JSON body.
fn pointer(field: &str, body: &NewRegistration, free: bool) -> String {
    let attendee_field = field.strip_prefix("deelnemer-").and_then(|rest| {
        let (row, name) = rest.split_once('-')?;
        Some((row.parse::<usize>().ok()?, name))
    });
    if let Some((row, name)) = attendee_field {
        if row == 0
            && name == "naam"
            && (body.attendees.is_empty() || body.attendees.len() > domain::registration::MAX_ATTENDEES)
        {
            return "/attendees".into();
        }
        let name = match name {
            "naam" => "name",
            "email" => "email",
            "organisatie" | "andere-organisatie" => "organisation",
            "noden" => "needs",
            other => match other.strip_prefix("vraag-") {
                Some(key) => return format!("/attendees/{row}/answers/{key}"),
                None => other,
            },
        };
        return format!("/attendees/{row}/{name}");
    }
    if let Some(index) = field.strip_prefix("groep-datum-") {
        return format!("/group/dates/{index}");
    }
    match field {
        domain::registration::GROUP_SIZE => "/group/participants".into(),
        "ticket" => "/ticket_type".into(),
        "besteller-naam" => "/booker/name".into(),
        "besteller-email" => "/booker/email".into(),
        "factuur-organisatie" if free => "/payment".into(),
        "factuur-organisatie" => "/payment/invoice/organisation".into(),
        "factuur-ondernemingsnummer" => "/payment/invoice/enterprise_number".into(),
        "factuur-bestelbon" => "/payment/invoice/po_reference".into(),
        other => format!("/{other}"),
    }
}

/// The form's errors as a problem: its own type when one thing is wrong at
/// heart (an unknown ticket type, a ticket or event not for these people).
fn invalid(errors: &FieldErrors, body: &NewRegistration, free: bool, choices: &RegistrationChoices) -> Problem {
    let mut problem = if !choices.tickets.iter().any(|t| t.id == body.ticket_type) {
        let offered: Vec<String> = choices.tickets.iter().map(|t| format!("{} ({})", t.id, t.name)).collect();
        unprocessable(
            "unknown-ticket-type",
            "Unknown ticket type",
            format!(
                "This event offers no ticket type {}; it offers: {}.",
                body.ticket_type,
                if offered.is_empty() { "none".to_string() } else { offered.join(", ") }
            ),
        )
    } else if errors.iter().any(|(field, _)| {
        field.strip_prefix("deelnemer-").and_then(|r| r.split_once('-')).is_some_and(|(row, name)| {
            name == "organisatie"
                && row.parse::<usize>().ok().and_then(|i| body.attendees.get(i)).is_some_and(|a| {
                    match &a.organisation {
                        Organisation::Id(id) => choices.partners.iter().any(|(p, _)| p == id),
                        Organisation::Name(name) => !name.trim().is_empty(),
                    }
                })
        })
    }) {
        unprocessable(
            "ticket-not-for-audience",
            "Not for this attendee",
            "The event or ticket type is not open to (some of) these attendees' organisations; see errors.",
        )
    } else if free && errors.get("factuur-organisatie").is_some() {
        unprocessable(
            "payment-required",
            "Payment required",
            "This ticket type is not free: pay by {\"invoice\": {\"organisation\": ..., \"enterprise_number\": ...}}.",
        )
    } else {
        unprocessable(
            "validation-failed",
            "Invalid registration",
            format!("{} field(s) are not valid; see errors.", errors.len()),
        )
    };
    problem.errors = errors
        .iter()
        // "free" on a paid ticket is one mistake (at /payment), not one per missing invoice field.
        .filter(|(field, _)| !(free && *field == "factuur-ondernemingsnummer"))
        .map(|(field, message)| FieldProblem {
            pointer: pointer(field, body, free),
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
    let choices = store::registration::choices(&state.db, organiser_id, event_id, now)
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
    let body: NewRegistration = serde_json::from_value(value).map_err(|e| {
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

    let (form, free) = as_form(&body, &choices)?;
    let mut blank = Problem::new(StatusCode::UNPROCESSABLE_ENTITY, "validation-failed", "Invalid registration", "");
    for (i, a) in body.attendees.iter().enumerate() {
        // The form skips a blank row; through the API a blank attendee is a mistake.
        if a.name.trim().is_empty() && a.email.trim().is_empty() {
            blank = blank.with_error(format!("/attendees/{i}/name"), "Give the attendee's name and e-mail address.");
        }
    }
    if !blank.errors.is_empty() {
        blank.detail = "Some attendees have neither a name nor an e-mail address.".into();
        return Err(blank);
    }
    let request =
        RegistrationRequest::parse(&form, &choices).map_err(|errors| invalid(&errors, &body, free, &choices))?;
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
    let booked = match store::registration::register(
        &txn,
        organiser_id,
        event_id,
        &request,
        locale,
        &store::registration::Holder::organiser(),
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
    for mail in crate::registration::confirmation_mails(
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

fn refused(refusal: RegistrationRefusal, body: &NewRegistration) -> Problem {
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
            format!("Ticket type {} is no longer offered for this event.", body.ticket_type),
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
    let cancelled = match store::registration::cancel_by_organiser(&txn, organiser_id, id, now).await? {
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
    let why = crate::cancellations::Why::ByOrganiser;
    crate::cancellations::queue_mails(&txn, &state.settings.base_url, &cancelled, why, now).await?;
    let record =
        store::api_registrations::registration_record(&txn, organiser_id, id).await?.ok_or_else(Problem::internal)?;
    txn.commit().await?;
    state.mail_wake.notify_one();
    crate::cancellations::make_refunds(&state, std::slice::from_ref(&cancelled)).await;
    Ok(Json(out(&state, record)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(attendees: usize) -> NewRegistration {
        NewRegistration {
            ticket_type: 1,
            attendees: (0..attendees)
                .map(|i| NewAttendee {
                    name: format!("A{i}"),
                    email: format!("a{i}@x.test"),
                    organisation: Organisation::Id(7),
                    needs: None,
                    answers: Default::default(),
                })
                .collect(),
            booker: Booker { name: "B".into(), email: "b@x.test".into() },
            payment: serde_json::json!("free"),
            expected_total_cents: None,
            group: None,
        }
    }

    #[test]
    fn form_fields_point_into_the_body() {
        let b = body(2);
        assert_eq!(pointer("deelnemer-1-email", &b, true), "/attendees/1/email");
        assert_eq!(pointer("deelnemer-0-andere-organisatie", &b, true), "/attendees/0/organisation");
        assert_eq!(pointer("ticket", &b, true), "/ticket_type");
        assert_eq!(pointer("deelnemer-1-vraag-3", &b, true), "/attendees/1/answers/3");
        assert_eq!(pointer("groep-aantal", &b, true), "/group/participants");
        assert_eq!(pointer("groep-datum-1", &b, true), "/group/dates/1");
        assert_eq!(pointer("besteller-email", &b, true), "/booker/email");
        assert_eq!(pointer("factuur-organisatie", &b, true), "/payment");
        assert_eq!(pointer("factuur-organisatie", &b, false), "/payment/invoice/organisation");
        assert_eq!(pointer("deelnemer-0-naam", &body(0), true), "/attendees");
    }
}
