//! The 五治 practice library (五治实践案例, SPEC §9): write-ups of good handling tagged 法治,
//! 自治, 综治, 智治, 共治, linked to communities and cases; draft → review → published.
//!
//! Officers and supervisors write; the author edits while it is a draft or returned; a
//! supervisor of the district who is not the author publishes or returns it with a note.
//! Published write-ups are readable by every signed-in user; drafts only by their author (and
//! what is in review by the district's supervisors). A linked case shows only its number.
use chrono::Utc;
use entity::{community, enforcement_case as case, practice_case, practice_link};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use crate::{
    audit,
    auth::{CurrentUser, Role},
    authz,
    error::{ApiError, ApiResult},
    i18n::Msg,
    intake::status::stored_enum,
    validation::{FieldError, Problems},
};

stored_enum!(
    /// The five governances (五治).
    GovernanceTag {
        /// 法治
        RuleOfLaw => "RULE_OF_LAW",
        /// 自治
        SelfGovernance => "SELF_GOVERNANCE",
        /// 综治
        Comprehensive => "COMPREHENSIVE",
        /// 智治
        Smart => "SMART",
        /// 共治
        CoGovernance => "CO_GOVERNANCE",
    }
);

stored_enum!(
    PracticeStatus {
        Draft => "DRAFT",
        InReview => "IN_REVIEW",
        Published => "PUBLISHED",
        Returned => "RETURNED",
    }
);

stored_enum!(
    ReviewDecision {
        Publish => "PUBLISH",
        Return => "RETURN",
    }
);

pub fn tags_of(p: &practice_case::Model) -> Vec<GovernanceTag> {
    p.tags.split(',').filter_map(GovernanceTag::parse).collect()
}

pub fn status_of(p: &practice_case::Model) -> PracticeStatus {
    PracticeStatus::parse(&p.status).unwrap_or(PracticeStatus::Draft)
}

fn is_writer(user: &CurrentUser) -> bool {
    matches!(user.role, Role::Officer | Role::Supervisor)
}

/// The author may edit (and submit) while it is a draft or was returned.
pub fn can_edit(user: &CurrentUser, p: &practice_case::Model) -> bool {
    p.author_id == user.id
        && matches!(
            status_of(p),
            PracticeStatus::Draft | PracticeStatus::Returned
        )
}

/// A supervisor of the district, not the author, while it is in review.
pub fn can_review(user: &CurrentUser, p: &practice_case::Model) -> bool {
    user.role == Role::Supervisor
        && user.scope.district_id() == Some(p.district_id)
        && p.author_id != user.id
        && status_of(p) == PracticeStatus::InReview
}

fn visible_to(user: &CurrentUser, p: &practice_case::Model) -> bool {
    status_of(p) == PracticeStatus::Published
        || p.author_id == user.id
        || (user.role == Role::Supervisor
            && user.scope.district_id() == Some(p.district_id)
            && status_of(p) == PracticeStatus::InReview)
}

pub async fn load(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    id: Uuid,
) -> ApiResult<practice_case::Model> {
    practice_case::Entity::find()
        .filter(practice_case::Column::Uuid.eq(id))
        .one(db)
        .await?
        .filter(|p| visible_to(user, p))
        .ok_or(ApiError::NotFound)
}

pub struct ListSpec {
    pub search: Option<String>,
    pub tag: Option<GovernanceTag>,
    pub status: Option<PracticeStatus>,
    pub mine: bool,
}

