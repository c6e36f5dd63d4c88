//! The books as files: an event's and a year's workbook (income, costs,
//! budget against actual, amounts as numbers whose totals are the page's),
//! an event's cost lines as CSV, budget against actual on the pages, and
//! that only the organiser's admins get any of it.

use crate::accounts::sign_in;
use crate::finances::{event_with_income, person_id};
use crate::helpers::TestApp;
use crate::on_both_databases;
use calamine::{Data, Range, Reader, Xlsx};
use chrono::Utc;
use domain::i18n::Locale;
use domain::{CostStatus, Money};
use sea_orm::{ActiveModelTrait, ActiveValue::Set};
use store::entities::cost_line;

const KEMPEN: &str = "biz-kempen";
const HANNE: &str = "hanne.laenen@cawdekempen.test";
const TABITHA: &str = "tabitha.tanghe@cawdekempen.test";
const ELISA: &str = "elisa.demeulaere@cawnoordwestvlaanderen.test";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

struct Got {
    status: u16,
    content_type: String,
    disposition: String,
    body: Vec<u8>,
}

async fn fetch(app: &TestApp, path: &str, cookie: Option<&str>) -> Got {
    let mut request = app.client.get(format!("{}{path}", app.address));
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.expect("request");
    let header =
        |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let (status, content_type, disposition) =
        (response.status().as_u16(), header("content-type"), header("content-disposition"));
    Got { status, content_type, disposition, body: response.bytes().await.expect("body").to_vec() }
}

