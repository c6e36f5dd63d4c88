//! Attendance lists as files (sign-in sheet PDF, CSV, XLSX) for the
//! organiser's staff, meetings too; the organiser's signatory on its
//! certificates; and the certificate on the participant's ticket page and `/mijn`.

use crate::accounts::sign_in;
use crate::helpers::{TestApp, csrf_of};
use crate::on_both_databases;
use calamine::{Data, Reader, Xlsx};
use domain::RegistrationStatus;
use sea_orm::ActiveValue::Set;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;
use store::entities::{check_in, event, event_session, organiser, person, registration, ticket};

const TABITHA: &str = "tabitha.tanghe@cawdekempen.test";
const HANNE: &str = "hanne.laenen@cawdekempen.test";
const JENS: &str = "jens.jaecques@cawnoordwestvlaanderen.test";
const TRAINER: &str = "alexander.exelmans@cawdekempen.test";
const ELS: &str = "els.peeters@ocmw-mol.test";

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

/// A Kempen event of `kind` (`None`: any) with people checked in: the event, its first
/// session with check-ins, and who was checked in there (registration → time).
async fn attended(
    app: &TestApp,
    kind: Option<&str>,
) -> (event::Model, event_session::Model, HashMap<i32, chrono::DateTime<chrono::Utc>>) {
    let kempen =
        organiser::Entity::find().filter(organiser::Column::Slug.eq("biz-kempen")).one(&app.db).await.unwrap().unwrap();
    for e in event::Entity::find()
        .filter(event::Column::OrganiserId.eq(kempen.id))
        .filter(match kind {
            Some(kind) => event::Column::Kind.eq(kind),
            None => event::Column::Kind.is_not_null(),
        })
        .order_by_asc(event::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
    {
        for s in event_session::Entity::find()
            .filter(event_session::Column::EventId.eq(e.id))
            .order_by_asc(event_session::Column::StartsAt)
            .all(&app.db)
            .await
            .unwrap()
        {
            let present: HashMap<i32, _> = check_in::Entity::find()
                .filter(check_in::Column::SessionId.eq(s.id))
                .all(&app.db)
                .await
                .unwrap()
                .into_iter()
                .map(|c| (c.registration_id, c.checked_in_at))
                .collect();
            if present.len() >= 2 {
                return (e, s, present);
            }
        }
    }
    panic!("the demo has a Kempen {kind:?} with attendance");
}

/// Who is on the list: seats held (confirmed, unpaid, unconfirmed) or checked in.
async fn listed(
    app: &TestApp,
    event_id: i32,
    present: &HashMap<i32, chrono::DateTime<chrono::Utc>>,
) -> Vec<registration::Model> {
    registration::Entity::find()
        .filter(registration::Column::EventId.eq(event_id))
        .filter(registration::Column::AnonymisedAt.is_null())
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| {
            matches!(
                r.status,
                RegistrationStatus::Confirmed | RegistrationStatus::PendingPayment | RegistrationStatus::Unconfirmed
            ) || present.contains_key(&r.id)
        })
        .collect()
}

