//! A hotspot community (投诉集中小区点位) for a period, imported from the city's list or marked by hand.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "hotspot")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub uuid: Uuid,
    pub district_id: i32,
    pub community_id: i32,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
    /// IMPORTED or MANUAL
    pub source: String,
    pub note: Option<String>,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
