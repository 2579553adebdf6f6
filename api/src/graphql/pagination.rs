//! Relay connections with a default and a maximum page size. Cursors are opaque offsets
//! (never row ids).
use async_graphql::{
    Context, OutputType, SimpleObject,
    connection::{Connection, Edge, EmptyFields},
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};

use super::context::CtxExt;
use crate::{error::ApiError, i18n::Msg};

pub const DEFAULT_PAGE: u64 = 20;
pub const MAX_PAGE: u64 = 100;
/// Deeper than any list here goes; past it a cursor is forged.
pub const MAX_OFFSET: u64 = 100_000_000;

#[derive(SimpleObject)]
pub struct Total {
    /// How many items match, over all pages.
    pub total_count: u64,
}

pub type Page<T> = Connection<String, T, Total, EmptyFields>;

/// (offset, limit) from `first` and `after`.
pub fn window(
    ctx: &Context<'_>,
    first: Option<i32>,
    after: Option<String>,
) -> async_graphql::Result<(u64, u64)> {
    let limit = match first {
        None => DEFAULT_PAGE,
        Some(n) if n >= 0 && (n as u64) <= MAX_PAGE => n as u64,
        Some(_) => return Err(ctx.fail(ApiError::Validation(Msg::PageTooLarge))),
    };
    let offset = match after {
        None => 0,
        // A cursor is only ever one we made: bounded, so no arithmetic or binding overflows.
        Some(c) => {
            decode(&c)
                .filter(|o| *o < MAX_OFFSET)
                .ok_or_else(|| ctx.fail(ApiError::Validation(Msg::InvalidCursor)))?
                + 1
        }
    };
    Ok((offset, limit))
}

fn encode(offset: u64) -> String {
    URL_SAFE_NO_PAD.encode(format!("o:{offset}"))
}

fn decode(cursor: &str) -> Option<u64> {
    let raw = URL_SAFE_NO_PAD.decode(cursor).ok()?;
    std::str::from_utf8(&raw)
        .ok()?
        .strip_prefix("o:")?
        .parse()
        .ok()
}

pub fn page<T: OutputType>(rows: Vec<T>, offset: u64, total: u64) -> Page<T> {
    let n = rows.len() as u64;
    let mut c = Connection::with_additional_fields(
        offset > 0,
        offset + n < total,
        Total { total_count: total },
    );
    c.edges.extend(
        rows.into_iter()
            .enumerate()
            .map(|(i, r)| Edge::new(encode(offset + i as u64), r)),
    );
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forged_cursors_past_the_bound_do_not_decode_to_a_usable_offset() {
        let huge = URL_SAFE_NO_PAD.encode(format!("o:{}", u64::MAX));
        assert!(decode(&huge).is_none_or(|o| o >= MAX_OFFSET));
    }

    #[test]
    fn cursors_round_trip() {
        assert_eq!(decode(&encode(41)), Some(41));
        assert_eq!(decode("not-a-cursor"), None);
    }
}
