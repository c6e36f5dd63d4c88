//! The mail outbox: mails are queued in the database and a worker sends them,
//! so sending never blocks or fails a request.
//!
//! A row's life: 'queued' (due at `next_attempt_at`) → 'sending' (claimed by one
//! worker; `next_attempt_at` then holds the claim time) → 'sent', or back to
//! 'queued' with a growing delay after a failure, and 'failed' for good after
//! [`MAX_ATTEMPTS`]. A row left in 'sending' by a crashed worker is queued again
//! after [`STUCK_AFTER`].

use crate::StoreError;
use crate::entities::mail_outbox;
use chrono::{DateTime, Duration, Utc};
use domain::Email;
use domain::mail::OutgoingMail;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

/// Attempts before a mail is given up on (the last retry comes about 8½ hours after the first try).
pub const MAX_ATTEMPTS: i32 = 6;

/// How long a claim may stay in 'sending' before the mail is taken to be abandoned.
pub const STUCK_AFTER: Duration = Duration::minutes(10);

/// Longest error text kept per mail.
const MAX_ERROR_LEN: usize = 1000;

pub use domain::MailStatus;

/// A mail claimed by this worker: send it, then call [`mark_sent`] or [`mark_failed`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedMail {
    pub id: i32,
    /// Including the attempt now under way.
    pub attempts: i32,
    pub mail: OutgoingMail,
}

/// One outbox row as staff see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEntry {
    pub id: i32,
    pub organiser_id: Option<i32>,
    pub to_address: String,
    pub to_name: Option<String>,
    pub subject: String,
    pub status: MailStatus,
    pub attempts: i32,
    /// For a queued mail, when the next try is due.
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

/// What [`mark_failed`] decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// Queued again, due then.
    At(DateTime<Utc>),
    /// Out of attempts: the mail is 'failed'.
    GaveUp,
}

/// The wait after the `attempts`-th failed try: 1 min, 5 min, 30 min, 2 h, then 6 h.
pub fn backoff(attempts: i32) -> Duration {
    match attempts {
        ..=1 => Duration::minutes(1),
        2 => Duration::minutes(5),
        3 => Duration::minutes(30),
        4 => Duration::hours(2),
        _ => Duration::hours(6),
    }
}

/// Queues a mail, due at once. Returns its id.
pub async fn enqueue(db: &impl ConnectionTrait, mail: &OutgoingMail, now: DateTime<Utc>) -> Result<i32, StoreError> {
    let row = mail_outbox::ActiveModel {
        id: NotSet,
        organiser_id: Set(mail.organiser_id),
        to_address: Set(mail.to.as_str().to_string()),
        to_name: Set(mail.to_name.clone()),
        subject: Set(mail.subject.clone()),
        text_body: Set(mail.text_body.clone()),
        html_body: Set(mail.html_body.clone()),
        attachments: Set(if mail.attachments.is_empty() {
            None
        } else {
            Some(serde_json::to_string(&mail.attachments).map_err(|e| StoreError::corrupt("mail_outbox", 0, e))?)
        }),
        status: Set(MailStatus::Queued),
        attempts: Set(0),
        next_attempt_at: Set(now),
        last_error: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
    };
    Ok(mail_outbox::Entity::insert(row).exec(db).await?.last_insert_id)
}

