//! An evidence item of a case (证据): a photo, document, inspection record, inquiry note or
//! restoration report. Capture time and location are kept: they make a case stand.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "case_evidence")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub uuid: Uuid,
    pub case_id: i32,
    pub kind: String,
    pub title: String,
    pub body: Option<String>,
    /// The photo's objects in the store, under the case's uuid.
    pub photo_uuid: Option<Uuid>,
    pub content_type: Option<String>,
    pub has_copies: bool,
    pub captured_at: Option<DateTimeUtc>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub added_by: i32,
    pub idempotency_key: String,
    pub request_hash: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
