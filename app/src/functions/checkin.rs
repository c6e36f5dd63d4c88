//! The scanner page's data. Checking in is a plain form post (the server's
//! `checkin` module), so a handheld scanner works without JavaScript.

use crate::error::AppError;
use domain::checkin::DoorView;
use leptos::prelude::*;

/// The scanner page of `event`: for `session` (else the one on now), with the
/// people a name `search` finds and, after a post, what it came to
/// (`outcome`, for `registration`).
#[server(endpoint = "scanner/door")]
pub async fn load_door(
    organiser: String,
    event: String,
    session: Option<i32>,
    search: Option<String>,
    outcome: Option<String>,
    registration: Option<i32>,
) -> Result<DoorView, AppError> {
    let state = crate::state::app_state()?;
    let viewer = crate::functions::account::require_viewer(&state).await?;
    let (organiser_id, organiser) = crate::functions::account::staff_organiser(&state, &viewer, &organiser).await?;
    let not_found = || AppError::NotFound(crate::i18n::tr("error.staff_event_not_found").into());
    let event_id = event.parse::<i32>().ok().filter(|id| *id > 0).ok_or_else(not_found)?;
    let mut view = store::checkin::door_view(
        &state.db,
        organiser_id,
        organiser,
        event_id,
        session,
        search.as_deref(),
        state.clock.now(),
    )
    .await?
    .ok_or_else(not_found)?;
    if let Some(code) = outcome.as_deref() {
        view.last =
            store::checkin::replay(&state.db, organiser_id, event_id, view.session_id, code, registration).await?;
    }
    view.csrf_token = viewer.csrf_token;
    Ok(view)
}
