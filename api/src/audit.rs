//! The append-only record of changes (SPEC §10). Written in the same transaction as the
//! change it records; no API operation updates or deletes it.
use chrono::Utc;
use entity::audit_log;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use uuid::Uuid;

use crate::error::ApiResult;

pub async fn record(
    db: &impl ConnectionTrait,
    actor_id: Option<i32>,
    entity_type: &str,
    entity_uuid: Uuid,
    action: &str,
    detail: serde_json::Value,
) -> ApiResult<()> {
    audit_log::ActiveModel {
        at: Set(Utc::now()),
        actor_id: Set(actor_id),
        entity_type: Set(entity_type.to_string()),
        entity_uuid: Set(entity_uuid),
        action: Set(action.to_string()),
        detail: Set(detail.to_string()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
