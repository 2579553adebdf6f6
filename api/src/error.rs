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
    #[error("rate limited")]
    RateLimited,
    #[error("internal: {0:#}")]
    Internal(#[from] anyhow::Error),
}

impl From<sea_orm::DbErr> for ApiError {
    fn from(e: sea_orm::DbErr) -> Self {
        ApiError::Internal(anyhow::Error::new(e))
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
            ApiError::RateLimited => "RATE_LIMITED",
            ApiError::Internal(_) => "INTERNAL",
        }
    }

    pub fn message(&self) -> Msg {
        match self {
            ApiError::Unauthenticated => Msg::Unauthenticated,
            ApiError::Forbidden => Msg::Forbidden,
            ApiError::NotFound => Msg::NotFound,
            ApiError::Validation(m) | ApiError::Conflict(m) => *m,
            ApiError::RateLimited => Msg::RateLimited,
            ApiError::Internal(_) => Msg::Internal,
        }
    }

    /// The GraphQL error a client sees, in its language.
    pub fn to_graphql(&self, lang: Lang) -> async_graphql::Error {
        if let ApiError::Internal(cause) = self {
            tracing::error!(error = format!("{cause:#}"), "internal error");
        }
        let code = self.code();
        async_graphql::Error::new(self.message().text(lang)).extend_with(|_, e| e.set("code", code))
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
