//! Login, refresh-token rotation with reuse detection, logout, and turning an access token
//! into a `CurrentUser`.
use chrono::{DateTime, Duration, Utc};
use entity::{account, refresh_token};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    FromQueryResult, QueryFilter, QuerySelect, Set, TransactionTrait,
    sea_query::{Expr, ExprTrait, Query},
};
use uuid::Uuid;

use super::{
    AccountStatus, CurrentUser, password,
    rate_limit::{self, Limits},
    tokens::{self, TokenKeys},
};
use crate::{
    accounts,
    error::{ApiError, ApiResult},
    i18n::Msg,
    state::AppState,
    validation::FieldError,
};

pub struct Session {
    pub access_token: String,
    pub access_expires_at: DateTime<Utc>,
    pub refresh_token: String,
    pub refresh_expires_at: DateTime<Utc>,
    pub account: account::Model,
}

/// Either a session, or a problem the user can act on.
pub type SessionOutcome = Result<Session, FieldError>;

fn limits(state: &AppState) -> Limits {
    Limits {
        max_failures: state.settings.login_max_failures,
        window_secs: state.settings.login_window_secs,
    }
}

pub async fn login(
    state: &AppState,
    login: &str,
    password_text: &str,
    client_addr: &str,
) -> ApiResult<SessionOutcome> {
    let db = &state.db;
    let normalized = login.trim().to_lowercase();
    let keys = [
        rate_limit::account_key(&normalized),
        rate_limit::address_key(client_addr),
    ];
    rate_limit::check(db, &keys, &limits(state)).await?;

    let found = account::Entity::find()
        .filter(
            Condition::any()
                .add(account::Column::Login.eq(normalized.as_str()))
                .add(account::Column::Phone.eq(normalized.as_str())),
        )
        .one(db)
        .await?;
    let ok = password::verify(
        password_text.to_string(),
        found.as_ref().map(|a| a.password_hash.clone()),
    )
    .await?;
    let Some(acct) = found.filter(|_| ok) else {
        rate_limit::record_failure(db, &keys, &limits(state)).await?;
        return Ok(Err(FieldError::general(
            "INVALID_CREDENTIALS",
            Msg::InvalidCredentials,
        )));
    };
    rate_limit::clear(db, &keys[0]).await?;
    match acct.status.parse()? {
        AccountStatus::Active => {}
        AccountStatus::PendingVerification => {
            return Ok(Err(FieldError::general(
                "ACCOUNT_PENDING",
                Msg::AccountPending,
            )));
        }
        AccountStatus::Rejected | AccountStatus::Deactivated => {
            return Ok(Err(FieldError::general(
                "ACCOUNT_INACTIVE",
                Msg::AccountInactive,
            )));
        }
    }
    let session = start_family(state, db, acct, Uuid::new_v4()).await?;
    Ok(Ok(session))
}

/// Issues an access token and a new refresh token in `family`.
async fn start_family(
    state: &AppState,
    db: &impl ConnectionTrait,
    acct: account::Model,
    family: Uuid,
) -> ApiResult<Session> {
    let now = Utc::now();
    let refresh = tokens::random_token(32);
    let refresh_expires_at = now + Duration::days(state.settings.refresh_token_ttl_days as i64);
    refresh_token::ActiveModel {
        account_id: Set(acct.id),
        family: Set(family),
        token_hash: Set(tokens::hash_refresh(&refresh)),
        expires_at: Set(refresh_expires_at),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let (access, access_expires_at) = state.keys.issue_access(acct.uuid, family, now)?;
    Ok(Session {
        access_token: access,
        access_expires_at,
        refresh_token: refresh,
        refresh_expires_at,
        account: acct,
    })
}

/// Rotates a refresh token. A spent token presented again revokes its whole family: one
/// of the two holders is a thief, and we cannot tell which.
pub async fn refresh(state: &AppState, token: &str) -> ApiResult<SessionOutcome> {
    let invalid = || {
        Ok(Err(FieldError::general(
            "INVALID_REFRESH_TOKEN",
            Msg::InvalidRefreshToken,
        )))
    };
    let txn = state.db.begin().await?;
    let Some(row) = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(tokens::hash_refresh(token)))
        .one(&txn)
        .await?
    else {
        return invalid();
    };
    let now = Utc::now();
    if row.revoked_at.is_some() || row.expires_at <= now {
        return invalid();
    }
    // Spend it only if nobody spent it first: the condition makes concurrent use visible.
    let spent = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::UsedAt, Expr::value(now))
        .filter(refresh_token::Column::Id.eq(row.id))
        .filter(refresh_token::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if spent.rows_affected == 0 {
        revoke_family(&txn, row.family, now).await?;
        crate::db::commit(txn).await?;
        tracing::warn!(family = %row.family, "refresh token reused; family revoked");
        return invalid();
    }
    let Some(acct) = account::Entity::find_by_id(row.account_id)
        .filter(account::Column::Status.eq(AccountStatus::Active.as_str()))
        .one(&txn)
        .await?
    else {
        return invalid();
    };
    let session = start_family(state, &txn, acct, row.family).await?;
    crate::db::commit(txn).await?;
    Ok(Ok(session))
}

