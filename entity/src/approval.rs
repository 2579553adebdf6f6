//! A request a supervisor decides: an exemption from the mandatory-case rule (豁免), an
//! extension of the decision deadline (延期), or the legal review of a major case (法制审核).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "approval")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub uuid: Uuid,
    pub kind: String,
    pub status: String,
    pub item_id: Option<i32>,
    pub case_id: Option<i32>,
    /// The squad whose supervisors (and the district's) decide it.
    pub squad_id: i32,
    pub reason: String,
    pub evidence: Option<String>,
    pub days: Option<i32>,
    pub requested_by: i32,
    pub requested_at: DateTimeUtc,
    pub decided_by: Option<i32>,
    pub decided_at: Option<DateTimeUtc>,
    pub decision_note: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
