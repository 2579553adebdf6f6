//! An item goes to the squad of its community's sub-district (SPEC §5 ACCEPTED).
use anyhow::anyhow;
use entity::{account, community, community_workroom, squad, sub_district, workroom_officer};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, sea_query::Query,
};

use crate::error::{ApiError, ApiResult};

/// The squad for a community: its sub-district's, else the district bureau's own.
pub async fn squad_for(db: &impl ConnectionTrait, c: &community::Model) -> ApiResult<i32> {
    if let Some(s) = squad::Entity::find()
        .filter(squad::Column::SubDistrictId.eq(c.sub_district_id))
        .one(db)
        .await?
    {
        return Ok(s.id);
    }
    let sd = sub_district::Entity::find_by_id(c.sub_district_id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::Internal(anyhow!("community {} has no sub-district", c.uuid)))?;
    squad::Entity::find()
        .filter(squad::Column::DistrictId.eq(sd.district_id))
        .filter(squad::Column::SubDistrictId.is_null())
        .one(db)
        .await?
        .map(|s| s.id)
        .ok_or_else(|| ApiError::Internal(anyhow!("no squad for community {}", c.uuid)))
}

/// The community workroom's officer (城管社区工作室) who takes the item first: the
/// active officer of the workroom assigned longest ago. None when the workroom has none.
pub async fn workroom_officer(
    db: &impl ConnectionTrait,
    c: &community::Model,
) -> ApiResult<Option<i32>> {
    let Some(room) = community_workroom::Entity::find()
        .filter(community_workroom::Column::CommunityId.eq(c.id))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let officer = account::Entity::find()
        .filter(
            account::Column::Id.in_subquery(
                Query::select()
                    .column(workroom_officer::Column::AccountId)
                    .from(workroom_officer::Entity)
                    .and_where(workroom_officer::Column::WorkroomId.eq(room.id))
                    .to_owned(),
            ),
        )
        .filter(account::Column::Status.eq("ACTIVE"))
        .filter(account::Column::Role.is_in(["OFFICER", "SUPERVISOR"]))
        .order_by_asc(account::Column::Id)
        .one(db)
        .await?;
    Ok(officer.map(|o| o.id))
}
