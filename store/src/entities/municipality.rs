//! `municipalities` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "municipalities")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub nis_code: i32,
    pub name_nl: String,
    pub name_fr: String,
    pub province_nis: i32,
    pub arrondissement_nis: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
