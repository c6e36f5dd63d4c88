//! `invoices` table: invoices and credit notes, never edited except for their status.

use domain::InvoiceStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invoices")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organiser_id: i32,
    pub order_id: i32,
    pub document_kind: String,
    pub year: i32,
    pub number: i32,
    pub credited_invoice_id: Option<i32>,
    pub ogm_reference: Option<String>,
    pub issue_date: Date,
    pub due_date: Option<Date>,
    pub service_date: Option<Date>,
    pub customer_name: String,
    pub customer_enterprise_number: Option<String>,
    pub customer_street: Option<String>,
    pub customer_postcode: Option<String>,
    pub customer_city: Option<String>,
    pub customer_reference: Option<String>,
    pub vat_category: String,
    pub vat_rate_basis_points: i32,
    pub total_excl_cents: i64,
    pub vat_cents: i64,
    /// Total with VAT (BT-112): `total_excl_cents + vat_cents`.
    pub total_incl_cents: i64,
    pub status: InvoiceStatus,
    pub paid_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    /// The rounding amount (BT-114): the amount due is `total_incl_cents + rounding_cents`.
    pub rounding_cents: i64,
}

impl Model {
    /// What the invoice asks, or the credit note gives back (BT-115).
    pub fn due(&self) -> domain::Money {
        domain::Money::from_cents(self.total_incl_cents + self.rounding_cents)
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
