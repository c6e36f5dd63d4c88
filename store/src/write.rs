//! Write transactions that take turns.
//!
//! SQLite lets one connection write a file at a time. A connection that finds
//! the file locked sleeps in SQLite's busy handler (1, 2, 5, 10, 15 … ms) and
//! tries again, so two doors scanning at once could cost the second one 8 ms
//! for a write that takes a tenth of that. Writers of this process therefore
//! queue for their file here, in arrival order, and each starts the moment
//! the one before it commits. Other processes on the same file (a backup, a
//! second server) still meet the busy handler, as before.
//!
//! PostgreSQL locks rows, not the database: its writers need no turn.
//!
//! Commits append to the write-ahead log; copying the log back into the file
//! (a checkpoint) flushes the disk. SQLite would do that inside whichever
//! commit crosses 1000 pages of log, and that request and every writer queued
//! behind it would wait for the flush. [`crate::connect`] turns that off and
//! the server calls [`checkpoint`] every second instead.

use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, ExecResult, QueryResult, Statement,
};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock, Mutex};
use tokio::sync::OwnedMutexGuard;

/// One queue per SQLite file in this process.
static QUEUES: LazyLock<Mutex<HashMap<PathBuf, Arc<tokio::sync::Mutex<()>>>>> = LazyLock::new(Default::default);

/// A turn at writing `db`'s file, held until it is dropped; `None` on
/// PostgreSQL, where writers do not wait for each other's transactions.
pub async fn turn(db: &DatabaseConnection) -> Option<OwnedMutexGuard<()>> {
    if db.get_database_backend() != DbBackend::Sqlite {
        return None;
    }
    let file = db.get_sqlite_connection_pool().connect_options().get_filename().to_path_buf();
    let queue = {
        // A poisoned map still holds good queues: nothing panics while holding it.
        let mut queues = QUEUES.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        queues.entry(file).or_default().clone()
    };
    // tokio's mutex is fair: waiters get the lock in the order they asked.
    Some(queue.lock_owned().await)
}

/// A transaction that will write, holding its turn (see the module) until it
/// commits or is dropped. Use it like a `DatabaseTransaction`.
pub struct WriteTransaction {
    // Declared first, so a transaction dropped without commit starts its
    // rollback before the turn passes on.
    txn: DatabaseTransaction,
    _turn: Option<OwnedMutexGuard<()>>,
}

impl WriteTransaction {
    pub(crate) fn new(txn: DatabaseTransaction, turn: Option<OwnedMutexGuard<()>>) -> Self {
        WriteTransaction { txn, _turn: turn }
    }

    pub async fn commit(self) -> Result<(), DbErr> {
        self.txn.commit().await
    }

    pub async fn rollback(self) -> Result<(), DbErr> {
        self.txn.rollback().await
    }
}

#[async_trait::async_trait]
impl ConnectionTrait for WriteTransaction {
    fn get_database_backend(&self) -> DbBackend {
        self.txn.get_database_backend()
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.txn.execute_raw(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.txn.execute_unprepared(sql).await
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.txn.query_one_raw(stmt).await
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.txn.query_all_raw(stmt).await
    }

    fn support_returning(&self) -> bool {
        self.txn.support_returning()
    }
}

/// Copies the write-ahead log back into the SQLite file. Passive: writers
/// and readers go on meanwhile, and log still in use by a reader is copied
/// the next time. Nothing to do on PostgreSQL.
pub async fn checkpoint(db: &DatabaseConnection) -> Result<(), DbErr> {
    if db.get_database_backend() == DbBackend::Sqlite {
        db.execute_unprepared("PRAGMA wal_checkpoint(PASSIVE)").await?;
    }
    Ok(())
}
