use base64::Engine as _;
use gongzhi_tests::*;
use jsonwebtoken::{EncodingKey, Header, encode};
use serde_json::json;

const ME: &str = "{ me { role } }";

fn claims(sub: &str, sid: &str, iat: i64, exp: i64, aud: &str, typ: &str) -> serde_json::Value {
    json!({"sub": sub, "sid": sid, "typ": typ, "iss": "gongzhi", "aud": aud, "iat": iat, "nbf": iat, "exp": exp})
}

fn sign(secret: &str, c: &serde_json::Value) -> String {
    encode(
        &Header::default(),
        c,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap()
}

both!(
    forged_expired_future_and_wrong_tokens_are_refused_with_401,
    |db| async move {
        let app = spawn_app(db).await;
        let s = app.login_session("officer", DEMO_PASSWORD).await;
        let good = s["session"]["accessToken"].as_str().unwrap().to_string();
        let refresh = s["session"]["refreshToken"].as_str().unwrap().to_string();
        // The real token's own claims, re-signed in bad ways.
        let payload = good.split('.').nth(1).unwrap();
        let real: serde_json::Value = serde_json::from_slice(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(payload)
                .unwrap(),
        )
        .unwrap();
        let (sub, sid) = (real["sub"].as_str().unwrap(), real["sid"].as_str().unwrap());
        let now = chrono::Utc::now().timestamp();
        let b64 = |v: &serde_json::Value| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
        };

        assert_eq!(
            app.gql(Some(&good), ME, json!({})).await.ok()["me"]["role"],
            "OFFICER"
        );
        let bad = [
            (
                "alg none",
                format!(
                    "{}.{}.",
                    b64(&json!({"alg": "none", "typ": "JWT"})),
                    payload
                ),
            ),
            (
                "wrong key",
                sign(
                    "another-secret-another-secret-another-1",
                    &claims(sub, sid, now, now + 600, "gongzhi-api", "access"),
                ),
            ),
            (
                "expired",
                sign(
                    JWT_SECRET,
                    &claims(sub, sid, now - 3600, now - 1800, "gongzhi-api", "access"),
                ),
            ),
            (
                "not yet valid",
                sign(
                    JWT_SECRET,
                    &claims(sub, sid, now + 3600, now + 4000, "gongzhi-api", "access"),
                ),
            ),
            (
                "wrong audience",
                sign(
                    JWT_SECRET,
                    &claims(sub, sid, now, now + 600, "someone-else", "access"),
                ),
            ),
            (
                "wrong type",
                sign(
                    JWT_SECRET,
                    &claims(sub, sid, now, now + 600, "gongzhi-api", "refresh"),
                ),
            ),
            ("refresh token as access token", refresh.clone()),
            ("garbage", "not-a-token".to_string()),
        ];
        for (what, token) in bad {
            let a = app.gql(Some(&token), ME, json!({})).await;
            assert_eq!(a.status, 401, "{what}: {a:?}");
            assert_eq!(a.error_code(), Some("UNAUTHENTICATED"), "{what}");
        }
        // A header that is not a bearer token.
        let res = app
            .client
            .post(format!("{}/graphql", app.addr))
            .header("authorization", "Basic b2ZmaWNlcjpnb25nemhpLWRlbW8=")
            .json(&json!({"query": ME}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401);
    }
);
