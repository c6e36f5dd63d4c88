//! `leernet-server backup FILE` and `leernet-server restore FILE [--force]`.
//!
//! SQLite: the backup is `VACUUM INTO`, one read transaction, so it is a
//! consistent copy while the server keeps serving (WAL mode lets writers go
//! on). The restore checks the file is a sound Leernet database whose
//! migrations this build knows, then puts it in place of the configured
//! database; stop the server first. PostgreSQL has its own tools (`pg_dump`,
//! `pg_restore`); for it these commands only print that procedure (README,
//! "Back-ups"), they do not run it: the database's own tools, run by the
//! operator with the right credentials and options, are the dependable way.

use crate::config::Config;
use migrations::MigratorTrait;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{0}")]
    Refused(String),
    #[error("the database: {0}")]
    Database(#[from] sea_orm::DbErr),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

fn refused(message: impl Into<String>) -> BackupError {
    BackupError::Refused(message.into())
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |source| BackupError::Io { path: path.to_path_buf(), source }
}

/// What a backup or restore did, for the operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub bytes: u64,
    /// Migrations the copied database has, and how many this build knows.
    pub migrations: usize,
    pub known_migrations: usize,
}

/// The procedure for PostgreSQL, printed by both commands.
pub const POSTGRES_PROCEDURE: &str =
    "Leernet runs on PostgreSQL here; back it up and restore it with PostgreSQL's own tools:

  backup:   pg_dump --format=custom --file=leernet.dump \"$DATABASE_URL\"
  restore:  stop every Leernet process, then
            pg_restore --clean --if-exists --no-owner --dbname=\"$DATABASE_URL\" leernet.dump
            and start Leernet again (it applies newer migrations at start).

pg_dump takes a consistent snapshot while Leernet keeps running. See README.md, \"Back-ups\".";

/// The SQLite file of a `sqlite://` URL (None for PostgreSQL or in-memory).
pub fn sqlite_file(database_url: &str) -> Option<PathBuf> {
    let rest = database_url.strip_prefix("sqlite://").or_else(|| database_url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    (!path.is_empty() && !path.contains(":memory:")).then(|| PathBuf::from(path))
}

fn sqlite_url(path: &Path, mode: &str) -> String {
    format!("sqlite://{}?mode={mode}", path.display())
}

/// Copies the configured SQLite database into `to` (which must not exist yet),
/// consistently, while the server may be running.
pub async fn backup(config: &Config, to: &Path) -> Result<Summary, BackupError> {
    let Some(from) = sqlite_file(&config.database_url) else {
        return Err(refused(POSTGRES_PROCEDURE));
    };
    if !from.is_file() {
        return Err(refused(format!("there is no database at {}", from.display())));
    }
    if to.exists() {
        return Err(refused(format!("{} exists already; choose a new file name", to.display())));
    }
    if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
    }
    let db = open_existing(&from).await?;
    let target = to.to_str().ok_or_else(|| refused(format!("{} is not a UTF-8 path", to.display())))?;
    db.execute_raw(Statement::from_sql_and_values(DbBackend::Sqlite, "VACUUM INTO ?", [target.into()])).await?;
    db.close().await?;
    inspect(to).await
}

/// Puts the backup `from` in place of the configured SQLite database. Refuses
/// a file that is no sound Leernet database, one with migrations this build
/// does not know (made by a newer Leernet), and, without `force`, a target
/// that already holds data.
pub async fn restore(config: &Config, from: &Path, force: bool) -> Result<Summary, BackupError> {
    let Some(to) = sqlite_file(&config.database_url) else {
        return Err(refused(POSTGRES_PROCEDURE));
    };
    if !from.is_file() {
        return Err(refused(format!("there is no backup at {}", from.display())));
    }
    let summary = inspect(from).await?;
    if to.exists() && !force && has_tables(&to).await? {
        return Err(refused(format!(
            "{} already holds a database; stop the server and add --force to replace it",
            to.display()
        )));
    }
    let dir = to.parent().filter(|d| !d.as_os_str().is_empty()).map(Path::to_path_buf).unwrap_or_else(|| ".".into());
    std::fs::create_dir_all(&dir).map_err(io(&dir))?;
    // Copy beside the target, then rename: the database is the old one or the
    // new one, never half of each.
    let staging = dir.join(format!(".leernet-restore-{}", uuid::Uuid::new_v4().simple()));
    std::fs::copy(from, &staging).map_err(io(&staging))?;
    for suffix in ["-wal", "-shm", "-journal"] {
        let side = PathBuf::from(format!("{}{suffix}", to.display()));
        match std::fs::remove_file(&side) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                let _ = std::fs::remove_file(&staging);
                return Err(io(&side)(e));
            }
        }
    }
    std::fs::rename(&staging, &to).map_err(io(&to))?;
    Ok(summary)
}

/// Opens an existing file (never creates one), without changing its settings.
async fn open_existing(path: &Path) -> Result<DatabaseConnection, BackupError> {
    let mut options = sea_orm::ConnectOptions::new(sqlite_url(path, "rw"));
    options.max_connections(1).sqlx_logging(false);
    Ok(sea_orm::Database::connect(options).await?)
}

async fn has_tables(path: &Path) -> Result<bool, BackupError> {
    let db = open_existing(path).await?;
    let found = db
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' LIMIT 1",
        ))
        .await?
        .is_some();
    db.close().await?;
    Ok(found)
}

/// Checks `path` is a sound Leernet database with only migrations this build knows.
pub async fn inspect(path: &Path) -> Result<Summary, BackupError> {
    let bytes = std::fs::metadata(path).map_err(io(path))?.len();
    let not_leernet = || refused(format!("{} is not a Leernet database", path.display()));
    let db = open_existing(path).await.map_err(|_| not_leernet())?;
    let check = db
        .query_one_raw(Statement::from_string(DbBackend::Sqlite, "PRAGMA quick_check"))
        .await
        .map_err(|_| not_leernet())?
        .and_then(|row| row.try_get_by_index::<String>(0).ok());
    if check.as_deref() != Some("ok") {
        return Err(refused(format!("{} is damaged (integrity check: {})", path.display(), check.unwrap_or_default())));
    }
    let rows = db
        .query_all_raw(Statement::from_string(DbBackend::Sqlite, "SELECT version FROM seaql_migrations"))
        .await
        .map_err(|_| not_leernet())?;
    let has_organisers = db
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'organisers'",
        ))
        .await?
        .is_some();
    db.close().await?;
    if rows.is_empty() || !has_organisers {
        return Err(not_leernet());
    }
    let known: Vec<String> = migrations::Migrator::migrations().iter().map(|m| m.name().to_string()).collect();
    let mut applied = 0;
    for row in rows {
        let version: String = row.try_get_by_index(0)?;
        if !known.contains(&version) {
            return Err(refused(format!(
                "{} has migration {version}, which this Leernet does not know: it comes from a newer version; \
                 restore it with that version",
                path.display()
            )));
        }
        applied += 1;
    }
    Ok(Summary { bytes, migrations: applied, known_migrations: known.len() })
}

#[cfg(test)]
mod tests {
    #[test]
    fn sqlite_files_of_urls() {
        use std::path::PathBuf;
        assert_eq!(super::sqlite_file("sqlite://data/leernet.db"), Some(PathBuf::from("data/leernet.db")));
        assert_eq!(super::sqlite_file("sqlite:///var/lib/x.db?mode=rwc"), Some(PathBuf::from("/var/lib/x.db")));
        assert_eq!(super::sqlite_file("sqlite::memory:"), None);
        assert_eq!(super::sqlite_file("postgres://db/leernet"), None);
    }
}
