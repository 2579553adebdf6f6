//! Live updates over graphql-ws. The websocket's user comes from `connection_init`.
use async_graphql::{Context, Subscription};
use futures_util::{Stream, StreamExt};
use tokio_stream::wrappers::BroadcastStream;

use super::{context::CtxExt, items::Item, types::User};
use crate::{authz::Op, events::Event, intake::scope};

pub struct SubscriptionRoot;

#[Subscription(name = "Subscription")]
impl SubscriptionRoot {
    /// The signed-in account, each time it changes (e.g. a supervisor deactivates it, so
    /// the app can sign out at once).
    async fn my_account_changed(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<impl Stream<Item = User>> {
        let me = ctx.require(Op::MyAccountChanged)?.uuid;
        let app = ctx.app().clone();
        let events = BroadcastStream::new(app.events.subscribe());
        Ok(events.filter_map(move |ev| {
            let db = app.db.clone();
            async move {
                match ev {
                    Ok(Event::AccountChanged { account }) if account == me => {
                        // Load by UUID whatever the status: the subscriber wants to see it change.
                        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
                        entity::account::Entity::find()
                            .filter(entity::account::Column::Uuid.eq(account))
                            .one(&db)
                            .await
                            .ok()
                            .flatten()
                            .map(User::of)
                    }
                    _ => None,
                }
            }
        }))
    }

    /// The caller's own items (filed or joined), each time one moves.
    async fn my_item_changed(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<impl Stream<Item = Item>> {
        let me = ctx.require(Op::ItemChanged)?.clone();
        let app = ctx.app().clone();
        let events = BroadcastStream::new(app.events.subscribe());
        Ok(events.filter_map(move |ev| {
            let (db, me) = (app.db.clone(), me.clone());
            async move {
                let Ok(Event::ItemChanged { item }) = ev else {
                    return None;
                };
                // A logged-out or deactivated account's socket hears nothing more.
                if !crate::auth::sessions::still_valid(&db, &me).await {
                    return None;
                }
                let it = scope::load_visible(&db, &me, item).await.ok()?;
                scope::is_filer(&db, &me, it.id)
                    .await
                    .ok()?
                    .then_some(Item(it))
            }
        }))
    }

    /// Items routed to the caller's squad (officers, supervisors), each time one is filed
    /// or moves: the inbox stays current without polling.
    async fn inbox_item_changed(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<impl Stream<Item = Item>> {
        let me = ctx.require(Op::Inbox)?.clone();
        let app = ctx.app().clone();
        let events = BroadcastStream::new(app.events.subscribe());
        Ok(events.filter_map(move |ev| {
            let (db, me) = (app.db.clone(), me.clone());
            async move {
                let Ok(Event::ItemChanged { item }) = ev else {
                    return None;
                };
                // A logged-out or deactivated account's socket hears nothing more.
                if !crate::auth::sessions::still_valid(&db, &me).await {
                    return None;
                }
                let it = scope::load_visible(&db, &me, item).await.ok()?;
                scope::ensure_handles(&db, &me, &it).await.ok()?;
                Some(Item(it))
            }
        }))
    }
}
