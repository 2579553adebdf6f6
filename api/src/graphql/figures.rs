//! Figures over GraphQL (SPEC §11): the table, focus series, trend, cases, duty checks and
//! the renovation pilot; and the items behind a number.
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::NaiveDate;

use super::{
    context::{CtxExt, Localize},
    items::Item,
    pagination::{self, Page},
};
use crate::{
    authz::Op,
    cases::model::CaseStage,
    figures::{self, Counts, FigureDimension, FigureMeasure, FilterSpec, FocusSeries, TrendBucket},
    intake::status::ItemSource,
};

#[derive(InputObject, Clone, Default)]
pub struct FigureFilter {
    pub from: NaiveDate,
    /// Inclusive; at most 366 days after `from`.
    pub to: NaiveDate,
    pub sub_district_id: Option<ID>,
    pub community_id: Option<ID>,
    /// e.g. "A1"
    pub matter_code: Option<String>,
    /// e.g. "ILLEGAL_RENTAL"
    pub category: Option<String>,
    pub source: Option<ItemSource>,
    /// A property firm (Organisation id).
    pub firm_id: Option<ID>,
    pub focus: Option<FocusSeries>,
}

fn id_of(ctx: &Context<'_>, id: Option<&ID>) -> async_graphql::Result<Option<uuid::Uuid>> {
    id.map(|i| super::context::parse_id(ctx, i)).transpose()
}

impl FigureFilter {
    pub fn spec(&self, ctx: &Context<'_>) -> async_graphql::Result<FilterSpec> {
        Ok(FilterSpec {
            from: Some(self.from),
            to: Some(self.to),
            sub_district: id_of(ctx, self.sub_district_id.as_ref())?,
            community: id_of(ctx, self.community_id.as_ref())?,
            matter_code: self.matter_code.clone(),
            category: self.category.clone(),
            source: self.source,
            firm: id_of(ctx, self.firm_id.as_ref())?,
            focus: self.focus,
        })
    }
}

/// One group's numbers and rates (rates are null when there was nothing to count).
#[derive(SimpleObject)]
pub struct FigureRow {
    /// The group's id, matter code, category or source; "" for the whole or for none.
    pub key: String,
    pub label: String,
    pub received: i64,
    pub accepted_on_time: i64,
    /// 响应率: accepted within 1 working day / received.
    pub response_rate: Option<f64>,
    pub resolved: i64,
    /// 解决率: reached a result / received.
    pub resolution_rate: Option<f64>,
    pub replied: i64,
    pub replied_on_time: i64,
    /// Told the result by the deadline / told.
    pub on_time_rate: Option<f64>,
    pub rated: i64,
    pub satisfied: i64,
    /// 满意率: satisfied / rated.
    pub satisfaction_rate: Option<f64>,
    pub violations: i64,
    pub converted: i64,
    /// 诉转案率: taken into a case / violations found.
    pub conversion_rate: Option<f64>,
    pub mandatory_violations: i64,
    pub mandatory_converted: i64,
    /// The same for the mandatory matters (应立尽立): the goal is 1.
    pub mandatory_conversion_rate: Option<f64>,
    pub complaints: i64,
    pub repeats: i64,
    pub repeat_rate: Option<f64>,
}

impl FigureRow {
    pub fn new(key: String, label: String, c: &Counts) -> Self {
        FigureRow {
            key,
            label,
            received: c.received,
            accepted_on_time: c.accepted_on_time,
            response_rate: c.response_rate(),
            resolved: c.resolved,
            resolution_rate: c.resolution_rate(),
            replied: c.replied,
            replied_on_time: c.replied_on_time,
            on_time_rate: c.on_time_rate(),
            rated: c.rated,
            satisfied: c.satisfied,
            satisfaction_rate: c.satisfaction_rate(),
            violations: c.violations,
            converted: c.converted,
            conversion_rate: c.conversion_rate(),
            mandatory_violations: c.mandatory_violations,
            mandatory_converted: c.mandatory_converted,
            mandatory_conversion_rate: c.mandatory_conversion_rate(),
            complaints: c.complaints,
            repeats: c.repeats,
            repeat_rate: c.repeat_rate(),
        }
    }
}

#[derive(SimpleObject)]
pub struct TrendPoint {
    /// First day of the bucket (weeks start on Monday).
    pub start: NaiveDate,
    pub received: i64,
    pub response_rate: Option<f64>,
    pub resolution_rate: Option<f64>,
    pub satisfaction_rate: Option<f64>,
}

#[derive(SimpleObject)]
pub struct FocusFigure {
    pub series: FocusSeries,
    pub label: String,
    pub row: FigureRow,
}

#[derive(SimpleObject)]
pub struct StageCount {
    pub stage: CaseStage,
    pub count: i64,
}

#[derive(SimpleObject)]
pub struct CaseFigures {
    /// Cases filed (立案) in the period.
    pub opened: i64,
    /// Cases closed in the period.
    pub closed: i64,
    /// Open now.
    pub open: i64,
    /// Open now and past a clock.
    pub overdue: i64,
    pub by_stage: Vec<StageCount>,
}

#[derive(SimpleObject)]
pub struct DutyCheckFigures {
    /// Property duty checks concluded in the period.
    pub concluded: i64,
    pub failed: i64,
}

