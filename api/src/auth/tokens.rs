//! Access tokens (HS256 JWT, short-lived) and opaque refresh tokens (random, stored hashed).
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

const ISSUER: &str = "gongzhi";
const AUDIENCE: &str = "gongzhi-api";
const ACCESS: &str = "access";

#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    /// The account's public UUID.
    pub sub: Uuid,
    /// The login (refresh-token family) this token belongs to; logout revokes it.
    pub sid: Uuid,
    pub typ: String,
    pub iss: String,
    pub aud: String,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
}

#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    pub access_ttl_secs: i64,
}

impl TokenKeys {
    pub fn new(secret: &SecretString, access_ttl_secs: u64) -> Self {
        let bytes = secret.expose_secret().as_bytes();
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        validation.validate_nbf = true;
        validation.leeway = 5;
        Self {
            encoding: EncodingKey::from_secret(bytes),
            decoding: DecodingKey::from_secret(bytes),
            validation,
            access_ttl_secs: access_ttl_secs as i64,
        }
    }

    pub fn issue_access(
        &self,
        account: Uuid,
        family: Uuid,
        now: DateTime<Utc>,
    ) -> anyhow::Result<(String, DateTime<Utc>)> {
        let exp = now + chrono::Duration::seconds(self.access_ttl_secs);
        let claims = Claims {
            sub: account,
            sid: family,
            typ: ACCESS.into(),
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            iat: now.timestamp(),
            nbf: now.timestamp(),
            exp: exp.timestamp(),
        };
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)?;
        Ok((token, exp))
    }

    /// Verifies signature, algorithm, issuer, audience, expiry, not-before and type.
    pub fn verify_access(&self, token: &str) -> Option<Claims> {
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation).ok()?;
        (data.claims.typ == ACCESS).then_some(data.claims)
    }
}

/// A random URL-safe token of `bytes` random bytes.
pub fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    URL_SAFE_NO_PAD.encode(buf)
}

/// What is stored of a refresh token: its SHA-256, hex.
pub fn hash_refresh(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> TokenKeys {
        TokenKeys::new(&SecretString::from("k".repeat(40)), 900)
    }

    #[test]
    fn a_fresh_access_token_verifies() {
        let k = keys();
        let (t, _) = k
            .issue_access(Uuid::new_v4(), Uuid::new_v4(), Utc::now())
            .unwrap();
        assert!(k.verify_access(&t).is_some());
    }

    #[test]
    fn expired_and_future_tokens_are_refused() {
        let k = keys();
        let (old, _) = k
            .issue_access(
                Uuid::new_v4(),
                Uuid::new_v4(),
                Utc::now() - chrono::Duration::hours(1),
            )
            .unwrap();
        assert!(k.verify_access(&old).is_none());
        let (future, _) = k
            .issue_access(
                Uuid::new_v4(),
                Uuid::new_v4(),
                Utc::now() + chrono::Duration::hours(1),
            )
            .unwrap();
        assert!(k.verify_access(&future).is_none());
    }

    #[test]
    fn a_token_signed_with_another_key_is_refused() {
        let other = TokenKeys::new(&SecretString::from("x".repeat(40)), 900);
        let (t, _) = other
            .issue_access(Uuid::new_v4(), Uuid::new_v4(), Utc::now())
            .unwrap();
        assert!(keys().verify_access(&t).is_none());
    }

    #[test]
    fn an_unsigned_alg_none_token_is_refused() {
        let now = Utc::now().timestamp();
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
        let body = URL_SAFE_NO_PAD.encode(
            serde_json::json!({"sub": Uuid::new_v4(), "sid": Uuid::new_v4(), "typ": "access",
                "iss": ISSUER, "aud": AUDIENCE, "iat": now, "nbf": now, "exp": now + 600})
            .to_string(),
        );
        assert!(keys().verify_access(&format!("{header}.{body}.")).is_none());
    }

    #[test]
    fn refresh_hashes_are_stable_and_hide_the_token() {
        let t = random_token(32);
        assert_eq!(hash_refresh(&t), hash_refresh(&t));
        assert_ne!(hash_refresh(&t), t);
        assert_eq!(hash_refresh(&t).len(), 64);
    }
}
