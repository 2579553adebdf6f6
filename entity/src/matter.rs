//! An enforcement matter (执法事项) of the catalog (SPEC §3).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "matter")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub uuid: Uuid,
    pub code: String,
    pub category: String,
    pub name_zh: String,
    pub name_en: String,
    pub legal_basis: String,
    pub fine_min_cny: Option<i64>,
    pub fine_max_cny: Option<i64>,
    pub fine_serious_max_cny: Option<i64>,
    /// 应立尽立: must become a case
    pub mandatory_case: bool,
    pub focus: bool,
    pub active: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
