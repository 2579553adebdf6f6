//! sea-orm entities: one file per table, generated in shape, no behaviour.
pub mod account;
pub mod audit_log;
pub mod building;
pub mod committee;
pub mod community;
pub mod community_workroom;
pub mod district;
pub mod holiday;
pub mod login_failure;
pub mod matter;
pub mod property_firm;
pub mod refresh_token;
pub mod squad;
pub mod sub_district;
pub mod unit;
pub mod workroom_officer;
