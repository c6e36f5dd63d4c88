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
