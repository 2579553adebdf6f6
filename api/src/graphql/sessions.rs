//! login, refreshSession, logout, me.
use async_graphql::{Context, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};

use super::{
    context::{CtxExt, Localize, UserError, user_errors},
    types::{User, Viewer},
};
use crate::{
    auth::sessions::{self, Session as SessionData, SessionOutcome},
    authz::Op,
};

#[derive(InputObject)]
pub struct LoginInput {
    /// Account name, or a resident's mobile number.
    pub login: String,
    pub password: String,
}

#[derive(InputObject)]
pub struct RefreshSessionInput {
    pub refresh_token: String,
}

#[derive(InputObject)]
pub struct LogoutInput {
    pub refresh_token: String,
}

#[derive(SimpleObject)]
pub struct Session {
    /// Bearer token for `Authorization`, valid for at most 15 minutes.
    pub access_token: String,
    pub access_token_expires_at: DateTime<Utc>,
    /// Exchange it for a new session with `refreshSession`; it works once.
    pub refresh_token: String,
    pub refresh_token_expires_at: DateTime<Utc>,
    pub user: User,
}

#[derive(SimpleObject)]
pub struct AuthPayload {
    pub session: Option<Session>,
    pub user_errors: Vec<UserError>,
}

#[derive(SimpleObject)]
pub struct LogoutPayload {
    pub ok: bool,
    pub user_errors: Vec<UserError>,
}

fn payload(ctx: &Context<'_>, outcome: SessionOutcome) -> AuthPayload {
    match outcome {
        Ok(s) => AuthPayload {
            session: Some(session(s)),
            user_errors: vec![],
        },
        Err(e) => AuthPayload {
            session: None,
            user_errors: user_errors(ctx, vec![e]),
        },
    }
}

fn session(s: SessionData) -> Session {
    Session {
        access_token: s.access_token,
        access_token_expires_at: s.access_expires_at,
        refresh_token: s.refresh_token,
        refresh_token_expires_at: s.refresh_expires_at,
        user: User(s.account, Viewer::Own),
    }
}

#[derive(Default)]
pub struct SessionQuery;

#[Object]
impl SessionQuery {
    /// The signed-in account.
    async fn me(&self, ctx: &Context<'_>) -> async_graphql::Result<User> {
        let me = ctx.require(Op::Me)?;
        let acct = crate::accounts::find_active_by_uuid(&ctx.app().db, me.uuid)
            .await
            .gql(ctx)?
            .ok_or_else(|| ctx.fail(crate::error::ApiError::Unauthenticated))?;
        Ok(User::of(acct))
    }
}

#[derive(Default)]
pub struct SessionMutation;

#[Object]
impl SessionMutation {
    /// Signs in. Failed attempts are limited per account and per client address.
    async fn login(
        &self,
        ctx: &Context<'_>,
        input: LoginInput,
    ) -> async_graphql::Result<AuthPayload> {
        ctx.allow(Op::Login)?;
        let outcome = sessions::login(
            ctx.app(),
            &input.login,
            &input.password,
            &ctx.req().client_addr,
        )
        .await
        .gql(ctx)?;
        Ok(payload(ctx, outcome))
    }

    /// Exchanges a refresh token for a new session. A token used twice ends the login.
    async fn refresh_session(
        &self,
        ctx: &Context<'_>,
        input: RefreshSessionInput,
    ) -> async_graphql::Result<AuthPayload> {
        ctx.allow(Op::RefreshSession)?;
        let outcome = sessions::refresh(ctx.app(), &input.refresh_token)
            .await
            .gql(ctx)?;
        Ok(payload(ctx, outcome))
    }

    /// Ends the login the refresh token belongs to, on every device that shares it.
    async fn logout(
        &self,
        ctx: &Context<'_>,
        input: LogoutInput,
    ) -> async_graphql::Result<LogoutPayload> {
        ctx.allow(Op::Logout)?;
        sessions::logout(&ctx.app().db, &input.refresh_token)
            .await
            .gql(ctx)?;
        Ok(LogoutPayload {
            ok: true,
            user_errors: vec![],
        })
    }
}
