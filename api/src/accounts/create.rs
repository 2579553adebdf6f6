//! A supervisor creates staff and partner accounts, each bound to its scope.
use chrono::Utc;
use entity::{account, committee, district, property_firm, squad, sub_district};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set,
    TransactionTrait,
};
use uuid::Uuid;

use super::register::{is_unique_violation, phone_taken};
use crate::{
    audit,
    auth::{AccountStatus, CurrentUser, Role, Scope, password},
    error::{ApiError, ApiResult},
    i18n::Msg,
    validation::{FieldError, Problems},
};

pub struct NewAccount {
    pub login: String,
    pub display_name: String,
    pub phone: Option<String>,
    pub password: String,
    pub role: Role,
    /// The squad (officers; squad supervisors).
    pub squad: Option<Uuid>,
    /// The committee (committee accounts).
    pub committee: Option<Uuid>,
    /// The property firm (property accounts).
    pub property_firm: Option<Uuid>,
}

/// Scope columns of a new account, checked against the actor's own scope.
#[derive(Default)]
struct ScopeCols {
    district_id: Option<i32>,
    squad_id: Option<i32>,
    committee_id: Option<i32>,
    property_firm_id: Option<i32>,
}

pub async fn create_account(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    input: NewAccount,
) -> ApiResult<Result<account::Model, Vec<FieldError>>> {
    let mut p = Problems::default();
    let login = p.login("login", &input.login);
    let name = p.text("displayName", &input.display_name, 40);
    p.password("password", &input.password);
    let phone = input
        .phone
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(|s| p.phone("phone", s));
    if input.role == Role::Resident {
        // Residents register themselves and are verified by their committee.
        return Err(ApiError::Forbidden);
    }
    let scope = resolve_scope(db, actor, &input, &mut p).await?;
    if p.is_empty()
        && account::Entity::find()
            .filter(account::Column::Login.eq(login.as_str()))
            .one(db)
            .await?
            .is_some()
    {
        p.push("login", "LOGIN_TAKEN", Msg::LoginTaken);
    }
    if let Some(ph) = &phone
        && p.is_empty()
        && phone_taken(db, ph).await?
    {
        p.push("phone", "PHONE_TAKEN", Msg::PhoneTaken);
    }
    let (Some(cols), true) = (scope, p.is_empty()) else {
        return Ok(Err(p.0));
    };
    let hash = password::hash(input.password).await?;
    let now = Utc::now();
    let txn = db.begin().await?;
    let created = account::ActiveModel {
        uuid: Set(Uuid::new_v4()),
        login: Set(login),
        phone: Set(phone),
        display_name: Set(name),
        password_hash: Set(hash),
        role: Set(input.role.as_str().into()),
        status: Set(AccountStatus::Active.as_str().into()),
        district_id: Set(cols.district_id),
        squad_id: Set(cols.squad_id),
        committee_id: Set(cols.committee_id),
        property_firm_id: Set(cols.property_firm_id),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let created = match created {
        Ok(a) => a,
        Err(e) if is_unique_violation(&e) => {
            return Ok(Err(vec![FieldError::new(
                "login",
                "LOGIN_TAKEN",
                Msg::LoginTaken,
            )]));
        }
        Err(e) => return Err(e.into()),
    };
    audit::record(
        &txn,
        Some(actor.id),
        "account",
        created.uuid,
        "created",
        serde_json::json!({"role": input.role.as_str(), "login": created.login}),
    )
    .await?;
    crate::db::commit(txn).await?;
    Ok(Ok(created))
}

/// Works out the new account's scope. A squad supervisor may only create officers of the
/// squad; a district supervisor any role inside the district.
async fn resolve_scope(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    input: &NewAccount,
    p: &mut Problems,
) -> ApiResult<Option<ScopeCols>> {
    let (actor_district, actor_squad) = match actor.scope {
        Scope::District { district_id } => (district_id, None),
        Scope::Squad {
            squad_id,
            district_id,
        } => (district_id, Some(squad_id)),
        _ => return Err(ApiError::Forbidden),
    };
    if actor_squad.is_some() && input.role != Role::Officer {
        return Err(ApiError::Forbidden);
    }
    let mut cols = ScopeCols::default();
    match input.role {
        Role::Officer | Role::Supervisor if input.squad.is_some() || actor_squad.is_some() => {
            let squad = match input.squad {
                Some(u) => {
                    squad::Entity::find()
                        .filter(squad::Column::Uuid.eq(u))
                        .one(db)
                        .await?
                }
                None => None,
            };
            match squad {
                Some(s)
                    if s.district_id == actor_district
                        && actor_squad.is_none_or(|id| id == s.id) =>
                {
                    cols.squad_id = Some(s.id)
                }
                _ => p.push("squadId", "UNKNOWN_SQUAD", Msg::UnknownSquad),
            }
        }
        Role::Officer => p.push("squadId", "REQUIRED", Msg::ScopeMismatch),
        Role::Supervisor | Role::Housing => {
            district::Entity::find_by_id(actor_district)
                .one(db)
                .await?
                .ok_or(ApiError::NotFound)?;
            cols.district_id = Some(actor_district);
        }
        Role::Committee => {
            let c = match input.committee {
                Some(u) => {
                    committee::Entity::find()
                        .filter(committee::Column::Uuid.eq(u))
                        .one(db)
                        .await?
                }
                None => None,
            };
            let in_district = match &c {
                Some(c) => sub_district::Entity::find_by_id(c.sub_district_id)
                    .one(db)
                    .await?
                    .is_some_and(|sd| sd.district_id == actor_district),
                None => false,
            };
            match c {
                Some(c) if in_district => cols.committee_id = Some(c.id),
                _ => p.push("committeeId", "UNKNOWN_COMMITTEE", Msg::UnknownCommittee),
            }
        }
        Role::Property => {
            let f = match input.property_firm {
                Some(u) => {
                    property_firm::Entity::find()
                        .filter(property_firm::Column::Uuid.eq(u))
                        .one(db)
                        .await?
                }
                None => None,
            };
            match f {
                Some(f) if f.district_id == actor_district => cols.property_firm_id = Some(f.id),
                _ => p.push(
                    "propertyFirmId",
                    "UNKNOWN_PROPERTY_FIRM",
                    Msg::UnknownPropertyFirm,
                ),
            }
        }
        Role::Resident => return Err(ApiError::Forbidden),
    }
    Ok(p.is_empty().then_some(cols))
}
