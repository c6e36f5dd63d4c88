//! Registering for an event: the form, tickets, cancelling, and seats counted
//! exactly when many people register at the same moment.

use crate::helpers::TestApp;
use crate::on_both_databases;
use domain::{EventStatus, RegistrationStatus};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use store::entities::{event, mail_outbox, organiser, partnership, registration, ticket, ticket_type};

/// A published Kempen event with one free ticket type: (path, event id, ticket id, partner id).
pub(crate) async fn open_event(app: &TestApp, title: &str, capacity: Option<i32>) -> (String, i32, i32, i32) {
    let id = app.insert_draft("biz-kempen", title, true).await;
    let mut e: event::ActiveModel = event::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap().into();
    e.status = Set(EventStatus::Published);
    e.capacity = Set(capacity);
    let e = e.update(&app.db).await.unwrap();
    let t = ticket_type::ActiveModel {
        event_id: Set(id),
        name: Set("Deelname".into()),
        price_cents: Set(0),
        eligibility: Set("everyone".into()),
        position: Set(0),
        active: Set(true),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let kempen =
        organiser::Entity::find().filter(organiser::Column::Slug.eq("biz-kempen")).one(&app.db).await.unwrap().unwrap();
    let partner = partnership::Entity::find()
        .filter(partnership::Column::OrganiserId.eq(kempen.id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .organisation_id;
    (format!("/regio/biz-kempen/{}", e.slug), id, t.id, partner)
}

pub(crate) fn one_attendee(ticket: i32, partner: i32, name: &str, email: &str) -> Vec<(String, String)> {
    [
        ("ticket", ticket.to_string()),
        ("deelnemer-0-naam", name.to_string()),
        ("deelnemer-0-email", email.to_string()),
        ("deelnemer-0-organisatie", partner.to_string()),
        ("besteller-naam", name.to_string()),
        ("besteller-email", email.to_string()),
        ("toestemming", "on".to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

pub(crate) fn pairs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

on_both_databases!(a_social_worker_registers_gets_a_ticket_and_cancels, |app: TestApp| async move {
    let (path, event_id, ticket_id, partner) = open_event(&app, "Vorming huurachterstallen", Some(20)).await;
    let form = app.get(&format!("{path}/inschrijven")).await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("Wie komt er?"));

    let fields = one_attendee(ticket_id, partner, "An Peeters", "an.peeters@ocmw-geel.test");
    let mut no_consent = fields.clone();
    no_consent.retain(|(k, _)| k != "toestemming");
    let refused = app.post_form(&format!("{path}/inschrijven"), &pairs(&no_consent), &[]).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("Bevestig dat de deelnemers weten"));
    assert!(refused.body.contains("an.peeters@ocmw-geel.test"), "what was typed stays");

    let done = app.post_form(&format!("{path}/inschrijven"), &pairs(&fields), &[]).await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(done.location, format!("{path}/ingeschreven?status=bevestigd&aantal=1"));
    assert_eq!(event::Entity::find_by_id(event_id).one(&app.db).await.unwrap().unwrap().seats_taken, 1);

    let again = app.post_form(&format!("{path}/inschrijven"), &pairs(&fields), &[]).await;
    assert_eq!(again.status, 409);
    assert!(again.body.contains("an.peeters@ocmw-geel.test is al ingeschreven"));

    let mail = mail_outbox::Entity::find()
        .filter(mail_outbox::Column::ToAddress.eq("an.peeters@ocmw-geel.test"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("a confirmation");
    assert_eq!(mail.subject, "Ingeschreven: Vorming huurachterstallen");
    let calendar = mail.attachments.as_deref().expect("a calendar entry");
    assert!(calendar.contains("inschrijving.ics") && calendar.contains("BEGIN:VCALENDAR"));
    // The ticket's QR code travels in the mail as an inline PNG the HTML shows.
    let attached: Vec<domain::mail::Attachment> = serde_json::from_str(calendar).unwrap();
    let qr = attached.iter().find(|a| a.filename == "ticket-qr.png").expect("the QR image");
    assert_eq!((qr.content_type.as_str(), qr.inline_id.as_deref(), qr.base64), ("image/png", Some("ticket-qr"), true));
    assert!(mail.html_body.contains("src=\"cid:ticket-qr\""));
    let start = mail.text_body.find("/ticket/").expect("ticket link");
    let ticket_path: String = mail.text_body[start..].chars().take_while(|c| !c.is_whitespace()).collect();
    let page = app.get(&ticket_path).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("An Peeters") && page.body.contains("Geldig ticket") && page.body.contains("<svg"));

    // The organiser's staff see her, with the attendance list for the door.
    let tabitha = crate::accounts::sign_in(&app, "tabitha.tanghe@cawdekempen.test").await;
    let list =
        app.get_with_cookie(&format!("/beheer/biz-kempen/activiteiten/{event_id}/inschrijvingen"), &tabitha).await;
    assert_eq!(list.status, 200);
    assert!(list.body.contains("An Peeters") && list.body.contains("Aanwezigheidslijst"));
    assert!(list.body.contains("1 van 20 plaatsen ingenomen"));

    // Signed in, she finds the registration and its ticket on /mijn.
    let an = crate::accounts::sign_in(&app, "an.peeters@ocmw-geel.test").await;
    let mine = app.get_with_cookie("/mijn", &an).await;
    assert!(mine.body.contains("Vorming huurachterstallen") && mine.body.contains(&format!("href=\"{ticket_path}\"")));

    let cancelled = app.post_form(&format!("{ticket_path}/afmelden"), &[], &[]).await;
    assert_eq!(cancelled.location, format!("{ticket_path}?melding=afgemeld"));
    assert_eq!(event::Entity::find_by_id(event_id).one(&app.db).await.unwrap().unwrap().seats_taken, 0);
    let twice = app.post_form(&format!("{ticket_path}/afmelden"), &[], &[]).await;
    assert_eq!(twice.location, ticket_path, "a second click frees nothing");
    assert_eq!(event::Entity::find_by_id(event_id).one(&app.db).await.unwrap().unwrap().seats_taken, 0);
    assert!(app.get(&ticket_path).await.body.contains("Afgemeld"));
    assert_eq!(app.get(&format!("/ticket/{}", "0".repeat(64))).await.status, 404);
    // Registered again after cancelling: allowed.
    let back = app.post_form(&format!("{path}/inschrijven"), &pairs(&fields), &[]).await;
    assert_eq!(back.status, 303);
});

on_both_databases!(a_colleague_registers_a_group_on_invoice, |app: TestApp| async move {
    let (path, event_id, _, partner) = open_event(&app, "Vorming energie", None).await;
    let paid = ticket_type::ActiveModel {
        event_id: Set(event_id),
        name: Set("Extern".into()),
        price_cents: Set(9550),
        eligibility: Set("everyone".into()),
        position: Set(1),
        active: Set(true),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let mut fields = one_attendee(paid.id, partner, "Bart Claes", "bart@ocmw-geel.test");
    for (k, v) in [
        ("deelnemer-1-naam", "Cis Dewit"),
        ("deelnemer-1-email", "cis@ocmw-geel.test"),
        ("deelnemer-1-organisatie", &partner.to_string()),
        ("deelnemer-1-noden", "vegetarisch"),
    ] {
        fields.push((k.to_string(), v.to_string()));
    }
    fields.retain(|(k, _)| !k.starts_with("besteller"));
    fields.push(("besteller-naam".into(), "Dora Diensthoofd".into()));
    fields.push(("besteller-email".into(), "dora@ocmw-geel.test".into()));
    let missing_invoice = app.post_form(&format!("{path}/inschrijven"), &pairs(&fields), &[]).await;
    assert_eq!(missing_invoice.status, 422);
    assert!(missing_invoice.body.contains("Aan welke organisatie sturen we de factuur?"));
    fields.push(("factuur-organisatie".into(), "OCMW Geel".into()));
    fields.push(("factuur-ondernemingsnummer".into(), "0207.520.810".into()));
    fields.push(("factuur-bestelbon".into(), "PO-2027-12".into()));
    let done = app.post_form(&format!("{path}/inschrijven"), &pairs(&fields), &[]).await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert!(done.location.ends_with("status=bevestigd&aantal=2"));
    let order = store::entities::order::Entity::find()
        .filter(store::entities::order::Column::EventId.eq(event_id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (order.total_cents, order.payment_method.as_str(), order.status.as_str()),
        (19_100, "invoice", "pending")
    );
    assert_eq!(order.billing_enterprise_number.as_deref(), Some("0207520810"));
    assert_eq!(order.po_reference.as_deref(), Some("PO-2027-12"));
    let overview = mail_outbox::Entity::find()
        .filter(mail_outbox::Column::ToAddress.eq("dora@ocmw-geel.test"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the booker gets an overview");
    assert!(
        overview.text_body.contains("Bart Claes, Cis Dewit") && overview.text_body.contains("€ 191."),
        "{}",
        overview.text_body
    );
});

on_both_databases!(two_hundred_people_rush_fifty_seats, |app: TestApp| async move {
    rush(&app, std::slice::from_ref(&app.address)).await;
});

/// Two servers on one PostgreSQL, the requests split between them: still
/// exactly fifty seats, because the count lives in the database.
#[tokio::test]
async fn two_servers_on_one_postgresql_never_oversell() {
    let Some(app) = crate::helpers::spawn_app(crate::helpers::Backend::Postgres).await else { return };
    let second = app.second_server().await;
    rush(&app, &[app.address.clone(), second]).await;
}

/// 200 registrations at once for 50 seats, spread over `servers`.
async fn rush(app: &TestApp, servers: &[String]) {
    let (path, event_id, ticket_id, partner) = open_event(app, "Methodiekendag drukte", Some(50)).await;
    let mut rush = tokio::task::JoinSet::new();
    for n in 0..200 {
        let client = app.client.clone();
        let url = format!("{}{path}/inschrijven", servers[n % servers.len()]);
        let fields =
            one_attendee(ticket_id, partner, &format!("Deelnemer {n}"), &format!("deelnemer{n}@ocmw-geel.test"));
        rush.spawn(async move {
            let response = client.post(&url).form(&fields).send().await.expect("request");
            let location =
                response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
            (response.status().as_u16(), location)
        });
    }
    let (mut confirmed, mut waitlisted) = (0, 0);
    while let Some(answer) = rush.join_next().await {
        let (status, location) = answer.expect("task");
        assert_eq!(status, 303, "every request gets an answer, none an error");
        if location.contains("status=bevestigd") {
            confirmed += 1;
        } else if location.contains("status=wachtlijst") {
            waitlisted += 1;
        }
    }
    assert_eq!((confirmed, waitlisted), (50, 150));
    let seats = event::Entity::find_by_id(event_id).one(&app.db).await.unwrap().unwrap().seats_taken;
    assert_eq!(seats, 50);
    let count = |status: RegistrationStatus| {
        let db = app.db.clone();
        async move {
            registration::Entity::find()
                .filter(registration::Column::EventId.eq(event_id))
                .filter(registration::Column::Status.eq(status))
                .count(&db)
                .await
                .unwrap()
        }
    };
    assert_eq!((count(RegistrationStatus::Confirmed).await, count(RegistrationStatus::Waitlisted).await), (50, 150));
    let ids: Vec<i32> = registration::Entity::find()
        .filter(registration::Column::EventId.eq(event_id))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    let tickets =
        ticket::Entity::find().filter(ticket::Column::RegistrationId.is_in(ids)).count(&app.db).await.unwrap();
    assert_eq!(tickets, 50, "a ticket for every seat, none for the waiting list");
}

/// The ticket link in the newest mail to `to` with a subject starting with `subject`.
async fn ticket_link(app: &TestApp, to: &str, subject: &str) -> String {
    use sea_orm::QueryOrder;
    let mail = mail_outbox::Entity::find()
        .filter(mail_outbox::Column::ToAddress.eq(to))
        .filter(mail_outbox::Column::Subject.starts_with(subject))
        .order_by_desc(mail_outbox::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no mail «{subject}» to {to}"));
    let start = mail.text_body.find("/ticket/").expect("ticket link");
    mail.text_body[start..].chars().take_while(|c| !c.is_whitespace()).collect()
}

on_both_databases!(a_freed_seat_goes_to_the_waiting_list_in_turn, |app: TestApp| async move {
    let (path, event_id, ticket_id, partner) = open_event(&app, "Vorming met één plaats", Some(1)).await;
    let register = |name: &'static str, email: &'static str| {
        let fields = one_attendee(ticket_id, partner, name, email);
        let url = format!("{path}/inschrijven");
        let app = &app;
        async move { app.post_form(&url, &pairs(&fields), &[]).await.location }
    };
    assert!(register("An", "an@ocmw-geel.test").await.contains("status=bevestigd"));
    assert!(register("Bart", "bart@ocmw-geel.test").await.contains("status=wachtlijst"));
    assert!(register("Cis", "cis@ocmw-geel.test").await.contains("status=wachtlijst"));
    let status_of = |email: &'static str| {
        let db = app.db.clone();
        async move {
            registration::Entity::find()
                .filter(registration::Column::AttendeeEmail.eq(email))
                .one(&db)
                .await
                .unwrap()
                .unwrap()
                .status
        }
    };

    // An cancels: Bart, first in line, gets the seat offered for 48 hours.
    let an = ticket_link(&app, "an@ocmw-geel.test", "Ingeschreven").await;
    app.post_form(&format!("{an}/afmelden"), &[], &[]).await;
    assert_eq!(status_of("bart@ocmw-geel.test").await, RegistrationStatus::Offered);
    assert_eq!(status_of("cis@ocmw-geel.test").await, RegistrationStatus::Waitlisted);
    assert_eq!(event::Entity::find_by_id(event_id).one(&app.db).await.unwrap().unwrap().seats_taken, 1);
    let bart = ticket_link(&app, "bart@ocmw-geel.test", "Er is een plaats vrij").await;
    let page = app.get(&bart).await;
    assert!(page.body.contains("Plaats vrij voor jou") && page.body.contains("Plaats aannemen"));

    // Bart lets the offer lapse; the worker's round offers the seat to Cis.
    app.clock.set(app.clock_now() + store::registration::OFFER_TTL);
    assert_eq!(server::waitlist::expire_once(&app.state).await.unwrap(), 1);
    assert_eq!(status_of("bart@ocmw-geel.test").await, RegistrationStatus::Cancelled);
    assert_eq!(status_of("cis@ocmw-geel.test").await, RegistrationStatus::Offered);
    let late = app.post_form(&format!("{bart}/aannemen"), &[], &[]).await;
    assert_eq!(late.location, bart, "a lapsed offer cannot be taken");

    // Cis takes it in time: confirmed, with a ticket to show.
    let cis = ticket_link(&app, "cis@ocmw-geel.test", "Er is een plaats vrij").await;
    let taken = app.post_form(&format!("{cis}/aannemen"), &[], &[]).await;
    assert_eq!(taken.location, format!("{cis}?melding=aangenomen"));
    assert_eq!(status_of("cis@ocmw-geel.test").await, RegistrationStatus::Confirmed);
    assert!(app.get(&cis).await.body.contains("Geldig ticket"));
    assert_eq!(event::Entity::find_by_id(event_id).one(&app.db).await.unwrap().unwrap().seats_taken, 1);
    assert_eq!(server::waitlist::expire_once(&app.state).await.unwrap(), 0);
});

on_both_databases!(an_organisation_books_a_group_module_for_its_clients, |app: TestApp| async move {
    let (path, event_id, ticket_id, partner) = open_event(&app, "De dag door met mijn leefgeld", Some(1)).await;
    let e = event::Entity::find_by_id(event_id).one(&app.db).await.unwrap().unwrap();
    let mut e: event::ActiveModel = e.into();
    e.kind = Set("group_module".into());
    e.group_max_participants = Set(Some(12));
    e.update(&app.db).await.unwrap();
    let first = store::entities::event_session::Entity::find()
        .filter(store::entities::event_session::Column::EventId.eq(event_id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let planned = first.starts_at.date_naive();
    store::entities::event_session::ActiveModel {
        event_id: Set(event_id),
        position: Set(1),
        title: Set("Dag 2".into()),
        starts_at: Set(first.starts_at + chrono::Duration::days(7)),
        ends_at: Set(first.ends_at + chrono::Duration::days(7)),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();

    let form = app.get(&format!("{path}/inschrijven")).await;
    assert!(form.body.contains("Contactpersoon") && form.body.contains("Aantal deelnemers"));
    assert!(form.body.contains(&planned.to_string()), "the planned dates are proposed");
    assert!(!form.body.contains("Nog een deelnemer"), "one contact person books for the group");

    let mut fields = one_attendee(ticket_id, partner, "Olga Oostende", "olga@ocmw-oostende.test");
    fields.push(("groep-aantal".into(), "15".into()));
    fields.push(("groep-datum-0".into(), (planned + chrono::Days::new(2)).to_string()));
    fields.push(("groep-datum-1".into(), (planned + chrono::Days::new(1)).to_string()));
    let refused = app.post_form(&format!("{path}/inschrijven"), &pairs(&fields), &[]).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("Deze module is voor hoogstens 12 deelnemers."));
    assert!(refused.body.contains("Elke sessie valt na de vorige."));

    fields.retain(|(k, _)| !k.starts_with("groep-"));
    let second = planned + chrono::Days::new(9);
    fields.push(("groep-aantal".into(), "9".into()));
    fields.push(("groep-datum-0".into(), (planned + chrono::Days::new(2)).to_string()));
    fields.push(("groep-datum-1".into(), second.to_string()));
    let done = app.post_form(&format!("{path}/inschrijven"), &pairs(&fields), &[]).await;
    assert_eq!(done.status, 303, "{}", done.body);
    let order = store::entities::order::Entity::find()
        .filter(store::entities::order::Column::EventId.eq(event_id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(order.group_size, Some(9));
    assert!(order.requested_dates.unwrap().contains(&second.to_string()));
    assert_eq!(event::Entity::find_by_id(event_id).one(&app.db).await.unwrap().unwrap().seats_taken, 1);
    let mail = mail_outbox::Entity::find()
        .filter(mail_outbox::Column::ToAddress.eq("olga@ocmw-oostende.test"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(mail.text_body.contains("voor 9 deelnemers"), "{}", mail.text_body);

    let tabitha = crate::accounts::sign_in(&app, "tabitha.tanghe@cawdekempen.test").await;
    let list =
        app.get_with_cookie(&format!("/beheer/biz-kempen/activiteiten/{event_id}/inschrijvingen"), &tabitha).await;
    assert!(list.body.contains("Groep van 9"), "{}", list.body);
});
