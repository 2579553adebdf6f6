//! Account lists: a committee's residents waiting for verification; a supervisor's staff.
use entity::{account, building, committee, community, property_firm, squad, sub_district, unit};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait, Query},
};

use crate::{
    auth::{AccountStatus, CurrentUser, Role, Scope},
    authz,
    error::{ApiError, ApiResult},
};

pub enum AccountFilter {
    /// Residents waiting for verification in the caller's communities.
    PendingResidents,
    /// Staff and partner accounts the caller manages, optionally of one role.
    Staff(Option<Role>),
}

/// One page (`offset`, `limit`) of accounts and the total count.
pub async fn list_accounts(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    filter: AccountFilter,
    offset: u64,
    limit: u64,
) -> ApiResult<(Vec<account::Model>, u64)> {
    let cond = match filter {
        AccountFilter::PendingResidents => {
            let communities = authz::community_filter(db, actor).await?;
            Condition::all()
                .add(account::Column::Role.eq(Role::Resident.as_str()))
                .add(account::Column::Status.eq(AccountStatus::PendingVerification.as_str()))
                .add(
                    account::Column::UnitId.in_subquery(
                        Query::select()
                            .column((unit::Entity, unit::Column::Id))
                            .from(unit::Entity)
                            .inner_join(
                                building::Entity,
                                Expr::col((building::Entity, building::Column::Id))
                                    .equals((unit::Entity, unit::Column::BuildingId)),
                            )
                            .inner_join(
                                community::Entity,
                                Expr::col((community::Entity, community::Column::Id))
                                    .equals((building::Entity, building::Column::CommunityId)),
                            )
                            .cond_where(communities)
                            .to_owned(),
                    ),
                )
        }
        AccountFilter::Staff(role) => {
            let mut c = staff_condition(actor)?;
            if let Some(r) = role {
                c = c.add(account::Column::Role.eq(r.as_str()));
            }
            c
        }
    };
    let q = account::Entity::find().filter(cond);
    let total = q.clone().count(db).await?;
    let rows = q
        .order_by_asc(account::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?;
    Ok((rows, total))
}

/// Staff and partners of a district supervisor's district; a squad supervisor's officers.
fn staff_condition(actor: &CurrentUser) -> ApiResult<Condition> {
    let not_resident = account::Column::Role.ne(Role::Resident.as_str());
    match (actor.role, &actor.scope) {
        (Role::Supervisor, Scope::Squad { squad_id, .. }) => Ok(Condition::all()
            .add(account::Column::SquadId.eq(*squad_id))
            .add(account::Column::Role.eq(Role::Officer.as_str()))),
        (Role::Supervisor, Scope::District { district_id }) => {
            let d = *district_id;
            let sub_districts = Query::select()
                .column(sub_district::Column::Id)
                .from(sub_district::Entity)
                .and_where(sub_district::Column::DistrictId.eq(d))
                .to_owned();
            Ok(Condition::all().add(not_resident).add(
                Condition::any()
                    .add(account::Column::DistrictId.eq(d))
                    .add(
                        account::Column::SquadId.in_subquery(
                            Query::select()
                                .column(squad::Column::Id)
                                .from(squad::Entity)
                                .and_where(squad::Column::DistrictId.eq(d))
                                .to_owned(),
                        ),
                    )
                    .add(
                        account::Column::PropertyFirmId.in_subquery(
                            Query::select()
                                .column(property_firm::Column::Id)
                                .from(property_firm::Entity)
                                .and_where(property_firm::Column::DistrictId.eq(d))
                                .to_owned(),
                        ),
                    )
                    .add(
                        account::Column::CommitteeId.in_subquery(
                            Query::select()
                                .column(committee::Column::Id)
                                .from(committee::Entity)
                                .and_where(
                                    committee::Column::SubDistrictId.in_subquery(sub_districts),
                                )
                                .to_owned(),
                        ),
                    ),
            ))
        }
        _ => Err(ApiError::Forbidden),
    }
}
