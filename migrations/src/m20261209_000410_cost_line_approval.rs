//! Paid is final; approval fixes the amount (issue 18).
//!
//! `cost_lines` gains who approved a line, when, and the amount approved
//! (`approved_by`, `approved_at`, `approved_cents`); who marked it paid
//! (`paid_by`); the line a correction corrects (`corrects_line_id`: a
//! correction of a paid line is a new line, never an edit); and when a
//! payout through Stripe was started (`payout_started_at`), for the new
//! status `paying_out` that holds a line while Stripe is asked.
//! `organisers.four_eyes` (off by default): when on, whoever approved a line
//! may not pay it.
//!
//! The CHECK constraints change: the status may be `paying_out`, and a
//! correction's amounts may be negative (money that comes back). PostgreSQL
//! replaces the constraints; SQLite's table definition is edited in place,
//! as in `m20261207_000031_unconfirmed_status` (the new constraints only
//! allow more, so the stored rows stay valid).
//!
//! Lines approved or paid before this migration count as approved at their
//! actual amount, when they were created, by nobody known.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Text replacements in SQLite's definition of `cost_lines` (old, new).
const SQLITE_EDITS: [(&str, &str); 3] = [
    ("'approved', 'paid'", "'approved', 'paying_out', 'paid'"),
    ("\"budget_cents\" >= 0", "\"budget_cents\" >= 0 OR \"corrects_line_id\" IS NOT NULL"),
    ("\"actual_cents\" >= 0", "\"actual_cents\" >= 0 OR \"corrects_line_id\" IS NOT NULL"),
];

async fn sqlite_edit(manager: &SchemaManager<'_>, up: bool) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let version = db
        .query_one_raw(Statement::from_string(DbBackend::Sqlite, "PRAGMA schema_version"))
        .await?
        .ok_or_else(|| DbErr::Custom("no schema version".into()))?
        .try_get_by_index::<i64>(0)?;
    db.execute_unprepared("PRAGMA writable_schema = ON").await?;
    let mut edited = Ok(());
    for (old, new) in SQLITE_EDITS {
        let (from, to) = if up { (old, new) } else { (new, old) };
        let result = db
            .execute_raw(Statement::from_sql_and_values(
                DbBackend::Sqlite,
                "UPDATE sqlite_master SET sql = replace(sql, $1, $2) WHERE type = 'table' AND name = 'cost_lines'",
                [from.into(), to.into()],
            ))
            .await;
        if let Err(e) = result {
            edited = Err(e);
            break;
        }
    }
    db.execute_unprepared("PRAGMA writable_schema = OFF").await?;
    edited?;
    db.execute_unprepared(&format!("PRAGMA schema_version = {}", version + 1)).await?;
    Ok(())
}

async fn postgres_checks(manager: &SchemaManager<'_>, up: bool) -> Result<(), DbErr> {
    let (statuses, correction) = if up {
        ("'planned', 'approved', 'paying_out', 'paid'", " OR corrects_line_id IS NOT NULL")
    } else {
        ("'planned', 'approved', 'paid'", "")
    };
    // The constraints' names were chosen by PostgreSQL; find them by what they check.
    manager
        .get_connection()
        .execute_unprepared(&format!(
            "DO $$ DECLARE c text; BEGIN \
               FOR c IN SELECT conname FROM pg_constraint \
                 WHERE conrelid = 'cost_lines'::regclass AND contype = 'c' \
                 AND (pg_get_constraintdef(oid) LIKE '%planned%' \
                   OR pg_get_constraintdef(oid) LIKE '%budget_cents%' \
                   OR pg_get_constraintdef(oid) LIKE '%actual_cents%') LOOP \
                 EXECUTE format('ALTER TABLE cost_lines DROP CONSTRAINT %I', c); \
               END LOOP; END $$; \
             ALTER TABLE cost_lines ADD CONSTRAINT cost_lines_status_check CHECK (status IN ({statuses})); \
             ALTER TABLE cost_lines ADD CONSTRAINT cost_lines_budget_check CHECK (budget_cents >= 0{correction}); \
             ALTER TABLE cost_lines ADD CONSTRAINT cost_lines_actual_check \
               CHECK (actual_cents IS NULL OR actual_cents >= 0{correction})"
        ))
        .await?;
    Ok(())
}

fn column(name: &str) -> ColumnDef {
    ColumnDef::new(Alias::new(name)).to_owned()
}

/// The new columns of `cost_lines`, one per statement (SQLite alters a table a column at a time).
fn cost_line_columns() -> Vec<ColumnDef> {
    vec![
        column("approved_by").integer().null().to_owned(),
        column("approved_at").timestamp_with_time_zone().null().to_owned(),
        column("approved_cents").big_integer().null().to_owned(),
        column("paid_by").integer().null().to_owned(),
        column("corrects_line_id").integer().null().to_owned(),
        column("payout_started_at").timestamp_with_time_zone().null().to_owned(),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// One transaction on every backend: SQLite's schema edit and its new
    /// version must happen on one connection, all or nothing.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for mut def in cost_line_columns() {
            manager.alter_table(Table::alter().table(Alias::new("cost_lines")).add_column(&mut def).to_owned()).await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("organisers"))
                    .add_column(column("four_eyes").boolean().not_null().default(false))
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE cost_lines SET approved_cents = actual_cents, approved_at = created_at \
                 WHERE status IN ('approved', 'paid') AND actual_cents IS NOT NULL",
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_cost_lines_corrects")
                    .table(Alias::new("cost_lines"))
                    .col(Alias::new("corrects_line_id"))
                    .to_owned(),
            )
            .await?;
        match manager.get_database_backend() {
            DbBackend::Sqlite => sqlite_edit(manager, true).await,
            _ => postgres_checks(manager, true).await,
        }
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Lines that only the new rules allow go first: corrections and payouts in progress.
        let db = manager.get_connection();
        db.execute_unprepared("DELETE FROM cost_lines WHERE corrects_line_id IS NOT NULL").await?;
        db.execute_unprepared("UPDATE cost_lines SET status = 'approved' WHERE status = 'paying_out'").await?;
        match manager.get_database_backend() {
            DbBackend::Sqlite => sqlite_edit(manager, false).await?,
            _ => postgres_checks(manager, false).await?,
        }
        manager
            .drop_index(Index::drop().name("idx_cost_lines_corrects").table(Alias::new("cost_lines")).to_owned())
            .await?;
        manager
            .alter_table(Table::alter().table(Alias::new("organisers")).drop_column(Alias::new("four_eyes")).to_owned())
            .await?;
        for def in cost_line_columns().into_iter().rev() {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new("cost_lines"))
                        .drop_column(Alias::new(def.get_column_name()))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
