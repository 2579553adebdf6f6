//! Who is calling: roles, scopes, passwords, tokens and sessions. Authentication happens
//! once at the edge (`CurrentUser`); authorization lives next to the data (`crate::authz`).
pub mod password;
pub mod rate_limit;
pub mod sessions;
pub mod tokens;

mod current_user;
mod role;

pub use current_user::{CurrentUser, Scope};
pub use role::{AccountStatus, Role};
