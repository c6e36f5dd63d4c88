//! The organiser's ledger (`domain::ledger`): `ledger_entries`, one row per
//! money event (an invoice, a credit note, a payment, a refund, a Stripe fee,
//! a cost approval, a payout, a correction), never changed or removed.
//!
//! - `amount_cents` is signed as `domain::ledger` says: positive is money owed
//!   to or received by the organiser, negative what it owes or pays.
//! - `(kind, reference)` is unique: the same event of the same document
//!   (`invoice:12`, `payment:4`, `cost_line:7#2`) cannot be recorded twice,
//!   so recording is idempotent (a retried webhook, a backfill run again).
//! - No foreign keys: the ledger outlives what it refers to (an erased
//!   person, a removed draft), and a cascade would have to change it.
//! - A trigger on each database refuses UPDATE and DELETE.
//!
//! Existing rows get their entries from `store::ledger::backfill`, which the
//! server runs at start (idempotent, by the unique key).

use sea_orm_migration::sea_orm::DbBackend;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum LedgerEntries {
    Table,
    Id,
    OrganiserId,
    EventId,
    Kind,
    AmountCents,
    DocumentKind,
    DocumentId,
    Reference,
    CorrectsId,
    ExternalReference,
    ActorId,
    OccurredAt,
    CreatedAt,
}

const KINDS: [&str; 9] = [
    "invoice",
    "credit_note",
    "invoice_payment",
    "online_payment",
    "refund",
    "stripe_fee",
    "cost_approval",
    "payout",
    "correction",
];

const REFUSAL: &str = "ledger entries are never changed or removed";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LedgerEntries::Table)
                    .col(pk_auto(LedgerEntries::Id))
                    .col(integer(LedgerEntries::OrganiserId))
                    .col(integer_null(LedgerEntries::EventId))
                    .col(string_len(LedgerEntries::Kind, 24))
                    .col(big_integer(LedgerEntries::AmountCents))
                    .col(string_len(LedgerEntries::DocumentKind, 16))
                    .col(integer(LedgerEntries::DocumentId))
                    .col(string_len(LedgerEntries::Reference, 64))
                    .col(integer_null(LedgerEntries::CorrectsId))
                    .col(string_len_null(LedgerEntries::ExternalReference, 255))
                    .col(integer_null(LedgerEntries::ActorId))
                    .col(timestamp_with_time_zone(LedgerEntries::OccurredAt))
                    .col(timestamp_with_time_zone(LedgerEntries::CreatedAt))
                    .check(Expr::col(LedgerEntries::Kind).is_in(KINDS))
                    .check(Expr::col(LedgerEntries::DocumentKind).is_in(["invoice", "payment", "cost_line"]))
                    // Only a correction names the entry it corrects, and it must.
                    .check(
                        Expr::col(LedgerEntries::Kind)
                            .eq("correction")
                            .and(Expr::col(LedgerEntries::CorrectsId).is_not_null())
                            .or(Expr::col(LedgerEntries::Kind)
                                .ne("correction")
                                .and(Expr::col(LedgerEntries::CorrectsId).is_null())),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_ledger_entries_source")
                    .table(LedgerEntries::Table)
                    .col(LedgerEntries::Kind)
                    .col(LedgerEntries::Reference)
                    .unique()
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            ("idx_ledger_entries_organiser_period", [LedgerEntries::OrganiserId, LedgerEntries::OccurredAt]),
            ("idx_ledger_entries_event", [LedgerEntries::EventId, LedgerEntries::Kind]),
            ("idx_ledger_entries_document", [LedgerEntries::DocumentKind, LedgerEntries::DocumentId]),
        ] {
            let mut index = Index::create();
            index.name(name).table(LedgerEntries::Table);
            for column in columns {
                index.col(column);
            }
            manager.create_index(index.to_owned()).await?;
        }
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Sqlite => {
                for (name, on) in [("ledger_entries_no_update", "UPDATE"), ("ledger_entries_no_delete", "DELETE")] {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {name} BEFORE {on} ON ledger_entries \
                         BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
                    ))
                    .await?;
                }
            }
            _ => {
                db.execute_unprepared(&format!(
                    "CREATE FUNCTION ledger_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ \
                     BEGIN RAISE EXCEPTION '{REFUSAL}'; END $$"
                ))
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries \
                     FOR EACH ROW EXECUTE FUNCTION ledger_entries_append_only()",
                )
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(LedgerEntries::Table).to_owned()).await?;
        if manager.get_database_backend() == DbBackend::Postgres {
            manager.get_connection().execute_unprepared("DROP FUNCTION IF EXISTS ledger_entries_append_only()").await?;
        }
        Ok(())
    }
}
