//! Filing: complaints, property reports, committee reports and suggestions. Every filing
//! carries an idempotency key: the same key from the same account returns the first
//! result; the same key with another payload is a `CONFLICT`. Key and item are written in
//! one transaction.
use chrono::{DateTime, Duration, Utc};
use entity::{building, community, idempotency_key, item, item_filer, matter, unit};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};
use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{
    NewEvent, record_event, routing,
    rules::{self, PriorityFactors},
    status::{ItemKind, ItemSource, ItemStatus},
};
use crate::{
    audit,
    auth::{CurrentUser, Role, Scope},
    authz,
    catalog::holidays,
    error::{ApiError, ApiResult},
    i18n::Msg,
    photos::{PhotoStore, attach},
    validation::{FieldError, Problems},
};

/// Window in which items about the same unit and matter count as repeats (SPEC §6 rule 3).
pub const REPEAT_WINDOW_DAYS: i64 = 90;
pub const MAX_DESCRIPTION: usize = 2000;

/// The record of a failed dissuasion (劝阻记录) that a property report must carry.
#[derive(Clone, Debug, Serialize, serde::Deserialize)]
pub struct Dissuasion {
    pub at: DateTime<Utc>,
    pub method: String,
    pub by: String,
    pub owner_response: String,
}

/// What a person files. Hashed (without the key) to recognise a retry.
#[derive(Clone, Debug, Serialize)]
pub struct Filing {
    pub kind: ItemKind,
    pub source: Option<ItemSource>,
    pub matter_code: Option<String>,
    pub community: Option<Uuid>,
    pub unit: Option<Uuid>,
    pub description: String,
    pub seen_at: Option<DateTime<Utc>>,
    pub public_safety: bool,
    pub media_attention: bool,
    pub anonymous: bool,
    /// Illegal construction still being built: officers on site within 2 hours.
    pub still_being_built: bool,
    pub dissuasion: Option<Dissuasion>,
    pub topic: Option<String>,
    pub reasons: Option<String>,
    pub measures: Option<String>,
    /// SHA-256 of each photo, so a retry with other photos is a conflict.
    pub photo_hashes: Vec<String>,
    /// Filings about the same unit and matter this many days apart are repeats (settings).
    pub repeat_window_days: i64,
    /// The renovation registration a property report comes from (装修登记).
    pub renovation: Option<i32>,
    /// A resident's filings allowed per hour (settings); `None` for the server's own filings.
    /// Not part of the filing's hash: a retry stays a retry whatever the setting (and keys
    /// stored before it existed keep their hashes).
    #[serde(skip)]
    pub max_per_hour: Option<u32>,
}

impl Filing {
    /// A filing of `kind` with nothing else said yet.
    pub fn new(kind: ItemKind) -> Self {
        Self {
            kind,
            source: None,
            matter_code: None,
            community: None,
            unit: None,
            description: String::new(),
            seen_at: None,
            public_safety: false,
            media_attention: false,
            anonymous: false,
            still_being_built: false,
            dissuasion: None,
            topic: None,
            reasons: None,
            measures: None,
            photo_hashes: vec![],
            repeat_window_days: REPEAT_WINDOW_DAYS,
            renovation: None,
            max_per_hour: None,
        }
    }

