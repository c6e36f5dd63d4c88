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
use domain::mail::OutgoingMail;

pub fn router() -> Router<AppState> {
    Router::new().route("/beheer/{organiser}/activiteiten/{event}/status", post(change_status))
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
        Redirect::to(&format!("/beheer/{slug}?{query}")).into_response()
    };
    // Others' events, and ones that do not exist, are not found (as in the editor).
    let Some(event_id) = event.parse::<i32>().ok().filter(|id| *id > 0) else { return not_found() };
    let Some(change) = StatusChange::from_form(form.get("actie")) else { return back(Err(Refusal::UnknownAction)) };

    let txn = match store::begin_write(&state.db).await {
        Ok(t) => t,
        Err(e) => return server_error(e),
    };
    let (title, registrants) =
        match store::backoffice::change_status(&txn, organiser_id, event_id, change, viewer.person_id, now).await {
            Ok(Ok(done)) => done,
            Ok(Err(Refusal::UnknownEvent)) => return not_found(),
            Ok(Err(refusal)) => return back(Err(refusal)),
            Err(e) => return server_error(e),
        };
    for who in &registrants {
        let (text_body, html_body) = crate::mail::render(
            Some(&organiser_ref.name),
            &format!("Geannuleerd: {title}"),
            &[
                format!("Beste {},", who.name),
                format!("Helaas gaat «{title}» niet door. Je inschrijving vervalt; wat je betaalde, krijg je terug."),
                format!("Heb je vragen? Antwoord gewoon op deze mail; die gaat naar {}.", organiser_ref.name),
            ],
            None,
        );
        let mail = OutgoingMail {
            organiser_id: Some(organiser_id),
            to: who.email.clone(),
            to_name: Some(who.name.clone()),
            subject: format!("Geannuleerd: {title}"),
            text_body,
            html_body,
            attachments: Vec::new(),
        };
        if let Err(e) = store::mail::enqueue(&txn, &mail, now).await {
            return server_error(e);
        }
    }
    if let Err(e) = txn.commit().await {
        return server_error(e);
    }
    state.mail_wake.notify_one();
    back(Ok(change.code()))
}
