//! Web Push: the key the browser subscribes with, and the subscription itself.
use async_graphql::{Context, InputObject, Object, SimpleObject};

use super::context::{CtxExt, Localize, UserError, user_errors};
use crate::{authz::Op, push::Push};

#[derive(InputObject)]
pub struct PushSubscriptionInput {
    /// From `PushSubscription.endpoint` (https).
    pub endpoint: String,
    /// From `PushSubscription.getKey('p256dh')`, base64url.
    #[graphql(name = "p256dh")]
    pub p256dh: String,
    /// From `PushSubscription.getKey('auth')`, base64url.
    pub auth: String,
}

#[derive(InputObject)]
pub struct UnsubscribePushInput {
    pub endpoint: String,
}

#[derive(SimpleObject)]
pub struct PushPayload {
    pub ok: bool,
    pub user_errors: Vec<UserError>,
}

#[derive(Default)]
pub struct PushQuery;

#[Object]
impl PushQuery {
    /// The VAPID application server key (base64url); null when Web Push is off.
    async fn push_public_key(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        ctx.allow(Op::PushPublicKey)?;
        Ok(ctx.app().push.public_key().map(String::from))
    }
}

#[derive(Default)]
pub struct PushMutation;

#[Object]
impl PushMutation {
    /// Opts in: tell this browser when the caller's items move while the app is closed.
    async fn subscribe_push(
        &self,
        ctx: &Context<'_>,
        input: PushSubscriptionInput,
    ) -> async_graphql::Result<PushPayload> {
        let me = ctx.require(Op::SubscribePush)?;
        let app = ctx.app();
        let r = app
            .push
            .subscribe(&app.db, me.id, &input.endpoint, &input.p256dh, &input.auth)
            .await
            .gql(ctx)?;
        Ok(match r {
            Ok(()) => PushPayload {
                ok: true,
                user_errors: vec![],
            },
            Err(e) => PushPayload {
                ok: false,
                user_errors: user_errors(ctx, e),
            },
        })
    }

    async fn unsubscribe_push(
        &self,
        ctx: &Context<'_>,
        input: UnsubscribePushInput,
    ) -> async_graphql::Result<PushPayload> {
        let me = ctx.require(Op::SubscribePush)?;
        Push::unsubscribe(&ctx.app().db, me.id, &input.endpoint)
            .await
            .gql(ctx)?;
        Ok(PushPayload {
            ok: true,
            user_errors: vec![],
        })
    }
}
