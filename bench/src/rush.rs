//! The registration rush: many people post the public registration form for
//! one event at the same moment. The form post is the path every visitor
//! takes (no account, no token: the CSRF defence for it is the same-origin
//! guard, so each post carries the site's `Origin`, as a browser does).
//! Oversold is counted in the database afterwards.

use anyhow::{Context, bail};
use chrono::Utc;
use domain::{EventStatus, RegistrationStatus};
use sea_orm::ActiveValue::Set;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use store::entities::{event, event_session, organiser, partnership, registration, ticket, ticket_type};

/// The demo organiser whose event is rushed.
const ORGANISER: &str = "biz-kempen";

#[derive(Debug, Clone, Copy)]
pub struct Plan {
    pub requests: usize,
    pub seats: usize,
}

#[derive(Debug, Default)]
pub struct Outcome {
    pub requests: usize,
    pub seats: usize,
    /// First request sent to last answer in.
    pub drain: Duration,
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// Redirected to `status=bevestigd`.
    pub accepted: usize,
    /// Redirected to `status=wachtlijst`.
    pub waitlisted: usize,
    /// Any other answer, by status (0: no answer at all).
    pub unexpected_by_status: BTreeMap<u16, usize>,
    /// A few of those, with the start of their body.
    pub unexpected: Vec<String>,
    /// From the database after the rush.
    pub seats_taken: i32,
    pub holding_a_seat: u64,
    pub waitlisted_in_db: u64,
    pub tickets: u64,
}

impl Outcome {
    pub fn unexpected_count(&self) -> usize {
        self.unexpected_by_status.values().sum()
    }

    /// Seats given beyond the capacity, by the database's own rows.
    pub fn oversold(&self) -> u64 {
        let counted = self.holding_a_seat.max(self.seats_taken.max(0) as u64).max(self.tickets);
        counted.saturating_sub(self.seats as u64)
    }

    /// The counter, the rows and the tickets agree, and the answers with them.
    pub fn consistent(&self) -> bool {
        self.seats_taken as u64 == self.holding_a_seat
            && self.tickets == self.holding_a_seat
            && self.accepted as u64 == self.holding_a_seat
            && self.waitlisted as u64 == self.waitlisted_in_db
    }

    pub fn summary(&self) -> String {
        let mut s = format!(
            "{} posts drained in {:.2} s (p50 {:.0} ms, p99 {:.0} ms) · {} accepted · {} waitlisted · {} other · oversold {}",
            self.requests,
            self.drain.as_secs_f64(),
            self.p50_ms,
            self.p99_ms,
            self.accepted,
            self.waitlisted,
            self.unexpected_count(),
            self.oversold(),
        );
        if !self.unexpected_by_status.is_empty() {
            let by: Vec<String> = self.unexpected_by_status.iter().map(|(s, n)| format!("{n}×{s}")).collect();
            s.push_str(&format!(" ({})", by.join(", ")));
        }
        if !self.consistent() {
            s.push_str(&format!(
                " · INCONSISTENT: seats_taken {}, rows holding a seat {}, tickets {}, waitlisted rows {}",
                self.seats_taken, self.holding_a_seat, self.tickets, self.waitlisted_in_db
            ));
        }
        s
    }
}

/// What a registering visitor needs: the form's address and its choices.
#[derive(Clone)]
pub struct RushEvent {
    pub id: i32,
    pub form_path: String,
    pub ticket_id: i32,
    pub organisation_id: i32,
    /// Its one session.
    pub session_id: i32,
}

