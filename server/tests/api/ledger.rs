//! The ledger: random sequences of money events (paying online, invoicing,
//! crediting, refunding, approving, withdrawing and paying costs,
//! correcting a paid cost) leave an activity's books and the year page
//! equal to the sums over the ledger, equal to what the documents say, and
//! equal to what the test counted itself; Stripe's fees come from the fake
//! Stripe's balance transactions; and the ledger refuses UPDATE and DELETE.

use crate::helpers::TestApp;
use crate::on_both_databases;
use domain::finances::{CostCategory, CostLineEdit, CostTotals, Income};
use domain::{EventStatus, Money, RegistrationStatus};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use store::entities::{event, invoice, organiser, partnership, person, registration, ticket, ticket_type};

/// SplitMix64: a seeded generator, so a failing sequence can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap()
    }
}

const PRICE: i64 = 4500;

/// What the test expects the books to say.
#[derive(Debug, Default)]
struct Tally {
    invoiced: i64,
    credited: i64,
    received_on_invoice: i64,
    paid_online: i64,
    refunded_online: i64,
    fees: i64,
    approved: i64,
    paid: i64,
}

struct Line {
    id: i32,
    amount: i64,
    /// planned, approved, paid
    status: &'static str,
}

struct World {
    organiser_id: i32,
    event_id: i32,
    path: String,
    ticket_id: i32,
    partner: i32,
    approver: i32,
    payer: i32,
    /// Tickets of seats paid online, not cancelled.
    online: Vec<String>,
    /// (ticket, invoice id, paid) of seats on invoice, not cancelled.
    invoiced: Vec<(String, i32, bool)>,
    lines: Vec<Line>,
    tally: Tally,
    n: usize,
}

