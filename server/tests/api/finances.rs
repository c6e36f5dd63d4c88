//! The admins' money pages: an event's income summed from its invoices and
//! payments, its cost lines added, changed, paid and removed through the
//! forms, the year per event, and who may see and change them.

use crate::accounts::sign_in;
use crate::helpers::{TestApp, csrf_of};
use crate::on_both_databases;
use chrono::Utc;
use domain::{CostStatus, InvoiceStatus, OrderStatus, PaymentKind, PaymentMethod, PaymentProvider, PaymentStatus};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use store::entities::{audit_entry, cost_line, invoice, order, organiser, payment};

const KEMPEN: &str = "biz-kempen";
const HANNE: &str = "hanne.laenen@cawdekempen.test";
const TABITHA: &str = "tabitha.tanghe@cawdekempen.test";
const ELISA: &str = "elisa.demeulaere@cawnoordwestvlaanderen.test";

async fn organiser_id(app: &TestApp, slug: &str) -> i32 {
    organiser::Entity::find().filter(organiser::Column::Slug.eq(slug)).one(&app.db).await.unwrap().unwrap().id
}

async fn an_order(
    app: &TestApp,
    organiser_id: i32,
    event_id: i32,
    reference: &str,
    method: PaymentMethod,
    cents: i64,
) -> i32 {
    let now = Utc::now();
    order::ActiveModel {
        organiser_id: Set(organiser_id),
        event_id: Set(event_id),
        reference: Set(reference.into()),
        payment_method: Set(method),
        status: Set(OrderStatus::Paid),
        total_cents: Set(cents),
        locale: Set("nl".into()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id
}

async fn a_document(app: &TestApp, organiser_id: i32, order_id: i32, kind: &str, number: i32, cents: i64) {
    invoice::ActiveModel {
        organiser_id: Set(organiser_id),
        order_id: Set(order_id),
        document_kind: Set(kind.into()),
        year: Set(2099),
        number: Set(number),
        issue_date: Set(Utc::now().date_naive()),
        customer_name: Set("OCMW Geel".into()),
        vat_category: Set("E".into()),
        vat_rate_basis_points: Set(0),
        total_excl_cents: Set(cents),
        vat_cents: Set(0),
        total_incl_cents: Set(cents),
        status: Set(InvoiceStatus::Open),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
}

async fn a_payment(
    app: &TestApp,
    order_id: i32,
    provider: PaymentProvider,
    kind: PaymentKind,
    status: PaymentStatus,
    cents: i64,
) {
    payment::ActiveModel {
        order_id: Set(order_id),
        provider: Set(provider),
        kind: Set(kind),
        amount_cents: Set(cents),
        status: Set(status),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
}

/// A Kempen event with money in: € 90 invoiced, € 45 of it credited and
/// € 20 received; € 90 paid online, € 45 refunded; and what must not count
/// (a refund still pending, a failed payment).
async fn event_with_income(app: &TestApp) -> i32 {
    let kempen = organiser_id(app, KEMPEN).await;
    let event_id = app.insert_draft(KEMPEN, "Vorming geld in en uit", true).await;
    let on_invoice = an_order(app, kempen, event_id, "FIN-1", PaymentMethod::Invoice, 9000).await;
    a_document(app, kempen, on_invoice, "invoice", 1, 9000).await;
    a_document(app, kempen, on_invoice, "credit_note", 1, 4500).await;
    a_payment(app, on_invoice, PaymentProvider::BankTransfer, PaymentKind::Payment, PaymentStatus::Succeeded, 2000)
        .await;
    let online = an_order(app, kempen, event_id, "FIN-2", PaymentMethod::Online, 9000).await;
    a_payment(app, online, PaymentProvider::Stripe, PaymentKind::Payment, PaymentStatus::Succeeded, 9000).await;
    a_payment(app, online, PaymentProvider::Stripe, PaymentKind::Refund, PaymentStatus::Succeeded, 4500).await;
    a_payment(app, online, PaymentProvider::Stripe, PaymentKind::Refund, PaymentStatus::Pending, 1000).await;
    a_payment(app, online, PaymentProvider::Stripe, PaymentKind::Payment, PaymentStatus::Failed, 9000).await;
    event_id
}

fn fields<'a>(csrf: &'a str, pairs: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut all = vec![("csrf", csrf)];
    all.extend_from_slice(pairs);
    all
}

on_both_databases!(an_admin_keeps_an_events_books, |app: TestApp| async move {
    let event_id = event_with_income(&app).await;
    let hanne = sign_in(&app, HANNE).await;
    let cookie = [("cookie", hanne.as_str())];
    let books = format!("/beheer/{KEMPEN}/activiteiten/{event_id}/financien");

    let dashboard = app.get_with_cookie(&format!("/beheer/{KEMPEN}"), &hanne).await;
    assert!(dashboard.body.contains(&format!("href=\"/beheer/{KEMPEN}/financien\"")), "admins find the books");
    let page = app.get_with_cookie(&books, &hanne).await;
    assert_eq!(page.status, 200);
    let csrf = csrf_of(&page.body);
    // Earned € 90 (45 net on invoice, 45 net online), received € 65, € 25 still due.
    for figure in ["€ 90,00", "€ 65,00", "€ 25,00", "€ -45,00", "Nog geen kosten"] {
        assert!(page.body.contains(figure), "{figure} on the page");
    }

    // A trainer's fee and the catering, as budgeted.
    let added = app
        .post_form(
            &books,
            &fields(
                &csrf,
                &[
                    ("soort", "trainer"),
                    ("omschrijving", "Honorarium Lies Pauwels"),
                    ("begunstigde", "Lies Pauwels"),
                    ("budget", "1.400"),
                    ("werkelijk", ""),
                    ("status", "planned"),
                    ("referentie", ""),
                ],
            ),
            &cookie,
        )
        .await;
    assert_eq!(added.status, 303, "{}", added.body);
    assert!(added.location.ends_with("financien?melding=toegevoegd#kosten"), "{}", added.location);
    let catering = [
        ("soort", "catering"),
        ("omschrijving", "Broodjeslunch"),
        ("begunstigde", ""),
        ("budget", "750"),
        ("werkelijk", "689,50"),
        ("status", "approved"),
        ("referentie", ""),
    ];
    assert_eq!(app.post_form(&books, &fields(&csrf, &catering), &cookie).await.status, 303);
    let page = app.get_with_cookie(&books, &hanne).await;
    for figure in ["Honorarium Lies Pauwels", "Lies Pauwels", "€ 2.150,00", "€ 2.089,50", "Nog te betalen: € 689,50"]
    {
        assert!(page.body.contains(figure), "{figure} on the page");
    }
    // The result: € 90 earned less € 2.089,50 expected.
    assert!(page.body.contains("€ -1.999,50"), "the result");

    // The trainer is paid: the actual amount, the reference, the date.
    let fee = cost_line::Entity::find()
        .filter(cost_line::Column::EventId.eq(event_id))
        .filter(cost_line::Column::Category.eq("trainer"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let line = format!("{books}/{}", fee.id);
    let form = app.get_with_cookie(&line, &hanne).await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("value=\"Honorarium Lies Pauwels\""), "the stored values fill the form");
    let paid = [
        ("soort", "trainer"),
        ("omschrijving", "Honorarium Lies Pauwels"),
        ("begunstigde", "Lies Pauwels"),
        ("budget", "1400"),
        ("werkelijk", "1400"),
        ("status", "paid"),
        ("referentie", "Honorarium leernetwerk 2099"),
    ];
    let saved = app.post_form(&line, &fields(&csrf, &paid), &cookie).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert!(saved.location.contains("melding=opgeslagen"), "{}", saved.location);
    let stored = cost_line::Entity::find_by_id(fee.id).one(&app.db).await.unwrap().unwrap();
    assert_eq!((stored.status.as_str(), stored.actual_cents), ("paid", Some(140_000)));
    assert!(stored.paid_at.is_some());
    // The same form again changes nothing, and keeps the day it was paid.
    let again = app.post_form(&line, &fields(&csrf, &paid), &cookie).await;
    assert!(again.location.contains("melding=ongewijzigd"), "{}", again.location);
    assert_eq!(cost_line::Entity::find_by_id(fee.id).one(&app.db).await.unwrap().unwrap().paid_at, stored.paid_at);
    let page = app.get_with_cookie(&books, &hanne).await;
    assert!(page.body.contains("Betaald op") && page.body.contains("Honorarium leernetwerk 2099"));

    // A paid line stays in the books; a planned one can go.
    let removed = app.post_form(&format!("{line}/verwijderen"), &fields(&csrf, &[]), &cookie).await;
    assert!(removed.location.contains("melding=betaald"), "{}", removed.location);
    assert!(cost_line::Entity::find_by_id(fee.id).one(&app.db).await.unwrap().is_some());
    let lunch = cost_line::Entity::find()
        .filter(cost_line::Column::EventId.eq(event_id))
        .filter(cost_line::Column::Category.eq("catering"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let removed = app.post_form(&format!("{books}/{}/verwijderen", lunch.id), &fields(&csrf, &[]), &cookie).await;
    assert!(removed.location.contains("melding=verwijderd"), "{}", removed.location);
    assert!(cost_line::Entity::find_by_id(lunch.id).one(&app.db).await.unwrap().is_none());

    // Every change is in the organiser's log.
    let logged: Vec<String> = audit_entry::Entity::find()
        .filter(audit_entry::Column::Entity.eq("cost_line"))
        .order_by_asc(audit_entry::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    assert_eq!(logged, ["cost_line.added", "cost_line.added", "cost_line.updated", "cost_line.removed"]);
    let dashboard = app.get_with_cookie(&format!("/beheer/{KEMPEN}"), &hanne).await;
    assert!(dashboard.body.contains("wijzigde kost Honorarium Lies Pauwels"), "the log reads as a sentence");

    // The year: the event with its income, costs and result.
    let year = chrono::Datelike::year(&(app.clock_now() + chrono::Duration::days(40)));
    let overview = app.get_with_cookie(&format!("/beheer/{KEMPEN}/financien?jaar={year}"), &hanne).await;
    assert_eq!(overview.status, 200);
    assert!(overview.body.contains(&format!("href=\"{books}\"")), "the event links to its books");
    assert!(overview.body.contains("Vorming geld in en uit"));
    assert!(overview.body.contains("€ -1.310,00"), "its result: € 90 less € 1.400");
    let csv = app.get_with_cookie(&format!("/beheer/{KEMPEN}/financien.csv?jaar={year}"), &hanne).await;
    assert_eq!(csv.status, 200);
    let line = csv.body.lines().find(|l| l.starts_with("Vorming geld in en uit;")).expect("the event's line");
    assert!(line.ends_with(";90,00;65,00;25,00;1400,00;1400,00;0,00;-1310,00"), "{line}");
});

on_both_databases!(a_cost_line_that_does_not_validate_comes_back_with_its_errors, |app: TestApp| async move {
    let event_id = app.insert_draft(KEMPEN, "Vorming met fouten", true).await;
    let hanne = sign_in(&app, HANNE).await;
    let books = format!("/beheer/{KEMPEN}/activiteiten/{event_id}/financien");
    let csrf = csrf_of(&app.get_with_cookie(&books, &hanne).await.body);
    let answer = app
        .post_form(
            &books,
            &fields(
                &csrf,
                &[
                    ("soort", "cadeau"),
                    ("omschrijving", ""),
                    ("begunstigde", "Traiteur Smaakvol"),
                    ("budget", "-10"),
                    ("werkelijk", ""),
                    ("status", "paid"),
                ],
            ),
            &[("cookie", hanne.as_str())],
        )
        .await;
    assert_eq!(answer.status, 422);
    for message in
        ["Kies wat voor kost het is.", "Geef een omschrijving", "Een kost is 0 of meer.", "Geef het werkelijke bedrag"]
    {
        assert!(answer.body.contains(message), "{message} next to its field");
    }
    assert!(answer.body.contains("aria-invalid=\"true\""));
    assert!(answer.body.contains("value=\"Traiteur Smaakvol\""), "what was typed stays");
    assert!(
        cost_line::Entity::find().filter(cost_line::Column::EventId.eq(event_id)).one(&app.db).await.unwrap().is_none()
    );

    // In French, the same mistakes in French.
    let french = format!("{hanne}; leernet_lang=fr");
    let answer = app
        .post_form(
            &books,
            &fields(
                &csrf,
                &[("soort", "trainer"), ("omschrijving", "Honoraires"), ("budget", ""), ("status", "planned")],
            ),
            &[("cookie", french.as_str())],
        )
        .await;
    assert_eq!(answer.status, 422);
    assert!(answer.body.contains("Indiquez le montant budgété"), "{}", answer.body);
});

on_both_databases!(only_the_organisers_admins_see_and_change_the_books, |app: TestApp| async move {
    let event_id = event_with_income(&app).await;
    let books = format!("/beheer/{KEMPEN}/activiteiten/{event_id}/financien");
    let line = cost_line::ActiveModel {
        event_id: Set(event_id),
        category: Set("venue".into()),
        description: Set("Zaalhuur".into()),
        budget_cents: Set(30_000),
        status: Set(CostStatus::Planned),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let line_path = format!("{books}/{}", line.id);
    let planned = [("soort", "venue"), ("omschrijving", "Gekaapt"), ("budget", "0"), ("status", "planned")];

    // Not signed in.
    assert_eq!(app.get(&books).await.status, 401);
    assert_eq!(app.get(&format!("/beheer/{KEMPEN}/financien")).await.status, 401);

    // Kempen's staff run the door, not the books.
    let tabitha = sign_in(&app, TABITHA).await;
    let csv = format!("/beheer/{KEMPEN}/financien.csv");
    assert_eq!(app.get_with_cookie(&csv, &tabitha).await.status, 404);
    let dashboard = app.get_with_cookie(&format!("/beheer/{KEMPEN}"), &tabitha).await;
    assert!(!dashboard.body.contains(&format!("/beheer/{KEMPEN}/financien")), "no link for staff");
    let csrf = csrf_of(&dashboard.body);
    for path in [books.clone(), line_path.clone(), format!("/beheer/{KEMPEN}/financien")] {
        let page = app.get_with_cookie(&path, &tabitha).await;
        assert_eq!(page.status, 404, "GET {path}");
        assert!(!page.body.contains("Zaalhuur") && !page.body.contains("€ 90"), "{path} leaked");
    }
    let cookie = [("cookie", tabitha.as_str())];
    assert_eq!(app.post_form(&books, &fields(&csrf, &planned), &cookie).await.status, 403);
    assert_eq!(app.post_form(&line_path, &fields(&csrf, &planned), &cookie).await.status, 403);
    assert_eq!(app.post_form(&format!("{line_path}/verwijderen"), &fields(&csrf, &[]), &cookie).await.status, 403);

    // Another organiser's admin: Kempen's event is not found, through either organiser.
    let elisa = sign_in(&app, ELISA).await;
    let nwvl = "biz-noord-west-vlaanderen";
    let csrf = csrf_of(&app.get_with_cookie(&format!("/beheer/{nwvl}"), &elisa).await.body);
    let cookie = [("cookie", elisa.as_str())];
    let sideways = format!("/beheer/{nwvl}/activiteiten/{event_id}/financien");
    assert_eq!(app.get_with_cookie(&books, &elisa).await.status, 404);
    assert_eq!(app.get_with_cookie(&sideways, &elisa).await.status, 404);
    assert_eq!(app.get_with_cookie(&format!("{sideways}/{}", line.id), &elisa).await.status, 404);
    assert_eq!(app.post_form(&sideways, &fields(&csrf, &planned), &cookie).await.status, 404);
    assert_eq!(app.post_form(&format!("{sideways}/{}", line.id), &fields(&csrf, &planned), &cookie).await.status, 404);
    let removal = format!("{sideways}/{}/verwijderen", line.id);
    assert_eq!(app.post_form(&removal, &fields(&csrf, &[]), &cookie).await.status, 404);
    let overview = app.get_with_cookie(&format!("/beheer/{nwvl}/financien"), &elisa).await;
    assert!(!overview.body.contains("Vorming geld in en uit"), "Kempen's event is not in NWVL's year");

    // Kempen's admin without the form token.
    let hanne = sign_in(&app, HANNE).await;
    let cookie = [("cookie", hanne.as_str())];
    let tokenless: Vec<(&str, &str)> = planned.to_vec();
    assert_eq!(app.post_form(&line_path, &tokenless, &cookie).await.status, 403);
    assert_eq!(app.post_form(&format!("{line_path}/verwijderen"), &[], &cookie).await.status, 403);

    let unchanged = cost_line::Entity::find_by_id(line.id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(unchanged.description, "Zaalhuur", "nobody changed it");
});

/// Adds an approved line paid through Stripe to `books`; its id.
async fn approved_with_account(
    app: &TestApp,
    books: &str,
    csrf: &str,
    cookie: &str,
    who: &str,
    euros: &str,
    account: &str,
) -> i32 {
    let description = format!("Honorarium {who}");
    let added = app
        .post_form(
            books,
            &fields(
                csrf,
                &[
                    ("soort", "trainer"),
                    ("omschrijving", &description),
                    ("begunstigde", who),
                    ("budget", euros),
                    ("werkelijk", euros),
                    ("status", "approved"),
                    ("stripe-account", account),
                ],
            ),
            &[("cookie", cookie)],
        )
        .await;
    assert_eq!(added.status, 303, "{}", added.body);
    // The newest: the demo has fees of the same trainers.
    cost_line::Entity::find()
        .filter(cost_line::Column::Description.eq(description))
        .order_by_desc(cost_line::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .expect("the line")
        .id
}

on_both_databases!(an_admin_pays_a_trainer_through_stripe_connect, |app: TestApp| async move {
    let event_id = app.insert_draft(KEMPEN, "Vorming verzekeringen", true).await;
    let hanne = sign_in(&app, HANNE).await;
    let books = format!("/beheer/{KEMPEN}/activiteiten/{event_id}/financien");
    let csrf = csrf_of(&app.get_with_cookie(&books, &hanne).await.body);
    let line = approved_with_account(&app, &books, &csrf, &hanne, "Cedric Lesage", "200", "acct_1CedricLesage").await;
    let page = app.get_with_cookie(&books, &hanne).await;
    assert!(page.body.contains("Betalen via Stripe (€ 200,00)"), "the payout is offered");
    let balance_before = app.stripe().available_balance();

    let paid =
        app.post_form(&format!("{books}/{line}/uitbetalen"), &fields(&csrf, &[]), &[("cookie", hanne.as_str())]).await;
    assert_eq!(paid.status, 303, "{}", paid.body);
    assert!(paid.location.contains("melding=uitbetaald"), "{}", paid.location);
    let transfers = app.stripe().transfers();
    assert_eq!(transfers.len(), 1);
    let transfer = &transfers[0];
    assert_eq!(transfer["amount"], 20_000);
    assert_eq!(transfer["currency"], "eur");
    assert_eq!(transfer["destination"], "acct_1CedricLesage");
    assert_eq!(transfer["transfer_group"], format!("event-{event_id}"));
    assert_eq!(app.stripe().available_balance(), balance_before - 20_000);
    let stored = cost_line::Entity::find_by_id(line).one(&app.db).await.unwrap().unwrap();
    assert_eq!(stored.status, CostStatus::Paid);
    assert_eq!(stored.payout_reference.as_deref(), transfer["id"].as_str());
    assert!(stored.paid_at.is_some());
    let page = app.get_with_cookie(&books, &hanne).await;
    let transfer_id = transfer["id"].as_str().unwrap();
    assert!(page.body.contains("Betaald op") && page.body.contains(transfer_id), "paid, with the transfer's id");
    assert!(!page.body.contains("Betalen via Stripe ("), "no second payout offered");
    let notice = app.get_with_cookie(&format!("{books}?melding=uitbetaald"), &hanne).await;
    assert!(notice.body.contains("Betaald via Stripe."));

    // Paid is paid: the button is gone, and a stale form pays nothing.
    let again =
        app.post_form(&format!("{books}/{line}/uitbetalen"), &fields(&csrf, &[]), &[("cookie", hanne.as_str())]).await;
    assert!(again.location.contains("melding=niet-uit-te-betalen"), "{}", again.location);
    assert_eq!(app.stripe().transfers().len(), 1);
    let logged = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("cost_line.paid_out"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the payout is in the log");
    assert!(logged.detail.unwrap_or_default().contains("acct_1CedricLesage"));
});

on_both_databases!(a_refused_payout_pays_nothing_and_can_be_tried_again, |app: TestApp| async move {
    let event_id = app.insert_draft(KEMPEN, "Vorming telecom", true).await;
    let hanne = sign_in(&app, HANNE).await;
    let cookie = [("cookie", hanne.as_str())];
    let books = format!("/beheer/{KEMPEN}/activiteiten/{event_id}/financien");
    let csrf = csrf_of(&app.get_with_cookie(&books, &hanne).await.body);
    let line = approved_with_account(&app, &books, &csrf, &hanne, "Pieter Geens", "2.750", "acct_1PieterGeens").await;
    let pay = format!("{books}/{line}/uitbetalen");
    let attempt = |app: &TestApp| {
        let db = app.db.clone();
        async move { cost_line::Entity::find_by_id(line).one(&db).await.unwrap().unwrap() }
    };

    // Not enough in the balance yet.
    app.stripe().set_opening_balance(0);
    let refused = app.post_form(&pay, &fields(&csrf, &[]), &cookie).await;
    assert!(refused.location.contains("melding=saldo-te-laag"), "{}", refused.location);
    let stored = attempt(&app).await;
    assert_eq!((stored.status.as_str(), stored.payout_attempt), ("approved", 1));
    let page = app.get_with_cookie(&format!("{books}?melding=saldo-te-laag"), &hanne).await;
    assert!(page.body.contains("het beschikbare saldo is te laag"));

    // Stripe down: nothing known, so the same key is kept for the next try.
    app.stripe().fail_next_call(500, "api_error", "Something went wrong on Stripe's end.");
    let down = app.post_form(&pay, &fields(&csrf, &[]), &cookie).await;
    assert!(down.location.contains("melding=stripe-onbereikbaar"), "{}", down.location);
    assert_eq!(attempt(&app).await.payout_attempt, 1);
    assert!(app.stripe().transfers().is_empty());

    // The money is in: the next try pays, once.
    app.stripe().set_opening_balance(1_000_000);
    let paid = app.post_form(&pay, &fields(&csrf, &[]), &cookie).await;
    assert!(paid.location.contains("melding=uitbetaald"), "{}", paid.location);
    assert_eq!(app.stripe().transfers().len(), 1);
    assert_eq!(app.stripe().transfers()[0]["amount"], 275_000);

    // An account that no longer exists at Stripe.
    app.stripe().close_account("acct_1Vertrokken");
    let gone =
        approved_with_account(&app, &books, &csrf, &hanne, "Vertrokken Lesgever", "100", "acct_1Vertrokken").await;
    let unknown = app.post_form(&format!("{books}/{gone}/uitbetalen"), &fields(&csrf, &[]), &cookie).await;
    assert!(unknown.location.contains("melding=account-onbekend"), "{}", unknown.location);
    assert_eq!(cost_line::Entity::find_by_id(gone).one(&app.db).await.unwrap().unwrap().status, CostStatus::Approved);
    assert_eq!(app.stripe().transfers().len(), 1);
});

on_both_databases!(two_clicks_at_once_pay_once, |app: TestApp| async move {
    let event_id = app.insert_draft(KEMPEN, "Vorming energie", true).await;
    let hanne = sign_in(&app, HANNE).await;
    let books = format!("/beheer/{KEMPEN}/activiteiten/{event_id}/financien");
    let csrf = csrf_of(&app.get_with_cookie(&books, &hanne).await.body);
    let line = approved_with_account(&app, &books, &csrf, &hanne, "Lies Pauwels", "1.400", "acct_1LiesPauwels").await;
    let pay = format!("{books}/{line}/uitbetalen");
    let form = fields(&csrf, &[]);
    let cookie = [("cookie", hanne.as_str())];
    let (first, second, third) = tokio::join!(
        app.post_form(&pay, &form, &cookie),
        app.post_form(&pay, &form, &cookie),
        app.post_form(&pay, &form, &cookie)
    );
    let outcomes = [first.location, second.location, third.location];
    assert_eq!(outcomes.iter().filter(|l| l.contains("melding=uitbetaald")).count(), 1, "{outcomes:?}");
    assert_eq!(app.stripe().transfers().len(), 1, "one transfer for three clicks");
    let stored = cost_line::Entity::find_by_id(line).one(&app.db).await.unwrap().unwrap();
    assert_eq!(stored.status, CostStatus::Paid);
    assert_eq!(stored.payout_reference.as_deref(), app.stripe().transfers()[0]["id"].as_str());
});
