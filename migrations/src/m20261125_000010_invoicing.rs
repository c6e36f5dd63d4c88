//! Invoicing: each invoice line knows the registration it bills (a
//! cancellation credits exactly that line), and each payment the invoice it
//! settles (an order can get a second invoice when a waitlisted seat is taken).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("invoice_lines"))
                    .add_column(integer_null(Alias::new("registration_id")))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("payments"))
                    .add_column(integer_null(Alias::new("invoice_id")))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_invoice_lines_registration")
                    .table(Alias::new("invoice_lines"))
                    .col(Alias::new("registration_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_payments_invoice")
                    .table(Alias::new("payments"))
                    .col(Alias::new("invoice_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_invoices_organiser")
                    .table(Alias::new("invoices"))
                    .col(Alias::new("organiser_id"))
                    .col(Alias::new("status"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, index) in [
            ("invoices", "idx_invoices_organiser"),
            ("payments", "idx_payments_invoice"),
            ("invoice_lines", "idx_invoice_lines_registration"),
        ] {
            manager.drop_index(Index::drop().name(index).table(Alias::new(table)).to_owned()).await?;
        }
        for (table, column) in [("payments", "invoice_id"), ("invoice_lines", "registration_id")] {
            manager
                .alter_table(Table::alter().table(Alias::new(table)).drop_column(Alias::new(column)).to_owned())
                .await?;
        }
        Ok(())
    }
}
