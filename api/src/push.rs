//! Web Push (VAPID, aes128gcm): tells a filer whose app is closed that an item moved.
//! Opt-in: the PWA subscribes with the browser's push service and gives us the endpoint.
//! The process that made a change sends its pushes (events reach every process, so
//! sending from the event listener would send them once per process).
use std::{path::Path, time::Duration};

use anyhow::Context;
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::Utc;
use entity::push_subscription;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
    sea_query::OnConflict,
};
use secrecy::{ExposeSecret, SecretString};
use web_push::{
    ContentEncoding, PartialVapidSignatureBuilder, SubscriptionInfo, VapidSignatureBuilder,
    WebPushMessageBuilder,
};

use crate::{
    error::ApiResult,
    i18n::Msg,
    settings::{Backend, Settings},
    validation::{FieldError, Problems},
};

#[derive(Clone)]
pub struct Push {
    key: Option<SecretString>,
    public_key: Option<String>,
    allow_http: bool,
    client: reqwest::Client,
}

impl Push {
    /// The VAPID key: configured, or (SQLite) generated once into `data_dir`; with
    /// PostgreSQL and none configured, pushes are off.
    pub fn from_settings(settings: &Settings) -> anyhow::Result<Self> {
        let key = match (&settings.vapid_private_key, settings.backend()?) {
            (Some(k), _) => Some(k.clone()),
            (None, Backend::Sqlite) => Some(load_or_make_key(
                &settings.data_dir.join("vapid-private-key"),
            )?),
            (None, Backend::Postgres) => {
                tracing::warn!("GONGZHI_VAPID_PRIVATE_KEY is not set: Web Push is off");
                None
            }
        };
        let public_key = match &key {
            Some(k) => Some(
                URL_SAFE_NO_PAD.encode(
                    VapidSignatureBuilder::from_base64_no_sub(k.expose_secret())
                        .context("the VAPID private key is not a base64url P-256 key")?
                        .get_public_key(),
                ),
            ),
            None => None,
        };
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(Self {
            key,
            public_key,
            allow_http: settings.push_allow_http,
            client,
        })
    }

    /// The application server key the browser subscribes with (base64url, uncompressed point).
    pub fn public_key(&self) -> Option<&str> {
        self.public_key.as_deref()
    }

    fn signer(&self) -> Option<PartialVapidSignatureBuilder> {
        VapidSignatureBuilder::from_base64_no_sub(self.key.as_ref()?.expose_secret()).ok()
    }

    /// Sends `payload` to every subscription of `accounts`; drops subscriptions the push
    /// service says are gone. Failures are logged: a push is a courtesy, the item is safe.
    pub async fn notify(
        &self,
        db: &DatabaseConnection,
        accounts: &[i32],
        payload: &serde_json::Value,
    ) {
        if accounts.is_empty() || self.key.is_none() {
            return;
        }
        let subs = match push_subscription::Entity::find()
            .filter(push_subscription::Column::AccountId.is_in(accounts.iter().copied()))
            .all(db)
            .await
        {
            Ok(s) => s,
            Err(e) => return tracing::warn!(error = %e, "loading push subscriptions"),
        };
        let body = payload.to_string();
        for sub in subs {
            // One retry on a transport error: a pooled connection the service has closed.
            let sent = match self.send(&sub, body.as_bytes()).await {
                Err(_) => self.send(&sub, body.as_bytes()).await,
                ok => ok,
            };
            match sent {
                Ok(status) if status == 404 || status == 410 => {
                    let _ = push_subscription::Entity::delete_by_id(sub.id)
                        .exec(db)
                        .await;
                }
                Ok(status) if !(200..300).contains(&status) => {
                    tracing::warn!(status, "push service refused a message");
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %format!("{e:#}"), "push not sent"),
            }
        }
    }

    async fn send(&self, sub: &push_subscription::Model, body: &[u8]) -> anyhow::Result<u16> {
        let info = SubscriptionInfo::new(
            sub.endpoint.as_str(),
            sub.p256dh.as_str(),
            sub.auth.as_str(),
        );
        let signer = self.signer().context("no VAPID key")?;
        let mut b = WebPushMessageBuilder::new(&info);
        b.set_ttl(24 * 3600);
        b.set_payload(ContentEncoding::Aes128Gcm, body);
        b.set_vapid_signature(signer.add_sub_info(&info).build()?);
        let request = web_push::request_builder::build_request::<Vec<u8>>(b.build()?);
        // web-push speaks http 0.2; copy the request over to reqwest by name and value.
        let mut out = self.client.post(sub.endpoint.as_str());
        for (name, value) in request.headers() {
            out = out.header(name.as_str(), value.as_bytes());
        }
        let res = out.body(request.into_body()).send().await?;
        Ok(res.status().as_u16())
    }

