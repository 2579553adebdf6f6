//! A resident registers with phone, password and home; the committee verifies later.
use chrono::Utc;
use entity::{account, unit};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    Set, TransactionTrait,
};
use uuid::Uuid;

use crate::{
    audit,
    auth::{AccountStatus, Role, password},
    error::ApiResult,
    i18n::Msg,
    validation::{FieldError, Problems},
};

pub struct NewResident {
    pub phone: String,
    pub password: String,
    pub display_name: String,
    pub unit: Uuid,
}

pub async fn register_resident(
    db: &DatabaseConnection,
    input: NewResident,
) -> ApiResult<Result<account::Model, Vec<FieldError>>> {
    let mut p = Problems::default();
    let phone = p.phone("phone", &input.phone);
    p.password("password", &input.password);
    let name = p.text("displayName", &input.display_name, 40);
    let unit = unit::Entity::find()
        .filter(unit::Column::Uuid.eq(input.unit))
        .one(db)
        .await?;
    if unit.is_none() {
        p.push("unitId", "UNKNOWN_UNIT", Msg::UnknownUnit);
    }
    if p.is_empty() && phone_taken(db, &phone).await? {
        p.push("phone", "PHONE_TAKEN", Msg::PhoneTaken);
    }
    let (Some(unit), true) = (unit, p.is_empty()) else {
        return Ok(Err(p.0));
    };
    let hash = password::hash(input.password).await?;
    let now = Utc::now();
    let txn = db.begin().await?;
    let created = account::ActiveModel {
        uuid: Set(Uuid::new_v4()),
        login: Set(phone.clone()),
        phone: Set(Some(phone)),
        display_name: Set(name),
        password_hash: Set(hash),
        role: Set(Role::Resident.as_str().into()),
        status: Set(AccountStatus::PendingVerification.as_str().into()),
        unit_id: Set(Some(unit.id)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let created = match created {
        Ok(a) => a,
        // Lost a race with another registration of the same phone.
        Err(e) if is_unique_violation(&e) => {
            return Ok(Err(vec![FieldError::new(
                "phone",
                "PHONE_TAKEN",
                Msg::PhoneTaken,
            )]));
        }
        Err(e) => return Err(e.into()),
    };
    audit::record(
        &txn,
        Some(created.id),
        "account",
        created.uuid,
        "registered",
        serde_json::json!({"role": "RESIDENT", "unit": input.unit}),
    )
    .await?;
    crate::db::commit(txn).await?;
    Ok(Ok(created))
}

pub(crate) async fn phone_taken(db: &DatabaseConnection, phone: &str) -> ApiResult<bool> {
    Ok(account::Entity::find()
        .filter(
            sea_orm::Condition::any()
                .add(account::Column::Login.eq(phone))
                .add(account::Column::Phone.eq(phone)),
        )
        .count(db)
        .await?
        > 0)
}

pub(crate) fn is_unique_violation(e: &sea_orm::DbErr) -> bool {
    matches!(
        e.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}
