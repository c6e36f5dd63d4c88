//! Check-in at the door: scanning tickets, finding people by name, undoing a
//! mistake, and what another organiser's staff can (not) do.

use crate::accounts::sign_in;
use crate::helpers::{TestApp, csrf_of};
use crate::on_both_databases;
use domain::CheckInMethod;
use domain::{EventStatus, RegistrationStatus};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use store::entities::{check_in, event, event_session, organiser, person, registration, ticket};

const KEMPEN_ADMIN: &str = "hanne.laenen@cawdekempen.test";
const NWVL_STAFF: &str = "jens.jaecques@cawnoordwestvlaanderen.test";

/// A confirmed seat with a live ticket.
pub(crate) struct Seat {
    pub(crate) registration_id: i32,
    pub(crate) name: String,
    pub(crate) code: String,
}

/// An event of `organiser` with sessions and at least `seats` confirmed seats with
/// tickets that nobody checked in yet; its id, first session and those seats.
pub(crate) async fn event_with_seats(app: &TestApp, organiser_slug: &str, seats: usize) -> (i32, i32, Vec<Seat>) {
    let o = organiser::Entity::find()
        .filter(organiser::Column::Slug.eq(organiser_slug))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let events = event::Entity::find()
        .filter(event::Column::OrganiserId.eq(o.id))
        .filter(event::Column::Status.eq(EventStatus::Published))
        .order_by_asc(event::Column::Id)
        .all(&app.db)
        .await
        .unwrap();
    for e in events {
        let Some(session) = event_session::Entity::find()
            .filter(event_session::Column::EventId.eq(e.id))
            .order_by_asc(event_session::Column::StartsAt)
            .one(&app.db)
            .await
            .unwrap()
        else {
            continue;
        };
        let mut found = Vec::new();
        for r in registration::Entity::find()
            .filter(registration::Column::EventId.eq(e.id))
            .filter(registration::Column::Status.eq(RegistrationStatus::Confirmed))
            .order_by_asc(registration::Column::Id)
            .all(&app.db)
            .await
            .unwrap()
        {
            let Some(t) =
                ticket::Entity::find().filter(ticket::Column::RegistrationId.eq(r.id)).one(&app.db).await.unwrap()
            else {
                continue;
            };
            let scanned = check_in::Entity::find()
                .filter(check_in::Column::RegistrationId.eq(r.id))
                .count(&app.db)
                .await
                .unwrap();
            if t.revoked_at.is_none() && scanned == 0 {
                found.push(Seat { registration_id: r.id, name: r.attendee_name.clone(), code: t.code });
            }
        }
        if found.len() >= seats {
            return (e.id, session.id, found);
        }
    }
    panic!("no event of {organiser_slug} with {seats} unscanned tickets");
}

async fn check_ins(app: &TestApp, registration_id: i32, session_id: i32) -> Vec<check_in::Model> {
    check_in::Entity::find()
        .filter(check_in::Column::RegistrationId.eq(registration_id))
        .filter(check_in::Column::SessionId.eq(session_id))
        .all(&app.db)
        .await
        .unwrap()
}

