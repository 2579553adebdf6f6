//! Connecting to SQLite (WAL, small pool) or PostgreSQL, and migrating.
use std::time::Duration;

use anyhow::Context;
use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbErr,
    RuntimeErr, Statement,
};

use crate::{
    error::ApiError,
    settings::{Backend, Settings},
};

pub async fn connect(settings: &Settings) -> anyhow::Result<DatabaseConnection> {
    connect_with(settings, Some(settings.statement_timeout_ms)).await
}

/// Migrations may run longer than any request should (an index on a large table): their
/// connection has no statement timeout. Closed when the migrations are done.
pub async fn migrate_with_own_connection(settings: &Settings) -> anyhow::Result<()> {
    let db = connect_with(settings, None).await?;
    let done = migrate(&db).await;
    db.close().await.ok();
    done
}

async fn connect_with(
    settings: &Settings,
    statement_timeout_ms: Option<u64>,
) -> anyhow::Result<DatabaseConnection> {
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
    if let Some(ms) = statement_timeout_ms {
        // PostgreSQL only: a statement that waits or runs longer is cancelled, so a stuck
        // lock or a runaway query answers UNAVAILABLE instead of holding the request.
        opts.statement_timeout(Duration::from_millis(ms));
    }
    if backend == Backend::Sqlite {
        // Per connection, so every connection of the pool gets them (a PRAGMA run once
        // reaches only the one connection that ran it). WAL with synchronous=NORMAL keeps
        // every committed transaction through a crash of the process; a power cut may lose
        // the last ones (docs/RELIABILITY.md).
        use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
        opts.map_sqlx_sqlite_opts(|o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5))
        });
    }
    let db = Database::connect(opts)
        .await
        .context("connecting to the database")?;
    Ok(db)
}

pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    Migrator::up(db, None).await.context("running migrations")
}

/// With `migrate_on_start` off the server does not touch the schema (its role may not), but
/// it refuses to start on a schema older than its code.
pub async fn require_migrated(db: &DatabaseConnection) -> anyhow::Result<()> {
    // Read directly: the migrator's own check first creates its table, which this role may
    // not do. A missing table is an unmigrated database; any other error is itself the answer.
    let rows = match db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT version FROM seaql_migrations",
        ))
        .await
    {
        Ok(rows) => rows,
        Err(e) if is_missing_table(&e) => Vec::new(),
        Err(e) => return Err(anyhow::Error::new(e).context("reading the applied migrations")),
    };
    let applied: Vec<String> = rows
        .iter()
        .filter_map(|r| r.try_get::<String>("", "version").ok())
        .collect();
    let pending: Vec<String> = Migrator::migrations()
        .iter()
        .map(|m| m.name().to_string())
        .filter(|name| !applied.contains(name))
        .collect();
    if pending.is_empty() {
        Ok(())
    } else {
        anyhow::bail!(
            "{} migration(s) are not applied (the first: {}): run `gongzhi migrate` as the \
             database's owner role, or set migrate_on_start",
            pending.len(),
            pending[0]
        )
    }
}

/// PostgreSQL's undefined_table (42P01), SQLite's "no such table".
fn is_missing_table(e: &DbErr) -> bool {
    match e {
        DbErr::Exec(RuntimeErr::SqlxError(x)) | DbErr::Query(RuntimeErr::SqlxError(x)) => {
            match x.as_ref() {
                sqlx::Error::Database(d) => {
                    d.code().is_some_and(|c| c == "42P01") || d.message().contains("no such table")
                }
                _ => false,
            }
        }
        _ => false,
    }
}

/// Commits a transaction. A COMMIT that fails without the database's clear refusal (the
/// connection broke, the server died) may have landed or not: the caller hears
/// `OUTCOME_UNKNOWN`, never a failure that would claim nothing was stored.
pub async fn commit(txn: DatabaseTransaction) -> Result<(), ApiError> {
    txn.commit().await.map_err(|e| match &e {
        DbErr::Exec(RuntimeErr::SqlxError(x)) | DbErr::Query(RuntimeErr::SqlxError(x))
            if matches!(x.as_ref(), sqlx::Error::Database(_)) =>
        {
            // The server answered the COMMIT with an error: it rolled back.
            ApiError::from(e)
        }
        _ => ApiError::OutcomeUnknown(anyhow::Error::new(e)),
    })
}

/// True when the database answers within two seconds.
pub async fn is_ready(db: &DatabaseConnection) -> bool {
    matches!(
        tokio::time::timeout(Duration::from_secs(2), db.ping()).await,
        Ok(Ok(()))
    )
}
