//! `payments` table: money in (kind `payment`) and out (kind `refund`).

use domain::{PaymentKind, PaymentProvider, PaymentStatus};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "payments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub order_id: i32,
    pub provider: PaymentProvider,
    pub kind: PaymentKind,
    /// Stripe: the payment intent (payment) or the refund id (refund).
    pub provider_reference: Option<String>,
    pub amount_cents: i64,
    pub status: PaymentStatus,
    pub settled_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    /// The registration a refund is for.
    pub registration_id: Option<i32>,
    /// The key sent to the provider with the call that moves the money.
    pub idempotency_key: Option<String>,
    /// Why the last call failed (a refund is retried).
    pub failure: Option<String>,
    /// The invoice a bank transfer or manual payment settles.
    pub invoice_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
