//! `organisers` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organisers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub slug: String,
    pub name: String,
    pub short_name: String,
    pub description: String,
    pub email: String,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub enterprise_number: Option<String>,
    pub street: Option<String>,
    pub postcode: Option<String>,
    pub city: Option<String>,
    pub iban: Option<String>,
    /// Its bank's BIC, for the SEPA payment files.
    pub bic: Option<String>,
    pub vat_mode: String,
    /// Who signs the attendance certificates, and as what.
    pub signatory_name: Option<String>,
    pub signatory_function: Option<String>,
    /// Four eyes: whoever approved a cost line may not pay it.
    pub four_eyes: bool,
    /// The kilometre rate of expense claims, in hundredths of a cent per km.
    pub km_rate: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
