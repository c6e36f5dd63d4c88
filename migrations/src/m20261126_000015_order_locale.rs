//! The language the booker used when registering (`orders.locale`: `nl`, `fr`
//! or `en`), so the mails about the order speak it. Orders made before this
//! migration were made in Dutch.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("orders"))
                    .add_column(ColumnDef::new(Alias::new("locale")).string_len(5).not_null().default("nl"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Alias::new("orders")).drop_column(Alias::new("locale")).to_owned())
            .await
    }
}
