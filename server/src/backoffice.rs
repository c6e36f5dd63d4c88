//! Back-office actions that change data: plain form posts (no JavaScript
//! needed) answered with a redirect to the dashboard and a message.

use crate::auth::server_error;
use app::session::session_id;
use app::state::AppState;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::{Form, Router};
use domain::Slug;
use domain::backoffice::{Refusal, StatusChange};
use domain::mail::OutgoingMail;
use sea_orm::TransactionTrait;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new().route("/beheer/{organiser}/activiteiten/{event}/status", post(change_status))
}

#[derive(Deserialize)]
struct StatusForm {
    #[serde(default)]
    actie: String,
    #[serde(default)]
    csrf: String,
}

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "Niet gevonden").into_response()
}

async fn change_status(
    State(state): State<AppState>,
    Path((organiser, event)): Path<(String, String)>,
    headers: HeaderMap,
    form: Result<Form<StatusForm>, FormRejection>,
) -> Response {
    let now = state.clock.now();
    let Some(sid) = session_id(&headers) else { return Redirect::to("/aanmelden").into_response() };
    let viewer = match store::accounts::viewer(&state.db, &sid, now).await {
        Ok(Some(v)) => v,
        Ok(None) => return Redirect::to("/aanmelden").into_response(),
        Err(e) => return server_error(e),
    };
    // Someone else's organiser does not exist for this viewer.
    if !viewer.may_manage(&organiser) {
        return not_found();
    }
    let form = form.map(|f| f.0).unwrap_or(StatusForm { actie: String::new(), csrf: String::new() });
    if !crate::auth::constant_time_eq(viewer.csrf_token.as_bytes(), form.csrf.as_bytes()) {
        return (StatusCode::FORBIDDEN, "Dit formulier is verlopen of komt niet van Leernet. Laad de pagina opnieuw.")
            .into_response();
    }
    let Ok(slug) = Slug::parse(&organiser) else { return not_found() };
    let (organiser_id, organiser_ref) = match store::backoffice::organiser_ref(&state.db, &slug).await {
        Ok(Some(found)) => found,
        Ok(None) => return not_found(),
        Err(e) => return server_error(e),
    };
    let back = |outcome: Result<&str, Refusal>| {
        let query = match outcome {
            Ok(done) => format!("melding={done}"),
            Err(refusal) => format!("fout={}", refusal.code()),
        };
        Redirect::to(&format!("/beheer/{slug}?{query}")).into_response()
    };
    let Some(event_id) = event.parse::<i32>().ok().filter(|id| *id > 0) else {
        return back(Err(Refusal::UnknownEvent));
    };
    let Some(change) = StatusChange::from_form(&form.actie) else { return back(Err(Refusal::UnknownAction)) };

    let txn = match state.db.begin().await {
        Ok(t) => t,
        Err(e) => return server_error(e),
    };
    let (title, registrants) =
        match store::backoffice::change_status(&txn, organiser_id, event_id, change, viewer.person_id, now).await {
            Ok(Ok(done)) => done,
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
