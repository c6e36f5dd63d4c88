//! An organiser's settings on `/beheer/:organiser/instellingen`: who signs its
//! attendance certificates, and whether four eyes pay the costs (see
//! `domain::finances`). Admins change them; staff see them.

use crate::error::AppError;
use crate::forms::FormState;
use domain::certificates::Issuer;
use domain::listing::OrganiserRef;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganiserSettings {
    pub organiser: OrganiserRef,
    /// What every certificate says of the organiser.
    pub issuer: Issuer,
    pub may_change: bool,
    /// Four eyes: the admin who approved a cost line may not pay it.
    pub four_eyes: bool,
    pub form: FormState,
    /// The organiser's bank account (payment files pay from it), and its form.
    pub account: domain::iban::BankAccount,
    pub bank_form: FormState,
    /// The kilometre rate of expense claims.
    pub km_rate: domain::expense_claims::KmRate,
    pub csrf_token: String,
}

#[server(endpoint = "backoffice/settings")]
pub async fn load_organiser_settings(organiser: String) -> Result<OrganiserSettings, AppError> {
    use domain::certificates::field;
    let state = crate::state::app_state()?;
    let viewer = crate::functions::account::require_viewer(&state).await?;
    let (organiser_id, organiser) = crate::functions::account::staff_organiser(&state, &viewer, &organiser).await?;
    let issuer = store::certificates::issuer(&state.db, organiser_id)
        .await?
        .ok_or_else(|| AppError::NotFound(crate::i18n::tr("error.staff_event_not_found").into()))?;
    let account = store::payouts::bank_account(&state.db, organiser_id).await?;
    // Two forms on one page: the one posted comes back as typed, the other as stored.
    let resubmitted = crate::forms::resubmitted();
    let bank_posted = resubmitted.as_ref().is_some_and(|f| f.values.get(domain::iban::FORM) == domain::iban::BANK_FORM);
    let (resubmitted, bank_form) = if bank_posted {
        (None, resubmitted.unwrap_or_default())
    } else {
        (resubmitted, FormState::new(account.form_values()))
    };
    let form = resubmitted.unwrap_or_else(|| {
        let (name, function) =
            issuer.signatory.as_ref().map(|s| (s.name().to_string(), s.function().to_string())).unwrap_or_default();
        FormState::new(domain::forms::RawForm::new(vec![
            (field::NAME.into(), name),
            (field::FUNCTION.into(), function),
        ]))
    });
    let four_eyes = store::finances::four_eyes(&state.db, organiser_id).await?;
    let km_rate = store::expense_claims::km_rate(&state.db, organiser_id).await?;
    Ok(OrganiserSettings {
        four_eyes,
        km_rate,
        may_change: viewer.is_admin_of(organiser.slug.as_str()),
        organiser,
        issuer,
        form,
        account,
        bank_form,
        csrf_token: viewer.csrf_token,
    })
}
