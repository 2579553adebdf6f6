//! A renovation registration (装修登记) run by the property firm: the notice and commitment,
//! the start, the patrols, the completion check.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "renovation")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub uuid: Uuid,
    pub property_firm_id: i32,
    pub community_id: i32,
    pub unit_id: i32,
    pub owner_name: String,
    pub owner_phone: Option<String>,
    pub contractor_name: String,
    pub contractor_phone: Option<String>,
    pub planned_start: Date,
    pub planned_end: Date,
    pub scope_of_work: String,
    pub load_bearing: bool,
    pub waterproofing: bool,
    pub shared_facilities: bool,
    /// Touches load-bearing walls, waterproofing or shared facilities.
    pub high_risk: bool,
    pub status: String,
    /// Working days between patrols.
    pub patrol_every: i32,
    /// 告知书 / 承诺书 / 装修管理协议 signed on.
    pub agreement_signed_on: Option<Date>,
    pub agreement_photo_uuid: Option<Uuid>,
    pub agreement_note: Option<String>,
    pub started_on: Option<Date>,
    pub completed_on: Option<Date>,
    pub completion_note: Option<String>,
    pub created_by: i32,
    pub idempotency_key: String,
    pub request_hash: String,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
