//! Expense claims: a trainer (their account's e-mail is that of one of the
//! organiser's trainers linked to the activity) submits travel and material
//! costs with receipts through the real multipart form; receipts are checked
//! by their bytes and size; an admin approves one claim once, however many
//! clicks arrive together (one approved cost line), or rejects it with a
//! reason; the trainer is mailed in their language; other organisers'
//! admins find nothing.

use crate::accounts::sign_in;
use crate::helpers::{TestApp, csrf_of};
use crate::on_both_databases;
use chrono::Utc;
use domain::CostStatus;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use store::entities::{cost_line, event_trainer, expense_claim, expense_receipt, mail_outbox, organiser, trainer};

const KEMPEN: &str = "biz-kempen";
const NWVL: &str = "biz-noord-west-vlaanderen";
const HANNE: &str = "hanne.laenen@cawdekempen.test";
const ELISA: &str = "elisa.demeulaere@cawnoordwestvlaanderen.test";
const LOTTE: &str = "lotte.lesgever@example.test";

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01";
const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F', 0];
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n";

/// A multipart body: text fields, then files in `bonnen` (name, bytes).
fn multipart(fields: &[(&str, &str)], files: &[(&str, &[u8])]) -> Vec<u8> {
    crate::helpers::multipart(fields, "bonnen", files)
}

async fn post_claim(app: &TestApp, cookie: &str, language: &str, body: Vec<u8>) -> crate::helpers::Posted {
    app.post_multipart("/mijn/onkosten", &[("cookie", cookie), ("accept-language", language)], body).await
}

