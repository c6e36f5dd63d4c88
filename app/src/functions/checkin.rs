//! The scanner page's data. Checking in is a plain form post (the server's
//! `checkin` module), so a handheld scanner works without JavaScript.

use crate::error::AppError;
use domain::checkin::{DoorEvent, DoorView};
use leptos::prelude::*;

/// The scanner page of `event`: for `session` (else the one on now), with the
/// people a name `search` finds and, after a post, what it came to
/// (`outcome`, for `registration`). For the organiser's staff and its
/// scanners (door volunteers); anyone else gets "not found".
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
    let not_found = || AppError::NotFound(crate::i18n::tr("error.staff_event_not_found").into());
    let event_id = event.parse::<i32>().ok().filter(|id| *id > 0).ok_or_else(not_found)?;
    let door = store::backoffice::Action::WorkDoor { event_id };
    let access =
        crate::functions::account::allowed(&state, &viewer, &organiser, door, "error.organiser_not_yours").await?;
    let mut view = store::checkin::door_view(
        &state.db,
        access.organiser_id,
        access.organiser,
        event_id,
        session,
        search.as_deref(),
        state.clock.now(),
    )
    .await?
    .ok_or_else(not_found)?;
    if let Some(code) = outcome.as_deref() {
        view.last =
            store::checkin::replay(&state.db, access.organiser_id, event_id, view.session_id, code, registration)
                .await?;
    }
    view.csrf_token = viewer.csrf_token;
    view.manages = access.manages;
    Ok(view)
}

/// For `/mijn`: the activities of today and the coming week at the organisers
/// where the viewer works the door (as scanner, staff or admin), each with
/// its check-in page.
#[server(endpoint = "account/doors")]
pub async fn load_doors() -> Result<Vec<DoorEvent>, AppError> {
    use domain::Role;
    let state = crate::state::app_state()?;
    let viewer = crate::functions::account::require_viewer(&state).await?;
    let mut organiser_ids: Vec<i32> = viewer
        .grants
        .iter()
        .filter(|g| matches!(g.role, Role::Scanner | Role::Staff | Role::Admin))
        .filter_map(|g| g.organiser_id)
        .collect();
    organiser_ids.sort_unstable();
    organiser_ids.dedup();
    Ok(store::checkin::door_events(&state.db, &organiser_ids, state.clock.now()).await?)
}
