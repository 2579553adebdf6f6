//! Patrol coverage (SPEC §9, the figures of 勤务) and an officer's day.
//!
//! Coverage per community of the caller's scope over a period: planned visits (plan entries
//! on days of the period), visits done (distinct days with a check-in), the last check-in
//! (ever) and the days since, findings recorded in the period, and the items received in the
//! period found by patrol (source `PATROL`) versus by complaint (source `CITIZEN_COMPLAINT`).
use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use entity::{
    community, enforcement_case as case, item, patrol, patrol_checkin, patrol_finding, patrol_plan,
    patrol_plan_entry, patrol_plan_officer,
};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::{
    auth::{CurrentUser, Scope},
    authz,
    error::{ApiError, ApiResult},
    figures,
    i18n::Msg,
    intake::rules::shanghai,
};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Coverage {
    pub planned: i64,
    pub done: i64,
    pub last_visit: Option<DateTime<Utc>>,
    pub days_since_visit: Option<i64>,
    pub findings: i64,
    pub by_patrol: i64,
    pub by_complaint: i64,
}

/// Coverage of every community of the caller's scope over `[from, to]`, most planned first.
pub async fn coverage(
    db: &DatabaseConnection,
    user: &CurrentUser,
    from: NaiveDate,
    to: NaiveDate,
) -> ApiResult<Vec<(community::Model, Coverage)>> {
    if !figures::date_in_range(from)
        || !figures::date_in_range(to)
        || to < from
        || (to - from).num_days() >= figures::MAX_PERIOD_DAYS
    {
        return Err(ApiError::Validation(Msg::FigurePeriodInvalid));
    }
    let cond = authz::community_filter(db, user).await?;
    let communities = community::Entity::find().filter(cond).all(db).await?;
    let ids: Vec<i32> = communities.iter().map(|c| c.id).collect();
    let (a, b) = (
        figures::midnight(from),
        figures::midnight(to + Duration::days(1)),
    );
    let sh = shanghai();
    let mut cov: HashMap<i32, Coverage> = ids.iter().map(|i| (*i, Coverage::default())).collect();

    for e in patrol_plan_entry::Entity::find()
        .filter(patrol_plan_entry::Column::CommunityId.is_in(ids.clone()))
        .filter(patrol_plan_entry::Column::OnDay.gte(from))
        .filter(patrol_plan_entry::Column::OnDay.lte(to))
        .all(db)
        .await?
    {
        if let Some(c) = cov.get_mut(&e.community_id) {
            c.planned += 1;
        }
    }
    let checkins = patrol_checkin::Entity::find()
        .filter(patrol_checkin::Column::CommunityId.is_in(ids.clone()))
        .filter(patrol_checkin::Column::At.lt(b))
        .all(db)
        .await?;
    let mut days: HashSet<(i32, NaiveDate)> = HashSet::new();
    for k in &checkins {
        let day = k.at.with_timezone(&sh).date_naive();
        if k.at >= a {
            days.insert((k.community_id, day));
        }
        if let Some(c) = cov.get_mut(&k.community_id)
            && c.last_visit.is_none_or(|l| l < k.at)
        {
            c.last_visit = Some(k.at);
        }
    }
    for (cid, _) in days {
        if let Some(c) = cov.get_mut(&cid) {
            c.done += 1;
        }
    }
    // Findings of the period, by the community of the item they became or joined.
    let findings = patrol_finding::Entity::find()
        .filter(patrol_finding::Column::CreatedAt.gte(a))
        .filter(patrol_finding::Column::CreatedAt.lt(b))
        .all(db)
        .await?;
    let found_items: HashMap<i32, i32> = item::Entity::find()
        .filter(item::Column::Id.is_in(findings.iter().map(|f| f.item_id)))
        .filter(item::Column::CommunityId.is_in(ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|i| (i.id, i.community_id))
        .collect();
    for f in &findings {
        if let Some(c) = found_items.get(&f.item_id).and_then(|cid| cov.get_mut(cid)) {
            c.findings += 1;
        }
    }
    for it in item::Entity::find()
        .filter(item::Column::CommunityId.is_in(ids))
        .filter(item::Column::CreatedAt.gte(a))
        .filter(item::Column::CreatedAt.lt(b))
        .filter(item::Column::Source.is_in(["PATROL", "CITIZEN_COMPLAINT"]))
        .all(db)
        .await?
    {
        if let Some(c) = cov.get_mut(&it.community_id) {
            if it.source == "PATROL" {
                c.by_patrol += 1;
            } else {
                c.by_complaint += 1;
            }
        }
    }
    let today = figures::today();
    let mut out: Vec<(community::Model, Coverage)> = communities
        .into_iter()
        .map(|c| {
            let mut v = cov.remove(&c.id).unwrap_or_default();
            v.days_since_visit = v
                .last_visit
                .map(|t| (today - t.with_timezone(&sh).date_naive()).num_days());
            (c, v)
        })
        .collect();
    out.sort_by(|x, y| {
        y.1.planned
            .cmp(&x.1.planned)
            .then_with(|| x.0.name.cmp(&y.0.name))
    });
    Ok(out)
}

/// An officer's day: today's planned visits with the caller on them, and re-checks (回头看)
/// of the squad's closed cases due within `RECHECK_AHEAD_DAYS`.
pub const RECHECK_AHEAD_DAYS: i64 = 7;

pub struct Day {
    pub visits: Vec<(patrol_plan_entry::Model, community::Model)>,
    pub rechecks: Vec<(case::Model, community::Model)>,
    /// Patrols the caller is on that have not ended.
    pub open_patrols: Vec<patrol::Model>,
    /// Items assigned to the caller whose clock runs out within a day, or has (soonest first,
    /// at most 30).
    pub due_items: Vec<item::Model>,
}

pub async fn today(db: &DatabaseConnection, user: &CurrentUser) -> ApiResult<Day> {
    let Scope::Squad { squad_id, .. } = user.scope else {
        return Err(ApiError::Forbidden);
    };
    let today = figures::today();
    let mine: Vec<i32> = patrol_plan_officer::Entity::find()
        .filter(patrol_plan_officer::Column::AccountId.eq(user.id))
        .all(db)
        .await?
        .into_iter()
        .map(|o| o.entry_id)
        .collect();
    let plans: Vec<i32> = patrol_plan::Entity::find()
        .filter(patrol_plan::Column::SquadId.eq(squad_id))
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect();
    let entries = patrol_plan_entry::Entity::find()
        .filter(patrol_plan_entry::Column::Id.is_in(mine))
        .filter(patrol_plan_entry::Column::PlanId.is_in(plans))
        .filter(patrol_plan_entry::Column::OnDay.eq(today))
        .all(db)
        .await?;
    let cases = case::Entity::find()
        .filter(case::Column::HandlingSquadId.eq(squad_id))
        .filter(case::Column::RecheckDueAt.lt(figures::midnight(
            today + Duration::days(RECHECK_AHEAD_DAYS + 1),
        )))
        .order_by_asc(case::Column::RecheckDueAt)
        .all(db)
        .await?;
    let cids: Vec<i32> = entries
        .iter()
        .map(|e| e.community_id)
        .chain(cases.iter().map(|c| c.community_id))
        .collect();
    let communities: HashMap<i32, community::Model> = community::Entity::find()
        .filter(community::Column::Id.is_in(cids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let on: Vec<i32> = entity::patrol_officer::Entity::find()
        .filter(entity::patrol_officer::Column::AccountId.eq(user.id))
        .all(db)
        .await?
        .into_iter()
        .map(|o| o.patrol_id)
        .collect();
    let open_patrols = patrol::Entity::find()
        .filter(patrol::Column::Id.is_in(on))
        .filter(patrol::Column::EndedAt.is_null())
        .order_by_desc(patrol::Column::StartedAt)
        .all(db)
        .await?;
    let due_items = item::Entity::find()
        .filter(item::Column::AssigneeId.eq(user.id))
        .filter(item::Column::Status.is_in([
            "SUBMITTED",
            "ACCEPTED",
            "VERIFYING",
            "RESOLVED",
            "CONVERTED_TO_CASE",
        ]))
        .filter(
            item::Column::DueAt
                .lt(Utc::now() + Duration::hours(crate::intake::rules::NEAR_DUE_HOURS)),
        )
        .order_by_asc(item::Column::DueAt)
        .limit(30)
        .all(db)
        .await?;
    Ok(Day {
        due_items,
        visits: entries
            .into_iter()
            .filter_map(|e| communities.get(&e.community_id).cloned().map(|c| (e, c)))
            .collect(),
        rechecks: cases
            .into_iter()
            .filter_map(|k| communities.get(&k.community_id).cloned().map(|c| (k, c)))
            .collect(),
        open_patrols,
    })
}
