//! Events between server processes. With PostgreSQL every event goes through
//! `pg_notify` and comes back to every process (this one too) through `LISTEN`; with the
//! embedded SQLite (one process) it goes straight to the local subscribers.
use std::time::Duration;

use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;
use uuid::Uuid;

use crate::settings::Backend;

const CHANNEL: &str = "gongzhi_events";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Event {
    /// An account's status or details changed (verified, deactivated, …).
    AccountChanged { account: Uuid },
    /// An item was filed or moved.
    ItemChanged { item: Uuid },
}

#[derive(Clone)]
pub struct EventBus {
    tx: broadcast::Sender<Event>,
    backend: Backend,
}

impl EventBus {
    pub fn new(backend: Backend) -> Self {
        let (tx, _) = broadcast::channel(1024);
        Self { tx, backend }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.tx.subscribe()
    }

    /// Publishes an event after the change it reports has committed. A failure to publish
    /// is logged, never returned: the change itself is already safe.
    pub async fn publish(&self, db: &DatabaseConnection, event: Event) {
        match self.backend {
            Backend::Sqlite => {
                let _ = self.tx.send(event);
            }
            Backend::Postgres => {
                let payload = match serde_json::to_string(&event) {
                    Ok(p) => p,
                    Err(e) => return tracing::error!(error = %e, "event serialisation"),
                };
                let stmt = Statement::from_sql_and_values(
                    db.get_database_backend(),
                    "SELECT pg_notify($1, $2)",
                    [CHANNEL.into(), payload.into()],
                );
                if let Err(e) = db.execute_raw(stmt).await {
                    tracing::error!(error = %e, "pg_notify failed");
                }
            }
        }
    }

    /// With PostgreSQL: listens on the channel and forwards every event to the local
    /// subscribers, reconnecting after a lost connection. Runs until the process ends.
    /// The listener has a connection of its own, outside the pool: a pool connection taken
    /// for LISTEN would never come back (with a pool of one, nothing else could run).
    pub fn spawn_listener(&self, database_url: &str) {
        if self.backend != Backend::Postgres {
            return;
        }
        let url = database_url.to_string();
        let tx = self.tx.clone();
        tokio::spawn(async move {
            loop {
                match sqlx::postgres::PgListener::connect(&url).await {
                    Ok(mut listener) => {
                        if let Err(e) = listener.listen(CHANNEL).await {
                            tracing::warn!(error = %e, "LISTEN failed");
                        } else {
                            loop {
                                match listener.recv().await {
                                    Ok(n) => match serde_json::from_str::<Event>(n.payload()) {
                                        Ok(ev) => {
                                            let _ = tx.send(ev);
                                        }
                                        Err(e) => tracing::warn!(error = %e, "unreadable event"),
                                    },
                                    Err(e) => {
                                        tracing::warn!(error = %e, "event listener lost its connection");
                                        break;
                                    }
                                }
                            }
                        }
                    }
                    Err(e) => tracing::warn!(error = %e, "event listener cannot connect"),
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        });
    }
}
