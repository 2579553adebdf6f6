use anyhow::anyhow;
use entity::{account, building, squad, unit};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, sea_query::Query};
use uuid::Uuid;

use crate::{
    auth::{AccountStatus, CurrentUser, Role, Scope},
    error::{ApiError, ApiResult},
};

/// The scope an account is bound to, from its role and scope columns.
pub async fn scope_of(db: &impl ConnectionTrait, a: &account::Model) -> ApiResult<Scope> {
    let role: Role = a.role.parse()?;
    let broken = || ApiError::Internal(anyhow!("account {} has no scope for role {role}", a.uuid));
    Ok(match role {
        Role::Resident => {
            let unit_id = a.unit_id.ok_or_else(broken)?;
            // The home's building in one query (this runs on every request of a resident).
            let b = building::Entity::find()
                .filter(
                    building::Column::Id.in_subquery(
                        Query::select()
                            .column(unit::Column::BuildingId)
                            .from(unit::Entity)
                            .and_where(unit::Column::Id.eq(unit_id))
                            .to_owned(),
                    ),
                )
                .one(db)
                .await?
                .ok_or_else(broken)?;
            Scope::Unit {
                unit_id,
                community_id: b.community_id,
            }
        }
        Role::Committee => Scope::Committee {
            committee_id: a.committee_id.ok_or_else(broken)?,
        },
        Role::Property => Scope::PropertyFirm {
            property_firm_id: a.property_firm_id.ok_or_else(broken)?,
        },
        Role::Officer | Role::Supervisor if a.squad_id.is_some() => {
            let squad_id = a.squad_id.ok_or_else(broken)?;
            let s = squad::Entity::find_by_id(squad_id)
                .one(db)
                .await?
                .ok_or_else(broken)?;
            Scope::Squad {
                squad_id,
                district_id: s.district_id,
            }
        }
        Role::Officer => return Err(broken()),
        Role::Supervisor | Role::Housing => Scope::District {
            district_id: a.district_id.ok_or_else(broken)?,
        },
    })
}

pub async fn current_user_of(
    db: &impl ConnectionTrait,
    a: &account::Model,
) -> ApiResult<CurrentUser> {
    Ok(CurrentUser {
        id: a.id,
        uuid: a.uuid,
        role: a.role.parse()?,
        scope: scope_of(db, a).await?,
        display_name: a.display_name.clone(),
        session: None,
    })
}

pub async fn find_active_by_uuid(
    db: &impl ConnectionTrait,
    uuid: Uuid,
) -> ApiResult<Option<account::Model>> {
    Ok(account::Entity::find()
        .filter(account::Column::Uuid.eq(uuid))
        .filter(account::Column::Status.eq(AccountStatus::Active.as_str()))
        .one(db)
        .await?)
}
