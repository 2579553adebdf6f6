//! Partners in the linkage (管执联动, SPEC §1, §5): the departments the bureau refers work to
//! and receives it from, the referrals both ways with their clocks and history, and joint
//! actions (联合执法) with the units visited and their re-checks.
use sea_orm_migration::{prelude::*, schema::*};

use crate::{
    m20261127_000001_create_organisation::{
        Community, District, Squad, Unit, fk, index, unique_index,
    },
    m20261127_000002_create_accounts::Account,
    m20261127_000004_create_items::Item,
    m20261127_000008_create_cases::Case,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Department::Table)
                .col(pk_auto(Department::Id))
                .col(uuid_uniq(Department::Uuid))
                .col(integer(Department::DistrictId))
                .col(string(Department::Name))
                .col(string(Department::Kind))
                .col(string_null(Department::Address))
                .col(timestamp_with_time_zone(Department::CreatedAt))
                .foreign_key(&mut fk(
                    Department::Table,
                    Department::DistrictId,
                    District::Table,
                    District::Id,
                ))
                .to_owned(),
        )
        .await?;
        unique_index(
            m,
            Department::Table,
            &[Department::DistrictId, Department::Name],
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Referral::Table)
                .col(pk_auto(Referral::Id))
                .col(uuid_uniq(Referral::Uuid))
                .col(string(Referral::Reference))
                .col(string_null(Referral::ExternalReference))
                .col(string(Referral::Direction))
                .col(string(Referral::State))
                .col(integer(Referral::DepartmentId))
                .col(integer(Referral::DistrictId))
                .col(integer(Referral::SquadId))
                .col(integer(Referral::ItemId))
                .col(text(Referral::Reason))
                .col(integer(Referral::Sends).default(1))
                .col(integer(Referral::SentBy))
                .col(timestamp_with_time_zone(Referral::SentAt))
                .col(timestamp_with_time_zone_null(Referral::TransferDueAt))
                .col(boolean_null(Referral::SentOnTime))
                .col(timestamp_with_time_zone(Referral::AnswerDueAt))
                .col(timestamp_with_time_zone_null(Referral::ReceivedAt))
                .col(timestamp_with_time_zone_null(Referral::AnsweredAt))
                .col(text_null(Referral::Answer))
                .col(timestamp_with_time_zone_null(Referral::ReturnedAt))
                .col(text_null(Referral::ReturnReason))
                .col(string(Referral::IdempotencyKey))
                .col(timestamp_with_time_zone(Referral::UpdatedAt))
                .foreign_key(&mut fk(
                    Referral::Table,
                    Referral::DepartmentId,
                    Department::Table,
                    Department::Id,
                ))
                .foreign_key(&mut fk(
                    Referral::Table,
                    Referral::DistrictId,
                    District::Table,
                    District::Id,
                ))
                .foreign_key(&mut fk(
                    Referral::Table,
                    Referral::SquadId,
                    Squad::Table,
                    Squad::Id,
                ))
                .foreign_key(&mut fk(
                    Referral::Table,
                    Referral::ItemId,
                    Item::Table,
                    Item::Id,
                ))
                .foreign_key(&mut fk(
                    Referral::Table,
                    Referral::SentBy,
                    Account::Table,
                    Account::Id,
                ))
                .to_owned(),
        )
        .await?;
        unique_index(m, Referral::Table, &[Referral::Reference]).await?;
        unique_index(
            m,
            Referral::Table,
            &[Referral::SentBy, Referral::IdempotencyKey],
        )
        .await?;
        index(m, Referral::Table, &[Referral::ItemId]).await?;
        // One outgoing referral of an item waits (or waits to be re-sent) at a time, however
        // many officers press at once. A partial index: the same SQL on SQLite and PostgreSQL.
        m.get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX idx_referral_one_waiting ON referral (item_id) \
                 WHERE direction = 'OUTGOING' AND state IN ('SENT', 'RECEIVED', 'RETURNED')",
            )
            .await?;
        index(m, Referral::Table, &[Referral::SquadId, Referral::State]).await?;
        index(
            m,
            Referral::Table,
            &[Referral::DepartmentId, Referral::State],
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ReferralEvent::Table)
                .col(pk_auto(ReferralEvent::Id))
                .col(integer(ReferralEvent::ReferralId))
                .col(timestamp_with_time_zone(ReferralEvent::At))
                .col(integer(ReferralEvent::ActorId))
                .col(string(ReferralEvent::Action))
                .col(string_null(ReferralEvent::FromState))
                .col(string(ReferralEvent::ToState))
                .col(text_null(ReferralEvent::Note))
                .col(boolean(ReferralEvent::OnBehalf).default(false))
                .foreign_key(&mut fk(
                    ReferralEvent::Table,
                    ReferralEvent::ReferralId,
                    Referral::Table,
                    Referral::Id,
                ))
                .foreign_key(&mut fk(
                    ReferralEvent::Table,
                    ReferralEvent::ActorId,
                    Account::Table,
                    Account::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(m, ReferralEvent::Table, &[ReferralEvent::ReferralId]).await?;

        m.create_table(
            Table::create()
                .table(JointAction::Table)
                .col(pk_auto(JointAction::Id))
                .col(uuid_uniq(JointAction::Uuid))
                .col(integer(JointAction::DistrictId))
                .col(integer(JointAction::SquadId))
                .col(integer(JointAction::CommunityId))
                .col(string(JointAction::Title))
                .col(string(JointAction::Focus))
                .col(date(JointAction::ActionOn))
                .col(text_null(JointAction::Note))
                .col(integer(JointAction::CreatedBy))
                .col(timestamp_with_time_zone(JointAction::CreatedAt))
                .col(string(JointAction::IdempotencyKey))
                .foreign_key(&mut fk(
                    JointAction::Table,
                    JointAction::DistrictId,
                    District::Table,
                    District::Id,
                ))
                .foreign_key(&mut fk(
                    JointAction::Table,
                    JointAction::SquadId,
                    Squad::Table,
                    Squad::Id,
                ))
                .foreign_key(&mut fk(
                    JointAction::Table,
                    JointAction::CommunityId,
                    Community::Table,
                    Community::Id,
                ))
                .foreign_key(&mut fk(
                    JointAction::Table,
                    JointAction::CreatedBy,
                    Account::Table,
                    Account::Id,
                ))
                .to_owned(),
        )
        .await?;
        unique_index(
            m,
            JointAction::Table,
            &[JointAction::CreatedBy, JointAction::IdempotencyKey],
        )
        .await?;
        index(
            m,
            JointAction::Table,
            &[JointAction::DistrictId, JointAction::ActionOn],
        )
        .await?;

        m.create_table(
            Table::create()
                .table(JointActionDepartment::Table)
                .col(pk_auto(JointActionDepartment::Id))
                .col(integer(JointActionDepartment::ActionId))
                .col(integer(JointActionDepartment::DepartmentId))
                .foreign_key(&mut fk(
                    JointActionDepartment::Table,
                    JointActionDepartment::ActionId,
                    JointAction::Table,
                    JointAction::Id,
                ))
                .foreign_key(&mut fk(
                    JointActionDepartment::Table,
                    JointActionDepartment::DepartmentId,
                    Department::Table,
                    Department::Id,
                ))
                .to_owned(),
        )
        .await?;
        unique_index(
            m,
            JointActionDepartment::Table,
            &[
                JointActionDepartment::ActionId,
                JointActionDepartment::DepartmentId,
            ],
        )
        .await?;

        m.create_table(
            Table::create()
                .table(JointActionUnit::Table)
                .col(pk_auto(JointActionUnit::Id))
                .col(uuid_uniq(JointActionUnit::Uuid))
                .col(integer(JointActionUnit::ActionId))
                .col(integer(JointActionUnit::UnitId))
                .col(text(JointActionUnit::Finding))
                .col(string(JointActionUnit::Outcome))
                .col(integer_null(JointActionUnit::CaseId))
                .col(date_null(JointActionUnit::RecheckDueOn))
                .col(date_null(JointActionUnit::RecheckedOn))
                .col(text_null(JointActionUnit::RecheckFinding))
                .col(boolean_null(JointActionUnit::Relapse))
                .col(integer(JointActionUnit::CreatedBy))
                .col(timestamp_with_time_zone(JointActionUnit::CreatedAt))
                .foreign_key(&mut fk(
                    JointActionUnit::Table,
                    JointActionUnit::ActionId,
                    JointAction::Table,
                    JointAction::Id,
                ))
                .foreign_key(&mut fk(
                    JointActionUnit::Table,
                    JointActionUnit::UnitId,
                    Unit::Table,
                    Unit::Id,
                ))
                .foreign_key(&mut fk(
                    JointActionUnit::Table,
                    JointActionUnit::CaseId,
                    Case::Table,
                    Case::Id,
                ))
                .foreign_key(&mut fk(
                    JointActionUnit::Table,
                    JointActionUnit::CreatedBy,
                    Account::Table,
                    Account::Id,
                ))
                .to_owned(),
        )
        .await?;
        unique_index(
            m,
            JointActionUnit::Table,
            &[JointActionUnit::ActionId, JointActionUnit::UnitId],
        )
        .await?;
        index(m, JointActionUnit::Table, &[JointActionUnit::RecheckDueOn]).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            JointActionUnit::Table.into_iden(),
            JointActionDepartment::Table.into_iden(),
            JointAction::Table.into_iden(),
            ReferralEvent::Table.into_iden(),
            Referral::Table.into_iden(),
            Department::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Department {
    Table,
    Id,
    Uuid,
    DistrictId,
    Name,
    Kind,
    Address,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Referral {
    Table,
    Id,
    Uuid,
    Reference,
    ExternalReference,
    Direction,
    State,
    DepartmentId,
    DistrictId,
    SquadId,
    ItemId,
    Reason,
    Sends,
    SentBy,
    SentAt,
    TransferDueAt,
    SentOnTime,
    AnswerDueAt,
    ReceivedAt,
    AnsweredAt,
    Answer,
    ReturnedAt,
    ReturnReason,
    IdempotencyKey,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ReferralEvent {
    Table,
    Id,
    ReferralId,
    At,
    ActorId,
    Action,
    FromState,
    ToState,
    Note,
    OnBehalf,
}

#[derive(DeriveIden, Clone, Copy)]
enum JointAction {
    Table,
    Id,
    Uuid,
    DistrictId,
    SquadId,
    CommunityId,
    Title,
    Focus,
    ActionOn,
    Note,
    CreatedBy,
    CreatedAt,
    IdempotencyKey,
}

#[derive(DeriveIden, Clone, Copy)]
enum JointActionDepartment {
    Table,
    Id,
    ActionId,
    DepartmentId,
}

#[derive(DeriveIden, Clone, Copy)]
enum JointActionUnit {
    Table,
    Id,
    Uuid,
    ActionId,
    UnitId,
    Finding,
    Outcome,
    CaseId,
    RecheckDueOn,
    RecheckedOn,
    RecheckFinding,
    Relapse,
    CreatedBy,
    CreatedAt,
}
