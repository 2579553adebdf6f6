//! Hotspots and rectification plans over GraphQL (SPEC §9).
use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use entity::{account, community, hotspot, plan_measure, rectification_plan};
use sea_orm::EntityTrait;

use super::{
    context::{CtxExt, Localize, UserError, db_err, loose_uuid, parse_id, user_errors},
    types::Community,
};
use crate::{
    authz::Op,
    error::ApiError,
    figures,
    hotspots::{self, pattern::Label, plans},
};

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum HotspotSource {
    Imported,
    Manual,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum HotspotPatternLabel {
    /// 同一问题的反复投诉
    SameProblemRepeated,
    /// 一类问题的多次投诉
    OneKindManyTimes,
    /// 多个问题的经常投诉
    ManyProblemsOften,
    TooFew,
}

#[derive(SimpleObject)]
pub struct UnitMatterCount {
    /// The unit, or the common areas (公共区域) for items without one.
    pub unit_label: String,
    pub matter_code: String,
    pub matter_name: String,
    pub count: i64,
}

#[derive(SimpleObject)]
pub struct MatterCount {
    pub matter_code: String,
    pub matter_name: String,
    pub count: i64,
    /// Distinct places (units, or the common areas) with this matter.
    pub units: i64,
}

#[derive(SimpleObject)]
pub struct HotspotPattern {
    pub label: HotspotPatternLabel,
    pub label_text: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// First item of the window (none: no items).
    pub data_from: Option<NaiveDate>,
    /// The window starts before the community's first item on record.
    pub window_longer_than_data: bool,
    pub total: i64,
    pub distinct_matters: i64,
    pub distinct_units: i64,
    pub top_unit_matter: Option<UnitMatterCount>,
    pub top_unit_matter_share: f64,
    pub top_matter: Option<MatterCount>,
    pub top_matter_share: f64,
    pub matters: Vec<MatterCount>,
    /// The rule that fired, with its numbers.
    pub explanation: String,
}

impl HotspotPattern {
    fn new(r: hotspots::PatternReport, lang: crate::i18n::Lang) -> Self {
        let p = &r.pattern;
        let matters: Vec<MatterCount> = p
            .matters
            .iter()
            .map(|m| {
                let (code, name) = r.matter_name(m.matter, lang);
                MatterCount {
                    matter_code: code,
                    matter_name: name,
                    count: m.count as i64,
                    units: m.units as i64,
                }
            })
            .collect();
        let top_unit_matter = p.top_point.map(|((_, m), n)| {
            let (code, name) = r.matter_name(m, lang);
            UnitMatterCount {
                unit_label: r
                    .top_unit_label
                    .clone()
                    .unwrap_or_else(|| lang.pick("公共区域", "Common areas").to_string()),
                matter_code: code,
                matter_name: name,
                count: n as i64,
            }
        });
        HotspotPattern {
            label: match p.label {
                Label::SameProblemRepeated => HotspotPatternLabel::SameProblemRepeated,
                Label::OneKindManyTimes => HotspotPatternLabel::OneKindManyTimes,
                Label::ManyProblemsOften => HotspotPatternLabel::ManyProblemsOften,
                Label::TooFew => HotspotPatternLabel::TooFew,
            },
            label_text: r.label_text(lang).to_string(),
            from: r.from,
            to: r.to,
            data_from: r.data_from,
            window_longer_than_data: r.window_longer_than_data,
            total: p.total as i64,
            distinct_matters: p.distinct_matters as i64,
            distinct_units: p.distinct_units as i64,
            top_unit_matter,
            top_unit_matter_share: p.top_point_share,
            top_matter: matters.first().map(|m| MatterCount {
                matter_code: m.matter_code.clone(),
                matter_name: m.matter_name.clone(),
                count: m.count,
                units: m.units,
            }),
            top_matter_share: p.top_matter_share,
            matters,
            explanation: r.explanation(lang),
        }
    }
}

#[derive(SimpleObject)]
pub struct WeekCount {
    pub week_start: NaiveDate,
    pub count: i64,
    /// The week starts on or after the plan's start (for a plan's page).
    pub after_plan: bool,
}

pub struct Hotspot(pub hotspot::Model, pub community::Model);

#[Object]
impl Hotspot {
    async fn id(&self) -> ID {
        ID(self.0.uuid.to_string())
    }
    async fn community(&self) -> Community {
        Community(self.1.clone())
    }
    async fn starts_on(&self) -> NaiveDate {
        self.0.starts_on
    }
    async fn ends_on(&self) -> Option<NaiveDate> {
        self.0.ends_on
    }
    /// Today inside [startsOn, endsOn].
    async fn active(&self) -> bool {
        hotspots::active_on(&self.0, figures::today())
    }
    async fn source(&self) -> HotspotSource {
        if self.0.source == "IMPORTED" {
            HotspotSource::Imported
        } else {
            HotspotSource::Manual
        }
    }
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    /// The complaint pattern over a window (default: the last 90 days; at most 366).
    async fn pattern(
        &self,
        ctx: &Context<'_>,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> async_graphql::Result<HotspotPattern> {
        let (from, to) = hotspots::window(from, to).gql(ctx)?;
        let r = hotspots::pattern_of(&ctx.app().db, self.1.id, from, to)
            .await
            .gql(ctx)?;
        Ok(HotspotPattern::new(r, ctx.lang()))
    }
    /// Complaints per week over the last `weeks` weeks (at most 52).
    async fn weekly(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 12)] weeks: i32,
    ) -> async_graphql::Result<Vec<WeekCount>> {
        let weeks = weeks.clamp(1, 52) as i64;
        let to = figures::today();
        let from = to - Duration::days(weeks * 7 - 1);
        let w = hotspots::weekly(&ctx.app().db, self.1.id, from, to)
            .await
            .gql(ctx)?;
        Ok(w.into_iter()
            .map(|(d, n)| WeekCount {
                week_start: d,
                count: n,
                after_plan: false,
            })
            .collect())
    }
    async fn plans(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<RectificationPlan>> {
        Ok(plans::of_hotspot(&ctx.app().db, self.0.id)
            .await
            .gql(ctx)?
            .into_iter()
            .map(RectificationPlan)
            .collect())
    }
    /// Items of the community still open.
    async fn open_items(&self, ctx: &Context<'_>) -> async_graphql::Result<i64> {
        Ok(hotspots::open_items(&ctx.app().db, self.1.id)
            .await
            .gql(ctx)? as i64)
    }
}

