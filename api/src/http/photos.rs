//! GET /photos/{id}/{variant}?expires=…&sig=…: one copy of a photo, for whoever holds a
//! valid signed URL (the API hands them only to those who may see the item, and the
//! original only to the handling officers).
use actix_web::{HttpResponse, http::header, web};
use entity::{item, photo};
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
    let Ok(Some(p)) = photo::Entity::find()
        .filter(photo::Column::Uuid.eq(id))
        .one(&state.db)
        .await
    else {
        return HttpResponse::NotFound().finish();
    };
    let Ok(Some(it)) = item::Entity::find_by_id(p.item_id).one(&state.db).await else {
        return HttpResponse::NotFound().finish();
    };
    match state.photos.get(&PhotoStore::key(it.uuid, p.uuid, v)).await {
        Ok(bytes) => HttpResponse::Ok()
            .content_type(if v == Variant::Original {
                p.content_type.as_str()
            } else {
                "image/jpeg"
            })
            .insert_header((header::CACHE_CONTROL, "private, max-age=900"))
            .body(bytes),
        Err(e) => {
            tracing::warn!(photo = %p.uuid, error = %e, "photo object missing");
            HttpResponse::NotFound().finish()
        }
    }
}
