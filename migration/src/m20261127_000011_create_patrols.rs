//! Duty and patrols (勤务, SPEC §9): patrol plans (which communities, which days, which
//! officers — at least two), the patrols officers log with their check-ins, and the findings
//! that became or joined items.
use sea_orm_migration::{prelude::*, schema::*};

use crate::{
    m20261127_000001_create_organisation::{Community, Squad, fk, index, unique_index},
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
                .table(PatrolPlan::Table)
                .col(pk_auto(PatrolPlan::Id))
                .col(uuid_uniq(PatrolPlan::Uuid))
                .col(integer(PatrolPlan::SquadId))
                .col(string(PatrolPlan::Title))
                .col(date(PatrolPlan::StartsOn))
                .col(date(PatrolPlan::EndsOn))
                .col(integer(PatrolPlan::CreatedBy))
                .col(timestamp_with_time_zone(PatrolPlan::CreatedAt))
                .foreign_key(&mut fk(
                    PatrolPlan::Table,
                    PatrolPlan::SquadId,
                    Squad::Table,
                    Squad::Id,
                ))
                .foreign_key(&mut fk(
                    PatrolPlan::Table,
                    PatrolPlan::CreatedBy,
                    Account::Table,
                    Account::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            PatrolPlan::Table,
            &[PatrolPlan::SquadId, PatrolPlan::StartsOn],
        )
        .await?;

        m.create_table(
            Table::create()
                .table(PatrolPlanEntry::Table)
                .col(pk_auto(PatrolPlanEntry::Id))
                .col(uuid_uniq(PatrolPlanEntry::Uuid))
                .col(integer(PatrolPlanEntry::PlanId))
                .col(integer(PatrolPlanEntry::CommunityId))
                .col(date(PatrolPlanEntry::OnDay))
                .foreign_key(&mut fk(
                    PatrolPlanEntry::Table,
                    PatrolPlanEntry::PlanId,
                    PatrolPlan::Table,
                    PatrolPlan::Id,
                ))
                .foreign_key(&mut fk(
                    PatrolPlanEntry::Table,
                    PatrolPlanEntry::CommunityId,
                    Community::Table,
                    Community::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(m, PatrolPlanEntry::Table, &[PatrolPlanEntry::PlanId]).await?;
        index(m, PatrolPlanEntry::Table, &[PatrolPlanEntry::OnDay]).await?;

        m.create_table(
            Table::create()
                .table(PatrolPlanOfficer::Table)
                .col(pk_auto(PatrolPlanOfficer::Id))
                .col(integer(PatrolPlanOfficer::EntryId))
                .col(integer(PatrolPlanOfficer::AccountId))
                .foreign_key(&mut fk(
                    PatrolPlanOfficer::Table,
                    PatrolPlanOfficer::EntryId,
                    PatrolPlanEntry::Table,
                    PatrolPlanEntry::Id,
                ))
                .foreign_key(&mut fk(
                    PatrolPlanOfficer::Table,
                    PatrolPlanOfficer::AccountId,
                    Account::Table,
                    Account::Id,
                ))
                .to_owned(),
        )
        .await?;
        unique_index(
            m,
            PatrolPlanOfficer::Table,
            &[PatrolPlanOfficer::EntryId, PatrolPlanOfficer::AccountId],
        )
        .await?;
        index(m, PatrolPlanOfficer::Table, &[PatrolPlanOfficer::AccountId]).await?;

        m.create_table(
            Table::create()
                .table(Patrol::Table)
                .col(pk_auto(Patrol::Id))
                .col(uuid_uniq(Patrol::Uuid))
                .col(integer(Patrol::SquadId))
                .col(integer_null(Patrol::EntryId))
                .col(integer(Patrol::StartedBy))
                .col(timestamp_with_time_zone(Patrol::StartedAt))
                .col(timestamp_with_time_zone_null(Patrol::EndedAt))
                .col(string(Patrol::IdempotencyKey))
                .foreign_key(&mut fk(
                    Patrol::Table,
                    Patrol::SquadId,
                    Squad::Table,
                    Squad::Id,
                ))
                .foreign_key(&mut fk(
                    Patrol::Table,
                    Patrol::EntryId,
                    PatrolPlanEntry::Table,
                    PatrolPlanEntry::Id,
                ))
                .foreign_key(&mut fk(
                    Patrol::Table,
                    Patrol::StartedBy,
                    Account::Table,
                    Account::Id,
                ))
                .to_owned(),
        )
        .await?;
        unique_index(
            m,
            Patrol::Table,
            &[Patrol::StartedBy, Patrol::IdempotencyKey],
        )
        .await?;

        m.create_table(
            Table::create()
                .table(PatrolOfficer::Table)
                .col(pk_auto(PatrolOfficer::Id))
                .col(integer(PatrolOfficer::PatrolId))
                .col(integer(PatrolOfficer::AccountId))
                .foreign_key(&mut fk(
                    PatrolOfficer::Table,
                    PatrolOfficer::PatrolId,
                    Patrol::Table,
                    Patrol::Id,
                ))
                .foreign_key(&mut fk(
                    PatrolOfficer::Table,
                    PatrolOfficer::AccountId,
                    Account::Table,
                    Account::Id,
                ))
                .to_owned(),
        )
        .await?;
        unique_index(
            m,
            PatrolOfficer::Table,
            &[PatrolOfficer::PatrolId, PatrolOfficer::AccountId],
        )
        .await?;

        m.create_table(
            Table::create()
                .table(PatrolCheckin::Table)
                .col(pk_auto(PatrolCheckin::Id))
                .col(uuid_uniq(PatrolCheckin::Uuid))
                .col(integer(PatrolCheckin::PatrolId))
                .col(integer(PatrolCheckin::CommunityId))
                .col(timestamp_with_time_zone(PatrolCheckin::At))
                .col(double_null(PatrolCheckin::Latitude))
                .col(double_null(PatrolCheckin::Longitude))
                .col(string(PatrolCheckin::IdempotencyKey))
                .foreign_key(&mut fk(
                    PatrolCheckin::Table,
                    PatrolCheckin::PatrolId,
                    Patrol::Table,
                    Patrol::Id,
                ))
                .foreign_key(&mut fk(
                    PatrolCheckin::Table,
                    PatrolCheckin::CommunityId,
                    Community::Table,
                    Community::Id,
                ))
                .to_owned(),
        )
        .await?;
        unique_index(
            m,
            PatrolCheckin::Table,
            &[PatrolCheckin::PatrolId, PatrolCheckin::IdempotencyKey],
        )
        .await?;
        // The last visit of a community (the roster's "days since the last patrol").
        index(
            m,
            PatrolCheckin::Table,
            &[PatrolCheckin::CommunityId, PatrolCheckin::At],
        )
        .await?;

        m.create_table(
            Table::create()
                .table(PatrolFinding::Table)
                .col(pk_auto(PatrolFinding::Id))
                .col(uuid_uniq(PatrolFinding::Uuid))
                .col(integer(PatrolFinding::PatrolId))
                .col(integer(PatrolFinding::ItemId))
                .col(boolean(PatrolFinding::Joined))
                .col(timestamp_with_time_zone(PatrolFinding::CreatedAt))
                .foreign_key(&mut fk(
                    PatrolFinding::Table,
                    PatrolFinding::PatrolId,
                    Patrol::Table,
                    Patrol::Id,
                ))
                .foreign_key(&mut fk(
                    PatrolFinding::Table,
                    PatrolFinding::ItemId,
                    Item::Table,
                    Item::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(m, PatrolFinding::Table, &[PatrolFinding::PatrolId]).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            PatrolFinding::Table.into_iden(),
            PatrolCheckin::Table.into_iden(),
            PatrolOfficer::Table.into_iden(),
            Patrol::Table.into_iden(),
            PatrolPlanOfficer::Table.into_iden(),
            PatrolPlanEntry::Table.into_iden(),
            PatrolPlan::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum PatrolPlan {
    Table,
    Id,
    Uuid,
    SquadId,
    Title,
    StartsOn,
    EndsOn,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum PatrolPlanEntry {
    Table,
    Id,
    Uuid,
    PlanId,
    CommunityId,
    OnDay,
}

#[derive(DeriveIden, Clone, Copy)]
enum PatrolPlanOfficer {
    Table,
    Id,
    EntryId,
    AccountId,
}

#[derive(DeriveIden, Clone, Copy)]
enum Patrol {
    Table,
    Id,
    Uuid,
    SquadId,
    EntryId,
    StartedBy,
    StartedAt,
    EndedAt,
    IdempotencyKey,
}

#[derive(DeriveIden, Clone, Copy)]
enum PatrolOfficer {
    Table,
    Id,
    PatrolId,
    AccountId,
}

#[derive(DeriveIden, Clone, Copy)]
enum PatrolCheckin {
    Table,
    Id,
    Uuid,
    PatrolId,
    CommunityId,
    At,
    Latitude,
    Longitude,
    IdempotencyKey,
}

#[derive(DeriveIden, Clone, Copy)]
enum PatrolFinding {
    Table,
    Id,
    Uuid,
    PatrolId,
    ItemId,
    Joined,
    CreatedAt,
}