/// Published write-ups (newest first); `mine`: the caller's own in any state; `status:
/// IN_REVIEW` for a supervisor: the district's queue.
pub async fn list(
    db: &DatabaseConnection,
    user: &CurrentUser,
    spec: ListSpec,
    offset: u64,
    limit: u64,
) -> ApiResult<(Vec<practice_case::Model>, u64)> {
    let mut q = practice_case::Entity::find();
    if spec.mine {
        q = q.filter(practice_case::Column::AuthorId.eq(user.id));
        if let Some(s) = spec.status {
            q = q.filter(practice_case::Column::Status.eq(s.as_str()));
        }
    } else {
        match spec.status.unwrap_or(PracticeStatus::Published) {
            PracticeStatus::Published => {
                q = q.filter(practice_case::Column::Status.eq("PUBLISHED"));
            }
            PracticeStatus::InReview if user.role == Role::Supervisor => {
                q = q
                    .filter(practice_case::Column::Status.eq("IN_REVIEW"))
                    .filter(
                        practice_case::Column::DistrictId.eq(user.scope.district_id().unwrap_or(0)),
                    );
            }
            // Others' drafts are nobody's business.
            _ => return Ok((vec![], 0)),
        }
    }
    if let Some(t) = spec.tag {
        // Tags are stored as ",A,B," so one tag matches whole.
        q = q.filter(practice_case::Column::Tags.contains(format!(",{},", t.as_str())));
    }
    if let Some(s) = spec
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let s: String = s.chars().take(50).collect();
        q = q.filter(
            Condition::any()
                .add(practice_case::Column::Title.contains(&s))
                .add(practice_case::Column::Summary.contains(&s))
                .add(practice_case::Column::Body.contains(&s)),
        );
    }
    let total = q.clone().count(db).await?;
    let rows = q
        .order_by_desc(Expr::col(practice_case::Column::PublishedAt).is_null())
        .order_by_desc(practice_case::Column::PublishedAt)
        .order_by_desc(practice_case::Column::UpdatedAt)
        .order_by_desc(practice_case::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?;
    Ok((rows, total))
}

pub struct SaveSpec {
    pub id: Option<Uuid>,
    pub version: Option<i32>,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub tags: Vec<GovernanceTag>,
    pub communities: Vec<Uuid>,
    pub cases: Vec<Uuid>,
}

type Outcome = ApiResult<Result<practice_case::Model, Vec<FieldError>>>;

