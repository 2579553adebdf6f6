//! Partners in the linkage (管执联动, SPEC §1, §5): the departments of a district, referrals
//! both ways — an officer transfers an item outside the bureau's remit to a department (转办,
//! 3 working days); the housing partner refers a matter to the bureau (部门移送) — and the
//! joint actions and the affordable-housing series in `joint` and `affordable`.
//!
//! A referral is a work order beside its item: it has our reference, a state (sent, received,
//! answered, returned with a reason), a clock (the receiver answers within
//! `ANSWER_WORKING_DAYS` of the latest send) and an append-only history. Every step is also
//! written into the item's history, so the answer reaches the item's timeline and a return
//! cannot bounce silently.
pub mod affordable;
pub mod joint;
pub mod state;

use chrono::{DateTime, Datelike, Utc};
use entity::{department, item, referral, referral_event};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
    sea_query::{Expr, ExprTrait, Query},
};
use uuid::Uuid;

pub use state::{DepartmentKind, ReferralDirection, ReferralState, ReferralStep, Side};

use crate::{
    audit,
    auth::{CurrentUser, Role, Scope},
    authz,
    catalog::holidays,
    error::{ApiError, ApiResult},
    i18n::Msg,
    intake::{
        self, NewEvent,
        file::{Filing, file},
        record_event, rules,
        status::{ItemKind, ItemSource, ItemStatus},
    },
    photos::PhotoStore,
    validation::{FieldError, Problems, idempotency_key},
};

/// Working days a department (or the bureau) has to answer a referral. The law sets the
/// bureau's transfer limit (3 working days) but no answer limit; this is the 12345 hotline's
/// limit for an ordinary request, the same the bureau owes its filers.
pub const ANSWER_WORKING_DAYS: u32 = 5;

pub type Outcome<T> = ApiResult<Result<T, Vec<FieldError>>>;

/// The district of a caller who works with departments.
pub fn district_of(user: &CurrentUser) -> ApiResult<i32> {
    match (user.role, user.scope.district_id()) {
        (Role::Officer | Role::Supervisor | Role::Housing, Some(d)) => Ok(d),
        _ => Err(ApiError::Forbidden),
    }
}

/// The departments of the caller's district, by name.
pub async fn departments(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
) -> ApiResult<Vec<department::Model>> {
    Ok(department::Entity::find()
        .filter(department::Column::DistrictId.eq(district_of(user)?))
        .order_by_asc(department::Column::Kind)
        .order_by_asc(department::Column::Name)
        .all(db)
        .await?)
}

