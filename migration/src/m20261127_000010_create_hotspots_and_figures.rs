//! Hotspots and their rectification plans, the 五治 practice library (SPEC §9), and the
//! milestones on an item that the figures count (SPEC §11): when and whether it was accepted
//! on time, whether the filer was told the result on time, when it became a case.
use sea_orm_migration::{prelude::*, schema::*};

use crate::{
    m20261127_000001_create_organisation::{Community, District, fk, index},
    m20261127_000002_create_accounts::Account,
    m20261127_000004_create_items::Item,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in [
            timestamp_with_time_zone_null(Milestone::AcceptDueAt),
            timestamp_with_time_zone_null(Milestone::AcceptedAt),
            boolean_null(Milestone::AcceptedOnTime),
            boolean_null(Milestone::RepliedOnTime),
            timestamp_with_time_zone_null(Milestone::ConvertedAt),
        ] {
            // SQLite takes one column per ALTER TABLE.
            m.alter_table(Table::alter().table(Item::Table).add_column(col).to_owned())
                .await?;
        }
        // Figures read a period of received items, per community.
        index(m, Item::Table, &[Item::CreatedAt]).await?;
        index(m, Item::Table, &[Item::CommunityId, Item::CreatedAt]).await?;
        // Items accepted before this migration: the time from their history; whether they were
        // on time is left unknown (NULL counts as not on time).
        let db = m.get_connection();
        db.execute_unprepared(
            "UPDATE item SET accepted_at = (SELECT MIN(e.at) FROM item_event e \
             WHERE e.item_id = item.id AND e.action = 'ACCEPT')",
        )
        .await?;
        db.execute_unprepared(
            "UPDATE item SET converted_at = (SELECT MIN(e.at) FROM item_event e \
             WHERE e.item_id = item.id AND e.to_status = 'CONVERTED_TO_CASE')",
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Hotspot::Table)
                .col(pk_auto(Hotspot::Id))
                .col(uuid_uniq(Hotspot::Uuid))
                .col(integer(Hotspot::DistrictId))
                .col(integer(Hotspot::CommunityId))
                .col(date(Hotspot::StartsOn))
                .col(date_null(Hotspot::EndsOn))
                .col(string(Hotspot::Source))
                .col(text_null(Hotspot::Note))
                .col(integer(Hotspot::CreatedBy))
                .col(timestamp_with_time_zone(Hotspot::CreatedAt))
                .foreign_key(&mut fk(
                    Hotspot::Table,
                    Hotspot::DistrictId,
                    District::Table,
                    District::Id,
                ))
                .foreign_key(&mut fk(
                    Hotspot::Table,
                    Hotspot::CommunityId,
                    Community::Table,
                    Community::Id,
                ))
                .foreign_key(&mut fk(
                    Hotspot::Table,
                    Hotspot::CreatedBy,
                    Account::Table,
                    Account::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(m, Hotspot::Table, &[Hotspot::DistrictId]).await?;
        index(m, Hotspot::Table, &[Hotspot::CommunityId]).await?;

        m.create_table(
            Table::create()
                .table(RectificationPlan::Table)
                .col(pk_auto(RectificationPlan::Id))
                .col(uuid_uniq(RectificationPlan::Uuid))
                .col(integer(RectificationPlan::HotspotId))
                .col(string(RectificationPlan::Title))
                .col(date(RectificationPlan::StartedOn))
                .col(date_null(RectificationPlan::EndsOn))
                .col(integer(RectificationPlan::CreatedBy))
                .col(timestamp_with_time_zone(RectificationPlan::CreatedAt))
                .foreign_key(&mut fk(
                    RectificationPlan::Table,
                    RectificationPlan::HotspotId,
                    Hotspot::Table,
                    Hotspot::Id,
                ))
                .foreign_key(&mut fk(
                    RectificationPlan::Table,
                    RectificationPlan::CreatedBy,
                    Account::Table,
                    Account::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(m, RectificationPlan::Table, &[RectificationPlan::HotspotId]).await?;

        m.create_table(
            Table::create()
                .table(PlanMeasure::Table)
                .col(pk_auto(PlanMeasure::Id))
                .col(uuid_uniq(PlanMeasure::Uuid))
                .col(integer(PlanMeasure::PlanId))
                .col(text(PlanMeasure::Description))
                .col(string(PlanMeasure::Owner))
                .col(date(PlanMeasure::DueOn))
                .col(date_null(PlanMeasure::DoneOn))
                .col(timestamp_with_time_zone(PlanMeasure::CreatedAt))
                .foreign_key(&mut fk(
                    PlanMeasure::Table,
                    PlanMeasure::PlanId,
                    RectificationPlan::Table,
                    RectificationPlan::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(m, PlanMeasure::Table, &[PlanMeasure::PlanId]).await?;

        m.create_table(
            Table::create()
                .table(PlanNote::Table)
                .col(pk_auto(PlanNote::Id))
                .col(uuid_uniq(PlanNote::Uuid))
                .col(integer(PlanNote::PlanId))
                .col(integer(PlanNote::AuthorId))
                .col(text(PlanNote::Body))
                .col(timestamp_with_time_zone(PlanNote::CreatedAt))
                .foreign_key(&mut fk(
                    PlanNote::Table,
                    PlanNote::PlanId,
                    RectificationPlan::Table,
                    RectificationPlan::Id,
                ))
                .foreign_key(&mut fk(
                    PlanNote::Table,
                    PlanNote::AuthorId,
                    Account::Table,
                    Account::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(m, PlanNote::Table, &[PlanNote::PlanId]).await?;

        m.create_table(
            Table::create()
                .table(PracticeCase::Table)
                .col(pk_auto(PracticeCase::Id))
                .col(uuid_uniq(PracticeCase::Uuid))
                .col(integer(PracticeCase::DistrictId))
                .col(integer(PracticeCase::AuthorId))
                .col(string(PracticeCase::Title))
                .col(text(PracticeCase::Summary))
                .col(text(PracticeCase::Body))
                .col(string(PracticeCase::Tags))
                .col(string(PracticeCase::Status))
                .col(text_null(PracticeCase::ReviewNote))
                .col(integer_null(PracticeCase::ReviewerId))
                .col(timestamp_with_time_zone_null(PracticeCase::PublishedAt))
                .col(integer(PracticeCase::Version))
                .col(timestamp_with_time_zone(PracticeCase::CreatedAt))
                .col(timestamp_with_time_zone(PracticeCase::UpdatedAt))
                .foreign_key(&mut fk(
                    PracticeCase::Table,
                    PracticeCase::DistrictId,
                    District::Table,
                    District::Id,
                ))
                .foreign_key(&mut fk(
                    PracticeCase::Table,
                    PracticeCase::AuthorId,
                    Account::Table,
                    Account::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(m, PracticeCase::Table, &[PracticeCase::Status]).await?;
        index(m, PracticeCase::Table, &[PracticeCase::AuthorId]).await?;

        m.create_table(
            Table::create()
                .table(PracticeLink::Table)
                .col(pk_auto(PracticeLink::Id))
                .col(integer(PracticeLink::PracticeCaseId))
                .col(integer_null(PracticeLink::CommunityId))
                .col(integer_null(PracticeLink::CaseId))
                .foreign_key(&mut fk(
                    PracticeLink::Table,
                    PracticeLink::PracticeCaseId,
                    PracticeCase::Table,
                    PracticeCase::Id,
                ))
                .foreign_key(&mut fk(
                    PracticeLink::Table,
                    PracticeLink::CommunityId,
                    Community::Table,
                    Community::Id,
                ))
                .to_owned(),
        )
        .await?;
        // One of the two links is always NULL, so uniqueness is kept by the service.
        index(m, PracticeLink::Table, &[PracticeLink::PracticeCaseId]).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            PracticeLink::Table.into_iden(),
            PracticeCase::Table.into_iden(),
            PlanNote::Table.into_iden(),
            PlanMeasure::Table.into_iden(),
            RectificationPlan::Table.into_iden(),
            Hotspot::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        for i in ["idx_item_created_at", "idx_item_community_id_created_at"] {
            m.drop_index(Index::drop().name(i).table(Item::Table).to_owned())
                .await?;
        }
        for c in [
            Milestone::AcceptDueAt,
            Milestone::AcceptedAt,
            Milestone::AcceptedOnTime,
            Milestone::RepliedOnTime,
            Milestone::ConvertedAt,
        ] {
            m.alter_table(Table::alter().table(Item::Table).drop_column(c).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Milestone {
    AcceptDueAt,
    AcceptedAt,
    AcceptedOnTime,
    RepliedOnTime,
    ConvertedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Hotspot {
    Table,
    Id,
    Uuid,
    DistrictId,
    CommunityId,
    StartsOn,
    EndsOn,
    Source,
    Note,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum RectificationPlan {
    Table,
    Id,
    Uuid,
    HotspotId,
    Title,
    StartedOn,
    EndsOn,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum PlanMeasure {
    Table,
    Id,
    Uuid,
    PlanId,
    Description,
    Owner,
    DueOn,
    DoneOn,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum PlanNote {
    Table,
    Id,
    Uuid,
    PlanId,
    AuthorId,
    Body,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum PracticeCase {
    Table,
    Id,
    Uuid,
    DistrictId,
    AuthorId,
    Title,
    Summary,
    Body,
    Tags,
    Status,
    ReviewNote,
    ReviewerId,
    PublishedAt,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum PracticeLink {
    Table,
    Id,
    PracticeCaseId,
    CommunityId,
    CaseId,
}