on_both_databases!(scanning_a_ticket_lets_the_holder_in_once, |app: TestApp| async move {
    let hanne = sign_in(&app, KEMPEN_ADMIN).await;
    let cookie = [("cookie", hanne.as_str())];
    let (event_id, session_id, seats) = event_with_seats(&app, "biz-kempen", 4).await;
    let door = format!("/beheer/biz-kempen/activiteiten/{event_id}/inchecken");
    let page = app.get_with_cookie(&format!("{door}?sessie={session_id}"), &hanne).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Ticket scannen") && page.body.contains("Zoeken op naam"));
    let csrf = csrf_of(&page.body);
    let session = session_id.to_string();

    // A handheld scanner types the whole ticket address.
    let first = &seats[0];
    let scanned = format!("{}/ticket/{}", app.address, first.code);
    let answer = app.post_form(&door, &[("csrf", &csrf), ("sessie", &session), ("ticket", &scanned)], &cookie).await;
    assert_eq!(answer.status, 303);
    assert!(answer.location.contains("uitkomst=checked_in"), "{}", answer.location);
    let welcome = app.get_with_cookie(&answer.location, &hanne).await;
    assert!(welcome.body.contains(&format!("Welkom, {}", first.name)), "{}", welcome.body);
    assert!(welcome.body.contains("door-ok") && welcome.body.contains("data-answer=\"welcome\""));
    let rows = check_ins(&app, first.registration_id, session_id).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].method, CheckInMethod::Scan);
    let hanne_id =
        person::Entity::find().filter(person::Column::Email.eq(KEMPEN_ADMIN)).one(&app.db).await.unwrap().unwrap().id;
    assert_eq!(rows[0].checked_in_by, Some(hanne_id));

    // The same ticket again: already in, nothing new recorded.
    let again = app.post_form(&door, &[("csrf", &csrf), ("sessie", &session), ("ticket", &first.code)], &cookie).await;
    assert!(again.location.contains("uitkomst=already_in"), "{}", again.location);
    let page = app.get_with_cookie(&again.location, &hanne).await;
    assert!(page.body.contains("is al binnen (sinds"), "{}", page.body);
    assert!(page.body.contains("door-again") && page.body.contains("data-answer=\"again\""), "{}", page.body);
    assert!(page.body.contains("Ingecheckt door Hanne Laenen."), "by whom: {}", page.body);
    assert_eq!(check_ins(&app, first.registration_id, session_id).await.len(), 1);

    // Two doors scanning one ticket at the same moment: one check-in.
    let second = &seats[1];
    let mut doors = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let (client, url) = (app.client.clone(), format!("{}{door}", app.address));
        let fields = [("csrf", csrf.clone()), ("sessie", session.clone()), ("ticket", second.code.clone())];
        let cookie = hanne.clone();
        doors.spawn(async move {
            let answer = client.post(url).header("cookie", cookie).form(&fields).send().await.expect("post");
            answer.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_string()
        });
    }
    let locations: Vec<String> = doors.join_all().await;
    let welcomed = locations.iter().filter(|l| l.contains("uitkomst=checked_in")).count();
    let already = locations.iter().filter(|l| l.contains("uitkomst=already_in")).count();
    assert_eq!((welcomed, already), (1, 7), "{locations:?}");
    assert_eq!(check_ins(&app, second.registration_id, session_id).await.len(), 1);

    // What cannot be a ticket (a damaged or foreign code), or is nobody's.
    for (text, answer) in [
        ("", "unreadable"),
        ("hallo", "unreadable"),
        ("'; DROP TABLE check_ins; --", "unreadable"),
        ("ZZZZZZZZZZZZZZZZZZZZZZZZZZ", "unknown"),
    ] {
        let post = app.post_form(&door, &[("csrf", &csrf), ("sessie", &session), ("ticket", text)], &cookie).await;
        assert!(post.location.contains(&format!("uitkomst={answer}")), "{text:?}: {}", post.location);
    }
    let page = app.get_with_cookie(&format!("{door}?sessie={session_id}&uitkomst=unknown"), &hanne).await;
    assert!(page.body.contains("Dit ticket kennen we niet") && page.body.contains("door-stop"));
    assert!(page.body.contains("data-answer=\"stop\"") && page.body.contains("role=\"alert\""));
    let page = app.get_with_cookie(&format!("{door}?sessie={session_id}&uitkomst=unreadable"), &hanne).await;
    assert!(page.body.contains("Deze code kunnen we niet lezen") && page.body.contains("door-stop"));

    // A cancelled seat is refused at the door.
    let third = &seats[2];
    let mut cancelled: registration::ActiveModel =
        registration::Entity::find_by_id(third.registration_id).one(&app.db).await.unwrap().unwrap().into();
    cancelled.status = sea_orm::Set(RegistrationStatus::Cancelled);
    sea_orm::ActiveModelTrait::update(cancelled, &app.db).await.unwrap();
    let answer = app.post_form(&door, &[("csrf", &csrf), ("sessie", &session), ("ticket", &third.code)], &cookie).await;
    assert!(answer.location.contains("uitkomst=cancelled"), "{}", answer.location);
    let page = app.get_with_cookie(&answer.location, &hanne).await;
    assert!(page.body.contains("is geannuleerd"), "{}", page.body);
    assert!(check_ins(&app, third.registration_id, session_id).await.is_empty());

    // Another organiser's ticket is unknown here (it says nothing about them).
    let (_, _, theirs) = event_with_seats(&app, "biz-noord-west-vlaanderen", 1).await;
    let answer =
        app.post_form(&door, &[("csrf", &csrf), ("sessie", &session), ("ticket", &theirs[0].code)], &cookie).await;
    assert!(answer.location.contains("uitkomst=unknown"), "{}", answer.location);

    // The count, the list of who just came in, and the attendance list.
    let page = app.get_with_cookie(&format!("{door}?sessie={session_id}"), &hanne).await;
    assert!(page.body.contains("2 van "), "two present: {}", page.body);
    assert!(page.body.contains(&first.name) && page.body.contains(&second.name));
    let list = app.get_with_cookie(&format!("/beheer/biz-kempen/activiteiten/{event_id}/inschrijvingen"), &hanne).await;
    assert_eq!(list.body.matches("✓ ingecheckt").count(), 2, "{}", list.body);
    assert!(list.body.contains(&format!("{door}\"")), "a way to the door from the list");
});

