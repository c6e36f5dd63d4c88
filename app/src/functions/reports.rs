//! The board's participation report for one organiser over a period, and the
//! organiser's report of one organisation.

use crate::error::AppError;
use domain::reports::{OrganisationReport, ParticipationReport, PeriodError};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The period as asked (`van`, `tot`, `jaar` from the address).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodAsked {
    pub from: Option<String>,
    pub to: Option<String>,
    pub year: Option<String>,
}

/// A report, or the period's error (the form shows it next to its field, with what was typed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Answer<T> {
    Report(T),
    BadPeriod { error: PeriodError, asked: PeriodAsked, organiser: domain::listing::OrganiserRef },
}

/// The period asked for, as of the server's today (also the overview's and a coordinator's).
#[cfg(feature = "ssr")]
pub(crate) fn period(
    state: &crate::state::AppState,
    asked: &PeriodAsked,
) -> Result<domain::reports::Period, PeriodError> {
    domain::reports::Period::asked(
        asked.from.as_deref(),
        asked.to.as_deref(),
        asked.year.as_deref(),
        store::time::local_date(state.clock.now()),
    )
}

#[server(endpoint = "reports/participation")]
pub async fn load_participation(
    organiser: String,
    from: Option<String>,
    to: Option<String>,
    year: Option<String>,
) -> Result<Answer<ParticipationReport>, AppError> {
    let asked = PeriodAsked { from, to, year };
    let state = crate::state::app_state()?;
    let viewer = crate::functions::account::require_viewer(&state).await?;
    let (organiser_id, organiser) = crate::functions::account::staff_organiser(&state, &viewer, &organiser).await?;
    let period = match period(&state, &asked) {
        Ok(period) => period,
        Err(error) => return Ok(Answer::BadPeriod { error, asked, organiser }),
    };
    let scope = domain::reports::Scope::Organiser(organiser_id);
    Ok(Answer::Report(store::reports::participation(&state.db, scope, period).await?))
}

#[server(endpoint = "reports/organisation")]
pub async fn load_organisation_report(
    organiser: String,
    organisation: String,
    from: Option<String>,
    to: Option<String>,
    year: Option<String>,
) -> Result<Answer<OrganisationReport>, AppError> {
    let asked = PeriodAsked { from, to, year };
    let state = crate::state::app_state()?;
    let viewer = crate::functions::account::require_viewer(&state).await?;
    let (organiser_id, organiser) = crate::functions::account::staff_organiser(&state, &viewer, &organiser).await?;
    let not_found = || AppError::NotFound(crate::i18n::tr("error.not_found").into());
    let organisation_id: i32 = organisation.parse().map_err(|_| not_found())?;
    if !store::reports::organisation_known_to(&state.db, organiser_id, organisation_id).await? {
        return Err(not_found());
    }
    let period = match period(&state, &asked) {
        Ok(period) => period,
        Err(error) => return Ok(Answer::BadPeriod { error, asked, organiser }),
    };
    store::reports::organisation(&state.db, organisation_id, Some(organiser_id), period)
        .await?
        .map(Answer::Report)
        .ok_or_else(not_found)
}
