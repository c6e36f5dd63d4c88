//! `trainers` table.

use domain::{ConnectStatus, VatStatus};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "trainers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organiser_id: i32,
    pub full_name: String,
    pub affiliation: Option<String>,
    pub email: Option<String>,
    pub bio: Option<String>,
    pub created_at: DateTimeUtc,
    /// What it takes to pay them by bank transfer (`domain::trainers::PaymentDetails`).
    pub street: Option<String>,
    pub postcode: Option<String>,
    pub city: Option<String>,
    pub iban: Option<String>,
    pub bic: Option<String>,
    pub vat_status: Option<VatStatus>,
    pub enterprise_number: Option<String>,
    /// Stripe Connect (`domain::connect`): the trainer's Express account and where it stands.
    pub stripe_account: Option<String>,
    pub stripe_status: Option<ConnectStatus>,
    pub stripe_ready_at: Option<DateTimeUtc>,
    pub stripe_synced_at: Option<DateTimeUtc>,
    pub stripe_link_token: Option<String>,
    pub stripe_link_sent_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
