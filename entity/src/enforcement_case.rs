//! An enforcement case (案件): one matter, its parties, the filings it came from, and the
//! penalty process's stage and clocks. `version` is bumped by every change (optimistic
//! concurrency: two officers acting at once, one wins).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "enforcement_case")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub uuid: Uuid,
    /// e.g. 长宁城管立〔2026〕0001号
    pub number: String,
    pub stage: String,
    /// 简易程序 (SUMMARY) or 一般程序 (ORDINARY).
    pub procedure: String,
    pub origin: String,
    pub matter_id: i32,
    pub community_id: i32,
    pub unit_id: Option<i32>,
    /// The handling unit: a sub-district squad or the district bureau's own squad.
    pub handling_squad_id: i32,
    /// 承办人
    pub officer_id: Option<i32>,
    pub facts: String,
    pub priority: i32,
    /// The proposed decision at the notice (告知), JSON.
    pub proposed: Option<String>,
    /// The decision (决定), JSON.
    pub decision: Option<String>,
    pub hearing_at: Option<DateTimeUtc>,
    pub served_in_person: Option<bool>,
    pub filed_at: DateTimeUtc,
    /// 90 days from filing, plus approved extensions.
    pub decision_due_at: DateTimeUtc,
    pub notified_at: Option<DateTimeUtc>,
    pub decided_at: Option<DateTimeUtc>,
    pub served_at: Option<DateTimeUtc>,
    pub executed_at: Option<DateTimeUtc>,
    pub closed_at: Option<DateTimeUtc>,
    /// 回头看: a re-check visit is due by then.
    pub recheck_due_at: Option<DateTimeUtc>,
    /// 5 working days after the notice to ask for a hearing (行政处罚法 §64, §85).
    pub hearing_request_due_at: Option<DateTimeUtc>,
    /// 7 working days after a decision not handed over in person (§61, §85).
    pub service_due_at: Option<DateTimeUtc>,
    /// 15 days after service to pay a fine (§67).
    pub payment_due_at: Option<DateTimeUtc>,
    /// The end of the day an order to rectify sets.
    pub rectify_due_at: Option<DateTimeUtc>,
    /// The earliest clock still running: the lists sort and filter by it.
    pub next_due_at: Option<DateTimeUtc>,
    pub version: i32,
    pub created_by: i32,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
