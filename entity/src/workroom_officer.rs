//! An officer assigned to a community workroom.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "workroom_officer")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub workroom_id: i32,
    pub account_id: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
