//! The event editor: create, edit and duplicate events through the same form
//! posts a browser makes, with and without errors.

use crate::accounts::sign_in;
use crate::helpers::{TestApp, csrf_of};
use crate::on_both_databases;
use domain::EventStatus;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use store::entities::{event, event_session, event_trainer, ticket_type, trainer};

const KEMPEN_ADMIN: &str = "hanne.laenen@cawdekempen.test";
const KEMPEN_STAFF: &str = "tabitha.tanghe@cawdekempen.test";
const NWVL_STAFF: &str = "jens.jaecques@cawnoordwestvlaanderen.test";
const NEW_EVENT: &str = "/beheer/biz-kempen/activiteiten/nieuw";

/// A learning network with four sessions, two ticket types and a new trainer.
fn learning_network(csrf: &str) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = [
        ("csrf", csrf),
        ("actie", "opslaan"),
        ("titel", "Leernetwerk energiearmoede 2027"),
        ("soort", "learning_network"),
        ("samenvatting", "Vier sessies over energieschulden, voor OCMW-medewerkers."),
        ("beschrijving", "We bespreken casussen.\n\nBreng er zelf een mee."),
        ("thema", "Energie"),
        ("doelpubliek", "partners"),
        ("capaciteit", "30"),
        ("inschrijven-vanaf", "2026-11-23"),
        ("inschrijven-tot", "2027-01-31"),
        ("annuleren-tot", "2027-01-25"),
        ("nieuwe-locatie-naam", "Sociaal Huis Mol"),
        ("nieuwe-locatie-straat", "Markt 1"),
        ("nieuwe-locatie-postcode", "2400"),
        ("nieuwe-locatie-gemeente", "Mol"),
        ("ticket-0-naam", "Partner"),
        ("ticket-0-prijs", "0"),
        ("ticket-0-voor", "partners"),
        ("ticket-1-naam", "Extern"),
        ("ticket-1-prijs", "95,00"),
        ("ticket-1-voor", "externals"),
        ("lesgever-0-wie", "nieuw"),
        ("lesgever-0-naam", "Sofie Energie"),
        ("lesgever-0-organisatie", "Samenlevingsopbouw"),
        ("lesgever-0-rol", "trainer"),
        ("lesgever-0-vergoeding", "1.200,00"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (n, date) in ["2027-02-04", "2027-03-04", "2027-04-01", "2027-05-06"].iter().enumerate() {
        for (field, value) in [("datum", *date), ("van", "13:30"), ("tot", "16:30"), ("locatie", "nieuw")] {
            fields.push((format!("sessie-{n}-{field}"), value.to_string()));
        }
    }
    fields
}

fn as_pairs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

fn set(fields: &mut Vec<(String, String)>, name: &str, value: &str) {
    fields.retain(|(k, _)| k != name);
    fields.push((name.to_string(), value.to_string()));
}

/// The learning network's fields as the editor shows them once saved: with the
/// ids of its sessions, ticket types and trainer.
async fn saved_form(app: &TestApp, id: i32, csrf: &str) -> Vec<(String, String)> {
    let mut fields = learning_network(csrf);
    let sessions = event_session::Entity::find()
        .filter(event_session::Column::EventId.eq(id))
        .order_by_asc(event_session::Column::StartsAt)
        .all(&app.db)
        .await
        .unwrap();
    for (n, s) in sessions.iter().enumerate() {
        set(&mut fields, &format!("sessie-{n}-id"), &s.id.to_string());
        set(&mut fields, &format!("sessie-{n}-locatie"), &s.venue_id.unwrap().to_string());
    }
    for key in ["nieuwe-locatie-naam", "nieuwe-locatie-straat", "nieuwe-locatie-postcode", "nieuwe-locatie-gemeente"] {
        set(&mut fields, key, "");
    }
    let tickets = ticket_type::Entity::find()
        .filter(ticket_type::Column::EventId.eq(id))
        .order_by_asc(ticket_type::Column::Position)
        .all(&app.db)
        .await
        .unwrap();
    for (n, t) in tickets.iter().enumerate() {
        set(&mut fields, &format!("ticket-{n}-id"), &t.id.to_string());
    }
    let sofie = trainer::Entity::find()
        .filter(trainer::Column::FullName.eq("Sofie Energie"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    set(&mut fields, "lesgever-0-wie", &sofie.id.to_string());
    fields
}

async fn kempen_events(app: &TestApp) -> u64 {
    event::Entity::find().count(&app.db).await.unwrap()
}

fn id_from(location: &str) -> i32 {
    location.rsplit('/').next().unwrap().split('?').next().unwrap().parse().expect("an event id in the location")
}

on_both_databases!(an_admin_creates_a_learning_network_with_four_sessions, |app: TestApp| async move {
    let hanne = sign_in(&app, KEMPEN_ADMIN).await;
    let page = app.get_with_cookie(NEW_EVENT, &hanne).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Nieuwe activiteit"));
    let csrf = csrf_of(&page.body);
    let cookie = [("cookie", hanne.as_str())];

    let created = app.post_form(NEW_EVENT, &as_pairs(&learning_network(&csrf)), &cookie).await;
    assert_eq!(created.status, 303, "{}", created.body);
    assert!(created.location.ends_with("?melding=aangemaakt"), "{}", created.location);
    let id = id_from(&created.location);

    let stored = event::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    assert_eq!((stored.status.code(), stored.kind.as_str(), stored.capacity), ("draft", "learning_network", Some(30)));
    assert_eq!(stored.slug, "leernetwerk-energiearmoede-2027");
    let sessions = event_session::Entity::find()
        .filter(event_session::Column::EventId.eq(id))
        .order_by_asc(event_session::Column::StartsAt)
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(sessions.len(), 4);
    assert_eq!(sessions[0].title, "Sessie 1");
    // 13:30 in Brussels in February is 12:30 UTC; in April it is 11:30 UTC.
    assert_eq!(sessions[0].starts_at.to_rfc3339(), "2027-02-04T12:30:00+00:00");
    assert_eq!(sessions[2].starts_at.to_rfc3339(), "2027-04-01T11:30:00+00:00");
    assert!(sessions.iter().all(|s| s.venue_id.is_some() && s.venue_id == sessions[0].venue_id));
    let tickets = ticket_type::Entity::find().filter(ticket_type::Column::EventId.eq(id)).all(&app.db).await.unwrap();
    assert_eq!(tickets.iter().map(|t| t.price_cents).sum::<i64>(), 9500);
    let fees = event_trainer::Entity::find().filter(event_trainer::Column::EventId.eq(id)).all(&app.db).await.unwrap();
    assert_eq!(fees.iter().map(|t| t.fee_cents).collect::<Vec<_>>(), vec![120_000]);

    // The editor shows it back, and the dashboard's log says who made it.
    let editor = app.get_with_cookie(&created.location, &hanne).await;
    assert_eq!(editor.status, 200);
    assert!(editor.body.contains("De activiteit is aangemaakt als concept"));
    assert!(editor.body.contains("value=\"2027-05-06\""));
    assert!(editor.body.contains("value=\"1.200,00\""));
    let dashboard = app.get_with_cookie("/beheer/biz-kempen", &hanne).await;
    assert!(dashboard.body.contains("maakte «Leernetwerk energiearmoede 2027» aan"));

    // Published, it is in the catalogue with its four dates.
    let publish = app
        .post_form(
            &format!("/beheer/biz-kempen/activiteiten/{id}/status"),
            &[("actie", "publiceren"), ("csrf", &csrf)],
            &cookie,
        )
        .await;
    assert!(publish.location.contains("melding=publish"), "{}", publish.location);
    let public = app.get("/regio/biz-kempen/leernetwerk-energiearmoede-2027").await;
    assert_eq!(public.status, 200);
    assert!(public.body.contains("Sociaal Huis Mol"));
});

on_both_databases!(a_form_with_errors_comes_back_with_the_messages_and_what_was_typed, |app: TestApp| async move {
    let hanne = sign_in(&app, KEMPEN_ADMIN).await;
    let csrf = csrf_of(&app.get_with_cookie(NEW_EVENT, &hanne).await.body);
    let cookie = [("cookie", hanne.as_str())];
    let before = kempen_events(&app).await;
    let mut fields = learning_network(&csrf);
    set(&mut fields, "titel", "");
    set(&mut fields, "ticket-1-prijs", "95,999");
    set(&mut fields, "sessie-2-tot", "12:00");
    set(&mut fields, "samenvatting", "Getypt <en> bewaard");
    set(&mut fields, "beschrijving", "</textarea><script>alert(1)</script>");

    let answer = app.post_form(NEW_EVENT, &as_pairs(&fields), &cookie).await;
    assert_eq!(answer.status, 422);
    assert!(answer.body.contains("3 velden vragen je aandacht"), "{}", answer.body);
    assert!(answer.body.contains("Geef de activiteit een titel."));
    assert!(answer.body.contains("een bedrag heeft hoogstens twee cijfers na de komma"));
    assert!(answer.body.contains("Het einduur ligt na het beginuur."));
    // What was typed is kept (escaped), and the fields point at their errors.
    assert!(answer.body.contains("Getypt &lt;en&gt; bewaard"));
    assert!(answer.body.contains("&lt;/textarea&gt;&lt;script&gt;") && !answer.body.contains("<script>alert"));
    assert!(answer.body.contains("value=\"95,999\""));
    assert!(answer.body.contains("aria-describedby=\"titel-error\""));
    assert_eq!(kempen_events(&app).await, before, "nothing is saved");
});

on_both_databases!(adding_a_row_saves_nothing_and_copies_the_times, |app: TestApp| async move {
    let hanne = sign_in(&app, KEMPEN_ADMIN).await;
    let csrf = csrf_of(&app.get_with_cookie(NEW_EVENT, &hanne).await.body);
    let before = kempen_events(&app).await;
    let mut fields = learning_network(&csrf);
    set(&mut fields, "actie", "sessie-erbij");
    let answer = app.post_form(NEW_EVENT, &as_pairs(&fields), &[("cookie", hanne.as_str())]).await;
    assert_eq!(answer.status, 200);
    assert!(answer.body.contains("name=\"sessie-4-datum\""));
    assert!(answer.body.contains("Sessie 5: titel"));
    assert_eq!(kempen_events(&app).await, before);
});

on_both_databases!(editing_records_what_changed_and_respects_seats_taken, |app: TestApp| async move {
    let hanne = sign_in(&app, KEMPEN_ADMIN).await;
    let cookie = [("cookie", hanne.as_str())];
    let csrf = csrf_of(&app.get_with_cookie(NEW_EVENT, &hanne).await.body);
    let created = app.post_form(NEW_EVENT, &as_pairs(&learning_network(&csrf)), &cookie).await;
    let path = created.location.split('?').next().unwrap().to_string();
    let id = id_from(&path);

    // Take the form as the editor shows it, change two things, save.
    let mut fields = saved_form(&app, id, &csrf).await;
    set(&mut fields, "titel", "Leernetwerk energie 2027");
    set(&mut fields, "capaciteit", "24");
    set(&mut fields, "sessie-3-weg", "on");
    let saved = app.post_form(&path, &as_pairs(&fields), &cookie).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert!(saved.location.ends_with("?melding=opgeslagen"));
    assert_eq!(
        event_session::Entity::find().filter(event_session::Column::EventId.eq(id)).count(&app.db).await.unwrap(),
        3
    );
    // Same ids kept: nothing was recreated.
    assert_eq!(
        ticket_type::Entity::find().filter(ticket_type::Column::EventId.eq(id)).count(&app.db).await.unwrap(),
        2
    );
    let dashboard = app.get_with_cookie("/beheer/biz-kempen", &hanne).await;
    assert!(
        dashboard.body.contains("wijzigde «Leernetwerk energie 2027»: titel, capaciteit, sessies"),
        "{}",
        dashboard.body
    );

    // Seats already taken: the capacity cannot go below them.
    sea_orm::ConnectionTrait::execute_unprepared(
        &app.db,
        &format!("UPDATE events SET seats_taken = 20 WHERE id = {id}"),
    )
    .await
    .unwrap();
    set(&mut fields, "sessie-3-weg", "");
    fields.retain(|(k, _)| !k.starts_with("sessie-3-"));
    set(&mut fields, "capaciteit", "10");
    let refused = app.post_form(&path, &as_pairs(&fields), &cookie).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("Er zijn al 20 plaatsen ingenomen"));
    assert_eq!(event::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap().capacity, Some(24));
});

on_both_databases!(duplicating_makes_next_years_draft, |app: TestApp| async move {
    let hanne = sign_in(&app, KEMPEN_ADMIN).await;
    let cookie = [("cookie", hanne.as_str())];
    let csrf = csrf_of(&app.get_with_cookie(NEW_EVENT, &hanne).await.body);
    let created = app.post_form(NEW_EVENT, &as_pairs(&learning_network(&csrf)), &cookie).await;
    let id = id_from(&created.location);
    let copy = app.post_form(&format!("/beheer/biz-kempen/activiteiten/{id}/kopie"), &[("csrf", &csrf)], &cookie).await;
    assert_eq!(copy.status, 303);
    assert!(copy.location.ends_with("?melding=kopie"));
    let copy_id = id_from(&copy.location);
    assert_ne!(copy_id, id);
    let next = event::Entity::find_by_id(copy_id).one(&app.db).await.unwrap().unwrap();
    assert_eq!((next.title.as_str(), next.status.code()), ("Leernetwerk energiearmoede 2028", "draft"));
    let first = event_session::Entity::find()
        .filter(event_session::Column::EventId.eq(copy_id))
        .order_by_asc(event_session::Column::StartsAt)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    // 52 weeks later: the same weekday (Thursday 3 February 2028).
    assert_eq!(store::time::to_local(first.starts_at).to_rfc3339(), "2028-02-03T13:30:00+01:00");
    let fees =
        event_trainer::Entity::find().filter(event_trainer::Column::EventId.eq(copy_id)).all(&app.db).await.unwrap();
    assert_eq!(fees.iter().map(|t| t.fee_cents).collect::<Vec<_>>(), vec![120_000]);
});

on_both_databases!(staff_edit_events_but_not_fees, |app: TestApp| async move {
    let hanne = sign_in(&app, KEMPEN_ADMIN).await;
    let csrf = csrf_of(&app.get_with_cookie(NEW_EVENT, &hanne).await.body);
    let created = app.post_form(NEW_EVENT, &as_pairs(&learning_network(&csrf)), &[("cookie", hanne.as_str())]).await;
    let path = created.location.split('?').next().unwrap().to_string();
    let id = id_from(&path);

    let tabitha = sign_in(&app, KEMPEN_STAFF).await;
    let page = app.get_with_cookie(&path, &tabitha).await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("Vergoeding"), "staff do not see fees");
    let csrf = csrf_of(&page.body);
    let mut fields = saved_form(&app, id, &csrf).await;
    set(&mut fields, "lesgever-0-vergoeding", "9.999,00");
    set(&mut fields, "lesgever-1-wie", "nieuw");
    set(&mut fields, "lesgever-1-naam", "Nieuwe Spreker");
    set(&mut fields, "lesgever-1-rol", "speaker");
    set(&mut fields, "lesgever-1-vergoeding", "500");
    let saved = app.post_form(&path, &as_pairs(&fields), &[("cookie", tabitha.as_str())]).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let mut fees: Vec<i64> = event_trainer::Entity::find()
        .filter(event_trainer::Column::EventId.eq(id))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.fee_cents)
        .collect();
    fees.sort_unstable();
    assert_eq!(fees, vec![0, 120_000], "the agreed fee stays, the new trainer has none yet");
});

