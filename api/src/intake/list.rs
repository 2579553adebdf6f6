//! Lists: the officer's inbox (priority, then time limit), a filer's own items, the items
//! about a committee's or firm's communities, and the open items a filer could join.
use chrono::{Duration, Utc};
use entity::{community, item, matter, unit};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, FromQueryResult,
    IdenStatic, Iterable, JoinType, Order, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    QueryTrait, Select,
    sea_query::{Expr, Func, NullOrdering},
};
use uuid::Uuid;

use super::{
    rules, scope,
    status::{ItemSource, ItemStatus},
};
use crate::{
    auth::{CurrentUser, Scope},
    authz,
    error::{ApiError, ApiResult},
};

#[derive(Default)]
pub struct InboxFilter {
    pub statuses: Option<Vec<ItemStatus>>,
    pub matter_code: Option<String>,
    pub source: Option<ItemSource>,
    pub community: Option<Uuid>,
    pub overdue: Option<bool>,
    pub assigned_to_me: bool,
}

/// The statuses that need the bureau: everything before the reply (also the predicate of the
/// inbox's index, `migration::INBOX_INDEX_STATUSES`; a test holds the two the same).
pub const WORKING: [ItemStatus; 5] = [
    ItemStatus::Submitted,
    ItemStatus::Accepted,
    ItemStatus::Verifying,
    ItemStatus::Resolved,
    ItemStatus::ConvertedToCase,
];

/// A page of items, newest or most pressing first, with the community and matter of each
/// (read in the same query), and how many there are in all.
pub struct Page {
    pub items: Vec<item::Model>,
    pub communities: Vec<community::Model>,
    pub matters: Vec<matter::Model>,
    pub total: u64,
}

pub async fn inbox(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    f: InboxFilter,
    offset: u64,
    limit: u64,
) -> ApiResult<Page> {
    let mut cond = Condition::all().add(scope::handled(actor)?);
    let statuses = f.statuses.unwrap_or_else(|| WORKING.to_vec());
    cond = cond.add(item::Column::Status.is_in(statuses.iter().map(|s| s.as_str())));
    if statuses.iter().all(|s| WORKING.contains(s)) {
        // The partial index's own predicate, word for word: SQLite's planner and a prepared
        // (generic) plan on PostgreSQL use `idx_item_inbox` only when the query says it.
        cond = cond.add(Expr::cust(format!(
            "\"item\".\"status\" IN {}",
            migration::INBOX_INDEX_STATUSES
        )));
    }
    if let Some(code) = f.matter_code.as_deref().filter(|c| !c.is_empty()) {
        let m = matter::Entity::find()
            .filter(matter::Column::Code.eq(code.to_uppercase()))
            .one(db)
            .await?;
        cond = cond.add(item::Column::MatterId.eq(m.map(|m| m.id).unwrap_or(-1)));
    }
    if let Some(s) = f.source {
        cond = cond.add(item::Column::Source.eq(s.as_str()));
    }
    if let Some(c) = f.community {
        let c = community::Entity::find()
            .filter(community::Column::Uuid.eq(c))
            .one(db)
            .await?;
        cond = cond.add(item::Column::CommunityId.eq(c.map(|c| c.id).unwrap_or(-1)));
    }
    if f.assigned_to_me {
        cond = cond.add(item::Column::AssigneeId.eq(actor.id));
    }
    let now = Utc::now();
    let overdue = Condition::any()
        .add(item::Column::DueAt.lt(now))
        .add(item::Column::OnSiteDueAt.lt(now));
    match f.overdue {
        Some(true) => cond = cond.add(overdue),
        Some(false) => cond = cond.add(overdue.not()),
        None => {}
    }
    page(db, cond, offset, limit, true).await
}

pub async fn mine(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    offset: u64,
    limit: u64,
) -> ApiResult<Page> {
    page(
        db,
        scope::filed_or_joined(db, actor).await?,
        offset,
        limit,
        false,
    )
    .await
}

/// Items about the communities in the caller's scope (optionally one community).
pub async fn about_communities(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    community: Option<Uuid>,
    offset: u64,
    limit: u64,
) -> ApiResult<Page> {
    let mut cond = Condition::all().add(scope::visible(db, actor).await?);
    if let Some(c) = community {
        let c = community::Entity::find()
            .filter(community::Column::Uuid.eq(c))
            .one(db)
            .await?
            .ok_or(ApiError::NotFound)?;
        authz::ensure_community_in_scope(db, actor, &c).await?;
        cond = cond.add(item::Column::CommunityId.eq(c.id));
    }
    page(db, cond, offset, limit, false).await
}

