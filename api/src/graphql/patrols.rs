//! Duty and patrols over GraphQL (SPEC §9): the suggested roster with its reasons, and patrol
//! plans.
use async_graphql::{Context, ID, InputObject, Object, SimpleObject, Upload};
use chrono::{DateTime, NaiveDate, Utc};
use entity::{account, community, patrol, patrol_officer, patrol_plan, squad};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::{
    context::{CtxExt, Localize, UserError, db_err, loose_uuid, parse_id, user_errors},
    items::{Item, read_uploads},
    practice::OfficerRef,
    types::Community,
};
use crate::{
    authz::Op,
    i18n::Lang,
    patrols::{self, coverage, log, roster},
};

#[derive(SimpleObject)]
pub struct CoverageRow {
    pub community: Community,
    /// Planned visits on days of the period.
    pub planned: i64,
    /// Days of the period with a check-in.
    pub done: i64,
    pub last_visit: Option<DateTime<Utc>>,
    /// null: never patrolled.
    pub days_since_visit: Option<i64>,
    /// Findings recorded in the period.
    pub findings: i64,
    /// Items received in the period found by patrol…
    pub by_patrol: i64,
    /// …and by citizens' complaints.
    pub by_complaint: i64,
}

#[derive(SimpleObject)]
pub struct DueRecheck {
    pub case_id: ID,
    pub number: String,
    pub community: Community,
    pub due_at: DateTime<Utc>,
    pub overdue: bool,
}

#[derive(SimpleObject)]
pub struct PatrolDay {
    /// Today's planned visits with the caller on them.
    pub visits: Vec<PlannedVisit>,
    /// Re-checks (回头看) of the squad's closed cases due within 7 days, or past due.
    pub rechecks: Vec<DueRecheck>,
    /// Patrols the caller is on that have not ended.
    pub open_patrols: Vec<Patrol>,
    /// Items assigned to the caller due within a day or overdue, soonest first (at most 30).
    pub due_items: Vec<Item>,
}

/// A patrol logged on the phone.
pub struct Patrol(pub patrol::Model);

