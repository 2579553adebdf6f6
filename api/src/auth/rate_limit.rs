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

/// Forgets every failure older than the window (keys nobody tries again included).
pub async fn purge(db: &impl ConnectionTrait, limits: &Limits) -> ApiResult<u64> {
    let before = Utc::now() - Duration::seconds(limits.window_secs as i64);
    let r = login_failure::Entity::delete_many()
        .filter(login_failure::Column::At.lt(before))
        .exec(db)
        .await?;
    Ok(r.rows_affected)
}

#[cfg(test)]
mod tests {
    use migration::MigratorTrait;
    use sea_orm::{Database, PaginatorTrait};

    use super::*;

    #[tokio::test]
    async fn old_failures_of_every_key_are_forgotten_and_recent_ones_kept() {
        let db = Database::connect("sqlite::memory:").await.unwrap();
        migration::Migrator::up(&db, None).await.unwrap();
        let limits = Limits {
            max_failures: 3,
            window_secs: 60,
        };
        for (key, age) in [
            ("account:a", 120),
            ("address:1.2.3.4", 3600),
            ("account:b", 10),
        ] {
            login_failure::ActiveModel {
                key: Set(key.into()),
                at: Set(Utc::now() - Duration::seconds(age)),
                ..Default::default()
            }
            .insert(&db)
            .await
            .unwrap();
        }
        assert_eq!(purge(&db, &limits).await.unwrap(), 2);
        assert_eq!(login_failure::Entity::find().count(&db).await.unwrap(), 1);
    }
}
