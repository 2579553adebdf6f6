//! Duty and patrols (勤务, SPEC §9): the suggested roster (`roster.rs`) and patrol plans.
//!
//! A plan belongs to one squad: its visits are communities routed to that squad, on days of
//! the plan's period, each with at least two active officers of the squad (enforcement steps
//! need two, 行政处罚法 §42). Squad supervisors plan for their squad; the district bureau's
//! supervisors for any squad of the district. Officers read their squad's plans.
pub mod coverage;
pub mod log;
pub mod roster;

use std::collections::{HashMap, HashSet};

use chrono::{Duration, NaiveDate, Utc};
use entity::{
    account, community, enforcement_case as case, hotspot, item, patrol_checkin, patrol_plan,
    patrol_plan_entry, patrol_plan_officer, renovation, squad,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};
use uuid::Uuid;

use crate::{
    audit,
    auth::{CurrentUser, Role, Scope},
    authz,
    error::{ApiError, ApiResult},
    figures,
    i18n::Msg,
    intake::routing,
    validation::{FieldError, Problems},
};

/// The longest period one plan covers.
pub const MAX_PLAN_DAYS: i64 = 92;
/// Officers on each planned visit, at least.
pub const MIN_OFFICERS: usize = 2;

/// Communities of the caller's scope ranked for patrols over `[from, to]`.
pub async fn suggest(
    db: &DatabaseConnection,
    user: &CurrentUser,
    from: NaiveDate,
    to: NaiveDate,
) -> ApiResult<Vec<(roster::Ranked, community::Model)>> {
    check_period(from, to).map_err(ApiError::Validation)?;
    let cond = authz::community_filter(db, user).await?;
    let communities: HashMap<i32, community::Model> = community::Entity::find()
        .filter(cond)
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let ids: Vec<i32> = communities.keys().copied().collect();
    let now = Utc::now();
    let count_by = |rows: Vec<(i32, i64)>| rows.into_iter().collect::<HashMap<i32, i64>>();
    let open = count_by(
        item::Entity::find()
            .select_only()
            .column(item::Column::CommunityId)
            .column_as(item::Column::Id.count(), "n")
            .filter(item::Column::CommunityId.is_in(ids.clone()))
            .filter(item::Column::Status.is_in(["SUBMITTED", "ACCEPTED", "VERIFYING"]))
            .group_by(item::Column::CommunityId)
            .into_tuple()
            .all(db)
            .await?,
    );
    let repeats = count_by(
        item::Entity::find()
            .select_only()
            .column(item::Column::CommunityId)
            .column_as(item::Column::Id.count(), "n")
            .filter(item::Column::CommunityId.is_in(ids.clone()))
            .filter(item::Column::RepeatOfId.is_not_null())
            .filter(item::Column::CreatedAt.gte(now - Duration::days(90)))
            .group_by(item::Column::CommunityId)
            .into_tuple()
            .all(db)
            .await?,
    );
    let renovations = count_by(
        renovation::Entity::find()
            .select_only()
            .column(renovation::Column::CommunityId)
            .column_as(renovation::Column::Id.count(), "n")
            .filter(renovation::Column::CommunityId.is_in(ids.clone()))
            .filter(renovation::Column::HighRisk.eq(true))
            .filter(renovation::Column::Status.eq("STARTED"))
            .group_by(renovation::Column::CommunityId)
            .into_tuple()
            .all(db)
            .await?,
    );
    let rechecks = count_by(
        case::Entity::find()
            .select_only()
            .column(case::Column::CommunityId)
            .column_as(case::Column::Id.count(), "n")
            .filter(case::Column::CommunityId.is_in(ids.clone()))
            .filter(case::Column::RecheckDueAt.lt(figures::midnight(to + Duration::days(1))))
            .group_by(case::Column::CommunityId)
            .into_tuple()
            .all(db)
            .await?,
    );
    // A hotspot plan's measures not done by the end of the period are due visits too.
    let mut rechecks = rechecks;
    let hotspots = hotspot::Entity::find()
        .filter(hotspot::Column::CommunityId.is_in(ids.clone()))
        .all(db)
        .await?;
    let plans = entity::rectification_plan::Entity::find()
        .filter(entity::rectification_plan::Column::HotspotId.is_in(hotspots.iter().map(|h| h.id)))
        .all(db)
        .await?;
    for m in entity::plan_measure::Entity::find()
        .filter(entity::plan_measure::Column::PlanId.is_in(plans.iter().map(|p| p.id)))
        .filter(entity::plan_measure::Column::DoneOn.is_null())
        .filter(entity::plan_measure::Column::DueOn.lte(to))
        .all(db)
        .await?
    {
        let community = plans
            .iter()
            .find(|p| p.id == m.plan_id)
            .and_then(|p| hotspots.iter().find(|h| h.id == p.hotspot_id))
            .map(|h| h.community_id);
        if let Some(c) = community {
            *rechecks.entry(c).or_default() += 1;
        }
    }
    // Units of joint actions (联合执法) whose re-check is due by the period's end.
    for (c, n) in crate::referrals::joint::rechecks_due(db, &ids, to).await? {
        *rechecks.entry(c).or_default() += n;
    }
    let hot: HashSet<i32> = hotspot::Entity::find()
        .filter(hotspot::Column::CommunityId.is_in(ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .filter(|h| h.starts_on <= to && h.ends_on.is_none_or(|e| from <= e))
        .map(|h| h.community_id)
        .collect();
    let last: HashMap<i32, Option<chrono::DateTime<Utc>>> = patrol_checkin::Entity::find()
        .select_only()
        .column(patrol_checkin::Column::CommunityId)
        .column_as(patrol_checkin::Column::At.max(), "last")
        .filter(patrol_checkin::Column::CommunityId.is_in(ids))
        .group_by(patrol_checkin::Column::CommunityId)
        .into_tuple::<(i32, Option<chrono::DateTime<Utc>>)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let today = figures::today();
    let sh = crate::intake::rules::shanghai();
    let risks = communities
        .values()
        .map(|c| roster::Risk {
            community_id: c.id,
            name: c.name.clone(),
            open_items: open.get(&c.id).copied().unwrap_or(0),
            repeats: repeats.get(&c.id).copied().unwrap_or(0),
            hotspot: hot.contains(&c.id),
            high_risk_renovations: renovations.get(&c.id).copied().unwrap_or(0),
            rechecks_due: rechecks.get(&c.id).copied().unwrap_or(0),
            days_since_patrol: last
                .get(&c.id)
                .copied()
                .flatten()
                .map(|t| (today - t.with_timezone(&sh).date_naive()).num_days()),
        })
        .collect();
    Ok(roster::rank(risks)
        .into_iter()
        .filter_map(|r| {
            communities
                .get(&r.risk.community_id)
                .cloned()
                .map(|c| (r, c))
        })
        .collect())
}

fn check_period(from: NaiveDate, to: NaiveDate) -> Result<(), Msg> {
    if !figures::date_in_range(from)
        || !figures::date_in_range(to)
        || to < from
        || (to - from).num_days() >= MAX_PLAN_DAYS
    {
        return Err(Msg::PatrolPeriodInvalid);
    }
    Ok(())
}

pub struct VisitSpec {
    pub community: Uuid,
    pub on_day: NaiveDate,
    pub officers: Vec<Uuid>,
}

pub struct PlanSpec {
    /// A squad supervisor's own squad by default; for a district supervisor, the squad the
    /// first visit's community is routed to.
    pub squad: Option<Uuid>,
    pub title: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub visits: Vec<VisitSpec>,
}

/// The squad a supervisor plans for.
async fn plan_squad(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    asked: Option<Uuid>,
    first_visit: Option<Uuid>,
) -> ApiResult<squad::Model> {
    if user.role != Role::Supervisor {
        return Err(ApiError::Forbidden);
    }
    match (&user.scope, asked) {
        (Scope::Squad { squad_id, .. }, None) => squad::Entity::find_by_id(*squad_id)
            .one(db)
            .await?
            .ok_or(ApiError::NotFound),
        (Scope::Squad { squad_id, .. }, Some(u)) => squad::Entity::find()
            .filter(squad::Column::Uuid.eq(u))
            .filter(squad::Column::Id.eq(*squad_id))
            .one(db)
            .await?
            .ok_or(ApiError::NotFound),
        (Scope::District { district_id }, Some(u)) => squad::Entity::find()
            .filter(squad::Column::Uuid.eq(u))
            .filter(squad::Column::DistrictId.eq(*district_id))
            .one(db)
            .await?
            .ok_or(ApiError::NotFound),
        (Scope::District { district_id }, None) => {
            let c = match first_visit {
                Some(u) => {
                    community::Entity::find()
                        .filter(community::Column::Uuid.eq(u))
                        .one(db)
                        .await?
                }
                None => None,
            };
            let Some(c) = c else {
                return Err(ApiError::Validation(Msg::SquadRequired));
            };
            let s = squad::Entity::find_by_id(routing::squad_for(db, &c).await?)
                .one(db)
                .await?
                .ok_or(ApiError::NotFound)?;
            if s.district_id != *district_id {
                return Err(ApiError::NotFound);
            }
            Ok(s)
        }
        _ => Err(ApiError::Forbidden),
    }
}

/// A supervisor's plan: every visit checked, then stored in one transaction (nothing when any
/// visit is wrong).
pub async fn create_plan(
    db: &DatabaseConnection,
    user: &CurrentUser,
    spec: PlanSpec,
) -> ApiResult<Result<patrol_plan::Model, Vec<FieldError>>> {
    let squad = plan_squad(
        db,
        user,
        spec.squad,
        spec.visits.first().map(|v| v.community),
    )
    .await?;
    let mut p = Problems::default();
    let title = p.text("title", &spec.title, 100);
    if let Err(m) = check_period(spec.starts_on, spec.ends_on) {
        p.push("endsOn", "PERIOD_INVALID", m);
    }
    if spec.visits.is_empty() {
        p.push("visits", "REQUIRED", Msg::Required);
    }
    if spec.visits.len() > 500 {
        p.push("visits", "TOO_LONG", Msg::TooLong);
    }
    let mut visits: Vec<(i32, NaiveDate, Vec<i32>)> = Vec::new();
    for v in &spec.visits {
        if v.on_day < spec.starts_on || v.on_day > spec.ends_on {
            p.push("visits", "DAY_OUTSIDE_PLAN", Msg::VisitOutsidePlan);
        }
        let officers: HashSet<Uuid> = v.officers.iter().copied().collect();
        if officers.len() < MIN_OFFICERS {
            p.push("visits", "TWO_OFFICERS", Msg::TwoOfficersRequired);
        }
        let c = community::Entity::find()
            .filter(community::Column::Uuid.eq(v.community))
            .one(db)
            .await?;
        let c = match c {
            Some(c) if routing::squad_for(db, &c).await? == squad.id => c,
            _ => {
                p.push(
                    "visits",
                    "COMMUNITY_OUTSIDE_SQUAD",
                    Msg::CommunityOutsideSquad,
                );
                continue;
            }
        };
        let accounts = account::Entity::find()
            .filter(account::Column::Uuid.is_in(officers.iter().copied()))
            .filter(account::Column::SquadId.eq(squad.id))
            .filter(account::Column::Status.eq("ACTIVE"))
            .filter(account::Column::Role.is_in(["OFFICER", "SUPERVISOR"]))
            .all(db)
            .await?;
        if accounts.len() != officers.len() {
            p.push("visits", "OFFICER_NOT_IN_SQUAD", Msg::OfficerNotInSquad);
        }
        visits.push((c.id, v.on_day, accounts.iter().map(|a| a.id).collect()));
    }
    if !p.is_empty() {
        return Ok(Err(p.0));
    }
    let txn = db.begin().await?;
    let plan = patrol_plan::ActiveModel {
        uuid: Set(Uuid::new_v4()),
        squad_id: Set(squad.id),
        title: Set(title),
        starts_on: Set(spec.starts_on),
        ends_on: Set(spec.ends_on),
        created_by: Set(user.id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for (community_id, on_day, officers) in visits {
        let e = patrol_plan_entry::ActiveModel {
            uuid: Set(Uuid::new_v4()),
            plan_id: Set(plan.id),
            community_id: Set(community_id),
            on_day: Set(on_day),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        for a in officers {
            patrol_plan_officer::ActiveModel {
                entry_id: Set(e.id),
                account_id: Set(a),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
    }
    audit::record(
        &txn,
        Some(user.id),
        "patrol_plan",
        plan.uuid,
        "CREATE",
        serde_json::json!({ "squad": squad.uuid, "startsOn": plan.starts_on, "endsOn": plan.ends_on, "visits": spec.visits.len() }),
    )
    .await?;
    crate::db::commit(txn).await?;
    Ok(Ok(plan))
}

/// The plans of the caller's squad (district supervisors: the district's), newest first.
pub async fn plans(
    db: &DatabaseConnection,
    user: &CurrentUser,
) -> ApiResult<Vec<patrol_plan::Model>> {
    let q = patrol_plan::Entity::find();
    let q = match &user.scope {
        Scope::Squad { squad_id, .. } => q.filter(patrol_plan::Column::SquadId.eq(*squad_id)),
        Scope::District { district_id } => {
            let squads: Vec<i32> = squad::Entity::find()
                .filter(squad::Column::DistrictId.eq(*district_id))
                .all(db)
                .await?
                .into_iter()
                .map(|s| s.id)
                .collect();
            q.filter(patrol_plan::Column::SquadId.is_in(squads))
        }
        _ => return Err(ApiError::Forbidden),
    };
    Ok(q.order_by_desc(patrol_plan::Column::StartsOn)
        .order_by_desc(patrol_plan::Column::Id)
        .limit(100)
        .all(db)
        .await?)
}

/// A plan's visits with their officers, by day then community.
pub async fn visits(
    db: &impl ConnectionTrait,
    plan_id: i32,
) -> ApiResult<Vec<(patrol_plan_entry::Model, Vec<account::Model>)>> {
    let entries = patrol_plan_entry::Entity::find()
        .filter(patrol_plan_entry::Column::PlanId.eq(plan_id))
        .order_by_asc(patrol_plan_entry::Column::OnDay)
        .order_by_asc(patrol_plan_entry::Column::Id)
        .all(db)
        .await?;
    let links = patrol_plan_officer::Entity::find()
        .filter(patrol_plan_officer::Column::EntryId.is_in(entries.iter().map(|e| e.id)))
        .all(db)
        .await?;
    let accounts: HashMap<i32, account::Model> = account::Entity::find()
        .filter(account::Column::Id.is_in(links.iter().map(|l| l.account_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    Ok(entries
        .into_iter()
        .map(|e| {
            let officers = links
                .iter()
                .filter(|l| l.entry_id == e.id)
                .filter_map(|l| accounts.get(&l.account_id).cloned())
                .collect();
            (e, officers)
        })
        .collect())
}
