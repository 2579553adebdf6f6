//! Accounts: reading an account's scope, residents registering and being verified by their
//! committee, supervisors creating and deactivating accounts.
mod create;
mod deactivate;
mod list;
mod register;
mod scope;
mod verify;

pub use create::{NewAccount, create_account};
pub use deactivate::deactivate_account;
pub use list::{AccountFilter, list_accounts};
pub(crate) use register::is_unique_violation;
pub use register::{NewResident, register_resident};
pub use scope::{
    ScopeRow, current_user_of, find_active_by_uuid, scope_from, scope_of, select_scope_row,
    user_of_session,
};
pub use verify::verify_resident;
