//! Paying trainers by bank transfer with SEPA payment files (pain.001):
//!
//! - `trainers` gains what it takes to pay one: address, IBAN, BIC, VAT
//!   status and enterprise number (all optional);
//! - `organisers` gains its bank's BIC (the IBAN it had);
//! - `cost_lines.status` may be `sent_to_bank`: in an open payment file;
//! - `payment_files` (one pain.001 document, its XML kept so a second download
//!   is the same file) and `payment_file_lines` (per cost line: the amount and
//!   account it went out with, and its end-to-end id). `live_cost_line_id` is
//!   the cost line while its file is not cancelled, NULL after: its unique
//!   index keeps a line in one live file, whatever two admins click at once.
//!
//! The status CHECK constraint is changed as `m20261207_000031` did it:
//! PostgreSQL replaces it, SQLite's table definition is edited in place (the
//! constraint only allows more, so the stored rows stay valid).

use crate::fk;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

const TRAINER_TEXTS: [(&str, u32); 6] =
    [("street", 200), ("postcode", 16), ("city", 100), ("iban", 34), ("bic", 11), ("enterprise_number", 10)];

/// The statuses as `m20261209_000410_cost_line_approval` left them, and with "sent to the bank".
const OLD: &str = "IN ('planned', 'approved', 'paying_out', 'paid')";
const NEW: &str = "IN ('planned', 'approved', 'paying_out', 'sent_to_bank', 'paid')";

#[derive(DeriveIden)]
enum PaymentFiles {
    Table,
    Id,
    OrganiserId,
    CreatedBy,
    CreatedAt,
    RequestedExecutionDate,
    MsgId,
    Status,
    TransactionCount,
    TotalCents,
    Xml,
    CancelledBy,
    CancelledAt,
}

#[derive(DeriveIden)]
enum PaymentFileLines {
    Table,
    Id,
    FileId,
    CostLineId,
    LiveCostLineId,
    AmountCents,
    PayeeName,
    Iban,
    Bic,
    EndToEndId,
}

async fn sqlite_check(manager: &SchemaManager<'_>, from: &str, to: &str) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let version = db
        .query_one_raw(Statement::from_string(DbBackend::Sqlite, "PRAGMA schema_version"))
        .await?
        .ok_or_else(|| DbErr::Custom("no schema version".into()))?
        .try_get_by_index::<i64>(0)?;
    db.execute_unprepared("PRAGMA writable_schema = ON").await?;
    let edited = db
        .execute_raw(Statement::from_sql_and_values(
            DbBackend::Sqlite,
            "UPDATE sqlite_master SET sql = replace(sql, $1, $2) \
             WHERE type = 'table' AND name = 'cost_lines' AND instr(sql, $1) > 0",
            [from.into(), to.into()],
        ))
        .await;
    db.execute_unprepared("PRAGMA writable_schema = OFF").await?;
    if edited?.rows_affected() != 1 {
        return Err(DbErr::Custom("cost_lines' status constraint is not the one expected".into()));
    }
    db.execute_unprepared(&format!("PRAGMA schema_version = {}", version + 1)).await?;
    Ok(())
}

