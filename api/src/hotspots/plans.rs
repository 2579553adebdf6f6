//! Rectification plans (专项方案) of a hotspot: measures with owners and dates, progress
//! notes, and the complaints per week before and after the plan started.
//!
//! Supervisors of the scope make plans and add measures; officers and supervisors of the scope
//! mark measures done and add notes. Every change is audited in its transaction.
use chrono::{NaiveDate, Utc};
use entity::{plan_measure, plan_note, rectification_plan};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use uuid::Uuid;

use super::{ensure_supervisor, load as load_hotspot};
use crate::{
    audit,
    auth::CurrentUser,
    error::{ApiError, ApiResult},
    figures,
    i18n::Msg,
    validation::{FieldError, Problems},
};

pub struct MeasureSpec {
    pub description: String,
    pub owner: String,
    pub due_on: NaiveDate,
}

pub struct PlanSpec {
    pub hotspot: Uuid,
    pub title: String,
    pub started_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub measures: Vec<MeasureSpec>,
}

type Outcome = ApiResult<Result<rectification_plan::Model, Vec<FieldError>>>;

fn check_measure(p: &mut Problems, m: &MeasureSpec, started: NaiveDate) -> (String, String) {
    let d = p.text("description", &m.description, 500);
    let o = p.text("owner", &m.owner, 100);
    if m.due_on < started {
        p.push("dueOn", "DUE_BEFORE_PLAN", Msg::MeasureDueBeforePlan);
    }
    (d, o)
}

