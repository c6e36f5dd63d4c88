//! `orders` table.

use domain::{OrderStatus, PaymentMethod};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "orders")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organiser_id: i32,
    pub event_id: i32,
    #[sea_orm(unique)]
    pub reference: String,
    pub buyer_person_id: Option<i32>,
    pub billing_organisation_id: Option<i32>,
    pub payment_method: PaymentMethod,
    pub status: OrderStatus,
    pub total_cents: i64,
    pub po_reference: Option<String>,
    pub idempotency_key: Option<String>,
    /// SHA-256 of the API request that created the order (with `idempotency_key`).
    pub request_hash: Option<String>,
    pub hold_expires_at: Option<DateTimeUtc>,
    pub buyer_name: Option<String>,
    pub buyer_email: Option<String>,
    pub billing_name: Option<String>,
    pub billing_enterprise_number: Option<String>,
    /// Group modules: how many clients the organisation brings.
    pub group_size: Option<i32>,
    /// Group modules: the dates the organisation asked for (JSON list of ISO dates).
    pub requested_dates: Option<String>,
    pub checkout_session_id: Option<String>,
    pub checkout_url: Option<String>,
    pub payment_token: Option<String>,
    pub payment_flag: Option<String>,
    /// The language the booker registered in (`nl`, `fr`, `en`): the order's mails speak it.
    pub locale: String,
    /// The client (IPv4 address or IPv6 /64) holding seats not yet paid or
    /// confirmed; cleared when the hold ends.
    pub hold_client: Option<String>,
    /// SHA-256 of the link a large group's booker confirms with.
    pub confirm_token_hash: Option<String>,
    /// Until when the group waits for that confirmation; `None` once confirmed.
    pub confirm_by: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