/// A line as the forms leave it: approved lines with their approval, paid ones with the day.
async fn a_line(
    app: &TestApp,
    event_id: i32,
    (category, description, payee): (&str, &str, Option<&str>),
    (budget, actual): (i64, Option<i64>),
    status: CostStatus,
    approver: i32,
) {
    let now = Utc::now();
    let approved = status != CostStatus::Planned;
    cost_line::ActiveModel {
        event_id: Set(event_id),
        category: Set(category.into()),
        description: Set(description.into()),
        payee: Set(payee.map(str::to_string)),
        budget_cents: Set(budget),
        actual_cents: Set(actual),
        status: Set(status),
        approved_by: Set(approved.then_some(approver)),
        approved_at: Set(approved.then_some(now)),
        approved_cents: Set(if approved { actual } else { None }),
        paid_at: Set((status == CostStatus::Paid).then_some(now)),
        payout_reference: Set((status == CostStatus::Paid).then(|| "OV 2099-7".to_string())),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
}

/// The Kempen event with € 90 income and three costs: the trainer paid as
/// budgeted (€ 1400), the lunch planned (€ 750 budgeted, € 689,50 quoted),
/// the venue approved over budget (€ 350 of € 300).
async fn event_with_books(app: &TestApp) -> i32 {
    let event_id = event_with_income(app).await;
    let hanne = person_id(app, HANNE).await;
    let trainer = ("trainer", "Honorarium Lies Pauwels", Some("Lies Pauwels"));
    a_line(app, event_id, trainer, (140_000, Some(140_000)), CostStatus::Paid, hanne).await;
    let lunch = ("catering", "Broodjeslunch", None);
    a_line(app, event_id, lunch, (75_000, Some(68_950)), CostStatus::Planned, hanne).await;
    let venue = ("venue", "Zaalhuur", Some("=HYPERLINK(\"http://x.test\")"));
    a_line(app, event_id, venue, (30_000, Some(35_000)), CostStatus::Approved, hanne).await;
    // Written as rows, so the ledger learns of them as of an older database.
    store::ledger::backfill(&app.db, app.clock_now()).await.unwrap();
    event_id
}

fn workbook(got: &Got) -> Xlsx<std::io::Cursor<Vec<u8>>> {
    calamine::open_workbook_from_rs(std::io::Cursor::new(got.body.clone())).expect("an XLSX")
}

fn float(range: &Range<Data>, row: usize, col: usize) -> f64 {
    match range.get_value((row as u32, col as u32)) {
        Some(Data::Float(f)) => *f,
        other => panic!("({row}, {col}) is no number: {other:?}"),
    }
}

fn text(range: &Range<Data>, row: usize, col: usize) -> String {
    match range.get_value((row as u32, col as u32)) {
        Some(Data::String(s)) => s.clone(),
        other => panic!("({row}, {col}) is no text: {other:?}"),
    }
}

/// An amount as the page writes it (`€ 2.439,50`).
fn on_page(euros: f64) -> String {
    Money::from_cents((euros * 100.0).round() as i64).display_full_in(Locale::Nl)
}

on_both_databases!(an_admin_downloads_an_events_books_that_add_up_to_the_page, |app: TestApp| async move {
    let event_id = event_with_books(&app).await;
    let hanne = sign_in(&app, HANNE).await;
    let books = format!("/beheer/{KEMPEN}/activiteiten/{event_id}/financien");
    let page = app.get_with_cookie(&books, &hanne).await;
    assert_eq!(page.status, 200);
    let page = page.body;
    // Budget against actual per kind: approved and paid count, the planned lunch only in the budget.
    assert!(page.contains("Budget tegenover werkelijk"));
    for figure in ["€ 2.450,00", "€ 1.750,00", "€ 700,00", "€ -50,00", "117\u{a0}%", "71\u{a0}%", "boven budget"]
    {
        assert!(page.contains(figure), "{figure} on the page");
    }
    let (csv_path, xlsx_path) = (format!("{books}.csv"), format!("{books}.xlsx"));
    assert!(page.contains(&format!("href=\"{csv_path}\"")) && page.contains(&format!("href=\"{xlsx_path}\"")));

    let xlsx = fetch(&app, &xlsx_path, Some(&hanne)).await;
    assert_eq!((xlsx.status, xlsx.content_type.as_str()), (200, XLSX));
    assert_eq!(xlsx.disposition, format!("attachment; filename=\"financien-{KEMPEN}-activiteit-{event_id}.xlsx\""));
    let mut book = workbook(&xlsx);
    assert_eq!(book.sheet_names(), ["Inkomsten", "Kosten", "Budget"]);
    let income = book.worksheet_range("Inkomsten").unwrap();
    assert_eq!(text(&income, 6, 0), "Inkomsten na Stripe-kosten");
    assert_eq!(float(&income, 6, 1), 90.0, "what the event earns");
    assert_eq!((float(&income, 2, 1), float(&income, 4, 1)), (-45.0, -45.0), "credit notes and refunds subtract");
    assert_eq!(text(&income, 5, 0), "Stripe-kosten");
    let sum: f64 = (1..=5).map(|r| float(&income, r, 1)).sum();
    assert_eq!(sum, 90.0);
    assert!(page.contains(&on_page(float(&income, 6, 1))));

    let costs = book.worksheet_range("Kosten").unwrap();
    assert_eq!(text(&costs, 0, 0), "Omschrijving");
    assert_eq!(text(&costs, 1, 0), "Honorarium Lies Pauwels");
    for row in 1..=3 {
        float(&costs, row, 6);
        float(&costs, row, 8);
    }
    assert!(matches!(costs.get_value((1, 4)), Some(Data::DateTime(_))), "the day it was paid is a date");
    assert_eq!(text(&costs, 3, 2), "=HYPERLINK(\"http://x.test\")", "a text cell, not a formula");
    assert_eq!(text(&costs, 4, 0), "Totaal");
    assert_eq!((float(&costs, 4, 6), float(&costs, 4, 8)), (2450.0, 2439.5));
    for total in [2450.0, 2439.5] {
        assert!(page.contains(&on_page(total)), "{} on the page", on_page(total));
    }

    let budget = book.worksheet_range("Budget").unwrap();
    let kinds: Vec<String> = (1..=3).map(|r| text(&budget, r, 0)).collect();
    assert_eq!(kinds, ["Lesgever", "Catering", "Zaal"]);
    assert_eq!((float(&budget, 3, 1), float(&budget, 3, 2), float(&budget, 3, 3)), (300.0, 350.0, -50.0));
    assert_eq!(float(&budget, 3, 4), 1.17);
    assert_eq!(text(&budget, 4, 0), "Totaal");
    let total: Vec<f64> = (1..=4).map(|c| float(&budget, 4, c)).collect();
    assert_eq!(total, [2450.0, 1750.0, 700.0, 0.71]);

    // The cost lines as CSV for Belgian Excel.
    let csv = fetch(&app, &csv_path, Some(&hanne)).await;
    assert_eq!((csv.status, csv.content_type.as_str()), (200, "text/csv; charset=utf-8"));
    assert_eq!(csv.disposition, format!("attachment; filename=\"kosten-{KEMPEN}-activiteit-{event_id}.csv\""));
    assert!(csv.body.starts_with("\u{feff}".as_bytes()));
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(&csv.body[3..]);
    let heading: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(heading[0], "Omschrijving");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3, "the lines, no total");
    assert_eq!(
        (&rows[0][0], &rows[0][3], &rows[0][6], &rows[0][8]),
        ("Honorarium Lies Pauwels", "Betaald", "1400,00", "1400,00")
    );
    assert_eq!(&rows[1][7], "689,50");
    assert_eq!(&rows[2][2], "'=HYPERLINK(\"http://x.test\")", "formulas are not run");

    // In French, the sheets are named in French.
    let french = format!("{hanne}; leernet_lang=fr");
    let mut book = workbook(&fetch(&app, &xlsx_path, Some(&french)).await);
    assert_eq!(book.sheet_names(), ["Recettes", "Coûts", "Budget"]);
    assert_eq!(text(&book.worksheet_range("Budget").unwrap(), 1, 0), "Formateur");
});

