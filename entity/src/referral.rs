//! A referral (转办 / 部门移送): an item sent from the bureau to a department (`OUTGOING`) or
//! from a department to the bureau (`INCOMING`), with its state, clocks and re-sends.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "referral")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub uuid: Uuid,
    /// Ours, e.g. 城管转〔2026〕00012.
    pub reference: String,
    /// The department's own number (移送函号), on incoming ones.
    pub external_reference: Option<String>,
    pub direction: String,
    pub state: String,
    pub department_id: i32,
    pub district_id: i32,
    /// The squad handling the item.
    pub squad_id: i32,
    pub item_id: i32,
    pub reason: String,
    /// 1 + the re-sends after returns.
    pub sends: i32,
    pub sent_by: i32,
    pub sent_at: DateTimeUtc,
    /// Outgoing: 3 working days from the item's receipt (执法条例 §26).
    pub transfer_due_at: Option<DateTimeUtc>,
    pub sent_on_time: Option<bool>,
    /// The receiver answers by then (5 working days from the latest send).
    pub answer_due_at: DateTimeUtc,
    pub received_at: Option<DateTimeUtc>,
    pub answered_at: Option<DateTimeUtc>,
    pub answer: Option<String>,
    pub returned_at: Option<DateTimeUtc>,
    pub return_reason: Option<String>,
    pub idempotency_key: String,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
