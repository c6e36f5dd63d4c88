//! The admins' money pages: an event's income summed from its invoices and
//! payments, its cost lines added, changed, approved, paid and removed
//! through the forms, the year per event, and who may see and change them.
//! Paid is final and approval fixes the terms, whatever is posted; four eyes
//! keep an approver from paying; a correction is a new line.

use crate::accounts::sign_in;
use crate::helpers::{TestApp, csrf_of};
use crate::on_both_databases;
use chrono::Utc;
use domain::{CostStatus, InvoiceStatus, OrderStatus, PaymentKind, PaymentMethod, PaymentProvider, PaymentStatus};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use store::entities::{audit_entry, cost_line, invoice, membership, order, organiser, payment, person};

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
pub(crate) async fn event_with_income(app: &TestApp) -> i32 {
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
    // Written past the store, as rows from before the ledger: the ledger gets them as at start.
    store::ledger::backfill(&app.db, app.clock_now()).await.unwrap();
    event_id
}

fn fields<'a>(csrf: &'a str, pairs: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut all = vec![("csrf", csrf)];
    all.extend_from_slice(pairs);
    all
}

/// The approve button's form: the amount the admin sees (an account posted
/// with it, as the form once had, is not read).
fn approve<'a>(csrf: &'a str, amount: &'a str, account: &'a str) -> Vec<(&'a str, &'a str)> {
    fields(csrf, &[("actie", "goedkeuren"), ("bedrag", amount), ("stripe-account", account)])
}

/// A trainer of Kempen's who finished onboarding at Stripe: `account` is ready for payouts.
async fn onboarded_trainer(app: &TestApp, name: &str, account: &str) -> i32 {
    store::entities::trainer::ActiveModel {
        organiser_id: Set(organiser_id(app, KEMPEN).await),
        full_name: Set(name.into()),
        created_at: Set(app.clock_now()),
        stripe_account: Set(Some(account.into())),
        stripe_status: Set(Some(domain::ConnectStatus::Ready)),
        stripe_ready_at: Set(Some(app.clock_now())),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id
}

/// The "paid by bank transfer" form.
fn mark_paid<'a>(csrf: &'a str, reference: &'a str) -> Vec<(&'a str, &'a str)> {
    fields(csrf, &[("actie", "betaald"), ("referentie", reference)])
}

