//! What supervisors approve (SPEC §5–§7): an exemption from the mandatory-case rule, an
//! extension of the decision deadline, the legal review of a major case. Officers ask;
//! only a supervisor of the scope decides, and never their own request.
use chrono::{Duration, Utc};
use entity::{approval, enforcement_case as case, item};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait, sea_query::Expr,
};
use uuid::Uuid;

use super::{
    Entry,
    model::{self, ApprovalKind, ApprovalStatus, CaseAction, CaseProcedure},
    record, rules, save, scope, stage_of,
};
use crate::{
    auth::{CurrentUser, Role},
    error::{ApiError, ApiResult},
    i18n::Msg,
    intake::{self, NewEvent, record_event, status::ItemStatus},
    validation::{FieldError, Problems},
};

pub type Decided = Result<approval::Model, Vec<FieldError>>;

pub struct Request {
    pub kind: ApprovalKind,
    pub item: Option<Uuid>,
    pub case: Option<Uuid>,
    pub reason: String,
    pub evidence: Option<String>,
    pub days: Option<i32>,
}

/// The request still waiting (or, for an exemption, already granted): asking again
/// returns it, so a retried request does not ask twice.
async fn open_request(
    db: &impl sea_orm::ConnectionTrait,
    kind: ApprovalKind,
    item: Option<i32>,
    case: Option<i32>,
) -> ApiResult<Option<approval::Model>> {
    let mut statuses = vec![ApprovalStatus::Pending.as_str()];
    if kind == ApprovalKind::Exemption {
        statuses.push(ApprovalStatus::Approved.as_str());
    }
    let mut q = approval::Entity::find()
        .filter(approval::Column::Kind.eq(kind.as_str()))
        .filter(approval::Column::Status.is_in(statuses));
    if let Some(i) = item {
        q = q.filter(approval::Column::ItemId.eq(i));
    }
    if let Some(c) = case {
        q = q.filter(approval::Column::CaseId.eq(c));
    }
    Ok(q.order_by_desc(approval::Column::Id).one(db).await?)
}

