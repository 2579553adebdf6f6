//! Figures (SPEC §11): items received over a period and the 三率 (response, resolution,
//! satisfaction) with the on-time, 诉转案 and repeat rates, grouped by district, sub-district,
//! community, matter, category, source or property firm; the plan's focus matters as their own
//! series; cases, duty checks and the renovation pilot; a trend; and the items behind every
//! number. The definitions of the rates are in `counts.rs`.
//!
//! The SQL is aggregation over indexed columns of the item row (the milestones the closed loop
//! writes: `accepted_on_time`, `replied_on_time`, `converted_at`), never a cache: a figure is
//! what the database holds when it is asked.
pub mod counts;
mod sql;

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use entity::{community, item, matter, property_firm, squad, sub_district};
use sea_orm::{
    AccessMode, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, IsolationLevel,
    QueryFilter, QueryResult, TransactionTrait,
};
use uuid::Uuid;

pub use counts::{Bucket, Counts};
use sql::Sql;

use crate::{
    auth::{CurrentUser, Scope},
    cases::model::CaseStage,
    error::{ApiError, ApiResult},
    i18n::{Lang, Msg},
    intake::{rules::shanghai, status::ItemSource, status::stored_enum},
};

/// The longest period a figure covers.
pub const MAX_PERIOD_DAYS: i64 = 366;

stored_enum!(
    /// What the rows of a figures table are.
    FigureDimension {
        District => "DISTRICT",
        SubDistrict => "SUB_DISTRICT",
        Community => "COMMUNITY",
        Matter => "MATTER",
        Category => "CATEGORY",
        Source => "SOURCE",
        /// 物业服务企业
        Firm => "FIRM",
    }
);

stored_enum!(
    TrendBucket {
        Day => "DAY",
        Week => "WEEK",
        Month => "MONTH",
    }
);

stored_enum!(
    /// The plan's focus matters, each its own series.
    FocusSeries {
        /// 群租 (B1–B6)
        GroupRenting => "GROUP_RENTING",
        /// 保障性租赁住房违规出租 (B9)
        AffordableHousing => "AFFORDABLE_HOUSING",
        /// 严重毁绿 (C3, C4)
        GreenSpace => "GREEN_SPACE",
    }
);

stored_enum!(
    /// The items behind one number.
    FigureMeasure {
        Received => "RECEIVED",
        /// Not (yet) accepted within one working day.
        AcceptedLate => "ACCEPTED_LATE",
        /// No result yet.
        Unresolved => "UNRESOLVED",
        /// Told the result after the deadline, or still not told past it.
        RepliedLate => "REPLIED_LATE",
        Unsatisfied => "UNSATISFIED",
        Converted => "CONVERTED",
        /// A violation rectified on the spot, no case.
        NotConverted => "NOT_CONVERTED",
        MandatoryNotConverted => "MANDATORY_NOT_CONVERTED",
        Repeat => "REPEAT",
    }
);

impl From<TrendBucket> for Bucket {
    fn from(b: TrendBucket) -> Self {
        match b {
            TrendBucket::Day => Bucket::Day,
            TrendBucket::Week => Bucket::Week,
            TrendBucket::Month => Bucket::Month,
        }
    }
}

impl FocusSeries {
    pub fn matter_codes(self) -> &'static [&'static str] {
        match self {
            FocusSeries::GroupRenting => &["B1", "B2", "B3", "B4", "B5", "B6"],
            FocusSeries::AffordableHousing => &["B9"],
            FocusSeries::GreenSpace => &["C3", "C4"],
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            FocusSeries::GroupRenting => lang.pick("群租", "Group renting"),
            FocusSeries::AffordableHousing => lang.pick(
                "保障性租赁住房违规出租",
                "Illegal letting of affordable rental housing",
            ),
            FocusSeries::GreenSpace => lang.pick("严重毁绿", "Serious green-space destruction"),
        }
    }
}

/// A filter as the caller gives it (public ids and codes).
#[derive(Clone, Debug, Default)]
pub struct FilterSpec {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub sub_district: Option<Uuid>,
    pub community: Option<Uuid>,
    pub matter_code: Option<String>,
    pub category: Option<String>,
    pub source: Option<ItemSource>,
    pub firm: Option<Uuid>,
    pub focus: Option<FocusSeries>,
}

/// A filter checked against the caller's scope, with row ids.
#[derive(Clone, Debug)]
pub struct Filter {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub district_id: i32,
    /// The scope's sub-district (a squad's) or the one asked for.
    pub scope_sub_district: Option<i32>,
    /// A squad caller's squad: the items behind a number are only those it handles (the
    /// same rule as the inbox); counts stay those of the area.
    pub handled_squad: Option<i32>,
    pub sub_district: Option<i32>,
    pub community: Option<i32>,
    pub matter: Option<i32>,
    pub category: Option<String>,
    pub source: Option<ItemSource>,
    pub firm: Option<i32>,
    pub focus: Option<FocusSeries>,
}