/// Queues again the mails whose claim is older than [`STUCK_AFTER`] (their worker
/// crashed or was stopped mid-send), or gives up on those out of attempts.
/// Returns how many rows changed.
pub async fn requeue_stuck(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<u64, StoreError> {
    let stale = now - STUCK_AFTER;
    // A read first: the worker calls this every second, and on SQLite even an
    // UPDATE that matches nothing would take the write lock.
    let any_stuck = mail_outbox::Entity::find()
        .filter(mail_outbox::Column::Status.eq(MailStatus::Sending))
        .filter(mail_outbox::Column::NextAttemptAt.lt(stale))
        .one(db)
        .await?
        .is_some();
    if !any_stuck {
        return Ok(0);
    }
    let txn = crate::begin_write(db).await?;
    let failed = mail_outbox::Entity::update_many()
        .col_expr(mail_outbox::Column::Status, Expr::value(MailStatus::Failed))
        .col_expr(
            mail_outbox::Column::LastError,
            Expr::value("verzending onderbroken; maximum aantal pogingen bereikt"),
        )
        .filter(mail_outbox::Column::Status.eq(MailStatus::Sending))
        .filter(mail_outbox::Column::NextAttemptAt.lt(stale))
        .filter(mail_outbox::Column::Attempts.gte(MAX_ATTEMPTS))
        .exec(&txn)
        .await?
        .rows_affected;
    let requeued = mail_outbox::Entity::update_many()
        .col_expr(mail_outbox::Column::Status, Expr::value(MailStatus::Queued))
        .col_expr(mail_outbox::Column::NextAttemptAt, Expr::value(now))
        .col_expr(mail_outbox::Column::LastError, Expr::value("verzending onderbroken; opnieuw in de wachtrij"))
        .filter(mail_outbox::Column::Status.eq(MailStatus::Sending))
        .filter(mail_outbox::Column::NextAttemptAt.lt(stale))
        .exec(&txn)
        .await?
        .rows_affected;
    txn.commit().await?;
    if failed + requeued > 0 {
        tracing::warn!(requeued, failed, "mails left in 'sending' by a stopped worker");
    }
    Ok(failed + requeued)
}

/// Claims up to `limit` due mails for this worker, oldest due first. Each row
/// moves from 'queued' to 'sending' with a conditional update, so when two
/// servers drain the same outbox every mail goes to exactly one of them.
/// Also re-queues abandoned claims first (see [`requeue_stuck`]). The claims
/// are one write transaction.
///
/// A row whose address no longer parses is set to 'failed' instead of returned.
pub async fn claim_due(db: &DatabaseConnection, now: DateTime<Utc>, limit: u64) -> Result<Vec<QueuedMail>, StoreError> {
    requeue_stuck(db, now).await?;
    let candidates = mail_outbox::Entity::find()
        .filter(mail_outbox::Column::Status.eq(MailStatus::Queued))
        .filter(mail_outbox::Column::NextAttemptAt.lte(now))
        .order_by_asc(mail_outbox::Column::NextAttemptAt)
        .order_by_asc(mail_outbox::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    if candidates.is_empty() {
        return Ok(Vec::new());
    }
    let txn = crate::begin_write(db).await?;
    let mut claimed = Vec::with_capacity(candidates.len());
    for row in candidates {
        let taken = mail_outbox::Entity::update_many()
            .col_expr(mail_outbox::Column::Status, Expr::value(MailStatus::Sending))
            .col_expr(mail_outbox::Column::Attempts, Expr::col(mail_outbox::Column::Attempts).add(1))
            .col_expr(mail_outbox::Column::NextAttemptAt, Expr::value(now))
            .filter(mail_outbox::Column::Id.eq(row.id))
            .filter(mail_outbox::Column::Status.eq(MailStatus::Queued))
            .exec(&txn)
            .await?
            .rows_affected
            == 1;
        if !taken {
            continue; // another worker was first
        }
        match Email::parse(&row.to_address) {
            Ok(to) => claimed.push(QueuedMail {
                id: row.id,
                attempts: row.attempts + 1,
                mail: OutgoingMail {
                    organiser_id: row.organiser_id,
                    to,
                    to_name: row.to_name,
                    subject: row.subject,
                    text_body: row.text_body,
                    html_body: row.html_body,
                    // A row whose attachments no longer parse still goes out, without them.
                    attachments: row
                        .attachments
                        .as_deref()
                        .and_then(|a| serde_json::from_str(a).ok())
                        .unwrap_or_default(),
                },
            }),
            Err(e) => {
                tracing::error!(mail_id = row.id, error = %e, "outbox row has an invalid address; giving up on it");
                set_failed(&txn, row.id, &format!("ongeldig adres: {e}")).await?;
            }
        }
    }
    txn.commit().await?;
    Ok(claimed)
}

/// Hands a claimed mail back unsent (the worker is stopping): queued again,
/// due at once, the claim's attempt not counted.
pub async fn release_claim(db: &DatabaseConnection, id: i32) -> Result<(), StoreError> {
    let _turn = crate::write::turn(db).await;
    mail_outbox::Entity::update_many()
        .col_expr(mail_outbox::Column::Status, Expr::value(MailStatus::Queued))
        .col_expr(mail_outbox::Column::Attempts, Expr::col(mail_outbox::Column::Attempts).sub(1))
        .filter(mail_outbox::Column::Id.eq(id))
        .filter(mail_outbox::Column::Status.eq(MailStatus::Sending))
        .exec(db)
        .await?;
    Ok(())
}

/// Records a successful send.
pub async fn mark_sent(db: &DatabaseConnection, id: i32, now: DateTime<Utc>) -> Result<(), StoreError> {
    let _turn = crate::write::turn(db).await;
    mail_outbox::Entity::update_many()
        .col_expr(mail_outbox::Column::Status, Expr::value(MailStatus::Sent))
        .col_expr(mail_outbox::Column::SentAt, Expr::value(now))
        .col_expr(mail_outbox::Column::LastError, Expr::value(Option::<String>::None))
        .filter(mail_outbox::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Records a failed try: queued again after [`backoff`] while the mail has had
/// fewer than `max_attempts` tries, otherwise 'failed' for good.
pub async fn mark_failed(
    db: &DatabaseConnection,
    id: i32,
    now: DateTime<Utc>,
    error: &str,
    max_attempts: i32,
) -> Result<Retry, StoreError> {
    let row = mail_outbox::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| StoreError::Db(sea_orm::DbErr::RecordNotFound(format!("mail_outbox {id}"))))?;
    let error = truncate(error, MAX_ERROR_LEN);
    let _turn = crate::write::turn(db).await;
    if row.attempts >= max_attempts {
        set_failed(db, id, &error).await?;
        return Ok(Retry::GaveUp);
    }
    let at = now + backoff(row.attempts);
    mail_outbox::Entity::update_many()
        .col_expr(mail_outbox::Column::Status, Expr::value(MailStatus::Queued))
        .col_expr(mail_outbox::Column::NextAttemptAt, Expr::value(at))
        .col_expr(mail_outbox::Column::LastError, Expr::value(error))
        .filter(mail_outbox::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(Retry::At(at))
}

async fn set_failed(db: &impl ConnectionTrait, id: i32, error: &str) -> Result<(), StoreError> {
    mail_outbox::Entity::update_many()
        .col_expr(mail_outbox::Column::Status, Expr::value(MailStatus::Failed))
        .col_expr(mail_outbox::Column::LastError, Expr::value(error))
        .filter(mail_outbox::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

fn truncate(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

/// On whose behalf an organiser's mail goes out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sender {
    pub name: String,
    /// The organiser's contact address, for Reply-To.
    pub email: String,
}

/// The organiser's name and contact address, None when it no longer exists.
pub async fn organiser_sender(db: &impl ConnectionTrait, organiser_id: i32) -> Result<Option<Sender>, StoreError> {
    Ok(crate::entities::organiser::Entity::find_by_id(organiser_id)
        .one(db)
        .await?
        .map(|o| Sender { name: o.name, email: o.email }))
}

/// One outbox row by id.
pub async fn get(db: &impl ConnectionTrait, id: i32) -> Result<Option<OutboxEntry>, StoreError> {
    mail_outbox::Entity::find_by_id(id).one(db).await?.map(entry).transpose()
}

/// An organiser's mails, newest first.
pub async fn list_for_organiser(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    limit: u64,
) -> Result<Vec<OutboxEntry>, StoreError> {
    list(db, mail_outbox::Column::OrganiserId.eq(organiser_id), limit).await
}

/// Platform mails (no organiser, such as sign-in links), newest first.
pub async fn list_platform(db: &impl ConnectionTrait, limit: u64) -> Result<Vec<OutboxEntry>, StoreError> {
    list(db, mail_outbox::Column::OrganiserId.is_null(), limit).await
}

async fn list(
    db: &impl ConnectionTrait,
    condition: sea_orm::sea_query::SimpleExpr,
    limit: u64,
) -> Result<Vec<OutboxEntry>, StoreError> {
    mail_outbox::Entity::find()
        .filter(condition)
        .order_by_desc(mail_outbox::Column::CreatedAt)
        .order_by_desc(mail_outbox::Column::Id)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(entry)
        .collect()
}

fn entry(row: mail_outbox::Model) -> Result<OutboxEntry, StoreError> {
    Ok(OutboxEntry {
        id: row.id,
        organiser_id: row.organiser_id,
        to_address: row.to_address,
        to_name: row.to_name,
        subject: row.subject,
        status: row.status,
        attempts: row.attempts,
        next_attempt_at: row.next_attempt_at,
        last_error: row.last_error,
        created_at: row.created_at,
        sent_at: row.sent_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    async fn db() -> sea_orm::DatabaseConnection {
        let db = crate::connect("sqlite::memory:", 1).await.unwrap();
        crate::migrate(&db).await.unwrap();
        db
    }

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap()
    }

    fn mail(to: &str) -> OutgoingMail {
        OutgoingMail {
            organiser_id: None,
            to: Email::parse(to).unwrap(),
            to_name: Some("Hanne Laenen".into()),
            subject: "Je inschrijving is bevestigd".into(),
            text_body: "Hallo Hanne".into(),
            html_body: "<p>Hallo Hanne</p>".into(),
            attachments: Vec::new(),
        }
    }

    #[tokio::test]
    async fn enqueued_mail_is_claimed_once_and_marked_sent() {
        let db = db().await;
        let id = enqueue(&db, &mail("hanne@caw.be"), t0()).await.unwrap();
        let entry = get(&db, id).await.unwrap().unwrap();
        assert_eq!((entry.status, entry.attempts), (MailStatus::Queued, 0));

        let claimed = claim_due(&db, t0(), 10).await.unwrap();
        assert_eq!(claimed.len(), 1);
        assert_eq!(claimed[0].id, id);
        assert_eq!(claimed[0].attempts, 1);
        assert_eq!(claimed[0].mail, mail("hanne@caw.be"));
        assert_eq!(get(&db, id).await.unwrap().unwrap().status, MailStatus::Sending);
        // A second worker finds nothing to do.
        assert!(claim_due(&db, t0(), 10).await.unwrap().is_empty());

        mark_sent(&db, id, t0() + Duration::seconds(2)).await.unwrap();
        let entry = get(&db, id).await.unwrap().unwrap();
        assert_eq!(entry.status, MailStatus::Sent);
        assert_eq!(entry.sent_at, Some(t0() + Duration::seconds(2)));
        assert!(claim_due(&db, t0() + Duration::days(1), 10).await.unwrap().is_empty());
        assert_eq!(list_platform(&db, 10).await.unwrap().len(), 1);
    }

    #[tokio::test]
    async fn claims_only_due_mails_up_to_the_limit_oldest_first() {
        let db = db().await;
        let first = enqueue(&db, &mail("a@x.be"), t0()).await.unwrap();
        let second = enqueue(&db, &mail("b@x.be"), t0() + Duration::seconds(1)).await.unwrap();
        let later = enqueue(&db, &mail("c@x.be"), t0() + Duration::minutes(5)).await.unwrap();
        let claimed = claim_due(&db, t0() + Duration::seconds(5), 1).await.unwrap();
        assert_eq!(claimed.iter().map(|m| m.id).collect::<Vec<_>>(), vec![first]);
        let claimed = claim_due(&db, t0() + Duration::seconds(5), 10).await.unwrap();
        assert_eq!(claimed.iter().map(|m| m.id).collect::<Vec<_>>(), vec![second]);
        let claimed = claim_due(&db, t0() + Duration::minutes(5), 10).await.unwrap();
        assert_eq!(claimed.iter().map(|m| m.id).collect::<Vec<_>>(), vec![later]);
    }

    #[tokio::test]
    async fn failures_back_off_then_give_up() {
        let db = db().await;
        let id = enqueue(&db, &mail("hanne@caw.be"), t0()).await.unwrap();
        let mut now = t0();
        let expected =
            [Duration::minutes(1), Duration::minutes(5), Duration::minutes(30), Duration::hours(2), Duration::hours(6)];
        for (attempt, wait) in (1..).zip(expected) {
            let claimed = claim_due(&db, now, 10).await.unwrap();
            assert_eq!(claimed.len(), 1, "attempt {attempt}");
            assert_eq!(claimed[0].attempts, attempt);
            let retry = mark_failed(&db, id, now, "451 tijdelijk niet beschikbaar", MAX_ATTEMPTS).await.unwrap();
            assert_eq!(retry, Retry::At(now + wait));
            let entry = get(&db, id).await.unwrap().unwrap();
            assert_eq!(entry.status, MailStatus::Queued);
            assert_eq!(entry.attempts, attempt);
            assert_eq!(entry.last_error.as_deref(), Some("451 tijdelijk niet beschikbaar"));
            // Not due before the wait is over.
            assert!(claim_due(&db, now + wait - Duration::seconds(1), 10).await.unwrap().is_empty());
            now += wait;
        }
        let claimed = claim_due(&db, now, 10).await.unwrap();
        assert_eq!(claimed[0].attempts, MAX_ATTEMPTS);
        assert_eq!(mark_failed(&db, id, now, "550 onbekende ontvanger", MAX_ATTEMPTS).await.unwrap(), Retry::GaveUp);
        let entry = get(&db, id).await.unwrap().unwrap();
        assert_eq!(entry.status, MailStatus::Failed);
        assert_eq!(entry.last_error.as_deref(), Some("550 onbekende ontvanger"));
        assert!(claim_due(&db, now + Duration::days(7), 10).await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn abandoned_claims_are_queued_again() {
        let db = db().await;
        let id = enqueue(&db, &mail("hanne@caw.be"), t0()).await.unwrap();
        assert_eq!(claim_due(&db, t0(), 10).await.unwrap().len(), 1);
        // The worker dies; within the grace period nobody else touches the mail.
        assert!(claim_due(&db, t0() + Duration::minutes(9), 10).await.unwrap().is_empty());
        let again = claim_due(&db, t0() + Duration::minutes(11), 10).await.unwrap();
        assert_eq!(again.iter().map(|m| (m.id, m.attempts)).collect::<Vec<_>>(), vec![(id, 2)]);
        assert!(get(&db, id).await.unwrap().unwrap().last_error.is_some_and(|e| e.contains("onderbroken")));
    }

    #[tokio::test]
    async fn lists_per_organiser_and_platform_newest_first() {
        let db = db().await;
        use sea_orm::ConnectionTrait;
        db.execute_unprepared(
            "INSERT INTO organisers (slug, name, short_name, description, email, vat_mode, created_at) \
             VALUES ('biz-kempen', 'BIZ Kempen', 'Kempen', '', 'biz@kempen.be', 'exempt', '2026-01-01T00:00:00Z')",
        )
        .await
        .unwrap();
        let organiser_id: i32 = crate::entities::organiser::Entity::find().one(&db).await.unwrap().unwrap().id;
        let mut of_organiser = mail("a@x.be");
        of_organiser.organiser_id = Some(organiser_id);
        let older = enqueue(&db, &of_organiser, t0()).await.unwrap();
        let newer = enqueue(&db, &of_organiser, t0() + Duration::minutes(1)).await.unwrap();
        let platform = enqueue(&db, &mail("b@x.be"), t0()).await.unwrap();
        let ids = |entries: Vec<OutboxEntry>| entries.into_iter().map(|e| e.id).collect::<Vec<_>>();
        assert_eq!(ids(list_for_organiser(&db, organiser_id, 10).await.unwrap()), vec![newer, older]);
        assert_eq!(ids(list_for_organiser(&db, organiser_id, 1).await.unwrap()), vec![newer]);
        assert_eq!(ids(list_platform(&db, 10).await.unwrap()), vec![platform]);
        let sender = organiser_sender(&db, organiser_id).await.unwrap().unwrap();
        assert_eq!((sender.name.as_str(), sender.email.as_str()), ("BIZ Kempen", "biz@kempen.be"));
        assert_eq!(organiser_sender(&db, organiser_id + 1).await.unwrap(), None);
    }

    #[test]
    fn long_errors_are_cut() {
        assert_eq!(truncate("abc", 5), "abc");
        assert_eq!(truncate("ééééé", 2), "éé…");
    }
}
