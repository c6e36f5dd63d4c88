//! Calendar feeds: the published programme at /agenda.ics (all regions, or
//! filtered) and a person's own sessions behind a secret address, both read
//! back with an iCalendar parser that is not ours (the `ical` crate).

use crate::accounts::sign_in;
use crate::helpers::TestApp;
use crate::on_both_databases;
use crate::privacy::{open_event, register};
use domain::EventStatus;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use store::entities::{calendar_feed, event, event_session, person, ticket};

const CARO: &str = "caro.kalender@ocmw-geel.test";

/// One parsed entry: its properties by name (the first of each).
struct Entry(Vec<(String, String)>);

impl Entry {
    fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// The feed at `path`, checked as a calendar and parsed by the `ical` crate.
async fn feed(app: &TestApp, path: &str) -> Vec<Entry> {
    let got = app.get(path).await;
    assert_eq!(got.status, 200, "{path}: {}", got.body);
    let mut parser = ical::IcalParser::new(std::io::BufReader::new(got.body.as_bytes()));
    let calendar = parser.next().expect("one calendar").expect("a calendar that parses");
    assert!(parser.next().is_none(), "exactly one calendar");
    let property = |name: &str| calendar.properties.iter().find(|p| p.name == name).and_then(|p| p.value.clone());
    assert_eq!(property("VERSION").as_deref(), Some("2.0"));
    assert!(property("PRODID").is_some());
    calendar
        .events
        .into_iter()
        .map(|e| Entry(e.properties.into_iter().map(|p| (p.name, p.value.unwrap_or_default())).collect()))
        .collect()
}

fn with_uid<'a>(entries: &'a [Entry], uid: &str) -> Option<&'a Entry> {
    entries.iter().find(|e| e.get("UID") == Some(uid))
}