impl Filter {
    /// The period as UTC instants: from the first day's midnight in Shanghai to the midnight
    /// after the last day.
    pub fn bounds(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        (midnight(self.from), midnight(self.to + Duration::days(1)))
    }
}

pub fn midnight(d: NaiveDate) -> DateTime<Utc> {
    shanghai()
        .from_local_datetime(&d.and_time(chrono::NaiveTime::MIN))
        .single()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&d.and_time(chrono::NaiveTime::MIN)))
}

/// Today in Shanghai.
pub fn today() -> NaiveDate {
    Utc::now().with_timezone(&shanghai()).date_naive()
}

/// The district, (for a squad) sub-district, and squad a caller's figures cover.
pub async fn area(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
) -> ApiResult<(i32, Option<i32>, Option<i32>)> {
    match &user.scope {
        Scope::District { district_id } => Ok((*district_id, None, None)),
        Scope::Squad {
            squad_id,
            district_id,
        } => {
            let sd = squad::Entity::find_by_id(*squad_id)
                .one(db)
                .await?
                .and_then(|s| s.sub_district_id);
            Ok((*district_id, sd, Some(*squad_id)))
        }
        _ => Err(ApiError::Forbidden),
    }
}

/// Dates a figure, window or plan may name: 2000 to 2100 (beyond is a typing slip, and
/// date arithmetic near chrono's limits would overflow).
pub fn date_in_range(d: NaiveDate) -> bool {
    (2000..=2100).contains(&d.year())
}

/// Checks a filter: the period, and every id inside the caller's area (`NOT_FOUND` outside).
pub async fn resolve(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    spec: &FilterSpec,
) -> ApiResult<Filter> {
    let (district_id, scope_sd, handled_squad) = area(db, user).await?;
    let (Some(from), Some(to)) = (spec.from, spec.to) else {
        return Err(ApiError::Validation(Msg::FigurePeriodInvalid));
    };
    if to < from
        || (to - from).num_days() >= MAX_PERIOD_DAYS
        || !date_in_range(from)
        || !date_in_range(to)
    {
        return Err(ApiError::Validation(Msg::FigurePeriodInvalid));
    }
    let mut f = Filter {
        from,
        to,
        district_id,
        scope_sub_district: scope_sd,
        handled_squad,
        sub_district: None,
        community: None,
        matter: None,
        category: None,
        source: spec.source,
        firm: None,
        focus: spec.focus,
    };
    if let Some(u) = spec.sub_district {
        let sd = sub_district::Entity::find()
            .filter(sub_district::Column::Uuid.eq(u))
            .one(db)
            .await?
            .filter(|s| s.district_id == district_id && scope_sd.is_none_or(|x| x == s.id))
            .ok_or(ApiError::NotFound)?;
        f.sub_district = Some(sd.id);
    }
    if let Some(u) = spec.community {
        let c = community::Entity::find()
            .filter(community::Column::Uuid.eq(u))
            .one(db)
            .await?
            .ok_or(ApiError::NotFound)?;
        let sd = sub_district::Entity::find_by_id(c.sub_district_id)
            .one(db)
            .await?
            .ok_or(ApiError::NotFound)?;
        if sd.district_id != district_id || scope_sd.is_some_and(|x| x != sd.id) {
            return Err(ApiError::NotFound);
        }
        f.community = Some(c.id);
    }
    if let Some(code) = spec.matter_code.as_deref().filter(|s| !s.is_empty()) {
        let m = matter::Entity::find()
            .filter(matter::Column::Code.eq(code))
            .one(db)
            .await?
            .ok_or(ApiError::Validation(Msg::UnknownMatter))?;
        f.matter = Some(m.id);
    }
    if let Some(cat) = spec.category.as_deref().filter(|s| !s.is_empty()) {
        let known = matter::Entity::find()
            .filter(matter::Column::Category.eq(cat))
            .one(db)
            .await?
            .is_some();
        if !known {
            return Err(ApiError::Validation(Msg::UnknownCategory));
        }
        f.category = Some(cat.to_string());
    }
    if let Some(u) = spec.firm {
        let firm = property_firm::Entity::find()
            .filter(property_firm::Column::Uuid.eq(u))
            .one(db)
            .await?
            .ok_or(ApiError::NotFound)?;
        // A firm that manages nothing in the caller's area is not the caller's to ask about.
        let sds: Vec<i32> = sub_district::Entity::find()
            .filter(sub_district::Column::DistrictId.eq(district_id))
            .all(db)
            .await?
            .into_iter()
            .map(|s| s.id)
            .filter(|id| scope_sd.is_none_or(|x| x == *id))
            .collect();
        let manages = community::Entity::find()
            .filter(community::Column::PropertyFirmId.eq(firm.id))
            .filter(community::Column::SubDistrictId.is_in(sds))
            .one(db)
            .await?
            .is_some();
        if !manages {
            return Err(ApiError::NotFound);
        }
        f.firm = Some(firm.id);
    }
    Ok(f)
}

