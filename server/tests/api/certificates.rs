//! Attendance certificates: staff mail them to everyone checked in at the
//! door, once; each is a PDF of the sessions attended; others' staff reach none.

use crate::accounts::sign_in;
use crate::helpers::{TestApp, csrf_of};
use crate::on_both_databases;
use domain::RegistrationStatus;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use std::collections::BTreeSet;
use store::entities::{check_in, event, event_session, mail_outbox, organiser, registration};

const TABITHA: &str = "tabitha.tanghe@cawdekempen.test";
const JENS: &str = "jens.jaecques@cawnoordwestvlaanderen.test";

/// A past Kempen event of the demo with people checked in: its id, and the
/// registrations that earn a certificate (confirmed, present, with an address).
async fn attended_event(app: &TestApp) -> (i32, BTreeSet<i32>) {
    let kempen =
        organiser::Entity::find().filter(organiser::Column::Slug.eq("biz-kempen")).one(&app.db).await.unwrap().unwrap();
    for e in event::Entity::find()
        .filter(event::Column::OrganiserId.eq(kempen.id))
        .order_by_asc(event::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
    {
        let sessions: Vec<i32> = event_session::Entity::find()
            .filter(event_session::Column::EventId.eq(e.id))
            .all(&app.db)
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.id)
            .collect();
        let present: BTreeSet<i32> = check_in::Entity::find()
            .filter(check_in::Column::SessionId.is_in(sessions))
            .all(&app.db)
            .await
            .unwrap()
            .into_iter()
            .map(|c| c.registration_id)
            .collect();
        let earning: BTreeSet<i32> = registration::Entity::find()
            .filter(registration::Column::Id.is_in(present.iter().copied().collect::<Vec<_>>()))
            .filter(registration::Column::Status.eq(RegistrationStatus::Confirmed))
            .filter(registration::Column::AnonymisedAt.is_null())
            .filter(registration::Column::AttendeeEmail.is_not_null())
            .all(&app.db)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect();
        if earning.len() >= 2 {
            return (e.id, earning);
        }
    }
    panic!("the demo has a Kempen event with attendance");
}

async fn certificate_mails(app: &TestApp) -> Vec<mail_outbox::Model> {
    mail_outbox::Entity::find()
        .filter(mail_outbox::Column::Subject.starts_with("Je attest van deelname"))
        .all(&app.db)
        .await
        .unwrap()
}

on_both_databases!(staff_mail_each_attendee_their_certificate_once, |app: TestApp| async move {
    let (event_id, earning) = attended_event(&app).await;
    let tabitha = sign_in(&app, TABITHA).await;
    let list = format!("/beheer/biz-kempen/activiteiten/{event_id}/inschrijvingen");
    let page = app.get_with_cookie(&list, &tabitha).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(&format!("Attesten versturen ({})", earning.len())), "the button counts them");
    let csrf = csrf_of(&page.body);
    let send = format!("/beheer/biz-kempen/activiteiten/{event_id}/attesten");

    let sent = app.post_form(&send, &[("csrf", &csrf)], &[("cookie", tabitha.as_str())]).await;
    assert_eq!(sent.status, 303);
    assert!(
        sent.location.ends_with(&format!("inschrijvingen?attesten={}#attesten", earning.len())),
        "{}",
        sent.location
    );
    let mails = certificate_mails(&app).await;
    assert_eq!(mails.len(), earning.len(), "one mail per attendee");
    let first = registration::Entity::find_by_id(*earning.iter().next().unwrap()).one(&app.db).await.unwrap().unwrap();
    let theirs =
        mails.iter().find(|m| Some(&m.to_address) == first.attendee_email.as_ref()).expect("the attendee's mail");
    let attachments: serde_json::Value = serde_json::from_str(theirs.attachments.as_deref().unwrap()).unwrap();
    assert_eq!(attachments[0]["content_type"], "application/pdf");
    assert!(attachments[0]["filename"].as_str().unwrap().starts_with("attest-"));
    assert!(theirs.text_body.contains(&first.attendee_name));
    let marked = registration::Entity::find()
        .filter(registration::Column::Id.is_in(earning.iter().copied().collect::<Vec<_>>()))
        .filter(registration::Column::CertificateSentAt.is_not_null())
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(marked as usize, earning.len());

    // Again: nobody gets a second one.
    let again = app.post_form(&send, &[("csrf", &csrf)], &[("cookie", tabitha.as_str())]).await;
    assert!(again.location.contains("attesten=0"), "{}", again.location);
    assert_eq!(certificate_mails(&app).await.len(), earning.len());
    let page = app.get_with_cookie(&format!("{list}?attesten=0"), &tabitha).await;
    assert!(page.body.contains("Alle aanwezigen kregen hun attest al."));
    assert!(page.body.contains("Er waren geen attesten meer te versturen."));

    // One certificate as a PDF.
    let pdf = app.get_with_cookie(&format!("{send}/{}", first.id), &tabitha).await;
    assert_eq!(pdf.status, 200);
    assert!(pdf.body.starts_with("%PDF-"));
    assert!(pdf.body.contains(&first.attendee_name) || !first.attendee_name.is_ascii(), "the name is on it");
});

on_both_databases!(certificates_are_for_the_organisers_staff_and_those_present, |app: TestApp| async move {
    let (event_id, earning) = attended_event(&app).await;
    let send = format!("/beheer/biz-kempen/activiteiten/{event_id}/attesten");
    let someone = *earning.iter().next().unwrap();
    // Not signed in.
    assert_eq!(app.get(&format!("{send}/{someone}")).await.status, 401);
    // Another organiser's staff: not found, through either address, and nothing is sent.
    let jens = sign_in(&app, JENS).await;
    let csrf = csrf_of(&app.get_with_cookie("/beheer/biz-noord-west-vlaanderen", &jens).await.body);
    assert_eq!(app.get_with_cookie(&format!("{send}/{someone}"), &jens).await.status, 404);
    let sideways = format!("/beheer/biz-noord-west-vlaanderen/activiteiten/{event_id}/attesten");
    assert_eq!(app.get_with_cookie(&format!("{sideways}/{someone}"), &jens).await.status, 404);
    assert_eq!(app.post_form(&send, &[("csrf", &csrf)], &[("cookie", jens.as_str())]).await.status, 404);
    assert_eq!(app.post_form(&sideways, &[("csrf", &csrf)], &[("cookie", jens.as_str())]).await.status, 404);
    // Kempen's staff without the form token.
    let tabitha = sign_in(&app, TABITHA).await;
    assert_eq!(app.post_form(&send, &[], &[("cookie", tabitha.as_str())]).await.status, 403);
    assert!(certificate_mails(&app).await.is_empty(), "nothing was sent");
    // Someone who was not present has no certificate.
    let absent = registration::Entity::find()
        .filter(registration::Column::EventId.eq(event_id))
        .filter(registration::Column::Id.is_not_in(earning.iter().copied().collect::<Vec<_>>()))
        .one(&app.db)
        .await
        .unwrap();
    if let Some(absent) = absent {
        assert_eq!(app.get_with_cookie(&format!("{send}/{}", absent.id), &tabitha).await.status, 404);
    }
    assert_eq!(app.get_with_cookie(&format!("{send}/abc"), &tabitha).await.status, 404);
});
