//! Steps on an item: accept (in bulk), verify, resolve, reply, rate (and reopen), join
//! ("me too"), answer a suggestion, extend a deadline, close quiet items. Each step is one
//! transaction with its event.
use chrono::{DateTime, Duration, Utc};
use entity::{item, item_filer, squad};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter, Set, TransactionTrait,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use super::{
    NewEvent, record_event,
    rules::{self, PriorityFactors},
    scope,
    status::{self, Adoption, ItemAction, ItemKind, ItemStatus, Rating, Resolution},
};
use crate::{
    audit,
    auth::{CurrentUser, Role, Scope},
    catalog::holidays,
    error::{ApiError, ApiResult},
    i18n::Msg,
    validation::{FieldError, Problems},
};

pub type Stepped = Result<item::Model, Vec<FieldError>>;

fn kind_of(it: &item::Model) -> ApiResult<ItemKind> {
    ItemKind::parse(&it.kind)
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("bad kind {}", it.kind)))
}

fn status_of(it: &item::Model) -> ApiResult<ItemStatus> {
    ItemStatus::parse(&it.status)
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("bad status {}", it.status)))
}

fn not_now() -> Vec<FieldError> {
    vec![FieldError::new(
        "itemId",
        "NOT_ALLOWED_NOW",
        Msg::NotAllowedNow,
    )]
}

/// Loads an item the actor handles, locked against concurrent steps where the database can.
async fn load_handled(
    txn: &DatabaseTransaction,
    actor: &CurrentUser,
    id: Uuid,
) -> ApiResult<item::Model> {
    let it = scope::load_visible(txn, actor, id).await?;
    scope::ensure_handles(txn, actor, &it).await?;
    Ok(it)
}

/// Moves `it` by `action` if the loop allows it; the update is conditional on the status
/// it was read in, so two officers acting at once cannot both succeed.
async fn step(
    txn: &DatabaseTransaction,
    actor: &CurrentUser,
    it: item::Model,
    action: ItemAction,
    to_override: Option<ItemStatus>,
    note: Option<String>,
    change: impl FnOnce(&mut item::ActiveModel),
) -> ApiResult<Stepped> {
    step_as(txn, actor, it, action, to_override, note, change, false).await
}

/// `step`, where `case_outcome` says the answer is a closed case's: a reopened filing taken
/// into a case gets it whoever closes the case.
#[allow(clippy::too_many_arguments)]
async fn step_as(
    txn: &DatabaseTransaction,
    actor: &CurrentUser,
    it: item::Model,
    action: ItemAction,
    to_override: Option<ItemStatus>,
    note: Option<String>,
    change: impl FnOnce(&mut item::ActiveModel),
    case_outcome: bool,
) -> ApiResult<Stepped> {
    let from = status_of(&it)?;
    // An item reopened by an unsatisfied rating is the supervisor's second look (SPEC §5).
    if it.reopened
        && !case_outcome
        && status::clock_runs(from)
        && actor.role != Role::Supervisor
        && action != ItemAction::Rate
    {
        return Ok(Err(vec![FieldError::new(
            "itemId",
            "SUPERVISOR_REVIEW",
            Msg::SupervisorReview,
        )]));
    }
    let Some(mut to) = status::next(kind_of(&it)?, from, action) else {
        return Ok(Err(not_now()));
    };
    if let Some(o) = to_override {
        to = o;
    }
    let now = Utc::now();
    let mut am: item::ActiveModel = it.clone().into();
    am.status = Set(to.as_str().into());
    am.updated_at = Set(now);
    if !status::clock_runs(to) {
        am.due_at = Set(None);
    }
    // Verification is the officers on site: that clock has done its work.
    if to == ItemStatus::Verifying || !status::clock_runs(to) {
        am.on_site_due_at = Set(None);
    }
    if to == ItemStatus::Closed {
        am.closed_at = Set(Some(now));
    }
    // The figures' milestones (SPEC §11): the first time the filer hears the result counts.
    if matches!(action, ItemAction::Reply | ItemAction::AnswerSuggestion)
        && !case_outcome
        && it.replied_on_time.is_none()
    {
        am.replied_on_time = Set(Some(rules::told_on_time(it.due_at, now)));
    }
    change(&mut am);
    let updated = item::Entity::update_many()
        .set(am)
        .filter(item::Column::Id.eq(it.id))
        .filter(item::Column::Status.eq(from.as_str()))
        .exec(txn)
        .await?;
    if updated.rows_affected == 0 {
        return Ok(Err(not_now()));
    }
    let fresh = item::Entity::find_by_id(it.id)
        .one(txn)
        .await?
        .ok_or(ApiError::NotFound)?;
    record_event(
        txn,
        &fresh,
        Some(actor),
        NewEvent {
            action: action.as_str(),
            from: Some(from),
            to: Some(to),
            note,
            filer_visible: true,
        },
    )
    .await?;
    audit::record(
        txn,
        Some(actor.id),
        "item",
        fresh.uuid,
        action.as_str(),
        serde_json::json!({"from": from.as_str(), "to": to.as_str()}),
    )
    .await?;
    Ok(Ok(fresh))
}

