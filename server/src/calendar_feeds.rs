//! Calendar feeds to subscribe to (see `domain::calendar`,
//! `store::calendar_feeds`): the published programme at `/agenda.ics`
//! (`?regio=`, `?soort=`, `?thema=` as the catalogue takes them), and a
//! person's own registrations behind the secret address they make on /mijn.

use crate::web::{Posted, WebError};
use app::state::AppState;
use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use domain::calendar::{Calendar, render};
use domain::{CatalogueFilter, paths};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(&paths::axum(paths::route::CALENDAR_FEED), get(programme))
        .route(&paths::axum(paths::route::PERSONAL_CALENDAR_FEED), get(personal))
        .route(&paths::axum(paths::route::MY_CALENDAR), post(renew))
}

/// A calendar to subscribe to; `cache` says who may keep it and how long.
fn calendar_response(calendar: &Calendar, cache: &'static str) -> Response {
    let mut response = render(calendar).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/calendar; charset=utf-8"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("inline; filename=\"leernet.ics\""));
    response
}

/// `GET /agenda.ics`: the published programme, all regions or filtered.
async fn programme(State(state): State<AppState>, RawQuery(query): RawQuery) -> Result<Response, WebError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query.as_deref().unwrap_or(""))
        .map_err(|_| WebError::BadRequest("refused.calendar_filter"))?;
    let filter = CatalogueFilter::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .map_err(|_| WebError::BadRequest("refused.calendar_filter"))?;
    let now = state.clock.now();
    let entries = store::calendar_feeds::programme(&state.db, now, &filter, &state.settings.base_url)
        .await?
        .ok_or(WebError::NotFound)?;
    let region = match &filter.organiser {
        Some(slug) => store::catalogue::organiser_profile(&state.db, slug).await?.map(|o| o.name),
        None => None,
    };
    let mut name = region.unwrap_or_else(|| "Leernet".to_string());
    if let Some(kind) = filter.kind {
        name = format!("{name} – {}", kind.label_nl());
    }
    if let Some(theme) = &filter.theme {
        name = format!("{name} – {theme}");
    }
    let calendar = Calendar {
        name,
        description: Some(domain::i18n::text(domain::i18n::Locale::Nl, "catalogue.heading").to_string()),
        entries,
    };
    // Calendar applications poll; a quarter of an hour is fresh enough.
    Ok(calendar_response(&calendar, "public, max-age=900"))
}

/// `GET /agenda/{token}`: one person's sessions. Anyone with the address
/// may read it (that is what a subscription is); no one can guess it.
async fn personal(State(state): State<AppState>, Path(token): Path<String>) -> Result<Response, WebError> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()) {
        return Err(WebError::NotFound);
    }
    let now = state.clock.now();
    let entries = store::calendar_feeds::personal(&state.db, &token, now, &state.settings.base_url)
        .await?
        .ok_or(WebError::NotFound)?;
    let calendar = Calendar {
        name: domain::i18n::text(domain::i18n::Locale::Nl, "account.calendar_name").to_string(),
        description: None,
        entries,
    };
    let mut response = calendar_response(&calendar, "private, max-age=300");
    response.headers_mut().insert("x-robots-tag", HeaderValue::from_static("noindex"));
    Ok(response)
}

/// `POST /mijn/agenda`: a new secret address for the signed-in person's
/// feed (the old one stops working), then back to /mijn where it shows.
async fn renew(State(state): State<AppState>, Posted { viewer, .. }: Posted) -> Result<Response, WebError> {
    store::calendar_feeds::renew_token(&state.db, viewer.person_id, state.clock.now()).await?;
    tracing::info!(person_id = viewer.person_id, "personal calendar address renewed");
    Ok(Redirect::to(&format!("{}#agenda", paths::ACCOUNT)).into_response())
}
