//! The committee (or a supervisor) confirms that a registered resident lives where they say.
use chrono::Utc;
use entity::{account, building, community, unit};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set,
    TransactionTrait,
};
use uuid::Uuid;

use crate::{
    audit,
    auth::{AccountStatus, CurrentUser, Role},
    authz,
    error::{ApiError, ApiResult},
    i18n::Msg,
    validation::FieldError,
};

/// The community a resident account lives in.
pub(crate) async fn resident_community(
    db: &DatabaseConnection,
    a: &account::Model,
) -> ApiResult<Option<community::Model>> {
    let Some(unit_id) = a.unit_id else {
        return Ok(None);
    };
    let Some(u) = unit::Entity::find_by_id(unit_id).one(db).await? else {
        return Ok(None);
    };
    let Some(b) = building::Entity::find_by_id(u.building_id).one(db).await? else {
        return Ok(None);
    };
    Ok(community::Entity::find_by_id(b.community_id)
        .one(db)
        .await?)
}

pub async fn verify_resident(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    resident: Uuid,
    approve: bool,
) -> ApiResult<Result<account::Model, FieldError>> {
    let a = account::Entity::find()
        .filter(account::Column::Uuid.eq(resident))
        .filter(account::Column::Role.eq(Role::Resident.as_str()))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?;
    let c = resident_community(db, &a)
        .await?
        .ok_or(ApiError::NotFound)?;
    authz::ensure_community_in_scope(db, actor, &c).await?;
    if a.status != AccountStatus::PendingVerification.as_str() {
        return Ok(Err(FieldError::new(
            "accountId",
            "NOT_PENDING",
            Msg::NotPending,
        )));
    }
    let status = if approve {
        AccountStatus::Active
    } else {
        AccountStatus::Rejected
    };
    let now = Utc::now();
    let txn = db.begin().await?;
    let mut am: account::ActiveModel = a.into();
    am.status = Set(status.as_str().into());
    am.verified_by = Set(Some(actor.id));
    am.verified_at = Set(Some(now));
    am.updated_at = Set(now);
    let updated = am.update(&txn).await?;
    audit::record(
        &txn,
        Some(actor.id),
        "account",
        updated.uuid,
        if approve { "verified" } else { "rejected" },
        serde_json::json!({"status": status.as_str()}),
    )
    .await?;
    crate::db::commit(txn).await?;
    Ok(Ok(updated))
}
