//! `cost_lines` table.

use domain::CostStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cost_lines")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub event_id: i32,
    pub category: String,
    pub description: String,
    pub payee: Option<String>,
    pub trainer_id: Option<i32>,
    pub budget_cents: i64,
    pub actual_cents: Option<i64>,
    pub status: CostStatus,
    pub paid_at: Option<DateTimeUtc>,
    pub payout_reference: Option<String>,
    /// The payee's Stripe connected account (`acct_...`), to pay through Stripe Connect.
    pub payout_account: Option<String>,
    /// Makes the transfer's idempotency key; moves on after a refused attempt.
    pub payout_attempt: i32,
    pub created_at: DateTimeUtc,
    /// Who approved the line (a person's id), when, and the amount approved: fixed until withdrawn.
    pub approved_by: Option<i32>,
    pub approved_at: Option<DateTimeUtc>,
    pub approved_cents: Option<i64>,
    /// Who marked it paid, or paid it through Stripe.
    pub paid_by: Option<i32>,
    /// The (paid) line this one corrects.
    pub corrects_line_id: Option<i32>,
    /// When the payout in progress (`paying_out`) asked Stripe; `None` once its outcome was unknown.
    pub payout_started_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