    fn hash(&self) -> String {
        let json = serde_json::to_vec(self).unwrap_or_default();
        Sha256::digest(&json)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

pub type Filed = Result<item::Model, Vec<FieldError>>;

pub async fn file(
    db: &DatabaseConnection,
    store: &PhotoStore,
    actor: &CurrentUser,
    key: &str,
    mut f: Filing,
    photos: Vec<Vec<u8>>,
) -> ApiResult<Filed> {
    f.photo_hashes = photos.iter().map(|p| attach::sha256_hex(p)).collect();
    let key = match crate::validation::idempotency_key(key) {
        Ok(k) => k,
        Err(e) => return Ok(Err(e)),
    };
    let key = key.as_str();
    let hash = f.hash();
    if let Some(existing) = replay(db, actor, key, &hash).await? {
        return Ok(Ok(existing));
    }
    let now = Utc::now();
    if let Some(max) = f.max_per_hour
        && actor.role == Role::Resident
    {
        limit_filings(db, actor, max, now).await?;
    }
    let mut p = Problems::default();
    let (kind, source) = kind_and_source(actor, &f, &mut p)?;
    let community = resolve_community(db, actor, f.community, &mut p).await?;
    let unit_id = match (&community, f.unit) {
        (Some(c), Some(u)) => unit_in(db, c, u, &mut p).await?,
        (Some(c), None) => own_unit(actor, c),
        _ => None,
    };
    let matter = match f
        .matter_code
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        Some(code) => {
            let m = matter::Entity::find()
                .filter(matter::Column::Code.eq(code.to_uppercase()))
                .filter(matter::Column::Active.eq(true))
                .one(db)
                .await?;
            if m.is_none() {
                p.push("matterCode", "UNKNOWN_MATTER", Msg::UnknownMatter);
            }
            m
        }
        None => None,
    };
    let description = if kind == ItemKind::Suggestion {
        // A suggestion's text is its reasons and measures; the topic heads it.
        let topic = p.text("topic", f.topic.as_deref().unwrap_or(""), 200);
        p.text(
            "reasons",
            f.reasons.as_deref().unwrap_or(""),
            MAX_DESCRIPTION,
        );
        p.text(
            "measures",
            f.measures.as_deref().unwrap_or(""),
            MAX_DESCRIPTION,
        );
        topic
    } else {
        p.text("description", &f.description, MAX_DESCRIPTION)
    };
    if f.seen_at.is_some_and(|t| t > now + Duration::minutes(5)) {
        p.push("seenAt", "FUTURE_TIME", Msg::FutureTime);
    }
    // More than five years back is a mistyped date (the fuzzer sent year 1, and it was kept).
    if f.seen_at.is_some_and(|t| t < now - Duration::days(5 * 366)) {
        p.push("seenAt", "TOO_LONG_AGO", Msg::SeenTooLongAgo);
    }
    let mut late = false;
    if kind == ItemKind::PropertyReport {
        match &f.dissuasion {
            None => p.push("dissuasion", "DISSUASION_REQUIRED", Msg::DissuasionRequired),
            Some(d) => {
                p.0.extend(dissuasion_problems(d, now));
                late = rules::property_report_late(d.at, now);
            }
        }
    }
    let checked = match attach::check_all(photos).await? {
        Ok(c) => c,
        Err(mut e) => {
            p.0.append(&mut e);
            Vec::new()
        }
    };
    let (Some(community), true) = (community, p.is_empty()) else {
        return Ok(Err(p.0));
    };

    let squad_id = routing::squad_for(db, &community).await?;
    let assignee_id = routing::workroom_officer(db, &community).await?;
    let calendar = holidays::load_calendar(db).await?;
    let (due_at, covered) = rules::working_deadline(&calendar, now, rules::REPLY_WORKING_DAYS);
    let (accept_due, _) = rules::working_deadline(&calendar, now, rules::ACCEPT_WORKING_DAYS);
    if !covered {
        tracing::warn!(due = %due_at, "{}", Msg::CalendarNotExtended.text(crate::i18n::Lang::En));
    }
    // The repeat link (重复投诉): the first filing about the same unit and matter.
    let (repeat_of, repeats) = match (unit_id, &matter) {
        (Some(u), Some(m)) => {
            crate::cases::rules::earlier_filings(db, u, m.id, now, f.repeat_window_days).await?
        }
        _ => (None, 0),
    };
    let priority = rules::priority(PriorityFactors {
        public_safety: f.public_safety,
        media_attention: f.media_attention,
        repeats,
        filers: 1,
    });

    let on_site_due = rules::on_site_deadline(
        matter.as_ref().map(|m| m.code.as_str()),
        f.still_being_built,
        now,
    );
    let item_uuid = Uuid::new_v4();
    attach::store_all(store, item_uuid, &checked).await?;
    let stored = insert(
        db,
        actor,
        key,
        &hash,
        &f,
        &checked,
        Row {
            uuid: item_uuid,
            kind,
            source,
            matter_id: matter.as_ref().map(|m| m.id),
            community_id: community.id,
            unit_id,
            squad_id,
            assignee_id,
            description,
            late,
            priority,
            due_at,
            accept_due,
            on_site_due,
            repeat_of,
            now,
        },
    )
    .await;
    match stored {
        Ok(Inserted::New(it)) => Ok(Ok(it)),
        Ok(Inserted::Replayed(it)) => {
            // A concurrent retry with the same key won the race: its photos are the ones kept.
            attach::remove_all(store, item_uuid, &checked).await;
            Ok(Ok(it))
        }
        // The item may exist: its photos stay (a retry with the same key finds them).
        Err(e @ ApiError::OutcomeUnknown(_)) => Err(e),
        Err(e) => {
            attach::remove_all(store, item_uuid, &checked).await;
            Err(e)
        }
    }
}

/// Anti-spam for the public's accounts: at most `max` new filings in any hour, counted by
/// the idempotency keys they stored (so retries of one filing count once). Organisations'
/// and officers' accounts are vetted and file in batches (a committee after a walk round, an
/// officer entering hotline calls), so they are not limited.
async fn limit_filings(
    db: &impl ConnectionTrait,
    actor: &CurrentUser,
    max: u32,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    const HOUR: u64 = 3600;
    let newest: Vec<DateTime<Utc>> = idempotency_key::Entity::find()
        .select_only()
        .column(idempotency_key::Column::CreatedAt)
        .filter(idempotency_key::Column::AccountId.eq(actor.id))
        .filter(idempotency_key::Column::CreatedAt.gt(now - Duration::seconds(HOUR as i64)))
        .order_by_desc(idempotency_key::Column::CreatedAt)
        .limit(u64::from(max))
        .into_tuple()
        .all(db)
        .await?;
    match crate::auth::rate_limit::retry_after(&newest, max, HOUR, now) {
        Some(secs) => Err(ApiError::RateLimited(Msg::FilingRateLimited, secs)),
        None => Ok(()),
    }
}

/// The computed parts of a new item.
struct Row {
    uuid: Uuid,
    kind: ItemKind,
    source: ItemSource,
    matter_id: Option<i32>,
    community_id: i32,
    unit_id: Option<i32>,
    squad_id: i32,
    /// The community workroom's officer, who sees it first.
    assignee_id: Option<i32>,
    description: String,
    late: bool,
    priority: i32,
    due_at: DateTime<Utc>,
    /// 签收: accept by then.
    accept_due: DateTime<Utc>,
    on_site_due: Option<DateTime<Utc>>,
    repeat_of: Option<i32>,
    now: DateTime<Utc>,
}

enum Inserted {
    New(item::Model),
    /// Another request with the same key committed first.
    Replayed(item::Model),
}

/// Item, filer, photos, event, audit record and idempotency key: one transaction.
async fn insert(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    key: &str,
    hash: &str,
    f: &Filing,
    checked: &[attach::Checked],
    r: Row,
) -> ApiResult<Inserted> {
    let Row {
        uuid,
        kind,
        source,
        matter_id,
        community_id,
        unit_id,
        squad_id,
        assignee_id,
        description,
        late,
        priority,
        due_at,
        accept_due,
        on_site_due,
        repeat_of,
        now,
    } = r;
    let txn = db.begin().await?;
    let it = item::ActiveModel {
        uuid: Set(uuid),
        kind: Set(kind.as_str().into()),
        source: Set(source.as_str().into()),
        status: Set(ItemStatus::Submitted.as_str().into()),
        matter_id: Set(matter_id),
        community_id: Set(community_id),
        unit_id: Set(unit_id),
        squad_id: Set(squad_id),
        filer_id: Set(actor.id),
        assignee_id: Set(assignee_id),
        anonymous: Set(f.anonymous),
        description: Set(description),
        seen_at: Set(f.seen_at),
        public_safety: Set(f.public_safety),
        media_attention: Set(f.media_attention),
        late: Set(late),
        filer_count: Set(1),
        priority: Set(priority),
        due_at: Set(Some(due_at)),
        accept_due_at: Set(Some(accept_due)),
        on_site_due_at: Set(on_site_due),
        reopened: Set(false),
        repeat_of_id: Set(repeat_of),
        renovation_id: Set(f.renovation),
        dissuasion: Set(f
            .dissuasion
            .as_ref()
            .and_then(|d| serde_json::to_string(d).ok())),
        topic: Set(f.topic.as_deref().map(|s| s.trim().to_string())),
        reasons: Set(f.reasons.as_deref().map(|s| s.trim().to_string())),
        measures: Set(f.measures.as_deref().map(|s| s.trim().to_string())),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    item_filer::ActiveModel {
        item_id: Set(it.id),
        account_id: Set(actor.id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    attach::insert_rows(&txn, it.id, actor.id, checked).await?;
    let stored_key = idempotency_key::ActiveModel {
        account_id: Set(actor.id),
        key: Set(key.to_string()),
        request_hash: Set(hash.to_string()),
        item_id: Set(it.id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    if let Err(e) = stored_key {
        // A concurrent retry with the same key won the race: answer with its item.
        drop(txn);
        if crate::accounts::is_unique_violation(&e) {
            return match replay(db, actor, key, hash).await? {
                Some(existing) => Ok(Inserted::Replayed(existing)),
                None => Err(e.into()),
            };
        }
        return Err(e.into());
    }
    let note = late.then(|| "逾期报告（劝阻失败后超过24小时）/ late report (over 24 hours after the failed dissuasion)".to_string());
    record_event(
        &txn,
        &it,
        Some(actor),
        NewEvent {
            action: "SUBMITTED",
            from: None,
            to: Some(ItemStatus::Submitted),
            note,
            filer_visible: true,
        },
    )
    .await?;
    audit::record(
        &txn,
        Some(actor.id),
        "item",
        it.uuid,
        "filed",
        serde_json::json!({"kind": kind.as_str(), "source": source.as_str(), "late": late, "photos": checked.len()}),
    )
    .await?;
    crate::db::commit(txn).await?;
    Ok(Inserted::New(it))
}

/// The item a key already filed, if any; `CONFLICT` if the key carried other content.
async fn replay(
    db: &impl ConnectionTrait,
    actor: &CurrentUser,
    key: &str,
    hash: &str,
) -> ApiResult<Option<item::Model>> {
    let Some(k) = idempotency_key::Entity::find()
        .filter(idempotency_key::Column::AccountId.eq(actor.id))
        .filter(idempotency_key::Column::Key.eq(key))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if k.request_hash != hash {
        return Err(ApiError::Conflict(Msg::IdempotencyConflict));
    }
    Ok(item::Entity::find_by_id(k.item_id).one(db).await?)
}

/// What a role may file, and from which source.
fn kind_and_source(
    actor: &CurrentUser,
    f: &Filing,
    p: &mut Problems,
) -> ApiResult<(ItemKind, ItemSource)> {
    use ItemSource as S;
    Ok(match (actor.role, f.kind) {
        (Role::Resident, ItemKind::Complaint) => (ItemKind::Complaint, S::CitizenComplaint),
        (Role::Committee, ItemKind::Complaint) => (ItemKind::CommitteeReport, S::CommitteeReport),
        (Role::Resident | Role::Committee, ItemKind::Suggestion) => (
            ItemKind::Suggestion,
            if actor.role == Role::Committee {
                S::CommitteeReport
            } else {
                S::CitizenComplaint
            },
        ),
        (Role::Property, ItemKind::PropertyReport) => (ItemKind::PropertyReport, S::PropertyReport),
        // The housing partner's referrals to the bureau (部门移送, `referrals::refer_to_bureau`).
        (Role::Housing, ItemKind::Complaint) => (ItemKind::Complaint, S::DepartmentReferral),
        (Role::Officer | Role::Supervisor, ItemKind::Complaint) => match f.source {
            // Officers enter what reaches them another way: the hotline, patrols,
            // other departments and the media.
            Some(s @ (S::CitizenComplaint | S::Patrol | S::DepartmentReferral | S::Media)) => {
                (ItemKind::Complaint, s)
            }
            Some(_) => {
                p.push("source", "SOURCE_NOT_ALLOWED", Msg::SourceNotAllowed);
                (ItemKind::Complaint, S::CitizenComplaint)
            }
            None => {
                p.push("source", "SOURCE_REQUIRED", Msg::SourceRequired);
                (ItemKind::Complaint, S::CitizenComplaint)
            }
        },
        _ => return Err(ApiError::Forbidden),
    })
}

/// The community filed about: given, or the resident's home; checked against the scope
/// of committees, firms and officers (residents may report about any community).
async fn resolve_community(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    given: Option<Uuid>,
    p: &mut Problems,
) -> ApiResult<Option<community::Model>> {
    let c = match (given, &actor.scope) {
        (Some(u), _) => {
            community::Entity::find()
                .filter(community::Column::Uuid.eq(u))
                .one(db)
                .await?
        }
        (None, Scope::Unit { community_id, .. }) => {
            community::Entity::find_by_id(*community_id).one(db).await?
        }
        (None, _) => {
            p.push("communityId", "REQUIRED", Msg::Required);
            return Ok(None);
        }
    };
    let Some(c) = c else {
        p.push("communityId", "UNKNOWN_COMMUNITY", Msg::UnknownCommunity);
        return Ok(None);
    };
    if actor.role != Role::Resident && !authz::community_in_scope(db, actor, &c).await? {
        p.push(
            "communityId",
            "COMMUNITY_OUTSIDE_SCOPE",
            Msg::CommunityOutsideScope,
        );
        return Ok(None);
    }
    Ok(Some(c))
}

/// A resident filing about their own community defaults to their own unit (known from the
/// scope: no query).
fn own_unit(actor: &CurrentUser, c: &community::Model) -> Option<i32> {
    match actor.scope {
        Scope::Unit {
            unit_id,
            community_id,
        } if community_id == c.id => Some(unit_id),
        _ => None,
    }
}

pub async fn unit_in(
    db: &DatabaseConnection,
    c: &community::Model,
    u: Uuid,
    p: &mut Problems,
) -> ApiResult<Option<i32>> {
    let Some(unit) = unit::Entity::find()
        .filter(unit::Column::Uuid.eq(u))
        .one(db)
        .await?
    else {
        p.push("unitId", "UNKNOWN_UNIT", Msg::UnknownUnit);
        return Ok(None);
    };
    let in_community = building::Entity::find_by_id(unit.building_id)
        .one(db)
        .await?
        .is_some_and(|b| b.community_id == c.id);
    if !in_community {
        p.push(
            "unitId",
            "UNIT_OUTSIDE_COMMUNITY",
            Msg::UnitOutsideCommunity,
        );
        return Ok(None);
    }
    Ok(Some(unit.id))
}

fn dissuasion_problems(d: &Dissuasion, now: DateTime<Utc>) -> Vec<FieldError> {
    let mut p = Problems::default();
    let field = |name: &'static str| vec!["input", "dissuasion", name];
    let mut out = Vec::new();
    for (name, value, max) in [
        ("method", &d.method, 500),
        ("by", &d.by, 100),
        ("ownerResponse", &d.owner_response, 1000),
    ] {
        p.text("x", value, max);
        if let Some(mut e) = p.0.pop() {
            e.field = field(name);
            out.push(e);
        }
    }
    if d.at > now + Duration::minutes(5) {
        out.push(FieldError {
            field: field("at"),
            code: "FUTURE_TIME",
            msg: Msg::FutureTime,
        });
    }
    out
}
