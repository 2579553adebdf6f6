//! Gongzhi (共治): the online community workroom of a district's urban-management
//! enforcement bureau. The binary (`main.rs`) only loads settings and runs this library.
pub mod accounts;
pub mod admin;
pub mod audit;
pub mod auth;
pub mod authz;
pub mod cases;
pub mod catalog;
pub mod db;
pub mod demo;
pub mod demo_activity;
pub mod error;
pub mod events;
pub mod graphql;
pub mod http;
pub mod i18n;
pub mod intake;
pub mod metrics;
pub mod photos;
pub mod push;
pub mod renovation;
pub mod settings;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod validation;
