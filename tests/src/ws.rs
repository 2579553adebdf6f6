//! A minimal graphql-transport-ws client for subscription tests.
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::{
    MaybeTlsStream, WebSocketStream, connect_async,
    tungstenite::{Message, client::IntoClientRequest},
};

pub struct Subscription {
    ws: WebSocketStream<MaybeTlsStream<tokio::net::TcpStream>>,
}

/// What the server said to `connection_init` and `subscribe`.
#[derive(Debug)]
pub enum Opened {
    Subscribed(Box<Subscription>),
    /// The server closed the socket (code, reason) or sent an `error` message.
    Refused(String),
}

pub async fn subscribe(http_addr: &str, token: Option<&str>, query: &str) -> Opened {
    let url = format!("{}/graphql", http_addr.replacen("http", "ws", 1));
    let mut req = url.into_client_request().expect("ws request");
    req.headers_mut().insert(
        "sec-websocket-protocol",
        "graphql-transport-ws".parse().expect("header"),
    );
    let (mut ws, _) = connect_async(req).await.expect("websocket connects");
    let payload = match token {
        Some(t) => json!({"Authorization": format!("Bearer {t}")}),
        None => json!({}),
    };
    ws.send(Message::text(
        json!({"type": "connection_init", "payload": payload}).to_string(),
    ))
    .await
    .expect("send init");
    match next_json(&mut ws).await {
        Ok(v) if v["type"] == "connection_ack" => {}
        Ok(v) => return Opened::Refused(v.to_string()),
        Err(reason) => return Opened::Refused(reason),
    }
    ws.send(Message::text(
        json!({"id": "1", "type": "subscribe", "payload": {"query": query}}).to_string(),
    ))
    .await
    .expect("send subscribe");
    Opened::Subscribed(Box::new(Subscription { ws }))
}

async fn next_json(
    ws: &mut WebSocketStream<MaybeTlsStream<tokio::net::TcpStream>>,
) -> Result<Value, String> {
    next_json_within(ws, Duration::from_secs(10)).await
}

async fn next_json_within(
    ws: &mut WebSocketStream<MaybeTlsStream<tokio::net::TcpStream>>,
    wait: Duration,
) -> Result<Value, String> {
    loop {
        match tokio::time::timeout(wait, ws.next()).await {
            Err(_) => return Err("timeout".into()),
            Ok(None) => return Err("closed".into()),
            Ok(Some(Err(e))) => return Err(e.to_string()),
            Ok(Some(Ok(Message::Text(t)))) => {
                let v: Value = serde_json::from_str(&t).map_err(|e| e.to_string())?;
                if v["type"] == "ping" {
                    continue;
                }
                return Ok(v);
            }
            Ok(Some(Ok(Message::Close(frame)))) => {
                return Err(frame
                    .map(|f| format!("{} {}", u16::from(f.code), f.reason))
                    .unwrap_or_default());
            }
            Ok(Some(Ok(_))) => continue,
        }
    }
}

impl Subscription {
    /// The next `next` payload, or the server's `error` / close as `Err`.
    pub async fn next(&mut self) -> Result<Value, String> {
        self.next_within(Duration::from_secs(10)).await
    }

    /// As `next`, waiting at most `wait` (`Err("timeout")` after it).
    pub async fn next_within(&mut self, wait: Duration) -> Result<Value, String> {
        let v = next_json_within(&mut self.ws, wait).await?;
        match v["type"].as_str() {
            Some("next") => Ok(v["payload"].clone()),
            _ => Err(v.to_string()),
        }
    }
}

impl std::fmt::Debug for Subscription {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Subscription")
    }
}

/// Subscribes, failing the test if the server refuses.
pub async fn subscribed(http_addr: &str, token: Option<&str>, query: &str) -> Box<Subscription> {
    match subscribe(http_addr, token, query).await {
        Opened::Subscribed(s) => s,
        Opened::Refused(r) => panic!("the subscription was refused: {r}"),
    }
}
