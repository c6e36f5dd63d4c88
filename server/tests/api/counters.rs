//! Participation counters (`store::counters`): after every step of seeded
//! random sequences of registering, cancelling, promotion from the waiting
//! list, erasing a person, checking in and undoing it, merging two
//! organisations, changing a registration's status, organisation or
//! activity and deleting it, the counters equal a recount of the rows; and
//! `rebuild` puts right counters that were tampered with.

use crate::helpers::TestApp;
use crate::on_both_databases;
use domain::{EventStatus, RegistrationStatus};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use store::checkin::{Identified, ScanContext};
use store::counters::{activity_counts, rebuild, recount_activity_counts, recount_session_counts, session_counts};
use store::entities::{check_in, event, event_session, organiser, partnership, registration, ticket, ticket_type};

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

    fn pick<T: Copy>(&mut self, items: &[T]) -> Option<T> {
        if items.is_empty() { None } else { Some(items[self.below(items.len())]) }
    }
}

struct Activity {
    id: i32,
    path: String,
    ticket_type: i32,
    sessions: Vec<i32>,
}

struct World {
    organiser_id: i32,
    activities: Vec<Activity>,
    organisations: Vec<i32>,
    n: usize,
}

/// A published free Kempen activity with `sessions` sessions and room for `capacity`.
async fn activity(app: &TestApp, title: &str, capacity: Option<i32>, sessions: usize) -> Activity {
    let id = app.insert_draft("biz-kempen", title, true).await;
    let mut e: event::ActiveModel = event::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap().into();
    e.status = Set(EventStatus::Published);
    e.capacity = Set(capacity);
    let e = e.update(&app.db).await.unwrap();
    let first = event_session::Entity::find()
        .filter(event_session::Column::EventId.eq(id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut ids = vec![first.id];
    for day in 1..sessions {
        let later = chrono::Duration::days(i64::try_from(day).unwrap() * 7);
        let s = event_session::ActiveModel {
            event_id: Set(id),
            position: Set(i32::try_from(day).unwrap()),
            title: Set(format!("Dag {}", day + 1)),
            starts_at: Set(first.starts_at + later),
            ends_at: Set(first.ends_at + later),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
        ids.push(s.id);
    }
    let t = ticket_type::ActiveModel {
        event_id: Set(id),
        name: Set("Deelname".into()),
        price_cents: Set(0),
        eligibility: Set("everyone".into()),
        position: Set(0),
        active: Set(true),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    Activity { id, path: format!("/regio/biz-kempen/{}", e.slug), ticket_type: t.id, sessions: ids }
}

async fn setup(app: &TestApp) -> World {
    let kempen =
        organiser::Entity::find().filter(organiser::Column::Slug.eq("biz-kempen")).one(&app.db).await.unwrap().unwrap();
    let organisations: Vec<i32> = partnership::Entity::find()
        .filter(partnership::Column::OrganiserId.eq(kempen.id))
        .order_by_asc(partnership::Column::OrganisationId)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.organisation_id)
        .take(4)
        .collect();
    assert!(organisations.len() >= 3, "Kempen has partners");
    let activities = vec![
        activity(app, "Lerend netwerk tellers", Some(3), 3).await,
        activity(app, "Vorming tellers", None, 1).await,
    ];
    World { organiser_id: kempen.id, activities, organisations, n: 0 }
}

/// Registers one attendee through the public form.
async fn register(app: &TestApp, w: &mut World, rng: &mut Rng) {
    w.n += 1;
    let a = &w.activities[rng.below(w.activities.len())];
    let organisation = rng.pick(&w.organisations).unwrap().to_string();
    let email = format!("teller{}@counters.test", w.n);
    let name = format!("Teller {}", w.n);
    let fields = [
        ("ticket", a.ticket_type.to_string()),
        ("deelnemer-0-naam", name.clone()),
        ("deelnemer-0-email", email.clone()),
        ("deelnemer-0-organisatie", organisation),
        ("besteller-naam", name),
        ("besteller-email", email),
        ("toestemming", "on".to_string()),
    ];
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let posted = app.post_form(&format!("{}/inschrijven", a.path), &pairs, &[]).await;
    assert_eq!(posted.status, 303, "{}", posted.body);
}

/// The test's registrations (of its own activities).
async fn registrations(app: &TestApp, w: &World) -> Vec<registration::Model> {
    registration::Entity::find()
        .filter(registration::Column::EventId.is_in(w.activities.iter().map(|a| a.id).collect::<Vec<_>>()))
        .order_by_asc(registration::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
}

async fn live_ticket(app: &TestApp, registration_id: i32) -> Option<String> {
    ticket::Entity::find()
        .filter(ticket::Column::RegistrationId.eq(registration_id))
        .filter(ticket::Column::RevokedAt.is_null())
        .one(&app.db)
        .await
        .unwrap()
        .map(|t| t.code)
}

async fn sql(app: &TestApp, statement: &str) {
    app.db.execute_unprepared(statement).await.unwrap_or_else(|e| panic!("{statement}: {e}"));
}

async fn step(app: &TestApp, w: &mut World, rng: &mut Rng) -> String {
    let now = app.clock_now();
    let regs = registrations(app, w).await;
    let with =
        |status: RegistrationStatus| -> Vec<i32> { regs.iter().filter(|r| r.status == status).map(|r| r.id).collect() };
    let all: Vec<i32> = regs.iter().map(|r| r.id).collect();
    let registration = |id: i32| regs.iter().find(|r| r.id == id).unwrap().clone();
    match rng.below(12) {
        0 | 1 => {
            register(app, w, rng).await;
            "register".into()
        }
        2 => {
            // Cancelled by its holder: the seat goes to the waiting list.
            let Some(id) = rng.pick(&with(RegistrationStatus::Confirmed)) else { return "nothing".into() };
            let Some(code) = live_ticket(app, id).await else { return "nothing".into() };
            let cancelled = app.post_form(&format!("/ticket/{code}/afmelden"), &[], &[]).await;
            assert_eq!(cancelled.status, 303, "{}", cancelled.body);
            format!("cancel {id}")
        }
        3 => {
            // Promotion from the waiting list: an offered seat accepted.
            let Some(id) = rng.pick(&with(RegistrationStatus::Offered)) else { return "nothing".into() };
            let Some(code) = live_ticket(app, id).await else { return "nothing".into() };
            let txn = store::begin_write(&app.db).await.unwrap();
            let accepted = store::orders::waitlist::accept_offer(&txn, &code, now).await.unwrap();
            txn.commit().await.unwrap();
            format!("accept offer {id}: {accepted:?}")
        }
        4 => {
            // A person erases their account: registrations cancelled and anonymised.
            let people: Vec<i32> =
                regs.iter().filter(|r| r.anonymised_at.is_none()).filter_map(|r| r.person_id).collect();
            let Some(person) = rng.pick(&people) else { return "nothing".into() };
            let txn = store::begin_write(&app.db).await.unwrap();
            let erased = store::privacy::erase(&txn, person, now).await.unwrap();
            txn.commit().await.unwrap();
            assert!(erased.is_ok(), "person {person} erased");
            format!("erase person {person}")
        }
        5 | 6 => {
            // Checked in at a session of its activity (any status: only confirmed ones are let in).
            let Some(id) = rng.pick(&all) else { return "nothing".into() };
            let r = registration(id);
            let Some(a) = w.activities.iter().find(|a| a.id == r.event_id) else { return "nothing".into() };
            let session = rng.pick(&a.sessions).unwrap();
            let scan = ScanContext { by_person: None, door: Some("Ingang".into()), other_session: true };
            let outcome = store::checkin::check_in(
                &app.db,
                w.organiser_id,
                a.id,
                session,
                &Identified::Registration(id),
                &scan,
                now,
            )
            .await
            .unwrap()
            .expect("the organiser's own activity");
            format!("check in {id} at {session}: {}", outcome_name(&outcome))
        }
        7 => {
            // A check-in taken back.
            let ids = all.clone();
            let checks = check_in::Entity::find()
                .filter(check_in::Column::RegistrationId.is_in(ids))
                .all(&app.db)
                .await
                .unwrap();
            let Some(c) = checks.get(rng.below(checks.len().max(1))) else { return "nothing".into() };
            let r = registration(c.registration_id);
            // A registration moved to another activity keeps its check-ins at the first one's sessions.
            let event_id =
                event_session::Entity::find_by_id(c.session_id).one(&app.db).await.unwrap().unwrap().event_id;
            if event_id != r.event_id {
                sql(app, &format!("DELETE FROM check_ins WHERE id = {}", c.id)).await;
                return format!("check-in {} removed", c.id);
            }
            let undone =
                store::checkin::undo_check_in(&app.db, w.organiser_id, r.event_id, c.session_id, r.id).await.unwrap();
            assert!(matches!(undone, Some(Some(_))), "undone");
            format!("undo check-in {} at {}", r.id, c.session_id)
        }
        8 => {
            // Two organisations merged: the one's registrations go to the other.
            if w.organisations.len() < 2 {
                return "nothing".into();
            }
            let gone = w.organisations.remove(rng.below(w.organisations.len()));
            let kept = rng.pick(&w.organisations).unwrap();
            sql(app, &format!("UPDATE registrations SET organisation_id = {kept} WHERE organisation_id = {gone}"))
                .await;
            // A new organisation takes its place, so later registrations spread again.
            w.organisations.push(gone);
            format!("merge organisation {gone} into {kept}")
        }
        9 => {
            // A status changed by hand (as an organiser's correction would): back to confirmed too.
            let Some(id) = rng.pick(&all) else { return "nothing".into() };
            let status = ["confirmed", "cancelled"][rng.below(2)];
            sql(app, &format!("UPDATE registrations SET status = '{status}' WHERE id = {id}")).await;
            format!("status of {id} to {status}")
        }
        10 => {
            // Its organisation taken away or changed, or the registration moved to the other activity.
            let Some(id) = rng.pick(&all) else { return "nothing".into() };
            match rng.below(3) {
                0 => {
                    sql(app, &format!("UPDATE registrations SET organisation_id = NULL WHERE id = {id}")).await;
                    format!("organisation of {id} removed")
                }
                1 => {
                    let o = rng.pick(&w.organisations).unwrap();
                    sql(app, &format!("UPDATE registrations SET organisation_id = {o} WHERE id = {id}")).await;
                    format!("organisation of {id} to {o}")
                }
                _ => {
                    let r = registration(id);
                    let other = w.activities.iter().find(|a| a.id != r.event_id).unwrap().id;
                    // Another live registration with the same address there would be refused.
                    let clash = regs.iter().any(|o| {
                        o.event_id == other
                            && o.attendee_email == r.attendee_email
                            && o.status != RegistrationStatus::Cancelled
                    });
                    if clash {
                        return "nothing".into();
                    }
                    sql(app, &format!("UPDATE registrations SET event_id = {other} WHERE id = {id}")).await;
                    format!("registration {id} moved to activity {other}")
                }
            }
        }
        _ => {
            // A registration deleted (with its check-ins).
            let Some(id) = rng.pick(&all) else { return "nothing".into() };
            sql(app, &format!("DELETE FROM registrations WHERE id = {id}")).await;
            format!("registration {id} deleted")
        }
    }
}

fn outcome_name(outcome: &domain::checkin::CheckInOutcome) -> &'static str {
    use domain::checkin::CheckInOutcome;
    match outcome {
        CheckInOutcome::CheckedIn(_) => "checked in",
        CheckInOutcome::AlreadyIn { .. } => "already in",
        CheckInOutcome::NotConfirmed { .. } => "not confirmed",
        CheckInOutcome::Cancelled(_) => "cancelled",
        _ => "other",
    }
}

/// The counters equal the recount, for every organisation and for each one.
async fn check(app: &TestApp, event_ids: &[i32], organisations: &[i32], after: &str) {
    let db = &app.db;
    let activities = activity_counts(db, event_ids, None).await.unwrap();
    assert_eq!(activities, recount_activity_counts(db, event_ids, None).await.unwrap(), "activities after {after}");
    let sessions = session_counts(db, event_ids, None).await.unwrap();
    assert_eq!(sessions, recount_session_counts(db, event_ids, None).await.unwrap(), "sessions after {after}");
    for o in organisations {
        let own = activity_counts(db, event_ids, Some(*o)).await.unwrap();
        assert_eq!(own, recount_activity_counts(db, event_ids, Some(*o)).await.unwrap(), "org {o} after {after}");
        assert_eq!(own, activities.iter().filter(|c| c.organisation_id == Some(*o)).copied().collect::<Vec<_>>());
        let own = session_counts(db, event_ids, Some(*o)).await.unwrap();
        assert_eq!(own, recount_session_counts(db, event_ids, Some(*o)).await.unwrap(), "org {o} after {after}");
    }
}

async fn all_events(app: &TestApp) -> Vec<i32> {
    event::Entity::find().all(&app.db).await.unwrap().into_iter().map(|e| e.id).collect()
}

async fn random_sequence(app: TestApp, seed: u64) {
    let mut w = setup(&app).await;
    let mut rng = Rng(seed);
    let event_ids: Vec<i32> = w.activities.iter().map(|a| a.id).collect();
    // The demo data's registrations and check-ins were counted as they went in.
    check(&app, &all_events(&app).await, &w.organisations, "the demo data").await;
    let mut done = Vec::new();
    for _ in 0..45 {
        let what = step(&app, &mut w, &mut rng).await;
        done.push(what);
        check(&app, &event_ids, &w.organisations, &format!("{done:?} (seed {seed})")).await;
    }
    let counted = activity_counts(&app.db, &event_ids, None).await.unwrap();
    assert!(counted.iter().any(|c| c.registered > 0), "the sequence registered someone: {done:?}");
    // Nothing to put right: rebuilding changes nothing.
    let rebuilt = rebuild(&app.db).await.unwrap();
    assert!(rebuilt.activity_changes.is_empty() && rebuilt.session_changes.is_empty(), "{rebuilt:?}");
    check(&app, &all_events(&app).await, &w.organisations, "the whole database").await;
}

on_both_databases!(counters_equal_a_recount_after_random_sequences, |app: TestApp| async move {
    random_sequence(app, 19).await;
});

on_both_databases!(counters_equal_a_recount_for_another_seed, |app: TestApp| async move {
    random_sequence(app, 20_261_211).await;
});

on_both_databases!(counters_equal_a_recount_for_a_third_seed, |app: TestApp| async move {
    random_sequence(app, 7_700_007).await;
});

on_both_databases!(rebuild_puts_tampered_counters_right, |app: TestApp| async move {
    let app = app;
    let events = all_events(&app).await;
    let right = activity_counts(&app.db, &events, None).await.unwrap();
    let right_sessions = session_counts(&app.db, &events, None).await.unwrap();
    assert!(!right.is_empty() && !right_sessions.is_empty(), "the demo has registrations and check-ins");
    let (first, last) = (right[0], right[right.len() - 1]);
    let session = right_sessions[0];
    let key = |o: Option<i32>| o.unwrap_or(0);
    for tamper in [
        format!(
            "UPDATE activity_counters SET registered = registered + 5, attended = 0 \
             WHERE event_id = {} AND organisation_key = {}",
            first.event_id,
            key(first.organisation_id)
        ),
        format!(
            "DELETE FROM activity_counters WHERE event_id = {} AND organisation_key = {}",
            last.event_id,
            key(last.organisation_id)
        ),
        format!(
            "UPDATE session_counters SET checked_in = -3 WHERE session_id = {} AND organisation_key = {}",
            session.session_id,
            key(session.organisation_id)
        ),
        // A counter for an organisation that registered nobody.
        format!(
            "INSERT INTO activity_counters (event_id, organisation_key, registered, attended) VALUES ({}, 999999, 2, 1)",
            first.event_id
        ),
    ] {
        sql(&app, &tamper).await;
    }
    assert_ne!(activity_counts(&app.db, &events, None).await.unwrap(), right);
    let rebuilt = rebuild(&app.db).await.unwrap();
    let mut changed: Vec<(i32, Option<i32>)> =
        rebuilt.activity_changes.iter().map(|c| (c.event_id, c.organisation_id)).collect();
    changed.sort_unstable();
    let mut expected = vec![
        (first.event_id, first.organisation_id),
        (last.event_id, last.organisation_id),
        (first.event_id, Some(999_999)),
    ];
    expected.sort_unstable();
    assert_eq!(changed, expected, "{rebuilt:?}");
    let first_change = rebuilt
        .activity_changes
        .iter()
        .find(|c| c.event_id == first.event_id && c.organisation_id == first.organisation_id)
        .unwrap();
    assert_eq!(first_change.before, (i64::from(first.registered) + 5, 0));
    assert_eq!(first_change.after, (i64::from(first.registered), i64::from(first.attended)));
    assert_eq!(rebuilt.session_changes.len(), 1, "{rebuilt:?}");
    assert_eq!(
        (rebuilt.session_changes[0].before, rebuilt.session_changes[0].after),
        (-3, i64::from(session.checked_in))
    );
    // Right again, and equal to the recount; a second rebuild finds nothing.
    assert_eq!(activity_counts(&app.db, &events, None).await.unwrap(), right);
    assert_eq!(session_counts(&app.db, &events, None).await.unwrap(), right_sessions);
    assert_eq!(right, recount_activity_counts(&app.db, &events, None).await.unwrap());
    let again = rebuild(&app.db).await.unwrap();
    assert!(again.activity_changes.is_empty() && again.session_changes.is_empty(), "{again:?}");
    // The counters keep counting after a rebuild.
    let r = registration::Entity::find()
        .filter(registration::Column::EventId.eq(first.event_id))
        .filter(registration::Column::Status.eq(RegistrationStatus::Confirmed))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    sql(&app, &format!("UPDATE registrations SET status = 'cancelled' WHERE id = {}", r.id)).await;
    assert_eq!(
        activity_counts(&app.db, &events, None).await.unwrap(),
        recount_activity_counts(&app.db, &events, None).await.unwrap()
    );
    // A check-in is never moved to another registration or session.
    let c = check_in::Entity::find().one(&app.db).await.unwrap().unwrap();
    let moved = app
        .db
        .execute_unprepared(&format!("UPDATE check_ins SET session_id = session_id + 1 WHERE id = {}", c.id))
        .await;
    assert!(moved.is_err(), "a check-in was moved");
});
