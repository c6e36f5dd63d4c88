//! The demo data loaded into fresh SQLite databases: consistent, the same for the
//! same day, loadable on any day of the year, and what the catalogue, the tests and
//! the end-to-end journeys rely on (named people, slugs, counts).

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use domain::{CatalogueFilter, PriceFilter, RegistrationStatus, SeatsLeft, Slug};
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};
use std::collections::HashSet;
use store::catalogue::{upcoming_events, upcoming_events_with_facets};
use store::entities::{
    check_in, event, event_session, membership, order, organisation, organiser, partnership, person, registration,
    ticket, ticket_type, trainer, venue,
};
use store::time::from_local;

fn demo_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date")
}

async fn fresh_database() -> DatabaseConnection {
    // One connection: every connection to "sqlite::memory:" is its own database.
    let db = store::connect("sqlite::memory:", 1).await.expect("connects");
    store::migrate(&db).await.expect("migrates");
    db
}

#[tokio::test]
async fn loads_consistent_demo_data() {
    let db = fresh_database().await;
    let started = std::time::Instant::now();
    let summary = demo::load(&db, demo_day()).await.expect("demo data loads");
    eprintln!("demo data loaded in {:?}: {summary:?}", started.elapsed());
    assert_eq!(summary.organisers, 2);

    let organisers = organiser::Entity::find().all(&db).await.unwrap();
    let slug_of = |slug: &str| organisers.iter().find(|o| o.slug == slug).map(|o| o.id);
    let nwvl = slug_of("biz-noord-west-vlaanderen").expect("BIZ Noord-West-Vlaanderen exists");
    let kempen = slug_of("biz-kempen").expect("BIZ Kempen exists");

    let organisations = organisation::Entity::find().all(&db).await.unwrap();
    let partnerships = partnership::Entity::find().all(&db).await.unwrap();
    let ocmw_partners = |organiser: i32| {
        partnerships
            .iter()
            .filter(|p| p.organiser_id == organiser)
            .filter(|p| organisations.iter().any(|o| o.id == p.organisation_id && o.kind == "ocmw"))
            .count()
    };
    assert_eq!(ocmw_partners(kempen), 27);
    assert_eq!(ocmw_partners(nwvl), 22);
    assert_eq!(summary.organisations, organisations.len());

    let events = event::Entity::find().all(&db).await.unwrap();
    let sessions = event_session::Entity::find().all(&db).await.unwrap();
    let registrations = registration::Entity::find().all(&db).await.unwrap();
    let tickets = ticket::Entity::find().all(&db).await.unwrap();
    assert_eq!(summary.events, events.len());
    assert_eq!(summary.registrations, registrations.len());
    assert_eq!(summary.check_ins as u64, check_in::Entity::find().count(&db).await.unwrap());
    for e in &events {
        assert_eq!(e.status, domain::EventStatus::Published);
        assert!(sessions.iter().any(|s| s.event_id == e.id), "{} has no session", e.title);
        let live = registrations
            .iter()
            .filter(|r| {
                r.event_id == e.id
                    && matches!(r.status, RegistrationStatus::Confirmed | RegistrationStatus::PendingPayment)
            })
            .count();
        assert_eq!(e.seats_taken as usize, live, "{}", e.title);
        if let Some(capacity) = e.capacity {
            assert!(e.seats_taken <= capacity, "{}", e.title);
        }
    }
    // The API's event page must never contain the word "fee" (server tests check
    // that fees stay internal), so no public text may contain it either.
    let mut public_texts: Vec<String> = Vec::new();
    for e in &events {
        public_texts.extend([e.title.clone(), e.summary.clone(), e.description.clone()]);
    }
    for s in &sessions {
        public_texts.extend([Some(s.title.clone()), s.description.clone(), s.track.clone()].into_iter().flatten());
    }
    for t in trainer::Entity::find().all(&db).await.unwrap() {
        public_texts.extend([Some(t.full_name), t.affiliation, t.bio].into_iter().flatten());
    }
    for t in ticket_type::Entity::find().all(&db).await.unwrap() {
        public_texts.extend([Some(t.name), t.description].into_iter().flatten());
    }
    for o in &organisers {
        public_texts.extend([o.name.clone(), o.short_name.clone(), o.description.clone(), o.email.clone()]);
    }
    for v in venue::Entity::find().all(&db).await.unwrap() {
        public_texts.extend([Some(v.name), Some(v.street), Some(v.city), v.directions].into_iter().flatten());
    }
    for text in &public_texts {
        assert!(!text.to_lowercase().contains("fee"), "{text}");
    }

    // One ticket per confirmed registration, with a random code like a real one's.
    let confirmed = registrations.iter().filter(|r| r.status == RegistrationStatus::Confirmed).count();
    assert_eq!(tickets.len(), confirmed);
    let codes: HashSet<&str> = tickets.iter().map(|t| t.code.as_str()).collect();
    assert_eq!(codes.len(), tickets.len());
    assert!(tickets.iter().all(|t| t.code.len() == 64 && t.code.bytes().all(|b| b.is_ascii_hexdigit())));

    // Orders add up; every invented address is a `.test` one.
    let orders = order::Entity::find().all(&db).await.unwrap();
    for o in &orders {
        let total: i64 = registrations.iter().filter(|r| r.order_id == Some(o.id)).map(|r| r.price_cents).sum();
        assert_eq!(o.total_cents, total, "{}", o.reference);
    }
    assert!(registrations.iter().all(|r| r.attendee_email.as_deref().is_some_and(|e| e.ends_with(".test"))));
    let people = person::Entity::find().all(&db).await.unwrap();
    assert!(people.iter().all(|p| p.email.as_deref().is_some_and(|e| e.ends_with(".test"))));

    // Past events have attendance of roughly 80-90 %.
    let check_ins = check_in::Entity::find().all(&db).await.unwrap();
    let past_case_discussions = events
        .iter()
        .find(|e| e.title == "Casusbesprekingen collectieve schuldenregeling 2026")
        .expect("last year's case discussions");
    let attended: Vec<usize> = sessions
        .iter()
        .filter(|s| s.event_id == past_case_discussions.id)
        .map(|s| check_ins.iter().filter(|c| c.session_id == s.id).count())
        .collect();
    assert_eq!(attended.len(), 4);
    let rate = attended.iter().sum::<usize>() as f64 / (4.0 * past_case_discussions.seats_taken as f64);
    assert!((0.7..0.97).contains(&rate), "attendance {rate}");

    // The catalogue shows the offer, including a full and a free event.
    let now = from_local(demo_day().and_hms_opt(10, 0, 0).unwrap());
    let cards = upcoming_events(&db, now, &Default::default()).await.expect("catalogue");
    assert!(cards.len() >= 10, "only {} upcoming events", cards.len());
    assert!(cards.iter().any(|c| c.seats == SeatsLeft::Full && c.title.contains("Telecom")));
    assert!(cards.iter().any(|c| c.price.is_free()));
    assert!(!cards.iter().any(|c| c.title.contains("Huurwaarborg")));
    let insurance = cards.iter().find(|c| c.title.contains("Verzekeringen")).expect("insurance training");
    assert_eq!(insurance.seats, SeatsLeft::Available(3));
    assert_eq!(cards.iter().filter(|c| c.title.to_lowercase().contains("telecom")).count(), 1);

    assert!(matches!(demo::load(&db, demo_day()).await, Err(demo::DemoError::NotEmpty)));
}

