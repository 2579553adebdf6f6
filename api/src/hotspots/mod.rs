//! Hotspot communities (投诉集中小区点位, SPEC §9): the city's list imported from CSV or marked
//! by hand, each for a period; the complaint pattern over a window (`pattern.rs`); and their
//! rectification plans (`plans.rs`).
//!
//! Who: supervisors mark and end hotspots in their scope and import the list for their
//! district; officers and supervisors read the hotspots of their scope (outside it:
//! `NOT_FOUND`).
pub mod pattern;
pub mod plans;

use std::collections::HashMap;

use chrono::{Duration, NaiveDate, Utc};
use entity::{building, community, hotspot, item, matter, sub_district, unit};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use uuid::Uuid;

use crate::{
    audit,
    auth::{CurrentUser, Role},
    authz,
    error::{ApiError, ApiResult},
    figures::{self, counts::Bucket},
    i18n::{Lang, Msg},
    validation::{FieldError, Problems, optional_text},
};

/// The default window of a pattern: the last 90 days.
pub const DEFAULT_WINDOW_DAYS: i64 = 90;
/// The longest window.
pub const MAX_WINDOW_DAYS: i64 = 366;
/// The most lines one import takes.
pub const MAX_IMPORT_LINES: usize = 2000;

/// Hotspots of the caller's scope: active ones first, then by community name.
pub async fn list(
    db: &DatabaseConnection,
    user: &CurrentUser,
    active_only: bool,
) -> ApiResult<Vec<(hotspot::Model, community::Model)>> {
    let cond = authz::community_filter(db, user).await?;
    let communities: HashMap<i32, community::Model> = community::Entity::find()
        .filter(cond)
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let today = figures::today();
    let mut rows: Vec<(hotspot::Model, community::Model)> = hotspot::Entity::find()
        .filter(hotspot::Column::CommunityId.is_in(communities.keys().copied()))
        .order_by_desc(hotspot::Column::StartsOn)
        .all(db)
        .await?
        .into_iter()
        .filter(|h| !active_only || active_on(h, today))
        .filter_map(|h| communities.get(&h.community_id).cloned().map(|c| (h, c)))
        .collect();
    rows.sort_by(|a, b| {
        active_on(&b.0, today)
            .cmp(&active_on(&a.0, today))
            .then_with(|| a.1.name.cmp(&b.1.name))
    });
    Ok(rows)
}

pub fn active_on(h: &hotspot::Model, day: NaiveDate) -> bool {
    h.starts_on <= day && h.ends_on.is_none_or(|e| day <= e)
}

/// One hotspot inside the caller's scope.
pub async fn load(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    id: Uuid,
) -> ApiResult<(hotspot::Model, community::Model)> {
    let h = hotspot::Entity::find()
        .filter(hotspot::Column::Uuid.eq(id))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?;
    let c = community::Entity::find_by_id(h.community_id)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?;
    authz::ensure_community_in_scope(db, user, &c).await?;
    Ok((h, c))
}

