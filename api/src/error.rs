//! The one error type of the API. Its kind is the contract: clients switch on
//! `extensions.code`. Internal causes are logged with their whole chain, never sent.
use async_graphql::ErrorExtensions;

use crate::i18n::{Lang, Msg};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("unauthenticated")]
    Unauthenticated,
    #[error("forbidden")]
    Forbidden,
    /// Also what an item outside the caller's scope answers: its existence is not confirmed.
    #[error("not found")]
    NotFound,
    #[error("validation: {0:?}")]
    Validation(Msg),
    #[error("conflict: {0:?}")]
    Conflict(Msg),
    /// Too many attempts: what was refused, and in how many seconds to try again.
    #[error("rate limited ({1} s)")]
    RateLimited(Msg, u64),
    /// The database could not serve the request now (no connection in time, connection lost,
    /// statement timeout, shutting down or recovering, busy). Nothing of the request is
    /// stored; trying again later is right.
    #[error("unavailable: {0:#}")]
    Unavailable(anyhow::Error),
    /// A COMMIT got no clear answer: the write may or may not have landed. Only a retry with
    /// the same idempotency key (or a fresh read) can tell.
    #[error("outcome unknown: {0:#}")]
    OutcomeUnknown(anyhow::Error),
    /// The request outran `request_timeout_secs`; like `OutcomeUnknown`, it may have landed.
    #[error("request timeout")]
    Timeout,
    #[error("internal: {0:#}")]
    Internal(anyhow::Error),
}

impl From<anyhow::Error> for ApiError {
    /// A database failure wrapped in context is still classified by the database error.
    fn from(e: anyhow::Error) -> Self {
        let unavailable = e
            .chain()
            .filter_map(|c| c.downcast_ref::<sea_orm::DbErr>())
            .any(is_unavailable);
        if unavailable {
            ApiError::Unavailable(e)
        } else {
            ApiError::Internal(e)
        }
    }
}

impl From<sea_orm::DbErr> for ApiError {
    fn from(e: sea_orm::DbErr) -> Self {
        if is_unavailable(&e) {
            ApiError::Unavailable(anyhow::Error::new(e))
        } else {
            ApiError::Internal(anyhow::Error::new(e))
        }
    }
}

/// True for the database failures that mean "not now" rather than "wrong": the pool gave no
/// connection in time, the connection broke, PostgreSQL cancelled the statement
/// (`statement_timeout`, 57014), is shutting down or recovering (57P01–57P03), lost the
/// connection (class 08), or SQLite stayed busy past its busy timeout.
pub fn is_unavailable(e: &sea_orm::DbErr) -> bool {
    use sea_orm::sqlx;
    use sea_orm::{DbErr, RuntimeErr};
    let sqlx = match e {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => return true,
        DbErr::Exec(RuntimeErr::SqlxError(x)) | DbErr::Query(RuntimeErr::SqlxError(x)) => x,
        _ => return false,
    };
    match sqlx.as_ref() {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::Protocol(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(d) => {
            let code = d.code().unwrap_or_default();
            if d.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() {
                // SQLITE_BUSY and its extended codes: another connection holds the lock.
                // (SQLITE_LOCKED is a conflict within one connection: trying later won't help.)
                return code.parse::<i32>().is_ok_and(|n| n & 0xff == 5);
            }
            matches!(code.as_ref(), "57014" | "57P01" | "57P02" | "57P03") || code.starts_with("08")
        }
        _ => false,
    }
}

impl From<sea_orm::TransactionError<ApiError>> for ApiError {
    fn from(e: sea_orm::TransactionError<ApiError>) -> Self {
        match e {
            sea_orm::TransactionError::Connection(db) => db.into(),
            sea_orm::TransactionError::Transaction(api) => api,
        }
    }
}

impl ApiError {
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::Unauthenticated => "UNAUTHENTICATED",
            ApiError::Forbidden => "FORBIDDEN",
            ApiError::NotFound => "NOT_FOUND",
            ApiError::Validation(_) => "VALIDATION",
            ApiError::Conflict(_) => "CONFLICT",
            ApiError::RateLimited(..) => "RATE_LIMITED",
            ApiError::Unavailable(_) => "UNAVAILABLE",
            ApiError::OutcomeUnknown(_) => "OUTCOME_UNKNOWN",
            ApiError::Timeout => "TIMEOUT",
            ApiError::Internal(_) => "INTERNAL",
        }
    }

    pub fn message(&self) -> Msg {
        match self {
            ApiError::Unauthenticated => Msg::Unauthenticated,
            ApiError::Forbidden => Msg::Forbidden,
            ApiError::NotFound => Msg::NotFound,
            ApiError::Validation(m) | ApiError::Conflict(m) => *m,
            ApiError::RateLimited(m, _) => *m,
            ApiError::Unavailable(_) => Msg::Unavailable,
            ApiError::OutcomeUnknown(_) => Msg::OutcomeUnknown,
            ApiError::Timeout => Msg::Timeout,
            ApiError::Internal(_) => Msg::Internal,
        }
    }

    /// The GraphQL error a client sees, in its language.
    pub fn to_graphql(&self, lang: Lang) -> async_graphql::Error {
        match self {
            ApiError::Internal(cause) => {
                tracing::error!(error = format!("{cause:#}"), "internal error")
            }
            ApiError::Unavailable(cause) => {
                tracing::warn!(error = format!("{cause:#}"), "database unavailable")
            }
            ApiError::OutcomeUnknown(cause) => {
                tracing::error!(error = format!("{cause:#}"), "commit outcome unknown")
            }
            _ => {}
        }
        let code = self.code();
        let retry_after = self.retry_after_secs();
        async_graphql::Error::new(self.message().text(lang)).extend_with(|_, e| {
            e.set("code", code);
            if let Some(secs) = retry_after {
                e.set("retryAfter", secs);
            }
        })
    }
}

impl ApiError {
    /// The HTTP status of a response refused as a whole with this error.
    pub fn http_status(&self) -> actix_web::http::StatusCode {
        use actix_web::http::StatusCode;
        match self {
            ApiError::Unauthenticated => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden => StatusCode::FORBIDDEN,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::Validation(_) | ApiError::Conflict(_) => StatusCode::BAD_REQUEST,
            ApiError::RateLimited(..) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable(_) | ApiError::OutcomeUnknown(_) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            ApiError::Timeout => StatusCode::GATEWAY_TIMEOUT,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Seconds after which trying again makes sense, for `Retry-After`.
    pub fn retry_after_secs(&self) -> Option<u64> {
        match self {
            ApiError::RateLimited(_, secs) => Some((*secs).max(1)),
            ApiError::Unavailable(_) | ApiError::OutcomeUnknown(_) | ApiError::Timeout => Some(2),
            _ => None,
        }
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
