//! Stripe Connect onboarding of trainers, through the built-in fake Stripe:
//! an admin mails a trainer the onboarding link (one Express account per
//! trainer, however often it is sent), the link asks Stripe for a fresh
//! account link each time, the trainer finishes at Stripe and comes back to
//! a page that asks Stripe how the account stands; `account.updated` makes
//! the account ready, or no longer ready. Only a ready account receives a
//! payout, and only the organiser's admins send links.

use crate::accounts::sign_in;
use crate::helpers::{TestApp, csrf_of};
use crate::on_both_databases;
use domain::{ConnectStatus, CostStatus};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use store::entities::{audit_entry, cost_line, mail_outbox, organiser, trainer};

const KEMPEN: &str = "biz-kempen";
const HANNE: &str = "hanne.laenen@cawdekempen.test";
const TABITHA: &str = "tabitha.tanghe@cawdekempen.test";
const ELISA: &str = "elisa.demeulaere@cawnoordwestvlaanderen.test";
const TRAINER_EMAIL: &str = "wout.vermeulen@lesgevers.test";

fn fields<'a>(csrf: &'a str, pairs: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut all = vec![("csrf", csrf)];
    all.extend_from_slice(pairs);
    all
}

async fn kempen(app: &TestApp) -> i32 {
    organiser::Entity::find().filter(organiser::Column::Slug.eq(KEMPEN)).one(&app.db).await.unwrap().unwrap().id
}

