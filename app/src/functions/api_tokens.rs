use crate::error::AppError;
use crate::forms::FormState;
use domain::api_tokens::ApiTokenRow;
use domain::listing::OrganiserRef;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The organiser's API tokens (admins only), with the secret of a token made
/// just now (shown once) and the form for a new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiTokensPage {
    pub organiser: OrganiserRef,
    pub tokens: Vec<ApiTokenRow>,
    pub form: FormState,
    /// (name, secret) of the token the answered post made.
    pub created: Option<(String, String)>,
    pub csrf_token: String,
}

#[server(endpoint = "backoffice/api-tokens")]
pub async fn load_api_tokens(organiser: String) -> Result<ApiTokensPage, AppError> {
    let state = crate::state::app_state()?;
    let viewer = crate::functions::account::require_viewer(&state).await?;
    let store::backoffice::Access { organiser_id, organiser, .. } = crate::functions::account::allowed(
        &state,
        &viewer,
        &organiser,
        store::backoffice::Action::Administer,
        "refused.api_keys_admins",
    )
    .await?;
    let tokens = store::api_tokens::list(&state.db, organiser_id).await?;
    let form = crate::forms::resubmitted().unwrap_or_default();
    let secret = form.value("nieuwe-sleutel");
    // Only the answer to a successful post (no errors) carries a secret.
    let created = (!secret.is_empty() && form.errors.is_empty()).then(|| (form.value("nieuwe-naam"), secret));
    let form = if created.is_some() { FormState::default() } else { form };
    Ok(ApiTokensPage { organiser, tokens, form, created, csrf_token: viewer.csrf_token })
}
