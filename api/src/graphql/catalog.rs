//! The matter catalog and the holiday calendar.
use async_graphql::{Context, InputObject, Object, SimpleObject};
use chrono::{Datelike, NaiveDate};
use entity::{holiday, matter};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

use super::{
    context::{CtxExt, Localize, UserError, user_errors},
    pagination::{self, Page},
    types::{Holiday, HolidayKind, Matter},
};
use crate::{
    authz::{self, Op},
    catalog::{
        calendar::DayKind,
        holidays,
        matters::{self, MatterCategory, MatterInput},
    },
};

#[derive(InputObject)]
pub struct SaveMatterInput {
    /// Identifies the matter: an existing code edits it, a new one adds it.
    pub code: String,
    pub category: MatterCategory,
    pub name_zh: String,
    pub name_en: String,
    pub legal_basis: String,
    pub fine_min_cny: Option<i64>,
    pub fine_max_cny: Option<i64>,
    pub fine_serious_max_cny: Option<i64>,
    pub mandatory_case: bool,
    pub focus: bool,
    /// False retires the matter: kept for history, not offered for new items.
    #[graphql(default = true)]
    pub active: bool,
}

#[derive(SimpleObject)]
pub struct MatterPayload {
    pub matter: Option<Matter>,
    pub user_errors: Vec<UserError>,
}

#[derive(InputObject)]
pub struct SetHolidayInput {
    pub date: NaiveDate,
    /// Null removes the exception: the day follows the weekday rule again.
    pub kind: Option<HolidayKind>,
    #[graphql(default)]
    pub name: String,
}

#[derive(SimpleObject)]
pub struct HolidayPayload {
    pub holiday: Option<Holiday>,
    pub user_errors: Vec<UserError>,
}

#[derive(Default)]
pub struct CatalogQuery;

#[Object]
impl CatalogQuery {
    /// The enforcement-matter catalog, by code.
    async fn matters(
        &self,
        ctx: &Context<'_>,
        category: Option<MatterCategory>,
        #[graphql(default = false)] include_retired: bool,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Page<Matter>> {
        ctx.allow(Op::ListMatters)?;
        let (offset, limit) = pagination::window(ctx, first, after)?;
        let db = &ctx.app().db;
        let mut q = matter::Entity::find();
        if let Some(c) = category {
            q = q.filter(matter::Column::Category.eq(c.as_str()));
        }
        if !include_retired {
            q = q.filter(matter::Column::Active.eq(true));
        }
        let total = q.clone().count(db).await.map_err(|e| ctx.fail(e.into()))?;
        let rows = q
            .order_by_asc(matter::Column::Code)
            .offset(offset)
            .limit(limit)
            .all(db)
            .await
            .map_err(|e| ctx.fail(e.into()))?;
        Ok(pagination::page(
            rows.into_iter().map(Matter).collect(),
            offset,
            total,
        ))
    }

    /// The calendar's exceptions for one year (at most a few dozen days).
    async fn holidays(&self, ctx: &Context<'_>, year: i32) -> async_graphql::Result<Vec<Holiday>> {
        ctx.allow(Op::ListHolidays)?;
        let (Some(from), Some(to)) = (
            NaiveDate::from_ymd_opt(year, 1, 1),
            NaiveDate::from_ymd_opt(year, 12, 31),
        ) else {
            return Ok(vec![]);
        };
        let rows = holiday::Entity::find()
            .filter(holiday::Column::Day.between(from, to))
            .order_by_asc(holiday::Column::Day)
            .all(&ctx.app().db)
            .await
            .map_err(|e| ctx.fail(e.into()))?;
        Ok(rows
            .into_iter()
            .filter(|h| h.day.year() == year)
            .map(Holiday::from)
            .collect())
    }
}

#[derive(Default)]
pub struct CatalogMutation;

#[Object]
impl CatalogMutation {
    /// Adds, renames, re-flags or retires a matter (district supervisors).
    async fn save_matter(
        &self,
        ctx: &Context<'_>,
        input: SaveMatterInput,
    ) -> async_graphql::Result<MatterPayload> {
        let me = ctx.require(Op::SaveMatter)?;
        authz::ensure_district_supervisor(me).gql(ctx)?;
        let outcome = matters::save_matter(
            &ctx.app().db,
            me,
            MatterInput {
                code: input.code,
                category: input.category,
                name_zh: input.name_zh,
                name_en: input.name_en,
                legal_basis: input.legal_basis,
                fine_min_cny: input.fine_min_cny,
                fine_max_cny: input.fine_max_cny,
                fine_serious_max_cny: input.fine_serious_max_cny,
                mandatory_case: input.mandatory_case,
                focus: input.focus,
                active: input.active,
            },
        )
        .await
        .gql(ctx)?;
        Ok(match outcome {
            Ok(m) => MatterPayload {
                matter: Some(Matter(m)),
                user_errors: vec![],
            },
            Err(e) => MatterPayload {
                matter: None,
                user_errors: user_errors(ctx, e),
            },
        })
    }

    /// Marks a day as a holiday or a make-up working day (district supervisors), e.g. when
    /// the State Council publishes next year's arrangement.
    async fn set_holiday(
        &self,
        ctx: &Context<'_>,
        input: SetHolidayInput,
    ) -> async_graphql::Result<HolidayPayload> {
        let me = ctx.require(Op::SetHoliday)?;
        authz::ensure_district_supervisor(me).gql(ctx)?;
        let kind = input.kind.map(|k| match k {
            HolidayKind::Holiday => DayKind::Holiday,
            HolidayKind::Workday => DayKind::Workday,
        });
        let outcome = holidays::set_holiday(&ctx.app().db, me, input.date, kind, &input.name)
            .await
            .gql(ctx)?;
        Ok(match outcome {
            Ok(h) => HolidayPayload {
                holiday: h.map(Holiday::from),
                user_errors: vec![],
            },
            Err(e) => HolidayPayload {
                holiday: None,
                user_errors: user_errors(ctx, e),
            },
        })
    }
}
