//! The reports beyond one organiser: the Flemish overview (platform admins)
//! and a coordinator's report of their own organisation across every
//! organiser it is a partner of or registered with.

use crate::error::AppError;
use crate::functions::reports::PeriodAsked;
#[cfg(feature = "ssr")]
use crate::functions::reports::period;
use domain::reports::{OrganisationReport, ParticipationReport, PeriodError};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A report, or the period's error (the form shows it next to its field, with what was typed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScopeAnswer<T> {
    Report(T),
    BadPeriod { error: PeriodError, asked: PeriodAsked },
}

#[cfg(feature = "ssr")]
fn not_found() -> AppError {
    AppError::NotFound(crate::i18n::tr("error.not_found").into())
}

/// Every organiser's participation over the period (platform admins only; others: not found).
#[server(endpoint = "reports/platform")]
pub async fn load_platform_report(
    from: Option<String>,
    to: Option<String>,
    year: Option<String>,
) -> Result<ScopeAnswer<ParticipationReport>, AppError> {
    let asked = PeriodAsked { from, to, year };
    let state = crate::state::app_state()?;
    let viewer = crate::functions::account::require_viewer(&state).await?;
    if !viewer.is_platform_admin() {
        return Err(not_found());
    }
    let period = match period(&state, &asked) {
        Ok(period) => period,
        Err(error) => return Ok(ScopeAnswer::BadPeriod { error, asked }),
    };
    let scope = domain::reports::Scope::All;
    Ok(ScopeAnswer::Report(store::reports::participation(&state.db, scope, period).await?))
}

/// The organisation's participation across every organiser, for its
/// coordinators only (anyone else: not found).
#[server(endpoint = "reports/my-organisation")]
pub async fn load_my_organisation_report(
    organisation: String,
    from: Option<String>,
    to: Option<String>,
    year: Option<String>,
) -> Result<ScopeAnswer<OrganisationReport>, AppError> {
    let asked = PeriodAsked { from, to, year };
    let state = crate::state::app_state()?;
    let viewer = crate::functions::account::require_viewer(&state).await?;
    let organisation_id: i32 = organisation.parse().map_err(|_| not_found())?;
    if !store::scopes::coordinates(&state.db, viewer.person_id, organisation_id).await? {
        return Err(not_found());
    }
    let period = match period(&state, &asked) {
        Ok(period) => period,
        Err(error) => return Ok(ScopeAnswer::BadPeriod { error, asked }),
    };
    store::reports::organisation(&state.db, organisation_id, None, period)
        .await?
        .map(ScopeAnswer::Report)
        .ok_or_else(not_found)
}
