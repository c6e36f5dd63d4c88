//! The board's participation report: its figures agree with the registrations
//! and check-ins behind them, the CSV adds up, and it is the organiser's own.

use crate::accounts::sign_in;
use crate::helpers::{TestApp, csrf_of};
use crate::on_both_databases;
use chrono::Datelike;
use domain::{EventStatus, RegistrationStatus};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::collections::HashSet;
use store::entities::{check_in, event, event_session, organisation, organiser, registration, ticket};

const KEMPEN_ADMIN: &str = "hanne.laenen@cawdekempen.test";
const NWVL_STAFF: &str = "jens.jaecques@cawnoordwestvlaanderen.test";

/// Counted the long way round: (registered, attended, ocmw registrations,
/// people) of the organiser's published events that start in `year`, and one
/// confirmed unscanned ticket of those events (event, first session, code),
/// else a scanned one's registration. People are the distinct persons plus
/// every erased registration (no person), each one of its own.
type Unscanned = Result<(i32, i32, String), Option<i32>>;
async fn expected(app: &TestApp, slug: &str, year: i32) -> (usize, usize, usize, usize, Unscanned) {
    let o = organiser::Entity::find().filter(organiser::Column::Slug.eq(slug)).one(&app.db).await.unwrap().unwrap();
    let mut registered = 0;
    let mut attended = 0;
    let mut ocmw = 0;
    let mut unscanned: Unscanned = Err(None);
    let mut persons = HashSet::new();
    let mut erased = 0;
    let ocmws: HashSet<i32> = organisation::Entity::find()
        .filter(organisation::Column::Kind.eq("ocmw"))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.id)
        .collect();
    let scanned: HashSet<i32> =
        check_in::Entity::find().all(&app.db).await.unwrap().into_iter().map(|c| c.registration_id).collect();
    for e in event::Entity::find()
        .filter(event::Column::OrganiserId.eq(o.id))
        .filter(event::Column::Status.eq(EventStatus::Published))
        .all(&app.db)
        .await
        .unwrap()
    {
        let sessions =
            event_session::Entity::find().filter(event_session::Column::EventId.eq(e.id)).all(&app.db).await.unwrap();
        let Some(first) = sessions.iter().min_by_key(|s| s.starts_at) else { continue };
        if store::time::local_date(first.starts_at).year() != year {
            continue;
        }
        for r in registration::Entity::find()
            .filter(registration::Column::EventId.eq(e.id))
            .filter(registration::Column::Status.eq(RegistrationStatus::Confirmed))
            .all(&app.db)
            .await
            .unwrap()
        {
            registered += 1;
            match r.person_id {
                Some(person) => {
                    persons.insert(person);
                }
                None => erased += 1,
            }
            if r.organisation_id.is_some_and(|id| ocmws.contains(&id)) {
                ocmw += 1;
            }
            if scanned.contains(&r.id) {
                attended += 1;
                if unscanned.is_err() {
                    unscanned = Err(Some(r.id));
                }
            } else if unscanned.is_err()
                && let Some(t) =
                    ticket::Entity::find().filter(ticket::Column::RegistrationId.eq(r.id)).one(&app.db).await.unwrap()
            {
                unscanned = Ok((e.id, first.id, t.code));
            }
        }
    }
    (registered, attended, ocmw, persons.len() + erased, unscanned)
}

/// The figure after a label in the report's summary (`<dt>label</dt><dd>figure</dd>`).
fn figure(body: &str, label: &str) -> String {
    body.split(&format!("<dt>{label}</dt><dd>"))
        .nth(1)
        .and_then(|rest| rest.split("</dd>").next())
        .unwrap_or_default()
        .to_string()
}