on_both_databases!(finding_someone_by_name_and_undoing_a_mistake, |app: TestApp| async move {
    let hanne = sign_in(&app, KEMPEN_ADMIN).await;
    let cookie = [("cookie", hanne.as_str())];
    let (event_id, session_id, seats) = event_with_seats(&app, "biz-kempen", 1).await;
    let door = format!("/beheer/biz-kempen/activiteiten/{event_id}/inchecken");
    let seat = &seats[0];
    let surname = seat.name.split_whitespace().last().unwrap().to_lowercase();
    let found = app.get_with_cookie(&format!("{door}?sessie={session_id}&zoek={surname}"), &hanne).await;
    assert_eq!(found.status, 200);
    assert!(found.body.contains(&seat.name), "{}", found.body);
    assert!(found.body.contains(&format!("name=\"registratie\" value=\"{}\"", seat.registration_id)));
    let short = app.get_with_cookie(&format!("{door}?sessie={session_id}&zoek=x"), &hanne).await;
    assert!(short.body.contains("Typ minstens twee letters"));
    let nobody = app.get_with_cookie(&format!("{door}?sessie={session_id}&zoek=qqxxqq"), &hanne).await;
    assert!(nobody.body.contains("Niemand gevonden"));

    let csrf = csrf_of(&found.body);
    let session = session_id.to_string();
    let id = seat.registration_id.to_string();
    let tapped = app
        .post_form(&door, &[("csrf", &csrf), ("sessie", &session), ("registratie", &id), ("zoek", &surname)], &cookie)
        .await;
    assert!(tapped.location.contains("uitkomst=checked_in"), "{}", tapped.location);
    assert!(tapped.location.contains(&format!("zoek={surname}")), "the search stays: {}", tapped.location);
    let rows = check_ins(&app, seat.registration_id, session_id).await;
    assert_eq!((rows.len(), rows[0].method.as_str()), (1, "manual"));
    let page = app.get_with_cookie(&tapped.location, &hanne).await;
    assert!(page.body.contains("Aanwezig ✓"), "{}", page.body);

    // Wrong person: undo.
    let undone = app
        .post_form(&format!("{door}/ongedaan"), &[("csrf", &csrf), ("sessie", &session), ("registratie", &id)], &cookie)
        .await;
    assert!(undone.location.contains("uitkomst=undone"), "{}", undone.location);
    assert!(check_ins(&app, seat.registration_id, session_id).await.is_empty());
    let page = app.get_with_cookie(&undone.location, &hanne).await;
    assert!(page.body.contains("is ongedaan gemaakt"), "{}", page.body);
    // A second undo changes nothing and says nothing.
    let twice = app
        .post_form(&format!("{door}/ongedaan"), &[("csrf", &csrf), ("sessie", &session), ("registratie", &id)], &cookie)
        .await;
    assert_eq!(twice.status, 303);
    assert!(!twice.location.contains("uitkomst"), "{}", twice.location);

    // In French.
    let french =
        app.get_with_cookie(&format!("{door}?sessie={session_id}"), &format!("{hanne}; leernet_lang=fr")).await;
    assert!(french.body.contains("Scanner un ticket") && french.body.contains("Chercher par nom"), "{}", french.body);
});

