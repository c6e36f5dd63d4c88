//! Bounded holds. `orders.hold_client` is the client (an IPv4 address or an
//! IPv6 /64) that placed an order whose seats are held without being paid or
//! confirmed yet, so holds can be limited per client; it is cleared when the
//! hold ends. `orders.confirm_token_hash` and `orders.confirm_by`: a large
//! group booked by someone not signed in waits for the booker's confirmation
//! through the link in their own mail, until `confirm_by` at the latest.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            ColumnDef::new(Alias::new("hold_client")).string_len(64).null().to_owned(),
            ColumnDef::new(Alias::new("confirm_token_hash")).string_len(64).null().to_owned(),
            ColumnDef::new(Alias::new("confirm_by")).timestamp_with_time_zone().null().to_owned(),
        ] {
            // One column per statement: SQLite adds one at a time.
            manager.alter_table(Table::alter().table(Alias::new("orders")).add_column(column).to_owned()).await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("orders_confirm_token_hash")
                    .table(Alias::new("orders"))
                    .col(Alias::new("confirm_token_hash"))
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name("orders_confirm_token_hash").table(Alias::new("orders")).to_owned())
            .await?;
        for column in ["confirm_by", "confirm_token_hash", "hold_client"] {
            manager
                .alter_table(Table::alter().table(Alias::new("orders")).drop_column(Alias::new(column)).to_owned())
                .await?;
        }
        Ok(())
    }
}