on_both_databases!(the_report_counts_registrations_and_attendance, |app: TestApp| async move {
    let hanne = sign_in(&app, KEMPEN_ADMIN).await;
    let (_, _, _, _, unscanned) = expected(&app, "biz-kempen", 2026).await;
    if let Err(Some(registration_id)) = unscanned {
        // Everyone came to the demo's past activities: take one person's check-ins back.
        check_in::Entity::delete_many()
            .filter(check_in::Column::RegistrationId.eq(registration_id))
            .exec(&app.db)
            .await
            .unwrap();
    }
    // One registration of the year erased (as erasing an account or the
    // retention job leaves it): it still counts as one person.
    let (_, _, _, _, unscanned) = expected(&app, "biz-kempen", 2026).await;
    let (event_id, ..) = unscanned.clone().expect("an unscanned ticket in 2026");
    let in_the_year = registration::Entity::find()
        .filter(registration::Column::EventId.eq(event_id))
        .filter(registration::Column::Status.eq(RegistrationStatus::Confirmed))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut erased: registration::ActiveModel = in_the_year.into();
    erased.person_id = sea_orm::Set(None);
    sea_orm::ActiveModelTrait::update(erased, &app.db).await.unwrap();
    let (registered, attended, ocmw_registered, people, unscanned) = expected(&app, "biz-kempen", 2026).await;
    assert!(registered > 0, "the demo year has registrations");
    let page = app.get_with_cookie("/beheer/biz-kempen/rapport?jaar=2026", &hanne).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Deelname 2026"));
    assert!(
        page.body.contains("Per organisatie")
            && page.body.contains("Per soort activiteit")
            && page.body.contains("Per regio")
    );
    assert_eq!(figure(&page.body, "Ingeschreven"), registered.to_string());
    assert_eq!(figure(&page.body, "Personen"), people.to_string());
    assert!(figure(&page.body, "Aanwezig").starts_with(&format!("{attended} (")), "{}", figure(&page.body, "Aanwezig"));
    assert!(page.body.contains("Turnhout"), "Kempen's OCMWs are in the arrondissement Turnhout");

    // The CSV: one line per organisation, adding up to the same registrations.
    let csv = app.get_with_cookie("/beheer/biz-kempen/rapport/organisaties.csv?jaar=2026", &hanne).await;
    assert_eq!(csv.status, 200);
    assert!(csv.content_type.starts_with("text/csv"), "{}", csv.content_type);
    let mut lines = csv.body.trim_start_matches('\u{feff}').lines();
    assert_eq!(lines.next(), Some("organisatie;soort;gemeente;activiteiten;ingeschreven;aanwezig;personen"));
    let rows: Vec<Vec<String>> = lines.map(|l| l.split(';').map(str::to_string).collect()).collect();
    let column = |i: usize, filter: &dyn Fn(&Vec<String>) -> bool| -> usize {
        rows.iter().filter(|r| filter(r)).map(|r| r[i].parse::<usize>().unwrap()).sum()
    };
    assert_eq!(column(4, &|_| true), registered);
    assert_eq!(column(5, &|_| true), attended);
    assert_eq!(column(4, &|r| r[1] == "ocmw"), ocmw_registered);
    assert_eq!(rows.first().map(|r| r[1].as_str()), Some("ocmw"), "OCMWs come first");
    for row in &rows {
        let people: usize = row[6].parse().unwrap();
        assert!(people >= 1 && people <= row[4].parse().unwrap(), "{row:?}");
    }

    // Scanning someone in at the door shows in the report.
    let (event_id, session_id, code) = unscanned.expect("an unscanned ticket in 2026");
    let door = format!("/beheer/biz-kempen/activiteiten/{event_id}/inchecken");
    let csrf = csrf_of(&app.get_with_cookie(&door, &hanne).await.body);
    let scan = app
        .post_form(
            &door,
            &[("csrf", &csrf), ("sessie", &session_id.to_string()), ("ticket", &code)],
            &[("cookie", &hanne)],
        )
        .await;
    assert!(scan.location.contains("uitkomst=checked_in"), "{}", scan.location);
    let page = app.get_with_cookie("/beheer/biz-kempen/rapport?jaar=2026", &hanne).await;
    assert!(figure(&page.body, "Aanwezig").starts_with(&format!("{} (", attended + 1)));

    // A year without activities, and one that cannot be.
    let empty = app.get_with_cookie("/beheer/biz-kempen/rapport?jaar=2031", &hanne).await;
    assert!(empty.body.contains("Geen gepubliceerde activiteiten met sessies in 2031"), "{}", empty.body);
    let nonsense = app.get_with_cookie("/beheer/biz-kempen/rapport?jaar=99999", &hanne).await;
    assert_eq!(nonsense.status, 200);
    assert!(nonsense.body.contains("Deelname 2026"), "falls back to this year");

    // In English.
    let english =
        app.get_with_cookie("/beheer/biz-kempen/rapport?jaar=2026", &format!("{hanne}; leernet_lang=en")).await;
    assert!(english.body.contains("By organisation") && english.body.contains("Participation 2026"));
    // And the dashboard that leads there, and an event's list of registrations.
    let dashboard = app.get_with_cookie("/beheer/biz-kempen", &format!("{hanne}; leernet_lang=en")).await;
    assert!(
        dashboard.body.contains("+ New activity") && dashboard.body.contains("Registrations for "),
        "{}",
        dashboard.body
    );
    let french = app
        .get_with_cookie(
            &format!("/beheer/biz-kempen/activiteiten/{event_id}/inschrijvingen"),
            &format!("{hanne}; leernet_lang=fr"),
        )
        .await;
    assert!(
        french.body.contains("Liste de présence") && french.body.contains("Toutes les inscriptions"),
        "{}",
        french.body
    );
});

