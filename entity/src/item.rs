//! An incoming item (线索): a complaint (投诉), property report (物业报告), committee report (居民区反映) or suggestion (人民建议).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "item")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub uuid: Uuid,
    pub kind: String,
    pub source: String,
    pub status: String,
    pub matter_id: Option<i32>,
    pub community_id: i32,
    pub unit_id: Option<i32>,
    pub squad_id: i32,
    pub filer_id: i32,
    /// The officer the item is assigned to (承办人), once accepted.
    pub assignee_id: Option<i32>,
    pub anonymous: bool,
    pub description: String,
    pub seen_at: Option<DateTimeUtc>,
    pub public_safety: bool,
    pub media_attention: bool,
    pub late: bool,
    pub filer_count: i32,
    pub priority: i32,
    pub due_at: Option<DateTimeUtc>,
    /// Officers on site by then (illegal construction): cleared when verification starts.
    pub on_site_due_at: Option<DateTimeUtc>,
    pub reopened: bool,
    /// The first filing about the same unit and matter inside the repeat window (重复投诉).
    pub repeat_of_id: Option<i32>,
    /// The renovation registration (装修登记) a property report came from.
    pub renovation_id: Option<i32>,
    pub resolution: Option<String>,
    pub department: Option<String>,
    pub reply: Option<String>,
    pub rating: Option<String>,
    pub rating_comment: Option<String>,
    pub dissuasion: Option<String>,
    pub topic: Option<String>,
    pub reasons: Option<String>,
    pub measures: Option<String>,
    pub answer: Option<String>,
    pub adoption: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub replied_at: Option<DateTimeUtc>,
    pub closed_at: Option<DateTimeUtc>,
    /// 受理: accept by then (1 working day from receipt); when it was accepted, and whether in
    /// time.
    pub accept_due_at: Option<DateTimeUtc>,
    pub accepted_at: Option<DateTimeUtc>,
    pub accepted_on_time: Option<bool>,
    /// Whether the filer was told the check's result (resolved, taken into a case, answered)
    /// within the item's deadline; set once, when first told.
    pub replied_on_time: Option<bool>,
    /// 诉转案: when the item was taken into an enforcement case.
    pub converted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
