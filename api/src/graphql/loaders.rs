//! Rows the resolvers of one request need by id, fetched in one query per kind however many
//! items a page holds (DataLoader: no query per row), or read beside the page itself and fed
//! in (`prime`). One loader and its cache per request, so nothing is cached across requests
//! and every process sees the database as it is.
use std::{collections::HashMap, sync::Arc};

use async_graphql::{
    Context,
    dataloader::{DataLoader, HashMapCache, Loader},
};
use entity::{community, matter};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use super::context::{CtxExt, db_err};
use crate::error::ApiError;

pub struct Rows {
    db: DatabaseConnection,
}

pub type RowLoader = DataLoader<Rows, HashMapCache>;

/// The request's loader (batched in the same tick, 1 ms at most), with a cache that lives as
/// long as the request.
pub fn new(db: DatabaseConnection) -> RowLoader {
    DataLoader::with_cache(Rows { db }, tokio::spawn, HashMapCache::default())
}

/// Gives the request's loader rows already read (a page's communities and matters), so the
/// resolvers find them without another query.
pub async fn prime(
    ctx: &Context<'_>,
    communities: Vec<community::Model>,
    matters: Vec<matter::Model>,
) {
    if let Some(l) = ctx.data_opt::<RowLoader>() {
        l.feed_many(communities.into_iter().map(|c| (CommunityId(c.id), c)))
            .await;
        l.feed_many(matters.into_iter().map(|m| (MatterId(m.id), m)))
            .await;
    }
}

#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq)]
pub struct CommunityId(pub i32);

#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq)]
pub struct MatterId(pub i32);

impl Loader<CommunityId> for Rows {
    type Value = community::Model;
    type Error = Arc<sea_orm::DbErr>;

    async fn load(
        &self,
        keys: &[CommunityId],
    ) -> Result<HashMap<CommunityId, community::Model>, Self::Error> {
        Ok(community::Entity::find()
            .filter(community::Column::Id.is_in(keys.iter().map(|k| k.0)))
            .all(&self.db)
            .await
            .map_err(Arc::new)?
            .into_iter()
            .map(|c| (CommunityId(c.id), c))
            .collect())
    }
}

impl Loader<MatterId> for Rows {
    type Value = matter::Model;
    type Error = Arc<sea_orm::DbErr>;

    async fn load(
        &self,
        keys: &[MatterId],
    ) -> Result<HashMap<MatterId, matter::Model>, Self::Error> {
        Ok(matter::Entity::find()
            .filter(matter::Column::Id.is_in(keys.iter().map(|k| k.0)))
            .all(&self.db)
            .await
            .map_err(Arc::new)?
            .into_iter()
            .map(|m| (MatterId(m.id), m))
            .collect())
    }
}

fn unwrap_db(ctx: &Context<'_>, e: Arc<sea_orm::DbErr>) -> async_graphql::Error {
    // Shared by every key of the failed batch; its class (unavailable or not) must survive.
    let unavailable = crate::error::is_unavailable(&e);
    let e = Arc::try_unwrap(e).unwrap_or_else(|e| sea_orm::DbErr::Custom(e.to_string()));
    if unavailable {
        return ctx.fail(ApiError::Unavailable(anyhow::Error::new(e)));
    }
    db_err(ctx, e)
}

/// A community by row id, through the request's loader (directly where there is none, as in
/// a subscription's stream).
pub async fn community(
    ctx: &Context<'_>,
    id: i32,
) -> async_graphql::Result<Option<community::Model>> {
    match ctx.data_opt::<RowLoader>() {
        Some(l) => l
            .load_one(CommunityId(id))
            .await
            .map_err(|e| unwrap_db(ctx, e)),
        None => community::Entity::find_by_id(id)
            .one(&ctx.app().db)
            .await
            .map_err(|e| db_err(ctx, e)),
    }
}

/// A matter by row id, as `community`.
pub async fn matter(ctx: &Context<'_>, id: i32) -> async_graphql::Result<Option<matter::Model>> {
    match ctx.data_opt::<RowLoader>() {
        Some(l) => l
            .load_one(MatterId(id))
            .await
            .map_err(|e| unwrap_db(ctx, e)),
        None => matter::Entity::find_by_id(id)
            .one(&ctx.app().db)
            .await
            .map_err(|e| db_err(ctx, e)),
    }
}
