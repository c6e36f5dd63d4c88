//! Paying trainers by bank transfer: the organiser's trainers with their
//! payment details, one trainer's profile form, and the SEPA payment files
//! page. For admins of the organiser only, like the books: bank accounts are
//! no business of staff.

use crate::error::AppError;
use crate::forms::FormState;
use domain::iban::BankAccount;
use domain::listing::OrganiserRef;
use domain::sepa::{FileSummary, PayableLine};
use domain::trainers::TrainerProfile;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainersPage {
    pub organiser: OrganiserRef,
    pub trainers: Vec<TrainerProfile>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainerPage {
    pub organiser: OrganiserRef,
    pub trainer: TrainerProfile,
    pub form: FormState,
    pub csrf_token: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentFilesPage {
    pub organiser: OrganiserRef,
    /// The organiser's own account: a file needs its IBAN.
    pub account: BankAccount,
    /// Approved lines, payable or with what stops them.
    pub lines: Vec<PayableLine>,
    pub files: Vec<FileSummary>,
    pub form: FormState,
    pub csrf_token: String,
}

#[cfg(feature = "ssr")]
async fn admin_organiser(
    state: &crate::state::AppState,
    organiser: &str,
) -> Result<(domain::accounts::Viewer, i32, OrganiserRef), AppError> {
    crate::functions::account::admin_of(state, organiser, "refused.payouts_admins").await
}

#[server(endpoint = "payouts/trainers")]
pub async fn load_trainers(organiser: String) -> Result<TrainersPage, AppError> {
    let state = crate::state::app_state()?;
    let (_, organiser_id, organiser) = admin_organiser(&state, &organiser).await?;
    let trainers = store::payouts::trainers(&state.db, organiser_id).await?;
    Ok(TrainersPage { organiser, trainers })
}

#[server(endpoint = "payouts/trainer")]
pub async fn load_trainer(organiser: String, trainer: String) -> Result<TrainerPage, AppError> {
    let state = crate::state::app_state()?;
    let (viewer, organiser_id, organiser) = admin_organiser(&state, &organiser).await?;
    let not_found = || AppError::NotFound(crate::i18n::tr("error.trainer_not_found").into());
    let trainer_id = trainer.parse::<i32>().ok().filter(|id| *id > 0).ok_or_else(not_found)?;
    let trainer = store::payouts::trainer(&state.db, organiser_id, trainer_id).await?.ok_or_else(not_found)?;
    let form = crate::forms::resubmitted().unwrap_or_else(|| FormState::new(trainer.payment.form_values()));
    Ok(TrainerPage { organiser, trainer, form, csrf_token: viewer.csrf_token })
}

#[server(endpoint = "payouts/files")]
pub async fn load_payment_files(organiser: String) -> Result<PaymentFilesPage, AppError> {
    let state = crate::state::app_state()?;
    let (viewer, organiser_id, organiser) = admin_organiser(&state, &organiser).await?;
    let account = store::payouts::bank_account(&state.db, organiser_id).await?;
    let lines = store::payouts::payable_lines(&state.db, organiser_id).await?;
    let files = store::payouts::files(&state.db, organiser_id).await?;
    let form = crate::forms::resubmitted().unwrap_or_else(|| {
        // Today, in Belgium: the bank pays on its next business day.
        let today = store::time::local_date(state.clock.now());
        FormState::new(domain::forms::RawForm::new(vec![(
            domain::sepa::field::EXECUTION_DATE.to_string(),
            today.to_string(),
        )]))
    });
    Ok(PaymentFilesPage { organiser, account, lines, files, form, csrf_token: viewer.csrf_token })
}
