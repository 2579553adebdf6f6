//! Joint actions (联合执法) against group renting and the illegal letting of affordable housing
//! (SPEC §6 rule 4): the departments that took part, the units visited with what was found and
//! the follow-up case, and each unit's re-check (回头看), which the patrol roster counts.
use std::collections::HashSet;

use chrono::{Duration, NaiveDate, Utc};
use entity::{
    community, department, enforcement_case as case, joint_action, joint_action_department,
    joint_action_unit,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use uuid::Uuid;

use super::{Outcome, district_of};
use crate::{
    audit,
    auth::{CurrentUser, Role, Scope},
    authz, cases,
    error::{ApiError, ApiResult},
    figures::date_in_range,
    i18n::Msg,
    intake::{file::unit_in, routing, status::stored_enum},
    validation::{FieldError, Problems, idempotency_key},
};

/// Days after the action a unit found in violation is re-checked, unless a date is given.
pub const RECHECK_DAYS: i64 = 30;

stored_enum!(
    /// What a joint action is against.
    JointFocus {
        /// 群租
        GroupRenting => "GROUP_RENTING",
        /// 保障性租赁住房违规出租
        AffordableHousing => "AFFORDABLE_HOUSING",
    }
);

stored_enum!(
    /// What was found at a unit.
    JointUnitOutcome {
        NoViolation => "NO_VIOLATION",
        RectifiedOnSite => "RECTIFIED_ON_SITE",
        Violation => "VIOLATION",
    }
);

/// Joint actions the caller sees: officers, their squad's; district supervisors and the
/// housing partner, the district's.
pub fn visible(user: &CurrentUser) -> ApiResult<Condition> {
    Ok(match (user.role, &user.scope) {
        (Role::Officer | Role::Supervisor, Scope::Squad { squad_id, .. }) => {
            Condition::all().add(joint_action::Column::SquadId.eq(*squad_id))
        }
        (Role::Supervisor | Role::Housing, Scope::District { district_id }) => {
            Condition::all().add(joint_action::Column::DistrictId.eq(*district_id))
        }
        _ => return Err(ApiError::Forbidden),
    })
}

/// Officers and supervisors record what they see; the housing partner reads.
pub fn may_edit(user: &CurrentUser) -> bool {
    matches!(user.role, Role::Officer | Role::Supervisor)
}

pub async fn load(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    id: Uuid,
) -> ApiResult<joint_action::Model> {
    joint_action::Entity::find()
        .filter(joint_action::Column::Uuid.eq(id))
        .filter(visible(user)?)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)
}

