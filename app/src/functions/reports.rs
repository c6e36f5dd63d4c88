//! The board's participation report for one organiser and year.

use crate::error::AppError;
use domain::reports::ParticipationReport;
use leptos::prelude::*;

#[server(endpoint = "reports/participation")]
pub async fn load_participation(organiser: String, year: Option<i32>) -> Result<ParticipationReport, AppError> {
    use chrono::Datelike;
    let state = crate::state::app_state()?;
    let viewer = crate::functions::account::require_viewer(&state).await?;
    let (organiser_id, organiser) = crate::functions::account::staff_organiser(&state, &viewer, &organiser).await?;
    let year = domain::reports::year_asked(year, store::time::local_date(state.clock.now()).year());
    Ok(store::reports::participation(&state.db, organiser_id, organiser, year).await?)
}
