//! A 五治 practice write-up (五治实践案例): draft → review → published.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "practice_case")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub uuid: Uuid,
    pub district_id: i32,
    pub author_id: i32,
    pub title: String,
    pub summary: String,
    pub body: String,
    /// Comma-separated GovernanceTag codes (法治 自治 综治 智治 共治).
    pub tags: String,
    pub status: String,
    pub review_note: Option<String>,
    pub reviewer_id: Option<i32>,
    pub published_at: Option<DateTimeUtc>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
