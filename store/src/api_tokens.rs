//! Organisers' API tokens. A token is `lnt_` and 256 random bits in hex; only
//! its SHA-256 is stored, so the secret is shown once, at creation, and a
//! copy of the database gives nobody access.

use crate::StoreError;
use crate::accounts::{hash_secret, new_secret};
use crate::entities::{api_token, audit_entry, person};
use crate::time::to_local;
use chrono::{DateTime, Duration, Utc};
use domain::api_tokens::{ApiTokenRow, DISPLAY_PREFIX_LEN, TOKEN_PREFIX, TokenScope, looks_like_token};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Statement};
use std::collections::HashMap;

/// `last_used_at` is refreshed at most this often (a write per call would be waste).
const LAST_USED_GRANULARITY: Duration = Duration::minutes(1);

/// The organiser's tokens, newest first (revoked ones too, marked).
pub async fn list(db: &impl ConnectionTrait, organiser_id: i32) -> Result<Vec<ApiTokenRow>, StoreError> {
    let rows = api_token::Entity::find()
        .filter(api_token::Column::OrganiserId.eq(organiser_id))
        .order_by_desc(api_token::Column::CreatedAt)
        .order_by_desc(api_token::Column::Id)
        .all(db)
        .await?;
    let people: HashMap<i32, String> = person::Entity::find()
        .filter(person::Column::Id.is_in(rows.iter().filter_map(|r| r.created_by).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.full_name))
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| ApiTokenRow {
            id: r.id,
            created_by: r.created_by.and_then(|id| people.get(&id).cloned()),
            name: r.name,
            prefix: r.prefix,
            created_at: to_local(r.created_at),
            last_used_at: r.last_used_at.map(to_local),
            revoked_at: r.revoked_at.map(to_local),
            scope: TokenScope::from_code(&r.scope).unwrap_or(TokenScope::Scanner),
        })
        .collect())
}

fn audit(
    organiser_id: i32,
    person_id: Option<i32>,
    token_id: i32,
    action: &str,
    detail: String,
    now: DateTime<Utc>,
) -> audit_entry::ActiveModel {
    audit_entry::ActiveModel {
        organiser_id: Set(organiser_id),
        person_id: Set(person_id),
        entity: Set("api_token".into()),
        entity_id: Set(token_id),
        action: Set(action.into()),
        detail: Set(Some(detail)),
        at: Set(now),
        ..Default::default()
    }
}

/// Makes a token for the organiser and returns (its id, the secret in the
/// clear). The secret is never stored; an audit entry records who made it.
/// Run in a write transaction.
pub async fn create(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    name: &str,
    created_by: i32,
    now: DateTime<Utc>,
) -> Result<(i32, String), StoreError> {
    insert_token(db, organiser_id, name, TokenScope::Organiser, Some(created_by), now).await
}

/// Makes a token that may do `scope` (see [`create`]).
pub async fn create_with_scope(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    name: &str,
    scope: TokenScope,
    created_by: i32,
    now: DateTime<Utc>,
) -> Result<(i32, String), StoreError> {
    insert_token(db, organiser_id, name, scope, Some(created_by), now).await
}

/// A token made by the operator on the server's command line
/// (`leernet-server api-token`): nobody signed in made it, and the audit
/// log says so. Run in a write transaction.
pub async fn create_from_command_line(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    name: &str,
    now: DateTime<Utc>,
) -> Result<(i32, String), StoreError> {
    insert_token(db, organiser_id, name, TokenScope::Organiser, None, now).await
}

async fn insert_token(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    name: &str,
    scope: TokenScope,
    created_by: Option<i32>,
    now: DateTime<Utc>,
) -> Result<(i32, String), StoreError> {
    let secret = format!("{TOKEN_PREFIX}{}", new_secret());
    let prefix: String = secret.chars().take(DISPLAY_PREFIX_LEN).collect();
    let token = api_token::ActiveModel {
        organiser_id: Set(organiser_id),
        name: Set(name.to_string()),
        token_hash: Set(hash_secret(&secret)),
        prefix: Set(prefix.clone()),
        created_by: Set(created_by),
        created_at: Set(now),
        scope: Set(scope.code().to_string()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit(organiser_id, created_by, token.id, "api_token.created", format!("{name}\n{prefix}…\n{}", scope.code()), now)
        .insert(db)
        .await?;
    Ok((token.id, secret))
}

/// Revokes one of the organiser's tokens. `false` for another organiser's
/// token, an unknown one, or one revoked already. Run in a write transaction.
pub async fn revoke(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    token_id: i32,
    by: i32,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let Some(token) =
        api_token::Entity::find_by_id(token_id).filter(api_token::Column::OrganiserId.eq(organiser_id)).one(db).await?
    else {
        return Ok(false);
    };
    let changed = api_token::Entity::update_many()
        .col_expr(api_token::Column::RevokedAt, Expr::value(now))
        .filter(api_token::Column::Id.eq(token.id))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?
        .rows_affected;
    if changed != 1 {
        return Ok(false);
    }
    audit(organiser_id, Some(by), token.id, "api_token.revoked", format!("{}\n{}…", token.name, token.prefix), now)
        .insert(db)
        .await?;
    Ok(true)
}

/// Who calls the API with a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiCaller {
    pub organiser_id: i32,
    pub organiser_name: String,
    pub scope: TokenScope,
}

/// The organiser a live token acts for and what the token may do; `None`
/// for anything else (malformed, unknown, revoked). Notes when the token was
/// last used.
pub async fn authenticate_caller(
    db: &impl ConnectionTrait,
    raw: &str,
    now: DateTime<Utc>,
) -> Result<Option<ApiCaller>, StoreError> {
    if !looks_like_token(raw) {
        return Ok(None);
    }
    // The live token and its organiser in one query (every API call starts here).
    let Some(row) = db
        .query_one_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            "SELECT t.id, t.scope, t.last_used_at, o.id AS organiser_id, o.name AS organiser_name \
             FROM api_tokens t JOIN organisers o ON o.id = t.organiser_id \
             WHERE t.token_hash = $1 AND t.revoked_at IS NULL",
            [hash_secret(raw).into()],
        ))
        .await?
    else {
        return Ok(None);
    };
    let token_id: i32 = row.try_get("", "id")?;
    let last_used_at: Option<DateTime<Utc>> = row.try_get("", "last_used_at")?;
    if last_used_at.is_none_or(|at| now - at >= LAST_USED_GRANULARITY) {
        api_token::Entity::update_many()
            .col_expr(api_token::Column::LastUsedAt, Expr::value(now))
            .filter(api_token::Column::Id.eq(token_id))
            .exec(db)
            .await?;
    }
    let scope: String = row.try_get("", "scope")?;
    let (organiser_id, organiser_name): (i32, String) =
        (row.try_get("", "organiser_id")?, row.try_get("", "organiser_name")?);
    // An unknown scope (a newer server's token) may do the least.
    let scope = TokenScope::from_code(&scope).unwrap_or(TokenScope::Scanner);
    Ok(Some(ApiCaller { organiser_id, organiser_name, scope }))
}
