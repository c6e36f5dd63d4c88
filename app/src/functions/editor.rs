use crate::error::AppError;
use crate::forms::FormState;
use domain::editor::{EditedEvent, EditorChoices};
use domain::listing::OrganiserRef;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Everything the event editor page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventEditor {
    pub organiser: OrganiserRef,
    /// `None` for a new event.
    pub event: Option<EditedEvent>,
    pub form: FormState,
    pub choices: EditorChoices,
    /// Trainer fees are money: only the organiser's admins see and set them.
    pub shows_fees: bool,
    pub csrf_token: String,
}

/// The editor for a new event (`event` = None) or one of the organiser's own.
/// While answering a form post that failed, it shows what was typed.
#[server(endpoint = "backoffice/event-editor")]
pub async fn load_event_editor(organiser: String, event: Option<String>) -> Result<EventEditor, AppError> {
    let state = crate::state::app_state()?;
    let viewer = crate::functions::account::require_viewer(&state).await?;
    let (organiser_id, organiser) = crate::functions::account::staff_organiser(&state, &viewer, &organiser).await?;
    let choices = store::editor::choices(&state.db, organiser_id).await?;
    let not_found = || AppError::NotFound(crate::i18n::tr("error.staff_event_not_found").into());
    let (event, stored) = match event {
        None => (None, domain::editor::blank_form(store::time::local_date(state.clock.now()), crate::i18n::locale())),
        Some(raw) => {
            let id = raw.parse::<i32>().ok().filter(|id| *id > 0).ok_or_else(not_found)?;
            let (event, plan) = store::editor::load(&state.db, organiser_id, id).await?.ok_or_else(not_found)?;
            (Some(event), plan.to_form())
        }
    };
    let form = crate::forms::resubmitted().unwrap_or_else(|| FormState::new(stored));
    Ok(EventEditor {
        shows_fees: viewer.is_admin_of(organiser.slug.as_str()),
        organiser,
        event,
        form,
        choices,
        csrf_token: viewer.csrf_token,
    })
}