async fn line_called(app: &TestApp, event_id: i32, description: &str) -> cost_line::Model {
    cost_line::Entity::find()
        .filter(cost_line::Column::EventId.eq(event_id))
        .filter(cost_line::Column::Description.eq(description))
        .order_by_desc(cost_line::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .expect("the line")
}

pub(crate) async fn person_id(app: &TestApp, email: &str) -> i32 {
    person::Entity::find().filter(person::Column::Email.eq(email)).one(&app.db).await.unwrap().expect("the person").id
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
    // A status typed into the form moves nothing: every line starts planned.
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
    let lunch = line_called(&app, event_id, "Broodjeslunch").await;
    assert_eq!(lunch.status, CostStatus::Planned);
    let page = app.get_with_cookie(&books, &hanne).await;
    assert!(page.body.contains("Nog te betalen: € 0,00"), "nothing approved yet");
    // Approving fixes the amount: who, when and how much are kept.
    let lunch_path = format!("{books}/{}", lunch.id);
    let approved = app.post_form(&lunch_path, &approve(&csrf, "689,50", ""), &cookie).await;
    assert!(approved.location.contains("melding=goedgekeurd"), "{}", approved.location);
    let lunch = cost_line::Entity::find_by_id(lunch.id).one(&app.db).await.unwrap().unwrap();
    assert_eq!((lunch.status, lunch.approved_cents), (CostStatus::Approved, Some(68_950)));
    assert_eq!(lunch.approved_by, Some(person_id(&app, HANNE).await));
    assert!(lunch.approved_at.is_some());
    let page = app.get_with_cookie(&books, &hanne).await;
    for figure in ["Honorarium Lies Pauwels", "Lies Pauwels", "€ 2.150,00", "€ 2.089,50", "Nog te betalen: € 689,50"]
    {
        assert!(page.body.contains(figure), "{figure} on the page");
    }
    assert!(page.body.contains("Goedgekeurd door Hanne Laenen"), "who approved it");
    // The result: € 90 earned less € 2.089,50 expected.
    assert!(page.body.contains("€ -1.999,50"), "the result");

    // The trainer's amount is agreed, approved, and paid by bank transfer.
    let fee = line_called(&app, event_id, "Honorarium Lies Pauwels").await;
    let line = format!("{books}/{}", fee.id);
    let form = app.get_with_cookie(&line, &hanne).await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("value=\"Honorarium Lies Pauwels\""), "the stored values fill the form");
    let agreed = [
        ("soort", "trainer"),
        ("omschrijving", "Honorarium Lies Pauwels"),
        ("begunstigde", "Lies Pauwels"),
        ("budget", "1400"),
        ("werkelijk", "1400"),
        ("status", "paid"),
        ("referentie", ""),
    ];
    let saved = app.post_form(&line, &fields(&csrf, &agreed), &cookie).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert!(saved.location.contains("melding=opgeslagen"), "{}", saved.location);
    let stored = cost_line::Entity::find_by_id(fee.id).one(&app.db).await.unwrap().unwrap();
    assert_eq!((stored.status, stored.actual_cents), (CostStatus::Planned, Some(140_000)), "the status is no field");
    assert!(app.post_form(&line, &approve(&csrf, "1400", ""), &cookie).await.location.contains("goedgekeurd"));
    let paid = app.post_form(&line, &mark_paid(&csrf, "Honorarium leernetwerk 2099"), &cookie).await;
    assert!(paid.location.contains("melding=betaald-gemarkeerd"), "{}", paid.location);
    let stored = cost_line::Entity::find_by_id(fee.id).one(&app.db).await.unwrap().unwrap();
    assert_eq!((stored.status, stored.actual_cents), (CostStatus::Paid, Some(140_000)));
    assert_eq!(stored.payout_reference.as_deref(), Some("Honorarium leernetwerk 2099"));
    assert!(stored.paid_at.is_some());
    // The same form again changes nothing: paid is final, and keeps the day it was paid.
    let again = app.post_form(&line, &fields(&csrf, &agreed), &cookie).await;
    assert!(again.location.contains("melding=betaald-definitief"), "{}", again.location);
    assert_eq!(cost_line::Entity::find_by_id(fee.id).one(&app.db).await.unwrap().unwrap(), stored);
    let page = app.get_with_cookie(&books, &hanne).await;
    assert!(page.body.contains("Betaald op") && page.body.contains("Honorarium leernetwerk 2099"));

    // A paid line stays in the books; an approved one is withdrawn first; a planned one can go.
    let removed = app.post_form(&format!("{line}/verwijderen"), &fields(&csrf, &[]), &cookie).await;
    assert!(removed.location.contains("melding=betaald"), "{}", removed.location);
    assert!(cost_line::Entity::find_by_id(fee.id).one(&app.db).await.unwrap().is_some());
    let removal = format!("{lunch_path}/verwijderen");
    let removed = app.post_form(&removal, &fields(&csrf, &[]), &cookie).await;
    assert!(removed.location.contains("melding=eerst-intrekken"), "{}", removed.location);
    let withdrawn = app.post_form(&lunch_path, &fields(&csrf, &[("actie", "intrekken")]), &cookie).await;
    assert!(withdrawn.location.contains("melding=ingetrokken"), "{}", withdrawn.location);
    let lunch = cost_line::Entity::find_by_id(lunch.id).one(&app.db).await.unwrap().unwrap();
    assert_eq!((lunch.status, lunch.approved_cents, lunch.approved_by), (CostStatus::Planned, None, None));
    let removed = app.post_form(&removal, &fields(&csrf, &[]), &cookie).await;
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
    assert_eq!(
        logged,
        [
            "cost_line.added",
            "cost_line.added",
            "cost_line.approved",
            "cost_line.updated",
            "cost_line.approved",
            "cost_line.marked_paid",
            "cost_line.approval_withdrawn",
            "cost_line.removed"
        ]
    );
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
    assert!(line.ends_with(";90,00;0,00;65,00;25,00;1400,00;1400,00;0,00;-1310,00"), "{line}");
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
    for message in ["Kies wat voor kost het is.", "Geef een omschrijving", "Een kost is 0 of meer."] {
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

/// Adds a line to `books` and approves it; its id. With an `account`, the
/// payee is a trainer onboarded at Stripe with that account.
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
    let trainer = match account {
        "" => String::new(),
        account => onboarded_trainer(app, who, account).await.to_string(),
    };
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
                    ("lesgever", &trainer),
                ],
            ),
            &[("cookie", cookie)],
        )
        .await;
    assert_eq!(added.status, 303, "{}", added.body);
    // The newest: the demo has fees of the same trainers.
    let line = cost_line::Entity::find()
        .filter(cost_line::Column::Description.eq(description))
        .order_by_desc(cost_line::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .expect("the line")
        .id;
    let approved =
        app.post_form(&format!("{books}/{line}"), &approve(csrf, euros, account), &[("cookie", cookie)]).await;
    assert!(approved.location.contains("melding=goedgekeurd"), "{}", approved.location);
    line
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
    let held = attempt(&app).await;
    assert_eq!((held.status, held.payout_attempt), (CostStatus::PayingOut, 1));
    assert!(app.stripe().transfers().is_empty());
    // A transfer may have been made: the line is held, its approval stays and its terms too.
    let withdraw = app.post_form(&format!("{books}/{line}"), &fields(&csrf, &[("actie", "intrekken")]), &cookie).await;
    assert!(withdraw.location.contains("melding=gewijzigd"), "{}", withdraw.location);
    let by_hand = app.post_form(&format!("{books}/{line}"), &mark_paid(&csrf, "OV 1"), &cookie).await;
    assert!(by_hand.location.contains("melding=gewijzigd"), "{}", by_hand.location);
    assert_eq!(attempt(&app).await, held);
    let page = app.get_with_cookie(&books, &hanne).await;
    assert!(page.body.contains("Uitbetaling opnieuw proberen (€ 2.750,00)"), "the payout is offered again");

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

on_both_databases!(a_paid_line_is_final_whatever_is_posted, |app: TestApp| async move {
    let event_id = app.insert_draft(KEMPEN, "Vorming huurrecht", true).await;
    let hanne = sign_in(&app, HANNE).await;
    let cookie = [("cookie", hanne.as_str())];
    let books = format!("/beheer/{KEMPEN}/activiteiten/{event_id}/financien");
    let csrf = csrf_of(&app.get_with_cookie(&books, &hanne).await.body);
    let line = approved_with_account(&app, &books, &csrf, &hanne, "Cedric Lesage", "200", "acct_1CedricLesage").await;
    let line_path = format!("{books}/{line}");
    let pay = format!("{line_path}/uitbetalen");

    // A tampered payout form: another amount and account are not read.
    let tampered = fields(&csrf, &[("bedrag", "9999"), ("werkelijk", "9999"), ("stripe-account", "acct_1Dief")]);
    let paid = app.post_form(&pay, &tampered, &cookie).await;
    assert!(paid.location.contains("melding=uitbetaald"), "{}", paid.location);
    let transfers = app.stripe().transfers();
    assert_eq!(transfers.len(), 1);
    assert_eq!(
        (transfers[0]["amount"].as_i64(), transfers[0]["destination"].as_str()),
        (Some(20_000), Some("acct_1CedricLesage"))
    );
    let stored = cost_line::Entity::find_by_id(line).one(&app.db).await.unwrap().unwrap();
    assert_eq!((stored.status, stored.paid_by), (CostStatus::Paid, Some(person_id(&app, HANNE).await)));

    // Every route that could change or pay it: nothing changes, nothing is paid again.
    let back_to_approved = fields(
        &csrf,
        &[
            ("soort", "trainer"),
            ("omschrijving", "Honorarium Cedric Lesage"),
            ("begunstigde", "Cedric Lesage"),
            ("budget", "200"),
            ("werkelijk", "350"),
            ("status", "approved"),
            ("stripe-account", "acct_1Dief"),
        ],
    );
    type Attempt<'a> = (String, Vec<(&'a str, &'a str)>, &'a str);
    let attempts: Vec<Attempt> = vec![
        (line_path.clone(), back_to_approved.clone(), "betaald-definitief"),
        (line_path.clone(), fields(&csrf, &[("actie", "intrekken")]), "gewijzigd"),
        (line_path.clone(), approve(&csrf, "350", "acct_1Dief"), "gewijzigd"),
        (line_path.clone(), mark_paid(&csrf, "OV 2"), "gewijzigd"),
        (format!("{line_path}/verwijderen"), fields(&csrf, &[]), "betaald"),
        (pay.clone(), tampered.clone(), "niet-uit-te-betalen"),
        (pay.clone(), fields(&csrf, &[]), "niet-uit-te-betalen"),
    ];
    for (path, form, notice) in &attempts {
        let answer = app.post_form(path, form, &cookie).await;
        assert_eq!(answer.status, 303, "{path}: {}", answer.body);
        assert!(answer.location.contains(&format!("melding={notice}#")), "{path} {form:?}: {}", answer.location);
        assert_eq!(cost_line::Entity::find_by_id(line).one(&app.db).await.unwrap().unwrap(), stored, "{path} {form:?}");
    }
    assert_eq!(app.stripe().transfers().len(), 1, "paid once");

    // Its page shows it read-only: no form of its own, no removal, no payout; a correction instead.
    let page = app.get_with_cookie(&line_path, &hanne).await;
    assert_eq!(page.status, 200);
    for absent in [format!("action=\"{line_path}\""), format!("{line_path}/verwijderen"), pay.clone()] {
        assert!(!page.body.contains(&absent), "{absent} on a paid line's page");
    }
    assert!(page.body.contains("Betaald is definitief") && page.body.contains("Correctie toevoegen"));
    let books_page = app.get_with_cookie(&books, &hanne).await;
    assert!(!books_page.body.contains(&pay), "no payout offered");
});

