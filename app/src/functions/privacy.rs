//! Privacy: the erase form on `/mijn/verwijderen` and an organiser's
//! retention period on `/beheer/:organiser/privacy`.

use crate::error::AppError;
use crate::forms::FormState;
use domain::listing::OrganiserRef;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the erase form needs: the session's form token and, after a refused
/// post, the message next to the confirmation box.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EraseForm {
    pub email: String,
    pub form: FormState,
    pub csrf_token: String,
}

#[server(endpoint = "account/erase")]
pub async fn load_erase_form() -> Result<EraseForm, AppError> {
    let state = crate::state::app_state()?;
    let viewer = crate::functions::account::require_viewer(&state).await?;
    Ok(EraseForm {
        email: viewer.email.to_string(),
        form: crate::forms::resubmitted().unwrap_or_default(),
        csrf_token: viewer.csrf_token,
    })
}

/// An organiser's retention period; admins may change it, staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivacySettings {
    pub organiser: OrganiserRef,
    pub months: u32,
    pub may_change: bool,
    pub form: FormState,
    pub csrf_token: String,
}

#[server(endpoint = "backoffice/privacy")]
pub async fn load_privacy_settings(organiser: String) -> Result<PrivacySettings, AppError> {
    let state = crate::state::app_state()?;
    let viewer = crate::functions::account::require_viewer(&state).await?;
    let (organiser_id, organiser) = crate::functions::account::staff_organiser(&state, &viewer, &organiser).await?;
    let months = store::privacy::retention_of(&state.db, organiser_id).await?.months();
    let form = crate::forms::resubmitted()
        .unwrap_or_else(|| FormState::new(domain::forms::RawForm::new(vec![("maanden".into(), months.to_string())])));
    Ok(PrivacySettings {
        may_change: viewer.is_admin_of(organiser.slug.as_str()),
        organiser,
        months,
        form,
        csrf_token: viewer.csrf_token,
    })
}
