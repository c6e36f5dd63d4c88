//! Trainers' Stripe Connect accounts (see `domain::connect`): the account
//! Leernet made for a trainer, the link mailed to them to finish it at
//! Stripe, and what Stripe reports of it. A payout goes only to a ready
//! account (`crate::finances::start_payout` asks [`ready_account`]).
//!
//! The link's token is kept as its SHA-256 only; sending a new link makes the
//! old one stop working.

use crate::StoreError;
use crate::accounts::{hash_secret, new_secret};
use crate::entities::{organiser, trainer};
use chrono::{DateTime, Utc};
use domain::ConnectStatus;
use domain::connect::{StripeAccount, apply_report};
use domain::finances::ConnectedAccount;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// What an admin's "send the onboarding link" needs of the trainer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Onboarding {
    pub trainer_id: i32,
    pub full_name: String,
    pub email: Option<String>,
    /// The account made before, if any.
    pub account: Option<ConnectedAccount>,
    pub status: Option<ConnectStatus>,
    /// Keeps idempotency keys of a database started afresh apart.
    pub created_at: DateTime<Utc>,
}

impl Onboarding {
    /// The `Idempotency-Key` of the account's creation: one account per trainer.
    pub fn idempotency_key(&self) -> String {
        format!("leernet-connect-{}-{}", self.trainer_id, self.created_at.timestamp())
    }
}

/// One of the organiser's trainers, for onboarding; `None` for anyone else's.
pub async fn onboarding(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    trainer_id: i32,
) -> Result<Option<Onboarding>, StoreError> {
    let found =
        trainer::Entity::find_by_id(trainer_id).filter(trainer::Column::OrganiserId.eq(organiser_id)).one(db).await?;
    let Some(t) = found else { return Ok(None) };
    let account = t
        .stripe_account
        .as_deref()
        .map(ConnectedAccount::parse)
        .transpose()
        .map_err(|_| StoreError::corrupt("trainers", t.id, "stripe_account"))?;
    Ok(Some(Onboarding {
        trainer_id: t.id,
        full_name: t.full_name,
        email: t.email.filter(|e| !e.trim().is_empty()),
        account,
        status: t.stripe_status,
        created_at: t.created_at,
    }))
}