/// Conditions on community `c` (joined with sub-district `sd`): the area and the place filters.
fn place_conditions(q: &mut Sql, f: &Filter) {
    let d = q.bind(f.district_id);
    q.and(format!("sd.district_id = {d}"));
    for sd in [f.scope_sub_district, f.sub_district].into_iter().flatten() {
        let p = q.bind(sd);
        q.and(format!("c.sub_district_id = {p}"));
    }
    if let Some(c) = f.community {
        let p = q.bind(c);
        q.and(format!("c.id = {p}"));
    }
    if let Some(firm) = f.firm {
        let p = q.bind(firm);
        q.and(format!("c.property_firm_id = {p}"));
    }
}

/// Conditions on matter `m`, for a row with a matter (`mcol`: the row's matter column).
fn matter_conditions(q: &mut Sql, f: &Filter, mcol: &str) {
    if let Some(m) = f.matter {
        let p = q.bind(m);
        q.and(format!("{mcol} = {p}"));
    }
    if let Some(cat) = &f.category {
        let p = q.bind(cat.clone());
        q.and(format!("m.category = {p}"));
    }
    if let Some(focus) = f.focus {
        let c = q.in_list("m.code", focus.matter_codes());
        q.and(c);
    }
}

const ITEM_FROM: &str = "FROM item i JOIN community c ON c.id = i.community_id \
     JOIN sub_district sd ON sd.id = c.sub_district_id LEFT JOIN matter m ON m.id = i.matter_id";

/// The items of the filter and period.
fn item_conditions(q: &mut Sql, f: &Filter) {
    place_conditions(q, f);
    matter_conditions(q, f, "i.matter_id");
    if let Some(s) = f.source {
        let p = q.bind(s.as_str());
        q.and(format!("i.source = {p}"));
    }
    let (a, b) = f.bounds();
    let pa = q.bind(a);
    let pb = q.bind(b);
    q.and(format!("i.created_at >= {pa} AND i.created_at < {pb}"));
}

const RESULT_REACHED: &str = "i.status NOT IN ('SUBMITTED', 'ACCEPTED', 'VERIFYING')";
const VIOLATION: &str = "(i.converted_at IS NOT NULL OR i.resolution = 'RECTIFIED_ON_SITE')";
/// The counts of `Counts`, in its order, as SQL; `now` is the placeholder of the present
/// (bound before any other value: SQLite binds `?` in text order).
fn count_columns(now: &str) -> String {
    let when = |c: &str| format!("SUM(CASE WHEN {c} THEN 1 ELSE 0 END)");
    [
        "COUNT(*)".to_string(),
        when(&format!(
            "i.accepted_on_time IS NULL AND i.accept_due_at >= {now}"
        )),
        when("i.accepted_on_time"),
        when(RESULT_REACHED),
        when("i.replied_on_time IS NOT NULL"),
        when("i.replied_on_time"),
        when("i.rating IS NOT NULL"),
        when("i.rating = 'SATISFIED'"),
        when(VIOLATION),
        when("i.converted_at IS NOT NULL"),
        when(&format!("m.mandatory_case AND {VIOLATION}")),
        when("m.mandatory_case AND i.converted_at IS NOT NULL"),
        when("i.kind = 'COMPLAINT'"),
        when("i.kind = 'COMPLAINT' AND i.repeat_of_id IS NOT NULL"),
    ]
    .iter()
    .enumerate()
    .map(|(n, e)| format!("{e} AS n{n}"))
    .collect::<Vec<_>>()
    .join(", ")
}

fn read_counts(r: &QueryResult) -> ApiResult<Counts> {
    let n = |i: usize| -> ApiResult<i64> {
        Ok(r.try_get::<Option<i64>>("", &format!("n{i}"))?.unwrap_or(0))
    };
    Ok(Counts {
        received: n(0)?,
        awaiting_accept: n(1)?,
        accepted_on_time: n(2)?,
        resolved: n(3)?,
        replied: n(4)?,
        replied_on_time: n(5)?,
        rated: n(6)?,
        satisfied: n(7)?,
        violations: n(8)?,
        converted: n(9)?,
        mandatory_violations: n(10)?,
        mandatory_converted: n(11)?,
        complaints: n(12)?,
        repeats: n(13)?,
    })
}

/// The SQL expression a dimension groups by.
fn key_expr(by: FigureDimension) -> &'static str {
    match by {
        FigureDimension::District => "sd.district_id",
        FigureDimension::SubDistrict => "c.sub_district_id",
        FigureDimension::Community => "i.community_id",
        FigureDimension::Matter => "i.matter_id",
        FigureDimension::Category => "m.category",
        FigureDimension::Source => "i.source",
        FigureDimension::Firm => "c.property_firm_id",
    }
}

