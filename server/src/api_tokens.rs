//! `/beheer/{organiser}/api`: admins make and revoke the organiser's API
//! tokens. Plain form posts with the session's form token; the new secret is
//! shown once, on the page that answers the post (never in an address).

use crate::auth::server_error;
use crate::forms::{StaffPost, answer_with_errors, answer_with_page, not_found, read_body, staff_post};
use app::forms::FormState;
use app::state::AppState;
use axum::Router;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use domain::paths;

const BODY_LIMIT: usize = 4 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(&paths::axum(paths::route::API_TOKENS), post(create))
        .route(&paths::axum(paths::route::API_TOKEN_REVOKE), post(revoke))
}

async fn admin_post(
    state: &AppState,
    parts: &axum::http::request::Parts,
    organiser: &str,
    body: axum::body::Body,
) -> Result<(StaffPost, domain::forms::RawForm), Response> {
    let form = read_body(body, BODY_LIMIT).await?;
    let post = staff_post(state, &parts.headers, organiser, &form).await?;
    if !post.viewer.is_admin_of(post.organiser.slug.as_str()) {
        return Err((StatusCode::FORBIDDEN, crate::language::tr("refused.api_keys_admins")).into_response());
    }
    Ok((post, form))
}

async fn create(State(state): State<AppState>, Path(organiser): Path<String>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let (StaffPost { viewer, organiser_id, .. }, form) = match admin_post(&state, &parts, &organiser, body).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let (name, scope) = match domain::api_tokens::parse_new_token(&form) {
        Ok(parsed) => parsed,
        Err(errors) => return answer_with_errors(&state, &parts, form, errors).await,
    };
    let now = state.clock.now();
    let txn = match store::begin_write(&state.db).await {
        Ok(t) => t,
        Err(e) => return server_error(e),
    };
    let secret =
        match store::api_tokens::create_with_scope(&txn, organiser_id, &name, scope, viewer.person_id, now).await {
            Ok((_, secret)) => secret,
            Err(e) => return server_error(e),
        };
    if let Err(e) = txn.commit().await {
        return server_error(e);
    }
    // The page again, with the secret in it this once.
    let mut shown = domain::forms::RawForm::default();
    shown.push("nieuwe-sleutel", &secret);
    shown.push("nieuwe-naam", &name);
    let mut response = answer_with_page(&state, &parts, FormState::new(shown), StatusCode::CREATED).await;
    response.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    response
}

async fn revoke(
    State(state): State<AppState>,
    Path((organiser, token)): Path<(String, String)>,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let (StaffPost { viewer, organiser_id, organiser }, _) = match admin_post(&state, &parts, &organiser, body).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let Some(id) = token.parse::<i32>().ok().filter(|id| *id > 0) else { return not_found() };
    let txn = match store::begin_write(&state.db).await {
        Ok(t) => t,
        Err(e) => return server_error(e),
    };
    match store::api_tokens::revoke(&txn, organiser_id, id, viewer.person_id, state.clock.now()).await {
        Ok(true) => {}
        // Another organiser's token, an unknown one or one revoked already.
        Ok(false) => return not_found(),
        Err(e) => return server_error(e),
    }
    if let Err(e) = txn.commit().await {
        return server_error(e);
    }
    Redirect::to(&paths::with_notice(&paths::backoffice::api_tokens(&organiser.slug), "ingetrokken")).into_response()
}
