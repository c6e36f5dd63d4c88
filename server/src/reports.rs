//! The report's downloads, for the organiser's staff (anyone else: 404):
//!
//! - `GET /beheer/{o}/rapport.xlsx?van=&tot=` (or `?jaar=`): every table of
//!   the participation report as a workbook (a sheet per table; see
//!   `finances_export::workbook`: numbers as numbers, dates as dates, a
//!   frozen header row, columns fitted to their contents);
//! - `GET /beheer/{o}/rapport/{table}.csv`: one table as CSV;
//! - `GET /beheer/{o}/rapport/organisaties.csv`: the organisation lines as
//!   they always were (Dutch column names, for the annual report's sheet);
//! - `GET /beheer/{o}/rapport/organisaties/{organisation}/rapport.xlsx` and
//!   `.../{table}.csv`: one organisation's report (only when the organiser
//!   knows it: a partner, or it registered).
//!
//! A period that is none (`van` after `tot`, not a date) is a 400 with the reason.

use crate::finances_export::workbook;
use crate::web::{Action, Path, SignedIn, WebError, YearQuery, csv_download, download, language};
use app::state::AppState;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use domain::finances::export::Table;
use domain::i18n::Locale;
use domain::paths;
use domain::reports::tables::{self, ReportTable};
use domain::reports::{Period, Scope};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(&paths::axum(paths::route::REPORT_CSV), get(organisations_csv))
        .route(&paths::axum(paths::route::REPORT_XLSX), get(report_xlsx))
        .route(&paths::axum(paths::route::REPORT_TABLE_CSV), get(report_table_csv))
        .route(&paths::axum(paths::route::REPORT_ORGANISATION_XLSX), get(organisation_xlsx))
        .route(&paths::axum(paths::route::REPORT_ORGANISATION_CSV), get(organisation_csv))
}

/// The organiser's id and slug, for its staff; 404 for anyone else.
async fn staff_of(
    state: &AppState,
    viewer: &domain::accounts::Viewer,
    organiser: &str,
) -> Result<(i32, String), WebError> {
    match store::backoffice::may(&state.db, viewer, organiser, Action::Manage).await? {
        store::backoffice::Decision::Allowed(access) => Ok((access.organiser_id, access.organiser.slug.to_string())),
        _ => Err(WebError::NotFound),
    }
}

async fn organisations_csv(
    State(state): State<AppState>,
    Path(organiser): Path<String>,
    Query(query): Query<YearQuery>,
    SignedIn(viewer): SignedIn,
) -> Result<Response, WebError> {
    let (organiser_id, slug) = staff_of(&state, &viewer, &organiser).await?;
    let period = query.period(&state)?;
    let report = store::reports::participation(&state.db, Scope::Organiser(organiser_id), period).await?;
    let file = format!("deelname-{slug}-{}.csv", period.file_part());
    Ok(csv_download(domain::reports::organisations_csv(&report), &file))
}

async fn participation_tables(
    state: &AppState,
    viewer: &domain::accounts::Viewer,
    organiser: &str,
    query: &YearQuery,
    locale: Locale,
) -> Result<(String, Period, Vec<(ReportTable, Table)>), WebError> {
    let (organiser_id, slug) = staff_of(state, viewer, organiser).await?;
    let period = query.period(state)?;
    let report = store::reports::participation(&state.db, Scope::Organiser(organiser_id), period).await?;
    Ok((slug, period, tables::participation(locale, &report)))
}

async fn report_xlsx(
    State(state): State<AppState>,
    Path(organiser): Path<String>,
    Query(query): Query<YearQuery>,
    locale: Option<axum::Extension<Locale>>,
    SignedIn(viewer): SignedIn,
) -> Result<Response, WebError> {
    let (slug, period, tables) = participation_tables(&state, &viewer, &organiser, &query, language(locale)).await?;
    let tables: Vec<Table> = tables.into_iter().map(|(_, t)| t).collect();
    let body = workbook(&tables).map_err(WebError::internal)?;
    Ok(download(body, XLSX, &format!("deelname-{slug}-{}.xlsx", period.file_part())))
}

async fn report_table_csv(
    State(state): State<AppState>,
    Path((organiser, file)): Path<(String, String)>,
    Query(query): Query<YearQuery>,
    locale: Option<axum::Extension<Locale>>,
    SignedIn(viewer): SignedIn,
) -> Result<Response, WebError> {
    let asked = ReportTable::from_file(&file).ok_or(WebError::NotFound)?;
    let (slug, period, tables) = participation_tables(&state, &viewer, &organiser, &query, language(locale)).await?;
    let (_, table) = tables.into_iter().find(|(t, _)| *t == asked).ok_or(WebError::NotFound)?;
    Ok(csv_download(table.csv(), &format!("{}-{slug}-{}.csv", asked.slug(), period.file_part())))
}

/// One organisation's tables, when the organiser knows it (404 otherwise).
async fn organisation_tables(
    state: &AppState,
    viewer: &domain::accounts::Viewer,
    organiser: &str,
    organisation: &str,
    query: &YearQuery,
    locale: Locale,
) -> Result<(String, Period, Vec<(ReportTable, Table)>), WebError> {
    let (organiser_id, slug) = staff_of(state, viewer, organiser).await?;
    let organisation_id: i32 = organisation.parse().map_err(|_| WebError::NotFound)?;
    if !store::reports::organisation_known_to(&state.db, organiser_id, organisation_id).await? {
        return Err(WebError::NotFound);
    }
    let period = query.period(state)?;
    let report = store::reports::organisation(&state.db, organisation_id, Some(organiser_id), period)
        .await?
        .ok_or(WebError::NotFound)?;
    Ok((format!("{slug}-organisatie-{organisation_id}"), period, tables::organisation(locale, &report)))
}

async fn organisation_xlsx(
    State(state): State<AppState>,
    Path((organiser, organisation)): Path<(String, String)>,
    Query(query): Query<YearQuery>,
    locale: Option<axum::Extension<Locale>>,
    SignedIn(viewer): SignedIn,
) -> Result<Response, WebError> {
    let (name, period, tables) =
        organisation_tables(&state, &viewer, &organiser, &organisation, &query, language(locale)).await?;
    let tables: Vec<Table> = tables.into_iter().map(|(_, t)| t).collect();
    let body = workbook(&tables).map_err(WebError::internal)?;
    Ok(download(body, XLSX, &format!("deelname-{name}-{}.xlsx", period.file_part())))
}

async fn organisation_csv(
    State(state): State<AppState>,
    Path((organiser, organisation, file)): Path<(String, String, String)>,
    Query(query): Query<YearQuery>,
    locale: Option<axum::Extension<Locale>>,
    SignedIn(viewer): SignedIn,
) -> Result<Response, WebError> {
    let asked = ReportTable::from_file(&file).ok_or(WebError::NotFound)?;
    let (name, period, tables) =
        organisation_tables(&state, &viewer, &organiser, &organisation, &query, language(locale)).await?;
    let (_, table) = tables.into_iter().find(|(t, _)| *t == asked).ok_or(WebError::NotFound)?;
    Ok(csv_download(table.csv(), &format!("{}-{name}-{}.csv", asked.slug(), period.file_part())))
}
