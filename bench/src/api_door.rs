//! Check-in over the API (`POST /api/v1/events/{id}/sessions/{session_id}/check-ins`),
//! as a door app or many scanners at once would use it: a scanner token, a
//! fixed number of connections, every ticket of a session scanned once
//! (first scans: `checked_in`), then every ticket again with new scan ids
//! (repeats: `already_in`). Each request is timed by the client, from
//! sending to the whole answer read; the rate is requests over the round's
//! wall time.
//!
//! The data is made honestly on the bench's own database: an event of the
//! demo organiser with one session, its tickets through the public
//! registration form as visitors get them (so seats are counted as in real
//! life), then the session moved to now (the API takes scans only for a
//! session held today; registration closes when it starts). The
//! confirmation mails those registrations queue are sent before the
//! scanning starts, so the mail worker does not share the rounds.

use crate::rush::{self, percentile};
use anyhow::{Context, bail};
use chrono::Utc;
use domain::{MailStatus, RegistrationStatus};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use store::entities::{check_in, door_scan, event_session, mail_outbox, organiser, person, registration, ticket};

const STAFF: &str = "hanne.laenen@cawdekempen.test";
const ORGANISER: &str = "biz-kempen";
/// Registration posts at once while preparing (the server takes 16 at a time).
const REGISTERING: usize = 16;

#[derive(Debug, Clone, Copy)]
pub struct Plan {
    pub tickets: usize,
    pub connections: usize,
}

/// One round: every ticket once.
#[derive(Debug, Default)]
pub struct Round {
    pub requests: usize,
    pub seconds: f64,
    pub per_second: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// Answers other than 200 with the expected code.
    pub errors: usize,
    pub sample: Option<String>,
}

impl Round {
    pub fn summary(&self) -> String {
        format!(
            "{} req/s · p50 {} · p99 {} · max {} · {} errors",
            crate::table::thousands(self.per_second.round() as u64),
            crate::table::ms(self.p50_ms),
            crate::table::ms(self.p99_ms),
            crate::table::ms(self.max_ms),
            self.errors
        )
    }
}

pub struct Outcome {
    pub tickets: usize,
    pub connections: usize,
    pub first: Round,
    pub repeat: Round,
    /// From the database afterwards: check-ins of the session, scans stored.
    pub check_ins: u64,
    pub scans_stored: u64,
}

impl Outcome {
    /// The database holds one check-in per ticket and one row per scan.
    pub fn consistent(&self) -> bool {
        self.check_ins == self.tickets as u64 && self.scans_stored == 2 * self.tickets as u64
    }

    pub fn summary(&self) -> String {
        let mut s = format!(
            "first scans {} · repeats {} ({} tickets, {} connections)",
            self.first.summary(),
            self.repeat.summary(),
            crate::table::thousands(self.tickets as u64),
            self.connections
        );
        if !self.consistent() {
            s.push_str(&format!(
                " · INCONSISTENT: {} check-ins and {} scans stored for {} tickets",
                self.check_ins, self.scans_stored, self.tickets
            ));
        }
        s
    }
}

pub async fn run(base: &str, database_url: &str, plan: Plan) -> anyhow::Result<Outcome> {
    let db = store::connect(database_url, 2).await.context("connecting to the server's database")?;
    // Registration closes when the first session starts: the session is
    // tomorrow while people register, then moved to now (the API takes
    // scans for a session held today only).
    let event = rush::create_event(&db, plan.tickets, "Deur-API-test", Utc::now() + chrono::Duration::days(1)).await?;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()?;
    register(&client, base, &event, plan.tickets).await?;
    let codes = ticket_codes(&db, event.id).await?;
    if codes.len() != plan.tickets {
        bail!("{} registrations were accepted but {} tickets found", plan.tickets, codes.len());
    }
    wait_for_mail(&db).await?;
    let now = Utc::now();
    event_session::Entity::update_many()
        .col_expr(event_session::Column::StartsAt, Expr::value(now))
        .col_expr(event_session::Column::EndsAt, Expr::value(now + chrono::Duration::hours(3)))
        .filter(event_session::Column::Id.eq(event.session_id))
        .exec(&db)
        .await?;

    let o =
        organiser::Entity::find().filter(organiser::Column::Slug.eq(ORGANISER)).one(&db).await?.context(ORGANISER)?;
    let staff = person::Entity::find()
        .filter(person::Column::Email.eq(STAFF))
        .one(&db)
        .await?
        .context("the demo's Kempen admin is missing")?;
    let (_, token) = store::api_tokens::create_with_scope(
        &db,
        o.id,
        "leernet-bench door",
        domain::api_tokens::TokenScope::Scanner,
        staff.id,
        Utc::now(),
    )
    .await?;

    let url = format!("{base}/api/v1/events/{}/sessions/{}/check-ins", event.id, event.session_id);
    let codes = Arc::new(codes);
    let first = round(&client, &url, &token, &codes, plan.connections, "checked_in").await?;
    let repeat = round(&client, &url, &token, &codes, plan.connections, "already_in").await?;

    let check_ins =
        check_in::Entity::find().filter(check_in::Column::SessionId.eq(event.session_id)).count(&db).await?;
    let scans_stored =
        door_scan::Entity::find().filter(door_scan::Column::SessionId.eq(event.session_id)).count(&db).await?;
    db.close().await?;
    Ok(Outcome { tickets: plan.tickets, connections: plan.connections, first, repeat, check_ins, scans_stored })
}