#[derive(SimpleObject)]
pub struct PatrolCheckin {
    pub id: ID,
    pub community: Community,
    pub at: DateTime<Utc>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

#[derive(SimpleObject)]
pub struct PatrolFinding {
    pub id: ID,
    /// The item it became (source PATROL) or joined.
    pub item: Item,
    pub joined: bool,
}

#[Object]
impl Patrol {
    async fn id(&self) -> ID {
        ID(self.0.uuid.to_string())
    }
    async fn started_at(&self) -> DateTime<Utc> {
        self.0.started_at
    }
    async fn ended_at(&self) -> Option<DateTime<Utc>> {
        self.0.ended_at
    }
    async fn officers(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<OfficerRef>> {
        let db = &ctx.app().db;
        let ids: Vec<i32> = patrol_officer::Entity::find()
            .filter(patrol_officer::Column::PatrolId.eq(self.0.id))
            .all(db)
            .await
            .map_err(|e| db_err(ctx, e))?
            .into_iter()
            .map(|o| o.account_id)
            .collect();
        Ok(account::Entity::find()
            .filter(account::Column::Id.is_in(ids))
            .all(db)
            .await
            .map_err(|e| db_err(ctx, e))?
            .into_iter()
            .map(|a| OfficerRef {
                id: ID(a.uuid.to_string()),
                name: a.display_name,
            })
            .collect())
    }
    /// In time order.
    async fn checkins(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<PatrolCheckin>> {
        let db = &ctx.app().db;
        let rows = log::checkins(db, self.0.id).await.gql(ctx)?;
        let communities: std::collections::HashMap<i32, community::Model> =
            community::Entity::find()
                .filter(community::Column::Id.is_in(rows.iter().map(|r| r.community_id)))
                .all(db)
                .await
                .map_err(|e| db_err(ctx, e))?
                .into_iter()
                .map(|c| (c.id, c))
                .collect();
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                communities.get(&r.community_id).map(|c| PatrolCheckin {
                    id: ID(r.uuid.to_string()),
                    community: Community(c.clone()),
                    at: r.at,
                    latitude: r.latitude,
                    longitude: r.longitude,
                })
            })
            .collect())
    }
    async fn findings(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<PatrolFinding>> {
        Ok(log::findings(&ctx.app().db, self.0.id)
            .await
            .gql(ctx)?
            .into_iter()
            .map(|(f, it)| PatrolFinding {
                id: ID(f.uuid.to_string()),
                item: Item(it),
                joined: f.joined,
            })
            .collect())
    }
}

#[derive(InputObject)]
pub struct StartPatrolInput {
    pub idempotency_key: String,
    /// The other officers (the caller is on it): at least one more, of the caller's squad.
    pub officer_ids: Vec<ID>,
}

#[derive(InputObject)]
pub struct CheckInPatrolInput {
    pub patrol_id: ID,
    pub idempotency_key: String,
    pub community_id: ID,
    /// When the phone checked in; default now.
    pub at: Option<DateTime<Utc>>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

#[derive(InputObject)]
pub struct PatrolFindingInput {
    pub patrol_id: ID,
    pub idempotency_key: String,
    pub community_id: ID,
    /// Required unless joining an item.
    pub unit_id: Option<ID>,
    pub matter_code: Option<String>,
    pub description: String,
    /// An open item about the same unit and matter to join instead of filing anew.
    pub join_item_id: Option<ID>,
    pub photos: Option<Vec<Upload>>,
}

#[derive(SimpleObject)]
pub struct PatrolPayload {
    pub patrol: Option<Patrol>,
    pub user_errors: Vec<UserError>,
}

#[derive(SimpleObject)]
pub struct PatrolFindingPayload {
    pub finding: Option<PatrolFinding>,
    pub user_errors: Vec<UserError>,
}

fn patrol_payload(
    ctx: &Context<'_>,
    r: Result<patrol::Model, Vec<crate::validation::FieldError>>,
) -> PatrolPayload {
    match r {
        Ok(p) => PatrolPayload {
            patrol: Some(Patrol(p)),
            user_errors: vec![],
        },
        Err(e) => PatrolPayload {
            patrol: None,
            user_errors: user_errors(ctx, e),
        },
    }
}

#[derive(SimpleObject)]
pub struct RiskReason {
    pub factor: roster::RiskFactor,
    /// The factor's value: a count, 1 for a hotspot, days since the last patrol.
    pub value: i64,
    /// value × the factor's weight.
    pub points: f64,
    /// In the caller's language, e.g. "3 件在办诉求 (+3)".
    pub text: String,
}

fn reason_text(r: &roster::Reason, lang: Lang) -> String {
    use roster::RiskFactor as F;
    let v = r.value;
    let what = match (r.factor, lang) {
        (F::OpenItems, Lang::Zh) => format!("{v} 件在办诉求"),
        (F::OpenItems, Lang::En) => format!("{v} open items"),
        (F::Repeats, Lang::Zh) => format!("近90天重复投诉 {v} 件"),
        (F::Repeats, Lang::En) => format!("{v} repeat complaints in 90 days"),
        (F::Hotspot, Lang::Zh) => "投诉集中小区".to_string(),
        (F::Hotspot, Lang::En) => "a hotspot community".to_string(),
        (F::HighRiskRenovations, Lang::Zh) => format!("{v} 处高风险装修在施"),
        (F::HighRiskRenovations, Lang::En) => format!("{v} high-risk renovations under way"),
        (F::RechecksDue, Lang::Zh) => format!("{v} 件案件回头看到期"),
        (F::RechecksDue, Lang::En) => format!("{v} case re-checks due"),
        (F::DaysSincePatrol, Lang::Zh) => format!("{v} 天未巡查"),
        (F::DaysSincePatrol, Lang::En) => format!("{v} days since the last patrol"),
    };
    format!("{what} (+{})", r.points)
}

#[derive(SimpleObject)]
pub struct RosterSuggestion {
    pub community: Community,
    /// Σ weight × factor (docs: `patrols::roster`).
    pub score: f64,
    /// The factors that scored, largest first.
    pub reasons: Vec<RiskReason>,
    /// Days since the last patrol check-in; null: never patrolled.
    pub days_since_patrol: Option<i64>,
}

pub struct PatrolPlan(pub patrol_plan::Model);

#[derive(SimpleObject)]
pub struct PlannedVisit {
    pub id: ID,
    pub community: Community,
    pub on_day: NaiveDate,
    pub officers: Vec<OfficerRef>,
}

#[Object]
impl PatrolPlan {
    async fn id(&self) -> ID {
        ID(self.0.uuid.to_string())
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    async fn starts_on(&self) -> NaiveDate {
        self.0.starts_on
    }
    async fn ends_on(&self) -> NaiveDate {
        self.0.ends_on
    }
    /// The squad the plan is for.
    async fn squad(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        let s = squad::Entity::find_by_id(self.0.squad_id)
            .one(&ctx.app().db)
            .await
            .map_err(|e| db_err(ctx, e))?;
        Ok(
            s.map(|s| ctx.lang().pick(&s.name_zh, &s.name_en).to_string())
                .unwrap_or_default(),
        )
    }
    async fn visits(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<PlannedVisit>> {
        let db = &ctx.app().db;
        let rows = patrols::visits(db, self.0.id).await.gql(ctx)?;
        let ids: Vec<i32> = rows.iter().map(|(e, _)| e.community_id).collect();
        let communities: std::collections::HashMap<i32, community::Model> =
            community::Entity::find()
                .filter(community::Column::Id.is_in(ids))
                .all(db)
                .await
                .map_err(|e| db_err(ctx, e))?
                .into_iter()
                .map(|c| (c.id, c))
                .collect();
        Ok(rows
            .into_iter()
            .filter_map(|(e, officers)| {
                communities.get(&e.community_id).map(|c| PlannedVisit {
                    id: ID(e.uuid.to_string()),
                    community: Community(c.clone()),
                    on_day: e.on_day,
                    officers: officers
                        .into_iter()
                        .map(|a| OfficerRef {
                            id: ID(a.uuid.to_string()),
                            name: a.display_name,
                        })
                        .collect(),
                })
            })
            .collect())
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

#[derive(InputObject)]
pub struct VisitInput {
    pub community_id: ID,
    pub on_day: NaiveDate,
    /// At least two active officers of the plan's squad.
    pub officer_ids: Vec<ID>,
}

#[derive(InputObject)]
pub struct CreatePatrolPlanInput {
    /// A squad supervisor plans for their own squad; the district bureau's, by default for the
    /// squad the first visit's community is routed to.
    pub squad_id: Option<ID>,
    pub title: String,
    pub starts_on: NaiveDate,
    /// At most 92 days after `startsOn`.
    pub ends_on: NaiveDate,
    pub visits: Vec<VisitInput>,
}

#[derive(SimpleObject)]
pub struct PatrolPlanPayload {
    pub plan: Option<PatrolPlan>,
    pub user_errors: Vec<UserError>,
}

#[derive(Default)]
pub struct PatrolQuery;

#[Object]
impl PatrolQuery {
    /// The communities of the caller's scope ranked for patrols over a period (≤ 92 days),
    /// with the reasons behind each rank.
    async fn suggested_roster(
        &self,
        ctx: &Context<'_>,
        from: NaiveDate,
        to: NaiveDate,
        #[graphql(default = 50)] first: i32,
    ) -> async_graphql::Result<Vec<RosterSuggestion>> {
        let user = ctx.require(Op::SuggestedRoster)?;
        let lang = ctx.lang();
        let ranked = patrols::suggest(&ctx.app().db, user, from, to)
            .await
            .gql(ctx)?;
        Ok(ranked
            .into_iter()
            .take(first.clamp(1, 500) as usize)
            .map(|(r, c)| RosterSuggestion {
                community: Community(c),
                score: r.score,
                days_since_patrol: r.risk.days_since_patrol,
                reasons: r
                    .reasons
                    .iter()
                    .map(|x| RiskReason {
                        factor: x.factor,
                        value: x.value,
                        points: x.points,
                        text: reason_text(x, lang),
                    })
                    .collect(),
            })
            .collect())
    }

    /// Patrol coverage per community of the caller's scope over a period (≤ 366 days).
    async fn patrol_coverage(
        &self,
        ctx: &Context<'_>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> async_graphql::Result<Vec<CoverageRow>> {
        let user = ctx.require(Op::PatrolCoverage)?;
        Ok(coverage::coverage(&ctx.app().db, user, from, to)
            .await
            .gql(ctx)?
            .into_iter()
            .map(|(c, v)| CoverageRow {
                community: Community(c),
                planned: v.planned,
                done: v.done,
                last_visit: v.last_visit,
                days_since_visit: v.days_since_visit,
                findings: v.findings,
                by_patrol: v.by_patrol,
                by_complaint: v.by_complaint,
            })
            .collect())
    }

    /// An officer's day: planned visits, re-checks due, patrols still open.
    async fn patrol_today(&self, ctx: &Context<'_>) -> async_graphql::Result<PatrolDay> {
        let user = ctx.require(Op::PatrolToday)?;
        let d = coverage::today(&ctx.app().db, user).await.gql(ctx)?;
        let now = Utc::now();
        let db = &ctx.app().db;
        let mut visits = Vec::new();
        let mut by_plan: std::collections::HashMap<i32, Vec<_>> = Default::default();
        for (e, c) in d.visits {
            if let std::collections::hash_map::Entry::Vacant(slot) = by_plan.entry(e.plan_id) {
                slot.insert(patrols::visits(db, e.plan_id).await.gql(ctx)?);
            }
            let officers = by_plan[&e.plan_id]
                .iter()
                .find(|(x, _)| x.id == e.id)
                .map(|(_, o)| o.clone())
                .unwrap_or_default();
            visits.push(PlannedVisit {
                id: ID(e.uuid.to_string()),
                community: Community(c),
                on_day: e.on_day,
                officers: officers
                    .into_iter()
                    .map(|a| OfficerRef {
                        id: ID(a.uuid.to_string()),
                        name: a.display_name,
                    })
                    .collect(),
            });
        }
        Ok(PatrolDay {
            visits,
            rechecks: d
                .rechecks
                .into_iter()
                .filter_map(|(k, c)| {
                    k.recheck_due_at.map(|due| DueRecheck {
                        case_id: ID(k.uuid.to_string()),
                        number: k.number,
                        community: Community(c),
                        due_at: due,
                        overdue: due < now,
                    })
                })
                .collect(),
            open_patrols: d.open_patrols.into_iter().map(Patrol).collect(),
            due_items: d.due_items.into_iter().map(Item).collect(),
        })
    }

    /// A patrol the caller is on; else `NOT_FOUND`.
    async fn patrol(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Patrol> {
        let user = ctx.require(Op::ViewPatrol)?;
        let id = parse_id(ctx, &id)?;
        Ok(Patrol(log::load(&ctx.app().db, user, id).await.gql(ctx)?))
    }

    /// Patrol plans of the caller's squad (district supervisors: the district's), newest first.
    async fn patrol_plans(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<PatrolPlan>> {
        let user = ctx.require(Op::ListPatrolPlans)?;
        Ok(patrols::plans(&ctx.app().db, user)
            .await
            .gql(ctx)?
            .into_iter()
            .map(PatrolPlan)
            .collect())
    }
}

#[derive(Default)]
pub struct PatrolMutation;

#[Object]
impl PatrolMutation {
    /// Starts a patrol with at least two officers of the caller's squad (idempotent).
    async fn start_patrol(
        &self,
        ctx: &Context<'_>,
        input: StartPatrolInput,
    ) -> async_graphql::Result<PatrolPayload> {
        let user = ctx.require(Op::LogPatrol)?;
        let officers: Vec<uuid::Uuid> = input.officer_ids.iter().map(loose_uuid).collect();
        let r = log::start(&ctx.app().db, user, &input.idempotency_key, &officers)
            .await
            .gql(ctx)?;
        Ok(patrol_payload(ctx, r))
    }

    /// Checks in at a community of the squad (idempotent).
    async fn check_in_patrol(
        &self,
        ctx: &Context<'_>,
        input: CheckInPatrolInput,
    ) -> async_graphql::Result<PatrolPayload> {
        let user = ctx.require(Op::LogPatrol)?;
        let c = log::CheckIn {
            key: input.idempotency_key,
            community: loose_uuid(&input.community_id),
            at: input.at,
            latitude: input.latitude,
            longitude: input.longitude,
        };
        let id = parse_id(ctx, &input.patrol_id)?;
        let r = log::check_in(&ctx.app().db, user, id, c).await.gql(ctx)?;
        Ok(patrol_payload(ctx, r))
    }

    /// A finding: a new `PATROL` item, or joined to an open item about the same unit and
    /// matter (idempotent).
    async fn record_patrol_finding(
        &self,
        ctx: &Context<'_>,
        input: PatrolFindingInput,
    ) -> async_graphql::Result<PatrolFindingPayload> {
        let user = ctx.require(Op::LogPatrol)?;
        let app = ctx.app();
        let photos = read_uploads(ctx, input.photos)?;
        let f = log::Finding {
            key: input.idempotency_key,
            community: loose_uuid(&input.community_id),
            unit: input.unit_id.as_ref().map(loose_uuid),
            matter_code: input.matter_code,
            description: input.description,
            join: input.join_item_id.as_ref().map(loose_uuid),
        };
        let id = parse_id(ctx, &input.patrol_id)?;
        let r = log::record_finding(&app.db, &app.photos, user, id, f, photos)
            .await
            .gql(ctx)?;
        Ok(match r {
            Ok((f, it)) => {
                super::items::announce(ctx, &it).await;
                PatrolFindingPayload {
                    finding: Some(PatrolFinding {
                        id: ID(f.uuid.to_string()),
                        item: Item(it),
                        joined: f.joined,
                    }),
                    user_errors: vec![],
                }
            }
            Err(e) => PatrolFindingPayload {
                finding: None,
                user_errors: user_errors(ctx, e),
            },
        })
    }

    /// Ends the patrol.
    async fn end_patrol(
        &self,
        ctx: &Context<'_>,
        patrol_id: ID,
    ) -> async_graphql::Result<PatrolPayload> {
        let user = ctx.require(Op::LogPatrol)?;
        let id = parse_id(ctx, &patrol_id)?;
        let p = log::end(&ctx.app().db, user, id).await.gql(ctx)?;
        Ok(patrol_payload(ctx, Ok(p)))
    }

    /// A supervisor plans patrols: communities of the squad, days of the period, at least two
    /// officers each. Nothing is stored while any visit is wrong.
    async fn create_patrol_plan(
        &self,
        ctx: &Context<'_>,
        input: CreatePatrolPlanInput,
    ) -> async_graphql::Result<PatrolPlanPayload> {
        let user = ctx.require(Op::CreatePatrolPlan)?;
        let spec = patrols::PlanSpec {
            squad: input.squad_id.as_ref().map(loose_uuid),
            title: input.title,
            starts_on: input.starts_on,
            ends_on: input.ends_on,
            visits: input
                .visits
                .into_iter()
                .map(|v| patrols::VisitSpec {
                    community: loose_uuid(&v.community_id),
                    on_day: v.on_day,
                    officers: v.officer_ids.iter().map(loose_uuid).collect(),
                })
                .collect(),
        };
        Ok(
            match patrols::create_plan(&ctx.app().db, user, spec)
                .await
                .gql(ctx)?
            {
                Ok(p) => PatrolPlanPayload {
                    plan: Some(PatrolPlan(p)),
                    user_errors: vec![],
                },
                Err(e) => PatrolPlanPayload {
                    plan: None,
                    user_errors: user_errors(ctx, e),
                },
            },
        )
    }
}