/// Lotte, one of Kempen's trainers, teaches a new Kempen activity.
async fn trainer_with_activity(app: &TestApp, title: &str) -> (i32, i32) {
    let kempen =
        organiser::Entity::find().filter(organiser::Column::Slug.eq(KEMPEN)).one(&app.db).await.unwrap().unwrap().id;
    let event_id = app.insert_draft(KEMPEN, title, true).await;
    let lotte = trainer::ActiveModel {
        organiser_id: Set(kempen),
        full_name: Set("Lotte Lesgever".into()),
        email: Set(Some("Lotte.Lesgever@example.test".into())),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    event_trainer::ActiveModel {
        event_id: Set(event_id),
        trainer_id: Set(lotte.id),
        session_id: Set(None),
        role: Set("trainer".into()),
        fee_cents: Set(0),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    (event_id, lotte.id)
}

async fn last_mail_to(app: &TestApp, to: &str) -> mail_outbox::Model {
    mail_outbox::Entity::find()
        .filter(mail_outbox::Column::ToAddress.eq(to))
        .order_by_desc(mail_outbox::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .expect("a mail to the trainer")
}

on_both_databases!(a_trainer_claims_with_receipts_and_an_admin_approves_once, |app: TestApp| async move {
    let (event_id, lotte_id) = trainer_with_activity(&app, "Vorming onkosten").await;
    let lotte = sign_in(&app, LOTTE).await;
    let page = app.get_with_cookie("/mijn/onkosten", &lotte).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Vorming onkosten") && page.body.contains("€ 0,4269/km"), "her activity and its rate");
    assert!(page.body.contains("enctype=\"multipart/form-data\""), "a form that works without script");
    let csrf = csrf_of(&page.body);
    let event = event_id.to_string();
    let fields = [
        ("csrf", csrf.as_str()),
        ("activiteit", event.as_str()),
        ("kilometers", "123,4"),
        ("materiaal-1-omschrijving", "Flip-over papier"),
        ("materiaal-1-bedrag", "12,99"),
        ("materiaal-2-omschrijving", ""),
        ("materiaal-2-bedrag", ""),
    ];

    // A text file called .pdf is refused by its content, next to the field, with what was typed kept.
    let refused = post_claim(&app, &lotte, "nl", multipart(&fields, &[("factuur.pdf", b"gewoon tekst")])).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.body.contains("factuur.pdf is geen PDF, JPEG of PNG"), "{}", refused.body);
    assert!(refused.body.contains("value=\"123,4\"") && refused.body.contains("value=\"Flip-over papier\""));
    // A file over 5 MB is refused too.
    let mut big = PDF.to_vec();
    big.resize(5 * 1024 * 1024 + 1, b' ');
    let refused = post_claim(&app, &lotte, "nl", multipart(&fields, &[("groot.pdf", &big)])).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("groot.pdf is te groot"), "{}", refused.body);
    // Without a token: 403.
    let tokenless = post_claim(&app, &lotte, "nl", multipart(&fields[1..], &[("bon.png", PNG)])).await;
    assert_eq!(tokenless.status, 403);
    assert_eq!(expense_claim::Entity::find().all(&app.db).await.unwrap().len(), 0, "nothing stored");

    // A PNG called .pdf is a PNG; a JPEG; both kept with their type, size and hash.
    let submitted =
        post_claim(&app, &lotte, "nl", multipart(&fields, &[("bon.pdf", PNG), ("ticket trein.jpg", JPEG)])).await;
    assert_eq!(submitted.status, 303, "{}", submitted.body);
    assert!(submitted.location.starts_with("/mijn/onkosten?melding=ingediend"), "{}", submitted.location);
    let claim = expense_claim::Entity::find().one(&app.db).await.unwrap().expect("the claim");
    assert_eq!((claim.trainer_id, claim.event_id, claim.status.as_str()), (lotte_id, event_id, "submitted"));
    // 123,4 km × € 0,4269 = € 52,67946 → € 52,68; plus € 12,99.
    assert_eq!((claim.kilometres_tenths, claim.km_rate), (Some(1234), 4269));
    assert_eq!((claim.travel_cents, claim.material_cents, claim.total_cents), (5268, 1299, 6567));
    let receipts = expense_receipt::Entity::find()
        .filter(expense_receipt::Column::ClaimId.eq(claim.id))
        .order_by_asc(expense_receipt::Column::Id)
        .all(&app.db)
        .await
        .unwrap();
    let kinds: Vec<(&str, &str)> = receipts.iter().map(|r| (r.file_name.as_str(), r.content_type.as_str())).collect();
    assert_eq!(kinds, [("bon.png", "image/png"), ("ticket_trein.jpg", "image/jpeg")]);
    assert_eq!(receipts[0].content, PNG);
    assert_eq!((receipts[0].size_bytes, receipts[0].sha256.len()), (PNG.len() as i64, 64));
    let mine = app.get_with_cookie("/mijn/onkosten", &lotte).await;
    assert!(mine.body.contains("Ingediend") && mine.body.contains("€ 65,67"), "her claim and its status");

    // The receipt: for Kempen's admins and Lotte, as an attachment of the detected type.
    let receipt = format!("/beheer/{KEMPEN}/financien/onkosten/{}/bonnen/{}", claim.id, receipts[0].id);
    let hanne = sign_in(&app, HANNE).await;
    for cookie in [&hanne, &lotte] {
        let file = app.client.get(format!("{}{receipt}", app.address)).header("cookie", cookie).send().await.unwrap();
        assert_eq!(file.status().as_u16(), 200);
        let header =
            |name: &str| file.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
        assert_eq!(header("content-type"), "image/png");
        assert_eq!(header("content-disposition"), "attachment; filename=\"bon.png\"");
        assert_eq!(header("x-content-type-options"), "nosniff");
        assert_eq!(file.bytes().await.unwrap().as_ref(), PNG);
    }
    // Not for another organiser's admin, through either address; nor without a session.
    let elisa = sign_in(&app, ELISA).await;
    assert_eq!(app.get_with_cookie(&receipt, &elisa).await.status, 404);
    let sideways = receipt.replacen(KEMPEN, NWVL, 1);
    assert_eq!(app.get_with_cookie(&sideways, &elisa).await.status, 404);
    assert_eq!(app.get(&receipt).await.status, 401);

    // The admins' list shows it with its receipts; NWVL's admin can neither see nor approve it.
    let list_path = format!("/beheer/{KEMPEN}/financien/onkosten");
    let list = app.get_with_cookie(&list_path, &hanne).await;
    assert_eq!(list.status, 200);
    assert!(list.body.contains("Lotte Lesgever") && list.body.contains(&receipt), "the claim and its receipts");
    assert!(list.body.contains("123,4 km × € 0,4269") && list.body.contains("€ 52,68"));
    let elisa_csrf = csrf_of(&app.get_with_cookie("/mijn", &elisa).await.body);
    let claim_id = claim.id.to_string();
    for organiser in [KEMPEN, NWVL] {
        let form = [("csrf", elisa_csrf.as_str()), ("aanvraag", claim_id.as_str()), ("actie", "goedkeuren")];
        let path = format!("/beheer/{organiser}/financien/onkosten");
        let answer = app.post_form(&path, &form, &[("cookie", &elisa)]).await;
        assert_eq!(answer.status, 404, "Kempen's claim is nobody's at {organiser} for NWVL's admin");
    }

    // Four clicks at once: one approval, one cost line.
    let csrf = csrf_of(&list.body);
    let form = [("csrf", csrf.as_str()), ("aanvraag", claim_id.as_str()), ("actie", "goedkeuren")];
    let headers = [("cookie", hanne.as_str())];
    let click = || app.post_form(&list_path, &form, &headers);
    let (a, b, c, d) = tokio::join!(click(), click(), click(), click());
    let answers = [a, b, c, d];
    let approved = answers.iter().filter(|a| a.location.contains("melding=goedgekeurd")).count();
    let decided = answers.iter().filter(|a| a.location.contains("melding=al-beslist")).count();
    assert_eq!((approved, decided), (1, 3), "{:?}", answers.iter().map(|a| &a.location).collect::<Vec<_>>());
    let lines = cost_line::Entity::find().filter(cost_line::Column::EventId.eq(event_id)).all(&app.db).await.unwrap();
    assert_eq!(lines.len(), 1, "exactly one cost line");
    let line = &lines[0];
    assert_eq!((line.status, line.approved_cents, line.trainer_id), (CostStatus::Approved, Some(6567), Some(lotte_id)));
    assert_eq!((line.category.as_str(), line.actual_cents), ("trainer", Some(6567)));
    let claim = expense_claim::Entity::find_by_id(claim.id).one(&app.db).await.unwrap().unwrap();
    assert_eq!((claim.status.as_str(), claim.cost_line_id), ("approved", Some(line.id)));

    // Lotte is told, in Dutch (she wrote in Dutch), and sees it on her page.
    let mail = last_mail_to(&app, "lotte.lesgever@example.test").await;
    assert_eq!(mail.subject, "Je onkosten voor Vorming onkosten zijn goedgekeurd");
    assert!(mail.text_body.contains("€ 65,67") && mail.text_body.contains("/mijn/onkosten"), "{}", mail.text_body);
    let mine = app.get_with_cookie("/mijn/onkosten", &lotte).await;
    assert!(mine.body.contains("Goedgekeurd"));
});

on_both_databases!(a_rejection_needs_a_reason_and_the_trainer_reads_it_in_her_language, |app: TestApp| async move {
    let (event_id, _) = trainer_with_activity(&app, "Vorming reiskosten").await;
    let lotte = sign_in(&app, LOTTE).await;
    let csrf = csrf_of(&app.get_with_cookie("/mijn/onkosten", &lotte).await.body);
    let event = event_id.to_string();
    // Travel alone needs no receipt; she writes in English.
    let fields = [("csrf", csrf.as_str()), ("activiteit", event.as_str()), ("kilometers", "40")];
    let submitted = post_claim(&app, &lotte, "en", multipart(&fields, &[])).await;
    assert_eq!(submitted.status, 303, "{}", submitted.body);
    let claim = expense_claim::Entity::find().one(&app.db).await.unwrap().expect("the claim");
    assert_eq!((claim.total_cents, claim.locale.as_str()), (1708, "en"), "40 km × € 0,4269 = € 17,076");
    // An activity she does not teach is refused next to the choice.
    let other = app.insert_draft(KEMPEN, "Niet de hare", true).await.to_string();
    let fields = [("csrf", csrf.as_str()), ("activiteit", other.as_str()), ("kilometers", "40")];
    let refused = post_claim(&app, &lotte, "nl", multipart(&fields, &[])).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("Kies een activiteit waar je lesgever bent"));

    let hanne = sign_in(&app, HANNE).await;
    let list_path = format!("/beheer/{KEMPEN}/financien/onkosten");
    let csrf = csrf_of(&app.get_with_cookie(&list_path, &hanne).await.body);
    let id = claim.id.to_string();
    let reason_field = format!("reden-{id}");
    let post = |action: &'static str, reason: &'static str| {
        let (app, hanne, list_path, csrf, id, reason_field) =
            (&app, hanne.clone(), list_path.clone(), csrf.clone(), id.clone(), reason_field.clone());
        async move {
            let form = [
                ("csrf", csrf.as_str()),
                ("aanvraag", id.as_str()),
                ("actie", action),
                (reason_field.as_str(), reason),
            ];
            app.post_form(&list_path, &form, &[("cookie", &hanne)]).await
        }
    };
    let without = post("afwijzen", "  ").await;
    assert_eq!(without.status, 422);
    assert!(without.body.contains("Zeg waarom je de aanvraag afwijst"), "{}", without.body);
    let still = expense_claim::Entity::find_by_id(claim.id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(still.status.as_str(), "submitted");
    let rejected = post("afwijzen", "De activiteit was online: geen verplaatsing.").await;
    assert!(rejected.location.contains("melding=afgewezen"), "{}", rejected.location);
    let claim = expense_claim::Entity::find_by_id(claim.id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(claim.status.as_str(), "rejected");
    assert_eq!(claim.rejection_reason.as_deref(), Some("De activiteit was online: geen verplaatsing."));
    assert!(claim.cost_line_id.is_none());
    let again = post("goedkeuren", "").await;
    assert!(again.location.contains("melding=al-beslist"), "a rejected claim is not approved after all");
    assert_eq!(
        cost_line::Entity::find().filter(cost_line::Column::EventId.eq(event_id)).all(&app.db).await.unwrap().len(),
        0
    );
    // The mail is in English, with the reason.
    let mail = last_mail_to(&app, "lotte.lesgever@example.test").await;
    assert_eq!(mail.subject, "Your expenses for Vorming reiskosten are rejected");
    assert!(mail.text_body.contains("The reason: De activiteit was online: geen verplaatsing."), "{}", mail.text_body);
    let mine = app.get_with_cookie("/mijn/onkosten", &lotte).await;
    assert!(mine.body.contains("Afgewezen") && mine.body.contains("De activiteit was online"));
});

on_both_databases!(admins_set_the_kilometre_rate_for_new_claims, |app: TestApp| async move {
    let (event_id, _) = trainer_with_activity(&app, "Vorming tarief").await;
    let hanne = sign_in(&app, HANNE).await;
    let settings = format!("/beheer/{KEMPEN}/instellingen");
    let page = app.get_with_cookie(&settings, &hanne).await;
    assert!(page.body.contains("value=\"0,4269\""), "the federal rate by default");
    let csrf = csrf_of(&page.body);
    let rate = format!("{settings}/km-tarief");
    let bad = app.post_form(&rate, &[("csrf", &csrf), ("km-tarief", "0,123456")], &[("cookie", &hanne)]).await;
    assert!(bad.location.contains("melding=km-tarief-ongeldig"), "{}", bad.location);
    let saved = app.post_form(&rate, &[("csrf", &csrf), ("km-tarief", "0,35")], &[("cookie", &hanne)]).await;
    assert!(saved.location.contains("melding=km-tarief-bewaard"), "{}", saved.location);
    let lotte = sign_in(&app, LOTTE).await;
    let page = app.get_with_cookie("/mijn/onkosten", &lotte).await;
    assert!(page.body.contains("€ 0,35/km"));
    let csrf = csrf_of(&page.body);
    let event = event_id.to_string();
    let fields = [("csrf", csrf.as_str()), ("activiteit", event.as_str()), ("kilometers", "10,5")];
    assert_eq!(post_claim(&app, &lotte, "nl", multipart(&fields, &[])).await.status, 303);
    let claim = expense_claim::Entity::find().one(&app.db).await.unwrap().unwrap();
    // 10,5 km × € 0,35 = € 3,675 → € 3,68 (half a cent up).
    assert_eq!((claim.km_rate, claim.total_cents), (3500, 368));
});
