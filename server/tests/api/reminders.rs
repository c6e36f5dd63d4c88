//! Reminders before an activity: the worker's round queues them when due, in
//! the participant's language, once; the waiting list hears it still waits;
//! an activity with reminders off sends none. And the confirmation mail says
//! when and where.

use crate::helpers::TestApp;
use crate::on_both_databases;
use crate::registration::{one_attendee, open_event, pairs};
use chrono::Duration;
use domain::RegistrationStatus;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use store::entities::{event, event_session, mail_outbox, registration, ticket, venue};

const TITLE: &str = "Vorming schuldhulp";
/// The session `open_event` makes: 40 days after the tests' now (23 November
/// 2026, 09:00 UTC), three hours long, in Brussels time.
const DAY_ONE: &str = "zaterdag 2 januari 2027, 10:00–13:00";
const ADDRESS: &str = "Zaal De Linde, Kerkstraat 5, 2440 Geel";
const DIRECTIONS: &str = "Ingang via de Sint-Jozefstraat, parking achter de kerk";
const BRING: &str = "Je laptop en <script>alert(1)</script>";

async fn mails_to(app: &TestApp, to: &str) -> Vec<mail_outbox::Model> {
    mail_outbox::Entity::find()
        .filter(mail_outbox::Column::ToAddress.eq(to))
        .order_by_asc(mail_outbox::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
}

async fn reminders_to(app: &TestApp, to: &str) -> Vec<mail_outbox::Model> {
    let mut mails = mails_to(app, to).await;
    mails.retain(|m| {
        ["Herinnering:", "Nog op de wachtlijst:", "Rappel :", "Toujours sur la liste d'attente"]
            .iter()
            .any(|s| m.subject.starts_with(s))
    });
    mails
}

async fn register(app: &TestApp, path: &str, ticket: i32, partner: i32, name: &str, email: &str, cookie: &str) {
    let fields = one_attendee(ticket, partner, name, email);
    let headers: Vec<(&str, &str)> = if cookie.is_empty() { Vec::new() } else { vec![("cookie", cookie)] };
    let done = app.post_form(&format!("{path}/inschrijven"), &pairs(&fields), &headers).await;
    assert_eq!(done.status, 303, "{}", done.body);
}

async fn status_of(app: &TestApp, email: &str) -> RegistrationStatus {
    registration::Entity::find()
        .filter(registration::Column::AttendeeEmail.eq(email))
        .order_by_desc(registration::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .status
}

/// Gives the event a venue with directions, a second day a week later and
/// something to bring; returns the two days' starts.
async fn two_days_at_a_venue(
    app: &TestApp,
    event_id: i32,
) -> (chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>) {
    let e = event::Entity::find_by_id(event_id).one(&app.db).await.unwrap().unwrap();
    let hall = venue::ActiveModel {
        organiser_id: Set(e.organiser_id),
        name: Set("Zaal De Linde".into()),
        street: Set("Kerkstraat 5".into()),
        postcode: Set("2440".into()),
        city: Set("Geel".into()),
        directions: Set(Some(DIRECTIONS.into())),
        wheelchair_accessible: Set(true),
        created_at: Set(app.clock_now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let first = event_session::Entity::find()
        .filter(event_session::Column::EventId.eq(event_id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let start = first.starts_at;
    let mut day_one: event_session::ActiveModel = first.into();
    day_one.venue_id = Set(Some(hall.id));
    day_one.update(&app.db).await.unwrap();
    let second = start + Duration::days(7);
    event_session::ActiveModel {
        event_id: Set(event_id),
        position: Set(1),
        title: Set("Dag 2".into()),
        starts_at: Set(second),
        ends_at: Set(second + Duration::hours(3)),
        venue_id: Set(Some(hall.id)),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let mut e: event::ActiveModel = e.into();
    e.reminder_bring = Set(Some(BRING.into()));
    e.update(&app.db).await.unwrap();
    (start, second)
}

on_both_databases!(reminders_go_out_once_before_each_day_in_the_participants_language, |app: TestApp| async move {
    let (path, event_id, ticket_id, partner) = open_event(&app, TITLE, Some(2)).await;
    let (day_one, day_two) = two_days_at_a_venue(&app, event_id).await;
    // A second activity on the same days, its reminders turned off.
    let (quiet_path, quiet_id, quiet_ticket, _) = open_event(&app, "Vorming zonder herinnering", None).await;
    let mut quiet: event::ActiveModel = event::Entity::find_by_id(quiet_id).one(&app.db).await.unwrap().unwrap().into();
    quiet.reminder_enabled = Set(false);
    quiet.update(&app.db).await.unwrap();

    register(&app, &path, ticket_id, partner, "An Peeters", "an@ocmw-geel.test", "").await;
    register(&app, &path, ticket_id, partner, "Bert Claes", "bert@ocmw-geel.test", "").await;
    register(&app, &path, ticket_id, partner, "Cis Janssens", "cis@ocmw-geel.test", "").await;
    register(&app, &path, ticket_id, partner, "Dirk Lambert", "dirk@cpas-mons.test", "leernet_lang=fr").await;
    register(&app, &quiet_path, quiet_ticket, partner, "Fien Stil", "fien@ocmw-geel.test", "").await;
    assert_eq!(status_of(&app, "cis@ocmw-geel.test").await, RegistrationStatus::Waitlisted);
    assert_eq!(status_of(&app, "dirk@cpas-mons.test").await, RegistrationStatus::Waitlisted);

    // The confirmation itself says when and where.
    let confirmation = mails_to(&app, "an@ocmw-geel.test").await.remove(0);
    assert_eq!(confirmation.subject, format!("Ingeschreven: {TITLE}"));
    for text in ["Wanneer en waar:", DAY_ONE, "Dag 2", ADDRESS, DIRECTIONS, "Rolstoeltoegankelijk."] {
        assert!(confirmation.text_body.contains(text), "{text} in {}", confirmation.text_body);
    }
    assert!(confirmation.html_body.contains(ADDRESS));

    // Nothing is due yet.
    server::reminders::remind_once(&app.state).await.unwrap();
    assert!(reminders_to(&app, "an@ocmw-geel.test").await.is_empty());

    // Two days before day one (and a little), Bert cancels; Cis gets his seat offered.
    app.clock.set(day_one - Duration::days(2) + Duration::hours(1));
    let bert_ticket = {
        let bert = registration::Entity::find()
            .filter(registration::Column::AttendeeEmail.eq("bert@ocmw-geel.test"))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        ticket::Entity::find()
            .filter(ticket::Column::RegistrationId.eq(bert.id))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .code
    };
    let cancelled = app.post_form(&format!("/ticket/{bert_ticket}/afmelden"), &[], &[]).await;
    assert_eq!(cancelled.status, 303);
    assert_eq!(status_of(&app, "cis@ocmw-geel.test").await, RegistrationStatus::Offered);
    // Eva registers after the reminder's moment: on the waiting list, and no note.
    register(&app, &path, ticket_id, partner, "Eva Wouters", "eva@ocmw-geel.test", "").await;
    assert_eq!(status_of(&app, "eva@ocmw-geel.test").await, RegistrationStatus::Waitlisted);

    let due = store::reminders::due(&app.db, app.clock_now()).await.unwrap();
    server::reminders::remind_once(&app.state).await.unwrap();

    let an = reminders_to(&app, "an@ocmw-geel.test").await;
    assert_eq!(an.len(), 1, "one reminder for day one");
    let reminder = &an[0];
    let bring = format!("Meebrengen: {BRING}");
    assert_eq!(reminder.subject, format!("Herinnering: {TITLE} op zaterdag 2 januari 2027"));
    for text in [
        "Beste An Peeters,",
        "Dit is dag 1 van 2.",
        "Dag 1",
        DAY_ONE,
        ADDRESS,
        DIRECTIONS,
        "Rolstoeltoegankelijk.",
        bring.as_str(),
        "http://leernet.test/ticket/",
    ] {
        assert!(reminder.text_body.contains(text), "{text} in {}", reminder.text_body);
    }
    assert!(!reminder.text_body.contains("Dag 2"), "only day one's sessions");
    // What the organiser typed is escaped in the HTML part.
    assert!(
        reminder.html_body.contains("Je laptop en &lt;script&gt;alert(1)&lt;/script&gt;"),
        "{}",
        reminder.html_body
    );
    assert!(!reminder.html_body.contains("<script>"));
    assert!(reminder.html_body.contains("href=\"http://leernet.test/ticket/"));

    // The waiting list hears it still waits, in French for Dirk, who registered in French.
    let dirk = reminders_to(&app, "dirk@cpas-mons.test").await;
    assert_eq!(dirk.len(), 1);
    assert_eq!(dirk[0].subject, format!("Toujours sur la liste d'attente : {TITLE}"));
    assert!(dirk[0].text_body.contains("Vous êtes toujours sur la liste d'attente"), "{}", dirk[0].text_body);
    assert!(dirk[0].text_body.contains("samedi 2 janvier 2027"), "{}", dirk[0].text_body);
    assert!(!dirk[0].text_body.contains("/ticket/"), "no ticket to show");
    // Cancelled, offered, registered too late, or reminders off: nothing.
    for nobody in ["bert@ocmw-geel.test", "cis@ocmw-geel.test", "eva@ocmw-geel.test", "fien@ocmw-geel.test"] {
        assert!(reminders_to(&app, nobody).await.is_empty(), "{nobody}");
    }

    // Sent once: another round sends nothing, and the record refuses a second send.
    server::reminders::remind_once(&app.state).await.unwrap();
    assert_eq!(reminders_to(&app, "an@ocmw-geel.test").await.len(), 1);
    assert_eq!(reminders_to(&app, "dirk@cpas-mons.test").await.len(), 1);
    let ours: Vec<_> = due.iter().filter(|d| d.event_title == TITLE).collect();
    assert_eq!(ours.len(), 2, "An and Dirk were due");
    for d in ours {
        assert!(!store::reminders::mark_sent(&app.db, d, app.clock_now()).await.unwrap(), "recorded already");
    }

    // Day two: two workers at once send An one reminder; the waiting list hears nothing more.
    app.clock.set(day_two - Duration::days(2) + Duration::hours(1));
    let (a, b) = tokio::join!(server::reminders::remind_once(&app.state), server::reminders::remind_once(&app.state));
    a.unwrap();
    b.unwrap();
    let an = reminders_to(&app, "an@ocmw-geel.test").await;
    assert_eq!(an.len(), 2, "one more, for day two");
    assert!(an[1].text_body.contains("Dit is dag 2 van 2.") && an[1].text_body.contains("Dag 2"));
    assert_eq!(reminders_to(&app, "dirk@cpas-mons.test").await.len(), 1);
    assert!(reminders_to(&app, "fien@ocmw-geel.test").await.is_empty());
});
