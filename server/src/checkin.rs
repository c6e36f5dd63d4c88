//! Check-in at the door: a scan (the ticket's address, typed by a handheld
//! scanner or put there by the camera) or a tap on "present" after a name
//! search. Plain form posts for the organiser's staff and scanners (door
//! volunteers), answered with a redirect back to the scanner page, which shows
//! what the scan came to. The door's name (`deur`) travels along in the form
//! and the address, so it is kept without JavaScript.

use crate::web::{Door, Id, Path, Staff, WebError};
use app::state::AppState;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use domain::checkin::{CheckInOutcome, TicketCode};
use domain::forms::fields::check_in as names;
use domain::paths;
use store::checkin::{Identified, ScanContext};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(&paths::axum(paths::route::EVENT_CHECKIN), post(check_in))
        .route(&paths::axum(paths::route::EVENT_CHECKIN_UNDO), post(undo))
}

/// The scanner page for `session` at `door`, with `rest` added to its query.
fn page(slug: &str, event_id: i32, session_id: i32, door: Option<&str>, rest: &[(&str, String)]) -> Response {
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.append_pair(names::SESSION, &session_id.to_string());
    if let Some(door) = door {
        query.append_pair(names::DOOR, door);
    }
    for (name, value) in rest {
        if !value.is_empty() {
            query.append_pair(name, value);
        }
    }
    Redirect::to(&format!("{}?{}", paths::backoffice::event_checkin(slug, event_id), query.finish())).into_response()
}

/// An id in the form (`sessie`, `registratie`); a wrong one names nothing.
fn form_id(raw: &str) -> Result<i32, WebError> {
    Id::parse(raw).map(|id| id.0).ok_or(WebError::NotFound)
}

async fn check_in(
    State(state): State<AppState>,
    Path((_, Id(event_id))): Path<(String, Id)>,
    Staff { viewer, organiser_id, organiser, form, .. }: Staff<Door>,
) -> Result<Response, WebError> {
    let session_id = form_id(form.get(names::SESSION))?;
    let door = domain::checkin::door_name(form.get(names::DOOR));
    // A tap on "present" names the registration; a scan, the ticket. Text that
    // cannot be a ticket is a damaged code, said as such at the door.
    let who = match Id::parse(form.get(names::REGISTRATION)) {
        Some(Id(id)) => Identified::Registration(id),
        None => match TicketCode::from_scan(form.get_raw(names::TICKET)) {
            Some(code) => Identified::Ticket(code),
            None => {
                return Ok(page(
                    organiser.slug.as_str(),
                    event_id,
                    session_id,
                    door.as_deref(),
                    &[(names::OUTCOME, "unreadable".into())],
                ));
            }
        },
    };
    let scan = ScanContext {
        by_person: Some(viewer.person_id),
        door: door.clone(),
        other_session: form.get(names::OTHER_SESSION) == "ja",
    };
    let outcome =
        store::checkin::check_in(&state.db, organiser_id, event_id, session_id, &who, &scan, state.clock.now())
            .await?
            .ok_or(WebError::NotFound)?;
    tracing::info!(event_id, session_id, outcome = outcome.code(), "check-in");
    let registration = outcome.holder().map(|h| h.registration_id.to_string()).unwrap_or_default();
    // After a tap in the search results, the list stays on screen.
    let search = match (&who, &outcome) {
        (Identified::Registration(_), _) | (_, CheckInOutcome::UnknownTicket) => form.get(names::SEARCH).to_string(),
        _ => String::new(),
    };
    Ok(page(
        organiser.slug.as_str(),
        event_id,
        session_id,
        door.as_deref(),
        &[(names::OUTCOME, outcome.code().into()), (names::REGISTRATION, registration), (names::SEARCH, search)],
    ))
}

async fn undo(
    State(state): State<AppState>,
    Path((_, Id(event_id))): Path<(String, Id)>,
    Staff { organiser_id, organiser, form, .. }: Staff<Door>,
) -> Result<Response, WebError> {
    let (session_id, registration_id) = (form_id(form.get(names::SESSION))?, form_id(form.get(names::REGISTRATION))?);
    let door = domain::checkin::door_name(form.get(names::DOOR));
    let undone = store::checkin::undo_check_in(&state.db, organiser_id, event_id, session_id, registration_id)
        .await?
        .ok_or(WebError::NotFound)?;
    Ok(match undone {
        Some(_) => page(
            organiser.slug.as_str(),
            event_id,
            session_id,
            door.as_deref(),
            &[(names::OUTCOME, domain::checkin::UNDONE.into()), (names::REGISTRATION, registration_id.to_string())],
        ),
        // Nothing to undo (undone already, or a second tap): just the page.
        None => page(organiser.slug.as_str(), event_id, session_id, door.as_deref(), &[]),
    })
}
