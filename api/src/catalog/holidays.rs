//! The holiday calendar as data: loaded into a `Calendar`, extended by a supervisor.
use chrono::NaiveDate;
use entity::holiday;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set, TransactionTrait,
};
use uuid::Uuid;

use super::calendar::{Calendar, DayKind};
use crate::{
    audit,
    auth::CurrentUser,
    error::ApiResult,
    validation::{FieldError, Problems},
};

pub async fn load_calendar(db: &impl ConnectionTrait) -> ApiResult<Calendar> {
    let rows = holiday::Entity::find().all(db).await?;
    Ok(Calendar::new(rows.into_iter().filter_map(|h| {
        DayKind::parse(&h.kind).map(|k| (h.day, k))
    })))
}

/// Sets (or, with `kind = None`, removes) the exception for one day.
pub async fn set_holiday(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    day: NaiveDate,
    kind: Option<DayKind>,
    name: &str,
) -> ApiResult<Result<Option<holiday::Model>, Vec<FieldError>>> {
    let mut p = Problems::default();
    let name = if kind.is_some() {
        p.text("name", name, 100)
    } else {
        name.trim().to_string()
    };
    if !p.is_empty() {
        return Ok(Err(p.0));
    }
    let txn = db.begin().await?;
    let existing = holiday::Entity::find()
        .filter(holiday::Column::Day.eq(day))
        .one(&txn)
        .await?;
    let saved = match (existing, kind) {
        (Some(h), None) => {
            holiday::Entity::delete_by_id(h.id).exec(&txn).await?;
            None
        }
        (None, None) => None,
        (Some(h), Some(k)) => {
            let mut am: holiday::ActiveModel = h.into();
            am.kind = Set(k.as_str().into());
            am.name = Set(name);
            Some(am.update(&txn).await?)
        }
        (None, Some(k)) => Some(
            holiday::ActiveModel {
                day: Set(day),
                kind: Set(k.as_str().into()),
                name: Set(name),
                ..Default::default()
            }
            .insert(&txn)
            .await?,
        ),
    };
    // Calendar days have no UUID of their own; the audit keys them by a name-based UUID.
    let key = Uuid::new_v5(&Uuid::NAMESPACE_OID, format!("holiday:{day}").as_bytes());
    audit::record(
        &txn,
        Some(actor.id),
        "holiday",
        key,
        "set",
        serde_json::json!({"day": day.to_string(), "kind": kind.map(DayKind::as_str)}),
    )
    .await?;
    crate::db::commit(txn).await?;
    Ok(Ok(saved))
}
