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
use crate::web::{Action, Path, SignedIn, WebError};
use app::state::AppState;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::Datelike;
use domain::finances::export::Table;
use domain::i18n::Locale;
use domain::paths;
use domain::reports::tables::{self, ReportTable};
use domain::reports::{Period, Scope, fields};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(&paths::axum(paths::route::REPORT_CSV), get(organisations_csv))
        .route(&paths::axum(paths::route::REPORT_XLSX), get(report_xlsx))
        .route(&paths::axum(paths::route::REPORT_TABLE_CSV), get(report_table_csv))
        .route(&paths::axum(paths::route::REPORT_ORGANISATION_XLSX), get(organisation_xlsx))
        .route(&paths::axum(paths::route::REPORT_ORGANISATION_CSV), get(organisation_csv))
}

/// `?jaar=` (`domain::forms::fields::year::YEAR`), as the report and the books take it;
/// with `?van=&tot=` for a report's period.
#[derive(serde::Deserialize)]
#[serde(transparent)]
pub(crate) struct YearQuery(std::collections::HashMap<String, String>);

impl YearQuery {
    /// The year asked for, or this year (see `domain::reports::year_asked`).
    pub(crate) fn year(&self, state: &AppState) -> i32 {
        let asked = self.0.get(domain::forms::fields::year::YEAR).and_then(|y| y.parse::<i32>().ok());
        domain::reports::year_asked(asked, store::time::local_date(state.clock.now()).year())
    }

    /// The period asked for (see `domain::reports::Period::asked`); 400 when it is none.
    pub(crate) fn period(&self, state: &AppState) -> Result<Period, WebError> {
        let get = |k: &str| self.0.get(k).map(String::as_str);
        Period::asked(get(fields::FROM), get(fields::TO), get(fields::YEAR), store::time::local_date(state.clock.now()))
            .map_err(|e| WebError::BadRequest(e.text_key()))
    }
}

pub(crate) fn language(locale: Option<axum::Extension<Locale>>) -> Locale {
    locale.map(|axum::Extension(l)| l).unwrap_or_default()
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

/// A file to save, for the signed-in reader only (the names are ASCII: slugs, numbers, dates).
pub(crate) fn download(body: Vec<u8>, content_type: &'static str, file: &str) -> Response {
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{file}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, HeaderValue::from_static("private, no-store")),
        ],
        body,
    )
        .into_response()
}

/// A CSV file to save, for the signed-in reader only.
pub(crate) fn csv_download(body: String, file: &str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{file}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    response
}