/// Keeps the account Stripe made for the trainer (once: a trainer keeps their
/// first account); the trainer's account afterwards.
pub async fn set_account(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    trainer_id: i32,
    account: &StripeAccount,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<Option<ConnectedAccount>, StoreError> {
    let set = trainer::Entity::update_many()
        .col_expr(trainer::Column::StripeAccount, Expr::value(account.id.as_str()))
        .col_expr(trainer::Column::StripeStatus, Expr::value(account.status()))
        .col_expr(trainer::Column::StripeSyncedAt, Expr::value(now))
        .col_expr(
            trainer::Column::StripeReadyAt,
            Expr::value((account.status() == ConnectStatus::Ready).then_some(now)),
        )
        .filter(trainer::Column::Id.eq(trainer_id))
        .filter(trainer::Column::OrganiserId.eq(organiser_id))
        .filter(trainer::Column::StripeAccount.is_null())
        .exec(db)
        .await?;
    if set.rows_affected == 1 {
        let detail = account.id.as_str().to_string();
        crate::audit::record(
            db,
            organiser_id,
            person_id,
            ("trainer", trainer_id),
            "trainer.stripe_account",
            detail,
            now,
        )
        .await?;
    }
    Ok(onboarding(db, organiser_id, trainer_id).await?.and_then(|o| o.account))
}

/// A new onboarding link's token for the trainer (the previous link stops
/// working), recorded as sent now.
pub async fn issue_link(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    trainer_id: i32,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<Option<String>, StoreError> {
    let token = new_secret();
    let issued = trainer::Entity::update_many()
        .col_expr(trainer::Column::StripeLinkToken, Expr::value(hash_secret(&token)))
        .col_expr(trainer::Column::StripeLinkSentAt, Expr::value(now))
        .filter(trainer::Column::Id.eq(trainer_id))
        .filter(trainer::Column::OrganiserId.eq(organiser_id))
        .filter(trainer::Column::StripeAccount.is_not_null())
        .exec(db)
        .await?;
    if issued.rows_affected != 1 {
        return Ok(None);
    }
    crate::audit::record(
        db,
        organiser_id,
        person_id,
        ("trainer", trainer_id),
        "trainer.stripe_link_sent",
        String::new(),
        now,
    )
    .await?;
    Ok(Some(token))
}

/// The trainer behind an onboarding link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Linked {
    pub trainer_id: i32,
    pub full_name: String,
    pub organiser_name: String,
    pub account: ConnectedAccount,
    pub status: Option<ConnectStatus>,
}

/// The trainer whose onboarding link has `token`; `None` for an unknown or replaced link.
pub async fn by_link_token(db: &impl ConnectionTrait, token: &str) -> Result<Option<Linked>, StoreError> {
    if !domain::connect::valid_link_token(token) {
        return Ok(None);
    }
    let found = trainer::Entity::find().filter(trainer::Column::StripeLinkToken.eq(hash_secret(token))).one(db).await?;
    let Some(t) = found else { return Ok(None) };
    let Some(account) = t.stripe_account.as_deref().and_then(|a| ConnectedAccount::parse(a).ok()) else {
        return Ok(None);
    };
    let organiser_name =
        organiser::Entity::find_by_id(t.organiser_id).one(db).await?.map(|o| o.name).unwrap_or_default();
    Ok(Some(Linked { trainer_id: t.id, full_name: t.full_name, organiser_name, account, status: t.stripe_status }))
}

/// Applies what Stripe reports of an account (`account.updated`, or the
/// account fetched when the trainer comes back) at `reported_at`; the
/// trainer's status after it, `None` when no trainer has the account.
/// A report older than the one applied changes nothing.
pub async fn apply_account(
    db: &impl ConnectionTrait,
    account: &StripeAccount,
    reported_at: DateTime<Utc>,
) -> Result<Option<ConnectStatus>, StoreError> {
    let found = trainer::Entity::find().filter(trainer::Column::StripeAccount.eq(account.id.as_str())).one(db).await?;
    let Some(t) = found else { return Ok(None) };
    let Some((status, ready_at)) =
        apply_report((t.stripe_status, t.stripe_ready_at, t.stripe_synced_at), account, reported_at)
    else {
        return Ok(t.stripe_status);
    };
    if Some(status) == t.stripe_status && ready_at == t.stripe_ready_at {
        trainer::Entity::update_many()
            .col_expr(trainer::Column::StripeSyncedAt, Expr::value(reported_at))
            .filter(trainer::Column::Id.eq(t.id))
            .exec(db)
            .await?;
        return Ok(Some(status));
    }
    trainer::Entity::update_many()
        .col_expr(trainer::Column::StripeStatus, Expr::value(status))
        .col_expr(trainer::Column::StripeReadyAt, Expr::value(ready_at))
        .col_expr(trainer::Column::StripeSyncedAt, Expr::value(reported_at))
        .filter(trainer::Column::Id.eq(t.id))
        .exec(db)
        .await?;
    let audit = audit_entry(t.organiser_id, t.id, status, account, reported_at);
    audit.insert(db).await?;
    Ok(Some(status))
}

/// Stripe changed an account's status: recorded without a person (Stripe did it).
fn audit_entry(
    organiser_id: i32,
    trainer_id: i32,
    status: ConnectStatus,
    account: &StripeAccount,
    at: DateTime<Utc>,
) -> crate::entities::audit_entry::ActiveModel {
    use sea_orm::ActiveValue::Set;
    crate::entities::audit_entry::ActiveModel {
        organiser_id: Set(organiser_id),
        person_id: Set(None),
        entity: Set("trainer".into()),
        entity_id: Set(trainer_id),
        action: Set("trainer.stripe_status".into()),
        detail: Set(Some(format!("{} {}", account.id.as_str(), status.as_str()))),
        at: Set(at),
        ..Default::default()
    }
}

/// The trainer's account when it is ready for payouts; `None` otherwise.
pub async fn ready_account(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    trainer_id: i32,
) -> Result<Option<ConnectedAccount>, StoreError> {
    let found = trainer::Entity::find_by_id(trainer_id)
        .filter(trainer::Column::OrganiserId.eq(organiser_id))
        .filter(trainer::Column::StripeStatus.eq(ConnectStatus::Ready))
        .one(db)
        .await?;
    Ok(found.and_then(|t| t.stripe_account.as_deref().and_then(|a| ConnectedAccount::parse(a).ok())))
}
