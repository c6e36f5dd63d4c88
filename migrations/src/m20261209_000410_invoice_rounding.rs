//! An invoice's rounding amount (EN 16931 BT-114, `invoices.rounding_cents`):
//! what brings its amount due from the computed total with VAT
//! (`total_incl_cents`) to the VAT-inclusive prices the participants were
//! shown. The amount due is `total_incl_cents + rounding_cents`. Documents
//! issued before carry 0: they asked their total with VAT.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("invoices"))
                    .add_column(ColumnDef::new(Alias::new("rounding_cents")).big_integer().not_null().default(0))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter().table(Alias::new("invoices")).drop_column(Alias::new("rounding_cents")).to_owned(),
            )
            .await
    }
}
