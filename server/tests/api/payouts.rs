//! Paying trainers by bank transfer: a trainer's bank account on their
//! profile (a wrong IBAN refused next to its field), the organiser's own
//! account, approved cost lines ticked into one SEPA payment file (pain.001,
//! valid against the official schema, the same at every download), a line in
//! one file only (also when two admins click at once), cancelling a file,
//! and a bank statement's debit settling a line.

use crate::accounts::sign_in;
use crate::helpers::{TestApp, csrf_of};
use crate::on_both_databases;
use domain::{CostStatus, Money, PaymentFileStatus};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use store::entities::{cost_line, organiser, payment_file, payment_file_line, trainer};
use store::payouts::Settlement;

const KEMPEN: &str = "biz-kempen";
const HANNE: &str = "hanne.laenen@cawdekempen.test";
const TRAINER_IBAN: &str = "BE68 5390 0754 7034";

async fn organiser_id(app: &TestApp, slug: &str) -> i32 {
    organiser::Entity::find().filter(organiser::Column::Slug.eq(slug)).one(&app.db).await.unwrap().unwrap().id
}

fn fields<'a>(csrf: &'a str, pairs: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut all = vec![("csrf", csrf)];
    all.extend_from_slice(pairs);
    all
}

/// A new trainer of Kempen's, without payment details.
async fn a_trainer(app: &TestApp, name: &str) -> i32 {
    trainer::ActiveModel {
        organiser_id: Set(organiser_id(app, KEMPEN).await),
        full_name: Set(name.into()),
        created_at: Set(app.clock_now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id
}

/// A statement (CODA) with one debit of `amount` (15 digits, mills) that
/// carries the SEPA end-to-end id `e2e`, as the bank writes a payout.
fn debit_statement(e2e: &str, amount: &str) -> String {
    use crate::helpers::coda_record;
    let records = [
        coda_record(&[(1, "00000"), (6, "261126"), (15, "05"), (35, "BIZ KEMPEN"), (61, "GKCCBEBB"), (128, "2")]),
        coda_record(&[(1, "12012BE71096123456769"), (40, "EUR0000000100000000251126BIZ KEMPEN"), (126, "012")]),
        coda_record(&[
            (1, "21000100000L9425XNXACKBOVSBBNOT1"),
            (33, amount),
            (48, "261126001010000"),
            (116, "26112601201 0"),
        ]),
        coda_record(&[(1, "2200010000"), (64, e2e), (126, "1"), (128, "0")]),
        coda_record(&[(1, "2300010000BE68539007547034"), (48, "ZOE D HAESE"), (128, "0")]),
        coda_record(&[(1, "8012BE71096123456769"), (39, "EUR0000000098599500261126"), (128, "0")]),
        coda_record(&[(1, "9"), (17, "000005000000001400500000000000000000"), (128, "2")]),
    ];
    records.join("\r\n") + "\r\n"
}

/// The repository, where the schema validator lives.
fn repository() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// An approved trainer's fee of `euros` on `event_id`, through the form; its id.
async fn approved_fee(
    app: &TestApp,
    hanne: &str,
    event_id: i32,
    description: &str,
    trainer: Option<i32>,
    euros: &str,
) -> i32 {
    let books = format!("/beheer/{KEMPEN}/activiteiten/{event_id}/financien");
    let page = app.get_with_cookie(&books, hanne).await;
    assert!(page.body.contains("Lesgever als begunstigde"), "the form offers the trainers");
    let csrf = csrf_of(&page.body);
    let trainer = trainer.map(|t| t.to_string()).unwrap_or_default();
    let form = [
        ("soort", "trainer"),
        ("omschrijving", description),
        ("begunstigde", ""),
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
        .unwrap();
    // A new line is planned; its approve button fixes the amount it shows.
    let seen = domain::finances::CostLineEdit::plain_amount(domain::Money::from_cents(line.actual_cents.unwrap()));
    let approve = [("actie", "goedkeuren"), ("bedrag", seen.as_str()), ("stripe-account", "")];
    let approved = app.post_form(&format!("{books}/{}", line.id), &fields(&csrf, &approve), &[("cookie", hanne)]).await;
    assert_eq!(approved.status, 303, "{}", approved.body);
    let line = cost_line::Entity::find_by_id(line.id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(line.status, domain::CostStatus::Approved, "{}", approved.location);
    line.id
}

/// A trainer with an IBAN and an approved fee for them (paid from the demo's IBAN of Kempen, no BIC); (line id, form token).
async fn ready_to_pay(app: &TestApp, hanne: &str, euros: &str) -> (i32, String) {
    let trainer = a_trainer(app, "Zoë D'Haese").await;
    let mut with_iban: trainer::ActiveModel =
        trainer::Entity::find_by_id(trainer).one(&app.db).await.unwrap().unwrap().into();
    with_iban.iban = Set(Some(TRAINER_IBAN.replace(' ', "")));
    with_iban.update(&app.db).await.unwrap();
    let event_id = app.insert_draft(KEMPEN, "Vorming overschrijving", true).await;
    let line = approved_fee(app, hanne, event_id, "Honorarium Zoë", Some(trainer), euros).await;
    let page = app.get_with_cookie(&format!("/beheer/{KEMPEN}/financien/overschrijvingen"), hanne).await;
    (line, csrf_of(&page.body))
}

async fn files_of_kempen(app: &TestApp) -> Vec<payment_file::Model> {
    let kempen = organiser_id(app, KEMPEN).await;
    payment_file::Entity::find().filter(payment_file::Column::OrganiserId.eq(kempen)).all(&app.db).await.unwrap()
}

async fn status_of(app: &TestApp, line: i32) -> CostStatus {
    cost_line::Entity::find_by_id(line).one(&app.db).await.unwrap().unwrap().status
}

on_both_databases!(an_admin_pays_trainers_with_one_sepa_file, |app: TestApp| async move {
    let hanne = sign_in(&app, HANNE).await;
    let cookie = [("cookie", hanne.as_str())];
    let trainer = a_trainer(&app, "Zoë D'Haese").await;

    // The trainer's profile: a typo in the IBAN is refused next to the field, with what was typed.
    let profile = format!("/beheer/{KEMPEN}/lesgevers/{trainer}");
    let trainers = app.get_with_cookie(&format!("/beheer/{KEMPEN}/lesgevers"), &hanne).await;
    assert_eq!(trainers.status, 200);
    assert!(trainers.body.contains(&format!("href=\"{profile}\"")), "the list links the profile");
    let page = app.get_with_cookie(&profile, &hanne).await;
    assert_eq!(page.status, 200);
    let csrf = csrf_of(&page.body);
    let typo = [("iban", "BE68 5390 0754 7035"), ("btw-status", "not_a_business"), ("gemeente", "Geel")];
    let refused = app.post_form(&profile, &fields(&csrf, &typo), &cookie).await;
    assert_eq!(refused.status, 422, "{}", refused.location);
    assert!(refused.body.contains("De controlegetallen van deze IBAN kloppen niet"), "the reason, next to the field");
    assert!(refused.body.contains("id=\"iban-error\""), "the message belongs to the IBAN field");
    assert!(refused.body.contains("value=\"BE68 5390 0754 7035\""), "what was typed stays");
    assert_eq!(trainer::Entity::find_by_id(trainer).one(&app.db).await.unwrap().unwrap().iban, None);
    let good = [
        ("straat", "Kerkstraat 1"),
        ("postcode", "2440"),
        ("gemeente", "Geel"),
        ("iban", "be68 5390 0754 7034"),
        ("bic", "gkccbebb"),
        ("btw-status", "not_a_business"),
    ];
    let saved = app.post_form(&profile, &fields(&csrf, &good), &cookie).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert!(saved.location.ends_with("?melding=bewaard"), "{}", saved.location);
    let stored = trainer::Entity::find_by_id(trainer).one(&app.db).await.unwrap().unwrap();
    assert_eq!((stored.iban.as_deref(), stored.bic.as_deref()), (Some("BE68539007547034"), Some("GKCCBEBB")));

    // The organiser's own account and BIC, on its settings page.
    let settings = format!("/beheer/{KEMPEN}/instellingen");
    let bank = [("formulier", "bank"), ("iban", "BE71 0961 2345 6769"), ("bic", "NOPE")];
    let refused = app.post_form(&settings, &fields(&csrf, &bank), &cookie).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("Een BIC telt 8 of 11 letters en cijfers"));
    let bank = [("formulier", "bank"), ("iban", "BE71 0961 2345 6769"), ("bic", "GKCCBEBB")];
    let saved = app.post_form(&settings, &fields(&csrf, &bank), &cookie).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let kempen = organiser::Entity::find().filter(organiser::Column::Slug.eq(KEMPEN)).one(&app.db).await.unwrap();
    assert_eq!(kempen.unwrap().bic.as_deref(), Some("GKCCBEBB"));

    // Two approved fees: one to the trainer, one without a trainer (not payable by transfer yet).
    let event_id = app.insert_draft(KEMPEN, "Vorming met lesgever", true).await;
    let fee = approved_fee(&app, &hanne, event_id, "Honorarium Zoë", Some(trainer), "1.400,50").await;
    let loose = approved_fee(&app, &hanne, event_id, "Zaalhuur De Linde", None, "250").await;
    let files_page = format!("/beheer/{KEMPEN}/financien/overschrijvingen");
    let page = app.get_with_cookie(&files_page, &hanne).await;
    assert_eq!(page.status, 200);
    for text in ["Honorarium Zoë", "BE68 5390 0754 7034", "€ 1.400,50", "kies een lesgever als begunstigde"] {
        assert!(page.body.contains(text), "{text} on the page");
    }
    let csrf = csrf_of(&page.body);

    // A date in the past, and no line: refused at their fields.
    let fee_id = fee.to_string();
    let past = app
        .post_form(&files_page, &fields(&csrf, &[("lijn", &fee_id), ("uitvoeringsdatum", "2026-11-20")]), &cookie)
        .await;
    assert_eq!(past.status, 422);
    assert!(past.body.contains("De uitvoeringsdatum ligt in het verleden"));
    let none = app.post_form(&files_page, &fields(&csrf, &[("uitvoeringsdatum", "2026-11-24")]), &cookie).await;
    assert_eq!(none.status, 422);
    assert!(none.body.contains("Vink minstens één kost aan"));
    let loose_id = loose.to_string();
    let blocked = app
        .post_form(&files_page, &fields(&csrf, &[("lijn", &loose_id), ("uitvoeringsdatum", "2026-11-24")]), &cookie)
        .await;
    assert_eq!(blocked.status, 422);
    assert!(blocked.body.contains("kan niet per overschrijving betaald worden"));
    assert!(files_of_kempen(&app).await.is_empty(), "a refused form makes no file");

    // The download: a redirect to the file, which the bank takes.
    let made = app
        .post_form(&files_page, &fields(&csrf, &[("lijn", &fee_id), ("uitvoeringsdatum", "2026-11-24")]), &cookie)
        .await;
    assert_eq!(made.status, 303, "{}", made.body);
    let files = files_of_kempen(&app).await;
    assert_eq!(files.len(), 1);
    let file = &files[0];
    assert_eq!(made.location, format!("{files_page}/{}/xml", file.id));
    assert_eq!((file.status, file.transaction_count, file.total_cents), (PaymentFileStatus::Open, 1, 140_050));
    let xml = app.get_with_cookie(&made.location, &hanne).await;
    assert_eq!(xml.status, 200);
    assert!(xml.content_type.starts_with("application/xml"), "{}", xml.content_type);
    for part in [
        "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09",
        "<NbOfTxs>1</NbOfTxs>",
        "<CtrlSum>1400.50</CtrlSum>",
        "<ReqdExctnDt>\n        <Dt>2026-11-24</Dt>",
        "<IBAN>BE71096123456769</IBAN>",
        "<BICFI>GKCCBEBB</BICFI>",
        &format!("<EndToEndId>LEERNET-L{fee}-F{}</EndToEndId>", file.id),
        "<InstdAmt Ccy=\"EUR\">1400.50</InstdAmt>",
        "<Nm>Zoe D&apos;Haese</Nm>",
        "<IBAN>BE68539007547034</IBAN>",
        &format!("<Ustrd>Leernet kost {fee}: Honorarium Zoe - Vorming met lesgever</Ustrd>"),
    ] {
        assert!(xml.body.contains(part), "{part} in\n{}", xml.body);
    }
    if let Some((valid, output)) = domain::sepa::schema_check::validate(&repository(), std::slice::from_ref(&xml.body))
    {
        assert!(valid, "the schema refuses the downloaded file:\n{output}");
    }
    // The line went to the bank, with the amount and account it was sent with.
    assert_eq!(status_of(&app, fee).await, CostStatus::SentToBank);
    let sent = payment_file_line::Entity::find()
        .filter(payment_file_line::Column::FileId.eq(file.id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((sent.cost_line_id, sent.amount_cents, sent.iban.as_str()), (fee, 140_050, "BE68539007547034"));
    let books = app.get_with_cookie(&format!("/beheer/{KEMPEN}/activiteiten/{event_id}/financien"), &hanne).await;
    assert!(books.body.contains("Naar de bank"), "the books say where the line is");

    // The trainer's IBAN changes afterwards: the file stays what the bank got.
    let mut moved: trainer::ActiveModel = stored.into();
    moved.iban = Set(Some("NL91ABNA0417164300".into()));
    moved.update(&app.db).await.unwrap();
    let again = app.get_with_cookie(&made.location, &hanne).await;
    assert_eq!(again.body, xml.body, "a second download is the same file");
    // A line in a file is not edited (its amount went to the bank).
    let line_page = format!("/beheer/{KEMPEN}/activiteiten/{event_id}/financien/{fee}");
    let edit = [
        ("soort", "trainer"),
        ("omschrijving", "Meer"),
        ("budget", "2000"),
        ("werkelijk", "2000"),
        ("status", "approved"),
    ];
    let tried = app.post_form(&line_page, &fields(&csrf, &edit), &cookie).await;
    assert!(tried.location.contains("melding=in-betaalbestand"), "{}", tried.location);
    assert_eq!(cost_line::Entity::find_by_id(fee).one(&app.db).await.unwrap().unwrap().actual_cents, Some(140_050));

    // The statement's debit settles the line, by its end-to-end id and amount.
    let kempen = organiser_id(&app, KEMPEN).await;
    let person = store::entities::person::Entity::find()
        .filter(store::entities::person::Column::Email.eq(HANNE))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let now = app.clock_now();
    let settle = |amount: i64, e2e: String| {
        let db = app.db.clone();
        async move {
            let txn = store::begin_write(&db).await.unwrap();
            let done = store::payouts::settle_file_line_by_end_to_end_id(
                &txn,
                kempen,
                &e2e,
                Money::from_cents(amount),
                now,
                "CODA 2026/123",
                person,
            )
            .await
            .unwrap();
            txn.commit().await.unwrap();
            done
        }
    };
    let e2e = sent.end_to_end_id.clone();
    assert_eq!(settle(140_050, "LEERNET-L999999-F1".into()).await, Settlement::Unknown);
    assert_eq!(settle(140_000, e2e.clone()).await, Settlement::AmountDiffers { sent: Money::from_cents(140_050) });
    assert_eq!(status_of(&app, fee).await, CostStatus::SentToBank);
    // The statement page: its preview names the payee, confirming settles the line.
    let statement = debit_statement(&e2e, "000000001400500");
    let statement_page = format!("/beheer/{KEMPEN}/facturen/bankafschrift");
    let with_statement = |confirm: bool| {
        let mut form = fields(&csrf, &[("afschrift", statement.as_str())]);
        if confirm {
            form.push(("bevestigen", "1"));
        }
        form
    };
    let preview = app.post_form(&statement_page, &with_statement(false), &cookie).await;
    assert_eq!(preview.status, 200, "{}", preview.body);
    assert!(
        preview.body.contains("uitbetaling uit een betalingsbestand: wordt als betaald geboekt"),
        "{}",
        preview.body
    );
    let row = preview.body.split("statement-payout").nth(1).unwrap_or_default();
    assert!(row.contains("Zoë D"), "the payee, from the file: {}", &row[..row.len().min(600)]);
    assert!(preview.body.contains("€ -1.400,50"), "the debit with its sign");
    assert_eq!(status_of(&app, fee).await, CostStatus::SentToBank, "a preview changes nothing");
    let booked = app.post_form(&statement_page, &with_statement(true), &cookie).await;
    assert_eq!(booked.location, format!("/beheer/{KEMPEN}/facturen?melding=ingelezen&aantal=1"));
    let paid = cost_line::Entity::find_by_id(fee).one(&app.db).await.unwrap().unwrap();
    assert_eq!(paid.status, CostStatus::Paid);
    let reference = paid.payout_reference.clone().unwrap_or_default();
    assert!(reference.starts_with("coda:"), "the statement line's reference: {reference}");
    let paid_on = paid.paid_at.map(|at| at.date_naive());
    assert_eq!(paid_on, chrono::NaiveDate::from_ymd_opt(2026, 11, 26), "paid on the statement's date");
    // The same statement again books nothing.
    let again = app.post_form(&statement_page, &with_statement(false), &cookie).await;
    assert!(again.body.contains("uitbetaling al als betaald geboekt"), "{}", again.body);
    assert!(again.body.contains("Er valt niets te boeken"));
    assert_eq!(settle(140_050, e2e).await, Settlement::AlreadyPaid(fee), "the same statement twice");
    // Another organiser's statement does not know Kempen's ids.
    let nwvl = organiser_id(&app, "biz-noord-west-vlaanderen").await;
    let txn = store::begin_write(&app.db).await.unwrap();
    let elsewhere = store::payouts::settle_file_line_by_end_to_end_id(
        &txn,
        nwvl,
        &sent.end_to_end_id,
        Money::from_cents(140_050),
        now,
        "x",
        person,
    )
    .await
    .unwrap();
    drop(txn);
    assert_eq!(elsewhere, Settlement::Unknown);

    // A file with a paid line is not cancelled.
    let cancel = format!("{files_page}/{}/annuleren", file.id);
    let refused = app.post_form(&cancel, &fields(&csrf, &[]), &cookie).await;
    assert!(refused.location.contains("melding=betaald"), "{}", refused.location);
    assert_eq!(files_of_kempen(&app).await[0].status, PaymentFileStatus::Open);
    let page = app.get_with_cookie(&files_page, &hanne).await;
    assert!(page.body.contains("1 van 1 betaald"), "the file's state on the page");
});

on_both_databases!(a_line_goes_into_one_file_even_when_two_admins_click_at_once, |app: TestApp| async move {
    let hanne = sign_in(&app, HANNE).await;
    let (line, csrf) = ready_to_pay(&app, &hanne, "1400").await;
    let files_page = format!("/beheer/{KEMPEN}/financien/overschrijvingen");
    let id = line.to_string();
    let form = fields(&csrf, &[("lijn", &id), ("uitvoeringsdatum", "2026-11-24")]);
    let cookie = [("cookie", hanne.as_str())];
    let (first, second) =
        tokio::join!(app.post_form(&files_page, &form, &cookie), app.post_form(&files_page, &form, &cookie));
    let mut statuses = [first.status, second.status];
    statuses.sort_unstable();
    assert_eq!(statuses, [303, 422], "one file, one refusal");
    let refusal = if first.status == 422 { &first } else { &second };
    assert!(refusal.body.contains("zit intussen al in een ander betaalbestand"), "{}", refusal.body);
    assert_eq!(files_of_kempen(&app).await.len(), 1);
    assert_eq!(payment_file_line::Entity::find().count(&app.db).await.unwrap(), 1);
    assert_eq!(status_of(&app, line).await, CostStatus::SentToBank);

    // And one after the other: the line is no longer offered, and refused when posted.
    let later = app.post_form(&files_page, &form, &cookie).await;
    assert_eq!(later.status, 422);
    assert_eq!(files_of_kempen(&app).await.len(), 1);
});

on_both_databases!(cancelling_a_file_gives_its_lines_back, |app: TestApp| async move {
    let hanne = sign_in(&app, HANNE).await;
    let (line, csrf) = ready_to_pay(&app, &hanne, "250").await;
    let files_page = format!("/beheer/{KEMPEN}/financien/overschrijvingen");
    let id = line.to_string();
    let cookie = [("cookie", hanne.as_str())];
    let form = fields(&csrf, &[("lijn", &id), ("uitvoeringsdatum", "2026-11-23")]);
    let made = app.post_form(&files_page, &form, &cookie).await;
    assert_eq!(made.status, 303, "{}", made.body);
    let first = files_of_kempen(&app).await[0].id;

    let cancel = format!("{files_page}/{first}/annuleren");
    let cancelled = app.post_form(&cancel, &fields(&csrf, &[]), &cookie).await;
    assert!(cancelled.location.contains("melding=geannuleerd"), "{}", cancelled.location);
    assert_eq!(status_of(&app, line).await, CostStatus::Approved, "the line is to pay again");
    assert_eq!(files_of_kempen(&app).await[0].status, PaymentFileStatus::Cancelled);
    let again = app.post_form(&cancel, &fields(&csrf, &[]), &cookie).await;
    assert!(again.location.contains("melding=al-geannuleerd"), "{}", again.location);
    // The cancelled file still downloads (what the bank may have seen), and the line goes into a new one.
    assert_eq!(app.get_with_cookie(&format!("{files_page}/{first}/xml"), &hanne).await.status, 200);
    let remade = app.post_form(&files_page, &form, &cookie).await;
    assert_eq!(remade.status, 303, "{}", remade.body);
    let files = files_of_kempen(&app).await;
    assert_eq!(files.len(), 2);
    assert_ne!(files[0].msg_id, files[1].msg_id, "every file has its own message id");
    assert_eq!(status_of(&app, line).await, CostStatus::SentToBank);
    let xml = app.get_with_cookie(&remade.location, &hanne).await;
    assert!(xml.body.contains(&format!("LEERNET-L{line}-F{}", files.iter().map(|f| f.id).max().unwrap())));
    if let Some((valid, output)) = domain::sepa::schema_check::validate(&repository(), &[xml.body]) {
        assert!(valid, "the schema refuses the downloaded file:\n{output}");
    }
    // The audit log names both.
    let dashboard = app.get_with_cookie(&format!("/beheer/{KEMPEN}"), &hanne).await;
    assert!(dashboard.body.contains("annuleerde betaalbestand"), "the log reads as a sentence");
});
