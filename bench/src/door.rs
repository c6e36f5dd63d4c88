//! Check-in at the door: staff of BIZ Kempen scan every live ticket of the
//! organiser's events through the real form post (four doors at once), then
//! scan them all again (already in). Each post is timed by the client, from
//! sending to the answer (a redirect to the scanner page).

use crate::rush::percentile;
use anyhow::{Context, bail};
use domain::RegistrationStatus;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::time::Instant;
use store::entities::{event, event_session, organiser, person, registration, session, ticket};

const STAFF: &str = "hanne.laenen@cawdekempen.test";
const ORGANISER: &str = "biz-kempen";
/// Doors scanning at the same time (a methods day has a few).
const DOORS: usize = 4;

pub struct Scans {
    pub scans: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    pub errors: usize,
    pub sample: Option<String>,
}

/// One scan: (event id, session id, ticket code).
type Scan = (i32, i32, String);

pub async fn run(base: &str, database_url: &str) -> anyhow::Result<Scans> {
    let db = sea_orm::Database::connect(database_url).await.context("connecting to the database")?;
    let staff = person::Entity::find()
        .filter(person::Column::Email.eq(STAFF))
        .one(&db)
        .await?
        .context("the demo's Kempen admin is missing")?;
    let cookie_id = store::accounts::create_session(&db, staff.id, chrono::Utc::now()).await?;
    let csrf = session::Entity::find_by_id(store::accounts::hash_secret(&cookie_id))
        .one(&db)
        .await?
        .context("the session just made")?
        .csrf_token;
    let o =
        organiser::Entity::find().filter(organiser::Column::Slug.eq(ORGANISER)).one(&db).await?.context(ORGANISER)?;
    let mut plan: Vec<Scan> = Vec::new();
    for e in event::Entity::find().filter(event::Column::OrganiserId.eq(o.id)).all(&db).await? {
        let Some(first) = event_session::Entity::find()
            .filter(event_session::Column::EventId.eq(e.id))
            .order_by_asc(event_session::Column::StartsAt)
            .one(&db)
            .await?
        else {
            continue;
        };
        let confirmed: Vec<i32> = registration::Entity::find()
            .filter(registration::Column::EventId.eq(e.id))
            .filter(registration::Column::Status.eq(RegistrationStatus::Confirmed))
            .all(&db)
            .await?
            .into_iter()
            .map(|r| r.id)
            .collect();
        for t in ticket::Entity::find().filter(ticket::Column::RegistrationId.is_in(confirmed)).all(&db).await? {
            plan.push((e.id, first.id, t.code));
        }
    }
    if plan.is_empty() {
        bail!("the demo data has no tickets for {ORGANISER}");
    }
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build()?;
    let mut timings = Vec::new();
    let mut errors = 0;
    let mut sample = None;
    // Round one lets people in; round two finds them in already.
    for _round in 0..2 {
        let mut doors = tokio::task::JoinSet::new();
        for door in 0..DOORS {
            let share: Vec<Scan> = plan.iter().skip(door).step_by(DOORS).cloned().collect();
            let (client, base, cookie, csrf) =
                (client.clone(), base.to_string(), format!("leernet_session={cookie_id}"), csrf.clone());
            doors.spawn(async move {
                let mut measured = Vec::new();
                for (event_id, session_id, code) in share {
                    let url = format!("{base}/beheer/{ORGANISER}/activiteiten/{event_id}/inchecken");
                    let form = [("csrf", csrf.clone()), ("sessie", session_id.to_string()), ("ticket", code)];
                    let started = Instant::now();
                    let answer =
                        client.post(&url).header("cookie", &cookie).header("origin", &base).form(&form).send().await;
                    let elapsed = started.elapsed().as_secs_f64() * 1000.0;
                    let outcome = match answer {
                        Ok(a) => {
                            let location = a
                                .headers()
                                .get("location")
                                .and_then(|l| l.to_str().ok())
                                .unwrap_or_default()
                                .to_string();
                            if a.status().as_u16() == 303
                                && (location.contains("uitkomst=checked_in")
                                    || location.contains("uitkomst=already_in"))
                            {
                                Ok(())
                            } else {
                                Err(format!("{} {location}", a.status()))
                            }
                        }
                        Err(e) => Err(e.to_string()),
                    };
                    measured.push((elapsed, outcome));
                }
                measured
            });
        }
        for door in doors.join_all().await {
            for (elapsed, outcome) in door {
                timings.push(elapsed);
                if let Err(e) = outcome {
                    errors += 1;
                    sample.get_or_insert(e);
                }
            }
        }
    }
    timings.sort_by(f64::total_cmp);
    Ok(Scans {
        scans: timings.len(),
        p50_ms: percentile(&timings, 0.50),
        p99_ms: percentile(&timings, 0.99),
        max_ms: timings.last().copied().unwrap_or(f64::NAN),
        errors,
        sample,
    })
}