pub async fn request(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    r: Request,
) -> ApiResult<Decided> {
    let mut p = Problems::default();
    let reason = p.text("reason", &r.reason, 2000);
    let evidence = r
        .evidence
        .map(|e| e.trim().chars().take(4000).collect::<String>())
        .filter(|e| !e.is_empty());
    let (item, case, squad_id) = match r.kind {
        ApprovalKind::Exemption => {
            let Some(id) = r.item else {
                p.push("itemId", "REQUIRED", Msg::Required);
                return Ok(Err(p.0));
            };
            let it = intake::scope::load_visible(db, actor, id).await?;
            intake::scope::ensure_handles(db, actor, &it).await?;
            if evidence.is_none() {
                p.push("evidence", "REQUIRED", Msg::ExemptionEvidenceRequired);
            }
            if it.status != ItemStatus::Verifying.as_str() {
                p.push("itemId", "ITEM_NOT_VERIFYING", Msg::ItemNotVerifying);
            } else if rules::case_rule(db, &it).await?.is_none() {
                p.push("itemId", "EXEMPTION_NOT_NEEDED", Msg::ExemptionNotNeeded);
            }
            let squad = it.squad_id;
            (Some(it), None, squad)
        }
        ApprovalKind::DecisionExtension | ApprovalKind::LegalReview => {
            let Some(id) = r.case else {
                p.push("caseId", "REQUIRED", Msg::Required);
                return Ok(Err(p.0));
            };
            let c = scope::load(db, actor, id).await?;
            let action = if r.kind == ApprovalKind::LegalReview {
                CaseAction::RequestLegalReview
            } else {
                CaseAction::RequestExtension
            };
            let procedure = CaseProcedure::parse(&c.procedure).unwrap_or(CaseProcedure::Ordinary);
            if model::next(procedure, stage_of(&c)?, action).is_none() {
                p.push("caseId", "NOT_ALLOWED_NOW", Msg::CaseNotAllowedNow);
            }
            if r.kind == ApprovalKind::DecisionExtension
                && !r.days.is_some_and(|d| (1..=90).contains(&d))
            {
                p.push("days", "APPROVAL_DAYS", Msg::ApprovalDays);
            }
            let squad = c.handling_squad_id;
            (None, Some(c), squad)
        }
    };
    if !p.is_empty() {
        return Ok(Err(p.0));
    }
    // The first statement takes the write lock on what the request is about: the case's
    // version (a request is a change to the case) or the item, still in verification. The
    // duplicate check after it is then serialised with any other request.
    let txn = db.begin().await?;
    let mut case = case;
    if let Some(c) = &case {
        match save(&txn, c, c.clone()).await? {
            Some(saved) => case = Some(saved),
            None => return Ok(Err(super::conflict())),
        }
    }
    if let Some(it) = &item {
        let touched = item::Entity::update_many()
            .col_expr(item::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(item::Column::Id.eq(it.id))
            .filter(item::Column::Status.eq(ItemStatus::Verifying.as_str()))
            .exec(&txn)
            .await?;
        if touched.rows_affected == 0 {
            return Ok(Err(vec![FieldError::new(
                "itemId",
                "ITEM_NOT_VERIFYING",
                Msg::ItemNotVerifying,
            )]));
        }
    }
    if let Some(existing) = open_request(
        &txn,
        r.kind,
        item.as_ref().map(|i| i.id),
        case.as_ref().map(|c| c.id),
    )
    .await?
    {
        // Asked already: nothing new to write.
        drop(txn);
        return Ok(Ok(existing));
    }
    let a = approval::ActiveModel {
        uuid: Set(Uuid::new_v4()),
        kind: Set(r.kind.as_str().into()),
        status: Set(ApprovalStatus::Pending.as_str().into()),
        item_id: Set(item.as_ref().map(|i| i.id)),
        case_id: Set(case.as_ref().map(|c| c.id)),
        squad_id: Set(squad_id),
        reason: Set(reason.clone()),
        evidence: Set(evidence),
        days: Set(if r.kind == ApprovalKind::DecisionExtension {
            r.days
        } else {
            None
        }),
        requested_by: Set(actor.id),
        requested_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let action = format!("{}_REQUESTED", r.kind.as_str());
    if let Some(it) = &item {
        // The officers' record; the filer hears the outcome of the check, not the request.
        record_event(
            &txn,
            it,
            Some(actor),
            NewEvent {
                action: &action,
                from: None,
                to: None,
                note: Some(reason.clone()),
                filer_visible: false,
            },
        )
        .await?;
    }
    if let Some(c) = &case {
        record(
            &txn,
            c,
            Some(actor),
            Entry {
                action: &action,
                from: None,
                to: None,
                note: Some(reason),
                details: serde_json::json!({ "approval": a.uuid, "days": a.days }),
            },
        )
        .await?;
    }
    crate::db::commit(txn).await?;
    Ok(Ok(a))
}

/// A supervisor decides a request of their scope.
pub async fn decide(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    id: Uuid,
    approve: bool,
    note: &str,
) -> ApiResult<Decided> {
    if actor.role != Role::Supervisor {
        return Err(ApiError::Forbidden);
    }
    let mut p = Problems::default();
    let note = p.text("note", note, 2000);
    if !p.is_empty() {
        return Ok(Err(p.0));
    }
    let a = approval::Entity::find()
        .filter(approval::Column::Uuid.eq(id))
        .filter(scope::approvals(actor)?)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?;
    if a.status != ApprovalStatus::Pending.as_str() {
        return Ok(Err(vec![FieldError::new(
            "approvalId",
            "APPROVAL_NOT_PENDING",
            Msg::ApprovalNotPending,
        )]));
    }
    if a.requested_by == actor.id {
        return Ok(Err(vec![FieldError::new(
            "approvalId",
            "SELF_APPROVAL",
            Msg::SelfApproval,
        )]));
    }
    let status = if approve {
        ApprovalStatus::Approved
    } else {
        ApprovalStatus::Rejected
    };
    let now = Utc::now();
    let txn = db.begin().await?;
    let res = approval::Entity::update_many()
        .col_expr(approval::Column::Status, Expr::value(status.as_str()))
        .col_expr(approval::Column::DecidedBy, Expr::value(actor.id))
        .col_expr(approval::Column::DecidedAt, Expr::value(now))
        .col_expr(approval::Column::DecisionNote, Expr::value(note.clone()))
        .filter(approval::Column::Id.eq(a.id))
        .filter(approval::Column::Status.eq(ApprovalStatus::Pending.as_str()))
        .exec(&txn)
        .await?;
    if res.rows_affected == 0 {
        return Ok(Err(vec![FieldError::new(
            "approvalId",
            "APPROVAL_NOT_PENDING",
            Msg::ApprovalNotPending,
        )]));
    }
    let action = format!("{}_{}", a.kind, status.as_str());
    if let Some(item_id) = a.item_id
        && let Some(it) = item::Entity::find_by_id(item_id).one(&txn).await?
    {
        record_event(
            &txn,
            &it,
            Some(actor),
            NewEvent {
                action: &action,
                from: None,
                to: None,
                note: Some(note.clone()),
                filer_visible: false,
            },
        )
        .await?;
    }
    if let Some(case_id) = a.case_id
        && let Some(c) = case::Entity::find_by_id(case_id).one(&txn).await?
    {
        let mut changed = c.clone();
        if approve && a.kind == ApprovalKind::DecisionExtension.as_str() {
            // An extension of the decision clock means nothing once decided.
            if !model::before_decision(stage_of(&c)?) {
                return Ok(Err(vec![FieldError::new(
                    "approvalId",
                    "NOT_ALLOWED_NOW",
                    Msg::CaseNotAllowedNow,
                )]));
            }
            changed.decision_due_at =
                c.decision_due_at + Duration::days(a.days.unwrap_or(0) as i64);
        }
        let Some(saved) = save(&txn, &c, changed).await? else {
            return Ok(Err(super::conflict()));
        };
        record(
            &txn,
            &saved,
            Some(actor),
            Entry {
                action: &action,
                from: None,
                to: None,
                note: Some(note.clone()),
                details: serde_json::json!({ "approval": a.uuid, "days": a.days }),
            },
        )
        .await?;
    }
    let fresh = approval::Entity::find_by_id(a.id)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound)?;
    crate::db::commit(txn).await?;
    Ok(Ok(fresh))
}
