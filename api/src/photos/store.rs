//! Where photo bytes live: a local directory by default, an S3-compatible bucket by
//! configuration (every process behind a load balancer must see the same store). Photos
//! are served through short-lived signed URLs, so an `<img>` tag can load them and any
//! process can check the signature.
use std::{sync::Arc, time::Duration};

use anyhow::Context;
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use bytes::Bytes;
use hmac::{Hmac, Mac};
use object_store::{ObjectStore, ObjectStoreExt, PutPayload, path::Path};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;
use uuid::Uuid;

use crate::settings::Settings;

/// The copies of a photo.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Variant {
    /// As uploaded, with its metadata: the handling officers only.
    Original,
    /// Re-encoded without metadata.
    Display,
    Thumbnail,
}

impl Variant {
    pub fn as_str(self) -> &'static str {
        match self {
            Variant::Original => "original",
            Variant::Display => "display",
            Variant::Thumbnail => "thumb",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [Variant::Original, Variant::Display, Variant::Thumbnail]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

#[derive(Clone)]
pub struct PhotoStore {
    store: Arc<dyn ObjectStore>,
    signing_key: Arc<Vec<u8>>,
}

impl std::fmt::Debug for PhotoStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PhotoStore({})", self.store)
    }
}

/// How long a signed photo URL works.
pub const URL_TTL: Duration = Duration::from_secs(15 * 60);

impl PhotoStore {
    pub fn from_settings(settings: &Settings, secret: &SecretString) -> anyhow::Result<Self> {
        let store: Arc<dyn ObjectStore> = match &settings.s3_bucket {
            Some(bucket) => {
                let mut b = object_store::aws::AmazonS3Builder::new()
                    .with_bucket_name(bucket)
                    .with_region(&settings.s3_region)
                    .with_allow_http(settings.s3_allow_http);
                if let Some(e) = &settings.s3_endpoint {
                    b = b.with_endpoint(e);
                }
                if let Some(k) = &settings.s3_access_key_id {
                    b = b.with_access_key_id(k);
                }
                if let Some(s) = &settings.s3_secret_access_key {
                    b = b.with_secret_access_key(s.expose_secret());
                }
                Arc::new(b.build().context("configuring the S3 photo store")?)
            }
            None => {
                let dir = settings.data_dir.join("photos");
                std::fs::create_dir_all(&dir)
                    .with_context(|| format!("creating {}", dir.display()))?;
                Arc::new(
                    object_store::local::LocalFileSystem::new_with_prefix(&dir)
                        .context("opening the local photo store")?,
                )
            }
        };
        // A key of its own, derived from the token secret, so URLs and tokens never mix.
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.expose_secret().as_bytes())
            .context("photo signing key")?;
        mac.update(b"gongzhi photo urls v1");
        Ok(Self {
            store,
            signing_key: Arc::new(mac.finalize().into_bytes().to_vec()),
        })
    }

    pub fn key(item: Uuid, photo: Uuid, v: Variant) -> Path {
        Path::from(format!("items/{item}/{photo}/{}", v.as_str()))
    }

    pub async fn put(&self, key: &Path, bytes: Vec<u8>) -> anyhow::Result<()> {
        self.store
            .put(key, PutPayload::from(bytes))
            .await
            .with_context(|| format!("storing {key}"))?;
        Ok(())
    }

    pub async fn get(&self, key: &Path) -> anyhow::Result<Bytes> {
        Ok(self.store.get(key).await?.bytes().await?)
    }

    /// Best effort: used to clean up after a filing that did not commit.
    pub async fn delete(&self, key: &Path) {
        if let Err(e) = self.store.delete(key).await {
            tracing::warn!(%key, error = %e, "could not delete a photo object");
        }
    }

    fn signature(&self, photo: Uuid, v: Variant, expires: i64) -> String {
        let mut mac = match <Hmac<Sha256> as Mac>::new_from_slice(&self.signing_key) {
            Ok(m) => m,
            Err(_) => return String::new(),
        };
        mac.update(format!("{photo}:{}:{expires}", v.as_str()).as_bytes());
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }

    /// A URL for one copy of a photo, valid for `URL_TTL`.
    pub fn signed_url(
        &self,
        photo: Uuid,
        v: Variant,
        now: chrono::DateTime<chrono::Utc>,
    ) -> String {
        let expires = now.timestamp() + URL_TTL.as_secs() as i64;
        format!(
            "/photos/{photo}/{}?expires={expires}&sig={}",
            v.as_str(),
            self.signature(photo, v, expires)
        )
    }

    /// The URL's signature is ours and it has not expired.
    pub fn verify(
        &self,
        photo: Uuid,
        v: Variant,
        expires: i64,
        sig: &str,
        now: chrono::DateTime<chrono::Utc>,
    ) -> bool {
        if expires < now.timestamp() {
            return false;
        }
        let expected = self.signature(photo, v, expires);
        // Constant-time comparison.
        expected.len() == sig.len()
            && expected
                .bytes()
                .zip(sig.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (PhotoStore, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let s = Settings {
            data_dir: dir.path().to_path_buf(),
            ..Settings::default()
        };
        (
            PhotoStore::from_settings(&s, &SecretString::from("s".repeat(40))).unwrap(),
            dir,
        )
    }

    #[test]
    fn signed_urls_verify_until_they_expire_and_only_for_their_copy() {
        let (s, _d) = store();
        let now = chrono::Utc::now();
        let photo = Uuid::new_v4();
        let url = s.signed_url(photo, Variant::Thumbnail, now);
        let q: std::collections::HashMap<_, _> = url
            .split('?')
            .nth(1)
            .unwrap()
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .collect();
        let exp: i64 = q["expires"].parse().unwrap();
        assert!(s.verify(photo, Variant::Thumbnail, exp, q["sig"], now));
        assert!(
            !s.verify(photo, Variant::Original, exp, q["sig"], now),
            "a thumbnail URL must not open the original"
        );
        assert!(!s.verify(Uuid::new_v4(), Variant::Thumbnail, exp, q["sig"], now));
        assert!(!s.verify(
            photo,
            Variant::Thumbnail,
            exp,
            q["sig"],
            now + chrono::Duration::hours(1)
        ));
    }

    #[tokio::test]
    async fn bytes_round_trip_through_the_local_store() {
        let (s, _d) = store();
        let key = PhotoStore::key(Uuid::new_v4(), Uuid::new_v4(), Variant::Display);
        s.put(&key, b"jpeg bytes".to_vec()).await.unwrap();
        assert_eq!(&s.get(&key).await.unwrap()[..], b"jpeg bytes");
        s.delete(&key).await;
        assert!(s.get(&key).await.is_err());
    }
}
