//! `/api/v1` at the door: an event's sessions with their counts, a session's
//! admission list (ticket hashes, for a door that goes offline), redeeming a
//! ticket (idempotent by the door's scan id), who is present, and undo.
//!
//! Who may call: an organiser's API token of either scope (`organiser` or
//! `scanner`), or a browser signed in as someone who may run the organiser's
//! door, sending the page's form token as `X-CSRF-Token` with every change
//! (the door page's island calls these endpoints). Another organiser's event,
//! session or registration is 404.

use crate::problem::Problem;
use app::state::AppState;
use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequestParts, Path, RawQuery, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get};
use axum::{Json, Router};
use chrono::{DateTime, FixedOffset, Utc};
use domain::checkin::{CheckInOutcome, Holder, TicketCode};
use domain::door_sync::{Admission, Present, ScanId, ScanTimeRefusal, SessionCount};
use serde::{Deserialize, Serialize};
use store::door_sync::{RedeemRefusal, Scan};

/// A scan is a few hundred bytes; a long scanned address fits easily.
const BODY_LIMIT: usize = 4 * 1024;
/// The most a door's name may say.
const MAX_DOOR_NAME: usize = 80;
/// The header a signed-in browser sends its form token in.
pub const CSRF_HEADER: &str = "x-csrf-token";

pub fn router() -> Router<AppState> {
    // `{id}` is the event, as in the other `/events/{id}` routes (one name per segment).
    Router::new()
        .route("/events/{id}/sessions", get(sessions))
        .route("/events/{id}/sessions/{session_id}/admissions", get(admissions))
        .route("/events/{id}/sessions/{session_id}/check-ins", get(present).post(redeem))
        .route("/events/{id}/sessions/{session_id}/check-ins/{registration_id}", delete(undo))
}

/// The 403 for a scanner token outside the door's endpoints.
pub fn scanner_refused() -> Problem {
    Problem::new(
        StatusCode::FORBIDDEN,
        "insufficient-scope",
        "Not allowed with this token",
        "This token is a scanner token: it may only use the check-in endpoints (/events/{id}/sessions…).",
    )
}

/// The ids in an API path, by name, each a positive whole number.
struct Ids(Vec<(String, String)>);

impl<S: Send + Sync> FromRequestParts<S> for Ids {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Problem> {
        Path::<Vec<(String, String)>>::from_request_parts(parts, state).await.map(|Path(pairs)| Ids(pairs)).map_err(
            |rejection: PathRejection| {
                Problem::invalid_parameter("path", format!("the path does not decode: {}", rejection.body_text()))
            },
        )
    }
}

impl Ids {
    /// The id at `key`, reported under `name` (the documented parameter).
    fn get(&self, key: &str, name: &str) -> Result<i32, Problem> {
        let raw = self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str()).unwrap_or_default();
        raw.parse::<i32>()
            .ok()
            .filter(|id| *id > 0)
            .ok_or_else(|| Problem::invalid_parameter(name, format!("{raw:?} is not an id (a positive whole number)")))
    }

    fn event(&self) -> Result<i32, Problem> {
        self.get("id", "event_id")
    }

    fn session(&self) -> Result<i32, Problem> {
        self.get("session_id", "session_id")
    }
}

/// Who is calling, for which organiser.
struct DoorCaller {
    organiser_id: i32,
    /// The person at the door (a browser); `None` for a token.
    person_id: Option<i32>,
}

fn no_event(event_id: i32) -> Problem {
    Problem::not_found(format!("You have no event {event_id}."))
}

fn no_session(event_id: i32, session_id: i32) -> Problem {
    Problem::not_found(format!("Your event {event_id} has no session {session_id}."))
}

