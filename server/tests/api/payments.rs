//! Paying online through the project's fake Stripe (same wire format and
//! webhook signatures as Stripe): the happy path through the hosted page,
//! webhooks that are forged, stale, doubled, late or early, seats held and
//! released, refunds on cancellation, and Stripe failing at the worst moment.

use crate::helpers::TestApp;
use crate::on_both_databases;
use domain::{EventStatus, OrderStatus, PaymentKind, PaymentMethod, PaymentStatus, RegistrationStatus};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;
use store::entities::{event, mail_outbox, order, organiser, partnership, payment, registration, ticket, ticket_type};

/// A published Kempen event with one ticket of €45: (path, event id, ticket id, partner id).
async fn paid_event(app: &TestApp, title: &str, capacity: Option<i32>) -> (String, i32, i32, i32) {
    let id = app.insert_draft("biz-kempen", title, true).await;
    let mut e: event::ActiveModel = event::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap().into();
    e.status = Set(EventStatus::Published);
    e.capacity = Set(capacity);
    let e = e.update(&app.db).await.unwrap();
    let t = ticket_type::ActiveModel {
        event_id: Set(id),
        name: Set("Deelname".into()),
        price_cents: Set(4500),
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

fn fields(ticket: i32, partner: i32, email: &str, how: &str) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = [
        ("ticket", ticket.to_string()),
        ("deelnemer-0-naam", "Sam Online".to_string()),
        ("deelnemer-0-email", email.to_string()),
        ("deelnemer-0-organisatie", partner.to_string()),
        ("besteller-naam", "Sam Online".to_string()),
        ("besteller-email", email.to_string()),
        ("betaalwijze", how.to_string()),
        ("toestemming", "on".to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    if how == "factuur" {
        f.push(("factuur-organisatie".into(), "OCMW Geel".into()));
        f.push(("factuur-ondernemingsnummer".into(), "0207.520.810".into()));
    }
    f
}

fn pairs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

/// The public address in links (`http://leernet.test`) is this test server.
fn local(url: &str) -> String {
    url.replace("http://leernet.test", "")
}

struct Started {
    order: order::Model,
    checkout_url: String,
}

/// Registers `email` to pay online; returns the held order and the hosted page.
async fn register_online(app: &TestApp, path: &str, ticket: i32, partner: i32, email: &str) -> Started {
    let posted =
        app.post_form(&format!("{path}/inschrijven"), &pairs(&fields(ticket, partner, email, "online")), &[]).await;
    assert_eq!(posted.status, 303, "{}", posted.body);
    assert!(posted.location.starts_with("http://leernet.test/_fake-stripe/pay/cs_test_"), "{}", posted.location);
    let r = registration::Entity::find()
        .filter(registration::Column::AttendeeEmail.eq(email))
        .filter(registration::Column::Status.ne(RegistrationStatus::Cancelled))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let order = order::Entity::find_by_id(r.order_id.unwrap()).one(&app.db).await.unwrap().unwrap();
    Started { order, checkout_url: posted.location }
}

/// Pays on the hosted page; returns where the browser is sent.
async fn pay(app: &TestApp, checkout_url: &str, method: &str) -> String {
    let page = app.get(&local(checkout_url)).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Betalen met kaart") && page.body.contains("Betalen met Bancontact"));
    assert!(page.body.contains("Testmodus"));
    let paid = app.post_form(&local(checkout_url), &[("actie", method)], &[]).await;
    assert_eq!(paid.status, 303, "{}", paid.body);
    paid.location
}

async fn reload(app: &TestApp, id: i32) -> order::Model {
    order::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap()
}

async fn payments_of(app: &TestApp, order_id: i32, kind: PaymentKind) -> Vec<payment::Model> {
    payment::Entity::find()
        .filter(payment::Column::OrderId.eq(order_id))
        .filter(payment::Column::Kind.eq(kind))
        .all(&app.db)
        .await
        .unwrap()
}

async fn seats(app: &TestApp, event_id: i32) -> i32 {
    event::Entity::find_by_id(event_id).one(&app.db).await.unwrap().unwrap().seats_taken
}

async fn statuses(app: &TestApp, order_id: i32) -> Vec<String> {
    registration::Entity::find()
        .filter(registration::Column::OrderId.eq(order_id))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.status.to_string())
        .collect()
}

async fn tickets_of(app: &TestApp, order_id: i32) -> Vec<ticket::Model> {
    let ids: Vec<i32> = registration::Entity::find()
        .filter(registration::Column::OrderId.eq(order_id))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    ticket::Entity::find().filter(ticket::Column::RegistrationId.is_in(ids)).all(&app.db).await.unwrap()
}

async fn mails_to(app: &TestApp, to: &str) -> Vec<String> {
    mail_outbox::Entity::find()
        .filter(mail_outbox::Column::ToAddress.eq(to))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.subject)
        .collect()
}

async fn post_webhook(app: &TestApp, body: &str, signature: &str) -> u16 {
    app.client
        .post(format!("{}/webhooks/stripe", app.address))
        .header("content-type", "application/json")
        .header("stripe-signature", signature)
        .body(body.to_string())
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

on_both_databases!(paying_by_card_on_the_hosted_page_confirms_the_seats, |app: TestApp| async move {
    let (path, event_id, ticket_id, partner) = paid_event(&app, "Vorming online betalen", Some(10)).await;
    let form = app.get(&format!("{path}/inschrijven")).await;
    assert!(form.body.contains("Online betalen (kaart of Bancontact)"));
    assert!(form.body.contains("Testmodus — er wordt niet echt betaald"));

    let started = register_online(&app, &path, ticket_id, partner, "sam@online.test").await;
    // Held: the seat counts, but no ticket and no mail before the money.
    assert_eq!(started.order.payment_method, PaymentMethod::Online);
    assert_eq!(started.order.status, OrderStatus::Pending);
    assert_eq!(started.order.total_cents, 4500);
    assert!(started.order.hold_expires_at.is_some());
    assert_eq!(seats(&app, event_id).await, 1);
    assert_eq!(statuses(&app, started.order.id).await, ["pending_payment"]);
    assert!(tickets_of(&app, started.order.id).await.is_empty());
    assert!(mails_to(&app, "sam@online.test").await.is_empty());
    let session = app.stripe().session(started.order.checkout_session_id.as_deref().unwrap()).unwrap();
    assert_eq!(session["amount_total"], 4500);
    assert_eq!(session["currency"], "eur");
    assert_eq!(session["metadata"]["order_reference"], started.order.reference.as_str());
    assert_eq!(session["payment_method_types"], json!(["card", "bancontact"]));
    assert_eq!(session["expires_at"], started.order.hold_expires_at.unwrap().timestamp());

    let token = started.order.payment_token.clone().unwrap();
    let back = pay(&app, &started.checkout_url, "bancontact").await;
    let session_id = started.order.checkout_session_id.clone().unwrap();
    assert_eq!(back, format!("http://leernet.test/betaling/{token}/terug?sessie={session_id}"));
    // The webhook came before the browser.
    let order = reload(&app, started.order.id).await;
    assert_eq!(order.status, OrderStatus::Paid);
    let returned = app.get(&local(&back)).await;
    assert_eq!(returned.status, 303);
    let page = app.get(&format!("/betaling/{token}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Betaald"), "{}", page.body);
    assert!(page.body.contains("Testmodus"));

    let paid = payments_of(&app, order.id, PaymentKind::Payment).await;
    assert_eq!(paid.len(), 1, "one payment, whoever told us first");
    assert_eq!(
        (paid[0].provider.as_str(), paid[0].amount_cents, paid[0].status.as_str()),
        ("stripe", 4500, "succeeded")
    );
    assert!(paid[0].provider_reference.as_deref().unwrap().starts_with("pi_"));
    assert_eq!(statuses(&app, order.id).await, ["confirmed"]);
    assert_eq!(tickets_of(&app, order.id).await.len(), 1);
    assert_eq!(seats(&app, event_id).await, 1);
    let mails = mails_to(&app, "sam@online.test").await;
    assert_eq!(mails, ["Ingeschreven: Vorming online betalen"]);
});

on_both_databases!(forged_and_stale_webhooks_are_refused, |app: TestApp| async move {
    let body = json!({"id": "evt_forged", "type": "checkout.session.completed", "data": {"object": {"id": "cs_x"}}})
        .to_string();
    let now = app.clock_now().timestamp();
    assert_eq!(post_webhook(&app, &body, "").await, 400, "no signature");
    let forged = domain::stripe_signature::sign("whsec_not_ours", now, body.as_bytes());
    assert_eq!(post_webhook(&app, &body, &forged).await, 400, "wrong secret");
    let stale = app.stripe().sign(now - 301, body.as_bytes());
    assert_eq!(post_webhook(&app, &body, &stale).await, 400, "replayed later");
    let tampered = app.stripe().sign(now, body.as_bytes());
    assert_eq!(post_webhook(&app, &body.replace("cs_x", "cs_y"), &tampered).await, 400, "body changed");
    let response = app
        .client
        .post(format!("{}/webhooks/stripe", app.address))
        .header("stripe-signature", forged)
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-type"], "application/problem+json");
    // None of them was recorded: the genuine event is still handled.
    let genuine = app.stripe().sign(now, body.as_bytes());
    assert_eq!(post_webhook(&app, &body, &genuine).await, 200);
});

on_both_databases!(a_webhook_delivered_twice_counts_once, |app: TestApp| async move {
    let (path, event_id, ticket_id, partner) = paid_event(&app, "Vorming dubbel", Some(10)).await;
    let started = register_online(&app, &path, ticket_id, partner, "twice@online.test").await;
    app.stripe().hold_webhooks(true);
    pay(&app, &started.checkout_url, "card").await;
    let held = app.stripe().take_held_events();
    assert_eq!(held.len(), 1);
    assert_eq!(held[0]["type"], "checkout.session.completed");
    assert_eq!(app.stripe().deliver(&held[0]).await, 200);
    assert_eq!(app.stripe().deliver(&held[0]).await, 200, "a duplicate is acknowledged");
    // The same session in a new event (Stripe's retries keep the id; a new id must not pay twice either).
    let mut again = held[0].clone();
    again["id"] = json!("evt_another_copy");
    assert_eq!(app.stripe().deliver(&again).await, 200);
    assert_eq!(payments_of(&app, started.order.id, PaymentKind::Payment).await.len(), 1);
    assert_eq!(tickets_of(&app, started.order.id).await.len(), 1);
    assert_eq!(mails_to(&app, "twice@online.test").await.len(), 1);
    assert_eq!(seats(&app, event_id).await, 1);
});

on_both_databases!(a_late_expired_event_after_payment_changes_nothing, |app: TestApp| async move {
    let (path, event_id, ticket_id, partner) = paid_event(&app, "Vorming laat", Some(10)).await;
    let started = register_online(&app, &path, ticket_id, partner, "late@online.test").await;
    pay(&app, &started.checkout_url, "card").await;
    assert_eq!(reload(&app, started.order.id).await.status, OrderStatus::Paid);
    let mut session = app.stripe().session(started.order.checkout_session_id.as_deref().unwrap()).unwrap();
    session["status"] = json!("expired");
    let expired = json!({"id": "evt_late_expired", "object": "event", "type": "checkout.session.expired",
        "data": {"object": session}});
    assert_eq!(app.stripe().deliver(&expired).await, 200);
    assert_eq!(reload(&app, started.order.id).await.status, OrderStatus::Paid);
    assert_eq!(statuses(&app, started.order.id).await, ["confirmed"]);
    assert_eq!(seats(&app, event_id).await, 1);
    assert!(tickets_of(&app, started.order.id).await.iter().all(|t| t.revoked_at.is_none()));
});

on_both_databases!(the_browser_back_before_the_webhook_settles_it_once, |app: TestApp| async move {
    let (path, _, ticket_id, partner) = paid_event(&app, "Vorming browser eerst", Some(10)).await;
    let started = register_online(&app, &path, ticket_id, partner, "early@online.test").await;
    let token = started.order.payment_token.clone().unwrap();
    app.stripe().hold_webhooks(true);
    let back = pay(&app, &started.checkout_url, "card").await;
    assert_eq!(reload(&app, started.order.id).await.status, OrderStatus::Pending, "no webhook yet");
    let waiting = app.get(&format!("/betaling/{token}")).await;
    assert!(waiting.body.contains("Betaling in verwerking"), "the page does not claim paid before it is");
    // Coming back asks Stripe and settles through the same path.
    assert_eq!(app.get(&local(&back)).await.status, 303);
    assert_eq!(reload(&app, started.order.id).await.status, OrderStatus::Paid);
    assert!(app.get(&format!("/betaling/{token}")).await.body.contains("Betaald"));
    // Then the webhook arrives.
    for event in app.stripe().take_held_events() {
        assert_eq!(app.stripe().deliver(&event).await, 200);
    }
    assert_eq!(payments_of(&app, started.order.id, PaymentKind::Payment).await.len(), 1);
    assert_eq!(tickets_of(&app, started.order.id).await.len(), 1);
    assert_eq!(mails_to(&app, "early@online.test").await.len(), 1);
});

on_both_databases!(a_held_seat_blocks_others_and_expiry_offers_it_to_the_waiting_list, |app: TestApp| async move {
    let (path, event_id, ticket_id, partner) = paid_event(&app, "Vorming één plaats", Some(1)).await;
    let started = register_online(&app, &path, ticket_id, partner, "holder@online.test").await;
    assert_eq!(seats(&app, event_id).await, 1);
    // The held seat is taken: the next one goes to the waiting list and pays nothing now.
    let next = app
        .post_form(
            &format!("{path}/inschrijven"),
            &pairs(&fields(ticket_id, partner, "next@online.test", "online")),
            &[],
        )
        .await;
    assert_eq!(next.status, 303, "{}", next.body);
    assert!(next.location.contains("status=wachtlijst"), "{}", next.location);
    assert_eq!(seats(&app, event_id).await, 1);
    // Nobody pays; Stripe lets the session lapse. The worker finds the lapsed hold.
    app.clock.set(app.clock_now() + chrono::Duration::minutes(40));
    server::payments::sweep_once(&app.state).await.unwrap();
    let order = reload(&app, started.order.id).await;
    assert_eq!(order.status, OrderStatus::Cancelled);
    assert_eq!(statuses(&app, order.id).await, ["cancelled"]);
    assert!(app.stripe().events().iter().any(|e| e["type"] == "checkout.session.expired"));
    let next = registration::Entity::find()
        .filter(registration::Column::AttendeeEmail.eq("next@online.test"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(next.status, RegistrationStatus::Offered);
    assert_eq!(seats(&app, event_id).await, 1, "the freed seat is held for the offer");
    assert!(mails_to(&app, "next@online.test").await.iter().any(|s| s.starts_with("Er is een plaats vrij")));
    let page = app.get(&format!("/betaling/{}", order.payment_token.unwrap())).await;
    assert!(page.body.contains("Geannuleerd"));
    // Running the sweep again changes nothing.
    server::payments::sweep_once(&app.state).await.unwrap();
    assert_eq!(seats(&app, event_id).await, 1);
});

on_both_databases!(giving_up_on_the_cancel_page_releases_the_seats_at_once, |app: TestApp| async move {
    let (path, event_id, ticket_id, partner) = paid_event(&app, "Vorming afhaken", Some(5)).await;
    let started = register_online(&app, &path, ticket_id, partner, "quit@online.test").await;
    let token = started.order.payment_token.clone().unwrap();
    let back = app.post_form(&local(&started.checkout_url), &[("actie", "annuleren")], &[]).await;
    assert_eq!(back.location, format!("http://leernet.test/betaling/{token}/geannuleerd"));
    let page = app.get(&format!("/betaling/{token}/geannuleerd")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Opnieuw proberen") && page.body.contains("Inschrijving annuleren"));
    assert!(page.body.contains(&started.checkout_url), "trying again reuses the same session");
    assert_eq!(seats(&app, event_id).await, 1, "still held until the payer decides or the session expires");
    let cancelled = app.post_form(&format!("/betaling/{token}/geannuleerd"), &[], &[]).await;
    assert_eq!(cancelled.status, 303);
    assert_eq!(seats(&app, event_id).await, 0);
    assert_eq!(reload(&app, started.order.id).await.status, OrderStatus::Cancelled);
    let session = app.stripe().session(started.order.checkout_session_id.as_deref().unwrap()).unwrap();
    assert_eq!(session["status"], "expired", "the session can no longer be paid");
});

on_both_databases!(cancelling_a_paid_seat_refunds_it_once, |app: TestApp| async move {
    let (path, event_id, ticket_id, partner) = paid_event(&app, "Vorming terugbetalen", Some(10)).await;
    let started = register_online(&app, &path, ticket_id, partner, "refund@online.test").await;
    pay(&app, &started.checkout_url, "card").await;
    let code = tickets_of(&app, started.order.id).await[0].code.clone();
    let cancelled = app.post_form(&format!("/ticket/{code}/afmelden"), &[], &[]).await;
    assert_eq!(cancelled.status, 303);
    assert_eq!(seats(&app, event_id).await, 0);
    let refunds = payments_of(&app, started.order.id, PaymentKind::Refund).await;
    assert_eq!(refunds.len(), 1);
    assert_eq!((refunds[0].amount_cents, refunds[0].status.as_str()), (4500, "succeeded"));
    assert!(refunds[0].provider_reference.as_deref().unwrap().starts_with("re_"));
    assert_eq!(reload(&app, started.order.id).await.status, OrderStatus::Refunded);
    assert!(app.stripe().events().iter().any(|e| e["type"] == "charge.refunded"));
    // A second click and the worker make no second refund.
    app.post_form(&format!("/ticket/{code}/afmelden"), &[], &[]).await;
    app.clock.set(app.clock_now() + chrono::Duration::minutes(5));
    server::payments::sweep_once(&app.state).await.unwrap();
    assert_eq!(payments_of(&app, started.order.id, PaymentKind::Refund).await.len(), 1);
});

on_both_databases!(cancelling_the_event_refunds_seats_paid_online_and_tells_who_paid, |app: TestApp| async move {
    let (path, event_id, ticket_id, partner) = paid_event(&app, "Vorming die niet doorgaat", Some(10)).await;
    // A coordinator books and pays for a colleague.
    let mut f = fields(ticket_id, partner, "collega@online.test", "online");
    for (k, v) in f.iter_mut() {
        match k.as_str() {
            "besteller-naam" => *v = "Coördinator Geel".into(),
            "besteller-email" => *v = "coordinator@online.test".into(),
            _ => {}
        }
    }
    let posted = app.post_form(&format!("{path}/inschrijven"), &pairs(&f), &[]).await;
    assert_eq!(posted.status, 303, "{}", posted.body);
    pay(&app, &posted.location, "card").await;
    let r = registration::Entity::find()
        .filter(registration::Column::AttendeeEmail.eq("collega@online.test"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(r.status, RegistrationStatus::Confirmed);
    let order_id = r.order_id.unwrap();

    let hanne = crate::accounts::sign_in(&app, "hanne.laenen@cawdekempen.test").await;
    let csrf = crate::helpers::csrf_of(&app.get_with_cookie("/beheer/biz-kempen", &hanne).await.body);
    let status = format!("/beheer/biz-kempen/activiteiten/{event_id}/status");
    let cookie = [("cookie", hanne.as_str())];
    let done = app.post_form(&status, &[("actie", "annuleren"), ("csrf", &csrf)], &cookie).await;
    assert_eq!(done.location, "/beheer/biz-kempen?melding=cancel");

    let refunds = payments_of(&app, order_id, PaymentKind::Refund).await;
    assert_eq!(refunds.len(), 1, "the seat paid online is refunded");
    assert_eq!((refunds[0].amount_cents, refunds[0].status.as_str()), (4500, "succeeded"));
    assert_eq!(reload(&app, order_id).await.status, OrderStatus::Refunded);
    // The attendee hears the event is off; the one who paid hears about the money.
    assert!(
        mails_to(&app, "collega@online.test").await.contains(&"Geannuleerd: Vorming die niet doorgaat".to_string())
    );
    let to_payer = mail_outbox::Entity::find()
        .filter(mail_outbox::Column::ToAddress.eq("coordinator@online.test"))
        .filter(mail_outbox::Column::Subject.eq("Terugbetaling: Vorming die niet doorgaat"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("a refund notice to the payer");
    assert!(to_payer.text_body.contains("we storten € 45 terug"), "{}", to_payer.text_body);
    assert!(to_payer.text_body.contains("de plaats van Sam Online vervalt"), "{}", to_payer.text_body);
    // Cancelling again is refused and refunds nothing more.
    let twice = app.post_form(&status, &[("actie", "annuleren"), ("csrf", &csrf)], &cookie).await;
    assert_eq!(twice.location, "/beheer/biz-kempen?fout=geannuleerd");
    server::payments::sweep_once(&app.state).await.unwrap();
    assert_eq!(payments_of(&app, order_id, PaymentKind::Refund).await.len(), 1);
});

/// Waits (a few seconds at most) until Stripe's fee of a payment is in the ledger.
async fn fee_recorded(app: &TestApp) {
    use store::entities::ledger_entry;
    for _ in 0..100 {
        let fees = ledger_entry::Entity::find()
            .filter(ledger_entry::Column::Kind.eq("stripe_fee"))
            .count(&app.db)
            .await
            .unwrap();
        if fees > 0 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no Stripe fee recorded");
}

on_both_databases!(a_refund_stripe_refuses_is_retried_with_the_same_key, |app: TestApp| async move {
    let (path, _, ticket_id, partner) = paid_event(&app, "Vorming later terug", Some(10)).await;
    let started = register_online(&app, &path, ticket_id, partner, "retry@online.test").await;
    pay(&app, &started.checkout_url, "card").await;
    let code = tickets_of(&app, started.order.id).await[0].code.clone();
    // The payment's fee is asked of Stripe in the background: the failure below is for the refund.
    fee_recorded(&app).await;
    app.stripe().fail_next_call(500, "api_error", "Stripe is even weg");
    assert_eq!(app.post_form(&format!("/ticket/{code}/afmelden"), &[], &[]).await.status, 303);
    let refunds = payments_of(&app, started.order.id, PaymentKind::Refund).await;
    assert_eq!(refunds.len(), 1);
    assert_eq!(refunds[0].status, PaymentStatus::Pending);
    assert!(refunds[0].failure.is_some());
    assert_eq!(reload(&app, started.order.id).await.status, OrderStatus::Paid);
    app.clock.set(app.clock_now() + chrono::Duration::minutes(5));
    server::payments::sweep_once(&app.state).await.unwrap();
    let refunds = payments_of(&app, started.order.id, PaymentKind::Refund).await;
    assert_eq!(refunds.len(), 1);
    assert_eq!(refunds[0].status, PaymentStatus::Succeeded);
    assert_eq!(reload(&app, started.order.id).await.status, OrderStatus::Refunded);
});

on_both_databases!(stripe_failing_at_checkout_leaves_nothing_held, |app: TestApp| async move {
    let (path, event_id, ticket_id, partner) = paid_event(&app, "Vorming storing", Some(3)).await;
    app.stripe().fail_next_call(500, "api_error", "Something went wrong on Stripe's end.");
    let failed = app
        .post_form(
            &format!("{path}/inschrijven"),
            &pairs(&fields(ticket_id, partner, "fail@online.test", "online")),
            &[],
        )
        .await;
    assert_eq!(failed.status, 503);
    assert!(failed.body.contains("Online betalen lukt nu niet"), "{}", failed.body);
    assert!(failed.body.contains("fail@online.test"), "what was typed stays");
    assert_eq!(seats(&app, event_id).await, 0);
    let held = registration::Entity::find()
        .filter(registration::Column::EventId.eq(event_id))
        .filter(registration::Column::Status.ne(RegistrationStatus::Cancelled))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(held, 0);
    // Trying again works.
    let started = register_online(&app, &path, ticket_id, partner, "fail@online.test").await;
    assert_eq!(seats(&app, event_id).await, 1);
    assert_eq!(started.order.status, OrderStatus::Pending);
});

on_both_databases!(paying_on_invoice_is_unchanged, |app: TestApp| async move {
    let (path, event_id, ticket_id, partner) = paid_event(&app, "Vorming factuur", Some(3)).await;
    let done = app
        .post_form(
            &format!("{path}/inschrijven"),
            &pairs(&fields(ticket_id, partner, "bill@ocmw.test", "factuur")),
            &[],
        )
        .await;
    assert_eq!(done.status, 303);
    assert!(done.location.contains("status=bevestigd"));
    assert_eq!(seats(&app, event_id).await, 1);
    let r = registration::Entity::find()
        .filter(registration::Column::AttendeeEmail.eq("bill@ocmw.test"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(r.status, RegistrationStatus::Confirmed);
    assert!(app.stripe().events().is_empty());
});

on_both_databases!(a_seat_from_the_waiting_list_is_paid_online_before_it_is_taken, |app: TestApp| async move {
    let (path, event_id, ticket_id, partner) = paid_event(&app, "Vorming met wachtlijst online", Some(1)).await;
    // The one seat goes on invoice; the next person chooses online and waits.
    let first = app
        .post_form(
            &format!("{path}/inschrijven"),
            &pairs(&fields(ticket_id, partner, "eerst@ocmw-geel.test", "factuur")),
            &[],
        )
        .await;
    assert_eq!(first.status, 303, "{}", first.body);
    let waiting = app
        .post_form(
            &format!("{path}/inschrijven"),
            &pairs(&fields(ticket_id, partner, "sam@ocmw-geel.test", "online")),
            &[],
        )
        .await;
    assert_eq!(waiting.status, 303, "{}", waiting.body);
    assert!(waiting.location.contains("status=wachtlijst"), "{}", waiting.location);

    // The first cancels; Sam is offered the seat with a ticket link.
    let first_ticket = ticket::Entity::find()
        .filter(
            ticket::Column::RegistrationId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(registration::Column::Id)
                    .from(registration::Entity)
                    .and_where(registration::Column::AttendeeEmail.eq("eerst@ocmw-geel.test"))
                    .to_owned(),
            ),
        )
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let cancelled = app.post_form(&format!("/ticket/{}/afmelden", first_ticket.code), &[], &[]).await;
    assert_eq!(cancelled.status, 303);
    let sam = registration::Entity::find()
        .filter(registration::Column::AttendeeEmail.eq("sam@ocmw-geel.test"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(sam.status, RegistrationStatus::Offered);
    let sam_ticket =
        ticket::Entity::find().filter(ticket::Column::RegistrationId.eq(sam.id)).one(&app.db).await.unwrap().unwrap();

    // Taking it sends Sam to pay; the seat stays held, not confirmed.
    let accepted = app.post_form(&format!("/ticket/{}/aannemen", sam_ticket.code), &[], &[]).await;
    assert_eq!(accepted.status, 303);
    assert!(accepted.location.contains("/_fake-stripe/pay/cs_test_"), "{}", accepted.location);
    let held = registration::Entity::find_by_id(sam.id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(held.status, RegistrationStatus::PendingPayment);
    assert_ne!(held.order_id, sam.order_id, "the seat is paid in an order of its own");
    assert_eq!(seats(&app, event_id).await, 1);

    // Paid: confirmed, one payment of the ticket's price, the same ticket.
    pay(&app, &accepted.location, "card").await;
    let order_id = held.order_id.unwrap();
    assert_eq!(statuses(&app, order_id).await, vec!["confirmed".to_string()]);
    let paid = payments_of(&app, order_id, PaymentKind::Payment).await;
    assert_eq!(paid.iter().map(|p| p.amount_cents).collect::<Vec<_>>(), vec![4500]);
    let tickets = tickets_of(&app, order_id).await;
    assert_eq!(tickets.iter().map(|t| t.code.clone()).collect::<Vec<_>>(), vec![sam_ticket.code.clone()]);
    assert_eq!(seats(&app, event_id).await, 1);
});

on_both_databases!(a_payment_after_the_release_is_flagged_and_an_admin_refunds_it, |app: TestApp| async move {
    let (path, _, ticket_id, partner) = paid_event(&app, "Vorming te laat betaald", Some(10)).await;
    let started = register_online(&app, &path, ticket_id, partner, "laat@online.test").await;
    let id = started.order.id;
    app.stripe().hold_webhooks(true);
    pay(&app, &started.checkout_url, "card").await;
    // The hold was released meanwhile (the payer was a moment too late).
    let mut o: order::ActiveModel = reload(&app, id).await.into();
    o.status = Set(OrderStatus::Cancelled);
    o.update(&app.db).await.unwrap();
    for event in app.stripe().take_held_events() {
        assert_eq!(app.stripe().deliver(&event).await, 200);
    }
    assert_eq!(reload(&app, id).await.payment_flag.as_deref(), Some("paid_after_release"));
    assert!(tickets_of(&app, id).await.is_empty(), "no seat for a late payment");

    // The admin sees it first, with what happened and what to do.
    let hanne = crate::accounts::sign_in(&app, "hanne.laenen@cawdekempen.test").await;
    let page = app.get_with_cookie("/beheer/biz-kempen/betalingen", &hanne).await;
    assert_eq!(page.status, 200);
    for text in [
        started.order.reference.as_str(),
        "1 betaling vraagt je aandacht",
        "Betaald nadat de plaatsen vrijgegeven waren",
        "€ 45 terugbetalen",
    ] {
        assert!(page.body.contains(text), "{text}");
    }
    let flagged = app.get_with_cookie("/beheer/biz-kempen/betalingen?filter=te-controleren", &hanne).await;
    assert!(flagged.body.contains(&started.order.reference));
    let refund_path = format!("/beheer/biz-kempen/betalingen/{id}/terugbetalen");
    // Staff see payments but do not give money back; other organisers see nothing.
    let tabitha = crate::accounts::sign_in(&app, "tabitha.tanghe@cawdekempen.test").await;
    let staff_page = app.get_with_cookie("/beheer/biz-kempen/betalingen", &tabitha).await;
    assert!(staff_page.body.contains(&started.order.reference) && !staff_page.body.contains("€ 45 terugbetalen"));
    let staff_csrf = crate::helpers::csrf_of(&app.get_with_cookie("/beheer/biz-kempen", &tabitha).await.body);
    let by_staff = app.post_form(&refund_path, &[("csrf", &staff_csrf)], &[("cookie", tabitha.as_str())]).await;
    assert_eq!(by_staff.status, 403);
    let elisa = crate::accounts::sign_in(&app, "elisa.demeulaere@cawnoordwestvlaanderen.test").await;
    assert_eq!(app.get_with_cookie("/beheer/biz-kempen/betalingen", &elisa).await.status, 404);
    let elisa_csrf =
        crate::helpers::csrf_of(&app.get_with_cookie("/beheer/biz-noord-west-vlaanderen", &elisa).await.body);
    let elsewhere = format!("/beheer/biz-noord-west-vlaanderen/betalingen/{id}/terugbetalen");
    let foreign = app.post_form(&elsewhere, &[("csrf", &elisa_csrf)], &[("cookie", elisa.as_str())]).await;
    assert!(matches!(foreign.status, 403 | 404), "{}", foreign.status);
    let cookie = [("cookie", hanne.as_str())];
    assert_eq!(app.post_form(&refund_path, &[("csrf", "forged")], &cookie).await.status, 403);
    assert!(payments_of(&app, id, PaymentKind::Refund).await.is_empty());

    let csrf = crate::helpers::csrf_of(&page.body);
    let done = app.post_form(&refund_path, &[("csrf", &csrf)], &cookie).await;
    assert_eq!(done.location, "/beheer/biz-kempen/betalingen?melding=terugbetaald");
    let refunds = payments_of(&app, id, PaymentKind::Refund).await;
    assert_eq!(refunds.len(), 1);
    assert_eq!((refunds[0].amount_cents, refunds[0].status.as_str()), (4500, "succeeded"));
    assert_eq!(reload(&app, id).await.payment_flag, None);
    let after = app.get_with_cookie("/beheer/biz-kempen/betalingen", &hanne).await;
    assert!(!after.body.contains("vraagt je aandacht") && !after.body.contains("€ 45 terugbetalen"));
    // A second click gives nothing back twice.
    let twice = app.post_form(&refund_path, &[("csrf", &csrf)], &cookie).await;
    assert_eq!(twice.location, "/beheer/biz-kempen/betalingen?melding=al-behandeld");
    assert_eq!(payments_of(&app, id, PaymentKind::Refund).await.len(), 1);
});

/// Without Stripe keys and without `LEERNET_FAKE_STRIPE=1` nothing is paid
/// online: the form offers invoices only, a tampered post is refused, no fake
/// is mounted and no webhook is believed.
async fn no_provider_no_online_payment(backend: crate::helpers::Backend) {
    let Some(app) = crate::helpers::spawn_app_with(backend, &[("LEERNET_FAKE_STRIPE", "0")]).await else { return };
    let (path, event_id, ticket, partner) = paid_event(&app, "Vorming op factuur", Some(10)).await;
    let form = app.get(&format!("{path}/inschrijven")).await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("value=\"factuur\""), "paying on invoice is offered");
    assert!(!form.body.contains("value=\"online\""), "online payment is not offered");
    assert!(form.body.contains("Je betaalt op factuur"));
    let posted = app
        .post_form(
            &format!("{path}/inschrijven"),
            &pairs(&fields(ticket, partner, "sam@ocmw-geel.test", "online")),
            &[],
        )
        .await;
    assert_eq!(posted.status, 422);
    assert!(posted.body.contains("Online betalen is hier niet mogelijk"), "said next to the choice");
    let held = registration::Entity::find().filter(registration::Column::EventId.eq(event_id)).count(&app.db).await;
    assert_eq!(held.unwrap(), 0, "no seat held");
    let by_invoice = app
        .post_form(
            &format!("{path}/inschrijven"),
            &pairs(&fields(ticket, partner, "sam@ocmw-geel.test", "factuur")),
            &[],
        )
        .await;
    assert_eq!(by_invoice.status, 303, "on invoice works: {}", by_invoice.body);
    assert_eq!(app.get("/_fake-stripe/pay.css").await.status, 404, "no fake mounted");
    let webhook = app
        .client
        .post(format!("{}/webhooks/stripe", app.address))
        .header("stripe-signature", "t=1,v1=00")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(webhook.status().as_u16(), 404, "no provider, no webhooks");
}

#[tokio::test]
async fn no_provider_no_online_payment_sqlite() {
    no_provider_no_online_payment(crate::helpers::Backend::Sqlite).await;
}

#[tokio::test]
async fn no_provider_no_online_payment_postgres() {
    no_provider_no_online_payment(crate::helpers::Backend::Postgres).await;
}

// The fake, when mounted, answers behind the same headers as every page.
on_both_databases!(the_fake_sits_behind_the_site_headers, |app: TestApp| async move {
    let style = app.client.get(format!("{}/_fake-stripe/pay.css", app.address)).send().await.unwrap();
    assert_eq!(style.status().as_u16(), 200);
    for header in ["content-security-policy", "x-content-type-options", "x-request-id", "permissions-policy"] {
        assert!(style.headers().contains_key(header), "{header} on the fake's answers");
    }
});