on_both_databases!(the_report_is_the_organisers_own, |app: TestApp| async move {
    let jens = sign_in(&app, NWVL_STAFF).await;
    let participant = sign_in(&app, "els.peeters@ocmw-mol.test").await;
    for path in ["/beheer/biz-kempen/rapport", "/beheer/biz-kempen/rapport/organisaties.csv"] {
        assert_ne!(app.get(path).await.status, 200, "{path} without a sign-in");
        for cookie in [&jens, &participant] {
            let answer = app.get_with_cookie(path, cookie).await;
            assert_eq!(answer.status, 404, "{path}");
            assert!(!answer.body.contains("OCMW"), "{path} leaked data");
        }
    }
    // Their own report counts only their own registrations.
    let (registered, ..) = expected(&app, "biz-noord-west-vlaanderen", 2026).await;
    let own = app.get_with_cookie("/beheer/biz-noord-west-vlaanderen/rapport?jaar=2026", &jens).await;
    assert_eq!(own.status, 200);
    assert_eq!(figure(&own.body, "Ingeschreven"), registered.to_string());
});

/// A download's status, type and bytes.
async fn download(app: &TestApp, path: &str, cookie: &str) -> (u16, String, Vec<u8>) {
    let response =
        app.client.get(format!("{}{path}", app.address)).header("cookie", cookie).send().await.expect("request");
    let status = response.status().as_u16();
    let content_type =
        response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    (status, content_type, response.bytes().await.expect("body").to_vec())
}

/// Minutes attended at the organiser's activities of `period`, counted the
/// long way round: every check-in of a confirmed registration times its session's length.
async fn minutes_attended(app: &TestApp, organiser_id: i32, period: domain::reports::Period) -> u64 {
    let mut minutes = 0;
    for e in event::Entity::find()
        .filter(event::Column::OrganiserId.eq(organiser_id))
        .filter(event::Column::Status.eq(EventStatus::Published))
        .all(&app.db)
        .await
        .unwrap()
    {
        let sessions =
            event_session::Entity::find().filter(event_session::Column::EventId.eq(e.id)).all(&app.db).await.unwrap();
        let Some(first) = sessions.iter().min_by_key(|s| s.starts_at) else { continue };
        if !period.contains(store::time::local_date(first.starts_at)) {
            continue;
        }
        let confirmed: HashSet<i32> = registration::Entity::find()
            .filter(registration::Column::EventId.eq(e.id))
            .filter(registration::Column::Status.eq(RegistrationStatus::Confirmed))
            .all(&app.db)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect();
        for s in &sessions {
            let length = u64::try_from((s.ends_at - s.starts_at).num_minutes()).unwrap();
            let checked_in = check_in::Entity::find()
                .filter(check_in::Column::SessionId.eq(s.id))
                .all(&app.db)
                .await
                .unwrap()
                .into_iter()
                .filter(|c| confirmed.contains(&c.registration_id))
                .count();
            minutes += length * checked_in as u64;
        }
    }
    minutes
}

async fn kempen(app: &TestApp) -> i32 {
    organiser::Entity::find().filter(organiser::Column::Slug.eq("biz-kempen")).one(&app.db).await.unwrap().unwrap().id
}