on_both_databases!(an_approved_lines_terms_are_fixed_until_the_approval_is_withdrawn, |app: TestApp| async move {
    let event_id = app.insert_draft(KEMPEN, "Vorming energiearmoede", true).await;
    let hanne = sign_in(&app, HANNE).await;
    let cookie = [("cookie", hanne.as_str())];
    let books = format!("/beheer/{KEMPEN}/activiteiten/{event_id}/financien");
    let csrf = csrf_of(&app.get_with_cookie(&books, &hanne).await.body);
    let line = approved_with_account(&app, &books, &csrf, &hanne, "Sofie Mertens", "450", "acct_1SofieMertens").await;
    let line_path = format!("{books}/{line}");
    let approved = cost_line::Entity::find_by_id(line).one(&app.db).await.unwrap().unwrap();
    assert_eq!(approved.approved_cents, Some(45_000));
    // An account posted with the form (as it once had) is not read: payouts go to the trainer's.
    // The form names the trainer, as the page's select does while the line is planned.
    let trainer: &'static str = approved.trainer_id.expect("the fee's trainer").to_string().leak();
    let form = |amount: &'static str, payee: &'static str, account: &'static str, description: &'static str| {
        [
            ("soort", "trainer"),
            ("omschrijving", description),
            ("begunstigde", payee),
            ("budget", "450"),
            ("werkelijk", amount),
            ("stripe-account", account),
            ("lesgever", trainer),
        ]
    };
    let page = app.get_with_cookie(&line_path, &hanne).await;
    assert!(page.body.contains("readonly"), "the fixed terms show read-only");

    // Another amount or payee: refused next to the field.
    for (changed, field) in [
        (form("900", "Sofie Mertens", "acct_1SofieMertens", "Honorarium Sofie Mertens"), "werkelijk"),
        (form("450", "Iemand Anders", "acct_1SofieMertens", "Honorarium Sofie Mertens"), "begunstigde"),
    ] {
        let answer = app.post_form(&line_path, &fields(&csrf, &changed), &cookie).await;
        assert_eq!(answer.status, 422, "{field}");
        assert!(answer.body.contains("Vastgelegd bij de goedkeuring"), "{field}");
        assert!(answer.body.contains(&format!("id=\"{field}-error\"")), "the message is next to {field}");
    }
    assert_eq!(cost_line::Entity::find_by_id(line).one(&app.db).await.unwrap().unwrap(), approved);
    // The description may still change; a typed account changes nothing, the trainer stays.
    let renamed = form("450", "Sofie Mertens", "acct_1Dief", "Honorarium Sofie Mertens, dag 1");
    let saved = app.post_form(&line_path, &fields(&csrf, &renamed), &cookie).await;
    assert!(saved.location.contains("melding=opgeslagen"), "{}", saved.location);
    let renamed_line = cost_line::Entity::find_by_id(line).one(&app.db).await.unwrap().unwrap();
    assert_eq!((renamed_line.trainer_id, renamed_line.payout_account), (approved.trainer_id, None));

    // Withdrawn, it is planned again: the amount changes, and is approved anew, as seen.
    let withdrawn = app.post_form(&line_path, &fields(&csrf, &[("actie", "intrekken")]), &cookie).await;
    assert!(withdrawn.location.contains("melding=ingetrokken"), "{}", withdrawn.location);
    let more = form("600", "Sofie Mertens", "acct_1SofieMertens", "Honorarium Sofie Mertens, dag 1");
    assert!(app.post_form(&line_path, &fields(&csrf, &more), &cookie).await.location.contains("opgeslagen"));
    // An approval of what the admin saw before the change approves nothing.
    let stale = app.post_form(&line_path, &approve(&csrf, "450", "acct_1SofieMertens"), &cookie).await;
    assert!(stale.location.contains("melding=gewijzigd"), "{}", stale.location);
    assert_eq!(cost_line::Entity::find_by_id(line).one(&app.db).await.unwrap().unwrap().status, CostStatus::Planned);
    let again = app.post_form(&line_path, &approve(&csrf, "600", "acct_1SofieMertens"), &cookie).await;
    assert!(again.location.contains("melding=goedgekeurd"), "{}", again.location);
    let paid = app.post_form(&format!("{line_path}/uitbetalen"), &fields(&csrf, &[]), &cookie).await;
    assert!(paid.location.contains("melding=uitbetaald"), "{}", paid.location);
    assert_eq!(app.stripe().transfers()[0]["amount"], 60_000);
});

