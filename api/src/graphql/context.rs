//! Per-request data and the small helpers every resolver uses.
use async_graphql::Context;

use crate::{
    auth::CurrentUser,
    authz::{self, Op},
    error::ApiError,
    i18n::Lang,
    state::AppState,
    validation::FieldError,
};

/// What the HTTP edge learnt about the caller.
#[derive(Clone, Debug)]
pub struct RequestCtx {
    pub lang: Lang,
    pub user: Option<CurrentUser>,
    pub client_addr: String,
}

pub trait CtxExt {
    fn app(&self) -> &AppState;
    fn req(&self) -> &RequestCtx;
    fn lang(&self) -> Lang {
        self.req().lang
    }
    /// Errors in the caller's language.
    fn fail(&self, e: ApiError) -> async_graphql::Error {
        e.to_graphql(self.lang())
    }
    /// The matrix says the caller may call `op`.
    fn allow(&self, op: Op) -> async_graphql::Result<()> {
        authz::authorize(op, self.req().user.as_ref()).map_err(|e| self.fail(e))
    }
    /// As `allow`, for operations that act as the caller.
    fn require(&self, op: Op) -> async_graphql::Result<&CurrentUser> {
        authz::require(op, self.req().user.as_ref()).map_err(|e| self.fail(e))
    }
}

impl CtxExt for Context<'_> {
    fn app(&self) -> &AppState {
        self.data_unchecked::<AppState>()
    }
    fn req(&self) -> &RequestCtx {
        self.data_unchecked::<RequestCtx>()
    }
}

/// Maps a service result into the caller's language.
pub trait Localize<T> {
    fn gql(self, ctx: &Context<'_>) -> async_graphql::Result<T>;
}

impl<T> Localize<T> for Result<T, ApiError> {
    fn gql(self, ctx: &Context<'_>) -> async_graphql::Result<T> {
        self.map_err(|e| ctx.fail(e))
    }
}

/// A problem the user can fix, as GraphQL shows it in `userErrors`.
#[derive(async_graphql::SimpleObject, Clone, Debug)]
pub struct UserError {
    /// Path to the input field; empty for the request as a whole.
    pub field: Vec<String>,
    /// Stable code, e.g. `PHONE_TAKEN`.
    pub code: String,
    /// In the caller's language.
    pub message: String,
}

pub fn user_errors(ctx: &Context<'_>, errors: Vec<FieldError>) -> Vec<UserError> {
    let lang = ctx.lang();
    errors
        .into_iter()
        .map(|e| UserError {
            field: e.field.into_iter().map(String::from).collect(),
            code: e.code.into(),
            message: e.msg.text(lang).into(),
        })
        .collect()
}

/// Public ids are UUIDs; anything else names nothing that exists.
pub fn parse_id(ctx: &Context<'_>, id: &async_graphql::ID) -> async_graphql::Result<uuid::Uuid> {
    uuid::Uuid::parse_str(id.as_str()).map_err(|_| ctx.fail(ApiError::NotFound))
}

/// A database failure as the caller sees it (logged, never sent).
pub fn db_err(ctx: &Context<'_>, e: sea_orm::DbErr) -> async_graphql::Error {
    ctx.fail(e.into())
}

/// An id in an input that names nothing: the nil UUID, so the service answers with a field
/// problem (or `NOT_FOUND` per item) rather than the whole request failing.
pub fn loose_uuid(id: &async_graphql::ID) -> uuid::Uuid {
    uuid::Uuid::parse_str(id.as_str()).unwrap_or(uuid::Uuid::nil())
}
