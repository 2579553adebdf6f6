//! POST /graphql executes; GET with a websocket upgrade serves subscriptions; plain GET
//! serves GraphiQL in dev mode. The body is read with a size limit and parsed strictly.
use std::time::Instant;

use actix_web::{HttpRequest, HttpResponse, http::StatusCode, web};
use async_graphql::{Data, http::GraphiQLSource};
use async_graphql_actix_web::GraphQLSubscription;
use serde::Deserialize;

use crate::{
    auth::{CurrentUser, sessions},
    error::ApiError,
    graphql::{AppSchema, RequestCtx},
    i18n::{Lang, Msg},
    state::AppState,
};

/// A GraphQL request body: exactly these fields, nothing else.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[allow(dead_code)] // read only to refuse unknown fields
struct Body {
    query: String,
    #[serde(default)]
    operation_name: Option<String>,
    #[serde(default)]
    variables: Option<serde_json::Value>,
    #[serde(default)]
    extensions: Option<serde_json::Map<String, serde_json::Value>>,
}

pub(crate) fn lang_of(req: &HttpRequest) -> Lang {
    Lang::from_accept_language(
        req.headers()
            .get("accept-language")
            .and_then(|v| v.to_str().ok()),
    )
}

/// A transport-level refusal, shaped like a GraphQL error so clients read it the same way.
fn refuse(status: StatusCode, code: &str, msg: Msg, lang: Lang) -> HttpResponse {
    HttpResponse::build(status).json(serde_json::json!({
        "errors": [{"message": msg.text(lang), "extensions": {"code": code}}]
    }))
}

/// The bearer token's user; `None` without a header; an error for a bad token.
pub async fn authenticate_header(
    state: &AppState,
    header: Option<&str>,
) -> Result<Option<CurrentUser>, ApiError> {
    let Some(h) = header else { return Ok(None) };
    let token = h
        .strip_prefix("Bearer ")
        .or_else(|| h.strip_prefix("bearer "))
        .ok_or(ApiError::Unauthenticated)?;
    sessions::authenticate(&state.db, &state.keys, token.trim())
        .await
        .map(Some)
}

/// The client's address for rate limits: the peer, unless the operator says a trusted
/// load balancer sets `Forwarded` / `X-Forwarded-For` (a client could forge them).
fn client_addr(req: &HttpRequest, trust_forwarded: bool) -> String {
    let info = req.connection_info();
    let addr = if trust_forwarded {
        info.realip_remote_addr()
    } else {
        info.peer_addr()
    };
    addr.unwrap_or("unknown").to_string()
}

pub async fn execute(
    req: HttpRequest,
    payload: web::Payload,
    schema: web::Data<AppSchema>,
    state: web::Data<AppState>,
) -> HttpResponse {
    let started = Instant::now();
    let lang = lang_of(&req);
    // Who is asking, before a possibly large body is read.
    let header = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok());
    let user = match authenticate_header(&state, header).await {
        Ok(u) => u,
        Err(ApiError::Unauthenticated) => {
            return refuse(
                StatusCode::UNAUTHORIZED,
                "UNAUTHENTICATED",
                Msg::Unauthenticated,
                lang,
            );
        }
        Err(e) => return refuse_with(&e, lang),
    };
    // Uploads come only with filings, which need an account: refuse them unread otherwise.
    let multipart = req
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("multipart/"));
    if multipart && user.is_none() {
        return refuse(
            StatusCode::UNAUTHORIZED,
            "UNAUTHENTICATED",
            Msg::Unauthenticated,
            lang,
        );
    }
    let request = match read_request(&req, payload, &state.settings, lang).await {
        Ok(r) => r,
        Err(refusal) => return refusal,
    };
    let operation = state
        .metrics
        .operation_label(request.operation_name.as_deref());
    let request = request
        .data(RequestCtx {
            lang,
            user,
            client_addr: client_addr(&req, state.settings.trust_forwarded_for),
        })
        .data(crate::graphql::new_row_loader(state.db.clone()));
    let limit = std::time::Duration::from_secs(state.settings.request_timeout_secs);
    let Ok(response) = tokio::time::timeout(limit, schema.execute(request)).await else {
        // Dropping the execution rolls back whatever transaction it had open, unless its
        // COMMIT was already on the way: so the outcome is unknown, and the answer says so.
        state
            .metrics
            .observe(&operation, false, started.elapsed().as_secs_f64());
        tracing::warn!(operation = %operation, "request timed out");
        return refuse_with(&ApiError::Timeout, lang);
    };
    state.metrics.observe(
        &operation,
        response.errors.is_empty(),
        started.elapsed().as_secs_f64(),
    );
    let mut response = response;
    give_every_error_a_code(&mut response);
    let mut answer = HttpResponse::build(status_of(&response));
    if let Some(secs) = retry_after_of(&response) {
        answer.insert_header(("Retry-After", secs.to_string()));
    }
    answer.json(response)
}

