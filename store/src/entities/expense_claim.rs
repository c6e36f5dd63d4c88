//! `expense_claims` table (see `domain::expense_claims`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "expense_claims")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organiser_id: i32,
    pub event_id: i32,
    pub trainer_id: i32,
    pub submitted_by: Option<i32>,
    /// The language the trainer wrote in: their mails are in it.
    pub locale: String,
    pub kilometres_tenths: Option<i64>,
    /// Hundredths of a cent per km (`domain::expense_claims::KmRate`).
    pub km_rate: i64,
    pub travel_cents: i64,
    pub material_cents: i64,
    pub total_cents: i64,
    /// `domain::expense_claims::ClaimStatus`'s text.
    pub status: String,
    pub rejection_reason: Option<String>,
    pub decided_by: Option<i32>,
    pub decided_at: Option<DateTimeUtc>,
    pub cost_line_id: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
