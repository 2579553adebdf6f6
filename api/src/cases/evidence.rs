//! Evidence items (证据): photos with capture time and location, documents, inspection
//! records, inquiry notes, restoration reports. Sent from the phone's outbox with an
//! idempotency key: a retry stores nothing twice.
use chrono::{DateTime, Utc};
use entity::{case_evidence, enforcement_case as case};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set,
    TransactionTrait,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use super::{Changed, Entry, model::EvidenceKind, record, scope};
use crate::{
    auth::CurrentUser,
    error::{ApiError, ApiResult},
    i18n::Msg,
    photos::{PhotoStore, attach},
    validation::Problems,
};

pub struct NewEvidence {
    pub case: Uuid,
    pub key: String,
    pub kind: EvidenceKind,
    pub title: String,
    pub body: Option<String>,
    pub photo: Option<Vec<u8>>,
    /// The phone's clock and position when the officer took it (used where the file has no
    /// metadata).
    pub captured_at: Option<DateTime<Utc>>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

fn hash(e: &NewEvidence, photo_sha: Option<&str>) -> String {
    let v = serde_json::json!([
        e.case,
        e.kind.as_str(),
        e.title.trim(),
        e.body.as_deref().map(str::trim),
        photo_sha,
        e.captured_at,
        e.latitude,
        e.longitude,
    ]);
    attach::sha256_hex(v.to_string().as_bytes())
}

/// The case as it is, when this key already stored this evidence.
async fn replay(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    key: &str,
    h: &str,
) -> ApiResult<Option<case::Model>> {
    let Some(found) = case_evidence::Entity::find()
        .filter(case_evidence::Column::AddedBy.eq(actor.id))
        .filter(case_evidence::Column::IdempotencyKey.eq(key))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if found.request_hash != h {
        return Err(ApiError::Conflict(Msg::IdempotencyConflict));
    }
    Ok(case::Entity::find_by_id(found.case_id).one(db).await?)
}

pub async fn add(
    db: &DatabaseConnection,
    store: &PhotoStore,
    actor: &CurrentUser,
    e: NewEvidence,
) -> ApiResult<Changed> {
    let key = match crate::validation::idempotency_key(&e.key) {
        Ok(k) => k,
        Err(e) => return Ok(Err(e)),
    };
    let photo_sha = e.photo.as_deref().map(attach::sha256_hex);
    let h = hash(&e, photo_sha.as_deref());
    let c = scope::load(db, actor, e.case).await?;
    if let Some(existing) = replay(db, actor, &key, &h).await? {
        return Ok(Ok(existing));
    }
    let mut p = Problems::default();
    let title = p.text("title", &e.title, 200);
    let body = e
        .body
        .as_deref()
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .map(String::from);
    if body.as_ref().is_some_and(|b| b.chars().count() > 8000) {
        p.push("body", "TOO_LONG", Msg::TooLong);
    }
    if e.kind == EvidenceKind::Photo && e.photo.is_none() {
        p.push("photo", "REQUIRED", Msg::EvidencePhotoRequired);
    }
    if e.kind != EvidenceKind::Photo && e.photo.is_none() && body.is_none() {
        p.push("body", "REQUIRED", Msg::Required);
    }
    if e.latitude.is_some_and(|l| !(-90.0..=90.0).contains(&l))
        || e.longitude.is_some_and(|l| !(-180.0..=180.0).contains(&l))
        || e.latitude.is_some() != e.longitude.is_some()
    {
        p.push("latitude", "LOCATION_INVALID", Msg::LocationInvalid);
    }
    if e.captured_at
        .is_some_and(|t| t > Utc::now() + chrono::Duration::minutes(5))
    {
        p.push("capturedAt", "FUTURE_TIME", Msg::FutureTime);
    }
    if !p.is_empty() {
        return Ok(Err(p.0));
    }
    let checked = match e.photo {
        Some(bytes) => match attach::check_all(vec![bytes]).await? {
            Ok(mut v) => v.pop(),
            Err(problems) => return Ok(Err(attach::single(problems))),
        },
        None => None,
    };
    let photos: Vec<attach::Checked> = checked.into_iter().collect();
    attach::store_all(store, c.uuid, &photos).await?;
    let stored = insert(
        db,
        actor,
        &c,
        &key,
        &h,
        e.kind,
        title,
        body,
        &photos,
        (e.captured_at, e.latitude, e.longitude),
    )
    .await;
    match stored {
        Ok(Some(saved)) => Ok(Ok(saved)),
        Ok(None) => {
            // The same key committed first from a parallel retry.
            attach::remove_all(store, c.uuid, &photos).await;
            match replay(db, actor, &key, &h).await? {
                Some(existing) => Ok(Ok(existing)),
                None => Err(ApiError::Internal(anyhow::anyhow!("evidence key vanished"))),
            }
        }
        Err(err) => {
            attach::remove_all(store, c.uuid, &photos).await;
            Err(err)
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn insert(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    c: &case::Model,
    key: &str,
    h: &str,
    kind: EvidenceKind,
    title: String,
    body: Option<String>,
    photos: &[attach::Checked],
    phone: (Option<DateTime<Utc>>, Option<f64>, Option<f64>),
) -> ApiResult<Option<case::Model>> {
    let photo = photos.first();
    let meta = photo.map(|p| &p.processed.evidence);
    // The file's own metadata first; the phone's where the file has none.
    let captured_at = meta.and_then(|m| m.captured_at).or(phone.0);
    let (latitude, longitude) = match meta.and_then(|m| m.latitude.zip(m.longitude)) {
        Some((la, lo)) => (Some(la), Some(lo)),
        None => (phone.1, phone.2),
    };
    let txn = db.begin().await?;
    // Any change bumps the version: a page showing the case without it is stale.
    case::Entity::update_many()
        .col_expr(
            case::Column::Version,
            Expr::col(case::Column::Version).add(1),
        )
        .col_expr(case::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(case::Column::Id.eq(c.id))
        .exec(&txn)
        .await?;
    let uuid = Uuid::new_v4();
    let inserted = case_evidence::ActiveModel {
        uuid: Set(uuid),
        case_id: Set(c.id),
        kind: Set(kind.as_str().into()),
        title: Set(title.clone()),
        body: Set(body),
        photo_uuid: Set(photo.map(|p| p.uuid)),
        content_type: Set(photo.map(|p| p.processed.kind.content_type().to_string())),
        has_copies: Set(photo.is_some_and(|p| p.processed.display.is_some())),
        captured_at: Set(captured_at),
        latitude: Set(latitude),
        longitude: Set(longitude),
        added_by: Set(actor.id),
        idempotency_key: Set(key.to_string()),
        request_hash: Set(h.to_string()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    match inserted {
        Ok(_) => {}
        Err(e) if crate::accounts::is_unique_violation(&e) => return Ok(None),
        Err(e) => return Err(e.into()),
    }
    let fresh = case::Entity::find_by_id(c.id)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound)?;
    record(&txn, &fresh, Some(actor), Entry {
        action: "EVIDENCE_ADDED",
        from: None,
        to: None,
        note: Some(title),
        details: serde_json::json!({ "evidence": uuid, "kind": kind.as_str(), "photo": photo.map(|p| p.uuid) }),
    })
    .await?;
    crate::db::commit(txn).await?;
    Ok(Some(fresh))
}