/// Writes a new draft, or the author's edit of a draft or returned write-up.
pub async fn save(db: &DatabaseConnection, user: &CurrentUser, spec: SaveSpec) -> Outcome {
    if !is_writer(user) {
        return Err(ApiError::Forbidden);
    }
    let district_id = user.scope.district_id().ok_or(ApiError::Forbidden)?;
    let mut p = Problems::default();
    let title = p.text("title", &spec.title, 100);
    let summary = p.text("summary", &spec.summary, 500);
    let body = p.text("body", &spec.body, 20_000);
    let mut tags: Vec<GovernanceTag> = Vec::new();
    for t in &spec.tags {
        if !tags.contains(t) {
            tags.push(*t);
        }
    }
    if tags.is_empty() {
        p.push("tags", "REQUIRED", Msg::PracticeTagRequired);
    }
    if spec.communities.len() > 20 || spec.cases.len() > 20 {
        p.push("communityIds", "TOO_LONG", Msg::TooLong);
    }
    if !p.is_empty() {
        return Ok(Err(p.0));
    }
    let txn = db.begin().await?;
    // Links: communities of the author's scope, cases the author handles.
    let mut communities = Vec::new();
    for u in &spec.communities {
        let c = community::Entity::find()
            .filter(community::Column::Uuid.eq(*u))
            .one(&txn)
            .await?
            .ok_or(ApiError::NotFound)?;
        authz::ensure_community_in_scope(&txn, user, &c).await?;
        if !communities.contains(&c.id) {
            communities.push(c.id);
        }
    }
    let mut cases = Vec::new();
    for u in &spec.cases {
        let c = crate::cases::scope::load(&txn, user, *u).await?;
        if !cases.contains(&c.id) {
            cases.push(c.id);
        }
    }
    // Stored with commas around, so a tag search matches whole codes.
    let tag_text = format!(
        ",{},",
        tags.iter()
            .map(|t| t.as_str())
            .collect::<Vec<_>>()
            .join(",")
    );
    let now = Utc::now();
    let saved = match spec.id {
        None => {
            practice_case::ActiveModel {
                uuid: Set(Uuid::new_v4()),
                district_id: Set(district_id),
                author_id: Set(user.id),
                title: Set(title),
                summary: Set(summary),
                body: Set(body),
                tags: Set(tag_text),
                status: Set(PracticeStatus::Draft.as_str().into()),
                review_note: Set(None),
                reviewer_id: Set(None),
                published_at: Set(None),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?
        }
        Some(id) => {
            let cur = load(&txn, user, id).await?;
            if !can_edit(user, &cur) {
                return Err(ApiError::Forbidden);
            }
            let Some(version) = spec.version else {
                return Ok(Err(vec![FieldError::new(
                    "version",
                    "REQUIRED",
                    Msg::Required,
                )]));
            };
            let res = practice_case::Entity::update_many()
                .col_expr(practice_case::Column::Title, Expr::value(title))
                .col_expr(practice_case::Column::Summary, Expr::value(summary))
                .col_expr(practice_case::Column::Body, Expr::value(body))
                .col_expr(practice_case::Column::Tags, Expr::value(tag_text))
                .col_expr(practice_case::Column::UpdatedAt, Expr::value(now))
                .col_expr(
                    practice_case::Column::Version,
                    Expr::col(practice_case::Column::Version).add(1),
                )
                .filter(practice_case::Column::Id.eq(cur.id))
                .filter(practice_case::Column::Version.eq(version))
                .exec(&txn)
                .await?;
            if res.rows_affected == 0 {
                return Ok(Err(conflict()));
            }
            practice_link::Entity::delete_many()
                .filter(practice_link::Column::PracticeCaseId.eq(cur.id))
                .exec(&txn)
                .await?;
            practice_case::Entity::find_by_id(cur.id)
                .one(&txn)
                .await?
                .ok_or(ApiError::NotFound)?
        }
    };
    for c in communities {
        practice_link::ActiveModel {
            practice_case_id: Set(saved.id),
            community_id: Set(Some(c)),
            case_id: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    for c in cases {
        practice_link::ActiveModel {
            practice_case_id: Set(saved.id),
            community_id: Set(None),
            case_id: Set(Some(c)),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    audit::record(
        &txn,
        Some(user.id),
        "practice_case",
        saved.uuid,
        if spec.id.is_some() { "EDIT" } else { "DRAFT" },
        serde_json::json!({ "version": saved.version }),
    )
    .await?;
    crate::db::commit(txn).await?;
    Ok(Ok(saved))
}

/// A stale version: someone changed the write-up since the caller read it.
fn conflict() -> Vec<FieldError> {
    vec![FieldError::new(
        "version",
        "CONFLICT",
        Msg::PracticeConflict,
    )]
}

/// Moves a write-up from one status to another at `version`; `None`: a stale version.
async fn transition(
    txn: &impl ConnectionTrait,
    cur: &practice_case::Model,
    version: i32,
    to: PracticeStatus,
    change: impl FnOnce(
        sea_orm::UpdateMany<practice_case::Entity>,
    ) -> sea_orm::UpdateMany<practice_case::Entity>,
) -> ApiResult<Option<practice_case::Model>> {
    let q = practice_case::Entity::update_many()
        .col_expr(practice_case::Column::Status, Expr::value(to.as_str()))
        .col_expr(practice_case::Column::UpdatedAt, Expr::value(Utc::now()))
        .col_expr(
            practice_case::Column::Version,
            Expr::col(practice_case::Column::Version).add(1),
        )
        .filter(practice_case::Column::Id.eq(cur.id))
        .filter(practice_case::Column::Version.eq(version))
        .filter(practice_case::Column::Status.eq(cur.status.clone()));
    if change(q).exec(txn).await?.rows_affected == 0 {
        return Ok(None);
    }
    practice_case::Entity::find_by_id(cur.id)
        .one(txn)
        .await?
        .ok_or(ApiError::NotFound)
        .map(Some)
}

/// The author sends a draft (or a returned write-up) for review.
pub async fn submit(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: Uuid,
    version: i32,
) -> Outcome {
    let txn = db.begin().await?;
    let cur = load(&txn, user, id).await?;
    if !can_edit(user, &cur) {
        return Err(ApiError::Forbidden);
    }
    let Some(saved) = transition(&txn, &cur, version, PracticeStatus::InReview, |q| q).await?
    else {
        return Ok(Err(conflict()));
    };
    audit::record(
        &txn,
        Some(user.id),
        "practice_case",
        saved.uuid,
        "SUBMIT",
        serde_json::json!({ "version": saved.version }),
    )
    .await?;
    crate::db::commit(txn).await?;
    Ok(Ok(saved))
}

/// A supervisor of the district (never the author) publishes or returns with a note.
pub async fn review(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: Uuid,
    version: i32,
    decision: ReviewDecision,
    note: Option<String>,
) -> Outcome {
    let txn = db.begin().await?;
    let cur = load(&txn, user, id).await?;
    if user.role != Role::Supervisor {
        return Err(ApiError::Forbidden);
    }
    if cur.author_id == user.id {
        return Ok(Err(vec![FieldError::new(
            "id",
            "SELF_APPROVAL",
            Msg::SelfApproval,
        )]));
    }
    if !can_review(user, &cur) {
        return Ok(Err(vec![FieldError::new(
            "id",
            "NOT_IN_REVIEW",
            Msg::PracticeNotInReview,
        )]));
    }
    let note = crate::validation::optional_text(note, 1000);
    if decision == ReviewDecision::Return && note.is_none() {
        return Ok(Err(vec![FieldError::new(
            "note",
            "REQUIRED",
            Msg::ReturnReasonRequired,
        )]));
    }
    let reviewer = user.id;
    let (to, published) = match decision {
        ReviewDecision::Publish => (PracticeStatus::Published, Some(Utc::now())),
        ReviewDecision::Return => (PracticeStatus::Returned, None),
    };
    let n = note.clone();
    let saved = transition(&txn, &cur, version, to, move |q| {
        let q = q
            .col_expr(practice_case::Column::ReviewNote, Expr::value(n))
            .col_expr(practice_case::Column::ReviewerId, Expr::value(reviewer));
        match published {
            Some(t) => q.col_expr(practice_case::Column::PublishedAt, Expr::value(t)),
            None => q,
        }
    })
    .await?;
    let Some(saved) = saved else {
        return Ok(Err(conflict()));
    };
    audit::record(
        &txn,
        Some(user.id),
        "practice_case",
        saved.uuid,
        decision.as_str(),
        serde_json::json!({ "version": saved.version, "note": note }),
    )
    .await?;
    crate::db::commit(txn).await?;
    Ok(Ok(saved))
}

/// Linked communities and case numbers.
pub async fn links(
    db: &impl ConnectionTrait,
    p: &practice_case::Model,
) -> ApiResult<(Vec<community::Model>, Vec<String>)> {
    let links = practice_link::Entity::find()
        .filter(practice_link::Column::PracticeCaseId.eq(p.id))
        .all(db)
        .await?;
    let cids: Vec<i32> = links.iter().filter_map(|l| l.community_id).collect();
    let kids: Vec<i32> = links.iter().filter_map(|l| l.case_id).collect();
    let communities = community::Entity::find()
        .filter(community::Column::Id.is_in(cids))
        .order_by_asc(community::Column::Name)
        .all(db)
        .await?;
    let numbers = case::Entity::find()
        .filter(case::Column::Id.is_in(kids))
        .order_by_asc(case::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.number)
        .collect();
    Ok((communities, numbers))
}
