//! One patrol of a renovation by the property firm (巡查), with its findings.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "renovation_patrol")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub uuid: Uuid,
    pub renovation_id: i32,
    pub patrolled_at: DateTimeUtc,
    pub by_id: i32,
    pub findings: String,
    pub violation: bool,
    /// The photo's objects in the store, under the registration's uuid.
    pub photo_uuid: Option<Uuid>,
    pub has_copies: bool,
    pub idempotency_key: String,
    pub request_hash: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
