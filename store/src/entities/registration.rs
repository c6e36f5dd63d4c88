//! `registrations` table.

use domain::RegistrationStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "registrations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub event_id: i32,
    pub order_id: Option<i32>,
    pub ticket_type_id: i32,
    pub person_id: Option<i32>,
    pub attendee_name: String,
    pub attendee_email: Option<String>,
    pub organisation_id: Option<i32>,
    pub organisation_name: Option<String>,
    pub status: RegistrationStatus,
    pub price_cents: i64,
    pub answers: Option<String>,
    pub offer_expires_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub cancelled_at: Option<DateTimeUtc>,
    pub anonymised_at: Option<DateTimeUtc>,
    /// When the attendance certificate was mailed.
    pub certificate_sent_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
