//! Participation counters, kept by the database itself (see `store::counters`).
//!
//! - `activity_counters (event_id, organisation_key)`: `registered`, the
//!   confirmed registrations of the activity from that organisation, and
//!   `attended`, those of them checked in for at least one session.
//! - `session_counters (session_id, organisation_key)`: `checked_in`, the
//!   check-ins at that session of confirmed registrations from that
//!   organisation.
//!
//! `organisation_key` is the registration's organisation, 0 when it names
//! none: a NOT NULL key, so the primary key is unique on both databases.
//! Counts only; minutes are never stored (session times can change).
//!
//! Triggers on `registrations` (insert, a change of status, organisation or
//! activity, delete) and on `check_ins` (insert, delete) keep them in the
//! transaction of the change, so no code path can forget them. A check-in
//! counts while its registration is confirmed: when a registration leaves
//! 'confirmed' its check-ins stop counting, when it comes back they count
//! again. A check-in is never moved to another registration or session (a
//! trigger refuses it): it is removed and recorded anew. Deleting a
//! registration first deletes its check-ins (their triggers take them out),
//! then takes the registration out.
//!
//! On PostgreSQL the check-in triggers lock the registration row first (FOR
//! NO KEY UPDATE): a check-in and a status change of the same registration,
//! or two first check-ins of it at once, then see each other, and each
//! query in the trigger takes a fresh snapshot (READ COMMITTED). A change of
//! a registration locks its activity's row in `events` before the counters,
//! in the order a booking takes them (the seat counter, then the counters),
//! so a cancellation and a booking cannot wait for each other. Inserts and
//! check-ins are counted per statement (transition tables): a bulk insert
//! of a million rows is a few grouped upserts, not a million.
//!
//! No foreign keys: the counters of a removed session are left at zero (the
//! reader joins the sessions), and `store::counters::rebuild` rewrites every
//! counter from the rows.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: &str = "CREATE TABLE activity_counters (\
     event_id INTEGER NOT NULL, organisation_key INTEGER NOT NULL, \
     registered INTEGER NOT NULL DEFAULT 0, attended INTEGER NOT NULL DEFAULT 0, \
     PRIMARY KEY (event_id, organisation_key));\
   CREATE TABLE session_counters (\
     session_id INTEGER NOT NULL, organisation_key INTEGER NOT NULL, \
     checked_in INTEGER NOT NULL DEFAULT 0, \
     PRIMARY KEY (session_id, organisation_key));\
   CREATE INDEX idx_activity_counters_organisation ON activity_counters (organisation_key, event_id)";

/// The counters from the rows (the migration's fill; `store::counters` has the same).
const FILL: &str = "INSERT INTO activity_counters (event_id, organisation_key, registered, attended) \
     SELECT r.event_id, COALESCE(r.organisation_id, 0), COUNT(*), \
     SUM(CASE WHEN EXISTS (SELECT 1 FROM check_ins c WHERE c.registration_id = r.id) THEN 1 ELSE 0 END) \
     FROM registrations r WHERE r.status = 'confirmed' GROUP BY r.event_id, COALESCE(r.organisation_id, 0);\
   INSERT INTO session_counters (session_id, organisation_key, checked_in) \
     SELECT c.session_id, COALESCE(r.organisation_id, 0), COUNT(*) \
     FROM check_ins c JOIN registrations r ON r.id = c.registration_id \
     WHERE r.status = 'confirmed' GROUP BY c.session_id, COALESCE(r.organisation_id, 0)";

const FIXED: &str = "a check-in is not moved to another registration or session: remove it and record it anew";

