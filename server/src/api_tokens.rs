//! `/beheer/{organiser}/api`: admins make and revoke the organiser's API
//! tokens. Plain form posts with the session's form token; the new secret is
//! shown once, on the page that answers the post (never in an address).

use crate::web::{AdminPage, Admins, Id, Page, Path, Staff, WebError};
use app::forms::FormState;
use app::state::AppState;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use domain::paths;

const BODY_LIMIT: usize = 4 * 1024;

/// API tokens are the admins' to hand out.
struct ApiKeys;

impl AdminPage for ApiKeys {
    const REFUSAL: &'static str = "refused.api_keys_admins";
}

type AdminPost = Staff<Admins<ApiKeys>, BODY_LIMIT>;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(&paths::axum(paths::route::API_TOKENS), post(create))
        .route(&paths::axum(paths::route::API_TOKEN_REVOKE), post(revoke))
}

async fn create(
    State(state): State<AppState>,
    Staff { viewer, organiser_id, form, .. }: AdminPost,
) -> Result<Response, WebError> {
    let (name, scope) =
        domain::api_tokens::parse_new_token(&form).map_err(|errors| WebError::invalid(form.clone(), errors))?;
    let now = state.clock.now();
    let txn = store::begin_write(&state.db).await?;
    let (_, secret) =
        store::api_tokens::create_with_scope(&txn, organiser_id, &name, scope, viewer.person_id, now).await?;
    txn.commit().await?;
    // The page again, with the secret in it this once.
    let mut shown = domain::forms::RawForm::default();
    shown.push("nieuwe-sleutel", &secret);
    shown.push("nieuwe-naam", &name);
    let mut response = Page::new(FormState::new(shown), StatusCode::CREATED).into_response();
    response.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    Ok(response)
}

async fn revoke(
    State(state): State<AppState>,
    Path((_, Id(id))): Path<(String, Id)>,
    Staff { viewer, organiser_id, organiser, .. }: AdminPost,
) -> Result<Response, WebError> {
    let txn = store::begin_write(&state.db).await?;
    // Another organiser's token, an unknown one or one revoked already.
    if !store::api_tokens::revoke(&txn, organiser_id, id, viewer.person_id, state.clock.now()).await? {
        return Err(WebError::NotFound);
    }
    txn.commit().await?;
    Ok(Redirect::to(&paths::with_notice(&paths::backoffice::api_tokens(&organiser.slug), "ingetrokken"))
        .into_response())
}
