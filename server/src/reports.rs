//! The report's organisation lines as CSV, for the annual report's spreadsheet.

use crate::web::{Action, Path, SignedIn, WebError};
use app::state::AppState;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::Datelike;
use domain::paths;

pub fn router() -> Router<AppState> {
    Router::new().route(&paths::axum(paths::route::REPORT_CSV), get(organisations_csv))
}

/// `?jaar=` (`domain::forms::fields::year::YEAR`), as the report and the books take it.
#[derive(serde::Deserialize)]
#[serde(transparent)]
pub(crate) struct YearQuery(std::collections::HashMap<String, String>);

impl YearQuery {
    /// The year asked for, or this year (see `domain::reports::year_asked`).
    pub(crate) fn year(&self, state: &AppState) -> i32 {
        let asked = self.0.get(domain::forms::fields::year::YEAR).and_then(|y| y.parse::<i32>().ok());
        domain::reports::year_asked(asked, store::time::local_date(state.clock.now()).year())
    }
}

async fn organisations_csv(
    State(state): State<AppState>,
    Path(organiser): Path<String>,
    Query(query): Query<YearQuery>,
    SignedIn(viewer): SignedIn,
) -> Result<Response, WebError> {
    let access = match store::backoffice::may(&state.db, &viewer, &organiser, Action::Manage).await? {
        store::backoffice::Decision::Allowed(access) => access,
        _ => return Err(WebError::NotFound),
    };
    let year = query.year(&state);
    let report = store::reports::participation(&state.db, access.organiser_id, access.organiser, year).await?;
    let file = format!("deelname-{}-{year}.csv", report.organiser.slug);
    Ok(csv_download(domain::reports::organisations_csv(&report), &file))
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