on_both_databases!(an_admin_downloads_the_year_as_a_workbook, |app: TestApp| async move {
    event_with_books(&app).await;
    let hanne = sign_in(&app, HANNE).await;
    let year = chrono::Datelike::year(&(app.clock_now() + chrono::Duration::days(40)));
    let overview = app.get_with_cookie(&format!("/beheer/{KEMPEN}/financien?jaar={year}"), &hanne).await;
    assert_eq!(overview.status, 200);
    let page = overview.body;
    assert!(page.contains("Budget tegenover werkelijk"), "the year's budget against actual");
    let xlsx_path = format!("/beheer/{KEMPEN}/financien.xlsx?jaar={year}");
    assert!(page.contains(&format!("href=\"{}\"", xlsx_path.replace('&', "&amp;"))), "the page links the workbook");

    let xlsx = fetch(&app, &xlsx_path, Some(&hanne)).await;
    assert_eq!((xlsx.status, xlsx.content_type.as_str()), (200, XLSX));
    assert_eq!(xlsx.disposition, format!("attachment; filename=\"financien-{KEMPEN}-{year}.xlsx\""));
    let mut book = workbook(&xlsx);
    assert_eq!(book.sheet_names(), ["Per activiteit", "Inkomsten", "Kosten", "Budget"]);
    let per_event = book.worksheet_range("Per activiteit").unwrap();
    let rows = per_event.height();
    let ours = (1..rows).find(|r| text(&per_event, *r, 0) == "Vorming geld in en uit").expect("the event's row");
    assert!(matches!(per_event.get_value((ours as u32, 2)), Some(Data::DateTime(_))), "its first session's day");
    assert_eq!(float(&per_event, ours, 4), 90.0);
    assert_eq!(float(&per_event, ours, 8), 2439.5);
    assert_eq!(float(&per_event, ours, 10), -2349.5);
    let last = rows - 1;
    assert_eq!(text(&per_event, last, 0), "Totaal");
    // Every total is the sum of the rows above it, and is on the page.
    for col in 4..=10 {
        let sum: f64 = (1..last).map(|r| float(&per_event, r, col)).sum();
        assert!((float(&per_event, last, col) - sum).abs() < 0.005, "column {col}");
    }
    for col in [4, 7, 8, 10] {
        let total = on_page(float(&per_event, last, col));
        assert!(page.contains(&total), "{total} (column {col}) on the page");
    }
    let costs = book.worksheet_range("Kosten").unwrap();
    let lines = (1..costs.height()).filter(|r| text(&costs, *r, 0) == "Vorming geld in en uit").count();
    assert_eq!(lines, 3, "every cost line of the event, under its name");
    let budget = book.worksheet_range("Budget").unwrap();
    let total_row = budget.height() - 1;
    assert_eq!(float(&budget, total_row, 1), float(&per_event, last, 7), "the year's budget is the costs budgeted");
    assert!(page.contains(&on_page(float(&budget, total_row, 2))), "the year's actual on the page");
});

on_both_databases!(only_the_organisers_admins_download_the_books, |app: TestApp| async move {
    let event_id = event_with_books(&app).await;
    let event_books = format!("/beheer/{KEMPEN}/activiteiten/{event_id}/financien");
    let files =
        [format!("{event_books}.csv"), format!("{event_books}.xlsx"), format!("/beheer/{KEMPEN}/financien.xlsx")];
    for path in &files {
        assert_eq!(fetch(&app, path, None).await.status, 401, "{path} signed out");
    }
    // Kempen's staff run the door, not the books.
    let tabitha = sign_in(&app, TABITHA).await;
    for path in &files {
        let got = fetch(&app, path, Some(&tabitha)).await;
        assert_eq!(got.status, 404, "{path} for staff");
        assert!(!String::from_utf8_lossy(&got.body).contains("Zaalhuur"));
    }
    // Another organiser's admin: not through Kempen, nor through their own organiser.
    let elisa = sign_in(&app, ELISA).await;
    let nwvl = "biz-noord-west-vlaanderen";
    let sideways = format!("/beheer/{nwvl}/activiteiten/{event_id}/financien");
    for path in files.iter().cloned().chain([format!("{sideways}.csv"), format!("{sideways}.xlsx")]) {
        let got = fetch(&app, &path, Some(&elisa)).await;
        assert_eq!(got.status, 404, "{path} for another organiser's admin");
    }
    // Their own year has none of Kempen's lines.
    let own = fetch(&app, &format!("/beheer/{nwvl}/financien.xlsx"), Some(&elisa)).await;
    assert_eq!(own.status, 200);
    let mut book = workbook(&own);
    let costs = book.worksheet_range("Kosten").unwrap();
    assert!((0..costs.height()).all(|r| costs.get_value((r as u32, 2)) != Some(&Data::String("Zaalhuur".into()))));
});
