//! Privacy: a participant downloads her own data and erases her account;
//! organisers keep personal data of past events only for their retention
//! period; opening a participant list is logged.

use crate::accounts::sign_in;
use crate::helpers::TestApp;
use crate::on_both_databases;
use domain::EventStatus;
use domain::{CheckInMethod, MailStatus, OrderStatus, PaymentMethod, RegistrationStatus};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::BTreeMap;
use store::entities::{
    audit_entry, check_in, event, event_session, mail_outbox, membership, order, organiser, partnership, person,
    registration, ticket, ticket_type,
};

const ANN: &str = "ann.privacy@ocmw-geel.test";
const BERT: &str = "bert.ander@ocmw-geel.test";

/// A published Kempen event with one free ticket type: (path, event id, ticket id, partner id).
pub(crate) async fn open_event(app: &TestApp, title: &str, capacity: Option<i32>) -> (String, i32, i32, i32) {
    let id = app.insert_draft("biz-kempen", title, true).await;
    let mut e: event::ActiveModel = event::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap().into();
    e.status = Set(EventStatus::Published);
    e.published_at = Set(Some(app.clock_now()));
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
    let kempen = kempen(app).await;
    let partner = partnership::Entity::find()
        .filter(partnership::Column::OrganiserId.eq(kempen))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .organisation_id;
    (format!("/regio/biz-kempen/{}", e.slug), id, t.id, partner)
}

async fn kempen(app: &TestApp) -> i32 {
    organiser::Entity::find().filter(organiser::Column::Slug.eq("biz-kempen")).one(&app.db).await.unwrap().unwrap().id
}