/// Supervisors only change hotspots and their plans.
pub(crate) fn ensure_supervisor(user: &CurrentUser) -> ApiResult<()> {
    if user.role == Role::Supervisor {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}

async fn district_of(db: &impl ConnectionTrait, c: &community::Model) -> ApiResult<i32> {
    Ok(sub_district::Entity::find_by_id(c.sub_district_id)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?
        .district_id)
}

/// Takes the community's row lock first, so two marks or imports of one community run one
/// after the other and the overlap check holds (on SQLite the write lock, taken before any
/// read, does the same).
async fn lock_community(db: &impl ConnectionTrait, community_id: i32) -> ApiResult<()> {
    community::Entity::update_many()
        .col_expr(
            community::Column::Id,
            sea_orm::sea_query::Expr::col(community::Column::Id),
        )
        .filter(community::Column::Id.eq(community_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Another hotspot of the community overlapping `[starts, ends]`.
async fn overlapping(
    db: &impl ConnectionTrait,
    community_id: i32,
    starts: NaiveDate,
    ends: Option<NaiveDate>,
    except: Option<i32>,
) -> ApiResult<bool> {
    let far = NaiveDate::MAX;
    Ok(hotspot::Entity::find()
        .filter(hotspot::Column::CommunityId.eq(community_id))
        .all(db)
        .await?
        .iter()
        .filter(|h| Some(h.id) != except)
        .any(|h| h.starts_on <= ends.unwrap_or(far) && starts <= h.ends_on.unwrap_or(far)))
}

fn check_period(p: &mut Problems, starts: NaiveDate, ends: Option<NaiveDate>) {
    if !figures::date_in_range(starts) || ends.is_some_and(|e| !figures::date_in_range(e)) {
        p.push("startsOn", "DATE_INVALID", Msg::DateOutOfRange);
        return;
    }
    if ends.is_some_and(|e| e < starts) {
        p.push("endsOn", "END_BEFORE_START", Msg::EndBeforeStart);
    }
    if (figures::today() - starts).num_days() > 3 * 366 {
        p.push("startsOn", "DATE_TOO_OLD", Msg::HotspotStartTooOld);
    }
}

/// A supervisor marks a community of the scope as a hotspot for a period.
pub async fn mark(
    db: &DatabaseConnection,
    user: &CurrentUser,
    community_id: Uuid,
    starts: NaiveDate,
    ends: Option<NaiveDate>,
    note: Option<String>,
) -> ApiResult<Result<hotspot::Model, Vec<FieldError>>> {
    ensure_supervisor(user)?;
    let c = community::Entity::find()
        .filter(community::Column::Uuid.eq(community_id))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?;
    authz::ensure_community_in_scope(db, user, &c).await?;
    let mut p = Problems::default();
    check_period(&mut p, starts, ends);
    let note = optional_text(note, 500);
    if !p.is_empty() {
        return Ok(Err(p.0));
    }
    let txn = db.begin().await?;
    lock_community(&txn, c.id).await?;
    if overlapping(&txn, c.id, starts, ends, None).await? {
        return Ok(Err(vec![FieldError::new(
            "communityId",
            "ALREADY_HOTSPOT",
            Msg::AlreadyHotspot,
        )]));
    }
    let h = insert(&txn, user, &c, starts, ends, "MANUAL", note).await?;
    crate::db::commit(txn).await?;
    Ok(Ok(h))
}

async fn insert(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    c: &community::Model,
    starts: NaiveDate,
    ends: Option<NaiveDate>,
    source: &str,
    note: Option<String>,
) -> ApiResult<hotspot::Model> {
    let h = hotspot::ActiveModel {
        uuid: Set(Uuid::new_v4()),
        district_id: Set(district_of(db, c).await?),
        community_id: Set(c.id),
        starts_on: Set(starts),
        ends_on: Set(ends),
        source: Set(source.into()),
        note: Set(note),
        created_by: Set(user.id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit::record(
        db,
        Some(user.id),
        "hotspot",
        h.uuid,
        "MARK",
        serde_json::json!({ "community": c.uuid, "startsOn": starts, "endsOn": ends, "source": source }),
    )
    .await?;
    Ok(h)
}

/// A supervisor ends a hotspot's period.
pub async fn end(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: Uuid,
    ends: NaiveDate,
) -> ApiResult<Result<hotspot::Model, Vec<FieldError>>> {
    ensure_supervisor(user)?;
    if !figures::date_in_range(ends) {
        return Ok(Err(vec![FieldError::new(
            "endsOn",
            "DATE_INVALID",
            Msg::DateOutOfRange,
        )]));
    }
    let txn = db.begin().await?;
    let (h, _) = load(&txn, user, id).await?;
    lock_community(&txn, h.community_id).await?;
    if ends < h.starts_on {
        return Ok(Err(vec![FieldError::new(
            "endsOn",
            "END_BEFORE_START",
            Msg::EndBeforeStart,
        )]));
    }
    // A later end must not run into the community's next period.
    if overlapping(&txn, h.community_id, h.starts_on, Some(ends), Some(h.id)).await? {
        return Ok(Err(vec![FieldError::new(
            "endsOn",
            "ALREADY_HOTSPOT",
            Msg::AlreadyHotspot,
        )]));
    }
    let uuid = h.uuid;
    let mut am: hotspot::ActiveModel = h.into();
    am.ends_on = Set(Some(ends));
    let h = am.update(&txn).await?;
    audit::record(
        &txn,
        Some(user.id),
        "hotspot",
        uuid,
        "END",
        serde_json::json!({ "endsOn": ends }),
    )
    .await?;
    crate::db::commit(txn).await?;
    Ok(Ok(h))
}

/// One line of an import, and what became of it.
#[derive(Clone, Debug)]
pub struct ImportLine {
    pub line: usize,
    pub name: String,
    pub address: String,
    pub community: Option<community::Model>,
    pub reason: Option<Msg>,
}

#[derive(Clone, Debug, Default)]
pub struct ImportReport {
    pub imported: usize,
    pub matched: Vec<ImportLine>,
    pub unmatched: Vec<ImportLine>,
}

/// Imports the city's list for the district: every line matched to a community of the
/// district by name (the address decides between namesakes), all in one transaction. Nothing
/// is imported when a line does not match unless `skip_unmatched`; `dry_run` only reports.
#[allow(clippy::too_many_arguments)]
pub async fn import(
    db: &DatabaseConnection,
    user: &CurrentUser,
    csv_text: &str,
    starts: NaiveDate,
    ends: Option<NaiveDate>,
    dry_run: bool,
    skip_unmatched: bool,
) -> ApiResult<Result<ImportReport, Vec<FieldError>>> {
    let district_id = authz::ensure_district_supervisor(user)?;
    let mut p = Problems::default();
    check_period(&mut p, starts, ends);
    let lines = match parse_csv(csv_text) {
        Ok(l) => l,
        Err(m) => {
            p.push("csv", "CSV_INVALID", m);
            vec![]
        }
    };
    if !p.is_empty() {
        return Ok(Err(p.0));
    }
    let sds: Vec<i32> = sub_district::Entity::find()
        .filter(sub_district::Column::DistrictId.eq(district_id))
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    let names: Vec<String> = lines.iter().map(|(_, n, _)| n.clone()).collect();
    let candidates = community::Entity::find()
        .filter(community::Column::Name.is_in(names))
        .all(db)
        .await?;
    let txn = db.begin().await?;
    let mut report = ImportReport::default();
    let mut seen = std::collections::HashSet::new();
    for (line, name, address) in lines {
        let same: Vec<&community::Model> = candidates.iter().filter(|c| c.name == name).collect();
        let inside: Vec<&community::Model> = same
            .iter()
            .copied()
            .filter(|c| sds.contains(&c.sub_district_id))
            .collect();
        let chosen: Result<&community::Model, Msg> = match inside.len() {
            0 if same.is_empty() => Err(Msg::ImportUnknownCommunity),
            0 => Err(Msg::ImportOutsideDistrict),
            1 => Ok(inside[0]),
            _ => {
                let by_addr: Vec<_> = inside
                    .iter()
                    .filter(|c| !address.is_empty() && c.address.contains(address.as_str()))
                    .collect();
                if by_addr.len() == 1 {
                    Ok(*by_addr[0])
                } else {
                    Err(Msg::ImportAmbiguous)
                }
            }
        };
        if let Ok(c) = chosen {
            lock_community(&txn, c.id).await?;
        }
        let reason = match chosen {
            Err(m) => Some(m),
            Ok(c) if !seen.insert(c.id) => Some(Msg::ImportDuplicateLine),
            Ok(c) if overlapping(&txn, c.id, starts, ends, None).await? => {
                Some(Msg::AlreadyHotspot)
            }
            Ok(_) => None,
        };
        let l = ImportLine {
            line,
            name,
            address,
            community: chosen.ok().cloned(),
            reason,
        };
        if l.reason.is_some() {
            report.unmatched.push(l);
        } else {
            report.matched.push(l);
        }
    }
    if dry_run || (!report.unmatched.is_empty() && !skip_unmatched) {
        txn.rollback().await?;
        return Ok(Ok(report));
    }
    for l in &report.matched {
        if let Some(c) = &l.community {
            insert(&txn, user, c, starts, ends, "IMPORTED", None).await?;
        }
    }
    crate::db::commit(txn).await?;
    report.imported = report.matched.len();
    Ok(Ok(report))
}

/// `(line number, name, address)` per data line. The header names the columns
/// (小区名称/名称/name, 地址/address); without a header the first two columns are taken.
fn parse_csv(text: &str) -> Result<Vec<(usize, String, String)>, Msg> {
    let text = text.trim_start_matches('\u{feff}');
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    let (mut name_col, mut addr_col) = (0usize, 1usize);
    for (i, rec) in r.records().enumerate() {
        let rec = rec.map_err(|_| Msg::CsvInvalid)?;
        let line = i + 1;
        if i == 0 {
            let cols: Vec<String> = rec.iter().map(|s| s.to_lowercase()).collect();
            let find = |keys: &[&str]| cols.iter().position(|c| keys.contains(&c.as_str()));
            if let Some(n) = find(&["小区名称", "小区", "名称", "name", "community"]) {
                name_col = n;
                addr_col = find(&["地址", "小区地址", "address"]).unwrap_or(usize::MAX);
                continue;
            }
        }
        let name = rec.get(name_col).unwrap_or("").to_string();
        if name.is_empty() && rec.iter().all(str::is_empty) {
            continue;
        }
        if name.is_empty() || name.chars().count() > 100 {
            return Err(Msg::CsvInvalid);
        }
        out.push((line, name, rec.get(addr_col).unwrap_or("").to_string()));
        if out.len() > MAX_IMPORT_LINES {
            return Err(Msg::CsvTooLong);
        }
    }
    if out.is_empty() {
        return Err(Msg::CsvEmpty);
    }
    Ok(out)
}

/// A hotspot's pattern with the names behind the numbers.
#[derive(Clone, Debug)]
pub struct PatternReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub data_from: Option<NaiveDate>,
    pub window_longer_than_data: bool,
    pub pattern: pattern::Pattern,
    pub top_unit_label: Option<String>,
    /// matter id → (code, name zh, name en)
    pub matters: HashMap<i32, (String, String, String)>,
}

/// The window a caller asks for, checked: `to` defaults to today, `from` to 90 days before.
pub fn window(from: Option<NaiveDate>, to: Option<NaiveDate>) -> ApiResult<(NaiveDate, NaiveDate)> {
    let to = to.unwrap_or_else(figures::today);
    if !figures::date_in_range(to) || from.is_some_and(|f| !figures::date_in_range(f)) {
        return Err(ApiError::Validation(Msg::WindowInvalid));
    }
    let from = from.unwrap_or(to - Duration::days(DEFAULT_WINDOW_DAYS - 1));
    if to < from || (to - from).num_days() >= MAX_WINDOW_DAYS {
        return Err(ApiError::Validation(Msg::WindowInvalid));
    }
    Ok((from, to))
}

/// (unit, matter, items, first item) per point of a window.
type PointRow = (Option<i32>, Option<i32>, i64, Option<chrono::DateTime<Utc>>);

/// The kinds a pattern counts: what residents, committees and firms report (not suggestions).
const PATTERN_KINDS: [&str; 3] = ["COMPLAINT", "COMMITTEE_REPORT", "PROPERTY_REPORT"];

/// The complaint pattern of a community over `[from, to]`.
pub async fn pattern_of(
    db: &impl ConnectionTrait,
    community_id: i32,
    from: NaiveDate,
    to: NaiveDate,
) -> ApiResult<PatternReport> {
    let (a, b) = (
        figures::midnight(from),
        figures::midnight(to + Duration::days(1)),
    );
    // Counted in the database: one row per (unit, matter), however many items.
    let rows: Vec<PointRow> = item::Entity::find()
        .select_only()
        .column(item::Column::UnitId)
        .column(item::Column::MatterId)
        .column_as(item::Column::Id.count(), "n")
        .column_as(item::Column::CreatedAt.min(), "first")
        .filter(item::Column::CommunityId.eq(community_id))
        .filter(item::Column::CreatedAt.gte(a))
        .filter(item::Column::CreatedAt.lt(b))
        .filter(item::Column::Kind.is_in(PATTERN_KINDS))
        .filter(item::Column::MatterId.is_not_null())
        .group_by(item::Column::UnitId)
        .group_by(item::Column::MatterId)
        .into_tuple()
        .all(db)
        .await?;
    let points: Vec<((Option<i32>, i32), usize)> = rows
        .iter()
        .filter_map(|(u, m, n, _)| m.map(|m| ((*u, m), *n as usize)))
        .collect();
    let data_from = rows.iter().filter_map(|r| r.3).min().map(|t| {
        t.with_timezone(&crate::intake::rules::shanghai())
            .date_naive()
    });
    // The first item of the community on record, at any time.
    let first_on_record: Option<chrono::DateTime<Utc>> = item::Entity::find()
        .select_only()
        .column(item::Column::CreatedAt)
        .filter(item::Column::CommunityId.eq(community_id))
        .order_by_asc(item::Column::CreatedAt)
        .into_tuple()
        .one(db)
        .await?;
    let window_longer_than_data = first_on_record.is_none_or(|t| t > a);
    let p = pattern::classify(&points);
    let ids: Vec<i32> = p.matters.iter().map(|m| m.matter).collect();
    let matters = matter::Entity::find()
        .filter(matter::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, (m.code, m.name_zh, m.name_en)))
        .collect();
    let top_unit_label = match p.top_point.and_then(|((u, _), _)| u) {
        Some(u) => match unit::Entity::find_by_id(u).one(db).await? {
            Some(u) => {
                let b = building::Entity::find_by_id(u.building_id).one(db).await?;
                Some(match b {
                    Some(b) => format!("{} {}", b.name, u.number),
                    None => u.number,
                })
            }
            None => None,
        },
        None => None,
    };
    Ok(PatternReport {
        from,
        to,
        data_from,
        window_longer_than_data,
        pattern: p,
        top_unit_label,
        matters,
    })
}

impl PatternReport {
    pub fn label_text(&self, lang: Lang) -> &'static str {
        match self.pattern.label {
            pattern::Label::SameProblemRepeated => {
                lang.pick("同一问题的反复投诉", "Same problem repeated")
            }
            pattern::Label::OneKindManyTimes => {
                lang.pick("一类问题的多次投诉", "One kind of problem many times")
            }
            pattern::Label::ManyProblemsOften => {
                lang.pick("多个问题的经常投诉", "Many problems often")
            }
            pattern::Label::TooFew => {
                lang.pick("投诉较少，尚不构成规律", "Too few to call a pattern")
            }
        }
    }

    pub fn matter_name(&self, id: i32, lang: Lang) -> (String, String) {
        self.matters
            .get(&id)
            .map(|(c, zh, en)| (c.clone(), lang.pick(zh, en).to_string()))
            .unwrap_or_default()
    }

    /// The rule that fired, with its numbers.
    pub fn explanation(&self, lang: Lang) -> String {
        let p = &self.pattern;
        let pct = |x: f64| format!("{:.0}%", x * 100.0);
        let place = self
            .top_unit_label
            .clone()
            .unwrap_or_else(|| lang.pick("公共区域", "the common areas").to_string());
        match p.label {
            pattern::Label::TooFew => match lang {
                Lang::Zh => format!(
                    "期间内仅{}件，少于{}件，不作规律判断。",
                    p.total,
                    pattern::MIN_TOTAL
                ),
                Lang::En => format!(
                    "Only {} in the window, fewer than {}: no pattern is called.",
                    p.total,
                    pattern::MIN_TOTAL
                ),
            },
            pattern::Label::SameProblemRepeated => {
                let ((_, m), n) = p.top_point.unwrap_or(((None, 0), 0));
                let (code, name) = self.matter_name(m, lang);
                match lang {
                    Lang::Zh => format!(
                        "{}件中有{}件（{}）是{}的同一问题（{} {}），达到一半以上。",
                        p.total,
                        n,
                        pct(p.top_point_share),
                        place,
                        code,
                        name
                    ),
                    Lang::En => format!(
                        "{} of {} ({}) are the same problem at {} ({} {}): at least half.",
                        n,
                        p.total,
                        pct(p.top_point_share),
                        place,
                        code,
                        name
                    ),
                }
            }
            pattern::Label::OneKindManyTimes => {
                let m = &p.matters[0];
                let (code, name) = self.matter_name(m.matter, lang);
                match lang {
                    Lang::Zh => format!(
                        "{}件中有{}件（{}）属于同一类问题（{} {}），分布在{}处；单一点位最多占{}。",
                        p.total,
                        m.count,
                        pct(p.top_matter_share),
                        code,
                        name,
                        m.units,
                        pct(p.top_point_share)
                    ),
                    Lang::En => format!(
                        "{} of {} ({}) are one kind of problem ({} {}) at {} places; no single place above {}.",
                        m.count,
                        p.total,
                        pct(p.top_matter_share),
                        code,
                        name,
                        m.units,
                        pct(p.top_point_share)
                    ),
                }
            }
            pattern::Label::ManyProblemsOften => match lang {
                Lang::Zh => format!(
                    "{}件涉及{}类问题，最多的一类仅占{}，未达一半。",
                    p.total,
                    p.distinct_matters,
                    pct(p.top_matter_share)
                ),
                Lang::En => format!(
                    "{} items about {} matters; the largest holds only {}, under half.",
                    p.total,
                    p.distinct_matters,
                    pct(p.top_matter_share)
                ),
            },
        }
    }
}

/// Complaints (as the pattern counts them) per week, Monday first, over `[from, to]`.
pub async fn weekly(
    db: &impl ConnectionTrait,
    community_id: i32,
    from: NaiveDate,
    to: NaiveDate,
) -> ApiResult<Vec<(NaiveDate, i64)>> {
    let (a, b) = (
        figures::midnight(from),
        figures::midnight(to + Duration::days(1)),
    );
    let times: Vec<chrono::DateTime<Utc>> = item::Entity::find()
        .select_only()
        .column(item::Column::CreatedAt)
        .filter(item::Column::CommunityId.eq(community_id))
        .filter(item::Column::CreatedAt.gte(a))
        .filter(item::Column::CreatedAt.lt(b))
        .filter(item::Column::Kind.is_in(PATTERN_KINDS))
        .filter(item::Column::MatterId.is_not_null())
        .into_tuple()
        .all(db)
        .await?;
    let sh = crate::intake::rules::shanghai();
    let days: Vec<(NaiveDate, figures::Counts)> = times
        .iter()
        .map(|t| {
            (
                t.with_timezone(&sh).date_naive(),
                figures::Counts {
                    received: 1,
                    ..Default::default()
                },
            )
        })
        .collect();
    Ok(figures::counts::trend(Bucket::Week, from, to, &days)
        .into_iter()
        .map(|(d, c)| (d, c.received))
        .collect())
}

/// Open items of the community now.
pub async fn open_items(db: &impl ConnectionTrait, community_id: i32) -> ApiResult<u64> {
    use sea_orm::PaginatorTrait;
    Ok(item::Entity::find()
        .filter(item::Column::CommunityId.eq(community_id))
        .filter(item::Column::Status.is_in(["SUBMITTED", "ACCEPTED", "VERIFYING"]))
        .count(db)
        .await?)
}

use sea_orm::QuerySelect;