async fn insert_measure(
    db: &impl ConnectionTrait,
    plan: &rectification_plan::Model,
    description: String,
    owner: String,
    due_on: NaiveDate,
) -> ApiResult<plan_measure::Model> {
    Ok(plan_measure::ActiveModel {
        uuid: Set(Uuid::new_v4()),
        plan_id: Set(plan.id),
        description: Set(description),
        owner: Set(owner),
        due_on: Set(due_on),
        done_on: Set(None),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// A supervisor makes a plan for a hotspot of the scope. It cannot start before the hotspot's
/// period (`PLAN_BEFORE_HOTSPOT`) and needs at least one measure.
pub async fn create(db: &DatabaseConnection, user: &CurrentUser, spec: PlanSpec) -> Outcome {
    ensure_supervisor(user)?;
    let txn = db.begin().await?;
    let (h, _) = load_hotspot(&txn, user, spec.hotspot).await?;
    let mut p = Problems::default();
    let title = p.text("title", &spec.title, 200);
    if !figures::date_in_range(spec.started_on)
        || spec.ends_on.is_some_and(|e| !figures::date_in_range(e))
        || spec
            .measures
            .iter()
            .any(|m| !figures::date_in_range(m.due_on))
    {
        return Ok(Err(vec![FieldError::new(
            "startedOn",
            "DATE_INVALID",
            Msg::DateOutOfRange,
        )]));
    }
    if spec.started_on < h.starts_on {
        p.push("startedOn", "PLAN_BEFORE_HOTSPOT", Msg::PlanBeforeHotspot);
    }
    if h.ends_on.is_some_and(|e| spec.started_on > e) {
        p.push("startedOn", "PLAN_AFTER_HOTSPOT", Msg::PlanAfterHotspot);
    }
    if spec.ends_on.is_some_and(|e| e < spec.started_on) {
        p.push("endsOn", "END_BEFORE_START", Msg::EndBeforeStart);
    }
    if spec.measures.is_empty() {
        p.push("measures", "REQUIRED", Msg::MeasuresRequired);
    }
    if spec.measures.len() > 50 {
        p.push("measures", "TOO_LONG", Msg::TooLong);
    }
    let measures: Vec<(String, String, NaiveDate)> = spec
        .measures
        .iter()
        .map(|m| {
            let (d, o) = check_measure(&mut p, m, spec.started_on);
            (d, o, m.due_on)
        })
        .collect();
    if !p.is_empty() {
        return Ok(Err(p.0));
    }
    let plan = rectification_plan::ActiveModel {
        uuid: Set(Uuid::new_v4()),
        hotspot_id: Set(h.id),
        title: Set(title),
        started_on: Set(spec.started_on),
        ends_on: Set(spec.ends_on),
        created_by: Set(user.id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for (d, o, due) in measures {
        insert_measure(&txn, &plan, d, o, due).await?;
    }
    audit::record(
        &txn,
        Some(user.id),
        "rectification_plan",
        plan.uuid,
        "CREATE",
        serde_json::json!({ "hotspot": h.uuid, "title": plan.title, "startedOn": plan.started_on }),
    )
    .await?;
    crate::db::commit(txn).await?;
    Ok(Ok(plan))
}

/// A plan inside the caller's scope (through its hotspot).
pub async fn load(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    id: Uuid,
) -> ApiResult<rectification_plan::Model> {
    let plan = rectification_plan::Entity::find()
        .filter(rectification_plan::Column::Uuid.eq(id))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?;
    let h = entity::hotspot::Entity::find_by_id(plan.hotspot_id)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?;
    load_hotspot(db, user, h.uuid).await?;
    Ok(plan)
}

pub async fn of_hotspot(
    db: &impl ConnectionTrait,
    hotspot_id: i32,
) -> ApiResult<Vec<rectification_plan::Model>> {
    Ok(rectification_plan::Entity::find()
        .filter(rectification_plan::Column::HotspotId.eq(hotspot_id))
        .order_by_desc(rectification_plan::Column::StartedOn)
        .all(db)
        .await?)
}

pub async fn measures(
    db: &impl ConnectionTrait,
    plan_id: i32,
) -> ApiResult<Vec<plan_measure::Model>> {
    Ok(plan_measure::Entity::find()
        .filter(plan_measure::Column::PlanId.eq(plan_id))
        .order_by_asc(plan_measure::Column::DueOn)
        .order_by_asc(plan_measure::Column::Id)
        .all(db)
        .await?)
}

pub async fn notes(db: &impl ConnectionTrait, plan_id: i32) -> ApiResult<Vec<plan_note::Model>> {
    Ok(plan_note::Entity::find()
        .filter(plan_note::Column::PlanId.eq(plan_id))
        .order_by_desc(plan_note::Column::CreatedAt)
        .order_by_desc(plan_note::Column::Id)
        .all(db)
        .await?)
}

/// A supervisor adds a measure.
pub async fn add_measure(
    db: &DatabaseConnection,
    user: &CurrentUser,
    plan: Uuid,
    m: MeasureSpec,
) -> Outcome {
    ensure_supervisor(user)?;
    if !figures::date_in_range(m.due_on) {
        return Ok(Err(vec![FieldError::new(
            "dueOn",
            "DATE_INVALID",
            Msg::DateOutOfRange,
        )]));
    }
    let txn = db.begin().await?;
    let plan = load(&txn, user, plan).await?;
    let mut p = Problems::default();
    let (d, o) = check_measure(&mut p, &m, plan.started_on);
    if !p.is_empty() {
        return Ok(Err(p.0));
    }
    let added = insert_measure(&txn, &plan, d, o, m.due_on).await?;
    audit::record(
        &txn,
        Some(user.id),
        "rectification_plan",
        plan.uuid,
        "ADD_MEASURE",
        serde_json::json!({ "measure": added.uuid }),
    )
    .await?;
    crate::db::commit(txn).await?;
    Ok(Ok(plan))
}

/// An officer or supervisor of the scope marks a measure done (not in the future, not before
/// the plan).
pub async fn complete_measure(
    db: &DatabaseConnection,
    user: &CurrentUser,
    measure: Uuid,
    done_on: NaiveDate,
) -> Outcome {
    let txn = db.begin().await?;
    let m = plan_measure::Entity::find()
        .filter(plan_measure::Column::Uuid.eq(measure))
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound)?;
    let plan = rectification_plan::Entity::find_by_id(m.plan_id)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound)?;
    let plan = load(&txn, user, plan.uuid).await?;
    if done_on > figures::today() || done_on < plan.started_on {
        return Ok(Err(vec![FieldError::new(
            "doneOn",
            "DATE_INVALID",
            Msg::MeasureDoneDate,
        )]));
    }
    let uuid = m.uuid;
    let mut am: plan_measure::ActiveModel = m.into();
    am.done_on = Set(Some(done_on));
    am.update(&txn).await?;
    audit::record(
        &txn,
        Some(user.id),
        "rectification_plan",
        plan.uuid,
        "COMPLETE_MEASURE",
        serde_json::json!({ "measure": uuid, "doneOn": done_on }),
    )
    .await?;
    crate::db::commit(txn).await?;
    Ok(Ok(plan))
}

/// An officer or supervisor of the scope adds a progress note.
pub async fn add_note(
    db: &DatabaseConnection,
    user: &CurrentUser,
    plan: Uuid,
    body: &str,
) -> Outcome {
    let txn = db.begin().await?;
    let plan = load(&txn, user, plan).await?;
    let mut p = Problems::default();
    let body = p.text("body", body, 2000);
    if !p.is_empty() {
        return Ok(Err(p.0));
    }
    let n = plan_note::ActiveModel {
        uuid: Set(Uuid::new_v4()),
        plan_id: Set(plan.id),
        author_id: Set(user.id),
        body: Set(body),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Some(user.id),
        "rectification_plan",
        plan.uuid,
        "ADD_NOTE",
        serde_json::json!({ "note": n.uuid }),
    )
    .await?;
    crate::db::commit(txn).await?;
    Ok(Ok(plan))
}
