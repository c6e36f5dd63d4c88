//! Leernet's persistence: sea-orm entities and the queries the edges call.
//! Every query takes `&impl ConnectionTrait`, so it runs as well inside a
//! transaction as on the pool.

pub mod accounts;
pub mod api_registrations;
pub mod api_tokens;
pub mod attendance;
mod audit;
pub mod backoffice;
pub mod calendar_feeds;
pub mod catalogue;
pub mod certificates;
pub mod checkin;
pub mod connected_accounts;
pub mod counters;
pub mod door_sync;
pub mod dossier;
pub mod editor;
pub mod entities;
pub mod expense_claims;
pub mod finances;
pub mod finances_export;
pub mod invoices;
pub mod ledger;
pub mod limits;
pub mod mail;
pub mod orders;
pub mod partners;
pub mod payouts;
pub mod people;
pub mod privacy;
pub mod reminders;
pub mod reports;
mod schedule;
pub mod scopes;
pub mod site;
pub mod tickets;
pub mod time;
pub mod trainer_fees;
pub mod write;

pub use write::WriteTransaction;

use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbErr};
use std::time::Duration;

pub use sea_orm::DatabaseConnection as Db;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Db(#[from] DbErr),
    /// A stored value no longer parses as a domain value: a bug or a manual edit.
    #[error("corrupt row in {table} (id {id}): {reason}")]
    Corrupt { table: &'static str, id: i64, reason: String },
}

impl StoreError {
    pub(crate) fn corrupt(table: &'static str, id: impl Into<i64>, reason: impl ToString) -> Self {
        StoreError::Corrupt { table, id: id.into(), reason: reason.to_string() }
    }
}

/// Opens the pool. SQLite files are created when missing and every connection
/// runs in WAL mode, so readers never wait for the writer, with
/// `synchronous = NORMAL`: in WAL mode that cannot corrupt the database, and
/// it spares one fsync per commit (a power cut may lose the last commits,
/// never half of one). Foreign keys are on for every connection (sqlx's default).
/// No commit checkpoints the log: see [`write`].
pub async fn connect(url: &str, max_connections: u32) -> Result<DatabaseConnection, DbErr> {
    let url = if url.starts_with("sqlite:") && !url.contains("mode=") && !url.contains(":memory:") {
        let sep = if url.contains('?') { '&' } else { '?' };
        format!("{url}{sep}mode=rwc")
    } else {
        url.to_string()
    };
    let mut options = ConnectOptions::new(url);
    options
        .max_connections(max_connections)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(30))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|sqlite| {
            use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
            sqlite
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                // The server checkpoints in the background (`write::checkpoint`);
                // the last connection to close checkpoints too.
                .pragma("wal_autocheckpoint", "0")
        });
    Database::connect(options).await
}

/// Starts a transaction that will write. On SQLite it waits for this
/// process's turn at the file ([`write`]) and then takes the write lock at
/// once (`BEGIN IMMEDIATE`): a transaction that reads first and writes later
/// would otherwise fail with "database is locked" when another writer went
/// first, instead of waiting its turn. PostgreSQL ignores both.
pub async fn begin_write(db: &DatabaseConnection) -> Result<WriteTransaction, DbErr> {
    use sea_orm::{SqliteTransactionMode, TransactionOptions, TransactionTrait};
    let turn = write::turn(db).await;
    let txn = db
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await?;
    Ok(WriteTransaction::new(txn, turn))
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// Whether the database has no organisers yet (demo data is only ever loaded then).
pub async fn is_empty(db: &impl ConnectionTrait) -> Result<bool, DbErr> {
    use sea_orm::{EntityTrait, PaginatorTrait};
    Ok(entities::organiser::Entity::find().count(db).await? == 0)
}