#[derive(SimpleObject)]
pub struct PlanMeasure {
    pub id: ID,
    pub description: String,
    pub owner: String,
    pub due_on: NaiveDate,
    pub done_on: Option<NaiveDate>,
    /// Not done and past its date.
    pub overdue: bool,
}

impl From<plan_measure::Model> for PlanMeasure {
    fn from(m: plan_measure::Model) -> Self {
        PlanMeasure {
            id: ID(m.uuid.to_string()),
            overdue: m.done_on.is_none() && m.due_on < figures::today(),
            description: m.description,
            owner: m.owner,
            due_on: m.due_on,
            done_on: m.done_on,
        }
    }
}

#[derive(SimpleObject)]
pub struct PlanNote {
    pub id: ID,
    pub body: String,
    pub author: String,
    pub at: DateTime<Utc>,
}

/// An account's display name (staff names on plans, referrals and joint actions).
pub(crate) async fn name_of(ctx: &Context<'_>, id: i32) -> async_graphql::Result<String> {
    Ok(account::Entity::find_by_id(id)
        .one(&ctx.app().db)
        .await
        .map_err(|e| db_err(ctx, e))?
        .map(|a| a.display_name)
        .unwrap_or_default())
}

pub struct RectificationPlan(pub rectification_plan::Model);

