use crate::error::AppError;
use domain::accounts::Viewer;
use leptos::prelude::*;

/// The signed-in person, or None.
#[server(endpoint = "viewer")]
pub async fn load_viewer() -> Result<Option<Viewer>, AppError> {
    let state = crate::state::app_state()?;
    let headers: http::HeaderMap = leptos_axum::extract().await.map_err(|_| AppError::Internal)?;
    let Some(session_id) = crate::session::session_id(&headers) else { return Ok(None) };
    Ok(store::accounts::viewer(&state.db, &session_id, state.clock.now()).await?)
}

/// Whether a sign-in link can still be used, and for which address.
#[server(endpoint = "sign-in-link")]
pub async fn check_sign_in_link(token: String) -> Result<String, AppError> {
    let state = crate::state::app_state()?;
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::NotFound(store::accounts::LinkError::Unknown.to_string()));
    }
    match store::accounts::check_sign_in_token(&state.db, &token, state.clock.now()).await? {
        Ok(email) => Ok(email.to_string()),
        Err(e) => Err(AppError::NotFound(e.to_string())),
    }
}
