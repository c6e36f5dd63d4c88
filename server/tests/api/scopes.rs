//! The reports beyond one organiser (issue 19, points 4, 5 and 8): the
//! Flemish overview for platform admins, a coordinator's report of their own
//! organisation across organisers, their charts and downloads, and the
//! participation API for organisers' tokens. Others get 404.

use crate::accounts::sign_in;
use crate::helpers::TestApp;
use crate::on_both_databases;
use calamine::{Data, Reader, Xlsx};
use domain::api_tokens::TokenScope;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;
use store::entities::{organisation, organiser, person};

const KEMPEN: &str = "biz-kempen";
const NWVL: &str = "biz-noord-west-vlaanderen";
const KEMPEN_ADMIN: &str = "hanne.laenen@cawdekempen.test";
const COORDINATOR: &str = "griet.geudens@ocmw-geel.test";
const PLATFORM: &str = "overzicht@leernet.test";

async fn organiser_id(app: &TestApp, slug: &str) -> i32 {
    organiser::Entity::find().filter(organiser::Column::Slug.eq(slug)).one(&app.db).await.unwrap().unwrap().id
}

async fn organisation_id(app: &TestApp, name: &str) -> i32 {
    organisation::Entity::find().filter(organisation::Column::Name.eq(name)).one(&app.db).await.unwrap().unwrap().id
}

async fn token(app: &TestApp, slug: &str, scope: TokenScope) -> String {
    let organiser = organiser_id(app, slug).await;
    let admin = person::Entity::find().one(&app.db).await.unwrap().unwrap();
    store::api_tokens::create_with_scope(&app.db, organiser, "Rapport", scope, admin.id, app.clock_now())
        .await
        .unwrap()
        .1
}

/// GET on the API: (status, content type, body).
async fn api_get(app: &TestApp, path_and_query: &str, token: Option<&str>) -> (u16, String, Value) {
    let mut request = app.client.get(format!("{}/api/v1{path_and_query}", app.address));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let content_type =
        response.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    let body = response.text().await.unwrap();
    (status, content_type, serde_json::from_str(&body).unwrap_or(Value::Null))
}

/// A download with the session's cookie: (status, bytes).
async fn download(app: &TestApp, path: &str, cookie: &str) -> (u16, Vec<u8>) {
    let response =
        app.client.get(format!("{}{path}", app.address)).header("cookie", cookie).send().await.expect("request");
    (response.status().as_u16(), response.bytes().await.expect("body").to_vec())
}

/// This year as the report pages take it.
fn this_year(app: &TestApp) -> i32 {
    use chrono::Datelike;
    store::time::local_date(app.clock_now()).year()
}

