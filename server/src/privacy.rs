//! Privacy (GDPR): a participant downloads her data and erases her account;
//! an organiser's admins set how long personal data of past events is kept,
//! and a worker anonymises what is past that period.

use crate::web::{AdminPage, Admins, Posted, SignedIn, Staff, WebError};
use app::state::AppState;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use domain::forms::FieldErrors;
use domain::paths;
use std::time::Duration;

const BODY_LIMIT: usize = 16 * 1024;

/// How often the retention job looks for personal data past keeping.
const RETENTION_INTERVAL: Duration = Duration::from_secs(60 * 60);

/// How long data is kept is the admins' to set.
struct Retention;

impl AdminPage for Retention {
    const REFUSAL: &'static str = "refused.retention_admins";
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route(&paths::axum(paths::route::ACCOUNT_DATA), get(download))
        .route(&paths::axum(paths::route::ACCOUNT_ERASE), post(erase))
        .route(&paths::axum(paths::route::PRIVACY), post(set_retention))
}

/// `GET /mijn/gegevens.json`: everything held about the signed-in person.
async fn download(State(state): State<AppState>, SignedIn(viewer): SignedIn) -> Result<Response, WebError> {
    let now = state.clock.now();
    let data = store::privacy::export(&state.db, viewer.person_id, now).await?.ok_or(WebError::NotFound)?;
    let body = serde_json::to_string_pretty(&data)?;
    let file = domain::privacy::export_file_name(store::time::local_date(now));
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{file}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

/// `POST /mijn/verwijderen`: erases the signed-in person's account, signs her
/// out and shows the confirmation.
async fn erase(
    State(state): State<AppState>,
    Posted { viewer, form }: Posted<BODY_LIMIT>,
) -> Result<Response, WebError> {
    domain::privacy::parse_erase_form(&form).map_err(|errors| WebError::invalid(form.clone(), errors))?;
    let now = state.clock.now();
    let txn = store::begin_write(&state.db).await?;
    let erased = store::privacy::erase(&txn, viewer.person_id, now).await?.map_err(|refusal| {
        let mut errors = FieldErrors::new();
        errors.add("bevestigen", refusal.message());
        WebError::invalid(form.clone(), errors)
    })?;
    // Freed seats go to the waiting list and bookers hear of credit notes and
    // refunds, queued in the same transaction.
    for cancelled in &erased.cancelled {
        let why = crate::orders::mails::Why::Erasure;
        crate::orders::cancel::queue_mails(&txn, &state.settings.base_url, cancelled, why, now).await?;
    }
    txn.commit().await?;
    if !erased.cancelled.is_empty() {
        state.mail_wake.notify_one();
    }
    crate::orders::cancel::make_refunds(&state, &erased.cancelled).await;
    tracing::info!(person_id = viewer.person_id, registrations = erased.registrations, "account erased on request");
    let mut response = Redirect::to(paths::ACCOUNT_ERASED).into_response();
    let secure = state.settings.base_url.starts_with("https://");
    if let Ok(value) = HeaderValue::from_str(&app::session::clear_cookie(secure)) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    Ok(response)
}

/// `POST /beheer/{organiser}/privacy`: admins set the retention period.
async fn set_retention(
    State(state): State<AppState>,
    Staff { viewer, organiser_id, organiser, form, .. }: Staff<Admins<Retention>, BODY_LIMIT>,
) -> Result<Response, WebError> {
    let months =
        domain::privacy::parse_retention_form(&form).map_err(|errors| WebError::invalid(form.clone(), errors))?;
    let now = state.clock.now();
    let txn = store::begin_write(&state.db).await?;
    store::privacy::set_retention(&txn, organiser_id, months, viewer.person_id, now).await?;
    txn.commit().await?;
    Ok(Redirect::to(&paths::with_notice(&paths::backoffice::privacy(&organiser.slug), "bewaard")).into_response())
}

/// One round of the retention job; returns how many registrations it anonymised.
pub async fn retention_once(state: &AppState) -> Result<u64, store::StoreError> {
    let now = state.clock.now();
    // Most rounds there is nothing to do: look before taking the write lock.
    if !store::privacy::retention_due(&state.db, now).await? {
        return Ok(0);
    }
    let txn = store::begin_write(&state.db).await?;
    let done = store::privacy::apply_retention(&txn, now).await?;
    txn.commit().await?;
    if done > 0 {
        tracing::info!(registrations = done, "personal data past its retention period anonymised");
    }
    Ok(done)
}

/// Runs [`retention_once`] every hour until `stop` turns true.
pub async fn run_worker(state: AppState, mut stop: tokio::sync::watch::Receiver<bool>) {
    loop {
        if let Err(e) = retention_once(&state).await {
            tracing::error!(error = %e, "anonymising personal data past retention failed");
        }
        tokio::select! {
            _ = tokio::time::sleep(RETENTION_INTERVAL) => {}
            _ = stop.changed() => return,
        }
    }
}
