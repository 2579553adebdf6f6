//! A supervisor ends an account: its logins are revoked at once, so access stops within
//! the access-token lifetime at the latest (in practice at the next request).
use chrono::Utc;
use entity::{account, committee, property_firm, squad, sub_district};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set, TransactionTrait,
};
use uuid::Uuid;

use super::verify::resident_community;
use crate::{
    audit,
    auth::{AccountStatus, CurrentUser, Role, Scope, sessions},
    error::{ApiError, ApiResult},
    i18n::Msg,
    validation::FieldError,
};

pub async fn deactivate_account(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    target: Uuid,
) -> ApiResult<Result<account::Model, FieldError>> {
    let a = account::Entity::find()
        .filter(account::Column::Uuid.eq(target))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?;
    if !manages(db, actor, &a).await? {
        return Err(ApiError::NotFound);
    }
    if a.id == actor.id {
        return Ok(Err(FieldError::new(
            "accountId",
            "CANNOT_DEACTIVATE_SELF",
            Msg::CannotDeactivateSelf,
        )));
    }
    let txn = db.begin().await?;
    let mut am: account::ActiveModel = a.into();
    am.status = Set(AccountStatus::Deactivated.as_str().into());
    am.updated_at = Set(Utc::now());
    let updated = am.update(&txn).await?;
    sessions::revoke_all(&txn, updated.id).await?;
    audit::record(
        &txn,
        Some(actor.id),
        "account",
        updated.uuid,
        "deactivated",
        serde_json::json!({}),
    )
    .await?;
    crate::db::commit(txn).await?;
    Ok(Ok(updated))
}

/// A district supervisor manages every account of the district; a squad supervisor the
/// squad's officers.
pub(crate) async fn manages(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    a: &account::Model,
) -> ApiResult<bool> {
    match (actor.role, &actor.scope) {
        (Role::Supervisor, Scope::District { district_id }) => {
            Ok(district_of(db, a).await? == Some(*district_id))
        }
        (Role::Supervisor, Scope::Squad { squad_id, .. }) => {
            Ok(a.role == Role::Officer.as_str() && a.squad_id == Some(*squad_id))
        }
        _ => Ok(false),
    }
}

/// The district an account belongs to, whatever its scope kind.
async fn district_of(db: &DatabaseConnection, a: &account::Model) -> ApiResult<Option<i32>> {
    if let Some(d) = a.district_id {
        return Ok(Some(d));
    }
    if let Some(s) = a.squad_id {
        return Ok(squad::Entity::find_by_id(s)
            .one(db)
            .await?
            .map(|s| s.district_id));
    }
    if let Some(f) = a.property_firm_id {
        return Ok(property_firm::Entity::find_by_id(f)
            .one(db)
            .await?
            .map(|f| f.district_id));
    }
    let sub_district_id = if let Some(c) = a.committee_id {
        committee::Entity::find_by_id(c)
            .one(db)
            .await?
            .map(|c| c.sub_district_id)
    } else {
        resident_community(db, a).await?.map(|c| c.sub_district_id)
    };
    sub_district_in(db, sub_district_id).await
}

async fn sub_district_in(db: &impl ConnectionTrait, id: Option<i32>) -> ApiResult<Option<i32>> {
    let Some(id) = id else { return Ok(None) };
    Ok(sub_district::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(|s| s.district_id))
}
