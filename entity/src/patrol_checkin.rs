//! A patrol's check-in at a community: time, and place when the phone gave one.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "patrol_checkin")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub uuid: Uuid,
    pub patrol_id: i32,
    pub community_id: i32,
    pub at: DateTimeUtc,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub idempotency_key: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
