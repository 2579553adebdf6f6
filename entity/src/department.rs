//! A department the bureau works with (管执联动): the district housing administration (区房管,
//! `HOUSING`, whose staff have accounts) or another one that answers by letter (`OTHER`).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "department")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub uuid: Uuid,
    pub district_id: i32,
    pub name: String,
    pub kind: String,
    /// Where a printed referral letter goes.
    pub address: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
