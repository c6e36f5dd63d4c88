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
        return Err(link_error(store::accounts::LinkError::Unknown));
    }
    match store::accounts::check_sign_in_token(&state.db, &token, state.clock.now()).await? {
        Ok(email) => Ok(email.to_string()),
        Err(e) => Err(link_error(e)),
    }
}

#[cfg(feature = "ssr")]
fn link_error(error: store::accounts::LinkError) -> AppError {
    use crate::i18n::tr;
    use store::accounts::LinkError;
    AppError::NotFound(
        match error {
            LinkError::Unknown => tr("sign_in.link_unknown"),
            LinkError::Expired => tr("sign_in.link_expired_detail"),
            LinkError::AlreadyUsed => tr("sign_in.link_used"),
        }
        .to_string(),
    )
}

/// The signed-in person, or `SignInRequired`.
#[cfg(feature = "ssr")]
pub async fn require_viewer(state: &crate::state::AppState) -> Result<Viewer, AppError> {
    let headers: http::HeaderMap = leptos_axum::extract().await.map_err(|_| AppError::Internal)?;
    let session_id = crate::session::session_id(&headers).ok_or(AppError::SignInRequired)?;
    store::accounts::viewer(&state.db, &session_id, state.clock.now()).await?.ok_or(AppError::SignInRequired)
}

/// The organiser behind `slug`, when the viewer is its admin or staff (or a
/// platform admin). Anyone else gets "not found": others' organisers do not
/// exist for them, so ids and slugs leak nothing.
#[cfg(feature = "ssr")]
pub async fn staff_organiser(
    state: &crate::state::AppState,
    viewer: &Viewer,
    slug: &str,
) -> Result<(i32, domain::listing::OrganiserRef), AppError> {
    let access = allowed(state, viewer, slug, store::backoffice::Action::Manage, "error.organiser_not_yours").await?;
    Ok((access.organiser_id, access.organiser))
}

/// The organiser behind `slug`, when the viewer may do `action` there, as
/// the form posts decide it (`store::backoffice::may`, the one check). A
/// page answers every refusal "not found"; staff asking for an admins' page
/// read `admins_only`.
#[cfg(feature = "ssr")]
pub async fn allowed(
    state: &crate::state::AppState,
    viewer: &Viewer,
    slug: &str,
    action: store::backoffice::Action,
    admins_only: &'static str,
) -> Result<store::backoffice::Access, AppError> {
    use store::backoffice::Decision;
    match store::backoffice::may(&state.db, viewer, slug, action).await? {
        Decision::Allowed(access) => Ok(access),
        Decision::AdminsOnly => Err(AppError::NotFound(crate::i18n::tr(admins_only).to_string())),
        Decision::NotFound => Err(AppError::NotFound(crate::i18n::tr("error.organiser_not_yours").to_string())),
    }
}

/// The signed-in viewer as an admin of `organiser`, with the organiser's id
/// and reference; staff read `admins_only` (see [`allowed`]).
#[cfg(feature = "ssr")]
pub async fn admin_of(
    state: &crate::state::AppState,
    organiser: &str,
    admins_only: &'static str,
) -> Result<(Viewer, i32, domain::listing::OrganiserRef), AppError> {
    let viewer = require_viewer(state).await?;
    let access = allowed(state, &viewer, organiser, store::backoffice::Action::Administer, admins_only).await?;
    Ok((viewer, access.organiser_id, access.organiser))
}
