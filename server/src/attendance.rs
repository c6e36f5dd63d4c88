//! Attendance lists as files, for the organiser's staff (others: 404; no
//! session: 401):
//!
//! - `GET …/activiteiten/{event}/aanwezigheden/{csv|xlsx}`: the whole activity,
//!   one check-in column per session;
//! - `GET …/activiteiten/{event}/sessies/{session}/aanwezigheden/{pdf|csv|xlsx}`:
//!   one session; the PDF is the sign-in sheet to print for the door.
//!
//! The CSV is for Excel as Belgian offices have it, and for scripts: UTF-8
//! with a byte order mark (without it Excel reads the file as Windows-1252 and
//! turns «Hélène» into «HÃ©lÃ¨ne»), fields separated by `;` (the list
//! separator of Excel in Belgian Dutch, French and German: with `,` it puts
//! each line in one cell), quoted where needed (RFC 4180, CRLF), text cells
//! defused so Excel shows a name like `=HYPERLINK(…)` instead of running it
//! (`domain::csv_files` writes it all), dates and
//! times in ISO 8601 and durations in whole minutes, which no locale misreads.
//! The XLSX holds real cells: dates and times as date cells with a format,
//! minutes and hours as numbers.

use crate::web::{Action, Id, Path, SignedIn, WebError};
use app::state::AppState;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{DateTime, Datelike, FixedOffset, Timelike};
use domain::attendance::{AttendanceList, hours};
use domain::csv_files::{Cell, SheetWriter};
use domain::i18n::{self, Locale};
use domain::paths;
use domain::{RegistrationStatus, dates};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(&paths::axum(paths::route::EVENT_ATTENDANCE), get(whole_activity))
        .route(&paths::axum(paths::route::SESSION_ATTENDANCE), get(one_session))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum FileFormat {
    Pdf,
    Csv,
    Xlsx,
}

impl FileFormat {
    fn parse(raw: &str) -> Option<FileFormat> {
        match raw {
            "pdf" => Some(FileFormat::Pdf),
            "csv" => Some(FileFormat::Csv),
            "xlsx" => Some(FileFormat::Xlsx),
            _ => None,
        }
    }
}

async fn whole_activity(
    State(state): State<AppState>,
    Path((organiser, Id(event_id), format)): Path<(String, Id, String)>,
    locale: Option<axum::Extension<Locale>>,
    viewer: Option<SignedIn>,
) -> Result<Response, WebError> {
    let locale = locale.map(|axum::Extension(l)| l).unwrap_or_default();
    // A sign-in sheet is per session.
    let format = FileFormat::parse(&format).filter(|f| *f != FileFormat::Pdf);
    answer(&state, viewer, locale, &organiser, event_id, None, format).await
}

async fn one_session(
    State(state): State<AppState>,
    Path((organiser, Id(event_id), Id(session), format)): Path<(String, Id, Id, String)>,
    locale: Option<axum::Extension<Locale>>,
    viewer: Option<SignedIn>,
) -> Result<Response, WebError> {
    let locale = locale.map(|axum::Extension(l)| l).unwrap_or_default();
    answer(&state, viewer, locale, &organiser, event_id, Some(session), FileFormat::parse(&format)).await
}

async fn answer(
    state: &AppState,
    viewer: Option<SignedIn>,
    locale: Locale,
    organiser: &str,
    event_id: i32,
    session: Option<i32>,
    format: Option<FileFormat>,
) -> Result<Response, WebError> {
    let Some(SignedIn(viewer)) = viewer else { return Err(WebError::Unauthorized) };
    let organiser_id = match store::backoffice::may(&state.db, &viewer, organiser, Action::Manage).await? {
        store::backoffice::Decision::Allowed(access) => access.organiser_id,
        _ => return Err(WebError::NotFound),
    };
    let format = format.ok_or(WebError::NotFound)?;
    let whole = store::attendance::of_event(&state.db, organiser_id, event_id).await?.ok_or(WebError::NotFound)?;
    let list = match session {
        Some(session) => whole.for_session(session).ok_or(WebError::NotFound)?,
        None => whole,
    };
    // Personal data leaves the system: who, which event, when (as for the participants list).
    let now = state.clock.now();
    store::privacy::log_registrations_view(&state.db, organiser_id, event_id, &list.event_title, viewer.person_id, now)
        .await?;
    let one = session.is_some();
    Ok(match format {
        FileFormat::Pdf => {
            let pdf = crate::attendance_pdf::render(&list, locale, store::time::to_local(now));
            file(pdf, "application/pdf", &list.file_name(locale, "attendance.file_sheet", one, "pdf"), true)
        }
        FileFormat::Csv => file(
            csv(&list, locale),
            "text/csv; charset=utf-8",
            &list.file_name(locale, "attendance.file_list", one, "csv"),
            false,
        ),
        FileFormat::Xlsx => file(
            xlsx(&list, locale).map_err(WebError::internal)?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            &list.file_name(locale, "attendance.file_list", one, "xlsx"),
            false,
        ),
    })
}

