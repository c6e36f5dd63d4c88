//! The books to download, for the organiser's admins (anyone else: 404; no
//! session: 401, as the attendance files: there is no page to come back to):
//!
//! - `GET /beheer/{o}/financien.xlsx?jaar=`: the year as a workbook: per
//!   event, income, every cost line, budget against actual;
//! - `GET /beheer/{o}/activiteiten/{e}/financien.xlsx`: one event's income,
//!   cost lines and budget against actual;
//! - `GET /beheer/{o}/activiteiten/{e}/financien.csv`: its cost lines.
//!
//! The tables come from `domain::finances::export` in the page's language;
//! the year per event as CSV stays `financien.csv` (see `finances`). The
//! workbook holds real cells: amounts as numbers with a euro format, dates
//! as dates, percentages as percentages; each sheet's header row stays in
//! view and its totals are a bold row under the lines.

use crate::web::YearQuery;
use crate::web::{Id, Path, SignedIn, WebError};
use app::state::AppState;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{Datelike, NaiveDate};
use domain::accounts::{Action, Viewer};
use domain::finances::export::{self, Table, Value};
use domain::i18n::Locale;
use domain::paths;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const CSV: &str = "text/csv; charset=utf-8";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(&paths::axum(paths::route::FINANCES_XLSX), get(year_xlsx))
        .route(&paths::axum(paths::route::EVENT_FINANCES_CSV), get(event_csv))
        .route(&paths::axum(paths::route::EVENT_FINANCES_XLSX), get(event_xlsx))
}

/// The organiser's id and reference, for an admin of it; 404 for anyone else
/// (staff who are no admins find nothing here either).
async fn admin_of(
    state: &AppState,
    viewer: &Viewer,
    organiser: &str,
) -> Result<(i32, domain::listing::OrganiserRef), WebError> {
    match store::backoffice::may(&state.db, viewer, organiser, Action::Administer).await? {
        store::backoffice::Decision::Allowed(access) => Ok((access.organiser_id, access.organiser)),
        _ => Err(WebError::NotFound),
    }
}

fn language(locale: Option<axum::Extension<Locale>>) -> Locale {
    locale.map(|axum::Extension(l)| l).unwrap_or_default()
}

async fn year_xlsx(
    State(state): State<AppState>,
    Path(organiser): Path<String>,
    Query(query): Query<YearQuery>,
    locale: Option<axum::Extension<Locale>>,
    viewer: Option<SignedIn>,
) -> Result<Response, WebError> {
    let Some(SignedIn(viewer)) = viewer else { return Err(WebError::Unauthorized) };
    let (organiser_id, organiser) = admin_of(&state, &viewer, &organiser).await?;
    let year = query.year(&state);
    let (books, lines) = store::finances_export::year_books(&state.db, organiser_id, organiser, year).await?;
    let body = workbook(&export::year_tables(language(locale), &books, &lines)).map_err(WebError::internal)?;
    Ok(download(body, XLSX, &format!("financien-{}-{year}.xlsx", books.organiser.slug)))
}

/// One event's books, or 404 when it is not the organiser's.
async fn event_books(
    state: &AppState,
    viewer: &Viewer,
    organiser: &str,
    event_id: i32,
) -> Result<(domain::listing::OrganiserRef, store::finances::EventBooks), WebError> {
    let (organiser_id, organiser) = admin_of(state, viewer, organiser).await?;
    let books = store::finances::event_books(&state.db, organiser_id, event_id).await?.ok_or(WebError::NotFound)?;
    Ok((organiser, books))
}

async fn event_csv(
    State(state): State<AppState>,
    Path((organiser, Id(event_id))): Path<(String, Id)>,
    locale: Option<axum::Extension<Locale>>,
    viewer: Option<SignedIn>,
) -> Result<Response, WebError> {
    let Some(SignedIn(viewer)) = viewer else { return Err(WebError::Unauthorized) };
    let (organiser, books) = event_books(&state, &viewer, &organiser, event_id).await?;
    let body = export::costs(language(locale), &books.lines).csv();
    Ok(download(body.into_bytes(), CSV, &format!("kosten-{}-activiteit-{event_id}.csv", organiser.slug)))
}

