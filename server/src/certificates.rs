//! Attendance certificates from the participants list: staff mail them to
//! everyone checked in who has none yet (`POST …/attesten`), or open one as
//! a PDF (`GET …/attesten/{registration}`). Each mail is queued in the same
//! transaction that marks its certificate sent, so a second click or a
//! second server sends nothing twice.

use crate::auth::server_error;
use crate::forms::{not_found, read_body, signed_in, staff_post};
use app::state::AppState;
use axum::Router;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use base64::Engine;
use domain::Email;
use domain::certificates::{Certificate, duration_in};
use domain::i18n::{self, Locale};
use domain::mail::{Attachment, OutgoingMail};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/beheer/{organiser}/activiteiten/{event}/attesten", post(send))
        .route("/beheer/{organiser}/activiteiten/{event}/attesten/{registration}", get(download))
        .route("/ticket/{code}/attest", get(of_ticket))
}

/// `GET /ticket/{code}/attest`: the holder's own certificate, once it was sent,
/// in the language they registered in. The ticket's code is what its holder
/// has (from their mail, or `/mijn`); any other code, or a certificate not
/// sent, is 404.
async fn of_ticket(State(state): State<AppState>, Path(code): Path<String>) -> Response {
    if !domain::registration::is_ticket_code(&code) {
        return not_found();
    }
    let certificate = match store::certificates::of_ticket(&state.db, &code).await {
        Ok(Some(c)) => c,
        Ok(None) => return not_found(),
        Err(e) => return server_error(e),
    };
    let issued_on = certificate.sent_on.unwrap_or_else(|| store::time::local_date(state.clock.now()));
    let locale = certificate.locale;
    crate::invoices::download(
        crate::certificate_pdf::render(&certificate, locale, issued_on),
        "application/pdf",
        &certificate.file_name(locale),
    )
}

fn id(raw: &str) -> Option<i32> {
    raw.parse::<i32>().ok().filter(|id| *id > 0)
}

/// The mail that carries one certificate, in the participant's language.
fn mail(certificate: &Certificate, to: Email, organiser_id: i32, issued_on: chrono::NaiveDate) -> OutgoingMail {
    let locale = certificate.locale;
    let event = [("event", certificate.event_title.as_str())];
    let subject = i18n::text_with(locale, "certificate.mail_subject", &event);
    let lines = [
        i18n::text_with(locale, "certificate.mail_intro", &[("name", &certificate.participant)]),
        i18n::plural(
            locale,
            "certificate.mail_body",
            certificate.sessions.len() as u64,
            &[("event", &certificate.event_title), ("duration", &duration_in(locale, certificate.minutes()))],
        ),
    ];
    let (text_body, html_body) =
        crate::mail::render_in(locale, Some(&certificate.organiser_name), &subject, &lines, None);
    let pdf = crate::certificate_pdf::render(certificate, locale, issued_on);
    OutgoingMail {
        organiser_id: Some(organiser_id),
        to,
        to_name: Some(certificate.participant.clone()),
        subject,
        text_body,
        html_body,
        attachments: vec![Attachment {
            filename: certificate.file_name(locale),
            content_type: "application/pdf".into(),
            content: base64::engine::general_purpose::STANDARD.encode(pdf),
            base64: true,
            inline_id: None,
        }],
    }
}

async fn send(
    State(state): State<AppState>,
    Path((organiser, event)): Path<(String, String)>,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let form = match read_body(body, 4 * 1024).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    let post = match staff_post(&state, &parts.headers, &organiser, &form).await {
        Ok(post) => post,
        Err(response) => return response,
    };
    let Some(event_id) = id(&event) else { return not_found() };
    let certificates = match store::certificates::of_event(&state.db, post.organiser_id, event_id).await {
        Ok(Some(c)) => c,
        Ok(None) => return not_found(),
        Err(e) => return server_error(e),
    };
    let now = state.clock.now();
    let issued_on = store::time::local_date(now);
    let txn = match store::begin_write(&state.db).await {
        Ok(t) => t,
        Err(e) => return server_error(e),
    };
    let mut sent = 0;
    for certificate in certificates.iter().filter(|c| !c.sent) {
        let Some(to) = certificate.email.as_deref().and_then(|e| Email::parse(e).ok()) else { continue };
        match store::certificates::mark_sent(&txn, certificate.registration_id, now).await {
            Ok(true) => {}
            Ok(false) => continue,
            Err(e) => return server_error(e),
        }
        if let Err(e) = store::mail::enqueue(&txn, &mail(certificate, to, post.organiser_id, issued_on), now).await {
            return server_error(e);
        }
        sent += 1;
    }
    if let Err(e) = txn.commit().await {
        return server_error(e);
    }
    let path =
        format!("/beheer/{}/activiteiten/{event_id}/inschrijvingen?attesten={sent}#attesten", post.organiser.slug);
    Redirect::to(&path).into_response()
}

/// One certificate as a PDF, in the reader's language, for the organiser's staff.
async fn download(
    State(state): State<AppState>,
    Path((organiser, event, registration)): Path<(String, String, String)>,
    locale: Option<axum::Extension<Locale>>,
    headers: HeaderMap,
) -> Response {
    let locale = locale.map(|axum::Extension(l)| l).unwrap_or_default();
    let viewer = match signed_in(&state, &headers).await {
        Ok(v) => v,
        Err(_) => return (StatusCode::UNAUTHORIZED, i18n::text(locale, "invoices.sign_in")).into_response(),
    };
    let organiser_id = match store::backoffice::managed_organiser(&state.db, &viewer, &organiser).await {
        Ok(Some((id, _))) => id,
        Ok(None) => return not_found(),
        Err(e) => return server_error(e),
    };
    let (Some(event_id), Some(registration_id)) = (id(&event), id(&registration)) else { return not_found() };
    let certificates = match store::certificates::of_event(&state.db, organiser_id, event_id).await {
        Ok(Some(c)) => c,
        Ok(None) => return not_found(),
        Err(e) => return server_error(e),
    };
    let Some(certificate) = certificates.into_iter().find(|c| c.registration_id == registration_id) else {
        return not_found();
    };
    let issued_on = certificate.sent_on.unwrap_or_else(|| store::time::local_date(state.clock.now()));
    crate::invoices::download(
        crate::certificate_pdf::render(&certificate, locale, issued_on),
        "application/pdf",
        &certificate.file_name(locale),
    )
}