async fn setup(app: &TestApp) -> World {
    let id = app.insert_draft("biz-kempen", "Vorming met boekhouding", true).await;
    let mut e: event::ActiveModel = event::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap().into();
    e.status = Set(EventStatus::Published);
    let e = e.update(&app.db).await.unwrap();
    let t = ticket_type::ActiveModel {
        event_id: Set(id),
        name: Set("Deelname".into()),
        price_cents: Set(PRICE),
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
    let people: Vec<i32> = person::Entity::find().all(&app.db).await.unwrap().into_iter().map(|p| p.id).collect();
    World {
        organiser_id: kempen.id,
        event_id: id,
        path: format!("/regio/biz-kempen/{}", e.slug),
        ticket_id: t.id,
        partner,
        approver: people[0],
        payer: people[1],
        online: Vec::new(),
        invoiced: Vec::new(),
        lines: Vec::new(),
        tally: Tally::default(),
        n: 0,
    }
}

/// Registers one attendee (`online` or `factuur`); returns their ticket's code.
async fn register(app: &TestApp, w: &mut World, how: &str) -> (String, String) {
    w.n += 1;
    let email = format!("deelnemer{}@ledger.test", w.n);
    let mut fields = vec![
        ("ticket", w.ticket_id.to_string()),
        ("deelnemer-0-naam", format!("Deelnemer {}", w.n)),
        ("deelnemer-0-email", email.clone()),
        ("deelnemer-0-organisatie", w.partner.to_string()),
        ("besteller-naam", format!("Deelnemer {}", w.n)),
        ("besteller-email", email.clone()),
        ("betaalwijze", how.to_string()),
        ("toestemming", "on".to_string()),
    ];
    if how == "factuur" {
        fields.push(("factuur-organisatie", "OCMW Geel".into()));
        fields.push(("factuur-ondernemingsnummer", "0207.520.810".into()));
    }
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let posted = app.post_form(&format!("{}/inschrijven", w.path), &pairs, &[]).await;
    assert_eq!(posted.status, 303, "{}", posted.body);
    (email, posted.location)
}

async fn ticket_of(app: &TestApp, email: &str) -> (registration::Model, String) {
    let r = registration::Entity::find()
        .filter(registration::Column::AttendeeEmail.eq(email))
        .filter(registration::Column::Status.eq(RegistrationStatus::Confirmed))
        .one(&app.db)
        .await
        .unwrap()
        .expect("a confirmed registration");
    let t = ticket::Entity::find().filter(ticket::Column::RegistrationId.eq(r.id)).one(&app.db).await.unwrap().unwrap();
    (r, t.code)
}

async fn pay_online(app: &TestApp, w: &mut World, method: &str) {
    let (email, checkout) = register(app, w, "online").await;
    let checkout = checkout.replace("http://leernet.test", "");
    let paid = app.post_form(&checkout, &[("actie", method)], &[]).await;
    assert_eq!(paid.status, 303, "{}", paid.body);
    let (_, code) = ticket_of(app, &email).await;
    // The webhook started asking for the fee; the worker's round makes sure.
    server::payments::collect_fees(&app.state).await;
    w.online.push(code);
    w.tally.paid_online += PRICE;
    w.tally.fees += fakestripe::fee_for(method, PRICE);
}

async fn invoice_seat(app: &TestApp, w: &mut World) {
    let (email, _) = register(app, w, "factuur").await;
    let (r, code) = ticket_of(app, &email).await;
    let order_id = r.order_id.unwrap();
    let i = invoice::Entity::find()
        .filter(invoice::Column::OrderId.eq(order_id))
        .filter(invoice::Column::DocumentKind.eq("invoice"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("an invoice");
    assert_eq!(i.due().cents(), PRICE);
    w.invoiced.push((code, i.id, false));
    w.tally.invoiced += PRICE;
}

async fn cancel(app: &TestApp, code: &str) {
    let cancelled = app.post_form(&format!("/ticket/{code}/afmelden"), &[], &[]).await;
    assert_eq!(cancelled.status, 303, "{}", cancelled.body);
}

fn edit(description: String, amount: i64, corrects: Option<i32>) -> CostLineEdit {
    CostLineEdit {
        category: CostCategory::Trainer,
        description,
        payee: Some("Lesgever".into()),
        budget: Money::from_cents(amount),
        actual: Some(Money::from_cents(amount)),
        payout_reference: None,
        trainer_id: None,
        corrects,
    }
}

async fn approve(app: &TestApp, w: &mut World, index: usize) {
    let now = app.clock_now();
    let line = &w.lines[index];
    let seen = Some(Money::from_cents(line.amount));
    let moved =
        store::finances::approve(&app.db, w.organiser_id, w.event_id, line.id, seen, w.approver, now).await.unwrap();
    assert_eq!(moved, store::finances::Moved::Done);
    w.tally.approved += line.amount;
    w.lines[index].status = "approved";
}

async fn add_line(app: &TestApp, w: &mut World, amount: i64, corrects: Option<i32>) -> usize {
    let now = app.clock_now();
    w.n += 1;
    let added = store::finances::add_cost_line(
        &app.db,
        w.organiser_id,
        w.event_id,
        &edit(format!("Kost {}", w.n), amount, corrects),
        w.approver,
        now,
    )
    .await
    .unwrap();
    let store::finances::Added::Added(id) = added else { panic!("not added: {added:?}") };
    w.lines.push(Line { id, amount, status: "planned" });
    w.lines.len() - 1
}

async fn step(app: &TestApp, w: &mut World, rng: &mut Rng) -> &'static str {
    let now = app.clock_now();
    match rng.below(9) {
        0 => {
            let method = if rng.below(2) == 0 { "card" } else { "bancontact" };
            pay_online(app, w, method).await;
            "pay online"
        }
        1 => {
            invoice_seat(app, w).await;
            "invoice"
        }
        2 if !w.invoiced.is_empty() => {
            let (code, _, _) = w.invoiced.remove(rng.below(w.invoiced.len()));
            cancel(app, &code).await;
            w.tally.credited += PRICE;
            "credit note"
        }
        3 if !w.online.is_empty() => {
            let code = w.online.remove(rng.below(w.online.len()));
            cancel(app, &code).await;
            w.tally.refunded_online += PRICE;
            "refund"
        }
        4 if w.invoiced.iter().any(|(_, _, paid)| !paid) => {
            let open: Vec<usize> = (0..w.invoiced.len()).filter(|i| !w.invoiced[*i].2).collect();
            let at = open[rng.below(open.len())];
            let paid =
                store::invoices::mark_paid(&app.db, w.organiser_id, w.invoiced[at].1, w.payer, now).await.unwrap();
            assert_eq!(paid, Some(true));
            w.invoiced[at].2 = true;
            w.tally.received_on_invoice += PRICE;
            "invoice paid"
        }
        5 => {
            let amount = 5000 + i64::try_from(rng.below(45_000)).unwrap();
            let index = add_line(app, w, amount, None).await;
            if rng.below(3) > 0 {
                approve(app, w, index).await;
            }
            "cost approved"
        }
        6 if w.lines.iter().any(|l| l.status == "approved") => {
            let approved: Vec<usize> = (0..w.lines.len()).filter(|i| w.lines[*i].status == "approved").collect();
            let at = approved[rng.below(approved.len())];
            let line_id = w.lines[at].id;
            let moved =
                store::finances::withdraw_approval(&app.db, w.organiser_id, w.event_id, line_id, w.approver, now)
                    .await
                    .unwrap();
            assert_eq!(moved, store::finances::Moved::Done);
            w.tally.approved -= w.lines[at].amount;
            w.lines[at].status = "planned";
            // Approved again, perhaps.
            if rng.below(2) == 0 {
                approve(app, w, at).await;
            }
            "approval withdrawn"
        }
        7 if w.lines.iter().any(|l| l.status == "approved") => {
            let approved: Vec<usize> = (0..w.lines.len()).filter(|i| w.lines[*i].status == "approved").collect();
            let at = approved[rng.below(approved.len())];
            let line_id = w.lines[at].id;
            let moved =
                store::finances::mark_paid(&app.db, w.organiser_id, w.event_id, line_id, "BE-OV-1", w.payer, now)
                    .await
                    .unwrap();
            assert_eq!(moved, store::finances::Moved::Done);
            w.tally.paid += w.lines[at].amount;
            w.lines[at].status = "paid";
            "cost paid"
        }
        8 if w.lines.iter().any(|l| l.status == "paid") => {
            let paid: Vec<usize> = (0..w.lines.len()).filter(|i| w.lines[*i].status == "paid").collect();
            let original = w.lines[paid[rng.below(paid.len())]].id;
            // A correction may lower the cost (money back) or add to it.
            let amount = i64::try_from(rng.below(6000)).unwrap() - 3000;
            let amount = if amount == 0 { 100 } else { amount };
            let index = add_line(app, w, amount, Some(original)).await;
            approve(app, w, index).await;
            let line_id = w.lines[index].id;
            let moved =
                store::finances::mark_paid(&app.db, w.organiser_id, w.event_id, line_id, "BE-OV-2", w.payer, now)
                    .await
                    .unwrap();
            assert_eq!(moved, store::finances::Moved::Done);
            w.tally.paid += amount;
            w.lines[index].status = "paid";
            "correction"
        }
        _ => "nothing",
    }
}

/// The books, the year page, the documents and the test's own count agree.
async fn check(app: &TestApp, w: &World, after: &str) {
    let t = &w.tally;
    let c = Money::from_cents;
    let expected_income = Income {
        invoiced: c(t.invoiced),
        credited: c(t.credited),
        received_on_invoice: c(t.received_on_invoice),
        paid_online: c(t.paid_online),
        refunded_online: c(t.refunded_online),
        stripe_fees: c(t.fees),
    };
    let books = store::finances::event_books(&app.db, w.organiser_id, w.event_id).await.unwrap().unwrap();
    assert_eq!(books.income, expected_income, "income after {after}");
    let planned: i64 = w.lines.iter().filter(|l| l.status == "planned").map(|l| l.amount).sum();
    let budget: i64 = w.lines.iter().map(|l| l.amount).sum();
    let expected_costs = CostTotals {
        budget: c(budget),
        expected: c(t.approved + planned),
        to_pay: c(t.approved - t.paid),
        paid: c(t.paid),
    };
    assert_eq!(books.costs, expected_costs, "costs after {after}");
    // The ledger agrees with the rows it was written from.
    assert_eq!(books.costs, CostTotals::of(&books.lines), "cost lines after {after}");
    let documents = store::finances::incomes_from_documents(&app.db, w.organiser_id, &[w.event_id])
        .await
        .unwrap()
        .remove(&w.event_id)
        .unwrap();
    assert_eq!(documents, Income { stripe_fees: Money::ZERO, ..books.income }, "documents after {after}");
    // The year page says the same.
    let slug = domain::Slug::parse("biz-kempen").unwrap();
    let (_, organiser) = store::backoffice::organiser_ref(&app.db, &slug).await.unwrap().unwrap();
    let year = store::time::local_date(app.clock_now() + chrono::Duration::days(40));
    use chrono::Datelike;
    let page = store::finances::year(&app.db, w.organiser_id, organiser, year.year()).await.unwrap();
    let row = page.events.iter().find(|e| e.event_id == w.event_id).expect("the event on its year page");
    assert_eq!((row.income, row.costs), (books.income, books.costs), "year page after {after}");
    assert_eq!(row.result(), domain::finances::result(&expected_income, &expected_costs));
}

async fn random_sequences(app: TestApp, seed: u64) {
    let mut w = setup(&app).await;
    let mut rng = Rng(seed);
    let mut done = Vec::new();
    for _ in 0..28 {
        let what = step(&app, &mut w, &mut rng).await;
        done.push(what);
        check(&app, &w, &format!("{done:?} (seed {seed})")).await;
    }
    // Every fee came from a balance transaction, once.
    let fees: Vec<(String, Option<String>)> = store::entities::ledger_entry::Entity::find()
        .filter(store::entities::ledger_entry::Column::Kind.eq("stripe_fee"))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.reference, e.external_reference))
        .collect();
    assert!(fees.iter().all(|(_, txn)| txn.as_deref().is_some_and(|t| t.starts_with("txn_"))), "{fees:?}");
    assert_eq!(server::payments::collect_fees(&app.state).await, 0, "no fee is recorded twice");
    // Backfilling again writes nothing: every row already has its entries.
    assert_eq!(store::ledger::backfill(&app.db, app.clock_now()).await.unwrap(), 0);
    refuses_changes(&app).await;
}