/// Makes Kempen's staff member Tabitha an admin too, so two admins keep the books.
async fn a_second_admin(app: &TestApp) -> String {
    let tabitha = person_id(app, TABITHA).await;
    let role = membership::Entity::find()
        .filter(membership::Column::PersonId.eq(tabitha))
        .filter(membership::Column::OrganiserId.is_not_null())
        .one(&app.db)
        .await
        .unwrap();
    let mut role: membership::ActiveModel = role.expect("Tabitha's membership").into();
    role.role = Set("admin".into());
    role.update(&app.db).await.unwrap();
    sign_in(app, TABITHA).await
}

on_both_databases!(four_eyes_keep_the_approver_from_paying, |app: TestApp| async move {
    let event_id = app.insert_draft(KEMPEN, "Vorming vier ogen", true).await;
    let hanne = sign_in(&app, HANNE).await;
    let cookie = [("cookie", hanne.as_str())];
    let settings = format!("/beheer/{KEMPEN}/instellingen");
    let page = app.get_with_cookie(&settings, &hanne).await;
    assert!(page.body.contains("Vier ogen bij betalingen") && !page.body.contains("checked"), "off by default");
    let csrf = csrf_of(&page.body);
    let on = app.post_form(&format!("{settings}/vier-ogen"), &fields(&csrf, &[("vier-ogen", "aan")]), &cookie).await;
    assert!(on.location.contains("melding=vier-ogen-bewaard"), "{}", on.location);
    let kempen = organiser_id(&app, KEMPEN).await;
    assert!(organiser::Entity::find_by_id(kempen).one(&app.db).await.unwrap().unwrap().four_eyes);
    assert!(app.get_with_cookie(&settings, &hanne).await.body.contains("checked"));
    let logged = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("organiser.four_eyes"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("four eyes are in the log");
    assert_eq!(logged.detail.as_deref(), Some("aan"));

    // Hanne approves: she may not pay, through Stripe or by hand.
    let books = format!("/beheer/{KEMPEN}/activiteiten/{event_id}/financien");
    let fee = approved_with_account(&app, &books, &csrf, &hanne, "Koen Verachtert", "300", "acct_1KoenV").await;
    let fee_path = format!("{books}/{fee}");
    let page = app.get_with_cookie(&books, &hanne).await;
    assert!(page.body.contains("een andere beheerder betaalt deze kost"), "no button for the approver");
    assert!(!page.body.contains(&format!("{fee_path}/uitbetalen")));
    let refused = app.post_form(&format!("{fee_path}/uitbetalen"), &fields(&csrf, &[]), &cookie).await;
    assert!(refused.location.contains("melding=vier-ogen"), "{}", refused.location);
    let notice = app.get_with_cookie(&format!("{books}?melding=vier-ogen"), &hanne).await;
    assert!(notice.body.contains("je keurde deze kost zelf goed"));
    let by_hand = app.post_form(&fee_path, &mark_paid(&csrf, "OV 2099-1"), &cookie).await;
    assert!(by_hand.location.contains("melding=vier-ogen"), "{}", by_hand.location);
    assert!(app.stripe().transfers().is_empty());
    assert_eq!(cost_line::Entity::find_by_id(fee).one(&app.db).await.unwrap().unwrap().status, CostStatus::Approved);

    // A second admin pays it.
    let tabitha = a_second_admin(&app).await;
    let tabitha_csrf = csrf_of(&app.get_with_cookie(&books, &tabitha).await.body);
    let tabitha_cookie = [("cookie", tabitha.as_str())];
    let paid = app.post_form(&format!("{fee_path}/uitbetalen"), &fields(&tabitha_csrf, &[]), &tabitha_cookie).await;
    assert!(paid.location.contains("melding=uitbetaald"), "{}", paid.location);
    assert_eq!(app.stripe().transfers().len(), 1);
    let stored = cost_line::Entity::find_by_id(fee).one(&app.db).await.unwrap().unwrap();
    assert_eq!((stored.status, stored.paid_by), (CostStatus::Paid, Some(person_id(&app, TABITHA).await)));

    // And marks another paid by hand: the reference is required, next to its field.
    let lunch = approved_with_account(&app, &books, &csrf, &hanne, "Traiteur Smaakvol", "120", "").await;
    let lunch_path = format!("{books}/{lunch}");
    let missing = app.post_form(&lunch_path, &mark_paid(&tabitha_csrf, ""), &tabitha_cookie).await;
    assert_eq!(missing.status, 422);
    assert!(missing.body.contains("Geef de referentie van de betaling"), "{}", missing.body);
    let marked = app.post_form(&lunch_path, &mark_paid(&tabitha_csrf, "OV 2099-2"), &tabitha_cookie).await;
    assert!(marked.location.contains("melding=betaald-gemarkeerd"), "{}", marked.location);
    let stored = cost_line::Entity::find_by_id(lunch).one(&app.db).await.unwrap().unwrap();
    assert_eq!((stored.status, stored.payout_reference.as_deref()), (CostStatus::Paid, Some("OV 2099-2")));

    // Off again (an unticked box sends nothing): the approver pays.
    let off = app.post_form(&format!("{settings}/vier-ogen"), &fields(&csrf, &[]), &cookie).await;
    assert!(off.location.contains("melding=vier-ogen-bewaard"));
    assert!(!organiser::Entity::find_by_id(kempen).one(&app.db).await.unwrap().unwrap().four_eyes);
    let own = approved_with_account(&app, &books, &csrf, &hanne, "Zaal De Vonk", "80", "").await;
    let marked = app.post_form(&format!("{books}/{own}"), &mark_paid(&csrf, "OV 2099-3"), &cookie).await;
    assert!(marked.location.contains("melding=betaald-gemarkeerd"), "{}", marked.location);
});

on_both_databases!(a_correction_is_a_new_line_under_the_one_it_corrects, |app: TestApp| async move {
    let event_id = app.insert_draft(KEMPEN, "Vorming correcties", true).await;
    let hanne = sign_in(&app, HANNE).await;
    let cookie = [("cookie", hanne.as_str())];
    let books = format!("/beheer/{KEMPEN}/activiteiten/{event_id}/financien");
    let csrf = csrf_of(&app.get_with_cookie(&books, &hanne).await.body);
    let fee = approved_with_account(&app, &books, &csrf, &hanne, "Lies Pauwels", "1.400", "").await;
    let later = approved_with_account(&app, &books, &csrf, &hanne, "Pieter Geens", "500", "").await;
    assert!(
        app.post_form(&format!("{books}/{fee}"), &mark_paid(&csrf, "OV 1"), &cookie)
            .await
            .location
            .contains("betaald-gemarkeerd")
    );

    // The paid line's page offers the correction form.
    let page = app.get_with_cookie(&format!("{books}/{fee}"), &hanne).await;
    assert!(page.body.contains(&format!("name=\"corrigeert\" value=\"{fee}\"")), "the form names the line");
    let fee_id = fee.to_string();
    let correction = |amount: &'static str| {
        [
            ("corrigeert", fee_id.clone()),
            ("soort", "trainer".to_string()),
            ("omschrijving", "Eén dag minder gegeven: terugbetaald".to_string()),
            ("begunstigde", "Lies Pauwels".to_string()),
            ("budget", "0".to_string()),
            ("werkelijk", amount.to_string()),
        ]
    };
    let negative_correction = correction("-700");
    let posted: Vec<(&str, &str)> =
        fields(&csrf, &negative_correction.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>());
    let added = app.post_form(&books, &posted, &cookie).await;
    assert!(added.location.contains("melding=correctie-toegevoegd"), "{}", added.location);
    let made = line_called(&app, event_id, "Eén dag minder gegeven: terugbetaald").await;
    assert_eq!(
        (made.corrects_line_id, made.actual_cents, made.status),
        (Some(fee), Some(-70_000), CostStatus::Planned)
    );

    // In the books it sits under the line it corrects, before the later line.
    let page = app.get_with_cookie(&books, &hanne).await;
    let at = |text: &str| page.body.find(text).unwrap_or_else(|| panic!("{text} on the page"));
    assert!(
        at("Honorarium Lies Pauwels") < at("Eén dag minder gegeven")
            && at("Eén dag minder gegeven") < at("Honorarium Pieter Geens")
    );
    assert!(page.body.contains("Correctie op «Honorarium Lies Pauwels»"));
    let original = app.get_with_cookie(&format!("{books}/{fee}"), &hanne).await;
    assert!(original.body.contains("Eén dag minder gegeven"), "the original lists its corrections");
    // Expected costs count the correction: 1.400 + 500 − 700.
    assert!(page.body.contains("€ 1.200,00"), "the expected costs");

    // Only a paid line is corrected; only a correction may be negative.
    let of_unpaid: Vec<(&str, String)> = correction("50")
        .into_iter()
        .map(|(k, v)| if k == "corrigeert" { (k, later.to_string()) } else { (k, v) })
        .collect();
    let posted: Vec<(&str, &str)> = fields(&csrf, &of_unpaid.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>());
    let refused = app.post_form(&books, &posted, &cookie).await;
    assert!(refused.location.contains("melding=niet-te-corrigeren"), "{}", refused.location);
    let plain: Vec<(&str, String)> = correction("-700").into_iter().filter(|(k, _)| *k != "corrigeert").collect();
    let posted: Vec<(&str, &str)> = fields(&csrf, &plain.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>());
    let negative = app.post_form(&books, &posted, &cookie).await;
    assert_eq!(negative.status, 422);
    assert!(negative.body.contains("Een kost is 0 of meer."));
    let count = cost_line::Entity::find().filter(cost_line::Column::EventId.eq(event_id)).all(&app.db).await.unwrap();
    assert_eq!(count.len(), 3, "nothing else was added");
});