async fn postgres_check(manager: &SchemaManager<'_>, statuses: &str) -> Result<(), DbErr> {
    // The constraint's name was chosen by PostgreSQL; find it by what it checks.
    manager
        .get_connection()
        .execute_unprepared(&format!(
            "DO $$ DECLARE c text; BEGIN \
               FOR c IN SELECT conname FROM pg_constraint \
                 WHERE conrelid = 'cost_lines'::regclass AND contype = 'c' \
                 AND pg_get_constraintdef(oid) LIKE '%planned%' LOOP \
                 EXECUTE format('ALTER TABLE cost_lines DROP CONSTRAINT %I', c); \
               END LOOP; END $$; \
             ALTER TABLE cost_lines ADD CONSTRAINT cost_lines_status_check CHECK (status {statuses})"
        ))
        .await?;
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// One transaction: SQLite's schema edit and its new version must happen
    /// on one connection, all or nothing.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (column, length) in TRAINER_TEXTS {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new("trainers"))
                        .add_column(ColumnDef::new(Alias::new(column)).string_len(length).null())
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("trainers"))
                    .add_column(
                        ColumnDef::new(Alias::new("vat_status"))
                            .string_len(16)
                            .null()
                            .check(Expr::col(Alias::new("vat_status")).is_in(["liable", "exempt", "not_a_business"])),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("organisers"))
                    .add_column(ColumnDef::new(Alias::new("bic")).string_len(11).null())
                    .to_owned(),
            )
            .await?;
        match manager.get_database_backend() {
            DbBackend::Sqlite => sqlite_check(manager, OLD, NEW).await?,
            _ => postgres_check(manager, NEW).await?,
        }

        manager
            .create_table(
                Table::create()
                    .table(PaymentFiles::Table)
                    .col(pk_auto(PaymentFiles::Id))
                    .col(integer(PaymentFiles::OrganiserId))
                    .col(integer_null(PaymentFiles::CreatedBy))
                    .col(timestamp_with_time_zone(PaymentFiles::CreatedAt))
                    .col(date(PaymentFiles::RequestedExecutionDate))
                    .col(string_len(PaymentFiles::MsgId, 35))
                    .col(string_len(PaymentFiles::Status, 16).default("open"))
                    .col(integer(PaymentFiles::TransactionCount))
                    .col(big_integer(PaymentFiles::TotalCents))
                    .col(text(PaymentFiles::Xml))
                    .col(integer_null(PaymentFiles::CancelledBy))
                    .col(timestamp_with_time_zone_null(PaymentFiles::CancelledAt))
                    .foreign_key(&mut fk(
                        PaymentFiles::Table,
                        PaymentFiles::OrganiserId,
                        Alias::new("organisers"),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        PaymentFiles::Table,
                        PaymentFiles::CreatedBy,
                        Alias::new("people"),
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        PaymentFiles::Table,
                        PaymentFiles::CancelledBy,
                        Alias::new("people"),
                        ForeignKeyAction::SetNull,
                    ))
                    .check(Expr::col(PaymentFiles::Status).is_in(["open", "cancelled"]))
                    .check(Expr::col(PaymentFiles::TransactionCount).gt(0))
                    .check(Expr::col(PaymentFiles::TotalCents).gt(0))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_payment_files_msg_id")
                    .table(PaymentFiles::Table)
                    .col(PaymentFiles::MsgId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_payment_files_organiser")
                    .table(PaymentFiles::Table)
                    .col(PaymentFiles::OrganiserId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PaymentFileLines::Table)
                    .col(pk_auto(PaymentFileLines::Id))
                    .col(integer(PaymentFileLines::FileId))
                    .col(integer(PaymentFileLines::CostLineId))
                    .col(integer_null(PaymentFileLines::LiveCostLineId))
                    .col(big_integer(PaymentFileLines::AmountCents))
                    .col(string(PaymentFileLines::PayeeName))
                    .col(string_len(PaymentFileLines::Iban, 34))
                    .col(string_len_null(PaymentFileLines::Bic, 11))
                    .col(string_len(PaymentFileLines::EndToEndId, 35))
                    .foreign_key(&mut fk(
                        PaymentFileLines::Table,
                        PaymentFileLines::FileId,
                        PaymentFiles::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        PaymentFileLines::Table,
                        PaymentFileLines::CostLineId,
                        Alias::new("cost_lines"),
                        ForeignKeyAction::Restrict,
                    ))
                    .check(Expr::col(PaymentFileLines::AmountCents).gt(0))
                    .check(
                        Expr::col(PaymentFileLines::LiveCostLineId)
                            .is_null()
                            .or(Expr::col(PaymentFileLines::LiveCostLineId).eq(Expr::col(PaymentFileLines::CostLineId))),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_payment_file_lines_live", PaymentFileLines::LiveCostLineId),
            ("idx_payment_file_lines_end_to_end", PaymentFileLines::EndToEndId),
        ] {
            manager
                .create_index(Index::create().name(name).table(PaymentFileLines::Table).col(column).unique().to_owned())
                .await?;
        }
        for (name, column) in [
            ("idx_payment_file_lines_file", PaymentFileLines::FileId),
            ("idx_payment_file_lines_cost_line", PaymentFileLines::CostLineId),
        ] {
            manager
                .create_index(Index::create().name(name).table(PaymentFileLines::Table).col(column).to_owned())
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(PaymentFileLines::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(PaymentFiles::Table).to_owned()).await?;
        // Lines sent to the bank are approved again for the old constraint.
        manager
            .get_connection()
            .execute_unprepared("UPDATE cost_lines SET status = 'approved' WHERE status = 'sent_to_bank'")
            .await?;
        match manager.get_database_backend() {
            DbBackend::Sqlite => sqlite_check(manager, NEW, OLD).await?,
            _ => postgres_check(manager, OLD).await?,
        }
        manager
            .alter_table(Table::alter().table(Alias::new("organisers")).drop_column(Alias::new("bic")).to_owned())
            .await?;
        for column in TRAINER_TEXTS.iter().map(|(c, _)| *c).chain(["vat_status"]) {
            manager
                .alter_table(Table::alter().table(Alias::new("trainers")).drop_column(Alias::new(column)).to_owned())
                .await?;
        }
        Ok(())
    }
}
