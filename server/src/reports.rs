//! The report's organisation lines as CSV, for the annual report's spreadsheet.

use crate::auth::server_error;
use crate::forms::{not_found, signed_in};
use app::state::AppState;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::Datelike;

pub fn router() -> Router<AppState> {
    Router::new().route("/beheer/{organiser}/rapport/organisaties.csv", get(organisations_csv))
}

#[derive(serde::Deserialize)]
struct YearQuery {
    jaar: Option<String>,
}

async fn organisations_csv(
    State(state): State<AppState>,
    Path(organiser): Path<String>,
    Query(query): Query<YearQuery>,
    headers: HeaderMap,
) -> Response {
    let viewer = match signed_in(&state, &headers).await {
        Ok(v) => v,
        Err(response) => return response,
    };
    if !viewer.may_manage(&organiser) {
        return not_found();
    }
    let Ok(slug) = domain::Slug::parse(&organiser) else { return not_found() };
    let (organiser_id, organiser) = match store::backoffice::organiser_ref(&state.db, &slug).await {
        Ok(Some(found)) => found,
        Ok(None) => return not_found(),
        Err(e) => return server_error(e),
    };
    let this_year = store::time::local_date(state.clock.now()).year();
    let year = query
        .jaar
        .and_then(|y| y.parse::<i32>().ok())
        .filter(|y| (2000..=this_year + 5).contains(y))
        .unwrap_or(this_year);
    let report = match store::reports::participation(&state.db, organiser_id, organiser, year).await {
        Ok(r) => r,
        Err(e) => return server_error(e),
    };
    let file = format!("attachment; filename=\"deelname-{}-{year}.csv\"", report.organiser.slug);
    let mut response = domain::reports::organisations_csv(&report).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    if let Ok(value) = HeaderValue::from_str(&file) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    response
}
