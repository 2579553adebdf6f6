//! The renovation-management pilot (SPEC §8): registrations (装修登记) with the notice and
//! commitment, the firm's patrols, and the link from a property report to its registration.
use sea_orm_migration::{prelude::*, schema::*};

use crate::{
    m20261127_000001_create_organisation::{
        Community, PropertyFirm, Unit, fk, index, unique_index,
    },
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
                .table(Renovation::Table)
                .col(pk_auto(Renovation::Id))
                .col(uuid_uniq(Renovation::Uuid))
                .col(integer(Renovation::PropertyFirmId))
                .col(integer(Renovation::CommunityId))
                .col(integer(Renovation::UnitId))
                .col(string(Renovation::OwnerName))
                .col(string_null(Renovation::OwnerPhone))
                .col(string(Renovation::ContractorName))
                .col(string_null(Renovation::ContractorPhone))
                .col(date(Renovation::PlannedStart))
                .col(date(Renovation::PlannedEnd))
                .col(text(Renovation::ScopeOfWork))
                .col(boolean(Renovation::LoadBearing))
                .col(boolean(Renovation::Waterproofing))
                .col(boolean(Renovation::SharedFacilities))
                .col(boolean(Renovation::HighRisk))
                .col(string(Renovation::Status))
                .col(integer(Renovation::PatrolEvery))
                .col(date_null(Renovation::AgreementSignedOn))
                .col(uuid_null(Renovation::AgreementPhotoUuid))
                .col(text_null(Renovation::AgreementNote))
                .col(date_null(Renovation::StartedOn))
                .col(date_null(Renovation::CompletedOn))
                .col(text_null(Renovation::CompletionNote))
                .col(integer(Renovation::CreatedBy))
                .col(string(Renovation::IdempotencyKey))
                .col(string(Renovation::RequestHash))
                .col(integer(Renovation::Version))
                .col(timestamp_with_time_zone(Renovation::CreatedAt))
                .col(timestamp_with_time_zone(Renovation::UpdatedAt))
                .foreign_key(&mut fk(
                    Renovation::Table,
                    Renovation::PropertyFirmId,
                    PropertyFirm::Table,
                    PropertyFirm::Id,
                ))
                .foreign_key(&mut fk(
                    Renovation::Table,
                    Renovation::CommunityId,
                    Community::Table,
                    Community::Id,
                ))
                .foreign_key(&mut fk(
                    Renovation::Table,
                    Renovation::UnitId,
                    Unit::Table,
                    Unit::Id,
                ))
                .foreign_key(&mut fk(
                    Renovation::Table,
                    Renovation::CreatedBy,
                    Account::Table,
                    Account::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(m, Renovation::Table, &[Renovation::PropertyFirmId]).await?;
        index(m, Renovation::Table, &[Renovation::CommunityId]).await?;
        index(m, Renovation::Table, &[Renovation::UnitId]).await?;
        unique_index(
            m,
            Renovation::Table,
            &[Renovation::CreatedBy, Renovation::IdempotencyKey],
        )
        .await?;

        m.create_table(
            Table::create()
                .table(RenovationPatrol::Table)
                .col(pk_auto(RenovationPatrol::Id))
                .col(uuid_uniq(RenovationPatrol::Uuid))
                .col(integer(RenovationPatrol::RenovationId))
                .col(timestamp_with_time_zone(RenovationPatrol::PatrolledAt))
                .col(integer(RenovationPatrol::ById))
                .col(text(RenovationPatrol::Findings))
                .col(boolean(RenovationPatrol::Violation))
                .col(uuid_null(RenovationPatrol::PhotoUuid))
                .col(boolean(RenovationPatrol::HasCopies))
                .col(string(RenovationPatrol::IdempotencyKey))
                .col(string(RenovationPatrol::RequestHash))
                .col(timestamp_with_time_zone(RenovationPatrol::CreatedAt))
                .foreign_key(&mut fk(
                    RenovationPatrol::Table,
                    RenovationPatrol::RenovationId,
                    Renovation::Table,
                    Renovation::Id,
                ))
                .foreign_key(&mut fk(
                    RenovationPatrol::Table,
                    RenovationPatrol::ById,
                    Account::Table,
                    Account::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            RenovationPatrol::Table,
            &[RenovationPatrol::RenovationId],
        )
        .await?;
        unique_index(
            m,
            RenovationPatrol::Table,
            &[RenovationPatrol::ById, RenovationPatrol::IdempotencyKey],
        )
        .await?;
        index(m, RenovationPatrol::Table, &[RenovationPatrol::PhotoUuid]).await?;

        m.alter_table(
            Table::alter()
                .table(Item::Table)
                .add_column(integer_null(Link::RenovationId))
                .to_owned(),
        )
        .await?;
        index(m, Item::Table, &[Link::RenovationId]).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Item::Table)
                .drop_column(Link::RenovationId)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(RenovationPatrol::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Renovation::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Link {
    RenovationId,
}

#[derive(DeriveIden, Clone, Copy)]
enum Renovation {
    Table,
    Id,
    Uuid,
    PropertyFirmId,
    CommunityId,
    UnitId,
    OwnerName,
    OwnerPhone,
    ContractorName,
    ContractorPhone,
    PlannedStart,
    PlannedEnd,
    ScopeOfWork,
    LoadBearing,
    Waterproofing,
    SharedFacilities,
    HighRisk,
    Status,
    PatrolEvery,
    AgreementSignedOn,
    AgreementPhotoUuid,
    AgreementNote,
    StartedOn,
    CompletedOn,
    CompletionNote,
    CreatedBy,
    IdempotencyKey,
    RequestHash,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum RenovationPatrol {
    Table,
    Id,
    Uuid,
    RenovationId,
    PatrolledAt,
    ById,
    Findings,
    Violation,
    PhotoUuid,
    HasCopies,
    IdempotencyKey,
    RequestHash,
    CreatedAt,
}
