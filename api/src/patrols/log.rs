//! The patrol log on the phone (SPEC §9): start a patrol with at least two officers of the
//! squad, check in at communities of the squad (time; place when the phone gives one), record
//! findings — each becomes a `PATROL` item or joins an open item about the same unit and
//! matter — and end it. Every step takes an idempotency key, so the phone's outbox can send
//! it again.
use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};
use entity::{account, community, item, patrol, patrol_checkin, patrol_finding, patrol_officer};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use uuid::Uuid;

use super::MIN_OFFICERS;
use crate::{
    audit,
    auth::{CurrentUser, Scope},
    error::{ApiError, ApiResult},
    i18n::Msg,
    intake::{
        self,
        file::{Filing, file},
        routing,
        status::{ItemKind, ItemSource},
    },
    photos::PhotoStore,
    validation::{FieldError, idempotency_key},
};

type Outcome<T> = ApiResult<Result<T, Vec<FieldError>>>;

fn squad_of(user: &CurrentUser) -> ApiResult<i32> {
    match user.scope {
        Scope::Squad { squad_id, .. } => Ok(squad_id),
        _ => Err(ApiError::Forbidden),
    }
}

/// Starts a patrol: the caller and the officers named (at least two in all, active, of the
/// caller's squad). The same key answers the same patrol.
pub async fn start(
    db: &DatabaseConnection,
    user: &CurrentUser,
    key: &str,
    officers: &[Uuid],
) -> Outcome<patrol::Model> {
    let squad = squad_of(user)?;
    let key = match idempotency_key(key) {
        Ok(k) => k,
        Err(e) => return Ok(Err(e)),
    };
    if let Some(p) = patrol::Entity::find()
        .filter(patrol::Column::StartedBy.eq(user.id))
        .filter(patrol::Column::IdempotencyKey.eq(&key))
        .one(db)
        .await?
    {
        return Ok(Ok(p));
    }
    let mut named: HashSet<Uuid> = officers.iter().copied().collect();
    named.remove(&user.uuid);
    let accounts = account::Entity::find()
        .filter(account::Column::Uuid.is_in(named.iter().copied()))
        .filter(account::Column::SquadId.eq(squad))
        .filter(account::Column::Status.eq("ACTIVE"))
        .filter(account::Column::Role.is_in(["OFFICER", "SUPERVISOR"]))
        .all(db)
        .await?;
    if accounts.len() != named.len() {
        return Ok(Err(vec![FieldError::new(
            "officerIds",
            "OFFICER_NOT_IN_SQUAD",
            Msg::OfficerNotInSquad,
        )]));
    }
    if accounts.len() + 1 < MIN_OFFICERS {
        return Ok(Err(vec![FieldError::new(
            "officerIds",
            "TWO_OFFICERS",
            Msg::TwoOfficersRequired,
        )]));
    }
    let txn = db.begin().await?;
    let p = patrol::ActiveModel {
        uuid: Set(Uuid::new_v4()),
        squad_id: Set(squad),
        entry_id: Set(None),
        started_by: Set(user.id),
        started_at: Set(Utc::now()),
        ended_at: Set(None),
        idempotency_key: Set(key),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for a in std::iter::once(user.id).chain(accounts.iter().map(|a| a.id)) {
        patrol_officer::ActiveModel {
            patrol_id: Set(p.id),
            account_id: Set(a),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    audit::record(
        &txn,
        Some(user.id),
        "patrol",
        p.uuid,
        "START",
        serde_json::json!({ "officers": accounts.len() + 1 }),
    )
    .await?;
    crate::db::commit(txn).await?;
    Ok(Ok(p))
}

/// A patrol the caller is on; anyone else: `NOT_FOUND`.
pub async fn load(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    id: Uuid,
) -> ApiResult<patrol::Model> {
    let p = patrol::Entity::find()
        .filter(patrol::Column::Uuid.eq(id))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?;
    let on = patrol_officer::Entity::find()
        .filter(patrol_officer::Column::PatrolId.eq(p.id))
        .filter(patrol_officer::Column::AccountId.eq(user.id))
        .one(db)
        .await?
        .is_some();
    if on { Ok(p) } else { Err(ApiError::NotFound) }
}

/// The community, if the patrol's squad handles it.
async fn squad_community(
    db: &impl ConnectionTrait,
    p: &patrol::Model,
    community: Uuid,
) -> ApiResult<Option<community::Model>> {
    let Some(c) = community::Entity::find()
        .filter(community::Column::Uuid.eq(community))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok((routing::squad_for(db, &c).await? == p.squad_id).then_some(c))
}

pub struct CheckIn {
    pub key: String,
    pub community: Uuid,
    /// When the phone checked in (sent later from the outbox); default now.
    pub at: Option<DateTime<Utc>>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

/// A check-in at a community of the squad, at a time within the patrol (not in the future).
pub async fn check_in(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: Uuid,
    c: CheckIn,
) -> Outcome<patrol::Model> {
    let key = match idempotency_key(&c.key) {
        Ok(k) => k,
        Err(e) => return Ok(Err(e)),
    };
    let p = load(db, user, id).await?;
    if patrol_checkin::Entity::find()
        .filter(patrol_checkin::Column::PatrolId.eq(p.id))
        .filter(patrol_checkin::Column::IdempotencyKey.eq(&key))
        .one(db)
        .await?
        .is_some()
    {
        return Ok(Ok(p));
    }
    let now = Utc::now();
    let at = c.at.unwrap_or(now);
    let mut problems = Vec::new();
    if at > now + Duration::minutes(5) || at < p.started_at - Duration::minutes(5) {
        problems.push(FieldError::new(
            "at",
            "TIME_OUTSIDE_PATROL",
            Msg::CheckinTime,
        ));
    }
    let place_ok = match (c.latitude, c.longitude) {
        (None, None) => true,
        (Some(la), Some(lo)) => (-90.0..=90.0).contains(&la) && (-180.0..=180.0).contains(&lo),
        _ => false,
    };
    if !place_ok {
        problems.push(FieldError::new(
            "latitude",
            "LOCATION_INVALID",
            Msg::LocationInvalid,
        ));
    }
    let Some(community) = squad_community(db, &p, c.community).await? else {
        problems.push(FieldError::new(
            "communityId",
            "COMMUNITY_OUTSIDE_SQUAD",
            Msg::CommunityOutsideSquad,
        ));
        return Ok(Err(problems));
    };
    if !problems.is_empty() {
        return Ok(Err(problems));
    }
    patrol_checkin::ActiveModel {
        uuid: Set(Uuid::new_v4()),
        patrol_id: Set(p.id),
        community_id: Set(community.id),
        at: Set(at),
        latitude: Set(c.latitude),
        longitude: Set(c.longitude),
        idempotency_key: Set(key),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(Ok(p))
}

pub struct Finding {
    pub key: String,
    pub community: Uuid,
    pub unit: Option<Uuid>,
    pub matter_code: Option<String>,
    pub description: String,
    /// Join this open item about the same unit and matter instead of filing anew.
    pub join: Option<Uuid>,
}

/// A finding: filed as a `PATROL` item (the intake's own path: routing, clocks, photos,
/// idempotency), or joined to an open item of the squad about the same unit and matter.
pub async fn record_finding(
    db: &DatabaseConnection,
    store: &PhotoStore,
    user: &CurrentUser,
    id: Uuid,
    f: Finding,
    photos: Vec<Vec<u8>>,
) -> Outcome<(patrol_finding::Model, item::Model)> {
    let p = load(db, user, id).await?;
    let mut problems = Vec::new();
    let matter = f
        .matter_code
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty());
    if matter.is_none() {
        problems.push(FieldError::new(
            "matterCode",
            "REQUIRED",
            Msg::MatterRequired,
        ));
    }
    if f.unit.is_none() && f.join.is_none() {
        problems.push(FieldError::new(
            "unitId",
            "REQUIRED",
            Msg::FindingUnitRequired,
        ));
    }
    if squad_community(db, &p, f.community).await?.is_none() {
        problems.push(FieldError::new(
            "communityId",
            "COMMUNITY_OUTSIDE_SQUAD",
            Msg::CommunityOutsideSquad,
        ));
    }
    if !problems.is_empty() {
        return Ok(Err(problems));
    }
    let key = format!("patrol-{}-{}", p.uuid, f.key.trim());
    if let Some(join) = f.join {
        return join_item(db, user, &p, join, f).await;
    }
    let filing = Filing {
        source: Some(ItemSource::Patrol),
        matter_code: matter.map(String::from),
        community: Some(f.community),
        unit: f.unit,
        description: f.description,
        ..Filing::new(ItemKind::Complaint)
    };
    let it = match file(db, store, user, &key, filing, photos).await? {
        Ok(it) => it,
        Err(e) => return Ok(Err(e)),
    };
    // A replay finds the finding already there.
    if let Some(found) = patrol_finding::Entity::find()
        .filter(patrol_finding::Column::PatrolId.eq(p.id))
        .filter(patrol_finding::Column::ItemId.eq(it.id))
        .one(db)
        .await?
    {
        return Ok(Ok((found, it)));
    }
    let found = patrol_finding::ActiveModel {
        uuid: Set(Uuid::new_v4()),
        patrol_id: Set(p.id),
        item_id: Set(it.id),
        joined: Set(false),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(Ok((found, it)))
}

async fn join_item(
    db: &DatabaseConnection,
    user: &CurrentUser,
    p: &patrol::Model,
    join: Uuid,
    f: Finding,
) -> Outcome<(patrol_finding::Model, item::Model)> {
    let txn = db.begin().await?;
    let it = item::Entity::find()
        .filter(item::Column::Uuid.eq(join))
        .filter(item::Column::SquadId.eq(p.squad_id))
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound)?;
    let c = community::Entity::find_by_id(it.community_id)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound)?;
    let matter = entity::matter::Entity::find()
        .filter(entity::matter::Column::Code.eq(f.matter_code.clone().unwrap_or_default()))
        .one(&txn)
        .await?;
    let unit_ok = match f.unit {
        None => true,
        Some(u) => entity::unit::Entity::find()
            .filter(entity::unit::Column::Uuid.eq(u))
            .one(&txn)
            .await?
            .is_some_and(|u| it.unit_id == Some(u.id)),
    };
    let open = matches!(it.status.as_str(), "SUBMITTED" | "ACCEPTED" | "VERIFYING");
    if c.uuid != f.community || matter.map(|m| m.id) != it.matter_id || !unit_ok || !open {
        return Ok(Err(vec![FieldError::new(
            "joinItemId",
            "NOT_THE_SAME_PROBLEM",
            Msg::FindingNotSameProblem,
        )]));
    }
    // Joined once per patrol: a replay (or the same patrol joining again) answers that one.
    if let Some(found) = patrol_finding::Entity::find()
        .filter(patrol_finding::Column::PatrolId.eq(p.id))
        .filter(patrol_finding::Column::ItemId.eq(it.id))
        .filter(patrol_finding::Column::Joined.eq(true))
        .one(&txn)
        .await?
    {
        return Ok(Ok((found, it)));
    }
    let found = patrol_finding::ActiveModel {
        uuid: Set(Uuid::new_v4()),
        patrol_id: Set(p.id),
        item_id: Set(it.id),
        joined: Set(true),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    intake::record_event(
        &txn,
        &it,
        Some(user),
        intake::NewEvent {
            action: "PATROL_FINDING",
            from: None,
            to: None,
            note: Some(format!(
                "巡查发现 / patrol finding: {}",
                f.description.trim()
            )),
            filer_visible: false,
        },
    )
    .await?;
    crate::db::commit(txn).await?;
    Ok(Ok((found, it)))
}

/// Ends the patrol (again: no change).
pub async fn end(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: Uuid,
) -> ApiResult<patrol::Model> {
    let p = load(db, user, id).await?;
    if p.ended_at.is_some() {
        return Ok(p);
    }
    let uuid = p.uuid;
    let mut am: patrol::ActiveModel = p.into();
    am.ended_at = Set(Some(Utc::now()));
    let p = am.update(db).await?;
    audit::record(
        db,
        Some(user.id),
        "patrol",
        uuid,
        "END",
        serde_json::json!({}),
    )
    .await?;
    Ok(p)
}

pub async fn checkins(
    db: &impl ConnectionTrait,
    patrol_id: i32,
) -> ApiResult<Vec<patrol_checkin::Model>> {
    Ok(patrol_checkin::Entity::find()
        .filter(patrol_checkin::Column::PatrolId.eq(patrol_id))
        .order_by_asc(patrol_checkin::Column::At)
        .all(db)
        .await?)
}

pub async fn findings(
    db: &impl ConnectionTrait,
    patrol_id: i32,
) -> ApiResult<Vec<(patrol_finding::Model, item::Model)>> {
    let f = patrol_finding::Entity::find()
        .filter(patrol_finding::Column::PatrolId.eq(patrol_id))
        .order_by_asc(patrol_finding::Column::Id)
        .all(db)
        .await?;
    let items = item::Entity::find()
        .filter(item::Column::Id.is_in(f.iter().map(|x| x.item_id)))
        .all(db)
        .await?;
    Ok(f.into_iter()
        .filter_map(|x| {
            items
                .iter()
                .find(|i| i.id == x.item_id)
                .cloned()
                .map(|i| (x, i))
        })
        .collect())
}
