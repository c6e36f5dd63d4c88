//! The downloads of the reports beyond one organiser (anyone else: 404):
//!
//! - `GET /overzicht.xlsx?van=&tot=` (or `?jaar=`) and `/overzicht/{table}.csv`:
//!   the Flemish overview, for platform admins;
//! - `GET /mijn/organisatie/{organisation}/rapport.xlsx` and `.../{table}.csv`:
//!   a coordinator's report of their own organisation.
//!
//! Each workbook has a sheet per table (see `finances_export::workbook`), the
//! per-organiser table included; a period that is none is a 400 with the reason.

use crate::finances_export::workbook;
use crate::web::{Path, SignedIn, WebError};
use crate::web::{YearQuery, csv_download, download, language};
use app::state::AppState;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use domain::finances::export::Table;
use domain::i18n::Locale;
use domain::paths;
use domain::reports::{Scope, tables};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(&paths::axum(paths::route::PLATFORM_REPORT_XLSX), get(platform_xlsx))
        .route(&paths::axum(paths::route::PLATFORM_REPORT_CSV), get(platform_csv))
        .route(&paths::axum(paths::route::MY_ORGANISATION_REPORT_XLSX), get(my_organisation_xlsx))
        .route(&paths::axum(paths::route::MY_ORGANISATION_REPORT_CSV), get(my_organisation_csv))
}

/// A table by its CSV's file name: the report's, or the one per organiser.
fn pick(tables: Vec<(String, Table)>, file: &str) -> Result<Table, WebError> {
    tables.into_iter().find(|(name, _)| name == file).map(|(_, t)| t).ok_or(WebError::NotFound)
}

/// The Flemish overview's tables by file name, for platform admins (404 for anyone else).
async fn platform_tables(
    state: &AppState,
    viewer: &domain::accounts::Viewer,
    query: &YearQuery,
    locale: Locale,
) -> Result<(domain::reports::Period, Vec<(String, Table)>), WebError> {
    if !viewer.is_platform_admin() {
        return Err(WebError::NotFound);
    }
    let period = query.period(state)?;
    let report = store::reports::participation(&state.db, Scope::All, period).await?;
    let organisers = domain::overview::by_organiser(&report.by_activity);
    let mut named =
        vec![(domain::overview::ORGANISERS_CSV.to_string(), domain::overview::organisers_table(locale, &organisers))];
    named.extend(tables::participation(locale, &report).into_iter().map(|(t, table)| (t.file(), table)));
    Ok((period, named))
}

async fn platform_xlsx(
    State(state): State<AppState>,
    Query(query): Query<YearQuery>,
    locale: Option<axum::Extension<Locale>>,
    SignedIn(viewer): SignedIn,
) -> Result<Response, WebError> {
    let (period, tables) = platform_tables(&state, &viewer, &query, language(locale)).await?;
    let tables: Vec<Table> = tables.into_iter().map(|(_, t)| t).collect();
    let body = workbook(&tables).map_err(WebError::internal)?;
    Ok(download(body, XLSX, &format!("vlaams-overzicht-{}.xlsx", period.file_part())))
}

async fn platform_csv(
    State(state): State<AppState>,
    Path(file): Path<String>,
    Query(query): Query<YearQuery>,
    locale: Option<axum::Extension<Locale>>,
    SignedIn(viewer): SignedIn,
) -> Result<Response, WebError> {
    let (period, tables) = platform_tables(&state, &viewer, &query, language(locale)).await?;
    let table = pick(tables, &file)?;
    let stem = file.trim_end_matches(".csv");
    Ok(csv_download(table.csv(), &format!("vlaams-overzicht-{stem}-{}.csv", period.file_part())))
}

/// The organisation's tables by file name, for its coordinators (404 for anyone else).
async fn my_organisation_tables(
    state: &AppState,
    viewer: &domain::accounts::Viewer,
    organisation: &str,
    query: &YearQuery,
    locale: Locale,
) -> Result<(domain::reports::Period, Vec<(String, Table)>), WebError> {
    let organisation_id: i32 = organisation.parse().map_err(|_| WebError::NotFound)?;
    if !store::scopes::coordinates(&state.db, viewer.person_id, organisation_id).await? {
        return Err(WebError::NotFound);
    }
    let period = query.period(state)?;
    let report =
        store::reports::organisation(&state.db, organisation_id, None, period).await?.ok_or(WebError::NotFound)?;
    let organisers = domain::overview::by_organiser(&report.by_activity);
    let mut named =
        vec![(domain::overview::ORGANISERS_CSV.to_string(), domain::overview::organisers_table(locale, &organisers))];
    named.extend(tables::organisation(locale, &report).into_iter().map(|(t, table)| (t.file(), table)));
    Ok((period, named))
}

async fn my_organisation_xlsx(
    State(state): State<AppState>,
    Path(organisation): Path<String>,
    Query(query): Query<YearQuery>,
    locale: Option<axum::Extension<Locale>>,
    SignedIn(viewer): SignedIn,
) -> Result<Response, WebError> {
    let (period, tables) = my_organisation_tables(&state, &viewer, &organisation, &query, language(locale)).await?;
    let tables: Vec<Table> = tables.into_iter().map(|(_, t)| t).collect();
    let body = workbook(&tables).map_err(WebError::internal)?;
    Ok(download(body, XLSX, &format!("deelname-organisatie-{organisation}-{}.xlsx", period.file_part())))
}

async fn my_organisation_csv(
    State(state): State<AppState>,
    Path((organisation, file)): Path<(String, String)>,
    Query(query): Query<YearQuery>,
    locale: Option<axum::Extension<Locale>>,
    SignedIn(viewer): SignedIn,
) -> Result<Response, WebError> {
    let (period, tables) = my_organisation_tables(&state, &viewer, &organisation, &query, language(locale)).await?;
    let table = pick(tables, &file)?;
    let stem = file.trim_end_matches(".csv");
    Ok(csv_download(table.csv(), &format!("{stem}-organisatie-{organisation}-{}.csv", period.file_part())))
}