/// SQLite: row triggers, run as each row changes (one writer at a time).
const SQLITE: [&str; 7] = [
    "CREATE TRIGGER counters_registration_insert AFTER INSERT ON registrations \
     WHEN NEW.status = 'confirmed' BEGIN \
       INSERT INTO activity_counters (event_id, organisation_key, registered, attended) \
       VALUES (NEW.event_id, COALESCE(NEW.organisation_id, 0), 1, 0) \
       ON CONFLICT (event_id, organisation_key) DO UPDATE SET registered = registered + 1; \
     END",
    "CREATE TRIGGER counters_registration_update AFTER UPDATE OF status, organisation_id, event_id ON registrations \
     WHEN (OLD.status = 'confirmed' OR NEW.status = 'confirmed') \
       AND (OLD.status IS NOT NEW.status OR OLD.organisation_id IS NOT NEW.organisation_id \
            OR OLD.event_id IS NOT NEW.event_id) BEGIN \
       UPDATE activity_counters SET registered = registered - 1, \
         attended = attended - EXISTS (SELECT 1 FROM check_ins c WHERE c.registration_id = OLD.id) \
         WHERE OLD.status = 'confirmed' AND event_id = OLD.event_id \
         AND organisation_key = COALESCE(OLD.organisation_id, 0); \
       UPDATE session_counters SET checked_in = checked_in - 1 \
         WHERE OLD.status = 'confirmed' AND organisation_key = COALESCE(OLD.organisation_id, 0) \
         AND session_id IN (SELECT c.session_id FROM check_ins c WHERE c.registration_id = OLD.id); \
       INSERT INTO activity_counters (event_id, organisation_key, registered, attended) \
         SELECT NEW.event_id, COALESCE(NEW.organisation_id, 0), 1, \
         EXISTS (SELECT 1 FROM check_ins c WHERE c.registration_id = NEW.id) WHERE NEW.status = 'confirmed' \
         ON CONFLICT (event_id, organisation_key) DO UPDATE \
         SET registered = registered + 1, attended = attended + excluded.attended; \
       INSERT INTO session_counters (session_id, organisation_key, checked_in) \
         SELECT c.session_id, COALESCE(NEW.organisation_id, 0), 1 FROM check_ins c \
         WHERE c.registration_id = NEW.id AND NEW.status = 'confirmed' \
         ON CONFLICT (session_id, organisation_key) DO UPDATE SET checked_in = checked_in + 1; \
     END",
    "CREATE TRIGGER counters_registration_delete_check_ins BEFORE DELETE ON registrations BEGIN \
       DELETE FROM check_ins WHERE registration_id = OLD.id; \
     END",
    "CREATE TRIGGER counters_registration_delete AFTER DELETE ON registrations \
     WHEN OLD.status = 'confirmed' BEGIN \
       UPDATE activity_counters SET registered = registered - 1 \
         WHERE event_id = OLD.event_id AND organisation_key = COALESCE(OLD.organisation_id, 0); \
     END",
    "CREATE TRIGGER counters_check_in_insert AFTER INSERT ON check_ins BEGIN \
       INSERT INTO session_counters (session_id, organisation_key, checked_in) \
         SELECT NEW.session_id, COALESCE(r.organisation_id, 0), 1 FROM registrations r \
         WHERE r.id = NEW.registration_id AND r.status = 'confirmed' \
         ON CONFLICT (session_id, organisation_key) DO UPDATE SET checked_in = checked_in + 1; \
       UPDATE activity_counters SET attended = attended + 1 \
         WHERE NOT EXISTS (SELECT 1 FROM check_ins c WHERE c.registration_id = NEW.registration_id AND c.id <> NEW.id) \
         AND (event_id, organisation_key) IN (SELECT r.event_id, COALESCE(r.organisation_id, 0) FROM registrations r \
           WHERE r.id = NEW.registration_id AND r.status = 'confirmed'); \
     END",
    "CREATE TRIGGER counters_check_in_delete AFTER DELETE ON check_ins BEGIN \
       UPDATE session_counters SET checked_in = checked_in - 1 WHERE session_id = OLD.session_id \
         AND organisation_key IN (SELECT COALESCE(r.organisation_id, 0) FROM registrations r \
           WHERE r.id = OLD.registration_id AND r.status = 'confirmed'); \
       UPDATE activity_counters SET attended = attended - 1 \
         WHERE NOT EXISTS (SELECT 1 FROM check_ins c WHERE c.registration_id = OLD.registration_id) \
         AND (event_id, organisation_key) IN (SELECT r.event_id, COALESCE(r.organisation_id, 0) FROM registrations r \
           WHERE r.id = OLD.registration_id AND r.status = 'confirmed'); \
     END",
    "CREATE TRIGGER counters_check_in_fixed BEFORE UPDATE OF registration_id, session_id ON check_ins \
     WHEN OLD.registration_id IS NOT NEW.registration_id OR OLD.session_id IS NOT NEW.session_id BEGIN \
       SELECT RAISE(ABORT, '{FIXED}'); \
     END",
];

