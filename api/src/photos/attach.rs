//! Attaching photos to an item: check them all before anything is stored, store the
//! copies, then write the rows in the item's transaction (and remove the objects again if
//! that transaction does not commit).
use chrono::Utc;
use entity::photo;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{
    PhotoStore, Variant,
    inspect::{self, Processed, Refusal},
};
use crate::{error::ApiResult, i18n::Msg, validation::FieldError};

pub const MAX_PHOTOS: usize = 9;
const INDEX: [&str; MAX_PHOTOS] = ["0", "1", "2", "3", "4", "5", "6", "7", "8"];

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub struct Checked {
    pub uuid: Uuid,
    pub original: Vec<u8>,
    pub sha256: String,
    pub processed: Processed,
}

fn problem(i: usize, code: &'static str, msg: Msg) -> FieldError {
    FieldError {
        field: vec!["input", "photos", INDEX[i.min(MAX_PHOTOS - 1)]],
        code,
        msg,
    }
}

/// Checks every photo (off the async executor); every refusal names its photo.
pub async fn check_all(uploads: Vec<Vec<u8>>) -> ApiResult<Result<Vec<Checked>, Vec<FieldError>>> {
    if uploads.len() > MAX_PHOTOS {
        return Ok(Err(vec![FieldError::new(
            "photos",
            "TOO_MANY_PHOTOS",
            Msg::TooManyPhotos,
        )]));
    }
    // Decoding a photo takes up to ~200 MB and a core: at most two at a time per process.
    static DECODING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);
    let mut ok = Vec::new();
    let mut problems = Vec::new();
    for (i, bytes) in uploads.into_iter().enumerate() {
        let _permit = DECODING.acquire().await.map_err(anyhow::Error::from)?;
        let (bytes, result) = tokio::task::spawn_blocking(move || {
            let r = inspect::process(&bytes);
            (bytes, r)
        })
        .await
        .map_err(anyhow::Error::from)?;
        match result {
            Ok(processed) => ok.push(Checked {
                uuid: Uuid::new_v4(),
                sha256: sha256_hex(&bytes),
                original: bytes,
                processed,
            }),
            Err(Refusal::TooLarge) => {
                problems.push(problem(i, "PHOTO_TOO_LARGE", Msg::PhotoTooLarge))
            }
            Err(Refusal::NotAnImage) => {
                problems.push(problem(i, "PHOTO_NOT_AN_IMAGE", Msg::PhotoNotAnImage))
            }
            Err(Refusal::TooManyPixels) => {
                problems.push(problem(i, "PHOTO_TOO_MANY_PIXELS", Msg::PhotoTooManyPixels))
            }
            Err(Refusal::Corrupt) => problems.push(problem(i, "PHOTO_CORRUPT", Msg::PhotoCorrupt)),
        }
    }
    Ok(if problems.is_empty() {
        Ok(ok)
    } else {
        Err(problems)
    })
}

/// The refusals of a single-photo field (`photo`, not `photos.N`).
pub fn single(problems: Vec<FieldError>) -> Vec<FieldError> {
    problems
        .into_iter()
        .map(|mut e| {
            e.field = vec!["input", "photo"];
            e
        })
        .collect()
}

/// Stores every copy; on failure removes what it stored and fails.
pub async fn store_all(store: &PhotoStore, item: Uuid, photos: &[Checked]) -> anyhow::Result<()> {
    let mut stored = Vec::new();
    for p in photos {
        let mut copies = vec![(Variant::Original, p.original.clone())];
        if let (Some(d), Some(t)) = (&p.processed.display, &p.processed.thumbnail) {
            copies.push((Variant::Display, d.clone()));
            copies.push((Variant::Thumbnail, t.clone()));
        }
        for (v, bytes) in copies {
            let key = PhotoStore::key(item, p.uuid, v);
            if let Err(e) = store.put(&key, bytes).await {
                for k in &stored {
                    store.delete(k).await;
                }
                return Err(e);
            }
            stored.push(key);
        }
    }
    Ok(())
}

/// Removes the objects of photos whose rows did not commit.
pub async fn remove_all(store: &PhotoStore, item: Uuid, photos: &[Checked]) {
    for p in photos {
        for v in [Variant::Original, Variant::Display, Variant::Thumbnail] {
            store.delete(&PhotoStore::key(item, p.uuid, v)).await;
        }
    }
}

pub async fn insert_rows(
    db: &impl ConnectionTrait,
    item_id: i32,
    uploader: i32,
    photos: &[Checked],
) -> ApiResult<()> {
    for (i, p) in photos.iter().enumerate() {
        photo::ActiveModel {
            uuid: Set(p.uuid),
            item_id: Set(item_id),
            uploader_id: Set(uploader),
            position: Set(i as i32),
            content_type: Set(p.processed.kind.content_type().into()),
            bytes: Set(p.original.len() as i64),
            width: Set(p.processed.width as i32),
            height: Set(p.processed.height as i32),
            sha256: Set(p.sha256.clone()),
            has_copies: Set(p.processed.display.is_some()),
            captured_at: Set(p.processed.evidence.captured_at),
            latitude: Set(p.processed.evidence.latitude),
            longitude: Set(p.processed.evidence.longitude),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}
