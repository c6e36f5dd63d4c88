//! Who booked an order and whom to invoice, as typed: the booker need not have
//! an account, and the paying organisation need not be in the directory.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

const COLUMNS: [&str; 4] = ["buyer_name", "buyer_email", "billing_name", "billing_enterprise_number"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        for column in COLUMNS {
            let definition = if column == "billing_enterprise_number" {
                string_len_null(Alias::new(column), 10)
            } else {
                string_null(Alias::new(column))
            };
            manager.alter_table(Table::alter().table(Alias::new("orders")).add_column(definition).to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in COLUMNS {
            manager
                .alter_table(Table::alter().table(Alias::new("orders")).drop_column(Alias::new(column)).to_owned())
                .await?;
        }
        Ok(())
    }
}
