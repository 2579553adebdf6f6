//! Intake (SPEC §4, §5): items (complaints, property reports, committee reports,
//! suggestions), their append-only events, their filers ("me too"), and the idempotency
//! keys that make every filing safe to retry.
use sea_orm_migration::{prelude::*, schema::*};

use crate::{
    m20261127_000001_create_organisation::{Community, Squad, Unit, fk, index, unique_index},
    m20261127_000002_create_accounts::Account,
    m20261127_000003_create_catalog::Matter,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Item::Table)
                .col(pk_auto(Item::Id))
                .col(uuid_uniq(Item::Uuid))
                .col(string(Item::Kind))
                .col(string(Item::Source))
                .col(string(Item::Status))
                .col(integer_null(Item::MatterId))
                .col(integer(Item::CommunityId))
                .col(integer_null(Item::UnitId))
                .col(integer(Item::SquadId))
                .col(integer(Item::FilerId))
                .col(integer_null(Item::AssigneeId))
                .col(boolean(Item::Anonymous))
                .col(text(Item::Description))
                .col(timestamp_with_time_zone_null(Item::SeenAt))
                .col(boolean(Item::PublicSafety))
                .col(boolean(Item::MediaAttention))
                .col(boolean(Item::Late))
                .col(integer(Item::FilerCount))
                .col(integer(Item::Priority))
                .col(timestamp_with_time_zone_null(Item::DueAt))
                .col(boolean(Item::Reopened))
                .col(string_null(Item::Resolution))
                .col(string_null(Item::Department))
                .col(text_null(Item::Reply))
                .col(string_null(Item::Rating))
                .col(text_null(Item::RatingComment))
                .col(text_null(Item::Dissuasion))
                .col(text_null(Item::Topic))
                .col(text_null(Item::Reasons))
                .col(text_null(Item::Measures))
                .col(text_null(Item::Answer))
                .col(string_null(Item::Adoption))
                .col(timestamp_with_time_zone(Item::CreatedAt))
                .col(timestamp_with_time_zone(Item::UpdatedAt))
                .col(timestamp_with_time_zone_null(Item::RepliedAt))
                .col(timestamp_with_time_zone_null(Item::ClosedAt))
                .foreign_key(&mut fk(
                    Item::Table,
                    Item::MatterId,
                    Matter::Table,
                    Matter::Id,
                ))
                .foreign_key(&mut fk(
                    Item::Table,
                    Item::CommunityId,
                    Community::Table,
                    Community::Id,
                ))
                .foreign_key(&mut fk(Item::Table, Item::UnitId, Unit::Table, Unit::Id))
                .foreign_key(&mut fk(Item::Table, Item::SquadId, Squad::Table, Squad::Id))
                .foreign_key(&mut fk(
                    Item::Table,
                    Item::FilerId,
                    Account::Table,
                    Account::Id,
                ))
                .foreign_key(&mut fk(
                    Item::Table,
                    Item::AssigneeId,
                    Account::Table,
                    Account::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(m, Item::Table, &[Item::SquadId, Item::Status]).await?;
        index(
            m,
            Item::Table,
            &[Item::CommunityId, Item::UnitId, Item::MatterId],
        )
        .await?;
        index(m, Item::Table, &[Item::Status, Item::DueAt]).await?;
        m.create_table(
            Table::create()
                .table(ItemEvent::Table)
                .col(pk_auto(ItemEvent::Id))
                .col(integer(ItemEvent::ItemId))
                .col(timestamp_with_time_zone(ItemEvent::At))
                .col(integer_null(ItemEvent::ActorId))
                .col(string_null(ItemEvent::ActorRole))
                .col(string(ItemEvent::Action))
                .col(string_null(ItemEvent::FromStatus))
                .col(string_null(ItemEvent::ToStatus))
                .col(text_null(ItemEvent::Note))
                .col(boolean(ItemEvent::FilerVisible))
                .foreign_key(&mut fk(
                    ItemEvent::Table,
                    ItemEvent::ItemId,
                    Item::Table,
                    Item::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(m, ItemEvent::Table, &[ItemEvent::ItemId]).await?;
        m.create_table(
            Table::create()
                .table(ItemFiler::Table)
                .col(pk_auto(ItemFiler::Id))
                .col(integer(ItemFiler::ItemId))
                .col(integer(ItemFiler::AccountId))
                .col(timestamp_with_time_zone(ItemFiler::CreatedAt))
                .foreign_key(&mut fk(
                    ItemFiler::Table,
                    ItemFiler::ItemId,
                    Item::Table,
                    Item::Id,
                ))
                .foreign_key(&mut fk(
                    ItemFiler::Table,
                    ItemFiler::AccountId,
                    Account::Table,
                    Account::Id,
                ))
                .to_owned(),
        )
        .await?;
        unique_index(
            m,
            ItemFiler::Table,
            &[ItemFiler::ItemId, ItemFiler::AccountId],
        )
        .await?;
        index(m, ItemFiler::Table, &[ItemFiler::AccountId]).await?;
        m.create_table(
            Table::create()
                .table(IdempotencyKey::Table)
                .col(pk_auto(IdempotencyKey::Id))
                .col(integer(IdempotencyKey::AccountId))
                .col(string(IdempotencyKey::Key))
                .col(string(IdempotencyKey::RequestHash))
                .col(integer(IdempotencyKey::ItemId))
                .col(timestamp_with_time_zone(IdempotencyKey::CreatedAt))
                .foreign_key(&mut fk(
                    IdempotencyKey::Table,
                    IdempotencyKey::AccountId,
                    Account::Table,
                    Account::Id,
                ))
                .foreign_key(&mut fk(
                    IdempotencyKey::Table,
                    IdempotencyKey::ItemId,
                    Item::Table,
                    Item::Id,
                ))
                .to_owned(),
        )
        .await?;
        unique_index(
            m,
            IdempotencyKey::Table,
            &[IdempotencyKey::AccountId, IdempotencyKey::Key],
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            IdempotencyKey::Table.into_iden(),
            ItemFiler::Table.into_iden(),
            ItemEvent::Table.into_iden(),
            Item::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
pub(crate) enum Item {
    Table,
    Id,
    Uuid,
    Kind,
    Source,
    Status,
    MatterId,
    CommunityId,
    UnitId,
    SquadId,
    FilerId,
    AssigneeId,
    Anonymous,
    Description,
    SeenAt,
    PublicSafety,
    MediaAttention,
    Late,
    FilerCount,
    Priority,
    DueAt,
    Reopened,
    Resolution,
    Department,
    Reply,
    Rating,
    RatingComment,
    Dissuasion,
    Topic,
    Reasons,
    Measures,
    Answer,
    Adoption,
    CreatedAt,
    UpdatedAt,
    RepliedAt,
    ClosedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ItemEvent {
    Table,
    Id,
    ItemId,
    At,
    ActorId,
    ActorRole,
    Action,
    FromStatus,
    ToStatus,
    Note,
    FilerVisible,
}

#[derive(DeriveIden, Clone, Copy)]
enum ItemFiler {
    Table,
    Id,
    ItemId,
    AccountId,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum IdempotencyKey {
    Table,
    Id,
    AccountId,
    Key,
    RequestHash,
    ItemId,
    CreatedAt,
}