/// The caller of a door endpoint for `event_id`: a token (either scope), or a
/// signed-in browser that may run the event's organiser's door (with the
/// form token in `X-CSRF-Token` when `changes`).
async fn door_caller(
    state: &AppState,
    headers: &HeaderMap,
    event_id: i32,
    changes: bool,
) -> Result<DoorCaller, Problem> {
    if let Some(value) = headers.get(header::AUTHORIZATION) {
        let raw = value.to_str().unwrap_or_default().trim();
        let Some(token) = raw.strip_prefix("Bearer ").or_else(|| raw.strip_prefix("bearer ")) else {
            return Err(Problem::unauthorized("The Authorization header must use the Bearer scheme."));
        };
        let caller = store::api_tokens::authenticate_caller(&state.db, token.trim(), state.clock.now())
            .await?
            .ok_or_else(|| Problem::unauthorized("This API token is unknown or has been revoked."))?;
        return Ok(DoorCaller { organiser_id: caller.organiser_id, person_id: None });
    }
    let unauthorized = || {
        Problem::unauthorized(
            "Send an API token as `Authorization: Bearer lnt_…` (a scanner token will do), or sign in.",
        )
    };
    let sid = app::session::session_id(headers).ok_or_else(unauthorized)?;
    let viewer = store::accounts::viewer(&state.db, &sid, state.clock.now()).await?.ok_or_else(unauthorized)?;
    if changes {
        let given = headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()).unwrap_or_default();
        if !crate::auth::constant_time_eq(viewer.csrf_token.as_bytes(), given.as_bytes()) {
            return Err(Problem::new(
                StatusCode::FORBIDDEN,
                "csrf-token",
                "Form token missing",
                "A signed-in browser sends the page's form token as X-CSRF-Token with every change.",
            ));
        }
    }
    // The page's own rule: staff and admins at every event's door, a door
    // volunteer (scanner) at the organiser's published events.
    let Some((_, slug)) = store::door_sync::event_organiser(&state.db, event_id).await? else {
        return Err(no_event(event_id));
    };
    match store::backoffice::door_organiser(&state.db, &viewer, &slug, event_id).await? {
        Some(access) => Ok(DoorCaller { organiser_id: access.organiser_id, person_id: Some(viewer.person_id) }),
        None => Err(no_event(event_id)),
    }
}

/// Door data is personal and changes by the second: never cached.
fn fresh<T: Serialize>(status: StatusCode, body: T) -> Response {
    let mut response = (status, Json(body)).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn no_query(query: Option<&str>) -> Result<(), Problem> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query.unwrap_or(""))
        .map_err(|e| Problem::invalid_parameter("query", format!("the query string is malformed: {e}")))?;
    match pairs.first() {
        Some((key, _)) => Err(Problem::invalid_parameter(key.clone(), format!("unknown parameter {key:?}"))),
        None => Ok(()),
    }
}

#[derive(Serialize)]
struct Sessions {
    count: usize,
    data: Vec<SessionCount>,
}

async fn sessions(
    State(state): State<AppState>,
    ids: Ids,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let event_id = ids.event()?;
    let caller = door_caller(&state, &headers, event_id, false).await?;
    no_query(query.as_deref())?;
    let data = store::door_sync::sessions(&state.db, caller.organiser_id, event_id)
        .await?
        .ok_or_else(|| no_event(event_id))?;
    Ok(fresh(StatusCode::OK, Sessions { count: data.len(), data }))
}

#[derive(Serialize)]
struct Admissions {
    session_id: i32,
    /// When the list was taken: a door compares this with what it syncs later.
    taken_at: DateTime<FixedOffset>,
    count: usize,
    data: Vec<Admission>,
}

async fn admissions(
    State(state): State<AppState>,
    ids: Ids,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let (event_id, session_id) = (ids.event()?, ids.session()?);
    let caller = door_caller(&state, &headers, event_id, false).await?;
    no_query(query.as_deref())?;
    let data = store::door_sync::admission_list(&state.db, caller.organiser_id, event_id, session_id)
        .await?
        .ok_or_else(|| no_session(event_id, session_id))?;
    let taken_at = store::time::to_local(state.clock.now());
    Ok(fresh(StatusCode::OK, Admissions { session_id, taken_at, count: data.len(), data }))
}

#[derive(Serialize)]
struct PresentList {
    session_id: i32,
    as_of: DateTime<FixedOffset>,
    /// Everyone checked in now.
    present: usize,
    /// Everyone checked in now, by registration: a door that syncs also
    /// learns of check-ins undone.
    registration_ids: Vec<i32>,
    /// The check-ins (all, or those at or after `since`), earliest first.
    data: Vec<Present>,
}