/// `count` people register through the public form, a few at a time; every
/// one must be confirmed (the event has a seat for each).
async fn register(client: &reqwest::Client, base: &str, event: &rush::RushEvent, count: usize) -> anyhow::Result<()> {
    let url = format!("{base}{}", event.form_path);
    let next = Arc::new(AtomicUsize::new(0));
    let mut posters = tokio::task::JoinSet::new();
    for _ in 0..REGISTERING.min(count) {
        let (client, url, next, origin, event) =
            (client.clone(), url.clone(), next.clone(), base.to_string(), event.clone());
        posters.spawn(async move {
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= count {
                    return Ok::<(), anyhow::Error>(());
                }
                let answer =
                    client.post(&url).header("origin", &origin).form(&rush::form(&event, "deur", n)).send().await?;
                let location =
                    answer.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_string();
                if answer.status().as_u16() != 303 || !location.contains("status=bevestigd") {
                    bail!("registration {n} was not confirmed: {} {location}", answer.status());
                }
            }
        });
    }
    while let Some(done) = posters.join_next().await {
        done??;
    }
    Ok(())
}

/// The codes of the event's confirmed registrations' tickets.
async fn ticket_codes(db: &sea_orm::DatabaseConnection, event_id: i32) -> anyhow::Result<Vec<String>> {
    let confirmed: Vec<i32> = registration::Entity::find()
        .filter(registration::Column::EventId.eq(event_id))
        .filter(registration::Column::Status.eq(RegistrationStatus::Confirmed))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.id)
        .collect();
    let mut codes = Vec::with_capacity(confirmed.len());
    for chunk in confirmed.chunks(500) {
        let tickets =
            ticket::Entity::find().filter(ticket::Column::RegistrationId.is_in(chunk.to_vec())).all(db).await?;
        codes.extend(tickets.into_iter().map(|t| t.code));
    }
    Ok(codes)
}

/// Until the mail worker has sent every queued mail (at most two minutes).
async fn wait_for_mail(db: &sea_orm::DatabaseConnection) -> anyhow::Result<()> {
    let started = Instant::now();
    loop {
        let waiting = mail_outbox::Entity::find()
            .filter(mail_outbox::Column::Status.is_not_in([MailStatus::Sent, MailStatus::Failed]))
            .count(db)
            .await?;
        if waiting == 0 {
            return Ok(());
        }
        if started.elapsed() > Duration::from_secs(120) {
            bail!("{waiting} mails still queued after two minutes");
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// Every code once, from `connections` connections at once, each with a new
/// scan id; every answer must be 200 with `expected` as its code.
async fn round(
    client: &reqwest::Client,
    url: &str,
    token: &str,
    codes: &Arc<Vec<String>>,
    connections: usize,
    expected: &'static str,
) -> anyhow::Result<Round> {
    let next = Arc::new(AtomicUsize::new(0));
    let start = Arc::new(tokio::sync::Barrier::new(connections + 1));
    let mut doors = tokio::task::JoinSet::new();
    for door in 0..connections {
        let (client, url, codes, next, start) =
            (client.clone(), url.to_string(), codes.clone(), next.clone(), start.clone());
        let authorization = format!("Bearer {token}");
        let door_name = format!("Bench {}", door + 1);
        doors.spawn(async move {
            let mut measured = Vec::new();
            start.wait().await;
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(code) = codes.get(i) else { return measured };
                let body = serde_json::json!({
                    "ticket": code,
                    "scan_id": uuid::Uuid::new_v4().to_string(),
                    "door": door_name,
                })
                .to_string();
                let sent = Instant::now();
                let answer = client
                    .post(&url)
                    .header("authorization", &authorization)
                    .header("content-type", "application/json")
                    .body(body)
                    .send()
                    .await;
                let outcome = match answer {
                    Ok(a) => {
                        let status = a.status();
                        match a.text().await {
                            Ok(text) => {
                                let code = serde_json::from_str::<serde_json::Value>(&text)
                                    .ok()
                                    .and_then(|v| v.get("code").and_then(|c| c.as_str()).map(str::to_string));
                                if status.as_u16() == 200 && code.as_deref() == Some(expected) {
                                    Ok(())
                                } else {
                                    Err(format!("{status} {}", text.chars().take(200).collect::<String>()))
                                }
                            }
                            Err(e) => Err(format!("{status}, body unread: {e}")),
                        }
                    }
                    Err(e) => Err(e.to_string()),
                };
                measured.push((sent.elapsed().as_secs_f64() * 1000.0, outcome));
            }
        });
    }
    start.wait().await;
    let started = Instant::now();
    let mut timings = Vec::with_capacity(codes.len());
    let mut result = Round::default();
    while let Some(door) = doors.join_next().await {
        for (elapsed, outcome) in door? {
            timings.push(elapsed);
            if let Err(e) = outcome {
                result.errors += 1;
                result.sample.get_or_insert(e);
            }
        }
    }
    result.seconds = started.elapsed().as_secs_f64();
    timings.sort_by(f64::total_cmp);
    result.requests = timings.len();
    result.per_second = timings.len() as f64 / result.seconds;
    result.p50_ms = percentile(&timings, 0.50);
    result.p99_ms = percentile(&timings, 0.99);
    result.max_ms = timings.last().copied().unwrap_or(f64::NAN);
    Ok(result)
}
