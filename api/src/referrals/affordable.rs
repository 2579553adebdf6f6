//! The affordable-housing series (保障性租赁住房, SPEC §6 rule 4): for each community flagged as
//! affordable rental housing in the caller's scope, its illegal-letting items and cases, joint
//! actions and re-checks due — what the housing partner and the supervisors follow.
use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use entity::{community, enforcement_case as case, item, joint_action, matter};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::Query,
};

use crate::{
    auth::CurrentUser,
    authz,
    error::{ApiError, ApiResult},
    figures::{MAX_PERIOD_DAYS, date_in_range, midnight},
    i18n::Msg,
};

/// The matter category of illegal letting (群租, 违规出租, B1–B9).
pub const RENTAL_CATEGORY: &str = "ILLEGAL_RENTAL";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub community: community::Model,
    /// Illegal-letting items received in the period.
    pub items: i64,
    /// Illegal-letting items not yet resolved (whenever received).
    pub open_items: i64,
    /// Cases under those matters filed in the period.
    pub cases: i64,
    /// Cases under those matters not closed (whenever filed).
    pub open_cases: i64,
    /// Joint actions held in the period.
    pub joint_actions: i64,
    /// Joint-action units whose re-check is due by the period's end and not done.
    pub rechecks_due: i64,
}

fn rental_matters() -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .column(matter::Column::Id)
        .from(matter::Entity)
        .and_where(matter::Column::Category.eq(RENTAL_CATEGORY))
        .to_owned()
}

/// The series for `from..=to` (Shanghai days, at most a year), busiest first.
pub async fn series(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    from: NaiveDate,
    to: NaiveDate,
) -> ApiResult<Vec<Row>> {
    if to < from
        || (to - from).num_days() >= MAX_PERIOD_DAYS
        || !date_in_range(from)
        || !date_in_range(to)
    {
        return Err(ApiError::Validation(Msg::FigurePeriodInvalid));
    }
    let (start, end) = (midnight(from), midnight(to + Duration::days(1)));
    let communities = community::Entity::find()
        .filter(community::Column::AffordableHousing.eq(true))
        .filter(authz::community_filter(db, user).await?)
        .order_by_asc(community::Column::Name)
        .all(db)
        .await?;
    let ids: Vec<i32> = communities.iter().map(|c| c.id).collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let by = |rows: Vec<(i32, i64)>| rows.into_iter().collect::<HashMap<i32, i64>>();
    let items_q = || {
        item::Entity::find()
            .select_only()
            .column(item::Column::CommunityId)
            .column_as(item::Column::Id.count(), "n")
            .filter(item::Column::CommunityId.is_in(ids.clone()))
            .filter(item::Column::MatterId.in_subquery(rental_matters()))
            .filter(item::Column::Kind.ne("SUGGESTION"))
            .group_by(item::Column::CommunityId)
    };
    let items = by(items_q()
        .filter(item::Column::CreatedAt.gte(start))
        .filter(item::Column::CreatedAt.lt(end))
        .into_tuple()
        .all(db)
        .await?);
    let open_items = by(items_q()
        .filter(item::Column::Status.is_in(["SUBMITTED", "ACCEPTED", "VERIFYING"]))
        .into_tuple()
        .all(db)
        .await?);
    let cases_q = || {
        case::Entity::find()
            .select_only()
            .column(case::Column::CommunityId)
            .column_as(case::Column::Id.count(), "n")
            .filter(case::Column::CommunityId.is_in(ids.clone()))
            .filter(case::Column::MatterId.in_subquery(rental_matters()))
            .group_by(case::Column::CommunityId)
    };
    let cases = by(cases_q()
        .filter(case::Column::FiledAt.gte(start))
        .filter(case::Column::FiledAt.lt(end))
        .into_tuple()
        .all(db)
        .await?);
    let open_cases = by(cases_q()
        .filter(case::Column::Stage.ne("CLOSED"))
        .into_tuple()
        .all(db)
        .await?);
    let actions = by(joint_action::Entity::find()
        .select_only()
        .column(joint_action::Column::CommunityId)
        .column_as(joint_action::Column::Id.count(), "n")
        .filter(joint_action::Column::CommunityId.is_in(ids.clone()))
        .filter(joint_action::Column::ActionOn.gte(from))
        .filter(joint_action::Column::ActionOn.lte(to))
        .group_by(joint_action::Column::CommunityId)
        .into_tuple()
        .all(db)
        .await?);
    let rechecks = by(super::joint::rechecks_due(db, &ids, to).await?);
    let get = |m: &HashMap<i32, i64>, id| m.get(&id).copied().unwrap_or(0);
    let mut rows: Vec<Row> = communities
        .into_iter()
        .map(|c| Row {
            items: get(&items, c.id),
            open_items: get(&open_items, c.id),
            cases: get(&cases, c.id),
            open_cases: get(&open_cases, c.id),
            joint_actions: get(&actions, c.id),
            rechecks_due: get(&rechecks, c.id),
            community: c,
        })
        .collect();
    // Busiest first; the order of names otherwise (a stable sort keeps it).
    rows.sort_by_key(|r| std::cmp::Reverse((r.open_items + r.open_cases, r.items + r.cases)));
    Ok(rows)
}
