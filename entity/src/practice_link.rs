//! A practice write-up's link to a community or to a case (one of the two).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "practice_link")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub practice_case_id: i32,
    pub community_id: Option<i32>,
    pub case_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