    /// Stores (or moves to this account) a browser's subscription.
    pub async fn subscribe(
        &self,
        db: &DatabaseConnection,
        account_id: i32,
        endpoint: &str,
        p256dh: &str,
        auth: &str,
    ) -> ApiResult<Result<(), Vec<FieldError>>> {
        let mut p = Problems::default();
        let endpoint = p.text("endpoint", endpoint, 2000);
        let p256dh = p.text("p256dh", p256dh, 200);
        let auth = p.text("auth", auth, 100);
        let secure = endpoint.starts_with("https://")
            || (self.allow_http && endpoint.starts_with("http://"));
        let url = endpoint.parse::<reqwest::Url>().ok();
        // The server posts to this address: no loopback or private hosts (unless testing).
        let private = url
            .as_ref()
            .is_none_or(|u| !self.allow_http && is_private_host(u));
        if !endpoint.is_empty() && (!secure || url.is_none() || private) {
            p.push(
                "endpoint",
                "PUSH_ENDPOINT_INVALID",
                Msg::PushEndpointInvalid,
            );
        }
        let key_ok = URL_SAFE_NO_PAD
            .decode(p256dh.trim_end_matches('='))
            .is_ok_and(|k| k.len() == 65)
            && URL_SAFE_NO_PAD
                .decode(auth.trim_end_matches('='))
                .is_ok_and(|k| k.len() == 16);
        if !p256dh.is_empty() && !auth.is_empty() && !key_ok {
            p.push("p256dh", "PUSH_KEYS_INVALID", Msg::PushKeysInvalid);
        }
        if !p.is_empty() {
            return Ok(Err(p.0));
        }
        push_subscription::Entity::insert(push_subscription::ActiveModel {
            account_id: Set(account_id),
            endpoint: Set(endpoint),
            p256dh: Set(p256dh),
            auth: Set(auth),
            created_at: Set(Utc::now()),
            ..Default::default()
        })
        .on_conflict(
            OnConflict::column(push_subscription::Column::Endpoint)
                .update_columns([
                    push_subscription::Column::AccountId,
                    push_subscription::Column::P256dh,
                    push_subscription::Column::Auth,
                ])
                .to_owned(),
        )
        .exec(db)
        .await?;
        // A few browsers per person: the oldest beyond that go.
        let mine = push_subscription::Entity::find()
            .filter(push_subscription::Column::AccountId.eq(account_id))
            .order_by_desc(push_subscription::Column::Id)
            .all(db)
            .await?;
        for old in mine.into_iter().skip(MAX_SUBSCRIPTIONS) {
            push_subscription::Entity::delete_by_id(old.id)
                .exec(db)
                .await?;
        }
        Ok(Ok(()))
    }

    pub async fn unsubscribe(
        db: &DatabaseConnection,
        account_id: i32,
        endpoint: &str,
    ) -> ApiResult<()> {
        push_subscription::Entity::delete_many()
            .filter(push_subscription::Column::AccountId.eq(account_id))
            .filter(push_subscription::Column::Endpoint.eq(endpoint.trim()))
            .exec(db)
            .await?;
        Ok(())
    }
}

/// Browsers (subscriptions) kept per account.
pub const MAX_SUBSCRIPTIONS: usize = 5;

/// Hosts the server must not be made to call: loopback, private, link-local, unspecified.
fn is_private_host(u: &reqwest::Url) -> bool {
    match u.host() {
        Some(url::Host::Ipv4(ip)) => {
            ip.is_loopback() || ip.is_private() || ip.is_link_local() || ip.is_unspecified()
        }
        Some(url::Host::Ipv6(ip)) => {
            ip.is_loopback() || ip.is_unspecified() || (ip.segments()[0] & 0xfe00) == 0xfc00
        }
        Some(url::Host::Domain(d)) => {
            d == "localhost" || d.ends_with(".localhost") || d.ends_with(".internal")
        }
        None => true,
    }
}

/// A new P-256 private key (a random scalar; the rare invalid one is drawn again).
fn make_key() -> anyhow::Result<String> {
    for _ in 0..16 {
        let k = crate::auth::tokens::random_token(32);
        if VapidSignatureBuilder::from_base64_no_sub(&k).is_ok() {
            return Ok(k);
        }
    }
    anyhow::bail!("could not make a VAPID key")
}

fn load_or_make_key(path: &Path) -> anyhow::Result<SecretString> {
    if let Ok(k) = std::fs::read_to_string(path)
        && !k.trim().is_empty()
    {
        return Ok(SecretString::from(k.trim().to_string()));
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let k = make_key()?;
    crate::settings::write_private(path, &k)
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(SecretString::from(k))
}
