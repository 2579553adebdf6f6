//! Excel exports (SPEC §11): the figures table, the items behind a number and the hotspot
//! list, as .xlsx with Chinese headers. `GET` with the same bearer token as `/graphql`, the
//! same authorization matrix and scope as the GraphQL operations; the filter in the query
//! string, named as in `FigureFilter`.
use std::collections::HashMap;

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, NaiveDate, Utc};
use entity::{community, matter};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::{
    auth::CurrentUser,
    authz::{self, Op},
    error::{ApiError, ApiResult},
    figures::{self, Counts, FigureDimension, FigureMeasure, FilterSpec, FocusSeries, TrendBucket},
    hotspots,
    i18n::{Lang, Msg},
    intake::{rules::shanghai, status::ItemSource},
    state::AppState,
};

/// The most items one export holds.
pub const MAX_EXPORT_ITEMS: u64 = 10_000;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

type Query = web::Query<HashMap<String, String>>;

fn refuse(e: &ApiError, lang: Lang) -> HttpResponse {
    let status = e.http_status();
    let _ = e.to_graphql(lang); // logs an internal cause
    HttpResponse::build(status).json(serde_json::json!({
        "code": e.code(),
        "message": e.message().text(lang),
    }))
}

async fn caller(req: &HttpRequest, state: &AppState, op: Op) -> ApiResult<CurrentUser> {
    let header = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok());
    let user = super::graphql::authenticate_header(state, header).await?;
    authz::require(op, user.as_ref())?;
    user.ok_or(ApiError::Unauthenticated)
}

fn bad() -> ApiError {
    ApiError::Validation(Msg::ExportQueryInvalid)
}

fn uuid_param(q: &Query, k: &str) -> ApiResult<Option<uuid::Uuid>> {
    q.get(k)
        .filter(|s| !s.is_empty())
        .map(|s| uuid::Uuid::parse_str(s).map_err(|_| ApiError::NotFound))
        .transpose()
}

fn date_param(q: &Query, k: &str) -> ApiResult<Option<NaiveDate>> {
    q.get(k)
        .map(|s| s.parse::<NaiveDate>().map_err(|_| bad()))
        .transpose()
}

fn spec_of(q: &Query) -> ApiResult<FilterSpec> {
    Ok(FilterSpec {
        from: date_param(q, "from")?,
        to: date_param(q, "to")?,
        sub_district: uuid_param(q, "subDistrictId")?,
        community: uuid_param(q, "communityId")?,
        matter_code: q.get("matterCode").cloned(),
        category: q.get("category").cloned(),
        source: q
            .get("source")
            .map(|s| ItemSource::parse(s).ok_or_else(bad))
            .transpose()?,
        firm: uuid_param(q, "firmId")?,
        focus: q
            .get("focus")
            .map(|s| FocusSeries::parse(s).ok_or_else(bad))
            .transpose()?,
    })
}

fn dimension(q: &Query) -> ApiResult<Option<FigureDimension>> {
    q.get("by")
        .map(|s| FigureDimension::parse(s).ok_or_else(bad))
        .transpose()
}

fn attachment(bytes: Vec<u8>, name: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(XLSX)
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{name}\""),
        ))
        .insert_header(("Cache-Control", "no-store"))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .body(bytes)
}

fn xlsx_err(e: XlsxError) -> ApiError {
    ApiError::Internal(anyhow::anyhow!("xlsx: {e}"))
}

/// A header row in bold.
fn headers(ws: &mut Worksheet, row: u32, cols: &[&str]) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    for (i, h) in cols.iter().enumerate() {
        ws.write_string_with_format(row, i as u16, *h, &bold)?;
        ws.set_column_width(i as u16, if i == 0 { 24 } else { 12 })?;
    }
    Ok(())
}

/// A rate as a percentage cell, empty when there was nothing to count.
fn rate(ws: &mut Worksheet, row: u32, col: u16, r: Option<f64>) -> Result<(), XlsxError> {
    if let Some(r) = r {
        ws.write_number_with_format(row, col, r, &Format::new().set_num_format("0.0%"))?;
    }
    Ok(())
}