/// A file to download (or, a PDF, to open in the browser).
fn file(body: Vec<u8>, content_type: &'static str, name: &str, inline: bool) -> Response {
    let how = if inline { "inline" } else { "attachment" };
    let disposition = HeaderValue::from_str(&format!("{how}; filename=\"{name}\""))
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

/// A session as a column heading: `3 mrt. 2026 09:30–12:30 Sessie 1`.
fn session_heading(locale: Locale, list: &AttendanceList, index: usize) -> String {
    let s = &list.sessions[index];
    let span = dates::span_in(locale, s.starts_at.naive_local(), s.ends_at.naive_local());
    i18n::text_with(locale, "attendance.session_column", &[("session", &format!("{span} {}", s.title))])
}

fn status_in(locale: Locale, status: RegistrationStatus) -> &'static str {
    let key = match status {
        RegistrationStatus::Confirmed => "list.status.confirmed",
        RegistrationStatus::PendingPayment => "list.status.pending_payment",
        RegistrationStatus::Unconfirmed => "list.status.unconfirmed",
        RegistrationStatus::Cancelled => "list.status.cancelled",
        RegistrationStatus::Waitlisted => "list.status.waitlisted",
        RegistrationStatus::Offered => "list.status.offered",
    };
    i18n::text(locale, key)
}

/// The people's columns before the sessions'.
const PEOPLE_COLUMNS: [&str; 6] = [
    "attendance.name",
    "attendance.organisation",
    "attendance.email",
    "attendance.ticket",
    "attendance.status",
    "attendance.registered_at",
];

fn iso_minute(t: DateTime<FixedOffset>) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

/// Who registered and who came, one line each (see the module's words on the format).
pub fn csv(list: &AttendanceList, locale: Locale) -> Vec<u8> {
    let mut sheet = SheetWriter::new();
    let mut heading: Vec<String> = PEOPLE_COLUMNS.iter().map(|k| i18n::text(locale, k).to_string()).collect();
    heading.extend((0..list.sessions.len()).map(|i| session_heading(locale, list, i)));
    heading.push(i18n::text(locale, "attendance.sessions_present").to_string());
    heading.push(format!("{} (min)", i18n::text(locale, "attendance.present")));
    sheet.texts(&heading);
    for row in &list.rows {
        let registered_at = iso_minute(row.registered_at);
        let checked_in: Vec<String> = row.checked_in.iter().map(|c| c.map(iso_minute).unwrap_or_default()).collect();
        let (sessions, minutes) = (row.sessions_present().to_string(), list.minutes_present(row).to_string());
        let mut cells = vec![
            Cell::Text(&row.name),
            Cell::Text(row.organisation.as_deref().unwrap_or_default()),
            Cell::Text(row.email.as_deref().unwrap_or_default()),
            Cell::Text(&row.ticket_type),
            Cell::Text(status_in(locale, row.status)),
            Cell::Figure(&registered_at),
        ];
        cells.extend(checked_in.iter().map(|c| Cell::Figure(c)));
        cells.push(Cell::Figure(&sessions));
        cells.push(Cell::Figure(&minutes));
        sheet.row(&cells);
    }
    sheet.finish()
}

fn excel_datetime(t: DateTime<FixedOffset>) -> Result<ExcelDateTime, XlsxError> {
    let (year, month, day) = (t.year(), t.month(), t.day());
    ExcelDateTime::from_ymd(u16::try_from(year).unwrap_or(1900), month as u8, day as u8)?.and_hms(
        t.hour() as u16,
        t.minute() as u8,
        t.second(),
    )
}

fn excel_date(t: DateTime<FixedOffset>) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(u16::try_from(t.year()).unwrap_or(1900), t.month() as u8, t.day() as u8)
}

fn excel_time(t: DateTime<FixedOffset>) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_hms(t.hour() as u16, t.minute() as u8, t.second())
}

