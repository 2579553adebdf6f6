//! A residential community (住宅小区).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "community")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub uuid: Uuid,
    pub sub_district_id: i32,
    pub committee_id: i32,
    pub property_firm_id: Option<i32>,
    pub name: String,
    pub address: String,
    /// 保障性租赁住房
    pub affordable_housing: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
