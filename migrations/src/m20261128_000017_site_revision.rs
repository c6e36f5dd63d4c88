//! A revision number for what the public pages show. Triggers bump it on
//! every change to a table those pages read (events and their sessions,
//! trainers, ticket types and venues, organisers, and registrations, which
//! make the seats left). The server keeps rendered public pages for anonymous
//! visitors and serves one again only while the revision it was rendered at is
//! still the database's: one tiny read instead of the catalogue's queries and
//! rendering. Because the number lives in the database, several servers
//! behind one PostgreSQL agree on it.
//!
//! On PostgreSQL the triggers are deferred constraint triggers: the bump runs
//! at commit, after every other lock the transaction takes, so the one
//! revision row cannot be part of a deadlock, and it is held only for the
//! commit itself. A transaction bumps it once however many rows it changes
//! (a setting local to the transaction remembers it): a bulk insert of a
//! million rows must not update the one row a million times. SQLite has one
//! writer at a time, so plain triggers do.
//!
//! A new table that public pages read must get its trigger here too.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The tables public pages read.
pub const PUBLIC_TABLES: [&str; 8] =
    ["events", "event_sessions", "event_trainers", "trainers", "ticket_types", "venues", "organisers", "registrations"];

const OPERATIONS: [&str; 3] = ["INSERT", "UPDATE", "DELETE"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(
            "CREATE TABLE site_revision (id INTEGER PRIMARY KEY CHECK (id = 1), revision BIGINT NOT NULL)",
        )
        .await?;
        db.execute_unprepared("INSERT INTO site_revision (id, revision) VALUES (1, 1)").await?;
        match db.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE FUNCTION bump_site_revision() RETURNS trigger LANGUAGE plpgsql AS $$ \
                     BEGIN \
                       IF current_setting('leernet.site_revision_bumped', true) = 'yes' THEN RETURN NULL; END IF; \
                       PERFORM set_config('leernet.site_revision_bumped', 'yes', true); \
                       UPDATE site_revision SET revision = revision + 1 WHERE id = 1; RETURN NULL; \
                     END $$",
                )
                .await?;
                for table in PUBLIC_TABLES {
                    db.execute_unprepared(&format!(
                        "CREATE CONSTRAINT TRIGGER bump_site_revision AFTER INSERT OR UPDATE OR DELETE ON {table} \
                         DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_site_revision()"
                    ))
                    .await?;
                }
            }
            _ => {
                for table in PUBLIC_TABLES {
                    for operation in OPERATIONS {
                        db.execute_unprepared(&format!(
                            "CREATE TRIGGER bump_site_revision_{table}_{op} AFTER {operation} ON {table} \
                             BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END",
                            op = operation.to_lowercase()
                        ))
                        .await?;
                    }
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match db.get_database_backend() {
            DbBackend::Postgres => {
                for table in PUBLIC_TABLES {
                    db.execute_unprepared(&format!("DROP TRIGGER bump_site_revision ON {table}")).await?;
                }
                db.execute_unprepared("DROP FUNCTION bump_site_revision()").await?;
            }
            _ => {
                for table in PUBLIC_TABLES {
                    for operation in OPERATIONS {
                        db.execute_unprepared(&format!(
                            "DROP TRIGGER bump_site_revision_{table}_{}",
                            operation.to_lowercase()
                        ))
                        .await?;
                    }
                }
            }
        }
        db.execute_unprepared("DROP TABLE site_revision").await?;
        Ok(())
    }
}