/// A district supervisor adds a department, or changes its kind and address (by name).
pub async fn save_department(
    db: &DatabaseConnection,
    user: &CurrentUser,
    name: &str,
    kind: DepartmentKind,
    address: Option<&str>,
) -> Outcome<department::Model> {
    let district = authz::ensure_district_supervisor(user)?;
    let mut p = Problems::default();
    let name = p.text("name", name, 100);
    let address = address.map(str::trim).filter(|a| !a.is_empty());
    if address.is_some_and(|a| a.chars().count() > 200) {
        p.push("address", "TOO_LONG", Msg::TooLong);
    }
    if !p.is_empty() {
        return Ok(Err(p.0));
    }
    let existing = department::Entity::find()
        .filter(department::Column::DistrictId.eq(district))
        .filter(department::Column::Name.eq(&name))
        .one(db)
        .await?;
    // Who answers a referral follows the department's kind; it does not change under
    // referrals already sent.
    if let Some(d) = &existing
        && d.kind != kind.as_str()
        && referral::Entity::find()
            .filter(referral::Column::DepartmentId.eq(d.id))
            .count(db)
            .await?
            > 0
    {
        return Ok(Err(vec![FieldError::new(
            "kind",
            "DEPARTMENT_IN_USE",
            Msg::DepartmentKindInUse,
        )]));
    }
    let txn = db.begin().await?;
    let d = match existing {
        Some(d) => {
            let mut am: department::ActiveModel = d.into();
            am.kind = Set(kind.as_str().into());
            am.address = Set(address.map(String::from));
            am.update(&txn).await?
        }
        None => {
            department::ActiveModel {
                uuid: Set(Uuid::new_v4()),
                district_id: Set(district),
                name: Set(name),
                kind: Set(kind.as_str().into()),
                address: Set(address.map(String::from)),
                created_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(&txn)
            .await?
        }
    };
    audit::record(
        &txn,
        Some(user.id),
        "department",
        d.uuid,
        "SAVE",
        serde_json::json!({ "kind": d.kind }),
    )
    .await?;
    crate::db::commit(txn).await?;
    Ok(Ok(d))
}

async fn department_in_district(
    db: &impl ConnectionTrait,
    district: i32,
    id: Uuid,
) -> ApiResult<Option<department::Model>> {
    Ok(department::Entity::find()
        .filter(department::Column::Uuid.eq(id))
        .filter(department::Column::DistrictId.eq(district))
        .one(db)
        .await?)
}

/// The referrals a caller sees: officers, their squad's; a district supervisor, the
/// district's; the housing partner, those to and from its district's housing departments.
pub fn visible(user: &CurrentUser) -> ApiResult<Condition> {
    Ok(match (user.role, &user.scope) {
        (Role::Officer | Role::Supervisor, Scope::Squad { squad_id, .. }) => {
            Condition::all().add(referral::Column::SquadId.eq(*squad_id))
        }
        (Role::Supervisor, Scope::District { district_id }) => {
            Condition::all().add(referral::Column::DistrictId.eq(*district_id))
        }
        (Role::Housing, Scope::District { district_id }) => Condition::all()
            .add(referral::Column::DistrictId.eq(*district_id))
            .add(
                referral::Column::DepartmentId.in_subquery(
                    Query::select()
                        .column(department::Column::Id)
                        .from(department::Entity)
                        .and_where(department::Column::DistrictId.eq(*district_id))
                        .and_where(department::Column::Kind.eq(DepartmentKind::Housing.as_str()))
                        .to_owned(),
                ),
            ),
        _ => return Err(ApiError::Forbidden),
    })
}

/// The items the housing partner sees because of a referral to or from it.
pub fn housing_referred_items(district_id: i32) -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .column(referral::Column::ItemId)
        .from(referral::Entity)
        .and_where(referral::Column::DistrictId.eq(district_id))
        .and_where(
            referral::Column::DepartmentId.in_subquery(
                Query::select()
                    .column(department::Column::Id)
                    .from(department::Entity)
                    .and_where(department::Column::DistrictId.eq(district_id))
                    .and_where(department::Column::Kind.eq(DepartmentKind::Housing.as_str()))
                    .to_owned(),
            ),
        )
        .to_owned()
}

/// A referral the caller sees; `NOT_FOUND` otherwise.
pub async fn load(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    id: Uuid,
) -> ApiResult<referral::Model> {
    referral::Entity::find()
        .filter(referral::Column::Uuid.eq(id))
        .filter(visible(user)?)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)
}

pub struct ListFilter {
    pub direction: Option<ReferralDirection>,
    pub state: Option<ReferralState>,
    /// Only those of this item (its row id).
    pub item: Option<i32>,
}

