//! Connecting to SQLite (WAL, small pool) or PostgreSQL, and migrating.
use std::time::Duration;

use anyhow::Context;
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection};

use crate::settings::{Backend, Settings};

pub async fn connect(settings: &Settings) -> anyhow::Result<DatabaseConnection> {
    let backend = settings.backend()?;
    if backend == Backend::Sqlite && settings.is_embedded_default() {
        std::fs::create_dir_all(&settings.data_dir)
            .with_context(|| format!("creating {}", settings.data_dir.display()))?;
    }
    let mut opts = ConnectOptions::new(settings.effective_database_url());
    let max = match backend {
        // One writer at a time anyway; a few readers beside it under WAL.
        Backend::Sqlite => settings.database_max_connections.min(4),
        Backend::Postgres => settings.database_max_connections,
    };
    opts.max_connections(max)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(5))
        .sqlx_logging(false);
    let db = Database::connect(opts)
        .await
        .context("connecting to the database")?;
    if backend == Backend::Sqlite {
        for pragma in [
            "PRAGMA journal_mode = WAL",
            "PRAGMA synchronous = NORMAL",
            "PRAGMA foreign_keys = ON",
            "PRAGMA busy_timeout = 5000",
        ] {
            db.execute_unprepared(pragma).await.context(pragma)?;
        }
    }
    Ok(db)
}

pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    Migrator::up(db, None).await.context("running migrations")
}

/// True when the database answers within two seconds.
pub async fn is_ready(db: &DatabaseConnection) -> bool {
    matches!(
        tokio::time::timeout(Duration::from_secs(2), db.ping()).await,
        Ok(Ok(()))
    )
}