/// A workbook with two sheets: the people (a check-in time per session) and the sessions.
pub fn xlsx(list: &AttendanceList, locale: Locale) -> Result<Vec<u8>, XlsxError> {
    let bold = Format::new().set_bold();
    let moment = Format::new().set_num_format("dd/mm/yyyy hh:mm");
    let day = Format::new().set_num_format("dd/mm/yyyy");
    let clock = Format::new().set_num_format("hh:mm");
    let decimal = Format::new().set_num_format("0.00");
    let mut workbook = Workbook::new();

    let people = workbook.add_worksheet();
    people.set_name(i18n::text(locale, "attendance.sheet_people"))?;
    let mut col: u16 = 0;
    for key in PEOPLE_COLUMNS {
        people.write_string_with_format(0, col, i18n::text(locale, key), &bold)?;
        col += 1;
    }
    for i in 0..list.sessions.len() {
        people.write_string_with_format(0, col + i as u16, session_heading(locale, list, i), &bold)?;
    }
    let after = col + list.sessions.len() as u16;
    people.write_string_with_format(0, after, i18n::text(locale, "attendance.sessions_present"), &bold)?;
    people.write_string_with_format(0, after + 1, i18n::text(locale, "attendance.hours_present"), &bold)?;
    for (n, row) in list.rows.iter().enumerate() {
        let r = n as u32 + 1;
        people.write_string(r, 0, &row.name)?;
        people.write_string(r, 1, row.organisation.as_deref().unwrap_or_default())?;
        people.write_string(r, 2, row.email.as_deref().unwrap_or_default())?;
        people.write_string(r, 3, &row.ticket_type)?;
        people.write_string(r, 4, status_in(locale, row.status))?;
        people.write_datetime_with_format(r, 5, excel_datetime(row.registered_at)?, &moment)?;
        for (i, at) in row.checked_in.iter().enumerate() {
            if let Some(at) = at {
                people.write_datetime_with_format(r, col + i as u16, excel_datetime(*at)?, &moment)?;
            }
        }
        people.write_number(r, after, row.sessions_present() as f64)?;
        people.write_number_with_format(r, after + 1, hours(list.minutes_present(row)), &decimal)?;
    }
    finish(people)?;

    let sessions = workbook.add_worksheet();
    sessions.set_name(i18n::text(locale, "attendance.sheet_sessions"))?;
    let headings = [
        "attendance.session",
        "attendance.date",
        "attendance.starts",
        "attendance.ends",
        "attendance.hours",
        "attendance.venue",
        "attendance.trainers",
        "attendance.registered",
        "attendance.present",
    ];
    for (c, key) in headings.iter().enumerate() {
        sessions.write_string_with_format(0, c as u16, i18n::text(locale, key), &bold)?;
    }
    for (i, s) in list.sessions.iter().enumerate() {
        let r = i as u32 + 1;
        sessions.write_string(r, 0, &s.title)?;
        sessions.write_datetime_with_format(r, 1, excel_date(s.starts_at)?, &day)?;
        sessions.write_datetime_with_format(r, 2, excel_time(s.starts_at)?, &clock)?;
        sessions.write_datetime_with_format(r, 3, excel_time(s.ends_at)?, &clock)?;
        sessions.write_number_with_format(r, 4, hours(s.minutes()), &decimal)?;
        sessions.write_string(r, 5, s.venue.as_deref().unwrap_or(i18n::text(locale, "attendance.online")))?;
        sessions.write_string(r, 6, s.trainers.join(", "))?;
        sessions.write_number(r, 7, list.rows.len() as f64)?;
        sessions.write_number(r, 8, list.present_at(i) as f64)?;
    }
    finish(sessions)?;
    workbook.save_to_buffer()
}

/// Headings stay in view; columns as wide as their contents, within reason.
fn finish(sheet: &mut Worksheet) -> Result<(), XlsxError> {
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_autofit_max_width(360);
    sheet.autofit();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use domain::attendance::{ListRow, ListSession};

    fn at(day: u32, h: u32, m: u32) -> DateTime<FixedOffset> {
        FixedOffset::east_opt(3600).unwrap().with_ymd_and_hms(2026, 3, day, h, m, 0).unwrap()
    }

    fn list() -> AttendanceList {
        AttendanceList {
            event_id: 1,
            organiser: "BIZ Kempen".into(),
            event_title: "Algemene vergadering".into(),
            kind: "meeting".into(),
            sessions: vec![ListSession {
                id: 1,
                title: "Vergadering".into(),
                starts_at: at(3, 14, 0),
                ends_at: at(3, 16, 30),
                venue: None,
                trainers: vec![],
            }],
            rows: vec![ListRow {
                registration_id: 1,
                name: "Hélène \"Leen\" Peeters; OCMW".into(),
                organisation: Some("OCMW Mol".into()),
                email: Some("leen@ocmw-mol.test".into()),
                ticket_type: "Lid".into(),
                status: RegistrationStatus::Confirmed,
                registered_at: at(1, 10, 0),
                checked_in: vec![Some(at(3, 13, 58))],
            }],
        }
    }

    #[test]
    fn the_csv_has_a_bom_semicolons_and_quotes_where_needed() {
        let out = csv(&list(), Locale::Nl);
        assert!(out.starts_with("\u{feff}".as_bytes()));
        let text = String::from_utf8(out[3..].to_vec()).unwrap();
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert!(
            lines[0].starts_with("Naam;Organisatie;E-mail;Ticket;Status;Ingeschreven op;Ingecheckt: "),
            "{}",
            lines[0]
        );
        assert_eq!(
            lines[1],
            "\"Hélène \"\"Leen\"\" Peeters; OCMW\";OCMW Mol;leen@ocmw-mol.test;Lid;Ingeschreven;2026-03-01 10:00;2026-03-03 13:58;1;150"
        );
        // Read back by the csv crate, it is the same text.
        let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(text.as_bytes());
        let first = reader.records().next().unwrap().unwrap();
        assert_eq!(&first[0], "Hélène \"Leen\" Peeters; OCMW");
    }

    #[test]
    fn the_workbook_is_a_zip_with_two_sheets() {
        let out = xlsx(&list(), Locale::Nl).unwrap();
        assert!(out.starts_with(b"PK"));
    }
}