/// One row of a figures table.
#[derive(Clone, Debug, Serialize)]
pub struct Row {
    /// The group's public id, matter code, category or source; "" for the district or none.
    pub key: String,
    pub label: String,
    pub counts: Counts,
}

use serde::Serialize;

#[derive(Clone, Debug, Default, Serialize)]
pub struct CaseFigures {
    pub opened: i64,
    pub closed: i64,
    pub open: i64,
    pub overdue: i64,
    pub by_stage: Vec<(CaseStage, i64)>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct DutyCheckFigures {
    pub concluded: i64,
    pub failed: i64,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct RenovationFigures {
    pub registered: i64,
    pub high_risk: i64,
    pub in_progress: i64,
    pub completed: i64,
    pub violation_reports: i64,
    pub late_reports: i64,
}

#[derive(Clone, Debug)]
pub struct Figures {
    pub filter: Filter,
    pub by: FigureDimension,
    pub total: Counts,
    pub rows: Vec<Row>,
    pub focus: Vec<(FocusSeries, Counts)>,
    pub trend: Vec<(NaiveDate, Counts)>,
    pub cases: CaseFigures,
    pub duty_checks: DutyCheckFigures,
    pub renovation: RenovationFigures,
}

/// Counts of the filter's items, grouped by `group` (an SQL expression): the SQLite pass (on
/// PostgreSQL `one_pass` does this and the trend in one scan).
async fn grouped(
    db: &impl ConnectionTrait,
    f: &Filter,
    group: &str,
) -> ApiResult<Vec<(Option<String>, Counts)>> {
    let mut q = Sql::new(db.get_database_backend());
    let now = q.bind(Utc::now());
    item_conditions(&mut q, f);
    let sql = format!(
        "SELECT CAST({group} AS TEXT) AS k, {} {ITEM_FROM}{} GROUP BY {group}",
        count_columns(&now),
        q.where_clause()
    );
    let rows = db.query_all_raw(q.statement(sql)).await?;
    rows.iter()
        .map(|r| Ok((r.try_get::<Option<String>>("", "k")?, read_counts(r)?)))
        .collect()
}

/// The figures for a filter, grouped by `by`, with a trend in `bucket`s.
pub async fn figures(
    db: &DatabaseConnection,
    lang: Lang,
    f: Filter,
    by: FigureDimension,
    bucket: Bucket,
) -> ApiResult<Figures> {
    // Every number from one snapshot of the data. On PostgreSQL the grouping of a year's
    // items sorts tens of thousands of rows: with the default 4 MB of work memory it spills
    // to disk and takes three times as long (docs/PERFORMANCE.md), so these queries get more.
    let txn = if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        let txn = db
            .begin_with_config(
                Some(IsolationLevel::RepeatableRead),
                Some(AccessMode::ReadOnly),
            )
            .await?;
        txn.execute_unprepared("SET LOCAL work_mem = '32MB'")
            .await?;
        txn
    } else {
        // SQLite: a transaction reads one snapshot already.
        db.begin().await?
    };
    let out = figures_in(&txn, lang, f, by, bucket).await?;
    crate::db::commit(txn).await?;
    Ok(out)
}

async fn figures_in(
    db: &impl ConnectionTrait,
    lang: Lang,
    f: Filter,
    by: FigureDimension,
    bucket: Bucket,
) -> ApiResult<Figures> {
    // By the table's groups (whose sum is the total, every item being in exactly one group),
    // and by day and focus series (the trend and the series): one pass with GROUPING SETS
    // on PostgreSQL, two on SQLite.
    let (groups, days, focus) = if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        one_pass(db, &f, key_expr(by)).await?
    } else {
        let groups = grouped(db, &f, key_expr(by)).await?;
        let (days, focus) = days_and_focus(db, &f).await?;
        (groups, days, focus)
    };
    let mut total = Counts::default();
    for (_, c) in &groups {
        total.add(c);
    }
    let rows = label_rows(db, lang, by, groups).await?;
    let trend = counts::trend(bucket, f.from, f.to, &days);
    let cases = case_figures(db, &f).await?;
    let duty_checks = duty_check_figures(db, &f).await?;
    let renovation = renovation_figures(db, &f).await?;
    Ok(Figures {
        filter: f,
        by,
        total,
        rows,
        focus,
        trend,
        cases,
        duty_checks,
        renovation,
    })
}

/// The SQL naming an item's focus series ('' for none).
fn focus_expr() -> String {
    let mut e = String::from("CASE");
    for s in FocusSeries::ALL {
        let codes: Vec<String> = s.matter_codes().iter().map(|c| format!("'{c}'")).collect();
        e.push_str(&format!(
            " WHEN m.code IN ({}) THEN '{}'",
            codes.join(", "),
            s.as_str()
        ));
    }
    e.push_str(" ELSE '' END");
    e
}

