//! Expense claims: a trainer's own page (`/mijn/onkosten`: the form and
//! their claims) and the admins' list of an organiser's claims.

use crate::error::AppError;
use crate::forms::FormState;
use domain::expense_claims::{Claim, KmRate};
use domain::listing::OrganiserRef;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// An activity the viewer teaches, as the claim form offers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityChoice {
    pub event_id: i32,
    pub title: String,
    pub organiser_name: String,
    pub starts_on: Option<chrono::NaiveDate>,
    /// The organiser's kilometre rate.
    pub rate: KmRate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyExpensesPage {
    pub activities: Vec<ActivityChoice>,
    pub claims: Vec<Claim>,
    /// The form: empty, or as typed when a post failed.
    pub form: FormState,
    pub csrf_token: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimsPage {
    pub organiser: OrganiserRef,
    pub claims: Vec<Claim>,
    /// A refused decision (a rejection without a reason), with its claim's id.
    pub form: FormState,
    pub csrf_token: String,
}

#[server(endpoint = "expenses/mine")]
pub async fn load_my_expenses() -> Result<MyExpensesPage, AppError> {
    let state = crate::state::app_state()?;
    let viewer = crate::functions::account::require_viewer(&state).await?;
    let mut activities = Vec::new();
    for a in store::expense_claims::activities_of(&state.db, &viewer.email).await? {
        let rate = store::expense_claims::km_rate(&state.db, a.organiser_id).await?;
        activities.push(ActivityChoice {
            event_id: a.event_id,
            title: a.title,
            organiser_name: a.organiser_name,
            starts_on: a.starts_on,
            rate,
        });
    }
    let claims = store::expense_claims::claims_of(&state.db, &viewer.email).await?;
    let form =
        crate::forms::resubmitted().unwrap_or_else(|| FormState::new(domain::expense_claims::NewClaim::blank_values()));
    Ok(MyExpensesPage { activities, claims, form, csrf_token: viewer.csrf_token })
}

#[server(endpoint = "expenses/organiser")]
pub async fn load_expense_claims(organiser: String) -> Result<ClaimsPage, AppError> {
    let state = crate::state::app_state()?;
    let (viewer, organiser_id, organiser) =
        crate::functions::account::admin_of(&state, &organiser, "refused.finances_admins").await?;
    let claims = store::expense_claims::claims_of_organiser(&state.db, organiser_id).await?;
    let form = crate::forms::resubmitted().unwrap_or_default();
    Ok(ClaimsPage { organiser, claims, form, csrf_token: viewer.csrf_token })
}