on_both_databases!(nobody_edits_another_organisers_events, |app: TestApp| async move {
    let hanne = sign_in(&app, KEMPEN_ADMIN).await;
    let csrf = csrf_of(&app.get_with_cookie(NEW_EVENT, &hanne).await.body);
    let created = app.post_form(NEW_EVENT, &as_pairs(&learning_network(&csrf)), &[("cookie", hanne.as_str())]).await;
    let kempen_event = id_from(&created.location);
    let nwvl_event = app.insert_draft("biz-noord-west-vlaanderen", "Vorming NWVL", true).await;
    let nwvl_session = event_session::Entity::find()
        .filter(event_session::Column::EventId.eq(nwvl_event))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();

    let jens = sign_in(&app, NWVL_STAFF).await;
    let jens_csrf = csrf_of(&app.get_with_cookie("/beheer/biz-noord-west-vlaanderen", &jens).await.body);
    let kempen_path = format!("/beheer/biz-kempen/activiteiten/{kempen_event}");
    let through_own = format!("/beheer/biz-noord-west-vlaanderen/activiteiten/{kempen_event}");
    for path in
        [kempen_path.as_str(), through_own.as_str(), NEW_EVENT, "/beheer/biz-noord-west-vlaanderen/activiteiten/abc"]
    {
        assert_eq!(app.get_with_cookie(path, &jens).await.status, 404, "GET {path}");
    }
    let fields = learning_network(&jens_csrf);
    for path in [
        kempen_path.clone(),
        through_own.clone(),
        NEW_EVENT.to_string(),
        format!("{through_own}/kopie"),
        format!("{kempen_path}/kopie"),
    ] {
        let answer = app.post_form(&path, &as_pairs(&fields), &[("cookie", jens.as_str())]).await;
        assert_eq!(answer.status, 404, "POST {path}");
    }
    // A session id of another organiser's event, slipped into the form, changes nothing.
    let mut tampered = learning_network(&csrf);
    set(&mut tampered, "sessie-0-id", &nwvl_session.id.to_string());
    let answer = app.post_form(&kempen_path, &as_pairs(&tampered), &[("cookie", hanne.as_str())]).await;
    assert_eq!(answer.status, 422);
    assert!(answer.body.contains("Deze sessie hoort niet bij deze activiteit."));
    let untouched = event_session::Entity::find_by_id(nwvl_session.id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(untouched, nwvl_session);
    assert_eq!(
        event::Entity::find_by_id(kempen_event).one(&app.db).await.unwrap().unwrap().title,
        "Leernetwerk energiearmoede 2027"
    );
    // Without the form token, nothing happens either.
    let mut no_token = learning_network("");
    set(&mut no_token, "titel", "Gekaapt");
    let answer = app.post_form(&kempen_path, &as_pairs(&no_token), &[("cookie", hanne.as_str())]).await;
    assert_eq!(answer.status, 403);
});

on_both_databases!(a_stale_form_cannot_clash_with_saved_ticket_types, |app: TestApp| async move {
    let hanne = sign_in(&app, KEMPEN_ADMIN).await;
    let csrf = csrf_of(&app.get_with_cookie(NEW_EVENT, &hanne).await.body);
    let created = app.post_form(NEW_EVENT, &as_pairs(&learning_network(&csrf)), &[("cookie", hanne.as_str())]).await;
    let path = created.location.split('?').next().unwrap().to_string();
    // The creation form posted again to the edit address: its tickets carry no ids.
    let answer = app.post_form(&path, &as_pairs(&learning_network(&csrf)), &[("cookie", hanne.as_str())]).await;
    assert_eq!(answer.status, 422);
    assert!(answer.body.contains("Er is al een tickettype met deze naam"));
});

on_both_databases!(questions_set_in_the_editor_are_asked_at_registration_and_totalled, |app: TestApp| async move {
    let hanne = sign_in(&app, KEMPEN_ADMIN).await;
    let page = app.get_with_cookie(NEW_EVENT, &hanne).await;
    let csrf = csrf_of(&page.body);
    let cookie = [("cookie", hanne.as_str())];
    let mut fields = learning_network(&csrf);
    set(&mut fields, "doelpubliek", "public");
    set(&mut fields, "ticket-0-voor", "everyone");
    set(&mut fields, "ticket-1-voor", "everyone");
    for (k, v) in [
        ("vraag-0-soort", "diet"),
        ("vraag-0-verplicht", "ja"),
        ("vraag-1-soort", "choice"),
        ("vraag-1-label", "Welke workshop kies je?"),
        ("vraag-1-opties", "Energie"),
    ] {
        set(&mut fields, k, v);
    }
    let refused = app.post_form(NEW_EVENT, &as_pairs(&fields), &cookie).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("Geef minstens twee antwoorden, één per regel."));
    set(&mut fields, "vraag-1-opties", "Energie\nTelecom");
    let created = app.post_form(NEW_EVENT, &as_pairs(&fields), &cookie).await;
    assert_eq!(created.status, 303, "{}", created.body);
    let id = id_from(&created.location);
    let editor = app.get_with_cookie(&format!("/beheer/biz-kempen/activiteiten/{id}"), &hanne).await;
    assert!(editor.body.contains("Welke workshop kies je?") && editor.body.contains("Telecom"));

    // Published, the registration form asks both questions per attendee.
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    let mut e: event::ActiveModel = event::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap().into();
    e.status = Set(EventStatus::Published);
    let e = e.update(&app.db).await.unwrap();
    let free = ticket_type::Entity::find()
        .filter(ticket_type::Column::EventId.eq(id))
        .filter(ticket_type::Column::PriceCents.eq(0))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let path = format!("/regio/biz-kempen/{}/inschrijven", e.slug);
    let form = app.get(&path).await;
    assert!(form.body.contains("Dieetwensen") && form.body.contains("Welke workshop kies je?"));
    let mut registration: Vec<(String, String)> = [
        ("ticket", free.id.to_string()),
        ("deelnemer-0-naam", "An Peeters".to_string()),
        ("deelnemer-0-email", "an@ocmw-geel.test".to_string()),
        ("deelnemer-0-andere-organisatie", "OCMW Geel".to_string()),
        ("deelnemer-0-vraag-2", "Telecom".to_string()),
        ("besteller-naam", "An Peeters".to_string()),
        ("besteller-email", "an@ocmw-geel.test".to_string()),
        ("toestemming", "on".to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let unanswered = app.post_form(&path, &as_pairs(&registration), &[]).await;
    assert_eq!(unanswered.status, 422);
    assert!(unanswered.body.contains("Beantwoord deze vraag."));
    set(&mut registration, "deelnemer-0-vraag-1", "Frietjes");
    let invented = app.post_form(&path, &as_pairs(&registration), &[]).await;
    assert_eq!(invented.status, 422);
    assert!(invented.body.contains("Kies een antwoord uit de lijst."));
    set(&mut registration, "deelnemer-0-vraag-1", "Halal");
    let done = app.post_form(&path, &as_pairs(&registration), &[]).await;
    assert_eq!(done.status, 303, "{}", done.body);
    let stored = store::entities::registration::Entity::find()
        .filter(store::entities::registration::Column::EventId.eq(id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let answers = stored.answers.expect("answers kept");
    assert!(answers.contains("Halal") && answers.contains("Welke workshop kies je?"), "{answers}");

    // Staff see the answers per attendee and the totals for the caterer.
    let list = app.get_with_cookie(&format!("/beheer/biz-kempen/activiteiten/{id}/inschrijvingen"), &hanne).await;
    assert!(list.body.contains("Halal: 1") && list.body.contains("Telecom: 1"), "{}", list.body);

    // Removing the choice question and adding another never reuses its key.
    let mut edit = saved_form(&app, id, &csrf).await;
    set(&mut edit, "doelpubliek", "public");
    set(&mut edit, "ticket-0-voor", "everyone");
    set(&mut edit, "ticket-1-voor", "everyone");
    for (k, v) in [
        ("vraag-0-id", "1"),
        ("vraag-0-soort", "diet"),
        ("vraag-0-verplicht", "ja"),
        ("vraag-1-id", "2"),
        ("vraag-1-soort", "choice"),
        ("vraag-1-weg", "on"),
        ("vraag-2-soort", "accessibility"),
    ] {
        set(&mut edit, k, v);
    }
    let saved = app.post_form(&format!("/beheer/biz-kempen/activiteiten/{id}"), &as_pairs(&edit), &cookie).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let questions = event::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap().questions.unwrap();
    let set_: domain::questions::QuestionSet = serde_json::from_str(&questions).unwrap();
    assert_eq!(set_.questions.iter().map(|q| q.key).collect::<Vec<_>>(), vec![1, 3]);
});

on_both_databases!(the_organiser_sets_the_reminder_and_hears_what_is_wrong, |app: TestApp| async move {
    let hanne = sign_in(&app, KEMPEN_ADMIN).await;
    let page = app.get_with_cookie(NEW_EVENT, &hanne).await;
    // A new activity has its reminder on, two days before.
    assert!(page.body.contains("Herinnering mailen"), "{}", page.body);
    assert!(page.body.contains("name=\"herinnering\" value=\"aan\" checked"), "{}", page.body);
    assert!(page.body.contains("name=\"herinnering-dagen\" type=\"number\" value=\"2\""), "{}", page.body);
    let csrf = csrf_of(&page.body);
    let cookie = [("cookie", hanne.as_str())];
    let before = kempen_events(&app).await;

    let mut fields = learning_network(&csrf);
    set(&mut fields, "herinnering", "aan");
    set(&mut fields, "herinnering-dagen", "0");
    set(&mut fields, "meebrengen", "Laptop <b>en</b> dossiers");
    let refused = app.post_form(NEW_EVENT, &as_pairs(&fields), &cookie).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("Kies een aantal dagen van 1 tot 30."), "{}", refused.body);
    assert!(refused.body.contains("aria-describedby=\"herinnering-dagen-hint herinnering-dagen-error\""));
    assert!(refused.body.contains("Laptop &lt;b&gt;en&lt;/b&gt; dossiers"), "what was typed stays, escaped");
    assert_eq!(kempen_events(&app).await, before, "nothing is saved");

    set(&mut fields, "herinnering-dagen", "3");
    let created = app.post_form(NEW_EVENT, &as_pairs(&fields), &cookie).await;
    assert_eq!(created.status, 303, "{}", created.body);
    let id = id_from(&created.location);
    let stored = event::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(
        (stored.reminder_enabled, stored.reminder_days, stored.reminder_bring.as_deref()),
        (true, 3, Some("Laptop <b>en</b> dossiers"))
    );
    let editor = app.get_with_cookie(&created.location, &hanne).await;
    assert!(editor.body.contains("name=\"herinnering-dagen\" type=\"number\" value=\"3\""), "{}", editor.body);

    // Unticked, the activity sends none; the audit log names the change.
    let mut fields = saved_form(&app, id, &csrf).await;
    set(&mut fields, "herinnering-dagen", "3");
    set(&mut fields, "meebrengen", "Laptop <b>en</b> dossiers");
    fields.retain(|(k, _)| k != "herinnering");
    let path = created.location.split('?').next().unwrap().to_string();
    let saved = app.post_form(&path, &as_pairs(&fields), &cookie).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert!(!event::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap().reminder_enabled);
    let dashboard = app.get_with_cookie("/beheer/biz-kempen", &hanne).await;
    assert!(dashboard.body.contains("wijzigde «Leernetwerk energiearmoede 2027»: herinnering"), "{}", dashboard.body);
});
