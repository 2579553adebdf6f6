use anyhow::anyhow;
use entity::{account, building, squad, unit};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QuerySelect, Select,
    sea_query::{Expr, ExprTrait, Query},
};
use uuid::Uuid;

use crate::{
    auth::{AccountStatus, CurrentUser, Role, Scope},
    error::{ApiError, ApiResult},
};

/// The scope columns of an account, with the two ids its scope also needs: the community of
/// a resident's home and the district of an officer's squad.
#[derive(Debug, Clone, FromQueryResult)]
pub struct ScopeRow {
    pub uuid: Uuid,
    pub role: String,
    pub district_id: Option<i32>,
    pub squad_id: Option<i32>,
    pub committee_id: Option<i32>,
    pub property_firm_id: Option<i32>,
    pub unit_id: Option<i32>,
    pub home_community_id: Option<i32>,
    pub squad_district_id: Option<i32>,
}

/// `(SELECT building.community_id FROM unit JOIN building … WHERE unit.id = account.unit_id)`
pub fn home_community_expr() -> Expr {
    Expr::SubQuery(
        None,
        Box::new(
            Query::select()
                .column((building::Entity, building::Column::CommunityId))
                .from(unit::Entity)
                .inner_join(
                    building::Entity,
                    Expr::col((building::Entity, building::Column::Id))
                        .equals((unit::Entity, unit::Column::BuildingId)),
                )
                .and_where(
                    Expr::col((unit::Entity, unit::Column::Id))
                        .equals((account::Entity, account::Column::UnitId)),
                )
                .to_owned()
                .into(),
        ),
    )
}

/// `(SELECT squad.district_id FROM squad WHERE squad.id = account.squad_id)`
pub fn squad_district_expr() -> Expr {
    Expr::SubQuery(
        None,
        Box::new(
            Query::select()
                .column((squad::Entity, squad::Column::DistrictId))
                .from(squad::Entity)
                .and_where(
                    Expr::col((squad::Entity, squad::Column::Id))
                        .equals((account::Entity, account::Column::SquadId)),
                )
                .to_owned()
                .into(),
        ),
    )
}

/// Selects an account's `ScopeRow` columns (its own and the two looked-up ids).
pub fn select_scope_row(q: Select<account::Entity>) -> Select<account::Entity> {
    q.select_only()
        .columns([
            account::Column::Uuid,
            account::Column::Role,
            account::Column::DistrictId,
            account::Column::SquadId,
            account::Column::CommitteeId,
            account::Column::PropertyFirmId,
            account::Column::UnitId,
        ])
        .expr_as(home_community_expr(), "home_community_id")
        .expr_as(squad_district_expr(), "squad_district_id")
}

/// The scope an account is bound to, from its role and scope columns (a query only when the
/// scope needs an id from another table).
pub async fn scope_of(db: &impl ConnectionTrait, a: &account::Model) -> ApiResult<Scope> {
    let mut row = ScopeRow {
        uuid: a.uuid,
        role: a.role.clone(),
        district_id: a.district_id,
        squad_id: a.squad_id,
        committee_id: a.committee_id,
        property_firm_id: a.property_firm_id,
        unit_id: a.unit_id,
        home_community_id: None,
        squad_district_id: None,
    };
    // Only a unit (a resident's home) or a squad needs an id from another table.
    if (a.unit_id.is_some() || a.squad_id.is_some())
        && let Some(r) = select_scope_row(account::Entity::find_by_id(a.id))
            .into_model::<ScopeRow>()
            .one(db)
            .await?
    {
        row.home_community_id = r.home_community_id;
        row.squad_district_id = r.squad_district_id;
    }
    scope_from(&row)
}

/// The scope from a `ScopeRow`; an account whose role lacks its scope is a broken row.
pub fn scope_from(a: &ScopeRow) -> ApiResult<Scope> {
    let role: Role = a.role.parse()?;
    let broken = || ApiError::Internal(anyhow!("account {} has no scope for role {role}", a.uuid));
    Ok(match role {
        Role::Resident => Scope::Unit {
            unit_id: a.unit_id.ok_or_else(broken)?,
            community_id: a.home_community_id.ok_or_else(broken)?,
        },
        Role::Committee => Scope::Committee {
            committee_id: a.committee_id.ok_or_else(broken)?,
        },
        Role::Property => Scope::PropertyFirm {
            property_firm_id: a.property_firm_id.ok_or_else(broken)?,
        },
        Role::Officer | Role::Supervisor if a.squad_id.is_some() => Scope::Squad {
            squad_id: a.squad_id.ok_or_else(broken)?,
            district_id: a.squad_district_id.ok_or_else(broken)?,
        },
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

/// The caller of a session from its account's `ScopeRow` (read with the session check).
pub fn user_of_session(
    id: i32,
    display_name: String,
    row: &ScopeRow,
    session: Uuid,
) -> ApiResult<CurrentUser> {
    Ok(CurrentUser {
        id,
        uuid: row.uuid,
        role: row.role.parse()?,
        scope: scope_from(row)?,
        display_name,
        session: Some(session),
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
