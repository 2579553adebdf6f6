//! Failed-login limits per account and per client address, kept in the database so that
//! every server process behind the load balancer counts the same failures.
use chrono::{DateTime, Duration, Utc};
use entity::login_failure;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use crate::{
    error::{ApiError, ApiResult},
    i18n::Msg,
};

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

/// `RATE_LIMITED` when any key has had `max_failures` failures inside the window, with the
/// seconds until the oldest of them leaves it.
pub async fn check(db: &impl ConnectionTrait, keys: &[String], limits: &Limits) -> ApiResult<()> {
    let now = Utc::now();
    let since = now - Duration::seconds(limits.window_secs as i64);
    for key in keys {
        let newest: Vec<DateTime<Utc>> = login_failure::Entity::find()
            .select_only()
            .column(login_failure::Column::At)
            .filter(login_failure::Column::Key.eq(key.as_str()))
            .filter(login_failure::Column::At.gt(since))
            .order_by_desc(login_failure::Column::At)
            .limit(u64::from(limits.max_failures))
            .into_tuple()
            .all(db)
            .await?;
        if let Some(secs) = retry_after(&newest, limits.max_failures, limits.window_secs, now) {
            return Err(ApiError::RateLimited(Msg::RateLimited, secs));
        }
    }
    Ok(())
}

/// A sliding-window limit: given the newest events inside the window (newest first, at most
/// `max` of them), the seconds until one more is allowed, or `None` when it is allowed now.
pub fn retry_after(
    newest_first: &[DateTime<Utc>],
    max: u32,
    window_secs: u64,
    now: DateTime<Utc>,
) -> Option<u64> {
    if max == 0 || newest_first.len() < max as usize {
        return None;
    }
    let oldest_counted = newest_first[max as usize - 1];
    let frees_at = oldest_counted + Duration::seconds(window_secs as i64);
    // Rounded up: a client that waits exactly this long is allowed.
    let ms = (frees_at - now).num_milliseconds().max(0) as u64;
    Some(ms.div_ceil(1000).max(1))
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

    #[test]
    fn the_wait_lasts_until_the_oldest_counted_event_leaves_the_window() {
        let now = Utc::now();
        let ago = |s| now - Duration::seconds(s);
        // Two allowed per minute; events 10 s and 40 s ago: the one 40 s ago frees a place
        // in 20 s.
        assert_eq!(retry_after(&[ago(10), ago(40)], 2, 60, now), Some(20));
        assert_eq!(retry_after(&[ago(10)], 2, 60, now), None);
        // Never less than a second.
        assert_eq!(retry_after(&[ago(10), ago(60)], 2, 60, now), Some(1));
    }
}