/// A new trainer of Kempen's with an e-mail address (or none).
async fn a_trainer(app: &TestApp, name: &str, email: Option<&str>) -> i32 {
    trainer::ActiveModel {
        organiser_id: Set(kempen(app).await),
        full_name: Set(name.into()),
        email: Set(email.map(str::to_string)),
        created_at: Set(app.clock_now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id
}

async fn stored(app: &TestApp, trainer_id: i32) -> trainer::Model {
    trainer::Entity::find_by_id(trainer_id).one(&app.db).await.unwrap().unwrap()
}

/// A GET without following redirects: (status, location, body).
async fn open(app: &TestApp, path: &str) -> (u16, String, String) {
    let response = app.client.get(format!("{}{path}", app.address)).send().await.unwrap();
    let status = response.status().as_u16();
    let location = response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    (status, location, response.text().await.unwrap())
}

/// The path of an absolute URL on the test server (`http://leernet.test/...`).
fn path_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.find('/').map_or_else(|| "/".to_string(), |at| rest[at..].to_string())
}

/// The onboarding link of the newest mail to the trainer.
async fn link_from_mail(app: &TestApp) -> String {
    let mail = mail_outbox::Entity::find()
        .filter(mail_outbox::Column::ToAddress.eq(TRAINER_EMAIL))
        .order_by_desc(mail_outbox::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .expect("a mail to the trainer");
    assert!(mail.subject.contains("wil je uitbetalen via Stripe"), "{}", mail.subject);
    let start = mail.text_body.find("/lesgever/stripe/").expect("the link in the mail");
    let path: String = mail.text_body[start..].chars().take_while(|c| !c.is_whitespace()).collect();
    assert!(mail.html_body.contains(&path), "the HTML part carries the same link");
    path
}

/// Hanne sends the trainer the link from their page; the notice it answers with.
async fn send_link(app: &TestApp, hanne: &str, trainer_id: i32) -> String {
    let page_path = format!("/beheer/{KEMPEN}/lesgevers/{trainer_id}");
    let csrf = csrf_of(&app.get_with_cookie(&page_path, hanne).await.body);
    let sent = app.post_form(&format!("{page_path}/stripe"), &fields(&csrf, &[]), &[("cookie", hanne)]).await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    sent.location
}

/// An approved fee for the trainer on a new event; (books path, line id).
async fn approved_fee(app: &TestApp, hanne: &str, trainer_id: i32, euros: &str) -> (String, i32) {
    let event_id = app.insert_draft(KEMPEN, "Vorming Connect", true).await;
    let books = format!("/beheer/{KEMPEN}/activiteiten/{event_id}/financien");
    let csrf = csrf_of(&app.get_with_cookie(&books, hanne).await.body);
    let description = format!("Honorarium lesgever {trainer_id}");
    let trainer = trainer_id.to_string();
    let form = [
        ("soort", "trainer"),
        ("omschrijving", description.as_str()),
        ("lesgever", trainer.as_str()),
        ("budget", euros),
        ("werkelijk", euros),
    ];
    let added = app.post_form(&books, &fields(&csrf, &form), &[("cookie", hanne)]).await;
    assert_eq!(added.status, 303, "{}", added.body);
    let line = cost_line::Entity::find()
        .filter(cost_line::Column::Description.eq(description))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let approve = fields(&csrf, &[("actie", "goedkeuren"), ("bedrag", euros)]);
    let approved = app.post_form(&format!("{books}/{line}"), &approve, &[("cookie", hanne)]).await;
    assert!(approved.location.contains("melding=goedgekeurd"), "{}", approved.location);
    (books, line)
}

on_both_databases!(a_trainer_onboards_and_is_paid_once_through_connect, |app: TestApp| async move {
    let hanne = sign_in(&app, HANNE).await;
    let cookie = [("cookie", hanne.as_str())];
    let wout = a_trainer(&app, "Wout Vermeulen", Some(TRAINER_EMAIL)).await;
    let (books, line) = approved_fee(&app, &hanne, wout, "300").await;
    let pay = format!("{books}/{line}/uitbetalen");
    let csrf = csrf_of(&app.get_with_cookie(&books, &hanne).await.body);

    // Not onboarded: no button but why, and a tampered post pays nothing.
    let page = app.get_with_cookie(&books, &hanne).await;
    assert!(
        page.body.contains("kan pas als de lesgever de onboarding bij Stripe afrondde"),
        "why, instead of the button"
    );
    assert!(!page.body.contains(&pay));
    let refused = app.post_form(&pay, &fields(&csrf, &[]), &cookie).await;
    assert!(refused.location.contains("melding=stripe-niet-klaar"), "{}", refused.location);
    assert_eq!(cost_line::Entity::find_by_id(line).one(&app.db).await.unwrap().unwrap().status, CostStatus::Approved);
    assert!(app.stripe().transfers().is_empty());

    // The admin mails the link: one Express account, for Belgium, with transfers asked.
    let trainer_page = format!("/beheer/{KEMPEN}/lesgevers/{wout}");
    let page = app.get_with_cookie(&trainer_page, &hanne).await;
    assert!(page.body.contains("Uitbetalen via Stripe") && page.body.contains("Nog geen Stripe-account."));
    assert!(send_link(&app, &hanne, wout).await.contains("melding=stripe-link-verstuurd#stripe"));
    let first_link = link_from_mail(&app).await;
    // Sent again (the trainer lost the mail): the same account, a new link; the old one stops working.
    assert!(send_link(&app, &hanne, wout).await.contains("melding=stripe-link-verstuurd"));
    let link = link_from_mail(&app).await;
    assert_ne!(link, first_link);
    assert_eq!(open(&app, &first_link).await.0, 404, "a replaced link no longer works");
    let accounts = app.stripe().accounts();
    assert_eq!(accounts.len(), 1, "one account per trainer");
    let account = accounts[0]["id"].as_str().unwrap().to_string();
    assert_eq!((accounts[0]["type"].as_str(), accounts[0]["country"].as_str()), (Some("express"), Some("BE")));
    assert_eq!(accounts[0]["email"], TRAINER_EMAIL);
    let row = stored(&app, wout).await;
    assert_eq!(
        (row.stripe_account.as_deref(), row.stripe_status),
        (Some(account.as_str()), Some(ConnectStatus::Onboarding))
    );
    let page = app.get_with_cookie(&trainer_page, &hanne).await;
    assert!(page.body.contains(&account) && page.body.contains("Onboarding bij Stripe nog niet afgerond"));
    assert!(page.body.contains("Link opnieuw mailen"));

    // A transfer to the account before onboarding is refused by Stripe too.
    let mut forced: cost_line::ActiveModel =
        cost_line::Entity::find_by_id(line).one(&app.db).await.unwrap().unwrap().into();
    forced.status = Set(CostStatus::PayingOut);
    forced.payout_account = Set(Some(account.clone()));
    forced.payout_started_at = Set(None);
    forced.update(&app.db).await.unwrap();
    let early = app.post_form(&pay, &fields(&csrf, &[]), &cookie).await;
    assert!(early.location.contains("melding=stripe-niet-klaar"), "{}", early.location);
    assert_eq!(cost_line::Entity::find_by_id(line).one(&app.db).await.unwrap().unwrap().status, CostStatus::Approved);
    assert!(app.stripe().transfers().is_empty());

    // The trainer opens the link: a fresh account link at Stripe each time.
    let (status, to_stripe, _) = open(&app, &link).await;
    assert_eq!(status, 303);
    assert!(to_stripe.contains("/_fake-stripe/onboarding/"), "{to_stripe}");
    let (_, again, _) = open(&app, &link).await;
    assert_ne!(again, to_stripe, "every visit asks for a new account link");
    let onboarding = path_of(&again);
    let hosted = app.get(&onboarding).await;
    assert_eq!(hosted.status, 200);
    assert!(hosted.body.contains("Uitbetalingen instellen") && hosted.body.contains(&account));
    // Leaving comes back without finishing: the page says what is left.
    let left = app.post_form(&onboarding, &[("actie", "later")], &[]).await;
    let back = path_of(&left.location);
    assert!(back.ends_with("/terug"), "{back}");
    let (_, status_page, _) = open(&app, &back).await;
    let page = app.get(&status_page).await;
    assert!(page.body.contains("Bedankt, Wout Vermeulen") && page.body.contains("nog niet volledig"), "{}", page.body);
    assert!(page.body.contains("Verder bij Stripe"));
    // A used link goes to Stripe's refresh URL: our link, which makes a fresh one.
    let used = app.post_form(&onboarding, &[("actie", "afronden")], &[]).await;
    assert_eq!(path_of(&used.location), link, "a used account link sends the trainer to the refresh URL");
    assert!(app.stripe().transfers().is_empty());

    // Finished at Stripe, with the webhook held back: the return page asks Stripe itself.
    app.stripe().hold_webhooks(true);
    let (_, fresh, _) = open(&app, &link).await;
    let finished = app.post_form(&path_of(&fresh), &[("actie", "afronden")], &[]).await;
    let (_, status_page, _) = open(&app, &path_of(&finished.location)).await;
    let page = app.get(&status_page).await;
    assert!(page.body.contains("Je Stripe-account is klaar"), "{}", page.body);
    let row = stored(&app, wout).await;
    assert_eq!(row.stripe_status, Some(ConnectStatus::Ready));
    assert!(row.stripe_ready_at.is_some());
    // The webhook arrives after: a Connect event, handled once, nothing changes.
    let held = app.stripe().take_held_events();
    app.stripe().hold_webhooks(false);
    let updated = held.iter().find(|e| e["type"] == "account.updated").expect("account.updated");
    assert_eq!(updated["account"], account.as_str(), "a Connect event names the account at the top level");
    assert_eq!(app.stripe().deliver(updated).await, 200);
    assert_eq!(app.stripe().deliver(updated).await, 200);
    assert_eq!(stored(&app, wout).await.stripe_ready_at, row.stripe_ready_at);
    // Ready: the link goes straight to the thanks page, and sending another is refused.
    let (_, ready_link, _) = open(&app, &link).await;
    assert!(ready_link.ends_with("/klaar"), "{ready_link}");
    assert!(send_link(&app, &hanne, wout).await.contains("melding=stripe-al-klaar"));
    assert_eq!(app.stripe().accounts().len(), 1);
    let page = app.get_with_cookie(&trainer_page, &hanne).await;
    assert!(page.body.contains("Klaar voor uitbetalingen"));

    // The admin pays the approved fee: to the trainer's account, once.
    let page = app.get_with_cookie(&books, &hanne).await;
    assert!(page.body.contains("Betalen via Stripe (€ 300,00)"), "the payout is offered");
    let click = fields(&csrf, &[]);
    let (first, second) = tokio::join!(app.post_form(&pay, &click, &cookie), app.post_form(&pay, &click, &cookie));
    let outcomes = [first.location, second.location];
    assert_eq!(outcomes.iter().filter(|l| l.contains("melding=uitbetaald")).count(), 1, "{outcomes:?}");
    let transfers = app.stripe().transfers();
    assert_eq!(transfers.len(), 1);
    assert_eq!(
        (transfers[0]["amount"].as_i64(), transfers[0]["destination"].as_str()),
        (Some(30_000), Some(account.as_str()))
    );
    let paid = cost_line::Entity::find_by_id(line).one(&app.db).await.unwrap().unwrap();
    assert_eq!((paid.status, paid.payout_account.as_deref()), (CostStatus::Paid, Some(account.as_str())));
    let again = app.post_form(&pay, &fields(&csrf, &[]), &cookie).await;
    assert!(again.location.contains("melding=niet-uit-te-betalen"), "{}", again.location);
    assert_eq!(app.stripe().transfers().len(), 1, "paid once");
    for action in ["trainer.stripe_account", "trainer.stripe_link_sent", "trainer.stripe_status"] {
        let logged =
            audit_entry::Entity::find().filter(audit_entry::Column::Action.eq(action)).one(&app.db).await.unwrap();
        assert!(logged.is_some(), "{action} in the audit log");
    }
});

on_both_databases!(an_account_stripe_takes_back_receives_no_payout, |app: TestApp| async move {
    let hanne = sign_in(&app, HANNE).await;
    let cookie = [("cookie", hanne.as_str())];
    let wout = a_trainer(&app, "Wout Vermeulen", Some(TRAINER_EMAIL)).await;
    send_link(&app, &hanne, wout).await;
    let account = stored(&app, wout).await.stripe_account.unwrap();
    // Stripe reports the account ready, then (a minute later) asks for more: the webhook takes readiness back.
    let later = |minutes: i64| app.clock.set(app.clock_now() + chrono::Duration::minutes(minutes));
    later(1);
    assert!(app.stripe().set_account_ready(&account, true).await);
    assert_eq!(stored(&app, wout).await.stripe_status, Some(ConnectStatus::Ready));
    later(1);
    assert!(app.stripe().set_account_ready(&account, false).await);
    let row = stored(&app, wout).await;
    assert_eq!((row.stripe_status, row.stripe_ready_at), (Some(ConnectStatus::Restricted), None));

    let (books, line) = approved_fee(&app, &hanne, wout, "120").await;
    let csrf = csrf_of(&app.get_with_cookie(&books, &hanne).await.body);
    let refused = app.post_form(&format!("{books}/{line}/uitbetalen"), &fields(&csrf, &[]), &cookie).await;
    assert!(refused.location.contains("melding=stripe-niet-klaar"), "{}", refused.location);
    let notice = app.get_with_cookie(&format!("{books}?melding=stripe-niet-klaar"), &hanne).await;
    assert!(notice.body.contains("niet klaar voor uitbetalingen"));
    assert!(app.stripe().transfers().is_empty());

    // An older report that arrives late does not make it ready again.
    let mut old = app
        .stripe()
        .events()
        .into_iter()
        .find(|e| e["data"]["object"]["capabilities"]["transfers"] == "active")
        .unwrap();
    old["id"] = serde_json::json!("evt_late_delivery");
    assert_eq!(app.stripe().deliver(&old).await, 200);
    assert_eq!(stored(&app, wout).await.stripe_status, Some(ConnectStatus::Restricted));
    // A badly signed one changes nothing either.
    let forged = app
        .client
        .post(format!("{}/webhooks/stripe", app.address))
        .header("stripe-signature", "t=1,v1=00")
        .body(old.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status().as_u16(), 400);

    // Ready again: paid.
    later(1);
    assert!(app.stripe().set_account_ready(&account, true).await);
    let paid = app.post_form(&format!("{books}/{line}/uitbetalen"), &fields(&csrf, &[]), &cookie).await;
    assert!(paid.location.contains("melding=uitbetaald"), "{}", paid.location);
    assert_eq!(app.stripe().transfers()[0]["destination"], account.as_str());
});

on_both_databases!(only_the_organisers_admins_send_onboarding_links, |app: TestApp| async move {
    let wout = a_trainer(&app, "Wout Vermeulen", Some(TRAINER_EMAIL)).await;
    let nameless = a_trainer(&app, "Zonder Adres", None).await;
    let send = format!("/beheer/{KEMPEN}/lesgevers/{wout}/stripe");
    let hanne = sign_in(&app, HANNE).await;
    let csrf = csrf_of(&app.get_with_cookie(&format!("/beheer/{KEMPEN}/lesgevers/{wout}"), &hanne).await.body);

    // Without the form token; another organiser's admin; Kempen's staff: nothing is made or sent.
    assert_eq!(app.post_form(&send, &[], &[("cookie", hanne.as_str())]).await.status, 403);
    let elisa = sign_in(&app, ELISA).await;
    let nwvl = "biz-noord-west-vlaanderen";
    let elisa_csrf = csrf_of(&app.get_with_cookie(&format!("/beheer/{nwvl}"), &elisa).await.body);
    let elisa_cookie = [("cookie", elisa.as_str())];
    let other = app.post_form(&send, &fields(&elisa_csrf, &[]), &elisa_cookie).await;
    assert_ne!(other.status, 303, "another organiser's admin: {}", other.location);
    let sideways = format!("/beheer/{nwvl}/lesgevers/{wout}/stripe");
    assert_eq!(app.post_form(&sideways, &fields(&elisa_csrf, &[]), &elisa_cookie).await.status, 404);
    let tabitha = sign_in(&app, TABITHA).await;
    let tabitha_csrf = csrf_of(&app.get_with_cookie(&format!("/beheer/{KEMPEN}"), &tabitha).await.body);
    let staff = app.post_form(&send, &fields(&tabitha_csrf, &[]), &[("cookie", tabitha.as_str())]).await;
    assert_eq!(staff.status, 403, "staff may not send it");
    // Kempen's admin, for a trainer of Kempen's only.
    let elsewhere = format!("/beheer/{KEMPEN}/lesgevers/999999/stripe");
    assert_eq!(app.post_form(&elsewhere, &fields(&csrf, &[]), &[("cookie", hanne.as_str())]).await.status, 404);
    assert!(app.stripe().accounts().is_empty());
    assert!(stored(&app, wout).await.stripe_account.is_none());

    // No e-mail address: no account, no mail, and the page says so.
    assert!(send_link(&app, &hanne, nameless).await.contains("melding=stripe-geen-email"));
    assert!(app.stripe().accounts().is_empty());
    let page = app.get_with_cookie(&format!("/beheer/{KEMPEN}/lesgevers/{nameless}"), &hanne).await;
    assert!(page.body.contains("geen e-mailadres"));

    // Stripe down: nothing kept; the next try makes the one account.
    app.stripe().fail_next_call(500, "api_error", "Something went wrong on Stripe's end.");
    assert!(send_link(&app, &hanne, wout).await.contains("melding=stripe-onbereikbaar"));
    assert!(stored(&app, wout).await.stripe_account.is_none());
    assert!(send_link(&app, &hanne, wout).await.contains("melding=stripe-link-verstuurd"));
    assert_eq!(app.stripe().accounts().len(), 1);

    // A made-up link is not found.
    assert_eq!(open(&app, &format!("/lesgever/stripe/{}", "ab".repeat(32))).await.0, 404);
    assert_eq!(open(&app, "/lesgever/stripe/kort").await.0, 404);
});