/// PostgreSQL: functions, then their triggers.
const POSTGRES: [&str; 12] = [
    // Registrations added: one grouped upsert per statement.
    "CREATE FUNCTION counters_registrations_added() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
       PERFORM 1 FROM events WHERE id IN (SELECT event_id FROM added WHERE status = 'confirmed') \
         ORDER BY id FOR NO KEY UPDATE; \
       INSERT INTO activity_counters (event_id, organisation_key, registered, attended) \
         SELECT event_id, COALESCE(organisation_id, 0), COUNT(*), 0 FROM added WHERE status = 'confirmed' \
         GROUP BY event_id, COALESCE(organisation_id, 0) \
         ON CONFLICT (event_id, organisation_key) DO UPDATE \
         SET registered = activity_counters.registered + excluded.registered; \
       RETURN NULL; \
     END $$",
    "CREATE TRIGGER counters_registrations_added AFTER INSERT ON registrations \
     REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION counters_registrations_added()",
    // A registration whose status, organisation or activity changed: out with the old, in with the new.
    "CREATE FUNCTION counters_registration_changed() RETURNS trigger LANGUAGE plpgsql AS $$ \
     DECLARE seen integer; BEGIN \
       PERFORM 1 FROM events WHERE id IN (OLD.event_id, NEW.event_id) ORDER BY id FOR NO KEY UPDATE; \
       SELECT CASE WHEN EXISTS (SELECT 1 FROM check_ins WHERE registration_id = NEW.id) THEN 1 ELSE 0 END INTO seen; \
       IF OLD.status = 'confirmed' THEN \
         UPDATE activity_counters SET registered = registered - 1, attended = attended - seen \
           WHERE event_id = OLD.event_id AND organisation_key = COALESCE(OLD.organisation_id, 0); \
         UPDATE session_counters SET checked_in = checked_in - 1 \
           WHERE organisation_key = COALESCE(OLD.organisation_id, 0) \
           AND session_id IN (SELECT session_id FROM check_ins WHERE registration_id = OLD.id); \
       END IF; \
       IF NEW.status = 'confirmed' THEN \
         INSERT INTO activity_counters (event_id, organisation_key, registered, attended) \
           VALUES (NEW.event_id, COALESCE(NEW.organisation_id, 0), 1, seen) \
           ON CONFLICT (event_id, organisation_key) DO UPDATE \
           SET registered = activity_counters.registered + 1, attended = activity_counters.attended + seen; \
         INSERT INTO session_counters (session_id, organisation_key, checked_in) \
           SELECT session_id, COALESCE(NEW.organisation_id, 0), 1 FROM check_ins WHERE registration_id = NEW.id \
           ON CONFLICT (session_id, organisation_key) DO UPDATE SET checked_in = session_counters.checked_in + 1; \
       END IF; \
       RETURN NULL; \
     END $$",
    "CREATE TRIGGER counters_registration_changed AFTER UPDATE OF status, organisation_id, event_id ON registrations \
     FOR EACH ROW WHEN ((OLD.status = 'confirmed' OR NEW.status = 'confirmed') \
       AND (OLD.status IS DISTINCT FROM NEW.status OR OLD.organisation_id IS DISTINCT FROM NEW.organisation_id \
            OR OLD.event_id IS DISTINCT FROM NEW.event_id)) \
     EXECUTE FUNCTION counters_registration_changed()",
    // A registration removed: its check-ins first (their trigger takes them out), then itself.
    "CREATE FUNCTION counters_registration_removing() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
       PERFORM 1 FROM events WHERE id = OLD.event_id FOR NO KEY UPDATE; \
       DELETE FROM check_ins WHERE registration_id = OLD.id; \
       RETURN OLD; \
     END $$",
    "CREATE TRIGGER counters_registration_removing BEFORE DELETE ON registrations \
     FOR EACH ROW EXECUTE FUNCTION counters_registration_removing()",
    "CREATE FUNCTION counters_registrations_removed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
       UPDATE activity_counters c SET registered = c.registered - n.n FROM ( \
         SELECT event_id, COALESCE(organisation_id, 0) AS organisation_key, COUNT(*) AS n FROM removed \
         WHERE status = 'confirmed' GROUP BY event_id, COALESCE(organisation_id, 0)) n \
         WHERE c.event_id = n.event_id AND c.organisation_key = n.organisation_key; \
       RETURN NULL; \
     END $$",
    "CREATE TRIGGER counters_registrations_removed AFTER DELETE ON registrations \
     REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION counters_registrations_removed()",
    // Check-ins recorded: per statement, after locking their registrations.
    "CREATE FUNCTION counters_check_ins_added() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
       PERFORM 1 FROM registrations WHERE id IN (SELECT registration_id FROM added) ORDER BY id FOR NO KEY UPDATE; \
       INSERT INTO session_counters (session_id, organisation_key, checked_in) \
         SELECT a.session_id, COALESCE(r.organisation_id, 0), COUNT(*) \
         FROM added a JOIN registrations r ON r.id = a.registration_id WHERE r.status = 'confirmed' \
         GROUP BY a.session_id, COALESCE(r.organisation_id, 0) \
         ON CONFLICT (session_id, organisation_key) DO UPDATE \
         SET checked_in = session_counters.checked_in + excluded.checked_in; \
       UPDATE activity_counters c SET attended = c.attended + n.n FROM ( \
         SELECT r.event_id, COALESCE(r.organisation_id, 0) AS organisation_key, COUNT(*) AS n FROM registrations r \
         WHERE r.id IN (SELECT registration_id FROM added) AND r.status = 'confirmed' \
         AND NOT EXISTS (SELECT 1 FROM check_ins k WHERE k.registration_id = r.id \
           AND k.id NOT IN (SELECT id FROM added)) \
         GROUP BY r.event_id, COALESCE(r.organisation_id, 0)) n \
         WHERE c.event_id = n.event_id AND c.organisation_key = n.organisation_key; \
       RETURN NULL; \
     END $$",
    "CREATE TRIGGER counters_check_ins_added AFTER INSERT ON check_ins \
     REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION counters_check_ins_added()",
    // Check-ins undone (or removed with their session or registration).
    "CREATE FUNCTION counters_check_ins_removed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
       PERFORM 1 FROM registrations WHERE id IN (SELECT registration_id FROM removed) ORDER BY id FOR NO KEY UPDATE; \
       UPDATE session_counters c SET checked_in = c.checked_in - n.n FROM ( \
         SELECT d.session_id, COALESCE(r.organisation_id, 0) AS organisation_key, COUNT(*) AS n \
         FROM removed d JOIN registrations r ON r.id = d.registration_id WHERE r.status = 'confirmed' \
         GROUP BY d.session_id, COALESCE(r.organisation_id, 0)) n \
         WHERE c.session_id = n.session_id AND c.organisation_key = n.organisation_key; \
       UPDATE activity_counters c SET attended = c.attended - n.n FROM ( \
         SELECT r.event_id, COALESCE(r.organisation_id, 0) AS organisation_key, COUNT(*) AS n FROM registrations r \
         WHERE r.id IN (SELECT registration_id FROM removed) AND r.status = 'confirmed' \
         AND NOT EXISTS (SELECT 1 FROM check_ins k WHERE k.registration_id = r.id) \
         GROUP BY r.event_id, COALESCE(r.organisation_id, 0)) n \
         WHERE c.event_id = n.event_id AND c.organisation_key = n.organisation_key; \
       RETURN NULL; \
     END $$",
    "CREATE TRIGGER counters_check_ins_removed AFTER DELETE ON check_ins \
     REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION counters_check_ins_removed()",
];