on_both_databases!(the_door_is_for_the_organisers_own_staff, |app: TestApp| async move {
    let hanne = sign_in(&app, KEMPEN_ADMIN).await;
    let jens = sign_in(&app, NWVL_STAFF).await;
    let participant = sign_in(&app, "els.peeters@ocmw-mol.test").await;
    let (event_id, session_id, seats) = event_with_seats(&app, "biz-kempen", 1).await;
    let (their_event, their_session, their_seats) = event_with_seats(&app, "biz-noord-west-vlaanderen", 1).await;
    let door = format!("/beheer/biz-kempen/activiteiten/{event_id}/inchecken");
    let session = session_id.to_string();
    let code = seats[0].code.as_str();

    // No session: sign in first. Others: the page does not exist.
    assert_eq!(app.get(&door).await.status, 401);
    for cookie in [&jens, &participant] {
        let page = app.get_with_cookie(&format!("{door}?sessie={session_id}"), cookie).await;
        assert_eq!(page.status, 404);
        assert!(!page.body.contains(&seats[0].name));
        let csrf = csrf_of(&app.get_with_cookie("/mijn", cookie).await.body);
        let post = app
            .post_form(&door, &[("csrf", &csrf), ("sessie", &session), ("ticket", code)], &[("cookie", cookie)])
            .await;
        assert_eq!(post.status, 404);
    }
    // Hanne's own door, someone else's event or session: not found.
    let csrf = csrf_of(&app.get_with_cookie(&door, &hanne).await.body);
    let cookie = [("cookie", hanne.as_str())];
    let theirs = format!("/beheer/biz-kempen/activiteiten/{their_event}/inchecken");
    assert_eq!(app.get_with_cookie(&theirs, &hanne).await.status, 404);
    let post = app
        .post_form(&theirs, &[("csrf", &csrf), ("sessie", &their_session.to_string()), ("ticket", code)], &cookie)
        .await;
    assert_eq!(post.status, 404);
    let post = app
        .post_form(&door, &[("csrf", &csrf), ("sessie", &their_session.to_string()), ("ticket", code)], &cookie)
        .await;
    assert_eq!(post.status, 404, "a session of another event");
    let post = app
        .post_form(
            &door,
            &[("csrf", &csrf), ("sessie", &session), ("registratie", &their_seats[0].registration_id.to_string())],
            &cookie,
        )
        .await;
    assert_eq!(post.status, 404, "a registration of another organiser");
    // No form token, or a wrong one: refused, nothing recorded.
    for token in ["", "forged"] {
        let post = app.post_form(&door, &[("csrf", token), ("sessie", &session), ("ticket", code)], &cookie).await;
        assert_eq!(post.status, 403);
    }
    assert!(check_ins(&app, seats[0].registration_id, session_id).await.is_empty());
    // An address that names another organiser's registration shows nothing of it.
    let page = app
        .get_with_cookie(
            &format!("{door}?sessie={session_id}&uitkomst=checked_in&registratie={}", their_seats[0].registration_id),
            &hanne,
        )
        .await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains(&their_seats[0].name));
});