async fn commit_if_ok(txn: DatabaseTransaction, r: Stepped) -> ApiResult<Stepped> {
    if r.is_ok() {
        crate::db::commit(txn).await?;
    }
    Ok(r)
}

/// Accepts items (受理) and assigns them to the accepting officer. Each item is its own
/// transaction: one that cannot be accepted does not hold back the others.
pub async fn accept_items(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    ids: &[Uuid],
    assignee: Option<Uuid>,
) -> ApiResult<(Vec<item::Model>, Vec<FieldError>)> {
    let mut done = Vec::new();
    let mut problems = Vec::new();
    if ids.is_empty() || ids.len() > 100 {
        return Ok((
            done,
            vec![FieldError::new("itemIds", "REQUIRED", Msg::Required)],
        ));
    }
    // The officer to assign: active, and (checked per item) of the item's squad.
    let assignee = match assignee {
        Some(u) => match entity::account::Entity::find()
            .filter(entity::account::Column::Uuid.eq(u))
            .filter(entity::account::Column::Status.eq("ACTIVE"))
            .filter(entity::account::Column::Role.is_in(["OFFICER", "SUPERVISOR"]))
            .one(db)
            .await?
        {
            Some(a) => Some(a),
            None => {
                return Ok((
                    done,
                    vec![FieldError::new(
                        "assigneeId",
                        "UNKNOWN_ASSIGNEE",
                        Msg::UnknownAssignee,
                    )],
                ));
            }
        },
        None => None,
    };
    let calendar = holidays::load_calendar(db).await?;
    let squad_name = match actor.scope {
        Scope::Squad { squad_id, .. } => squad::Entity::find_by_id(squad_id)
            .one(db)
            .await?
            .map(|s| s.name_zh),
        _ => None,
    };
    for id in ids {
        // Items before this one are committed: a failure from here on is this item's alone.
        let txn = match db.begin().await {
            Ok(t) => t,
            Err(e) => {
                let e = ApiError::from(e);
                let _ = e.to_graphql(crate::i18n::Lang::En); // logs the cause
                problems.push(FieldError::new("itemIds", e.code(), e.message()));
                continue;
            }
        };
        let it = match load_handled(&txn, actor, *id).await {
            Ok(it) => it,
            Err(ApiError::NotFound) => {
                problems.push(FieldError::new("itemIds", "NOT_FOUND", Msg::NotFound));
                continue;
            }
            // Items already accepted stay accepted (and announced): report this one and go on.
            Err(e) => {
                let _ = e.to_graphql(crate::i18n::Lang::En); // logs the cause
                problems.push(FieldError::new("itemIds", e.code(), e.message()));
                continue;
            }
        };
        let note = Some(match &squad_name {
            Some(s) => format!("已受理，由{s}承办 / accepted by {s}"),
            None => "已受理 / accepted".to_string(),
        });
        if let Some(a) = &assignee
            && a.squad_id != Some(it.squad_id)
        {
            problems.push(FieldError::new(
                "assigneeId",
                "UNKNOWN_ASSIGNEE",
                Msg::UnknownAssignee,
            ));
            continue;
        }
        // The chosen officer; else the workroom officer it was routed to; else the actor.
        let to = assignee
            .as_ref()
            .map(|a| a.id)
            .or(it.assignee_id)
            .unwrap_or(actor.id);
        let accept_by = it.accept_due_at.unwrap_or_else(|| {
            rules::working_deadline(&calendar, it.created_at, rules::ACCEPT_WORKING_DAYS).0
        });
        let stepped = step(&txn, actor, it, ItemAction::Accept, None, note, |am| {
            let now = Utc::now();
            am.assignee_id = Set(Some(to));
            am.accepted_at = Set(Some(now));
            am.accepted_on_time = Set(Some(now <= accept_by));
        })
        .await;
        match stepped {
            Ok(Ok(it)) => match crate::db::commit(txn).await {
                Ok(()) => done.push(it),
                Err(e) => {
                    let _ = e.to_graphql(crate::i18n::Lang::En); // logs the cause
                    problems.push(FieldError::new("itemIds", e.code(), e.message()));
                }
            },
            Ok(Err(mut e)) => problems.append(&mut e),
            Err(e) => {
                let _ = e.to_graphql(crate::i18n::Lang::En); // logs the cause
                problems.push(FieldError::new("itemIds", "INTERNAL", Msg::Internal));
            }
        }
    }
    Ok((done, problems))
}

