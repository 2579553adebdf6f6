//! Photos of items (SPEC §10): checked by content, bounded, stripped of metadata in every
//! copy but the officers' original, stored in an object store, served by signed URLs.
pub mod attach;
pub mod inspect;
pub mod store;

pub use store::{PhotoStore, Variant};
