//! The signed-in person as a trainer (`/mijn/lesgever`): their own fees with
//! status, paid date and reference; their profile with the admins' rules
//! (a wrong IBAN refused next to its field, the change in the audit log);
//! a fee statement PDF for them and the organiser's admins only. Another
//! person never finds someone else's fees, profile or statement.

use crate::accounts::sign_in;
use crate::helpers::{TestApp, csrf_of};
use crate::on_both_databases;
use chrono::TimeZone;
use domain::CostStatus;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use store::entities::{audit_entry, cost_line, trainer};

const KEMPEN: &str = "biz-kempen";
const HANNE: &str = "hanne.laenen@cawdekempen.test";
const TABITHA: &str = "tabitha.tanghe@cawdekempen.test";
/// A trainer of Kempen's in the demo, with no role there: her address is her link.
const SOFIE: &str = "sofie.mertens@energieadvies.test";
/// Another trainer of Kempen's, with a sign-in of his own.
const ALEXANDER: &str = "alexander.exelmans@cawdekempen.test";

/// How a PDF writes a text with letters beyond ASCII (€): a hex string.
fn hex(text: &str) -> String {
    let bytes: String = text
        .chars()
        .map(|c| match c {
            '€' => 0x80,
            c => c as u32 as u8,
        })
        .map(|b| format!("{b:02X}"))
        .collect();
    format!("<{bytes}>")
}

async fn sofies_row(app: &TestApp) -> trainer::Model {
    trainer::Entity::find().filter(trainer::Column::Email.eq(SOFIE)).one(&app.db).await.unwrap().expect("demo trainer")
}

