//! A registration may be `unconfirmed`: a seat held for a large group until
//! its booker confirms through the link in their own mail.
//!
//! The status CHECK constraint gains that value. PostgreSQL replaces the
//! constraint. SQLite cannot alter a CHECK constraint; rebuilding
//! `registrations` would mean rebuilding every table that points at it, so
//! the table's definition is edited in place, SQLite's documented way for a
//! change that leaves the stored rows valid (a constraint that only allows
//! more): `writable_schema`, then a new schema version so every connection
//! reads the new definition.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};

#[derive(DeriveMigrationName)]
pub struct Migration;

const OLD: &str = "'pending_payment', 'confirmed'";
const NEW: &str = "'pending_payment', 'unconfirmed', 'confirmed'";
const STATUSES: &str = "'pending_payment', 'unconfirmed', 'confirmed', 'waitlisted', 'offered', 'cancelled'";
const STATUSES_BEFORE: &str = "'pending_payment', 'confirmed', 'waitlisted', 'offered', 'cancelled'";

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
            "UPDATE sqlite_master SET sql = replace(sql, $1, $2) WHERE type = 'table' AND name = 'registrations'",
            [from.into(), to.into()],
        ))
        .await;
    db.execute_unprepared("PRAGMA writable_schema = OFF").await?;
    edited?;
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
                 WHERE conrelid = 'registrations'::regclass AND contype = 'c' \
                 AND pg_get_constraintdef(oid) LIKE '%pending_payment%' LOOP \
                 EXECUTE format('ALTER TABLE registrations DROP CONSTRAINT %I', c); \
               END LOOP; END $$; \
             ALTER TABLE registrations ADD CONSTRAINT registrations_status_check CHECK (status IN ({statuses}))"
        ))
        .await?;
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// One transaction on every backend: SQLite's schema edit and its new
    /// version must happen on one connection, all or nothing.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        match manager.get_database_backend() {
            DbBackend::Sqlite => sqlite_check(manager, OLD, NEW).await,
            _ => postgres_check(manager, STATUSES).await,
        }
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        match manager.get_database_backend() {
            DbBackend::Sqlite => sqlite_check(manager, NEW, OLD).await,
            _ => postgres_check(manager, STATUSES_BEFORE).await,
        }
    }
}
