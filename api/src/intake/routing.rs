//! An item goes to the squad of its community's sub-district (SPEC §5 ACCEPTED).
use anyhow::anyhow;
use entity::{community, squad, sub_district};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

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