/// Clients switch on `extensions.code`. Our own errors all carry one; the ones without are
/// async-graphql's refusals of the document or of a value (an unknown operation name, an `Int`
/// past 32 bits, the recursion limit): the client's request was wrong.
fn give_every_error_a_code(response: &mut async_graphql::Response) {
    for e in &mut response.errors {
        let has_code = e
            .extensions
            .as_ref()
            .is_some_and(|x| x.get("code").is_some());
        if !has_code {
            e.extensions
                .get_or_insert_with(Default::default)
                .set("code", "BAD_REQUEST");
        }
    }
}

/// The HTTP status of a GraphQL response.
/// - A request that failed as a whole (syntax, validation, depth or complexity limits: errors
///   without a path, no data) is the client's fault: 400, as GraphQL over HTTP says.
/// - A rate limit is 429; a database that cannot serve now, or a commit without an answer, is
///   503: clients and proxies that read only the status still know to try again later. Only
///   errors of a root field count.
/// - Everything else is 200, with field errors in the body.
fn status_of(response: &async_graphql::Response) -> StatusCode {
    // Only an operation's own failure speaks for the whole answer: an error deeper in a
    // payload (a field read after the mutation committed) must not say "nothing changed".
    let root_codes = || {
        response
            .errors
            .iter()
            .filter(|e| e.path.len() <= 1)
            .filter_map(|e| match e.extensions.as_ref()?.get("code")? {
                async_graphql::Value::String(s) => Some(s.as_str()),
                _ => None,
            })
    };
    if root_codes().any(|c| c == "RATE_LIMITED") {
        return StatusCode::TOO_MANY_REQUESTS;
    }
    if root_codes().any(|c| c == "UNAVAILABLE" || c == "OUTCOME_UNKNOWN") {
        return StatusCode::SERVICE_UNAVAILABLE;
    }
    let whole_request_failed = response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|e| e.path.is_empty());
    if whole_request_failed {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    }
}

/// The longest `retryAfter` any error of the response asks for.
fn retry_after_of(response: &async_graphql::Response) -> Option<u64> {
    response
        .errors
        .iter()
        .filter(|e| e.path.len() <= 1)
        .filter_map(|e| e.extensions.as_ref()?.get("retryAfter"))
        .filter_map(|v| match v {
            async_graphql::Value::Number(n) => n.as_u64(),
            _ => None,
        })
        .max()
}

/// A whole request refused with an API error, with its status and `Retry-After`.
fn refuse_with(e: &ApiError, lang: Lang) -> HttpResponse {
    let _ = e.to_graphql(lang); // logs an internal cause
    let mut answer = HttpResponse::build(e.http_status());
    let mut extensions = serde_json::json!({"code": e.code()});
    if let Some(secs) = e.retry_after_secs() {
        answer.insert_header(("Retry-After", secs.to_string()));
        extensions["retryAfter"] = secs.into();
    }
    answer.json(serde_json::json!({
        "errors": [{"message": e.message().text(lang), "extensions": extensions}]
    }))
}

