//! The community workroom directory (城管社区工作室, SPEC §9): residents see their
//! community's workroom — officers, hours, phone; officers and supervisors of the scope keep
//! it up to date. The public directory (`Community.workroom`) reads the same rows.
use entity::{account, community, community_workroom, workroom_officer};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use uuid::Uuid;

use crate::{
    audit,
    auth::{CurrentUser, Scope},
    authz,
    error::{ApiError, ApiResult},
    i18n::Msg,
    intake::routing,
    validation::{FieldError, Problems},
};

/// The caller's own community: a resident's home, a committee's first (by name).
pub async fn my_community(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
) -> ApiResult<Option<community::Model>> {
    Ok(match &user.scope {
        Scope::Unit { community_id, .. } => {
            community::Entity::find_by_id(*community_id).one(db).await?
        }
        Scope::Committee { committee_id } => {
            community::Entity::find()
                .filter(community::Column::CommitteeId.eq(*committee_id))
                .order_by_asc(community::Column::Name)
                .one(db)
                .await?
        }
        _ => None,
    })
}

/// The active officers of the squad a community is routed to (for the workroom picker).
pub async fn squad_officers(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    community: Uuid,
) -> ApiResult<Vec<account::Model>> {
    let c = in_scope(db, user, community).await?;
    let squad = routing::squad_for(db, &c).await?;
    Ok(account::Entity::find()
        .filter(account::Column::SquadId.eq(squad))
        .filter(account::Column::Role.eq("OFFICER"))
        .filter(account::Column::Status.eq("ACTIVE"))
        .order_by_asc(account::Column::DisplayName)
        .all(db)
        .await?)
}

async fn in_scope(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    community: Uuid,
) -> ApiResult<community::Model> {
    let c = community::Entity::find()
        .filter(community::Column::Uuid.eq(community))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?;
    authz::ensure_community_in_scope(db, user, &c).await?;
    Ok(c)
}

pub struct WorkroomSpec {
    pub community: Uuid,
    pub office_hours: String,
    pub phone: String,
    pub officers: Vec<Uuid>,
}

/// Sets a community's workroom: hours, phone and officers (active officers of the
/// community's squad), in one transaction with its audit record.
pub async fn save(
    db: &DatabaseConnection,
    user: &CurrentUser,
    spec: WorkroomSpec,
) -> ApiResult<Result<community::Model, Vec<FieldError>>> {
    let mut p = Problems::default();
    let hours = p.text("officeHours", &spec.office_hours, 200);
    let phone = p.text("phone", &spec.phone, 30);
    if !phone.is_empty()
        && !phone
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | ' ' | '+' | '(' | ')'))
    {
        p.push("phone", "PHONE_INVALID", Msg::WorkroomPhoneInvalid);
    }
    if spec.officers.len() > 20 {
        p.push("officerIds", "TOO_LONG", Msg::TooLong);
    }
    let txn = db.begin().await?;
    let c = in_scope(&txn, user, spec.community).await?;
    let squad = routing::squad_for(&txn, &c).await?;
    let mut officers = Vec::new();
    for u in &spec.officers {
        match account::Entity::find()
            .filter(account::Column::Uuid.eq(*u))
            .one(&txn)
            .await?
        {
            Some(a) if a.role == "OFFICER" && a.status == "ACTIVE" && a.squad_id == Some(squad) => {
                if !officers.contains(&a.id) {
                    officers.push(a.id);
                }
            }
            _ => p.push("officerIds", "OFFICER_NOT_IN_SQUAD", Msg::OfficerNotInSquad),
        }
    }
    if !p.is_empty() {
        return Ok(Err(p.0));
    }
    let room = match community_workroom::Entity::find()
        .filter(community_workroom::Column::CommunityId.eq(c.id))
        .one(&txn)
        .await?
    {
        Some(w) => {
            let mut am: community_workroom::ActiveModel = w.into();
            am.office_hours = Set(hours.clone());
            am.phone = Set(phone.clone());
            am.update(&txn).await?
        }
        None => {
            community_workroom::ActiveModel {
                community_id: Set(c.id),
                office_hours: Set(hours.clone()),
                phone: Set(phone.clone()),
                ..Default::default()
            }
            .insert(&txn)
            .await?
        }
    };
    workroom_officer::Entity::delete_many()
        .filter(workroom_officer::Column::WorkroomId.eq(room.id))
        .exec(&txn)
        .await?;
    for a in &officers {
        workroom_officer::ActiveModel {
            workroom_id: Set(room.id),
            account_id: Set(*a),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    audit::record(
        &txn,
        Some(user.id),
        "community",
        c.uuid,
        "SAVE_WORKROOM",
        serde_json::json!({ "officeHours": hours, "phone": phone, "officers": spec.officers }),
    )
    .await?;
    crate::db::commit(txn).await?;
    Ok(Ok(c))
}
