//! Historical stock (历史存量): an officer marks a point (unit + matter) with the reason;
//! repeats there no longer require an owner case and a duty check.
use chrono::Utc;
use entity::{historical_stock, item};
use sea_orm::{ActiveModelTrait, DatabaseConnection, Set, TransactionTrait};
use uuid::Uuid;

use crate::{
    audit,
    auth::CurrentUser,
    error::ApiResult,
    i18n::Msg,
    intake::{self, NewEvent, record_event},
    validation::{FieldError, Problems},
};

pub async fn mark(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    id: Uuid,
    reason: &str,
) -> ApiResult<Result<item::Model, Vec<FieldError>>> {
    let mut p = Problems::default();
    let reason = p.text("reason", reason, 1000);
    if !p.is_empty() {
        return Ok(Err(p.0));
    }
    let it = intake::scope::load_visible(db, actor, id).await?;
    intake::scope::ensure_handles(db, actor, &it).await?;
    let (Some(unit), Some(matter)) = (it.unit_id, it.matter_id) else {
        return Ok(Err(vec![FieldError::new(
            "itemId",
            "NO_POINT",
            Msg::StockNeedsPoint,
        )]));
    };
    if super::rules::is_historical_stock(db, unit, matter).await? {
        return Ok(Ok(it));
    }
    let txn = db.begin().await?;
    let inserted = historical_stock::ActiveModel {
        unit_id: Set(unit),
        matter_id: Set(matter),
        reason: Set(reason.clone()),
        marked_by: Set(actor.id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    match inserted {
        Ok(_) => {}
        // Marked by someone else a moment ago: the point is stock either way.
        Err(e) if crate::accounts::is_unique_violation(&e) => return Ok(Ok(it)),
        Err(e) => return Err(e.into()),
    }
    record_event(
        &txn,
        &it,
        Some(actor),
        NewEvent {
            action: "HISTORICAL_STOCK",
            from: None,
            to: None,
            note: Some(reason.clone()),
            filer_visible: false,
        },
    )
    .await?;
    audit::record(
        &txn,
        Some(actor.id),
        "item",
        it.uuid,
        "HISTORICAL_STOCK",
        serde_json::json!({"reason": reason}),
    )
    .await?;
    crate::db::commit(txn).await?;
    Ok(Ok(it))
}