const POSTGRES_FIXED: [&str; 2] = [
    "CREATE FUNCTION counters_check_in_fixed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
       RAISE EXCEPTION '{FIXED}'; \
     END $$",
    "CREATE TRIGGER counters_check_in_fixed BEFORE UPDATE OF registration_id, session_id ON check_ins \
     FOR EACH ROW WHEN (OLD.registration_id IS DISTINCT FROM NEW.registration_id \
       OR OLD.session_id IS DISTINCT FROM NEW.session_id) \
     EXECUTE FUNCTION counters_check_in_fixed()",
];

const POSTGRES_FUNCTIONS: [&str; 7] = [
    "counters_registrations_added",
    "counters_registration_changed",
    "counters_registration_removing",
    "counters_registrations_removed",
    "counters_check_ins_added",
    "counters_check_ins_removed",
    "counters_check_in_fixed",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// Tables, fill and triggers at once: no change can fall between the fill and the triggers.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for sql in TABLES.split(';').chain(FILL.split(';')) {
            db.execute_unprepared(sql).await?;
        }
        match manager.get_database_backend() {
            DbBackend::Sqlite => {
                for sql in SQLITE {
                    db.execute_unprepared(&sql.replace("{FIXED}", FIXED)).await?;
                }
            }
            _ => {
                for sql in POSTGRES.iter().chain(POSTGRES_FIXED.iter()) {
                    db.execute_unprepared(&sql.replace("{FIXED}", FIXED)).await?;
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Sqlite => {
                for name in [
                    "counters_registration_insert",
                    "counters_registration_update",
                    "counters_registration_delete_check_ins",
                    "counters_registration_delete",
                    "counters_check_in_insert",
                    "counters_check_in_delete",
                    "counters_check_in_fixed",
                ] {
                    db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {name}")).await?;
                }
            }
            _ => {
                for name in POSTGRES_FUNCTIONS {
                    // CASCADE takes the function's trigger with it.
                    db.execute_unprepared(&format!("DROP FUNCTION IF EXISTS {name}() CASCADE")).await?;
                }
            }
        }
        db.execute_unprepared("DROP TABLE IF EXISTS session_counters").await?;
        db.execute_unprepared("DROP TABLE IF EXISTS activity_counters").await?;
        Ok(())
    }
}
