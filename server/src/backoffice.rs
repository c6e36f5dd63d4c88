//! Back-office actions that change data: plain form posts (no JavaScript
//! needed) answered with a redirect to the dashboard and a message.

use crate::auth::server_error;
use crate::forms::{StaffPost, not_found, read_form, staff_post};
use app::state::AppState;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use domain::backoffice::{Refusal, StatusChange};
use domain::paths;

pub fn router() -> Router<AppState> {
    Router::new().route(&paths::axum(paths::route::EVENT_STATUS), post(change_status))
}

async fn change_status(
    State(state): State<AppState>,
    Path((organiser, event)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let now = state.clock.now();
    let form = read_form(&body);
    let StaffPost { viewer, organiser_id, organiser: organiser_ref } =
        match staff_post(&state, &headers, &organiser, &form).await {
            Ok(post) => post,
            Err(response) => return response,
        };
    let slug = organiser_ref.slug.clone();
    let back = |outcome: Result<&str, Refusal>| {
        let query = match outcome {
            Ok(done) => format!("melding={done}"),
            Err(refusal) => format!("fout={}", refusal.code()),
        };
        Redirect::to(&format!("{}?{query}", paths::backoffice::dashboard(&slug))).into_response()
    };
    // Others' events, and ones that do not exist, are not found (as in the editor).
    let Some(event_id) = event.parse::<i32>().ok().filter(|id| *id > 0) else { return not_found() };
    let Some(change) = StatusChange::from_form(form.get("actie")) else { return back(Err(Refusal::UnknownAction)) };

    let txn = match store::begin_write(&state.db).await {
        Ok(t) => t,
        Err(e) => return server_error(e),
    };
    let (_title, registrants) =
        match store::backoffice::change_status(&txn, organiser_id, event_id, change, viewer.person_id, now).await {
            Ok(Ok(done)) => done,
            Ok(Err(Refusal::UnknownEvent)) => return not_found(),
            Ok(Err(refusal)) => return back(Err(refusal)),
            Err(e) => return server_error(e),
        };
    let why = crate::cancellations::Why::EventCancelled;
    for cancelled in &registrants {
        if let Err(e) = crate::cancellations::queue_mails(&txn, &state.settings.base_url, cancelled, why, now).await {
            return server_error(e);
        }
    }
    if let Err(e) = txn.commit().await {
        return server_error(e);
    }
    state.mail_wake.notify_one();
    crate::cancellations::make_refunds(&state, &registrants).await;
    back(Ok(change.code()))
}