/// Visible referrals, waiting ones first by their answer clock, then the latest.
pub async fn list(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    f: &ListFilter,
    offset: u64,
    limit: u64,
) -> ApiResult<(Vec<referral::Model>, u64)> {
    let mut q = referral::Entity::find().filter(visible(user)?);
    if let Some(d) = f.direction {
        q = q.filter(referral::Column::Direction.eq(d.as_str()));
    }
    if let Some(s) = f.state {
        q = q.filter(referral::Column::State.eq(s.as_str()));
    }
    if let Some(i) = f.item {
        q = q.filter(referral::Column::ItemId.eq(i));
    }
    let total = q.clone().count(db).await?;
    let waiting = Expr::col(referral::Column::State).is_in([
        ReferralState::Sent.as_str(),
        ReferralState::Received.as_str(),
    ]);
    let rows = q
        .order_by_desc(waiting)
        .order_by_asc(referral::Column::AnswerDueAt)
        .order_by_desc(referral::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?;
    Ok((rows, total))
}

/// The caller's side of `r` (see `state::side`).
pub async fn side_of(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    r: &referral::Model,
) -> ApiResult<Side> {
    let d = department::Entity::find_by_id(r.department_id)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(side_with(user, r, &d))
}

pub fn side_with(user: &CurrentUser, r: &referral::Model, d: &department::Model) -> Side {
    let (Some(dir), Some(kind)) = (
        ReferralDirection::parse(&r.direction),
        DepartmentKind::parse(&d.kind),
    ) else {
        return Side::Reader;
    };
    state::side(user.role, dir, kind)
}

fn answer_due(cal: &crate::catalog::calendar::Calendar, from: DateTime<Utc>) -> DateTime<Utc> {
    rules::working_deadline(cal, from, ANSWER_WORKING_DAYS).0
}

fn reference(direction: ReferralDirection, at: DateTime<Utc>, id: i32) -> String {
    let tag = match direction {
        ReferralDirection::Outgoing => "城管转",
        ReferralDirection::Incoming => "城管收",
    };
    // The year of the day in Shanghai, as case numbers.
    format!("{tag}〔{}〕{id:05}", crate::cases::model::today(at).year())
}

/// A previous send with the same key, or a key problem.
async fn replay(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    key: &str,
) -> ApiResult<Result<(String, Option<referral::Model>), Vec<FieldError>>> {
    let key = match idempotency_key(key) {
        Ok(k) => k,
        Err(e) => return Ok(Err(e)),
    };
    let found = referral::Entity::find()
        .filter(referral::Column::SentBy.eq(user.id))
        .filter(referral::Column::IdempotencyKey.eq(&key))
        .one(db)
        .await?;
    Ok(Ok((key, found)))
}

pub struct NewReferral<'a> {
    pub key: &'a str,
    pub item: Uuid,
    pub department: Option<Uuid>,
    pub reason: &'a str,
}

/// An officer transfers an item outside the bureau's remit to a department of the district
/// (转办). The referral runs beside the item: the officer resolves the item as referred and
/// tells the filer when they judge right, and the department's answer reaches the item's
/// timeline whenever it comes. One referral of an item waits, or waits to be re-sent after a
/// return, at a time (a partial unique index holds this under concurrency). An item that must
/// become a case (应立尽立, a repeat) is not referred out. The same key answers the same
/// referral; the same key for another item or reason is a conflict.
pub async fn refer_item(
    db: &DatabaseConnection,
    user: &CurrentUser,
    n: NewReferral<'_>,
) -> Outcome<referral::Model> {
    let district = district_of(user)?;
    let it = intake::scope::load_visible(db, user, n.item).await?;
    intake::scope::ensure_handles(db, user, &it).await?;
    let mut p = Problems::default();
    let reason = p.text("reason", n.reason, 2000);
    let key = match replay(db, user, n.key).await? {
        Err(e) => return Ok(Err(e)),
        Ok((_, Some(r))) => return same_request(r, it.id, &reason),
        Ok((k, None)) => k,
    };
    let dept = match n.department {
        None => {
            p.push(
                "departmentId",
                "DEPARTMENT_REQUIRED",
                Msg::DepartmentRequired,
            );
            None
        }
        Some(d) => {
            let d = department_in_district(db, district, d).await?;
            if d.is_none() {
                p.push("departmentId", "UNKNOWN_DEPARTMENT", Msg::UnknownDepartment);
            }
            d
        }
    };
    let status = ItemStatus::parse(&it.status);
    if it.kind == ItemKind::Suggestion.as_str()
        || !matches!(status, Some(ItemStatus::Accepted | ItemStatus::Verifying))
    {
        p.0.push(FieldError::general("NOT_ALLOWED_NOW", Msg::ReferNotNow));
    }
    let open = referral::Entity::find()
        .filter(referral::Column::ItemId.eq(it.id))
        .filter(referral::Column::Direction.eq(ReferralDirection::Outgoing.as_str()))
        .filter(referral::Column::State.is_in([
            ReferralState::Sent.as_str(),
            ReferralState::Received.as_str(),
            ReferralState::Returned.as_str(),
        ]))
        .count(db)
        .await?;
    if open > 0 {
        p.0.push(FieldError::general("REFERRAL_OPEN", Msg::ReferralOpen));
    }
    // 应立尽立 and repeats (SPEC §6): these become cases; they are not sent out of the bureau.
    if let Some(rule) = crate::cases::rules::needs_case(db, &it).await? {
        p.0.push(crate::cases::rules::refusal(rule));
    }
    let (Some(dept), true) = (dept, p.is_empty()) else {
        return Ok(Err(p.0));
    };
    let cal = holidays::load_calendar(db).await?;
    let now = Utc::now();
    let (transfer_due, _) =
        rules::working_deadline(&cal, it.created_at, rules::TRANSFER_WORKING_DAYS);
    let txn = db.begin().await?;
    let r = insert(
        &txn,
        Insert {
            user,
            key: key.clone(),
            direction: ReferralDirection::Outgoing,
            dept: &dept,
            district,
            it: &it,
            reason: reason.clone(),
            external: None,
            transfer_due: Some(transfer_due),
            sent_on_time: Some(now <= transfer_due),
            answer_due: answer_due(&cal, now),
        },
    )
    .await;
    let r = match r {
        Ok(r) => r,
        // A parallel retry with the same key committed first, or another officer referred the
        // item at the same moment (the partial unique index on waiting referrals).
        Err(ApiError::Internal(e))
            if e.downcast_ref::<sea_orm::DbErr>()
                .is_some_and(crate::accounts::is_unique_violation) =>
        {
            drop(txn);
            return match replay(db, user, &key).await? {
                Ok((_, Some(r))) => same_request(r, it.id, &reason),
                _ => Ok(Err(vec![FieldError::general(
                    "REFERRAL_OPEN",
                    Msg::ReferralOpen,
                )])),
            };
        }
        Err(e) => return Err(e),
    };
    let late = if now > transfer_due {
        "（逾期转办 / transferred late）"
    } else {
        ""
    };
    record_event(
        &txn,
        &it,
        Some(user),
        NewEvent {
            action: "REFER",
            from: None,
            to: None,
            note: Some(format!(
                "转办至{d}：{reason}{late} / Referred to {d}: {reason}",
                d = dept.name
            )),
            filer_visible: true,
        },
    )
    .await?;
    crate::db::commit(txn).await?;
    Ok(Ok(r))
}

