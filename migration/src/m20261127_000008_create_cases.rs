//! Enforcement cases (SPEC §6, §7): the case (案件) with its stage and clocks, its parties
//! (当事人), the filings it came from, its append-only chronology, its evidence (证据),
//! supervisors' approvals (exemptions, extensions, legal review), property duty checks
//! (物业履责核查), points marked historical stock (历史存量), and an item's repeat link.
use sea_orm_migration::{prelude::*, schema::*};

use crate::{
    m20261127_000001_create_organisation::{
        Community, PropertyFirm, Squad, Unit, fk, index, unique_index,
    },
    m20261127_000002_create_accounts::Account,
    m20261127_000003_create_catalog::Matter,
    m20261127_000004_create_items::Item,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Case::Table)
                .col(pk_auto(Case::Id))
                .col(uuid_uniq(Case::Uuid))
                .col(string_uniq(Case::Number))
                .col(string(Case::Stage))
                .col(string(Case::Procedure))
                .col(string(Case::Origin))
                .col(integer(Case::MatterId))
                .col(integer(Case::CommunityId))
                .col(integer_null(Case::UnitId))
                .col(integer(Case::HandlingSquadId))
                .col(integer_null(Case::OfficerId))
                .col(text(Case::Facts))
                .col(integer(Case::Priority))
                .col(text_null(Case::Proposed))
                .col(text_null(Case::Decision))
                .col(timestamp_with_time_zone_null(Case::HearingAt))
                .col(boolean_null(Case::ServedInPerson))
                .col(timestamp_with_time_zone(Case::FiledAt))
                .col(timestamp_with_time_zone(Case::DecisionDueAt))
                .col(timestamp_with_time_zone_null(Case::NotifiedAt))
                .col(timestamp_with_time_zone_null(Case::DecidedAt))
                .col(timestamp_with_time_zone_null(Case::ServedAt))
                .col(timestamp_with_time_zone_null(Case::ExecutedAt))
                .col(timestamp_with_time_zone_null(Case::ClosedAt))
                .col(timestamp_with_time_zone_null(Case::RecheckDueAt))
                .col(timestamp_with_time_zone_null(Case::HearingRequestDueAt))
                .col(timestamp_with_time_zone_null(Case::ServiceDueAt))
                .col(timestamp_with_time_zone_null(Case::PaymentDueAt))
                .col(timestamp_with_time_zone_null(Case::RectifyDueAt))
                .col(timestamp_with_time_zone_null(Case::NextDueAt))
                .col(integer(Case::Version))
                .col(integer(Case::CreatedBy))
                .col(timestamp_with_time_zone(Case::UpdatedAt))
                .foreign_key(&mut fk(
                    Case::Table,
                    Case::MatterId,
                    Matter::Table,
                    Matter::Id,
                ))
                .foreign_key(&mut fk(
                    Case::Table,
                    Case::CommunityId,
                    Community::Table,
                    Community::Id,
                ))
                .foreign_key(&mut fk(Case::Table, Case::UnitId, Unit::Table, Unit::Id))
                .foreign_key(&mut fk(
                    Case::Table,
                    Case::HandlingSquadId,
                    Squad::Table,
                    Squad::Id,
                ))
                .foreign_key(&mut fk(
                    Case::Table,
                    Case::OfficerId,
                    Account::Table,
                    Account::Id,
                ))
                .foreign_key(&mut fk(
                    Case::Table,
                    Case::CreatedBy,
                    Account::Table,
                    Account::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(m, Case::Table, &[Case::HandlingSquadId, Case::Stage]).await?;
        index(m, Case::Table, &[Case::CommunityId]).await?;
        index(m, Case::Table, &[Case::NextDueAt]).await?;

        m.create_table(
            Table::create()
                .table(CaseParty::Table)
                .col(pk_auto(CaseParty::Id))
                .col(uuid_uniq(CaseParty::Uuid))
                .col(integer(CaseParty::CaseId))
                .col(string(CaseParty::Kind))
                .col(string(CaseParty::Name))
                .col(string_null(CaseParty::IdNumber))
                .col(string_null(CaseParty::Phone))
                .col(string_null(CaseParty::Address))
                .col(integer_null(CaseParty::PropertyFirmId))
                .col(timestamp_with_time_zone(CaseParty::CreatedAt))
                .foreign_key(&mut fk(
                    CaseParty::Table,
                    CaseParty::CaseId,
                    Case::Table,
                    Case::Id,
                ))
                .foreign_key(&mut fk(
                    CaseParty::Table,
                    CaseParty::PropertyFirmId,
                    PropertyFirm::Table,
                    PropertyFirm::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(m, CaseParty::Table, &[CaseParty::CaseId]).await?;

        m.create_table(
            Table::create()
                .table(CaseItem::Table)
                .col(pk_auto(CaseItem::Id))
                .col(integer(CaseItem::CaseId))
                .col(integer(CaseItem::ItemId))
                .foreign_key(&mut fk(
                    CaseItem::Table,
                    CaseItem::CaseId,
                    Case::Table,
                    Case::Id,
                ))
                .foreign_key(&mut fk(
                    CaseItem::Table,
                    CaseItem::ItemId,
                    Item::Table,
                    Item::Id,
                ))
                .to_owned(),
        )
        .await?;
        unique_index(m, CaseItem::Table, &[CaseItem::CaseId, CaseItem::ItemId]).await?;
        index(m, CaseItem::Table, &[CaseItem::ItemId]).await?;

        m.create_table(
            Table::create()
                .table(CaseEvent::Table)
                .col(pk_auto(CaseEvent::Id))
                .col(integer(CaseEvent::CaseId))
                .col(timestamp_with_time_zone(CaseEvent::At))
                .col(integer_null(CaseEvent::ActorId))
                .col(string_null(CaseEvent::ActorRole))
                .col(string(CaseEvent::Action))
                .col(string_null(CaseEvent::FromStage))
                .col(string_null(CaseEvent::ToStage))
                .col(text_null(CaseEvent::Note))
                .col(text_null(CaseEvent::Details))
                .foreign_key(&mut fk(
                    CaseEvent::Table,
                    CaseEvent::CaseId,
                    Case::Table,
                    Case::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(m, CaseEvent::Table, &[CaseEvent::CaseId]).await?;

        m.create_table(
            Table::create()
                .table(CaseEvidence::Table)
                .col(pk_auto(CaseEvidence::Id))
                .col(uuid_uniq(CaseEvidence::Uuid))
                .col(integer(CaseEvidence::CaseId))
                .col(string(CaseEvidence::Kind))
                .col(string(CaseEvidence::Title))
                .col(text_null(CaseEvidence::Body))
                .col(uuid_null(CaseEvidence::PhotoUuid))
                .col(string_null(CaseEvidence::ContentType))
                .col(boolean(CaseEvidence::HasCopies))
                .col(timestamp_with_time_zone_null(CaseEvidence::CapturedAt))
                .col(double_null(CaseEvidence::Latitude))
                .col(double_null(CaseEvidence::Longitude))
                .col(integer(CaseEvidence::AddedBy))
                .col(string(CaseEvidence::IdempotencyKey))
                .col(string(CaseEvidence::RequestHash))
                .col(timestamp_with_time_zone(CaseEvidence::CreatedAt))
                .foreign_key(&mut fk(
                    CaseEvidence::Table,
                    CaseEvidence::CaseId,
                    Case::Table,
                    Case::Id,
                ))
                .foreign_key(&mut fk(
                    CaseEvidence::Table,
                    CaseEvidence::AddedBy,
                    Account::Table,
                    Account::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(m, CaseEvidence::Table, &[CaseEvidence::CaseId]).await?;
        unique_index(
            m,
            CaseEvidence::Table,
            &[CaseEvidence::AddedBy, CaseEvidence::IdempotencyKey],
        )
        .await?;
        index(m, CaseEvidence::Table, &[CaseEvidence::PhotoUuid]).await?;

        m.create_table(
            Table::create()
                .table(Approval::Table)
                .col(pk_auto(Approval::Id))
                .col(uuid_uniq(Approval::Uuid))
                .col(string(Approval::Kind))
                .col(string(Approval::Status))
                .col(integer_null(Approval::ItemId))
                .col(integer_null(Approval::CaseId))
                .col(integer(Approval::SquadId))
                .col(text(Approval::Reason))
                .col(text_null(Approval::Evidence))
                .col(integer_null(Approval::Days))
                .col(integer(Approval::RequestedBy))
                .col(timestamp_with_time_zone(Approval::RequestedAt))
                .col(integer_null(Approval::DecidedBy))
                .col(timestamp_with_time_zone_null(Approval::DecidedAt))
                .col(text_null(Approval::DecisionNote))
                .foreign_key(&mut fk(
                    Approval::Table,
                    Approval::ItemId,
                    Item::Table,
                    Item::Id,
                ))
                .foreign_key(&mut fk(
                    Approval::Table,
                    Approval::CaseId,
                    Case::Table,
                    Case::Id,
                ))
                .foreign_key(&mut fk(
                    Approval::Table,
                    Approval::SquadId,
                    Squad::Table,
                    Squad::Id,
                ))
                .foreign_key(&mut fk(
                    Approval::Table,
                    Approval::RequestedBy,
                    Account::Table,
                    Account::Id,
                ))
                .foreign_key(&mut fk(
                    Approval::Table,
                    Approval::DecidedBy,
                    Account::Table,
                    Account::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(m, Approval::Table, &[Approval::Status, Approval::SquadId]).await?;
        index(m, Approval::Table, &[Approval::ItemId]).await?;
        index(m, Approval::Table, &[Approval::CaseId]).await?;

        m.create_table(
            Table::create()
                .table(DutyCheck::Table)
                .col(pk_auto(DutyCheck::Id))
                .col(uuid_uniq(DutyCheck::Uuid))
                .col(string(DutyCheck::Status))
                .col(integer(DutyCheck::PropertyFirmId))
                .col(integer(DutyCheck::CommunityId))
                .col(integer_null(DutyCheck::UnitId))
                .col(integer_null(DutyCheck::MatterId))
                .col(integer(DutyCheck::ItemId))
                .col(integer(DutyCheck::OwnerCaseId))
                .col(integer_null(DutyCheck::FirmCaseId))
                .col(text(DutyCheck::Evidence))
                .col(text_null(DutyCheck::Note))
                .col(integer_null(DutyCheck::ConcludedBy))
                .col(timestamp_with_time_zone(DutyCheck::CreatedAt))
                .col(timestamp_with_time_zone_null(DutyCheck::ConcludedAt))
                .foreign_key(&mut fk(
                    DutyCheck::Table,
                    DutyCheck::PropertyFirmId,
                    PropertyFirm::Table,
                    PropertyFirm::Id,
                ))
                .foreign_key(&mut fk(
                    DutyCheck::Table,
                    DutyCheck::CommunityId,
                    Community::Table,
                    Community::Id,
                ))
                .foreign_key(&mut fk(
                    DutyCheck::Table,
                    DutyCheck::ItemId,
                    Item::Table,
                    Item::Id,
                ))
                .foreign_key(&mut fk(
                    DutyCheck::Table,
                    DutyCheck::OwnerCaseId,
                    Case::Table,
                    Case::Id,
                ))
                .foreign_key(&mut fk(
                    DutyCheck::Table,
                    DutyCheck::FirmCaseId,
                    Case::Table,
                    Case::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(m, DutyCheck::Table, &[DutyCheck::PropertyFirmId]).await?;
        index(m, DutyCheck::Table, &[DutyCheck::OwnerCaseId]).await?;
        // One check per filing and owner case: a retried opening does not check twice.
        unique_index(
            m,
            DutyCheck::Table,
            &[DutyCheck::ItemId, DutyCheck::OwnerCaseId],
        )
        .await?;

        m.create_table(
            Table::create()
                .table(HistoricalStock::Table)
                .col(pk_auto(HistoricalStock::Id))
                .col(integer(HistoricalStock::UnitId))
                .col(integer(HistoricalStock::MatterId))
                .col(text(HistoricalStock::Reason))
                .col(integer(HistoricalStock::MarkedBy))
                .col(timestamp_with_time_zone(HistoricalStock::CreatedAt))
                .foreign_key(&mut fk(
                    HistoricalStock::Table,
                    HistoricalStock::UnitId,
                    Unit::Table,
                    Unit::Id,
                ))
                .foreign_key(&mut fk(
                    HistoricalStock::Table,
                    HistoricalStock::MatterId,
                    Matter::Table,
                    Matter::Id,
                ))
                .to_owned(),
        )
        .await?;
        unique_index(
            m,
            HistoricalStock::Table,
            &[HistoricalStock::UnitId, HistoricalStock::MatterId],
        )
        .await?;

        // The first filing about the same unit and matter inside the repeat window.
        m.alter_table(
            Table::alter()
                .table(Item::Table)
                .add_column(integer_null(Repeat::RepeatOfId))
                .to_owned(),
        )
        .await?;
        index(m, Item::Table, &[Item::UnitId, Item::MatterId]).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Item::Table)
                .drop_column(Repeat::RepeatOfId)
                .to_owned(),
        )
        .await?;
        for t in [
            HistoricalStock::Table.into_iden(),
            DutyCheck::Table.into_iden(),
            Approval::Table.into_iden(),
            CaseEvidence::Table.into_iden(),
            CaseEvent::Table.into_iden(),
            CaseItem::Table.into_iden(),
            CaseParty::Table.into_iden(),
            Case::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Repeat {
    RepeatOfId,
}

#[derive(DeriveIden, Clone, Copy)]
pub(crate) enum Case {
    #[sea_orm(iden = "enforcement_case")]
    Table,
    Id,
    Uuid,
    Number,
    Stage,
    Procedure,
    Origin,
    MatterId,
    CommunityId,
    UnitId,
    HandlingSquadId,
    OfficerId,
    Facts,
    Priority,
    Proposed,
    Decision,
    HearingAt,
    ServedInPerson,
    FiledAt,
    DecisionDueAt,
    NotifiedAt,
    DecidedAt,
    ServedAt,
    ExecutedAt,
    ClosedAt,
    RecheckDueAt,
    HearingRequestDueAt,
    ServiceDueAt,
    PaymentDueAt,
    RectifyDueAt,
    NextDueAt,
    Version,
    CreatedBy,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum CaseParty {
    Table,
    Id,
    Uuid,
    CaseId,
    Kind,
    Name,
    IdNumber,
    Phone,
    Address,
    PropertyFirmId,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum CaseItem {
    Table,
    Id,
    CaseId,
    ItemId,
}

#[derive(DeriveIden, Clone, Copy)]
enum CaseEvent {
    Table,
    Id,
    CaseId,
    At,
    ActorId,
    ActorRole,
    Action,
    FromStage,
    ToStage,
    Note,
    Details,
}

#[derive(DeriveIden, Clone, Copy)]
enum CaseEvidence {
    Table,
    Id,
    Uuid,
    CaseId,
    Kind,
    Title,
    Body,
    PhotoUuid,
    ContentType,
    HasCopies,
    CapturedAt,
    Latitude,
    Longitude,
    AddedBy,
    IdempotencyKey,
    RequestHash,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Approval {
    Table,
    Id,
    Uuid,
    Kind,
    Status,
    ItemId,
    CaseId,
    SquadId,
    Reason,
    Evidence,
    Days,
    RequestedBy,
    RequestedAt,
    DecidedBy,
    DecidedAt,
    DecisionNote,
}

#[derive(DeriveIden, Clone, Copy)]
enum DutyCheck {
    Table,
    Id,
    Uuid,
    Status,
    PropertyFirmId,
    CommunityId,
    UnitId,
    MatterId,
    ItemId,
    OwnerCaseId,
    FirmCaseId,
    Evidence,
    Note,
    ConcludedBy,
    CreatedAt,
    ConcludedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum HistoricalStock {
    Table,
    Id,
    UnitId,
    MatterId,
    Reason,
    MarkedBy,
    CreatedAt,
}
