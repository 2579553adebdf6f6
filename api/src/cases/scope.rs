//! Who sees and acts on which cases: the officers and supervisors of the handling unit
//! (a district supervisor: the district). Outside it a case answers `NOT_FOUND`.
use entity::{approval, community, duty_check, enforcement_case as case, matter, squad};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, sea_query::Query,
};
use uuid::Uuid;

use crate::{
    auth::{CurrentUser, Role, Scope},
    error::{ApiError, ApiResult},
};

/// The squads whose cases the caller handles.
pub fn squads(user: &CurrentUser) -> ApiResult<Condition> {
    match (&user.role, &user.scope) {
        (Role::Officer | Role::Supervisor, Scope::Squad { squad_id, .. }) => {
            Ok(Condition::all().add(squad::Column::Id.eq(*squad_id)))
        }
        (Role::Supervisor, Scope::District { district_id }) => {
            Ok(Condition::all().add(squad::Column::DistrictId.eq(*district_id)))
        }
        _ => Err(ApiError::Forbidden),
    }
}

fn squad_ids(user: &CurrentUser) -> ApiResult<sea_orm::sea_query::SelectStatement> {
    Ok(Query::select()
        .column(squad::Column::Id)
        .from(squad::Entity)
        .cond_where(squads(user)?)
        .to_owned())
}

/// Cases the caller handles; for the housing partner, which changes none, the district's
/// cases under illegal-letting matters or in affordable-housing communities (SPEC §1).
pub fn visible(user: &CurrentUser) -> ApiResult<Condition> {
    if let (Role::Housing, Scope::District { district_id }) = (&user.role, &user.scope) {
        return Ok(housing(*district_id));
    }
    Ok(Condition::all().add(case::Column::HandlingSquadId.in_subquery(squad_ids(user)?)))
}

fn housing(district_id: i32) -> Condition {
    Condition::all()
        .add(
            case::Column::HandlingSquadId.in_subquery(
                Query::select()
                    .column(squad::Column::Id)
                    .from(squad::Entity)
                    .and_where(squad::Column::DistrictId.eq(district_id))
                    .to_owned(),
            ),
        )
        .add(
            Condition::any()
                .add(
                    case::Column::MatterId.in_subquery(
                        Query::select()
                            .column(matter::Column::Id)
                            .from(matter::Entity)
                            .and_where(
                                matter::Column::Category
                                    .eq(crate::referrals::affordable::RENTAL_CATEGORY),
                            )
                            .to_owned(),
                    ),
                )
                .add(
                    case::Column::CommunityId.in_subquery(
                        Query::select()
                            .column(community::Column::Id)
                            .from(community::Entity)
                            .and_where(community::Column::AffordableHousing.eq(true))
                            .to_owned(),
                    ),
                ),
        )
}

pub async fn load(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    id: Uuid,
) -> ApiResult<case::Model> {
    case::Entity::find()
        .filter(case::Column::Uuid.eq(id))
        .filter(visible(user)?)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)
}

/// Approvals the caller sees: supervisors, those of their squads; officers, their own
/// requests.
pub fn approvals(user: &CurrentUser) -> ApiResult<Condition> {
    match user.role {
        Role::Supervisor => {
            Ok(Condition::all().add(approval::Column::SquadId.in_subquery(squad_ids(user)?)))
        }
        Role::Officer => Ok(Condition::all()
            .add(approval::Column::SquadId.in_subquery(squad_ids(user)?))
            .add(approval::Column::RequestedBy.eq(user.id))),
        _ => Err(ApiError::Forbidden),
    }
}

/// Duty checks the caller sees: officers, those tied to their cases; a property firm, the
/// checks on itself.
pub fn duty_checks(user: &CurrentUser) -> ApiResult<Condition> {
    match (&user.role, &user.scope) {
        (Role::Property, Scope::PropertyFirm { property_firm_id }) => {
            Ok(Condition::all().add(duty_check::Column::PropertyFirmId.eq(*property_firm_id)))
        }
        (Role::Officer | Role::Supervisor, _) => Ok(Condition::all().add(
            duty_check::Column::OwnerCaseId.in_subquery(
                Query::select()
                    .column(case::Column::Id)
                    .from(case::Entity)
                    .cond_where(visible(user)?)
                    .to_owned(),
            ),
        )),
        _ => Err(ApiError::Forbidden),
    }
}
