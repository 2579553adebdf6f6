//! Reference data the repository carries (`api/catalog/*.csv`): the 34 enforcement
//! matters, the holiday calendar and the district's sub-districts. Loaded at start; rows a
//! supervisor already edited are left alone (only missing rows are added).
pub mod calendar;
pub mod holidays;
pub(crate) mod load;
pub mod matters;

pub use load::load_reference_data;
