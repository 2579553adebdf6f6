//! A unit visited in a joint action: what was found, the follow-up case, and its re-check
//! (回头看).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "joint_action_unit")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub uuid: Uuid,
    pub action_id: i32,
    pub unit_id: i32,
    pub finding: String,
    pub outcome: String,
    pub case_id: Option<i32>,
    pub recheck_due_on: Option<Date>,
    pub rechecked_on: Option<Date>,
    pub recheck_finding: Option<String>,
    pub relapse: Option<bool>,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