on_both_databases!(a_payout_in_progress_is_not_asked_twice, |app: TestApp| async move {
    let event_id = app.insert_draft(KEMPEN, "Vorming wachten", true).await;
    let hanne = sign_in(&app, HANNE).await;
    let cookie = [("cookie", hanne.as_str())];
    let books = format!("/beheer/{KEMPEN}/activiteiten/{event_id}/financien");
    let csrf = csrf_of(&app.get_with_cookie(&books, &hanne).await.body);
    let line = approved_with_account(&app, &books, &csrf, &hanne, "Lies Pauwels", "1.400", "acct_1LiesPauwels").await;
    // Another request holds it right now (it asked Stripe a moment ago).
    let mut held: cost_line::ActiveModel =
        cost_line::Entity::find_by_id(line).one(&app.db).await.unwrap().unwrap().into();
    held.status = Set(CostStatus::PayingOut);
    held.payout_started_at = Set(Some(app.clock_now()));
    held.update(&app.db).await.unwrap();
    let pay = format!("{books}/{line}/uitbetalen");
    let busy = app.post_form(&pay, &fields(&csrf, &[]), &cookie).await;
    assert!(busy.location.contains("melding=uitbetaling-bezig"), "{}", busy.location);
    assert!(app.stripe().transfers().is_empty(), "Stripe was not asked");
    // That request died: after a while the payout is asked again, with the same key.
    let mut stale: cost_line::ActiveModel =
        cost_line::Entity::find_by_id(line).one(&app.db).await.unwrap().unwrap().into();
    stale.payout_started_at = Set(Some(app.clock_now() - chrono::Duration::minutes(10)));
    stale.update(&app.db).await.unwrap();
    let paid = app.post_form(&pay, &fields(&csrf, &[]), &cookie).await;
    assert!(paid.location.contains("melding=uitbetaald"), "{}", paid.location);
    assert_eq!(app.stripe().transfers().len(), 1);
});
