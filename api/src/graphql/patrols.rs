//! Duty and patrols over GraphQL (SPEC §9): the suggested roster with its reasons, and patrol
//! plans.
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use entity::{community, patrol_plan, squad};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::{
    context::{CtxExt, Localize, UserError, db_err, loose_uuid, user_errors},
    practice::OfficerRef,
    types::Community,
};
use crate::{
    authz::Op,
    i18n::Lang,
    patrols::{self, roster},
};

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
    /// Required for the district bureau's supervisors; a squad supervisor plans for their own.
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
