//! The on-site clock for illegal construction (SPEC §5): officers on site within 24 hours of
//! a report, 2 hours while it is still being built.
use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261127_000004_create_items::Item;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Item::Table)
                .add_column(timestamp_with_time_zone_null(OnSite::OnSiteDueAt))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Item::Table)
                .drop_column(OnSite::OnSiteDueAt)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum OnSite {
    OnSiteDueAt,
}