/// A published training day of the demo organiser with `seats` seats, one
/// free ticket for everyone and no questions, opening now, its one session
/// at `starts`: the bench's own, so the demo's events keep their
/// registrations. `title` starts its title (a time is added).
pub async fn create_event(
    db: &DatabaseConnection,
    seats: usize,
    title: &str,
    starts: chrono::DateTime<Utc>,
) -> anyhow::Result<RushEvent> {
    let org = organiser::Entity::find()
        .filter(organiser::Column::Slug.eq(ORGANISER))
        .one(db)
        .await?
        .with_context(|| format!("no organiser {ORGANISER} (is the demo data loaded?)"))?;
    let now = Utc::now();
    let title = format!("{title} {}", now.format("%Y%m%d%H%M%S%3f"));
    let slug = domain::Slug::from_title(&title).map_err(|e| anyhow::anyhow!("{e}"))?.to_string();
    let created = event::ActiveModel {
        organiser_id: Set(org.id),
        slug: Set(slug.clone()),
        kind: Set("training_day".into()),
        status: Set(EventStatus::Published),
        title: Set(title),
        summary: Set("Benchmark: veel inschrijvingen tegelijk.".into()),
        description: Set("Aangemaakt door leernet-bench.".into()),
        audience: Set("public".into()),
        language: Set("nl".into()),
        capacity: Set(Some(i32::try_from(seats)?)),
        seats_taken: Set(0),
        published_at: Set(Some(now)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let session = event_session::ActiveModel {
        event_id: Set(created.id),
        position: Set(0),
        title: Set("Dag 1".into()),
        starts_at: Set(starts),
        ends_at: Set(starts + chrono::Duration::hours(3)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let ticket = ticket_type::ActiveModel {
        event_id: Set(created.id),
        name: Set("Deelname".into()),
        price_cents: Set(0),
        eligibility: Set("everyone".into()),
        position: Set(0),
        active: Set(true),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let organisation_id = partnership::Entity::find()
        .filter(partnership::Column::OrganiserId.eq(org.id))
        .one(db)
        .await?
        .context("the demo organiser has no partner organisations")?
        .organisation_id;
    Ok(RushEvent {
        id: created.id,
        form_path: format!("/regio/{ORGANISER}/{slug}/inschrijven"),
        ticket_id: ticket.id,
        organisation_id,
        session_id: session.id,
    })
}

/// The registration form of person `n`, with an e-mail address `{who}{n}@…`.
pub fn form(event: &RushEvent, who: &str, n: usize) -> Vec<(String, String)> {
    let name = format!("Deelnemer {n}");
    let email = format!("{who}{n}@ocmw-geel.test");
    [
        ("ticket", event.ticket_id.to_string()),
        ("deelnemer-0-naam", name.clone()),
        ("deelnemer-0-email", email.clone()),
        ("deelnemer-0-organisatie", event.organisation_id.to_string()),
        ("besteller-naam", name),
        ("besteller-email", email),
        ("toestemming", "on".to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

/// One answer: status (0 when none came), the redirect, a body excerpt, the time it took.
struct Answer {
    status: u16,
    location: String,
    excerpt: String,
    took: Duration,
}

pub async fn run(base: &str, database_url: &str, plan: Plan) -> anyhow::Result<Outcome> {
    let db = store::connect(database_url, 2).await.context("connecting to the server's database")?;
    let event = create_event(&db, plan.seats, "Drukte-test", Utc::now() + chrono::Duration::days(40)).await?;
    // Every connection is opened at once: one client, no idle reuse limit.
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(120))
        .build()?;
    let form_url = format!("{base}{}", event.form_path);
    // The form is there for a visitor (and the page is warm).
    let page = client.get(&form_url).send().await?;
    if !page.status().is_success() {
        bail!("the registration form {form_url} answered {}", page.status());
    }

    let start = Arc::new(tokio::sync::Barrier::new(plan.requests + 1));
    let mut posts = tokio::task::JoinSet::new();
    for n in 0..plan.requests {
        let (client, url, fields, start) = (client.clone(), form_url.clone(), form(&event, "drukte", n), start.clone());
        let origin = base.to_string();
        posts.spawn(async move {
            start.wait().await;
            let sent = Instant::now();
            match client.post(&url).header("origin", origin).form(&fields).send().await {
                Ok(response) => {
                    let status = response.status().as_u16();
                    let location = response
                        .headers()
                        .get("location")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default()
                        .to_string();
                    let body = if status == 303 { String::new() } else { response.text().await.unwrap_or_default() };
                    let took = sent.elapsed();
                    Answer { status, location, excerpt: excerpt(&body), took }
                }
                Err(e) => Answer { status: 0, location: String::new(), excerpt: e.to_string(), took: sent.elapsed() },
            }
        });
    }
    start.wait().await;
    let started = Instant::now();
    let mut outcome = Outcome { requests: plan.requests, seats: plan.seats, ..Default::default() };
    let mut latencies = Vec::with_capacity(plan.requests);
    while let Some(answer) = posts.join_next().await {
        let answer = answer?;
        latencies.push(answer.took.as_secs_f64() * 1000.0);
        match (answer.status, answer.location.as_str()) {
            (303, l) if l.contains("status=bevestigd") => outcome.accepted += 1,
            (303, l) if l.contains("status=wachtlijst") => outcome.waitlisted += 1,
            (status, location) => {
                *outcome.unexpected_by_status.entry(status).or_default() += 1;
                if outcome.unexpected.len() < 5 {
                    outcome.unexpected.push(format!("{status} {location} {}", answer.excerpt));
                }
            }
        }
    }
    outcome.drain = started.elapsed();
    latencies.sort_by(f64::total_cmp);
    outcome.p50_ms = percentile(&latencies, 0.50);
    outcome.p99_ms = percentile(&latencies, 0.99);

    let rows = || registration::Entity::find().filter(registration::Column::EventId.eq(event.id));
    outcome.seats_taken = event::Entity::find_by_id(event.id).one(&db).await?.context("the event is gone")?.seats_taken;
    outcome.holding_a_seat = rows()
        .filter(registration::Column::Status.is_in([
            RegistrationStatus::Confirmed,
            RegistrationStatus::PendingPayment,
            RegistrationStatus::Offered,
        ]))
        .count(&db)
        .await?;
    outcome.waitlisted_in_db =
        rows().filter(registration::Column::Status.eq(RegistrationStatus::Waitlisted)).count(&db).await?;
    let ids: Vec<i32> = rows().all(&db).await?.into_iter().map(|r| r.id).collect();
    outcome.tickets = ticket::Entity::find().filter(ticket::Column::RegistrationId.is_in(ids)).count(&db).await?;
    db.close().await?;
    Ok(outcome)
}

/// The visible text of an answer's body, from its first error message when
/// it is a page with one (`field-error`, an error page's detail, an alert).
fn excerpt(body: &str) -> String {
    let from = ["class=\"field-error\"", "class=\"error-detail\"", "role=\"alert\""]
        .iter()
        .filter_map(|marker| body.find(marker))
        .min()
        .and_then(|at| body[..at].rfind('<'))
        .unwrap_or(0);
    let mut text = String::new();
    let mut in_tag = false;
    for ch in body[from..].chars() {
        match ch {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let joined = words.join(" ");
    joined.chars().take(160).collect()
}

/// The value below which `q` of the sorted `values` fall (nearest rank).
pub fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}
