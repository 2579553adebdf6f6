//! Web Push: a filer whose app is closed hears that an item moved, through a mock push
//! service on loopback, decrypting the message as the browser would.
use base64::Engine as _;
use gongzhi_tests::*;
use serde_json::{Value, json};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpListener,
    sync::mpsc,
};

struct Received {
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// A push service on loopback: answers 201, or 410 Gone for paths starting `/gone`.
async fn mock_push_service() -> (String, mpsc::Receiver<Received>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::channel(16);
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            let tx = tx.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                let head_end = loop {
                    let n = sock.read(&mut chunk).await.unwrap_or(0);
                    if n == 0 {
                        return;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                    if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        break p + 4;
                    }
                };
                let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
                let mut lines = head.lines();
                let path = lines
                    .next()
                    .unwrap_or("")
                    .split(' ')
                    .nth(1)
                    .unwrap_or("")
                    .to_string();
                let headers: Vec<(String, String)> = lines
                    .filter_map(|l| {
                        l.split_once(": ")
                            .map(|(k, v)| (k.to_lowercase(), v.to_string()))
                    })
                    .collect();
                let len: usize = headers
                    .iter()
                    .find(|(k, _)| k == "content-length")
                    .map(|(_, v)| v.parse().unwrap())
                    .unwrap_or(0);
                while buf.len() < head_end + len {
                    let n = sock.read(&mut chunk).await.unwrap_or(0);
                    if n == 0 {
                        break;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                }
                let status = if path.starts_with("/gone") {
                    "410 Gone"
                } else {
                    "201 Created"
                };
                let _ = sock
                    .write_all(
                        format!(
                            "HTTP/1.1 {status}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                        )
                        .as_bytes(),
                    )
                    .await;
                let _ = tx
                    .send(Received {
                        path,
                        headers,
                        body: buf[head_end..].to_vec(),
                    })
                    .await;
            });
        }
    });
    (addr, rx)
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

const SUBSCRIBE: &str = "mutation($i: PushSubscriptionInput!) { subscribePush(input: $i) { ok userErrors { code field } } }";

both!(
    a_filer_whose_app_is_closed_is_told_by_web_push_that_the_item_moved,
    |db| async move {
        // PostgreSQL deployments configure the key (SQLite would make one in its data dir).
        let app = spawn_app_with(db, |s| {
            s.push_allow_http = true;
            s.vapid_private_key = Some(
                "IQ9Ur0ykXoHS9gzfYX0aBjy9lvdrjx_PFUXmie9YRcY"
                    .to_string()
                    .into(),
            );
        })
        .await;
        let (service, mut received) = mock_push_service().await;
        let key = app.gql(None, "{ pushPublicKey }", json!({})).await;
        let public = key.ok()["pushPublicKey"].as_str().unwrap().to_string();
        assert_eq!(
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(&public)
                .unwrap()
                .len(),
            65
        );

        let resident = app.login("resident").await;
        let (keys, auth) = ece::generate_keypair_and_auth_secret().unwrap();
        let s = app
        .gql(Some(&resident), SUBSCRIBE, json!({"i": {"endpoint": format!("{service}/push/phone-1"), "p256dh": b64(&keys.pub_as_raw().unwrap()), "auth": b64(&auth)}}))
        .await;
        assert_eq!(s.ok()["subscribePush"]["ok"], true);
        // A second browser whose subscription the push service has since dropped.
        let (old_keys, old_auth) = ece::generate_keypair_and_auth_secret().unwrap();
        app.gql(Some(&resident), SUBSCRIBE, json!({"i": {"endpoint": format!("{service}/gone/old-phone"), "p256dh": b64(&old_keys.pub_as_raw().unwrap()), "auth": b64(&old_auth)}}))
        .await
        .ok();
        assert_eq!(app.count("push_subscription").await, 2);

        let f = app
        .gql(Some(&resident), "mutation { fileComplaint(input: {idempotencyKey: \"push-1\", description: \"推送测试\"}) { item { id } } }", json!({}))
        .await;
        let id = f.ok()["fileComplaint"]["item"]["id"]
            .as_str()
            .unwrap()
            .to_string();
        let officer = app.login("officer").await;
        app.gql(
            Some(&officer),
            "mutation($ids: [ID!]!) { acceptItems(input: {itemIds: $ids}) { items { id } } }",
            json!({"ids": [id]}),
        )
        .await
        .ok();

        let mut got = Vec::new();
        for _ in 0..2 {
            got.push(
                tokio::time::timeout(std::time::Duration::from_secs(10), received.recv())
                    .await
                    .expect("a push arrives")
                    .unwrap(),
            );
        }
        let msg = got
            .iter()
            .find(|r| r.path == "/push/phone-1")
            .expect("the live subscription got it");
        let header = |k: &str| {
            msg.headers
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        assert_eq!(header("content-encoding"), "aes128gcm");
        assert!(
            header("authorization").starts_with("vapid t="),
            "{:?}",
            msg.headers
        );
        assert!(header("authorization").contains(&format!("k={public}")));
        assert!(!header("ttl").is_empty());
        let plain = ece::decrypt(&keys.raw_components().unwrap(), &auth, &msg.body)
            .expect("the browser can decrypt it");
        let payload: Value = serde_json::from_slice(&plain).unwrap();
        assert_eq!(payload["itemId"], id.as_str());
        assert_eq!(payload["status"], "ACCEPTED");
        assert!(payload["body"].as_str().unwrap().contains("已受理"));

        // The push service said the old subscription is gone: it is dropped.
        for _ in 0..50 {
            if app.count("push_subscription").await == 1 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(app.count("push_subscription").await, 1);
    }
);

both!(
    push_endpoints_must_be_https_and_keys_well_formed,
    |db| async move {
        let app = spawn_app(db).await;
        let resident = app.login("resident").await;
        let (keys, auth) = ece::generate_keypair_and_auth_secret().unwrap();
        let plain_http = app
        .gql(Some(&resident), SUBSCRIBE, json!({"i": {"endpoint": "http://127.0.0.1:1/push/x", "p256dh": b64(&keys.pub_as_raw().unwrap()), "auth": b64(&auth)}}))
        .await;
        assert_eq!(
            plain_http.ok()["subscribePush"]["userErrors"][0]["code"],
            "PUSH_ENDPOINT_INVALID"
        );
        let bad_keys = app
        .gql(Some(&resident), SUBSCRIBE, json!({"i": {"endpoint": "https://push.example/x", "p256dh": "short", "auth": "x"}}))
        .await;
        assert_eq!(
            bad_keys.ok()["subscribePush"]["userErrors"][0]["code"],
            "PUSH_KEYS_INVALID"
        );
        // The server would post there: no loopback or private hosts.
        for endpoint in [
            "https://127.0.0.1/push/x",
            "https://10.1.2.3/push/x",
            "https://localhost/push/x",
        ] {
            let a = app
            .gql(Some(&resident), SUBSCRIBE, json!({"i": {"endpoint": endpoint, "p256dh": b64(&keys.pub_as_raw().unwrap()), "auth": b64(&auth)}}))
            .await;
            assert_eq!(
                a.ok()["subscribePush"]["userErrors"][0]["code"],
                "PUSH_ENDPOINT_INVALID",
                "{endpoint}"
            );
        }
        assert_eq!(app.count("push_subscription").await, 0);
        let anon = app
            .gql(
                None,
                SUBSCRIBE,
                json!({"i": {"endpoint": "https://push.example/x", "p256dh": "a", "auth": "b"}}),
            )
            .await;
        assert_eq!(anon.error_code(), Some("UNAUTHENTICATED"));
    }
);
