//! One step of a referral's history: append-only.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "referral_event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub referral_id: i32,
    pub at: DateTimeUtc,
    pub actor_id: i32,
    pub action: String,
    pub from_state: Option<String>,
    pub to_state: String,
    pub note: Option<String>,
    /// An officer recorded the paper answer of a department without accounts.
    pub on_behalf: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