type Passes = (
    Vec<(Option<String>, Counts)>,
    Vec<(NaiveDate, Counts)>,
    Vec<(FocusSeries, Counts)>,
);

/// Both groupings in one scan (PostgreSQL's GROUPING SETS).
async fn one_pass(db: &impl ConnectionTrait, f: &Filter, key: &str) -> ApiResult<Passes> {
    let mut q = Sql::new(db.get_database_backend());
    let now = q.bind(Utc::now());
    item_conditions(&mut q, f);
    let day = q.day_of("i.created_at");
    let focus = focus_expr();
    let sql = format!(
        "SELECT CAST({key} AS TEXT) AS k, CAST({day} AS TEXT) AS d, {focus} AS s, \
         GROUPING({key}) AS gk, {} {ITEM_FROM}{} \
         GROUP BY GROUPING SETS (({key}), ({day}, {focus}))",
        count_columns(&now),
        q.where_clause()
    );
    let mut groups = Vec::new();
    let mut days: std::collections::BTreeMap<NaiveDate, Counts> = Default::default();
    let mut series: HashMap<FocusSeries, Counts> = HashMap::new();
    for r in db.query_all_raw(q.statement(sql)).await? {
        let c = read_counts(&r)?;
        let gk: i32 = r.try_get("", "gk")?;
        if gk == 0 {
            groups.push((r.try_get::<Option<String>>("", "k")?, c));
            continue;
        }
        let d: Option<String> = r.try_get("", "d")?;
        if let Some(d) = d.and_then(|d| d.parse::<NaiveDate>().ok()) {
            days.entry(d).or_default().add(&c);
        }
        let s: Option<String> = r.try_get("", "s")?;
        if let Some(s) = s.as_deref().and_then(FocusSeries::parse) {
            series.entry(s).or_default().add(&c);
        }
    }
    let focus = FocusSeries::ALL
        .iter()
        .map(|s| (*s, series.get(s).copied().unwrap_or_default()))
        .collect();
    Ok((groups, days.into_iter().collect(), focus))
}

/// Counts per day, and per focus series, in one pass.
async fn days_and_focus(
    db: &impl ConnectionTrait,
    f: &Filter,
) -> ApiResult<(Vec<(NaiveDate, Counts)>, Vec<(FocusSeries, Counts)>)> {
    let mut q = Sql::new(db.get_database_backend());
    let now = q.bind(Utc::now());
    item_conditions(&mut q, f);
    let day = q.day_of("i.created_at");
    let focus = focus_expr();
    let sql = format!(
        "SELECT CAST({day} AS TEXT) AS k, {focus} AS s, {} {ITEM_FROM}{} GROUP BY {day}, {focus}",
        count_columns(&now),
        q.where_clause()
    );
    let mut days: std::collections::BTreeMap<NaiveDate, Counts> = Default::default();
    let mut series: HashMap<FocusSeries, Counts> = HashMap::new();
    for r in db.query_all_raw(q.statement(sql)).await? {
        let c = read_counts(&r)?;
        let k: Option<String> = r.try_get("", "k")?;
        if let Some(d) = k.and_then(|k| k.parse::<NaiveDate>().ok()) {
            days.entry(d).or_default().add(&c);
        }
        let s: String = r.try_get("", "s")?;
        if let Some(s) = FocusSeries::parse(&s) {
            series.entry(s).or_default().add(&c);
        }
    }
    let focus = FocusSeries::ALL
        .iter()
        .map(|s| (*s, series.get(s).copied().unwrap_or_default()))
        .collect();
    Ok((days.into_iter().collect(), focus))
}

