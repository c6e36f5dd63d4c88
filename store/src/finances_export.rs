//! The cost lines of a year's events, for the year's budget against actual
//! and the downloads (`domain::finances::budget` and `export`); the year's
//! events and income come from `finances::year`.

use crate::StoreError;
use domain::finances::CostLine;
use domain::finances::FinanceYear;
use domain::finances::budget::BudgetTable;
use sea_orm::ConnectionTrait;
use std::collections::HashMap;

/// The cost lines of every event of `year` (which `finances::year` read for
/// the organiser), per event, in the order of the books.
pub async fn year_lines(
    db: &impl ConnectionTrait,
    year: &FinanceYear,
) -> Result<HashMap<i32, Vec<CostLine>>, StoreError> {
    let ids: Vec<i32> = year.events.iter().map(|e| e.event_id).collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    crate::finances::lines_of(db, &ids).await
}

/// The organiser's `year` with its cost lines.
pub async fn year_books(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    organiser: domain::listing::OrganiserRef,
    year: i32,
) -> Result<(FinanceYear, HashMap<i32, Vec<CostLine>>), StoreError> {
    let books = crate::finances::year(db, organiser_id, organiser, year).await?;
    let lines = year_lines(db, &books).await?;
    Ok((books, lines))
}

/// Budget against actual over every cost line of the organiser's `year`.
pub async fn year_budget(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    organiser: domain::listing::OrganiserRef,
    year: i32,
) -> Result<BudgetTable, StoreError> {
    let (books, lines) = year_books(db, organiser_id, organiser, year).await?;
    Ok(BudgetTable::of(domain::finances::export::year_lines(&books, &lines)))
}
