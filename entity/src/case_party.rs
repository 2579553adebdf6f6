//! A party to a case (当事人): owner, occupant, tenant, sub-landlord or property firm.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "case_party")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub uuid: Uuid,
    pub case_id: i32,
    pub kind: String,
    pub name: String,
    /// 身份证号 or 统一社会信用代码: masked in lists.
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub property_firm_id: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