/// Nothing in the ledger is updated or deleted, whatever asks.
async fn refuses_changes(app: &TestApp) {
    for sql in [
        "UPDATE ledger_entries SET amount_cents = 0",
        "DELETE FROM ledger_entries",
        "UPDATE ledger_entries SET kind = 'invoice' WHERE kind = 'payout'",
    ] {
        let before = store::entities::ledger_entry::Entity::find().all(&app.db).await.unwrap();
        assert!(!before.is_empty());
        assert!(app.db.execute_unprepared(sql).await.is_err(), "{sql} was allowed");
        let after = store::entities::ledger_entry::Entity::find().all(&app.db).await.unwrap();
        assert_eq!(before, after, "{sql} changed the ledger");
    }
}

on_both_databases!(the_books_are_sums_over_the_ledger_after_random_money_events, |app: TestApp| async move {
    random_sequences(app, 1802).await;
});

on_both_databases!(the_books_agree_with_the_ledger_for_another_seed, |app: TestApp| async move {
    random_sequences(app, 20_261_210).await;
});

on_both_databases!(demo_data_has_its_ledger_entries, |app: TestApp| async move {
    // The whole app (and its database) lives as long as the test, not only the field used below.
    let app = app;
    // The demo's cost lines went in in bulk; its loader backfilled them.
    let kempen =
        organiser::Entity::find().filter(organiser::Column::Slug.eq("biz-kempen")).one(&app.db).await.unwrap().unwrap();
    let events: Vec<i32> = event::Entity::find()
        .filter(event::Column::OrganiserId.eq(kempen.id))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.id)
        .collect();
    let documents = store::finances::incomes_from_documents(&app.db, kempen.id, &events).await.unwrap();
    let mut any_cost = false;
    for id in events {
        let books = store::finances::event_books(&app.db, kempen.id, id).await.unwrap().unwrap();
        assert_eq!(books.costs, CostTotals::of(&books.lines), "event {id}");
        assert_eq!(documents[&id], Income { stripe_fees: Money::ZERO, ..books.income }, "event {id}");
        any_cost |= books.costs.paid.cents() > 0;
    }
    assert!(any_cost, "the demo has paid costs");
});