fn local(t: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDateTime {
    store::time::to_local(t).naive_local()
}

on_both_databases!(staff_get_a_sign_in_sheet_a_csv_and_a_workbook, |app: TestApp| async move {
    let (e, session, present) = attended(&app, None).await;
    let people = listed(&app, e.id, &present).await;
    let tabitha = sign_in(&app, TABITHA).await;
    let base = format!("/beheer/biz-kempen/activiteiten/{}", e.id);

    // The participants list links to them.
    let page = app.get_with_cookie(&format!("{base}/inschrijvingen"), &tabitha).await;
    assert!(page.body.contains(&format!("{base}/aanwezigheden/xlsx")));
    assert!(page.body.contains(&format!("{base}/sessies/{}/aanwezigheden/pdf", session.id)));

    // The sign-in sheet.
    let pdf = fetch(&app, &format!("{base}/sessies/{}/aanwezigheden/pdf", session.id), Some(&tabitha)).await;
    assert_eq!(pdf.status, 200);
    assert_eq!(pdf.content_type, "application/pdf");
    assert!(pdf.disposition.starts_with("inline; filename=\"tekenlijst-"), "{}", pdf.disposition);
    assert!(pdf.body.starts_with(b"%PDF-"));
    let text = String::from_utf8_lossy(&pdf.body);
    assert!(text.contains("Aanwezigheidslijst") && text.contains("Handtekening"));
    for r in people.iter().filter(|r| r.attendee_name.is_ascii()) {
        assert!(text.contains(&r.attendee_name), "{} on the sheet", r.attendee_name);
    }
    let (someone, at) = present.iter().next().unwrap();
    assert!(text.contains(&local(*at).format("%H:%M").to_string()), "the time {someone} was scanned in");
    if let Some(dir) = std::env::var_os("LEERNET_TEST_FILES") {
        std::fs::write(std::path::Path::new(&dir).join("tekenlijst.pdf"), &pdf.body).unwrap();
    }

    // The session as CSV: a byte order mark, `;`, a line per person listed.
    let csv = fetch(&app, &format!("{base}/sessies/{}/aanwezigheden/csv", session.id), Some(&tabitha)).await;
    assert_eq!(csv.status, 200);
    assert_eq!(csv.content_type, "text/csv; charset=utf-8");
    assert!(csv.disposition.starts_with("attachment; filename=\"aanwezigheden-"), "{}", csv.disposition);
    assert!(csv.body.starts_with("\u{feff}".as_bytes()));
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(&csv.body[3..]);
    let heading = reader.headers().unwrap().clone();
    assert_eq!(&heading[0], "Naam");
    assert_eq!(heading.len(), 9, "six about the person, one session, sessions and minutes present");
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(records.len(), people.len());
    for r in &people {
        let line = records.iter().find(|l| &l[0] == r.attendee_name.as_str()).expect("a line per person");
        match present.get(&r.id) {
            Some(at) => {
                assert_eq!(&line[6], local(*at).format("%Y-%m-%d %H:%M").to_string().as_str());
                assert_eq!(&line[7], "1");
            }
            None => assert_eq!((&line[6], &line[7], &line[8]), ("", "0", "0")),
        }
    }

    // The whole activity as a workbook: real date cells and numbers.
    let xlsx = fetch(&app, &format!("{base}/aanwezigheden/xlsx"), Some(&tabitha)).await;
    assert_eq!(xlsx.status, 200);
    assert_eq!(xlsx.content_type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    if let Some(dir) = std::env::var_os("LEERNET_TEST_FILES") {
        std::fs::write(std::path::Path::new(&dir).join("aanwezigheden.xlsx"), &xlsx.body).unwrap();
    }
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx.body)).expect("an XLSX");
    assert_eq!(workbook.sheet_names(), vec!["Deelnemers".to_string(), "Sessies".to_string()]);
    let sheet = workbook.worksheet_range("Deelnemers").unwrap();
    assert_eq!(sheet.height(), people.len() + 1);
    assert_eq!(sheet.get((0, 0)), Some(&Data::String("Naam".into())));
    let sessions = event_session::Entity::find().filter(event_session::Column::EventId.eq(e.id)).all(&app.db).await;
    let column = 6 + sessions.unwrap().iter().filter(|s| s.starts_at < session.starts_at).count();
    for row in 1..sheet.height() {
        let name = sheet.get((row, 0)).unwrap().to_string();
        let r = people.iter().find(|r| r.attendee_name == name).expect("someone listed");
        match sheet.get((row, 5)) {
            Some(Data::DateTime(registered)) => {
                let cell = registered.as_datetime().unwrap();
                assert_eq!(
                    cell.format("%Y-%m-%d %H:%M").to_string(),
                    local(r.created_at).format("%Y-%m-%d %H:%M").to_string()
                );
            }
            other => panic!("registered at as a date cell, not {other:?}"),
        }
        match (present.get(&r.id), sheet.get((row, column))) {
            (Some(at), Some(Data::DateTime(cell))) => {
                assert_eq!(
                    cell.as_datetime().unwrap().format("%H:%M").to_string(),
                    local(*at).format("%H:%M").to_string()
                );
            }
            (None, None | Some(Data::Empty)) => {}
            (expected, got) => panic!("{name}: check-in {expected:?} as {got:?}"),
        }
    }
    let last = sheet.width() - 1;
    assert!(matches!(sheet.get((1, last)), Some(Data::Float(_))), "hours present as a number");
    let sessions_sheet = workbook.worksheet_range("Sessies").unwrap();
    assert!(matches!(sessions_sheet.get((1, 1)), Some(Data::DateTime(_))), "the session's date as a date cell");
    assert!(matches!(sessions_sheet.get((1, 4)), Some(Data::Float(_))), "its hours as a number");
});

