//! Back-office actions that change data: plain form posts (no JavaScript
//! needed) answered with a redirect to the dashboard and a message.

use crate::web::{Id, Path, Staff, WebError};
use app::state::AppState;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use domain::backoffice::{Refusal, StatusChange};
use domain::paths;

pub fn router() -> Router<AppState> {
    Router::new().route(&paths::axum(paths::route::EVENT_STATUS), post(change_status))
}

async fn change_status(
    State(state): State<AppState>,
    // Others' events, and ones that do not exist, are not found (as in the editor).
    Path((_, event_id)): Path<(String, Id)>,
    Staff { viewer, organiser_id, organiser, form, .. }: Staff,
) -> Result<Response, WebError> {
    let now = state.clock.now();
    let slug = organiser.slug.clone();
    let back = |outcome: Result<&str, Refusal>| {
        let query = match outcome {
            Ok(done) => format!("melding={done}"),
            Err(refusal) => format!("fout={}", refusal.code()),
        };
        Ok(Redirect::to(&format!("{}?{query}", paths::backoffice::dashboard(&slug))).into_response())
    };
    let Some(change) = StatusChange::from_form(form.get(domain::forms::fields::ACTION)) else {
        return back(Err(Refusal::UnknownAction));
    };

    let txn = store::begin_write(&state.db).await?;
    let (_title, registrants) =
        match store::backoffice::change_status(&txn, organiser_id, event_id.0, change, viewer.person_id, now).await? {
            Ok(done) => done,
            Err(Refusal::UnknownEvent) => return Err(WebError::NotFound),
            Err(refusal) => return back(Err(refusal)),
        };
    let why = crate::orders::mails::Why::EventCancelled;
    for cancelled in &registrants {
        crate::orders::cancel::queue_mails(&txn, &state.settings.base_url, cancelled, why, now).await?;
    }
    txn.commit().await?;
    state.mail_wake.notify_one();
    crate::orders::cancel::make_refunds(&state, &registrants).await;
    back(Ok(change.code()))
}