/// What the server's tests and the end-to-end journeys sign in as and look for.
#[tokio::test]
async fn keeps_the_people_events_and_counts_others_rely_on() {
    let db = fresh_database().await;
    let summary = demo::load(&db, demo_day()).await.expect("demo data loads");
    assert_eq!(
        summary,
        demo::DemoSummary { organisers: 2, organisations: 73, events: 21, registrations: 444, check_ins: 170 }
    );
    assert_eq!(person::Entity::find().count(&db).await.unwrap(), 242);
    assert_eq!(order::Entity::find().count(&db).await.unwrap(), 300);

    // The staff who sign in, with their roles.
    let people = person::Entity::find().all(&db).await.unwrap();
    let organisers = organiser::Entity::find().all(&db).await.unwrap();
    let memberships = membership::Entity::find().all(&db).await.unwrap();
    let role_of = |email: &str| {
        let who = people.iter().find(|p| p.email.as_deref() == Some(email)).unwrap_or_else(|| panic!("{email}"));
        memberships
            .iter()
            .filter(|m| m.person_id == who.id)
            .map(|m| {
                let at = organisers.iter().find(|o| Some(o.id) == m.organiser_id).map(|o| o.slug.as_str());
                format!("{}@{}", m.role, at.unwrap_or("-"))
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(role_of("elisa.demeulaere@cawnoordwestvlaanderen.test"), ["admin@biz-noord-west-vlaanderen"]);
    assert_eq!(role_of("jens.jaecques@cawnoordwestvlaanderen.test"), ["staff@biz-noord-west-vlaanderen"]);
    assert_eq!(role_of("hanne.laenen@cawdekempen.test"), ["admin@biz-kempen"]);
    assert_eq!(role_of("tabitha.tanghe@cawdekempen.test"), ["staff@biz-kempen"]);
    assert_eq!(role_of("alexander.exelmans@cawdekempen.test"), ["trainer@biz-kempen"]);
    assert_eq!(role_of(demo::DEMO_DOOR_VOLUNTEER), ["scanner@biz-kempen"]);
    assert_eq!(role_of(demo::DEMO_PLATFORM_ADMIN), ["platform_admin@-"]);
    let platform = people.iter().find(|p| p.email.as_deref() == Some(demo::DEMO_PLATFORM_ADMIN)).unwrap();
    assert_eq!(platform.full_name, "Pieter Platform");

    // The events' addresses (slugs) on 23 November 2026.
    let mut slugs: Vec<String> = event::Entity::find()
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| {
            let at = organisers.iter().find(|o| o.id == e.organiser_id).map(|o| o.slug.clone()).unwrap_or_default();
            format!("{at}/{}", e.slug)
        })
        .collect();
    slugs.sort();
    assert_eq!(
        slugs,
        [
            "biz-kempen/basisopleiding-budgetcoach",
            "biz-kempen/casusbesprekingen-collectieve-schuldenregeling-2026",
            "biz-kempen/casusbesprekingen-collectieve-schuldenregeling-2027",
            "biz-kempen/energie-facturen-lezen-en-sociale-tarieven",
            "biz-kempen/stuurgroep-biz-kempen-voorjaar-2026",
            "biz-kempen/stuurgroep-biz-kempen-voorjaar-2027",
            "biz-kempen/werkgroep-visie-en-methodieken-in-budget-en-schuldhulpverlening",
            "biz-noord-west-vlaanderen/budget-in-over-uit-zicht",
            "biz-noord-west-vlaanderen/de-dag-door-met-mijn-leefgeld",
            "biz-noord-west-vlaanderen/gezond-en-budgetvriendelijk-koken",
            "biz-noord-west-vlaanderen/hoe-omgaan-met-negatieve-dossiers-visievorming",
            "biz-noord-west-vlaanderen/ledenvergadering-biz-noord-west-vlaanderen-2027",
            "biz-noord-west-vlaanderen/methodiekendag-2025-client-aan-het-stuur",
            "biz-noord-west-vlaanderen/methodiekendag-2027-duurzaam-budgetmanagement",
            "biz-noord-west-vlaanderen/ouderavond-financiele-opvoeding-budget-in-handen-van-je-kind",
            "biz-noord-west-vlaanderen/stuurgroep-biz-noord-west-vlaanderen-voorjaar-2026",
            "biz-noord-west-vlaanderen/stuurgroep-biz-noord-west-vlaanderen-voorjaar-2027",
            "biz-noord-west-vlaanderen/train-de-trainer-basisonderwijs-toolbox",
            "biz-noord-west-vlaanderen/vorming-huurwaarborg-en-woonkosten",
            "biz-noord-west-vlaanderen/vorming-telecom-van-abonnement-tot-schuld",
            "biz-noord-west-vlaanderen/vorming-verzekeringen-welke-polissen-zijn-echt-nodig",
        ]
    );
}

#[tokio::test]
async fn the_same_day_gives_the_same_data() {
    async fn fingerprint(today: NaiveDate) -> Vec<String> {
        let db = fresh_database().await;
        demo::load(&db, today).await.expect("demo data loads");
        let mut lines: Vec<String> = event_session::Entity::find()
            .all(&db)
            .await
            .unwrap()
            .iter()
            .map(|s| format!("{} {}", s.title, s.starts_at))
            .collect();
        lines.extend(
            registration::Entity::find()
                .all(&db)
                .await
                .unwrap()
                .iter()
                .map(|r| format!("{} {:?} {} {}", r.event_id, r.attendee_email, r.status, r.created_at)),
        );
        lines.extend(
            order::Entity::find().all(&db).await.unwrap().iter().map(|o| format!("{} {}", o.reference, o.total_cents)),
        );
        lines
    }
    assert_eq!(fingerprint(demo_day()).await, fingerprint(demo_day()).await);
}

#[tokio::test]
async fn loads_for_any_day_of_the_year() {
    // Days near the holiday breaks and the turn of the year move sessions the most;
    // none may make an event straddle today or give two events the same slug.
    for day in
        ["2026-01-02", "2026-03-30", "2026-06-20", "2026-07-10", "2026-08-31", "2026-12-21", "2027-05-15", "2028-02-29"]
    {
        let today = NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
        let db = fresh_database().await;
        let summary = demo::load(&db, today).await.unwrap_or_else(|e| panic!("{day}: {e}"));
        assert_eq!(summary.events, 21, "{day}");
    }
}

#[test]
fn the_data_files_parse_and_name_the_constants() {
    let plan = demo::plan::Plan::bundled().expect("the data files parse");
    assert_eq!(plan.people.platform_admin.email, demo::DEMO_PLATFORM_ADMIN);
    let scanners: Vec<&str> = plan
        .regions
        .iter()
        .flat_map(|r| &r.person)
        .filter(|p| p.signs_in_as == Some(domain::Role::Scanner))
        .map(|p| p.email.as_str())
        .collect();
    assert_eq!(scanners, [demo::DEMO_DOOR_VOLUNTEER]);
}

#[test]
fn demo_ibans_are_valid() {
    let plan = demo::plan::Plan::bundled().expect("the data files parse");
    for iban in plan.regions.iter().map(|r| r.organiser.iban.as_str()) {
        let rearranged = format!("{}{}", &iban[4..], &iban[..4]);
        let digits: String = rearranged
            .chars()
            .map(|c| if c.is_ascii_digit() { c.to_string() } else { (c as u32 - 'A' as u32 + 10).to_string() })
            .collect();
        let remainder = digits.chars().fold(0u32, |acc, c| (acc * 10 + c.to_digit(10).unwrap()) % 97);
        assert_eq!(remainder, 1, "{iban}");
    }
}

// The catalogue's filters against the demo's offer (moved from store/src/catalogue.rs
// when the demo left the store).

async fn demo_db() -> (DatabaseConnection, DateTime<Utc>) {
    let db = fresh_database().await;
    let today = demo_day();
    demo::load(&db, today).await.unwrap();
    (db, Utc.from_utc_datetime(&today.and_hms_opt(9, 0, 0).unwrap()))
}

#[tokio::test]
async fn every_offered_filter_value_finds_events() {
    let (db, now) = demo_db().await;
    let (all, facets) = upcoming_events_with_facets(&db, now, &CatalogueFilter::default()).await.unwrap();
    assert!(!facets.months.is_empty() && !facets.themes.is_empty() && !facets.kinds.is_empty());
    for month in &facets.months {
        let filter = CatalogueFilter { month: Some(*month), ..Default::default() };
        assert!(!upcoming_events(&db, now, &filter).await.unwrap().is_empty(), "month {month} offered but empty");
    }
    for theme in &facets.themes {
        let filter = CatalogueFilter { theme: Some(theme.slug.clone()), ..Default::default() };
        let found = upcoming_events(&db, now, &filter).await.unwrap();
        assert!(!found.is_empty() && found.iter().all(|c| c.theme.as_ref() == Some(theme)), "theme {}", theme.slug);
    }
    for kind in &facets.kinds {
        let filter = CatalogueFilter { kind: Some(*kind), ..Default::default() };
        let found = upcoming_events(&db, now, &filter).await.unwrap();
        assert!(!found.is_empty() && found.iter().all(|c| c.kind == *kind));
    }
    // Filters only narrow: every result of a filter is in the unfiltered list.
    let free = upcoming_events(&db, now, &CatalogueFilter { price: Some(PriceFilter::Free), ..Default::default() })
        .await
        .unwrap();
    assert!(free.iter().all(|c| c.price.is_free() && all.contains(c)));
}

#[tokio::test]
async fn an_organiser_scope_narrows_the_facets_too() {
    let (db, now) = demo_db().await;
    let kempen = Slug::parse("biz-kempen").unwrap();
    let filter = CatalogueFilter { organiser: Some(kempen.clone()), ..Default::default() };
    let (events, facets) = upcoming_events_with_facets(&db, now, &filter).await.unwrap();
    assert!(!events.is_empty() && events.iter().all(|c| c.organiser.slug == kempen));
    assert_eq!(facets.organisers.iter().map(|o| &o.slug).collect::<Vec<_>>(), vec![&kempen]);
    let unknown = CatalogueFilter { organiser: Some(Slug::parse("bestaat-niet").unwrap()), ..Default::default() };
    assert!(upcoming_events(&db, now, &unknown).await.unwrap().is_empty());
}
