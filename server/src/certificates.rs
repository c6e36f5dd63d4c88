//! Attendance certificates from the participants list: staff mail them to
//! everyone checked in who has none yet (`POST …/attesten`), or open one as
//! a PDF (`GET …/attesten/{registration}`). Each mail is queued in the same
//! transaction that marks its certificate sent, so a second click or a
//! second server sends nothing twice.

use crate::web::{Action, AnyStaff, Code, Id, Path, SignedIn, Staff, WebError};
use app::state::AppState;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use base64::Engine;
use domain::Email;
use domain::certificates::{Certificate, duration_in};
use domain::i18n::{self, Locale};
use domain::mail::{Attachment, OutgoingMail};
use domain::paths;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(&paths::axum(paths::route::EVENT_CERTIFICATES), post(send))
        .route(&paths::axum(paths::route::EVENT_CERTIFICATE), get(download))
        .route(&paths::axum(paths::route::TICKET_CERTIFICATE), get(of_ticket))
}

/// `GET /ticket/{code}/attest`: the holder's own certificate, once it was sent,
/// in the language they registered in. The ticket's code is what its holder
/// has (from their mail, or `/mijn`); any other code, or a certificate not
/// sent, is 404.
async fn of_ticket(State(state): State<AppState>, Path(code): Path<Code>) -> Result<Response, WebError> {
    let certificate = store::certificates::of_ticket(&state.db, code.as_str()).await?.ok_or(WebError::NotFound)?;
    let issued_on = certificate.sent_on.unwrap_or_else(|| store::time::local_date(state.clock.now()));
    let locale = certificate.locale;
    Ok(crate::invoices::download(
        crate::certificate_pdf::render(&certificate, locale, issued_on),
        "application/pdf",
        &certificate.file_name(locale),
    ))
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
    Path((_, Id(event_id))): Path<(String, Id)>,
    post: Staff<AnyStaff, { 4 * 1024 }>,
) -> Result<Response, WebError> {
    let certificates =
        store::certificates::of_event(&state.db, post.organiser_id, event_id).await?.ok_or(WebError::NotFound)?;
    let now = state.clock.now();
    let issued_on = store::time::local_date(now);
    let txn = store::begin_write(&state.db).await?;
    let mut sent = 0;
    for certificate in certificates.iter().filter(|c| !c.sent) {
        let Some(to) = certificate.email.as_deref().and_then(|e| Email::parse(e).ok()) else { continue };
        if !store::certificates::mark_sent(&txn, certificate.registration_id, now).await? {
            continue;
        }
        store::mail::enqueue(&txn, &mail(certificate, to, post.organiser_id, issued_on), now).await?;
        sent += 1;
    }
    txn.commit().await?;
    let path =
        format!("{}?attesten={sent}#attesten", paths::backoffice::event_registrations(&post.organiser.slug, event_id));
    Ok(Redirect::to(&path).into_response())
}

/// One certificate as a PDF, in the reader's language, for the organiser's staff.
async fn download(
    State(state): State<AppState>,
    Path((organiser, Id(event_id), Id(registration_id))): Path<(String, Id, Id)>,
    locale: Option<axum::Extension<Locale>>,
    viewer: Option<SignedIn>,
) -> Result<Response, WebError> {
    let locale = locale.map(|axum::Extension(l)| l).unwrap_or_default();
    let Some(SignedIn(viewer)) = viewer else { return Err(WebError::Unauthorized) };
    let organiser_id = match store::backoffice::may(&state.db, &viewer, &organiser, Action::Manage).await? {
        store::backoffice::Decision::Allowed(access) => access.organiser_id,
        _ => return Err(WebError::NotFound),
    };
    let certificates =
        store::certificates::of_event(&state.db, organiser_id, event_id).await?.ok_or(WebError::NotFound)?;
    let certificate =
        certificates.into_iter().find(|c| c.registration_id == registration_id).ok_or(WebError::NotFound)?;
    let issued_on = certificate.sent_on.unwrap_or_else(|| store::time::local_date(state.clock.now()));
    Ok(crate::invoices::download(
        crate::certificate_pdf::render(&certificate, locale, issued_on),
        "application/pdf",
        &certificate.file_name(locale),
    ))
}
