//! Expense claims (issue 18, point 4): a trainer claims travel and material
//! costs for an activity, with receipts; an admin approves (a cost line is
//! made) or rejects with a reason.
//!
//! - `organisers.km_rate`: the organiser's kilometre rate in hundredths of a
//!   cent per km (4269 is € 0,4269/km, the Belgian federal rate, the default);
//! - `expense_claims`: one claim, with the rate it was computed at, its
//!   travel, material and total amounts in cents, its status, the reason of
//!   a rejection (required by a CHECK), the cost line an approval made
//!   (unique), and the language the trainer wrote in (their mails use it);
//! - `expense_claim_items`: the material items (description, amount);
//! - `expense_receipts`: the receipts' bytes as a blob in the database (one
//!   backup holds everything), with the content type detected from the
//!   bytes, the size and the SHA-256.
//!
//! No cost line category is added: an approved claim is a `trainer` cost.

use crate::fk;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ExpenseClaims {
    Table,
    Id,
    OrganiserId,
    EventId,
    TrainerId,
    SubmittedBy,
    Locale,
    KilometresTenths,
    KmRate,
    TravelCents,
    MaterialCents,
    TotalCents,
    Status,
    RejectionReason,
    DecidedBy,
    DecidedAt,
    CostLineId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ExpenseClaimItems {
    Table,
    Id,
    ClaimId,
    Position,
    Description,
    AmountCents,
}

#[derive(DeriveIden)]
enum ExpenseReceipts {
    Table,
    Id,
    ClaimId,
    FileName,
    ContentType,
    SizeBytes,
    Sha256,
    Content,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("organisers"))
                    .add_column(ColumnDef::new(Alias::new("km_rate")).big_integer().not_null().default(4269))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ExpenseClaims::Table)
                    .col(pk_auto(ExpenseClaims::Id))
                    .col(integer(ExpenseClaims::OrganiserId))
                    .col(integer(ExpenseClaims::EventId))
                    .col(integer(ExpenseClaims::TrainerId))
                    .col(integer_null(ExpenseClaims::SubmittedBy))
                    .col(string_len(ExpenseClaims::Locale, 5).default("nl"))
                    .col(big_integer_null(ExpenseClaims::KilometresTenths))
                    .col(big_integer(ExpenseClaims::KmRate))
                    .col(big_integer(ExpenseClaims::TravelCents))
                    .col(big_integer(ExpenseClaims::MaterialCents))
                    .col(big_integer(ExpenseClaims::TotalCents))
                    .col(string_len(ExpenseClaims::Status, 16).default("submitted"))
                    .col(text_null(ExpenseClaims::RejectionReason))
                    .col(integer_null(ExpenseClaims::DecidedBy))
                    .col(timestamp_with_time_zone_null(ExpenseClaims::DecidedAt))
                    .col(integer_null(ExpenseClaims::CostLineId))
                    .col(timestamp_with_time_zone(ExpenseClaims::CreatedAt))
                    .foreign_key(&mut fk(
                        ExpenseClaims::Table,
                        ExpenseClaims::OrganiserId,
                        Alias::new("organisers"),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        ExpenseClaims::Table,
                        ExpenseClaims::EventId,
                        Alias::new("events"),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        ExpenseClaims::Table,
                        ExpenseClaims::TrainerId,
                        Alias::new("trainers"),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        ExpenseClaims::Table,
                        ExpenseClaims::SubmittedBy,
                        Alias::new("people"),
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        ExpenseClaims::Table,
                        ExpenseClaims::DecidedBy,
                        Alias::new("people"),
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        ExpenseClaims::Table,
                        ExpenseClaims::CostLineId,
                        Alias::new("cost_lines"),
                        ForeignKeyAction::Restrict,
                    ))
                    .check(Expr::col(ExpenseClaims::Status).is_in(["submitted", "approved", "rejected"]))
                    .check(
                        Expr::col(ExpenseClaims::KilometresTenths)
                            .is_null()
                            .or(Expr::col(ExpenseClaims::KilometresTenths).gt(0)),
                    )
                    .check(Expr::col(ExpenseClaims::KmRate).gte(0))
                    .check(Expr::col(ExpenseClaims::TravelCents).gte(0))
                    .check(Expr::col(ExpenseClaims::MaterialCents).gte(0))
                    .check(Expr::col(ExpenseClaims::TotalCents).gt(0))
                    .check(
                        Expr::col(ExpenseClaims::Status)
                            .ne("rejected")
                            .or(Expr::col(ExpenseClaims::RejectionReason).is_not_null()),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, column, unique) in [
            ("idx_expense_claims_organiser", ExpenseClaims::OrganiserId, false),
            ("idx_expense_claims_trainer", ExpenseClaims::TrainerId, false),
            ("idx_expense_claims_event", ExpenseClaims::EventId, false),
            ("idx_expense_claims_cost_line", ExpenseClaims::CostLineId, true),
        ] {
            let mut index = Index::create().name(name).table(ExpenseClaims::Table).col(column).to_owned();
            if unique {
                index.unique();
            }
            manager.create_index(index).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(ExpenseClaimItems::Table)
                    .col(pk_auto(ExpenseClaimItems::Id))
                    .col(integer(ExpenseClaimItems::ClaimId))
                    .col(integer(ExpenseClaimItems::Position))
                    .col(string_len(ExpenseClaimItems::Description, 200))
                    .col(big_integer(ExpenseClaimItems::AmountCents))
                    .foreign_key(&mut fk(
                        ExpenseClaimItems::Table,
                        ExpenseClaimItems::ClaimId,
                        ExpenseClaims::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .check(Expr::col(ExpenseClaimItems::AmountCents).gt(0))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_expense_claim_items_claim")
                    .table(ExpenseClaimItems::Table)
                    .col(ExpenseClaimItems::ClaimId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ExpenseReceipts::Table)
                    .col(pk_auto(ExpenseReceipts::Id))
                    .col(integer(ExpenseReceipts::ClaimId))
                    .col(string_len(ExpenseReceipts::FileName, 100))
                    .col(string_len(ExpenseReceipts::ContentType, 32))
                    .col(big_integer(ExpenseReceipts::SizeBytes))
                    .col(string_len(ExpenseReceipts::Sha256, 64))
                    .col(blob(ExpenseReceipts::Content))
                    .col(timestamp_with_time_zone(ExpenseReceipts::CreatedAt))
                    .foreign_key(&mut fk(
                        ExpenseReceipts::Table,
                        ExpenseReceipts::ClaimId,
                        ExpenseClaims::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .check(Expr::col(ExpenseReceipts::ContentType).is_in([
                        "application/pdf",
                        "image/png",
                        "image/jpeg",
                    ]))
                    .check(Expr::col(ExpenseReceipts::SizeBytes).gt(0))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_expense_receipts_claim")
                    .table(ExpenseReceipts::Table)
                    .col(ExpenseReceipts::ClaimId)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [ExpenseReceipts::Table.into_iden(), ExpenseClaimItems::Table.into_iden()] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        manager.drop_table(Table::drop().table(ExpenseClaims::Table).to_owned()).await?;
        manager
            .alter_table(Table::alter().table(Alias::new("organisers")).drop_column(Alias::new("km_rate")).to_owned())
            .await?;
        Ok(())
    }
}