async fn page(
    db: &DatabaseConnection,
    cond: Condition,
    offset: u64,
    limit: u64,
    by_priority: bool,
) -> ApiResult<Page> {
    let q = item::Entity::find().filter(cond.clone());
    let q = if by_priority {
        // Then by the earliest clock: the on-site one, where it runs, is always the sooner.
        q.order_by_desc(item::Column::Priority).order_by_with_nulls(
            Func::coalesce([
                Expr::col((item::Entity, item::Column::OnSiteDueAt)),
                Expr::col((item::Entity, item::Column::DueAt)),
            ]),
            Order::Asc,
            NullOrdering::Last,
        )
    } else {
        q.order_by_desc(item::Column::CreatedAt)
    };
    // Each item's community and matter come in the same query (for the request's loader), and
    // one row more than the page says whether there is more.
    let q = q
        .order_by_desc(item::Column::Id)
        .offset(offset)
        .limit(limit + 1)
        .join(
            JoinType::InnerJoin,
            item::Entity::belongs_to(community::Entity)
                .from(item::Column::CommunityId)
                .to(community::Column::Id)
                .into(),
        )
        .join(
            JoinType::LeftJoin,
            item::Entity::belongs_to(matter::Entity)
                .from(item::Column::MatterId)
                .to(matter::Column::Id)
                .into(),
        );
    let q = with_columns_of(
        with_columns_of(q, community::Entity, COMMUNITY),
        matter::Entity,
        MATTER,
    );
    let rows = db.query_all(q.as_query()).await?;
    let mut page = Page {
        items: Vec::with_capacity(rows.len()),
        communities: Vec::with_capacity(rows.len()),
        matters: Vec::with_capacity(rows.len()),
        total: 0,
    };
    for r in rows.iter().take(limit as usize) {
        page.items.push(item::Model::from_query_result(r, "")?);
        page.communities
            .push(community::Model::from_query_result(r, COMMUNITY)?);
        if r.try_get::<Option<i32>>(MATTER, "id")?.is_some() {
            page.matters
                .push(matter::Model::from_query_result(r, MATTER)?);
        }
    }
    let n = page.items.len() as u64;
    // Count only when this page does not already say how many there are: it is full and more
    // follow, or it lies past the end.
    page.total = if rows.len() as u64 > limit || (n == 0 && offset > 0) {
        item::Entity::find().filter(cond).count(db).await?
    } else {
        offset + n
    };
    Ok(page)
}

/// Adds every column of a joined entity, named with `prefix` (read back with
/// `from_query_result(row, prefix)`).
fn with_columns_of<E: EntityTrait>(
    mut q: Select<item::Entity>,
    e: E,
    prefix: &str,
) -> Select<item::Entity> {
    for c in E::Column::iter() {
        q = q.column_as(Expr::col((e, c)), format!("{prefix}{}", c.as_str()));
    }
    q
}

/// Column prefixes of the joined rows in a page.
const COMMUNITY: &str = "c_";
const MATTER: &str = "m_";

/// Open items about the same community (and unit and matter, when given) that a filer
/// could join instead of filing again. Residents see their own community only.
pub async fn similar_open(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    community: Uuid,
    unit: Option<Uuid>,
    matter_code: Option<&str>,
) -> ApiResult<Vec<item::Model>> {
    let c = community::Entity::find()
        .filter(community::Column::Uuid.eq(community))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?;
    let own = match actor.scope {
        Scope::Unit { community_id, .. } => community_id == c.id,
        _ => authz::community_in_scope(db, actor, &c).await?,
    };
    if !own {
        return Err(ApiError::NotFound);
    }
    let mut cond = Condition::all()
        .add(item::Column::CommunityId.eq(c.id))
        .add(item::Column::Kind.ne("SUGGESTION"))
        .add(
            item::Column::Status.is_in(
                [
                    ItemStatus::Submitted,
                    ItemStatus::Accepted,
                    ItemStatus::Verifying,
                ]
                .map(|s| s.as_str()),
            ),
        )
        .add(
            item::Column::CreatedAt
                .gt(Utc::now() - Duration::days(super::file::REPEAT_WINDOW_DAYS)),
        );
    if let Some(u) = unit {
        let u = unit::Entity::find()
            .filter(unit::Column::Uuid.eq(u))
            .one(db)
            .await?;
        cond = cond.add(item::Column::UnitId.eq(u.map(|u| u.id).unwrap_or(-1)));
    }
    // Residents see the hints of their own community; everyone else only what they may see.
    if !matches!(actor.scope, Scope::Unit { .. }) {
        cond = cond.add(scope::visible(db, actor).await?);
    }
    if let Some(code) = matter_code.filter(|c| !c.is_empty()) {
        let m = matter::Entity::find()
            .filter(matter::Column::Code.eq(code.to_uppercase()))
            .one(db)
            .await?;
        cond = cond.add(item::Column::MatterId.eq(m.map(|m| m.id).unwrap_or(-1)));
    }
    Ok(item::Entity::find()
        .filter(cond)
        .order_by_desc(item::Column::FilerCount)
        .order_by_desc(item::Column::CreatedAt)
        .limit(10)
        .all(db)
        .await?)
}

/// Near-due and overdue flags at `now`.
pub fn flags(it: &item::Model) -> (bool, bool) {
    let now = Utc::now();
    let next = rules::next_deadline(it.due_at, it.on_site_due_at);
    (rules::near_due(next, now), rules::overdue(next, now))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_inbox_index_holds_exactly_the_working_statuses() {
        let listed: Vec<String> = WORKING
            .iter()
            .map(|s| format!("'{}'", s.as_str()))
            .collect();
        assert_eq!(
            migration::INBOX_INDEX_STATUSES,
            format!("({})", listed.join(", "))
        );
    }
}