/// The headers of a figures row (`指标` sheet), in the order `counts_row` writes.
pub const FIGURE_HEADERS: [&str; 22] = [
    "分组",
    "受理总数",
    "按时响应数",
    "响应率",
    "已办结数",
    "解决率",
    "已告知结果数",
    "按时告知数",
    "按时办结率",
    "已评价数",
    "满意数",
    "满意率",
    "查实违法数",
    "诉转案数",
    "诉转案率",
    "应立尽立查实数",
    "应立尽立立案数",
    "应立尽立诉转案率",
    "投诉数",
    "重复投诉数",
    "重复投诉率",
    "编码",
];

fn counts_row(
    ws: &mut Worksheet,
    row: u32,
    label: &str,
    key: &str,
    c: &Counts,
) -> Result<(), XlsxError> {
    ws.write_string(row, 0, label)?;
    let n = |v: i64| v as f64;
    ws.write_number(row, 1, n(c.received))?;
    ws.write_number(row, 2, n(c.accepted_on_time))?;
    rate(ws, row, 3, c.response_rate())?;
    ws.write_number(row, 4, n(c.resolved))?;
    rate(ws, row, 5, c.resolution_rate())?;
    ws.write_number(row, 6, n(c.replied))?;
    ws.write_number(row, 7, n(c.replied_on_time))?;
    rate(ws, row, 8, c.on_time_rate())?;
    ws.write_number(row, 9, n(c.rated))?;
    ws.write_number(row, 10, n(c.satisfied))?;
    rate(ws, row, 11, c.satisfaction_rate())?;
    ws.write_number(row, 12, n(c.violations))?;
    ws.write_number(row, 13, n(c.converted))?;
    rate(ws, row, 14, c.conversion_rate())?;
    ws.write_number(row, 15, n(c.mandatory_violations))?;
    ws.write_number(row, 16, n(c.mandatory_converted))?;
    rate(ws, row, 17, c.mandatory_conversion_rate())?;
    ws.write_number(row, 18, n(c.complaints))?;
    ws.write_number(row, 19, n(c.repeats))?;
    rate(ws, row, 20, c.repeat_rate())?;
    ws.write_string(row, 21, key)?;
    Ok(())
}

fn figures_workbook(f: &figures::Figures) -> Result<Vec<u8>, XlsxError> {
    let lang = Lang::Zh;
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("指标")?;
    ws.write_string(
        0,
        0,
        format!("统计期间 {} 至 {}", f.filter.from, f.filter.to),
    )?;
    headers(ws, 1, &FIGURE_HEADERS)?;
    let mut row = 2;
    for r in &f.rows {
        counts_row(ws, row, &r.label, &r.key, &r.counts)?;
        row += 1;
    }
    counts_row(ws, row, "合计", "", &f.total)?;

    let ws = wb.add_worksheet().set_name("趋势")?;
    headers(
        ws,
        0,
        &["起始日期", "受理总数", "响应率", "解决率", "满意率"],
    )?;
    for (i, (d, c)) in f.trend.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, d.to_string())?;
        ws.write_number(r, 1, c.received as f64)?;
        rate(ws, r, 2, c.response_rate())?;
        rate(ws, r, 3, c.resolution_rate())?;
        rate(ws, r, 4, c.satisfaction_rate())?;
    }

    let ws = wb.add_worksheet().set_name("重点事项")?;
    headers(ws, 0, &FIGURE_HEADERS)?;
    for (i, (s, c)) in f.focus.iter().enumerate() {
        counts_row(ws, i as u32 + 1, s.label(lang), s.as_str(), c)?;
    }

    let ws = wb.add_worksheet().set_name("案件及其他")?;
    headers(ws, 0, &["指标", "数量"])?;
    let mut lines: Vec<(String, i64)> = vec![
        ("期间立案".into(), f.cases.opened),
        ("期间结案".into(), f.cases.closed),
        ("在办案件".into(), f.cases.open),
        ("超期案件".into(), f.cases.overdue),
    ];
    for (s, n) in &f.cases.by_stage {
        lines.push((format!("在办·{}", s.as_str()), *n));
    }
    lines.extend([
        ("物业履责核查（期间办结）".into(), f.duty_checks.concluded),
        ("物业履责核查不合格".into(), f.duty_checks.failed),
        ("装修登记".into(), f.renovation.registered),
        ("高风险装修登记".into(), f.renovation.high_risk),
        ("在施装修".into(), f.renovation.in_progress),
        ("装修完工".into(), f.renovation.completed),
        ("装修违法报告".into(), f.renovation.violation_reports),
        ("装修违法迟报".into(), f.renovation.late_reports),
    ]);
    for (i, (k, v)) in lines.iter().enumerate() {
        ws.write_string(i as u32 + 1, 0, k)?;
        ws.write_number(i as u32 + 1, 1, *v as f64)?;
    }
    wb.save_to_buffer()
}