async fn event_xlsx(
    State(state): State<AppState>,
    Path((organiser, Id(event_id))): Path<(String, Id)>,
    locale: Option<axum::Extension<Locale>>,
    viewer: Option<SignedIn>,
) -> Result<Response, WebError> {
    let Some(SignedIn(viewer)) = viewer else { return Err(WebError::Unauthorized) };
    let (organiser, books) = event_books(&state, &viewer, &organiser, event_id).await?;
    let tables = export::event_tables(language(locale), &books.income, &books.lines);
    let body = workbook(&tables).map_err(WebError::internal)?;
    Ok(download(body, XLSX, &format!("financien-{}-activiteit-{event_id}.xlsx", organiser.slug)))
}

/// A file to save, for the signed-in reader only (the names are ASCII: a slug and numbers).
fn download(body: Vec<u8>, content_type: &'static str, file: &str) -> Response {
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

/// Euros with two decimals; the separators are the reader's Excel's.
const EURO: &str = "\"€\" #,##0.00;\"€\" -#,##0.00";

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(u16::try_from(d.year()).unwrap_or(1900), d.month() as u8, d.day() as u8)
}

/// A workbook with a sheet per table.
pub fn workbook(tables: &[Table]) -> Result<Vec<u8>, XlsxError> {
    let bold = Format::new().set_bold();
    let formats = |total: bool| {
        let base = if total { Format::new().set_bold() } else { Format::new() };
        (
            base.clone(),
            base.clone().set_num_format(EURO),
            base.clone().set_num_format("dd/mm/yyyy"),
            base.clone().set_num_format("0%"),
            base.clone().set_num_format("0"),
            base.set_num_format("0.0"),
        )
    };
    let mut book = Workbook::new();
    for table in tables {
        let sheet = book.add_worksheet();
        sheet.set_name(&table.name)?;
        for (c, column) in table.columns.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, column, &bold)?;
        }
        let rows = table.rows.iter().map(|r| (r, false)).chain(table.total.iter().map(|r| (r, true)));
        for (n, (row, total)) in rows.enumerate() {
            let r = n as u32 + 1;
            let (text, euro, day, percent, whole, tenths) = formats(total);
            for (c, value) in row.iter().enumerate() {
                let c = c as u16;
                match value {
                    Value::Text(t) => sheet.write_string_with_format(r, c, t, &text)?,
                    Value::Amount(m) => sheet.write_number_with_format(r, c, m.cents() as f64 / 100.0, &euro)?,
                    Value::Date(d) => sheet.write_datetime_with_format(r, c, excel_date(*d)?, &day)?,
                    Value::Percent(p) => sheet.write_number_with_format(r, c, *p as f64 / 100.0, &percent)?,
                    Value::Number(n) => sheet.write_number_with_format(r, c, *n as f64, &whole)?,
                    Value::Hours(m) => sheet.write_number_with_format(r, c, domain::reports::hours(*m), &tenths)?,
                    // A total's empty cells still look like the total row.
                    Value::Empty if total => sheet.write_blank(r, c, &text)?,
                    Value::Empty => continue,
                };
            }
        }
        sheet.set_freeze_panes(1, 0)?;
        sheet.set_autofit_max_width(360);
        sheet.autofit();
    }
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx};
    use domain::Money;

    #[test]
    fn amounts_are_numbers_and_totals_a_row_of_their_own() {
        let table = Table {
            name: "Kosten".into(),
            columns: vec!["Omschrijving".into(), "Betaald op".into(), "Bedrag".into(), "%".into()],
            rows: vec![vec![
                Value::Text("=Zaalhuur".into()),
                Value::Date(NaiveDate::from_ymd_opt(2026, 4, 20).unwrap()),
                Value::Amount(Money::from_cents(68_950)),
                Value::Percent(93),
            ]],
            total: Some(vec![
                Value::Text("Totaal".into()),
                Value::Empty,
                Value::Amount(Money::from_cents(-5)),
                Value::Empty,
            ]),
        };
        let bytes = workbook(&[table]).unwrap();
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(book.sheet_names(), ["Kosten"]);
        let range = book.worksheet_range("Kosten").unwrap();
        assert_eq!(range.get_value((1, 0)), Some(&Data::String("=Zaalhuur".into())), "text, not a formula");
        assert_eq!(range.get_value((1, 2)), Some(&Data::Float(689.5)));
        assert_eq!(range.get_value((1, 3)), Some(&Data::Float(0.93)));
        assert!(matches!(range.get_value((1, 1)), Some(Data::DateTime(_))), "{:?}", range.get_value((1, 1)));
        assert_eq!(range.get_value((2, 2)), Some(&Data::Float(-0.05)));
    }
}
