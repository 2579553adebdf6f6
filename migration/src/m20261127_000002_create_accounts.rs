//! Accounts bound to a scope, refresh-token families, failed-login records and the
//! append-only audit log (SPEC §1, §10).
use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261127_000001_create_organisation::{
    Committee, CommunityWorkroom, District, PropertyFirm, Squad, Unit, fk, index, unique_index,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Account::Table)
                .col(pk_auto(Account::Id))
                .col(uuid_uniq(Account::Uuid))
                .col(string_uniq(Account::Login))
                .col(string_null(Account::Phone))
                .col(string(Account::DisplayName))
                .col(string(Account::PasswordHash))
                .col(string(Account::Role))
                .col(string(Account::Status))
                .col(integer_null(Account::DistrictId))
                .col(integer_null(Account::SquadId))
                .col(integer_null(Account::CommitteeId))
                .col(integer_null(Account::PropertyFirmId))
                .col(integer_null(Account::UnitId))
                .col(integer_null(Account::VerifiedBy))
                .col(timestamp_with_time_zone_null(Account::VerifiedAt))
                .col(timestamp_with_time_zone(Account::CreatedAt))
                .col(timestamp_with_time_zone(Account::UpdatedAt))
                .foreign_key(&mut fk(
                    Account::Table,
                    Account::DistrictId,
                    District::Table,
                    District::Id,
                ))
                .foreign_key(&mut fk(
                    Account::Table,
                    Account::SquadId,
                    Squad::Table,
                    Squad::Id,
                ))
                .foreign_key(&mut fk(
                    Account::Table,
                    Account::CommitteeId,
                    Committee::Table,
                    Committee::Id,
                ))
                .foreign_key(&mut fk(
                    Account::Table,
                    Account::PropertyFirmId,
                    PropertyFirm::Table,
                    PropertyFirm::Id,
                ))
                .foreign_key(&mut fk(
                    Account::Table,
                    Account::UnitId,
                    Unit::Table,
                    Unit::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(m, Account::Table, &[Account::Role, Account::Status]).await?;
        index(m, Account::Table, &[Account::Phone]).await?;
        m.create_table(
            Table::create()
                .table(WorkroomOfficer::Table)
                .col(pk_auto(WorkroomOfficer::Id))
                .col(integer(WorkroomOfficer::WorkroomId))
                .col(integer(WorkroomOfficer::AccountId))
                .foreign_key(&mut fk(
                    WorkroomOfficer::Table,
                    WorkroomOfficer::WorkroomId,
                    CommunityWorkroom::Table,
                    CommunityWorkroom::Id,
                ))
                .foreign_key(&mut fk(
                    WorkroomOfficer::Table,
                    WorkroomOfficer::AccountId,
                    Account::Table,
                    Account::Id,
                ))
                .to_owned(),
        )
        .await?;
        unique_index(
            m,
            WorkroomOfficer::Table,
            &[WorkroomOfficer::WorkroomId, WorkroomOfficer::AccountId],
        )
        .await?;
        m.create_table(
            Table::create()
                .table(RefreshToken::Table)
                .col(pk_auto(RefreshToken::Id))
                .col(integer(RefreshToken::AccountId))
                .col(uuid(RefreshToken::Family))
                .col(string_uniq(RefreshToken::TokenHash))
                .col(timestamp_with_time_zone(RefreshToken::ExpiresAt))
                .col(timestamp_with_time_zone_null(RefreshToken::UsedAt))
                .col(timestamp_with_time_zone_null(RefreshToken::RevokedAt))
                .col(timestamp_with_time_zone(RefreshToken::CreatedAt))
                .foreign_key(&mut fk(
                    RefreshToken::Table,
                    RefreshToken::AccountId,
                    Account::Table,
                    Account::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(m, RefreshToken::Table, &[RefreshToken::Family]).await?;
        index(m, RefreshToken::Table, &[RefreshToken::AccountId]).await?;
        m.create_table(
            Table::create()
                .table(LoginFailure::Table)
                .col(pk_auto(LoginFailure::Id))
                .col(string(LoginFailure::Key))
                .col(timestamp_with_time_zone(LoginFailure::At))
                .to_owned(),
        )
        .await?;
        index(
            m,
            LoginFailure::Table,
            &[LoginFailure::Key, LoginFailure::At],
        )
        .await?;
        m.create_table(
            Table::create()
                .table(AuditLog::Table)
                .col(pk_auto(AuditLog::Id))
                .col(timestamp_with_time_zone(AuditLog::At))
                .col(integer_null(AuditLog::ActorId))
                .col(string(AuditLog::EntityType))
                .col(uuid(AuditLog::EntityUuid))
                .col(string(AuditLog::Action))
                .col(text(AuditLog::Detail))
                .to_owned(),
        )
        .await?;
        index(
            m,
            AuditLog::Table,
            &[AuditLog::EntityType, AuditLog::EntityUuid],
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            AuditLog::Table.into_iden(),
            LoginFailure::Table.into_iden(),
            RefreshToken::Table.into_iden(),
            WorkroomOfficer::Table.into_iden(),
            Account::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
pub(crate) enum Account {
    Table,
    Id,
    Uuid,
    Login,
    Phone,
    DisplayName,
    PasswordHash,
    Role,
    Status,
    DistrictId,
    SquadId,
    CommitteeId,
    PropertyFirmId,
    UnitId,
    VerifiedBy,
    VerifiedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum WorkroomOfficer {
    Table,
    Id,
    WorkroomId,
    AccountId,
}

#[derive(DeriveIden, Clone, Copy)]
enum RefreshToken {
    Table,
    Id,
    AccountId,
    Family,
    TokenHash,
    ExpiresAt,
    UsedAt,
    RevokedAt,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum LoginFailure {
    Table,
    Id,
    Key,
    At,
}

#[derive(DeriveIden, Clone, Copy)]
enum AuditLog {
    Table,
    Id,
    At,
    ActorId,
    EntityType,
    EntityUuid,
    Action,
    Detail,
}
