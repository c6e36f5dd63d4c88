//! Sign-in links, sessions, roles and rate limits. Secrets (link tokens,
//! session ids) leave this module once, in the clear, to go into a mail or a
//! cookie; the database keeps only their SHA-256.

use crate::StoreError;
use crate::entities::{membership, person, rate_limit_hit, session, sign_in_token};
use chrono::{DateTime, Duration, Utc};
use domain::accounts::{Grant, Viewer};
use domain::listing::OrganiserRef;
use domain::{Email, Role, Slug};
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, Statement,
};
use sha2::{Digest, Sha256};

/// A sign-in link works this long after it was mailed.
pub const SIGN_IN_LINK_TTL: Duration = domain::sign_in::LINK_TTL;
/// A session lasts this long after sign-in.
/// How long the link in an invitation works.
pub const INVITATION_TTL: Duration = Duration::days(7);
pub const SESSION_TTL: Duration = Duration::days(14);

/// 256 random bits as 64 hex characters.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn hash_secret(secret: &str) -> String {
    Sha256::digest(secret.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Counts one attempt in `bucket` unless it already has `max` within `window`.
/// Returns whether the attempt is allowed. Kept in the database so that every
/// server process shares the count. One write transaction, which on SQLite
/// also makes attempts at the same moment count one after the other.
pub async fn rate_limit(
    db: &DatabaseConnection,
    bucket: &str,
    now: DateTime<Utc>,
    window: Duration,
    max: u64,
) -> Result<bool, StoreError> {
    let since = now - window;
    let txn = crate::begin_write(db).await?;
    let recent = rate_limit_hit::Entity::find()
        .filter(rate_limit_hit::Column::Bucket.eq(bucket))
        .filter(rate_limit_hit::Column::At.gt(since))
        .count(&txn)
        .await?;
    if recent >= max {
        // Ended here rather than dropped, so the lock is free before the turn passes on.
        txn.commit().await?;
        return Ok(false);
    }
    rate_limit_hit::ActiveModel { bucket: Set(bucket.to_string()), at: Set(now), ..Default::default() }
        .insert(&txn)
        .await?;
    // Old hits only matter for their window; forget them as we go.
    rate_limit_hit::Entity::delete_many()
        .filter(rate_limit_hit::Column::Bucket.eq(bucket))
        .filter(rate_limit_hit::Column::At.lt(since))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(true)
}

/// Mails a sign-in link to an address only as [`domain::sign_in::next_link`]
/// allows: counts one in `bucket` when it does, or says how long to wait.
/// Like [`rate_limit`], shared by every server process, one write transaction.
pub async fn link_allowance(
    db: &DatabaseConnection,
    bucket: &str,
    now: DateTime<Utc>,
) -> Result<Result<(), Duration>, StoreError> {
    let since = now - domain::sign_in::LINK_LOOKBACK;
    let txn = crate::begin_write(db).await?;
    let sent: Vec<DateTime<Utc>> = rate_limit_hit::Entity::find()
        .filter(rate_limit_hit::Column::Bucket.eq(bucket))
        .filter(rate_limit_hit::Column::At.gt(since))
        .all(&txn)
        .await?
        .into_iter()
        .map(|hit| hit.at)
        .collect();
    if let Err(wait) = domain::sign_in::next_link(&sent, now) {
        txn.commit().await?;
        return Ok(Err(wait));
    }
    rate_limit_hit::ActiveModel { bucket: Set(bucket.to_string()), at: Set(now), ..Default::default() }
        .insert(&txn)
        .await?;
    rate_limit_hit::Entity::delete_many()
        .filter(rate_limit_hit::Column::Bucket.eq(bucket))
        .filter(rate_limit_hit::Column::At.lte(since))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(Ok(()))
}

/// Stores a new single-use sign-in token for `email` and returns it in the clear.
pub async fn create_sign_in_token(
    db: &impl ConnectionTrait,
    email: &Email,
    now: DateTime<Utc>,
) -> Result<String, StoreError> {
    create_sign_in_token_valid_for(db, email, now, SIGN_IN_LINK_TTL).await
}

/// Like [`create_sign_in_token`], for a link that must last longer: an
/// invitation may sit in a mailbox for days before it is opened.
pub async fn create_sign_in_token_valid_for(
    db: &impl ConnectionTrait,
    email: &Email,
    now: DateTime<Utc>,
    valid_for: Duration,
) -> Result<String, StoreError> {
    let token = new_secret();
    sign_in_token::ActiveModel {
        token_hash: Set(hash_secret(&token)),
        email: Set(email.as_str().to_string()),
        created_at: Set(now),
        expires_at: Set(now + valid_for),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    #[error("deze aanmeldlink kennen we niet; vraag een nieuwe aan")]
    Unknown,
    #[error("deze aanmeldlink is verlopen; vraag een nieuwe aan")]
    Expired,
    #[error("deze aanmeldlink werd al gebruikt; vraag een nieuwe aan")]
    AlreadyUsed,
}

/// Whether a token can still be used, without using it (for the confirmation page).
pub async fn check_sign_in_token(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Result<Email, LinkError>, StoreError> {
    let found =
        sign_in_token::Entity::find().filter(sign_in_token::Column::TokenHash.eq(hash_secret(token))).one(db).await?;
    let Some(row) = found else { return Ok(Err(LinkError::Unknown)) };
    if row.used_at.is_some() {
        return Ok(Err(LinkError::AlreadyUsed));
    }
    if row.expires_at <= now {
        return Ok(Err(LinkError::Expired));
    }
    Email::parse(&row.email).map(Ok).map_err(|e| StoreError::corrupt("sign_in_tokens", row.id, e))
}

/// Uses a token: exactly one caller wins, even when two requests race.
pub async fn consume_sign_in_token(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Result<Email, LinkError>, StoreError> {
    let email = match check_sign_in_token(db, token, now).await? {
        Ok(email) => email,
        Err(e) => return Ok(Err(e)),
    };
    let updated = sign_in_token::Entity::update_many()
        .col_expr(sign_in_token::Column::UsedAt, Expr::value(now))
        .filter(sign_in_token::Column::TokenHash.eq(hash_secret(token)))
        .filter(sign_in_token::Column::UsedAt.is_null())
        .filter(sign_in_token::Column::ExpiresAt.gt(now))
        .exec(db)
        .await?;
    if updated.rows_affected == 1 { Ok(Ok(email)) } else { Ok(Err(LinkError::AlreadyUsed)) }
}

/// The person with this address; a first sign-in creates them.
pub async fn find_or_create_person(
    db: &impl ConnectionTrait,
    email: &Email,
    now: DateTime<Utc>,
) -> Result<person::Model, StoreError> {
    if let Some(p) = person::Entity::find().filter(person::Column::Email.eq(email.as_str())).one(db).await? {
        return Ok(p);
    }
    let name = email.as_str().split('@').next().unwrap_or_default().replace(['.', '_'], " ");
    let created = person::ActiveModel {
        full_name: Set(name),
        email: Set(Some(email.as_str().to_string())),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await;
    match created {
        Ok(p) => Ok(p),
        // Another request created them a moment ago: the unique address says so.
        Err(_) => person::Entity::find()
            .filter(person::Column::Email.eq(email.as_str()))
            .one(db)
            .await?
            .ok_or_else(|| StoreError::corrupt("people", 0, "person vanished after a unique conflict")),
    }
}

/// Starts a session signed in with a password (or made by a tool); returns
/// the session id (for the cookie) in the clear.
pub async fn create_session(
    db: &impl ConnectionTrait,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<String, StoreError> {
    start_session(db, person_id, now, None).await
}

/// Starts a session signed in by link: for the next minutes it may set or
/// change the password without the current one (`domain::sign_in`).
pub async fn create_link_session(
    db: &impl ConnectionTrait,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<String, StoreError> {
    start_session(db, person_id, now, Some(now)).await
}

async fn start_session(
    db: &impl ConnectionTrait,
    person_id: i32,
    now: DateTime<Utc>,
    link_signed_in_at: Option<DateTime<Utc>>,
) -> Result<String, StoreError> {
    let id = new_secret();
    session::ActiveModel {
        id_hash: Set(hash_secret(&id)),
        person_id: Set(person_id),
        csrf_token: Set(new_secret()),
        created_at: Set(now),
        expires_at: Set(now + SESSION_TTL),
        last_seen_at: Set(now),
        link_signed_in_at: Set(link_signed_in_at),
    }
    .insert(db)
    .await?;
    Ok(id)
}

pub async fn delete_session(db: &impl ConnectionTrait, session_id: &str) -> Result<(), StoreError> {
    session::Entity::delete_by_id(hash_secret(session_id)).exec(db).await?;
    Ok(())
}

/// When the session behind this cookie signed in by link; None for a
/// password sign-in or an unknown session.
pub async fn link_signed_in_at(
    db: &impl ConnectionTrait,
    session_id: &str,
) -> Result<Option<DateTime<Utc>>, StoreError> {
    Ok(session::Entity::find_by_id(hash_secret(session_id)).one(db).await?.and_then(|s| s.link_signed_in_at))
}

/// Ends every session of the person except the one behind `keep` (a
/// password change signs out everywhere else).
pub async fn end_other_sessions(db: &impl ConnectionTrait, person_id: i32, keep: &str) -> Result<u64, StoreError> {
    Ok(session::Entity::delete_many()
        .filter(session::Column::PersonId.eq(person_id))
        .filter(session::Column::IdHash.ne(hash_secret(keep)))
        .exec(db)
        .await?
        .rows_affected)
}

/// Ends every session of the person.
pub async fn end_sessions(db: &impl ConnectionTrait, person_id: i32) -> Result<u64, StoreError> {
    Ok(session::Entity::delete_many().filter(session::Column::PersonId.eq(person_id)).exec(db).await?.rows_affected)
}

/// The signed-in person behind a session cookie, with their roles.
pub async fn viewer(
    db: &impl ConnectionTrait,
    session_id: &str,
    now: DateTime<Utc>,
) -> Result<Option<Viewer>, StoreError> {
    // Every signed-in request asks this, so it is one query: the session, its
    // person and a row per membership (one row with NULLs when she has none).
    let id_hash = hash_secret(session_id);
    let sql = "SELECT s.expires_at, s.csrf_token, p.id AS person_id, p.full_name, p.email, \
               p.password_hash IS NOT NULL AS has_password, m.id AS membership_id, m.role, \
               o.id AS organiser_id, o.slug, o.name AS organiser_name, o.short_name, org.name AS organisation_name \
               FROM sessions s JOIN people p ON p.id = s.person_id \
               LEFT JOIN memberships m ON m.person_id = p.id \
               LEFT JOIN organisers o ON o.id = m.organiser_id \
               LEFT JOIN organisations org ON org.id = m.organisation_id \
               WHERE s.id_hash = $1 ORDER BY m.id";
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(db.get_database_backend(), sql, [id_hash.clone().into()]))
        .await?;
    let Some(first) = rows.first() else { return Ok(None) };
    let expires_at: DateTime<Utc> = first.try_get("", "expires_at")?;
    if expires_at <= now {
        session::Entity::delete_by_id(id_hash).exec(db).await?;
        return Ok(None);
    }
    let email: Option<String> = first.try_get("", "email")?;
    let Some(email) = email.as_deref().and_then(|e| Email::parse(e).ok()) else { return Ok(None) };
    let mut grants = Vec::new();
    for row in &rows {
        let Some(membership_id) = row.try_get::<Option<i32>>("", "membership_id")? else { continue };
        let role: String = row.try_get("", "role")?;
        let role = Role::from_code(&role).map_err(|e| StoreError::corrupt("memberships", membership_id, e))?;
        let organiser_id = row.try_get::<Option<i32>>("", "organiser_id")?;
        let organiser = match organiser_id {
            Some(organiser_id) => {
                let slug: String = row.try_get("", "slug")?;
                Some(OrganiserRef {
                    slug: Slug::parse(&slug).map_err(|e| StoreError::corrupt("organisers", organiser_id, e))?,
                    name: row.try_get("", "organiser_name")?,
                    short_name: row.try_get("", "short_name")?,
                })
            }
            None => None,
        };
        let organisation = row.try_get::<Option<String>>("", "organisation_name")?;
        grants.push(Grant { role, organiser_id, organiser, organisation });
    }
    Ok(Some(Viewer {
        person_id: first.try_get("", "person_id")?,
        full_name: first.try_get("", "full_name")?,
        email,
        grants,
        csrf_token: first.try_get("", "csrf_token")?,
        has_password: first.try_get("", "has_password")?,
    }))
}

/// Gives a person a role at an organiser (or, for coordinators, at an organisation).
pub async fn grant(
    db: &impl ConnectionTrait,
    person_id: i32,
    role: Role,
    organiser_id: Option<i32>,
    organisation_id: Option<i32>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    membership::ActiveModel {
        person_id: Set(person_id),
        organiser_id: Set(organiser_id),
        organisation_id: Set(organisation_id),
        role: Set(role.code().to_string()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// An argon2id hash of a password, with a fresh salt. Slow on purpose (tens of
/// milliseconds of CPU): the edge runs it with `spawn_blocking`.
pub fn hash_password(password: &domain::password::Password) -> Result<String, StoreError> {
    use argon2::password_hash::{PasswordHasher, SaltString, rand_core::OsRng};
    let salt = SaltString::generate(&mut OsRng);
    argon2::Argon2::default()
        .hash_password(password.expose().as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| StoreError::corrupt("people", 0, format!("hashing failed: {e}")))
}

pub async fn save_password_hash(db: &impl ConnectionTrait, person_id: i32, hash: &str) -> Result<(), StoreError> {
    person::Entity::update_many()
        .col_expr(person::Column::PasswordHash, Expr::value(hash))
        .filter(person::Column::Id.eq(person_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Saves a new password hash and ends every other session of the person
/// (all but `keep`), in one transaction: whoever else was signed in as her,
/// perhaps with the old password, is out. Returns how many sessions ended.
pub async fn change_password(
    db: &DatabaseConnection,
    person_id: i32,
    hash: &str,
    keep: &str,
) -> Result<u64, StoreError> {
    let txn = crate::begin_write(db).await?;
    save_password_hash(&txn, person_id, hash).await?;
    let ended = end_other_sessions(&txn, person_id, keep).await?;
    txn.commit().await?;
    Ok(ended)
}

/// The person with this address and their password hash, if any. Only an
/// organiser's people sign in with a password: for anyone without such a role
/// (any more) the hash is None, whatever the row still holds.
pub async fn password_hash_of(
    db: &impl ConnectionTrait,
    email: &Email,
) -> Result<Option<(i32, Option<String>)>, StoreError> {
    let Some(p) = person::Entity::find().filter(person::Column::Email.eq(email.as_str())).one(db).await? else {
        return Ok(None);
    };
    let hash = match p.password_hash {
        Some(hash) if may_have_password(db, p.id).await? => Some(hash),
        _ => None,
    };
    Ok(Some((p.id, hash)))
}

/// Whether the person holds a role that may have a password
/// ([`domain::accounts::PASSWORD_ROLES`]).
pub async fn may_have_password(db: &impl ConnectionTrait, person_id: i32) -> Result<bool, StoreError> {
    let roles = domain::accounts::PASSWORD_ROLES.iter().map(|r| r.code());
    Ok(membership::Entity::find()
        .filter(membership::Column::PersonId.eq(person_id))
        .filter(membership::Column::Role.is_in(roles))
        .count(db)
        .await?
        > 0)
}

/// After a role was revoked: someone left without any role that may have a
/// password loses it, and every session of hers ends (a session could have
/// been opened with that password). Returns whether that happened.
pub async fn drop_password_without_role(db: &impl ConnectionTrait, person_id: i32) -> Result<bool, StoreError> {
    if may_have_password(db, person_id).await? {
        return Ok(false);
    }
    clear_password(db, person_id).await?;
    end_sessions(db, person_id).await?;
    Ok(true)
}

/// Whether `password` matches `stored`. Without a stored hash it verifies
/// against a decoy, so it takes as long whether or not the account has a
/// password: the timing does not tell which addresses have one. CPU-heavy.
pub fn verify_password(stored: Option<&str>, password: &str) -> bool {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};
    // The hash of a random password nobody knows, made once per process.
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let decoy = DECOY.get_or_init(|| {
        domain::password::Password::parse(&new_secret()).ok().and_then(|p| hash_password(&p).ok()).unwrap_or_default()
    });
    let matches = PasswordHash::new(stored.unwrap_or(decoy))
        .is_ok_and(|hash| argon2::Argon2::default().verify_password(password.as_bytes(), &hash).is_ok());
    stored.is_some() && matches
}

/// Whether the person has a password (the account page offers to change or remove it).
pub async fn has_password(db: &impl ConnectionTrait, person_id: i32) -> Result<bool, StoreError> {
    Ok(person::Entity::find_by_id(person_id).one(db).await?.is_some_and(|p| p.password_hash.is_some()))
}

/// Removes the password: the person signs in by link again.
pub async fn clear_password(db: &impl ConnectionTrait, person_id: i32) -> Result<(), StoreError> {
    person::Entity::update_many()
        .col_expr(person::Column::PasswordHash, Expr::value(Option::<String>::None))
        .filter(person::Column::Id.eq(person_id))
        .exec(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    async fn db() -> sea_orm::DatabaseConnection {
        let db = crate::connect("sqlite::memory:", 1).await.unwrap();
        crate::migrate(&db).await.unwrap();
        db
    }

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap()
    }

    #[tokio::test]
    async fn a_link_works_once_and_only_in_time() {
        let db = db().await;
        let email = Email::parse("an.peeters@ocmw-geel.test").unwrap();
        let token = create_sign_in_token(&db, &email, t0()).await.unwrap();
        assert_eq!(token.len(), 64);
        assert_eq!(consume_sign_in_token(&db, "nonsense", t0()).await.unwrap(), Err(LinkError::Unknown));
        assert_eq!(consume_sign_in_token(&db, &token, t0()).await.unwrap(), Ok(email.clone()));
        assert_eq!(consume_sign_in_token(&db, &token, t0()).await.unwrap(), Err(LinkError::AlreadyUsed));

        let late = create_sign_in_token(&db, &email, t0()).await.unwrap();
        let after = t0() + SIGN_IN_LINK_TTL;
        assert_eq!(consume_sign_in_token(&db, &late, after).await.unwrap(), Err(LinkError::Expired));
    }

    #[tokio::test]
    async fn sessions_carry_the_person_and_expire() {
        let db = db().await;
        let email = Email::parse("an.peeters@ocmw-geel.test").unwrap();
        let person = find_or_create_person(&db, &email, t0()).await.unwrap();
        assert_eq!(find_or_create_person(&db, &email, t0()).await.unwrap().id, person.id);
        let sid = create_session(&db, person.id, t0()).await.unwrap();
        let v = viewer(&db, &sid, t0()).await.unwrap().unwrap();
        assert_eq!(v.email, email);
        assert_eq!(v.full_name, "an peeters");
        assert!(v.grants.is_empty());
        assert!(viewer(&db, &sid, t0() + SESSION_TTL).await.unwrap().is_none());
        assert!(viewer(&db, "other", t0()).await.unwrap().is_none());
        let sid = create_session(&db, person.id, t0()).await.unwrap();
        delete_session(&db, &sid).await.unwrap();
        assert!(viewer(&db, &sid, t0()).await.unwrap().is_none());
    }

    #[tokio::test]
    async fn passwords_are_hashed_and_checked() {
        let db = db().await;
        let email = Email::parse("hanne@biz.test").unwrap();
        let person = find_or_create_person(&db, &email, t0()).await.unwrap();
        grant(&db, person.id, Role::PlatformAdmin, None, None, t0()).await.unwrap();
        assert_eq!(password_hash_of(&db, &email).await.unwrap(), Some((person.id, None)), "no password yet");
        assert!(!verify_password(None, "wat dan ook nu"));
        let password = domain::password::Password::parse("paard batterij nietje").unwrap();
        let hash = hash_password(&password).unwrap();
        assert_ne!(hash, hash_password(&password).unwrap(), "a fresh salt each time");
        save_password_hash(&db, person.id, &hash).await.unwrap();
        let (_, stored) = password_hash_of(&db, &email).await.unwrap().unwrap();
        let stored = stored.unwrap();
        assert!(stored.starts_with("$argon2id$") && !stored.contains("paard"));
        assert!(verify_password(Some(&stored), "paard batterij nietje"));
        assert!(!verify_password(Some(&stored), "paard batterij nietjes"));
        assert!(has_password(&db, person.id).await.unwrap());
        clear_password(&db, person.id).await.unwrap();
        assert!(!has_password(&db, person.id).await.unwrap());
    }

    #[tokio::test]
    async fn without_a_staff_role_a_password_does_not_count() {
        let db = db().await;
        let email = Email::parse("els@ocmw-mol.test").unwrap();
        let person = find_or_create_person(&db, &email, t0()).await.unwrap();
        let hash = hash_password(&domain::password::Password::parse("paard batterij nietje").unwrap()).unwrap();
        save_password_hash(&db, person.id, &hash).await.unwrap();
        assert_eq!(password_hash_of(&db, &email).await.unwrap(), Some((person.id, None)), "a participant");
        let sid = create_link_session(&db, person.id, t0()).await.unwrap();
        assert!(drop_password_without_role(&db, person.id).await.unwrap());
        assert!(!has_password(&db, person.id).await.unwrap());
        assert!(viewer(&db, &sid, t0()).await.unwrap().is_none(), "her sessions ended");
    }

    #[tokio::test]
    async fn sessions_know_a_link_sign_in_and_end_together() {
        let db = db().await;
        let email = Email::parse("hanne@biz.test").unwrap();
        let person = find_or_create_person(&db, &email, t0()).await.unwrap();
        let by_link = create_link_session(&db, person.id, t0()).await.unwrap();
        let by_password = create_session(&db, person.id, t0()).await.unwrap();
        let other = create_session(&db, person.id, t0()).await.unwrap();
        assert_eq!(link_signed_in_at(&db, &by_link).await.unwrap(), Some(t0()));
        assert_eq!(link_signed_in_at(&db, &by_password).await.unwrap(), None);
        assert_eq!(end_other_sessions(&db, person.id, &by_password).await.unwrap(), 2);
        assert!(viewer(&db, &by_password, t0()).await.unwrap().is_some());
        assert!(
            viewer(&db, &by_link, t0()).await.unwrap().is_none() && viewer(&db, &other, t0()).await.unwrap().is_none()
        );
        assert_eq!(end_sessions(&db, person.id).await.unwrap(), 1);
        assert!(viewer(&db, &by_password, t0()).await.unwrap().is_none());
    }

    #[tokio::test]
    async fn links_to_an_address_slow_down_but_never_stop() {
        use domain::sign_in::{LINK_COOLDOWN, LINKS_WITHOUT_WAITING};
        let db = db().await;
        for _ in 0..LINKS_WITHOUT_WAITING {
            assert_eq!(link_allowance(&db, "a", t0()).await.unwrap(), Ok(()));
        }
        assert_eq!(link_allowance(&db, "a", t0()).await.unwrap(), Err(LINK_COOLDOWN));
        assert_eq!(link_allowance(&db, "b", t0()).await.unwrap(), Ok(()), "another address");
        let mut now = t0();
        for _ in 0..30 {
            now += LINK_COOLDOWN;
            assert_eq!(link_allowance(&db, "a", now).await.unwrap(), Ok(()));
            assert!(link_allowance(&db, "a", now).await.unwrap().is_err());
        }
    }

    #[tokio::test]
    async fn rate_limits_count_per_bucket_and_window() {
        let db = db().await;
        let w = Duration::minutes(15);
        for _ in 0..3 {
            assert!(rate_limit(&db, "a", t0(), w, 3).await.unwrap());
        }
        assert!(!rate_limit(&db, "a", t0(), w, 3).await.unwrap());
        assert!(rate_limit(&db, "b", t0(), w, 3).await.unwrap());
        assert!(rate_limit(&db, "a", t0() + w, w, 3).await.unwrap());
    }
}
