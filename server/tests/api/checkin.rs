//! Check-in at the door: scanning tickets, finding people by name, undoing a
//! mistake, and what another organiser's staff can (not) do.

use crate::accounts::sign_in;
use crate::helpers::{TestApp, csrf_of};
use crate::on_both_databases;
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
        .filter(event::Column::Status.eq("published"))
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
            .filter(registration::Column::Status.eq("confirmed"))
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
    assert!(welcome.body.contains("door-ok"));
    let rows = check_ins(&app, first.registration_id, session_id).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].method, "scan");
    let hanne_id =
        person::Entity::find().filter(person::Column::Email.eq(KEMPEN_ADMIN)).one(&app.db).await.unwrap().unwrap().id;
    assert_eq!(rows[0].checked_in_by, Some(hanne_id));

    // The same ticket again: already in, nothing new recorded.
    let again = app.post_form(&door, &[("csrf", &csrf), ("sessie", &session), ("ticket", &first.code)], &cookie).await;
    assert!(again.location.contains("uitkomst=already_in"), "{}", again.location);
    let page = app.get_with_cookie(&again.location, &hanne).await;
    assert!(page.body.contains("is al binnen (sinds"), "{}", page.body);
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

    // What cannot be a ticket, or is nobody's.
    for text in ["", "hallo", "ZZZZZZZZZZZZZZZZZZZZZZZZZZ", "'; DROP TABLE check_ins; --"] {
        let answer = app.post_form(&door, &[("csrf", &csrf), ("sessie", &session), ("ticket", text)], &cookie).await;
        assert!(answer.location.contains("uitkomst=unknown"), "{text:?}: {}", answer.location);
    }
    let page = app.get_with_cookie(&format!("{door}?sessie={session_id}&uitkomst=unknown"), &hanne).await;
    assert!(page.body.contains("Dit ticket kennen we niet") && page.body.contains("door-stop"));

    // A cancelled seat is refused at the door.
    let third = &seats[2];
    let mut cancelled: registration::ActiveModel =
        registration::Entity::find_by_id(third.registration_id).one(&app.db).await.unwrap().unwrap().into();
    cancelled.status = sea_orm::Set("cancelled".into());
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
