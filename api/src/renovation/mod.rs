//! The renovation-management pilot (装修活动物业全过程管理, SPEC §8): the property firm
//! registers a renovation, records the notice and commitment, starts the work, patrols it on
//! a working-day schedule (a missed patrol is a duty gap), reports a violation it failed to
//! dissuade as a property report linked to the registration, and checks the completion.
pub mod league;
pub mod schedule;

use chrono::{DateTime, NaiveDate, Utc};
use entity::{community, renovation, renovation_patrol, unit};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
    sea_query::{Expr, ExprTrait, Query},
};
use uuid::Uuid;

use crate::{
    audit,
    auth::{CurrentUser, Role, Scope},
    authz,
    catalog::{calendar::Calendar, holidays},
    error::{ApiError, ApiResult},
    i18n::Msg,
    intake::{
        file::{self, Dissuasion, Filing},
        rules::shanghai,
        status::{ItemKind, stored_enum},
    },
    photos::{PhotoStore, attach},
    settings::Settings,
    validation::{FieldError, Problems, idempotency_key, optional_text},
};

stored_enum!(
    /// 装修登记的状态
    RenovationStatus {
        /// 已登记
        Registered => "REGISTERED",
        /// 已签告知书、承诺书、装修管理协议
        Agreed => "AGREED",
        /// 施工中
        Started => "STARTED",
        /// 竣工检查通过，登记关闭
        Completed => "COMPLETED",
    }
);

/// What residents are told about working hours (Shanghai's rule for renovation noise).
pub const WORKING_HOURS: (&str, &str) = (
    "工作日 8:00–12:00、14:00–18:00，节假日不得进行有噪声的施工",
    "Working days 8:00–12:00 and 14:00–18:00; no noisy work on public holidays",
);

pub type Done = Result<renovation::Model, Vec<FieldError>>;

/// How far back an agreement or a start may be entered (a registration made late).
pub const MAX_DAYS_BACK: i64 = 366;

fn today() -> NaiveDate {
    Utc::now().with_timezone(&shanghai()).date_naive()
}

fn not_now() -> Vec<FieldError> {
    vec![FieldError::new(
        "renovationId",
        "NOT_ALLOWED_NOW",
        Msg::RenovationNotAllowedNow,
    )]
}

fn status_of(r: &renovation::Model) -> RenovationStatus {
    RenovationStatus::parse(&r.status).unwrap_or(RenovationStatus::Registered)
}

/// Registrations the caller sees: the firm its own; officers, supervisors and the housing
/// partner those of their scope's communities.
pub async fn visible(db: &impl ConnectionTrait, user: &CurrentUser) -> ApiResult<Condition> {
    match (&user.role, &user.scope) {
        (Role::Property, Scope::PropertyFirm { property_firm_id }) => {
            Ok(Condition::all().add(renovation::Column::PropertyFirmId.eq(*property_firm_id)))
        }
        (Role::Officer | Role::Supervisor | Role::Housing, _) => {
            let communities = authz::community_filter(db, user).await?;
            Ok(Condition::all().add(
                renovation::Column::CommunityId.in_subquery(
                    Query::select()
                        .column(community::Column::Id)
                        .from(community::Entity)
                        .cond_where(communities)
                        .to_owned(),
                ),
            ))
        }
        _ => Err(ApiError::Forbidden),
    }
}

pub async fn load(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    id: Uuid,
) -> ApiResult<renovation::Model> {
    renovation::Entity::find()
        .filter(renovation::Column::Uuid.eq(id))
        .filter(visible(db, user).await?)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)
}

/// The firm's own registration, for a change; anyone else's is `NOT_FOUND`.
async fn load_own(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    id: Uuid,
) -> ApiResult<renovation::Model> {
    if user.role != Role::Property {
        return Err(ApiError::Forbidden);
    }
    load(db, user, id).await
}

/// Saves `new` if the registration is still the version read: the first statement of the
/// transaction. False: someone else changed it first.
async fn save(
    db: &impl ConnectionTrait,
    old: &renovation::Model,
    mut new: renovation::Model,
) -> ApiResult<Option<renovation::Model>> {
    new.version = old.version + 1;
    new.updated_at = Utc::now();
    let am = new.clone().into_active_model().reset_all();
    let res = renovation::Entity::update_many()
        .set(am)
        .filter(renovation::Column::Id.eq(old.id))
        .filter(renovation::Column::Version.eq(old.version))
        .exec(db)
        .await?;
    Ok((res.rows_affected == 1).then_some(new))
}