/// A replayed key must carry the same request.
fn same_request(r: referral::Model, item: i32, reason: &str) -> Outcome<referral::Model> {
    if r.item_id == item && r.reason == reason {
        Ok(Ok(r))
    } else {
        Err(ApiError::Conflict(Msg::IdempotencyConflict))
    }
}

struct Insert<'a> {
    user: &'a CurrentUser,
    key: String,
    direction: ReferralDirection,
    dept: &'a department::Model,
    district: i32,
    it: &'a item::Model,
    reason: String,
    external: Option<String>,
    transfer_due: Option<DateTime<Utc>>,
    sent_on_time: Option<bool>,
    answer_due: DateTime<Utc>,
}

async fn insert(txn: &impl ConnectionTrait, i: Insert<'_>) -> ApiResult<referral::Model> {
    let now = Utc::now();
    let uuid = Uuid::new_v4();
    let r = referral::ActiveModel {
        uuid: Set(uuid),
        // Replaced below by the number made from the row's id.
        reference: Set(uuid.to_string()),
        external_reference: Set(i.external),
        direction: Set(i.direction.as_str().into()),
        state: Set(ReferralState::Sent.as_str().into()),
        department_id: Set(i.dept.id),
        district_id: Set(i.district),
        squad_id: Set(i.it.squad_id),
        item_id: Set(i.it.id),
        reason: Set(i.reason),
        sends: Set(1),
        sent_by: Set(i.user.id),
        sent_at: Set(now),
        transfer_due_at: Set(i.transfer_due),
        sent_on_time: Set(i.sent_on_time),
        answer_due_at: Set(i.answer_due),
        received_at: Set(None),
        answered_at: Set(None),
        answer: Set(None),
        returned_at: Set(None),
        return_reason: Set(None),
        idempotency_key: Set(i.key),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let mut am: referral::ActiveModel = r.clone().into();
    am.reference = Set(reference(i.direction, now, r.id));
    let r = am.update(txn).await?;
    event(
        txn,
        &r,
        i.user,
        "SEND",
        None,
        ReferralState::Sent,
        None,
        false,
    )
    .await?;
    audit::record(
        txn,
        Some(i.user.id),
        "referral",
        r.uuid,
        "SEND",
        serde_json::json!({ "direction": r.direction, "department": i.dept.name }),
    )
    .await?;
    Ok(r)
}

#[allow(clippy::too_many_arguments)]
async fn event(
    txn: &impl ConnectionTrait,
    r: &referral::Model,
    user: &CurrentUser,
    action: &str,
    from: Option<ReferralState>,
    to: ReferralState,
    note: Option<String>,
    on_behalf: bool,
) -> ApiResult<()> {
    referral_event::ActiveModel {
        referral_id: Set(r.id),
        at: Set(Utc::now()),
        actor_id: Set(user.id),
        action: Set(action.into()),
        from_state: Set(from.map(|s| s.as_str().into())),
        to_state: Set(to.as_str().into()),
        note: Set(note),
        on_behalf: Set(on_behalf),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

pub struct ToBureau<'a> {
    pub key: &'a str,
    pub department: Option<Uuid>,
    pub external_reference: Option<&'a str>,
    pub community: Uuid,
    pub unit: Option<Uuid>,
    pub matter_code: Option<String>,
    pub description: String,
    pub reason: &'a str,
    pub seen_at: Option<DateTime<Utc>>,
}

/// The housing partner refers a matter to the bureau (部门移送): it is filed as a
/// `DEPARTMENT_REFERRAL` item — routed, with its clocks, idempotent by the key — and an
/// incoming referral follows it. A retry with the same key finishes what a failed one began.
pub async fn refer_to_bureau(
    db: &DatabaseConnection,
    store: &PhotoStore,
    user: &CurrentUser,
    t: ToBureau<'_>,
) -> Outcome<referral::Model> {
    let district = district_of(user)?;
    if user.role != Role::Housing {
        return Err(ApiError::Forbidden);
    }
    let key = match replay(db, user, t.key).await? {
        Err(e) => return Ok(Err(e)),
        Ok((k, _)) => k,
    };
    let mut p = Problems::default();
    let reason = p.text("reason", t.reason, 2000);
    let external = t
        .external_reference
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(String::from);
    if external.as_ref().is_some_and(|e| e.chars().count() > 60) {
        p.push("externalReference", "TOO_LONG", Msg::TooLong);
    }
    let dept = match t.department {
        Some(d) => department_in_district(db, district, d)
            .await?
            .filter(|d| d.kind == DepartmentKind::Housing.as_str()),
        None => {
            department::Entity::find()
                .filter(department::Column::DistrictId.eq(district))
                .filter(department::Column::Kind.eq(DepartmentKind::Housing.as_str()))
                .order_by_asc(department::Column::Id)
                .one(db)
                .await?
        }
    };
    if dept.is_none() {
        p.push("departmentId", "UNKNOWN_DEPARTMENT", Msg::UnknownDepartment);
    }
    let filing = Filing {
        source: Some(ItemSource::DepartmentReferral),
        matter_code: t.matter_code,
        community: Some(t.community),
        unit: t.unit,
        description: t.description,
        seen_at: t.seen_at,
        ..Filing::new(ItemKind::Complaint)
    };
    // The filing's own problems come after these are fixed; nothing is stored before.
    let (Some(dept), true) = (dept, p.is_empty()) else {
        return Ok(Err(p.0));
    };
    // A retry replays the filing (a changed one is a conflict there), then finds the referral
    // made with it; a first attempt whose referral failed gets it now.
    let it = match file(db, store, user, &key, filing, Vec::new()).await? {
        Ok(it) => it,
        Err(e) => return Ok(Err(e)),
    };
    if let Ok((_, Some(r))) = replay(db, user, &key).await? {
        return same_request(r, it.id, &reason);
    }
    let cal = holidays::load_calendar(db).await?;
    let txn = db.begin().await?;
    let r = insert(
        &txn,
        Insert {
            user,
            key,
            direction: ReferralDirection::Incoming,
            dept: &dept,
            district,
            it: &it,
            reason: reason.clone(),
            external: external.clone(),
            transfer_due: None,
            sent_on_time: None,
            answer_due: answer_due(&cal, Utc::now()),
        },
    )
    .await?;
    record_event(
        &txn,
        &it,
        Some(user),
        NewEvent {
            action: "REFERRAL_IN",
            from: None,
            to: None,
            note: Some(format!(
                "{d}移送{ext}：{reason} / Referred by {d}",
                d = dept.name,
                ext = external.map(|e| format!("（{e}）")).unwrap_or_default()
            )),
            filer_visible: true,
        },
    )
    .await?;
    crate::db::commit(txn).await?;
    Ok(Ok(r))
}

/// The receiver receives, answers or returns a referral (an officer records it for a
/// department without accounts). A step from the wrong state, or by the wrong side, is
/// refused; the state is guarded in the update, so two people acting at once cannot both win.
pub async fn act(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: Uuid,
    step: ReferralStep,
    text: Option<&str>,
) -> Outcome<referral::Model> {
    let r = load(db, user, id).await?;
    let side = side_of(db, user, &r).await?;
    let mut p = Problems::default();
    let text = match step {
        ReferralStep::Answer => Some(p.text("answer", text.unwrap_or(""), 2000)),
        ReferralStep::Return => Some(p.text("reason", text.unwrap_or(""), 2000)),
        _ => None,
    };
    let from = ReferralState::parse(&r.state).ok_or(ApiError::NotFound)?;
    if !state::allowed(side, from, step) {
        // Only the receiving side (or an officer for a paper department) takes these steps.
        if matches!(side, Side::Reader | Side::Sender) {
            return Err(ApiError::Forbidden);
        }
        p.0.push(FieldError::general("NOT_ALLOWED_NOW", Msg::NotAllowedNow));
    }
    if !p.is_empty() {
        return Ok(Err(p.0));
    }
    let Some(to) = state::next(from, step) else {
        return Ok(Err(vec![FieldError::general(
            "NOT_ALLOWED_NOW",
            Msg::NotAllowedNow,
        )]));
    };
    let now = Utc::now();
    let txn = db.begin().await?;
    let mut set = referral::Entity::update_many()
        .col_expr(referral::Column::State, Expr::value(to.as_str()))
        .col_expr(referral::Column::UpdatedAt, Expr::value(now));
    if r.received_at.is_none() {
        set = set.col_expr(referral::Column::ReceivedAt, Expr::value(now));
    }
    match step {
        ReferralStep::Answer => {
            set = set
                .col_expr(referral::Column::Answer, Expr::value(text.clone()))
                .col_expr(referral::Column::AnsweredAt, Expr::value(now));
        }
        ReferralStep::Return => {
            set = set
                .col_expr(referral::Column::ReturnReason, Expr::value(text.clone()))
                .col_expr(referral::Column::ReturnedAt, Expr::value(now));
        }
        _ => {}
    }
    let changed = set
        .filter(referral::Column::Id.eq(r.id))
        .filter(referral::Column::State.eq(from.as_str()))
        .exec(&txn)
        .await?
        .rows_affected;
    if changed == 0 {
        return Ok(Err(vec![FieldError::general(
            "NOT_ALLOWED_NOW",
            Msg::NotAllowedNow,
        )]));
    }
    let on_behalf = side == Side::OnBehalf;
    event(
        &txn,
        &r,
        user,
        step.as_str(),
        Some(from),
        to,
        text.clone(),
        on_behalf,
    )
    .await?;
    let dept = department::Entity::find_by_id(r.department_id)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound)?;
    let it = item::Entity::find_by_id(r.item_id)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound)?;
    let by = if on_behalf {
        "（书面 / on paper）"
    } else {
        ""
    };
    let (action, note, filer_visible) = match (step, text) {
        (ReferralStep::Answer, Some(t)) => (
            "REFERRAL_ANSWERED",
            format!(
                "{who}答复{by}：{t} / Answer from {who}: {t}",
                who = answerer(&r, &dept)
            ),
            true,
        ),
        (ReferralStep::Return, Some(t)) => (
            "REFERRAL_RETURNED",
            format!(
                "{who}退回{by}：{t} / Returned by {who}: {t}",
                who = answerer(&r, &dept)
            ),
            false,
        ),
        _ => (
            "REFERRAL_RECEIVED",
            format!("{who}已签收 / Received", who = answerer(&r, &dept)),
            false,
        ),
    };
    record_event(
        &txn,
        &it,
        Some(user),
        NewEvent {
            action,
            from: None,
            to: None,
            note: Some(note),
            filer_visible,
        },
    )
    .await?;
    audit::record(
        &txn,
        Some(user.id),
        "referral",
        r.uuid,
        step.as_str(),
        serde_json::json!({ "from": from.as_str(), "to": to.as_str(), "onBehalf": on_behalf }),
    )
    .await?;
    crate::db::commit(txn).await?;
    Ok(Ok(load(db, user, id).await?))
}