/// Public keys and labels for grouped rows, most received first.
async fn label_rows(
    db: &impl ConnectionTrait,
    lang: Lang,
    by: FigureDimension,
    groups: Vec<(Option<String>, Counts)>,
) -> ApiResult<Vec<Row>> {
    let ids: Vec<i32> = groups
        .iter()
        .filter_map(|(k, _)| k.as_deref().and_then(|k| k.parse().ok()))
        .collect();
    let none = lang.pick("未指定", "None").to_string();
    // id → (public key, label)
    let names: HashMap<String, (String, String)> = match by {
        FigureDimension::District => entity::district::Entity::find()
            .filter(entity::district::Column::Id.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|d| {
                let label = lang.pick(&d.name_zh, &d.name_en).to_string();
                (d.id.to_string(), (String::new(), label))
            })
            .collect(),
        FigureDimension::SubDistrict => sub_district::Entity::find()
            .filter(sub_district::Column::Id.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|s| {
                let label = lang.pick(&s.name_zh, &s.name_en).to_string();
                (s.id.to_string(), (s.uuid.to_string(), label))
            })
            .collect(),
        FigureDimension::Community => community::Entity::find()
            .filter(community::Column::Id.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.id.to_string(), (c.uuid.to_string(), c.name)))
            .collect(),
        FigureDimension::Firm => property_firm::Entity::find()
            .filter(property_firm::Column::Id.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.id.to_string(), (p.uuid.to_string(), p.name)))
            .collect(),
        FigureDimension::Matter => matter::Entity::find()
            .filter(matter::Column::Id.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|m| {
                let label = format!("{} {}", m.code, lang.pick(&m.name_zh, &m.name_en));
                (m.id.to_string(), (m.code, label))
            })
            .collect(),
        FigureDimension::Category | FigureDimension::Source => HashMap::new(),
    };
    let mut rows: Vec<Row> = groups
        .into_iter()
        .map(|(k, counts)| {
            let (key, label) = match (by, k) {
                (_, None) => (String::new(), none.clone()),
                (FigureDimension::Category, Some(k)) => {
                    let label = category_label(&k, lang).to_string();
                    (k, label)
                }
                (FigureDimension::Source, Some(k)) => {
                    let label = ItemSource::parse(&k)
                        .map(|s| source_label(s, lang).to_string())
                        .unwrap_or_else(|| k.clone());
                    (k, label)
                }
                (_, Some(k)) => names.get(&k).cloned().unwrap_or((k.clone(), k)),
            };
            Row { key, label, counts }
        })
        .collect();
    rows.sort_by(|a, b| {
        b.counts
            .received
            .cmp(&a.counts.received)
            .then_with(|| a.label.cmp(&b.label))
    });
    Ok(rows)
}

pub fn category_label(code: &str, lang: Lang) -> &str {
    match code {
        "HOUSING_SAFETY" => lang.pick("房屋安全", "Housing safety"),
        "ILLEGAL_RENTAL" => lang.pick("违规出租", "Illegal letting"),
        "ENVIRONMENT_ORDER" => lang.pick("环境秩序", "Environment and order"),
        "PROPERTY_DUTY" => lang.pick("物业履责", "Property firm duty"),
        other => other,
    }
}

pub fn source_label(s: ItemSource, lang: Lang) -> &'static str {
    match s {
        ItemSource::CitizenComplaint => lang.pick("市民投诉", "Citizen complaint"),
        ItemSource::Patrol => lang.pick("小区巡查", "Patrol"),
        ItemSource::PropertyReport => lang.pick("物业报告", "Property report"),
        ItemSource::CommitteeReport => lang.pick("居民区反映", "Committee report"),
        ItemSource::DepartmentReferral => lang.pick("部门移送", "Department referral"),
        ItemSource::Media => lang.pick("媒体监督", "Media"),
    }
}

/// One row of `n` counts named n0, n1, … (NULL sums are 0).
async fn one_count(
    db: &impl ConnectionTrait,
    q: &Sql,
    n: usize,
    sql: String,
) -> ApiResult<Vec<i64>> {
    let row = db.query_one_raw(q.statement(sql)).await?;
    let mut out = vec![0; n];
    if let Some(r) = row {
        for (i, v) in out.iter_mut().enumerate() {
            *v = r.try_get::<Option<i64>>("", &format!("n{i}"))?.unwrap_or(0);
        }
    }
    Ok(out)
}

async fn case_figures(db: &impl ConnectionTrait, f: &Filter) -> ApiResult<CaseFigures> {
    let from = "FROM enforcement_case k JOIN community c ON c.id = k.community_id \
                JOIN sub_district sd ON sd.id = c.sub_district_id JOIN matter m ON m.id = k.matter_id";
    // The select list's values first: SQLite's `?` placeholders bind in text order.
    let mut q = Sql::new(db.get_database_backend());
    let (a, b) = f.bounds();
    let pa = q.bind(a);
    let pb = q.bind(b);
    let pa2 = q.bind(a);
    let pb2 = q.bind(b);
    let now = q.bind(Utc::now());
    place_conditions(&mut q, f);
    matter_conditions(&mut q, f, "k.matter_id");
    let n = one_count(
        db,
        &q,
        4,
        format!(
            "SELECT SUM(CASE WHEN k.filed_at >= {pa} AND k.filed_at < {pb} THEN 1 ELSE 0 END) AS n0, \
             SUM(CASE WHEN k.closed_at >= {pa2} AND k.closed_at < {pb2} THEN 1 ELSE 0 END) AS n1, \
             SUM(CASE WHEN k.stage <> 'CLOSED' THEN 1 ELSE 0 END) AS n2, \
             SUM(CASE WHEN k.stage <> 'CLOSED' AND k.next_due_at < {now} THEN 1 ELSE 0 END) AS n3 \
             {from}{}",
            q.where_clause()
        ),
    )
    .await?;
    let get = |i: usize| n.get(i).copied().unwrap_or(0);
    let mut q2 = Sql::new(db.get_database_backend());
    place_conditions(&mut q2, f);
    matter_conditions(&mut q2, f, "k.matter_id");
    q2.and("k.stage <> 'CLOSED'");
    let rows = db
        .query_all_raw(q2.statement(format!(
            "SELECT k.stage AS s, COUNT(*) AS n {from}{} GROUP BY k.stage",
            q2.where_clause()
        )))
        .await?;
    let mut by_stage: Vec<(CaseStage, i64)> = Vec::new();
    for r in rows {
        let s: String = r.try_get("", "s")?;
        let n: i64 = r.try_get("", "n")?;
        if let Some(st) = CaseStage::parse(&s) {
            by_stage.push((st, n));
        }
    }
    by_stage.sort_by_key(|(s, _)| CaseStage::ALL.iter().position(|x| x == s));
    Ok(CaseFigures {
        opened: get(0),
        closed: get(1),
        open: get(2),
        overdue: get(3),
        by_stage,
    })
}