const DOOR_VOLUNTEER: &str = store::demo::DEMO_DOOR_VOLUNTEER;

/// A confirmed seat with a live ticket at another published event of the organiser than `not`.
async fn seat_elsewhere(app: &TestApp, organiser_slug: &str, not: i32) -> Seat {
    let o = organiser::Entity::find()
        .filter(organiser::Column::Slug.eq(organiser_slug))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let events: Vec<i32> = event::Entity::find()
        .filter(event::Column::OrganiserId.eq(o.id))
        .filter(event::Column::Status.eq(EventStatus::Published))
        .filter(event::Column::Id.ne(not))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.id)
        .collect();
    for r in registration::Entity::find()
        .filter(registration::Column::EventId.is_in(events))
        .filter(registration::Column::Status.eq(RegistrationStatus::Confirmed))
        .order_by_asc(registration::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
    {
        if let Some(t) =
            ticket::Entity::find().filter(ticket::Column::RegistrationId.eq(r.id)).one(&app.db).await.unwrap()
            && t.revoked_at.is_none()
        {
            return Seat { registration_id: r.id, name: r.attendee_name, code: t.code };
        }
    }
    panic!("no other event of {organiser_slug} with a ticket");
}

async fn set_status(app: &TestApp, registration_id: i32, status: RegistrationStatus) {
    let mut r: registration::ActiveModel =
        registration::Entity::find_by_id(registration_id).one(&app.db).await.unwrap().unwrap().into();
    r.status = sea_orm::Set(status);
    sea_orm::ActiveModelTrait::update(r, &app.db).await.unwrap();
}

