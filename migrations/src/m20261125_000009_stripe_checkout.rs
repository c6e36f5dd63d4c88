//! Paying online with Stripe Checkout. An order paid online remembers its
//! Checkout Session (id and hosted page) and carries a secret token for the
//! payer's success and cancel pages; an order whose payment does not add up is
//! flagged for the organiser instead of confirmed. Refunds are recorded per
//! registration, with the idempotency key sent to Stripe, before the call is
//! made, so a failed or interrupted call is retried with the same key.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Orders {
    Table,
    CheckoutSessionId,
    CheckoutUrl,
    PaymentToken,
    PaymentFlag,
}

#[derive(DeriveIden)]
enum Payments {
    Table,
    RegistrationId,
    IdempotencyKey,
    Failure,
}

// SQLite adds one column per ALTER TABLE statement.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            string_len_null(Orders::CheckoutSessionId, 255),
            text_null(Orders::CheckoutUrl),
            string_len_null(Orders::PaymentToken, 64),
            string_len_null(Orders::PaymentFlag, 32),
        ] {
            let mut column = column;
            manager.alter_table(Table::alter().table(Orders::Table).add_column(&mut column).to_owned()).await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("uq_orders_checkout_session")
                    .table(Orders::Table)
                    .col(Orders::CheckoutSessionId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_orders_payment_token")
                    .table(Orders::Table)
                    .col(Orders::PaymentToken)
                    .unique()
                    .to_owned(),
            )
            .await?;
        for column in [
            integer_null(Payments::RegistrationId),
            string_len_null(Payments::IdempotencyKey, 128),
            text_null(Payments::Failure),
        ] {
            let mut column = column;
            manager.alter_table(Table::alter().table(Payments::Table).add_column(&mut column).to_owned()).await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("uq_payments_idempotency_key")
                    .table(Payments::Table)
                    .col(Payments::IdempotencyKey)
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("uq_payments_idempotency_key").table(Payments::Table).to_owned()).await?;
        for column in [Payments::RegistrationId, Payments::IdempotencyKey, Payments::Failure] {
            manager.alter_table(Table::alter().table(Payments::Table).drop_column(column).to_owned()).await?;
        }
        manager.drop_index(Index::drop().name("uq_orders_payment_token").table(Orders::Table).to_owned()).await?;
        manager.drop_index(Index::drop().name("uq_orders_checkout_session").table(Orders::Table).to_owned()).await?;
        for column in [Orders::CheckoutSessionId, Orders::CheckoutUrl, Orders::PaymentToken, Orders::PaymentFlag] {
            manager.alter_table(Table::alter().table(Orders::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