async fn duty_check_figures(db: &impl ConnectionTrait, f: &Filter) -> ApiResult<DutyCheckFigures> {
    let mut q = Sql::new(db.get_database_backend());
    place_conditions(&mut q, f);
    matter_conditions(&mut q, f, "d.matter_id");
    let (a, b) = f.bounds();
    let pa = q.bind(a);
    let pb = q.bind(b);
    q.and(format!("d.concluded_at >= {pa} AND d.concluded_at < {pb}"));
    let n = one_count(
        db,
        &q,
        2,
        format!(
            "SELECT COUNT(*) AS n0, SUM(CASE WHEN d.status = 'FAILED' THEN 1 ELSE 0 END) AS n1 \
             FROM duty_check d JOIN community c ON c.id = d.community_id \
             JOIN sub_district sd ON sd.id = c.sub_district_id LEFT JOIN matter m ON m.id = d.matter_id{}",
            q.where_clause()
        ),
    )
    .await?;
    Ok(DutyCheckFigures {
        concluded: n.first().copied().unwrap_or(0),
        failed: n.get(1).copied().unwrap_or(0),
    })
}

/// The renovation pilot's figures: place filters only (a registration has no matter).
async fn renovation_figures(db: &impl ConnectionTrait, f: &Filter) -> ApiResult<RenovationFigures> {
    // The select list's values first: SQLite's `?` placeholders bind in text order.
    let mut q = Sql::new(db.get_database_backend());
    let (a, b) = f.bounds();
    let pa = q.bind(a);
    let pb = q.bind(b);
    let pa2 = q.bind(a);
    let pb2 = q.bind(b);
    let fa = q.bind(f.from);
    let fb = q.bind(f.to);
    place_conditions(&mut q, f);
    let n = one_count(
        db,
        &q,
        4,
        format!(
            "SELECT SUM(CASE WHEN r.created_at >= {pa} AND r.created_at < {pb} THEN 1 ELSE 0 END) AS n0, \
             SUM(CASE WHEN r.created_at >= {pa2} AND r.created_at < {pb2} AND r.high_risk THEN 1 ELSE 0 END) AS n1, \
             SUM(CASE WHEN r.status = 'STARTED' THEN 1 ELSE 0 END) AS n2, \
             SUM(CASE WHEN r.completed_on >= {fa} AND r.completed_on <= {fb} THEN 1 ELSE 0 END) AS n3 \
             FROM renovation r JOIN community c ON c.id = r.community_id \
             JOIN sub_district sd ON sd.id = c.sub_district_id{}",
            q.where_clause()
        ),
    )
    .await?;
    let mut q2 = Sql::new(db.get_database_backend());
    place_conditions(&mut q2, f);
    let pa = q2.bind(a);
    let pb = q2.bind(b);
    q2.and(format!(
        "i.renovation_id IS NOT NULL AND i.created_at >= {pa} AND i.created_at < {pb}"
    ));
    let r = one_count(
        db,
        &q2,
        2,
        format!(
            "SELECT COUNT(*) AS n0, SUM(CASE WHEN i.late THEN 1 ELSE 0 END) AS n1 {ITEM_FROM}{}",
            q2.where_clause()
        ),
    )
    .await?;
    let get = |v: &Vec<i64>, i: usize| v.get(i).copied().unwrap_or(0);
    Ok(RenovationFigures {
        registered: get(&n, 0),
        high_risk: get(&n, 1),
        in_progress: get(&n, 2),
        completed: get(&n, 3),
        violation_reports: get(&r, 0),
        late_reports: get(&r, 1),
    })
}

