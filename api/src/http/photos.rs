//! GET /photos/{id}/{variant}?expires=…&sig=…: one copy of a photo, for whoever holds a
//! valid signed URL (the API hands them only to those who may see the item, and the
//! original only to the handling officers).
use actix_web::{HttpResponse, http::header, web};
use entity::{case_evidence, enforcement_case, item, photo, renovation, renovation_patrol};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::Deserialize;
use uuid::Uuid;

use crate::{
    photos::{PhotoStore, Variant},
    state::AppState,
};

#[derive(Deserialize)]
pub struct Signed {
    expires: i64,
    sig: String,
}

pub async fn serve(
    path: web::Path<(String, String)>,
    q: web::Query<Signed>,
    state: web::Data<AppState>,
) -> HttpResponse {
    let (id, variant) = path.into_inner();
    let (Ok(id), Some(v)) = (Uuid::parse_str(&id), Variant::parse(&variant)) else {
        return HttpResponse::NotFound().finish();
    };
    if !state
        .photos
        .verify(id, v, q.expires, &q.sig, chrono::Utc::now())
    {
        return HttpResponse::Forbidden().finish();
    }
    // A photo of an item, or a case's evidence photo (stored under the case's uuid).
    let (owner, photo_uuid, content_type) = match photo::Entity::find()
        .filter(photo::Column::Uuid.eq(id))
        .one(&state.db)
        .await
    {
        Ok(Some(p)) => {
            let Ok(Some(it)) = item::Entity::find_by_id(p.item_id).one(&state.db).await else {
                return HttpResponse::NotFound().finish();
            };
            (it.uuid, p.uuid, p.content_type)
        }
        Ok(None) => match other_owner(&state, id, v).await {
            Some(found) => found,
            None => return HttpResponse::NotFound().finish(),
        },
        Err(_) => return HttpResponse::ServiceUnavailable().finish(),
    };
    match state
        .photos
        .get(&PhotoStore::key(owner, photo_uuid, v))
        .await
    {
        Ok(bytes) => HttpResponse::Ok()
            .content_type(if v == Variant::Original {
                content_type.as_str()
            } else {
                "image/jpeg"
            })
            .insert_header((header::CACHE_CONTROL, "private, max-age=900"))
            .body(bytes),
        Err(e) => {
            tracing::warn!(photo = %photo_uuid, error = %e, "photo object missing");
            HttpResponse::NotFound().finish()
        }
    }
}

/// A photo that is not an item's: a case's evidence (under the case's uuid), or a
/// renovation's signed agreement or patrol photo (under the registration's uuid).
async fn other_owner(state: &AppState, id: Uuid, v: Variant) -> Option<(Uuid, Uuid, String)> {
    let db = &state.db;
    if let Ok(Some(e)) = case_evidence::Entity::find()
        .filter(case_evidence::Column::PhotoUuid.eq(id))
        .one(db)
        .await
    {
        let c = enforcement_case::Entity::find_by_id(e.case_id)
            .one(db)
            .await
            .ok()??;
        return Some((
            c.uuid,
            id,
            e.content_type.unwrap_or_else(|| "image/jpeg".into()),
        ));
    }
    // A firm's photos are served as copies only: no original with its metadata.
    if v == Variant::Original {
        return None;
    }
    let renovation_id = match renovation_patrol::Entity::find()
        .filter(renovation_patrol::Column::PhotoUuid.eq(id))
        .one(db)
        .await
    {
        Ok(Some(p)) => p.renovation_id,
        _ => {
            renovation::Entity::find()
                .filter(renovation::Column::AgreementPhotoUuid.eq(id))
                .one(db)
                .await
                .ok()??
                .id
        }
    };
    let r = renovation::Entity::find_by_id(renovation_id)
        .one(db)
        .await
        .ok()??;
    // Copies only: the original stays with whoever signed URLs for it.
    Some((r.uuid, id, "image/jpeg".into()))
}
