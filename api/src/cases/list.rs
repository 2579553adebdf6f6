//! The officer's case lists: by priority, then the next clock; the deadline list.
use chrono::{Duration, Utc};
use entity::{approval, duty_check, enforcement_case as case, matter};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, Order, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
    sea_query::{Expr, Query},
};

use super::{
    model::{ApprovalStatus, CaseStage, DutyCheckStatus},
    scope,
};
use crate::{auth::CurrentUser, error::ApiResult};

#[derive(Default)]
pub struct CaseFilter {
    pub stages: Option<Vec<CaseStage>>,
    /// True: a clock is past.
    pub overdue: Option<bool>,
    /// A clock is due within this many days (or past).
    pub due_within_days: Option<i64>,
    pub mine: bool,
    pub matter_code: Option<String>,
}

pub async fn cases(
    db: &DatabaseConnection,
    user: &CurrentUser,
    f: CaseFilter,
    offset: u64,
    limit: u64,
) -> ApiResult<(Vec<case::Model>, u64)> {
    let now = Utc::now();
    let mut q = case::Entity::find().filter(scope::visible(user)?);
    match &f.stages {
        Some(s) if !s.is_empty() => {
            q = q.filter(case::Column::Stage.is_in(s.iter().map(|s| s.as_str())));
        }
        // The work: open cases, and closed ones with a re-check due.
        _ => {
            q = q.filter(
                Condition::any()
                    .add(case::Column::Stage.ne(CaseStage::Closed.as_str()))
                    .add(case::Column::RecheckDueAt.is_not_null()),
            )
        }
    }
    match f.overdue {
        Some(true) => q = q.filter(case::Column::NextDueAt.lt(now)),
        Some(false) => {
            q = q.filter(
                Condition::any()
                    .add(case::Column::NextDueAt.is_null())
                    .add(case::Column::NextDueAt.gte(now)),
            )
        }
        None => {}
    }
    if let Some(days) = f.due_within_days {
        q = q.filter(case::Column::NextDueAt.lt(now + Duration::days(days.clamp(0, 366))));
    }
    if f.mine {
        q = q.filter(case::Column::OfficerId.eq(user.id));
    }
    if let Some(code) = &f.matter_code {
        q = q.filter(
            case::Column::MatterId.in_subquery(
                Query::select()
                    .column(matter::Column::Id)
                    .from(matter::Entity)
                    .and_where(matter::Column::Code.eq(code.trim()))
                    .to_owned(),
            ),
        );
    }
    let total = q.clone().count(db).await?;
    let q = if f.due_within_days.is_some() || f.overdue == Some(true) {
        // The deadline list: soonest first.
        q.order_by_asc(case::Column::NextDueAt)
    } else {
        q.order_by_desc(case::Column::Priority)
            .order_by(
                Expr::cust("CASE WHEN next_due_at IS NULL THEN 1 ELSE 0 END"),
                Order::Asc,
            )
            .order_by_asc(case::Column::NextDueAt)
    };
    let rows = q
        .order_by_desc(case::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?;
    Ok((rows, total))
}

pub async fn approvals(
    db: &DatabaseConnection,
    user: &CurrentUser,
    status: Option<ApprovalStatus>,
    offset: u64,
    limit: u64,
) -> ApiResult<(Vec<approval::Model>, u64)> {
    let mut q = approval::Entity::find().filter(scope::approvals(user)?);
    if let Some(s) = status {
        q = q.filter(approval::Column::Status.eq(s.as_str()));
    }
    let total = q.clone().count(db).await?;
    // What waits longest first; decided ones newest first.
    let q = if status == Some(ApprovalStatus::Pending) {
        q.order_by_asc(approval::Column::Id)
    } else {
        q.order_by_desc(approval::Column::Id)
    };
    Ok((q.offset(offset).limit(limit).all(db).await?, total))
}

pub async fn duty_checks(
    db: &DatabaseConnection,
    user: &CurrentUser,
    status: Option<DutyCheckStatus>,
    offset: u64,
    limit: u64,
) -> ApiResult<(Vec<duty_check::Model>, u64)> {
    let mut q = duty_check::Entity::find().filter(scope::duty_checks(user)?);
    if let Some(s) = status {
        q = q.filter(duty_check::Column::Status.eq(s.as_str()));
    }
    let total = q.clone().count(db).await?;
    let rows = q
        .order_by_desc(duty_check::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?;
    Ok((rows, total))
}