// Each answer at the door, as the page after the scan shows it: green with
// the person's needs, orange with when, by whom and at which door, and red
// with the reason for every refusal.
on_both_databases!(every_answer_at_the_door_reads_at_a_glance, |app: TestApp| async move {
    let hanne = sign_in(&app, KEMPEN_ADMIN).await;
    let tabitha = sign_in(&app, "tabitha.tanghe@cawdekempen.test").await;
    let (event_id, session_id, seats) = event_with_seats(&app, "biz-kempen", 4).await;
    let door = format!("/beheer/biz-kempen/activiteiten/{event_id}/inchecken");
    let page = app.get_with_cookie(&format!("{door}?sessie={session_id}&deur=Ingang+zaal"), &hanne).await;
    assert!(page.body.contains("value=\"Ingang zaal\""), "the door's name stays in the form: {}", page.body);
    let csrf = csrf_of(&page.body);
    let cookie = [("cookie", hanne.as_str())];
    let session = session_id.to_string();
    let scan = async |code: String, door_name: &str| {
        let fields = [("csrf", csrf.as_str()), ("sessie", &session), ("ticket", &code), ("deur", door_name)];
        let answer = app.post_form(&door, &fields, &cookie).await;
        assert_eq!(answer.status, 303);
        let page = app.get_with_cookie(&answer.location, &hanne).await;
        (answer.location, page.body)
    };

    // Green, with what the participant needs to take part (and never their e-mail address).
    let first = &seats[0];
    let mut r: registration::ActiveModel =
        registration::Entity::find_by_id(first.registration_id).one(&app.db).await.unwrap().unwrap().into();
    r.answers = sea_orm::Set(Some(
        serde_json::json!({
            "needs": "vegetarisch",
            "answers": [
                { "key": 7, "kind": "accessibility", "question": "Toegankelijkheid?", "value": "rolstoelplaats vooraan" },
                { "key": 8, "kind": "text", "question": "Opmerking", "value": "privé opmerking" }
            ]
        })
        .to_string(),
    ));
    let email = sea_orm::ActiveModelTrait::update(r, &app.db).await.unwrap().attendee_email.unwrap();
    let (location, body) = scan(first.code.clone(), " Ingang   zaal ").await;
    assert!(location.contains("deur=Ingang+zaal") && location.contains("uitkomst=checked_in"), "{location}");
    assert!(body.contains("data-answer=\"welcome\"") && body.contains("door-ok") && body.contains("✓"), "{body}");
    assert!(body.contains("Nodig:") && body.contains("rolstoelplaats vooraan"), "access needs: {body}");
    assert!(!body.contains("privé opmerking") && !body.contains("vegetarisch") && !body.contains(&email));
    let row = &check_ins(&app, first.registration_id, session_id).await[0];
    assert_eq!(row.door.as_deref(), Some("Ingang zaal"), "the door's name, tidied, with the check-in");

    // Orange at another door, by another colleague: when, by whom, at which door.
    let page = app.get_with_cookie(&format!("{door}?sessie={session_id}"), &tabitha).await;
    let their_csrf = csrf_of(&page.body);
    let again = app
        .post_form(
            &door,
            &[("csrf", &their_csrf), ("sessie", &session), ("ticket", &first.code), ("deur", "Zij-ingang")],
            &[("cookie", tabitha.as_str())],
        )
        .await;
    assert!(again.location.contains("uitkomst=already_in"), "{}", again.location);
    let body = app.get_with_cookie(&again.location, &tabitha).await.body;
    assert!(body.contains("data-answer=\"again\"") && body.contains("door-again") && body.contains("↻"), "{body}");
    assert!(body.contains("Ingecheckt door Hanne Laenen aan Ingang zaal."), "{body}");
    let at = store::time::to_local(row.checked_in_at).format("%H:%M").to_string();
    assert!(body.contains(&format!("sinds {at}")), "at {at}: {body}");
    assert!(body.contains("rolstoelplaats vooraan"), "needs in orange too");
    assert_eq!(check_ins(&app, first.registration_id, session_id).await.len(), 1);

    // Red, with the reason.
    set_status(&app, seats[1].registration_id, RegistrationStatus::Waitlisted).await;
    set_status(&app, seats[2].registration_id, RegistrationStatus::PendingPayment).await;
    let elsewhere = seat_elsewhere(&app, "biz-kempen", event_id).await;
    for (code, answer, says) in [
        (seats[1].code.clone(), "not_confirmed", "staat op de wachtlijst"),
        (seats[2].code.clone(), "not_confirmed", "de betaling van"),
        (elsewhere.code.clone(), "other_event", "dit ticket van"),
        ("ABCDEFGHIJKLMNOPQRSTUVWXYZ".into(), "unknown", "Dit ticket kennen we niet"),
        ("https://leernet.be/ticket/%%%".into(), "unreadable", "Deze code kunnen we niet lezen"),
    ] {
        let (location, body) = scan(code, "Ingang zaal").await;
        assert!(location.contains(&format!("uitkomst={answer}")), "{says}: {location}");
        assert!(body.contains(says), "{says}: {body}");
        assert!(body.contains("data-answer=\"stop\"") && body.contains("door-stop") && body.contains("✕"), "{body}");
        assert!(!body.contains(">Ongedaan maken<"), "nothing to undo after a refusal");
    }
    for seat in [&seats[1], &seats[2]] {
        assert!(check_ins(&app, seat.registration_id, session_id).await.is_empty());
    }
    assert!(check_ins(&app, elsewhere.registration_id, session_id).await.is_empty());
});