pub async fn figures_xlsx(req: HttpRequest, q: Query, state: web::Data<AppState>) -> HttpResponse {
    match figures_export(&req, &q, &state).await {
        Ok(r) => r,
        Err(e) => refuse(&e, super::graphql::lang_of(&req)),
    }
}

async fn figures_export(req: &HttpRequest, q: &Query, state: &AppState) -> ApiResult<HttpResponse> {
    let user = caller(req, state, Op::ExportFigures).await?;
    let f = figures::resolve(&state.db, &user, &spec_of(q)?).await?;
    let by = dimension(q)?.unwrap_or(FigureDimension::SubDistrict);
    let name = format!("figures-{}-{}.xlsx", f.from, f.to);
    let out = figures::figures(&state.db, Lang::Zh, f, by, TrendBucket::Week.into()).await?;
    let bytes = figures_workbook(&out).map_err(xlsx_err)?;
    Ok(attachment(bytes, &name))
}

pub async fn items_xlsx(req: HttpRequest, q: Query, state: web::Data<AppState>) -> HttpResponse {
    match items_export(&req, &q, &state).await {
        Ok(r) => r,
        Err(e) => refuse(&e, super::graphql::lang_of(&req)),
    }
}

fn local(t: DateTime<Utc>) -> String {
    t.with_timezone(&shanghai())
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

fn yes_no(b: Option<bool>) -> &'static str {
    match b {
        Some(true) => "是",
        Some(false) => "否",
        None => "",
    }
}