on_both_databases!(a_meeting_has_its_attendance_files_too, |app: TestApp| async move {
    let (e, session, present) = attended(&app, Some("meeting")).await;
    let tabitha = sign_in(&app, TABITHA).await;
    let base = format!("/beheer/biz-kempen/activiteiten/{}/sessies/{}/aanwezigheden", e.id, session.id);
    let pdf = fetch(&app, &format!("{base}/pdf"), Some(&tabitha)).await;
    assert_eq!(pdf.status, 200);
    let text = String::from_utf8_lossy(&pdf.body);
    assert!(text.contains("Overleg"), "the kind in the header");
    let people = listed(&app, e.id, &present).await;
    for r in people.iter().filter(|r| r.attendee_name.is_ascii()) {
        assert!(text.contains(&r.attendee_name), "{} on the sheet", r.attendee_name);
    }
    if let Some(dir) = std::env::var_os("LEERNET_TEST_FILES") {
        std::fs::write(std::path::Path::new(&dir).join("tekenlijst-overleg.pdf"), &pdf.body).unwrap();
    }
    let xlsx = fetch(&app, &format!("{base}/xlsx"), Some(&tabitha)).await;
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx.body)).expect("an XLSX");
    let sessions = workbook.worksheet_range("Sessies").unwrap();
    assert_eq!(sessions.height(), 2, "the one session");
    assert_eq!(sessions.get((1, 8)), Some(&Data::Float(present.len() as f64)), "who came");
});

on_both_databases!(attendance_files_are_for_the_organisers_staff, |app: TestApp| async move {
    let (e, session, _) = attended(&app, None).await;
    // A session of another event, and that event.
    let other_session = event_session::Entity::find()
        .filter(event_session::Column::EventId.ne(e.id))
        .one(&app.db)
        .await
        .unwrap()
        .expect("another event's session");
    let other = event::Entity::find_by_id(other_session.event_id).one(&app.db).await.unwrap().unwrap();
    let whole = format!("/beheer/biz-kempen/activiteiten/{}/aanwezigheden", e.id);
    let one = format!("/beheer/biz-kempen/activiteiten/{}/sessies/{}/aanwezigheden", e.id, session.id);
    assert_eq!(fetch(&app, &format!("{whole}/csv"), None).await.status, 401);
    for email in [JENS, TRAINER, ELS] {
        let cookie = sign_in(&app, email).await;
        for path in [format!("{whole}/csv"), format!("{whole}/xlsx"), format!("{one}/pdf"), format!("{one}/csv")] {
            let got = fetch(&app, &path, Some(&cookie)).await;
            assert_eq!(got.status, 404, "{email} {path}");
            assert!(!String::from_utf8_lossy(&got.body).contains(&e.title));
        }
    }
    let jens = sign_in(&app, JENS).await;
    let sideways = format!("/beheer/biz-noord-west-vlaanderen/activiteiten/{}/aanwezigheden/csv", e.id);
    assert_eq!(fetch(&app, &sideways, Some(&jens)).await.status, 404);

    // Bad addresses are 404, not 500.
    let tabitha = sign_in(&app, TABITHA).await;
    let kempen = "/beheer/biz-kempen/activiteiten";
    for path in [
        format!("{kempen}/abc/aanwezigheden/csv"),
        format!("{kempen}/0/aanwezigheden/csv"),
        format!("{kempen}/99999999999/aanwezigheden/xlsx"),
        format!("{kempen}/{}/aanwezigheden/doc", e.id),
        format!("{kempen}/{}/aanwezigheden/pdf", e.id),
        format!("{kempen}/{}/sessies/abc/aanwezigheden/pdf", e.id),
        format!("{kempen}/{}/sessies/-1/aanwezigheden/csv", e.id),
        format!("{kempen}/{}/sessies/{}/aanwezigheden/pdf", e.id, other_session.id),
        format!("{kempen}/{}/sessies/{}/aanwezigheden/csv", other.id, session.id),
        format!("{kempen}/{}/sessies/{}/aanwezigheden/html", e.id, session.id),
    ] {
        assert_eq!(fetch(&app, &path, Some(&tabitha)).await.status, 404, "{path}");
    }
});

