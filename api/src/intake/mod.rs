//! Intake and the closed loop (SPEC §4, §5): filing, routing, the state machine, time
//! limits, the officer's inbox, replies, ratings and reopening.
pub mod act;
pub mod file;
pub mod list;
pub mod rules;
pub mod scope;
pub mod status;

mod history;
pub mod routing;

pub use history::{NewEvent, record_event};
