//! Photos of items: the object-store keys of each copy and the evidence read from the
//! original's metadata (for officers only).
use sea_orm_migration::{prelude::*, schema::*};

use crate::{
    m20261127_000001_create_organisation::{fk, index},
    m20261127_000002_create_accounts::Account,
    m20261127_000004_create_items::Item,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Photo::Table)
                .col(pk_auto(Photo::Id))
                .col(uuid_uniq(Photo::Uuid))
                .col(integer(Photo::ItemId))
                .col(integer(Photo::UploaderId))
                .col(integer(Photo::Position))
                .col(string(Photo::ContentType))
                .col(big_integer(Photo::Bytes))
                .col(integer(Photo::Width))
                .col(integer(Photo::Height))
                .col(string(Photo::Sha256))
                .col(boolean(Photo::HasCopies))
                .col(timestamp_with_time_zone_null(Photo::CapturedAt))
                .col(double_null(Photo::Latitude))
                .col(double_null(Photo::Longitude))
                .col(timestamp_with_time_zone(Photo::CreatedAt))
                .foreign_key(&mut fk(Photo::Table, Photo::ItemId, Item::Table, Item::Id))
                .foreign_key(&mut fk(
                    Photo::Table,
                    Photo::UploaderId,
                    Account::Table,
                    Account::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(m, Photo::Table, &[Photo::ItemId]).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Photo::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Photo {
    Table,
    Id,
    Uuid,
    ItemId,
    UploaderId,
    Position,
    ContentType,
    Bytes,
    Width,
    Height,
    Sha256,
    HasCopies,
    CapturedAt,
    Latitude,
    Longitude,
    CreatedAt,
}
