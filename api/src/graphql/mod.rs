//! The GraphQL schema: thin resolvers over the services. Parse, call, map.
mod accounts;
mod cases;
mod catalog;
mod context;
mod figures;
mod hotspots;
pub(crate) mod items;
mod limits;
mod loaders;
mod org;
mod pagination;
mod patrols;
mod practice;
mod push;
mod referrals;
mod renovations;
mod sessions;
mod subscription;
mod types;

use async_graphql::{MergedObject, Schema};

pub use context::RequestCtx;
pub use loaders::new as new_row_loader;

use crate::state::AppState;

#[derive(MergedObject, Default)]
#[graphql(name = "Query")]
pub struct QueryRoot(
    sessions::SessionQuery,
    org::OrgQuery,
    accounts::AccountQuery,
    catalog::CatalogQuery,
    items::ItemQuery,
    cases::CaseQuery,
    renovations::RenovationQuery,
    figures::FigureQuery,
    hotspots::HotspotQuery,
    practice::PracticeQuery,
    patrols::PatrolQuery,
    referrals::ReferralQuery,
    push::PushQuery,
);

#[derive(MergedObject, Default)]
#[graphql(name = "Mutation")]
pub struct MutationRoot(
    sessions::SessionMutation,
    accounts::AccountMutation,
    catalog::CatalogMutation,
    items::ItemMutation,
    cases::CaseMutation,
    renovations::RenovationMutation,
    hotspots::HotspotMutation,
    practice::PracticeMutation,
    patrols::PatrolMutation,
    referrals::ReferralMutation,
    push::PushMutation,
);

pub use subscription::SubscriptionRoot;

pub type AppSchema = Schema<QueryRoot, MutationRoot, SubscriptionRoot>;

/// Builds the schema once; it is shared by clone.
pub fn build_schema(state: AppState) -> AppSchema {
    let s = &state.settings;
    let mut b = Schema::build(
        QueryRoot::default(),
        MutationRoot::default(),
        SubscriptionRoot,
    )
    .limit_depth(s.max_query_depth)
    .limit_complexity(s.max_query_complexity)
    .limit_recursive_depth(32)
    .limit_directives(20)
    .extension(limits::AliasLimit(s.max_query_aliases));
    if !s.dev {
        b = b.disable_introspection().disable_suggestions();
    }
    b.data(state).finish()
}

/// The SDL committed as `api/schema.graphql`.
pub fn sdl() -> String {
    Schema::build(
        QueryRoot::default(),
        MutationRoot::default(),
        SubscriptionRoot,
    )
    .finish()
    .sdl()
}