pub async fn start_verification(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    id: Uuid,
    note: Option<String>,
) -> ApiResult<Stepped> {
    let txn = db.begin().await?;
    let it = load_handled(&txn, actor, id).await?;
    let note = note.map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
    let r = step(
        &txn,
        actor,
        it,
        ItemAction::StartVerification,
        None,
        note,
        |_| {},
    )
    .await?;
    commit_if_ok(txn, r).await
}

pub async fn resolve(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    id: Uuid,
    resolution: Resolution,
    note: &str,
    department: Option<&str>,
) -> ApiResult<Stepped> {
    let mut p = Problems::default();
    let note = p.text("note", note, 2000);
    let department = department
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(String::from);
    if resolution == Resolution::Referred && department.is_none() {
        p.push("department", "DEPARTMENT_REQUIRED", Msg::DepartmentRequired);
    }
    if !p.is_empty() {
        return Ok(Err(p.0));
    }
    let calendar = holidays::load_calendar(db).await?;
    // 应立尽立 and repeats (SPEC §6): only a case, or a supervisor's exemption. Read before
    // the transaction; the step's conditional update still guards a race.
    let seen = scope::load_visible(db, actor, id).await?;
    if let Some(rule) = crate::cases::rules::needs_case(db, &seen).await? {
        return Ok(Err(vec![crate::cases::rules::refusal(rule)]));
    }
    let txn = db.begin().await?;
    let it = load_handled(&txn, actor, id).await?;
    let shown = match &department {
        Some(d) => {
            // What is outside the bureau's remit is transferred within 3 working days.
            let (limit, _) =
                rules::working_deadline(&calendar, it.created_at, rules::TRANSFER_WORKING_DAYS);
            let late = if Utc::now() > limit {
                "，逾期转办 / transferred late"
            } else {
                ""
            };
            format!("{note}（转办：{d} / referred to {d}{late}）")
        }
        None => note,
    };
    let r = step(
        &txn,
        actor,
        it,
        ItemAction::Resolve,
        None,
        Some(shown),
        |am| {
            am.resolution = Set(Some(resolution.as_str().into()));
            am.department = Set(department);
        },
    )
    .await?;
    commit_if_ok(txn, r).await
}

pub async fn reply(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    id: Uuid,
    message: &str,
) -> ApiResult<Stepped> {
    let mut p = Problems::default();
    let message = p.text("message", message, 2000);
    if !p.is_empty() {
        return Ok(Err(p.0));
    }
    let txn = db.begin().await?;
    let it = load_handled(&txn, actor, id).await?;
    let shown = message.clone();
    let r = step(
        &txn,
        actor,
        it,
        ItemAction::Reply,
        None,
        Some(shown),
        |am| {
            am.reply = Set(Some(message));
            am.replied_at = Set(Some(Utc::now()));
        },
    )
    .await?;
    commit_if_ok(txn, r).await
}

/// The answer a closed case gives its filings (inside the case's transaction).
pub(crate) async fn reply_in(
    txn: &DatabaseTransaction,
    actor: &CurrentUser,
    it: item::Model,
    message: String,
) -> ApiResult<Stepped> {
    let shown = message.clone();
    let change = |am: &mut item::ActiveModel| {
        am.reply = Set(Some(message));
        am.replied_at = Set(Some(Utc::now()));
    };
    step_as(
        txn,
        actor,
        it,
        ItemAction::Reply,
        None,
        Some(shown),
        change,
        true,
    )
    .await
}