async fn present(
    State(state): State<AppState>,
    ids: Ids,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let (event_id, session_id) = (ids.event()?, ids.session()?);
    let caller = door_caller(&state, &headers, event_id, false).await?;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query.as_deref().unwrap_or(""))
        .map_err(|e| Problem::invalid_parameter("query", format!("the query string is malformed: {e}")))?;
    let mut since = None;
    for (key, value) in &pairs {
        match key.as_str() {
            "since" => {
                since = Some(DateTime::parse_from_rfc3339(value).map_err(|_| {
                    Problem::invalid_parameter(
                        "since",
                        format!("{value:?} is not a time like 2026-12-08T09:00:00+01:00"),
                    )
                })?)
            }
            other => {
                return Err(Problem::invalid_parameter(other, format!("unknown parameter {other:?}; use since")));
            }
        }
    }
    let all = store::door_sync::present(&state.db, caller.organiser_id, event_id, session_id)
        .await?
        .ok_or_else(|| no_session(event_id, session_id))?;
    let registration_ids = all.iter().map(|p| p.registration_id).collect();
    let present = all.len();
    let data = all.into_iter().filter(|p| since.is_none_or(|since| p.checked_in_at >= since)).collect();
    let as_of = store::time::to_local(state.clock.now());
    Ok(fresh(StatusCode::OK, PresentList { session_id, as_of, present, registration_ids, data }))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RedeemBody {
    /// The ticket code, or the text a scanner read (the ticket's address).
    ticket: String,
    scan_id: String,
    #[serde(default)]
    scanned_at: Option<String>,
    #[serde(default)]
    door: Option<String>,
    #[serde(default)]
    offline: bool,
}

#[derive(Serialize)]
struct Answer {
    scan_id: String,
    /// `checked_in`, `already_in`, `cancelled`, `not_confirmed`, `other_event`, `other_session`, `unknown`, `unreadable`.
    code: &'static str,
    headline: String,
    /// The colour the door shows: `welcome` (green), `again` (orange: in
    /// already), `stop` (red, with the reason in `headline`).
    tone: &'static str,
    /// For `already_in`: who checked the person in, and at which door.
    checked_in_by: Option<String>,
    admitted: bool,
    holder: Option<Holder>,
    /// When the person came in (the earliest scan), for an admitted ticket.
    checked_in_at: Option<DateTime<FixedOffset>>,
    /// The time this scan counts at.
    scanned_at: DateTime<FixedOffset>,
    /// This scan id was sent before: this is the answer it got then.
    replayed: bool,
    offline: bool,
    /// A door without network let the person in, and the ticket turns out not
    /// to be valid (e.g. cancelled after the door took its list).
    conflict: bool,
}

fn unprocessable(kind: &str, title: &'static str, pointer: &str, detail: impl Into<String>) -> Problem {
    let detail = detail.into();
    Problem::new(StatusCode::UNPROCESSABLE_ENTITY, kind, title, detail.clone()).with_error(pointer, detail)
}