/// The condition behind a measure, on item `i` (matter `m`).
fn measure_condition(q: &mut Sql, measure: FigureMeasure) -> String {
    match measure {
        FigureMeasure::Received => "1 = 1".into(),
        FigureMeasure::AcceptedLate => {
            let now = q.bind(Utc::now());
            format!(
                "(i.accepted_on_time = FALSE OR (i.accepted_on_time IS NULL \
                 AND (i.accept_due_at IS NULL OR i.accept_due_at < {now})))"
            )
        }
        FigureMeasure::Unresolved => format!("NOT ({RESULT_REACHED})"),
        FigureMeasure::RepliedLate => {
            let now = q.bind(Utc::now());
            format!(
                "(i.replied_on_time = FALSE OR (i.replied_on_time IS NULL AND i.due_at < {now}))"
            )
        }
        FigureMeasure::Unsatisfied => "i.rating = 'UNSATISFIED'".into(),
        FigureMeasure::Converted => "i.converted_at IS NOT NULL".into(),
        FigureMeasure::NotConverted => {
            "(i.converted_at IS NULL AND i.resolution = 'RECTIFIED_ON_SITE')".into()
        }
        FigureMeasure::MandatoryNotConverted => {
            "(m.mandatory_case AND i.converted_at IS NULL AND i.resolution = 'RECTIFIED_ON_SITE')"
                .into()
        }
        FigureMeasure::Repeat => "(i.kind = 'COMPLAINT' AND i.repeat_of_id IS NOT NULL)".into(),
    }
}

/// Narrows to one row of a table: the row's public key back to a condition.
async fn narrow(
    db: &DatabaseConnection,
    q: &mut Sql,
    by: FigureDimension,
    key: &str,
) -> ApiResult<()> {
    let expr = key_expr(by);
    if key.is_empty() {
        if by != FigureDimension::District {
            q.and(format!("{expr} IS NULL"));
        }
        return Ok(());
    }
    let id = match by {
        FigureDimension::District => None,
        FigureDimension::SubDistrict => {
            let u = Uuid::parse_str(key).map_err(|_| ApiError::NotFound)?;
            sub_district::Entity::find()
                .filter(sub_district::Column::Uuid.eq(u))
                .one(db)
                .await?
                .map(|s| s.id)
        }
        FigureDimension::Community => {
            let u = Uuid::parse_str(key).map_err(|_| ApiError::NotFound)?;
            community::Entity::find()
                .filter(community::Column::Uuid.eq(u))
                .one(db)
                .await?
                .map(|s| s.id)
        }
        FigureDimension::Firm => {
            let u = Uuid::parse_str(key).map_err(|_| ApiError::NotFound)?;
            property_firm::Entity::find()
                .filter(property_firm::Column::Uuid.eq(u))
                .one(db)
                .await?
                .map(|s| s.id)
        }
        FigureDimension::Matter => matter::Entity::find()
            .filter(matter::Column::Code.eq(key))
            .one(db)
            .await?
            .map(|m| m.id),
        FigureDimension::Category | FigureDimension::Source => {
            let p = q.bind(key.to_string());
            q.and(format!("{expr} = {p}"));
            return Ok(());
        }
    };
    if by != FigureDimension::District {
        let id = id.ok_or(ApiError::NotFound)?;
        let p = q.bind(id);
        q.and(format!("{expr} = {p}"));
    }
    Ok(())
}

/// The items behind a number, newest first: (items, total).
pub async fn items_behind(
    db: &DatabaseConnection,
    f: &Filter,
    measure: FigureMeasure,
    row: Option<(FigureDimension, &str)>,
    offset: u64,
    limit: u64,
) -> ApiResult<(Vec<item::Model>, u64)> {
    let mut q = Sql::new(db.get_database_backend());
    item_conditions(&mut q, f);
    // Items, unlike counts, carry the filer: only those the caller's squad handles (the
    // inbox's rule; the district bureau's squad covers the district only in counts).
    if let Some(squad) = f.handled_squad {
        let p = q.bind(squad);
        q.and(format!("i.squad_id = {p}"));
    }
    let c = measure_condition(&mut q, measure);
    q.and(c);
    if let Some((by, key)) = row {
        narrow(db, &mut q, by, key).await?;
    }
    let total = db
        .query_one_raw(q.statement(format!(
            "SELECT COUNT(*) AS n {ITEM_FROM}{}",
            q.where_clause()
        )))
        .await?
        .map(|r| r.try_get::<i64>("", "n"))
        .transpose()?
        .unwrap_or(0);
    let ids: Vec<i32> = db
        .query_all_raw(q.statement(format!(
            "SELECT i.id AS id {ITEM_FROM}{} ORDER BY i.created_at DESC, i.id DESC LIMIT {limit} OFFSET {offset}",
            q.where_clause()
        )))
        .await?
        .iter()
        .map(|r| r.try_get::<i32>("", "id"))
        .collect::<Result<_, _>>()?;
    let mut rows = item::Entity::find()
        .filter(item::Column::Id.is_in(ids.clone()))
        .all(db)
        .await?;
    rows.sort_by_key(|r| ids.iter().position(|x| *x == r.id));
    Ok((rows, total as u64))
}