on_both_databases!(a_period_hours_and_the_year_before, |app: TestApp| async move {
    use domain::reports::{Period, Scope};
    let hanne = sign_in(&app, KEMPEN_ADMIN).await;
    let kempen_id = kempen(&app).await;
    let year = Period::year(2026);
    let report = store::reports::participation(&app.db, Scope::Organiser(kempen_id), year).await.unwrap();
    let (registered, attended, _, people, _) = expected(&app, "biz-kempen", 2026).await;
    assert_eq!(report.totals.counts.registered as usize, registered);
    assert_eq!(report.totals.counts.attended as usize, attended);
    assert_eq!(report.totals.counts.people as usize, people);
    let minutes = minutes_attended(&app, kempen_id, year).await;
    assert!(minutes > 0, "the demo's past activities were attended");
    assert_eq!(report.totals.counts.minutes, minutes);
    // The year before is last year's own report.
    let (last_registered, ..) = expected(&app, "biz-kempen", 2025).await;
    assert_eq!(report.previous.counts.registered as usize, last_registered);
    assert_eq!(report.previous.counts.minutes, minutes_attended(&app, kempen_id, Period::year(2025)).await);
    // The lines add up to the totals; the months and the activities too.
    let sum = |it: &mut dyn Iterator<Item = u32>| it.sum::<u32>();
    assert_eq!(sum(&mut report.by_organisation.iter().map(|l| l.counts.registered)), report.totals.counts.registered);
    assert_eq!(sum(&mut report.by_activity.iter().map(|l| l.counts.registered)), report.totals.counts.registered);
    assert_eq!(sum(&mut report.by_month.iter().map(|l| l.counts.registered)), report.totals.counts.registered);
    assert_eq!(sum(&mut report.by_month.iter().map(|l| l.previous.registered)), report.previous.counts.registered);
    assert_eq!(report.by_month.len(), 12);
    assert_eq!(report.by_activity.len() as u32, report.totals.activities);
    assert_eq!(report.by_organisation.first().map(|l| l.kind.as_str()), Some("ocmw"), "OCMWs first");

    // The page shows the hours and the comparison.
    let page = app.get_with_cookie("/beheer/biz-kempen/rapport?jaar=2026", &hanne).await;
    assert_eq!(page.status, 200);
    assert_eq!(figure(&page.body, "Uren aanwezig"), domain::reports::hours_text(minutes));
    assert!(
        page.body.contains("Tegenover dezelfde periode een jaar eerder (2025-01-01 – 2025-12-31)"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Per activiteit") && page.body.contains("Partners die niet deelnamen"));

    // A half year: the activities of those months only.
    let half = Period::asked(Some("2026-01-01"), Some("2026-06-30"), None, year.from).unwrap();
    let first_half = store::reports::participation(&app.db, Scope::Organiser(kempen_id), half).await.unwrap();
    assert!(first_half.by_activity.iter().all(|a| half.contains(a.starts_on)));
    assert!(first_half.totals.counts.registered <= report.totals.counts.registered);
    assert_eq!(first_half.by_month.len(), 6);
    let page = app.get_with_cookie("/beheer/biz-kempen/rapport?van=2026-01-01&tot=2026-06-30", &hanne).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Deelname 2026-01-01 – 2026-06-30"), "{}", page.body);
    assert_eq!(figure(&page.body, "Ingeschreven"), first_half.totals.counts.registered.to_string());
    assert!(page.body.contains(r#"value="2026-06-30""#), "the form keeps the period");

    // A period that is none: the form again, with the reason next to the field.
    let reversed = app.get_with_cookie("/beheer/biz-kempen/rapport?van=2026-07-01&tot=2026-06-30", &hanne).await;
    assert_eq!(reversed.status, 200);
    assert!(reversed.body.contains("De begindatum valt na de einddatum.") && reversed.body.contains("aria-invalid"));
    let bad = app.get_with_cookie("/beheer/biz-kempen/rapport?van=gisteren", &hanne).await;
    assert!(bad.body.contains("Geef de begindatum als datum"), "{}", bad.body);
    let (status, ..) = download(&app, "/beheer/biz-kempen/rapport.xlsx?van=2026-07-01&tot=2026-06-30", &hanne).await;
    assert_eq!(status, 400);
});

on_both_databases!(the_report_downloads_as_a_workbook_and_a_csv_per_table, |app: TestApp| async move {
    use calamine::{Data, Reader, Xlsx};
    let hanne = sign_in(&app, KEMPEN_ADMIN).await;
    let (registered, attended, ..) = expected(&app, "biz-kempen", 2026).await;
    let (status, content_type, body) = download(&app, "/beheer/biz-kempen/rapport.xlsx?jaar=2026", &hanne).await;
    assert_eq!(status, 200);
    assert!(content_type.contains("spreadsheetml"), "{content_type}");
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(body)).expect("an XLSX");
    assert_eq!(
        book.sheet_names(),
        [
            "Totalen",
            "Per organisatie",
            "Per soort",
            "Per activiteit",
            "Per regio",
            "Per maand",
            "Partners zonder deelname"
        ]
    );
    let totals = book.worksheet_range("Totalen").unwrap();
    assert_eq!(totals.get_value((0, 0)), Some(&Data::String("Cijfer".into())));
    let row = |label: &str| {
        (0..totals.height()).find(|r| totals.get_value((*r as u32, 0)) == Some(&Data::String(label.into()))).unwrap()
            as u32
    };
    assert_eq!(totals.get_value((row("Ingeschreven"), 1)), Some(&Data::Float(registered as f64)), "a number");
    assert_eq!(totals.get_value((row("Aanwezig"), 1)), Some(&Data::Float(attended as f64)));
    let activities = book.worksheet_range("Per activiteit").unwrap();
    assert!(
        matches!(activities.get_value((1, 0)), Some(Data::DateTime(_))),
        "dates as dates: {:?}",
        activities.get_value((1, 0))
    );
    let sum: f64 = (1..activities.height())
        .filter_map(|r| match activities.get_value((r as u32, 7)) {
            Some(Data::Float(n)) => Some(*n),
            _ => None,
        })
        .sum();
    assert_eq!(sum, registered as f64, "the activities' registrations add up");

    // A CSV per table; the old one still works.
    let (status, content_type, body) =
        download(&app, "/beheer/biz-kempen/rapport/per-activiteit.csv?jaar=2026", &hanne).await;
    assert_eq!(status, 200);
    assert!(content_type.starts_with("text/csv"));
    let csv = String::from_utf8(body).unwrap();
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    let header: Vec<&str> = lines.next().unwrap().split(';').collect();
    assert_eq!(header[..2], ["Datum", "Activiteit"]);
    assert!(lines.count() >= 1);
    for table in ["totalen", "per-organisatie", "per-soort", "per-regio", "per-maand", "partners-zonder-deelname"] {
        let (status, ..) = download(&app, &format!("/beheer/biz-kempen/rapport/{table}.csv"), &hanne).await;
        assert_eq!(status, 200, "{table}");
    }
    let (status, ..) = download(&app, "/beheer/biz-kempen/rapport/geheim.csv", &hanne).await;
    assert_eq!(status, 404);
    let (status, ..) =
        download(&app, "/beheer/biz-kempen/rapport/organisaties.csv?van=2026-01-01&tot=2026-06-30", &hanne).await;
    assert_eq!(status, 200);
    // In English.
    let (_, _, body) = download(&app, "/beheer/biz-kempen/rapport.xlsx", &format!("{hanne}; leernet_lang=en")).await;
    let book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(body)).expect("an XLSX");
    assert_eq!(book.sheet_names()[0], "Totals");
});

on_both_databases!(an_organisations_own_report_and_the_partners_that_took_part_in_nothing, |app: TestApp| async move {
    use calamine::{Reader, Xlsx};
    use domain::reports::{Period, Scope};
    use sea_orm::{ActiveModelTrait, Set};
    let hanne = sign_in(&app, KEMPEN_ADMIN).await;
    let kempen_id = kempen(&app).await;
    let year = Period::year(2026);
    let report = store::reports::participation(&app.db, Scope::Organiser(kempen_id), year).await.unwrap();
    let line = report.by_organisation.iter().find(|l| l.kind == "ocmw").expect("an OCMW took part").clone();
    let id = line.organisation_id.unwrap();
    let own = store::reports::organisation(&app.db, id, Some(kempen_id), year).await.unwrap().unwrap();
    assert_eq!(own.totals.counts.registered, line.counts.registered);
    assert_eq!(own.totals.counts.attended, line.counts.attended);
    assert_eq!(own.totals.counts.people, line.counts.people);
    assert_eq!(own.totals.activities, line.activities);
    assert_eq!(own.totals.counts.minutes, line.counts.minutes);
    let named: u32 = own.people.iter().map(|p| p.registered).sum();
    assert_eq!(named + own.erased, own.totals.counts.registered, "every registration is someone's, or erased");
    // Across every organiser it is at least as much; and the organisation scope agrees.
    let everywhere = store::reports::organisation(&app.db, id, None, year).await.unwrap().unwrap();
    assert!(everywhere.totals.counts.registered >= own.totals.counts.registered);
    let scope = store::reports::participation(&app.db, Scope::Organisation(id), year).await.unwrap();
    assert_eq!(scope.totals.counts.registered, everywhere.totals.counts.registered);
    assert_eq!(scope.totals.counts.people, everywhere.totals.counts.people);
    // The Flemish overview holds every organiser's.
    let all = store::reports::participation(&app.db, Scope::All, year).await.unwrap();
    assert!(all.totals.counts.registered >= report.totals.counts.registered);
    let mut per_organiser = 0;
    for o in organiser::Entity::find().all(&app.db).await.unwrap() {
        per_organiser += store::reports::participation(&app.db, Scope::Organiser(o.id), year)
            .await
            .unwrap()
            .totals
            .counts
            .registered;
    }
    assert_eq!(all.totals.counts.registered, per_organiser);

    // The page, linked from the report.
    let path = format!("/beheer/biz-kempen/rapport/organisaties/{id}");
    let page = app.get_with_cookie("/beheer/biz-kempen/rapport?jaar=2026", &hanne).await;
    assert!(page.body.contains(&format!("{path}?jaar=2026")), "the report links to the organisation");
    let page = app.get_with_cookie(&format!("{path}?jaar=2026"), &hanne).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains(&line.name) && page.body.contains("Personen"));
    assert_eq!(figure(&page.body, "Ingeschreven"), line.counts.registered.to_string());
    if let Some(person) = own.people.first() {
        assert!(page.body.contains(&person.name));
    }
    let (status, _, body) = download(&app, &format!("{path}/rapport.xlsx?jaar=2026"), &hanne).await;
    assert_eq!(status, 200);
    let book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(body)).expect("an XLSX");
    assert_eq!(book.sheet_names(), ["Totalen", "Per soort", "Per activiteit", "Personen"]);
    let (status, _, body) = download(&app, &format!("{path}/personen.csv?jaar=2026"), &hanne).await;
    assert_eq!(status, 200);
    assert_eq!(
        String::from_utf8(body).unwrap().trim_start_matches('\u{feff}').lines().count(),
        own.people.len() + 1 + usize::from(own.erased > 0)
    );
    // An organisation Kempen does not know, and one that does not exist.
    let now = chrono::Utc::now();
    let stranger = organisation::ActiveModel {
        kind: Set("ocmw".into()),
        name: Set("OCMW Nergensdorp".into()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let unknown =
        app.get_with_cookie(&format!("/beheer/biz-kempen/rapport/organisaties/{}", stranger.id), &hanne).await;
    assert_eq!(unknown.status, 404);
    assert_eq!(app.get_with_cookie("/beheer/biz-kempen/rapport/organisaties/999999", &hanne).await.status, 404);
    assert!(!report.silent_partners.iter().any(|p| p.organisation.id == stranger.id));

    // Once a partner, it is on the page (with nothing registered) and in the list of partners that took part in nothing.
    store::entities::partnership::ActiveModel {
        organiser_id: Set(kempen_id),
        organisation_id: Set(stranger.id),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let report = store::reports::participation(&app.db, Scope::Organiser(kempen_id), year).await.unwrap();
    let silent = report.silent_partners.iter().find(|p| p.organisation.id == stranger.id).expect("a silent partner");
    assert_eq!(silent.partner_of, ["BIZ Kempen"]);
    assert!(report.silent_partners.iter().all(|p| {
        !report.by_organisation.iter().any(|l| l.organisation_id == Some(p.organisation.id) && l.counts.registered > 0)
    }));
    let page = app.get_with_cookie(&format!("/beheer/biz-kempen/rapport/organisaties/{}", stranger.id), &hanne).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("OCMW Nergensdorp schreef in deze periode voor geen activiteiten in."));
    let (_, _, body) = download(&app, "/beheer/biz-kempen/rapport/partners-zonder-deelname.csv", &hanne).await;
    assert!(String::from_utf8(body).unwrap().contains("OCMW Nergensdorp;ocmw;;"));
});