/// The GraphQL request in the body: JSON (at most `max_body_bytes`, exactly the known
/// fields), or a GraphQL multipart request carrying photos (at most 9 files of 10 MiB).
async fn read_request(
    req: &HttpRequest,
    payload: web::Payload,
    settings: &crate::settings::Settings,
    lang: Lang,
) -> Result<async_graphql::Request, HttpResponse> {
    let bad = || {
        refuse(
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST",
            Msg::BadRequestBody,
            lang,
        )
    };
    let content_type = req
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    if content_type.starts_with("multipart/form-data") {
        return read_multipart(content_type, payload, lang).await;
    }
    if !(content_type.starts_with("application/json")
        || content_type.starts_with("application/graphql-response+json"))
    {
        return Err(refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "BAD_REQUEST",
            Msg::BadRequestBody,
            lang,
        ));
    }
    let body = match read_limited(payload, settings.max_body_bytes).await {
        Ok(b) => b,
        Err(StatusCode::PAYLOAD_TOO_LARGE) => {
            return Err(refuse(
                StatusCode::PAYLOAD_TOO_LARGE,
                "BAD_REQUEST",
                Msg::BodyTooLarge,
                lang,
            ));
        }
        Err(_) => return Err(bad()),
    };
    if serde_json::from_slice::<Body>(&body).is_err() {
        // A JSON array is a batch of operations: refused on purpose, so that one request is
        // one operation for every limit and log (a batch of 100 logins is 100 requests).
        if body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
            return Err(refuse(
                StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
                Msg::BatchNotSupported,
                lang,
            ));
        }
        return Err(bad());
    }
    // The strict parse above vetted the shape; async-graphql's own type carries it on.
    serde_json::from_slice(&body).map_err(|_| bad())
}

/// Largest multipart body: nine photos of 10 MiB and the operations around them.
const MAX_MULTIPART_BYTES: usize =
    crate::photos::attach::MAX_PHOTOS * crate::photos::inspect::MAX_BYTES + 1024 * 1024;

async fn read_multipart(
    content_type: String,
    mut payload: web::Payload,
    lang: Lang,
) -> Result<async_graphql::Request, HttpResponse> {
    use futures_util::{StreamExt, TryStreamExt};
    // The payload is not Send: a local task feeds it through a channel, stopping as soon as
    // the body passes the limit, so an oversized upload never fills memory or disk.
    let (tx, rx) = tokio::sync::mpsc::channel::<std::io::Result<web::Bytes>>(16);
    actix_web::rt::spawn(async move {
        let mut total = 0usize;
        while let Some(chunk) = payload.next().await {
            let item = match chunk {
                Ok(c) => {
                    total += c.len();
                    if total > MAX_MULTIPART_BYTES {
                        let _ = tx
                            .send(Err(std::io::Error::other("payload too large")))
                            .await;
                        return;
                    }
                    Ok(c)
                }
                Err(e) => Err(std::io::Error::other(e.to_string())),
            };
            if tx.send(item).await.is_err() {
                return;
            }
        }
    });
    let reader = tokio_stream::wrappers::ReceiverStream::new(rx).into_async_read();
    let opts = async_graphql::http::MultipartOptions::default()
        .max_file_size(crate::photos::inspect::MAX_BYTES)
        .max_num_files(crate::photos::attach::MAX_PHOTOS);
    match async_graphql::http::receive_body(Some(content_type), reader, opts).await {
        Ok(r) => Ok(r),
        Err(async_graphql::ParseRequestError::PayloadTooLarge) => Err(refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            "BAD_REQUEST",
            Msg::UploadTooLarge,
            lang,
        )),
        Err(async_graphql::ParseRequestError::Io(e)) if e.to_string().contains("too large") => {
            Err(refuse(
                StatusCode::PAYLOAD_TOO_LARGE,
                "BAD_REQUEST",
                Msg::UploadTooLarge,
                lang,
            ))
        }
        Err(_) => Err(refuse(
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST",
            Msg::BadRequestBody,
            lang,
        )),
    }
}