async fn items_export(req: &HttpRequest, q: &Query, state: &AppState) -> ApiResult<HttpResponse> {
    let user = caller(req, state, Op::ExportItems).await?;
    let f = figures::resolve(&state.db, &user, &spec_of(q)?).await?;
    let measure = q
        .get("measure")
        .map(|s| FigureMeasure::parse(s).ok_or_else(bad))
        .transpose()?
        .unwrap_or(FigureMeasure::Received);
    let by = dimension(q)?;
    let row = match (by, q.get("key")) {
        (Some(b), Some(k)) => Some((b, k.as_str())),
        _ => None,
    };
    let (items, _) =
        figures::items_behind(&state.db, &f, measure, row, 0, MAX_EXPORT_ITEMS).await?;
    let matters: HashMap<i32, (String, String)> = matter::Entity::find()
        .all(&state.db)
        .await?
        .into_iter()
        .map(|m| (m.id, (m.code, m.name_zh)))
        .collect();
    let cids: Vec<i32> = items.iter().map(|i| i.community_id).collect();
    let communities: HashMap<i32, String> = community::Entity::find()
        .filter(community::Column::Id.is_in(cids))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let name = format!("items-{}-{}.xlsx", f.from, f.to);
    let bytes = (|| -> Result<Vec<u8>, XlsxError> {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet().set_name("事项清单")?;
        headers(
            ws,
            0,
            &[
                "编号",
                "类型",
                "来源",
                "事项",
                "小区",
                "状态",
                "受理时间",
                "是否按时响应",
                "是否按时告知结果",
                "评价",
                "已立案",
                "重复投诉",
            ],
        )?;
        for (i, it) in items.iter().enumerate() {
            let r = i as u32 + 1;
            ws.write_string(r, 0, it.uuid.to_string())?;
            ws.write_string(r, 1, kind_zh(&it.kind))?;
            let source = ItemSource::parse(&it.source)
                .map(|s| figures::source_label(s, Lang::Zh))
                .unwrap_or("");
            ws.write_string(r, 2, source)?;
            let m = it
                .matter_id
                .and_then(|m| matters.get(&m))
                .map(|(c, n)| format!("{c} {n}"))
                .unwrap_or_default();
            ws.write_string(r, 3, m)?;
            ws.write_string(
                r,
                4,
                communities
                    .get(&it.community_id)
                    .cloned()
                    .unwrap_or_default(),
            )?;
            ws.write_string(r, 5, &it.status)?;
            ws.write_string(r, 6, local(it.created_at))?;
            ws.write_string(r, 7, yes_no(it.accepted_on_time))?;
            ws.write_string(r, 8, yes_no(it.replied_on_time))?;
            let rating = match it.rating.as_deref() {
                Some("SATISFIED") => "满意",
                Some("UNSATISFIED") => "不满意",
                _ => "",
            };
            ws.write_string(r, 9, rating)?;
            ws.write_string(r, 10, yes_no(Some(it.converted_at.is_some())))?;
            ws.write_string(r, 11, yes_no(Some(it.repeat_of_id.is_some())))?;
        }
        wb.save_to_buffer()
    })()
    .map_err(xlsx_err)?;
    Ok(attachment(bytes, &name))
}

fn kind_zh(k: &str) -> &'static str {
    match k {
        "COMPLAINT" => "投诉",
        "PROPERTY_REPORT" => "物业报告",
        "COMMITTEE_REPORT" => "居民区反映",
        "SUGGESTION" => "人民建议",
        _ => "",
    }
}

pub async fn hotspots_xlsx(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    match hotspots_export(&req, &state).await {
        Ok(r) => r,
        Err(e) => refuse(&e, super::graphql::lang_of(&req)),
    }
}

async fn hotspots_export(req: &HttpRequest, state: &AppState) -> ApiResult<HttpResponse> {
    let user = caller(req, state, Op::ExportHotspots).await?;
    let rows = hotspots::list(&state.db, &user, false).await?;
    let (from, to) = hotspots::window(None, None)?;
    let mut lines = Vec::new();
    for (h, c) in rows {
        let p = hotspots::pattern_of(&state.db, c.id, from, to).await?;
        lines.push((h, c, p));
    }
    let bytes = (|| -> Result<Vec<u8>, XlsxError> {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet().set_name("投诉集中点位")?;
        headers(
            ws,
            0,
            &[
                "小区",
                "地址",
                "开始日期",
                "结束日期",
                "来源",
                "近90天件数",
                "规律",
                "说明",
            ],
        )?;
        for (i, (h, c, p)) in lines.iter().enumerate() {
            let r = i as u32 + 1;
            ws.write_string(r, 0, &c.name)?;
            ws.write_string(r, 1, &c.address)?;
            ws.write_string(r, 2, h.starts_on.to_string())?;
            ws.write_string(r, 3, h.ends_on.map(|d| d.to_string()).unwrap_or_default())?;
            ws.write_string(
                r,
                4,
                if h.source == "IMPORTED" {
                    "导入"
                } else {
                    "手工标记"
                },
            )?;
            ws.write_number(r, 5, p.pattern.total as f64)?;
            ws.write_string(r, 6, p.label_text(Lang::Zh))?;
            ws.write_string(r, 7, p.explanation(Lang::Zh))?;
        }
        wb.save_to_buffer()
    })()
    .map_err(xlsx_err)?;
    Ok(attachment(bytes, &format!("hotspots-{to}.xlsx")))
}
