//! A joint action (联合执法) against group renting or the illegal letting of affordable housing.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "joint_action")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub uuid: Uuid,
    pub district_id: i32,
    pub squad_id: i32,
    pub community_id: i32,
    pub title: String,
    pub focus: String,
    pub action_on: Date,
    pub note: Option<String>,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
    pub idempotency_key: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