/// The filer rates the reply: satisfied closes; the first unsatisfied rating reopens the
/// item for a supervisor's second look with a fresh time limit.
pub async fn rate(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    id: Uuid,
    rating: Rating,
    comment: Option<String>,
) -> ApiResult<Stepped> {
    let comment = comment
        .map(|c| c.trim().chars().take(1000).collect::<String>())
        .filter(|c| !c.is_empty());
    let calendar = holidays::load_calendar(db).await?;
    let txn = db.begin().await?;
    let it = scope::load_visible(&txn, actor, id).await?;
    if it.filer_id != actor.id {
        return Ok(Err(vec![FieldError::new(
            "itemId",
            "NOT_THE_FILER",
            Msg::NotTheFiler,
        )]));
    }
    let (to, reopened) = status::after_rating(rating, it.reopened);
    let reopening = reopened && !it.reopened;
    let note = comment.clone();
    let r = step(&txn, actor, it, ItemAction::Rate, Some(to), note, |am| {
        am.rating = Set(Some(rating.as_str().into()));
        am.rating_comment = Set(comment);
        am.reopened = Set(reopened);
        if reopening {
            // A supervisor takes the second look.
            am.assignee_id = Set(None);
            am.due_at = Set(Some(
                rules::working_deadline(&calendar, Utc::now(), rules::REPLY_WORKING_DAYS).0,
            ));
        }
    })
    .await?;
    if let (Ok(it), true) = (&r, reopening) {
        record_event(&txn, it, None, NewEvent { action: "REOPENED", from: None, to: None, note: Some("评价不满意，已转中队长复核 / rated unsatisfied: reopened for a supervisor's review".into()), filer_visible: true })
        .await?;
    }
    commit_if_ok(txn, r).await
}

