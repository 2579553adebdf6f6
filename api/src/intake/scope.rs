//! Who sees which items, and who sees who filed them (SPEC §10).
use entity::{community, item, item_filer, matter, squad};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    sea_query::Query,
};

use crate::{
    auth::{CurrentUser, Role, Scope},
    authz,
    error::{ApiError, ApiResult},
};

/// Items the caller filed or joined.
fn filed_by(user: &CurrentUser) -> Condition {
    Condition::all().add(
        item::Column::Id.in_subquery(
            Query::select()
                .column(item_filer::Column::ItemId)
                .from(item_filer::Entity)
                .and_where(item_filer::Column::AccountId.eq(user.id))
                .to_owned(),
        ),
    )
}

/// Items about the communities of the caller's scope.
async fn about_communities(db: &impl ConnectionTrait, user: &CurrentUser) -> ApiResult<Condition> {
    let communities = authz::community_filter(db, user).await?;
    Ok(Condition::all().add(
        item::Column::CommunityId.in_subquery(
            Query::select()
                .column(community::Column::Id)
                .from(community::Entity)
                .cond_where(communities)
                .to_owned(),
        ),
    ))
}

/// Items routed to the squads an officer or supervisor works for.
fn handled_by(user: &CurrentUser) -> ApiResult<Condition> {
    match &user.scope {
        Scope::Squad { squad_id, .. } => {
            Ok(Condition::all().add(item::Column::SquadId.eq(*squad_id)))
        }
        Scope::District { district_id } => Ok(Condition::all().add(
            item::Column::SquadId.in_subquery(
                Query::select()
                    .column(squad::Column::Id)
                    .from(squad::Entity)
                    .and_where(squad::Column::DistrictId.eq(*district_id))
                    .to_owned(),
            ),
        )),
        _ => Err(ApiError::Forbidden),
    }
}

/// The items the caller filed or joined, among those they may see. Every role that files
/// sees what it filed, except officers and supervisors, who see their squads' items.
pub async fn filed_or_joined(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
) -> ApiResult<Condition> {
    Ok(match user.role {
        Role::Resident | Role::Committee | Role::Property | Role::Housing => filed_by(user),
        Role::Officer | Role::Supervisor => Condition::all()
            .add(filed_by(user))
            .add(visible(db, user).await?),
    })
}

/// Every item the caller may see.
pub async fn visible(db: &impl ConnectionTrait, user: &CurrentUser) -> ApiResult<Condition> {
    Ok(match user.role {
        Role::Resident => filed_by(user),
        Role::Committee | Role::Property => Condition::any()
            .add(filed_by(user))
            .add(about_communities(db, user).await?),
        Role::Officer | Role::Supervisor => handled_by(user)?,
        // The housing partner follows the rental and affordable-housing items of its district,
        // and the items referred to or by it.
        Role::Housing => Condition::any()
            .add(filed_by(user))
            .add(match user.scope {
                Scope::District { district_id } => Condition::all().add(
                    item::Column::Id
                        .in_subquery(crate::referrals::housing_referred_items(district_id)),
                ),
                _ => Condition::all().add(item::Column::Id.eq(-1)),
            })
            .add(housing_matters(db, user).await?),
    })
}

/// The rental and affordable-housing items of the housing partner's district.
async fn housing_matters(db: &impl ConnectionTrait, user: &CurrentUser) -> ApiResult<Condition> {
    Ok(Condition::all()
        .add(about_communities(db, user).await?)
        .add(
            Condition::any()
                .add(
                    item::Column::MatterId.in_subquery(
                        Query::select()
                            .column(matter::Column::Id)
                            .from(matter::Entity)
                            .and_where(matter::Column::Category.eq("ILLEGAL_RENTAL"))
                            .to_owned(),
                    ),
                )
                .add(
                    item::Column::CommunityId.in_subquery(
                        Query::select()
                            .column(community::Column::Id)
                            .from(community::Entity)
                            .and_where(community::Column::AffordableHousing.eq(true))
                            .to_owned(),
                    ),
                ),
        ))
}

/// The items the caller handles (officers and supervisors): their inbox.
pub fn handled(user: &CurrentUser) -> ApiResult<Condition> {
    handled_by(user)
}

/// The item, if the caller may see it; `NOT_FOUND` otherwise (existence not confirmed).
pub async fn load_visible(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    uuid: uuid::Uuid,
) -> ApiResult<item::Model> {
    item::Entity::find()
        .filter(item::Column::Uuid.eq(uuid))
        .filter(visible(db, user).await?)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)
}

pub async fn is_filer(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    item_id: i32,
) -> ApiResult<bool> {
    Ok(item_filer::Entity::find()
        .filter(item_filer::Column::ItemId.eq(item_id))
        .filter(item_filer::Column::AccountId.eq(user.id))
        .count(db)
        .await?
        > 0)
}

/// Who filed an item is shown to the person who filed it and to the handling officers —
/// never to a committee, a property firm or the housing partner (SPEC §10), and an
/// anonymous filer is hidden from everyone else too.
pub fn may_see_filer(user: &CurrentUser, it: &item::Model) -> bool {
    user.id == it.filer_id || matches!(user.role, Role::Officer | Role::Supervisor)
}

/// Officers and supervisors act on the items routed to them.
pub async fn ensure_handles(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    it: &item::Model,
) -> ApiResult<()> {
    let n = item::Entity::find()
        .filter(item::Column::Id.eq(it.id))
        .filter(handled_by(user)?)
        .count(db)
        .await?;
    if n == 0 {
        Err(ApiError::NotFound)
    } else {
        Ok(())
    }
}