on_both_databases!(the_programme_is_a_calendar_to_subscribe_to, |app: TestApp| async move {
    let (_, id, _, _) = open_event(&app, "Kalendervorming, budget; praktijk", None).await;
    let session = event_session::Entity::find()
        .filter(event_session::Column::EventId.eq(id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    // The tests' server is at http://leernet.test (LEERNET_BASE_URL).
    let uid = domain::calendar::session_uid(session.id, "leernet.test");

    let all = feed(&app, "/agenda.ics").await;
    assert!(all.len() > 3, "the demo's programme is in the feed");
    let entry = with_uid(&all, &uid).expect("the new activity's session");
    assert_eq!(entry.get("SUMMARY"), Some("Kalendervorming\\, budget\\; praktijk"));
    assert_eq!(entry.get("DTSTART"), Some(session.starts_at.format("%Y%m%dT%H%M%SZ").to_string().as_str()));
    assert_eq!(entry.get("DTEND"), Some(session.ends_at.format("%Y%m%dT%H%M%SZ").to_string().as_str()));
    assert_eq!(entry.get("STATUS"), Some("CONFIRMED"));
    assert!(entry.get("URL").is_some_and(|u| u.ends_with("/regio/biz-kempen/kalendervorming-budget-praktijk")));
    // Every UID once.
    let mut uids: Vec<&str> = all.iter().filter_map(|e| e.get("UID")).collect();
    let count = uids.len();
    uids.sort_unstable();
    uids.dedup();
    assert_eq!(uids.len(), count);

    // Per region and kind: only that region's, only that kind.
    let kempen = feed(&app, "/agenda.ics?regio=biz-kempen&soort=vorming").await;
    assert!(with_uid(&kempen, &uid).is_some());
    assert!(kempen.iter().all(|e| e.get("URL").is_some_and(|u| u.contains("/regio/biz-kempen/"))));
    assert!(kempen.len() < all.len());
    let elsewhere = feed(&app, "/agenda.ics?regio=biz-noord-west-vlaanderen").await;
    assert!(with_uid(&elsewhere, &uid).is_none());

    // A change: the same UID with a higher SEQUENCE; a cancellation strikes it out.
    let sequence = |e: &Entry| e.get("SEQUENCE").unwrap().parse::<i64>().unwrap();
    let before = sequence(entry);
    let mut e: event::ActiveModel = event::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap().into();
    e.status = Set(EventStatus::Cancelled);
    e.updated_at = Set(app.clock_now() + chrono::Duration::hours(2));
    e.update(&app.db).await.unwrap();
    let after = feed(&app, "/agenda.ics").await;
    let cancelled = with_uid(&after, &uid).expect("still in the feed, to be struck out");
    assert_eq!(cancelled.get("STATUS"), Some("CANCELLED"));
    assert!(sequence(cancelled) > before);

    // Bad filters are refused, an unknown region does not exist.
    assert_eq!(app.get("/agenda.ics?soort=feest").await.status, 400);
    assert_eq!(app.get("/agenda.ics?regio=nergens").await.status, 404);
    let got = app.get("/agenda.ics").await;
    assert!(got.body.starts_with("BEGIN:VCALENDAR\r\n"));

    // The catalogue links the feed of what it shows.
    let page = app.get("/regio/biz-kempen").await;
    let link = page.body.split("<link").find(|tag| tag.contains("text/calendar")).expect("a calendar link");
    let link = link.split('>').next().unwrap();
    assert!(link.contains(r#"rel="alternate""#) && link.contains(r#"href="/agenda.ics?regio=biz-kempen""#), "{link}");
});

on_both_databases!(a_person_subscribes_to_their_own_sessions, |app: TestApp| async move {
    let (path, id, ticket_type, partner) = open_event(&app, "Mijn kalenderdag", None).await;
    let registration = register(&app, &path, ticket_type, partner, "Caro Kalender", CARO).await;
    let code = ticket::Entity::find()
        .filter(ticket::Column::RegistrationId.eq(registration.id))
        .one(&app.db)
        .await
        .unwrap()
        .expect("a ticket")
        .code;
    let session = event_session::Entity::find()
        .filter(event_session::Column::EventId.eq(id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let cookie = sign_in(&app, CARO).await;
    let mine = app.get_with_cookie("/mijn", &cookie).await;
    assert!(mine.body.contains("action=\"/mijn/agenda\""), "the section offers an address");
    let csrf = crate::helpers::csrf_of(&mine.body);

    // Only with the form's token.
    let refused = app.post_form("/mijn/agenda", &[], &[("cookie", &cookie)]).await;
    assert_eq!(refused.status, 403);
    let made = app.post_form("/mijn/agenda", &[("csrf", &csrf)], &[("cookie", &cookie)]).await;
    assert_eq!(made.status, 303);
    assert_eq!(made.location, "/mijn#agenda");
    let caro = person::Entity::find().filter(person::Column::Email.eq(CARO)).one(&app.db).await.unwrap().unwrap();
    let token = calendar_feed::Entity::find_by_id(caro.id).one(&app.db).await.unwrap().expect("an address").token;
    let address = domain::paths::personal_calendar_feed(&token);
    let mine = app.get_with_cookie("/mijn", &cookie).await;
    assert!(mine.body.contains(&address), "the page shows the address");

    // The feed holds her session, with the UID of her confirmation's attachment.
    let entries = feed(&app, &address).await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].get("UID"), Some(domain::calendar::ticket_session_uid(&code, session.id).as_str()));
    assert_eq!(entries[0].get("STATUS"), Some("CONFIRMED"));
    let got = app.client.get(format!("{}{address}", app.address)).send().await.unwrap();
    let cache = got.headers().get("cache-control").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    assert!(cache.starts_with("private"), "{cache}");

    // A new address: the old one stops working.
    let renewed = app.post_form("/mijn/agenda", &[("csrf", &csrf)], &[("cookie", &cookie)]).await;
    assert_eq!(renewed.status, 303);
    assert_eq!(app.get(&address).await.status, 404);
    let token = calendar_feed::Entity::find_by_id(caro.id).one(&app.db).await.unwrap().unwrap().token;
    let address = domain::paths::personal_calendar_feed(&token);
    assert_eq!(feed(&app, &address).await.len(), 1);
    assert_eq!(app.get(&format!("/agenda/{}", "0".repeat(64))).await.status, 404);
    assert_eq!(app.get("/agenda/niet-hex").await.status, 404);

    // Erasing her account takes the feed with it.
    let erased =
        app.post_form("/mijn/verwijderen", &[("csrf", &csrf), ("bevestigen", "ja")], &[("cookie", &cookie)]).await;
    assert_eq!(erased.status, 303, "{}", erased.body);
    assert_eq!(app.get(&address).await.status, 404);
    assert!(calendar_feed::Entity::find_by_id(caro.id).one(&app.db).await.unwrap().is_none());
});
