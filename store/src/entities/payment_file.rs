//! `payment_files` table: SEPA payment files (pain.001) an organiser made.

use domain::PaymentFileStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "payment_files")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organiser_id: i32,
    pub created_by: Option<i32>,
    pub created_at: DateTimeUtc,
    pub requested_execution_date: Date,
    /// The message id in the file's group header (unique).
    pub msg_id: String,
    pub status: PaymentFileStatus,
    pub transaction_count: i32,
    pub total_cents: i64,
    /// The document as it was downloaded first: every download is the same file.
    pub xml: String,
    pub cancelled_by: Option<i32>,
    pub cancelled_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