async fn redeem(State(state): State<AppState>, ids: Ids, headers: HeaderMap, body: Body) -> Result<Response, Problem> {
    let (event_id, session_id) = (ids.event()?, ids.session()?);
    let caller = door_caller(&state, &headers, event_id, true).await?;
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    if !content_type.trim_start().to_ascii_lowercase().starts_with("application/json") {
        return Err(Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "Unsupported media type",
            "Send the scan as application/json.",
        ));
    }
    let bytes = axum::body::to_bytes(body, BODY_LIMIT).await.map_err(|_| {
        Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body-too-large",
            "Body too large",
            format!("A scan is at most {} KiB.", BODY_LIMIT / 1024),
        )
    })?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
        Problem::new(StatusCode::BAD_REQUEST, "malformed-json", "Malformed JSON", format!("The body is not JSON: {e}"))
    })?;
    let body: RedeemBody = serde_json::from_value(value).map_err(|e| {
        Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation-failed",
            "Invalid scan",
            format!("The body does not fit the schema: {e}"),
        )
    })?;
    let scan_id = ScanId::parse(&body.scan_id).ok_or_else(|| {
        unprocessable(
            "validation-failed",
            "Invalid scan",
            "/scan_id",
            "scan_id is 8 to 64 letters, digits, - and _ (a UUID will do)",
        )
    })?;
    let code = TicketCode::from_scan(&body.ticket).ok_or_else(|| {
        unprocessable(
            "malformed-ticket",
            "Not a ticket code",
            "/ticket",
            "This is not (all of) a ticket code: damaged, cut short, or not one of ours.",
        )
    })?;
    let scanned_at = match body.scanned_at.as_deref() {
        None => None,
        Some(raw) => Some(DateTime::parse_from_rfc3339(raw).map(|t| t.with_timezone(&Utc)).map_err(|_| {
            unprocessable(
                "validation-failed",
                "Invalid scan",
                "/scanned_at",
                format!("{raw:?} is not a time like 2026-12-08T09:01:00+01:00"),
            )
        })?),
    };
    let door = body.door.as_deref().map(str::trim).filter(|d| !d.is_empty()).map(str::to_string);
    if door.as_ref().is_some_and(|d| d.chars().count() > MAX_DOOR_NAME) {
        return Err(unprocessable(
            "validation-failed",
            "Invalid scan",
            "/door",
            format!("a door's name is at most {MAX_DOOR_NAME} characters"),
        ));
    }
    let scan = Scan {
        event_id,
        session_id,
        code,
        scan_id,
        scanned_at,
        by_person: caller.person_id,
        offline: body.offline,
        door,
    };
    let now = state.clock.now();
    let redeemed = match store::door_sync::redeem(&state.db, caller.organiser_id, &scan, now).await? {
        Ok(redeemed) => redeemed,
        Err(RedeemRefusal::NoSuchSession) => return Err(no_session(event_id, session_id)),
        Err(RedeemRefusal::ScanIdReused) => {
            return Err(Problem::new(
                StatusCode::CONFLICT,
                "scan-id-reused",
                "Scan id used before",
                "This scan_id was sent before for another ticket or session; every scan needs its own id.",
            )
            .with_error("/scan_id", "used before for another scan"));
        }
        Err(RedeemRefusal::StillDeciding) => {
            let mut p = Problem::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "scan-being-decided",
                "Scan being decided",
                "Another request with this scan_id is still being decided; send it again in a moment to get its answer.",
            );
            p.retry_after = Some(1);
            return Err(p);
        }
        Err(RedeemRefusal::ScanTime(ScanTimeRefusal::InTheFuture)) => {
            return Err(unprocessable(
                "scanned-at-in-future",
                "Scan time in the future",
                "/scanned_at",
                "scanned_at is later than now: the door's clock is wrong.",
            ));
        }
        Err(RedeemRefusal::ScanTime(ScanTimeRefusal::BeforeTheSessionDay)) => {
            return Err(unprocessable(
                "scanned-at-before-session",
                "Scan time before the session",
                "/scanned_at",
                "scanned_at is before the day of this session.",
            ));
        }
        Err(RedeemRefusal::ScanTime(ScanTimeRefusal::SessionNotThatDay { session_day, scan_day })) => {
            let mut p = Problem::new(
                StatusCode::CONFLICT,
                "session-not-today",
                "Session not today",
                format!("Session {session_id} is on {session_day}, not on the day of the scan ({scan_day})."),
            );
            p.parameter = Some("session_id".into());
            return Err(p);
        }
    };
    let outcome = &redeemed.outcome;
    tracing::info!(event_id, session_id, outcome = outcome.code(), replayed = redeemed.replayed, "api check-in");
    let admitted = outcome.admitted();
    let checked_in_at = match outcome {
        CheckInOutcome::AlreadyIn { at, .. } => Some(*at),
        _ if admitted => Some(store::time::to_local(redeemed.scanned_at)),
        _ => None,
    };
    let answer = Answer {
        scan_id: scan.scan_id.as_str().to_string(),
        code: outcome.code(),
        headline: outcome.headline(crate::language::current()),
        tone: outcome.tone().code(),
        checked_in_by: outcome.checked_in_by(crate::language::current()),
        admitted,
        holder: outcome.holder().cloned(),
        checked_in_at,
        scanned_at: store::time::to_local(redeemed.scanned_at),
        replayed: redeemed.replayed,
        offline: scan.offline,
        conflict: scan.offline && !admitted,
    };
    Ok(fresh(StatusCode::OK, answer))
}

#[derive(Serialize)]
struct Undone {
    registration_id: i32,
    /// Whether a check-in was taken back (`false`: there was none).
    undone: bool,
    holder: Option<Holder>,
}

async fn undo(State(state): State<AppState>, ids: Ids, headers: HeaderMap) -> Result<Response, Problem> {
    let (event_id, session_id) = (ids.event()?, ids.session()?);
    let registration_id = ids.get("registration_id", "registration_id")?;
    let caller = door_caller(&state, &headers, event_id, true).await?;
    let undone = store::checkin::undo_check_in(&state.db, caller.organiser_id, event_id, session_id, registration_id)
        .await?
        .ok_or_else(|| {
            Problem::not_found(format!(
                "Your event {event_id} has no session {session_id} or no registration {registration_id}."
            ))
        })?;
    Ok(fresh(StatusCode::OK, Undone { registration_id, undone: undone.is_some(), holder: undone }))
}
