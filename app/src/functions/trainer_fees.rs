//! The signed-in person as a trainer: their fees and profile per organiser
//! (`/mijn/lesgever`), one profile's form (`/mijn/lesgever/:trainer`), and
//! whether `/mijn` links there. Who is whose trainer is the store's one rule
//! (`store::trainer_fees::trainers_of`): another person's trainer row is not
//! found.

use crate::error::AppError;
use crate::forms::FormState;
use domain::listing::OrganiserRef;
use domain::trainer_fees::TrainerAccount;
use domain::trainers::TrainerProfile;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyFeesPage {
    /// One per organiser the person trains for.
    pub accounts: Vec<TrainerAccount>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyProfilePage {
    pub organiser: OrganiserRef,
    pub trainer: TrainerProfile,
    pub form: FormState,
    pub csrf_token: String,
}

#[server(endpoint = "my-fees")]
pub async fn load_my_fees() -> Result<MyFeesPage, AppError> {
    let state = crate::state::app_state()?;
    let viewer = crate::functions::account::require_viewer(&state).await?;
    let accounts = store::trainer_fees::accounts(&state.db, &viewer.email).await?;
    Ok(MyFeesPage { accounts })
}

#[server(endpoint = "my-trainer-profile")]
pub async fn load_my_profile(trainer: String) -> Result<MyProfilePage, AppError> {
    let state = crate::state::app_state()?;
    let viewer = crate::functions::account::require_viewer(&state).await?;
    let not_found = || AppError::NotFound(crate::i18n::tr("error.trainer_not_found").into());
    let trainer_id = trainer.parse::<i32>().ok().filter(|id| *id > 0).ok_or_else(not_found)?;
    let account = store::trainer_fees::accounts(&state.db, &viewer.email)
        .await?
        .into_iter()
        .find(|a| a.trainer.id == trainer_id)
        .ok_or_else(not_found)?;
    let form = crate::forms::resubmitted().unwrap_or_else(|| FormState::new(account.trainer.payment.form_values()));
    Ok(MyProfilePage { organiser: account.organiser, trainer: account.trainer, form, csrf_token: viewer.csrf_token })
}

/// Whether the signed-in person is anyone's trainer (`/mijn` links their fees then).
#[server(endpoint = "is-trainer")]
pub async fn load_is_trainer() -> Result<bool, AppError> {
    let state = crate::state::app_state()?;
    let viewer = crate::functions::account::require_viewer(&state).await?;
    Ok(store::trainer_fees::is_trainer(&state.db, &viewer.email).await?)
}

/// A trainer's fees as the organiser's admins see them on the trainer's page (with the statements).
#[server(endpoint = "trainer-fees")]
pub async fn load_trainer_fees(organiser: String, trainer: i32) -> Result<Vec<domain::trainer_fees::Fee>, AppError> {
    let state = crate::state::app_state()?;
    let (_, organiser_id, _) =
        crate::functions::account::admin_of(&state, &organiser, "refused.payouts_admins").await?;
    let not_found = || AppError::NotFound(crate::i18n::tr("error.trainer_not_found").into());
    store::trainer_fees::fees_at(&state.db, organiser_id, trainer).await?.ok_or_else(not_found)
}