/// "Me too": a resident joins an open item of their own community instead of filing anew.
pub async fn join(db: &DatabaseConnection, actor: &CurrentUser, id: Uuid) -> ApiResult<Stepped> {
    let Scope::Unit { community_id, .. } = actor.scope else {
        return Err(ApiError::Forbidden);
    };
    let txn = db.begin().await?;
    let Some(it) = item::Entity::find()
        .filter(item::Column::Uuid.eq(id))
        .filter(item::Column::CommunityId.eq(community_id))
        .one(&txn)
        .await?
    else {
        return Err(ApiError::NotFound);
    };
    if !status::is_open(status_of(&it)?) || kind_of(&it)? != ItemKind::Complaint {
        return Ok(Err(vec![FieldError::new(
            "itemId",
            "CANNOT_JOIN",
            Msg::CannotJoin,
        )]));
    }
    if scope::is_filer(&txn, actor, it.id).await? {
        return Ok(Ok(it));
    }
    let joined = item_filer::ActiveModel {
        item_id: Set(it.id),
        account_id: Set(actor.id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    match joined {
        Ok(_) => {}
        // A double tap or a replayed outbox entry joined first: already a filer.
        Err(e) if crate::accounts::is_unique_violation(&e) => {
            drop(txn);
            let fresh = item::Entity::find_by_id(it.id)
                .one(db)
                .await?
                .ok_or(ApiError::NotFound)?;
            return Ok(Ok(fresh));
        }
        Err(e) => return Err(e.into()),
    }
    let filers = it.filer_count + 1;
    // A crowd raises the priority (SPEC §6 rule 2): recompute with one more filer.
    let bump = rules::priority(PriorityFactors {
        filers: filers as u32,
        ..Default::default()
    }) - rules::priority(PriorityFactors {
        filers: it.filer_count as u32,
        ..Default::default()
    });
    item::Entity::update_many()
        .col_expr(
            item::Column::FilerCount,
            Expr::col(item::Column::FilerCount).add(1),
        )
        .col_expr(
            item::Column::Priority,
            Expr::col(item::Column::Priority).add(bump),
        )
        .col_expr(item::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(item::Column::Id.eq(it.id))
        .exec(&txn)
        .await?;
    record_event(
        &txn,
        &it,
        Some(actor),
        NewEvent {
            action: "JOINED",
            from: None,
            to: None,
            note: None,
            filer_visible: false,
        },
    )
    .await?;
    let fresh = item::Entity::find_by_id(it.id)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound)?;
    crate::db::commit(txn).await?;
    Ok(Ok(fresh))
}

pub async fn answer_suggestion(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    id: Uuid,
    answer: &str,
    adoption: Adoption,
) -> ApiResult<Stepped> {
    let mut p = Problems::default();
    let answer = p.text("answer", answer, 4000);
    if !p.is_empty() {
        return Ok(Err(p.0));
    }
    let txn = db.begin().await?;
    let it = load_handled(&txn, actor, id).await?;
    if kind_of(&it)? != ItemKind::Suggestion {
        return Ok(Err(not_now()));
    }
    let shown = answer.clone();
    let r = step(
        &txn,
        actor,
        it,
        ItemAction::AnswerSuggestion,
        None,
        Some(shown),
        |am| {
            am.answer = Set(Some(answer));
            am.adoption = Set(Some(adoption.as_str().into()));
            am.replied_at = Set(Some(Utc::now()));
        },
    )
    .await?;
    commit_if_ok(txn, r).await
}

/// A supervisor extends an open item's time limit (延期) by working days, with a reason.
pub async fn extend_deadline(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    id: Uuid,
    days: i32,
    reason: &str,
) -> ApiResult<Stepped> {
    if actor.role != Role::Supervisor {
        return Err(ApiError::Forbidden);
    }
    let mut p = Problems::default();
    let reason = p.text("reason", reason, 1000);
    if !(1..=30).contains(&days) {
        p.push("days", "EXTENSION_DAYS", Msg::ExtensionDays);
    }
    if !p.is_empty() {
        return Ok(Err(p.0));
    }
    let calendar = holidays::load_calendar(db).await?;
    let txn = db.begin().await?;
    let it = load_handled(&txn, actor, id).await?;
    let from = status_of(&it)?;
    let (Some(due), true) = (it.due_at, status::clock_runs(from)) else {
        return Ok(Err(not_now()));
    };
    let (new_due, _) = rules::working_deadline(&calendar, due, days as u32);
    // Conditional on what was read: a step that raced in first wins, the extension fails.
    let updated = item::Entity::update_many()
        .col_expr(item::Column::DueAt, Expr::value(new_due))
        .col_expr(item::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(item::Column::Id.eq(it.id))
        .filter(item::Column::Status.eq(from.as_str()))
        .filter(item::Column::DueAt.eq(due))
        .exec(&txn)
        .await?;
    if updated.rows_affected == 0 {
        return Ok(Err(not_now()));
    }
    let fresh = item::Entity::find_by_id(it.id)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound)?;
    record_event(
        &txn,
        &fresh,
        Some(actor),
        NewEvent {
            action: "DEADLINE_EXTENDED",
            from: None,
            to: None,
            note: Some(format!(
                "{reason}（延期{days}个工作日 / +{days} working days）"
            )),
            filer_visible: true,
        },
    )
    .await?;
    audit::record(
        &txn,
        Some(actor.id),
        "item",
        fresh.uuid,
        "deadline_extended",
        serde_json::json!({"days": days, "reason": reason}),
    )
    .await?;
    crate::db::commit(txn).await?;
    Ok(Ok(fresh))
}

/// Closes replied items and answered suggestions nobody rated within the quiet period.
/// Safe to run from every process at once: each close is conditional on the status.
pub async fn close_quiet_items(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    quiet_days: i64,
) -> ApiResult<Vec<item::Model>> {
    let stale = item::Entity::find()
        .filter(
            item::Column::Status
                .is_in([ItemStatus::Replied.as_str(), ItemStatus::Answered.as_str()]),
        )
        .filter(item::Column::RepliedAt.lt(now - Duration::days(quiet_days)))
        .all(db)
        .await?;
    let mut closed = Vec::new();
    for it in stale {
        let txn = db.begin().await?;
        let res = item::Entity::update_many()
            .col_expr(
                item::Column::Status,
                Expr::value(ItemStatus::Closed.as_str()),
            )
            .col_expr(item::Column::ClosedAt, Expr::value(now))
            .col_expr(item::Column::UpdatedAt, Expr::value(now))
            .filter(item::Column::Id.eq(it.id))
            .filter(item::Column::Status.eq(it.status.as_str()))
            .exec(&txn)
            .await?;
        if res.rows_affected == 1 {
            let from = ItemStatus::parse(&it.status);
            let note = Some(format!(
                "{quiet_days}日内未评价，自动办结 / closed: not rated within {quiet_days} days"
            ));
            audit::record(
                &txn,
                None,
                "item",
                it.uuid,
                "closed_quietly",
                serde_json::json!({"quietDays": quiet_days}),
            )
            .await?;
            record_event(
                &txn,
                &it,
                None,
                NewEvent {
                    action: "CLOSED_QUIETLY",
                    from,
                    to: Some(ItemStatus::Closed),
                    note,
                    filer_visible: true,
                },
            )
            .await?;
            crate::db::commit(txn).await?;
            closed.push(it);
        }
    }
    Ok(closed)
}
