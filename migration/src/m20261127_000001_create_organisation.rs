//! Districts → sub-districts → squads; communities with their committee, property firm,
//! buildings, units and workroom (SPEC §2).
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(District::Table)
                .col(pk_auto(District::Id))
                .col(uuid_uniq(District::Uuid))
                .col(string_uniq(District::Code))
                .col(string(District::NameZh))
                .col(string(District::NameEn))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SubDistrict::Table)
                .col(pk_auto(SubDistrict::Id))
                .col(uuid_uniq(SubDistrict::Uuid))
                .col(integer(SubDistrict::DistrictId))
                .col(string_uniq(SubDistrict::Code))
                .col(string(SubDistrict::NameZh))
                .col(string(SubDistrict::NameEn))
                .col(string(SubDistrict::Kind))
                .foreign_key(&mut fk(
                    SubDistrict::Table,
                    SubDistrict::DistrictId,
                    District::Table,
                    District::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Squad::Table)
                .col(pk_auto(Squad::Id))
                .col(uuid_uniq(Squad::Uuid))
                .col(integer(Squad::DistrictId))
                .col(integer_null(Squad::SubDistrictId))
                .col(string(Squad::NameZh))
                .col(string(Squad::NameEn))
                .foreign_key(&mut fk(
                    Squad::Table,
                    Squad::DistrictId,
                    District::Table,
                    District::Id,
                ))
                .foreign_key(&mut fk(
                    Squad::Table,
                    Squad::SubDistrictId,
                    SubDistrict::Table,
                    SubDistrict::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Committee::Table)
                .col(pk_auto(Committee::Id))
                .col(uuid_uniq(Committee::Uuid))
                .col(integer(Committee::SubDistrictId))
                .col(string(Committee::Name))
                .col(string_null(Committee::Phone))
                .foreign_key(&mut fk(
                    Committee::Table,
                    Committee::SubDistrictId,
                    SubDistrict::Table,
                    SubDistrict::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(PropertyFirm::Table)
                .col(pk_auto(PropertyFirm::Id))
                .col(uuid_uniq(PropertyFirm::Uuid))
                .col(integer(PropertyFirm::DistrictId))
                .col(string(PropertyFirm::Name))
                .col(string_null(PropertyFirm::Phone))
                .foreign_key(&mut fk(
                    PropertyFirm::Table,
                    PropertyFirm::DistrictId,
                    District::Table,
                    District::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Community::Table)
                .col(pk_auto(Community::Id))
                .col(uuid_uniq(Community::Uuid))
                .col(integer(Community::SubDistrictId))
                .col(integer(Community::CommitteeId))
                .col(integer_null(Community::PropertyFirmId))
                .col(string(Community::Name))
                .col(string(Community::Address))
                .col(boolean(Community::AffordableHousing).default(false))
                .foreign_key(&mut fk(
                    Community::Table,
                    Community::SubDistrictId,
                    SubDistrict::Table,
                    SubDistrict::Id,
                ))
                .foreign_key(&mut fk(
                    Community::Table,
                    Community::CommitteeId,
                    Committee::Table,
                    Committee::Id,
                ))
                .foreign_key(&mut fk(
                    Community::Table,
                    Community::PropertyFirmId,
                    PropertyFirm::Table,
                    PropertyFirm::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(m, Community::Table, &[Community::SubDistrictId]).await?;
        index(m, Community::Table, &[Community::CommitteeId]).await?;
        index(m, Community::Table, &[Community::PropertyFirmId]).await?;
        m.create_table(
            Table::create()
                .table(CommunityWorkroom::Table)
                .col(pk_auto(CommunityWorkroom::Id))
                .col(integer_uniq(CommunityWorkroom::CommunityId))
                .col(string(CommunityWorkroom::OfficeHours))
                .col(string(CommunityWorkroom::Phone))
                .foreign_key(&mut fk(
                    CommunityWorkroom::Table,
                    CommunityWorkroom::CommunityId,
                    Community::Table,
                    Community::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Building::Table)
                .col(pk_auto(Building::Id))
                .col(uuid_uniq(Building::Uuid))
                .col(integer(Building::CommunityId))
                .col(string(Building::Name))
                .foreign_key(&mut fk(
                    Building::Table,
                    Building::CommunityId,
                    Community::Table,
                    Community::Id,
                ))
                .to_owned(),
        )
        .await?;
        unique_index(m, Building::Table, &[Building::CommunityId, Building::Name]).await?;
        m.create_table(
            Table::create()
                .table(Unit::Table)
                .col(pk_auto(Unit::Id))
                .col(uuid_uniq(Unit::Uuid))
                .col(integer(Unit::BuildingId))
                .col(string(Unit::Number))
                .foreign_key(&mut fk(
                    Unit::Table,
                    Unit::BuildingId,
                    Building::Table,
                    Building::Id,
                ))
                .to_owned(),
        )
        .await?;
        unique_index(m, Unit::Table, &[Unit::BuildingId, Unit::Number]).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            Unit::Table.into_iden(),
            Building::Table.into_iden(),
            CommunityWorkroom::Table.into_iden(),
            Community::Table.into_iden(),
            PropertyFirm::Table.into_iden(),
            Committee::Table.into_iden(),
            Squad::Table.into_iden(),
            SubDistrict::Table.into_iden(),
            District::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

/// A foreign key named after its table and column, so names stay unique on PostgreSQL.
pub(crate) fn fk<T, C, R, P>(
    table: T,
    col: C,
    ref_table: R,
    ref_col: P,
) -> ForeignKeyCreateStatement
where
    T: IntoIden + Clone,
    C: IntoIden + Clone,
    R: IntoIden,
    P: IntoIden,
{
    let name = format!(
        "fk_{}_{}",
        table.clone().into_iden(),
        col.clone().into_iden()
    );
    ForeignKey::create()
        .name(name)
        .from(table, col)
        .to(ref_table, ref_col)
        .to_owned()
}

pub(crate) async fn index<T, C>(m: &SchemaManager<'_>, table: T, cols: &[C]) -> Result<(), DbErr>
where
    T: IntoIden + Clone + 'static,
    C: IntoIden + Clone + 'static,
{
    m.create_index(index_statement(table, cols, false)).await
}

pub(crate) async fn unique_index<T, C>(
    m: &SchemaManager<'_>,
    table: T,
    cols: &[C],
) -> Result<(), DbErr>
where
    T: IntoIden + Clone + 'static,
    C: IntoIden + Clone + 'static,
{
    m.create_index(index_statement(table, cols, true)).await
}

fn index_statement<T, C>(table: T, cols: &[C], unique: bool) -> IndexCreateStatement
where
    T: IntoIden + Clone + 'static,
    C: IntoIden + Clone + 'static,
{
    let mut name = format!("idx_{}", table.clone().into_iden());
    let mut stmt = Index::create();
    for c in cols {
        name.push('_');
        name.push_str(&c.clone().into_iden().to_string());
        stmt.col(c.clone());
    }
    stmt.name(name).table(table);
    if unique {
        stmt.unique();
    }
    stmt.to_owned()
}

#[derive(DeriveIden, Clone, Copy)]
pub(crate) enum District {
    Table,
    Id,
    Uuid,
    Code,
    NameZh,
    NameEn,
}

#[derive(DeriveIden, Clone, Copy)]
pub(crate) enum SubDistrict {
    Table,
    Id,
    Uuid,
    DistrictId,
    Code,
    NameZh,
    NameEn,
    Kind,
}

#[derive(DeriveIden, Clone, Copy)]
pub(crate) enum Squad {
    Table,
    Id,
    Uuid,
    DistrictId,
    SubDistrictId,
    NameZh,
    NameEn,
}

#[derive(DeriveIden, Clone, Copy)]
pub(crate) enum Committee {
    Table,
    Id,
    Uuid,
    SubDistrictId,
    Name,
    Phone,
}

#[derive(DeriveIden, Clone, Copy)]
pub(crate) enum PropertyFirm {
    Table,
    Id,
    Uuid,
    DistrictId,
    Name,
    Phone,
}

#[derive(DeriveIden, Clone, Copy)]
pub(crate) enum Community {
    Table,
    Id,
    Uuid,
    SubDistrictId,
    CommitteeId,
    PropertyFirmId,
    Name,
    Address,
    AffordableHousing,
}

#[derive(DeriveIden, Clone, Copy)]
pub(crate) enum CommunityWorkroom {
    Table,
    Id,
    CommunityId,
    OfficeHours,
    Phone,
}

#[derive(DeriveIden, Clone, Copy)]
pub(crate) enum Building {
    Table,
    Id,
    Uuid,
    CommunityId,
    Name,
}

#[derive(DeriveIden, Clone, Copy)]
pub(crate) enum Unit {
    Table,
    Id,
    Uuid,
    BuildingId,
    Number,
}