/// Reads the body, refusing it as soon as it passes `limit` bytes.
async fn read_limited(
    mut payload: web::Payload,
    limit: usize,
) -> Result<web::BytesMut, StatusCode> {
    use futures_util::StreamExt;
    let mut buf = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| StatusCode::BAD_REQUEST)?;
        if buf.len() + chunk.len() > limit {
            return Err(StatusCode::PAYLOAD_TOO_LARGE);
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(buf)
}

pub async fn subscriptions(
    req: HttpRequest,
    payload: web::Payload,
    schema: web::Data<AppSchema>,
    state: web::Data<AppState>,
) -> actix_web::Result<HttpResponse> {
    let lang = lang_of(&req);
    let addr = client_addr(&req, state.settings.trust_forwarded_for);
    let state = state.get_ref().clone();
    GraphQLSubscription::new(schema.get_ref().clone())
        .on_connection_init(move |init| async move {
            // graphql-transport-ws: {"Authorization": "Bearer …"} or {"token": "…"}.
            let token = init
                .get("Authorization")
                .or_else(|| init.get("authorization"))
                .and_then(|v| v.as_str())
                .map(str::to_string)
                .or_else(|| {
                    init.get("token")
                        .and_then(|v| v.as_str())
                        .map(|t| format!("Bearer {t}"))
                });
            let user = authenticate_header(&state, token.as_deref())
                .await
                .map_err(|e| e.to_graphql(lang))?;
            let mut data = Data::default();
            data.insert(RequestCtx {
                lang,
                user,
                client_addr: addr,
            });
            Ok(data)
        })
        .start(&req, payload)
}

pub async fn graphiql(state: web::Data<AppState>) -> HttpResponse {
    if !state.settings.dev {
        return HttpResponse::NotFound().finish();
    }
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(
            GraphiQLSource::build()
                .endpoint("/graphql")
                .subscription_endpoint("/graphql")
                .finish(),
        )
}

#[cfg(test)]
mod tests {
    use async_graphql::{ErrorExtensionValues, PathSegment, ServerError, Value};

    use super::*;

    fn error(code: &str, path: &[&str]) -> ServerError {
        let mut e = ServerError::new("x", None);
        e.path = path
            .iter()
            .map(|p| PathSegment::Field((*p).to_string()))
            .collect();
        let mut ext = ErrorExtensionValues::default();
        ext.set("code", code);
        ext.set("retryAfter", 7);
        e.extensions = Some(ext);
        e
    }

    fn response(data: Value, errors: Vec<ServerError>) -> async_graphql::Response {
        let mut r = async_graphql::Response::new(data);
        r.errors = errors;
        r
    }

    #[test]
    fn only_a_root_fields_failure_sets_the_status() {
        let data =
            Value::from_json(serde_json::json!({"refreshSession": {"session": {}}})).unwrap();
        // The mutation committed; a field read after it failed: still a 200 with the error.
        let deep = response(
            data,
            vec![error("UNAVAILABLE", &["refreshSession", "session"])],
        );
        assert_eq!(status_of(&deep), StatusCode::OK);
        assert_eq!(retry_after_of(&deep), None);
        let root = response(Value::Null, vec![error("UNAVAILABLE", &["fileComplaint"])]);
        assert_eq!(status_of(&root), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(retry_after_of(&root), Some(7));
        let limited = response(Value::Null, vec![error("RATE_LIMITED", &["login"])]);
        assert_eq!(status_of(&limited), StatusCode::TOO_MANY_REQUESTS);
    }

    #[test]
    fn errors_without_a_code_are_the_clients() {
        let mut r = response(
            Value::Null,
            vec![ServerError::new("Unknown operation", None)],
        );
        give_every_error_a_code(&mut r);
        assert_eq!(
            r.errors[0].extensions.as_ref().and_then(|x| x.get("code")),
            Some(&Value::from("BAD_REQUEST"))
        );
    }
}