#[Object]
impl RectificationPlan {
    async fn id(&self) -> ID {
        ID(self.0.uuid.to_string())
    }
    async fn hotspot(&self, ctx: &Context<'_>) -> async_graphql::Result<Hotspot> {
        let db = &ctx.app().db;
        let h = hotspot::Entity::find_by_id(self.0.hotspot_id)
            .one(db)
            .await
            .map_err(|e| db_err(ctx, e))?
            .ok_or_else(|| ctx.fail(ApiError::NotFound))?;
        let c = community::Entity::find_by_id(h.community_id)
            .one(db)
            .await
            .map_err(|e| db_err(ctx, e))?
            .ok_or_else(|| ctx.fail(ApiError::NotFound))?;
        Ok(Hotspot(h, c))
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    async fn started_on(&self) -> NaiveDate {
        self.0.started_on
    }
    async fn ends_on(&self) -> Option<NaiveDate> {
        self.0.ends_on
    }
    async fn measures(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<PlanMeasure>> {
        Ok(plans::measures(&ctx.app().db, self.0.id)
            .await
            .gql(ctx)?
            .into_iter()
            .map(PlanMeasure::from)
            .collect())
    }
    /// Newest first.
    async fn notes(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<PlanNote>> {
        let mut out = Vec::new();
        for n in plans::notes(&ctx.app().db, self.0.id).await.gql(ctx)? {
            out.push(PlanNote {
                id: ID(n.uuid.to_string()),
                author: name_of(ctx, n.author_id).await?,
                body: n.body,
                at: n.created_at,
            });
        }
        Ok(out)
    }
    /// Complaints per week around the plan's start: `weeksBefore` weeks before it and up to
    /// `weeksAfter` weeks from it (not past today).
    async fn weekly(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 8)] weeks_before: i32,
        #[graphql(default = 8)] weeks_after: i32,
    ) -> async_graphql::Result<Vec<WeekCount>> {
        let db = &ctx.app().db;
        let h = hotspot::Entity::find_by_id(self.0.hotspot_id)
            .one(db)
            .await
            .map_err(|e| db_err(ctx, e))?
            .ok_or_else(|| ctx.fail(ApiError::NotFound))?;
        let start = figures::counts::bucket_start(figures::Bucket::Week, self.0.started_on);
        let from = start - Duration::weeks(weeks_before.clamp(0, 52) as i64);
        let to = (start + Duration::weeks(weeks_after.clamp(1, 52) as i64) - Duration::days(1))
            .min(figures::today())
            .max(from);
        let w = hotspots::weekly(db, h.community_id, from, to)
            .await
            .gql(ctx)?;
        Ok(w.into_iter()
            .map(|(d, n)| WeekCount {
                week_start: d,
                count: n,
                after_plan: d >= start,
            })
            .collect())
    }
    async fn created_by(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        name_of(ctx, self.0.created_by).await
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

#[derive(SimpleObject)]
pub struct ImportLine {
    pub line: i32,
    pub name: String,
    pub address: String,
    pub community: Option<Community>,
    /// Why the line did not match, in the caller's language.
    pub reason: Option<String>,
}

#[derive(SimpleObject)]
pub struct ImportHotspotsPayload {
    /// 0 on a dry run or when refused.
    pub imported: i32,
    pub matched: Vec<ImportLine>,
    pub unmatched: Vec<ImportLine>,
    pub user_errors: Vec<UserError>,
}

#[derive(InputObject)]
pub struct MarkHotspotInput {
    pub community_id: ID,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub note: Option<String>,
}

#[derive(SimpleObject)]
pub struct HotspotPayload {
    pub hotspot: Option<Hotspot>,
    pub user_errors: Vec<UserError>,
}

#[derive(InputObject)]
pub struct MeasureInput {
    pub description: String,
    pub owner: String,
    pub due_on: NaiveDate,
}

#[derive(InputObject)]
pub struct CreatePlanInput {
    pub hotspot_id: ID,
    pub title: String,
    pub started_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub measures: Vec<MeasureInput>,
}

#[derive(SimpleObject)]
pub struct PlanPayload {
    pub plan: Option<RectificationPlan>,
    pub user_errors: Vec<UserError>,
}

fn plan_payload(
    ctx: &Context<'_>,
    r: Result<rectification_plan::Model, Vec<crate::validation::FieldError>>,
) -> PlanPayload {
    match r {
        Ok(p) => PlanPayload {
            plan: Some(RectificationPlan(p)),
            user_errors: vec![],
        },
        Err(e) => PlanPayload {
            plan: None,
            user_errors: user_errors(ctx, e),
        },
    }
}

async fn with_community(
    ctx: &Context<'_>,
    r: Result<hotspot::Model, Vec<crate::validation::FieldError>>,
) -> async_graphql::Result<HotspotPayload> {
    Ok(match r {
        Ok(h) => {
            let c = community::Entity::find_by_id(h.community_id)
                .one(&ctx.app().db)
                .await
                .map_err(|e| db_err(ctx, e))?
                .ok_or_else(|| ctx.fail(ApiError::NotFound))?;
            HotspotPayload {
                hotspot: Some(Hotspot(h, c)),
                user_errors: vec![],
            }
        }
        Err(e) => HotspotPayload {
            hotspot: None,
            user_errors: user_errors(ctx, e),
        },
    })
}

fn measure_spec(m: MeasureInput) -> plans::MeasureSpec {
    plans::MeasureSpec {
        description: m.description,
        owner: m.owner,
        due_on: m.due_on,
    }
}

#[derive(Default)]
pub struct HotspotQuery;

#[Object]
impl HotspotQuery {
    /// Hotspots of the caller's scope: active ones first, by community name.
    async fn hotspots(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = true)] active_only: bool,
    ) -> async_graphql::Result<Vec<Hotspot>> {
        let user = ctx.require(Op::ListHotspots)?;
        Ok(hotspots::list(&ctx.app().db, user, active_only)
            .await
            .gql(ctx)?
            .into_iter()
            .map(|(h, c)| Hotspot(h, c))
            .collect())
    }

    async fn hotspot(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Hotspot> {
        let user = ctx.require(Op::ViewHotspot)?;
        let id = parse_id(ctx, &id)?;
        let (h, c) = hotspots::load(&ctx.app().db, user, id).await.gql(ctx)?;
        Ok(Hotspot(h, c))
    }

    async fn rectification_plan(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<RectificationPlan> {
        let user = ctx.require(Op::ViewRectificationPlan)?;
        let id = parse_id(ctx, &id)?;
        Ok(RectificationPlan(
            plans::load(&ctx.app().db, user, id).await.gql(ctx)?,
        ))
    }
}

#[derive(Default)]
pub struct HotspotMutation;

#[Object]
impl HotspotMutation {
    /// A district supervisor imports the city's list: CSV with a header naming 小区名称 (or
    /// name) and 地址 (or address). Nothing is imported while a line does not match, unless
    /// `skipUnmatched`; `dryRun` only reports.
    async fn import_hotspots(
        &self,
        ctx: &Context<'_>,
        csv: String,
        starts_on: NaiveDate,
        ends_on: Option<NaiveDate>,
        #[graphql(default = false)] dry_run: bool,
        #[graphql(default = false)] skip_unmatched: bool,
    ) -> async_graphql::Result<ImportHotspotsPayload> {
        let user = ctx.require(Op::ImportHotspots)?;
        if csv.len() > 512 * 1024 {
            return Err(ctx.fail(ApiError::Validation(crate::i18n::Msg::CsvTooLong)));
        }
        let lang = ctx.lang();
        let r = hotspots::import(
            &ctx.app().db,
            user,
            &csv,
            starts_on,
            ends_on,
            dry_run,
            skip_unmatched,
        )
        .await
        .gql(ctx)?;
        let line = |l: hotspots::ImportLine| ImportLine {
            line: l.line as i32,
            name: l.name,
            address: l.address,
            community: l.community.map(Community),
            reason: l.reason.map(|m| m.text(lang).to_string()),
        };
        Ok(match r {
            Ok(rep) => ImportHotspotsPayload {
                imported: rep.imported as i32,
                matched: rep.matched.into_iter().map(line).collect(),
                unmatched: rep.unmatched.into_iter().map(line).collect(),
                user_errors: vec![],
            },
            Err(e) => ImportHotspotsPayload {
                imported: 0,
                matched: vec![],
                unmatched: vec![],
                user_errors: user_errors(ctx, e),
            },
        })
    }

    async fn mark_hotspot(
        &self,
        ctx: &Context<'_>,
        input: MarkHotspotInput,
    ) -> async_graphql::Result<HotspotPayload> {
        let user = ctx.require(Op::MarkHotspot)?;
        let r = hotspots::mark(
            &ctx.app().db,
            user,
            parse_id(ctx, &input.community_id)?,
            input.starts_on,
            input.ends_on,
            input.note,
        )
        .await
        .gql(ctx)?;
        with_community(ctx, r).await
    }

    async fn end_hotspot(
        &self,
        ctx: &Context<'_>,
        id: ID,
        ends_on: NaiveDate,
    ) -> async_graphql::Result<HotspotPayload> {
        let user = ctx.require(Op::EndHotspot)?;
        let r = hotspots::end(&ctx.app().db, user, parse_id(ctx, &id)?, ends_on)
            .await
            .gql(ctx)?;
        with_community(ctx, r).await
    }

    async fn create_rectification_plan(
        &self,
        ctx: &Context<'_>,
        input: CreatePlanInput,
    ) -> async_graphql::Result<PlanPayload> {
        let user = ctx.require(Op::CreateRectificationPlan)?;
        let spec = plans::PlanSpec {
            hotspot: parse_id(ctx, &input.hotspot_id)?,
            title: input.title,
            started_on: input.started_on,
            ends_on: input.ends_on,
            measures: input.measures.into_iter().map(measure_spec).collect(),
        };
        let r = plans::create(&ctx.app().db, user, spec).await.gql(ctx)?;
        Ok(plan_payload(ctx, r))
    }

    async fn add_plan_measure(
        &self,
        ctx: &Context<'_>,
        plan_id: ID,
        input: MeasureInput,
    ) -> async_graphql::Result<PlanPayload> {
        let user = ctx.require(Op::AddPlanMeasure)?;
        let r = plans::add_measure(
            &ctx.app().db,
            user,
            parse_id(ctx, &plan_id)?,
            measure_spec(input),
        )
        .await
        .gql(ctx)?;
        Ok(plan_payload(ctx, r))
    }

    async fn complete_plan_measure(
        &self,
        ctx: &Context<'_>,
        measure_id: ID,
        done_on: NaiveDate,
    ) -> async_graphql::Result<PlanPayload> {
        let user = ctx.require(Op::CompletePlanMeasure)?;
        let r = plans::complete_measure(&ctx.app().db, user, loose_uuid(&measure_id), done_on)
            .await
            .gql(ctx)?;
        Ok(plan_payload(ctx, r))
    }

    async fn add_plan_note(
        &self,
        ctx: &Context<'_>,
        plan_id: ID,
        body: String,
    ) -> async_graphql::Result<PlanPayload> {
        let user = ctx.require(Op::AddPlanNote)?;
        let r = plans::add_note(&ctx.app().db, user, parse_id(ctx, &plan_id)?, &body)
            .await
            .gql(ctx)?;
        Ok(plan_payload(ctx, r))
    }
}
