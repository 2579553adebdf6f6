//! Schema migrations, run at start and in tests on SQLite and PostgreSQL alike.
pub use sea_orm_migration::prelude::*;

mod m20261127_000001_create_organisation;
mod m20261127_000002_create_accounts;
mod m20261127_000003_create_catalog;
mod m20261127_000004_create_items;
mod m20261127_000005_create_photos;
mod m20261127_000006_create_push_subscriptions;
mod m20261127_000007_add_item_on_site_due;
mod m20261127_000008_create_cases;
mod m20261127_000009_create_renovations;
mod m20261127_000010_create_hotspots_and_figures;
mod m20261127_000011_create_patrols;
mod m20261127_000012_create_referrals;
mod m20261127_000013_read_indexes;

/// The statuses of the inbox's partial index, as its predicate says them.
pub use m20261127_000013_read_indexes::WORKING as INBOX_INDEX_STATUSES;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261127_000001_create_organisation::Migration),
            Box::new(m20261127_000002_create_accounts::Migration),
            Box::new(m20261127_000003_create_catalog::Migration),
            Box::new(m20261127_000004_create_items::Migration),
            Box::new(m20261127_000005_create_photos::Migration),
            Box::new(m20261127_000006_create_push_subscriptions::Migration),
            Box::new(m20261127_000007_add_item_on_site_due::Migration),
            Box::new(m20261127_000008_create_cases::Migration),
            Box::new(m20261127_000009_create_renovations::Migration),
            Box::new(m20261127_000010_create_hotspots_and_figures::Migration),
            Box::new(m20261127_000011_create_patrols::Migration),
            Box::new(m20261127_000012_create_referrals::Migration),
            Box::new(m20261127_000013_read_indexes::Migration),
        ]
    }
}
