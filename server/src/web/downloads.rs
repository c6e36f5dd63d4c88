//! What the report and book downloads share: the period or year asked for
//! in the query (`?jaar=`, `?van=&tot=`), the reader's language, and the
//! answers that hand over a file for the signed-in reader only.

use super::WebError;
use app::state::AppState;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::Datelike;
use domain::i18n::Locale;
use domain::reports::{Period, fields};

/// `?jaar=` (`domain::forms::fields::year::YEAR`), as the report and the books take it;
/// with `?van=&tot=` for a report's period.
#[derive(serde::Deserialize)]
#[serde(transparent)]
pub struct YearQuery(std::collections::HashMap<String, String>);

impl YearQuery {
    /// The year asked for, or this year (see `domain::reports::year_asked`).
    pub fn year(&self, state: &AppState) -> i32 {
        let asked = self.0.get(domain::forms::fields::year::YEAR).and_then(|y| y.parse::<i32>().ok());
        domain::reports::year_asked(asked, store::time::local_date(state.clock.now()).year())
    }

    /// The period asked for (see `domain::reports::Period::asked`); 400 when it is none.
    pub fn period(&self, state: &AppState) -> Result<Period, WebError> {
        let get = |k: &str| self.0.get(k).map(String::as_str);
        Period::asked(get(fields::FROM), get(fields::TO), get(fields::YEAR), store::time::local_date(state.clock.now()))
            .map_err(|e| WebError::BadRequest(e.text_key()))
    }
}

pub fn language(locale: Option<axum::Extension<Locale>>) -> Locale {
    locale.map(|axum::Extension(l)| l).unwrap_or_default()
}

/// A file to save, for the signed-in reader only (the names are ASCII: slugs, numbers, dates).
pub fn download(body: Vec<u8>, content_type: &'static str, file: &str) -> Response {
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
pub fn csv_download(body: String, file: &str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{file}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    response
}
