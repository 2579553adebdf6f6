//! Live updates over graphql-ws. The websocket's user comes from `connection_init`.
use async_graphql::{Context, Subscription};
use futures_util::{Stream, StreamExt};
use tokio_stream::wrappers::BroadcastStream;

use super::{context::CtxExt, types::User};
use crate::{authz::Op, events::Event};

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
                            .map(User)
                    }
                    _ => None,
                }
            }
        }))
    }
}