async fn commit(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    old: &renovation::Model,
    new: renovation::Model,
    action: &str,
    detail: serde_json::Value,
) -> ApiResult<Done> {
    let txn = db.begin().await?;
    let Some(saved) = save(&txn, old, new).await? else {
        return Ok(Err(vec![FieldError::new(
            "renovationId",
            "CONFLICT",
            Msg::RenovationConflict,
        )]));
    };
    audit::record(
        &txn,
        Some(actor.id),
        "renovation",
        saved.uuid,
        action,
        detail,
    )
    .await?;
    crate::db::commit(txn).await?;
    Ok(Ok(saved))
}

fn hash(v: serde_json::Value) -> String {
    attach::sha256_hex(v.to_string().as_bytes())
}

pub struct NewRenovation {
    pub key: String,
    pub community: Uuid,
    pub unit: Uuid,
    pub owner_name: String,
    pub owner_phone: Option<String>,
    pub contractor_name: String,
    pub contractor_phone: Option<String>,
    pub planned_start: NaiveDate,
    pub planned_end: NaiveDate,
    pub scope_of_work: String,
    pub load_bearing: bool,
    pub waterproofing: bool,
    pub shared_facilities: bool,
}

/// 装修登记: by the firm, in a community it manages; any of load-bearing walls,
/// waterproofing or shared facilities makes it high-risk (patrolled more often).
pub async fn register(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &CurrentUser,
    n: NewRenovation,
) -> ApiResult<Done> {
    let Scope::PropertyFirm { property_firm_id } = actor.scope else {
        return Err(ApiError::Forbidden);
    };
    let key = match idempotency_key(&n.key) {
        Ok(k) => k,
        Err(e) => return Ok(Err(e)),
    };
    let h = hash(serde_json::json!([
        n.community,
        n.unit,
        n.owner_name.trim(),
        n.owner_phone,
        n.contractor_name.trim(),
        n.contractor_phone,
        n.planned_start,
        n.planned_end,
        n.scope_of_work.trim(),
        n.load_bearing,
        n.waterproofing,
        n.shared_facilities,
    ]));
    if let Some(existing) = renovation::Entity::find()
        .filter(renovation::Column::CreatedBy.eq(actor.id))
        .filter(renovation::Column::IdempotencyKey.eq(key.as_str()))
        .one(db)
        .await?
    {
        if existing.request_hash != h {
            return Err(ApiError::Conflict(Msg::IdempotencyConflict));
        }
        return Ok(Ok(existing));
    }
    let mut p = Problems::default();
    let owner_name = p.text("ownerName", &n.owner_name, 100);
    let contractor_name = p.text("contractorName", &n.contractor_name, 200);
    let scope_of_work = p.text("scopeOfWork", &n.scope_of_work, 2000);
    if n.planned_end < n.planned_start {
        p.push("plannedEnd", "END_BEFORE_START", Msg::EndBeforeStart);
    }
    let c = community::Entity::find()
        .filter(community::Column::Uuid.eq(n.community))
        .one(db)
        .await?;
    let unit_id = match c {
        Some(c) if c.property_firm_id == Some(property_firm_id) => {
            file::unit_in(db, &c, n.unit, &mut p)
                .await?
                .map(|u| (c.id, u))
        }
        _ => {
            p.push(
                "communityId",
                "COMMUNITY_OUTSIDE_SCOPE",
                Msg::CommunityOutsideScope,
            );
            None
        }
    };
    let (Some((community_id, unit_id)), true) = (unit_id, p.is_empty()) else {
        return Ok(Err(p.0));
    };
    let high_risk = n.load_bearing || n.waterproofing || n.shared_facilities;
    let now = Utc::now();
    let txn = db.begin().await?;
    let inserted = renovation::ActiveModel {
        uuid: Set(Uuid::new_v4()),
        property_firm_id: Set(property_firm_id),
        community_id: Set(community_id),
        unit_id: Set(unit_id),
        owner_name: Set(owner_name),
        owner_phone: Set(optional_text(n.owner_phone, 30)),
        contractor_name: Set(contractor_name),
        contractor_phone: Set(optional_text(n.contractor_phone, 30)),
        planned_start: Set(n.planned_start),
        planned_end: Set(n.planned_end),
        scope_of_work: Set(scope_of_work),
        load_bearing: Set(n.load_bearing),
        waterproofing: Set(n.waterproofing),
        shared_facilities: Set(n.shared_facilities),
        high_risk: Set(high_risk),
        status: Set(RenovationStatus::Registered.as_str().into()),
        patrol_every: Set(if high_risk {
            settings.renovation_patrol_days_high_risk
        } else {
            settings.renovation_patrol_days
        } as i32),
        created_by: Set(actor.id),
        idempotency_key: Set(key.clone()),
        request_hash: Set(h.clone()),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let r = match inserted {
        Ok(r) => r,
        // The same key committed first from a parallel retry.
        Err(e) if crate::accounts::is_unique_violation(&e) => {
            drop(txn);
            let found = renovation::Entity::find()
                .filter(renovation::Column::CreatedBy.eq(actor.id))
                .filter(renovation::Column::IdempotencyKey.eq(key.as_str()))
                .one(db)
                .await?
                .ok_or(ApiError::NotFound)?;
            if found.request_hash != h {
                return Err(ApiError::Conflict(Msg::IdempotencyConflict));
            }
            return Ok(Ok(found));
        }
        Err(e) => return Err(e.into()),
    };
    audit::record(
        &txn,
        Some(actor.id),
        "renovation",
        r.uuid,
        "REGISTERED",
        serde_json::json!({"highRisk": high_risk}),
    )
    .await?;
    crate::db::commit(txn).await?;
    Ok(Ok(r))
}

/// 告知书 / 承诺书 / 装修管理协议: signed on a date, with a photo of the signed page.
pub async fn record_agreement(
    db: &DatabaseConnection,
    store: &PhotoStore,
    actor: &CurrentUser,
    id: Uuid,
    signed_on: NaiveDate,
    note: Option<String>,
    photo: Option<Vec<u8>>,
) -> ApiResult<Done> {
    let r = load_own(db, actor, id).await?;
    if status_of(&r) != RenovationStatus::Registered {
        return Ok(Err(not_now()));
    }
    let mut p = Problems::default();
    if signed_on > today() {
        p.push("signedOn", "FUTURE_TIME", Msg::FutureTime);
    } else if signed_on < today() - chrono::Duration::days(MAX_DAYS_BACK) {
        p.push("signedOn", "DATE_TOO_OLD", Msg::DateTooOld);
    }
    let Some(bytes) = photo else {
        p.push("photo", "REQUIRED", Msg::AgreementPhotoRequired);
        return Ok(Err(p.0));
    };
    if !p.is_empty() {
        return Ok(Err(p.0));
    }
    let checked = match attach::check_all(vec![bytes]).await? {
        Ok(v) => v,
        Err(e) => return Ok(Err(attach::single(e))),
    };
    attach::store_all(store, r.uuid, &checked).await?;
    let mut n = r.clone();
    n.status = RenovationStatus::Agreed.as_str().into();
    n.agreement_signed_on = Some(signed_on);
    n.agreement_photo_uuid = checked.first().map(|c| c.uuid);
    n.agreement_note = optional_text(note, 1000);
    let done = commit(
        db,
        actor,
        &r,
        n,
        "AGREEMENT_RECORDED",
        serde_json::json!({"signedOn": signed_on}),
    )
    .await;
    if !matches!(done, Ok(Ok(_))) {
        attach::remove_all(store, r.uuid, &checked).await;
    }
    done
}

/// Work starts only after the notice and commitment.
pub async fn start(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    id: Uuid,
    started_on: NaiveDate,
) -> ApiResult<Done> {
    let r = load_own(db, actor, id).await?;
    match status_of(&r) {
        RenovationStatus::Agreed => {}
        RenovationStatus::Registered => {
            return Ok(Err(vec![FieldError::new(
                "renovationId",
                "NOTICE_REQUIRED",
                Msg::NoticeRequired,
            )]));
        }
        _ => return Ok(Err(not_now())),
    }
    if started_on > today() {
        return Ok(Err(vec![FieldError::new(
            "startedOn",
            "FUTURE_TIME",
            Msg::FutureTime,
        )]));
    }
    if started_on < today() - chrono::Duration::days(MAX_DAYS_BACK) {
        return Ok(Err(vec![FieldError::new(
            "startedOn",
            "DATE_TOO_OLD",
            Msg::DateTooOld,
        )]));
    }
    if r.agreement_signed_on.is_some_and(|a| started_on < a) {
        return Ok(Err(vec![FieldError::new(
            "startedOn",
            "NOTICE_REQUIRED",
            Msg::NoticeRequired,
        )]));
    }
    let mut n = r.clone();
    n.status = RenovationStatus::Started.as_str().into();
    n.started_on = Some(started_on);
    commit(
        db,
        actor,
        &r,
        n,
        "STARTED",
        serde_json::json!({"startedOn": started_on}),
    )
    .await
}

pub struct NewPatrol {
    pub renovation: Uuid,
    pub key: String,
    pub patrolled_at: DateTime<Utc>,
    pub findings: String,
    pub violation: bool,
    pub photo: Option<Vec<u8>>,
}

/// 巡查: one entry of the firm's patrol log, safe to retry with its key.
pub async fn log_patrol(
    db: &DatabaseConnection,
    store: &PhotoStore,
    actor: &CurrentUser,
    n: NewPatrol,
) -> ApiResult<Done> {
    let key = match idempotency_key(&n.key) {
        Ok(k) => k,
        Err(e) => return Ok(Err(e)),
    };
    let r = load_own(db, actor, n.renovation).await?;
    let h = hash(serde_json::json!([
        n.renovation,
        n.patrolled_at,
        n.findings.trim(),
        n.violation,
        n.photo.as_deref().map(attach::sha256_hex),
    ]));
    if let Some(existing) = renovation_patrol::Entity::find()
        .filter(renovation_patrol::Column::ById.eq(actor.id))
        .filter(renovation_patrol::Column::IdempotencyKey.eq(key.as_str()))
        .one(db)
        .await?
    {
        if existing.request_hash != h {
            return Err(ApiError::Conflict(Msg::IdempotencyConflict));
        }
        return Ok(Ok(load(db, actor, n.renovation).await?));
    }
    if status_of(&r) != RenovationStatus::Started {
        return Ok(Err(not_now()));
    }
    let mut p = Problems::default();
    let findings = p.text("findings", &n.findings, 2000);
    let on = n.patrolled_at.with_timezone(&shanghai()).date_naive();
    if n.patrolled_at > Utc::now() + chrono::Duration::minutes(5) {
        p.push("patrolledAt", "FUTURE_TIME", Msg::FutureTime);
    } else if r.started_on.is_some_and(|s| on < s) {
        p.push("patrolledAt", "BEFORE_START", Msg::PatrolBeforeStart);
    }
    if !p.is_empty() {
        return Ok(Err(p.0));
    }
    let checked = match n.photo {
        Some(bytes) => match attach::check_all(vec![bytes]).await? {
            Ok(v) => v,
            Err(e) => return Ok(Err(attach::single(e))),
        },
        None => vec![],
    };
    attach::store_all(store, r.uuid, &checked).await?;
    let row = NewPatrolRow {
        renovation_id: r.id,
        renovation_uuid: r.uuid,
        patrolled_at: n.patrolled_at,
        findings,
        violation: n.violation,
        key,
        hash: h.clone(),
    };
    let stored = insert_patrol(db, actor, row, &checked).await;
    match stored {
        Ok(PatrolStored::Logged) => {}
        other => {
            // Not committed: the photo's objects go too.
            attach::remove_all(store, r.uuid, &checked).await;
            match other? {
                PatrolStored::NotStarted => return Ok(Err(not_now())),
                PatrolStored::Replayed(found_hash) if found_hash != h => {
                    return Err(ApiError::Conflict(Msg::IdempotencyConflict));
                }
                _ => {}
            }
        }
    }
    Ok(Ok(load(db, actor, n.renovation).await?))
}

struct NewPatrolRow {
    renovation_id: i32,
    renovation_uuid: Uuid,
    patrolled_at: DateTime<Utc>,
    findings: String,
    violation: bool,
    key: String,
    hash: String,
}

enum PatrolStored {
    Logged,
    /// Completed (or otherwise not in progress) since it was read.
    NotStarted,
    /// The same key committed first from a parallel retry: its request hash.
    Replayed(String),
}

/// The patrol row in one transaction that first moves the registration's version, on the
/// condition that the work is still in progress.
async fn insert_patrol(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    n: NewPatrolRow,
    checked: &[attach::Checked],
) -> ApiResult<PatrolStored> {
    let txn = db.begin().await?;
    let moved = renovation::Entity::update_many()
        .col_expr(
            renovation::Column::Version,
            Expr::col(renovation::Column::Version).add(1),
        )
        .col_expr(renovation::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(renovation::Column::Id.eq(n.renovation_id))
        .filter(renovation::Column::Status.eq(RenovationStatus::Started.as_str()))
        .exec(&txn)
        .await?;
    if moved.rows_affected == 0 {
        return Ok(PatrolStored::NotStarted);
    }
    let inserted = renovation_patrol::ActiveModel {
        uuid: Set(Uuid::new_v4()),
        renovation_id: Set(n.renovation_id),
        patrolled_at: Set(n.patrolled_at),
        by_id: Set(actor.id),
        findings: Set(n.findings),
        violation: Set(n.violation),
        photo_uuid: Set(checked.first().map(|c| c.uuid)),
        has_copies: Set(checked
            .first()
            .is_some_and(|c| c.processed.display.is_some())),
        idempotency_key: Set(n.key.clone()),
        request_hash: Set(n.hash),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    match inserted {
        Ok(row) => {
            audit::record(
                &txn,
                Some(actor.id),
                "renovation",
                n.renovation_uuid,
                "PATROL_LOGGED",
                serde_json::json!({"patrol": row.uuid, "violation": n.violation}),
            )
            .await?;
            crate::db::commit(txn).await?;
            Ok(PatrolStored::Logged)
        }
        Err(e) if crate::accounts::is_unique_violation(&e) => {
            drop(txn);
            let found = renovation_patrol::Entity::find()
                .filter(renovation_patrol::Column::ById.eq(actor.id))
                .filter(renovation_patrol::Column::IdempotencyKey.eq(n.key))
                .one(db)
                .await?
                .ok_or(ApiError::NotFound)?;
            Ok(PatrolStored::Replayed(found.request_hash))
        }
        Err(e) => Err(e.into()),
    }
}

pub struct Finding {
    pub renovation: Uuid,
    pub key: String,
    pub matter_code: Option<String>,
    pub description: String,
    pub dissuasion: Option<Dissuasion>,
    pub still_being_built: bool,
}

/// Finding → dissuasion failed → report: one action files the property report (intake)
/// linked to the registration, with the dissuasion record and its 24-hour clock.
pub async fn report_finding(
    db: &DatabaseConnection,
    store: &PhotoStore,
    actor: &CurrentUser,
    f: Finding,
    photos: Vec<Vec<u8>>,
    repeat_window_days: i64,
) -> ApiResult<file::Filed> {
    let r = load_own(db, actor, f.renovation).await?;
    if status_of(&r) == RenovationStatus::Completed {
        return Ok(Err(not_now()));
    }
    let c = community::Entity::find_by_id(r.community_id)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?;
    let u = unit::Entity::find_by_id(r.unit_id)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?;
    let filing = Filing {
        matter_code: f.matter_code,
        community: Some(c.uuid),
        unit: Some(u.uuid),
        description: f.description,
        still_being_built: f.still_being_built,
        dissuasion: f.dissuasion,
        repeat_window_days,
        renovation: Some(r.id),
        ..Filing::new(ItemKind::PropertyReport)
    };
    file::file(db, store, actor, &f.key, filing, photos).await
}

/// 竣工检查: the completion check closes the registration.
pub async fn complete(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    id: Uuid,
    completed_on: NaiveDate,
    note: &str,
) -> ApiResult<Done> {
    let r = load_own(db, actor, id).await?;
    if status_of(&r) != RenovationStatus::Started {
        return Ok(Err(not_now()));
    }
    let mut p = Problems::default();
    let note = p.text("note", note, 2000);
    if completed_on > today() {
        p.push("completedOn", "FUTURE_TIME", Msg::FutureTime);
    } else if r.started_on.is_some_and(|s| completed_on < s) {
        p.push("completedOn", "END_BEFORE_START", Msg::EndBeforeStart);
    }
    if !p.is_empty() {
        return Ok(Err(p.0));
    }
    let mut n = r.clone();
    n.status = RenovationStatus::Completed.as_str().into();
    n.completed_on = Some(completed_on);
    n.completion_note = Some(note);
    commit(
        db,
        actor,
        &r,
        n,
        "COMPLETED",
        serde_json::json!({"completedOn": completed_on}),
    )
    .await
}

/// The patrol schedule of a registration on `today` (after the start; up to the completion).
pub async fn schedule_of(
    db: &impl ConnectionTrait,
    cal: &Calendar,
    r: &renovation::Model,
) -> ApiResult<Option<schedule::Schedule>> {
    let Some(started) = r.started_on else {
        return Ok(None);
    };
    let patrols: Vec<NaiveDate> = renovation_patrol::Entity::find()
        .filter(renovation_patrol::Column::RenovationId.eq(r.id))
        .all(db)
        .await?
        .into_iter()
        // A patrol counts from the day it was logged: logging one later, "done" earlier,
        // does not erase a gap (SPEC §8: not logged by its due day).
        .map(|p| {
            let done = p.patrolled_at.with_timezone(&shanghai()).date_naive();
            let logged = p.created_at.with_timezone(&shanghai()).date_naive();
            Ord::max(done, logged)
        })
        .collect();
    let until = r.completed_on.unwrap_or_else(today);
    Ok(Some(schedule::schedule(
        cal,
        started,
        Ord::max(r.patrol_every, 1) as u32,
        &patrols,
        until,
    )))
}

pub struct RenovationFilter {
    pub status: Option<RenovationStatus>,
    pub high_risk: Option<bool>,
    pub community: Option<Uuid>,
    pub with_gaps: bool,
}

/// High-risk first, then those with duty gaps, then the newest.
pub async fn list(
    db: &DatabaseConnection,
    user: &CurrentUser,
    f: RenovationFilter,
    offset: u64,
    limit: u64,
) -> ApiResult<(Vec<renovation::Model>, u64)> {
    let mut q = renovation::Entity::find().filter(visible(db, user).await?);
    if let Some(s) = f.status {
        q = q.filter(renovation::Column::Status.eq(s.as_str()));
    }
    if let Some(h) = f.high_risk {
        q = q.filter(renovation::Column::HighRisk.eq(h));
    }
    if let Some(c) = f.community {
        q = q.filter(
            renovation::Column::CommunityId.in_subquery(
                Query::select()
                    .column(community::Column::Id)
                    .from(community::Entity)
                    .and_where(community::Column::Uuid.eq(c))
                    .to_owned(),
            ),
        );
    }
    // Bounded: a district's registrations in progress, not a city's history.
    let rows = q
        .order_by_desc(renovation::Column::HighRisk)
        .order_by_desc(renovation::Column::Id)
        .limit(2000)
        .all(db)
        .await?;
    let cal = holidays::load_calendar(db).await?;
    let mut with_gaps = Vec::new();
    for r in rows {
        let gaps = schedule_of(db, &cal, &r)
            .await?
            .map(|s| s.gaps.len())
            .unwrap_or(0);
        if f.with_gaps && gaps == 0 {
            continue;
        }
        with_gaps.push((r, gaps));
    }
    with_gaps.sort_by(|(a, ga), (b, gb)| {
        b.high_risk
            .cmp(&a.high_risk)
            .then((*gb > 0).cmp(&(*ga > 0)))
            .then(b.id.cmp(&a.id))
    });
    let total = with_gaps.len() as u64;
    Ok((
        with_gaps
            .into_iter()
            .skip(offset as usize)
            .take(limit as usize)
            .map(|(r, _)| r)
            .collect(),
        total,
    ))
}

/// 公示: what residents of the building (a committee: its communities) see — no owner.
pub async fn notices(
    db: &DatabaseConnection,
    user: &CurrentUser,
) -> ApiResult<Vec<renovation::Model>> {
    // What is or will be going on: not completed, not past its planned end.
    let q = renovation::Entity::find()
        .filter(renovation::Column::Status.ne(RenovationStatus::Completed.as_str()))
        .filter(renovation::Column::PlannedEnd.gte(today()));
    let q = match &user.scope {
        Scope::Unit { unit_id, .. } => {
            let Some(home) = unit::Entity::find_by_id(*unit_id).one(db).await? else {
                return Ok(vec![]);
            };
            q.filter(
                renovation::Column::UnitId.in_subquery(
                    Query::select()
                        .column(unit::Column::Id)
                        .from(unit::Entity)
                        .and_where(unit::Column::BuildingId.eq(home.building_id))
                        .to_owned(),
                ),
            )
        }
        Scope::Committee { committee_id } => q.filter(
            renovation::Column::CommunityId.in_subquery(
                Query::select()
                    .column(community::Column::Id)
                    .from(community::Entity)
                    .and_where(community::Column::CommitteeId.eq(*committee_id))
                    .to_owned(),
            ),
        ),
        _ => return Err(ApiError::Forbidden),
    };
    Ok(q.order_by_desc(renovation::Column::PlannedStart)
        .limit(100)
        .all(db)
        .await?)
}