pub async fn list(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    focus: Option<JointFocus>,
    limit: u64,
) -> ApiResult<Vec<joint_action::Model>> {
    let mut q = joint_action::Entity::find().filter(visible(user)?);
    if let Some(f) = focus {
        q = q.filter(joint_action::Column::Focus.eq(f.as_str()));
    }
    Ok(q.order_by_desc(joint_action::Column::ActionOn)
        .order_by_desc(joint_action::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

pub async fn departments_of(
    db: &impl ConnectionTrait,
    a: &joint_action::Model,
) -> ApiResult<Vec<department::Model>> {
    let ids: Vec<i32> = joint_action_department::Entity::find()
        .filter(joint_action_department::Column::ActionId.eq(a.id))
        .all(db)
        .await?
        .into_iter()
        .map(|d| d.department_id)
        .collect();
    Ok(department::Entity::find()
        .filter(department::Column::Id.is_in(ids))
        .order_by_asc(department::Column::Name)
        .all(db)
        .await?)
}

pub async fn units_of(
    db: &impl ConnectionTrait,
    a: &joint_action::Model,
) -> ApiResult<Vec<joint_action_unit::Model>> {
    Ok(joint_action_unit::Entity::find()
        .filter(joint_action_unit::Column::ActionId.eq(a.id))
        .order_by_asc(joint_action_unit::Column::Id)
        .all(db)
        .await?)
}

pub struct NewAction {
    pub key: String,
    pub title: String,
    pub focus: JointFocus,
    pub community: Uuid,
    pub action_on: NaiveDate,
    pub departments: Vec<Uuid>,
    pub note: Option<String>,
}

/// An officer or supervisor records a joint action at a community of their scope, with the
/// departments that took part (at least one besides the bureau). The same key answers the
/// same action.
pub async fn create(
    db: &DatabaseConnection,
    user: &CurrentUser,
    n: NewAction,
) -> Outcome<joint_action::Model> {
    let district = district_of(user)?;
    if !may_edit(user) {
        return Err(ApiError::Forbidden);
    }
    let key = match idempotency_key(&n.key) {
        Ok(k) => k,
        Err(e) => return Ok(Err(e)),
    };
    if let Some(a) = joint_action::Entity::find()
        .filter(joint_action::Column::CreatedBy.eq(user.id))
        .filter(joint_action::Column::IdempotencyKey.eq(&key))
        .one(db)
        .await?
    {
        return Ok(Ok(a));
    }
    let c = community::Entity::find()
        .filter(community::Column::Uuid.eq(n.community))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?;
    authz::ensure_community_in_scope(db, user, &c).await?;
    let mut p = Problems::default();
    let title = p.text("title", &n.title, 200);
    let note = n
        .note
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty());
    if note.as_ref().is_some_and(|t| t.chars().count() > 2000) {
        p.push("note", "TOO_LONG", Msg::TooLong);
    }
    if !date_in_range(n.action_on) {
        p.push("actionOn", "INVALID_DATE", Msg::InvalidDate);
    }
    let wanted: HashSet<Uuid> = n.departments.iter().copied().collect();
    let depts = department::Entity::find()
        .filter(department::Column::DistrictId.eq(district))
        .filter(department::Column::Uuid.is_in(wanted.iter().copied()))
        .all(db)
        .await?;
    if wanted.is_empty() {
        p.push(
            "departmentIds",
            "DEPARTMENT_REQUIRED",
            Msg::JointDepartmentRequired,
        );
    } else if depts.len() != wanted.len() {
        p.push(
            "departmentIds",
            "UNKNOWN_DEPARTMENT",
            Msg::UnknownDepartment,
        );
    }
    if !p.is_empty() {
        return Ok(Err(p.0));
    }
    let squad = routing::squad_for(db, &c).await?;
    let txn = db.begin().await?;
    let a = joint_action::ActiveModel {
        uuid: Set(Uuid::new_v4()),
        district_id: Set(district),
        squad_id: Set(squad),
        community_id: Set(c.id),
        title: Set(title),
        focus: Set(n.focus.as_str().into()),
        action_on: Set(n.action_on),
        note: Set(note),
        created_by: Set(user.id),
        created_at: Set(Utc::now()),
        idempotency_key: Set(key),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for d in &depts {
        joint_action_department::ActiveModel {
            action_id: Set(a.id),
            department_id: Set(d.id),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    audit::record(
        &txn,
        Some(user.id),
        "joint_action",
        a.uuid,
        "CREATE",
        serde_json::json!({ "departments": depts.iter().map(|d| &d.name).collect::<Vec<_>>() }),
    )
    .await?;
    crate::db::commit(txn).await?;
    Ok(Ok(a))
}

/// An action the caller may add to: visible and the caller an officer or supervisor.
async fn editable(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    id: Uuid,
) -> ApiResult<joint_action::Model> {
    let a = load(db, user, id).await?;
    if may_edit(user) {
        Ok(a)
    } else {
        Err(ApiError::Forbidden)
    }
}

pub struct NewUnit {
    pub action: Uuid,
    pub unit: Uuid,
    pub finding: String,
    pub outcome: JointUnitOutcome,
    pub case_number: Option<String>,
    pub recheck_due_on: Option<NaiveDate>,
}

/// A unit visited: what was found, the follow-up case (one the caller handles, by number),
/// and when it is re-checked — by default `RECHECK_DAYS` after the action when a violation
/// was found. A unit is visited once per action.
pub async fn add_unit(
    db: &DatabaseConnection,
    user: &CurrentUser,
    n: NewUnit,
) -> Outcome<joint_action::Model> {
    let a = editable(db, user, n.action).await?;
    let c = community::Entity::find_by_id(a.community_id)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?;
    let mut p = Problems::default();
    let finding = p.text("finding", &n.finding, 2000);
    let unit = unit_in(db, &c, n.unit, &mut p).await?;
    if let Some(u) = unit {
        let seen = joint_action_unit::Entity::find()
            .filter(joint_action_unit::Column::ActionId.eq(a.id))
            .filter(joint_action_unit::Column::UnitId.eq(u))
            .one(db)
            .await?;
        if seen.is_some() {
            p.push("unitId", "UNIT_ALREADY_VISITED", Msg::UnitAlreadyVisited);
        }
    }
    let case_id = match n
        .case_number
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => None,
        Some(number) => {
            let found = case::Entity::find()
                .filter(case::Column::Number.eq(number))
                .filter(cases::scope::visible(user)?)
                .one(db)
                .await?;
            match &found {
                None => p.push("caseNumber", "CASE_NOT_FOUND", Msg::CaseNumberUnknown),
                Some(c) if c.community_id != a.community_id => {
                    p.push("caseNumber", "CASE_OUTSIDE_ACTION", Msg::CaseOutsideAction)
                }
                Some(_) => {}
            }
            found.map(|c| c.id)
        }
    };
    let recheck = match (n.recheck_due_on, n.outcome) {
        (Some(d), _) => {
            if !date_in_range(d) {
                p.push("recheckDueOn", "INVALID_DATE", Msg::InvalidDate);
            } else if d < a.action_on {
                p.push(
                    "recheckDueOn",
                    "RECHECK_BEFORE_ACTION",
                    Msg::RecheckBeforeAction,
                );
            }
            Some(d)
        }
        (None, JointUnitOutcome::Violation) => Some(a.action_on + Duration::days(RECHECK_DAYS)),
        (None, _) => None,
    };
    let (Some(unit), true) = (unit, p.is_empty()) else {
        return Ok(Err(p.0));
    };
    let txn = db.begin().await?;
    let u = joint_action_unit::ActiveModel {
        uuid: Set(Uuid::new_v4()),
        action_id: Set(a.id),
        unit_id: Set(unit),
        finding: Set(finding),
        outcome: Set(n.outcome.as_str().into()),
        case_id: Set(case_id),
        recheck_due_on: Set(recheck),
        rechecked_on: Set(None),
        recheck_finding: Set(None),
        relapse: Set(None),
        created_by: Set(user.id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Some(user.id),
        "joint_action_unit",
        u.uuid,
        "ADD",
        serde_json::json!({ "outcome": u.outcome, "case": case_id.is_some() }),
    )
    .await?;
    crate::db::commit(txn).await?;
    Ok(Ok(a))
}

/// The re-check of a visited unit (回头看): what was found, and whether it relapsed. Recorded
/// once.
pub async fn recheck(
    db: &DatabaseConnection,
    user: &CurrentUser,
    unit: Uuid,
    finding: &str,
    relapse: bool,
) -> Outcome<joint_action::Model> {
    let u = joint_action_unit::Entity::find()
        .filter(joint_action_unit::Column::Uuid.eq(unit))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?;
    let a = joint_action::Entity::find_by_id(u.action_id)
        .filter(visible(user)?)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?;
    if !may_edit(user) {
        return Err(ApiError::Forbidden);
    }
    let mut p = Problems::default();
    let finding = p.text("finding", finding, 2000);
    if u.rechecked_on.is_some() {
        p.0.push(FieldError::general(
            "ALREADY_RECHECKED",
            Msg::AlreadyRechecked,
        ));
    }
    if !p.is_empty() {
        return Ok(Err(p.0));
    }
    let txn = db.begin().await?;
    let changed = joint_action_unit::Entity::update_many()
        .col_expr(
            joint_action_unit::Column::RecheckedOn,
            sea_orm::sea_query::Expr::value(crate::figures::today()),
        )
        .col_expr(
            joint_action_unit::Column::RecheckFinding,
            sea_orm::sea_query::Expr::value(finding),
        )
        .col_expr(
            joint_action_unit::Column::Relapse,
            sea_orm::sea_query::Expr::value(relapse),
        )
        .filter(joint_action_unit::Column::Id.eq(u.id))
        .filter(joint_action_unit::Column::RecheckedOn.is_null())
        .exec(&txn)
        .await?
        .rows_affected;
    if changed == 0 {
        return Ok(Err(vec![FieldError::general(
            "ALREADY_RECHECKED",
            Msg::AlreadyRechecked,
        )]));
    }
    audit::record(
        &txn,
        Some(user.id),
        "joint_action_unit",
        u.uuid,
        "RECHECK",
        serde_json::json!({ "relapse": relapse }),
    )
    .await?;
    crate::db::commit(txn).await?;
    Ok(Ok(a))
}

/// Units of joint actions at these communities whose re-check is due by `by` and not done:
/// (community id, count). The patrol roster adds them to its re-checks.
pub async fn rechecks_due(
    db: &impl ConnectionTrait,
    communities: &[i32],
    by: NaiveDate,
) -> ApiResult<Vec<(i32, i64)>> {
    if communities.is_empty() {
        return Ok(Vec::new());
    }
    Ok(joint_action_unit::Entity::find()
        .select_only()
        .column(joint_action::Column::CommunityId)
        .column_as(joint_action_unit::Column::Id.count(), "n")
        .join(
            sea_orm::JoinType::InnerJoin,
            joint_action_unit::Entity::belongs_to(joint_action::Entity)
                .from(joint_action_unit::Column::ActionId)
                .to(joint_action::Column::Id)
                .into(),
        )
        .filter(joint_action::Column::CommunityId.is_in(communities.iter().copied()))
        .filter(joint_action_unit::Column::RecheckDueOn.lte(by))
        .filter(joint_action_unit::Column::RecheckedOn.is_null())
        // A linked case with its own re-check due counts once, as the case's.
        .filter(
            Condition::any()
                .add(joint_action_unit::Column::CaseId.is_null())
                .add(
                    joint_action_unit::Column::CaseId.not_in_subquery(
                        sea_orm::sea_query::Query::select()
                            .column(case::Column::Id)
                            .from(case::Entity)
                            .and_where(case::Column::RecheckDueAt.is_not_null())
                            .to_owned(),
                    ),
                ),
        )
        .group_by(joint_action::Column::CommunityId)
        .into_tuple::<(i32, i64)>()
        .all(db)
        .await?)
}
