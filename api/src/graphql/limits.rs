//! A limit async-graphql lacks: aliases. Aliases let one request repeat a field many times
//! (100 guesses at a password in one login request, or one heavy read 100 times). Each
//! aliased mutation still runs its own checks (the login limit counts each one), and the
//! complexity limit bounds reads; this refuses the pattern itself before anything runs.
use std::sync::Arc;

use async_graphql::{
    ErrorExtensions, ServerResult, Variables,
    extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery},
    parser::types::{DocumentOperations, ExecutableDocument, Selection, SelectionSet},
};

use super::RequestCtx;
use crate::i18n::{Lang, Msg};

/// At most this many aliased fields in one request (`max_query_aliases`).
pub struct AliasLimit(pub usize);

impl ExtensionFactory for AliasLimit {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(AliasLimitExtension(self.0))
    }
}

struct AliasLimitExtension(usize);

#[async_graphql::async_trait::async_trait]
impl Extension for AliasLimitExtension {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let doc = next.run(ctx, query, variables).await?;
        if aliases_in(&doc) > self.0 {
            let lang = ctx
                .data_opt::<RequestCtx>()
                .map(|r| r.lang)
                .unwrap_or(Lang::Zh);
            let e = async_graphql::Error::new(Msg::TooManyAliases.text(lang))
                .extend_with(|_, e| e.set("code", "BAD_REQUEST"));
            return Err(e.into_server_error(Default::default()));
        }
        Ok(doc)
    }
}

/// Every aliased field written in the document: its operations and its fragments.
pub fn aliases_in(doc: &ExecutableDocument) -> usize {
    let ops: usize = match &doc.operations {
        DocumentOperations::Single(op) => in_set(&op.node.selection_set.node),
        DocumentOperations::Multiple(ops) => ops
            .values()
            .map(|op| in_set(&op.node.selection_set.node))
            .sum(),
    };
    let fragments: usize = doc
        .fragments
        .values()
        .map(|f| in_set(&f.node.selection_set.node))
        .sum();
    ops + fragments
}

fn in_set(set: &SelectionSet) -> usize {
    set.items
        .iter()
        .map(|s| match &s.node {
            Selection::Field(f) => {
                usize::from(f.node.alias.is_some()) + in_set(&f.node.selection_set.node)
            }
            Selection::InlineFragment(f) => in_set(&f.node.selection_set.node),
            Selection::FragmentSpread(_) => 0,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_are_counted_in_operations_fragments_and_nested_fields() {
        let doc = async_graphql::parser::parse_query(
            "query { a: me { id } b: me { x: id } ...F }
             fragment F on QueryRoot { c: me { id } }",
        )
        .unwrap();
        assert_eq!(aliases_in(&doc), 4);
        let plain = async_graphql::parser::parse_query("{ me { id } }").unwrap();
        assert_eq!(aliases_in(&plain), 0);
    }
}
