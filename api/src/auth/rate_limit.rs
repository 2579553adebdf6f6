//! Failed-login limits per account and per client address, kept in the database so that
//! every server process behind the load balancer counts the same failures.
use chrono::{Duration, Utc};
use entity::login_failure;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
};

use crate::error::{ApiError, ApiResult};

pub struct Limits {
    pub max_failures: u32,
    pub window_secs: u64,
}

pub fn account_key(login: &str) -> String {
    format!("account:{}", login.trim().to_lowercase())
}

pub fn address_key(addr: &str) -> String {
    format!("address:{addr}")
}

/// `RATE_LIMITED` when any key has had `max_failures` failures inside the window.
pub async fn check(db: &impl ConnectionTrait, keys: &[String], limits: &Limits) -> ApiResult<()> {
    let since = Utc::now() - Duration::seconds(limits.window_secs as i64);
    for key in keys {
        let n = login_failure::Entity::find()
            .filter(login_failure::Column::Key.eq(key.as_str()))
            .filter(login_failure::Column::At.gt(since))
            .count(db)
            .await?;
        if n >= u64::from(limits.max_failures) {
            return Err(ApiError::RateLimited);
        }
    }
    Ok(())
}

/// Records one failure under each key and forgets failures older than the window.
pub async fn record_failure(
    db: &impl ConnectionTrait,
    keys: &[String],
    limits: &Limits,
) -> ApiResult<()> {
    let now = Utc::now();
    let before = now - Duration::seconds(limits.window_secs as i64);
    for key in keys {
        login_failure::Entity::delete_many()
            .filter(login_failure::Column::Key.eq(key.as_str()))
            .filter(login_failure::Column::At.lt(before))
            .exec(db)
            .await?;
        login_failure::ActiveModel {
            key: Set(key.clone()),
            at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// A successful login clears its account's failures (not its address's).
pub async fn clear(db: &impl ConnectionTrait, key: &str) -> ApiResult<()> {
    login_failure::Entity::delete_many()
        .filter(login_failure::Column::Key.eq(key))
        .exec(db)
        .await?;
    Ok(())
}