// A series: the door is set to a session on another day while another
// session of the activity is on today. Red, with the session's date, and a
// button that checks in for that session anyway (the ticket covers it).
on_both_databases!(another_session_of_the_activity_is_said_and_can_be_overridden, |app: TestApp| async move {
    let hanne = sign_in(&app, KEMPEN_ADMIN).await;
    let cookie = [("cookie", hanne.as_str())];
    let (event_id, session_id, seats) = event_with_seats(&app, "biz-kempen", 1).await;
    let first = event_session::Entity::find_by_id(session_id).one(&app.db).await.unwrap().unwrap();
    let today = store::time::local_date(app.clock_now());
    assert_ne!(store::time::local_date(first.starts_at), today, "the first session is not today");
    let noon = store::time::from_local(today.and_hms_opt(13, 0, 0).unwrap());
    sea_orm::ActiveModelTrait::insert(
        event_session::ActiveModel {
            event_id: sea_orm::Set(event_id),
            position: sea_orm::Set(99),
            title: sea_orm::Set("Vandaag".into()),
            starts_at: sea_orm::Set(noon),
            ends_at: sea_orm::Set(noon + chrono::Duration::hours(3)),
            ..Default::default()
        },
        &app.db,
    )
    .await
    .unwrap();
    let door = format!("/beheer/biz-kempen/activiteiten/{event_id}/inchecken");
    let page = app.get_with_cookie(&format!("{door}?sessie={session_id}"), &hanne).await;
    let csrf = csrf_of(&page.body);
    let session = session_id.to_string();
    let seat = &seats[0];
    let answer = app.post_form(&door, &[("csrf", &csrf), ("sessie", &session), ("ticket", &seat.code)], &cookie).await;
    assert!(answer.location.contains("uitkomst=other_session"), "{}", answer.location);
    assert!(check_ins(&app, seat.registration_id, session_id).await.is_empty());
    let body = app.get_with_cookie(&answer.location, &hanne).await.body;
    let date = domain::dates::date_long_in(domain::i18n::Locale::Nl, store::time::local_date(first.starts_at));
    assert!(body.contains(&format!("deze sessie is op {date}, niet vandaag")), "{date}: {body}");
    assert!(body.contains("data-answer=\"stop\"") && body.contains("Toch inchecken voor deze sessie"), "{body}");
    assert!(body.contains("name=\"andere-sessie\" value=\"ja\""));
    // The button: checked in for that session after all.
    let id = seat.registration_id.to_string();
    let anyway = app
        .post_form(
            &door,
            &[("csrf", &csrf), ("sessie", &session), ("registratie", &id), ("andere-sessie", "ja")],
            &cookie,
        )
        .await;
    assert!(anyway.location.contains("uitkomst=checked_in"), "{}", anyway.location);
    assert_eq!(check_ins(&app, seat.registration_id, session_id).await.len(), 1);
    // Without a session today the door may check in for any session (as staff
    // do afterwards from a paper list): the first test above does.
});