pub async fn logout(db: &DatabaseConnection, token: &str) -> ApiResult<()> {
    if let Some(row) = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(tokens::hash_refresh(token)))
        .one(db)
        .await?
    {
        revoke_family(db, row.family, Utc::now()).await?;
    }
    Ok(())
}

async fn revoke_family(
    db: &impl ConnectionTrait,
    family: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(now))
        .filter(refresh_token::Column::Family.eq(family))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Revokes every login of an account (deactivation).
pub async fn revoke_all(db: &impl ConnectionTrait, account_id: i32) -> ApiResult<()> {
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(refresh_token::Column::AccountId.eq(account_id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// The caller behind a bearer token: valid signature and claims, an active account, and a
/// login that was not logged out or revoked. Anything else is `UNAUTHENTICATED`.
pub async fn authenticate(
    db: &DatabaseConnection,
    keys: &TokenKeys,
    token: &str,
) -> ApiResult<CurrentUser> {
    let claims = keys.verify_access(token).ok_or(ApiError::Unauthenticated)?;
    // One query for the account and its login: active, and the login neither logged out nor
    // revoked (this runs on every request).
    let live_login = Query::select()
        .expr(Expr::val(1))
        .from(refresh_token::Entity)
        .and_where(refresh_token::Column::Family.eq(claims.sid))
        .and_where(
            Expr::col((refresh_token::Entity, refresh_token::Column::AccountId))
                .equals((account::Entity, account::Column::Id)),
        )
        .and_where(refresh_token::Column::RevokedAt.is_null())
        .to_owned();
    // The account's own columns and the two its scope needs, in the same query.
    let q = accounts::select_scope_row(account::Entity::find())
        .column(account::Column::Id)
        .column(account::Column::DisplayName)
        .filter(account::Column::Uuid.eq(claims.sub))
        .filter(account::Column::Status.eq(AccountStatus::Active.as_str()))
        .filter(Expr::exists(live_login));
    let caller = q
        .into_model::<Caller>()
        .one(db)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    accounts::user_of_session(caller.id, caller.display_name, &caller.scope, claims.sid)
}

/// Who a valid access token speaks for, read in one query.
#[derive(FromQueryResult)]
struct Caller {
    id: i32,
    display_name: String,
    #[sea_orm(nested)]
    scope: accounts::ScopeRow,
}

/// The caller's account is still active and its login not ended: checked again for
/// long-lived connections (subscriptions), which authenticated only at their start.
pub async fn still_valid(db: &DatabaseConnection, user: &CurrentUser) -> bool {
    let Some(sid) = user.session else {
        return false;
    };
    let active = matches!(
        accounts::find_active_by_uuid(db, user.uuid).await,
        Ok(Some(_))
    );
    let live = refresh_token::Entity::find()
        .filter(refresh_token::Column::Family.eq(sid))
        .filter(refresh_token::Column::AccountId.eq(user.id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .one(db)
        .await
        .is_ok_and(|r| r.is_some());
    active && live
}