/// A registration of Kempen's with a ticket and a certificate due, after staff sent them.
async fn sent_certificate(app: &TestApp) -> (registration::Model, String) {
    let (e, _, present) = attended(app, None).await;
    let tabitha = sign_in(app, TABITHA).await;
    let list = app.get_with_cookie(&format!("/beheer/biz-kempen/activiteiten/{}/inschrijvingen", e.id), &tabitha).await;
    let send = format!("/beheer/biz-kempen/activiteiten/{}/attesten", e.id);
    let sent = app.post_form(&send, &[("csrf", &csrf_of(&list.body))], &[("cookie", tabitha.as_str())]).await;
    assert_eq!(sent.status, 303);
    for id in present.keys() {
        let r = registration::Entity::find_by_id(*id).one(&app.db).await.unwrap().unwrap();
        let code = ticket::Entity::find().filter(ticket::Column::RegistrationId.eq(r.id)).one(&app.db).await.unwrap();
        if let Some(t) = code
            && r.certificate_sent_at.is_some()
            && t.revoked_at.is_none()
        {
            // A code as registering makes one (64 hex; the demo's are shorter, which the ticket page refuses).
            let real = format!("{:064x}", r.id);
            let mut with_real: ticket::ActiveModel = t.into();
            with_real.code = Set(real.clone());
            with_real.update(&app.db).await.unwrap();
            return (r, real);
        }
    }
    panic!("someone present with a ticket got a certificate");
}

on_both_databases!(the_certificate_is_on_the_ticket_page_and_on_mijn, |app: TestApp| async move {
    // Before it is sent: no link, no certificate.
    let (e, _, present) = attended(&app, None).await;
    let first = *present.keys().next().unwrap();
    if let Some(t) = ticket::Entity::find().filter(ticket::Column::RegistrationId.eq(first)).one(&app.db).await.unwrap()
    {
        assert_eq!(fetch(&app, &format!("/ticket/{}/attest", t.code), None).await.status, 404, "not sent yet");
    }
    // The organiser's admin sets who signs.
    let hanne = sign_in(&app, HANNE).await;
    let settings = app.get_with_cookie("/beheer/biz-kempen/instellingen", &hanne).await;
    assert_eq!(settings.status, 200);
    let saved = app
        .post_form(
            "/beheer/biz-kempen/instellingen",
            &[("csrf", &csrf_of(&settings.body)), ("ondertekenaar", "Hanne Laenen"), ("functie", "Coordinator")],
            &[("cookie", hanne.as_str())],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);

    let (r, code) = sent_certificate(&app).await;
    assert_eq!(r.event_id, e.id);
    let page = app.get(&format!("/ticket/{code}")).await;
    assert!(page.body.contains(&format!("/ticket/{code}/attest")), "the ticket page links to it");
    let pdf = fetch(&app, &format!("/ticket/{code}/attest"), None).await;
    assert_eq!(pdf.status, 200);
    assert_eq!(pdf.content_type, "application/pdf");
    assert!(pdf.body.starts_with(b"%PDF-"));
    let text = String::from_utf8_lossy(&pdf.body);
    for part in ["Attest van deelname", "Ondernemingsnummer", "Hanne Laenen", "Coordinator", "Uren"] {
        assert!(text.contains(part), "{part} on the certificate");
    }
    assert!(text.contains(&r.attendee_name) || !r.attendee_name.is_ascii());
    if let Some(dir) = std::env::var_os("LEERNET_TEST_FILES") {
        std::fs::write(std::path::Path::new(&dir).join("attest.pdf"), &pdf.body).unwrap();
    }
    // Other codes: 404, never 500.
    for bad in ["abc".to_string(), "-".repeat(64), "0".repeat(64), format!("{code}0"), "a".repeat(129)] {
        assert_eq!(fetch(&app, &format!("/ticket/{bad}/attest"), None).await.status, 404, "{bad}");
    }

    // On /mijn, for the person the registration is theirs.
    let cookie = sign_in(&app, ELS).await;
    let els = person::Entity::find().filter(person::Column::Email.eq(ELS)).one(&app.db).await.unwrap().expect("Els");
    let mut theirs: registration::ActiveModel = r.clone().into();
    theirs.person_id = Set(Some(els.id));
    theirs.update(&app.db).await.unwrap();
    let mine = app.get_with_cookie("/mijn", &cookie).await;
    assert!(mine.body.contains(&format!("/ticket/{code}/attest")), "on /mijn");
});

