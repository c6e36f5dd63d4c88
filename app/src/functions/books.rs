//! Budget against actual for the year page (the event page sums its own
//! lines): for admins of the organiser only, as the rest of the books.

use crate::error::AppError;
use domain::finances::budget::BudgetTable;
use leptos::prelude::*;

/// Budget against actual per kind of cost over the organiser's year (this
/// year when `year` is missing or far off, as the year page).
#[server(endpoint = "finances/budget")]
pub async fn load_year_budget(organiser: String, year: Option<i32>) -> Result<BudgetTable, AppError> {
    use chrono::Datelike;
    let state = crate::state::app_state()?;
    let (_, organiser_id, organiser) =
        crate::functions::account::admin_of(&state, &organiser, "refused.finances_admins").await?;
    let year = domain::reports::year_asked(year, store::time::local_date(state.clock.now()).year());
    Ok(store::finances_export::year_budget(&state.db, organiser_id, organiser, year).await?)
}
