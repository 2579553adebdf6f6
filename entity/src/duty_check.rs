//! A property duty check (物业履责核查) on a community's firm, required when a point that is
//! not historical stock is complained about again. `FAILED` opens a D1 case on the firm.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "duty_check")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub uuid: Uuid,
    pub status: String,
    pub property_firm_id: i32,
    pub community_id: i32,
    pub unit_id: Option<i32>,
    pub matter_id: Option<i32>,
    /// The repeated filing that required it.
    pub item_id: i32,
    pub owner_case_id: i32,
    pub firm_case_id: Option<i32>,
    /// Pre-filled: whether the firm reported the violation, late, or never.
    pub evidence: String,
    pub note: Option<String>,
    pub concluded_by: Option<i32>,
    pub created_at: DateTimeUtc,
    pub concluded_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