#[derive(SimpleObject)]
pub struct RenovationFigures {
    pub registered: i64,
    pub high_risk: i64,
    /// Started and not completed, now.
    pub in_progress: i64,
    pub completed: i64,
    pub violation_reports: i64,
    pub late_reports: i64,
}

#[derive(SimpleObject)]
pub struct Figures {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub by: FigureDimension,
    pub total: FigureRow,
    /// One per group, most received first.
    pub rows: Vec<FigureRow>,
    pub focus: Vec<FocusFigure>,
    pub trend: Vec<TrendPoint>,
    pub cases: CaseFigures,
    pub duty_checks: DutyCheckFigures,
    pub renovation: RenovationFigures,
}

impl Figures {
    pub fn from_service(f: figures::Figures, lang: crate::i18n::Lang) -> Self {
        let total_label = lang.pick("合计", "Total").to_string();
        Figures {
            from: f.filter.from,
            to: f.filter.to,
            by: f.by,
            total: FigureRow::new(String::new(), total_label, &f.total),
            rows: f
                .rows
                .iter()
                .map(|r| FigureRow::new(r.key.clone(), r.label.clone(), &r.counts))
                .collect(),
            focus: f
                .focus
                .iter()
                .map(|(s, c)| FocusFigure {
                    series: *s,
                    label: s.label(lang).to_string(),
                    row: FigureRow::new(s.as_str().to_string(), s.label(lang).to_string(), c),
                })
                .collect(),
            trend: f
                .trend
                .iter()
                .map(|(d, c)| TrendPoint {
                    start: *d,
                    received: c.received,
                    response_rate: c.response_rate(),
                    resolution_rate: c.resolution_rate(),
                    satisfaction_rate: c.satisfaction_rate(),
                })
                .collect(),
            cases: CaseFigures {
                opened: f.cases.opened,
                closed: f.cases.closed,
                open: f.cases.open,
                overdue: f.cases.overdue,
                by_stage: f
                    .cases
                    .by_stage
                    .iter()
                    .map(|(s, n)| StageCount {
                        stage: *s,
                        count: *n,
                    })
                    .collect(),
            },
            duty_checks: DutyCheckFigures {
                concluded: f.duty_checks.concluded,
                failed: f.duty_checks.failed,
            },
            renovation: RenovationFigures {
                registered: f.renovation.registered,
                high_risk: f.renovation.high_risk,
                in_progress: f.renovation.in_progress,
                completed: f.renovation.completed,
                violation_reports: f.renovation.violation_reports,
                late_reports: f.renovation.late_reports,
            },
        }
    }
}

#[derive(Default)]
pub struct FigureQuery;

#[Object]
impl FigureQuery {
    /// Figures of the caller's area (officers: the squad's sub-district; supervisors: their
    /// squad's or the district) over a period, grouped by `by`.
    async fn figures(
        &self,
        ctx: &Context<'_>,
        filter: FigureFilter,
        #[graphql(default_with = "FigureDimension::SubDistrict")] by: FigureDimension,
        #[graphql(default_with = "TrendBucket::Week")] bucket: TrendBucket,
    ) -> async_graphql::Result<Figures> {
        let user = ctx.require(Op::Figures)?;
        let db = &ctx.app().db;
        let spec = filter.spec(ctx)?;
        let f = figures::resolve(db, user, &spec).await.gql(ctx)?;
        // Identical figures asked at once are computed once (`flight`): the key is everything
        // the answer depends on, the scope included (the resolved filter names the area).
        let lang = ctx.lang();
        let bucket: figures::Bucket = bucket.into();
        let key = format!("{lang:?}|{by:?}|{bucket:?}|{f:?}");
        let db = db.clone();
        let out = ctx
            .app()
            .figure_flights
            .run(key, move || async move {
                figures::figures(&db, lang, f, by, bucket)
                    .await
                    .map_err(|e| format!("{e:#}"))
            })
            .await
            .map_err(|e| {
                ctx.fail(crate::error::ApiError::Internal(anyhow::anyhow!(
                    "figures: {e}"
                )))
            })?;
        Ok(Figures::from_service((*out).clone(), lang))
    }

    /// The items behind a number; `by` and `key` narrow to one row of a table.
    #[allow(clippy::too_many_arguments)]
    async fn figure_items(
        &self,
        ctx: &Context<'_>,
        filter: FigureFilter,
        measure: FigureMeasure,
        by: Option<FigureDimension>,
        key: Option<String>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Page<Item>> {
        let user = ctx.require(Op::FigureItems)?;
        let (offset, limit) = pagination::window(ctx, first, after)?;
        let db = &ctx.app().db;
        let spec = filter.spec(ctx)?;
        let f = figures::resolve(db, user, &spec).await.gql(ctx)?;
        let row = match (by, key.as_deref()) {
            (Some(b), Some(k)) => Some((b, k)),
            _ => None,
        };
        let (rows, total) = figures::items_behind(db, &f, measure, row, offset, limit)
            .await
            .gql(ctx)?;
        Ok(pagination::page(
            rows.into_iter().map(Item).collect(),
            offset,
            total,
        ))
    }
}