// A door volunteer (the scanner role) finds the week's doors on /mijn, checks
// people in and undoes a mistake, and sees nothing else: no e-mail
// addresses, no participant list, no back office.
on_both_databases!(a_door_volunteer_works_the_door_and_nothing_else, |app: TestApp| async move {
    let (event_id, session_id, seats) = event_with_seats(&app, "biz-kempen", 2).await;
    let first = event_session::Entity::find_by_id(session_id).one(&app.db).await.unwrap().unwrap();
    // The morning of the session.
    app.clock.set(first.starts_at - chrono::Duration::hours(1));
    let dorien = sign_in(&app, DOOR_VOLUNTEER).await;
    let cookie = [("cookie", dorien.as_str())];
    let door = format!("/beheer/biz-kempen/activiteiten/{event_id}/inchecken");
    let title = event::Entity::find_by_id(event_id).one(&app.db).await.unwrap().unwrap().title;

    let home = app.get_with_cookie("/mijn", &dorien).await;
    assert_eq!(home.status, 200);
    assert!(home.body.contains("Aan de deur") && home.body.contains(&format!("href=\"{door}\"")), "{}", home.body);
    assert!(home.body.contains(&title));
    assert!(!home.body.contains("href=\"/beheer\""), "no way to the back office");

    let page = app.get_with_cookie(&door, &dorien).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Ticket scannen") && page.body.contains("Zoeken op naam"));
    assert!(page.body.contains("href=\"/mijn\"") && !page.body.contains("/inschrijvingen"), "no participant list");
    let csrf = csrf_of(&page.body);
    let session = session_id.to_string();
    let answer = app
        .post_form(
            &door,
            &[("csrf", &csrf), ("sessie", &session), ("ticket", &seats[0].code), ("deur", "Onthaal")],
            &cookie,
        )
        .await;
    assert!(answer.location.contains("uitkomst=checked_in"), "{}", answer.location);
    let body = app.get_with_cookie(&answer.location, &dorien).await.body;
    assert!(body.contains(&format!("Welkom, {}", seats[0].name)));
    let rows = check_ins(&app, seats[0].registration_id, session_id).await;
    let dorien_id =
        person::Entity::find().filter(person::Column::Email.eq(DOOR_VOLUNTEER)).one(&app.db).await.unwrap().unwrap().id;
    assert_eq!((rows[0].checked_in_by, rows[0].door.as_deref()), (Some(dorien_id), Some("Onthaal")));

    // By name, then undo.
    let surname = seats[1].name.split_whitespace().last().unwrap().to_lowercase();
    let found = app.get_with_cookie(&format!("{door}?sessie={session_id}&zoek={surname}"), &dorien).await;
    assert!(found.body.contains(&seats[1].name), "{}", found.body);
    let id = seats[1].registration_id.to_string();
    let tapped = app.post_form(&door, &[("csrf", &csrf), ("sessie", &session), ("registratie", &id)], &cookie).await;
    assert!(tapped.location.contains("uitkomst=checked_in"), "{}", tapped.location);
    let undone = app
        .post_form(&format!("{door}/ongedaan"), &[("csrf", &csrf), ("sessie", &session), ("registratie", &id)], &cookie)
        .await;
    assert!(undone.location.contains("uitkomst=undone"), "{}", undone.location);
    assert!(check_ins(&app, seats[1].registration_id, session_id).await.is_empty());

    // No e-mail address of anyone at the door.
    for r in registration::Entity::find().filter(registration::Column::EventId.eq(event_id)).all(&app.db).await.unwrap()
    {
        if let Some(email) = r.attendee_email {
            assert!(!found.body.contains(&email) && !body.contains(&email), "{email} at the door");
        }
    }
    // Nothing else of the back office.
    for path in [
        format!("/beheer/biz-kempen/activiteiten/{event_id}/inschrijvingen"),
        format!("/beheer/biz-kempen/activiteiten/{event_id}"),
        "/beheer/biz-kempen".to_string(),
        "/beheer/biz-kempen/mensen".to_string(),
        "/beheer/biz-kempen/rapport".to_string(),
        "/beheer/biz-kempen/facturen".to_string(),
        "/beheer/biz-kempen/financien".to_string(),
        "/beheer/biz-noord-west-vlaanderen".to_string(),
    ] {
        assert_eq!(app.get_with_cookie(&path, &dorien).await.status, 404, "{path}");
    }
    // Not another organiser's door, nor a draft's.
    let (their_event, their_session, _) = event_with_seats(&app, "biz-noord-west-vlaanderen", 1).await;
    let theirs = format!("/beheer/biz-noord-west-vlaanderen/activiteiten/{their_event}/inchecken");
    assert_eq!(app.get_with_cookie(&theirs, &dorien).await.status, 404);
    let post = app
        .post_form(
            &theirs,
            &[("csrf", &csrf), ("sessie", &their_session.to_string()), ("ticket", &seats[0].code)],
            &cookie,
        )
        .await;
    assert_eq!(post.status, 404);
    let draft = app.insert_draft("biz-kempen", "Concept aan de deur", true).await;
    let draft_door = format!("/beheer/biz-kempen/activiteiten/{draft}/inchecken");
    assert_eq!(app.get_with_cookie(&draft_door, &dorien).await.status, 404);
    assert_eq!(app.get_with_cookie(&draft_door, &sign_in(&app, KEMPEN_ADMIN).await).await.status, 200);
});