on_both_databases!(the_api_gives_the_reports_participation_per_organisation, |app: TestApp| async move {
    let year = this_year(&app);
    let (from, to) = (format!("{year}-01-01"), format!("{year}-12-31"));
    let kempen = token(&app, KEMPEN, TokenScope::Organiser).await;
    let (status, content_type, body) =
        api_get(&app, &format!("/participation?from={from}&to={to}"), Some(&kempen)).await;
    assert_eq!((status, content_type.as_str()), (200, "application/json"), "{body}");
    assert_eq!(body["organiser"], KEMPEN);
    assert_eq!((body["from"].as_str(), body["to"].as_str()), (Some(from.as_str()), Some(to.as_str())));
    let data = body["data"].as_array().unwrap();
    assert_eq!(body["count"].as_u64(), Some(data.len() as u64));
    assert!(!data.is_empty(), "the demo's year has participation: {body}");

    // The same figures as the store's report for the same period.
    let report = store::reports::participation(
        &app.db,
        domain::reports::Scope::Organiser(organiser_id(&app, KEMPEN).await),
        domain::reports::Period::year(year),
    )
    .await
    .unwrap();
    assert_eq!(data.len(), report.by_organisation.len());
    for (line, expected) in data.iter().zip(&report.by_organisation) {
        assert_eq!(line["organisation_id"].as_i64().map(|i| i as i32), expected.organisation_id);
        assert_eq!(line["name"], expected.name.as_str());
        assert_eq!(line["registered"].as_u64(), Some(u64::from(expected.counts.registered)));
        assert_eq!(line["attended"].as_u64(), Some(u64::from(expected.counts.attended)));
        assert_eq!(line["people"].as_u64(), Some(u64::from(expected.counts.people)));
        assert_eq!(line["minutes"].as_u64(), Some(expected.counts.minutes));
    }
    assert_eq!(body["totals"]["registered"].as_u64(), Some(u64::from(report.totals.counts.registered)));
    // OCMWs first.
    assert_eq!(data[0]["kind"], "ocmw", "{}", data[0]);

    // NWVL's token sees NWVL's participation, none of Kempen's activities.
    let nwvl = token(&app, NWVL, TokenScope::Organiser).await;
    let (status, _, theirs) = api_get(&app, &format!("/participation?from={from}&to={to}"), Some(&nwvl)).await;
    assert_eq!(status, 200);
    assert_eq!(theirs["organiser"], NWVL);
    assert_ne!(theirs["totals"], body["totals"]);

    // Bad periods are problems naming the parameter.
    for (query, parameter) in [
        ("", "from"),
        (format!("?from={from}").as_str(), "to"),
        ("?from=2026-13-01&to=2026-12-31", "from"),
        ("?from=2026-12-31&to=2026-01-01", "to"),
        ("?from=2001-01-01&to=2026-01-01", "to"),
        ("?from=2026-01-01&to=2026-12-31&jaar=2026", "jaar"),
    ] {
        let (status, content_type, problem) = api_get(&app, &format!("/participation{query}"), Some(&kempen)).await;
        assert_eq!((status, content_type.as_str()), (400, "application/problem+json"), "{query}: {problem}");
        assert_eq!(problem["parameter"], parameter, "{query}");
        assert_eq!(problem["type"], "https://leernet.be/problems/invalid-parameter");
    }
    // No token, or a scanner's: refused.
    let (status, _, _) = api_get(&app, &format!("/participation?from={from}&to={to}"), None).await;
    assert_eq!(status, 401);
    let scanner = token(&app, KEMPEN, TokenScope::Scanner).await;
    let (status, _, problem) = api_get(&app, &format!("/participation?from={from}&to={to}"), Some(&scanner)).await;
    assert_eq!((status, problem["type"].as_str()), (403, Some("https://leernet.be/problems/insufficient-scope")));
});

on_both_databases!(the_flemish_overview_is_for_platform_admins, |app: TestApp| async move {
    let platform = sign_in(&app, PLATFORM).await;
    let page = app.get_with_cookie("/overzicht", &platform).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let year = this_year(&app).to_string();
    assert!(page.body.contains(&format!("Vlaams overzicht {year}")), "{}", page.body);
    // Every organiser with activities in the year has a line; both charts are drawn, titled.
    for name in ["BIZ Kempen", "BIZ Noord-West-Vlaanderen"] {
        assert!(page.body.contains(name), "{name} missing");
    }
    assert!(page.body.contains("role=\"img\""));
    assert!(page.body.contains("<title id=\"deelname-per-organisatie-title\">Deelname per organisatie</title>"));
    assert!(page.body.contains("id=\"deelname-per-maand-title\""));
    assert!(page.body.contains("<figure class=\"chart chart-bars\">"));
    // The workbook: a sheet per table, the organisers first.
    let (status, xlsx) = download(&app, &format!("/overzicht.xlsx?jaar={year}"), &platform).await;
    assert_eq!(status, 200);
    let workbook: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx)).expect("an XLSX");
    let sheets = workbook.sheet_names();
    assert_eq!(sheets.first().map(String::as_str), Some("Per organisator"), "{sheets:?}");
    assert!(sheets.len() >= 5, "{sheets:?}");
    // A table's CSV.
    let csv = app.get_with_cookie(&format!("/overzicht/per-organisator.csv?jaar={year}"), &platform).await;
    assert_eq!(csv.status, 200);
    assert!(csv.body.contains("BIZ Kempen"));
    let unknown = app.get_with_cookie("/overzicht/geheim.csv", &platform).await;
    assert_eq!(unknown.status, 404);
    let bad = app.get_with_cookie("/overzicht?van=2026-12-31&tot=2026-01-01", &platform).await;
    assert_eq!(bad.status, 200);
    assert!(bad.body.contains("aria-invalid=\"true\""), "the period's error by its field");

    // An organiser's admin is not a platform admin.
    let hanne = sign_in(&app, KEMPEN_ADMIN).await;
    assert_eq!(app.get_with_cookie("/overzicht", &hanne).await.status, 404);
    assert_eq!(app.get_with_cookie("/overzicht.xlsx", &hanne).await.status, 404);
    // The back office's landing page links to it for platform admins only.
    assert!(app.get_with_cookie("/beheer", &platform).await.body.contains("href=\"/overzicht\""));
    assert!(!app.get_with_cookie("/beheer", &hanne).await.body.contains("href=\"/overzicht\""));
});