/// Who answers a referral: the department for outgoing ones, the bureau for incoming.
fn answerer(r: &referral::Model, d: &department::Model) -> String {
    if r.direction == ReferralDirection::Incoming.as_str() {
        "城管执法局".into()
    } else {
        d.name.clone()
    }
}

/// The sender sends a returned referral again, with a note (what was added or changed) and
/// optionally to another department of the district (outgoing only). The clock starts again;
/// the return stays in the history.
pub async fn resend(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: Uuid,
    note: &str,
    department: Option<Uuid>,
) -> Outcome<referral::Model> {
    let r = load(db, user, id).await?;
    let side = side_of(db, user, &r).await?;
    if !matches!(side, Side::Sender | Side::OnBehalf) {
        return Err(ApiError::Forbidden);
    }
    let mut p = Problems::default();
    let note = p.text("note", note, 2000);
    let from = ReferralState::parse(&r.state).ok_or(ApiError::NotFound)?;
    if !state::allowed(side, from, ReferralStep::Resend) {
        p.0.push(FieldError::general("NOT_ALLOWED_NOW", Msg::NotAllowedNow));
    }
    let mut dept = department::Entity::find_by_id(r.department_id)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?;
    if let Some(d) = department {
        match department_in_district(db, r.district_id, d).await? {
            Some(d) if r.direction == ReferralDirection::Outgoing.as_str() => dept = d,
            Some(d) if d.id == dept.id => {}
            _ => p.push("departmentId", "UNKNOWN_DEPARTMENT", Msg::UnknownDepartment),
        }
    }
    if !p.is_empty() {
        return Ok(Err(p.0));
    }
    let cal = holidays::load_calendar(db).await?;
    let now = Utc::now();
    let txn = db.begin().await?;
    let changed = referral::Entity::update_many()
        .col_expr(
            referral::Column::State,
            Expr::value(ReferralState::Sent.as_str()),
        )
        .col_expr(referral::Column::DepartmentId, Expr::value(dept.id))
        .col_expr(
            referral::Column::Sends,
            Expr::col(referral::Column::Sends).add(1),
        )
        .col_expr(referral::Column::SentAt, Expr::value(now))
        .col_expr(
            referral::Column::AnswerDueAt,
            Expr::value(answer_due(&cal, now)),
        )
        .col_expr(
            referral::Column::ReceivedAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            referral::Column::ReturnedAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            referral::Column::ReturnReason,
            Expr::value(Option::<String>::None),
        )
        .col_expr(referral::Column::UpdatedAt, Expr::value(now))
        .filter(referral::Column::Id.eq(r.id))
        .filter(referral::Column::State.eq(from.as_str()))
        .exec(&txn)
        .await?
        .rows_affected;
    if changed == 0 {
        return Ok(Err(vec![FieldError::general(
            "NOT_ALLOWED_NOW",
            Msg::NotAllowedNow,
        )]));
    }
    let shown = format!("{note}（→ {}）", dept.name);
    event(
        &txn,
        &r,
        user,
        "RESEND",
        Some(from),
        ReferralState::Sent,
        Some(shown.clone()),
        false,
    )
    .await?;
    let it = item::Entity::find_by_id(r.item_id)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound)?;
    record_event(
        &txn,
        &it,
        Some(user),
        NewEvent {
            action: "REFERRAL_RESENT",
            from: None,
            to: None,
            note: Some(format!("重新转送：{shown} / Sent again")),
            filer_visible: false,
        },
    )
    .await?;
    audit::record(
        &txn,
        Some(user.id),
        "referral",
        r.uuid,
        "RESEND",
        serde_json::json!({ "department": dept.name, "sends": r.sends + 1 }),
    )
    .await?;
    crate::db::commit(txn).await?;
    Ok(Ok(load(db, user, id).await?))
}

/// A referral's history, oldest first.
pub async fn events(
    db: &impl ConnectionTrait,
    r: &referral::Model,
) -> ApiResult<Vec<referral_event::Model>> {
    Ok(referral_event::Entity::find()
        .filter(referral_event::Column::ReferralId.eq(r.id))
        .order_by_asc(referral_event::Column::Id)
        .all(db)
        .await?)
}
