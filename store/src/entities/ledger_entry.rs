//! `ledger_entries` table: the organiser's money events, written once (see `domain::ledger`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ledger_entries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organiser_id: i32,
    pub event_id: Option<i32>,
    /// `domain::ledger::EntryKind::code`.
    pub kind: String,
    /// Signed: positive is owed to or received by the organiser.
    pub amount_cents: i64,
    /// `domain::ledger::DocumentKind::code`.
    pub document_kind: String,
    pub document_id: i32,
    /// `domain::ledger::Source::reference`: unique with `kind`.
    pub reference: String,
    /// The entry a correction corrects.
    pub corrects_id: Option<i32>,
    /// Stripe's id for it (payment intent, refund, balance transaction, transfer) or a bank reference.
    pub external_reference: Option<String>,
    /// The person who did it, when a person did.
    pub actor_id: Option<i32>,
    pub occurred_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