on_both_databases!(only_the_organisers_admins_set_the_signatory, |app: TestApp| async move {
    let hanne = sign_in(&app, HANNE).await;
    let page = app.get_with_cookie("/beheer/biz-kempen/instellingen", &hanne).await;
    let csrf = csrf_of(&page.body);
    // Half a signatory: the message next to the field, what was typed kept.
    let half = app
        .post_form(
            "/beheer/biz-kempen/instellingen",
            &[("csrf", &csrf), ("ondertekenaar", "Hanne Laenen"), ("functie", "  ")],
            &[("cookie", hanne.as_str())],
        )
        .await;
    assert_eq!(half.status, 422);
    assert!(half.body.contains("Geef de functie van wie ondertekent"), "the message");
    assert!(half.body.contains("value=\"Hanne Laenen\""), "what was typed");
    let kempen = || async {
        organiser::Entity::find().filter(organiser::Column::Slug.eq("biz-kempen")).one(&app.db).await.unwrap().unwrap()
    };
    assert_eq!(kempen().await.signatory_name, None, "nothing saved");
    let long = "x".repeat(101);
    let too_long = app
        .post_form(
            "/beheer/biz-kempen/instellingen",
            &[("csrf", &csrf), ("ondertekenaar", &long), ("functie", "Coordinator")],
            &[("cookie", hanne.as_str())],
        )
        .await;
    assert_eq!(too_long.status, 422);
    assert!(too_long.body.contains("Hoogstens 100 tekens."));

    let saved = app
        .post_form(
            "/beheer/biz-kempen/instellingen",
            &[("csrf", &csrf), ("ondertekenaar", " Hanne Laenen "), ("functie", "coördinator")],
            &[("cookie", hanne.as_str())],
        )
        .await;
    assert_eq!(saved.location, "/beheer/biz-kempen/instellingen?melding=bewaard");
    let o = kempen().await;
    assert_eq!(
        (o.signatory_name.as_deref(), o.signatory_function.as_deref()),
        (Some("Hanne Laenen"), Some("coördinator"))
    );
    let shown = app.get_with_cookie("/beheer/biz-kempen/instellingen?melding=bewaard", &hanne).await;
    assert!(shown.body.contains("De ondertekening is bewaard."));
    assert!(shown.body.contains("value=\"coördinator\""));

    // Staff see it and may not change it; another organiser's admin does not find it.
    let tabitha = sign_in(&app, TABITHA).await;
    let staff_page = app.get_with_cookie("/beheer/biz-kempen/instellingen", &tabitha).await;
    assert!(staff_page.body.contains("Hanne Laenen, coördinator"));
    let by_staff = app
        .post_form(
            "/beheer/biz-kempen/instellingen",
            &[
                ("csrf", &csrf_of(&app.get_with_cookie("/mijn", &tabitha).await.body)),
                ("ondertekenaar", "Iemand"),
                ("functie", "Iets"),
            ],
            &[("cookie", tabitha.as_str())],
        )
        .await;
    assert_eq!(by_staff.status, 403);
    assert_eq!(kempen().await.signatory_name.as_deref(), Some("Hanne Laenen"));
    // Both emptied: no signatory.
    let cleared = app
        .post_form(
            "/beheer/biz-kempen/instellingen",
            &[("csrf", &csrf), ("ondertekenaar", ""), ("functie", "")],
            &[("cookie", hanne.as_str())],
        )
        .await;
    assert_eq!(cleared.status, 303);
    assert_eq!(kempen().await.signatory_name, None);
});