on_both_databases!(a_coordinator_sees_their_own_organisation_only, |app: TestApp| async move {
    let geel = organisation_id(&app, "OCMW Geel").await;
    let mol = organisation_id(&app, "OCMW Mol").await;
    let griet = sign_in(&app, COORDINATOR).await;
    let own = format!("/mijn/organisatie/{geel}");
    // /mijn links to it.
    assert!(app.get_with_cookie("/mijn", &griet).await.body.contains(&format!("href=\"{own}\"")));
    let page = app.get_with_cookie(&own, &griet).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Deelname van OCMW Geel"));
    assert!(page.body.contains("BIZ Kempen"), "per organiser");
    assert!(page.body.contains("role=\"img\""), "a chart");
    let year = this_year(&app);
    let (status, xlsx) = download(&app, &format!("{own}/rapport.xlsx?jaar={year}"), &griet).await;
    assert_eq!(status, 200);
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx)).expect("an XLSX");
    let organisers = workbook.worksheet_range("Per organisator").expect("a sheet per organiser");
    assert_eq!(organisers.get((0, 0)), Some(&Data::String("Organisator".into())));
    assert!(matches!(organisers.get((1, 3)), Some(Data::Float(_) | Data::Int(_))), "numbers as numbers");
    let csv = app.get_with_cookie(&format!("{own}/personen.csv?jaar={year}"), &griet).await;
    assert_eq!(csv.status, 200);
    // The figures are the store's for the organisation across organisers.
    let report =
        store::reports::organisation(&app.db, geel, None, domain::reports::Period::year(year)).await.unwrap().unwrap();
    assert!(page.body.contains(&format!("<dd>{}</dd>", report.totals.counts.registered)));

    // Another organisation, or someone who coordinates nothing: 404.
    for path in [
        format!("/mijn/organisatie/{mol}"),
        format!("/mijn/organisatie/{mol}/rapport.xlsx"),
        "/mijn/organisatie/x".into(),
    ] {
        assert_eq!(app.get_with_cookie(&path, &griet).await.status, 404, "{path}");
    }
    let hanne = sign_in(&app, KEMPEN_ADMIN).await;
    assert_eq!(app.get_with_cookie(&own, &hanne).await.status, 404);
    assert_eq!(app.get_with_cookie(&format!("{own}/personen.csv"), &hanne).await.status, 404);
});

on_both_databases!(the_organisers_report_draws_its_charts, |app: TestApp| async move {
    let hanne = sign_in(&app, KEMPEN_ADMIN).await;
    let page = app.get_with_cookie(&format!("/beheer/{KEMPEN}/rapport"), &hanne).await;
    assert_eq!(page.status, 200);
    assert_eq!(page.body.matches("<figure class=\"chart").count(), 2, "per OCMW and per month");
    assert!(page.body.contains("aria-labelledby=\"deelname-per-maand-title deelname-per-maand-desc\""));
});