/// A fee for `trainer_id` on `event_id`: planned, or paid on 20 Nov 2026 with a reference.
async fn fee(app: &TestApp, event_id: i32, trainer_id: i32, description: &str, cents: i64, paid: bool) -> i32 {
    let now = app.clock_now();
    let paid_at = chrono::Utc.with_ymd_and_hms(2026, 11, 20, 10, 0, 0).unwrap();
    cost_line::ActiveModel {
        event_id: Set(event_id),
        category: Set("trainer".into()),
        description: Set(description.into()),
        trainer_id: Set(Some(trainer_id)),
        budget_cents: Set(cents),
        actual_cents: Set(paid.then_some(cents)),
        approved_cents: Set(paid.then_some(cents)),
        approved_at: Set(paid.then_some(now)),
        status: Set(if paid { CostStatus::Paid } else { CostStatus::Planned }),
        paid_at: Set(paid.then_some(paid_at)),
        payout_reference: Set(paid.then(|| "LEERNET-E2E-77".to_string())),
        payout_attempt: Set(0),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id
}

on_both_databases!(a_trainer_sees_and_keeps_only_their_own, |app: TestApp| async move {
    let sofie_row = sofies_row(&app).await;
    let event_id = app.insert_draft(KEMPEN, "Energiearmoede herfstvorming", true).await;
    fee(&app, event_id, sofie_row.id, "Honorarium Sofie", 25_000, true).await;
    fee(&app, event_id, sofie_row.id, "Verplaatsing Sofie", 4_050, false).await;
    let others_event = app.insert_draft(KEMPEN, "Schuldbemiddeling voor gevorderden", true).await;
    let alexander_row = trainer::Entity::find()
        .filter(trainer::Column::Email.eq(ALEXANDER))
        .filter(trainer::Column::OrganiserId.eq(sofie_row.organiser_id))
        .one(&app.db)
        .await
        .unwrap()
        .expect("demo trainer");
    fee(&app, others_event, alexander_row.id, "Honorarium Alexander", 61_500, false).await;

    // Sofie: /mijn leads to her fees; each with its status, paid date and reference.
    let sofie = sign_in(&app, SOFIE).await;
    let mine = app.get_with_cookie("/mijn", &sofie).await;
    assert!(mine.body.contains("href=\"/mijn/lesgever\""), "a trainer's /mijn links the fees");
    let page = app.get_with_cookie("/mijn/lesgever", &sofie).await;
    assert_eq!(page.status, 200);
    for needle in [
        "Energiearmoede herfstvorming",
        "Honorarium Sofie",
        "€ 250,00",
        "€ 40,50",
        "Betaald",
        "Gepland, nog niet goedgekeurd",
        "20 nov",
        "LEERNET-E2E-77",
    ] {
        assert!(page.body.contains(needle), "{needle}");
    }
    assert!(!page.body.contains("Honorarium Alexander") && !page.body.contains("615,00"), "not another's fees");
    let statement = format!("/mijn/lesgever/{}/activiteiten/{event_id}/vergoedingsstaat", sofie_row.id);
    assert!(page.body.contains(&format!("href=\"{statement}\"")), "the statement of the activity");

    // Her profile: a wrong IBAN is refused next to its field, what was typed stays.
    let profile = format!("/mijn/lesgever/{}", sofie_row.id);
    let form = app.get_with_cookie(&profile, &sofie).await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains(SOFIE), "her address, to read");
    let csrf = csrf_of(&form.body);
    let cookie = [("cookie", sofie.as_str())];
    let typo = [("csrf", csrf.as_str()), ("iban", "BE68 5390 0754 7035"), ("btw-status", "liable")];
    let refused = app.post_form(&profile, &typo, &cookie).await;
    assert_eq!(refused.status, 422, "{}", refused.location);
    assert!(refused.body.contains("De controlegetallen van deze IBAN kloppen niet"));
    assert!(refused.body.contains("id=\"iban-error\"") && refused.body.contains("id=\"ondernemingsnummer-error\""));
    assert!(refused.body.contains("value=\"BE68 5390 0754 7035\""), "what was typed stays");
    let no_token = app.post_form(&profile, &[("iban", "BE68 5390 0754 7034")], &cookie).await;
    assert_eq!(no_token.status, 403);
    let good = [
        ("csrf", csrf.as_str()),
        ("straat", "Kerkstraat 1"),
        ("postcode", "2440"),
        ("gemeente", "Geel"),
        ("iban", "be68 5390 0754 7034"),
        ("btw-status", "exempt"),
        ("ondernemingsnummer", "0207.520.810"),
    ];
    let saved = app.post_form(&profile, &good, &cookie).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_eq!(saved.location, format!("/mijn/lesgever?melding=bewaard#lesgever-{}", sofie_row.id));
    let stored = trainer::Entity::find_by_id(sofie_row.id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(stored.iban.as_deref(), Some("BE68539007547034"));
    assert_eq!(stored.vat_status, Some(domain::VatStatus::Exempt));
    let audited = audit_entry::Entity::find()
        .filter(audit_entry::Column::Entity.eq("trainer"))
        .filter(audit_entry::Column::EntityId.eq(sofie_row.id))
        .filter(audit_entry::Column::Action.eq("trainer.updated"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the change is in the organiser's audit log");
    assert!(audited.detail.unwrap_or_default().contains("IBAN …7034"));

    // Her statement: the activity, both parties and the amounts, the VAT line.
    let pdf = app.get_with_cookie(&statement, &sofie).await;
    assert_eq!((pdf.status, pdf.content_type.as_str()), (200, "application/pdf"));
    for needle in [
        "(Honorarium Sofie)".to_string(),
        "(Energiearmoede herfstvorming)".into(),
        "(Kerkstraat 1)".into(),
        "(Ondernemingsnummer 0207.520.810)".into(),
        "(referentie LEERNET-E2E-77)".into(),
        "(Lesgever vrijgesteld van btw:".into(),
        hex("€ 250,00"),
        hex("€ 290,50"),
    ] {
        assert!(pdf.body.contains(&needle), "{needle}");
    }
    let nothing_there = format!("/mijn/lesgever/{}/activiteiten/{others_event}/vergoedingsstaat", sofie_row.id);
    assert_eq!(app.get_with_cookie(&nothing_there, &sofie).await.status, 404, "no fee of hers there");
    assert_eq!(app.get(&statement).await.status, 401, "a download without a session");

    // Another person (a trainer too): none of it, whatever the address says.
    let alexander = sign_in(&app, ALEXANDER).await;
    let his = app.get_with_cookie("/mijn/lesgever", &alexander).await;
    assert_eq!(his.status, 200);
    assert!(his.body.contains("Honorarium Alexander"), "his own");
    assert!(!his.body.contains("Honorarium Sofie") && !his.body.contains("Kerkstraat 1"), "not hers");
    assert_eq!(app.get_with_cookie(&profile, &alexander).await.status, 404);
    assert_eq!(app.get_with_cookie(&statement, &alexander).await.status, 404);
    let his_form = app.get_with_cookie(&format!("/mijn/lesgever/{}", alexander_row.id), &alexander).await;
    let his_csrf = csrf_of(&his_form.body);
    let hijack = [("csrf", his_csrf.as_str()), ("iban", "BE71 0961 2345 6769")];
    let refused = app.post_form(&profile, &hijack, &[("cookie", alexander.as_str())]).await;
    assert_eq!(refused.status, 404, "not his to change");
    let kept = trainer::Entity::find_by_id(sofie_row.id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(kept.iban.as_deref(), Some("BE68539007547034"));

    // The organiser's admins download it too; staff and others do not.
    let admin_statement =
        format!("/beheer/{KEMPEN}/lesgevers/{}/activiteiten/{event_id}/vergoedingsstaat", sofie_row.id);
    let hanne = sign_in(&app, HANNE).await;
    let for_admin = app.get_with_cookie(&admin_statement, &hanne).await;
    assert_eq!((for_admin.status, for_admin.content_type.as_str()), (200, "application/pdf"));
    assert!(for_admin.body.contains(&hex("€ 250,00")));
    let tabitha = sign_in(&app, TABITHA).await;
    assert_eq!(app.get_with_cookie(&admin_statement, &tabitha).await.status, 404, "staff: not theirs");
    assert_eq!(app.get_with_cookie(&admin_statement, &sofie).await.status, 404, "the back office's address");
});

on_both_databases!(someone_without_a_trainer_row_sees_no_fees, |app: TestApp| async move {
    let stranger = sign_in(&app, "iemand@elders.test").await;
    let mine = app.get_with_cookie("/mijn", &stranger).await;
    assert_eq!(mine.status, 200);
    assert!(!mine.body.contains("href=\"/mijn/lesgever\""), "no link for non-trainers");
    let page = app.get_with_cookie("/mijn/lesgever", &stranger).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Geen enkele organisator heeft een lesgever met jouw e-mailadres"));
    let sofie_row = sofies_row(&app).await;
    assert_eq!(app.get_with_cookie(&format!("/mijn/lesgever/{}", sofie_row.id), &stranger).await.status, 404);
    // Signed out: the sign-in form, no fees.
    let signed_out = app.post_form(&format!("/mijn/lesgever/{}", sofie_row.id), &[("iban", "x")], &[]).await;
    assert_eq!((signed_out.status, signed_out.location.as_str()), (303, "/aanmelden"));
});