/// Registers one attendee through the public form; returns the registration.
pub(crate) async fn register(
    app: &TestApp,
    path: &str,
    ticket: i32,
    partner: i32,
    name: &str,
    email: &str,
) -> registration::Model {
    let ticket = ticket.to_string();
    let partner = partner.to_string();
    let fields = [
        ("ticket", ticket.as_str()),
        ("deelnemer-0-naam", name),
        ("deelnemer-0-email", email),
        ("deelnemer-0-organisatie", partner.as_str()),
        ("besteller-naam", name),
        ("besteller-email", email),
        ("toestemming", "on"),
    ];
    let done = app.post_form(&format!("{path}/inschrijven"), &fields, &[]).await;
    assert_eq!(done.status, 303, "{}", done.body);
    registration::Entity::find()
        .filter(registration::Column::AttendeeEmail.eq(email))
        .order_by_desc(registration::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .expect("registered")
}

/// Gives a registration answers, as the form stores them.
async fn answer(app: &TestApp, r: &registration::Model, needs: &str) {
    let mut active: registration::ActiveModel = r.clone().into();
    active.answers = Set(Some(serde_json::json!({ "needs": needs }).to_string()));
    active.update(&app.db).await.unwrap();
}

async fn form_token(app: &TestApp, cookie: &str) -> String {
    crate::helpers::csrf_of(&app.get_with_cookie("/mijn", cookie).await.body)
}

/// Registrations and check-ins per partner organisation: what reports count.
async fn counts_per_organisation(app: &TestApp) -> BTreeMap<Option<i32>, (usize, usize)> {
    let regs = registration::Entity::find().all(&app.db).await.unwrap();
    let checks = check_in::Entity::find().all(&app.db).await.unwrap();
    let mut counts: BTreeMap<Option<i32>, (usize, usize)> = BTreeMap::new();
    for r in &regs {
        let entry = counts.entry(r.organisation_id).or_default();
        entry.0 += 1;
        entry.1 += checks.iter().filter(|c| c.registration_id == r.id).count();
    }
    counts
}

on_both_databases!(a_participant_downloads_her_own_data_and_nothing_else, |app: TestApp| async move {
    let (path, _, ticket_id, partner) = open_event(&app, "Vorming over privacy", Some(20)).await;
    let ann = register(&app, &path, ticket_id, partner, "Ann Privacy", ANN).await;
    let bert = register(&app, &path, ticket_id, partner, "Bert Ander", BERT).await;
    answer(&app, &ann, "Graag een vegetarische lunch").await;
    answer(&app, &bert, "Rolstoeltoegang voor Bert").await;
    let code = ticket::Entity::find()
        .filter(ticket::Column::RegistrationId.eq(ann.id))
        .one(&app.db)
        .await
        .unwrap()
        .expect("her ticket")
        .code;
    let reference = order::Entity::find_by_id(ann.order_id.unwrap()).one(&app.db).await.unwrap().unwrap().reference;

    // Signed out: to the sign-in page.
    let anonymous = app.client.get(format!("{}/mijn/gegevens.json", app.address)).send().await.unwrap();
    assert_eq!(anonymous.status().as_u16(), 303);

    let cookie = sign_in(&app, ANN).await;
    let mine = app.get_with_cookie("/mijn", &cookie).await;
    assert!(mine.body.contains("Mijn gegevens") && mine.body.contains("href=\"/mijn/gegevens.json\""));
    assert!(mine.body.contains("action=\"/mijn/verwijderen\""));
    let response =
        app.client.get(format!("{}/mijn/gegevens.json", app.address)).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let header =
        |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    assert!(header("content-type").starts_with("application/json"));
    let date = store::time::local_date(app.clock_now()).format("%Y-%m-%d");
    assert_eq!(header("content-disposition"), format!("attachment; filename=\"leernet-gegevens-{date}.json\""));
    let body = response.text().await.unwrap();
    let data: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(data["person"]["email"], ANN);
    let regs = data["registrations"].as_array().unwrap();
    assert_eq!(regs.len(), 1);
    assert_eq!(regs[0]["event"]["title"], "Vorming over privacy");
    assert_eq!(regs[0]["status"], "confirmed");
    assert_eq!(regs[0]["answers"]["needs"], "Graag een vegetarische lunch");
    assert_eq!(regs[0]["tickets"][0]["code"], code.as_str());
    assert_eq!(data["orders"][0]["reference"], reference.as_str());
    assert_eq!(data["orders"][0]["buyer_email"], ANN);
    let subjects: Vec<&str> = data["mails"].as_array().unwrap().iter().filter_map(|m| m["subject"].as_str()).collect();
    assert!(subjects.contains(&"Ingeschreven: Vorming over privacy"), "{subjects:?}");
    // Nothing of Bert's.
    for his in ["Bert Ander", BERT, "Rolstoeltoegang voor Bert"] {
        assert!(!body.contains(his), "the export shows {his:?}");
    }
});

on_both_databases!(erasure_anonymises_keeps_the_counts_and_frees_the_seat, |app: TestApp| async move {
    let (path, event_id, ticket_id, partner) = open_event(&app, "Vorming met één plaats", Some(1)).await;
    let ann = register(&app, &path, ticket_id, partner, "Ann Privacy", ANN).await;
    let bert = register(&app, &path, ticket_id, partner, "Bert Ander", BERT).await;
    assert_eq!((ann.status.as_str(), bert.status.as_str()), ("confirmed", "waitlisted"));
    answer(&app, &ann, "Graag een vegetarische lunch").await;
    // She was at the first session already (a check-in reports count).
    let session = event_session::Entity::find()
        .filter(event_session::Column::EventId.eq(event_id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    check_in::ActiveModel {
        registration_id: Set(ann.id),
        session_id: Set(session.id),
        checked_in_at: Set(app.clock_now()),
        method: Set(CheckInMethod::List),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let ann_person = person::Entity::find().filter(person::Column::Email.eq(ANN)).one(&app.db).await.unwrap().unwrap();
    let order_before = order::Entity::find_by_id(ann.order_id.unwrap()).one(&app.db).await.unwrap().unwrap();
    let counts_before = counts_per_organisation(&app).await;

    let cookie = sign_in(&app, ANN).await;
    let csrf = form_token(&app, &cookie).await;
    // Without the confirmation box: the page again, the reason at the box.
    let unconfirmed = app.post_form("/mijn/verwijderen", &[("csrf", &csrf)], &[("cookie", &cookie)]).await;
    assert_eq!(unconfirmed.status, 422);
    assert!(unconfirmed.body.contains(domain::privacy::ERASE_UNCONFIRMED));
    assert!(unconfirmed.body.contains("aria-invalid=\"true\""));
    // From another site: refused, even with her token.
    let elsewhere = app
        .post_form(
            "/mijn/verwijderen",
            &[("csrf", &csrf), ("bevestigen", "ja")],
            &[("cookie", &cookie), ("origin", "https://evil.test")],
        )
        .await;
    assert_eq!(elsewhere.status, 403);
    let without_token = app.post_form("/mijn/verwijderen", &[("bevestigen", "ja")], &[("cookie", &cookie)]).await;
    assert_eq!(without_token.status, 403);
    assert_eq!(registration::Entity::find_by_id(ann.id).one(&app.db).await.unwrap().unwrap(), {
        let mut r = ann.clone();
        r.answers = Some(serde_json::json!({ "needs": "Graag een vegetarische lunch" }).to_string());
        r
    });

    let erased =
        app.post_form("/mijn/verwijderen", &[("csrf", &csrf), ("bevestigen", "ja")], &[("cookie", &cookie)]).await;
    assert_eq!(erased.status, 303, "{}", erased.body);
    assert_eq!(erased.location, "/mijn/verwijderd");
    assert!(erased.set_cookie.iter().any(|c| c.contains("Max-Age=0")), "signed out");
    assert!(app.get("/mijn/verwijderd").await.body.contains("Je account is verwijderd"));
    // The old session is gone.
    assert!(!app.get_with_cookie("/mijn", &cookie).await.body.contains("Welkom"));

    let r = registration::Entity::find_by_id(ann.id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(r.attendee_name, domain::privacy::ANONYMISED_NAME);
    assert_eq!((r.attendee_email, r.person_id, r.answers), (None, None, None));
    assert!(r.anonymised_at.is_some());
    // What reports count stays.
    assert_eq!(
        (r.organisation_id, r.event_id, r.ticket_type_id),
        (ann.organisation_id, ann.event_id, ann.ticket_type_id)
    );
    assert_eq!(r.organisation_name, ann.organisation_name);
    assert_eq!(r.status, RegistrationStatus::Cancelled, "a seat of an event still to come is given back");
    assert_eq!(
        check_in::Entity::find().filter(check_in::Column::RegistrationId.eq(ann.id)).all(&app.db).await.unwrap().len(),
        1
    );
    assert_eq!(counts_per_organisation(&app).await, counts_before);
    // The seat went to the waiting list, with a mail to Bert.
    let bert_now = registration::Entity::find_by_id(bert.id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(bert_now.status, RegistrationStatus::Offered);
    assert_eq!(event::Entity::find_by_id(event_id).one(&app.db).await.unwrap().unwrap().seats_taken, 1);
    assert!(
        mail_outbox::Entity::find()
            .filter(mail_outbox::Column::ToAddress.eq(BERT))
            .all(&app.db)
            .await
            .unwrap()
            .iter()
            .any(|m| m.subject == "Er is een plaats vrij: Vorming met één plaats")
    );
    // The order keeps its billing data, not who booked it.
    let o = order::Entity::find_by_id(order_before.id).one(&app.db).await.unwrap().unwrap();
    assert_eq!((o.buyer_name, o.buyer_email, o.buyer_person_id), (None, None, None));
    assert_eq!(
        (o.billing_name, o.total_cents, o.reference),
        (order_before.billing_name, order_before.total_cents, order_before.reference)
    );
    // The person keeps no personal data; nothing is queued to her any more.
    let p = person::Entity::find_by_id(ann_person.id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(
        (p.full_name.as_str(), p.email, p.anonymised_at.is_some()),
        (domain::privacy::ANONYMISED_NAME, None, true)
    );
    assert!(
        membership::Entity::find().filter(membership::Column::PersonId.eq(p.id)).all(&app.db).await.unwrap().is_empty()
    );
    let queued = mail_outbox::Entity::find()
        .filter(mail_outbox::Column::ToAddress.eq(ANN))
        .filter(mail_outbox::Column::Status.eq(MailStatus::Queued))
        .all(&app.db)
        .await
        .unwrap();
    assert!(queued.is_empty());
    // The organiser's log says an account was erased, without saying whose.
    let entry = audit_entry::Entity::find()
        .filter(audit_entry::Column::OrganiserId.eq(kempen(&app).await))
        .filter(audit_entry::Column::Action.eq(store::privacy::ERASED))
        .one(&app.db)
        .await
        .unwrap()
        .expect("an audit entry");
    assert_eq!((entry.person_id, entry.detail), (None, None));
    // Signing up again later is a new, clean account.
    let again = register(&app, &path, ticket_id, partner, "Ann Privacy", ANN).await;
    assert_ne!(again.person_id, Some(ann_person.id));
});

on_both_databases!(the_last_admin_of_an_organiser_cannot_erase_her_account, |app: TestApp| async move {
    let hanne = "hanne.laenen@cawdekempen.test";
    let cookie = sign_in(&app, hanne).await;
    let csrf = form_token(&app, &cookie).await;
    let refused =
        app.post_form("/mijn/verwijderen", &[("csrf", &csrf), ("bevestigen", "ja")], &[("cookie", &cookie)]).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("Je bent de enige beheerder van"), "{}", refused.body);
    let p = person::Entity::find().filter(person::Column::Email.eq(hanne)).one(&app.db).await.unwrap().expect("kept");
    assert!(p.anonymised_at.is_none());
    assert!(app.get_with_cookie("/mijn", &cookie).await.body.contains("Welkom"), "still signed in");
});

on_both_databases!(retention_anonymises_old_events_only_and_runs_idempotently, |app: TestApp| async move {
    let kempen = kempen(&app).await;
    let now = app.clock_now();
    let months_ago = |m: u32| now.checked_sub_months(chrono::Months::new(m)).unwrap();
    // Two past events: one ended 30 months ago, one 3 months ago.
    let mut regs = Vec::new();
    let mut orders = Vec::new();
    for (title, ended) in [("Oude vorming", months_ago(30)), ("Recente vorming", months_ago(3))] {
        let (_, event_id, ticket_id, partner) = open_event(&app, title, None).await;
        let mut s: event_session::ActiveModel = event_session::Entity::find()
            .filter(event_session::Column::EventId.eq(event_id))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .into();
        s.starts_at = Set(ended - chrono::Duration::hours(3));
        s.ends_at = Set(ended);
        s.update(&app.db).await.unwrap();
        let o = order::ActiveModel {
            organiser_id: Set(kempen),
            event_id: Set(event_id),
            reference: Set(format!("TEST-{event_id}")),
            payment_method: Set(PaymentMethod::Invoice),
            status: Set(OrderStatus::Paid),
            total_cents: Set(5000),
            buyer_name: Set(Some("Carla Koper".into())),
            buyer_email: Set(Some("carla@ocmw-geel.test".into())),
            billing_name: Set(Some("OCMW Geel".into())),
            created_at: Set(ended),
            updated_at: Set(ended),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
        let r = registration::ActiveModel {
            event_id: Set(event_id),
            order_id: Set(Some(o.id)),
            ticket_type_id: Set(ticket_id),
            attendee_name: Set("Dirk Deelnemer".into()),
            attendee_email: Set(Some(format!("dirk{event_id}@ocmw-geel.test"))),
            organisation_id: Set(Some(partner)),
            organisation_name: Set(Some("OCMW Geel".into())),
            status: Set(RegistrationStatus::Confirmed),
            price_cents: Set(5000),
            answers: Set(Some("{\"needs\":\"Glutenvrij\"}".into())),
            created_at: Set(ended),
            updated_at: Set(ended),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
        regs.push(r);
        orders.push(o);
    }

    // An organiser that keeps data three years keeps the old event too.
    let admin = sign_in(&app, "hanne.laenen@cawdekempen.test").await;
    let csrf = form_token(&app, &admin).await;
    let page = app.get_with_cookie("/beheer/biz-kempen/privacy", &admin).await;
    assert!(page.status == 200 && page.body.contains("Bewaartermijn") && page.body.contains("value=\"24\""));
    let too_short =
        app.post_form("/beheer/biz-kempen/privacy", &[("csrf", &csrf), ("maanden", "3")], &[("cookie", &admin)]).await;
    assert_eq!(too_short.status, 422);
    assert!(too_short.body.contains("Kies tussen 6 en 120 maanden."));
    let staff = sign_in(&app, "tabitha.tanghe@cawdekempen.test").await;
    let staff_csrf = form_token(&app, &staff).await;
    let by_staff = app
        .post_form("/beheer/biz-kempen/privacy", &[("csrf", &staff_csrf), ("maanden", "6")], &[("cookie", &staff)])
        .await;
    assert_eq!(by_staff.status, 403);
    let saved =
        app.post_form("/beheer/biz-kempen/privacy", &[("csrf", &csrf), ("maanden", "36")], &[("cookie", &admin)]).await;
    assert_eq!(saved.location, "/beheer/biz-kempen/privacy?melding=bewaard");
    assert_eq!(store::privacy::retention_of(&app.db, kempen).await.unwrap().months(), 36);
    server::privacy::retention_once(&app.state).await.unwrap();
    let old = registration::Entity::find_by_id(regs[0].id).one(&app.db).await.unwrap().unwrap();
    assert!(old.anonymised_at.is_none(), "kept for 36 months");

    // Back to two years: the old event's personal data goes, the recent one's stays.
    let saved =
        app.post_form("/beheer/biz-kempen/privacy", &[("csrf", &csrf), ("maanden", "24")], &[("cookie", &admin)]).await;
    assert_eq!(saved.status, 303);
    server::privacy::retention_once(&app.state).await.unwrap();
    let snapshot = || async {
        let mut all = Vec::new();
        for r in &regs {
            all.push(format!("{:?}", registration::Entity::find_by_id(r.id).one(&app.db).await.unwrap().unwrap()));
        }
        for o in &orders {
            all.push(format!("{:?}", order::Entity::find_by_id(o.id).one(&app.db).await.unwrap().unwrap()));
        }
        all
    };
    let old = registration::Entity::find_by_id(regs[0].id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(old.attendee_name, domain::privacy::ANONYMISED_NAME);
    assert_eq!((old.attendee_email, old.answers, old.anonymised_at.is_some()), (None, None, true));
    assert_eq!(
        (old.organisation_id, old.status.as_str(), old.price_cents),
        (regs[0].organisation_id, "confirmed", 5000)
    );
    let recent = registration::Entity::find_by_id(regs[1].id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(recent, regs[1]);
    let old_order = order::Entity::find_by_id(orders[0].id).one(&app.db).await.unwrap().unwrap();
    assert_eq!((old_order.buyer_name, old_order.buyer_email), (None, None));
    assert_eq!(old_order.billing_name.as_deref(), Some("OCMW Geel"));
    assert_eq!(order::Entity::find_by_id(orders[1].id).one(&app.db).await.unwrap().unwrap(), orders[1]);

    // Twice is once: nothing changes, no second log entry.
    let first = snapshot().await;
    let entries = || async {
        audit_entry::Entity::find()
            .filter(audit_entry::Column::OrganiserId.eq(kempen))
            .filter(audit_entry::Column::Action.eq(store::privacy::RETENTION_APPLIED))
            .all(&app.db)
            .await
            .unwrap()
            .len()
    };
    assert_eq!(entries().await, 1);
    assert_eq!(server::privacy::retention_once(&app.state).await.unwrap(), 0);
    assert_eq!(snapshot().await, first);
    assert_eq!(entries().await, 1);
    // The admin sees both changes of the period in the log.
    let dashboard = app.get_with_cookie("/beheer/biz-kempen", &admin).await;
    assert!(dashboard.body.contains("wijzigde de bewaartermijn van 24 naar 36 maanden"), "{}", dashboard.body);
});

on_both_databases!(opening_a_participant_list_is_logged, |app: TestApp| async move {
    let (_, event_id, _, _) = open_event(&app, "Vorming met een logboek", Some(20)).await;
    let tabitha = sign_in(&app, "tabitha.tanghe@cawdekempen.test").await;
    let staff = person::Entity::find()
        .filter(person::Column::Email.eq("tabitha.tanghe@cawdekempen.test"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let logged = || async {
        audit_entry::Entity::find()
            .filter(audit_entry::Column::Action.eq(store::privacy::VIEWED_REGISTRATIONS))
            .filter(audit_entry::Column::EntityId.eq(event_id))
            .all(&app.db)
            .await
            .unwrap()
    };
    assert!(logged().await.is_empty());
    let list =
        app.get_with_cookie(&format!("/beheer/biz-kempen/activiteiten/{event_id}/inschrijvingen"), &tabitha).await;
    assert_eq!(list.status, 200);
    let entries = logged().await;
    assert_eq!(entries.len(), 1);
    assert_eq!((entries[0].person_id, entries[0].organiser_id), (Some(staff.id), kempen(&app).await));
    assert!(entries[0].at <= app.clock_now() + chrono::Duration::seconds(1));
    let admin = sign_in(&app, "hanne.laenen@cawdekempen.test").await;
    let dashboard = app.get_with_cookie("/beheer/biz-kempen", &admin).await;
    assert!(dashboard.body.contains("bekeek de deelnemerslijst van «Vorming met een logboek»"), "{}", dashboard.body);
});
