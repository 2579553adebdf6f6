//! The enforcement-matter catalog (SPEC §3) and the working-day calendar (SPEC §5).
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Matter::Table)
                .col(pk_auto(Matter::Id))
                .col(uuid_uniq(Matter::Uuid))
                .col(string_uniq(Matter::Code))
                .col(string(Matter::Category))
                .col(string(Matter::NameZh))
                .col(string(Matter::NameEn))
                .col(text(Matter::LegalBasis))
                .col(big_integer_null(Matter::FineMinCny))
                .col(big_integer_null(Matter::FineMaxCny))
                .col(big_integer_null(Matter::FineSeriousMaxCny))
                .col(boolean(Matter::MandatoryCase))
                .col(boolean(Matter::Focus))
                .col(boolean(Matter::Active).default(true))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Holiday::Table)
                .col(pk_auto(Holiday::Id))
                .col(date_uniq(Holiday::Day))
                .col(string(Holiday::Kind))
                .col(string(Holiday::Name))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Holiday::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Matter::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
pub(crate) enum Matter {
    Table,
    Id,
    Uuid,
    Code,
    Category,
    NameZh,
    NameEn,
    LegalBasis,
    FineMinCny,
    FineMaxCny,
    FineSeriousMaxCny,
    MandatoryCase,
    Focus,
    Active,
}

#[derive(DeriveIden, Clone, Copy)]
enum Holiday {
    Table,
    Id,
    Day,
    Kind,
    Name,
}
