//! The public directory: sub-districts and communities with their workrooms.
use async_graphql::{Context, ID, Object};
use entity::{community, sub_district};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

use super::{
    context::{CtxExt, parse_id},
    pagination::{self, Page},
    types::{Community, SubDistrict},
};
use crate::{authz::Op, error::ApiError};

#[derive(Default)]
pub struct OrgQuery;

#[Object]
impl OrgQuery {
    /// Sub-districts and towns (街道/镇), each with its squad.
    async fn sub_districts(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<SubDistrict>> {
        ctx.allow(Op::ListSubDistricts)?;
        let rows = sub_district::Entity::find()
            .order_by_asc(sub_district::Column::Code)
            .all(&ctx.app().db)
            .await
            .map_err(|e| ctx.fail(e.into()))?;
        Ok(rows.into_iter().map(SubDistrict).collect())
    }

    /// Communities, by name; optionally of one sub-district or matching a search text.
    async fn communities(
        &self,
        ctx: &Context<'_>,
        sub_district_id: Option<ID>,
        search: Option<String>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Page<Community>> {
        ctx.allow(Op::ListCommunities)?;
        let (offset, limit) = pagination::window(ctx, first, after)?;
        let db = &ctx.app().db;
        let mut q = community::Entity::find();
        if let Some(id) = sub_district_id {
            let uuid = parse_id(ctx, &id)?;
            let sd = sub_district::Entity::find()
                .filter(sub_district::Column::Uuid.eq(uuid))
                .one(db)
                .await
                .map_err(|e| ctx.fail(e.into()))?
                .ok_or_else(|| ctx.fail(ApiError::NotFound))?;
            q = q.filter(community::Column::SubDistrictId.eq(sd.id));
        }
        if let Some(s) = search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            let s: String = s.chars().take(50).collect();
            q = q.filter(community::Column::Name.contains(&s));
        }
        let total = q.clone().count(db).await.map_err(|e| ctx.fail(e.into()))?;
        let rows = q
            .order_by_asc(community::Column::Name)
            .order_by_asc(community::Column::Id)
            .offset(offset)
            .limit(limit)
            .all(db)
            .await
            .map_err(|e| ctx.fail(e.into()))?;
        Ok(pagination::page(
            rows.into_iter().map(Community).collect(),
            offset,
            total,
        ))
    }

    /// The communities of the caller's scope (a committee's, a firm's, a squad's, a
    /// district's; a resident's own), by name.
    async fn my_communities(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Page<Community>> {
        let user = ctx.require(Op::MyCommunities)?;
        let (offset, limit) = pagination::window(ctx, first, after)?;
        let db = &ctx.app().db;
        let cond = crate::authz::community_filter(db, user)
            .await
            .map_err(|e| ctx.fail(e))?;
        let q = community::Entity::find().filter(cond);
        let total = q.clone().count(db).await.map_err(|e| ctx.fail(e.into()))?;
        let rows = q
            .order_by_asc(community::Column::Name)
            .order_by_asc(community::Column::Id)
            .offset(offset)
            .limit(limit)
            .all(db)
            .await
            .map_err(|e| ctx.fail(e.into()))?;
        Ok(pagination::page(
            rows.into_iter().map(Community).collect(),
            offset,
            total,
        ))
    }

    async fn community(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Community> {
        ctx.allow(Op::ViewCommunity)?;
        let uuid = parse_id(ctx, &id)?;
        community::Entity::find()
            .filter(community::Column::Uuid.eq(uuid))
            .one(&ctx.app().db)
            .await
            .map_err(|e| ctx.fail(e.into()))?
            .map(Community)
            .ok_or_else(|| ctx.fail(ApiError::NotFound))
    }
}
