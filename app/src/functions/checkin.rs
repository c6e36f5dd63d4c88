//! The scanner page's data. Checking in is a plain form post (the server's
//! `checkin` module), so a handheld scanner works without JavaScript.

use crate::error::AppError;
use domain::checkin::DoorView;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the scanner page asks for: its address and query string.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DoorQuery {
    pub organiser: String,
    pub event: String,
    pub session: Option<i32>,
    pub search: Option<String>,
    /// After a post: what it came to (`uitkomst`) and for whom (`registratie`).
    pub outcome: Option<String>,
    pub registration: Option<i32>,
}

#[server(endpoint = "scanner/door")]
pub async fn load_door(query: DoorQuery) -> Result<DoorView, AppError> {
    let state = crate::state::app_state()?;
    let viewer = crate::functions::account::require_viewer(&state).await?;
    let (organiser_id, organiser) =
        crate::functions::account::staff_organiser(&state, &viewer, &query.organiser).await?;
    let not_found = || AppError::NotFound("Deze activiteit bestaat niet of hoort niet bij deze organisator.".into());
    let event_id = query.event.parse::<i32>().ok().filter(|id| *id > 0).ok_or_else(not_found)?;
    let mut view = store::checkin::door_view(
        &state.db,
        organiser_id,
        organiser,
        event_id,
        query.session,
        query.search.as_deref(),
        state.clock.now(),
    )
    .await?
    .ok_or_else(not_found)?;
    if let Some(code) = query.outcome.as_deref() {
        view.last =
            store::checkin::replay(&state.db, organiser_id, event_id, view.session_id, code, query.registration)
                .await?;
    }
    view.csrf_token = viewer.csrf_token;
    Ok(view)
}
