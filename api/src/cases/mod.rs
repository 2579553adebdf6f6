//! Enforcement cases (SPEC §6, §7): 诉转案, the plan's rules on filings, the penalty
//! process with its clocks, evidence, approvals and property duty checks.
//!
//! Every change to a case is one transaction that first bumps the case's `version` on the
//! condition that it is still the one read: of two officers acting at once exactly one
//! succeeds, the other gets `CONFLICT`. Every change writes a chronology entry and an
//! audit record in the same transaction; neither can be edited through the API.
pub mod act;
pub mod approvals;
pub mod duty;
pub mod evidence;
pub mod list;
pub mod model;
pub mod open;
pub mod rules;
pub mod scope;
pub mod stock;

use chrono::Utc;
use entity::{case_event, case_party, enforcement_case as case, matter};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set,
};

use self::model::{CaseStage, FineRange, PartyKind};
use crate::{
    audit,
    auth::CurrentUser,
    error::{ApiError, ApiResult},
    i18n::Msg,
    validation::{FieldError, Problems, optional_text},
};

/// A change's result: the case as it now is, or what the user can fix.
pub type Changed = Result<case::Model, Vec<FieldError>>;

pub fn conflict() -> Vec<FieldError> {
    vec![FieldError::new("caseId", "CONFLICT", Msg::CaseConflict)]
}

pub fn not_now() -> Vec<FieldError> {
    vec![FieldError::new(
        "caseId",
        "NOT_ALLOWED_NOW",
        Msg::CaseNotAllowedNow,
    )]
}

pub fn stage_of(c: &case::Model) -> ApiResult<CaseStage> {
    CaseStage::parse(&c.stage)
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("bad stage {}", c.stage)))
}

/// One chronology entry.
pub struct Entry<'a> {
    pub action: &'a str,
    pub from: Option<CaseStage>,
    pub to: Option<CaseStage>,
    pub note: Option<String>,
    pub details: serde_json::Value,
}

pub async fn record(
    db: &impl ConnectionTrait,
    c: &case::Model,
    actor: Option<&CurrentUser>,
    e: Entry<'_>,
) -> ApiResult<()> {
    case_event::ActiveModel {
        case_id: Set(c.id),
        at: Set(Utc::now()),
        actor_id: Set(actor.map(|a| a.id)),
        actor_role: Set(actor.map(|a| a.role.as_str().to_string())),
        action: Set(e.action.to_string()),
        from_stage: Set(e.from.map(|s| s.as_str().to_string())),
        to_stage: Set(e.to.map(|s| s.as_str().to_string())),
        note: Set(e.note.clone()),
        details: Set((!e.details.is_null()).then(|| e.details.to_string())),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit::record(
        db,
        actor.map(|a| a.id),
        "case",
        c.uuid,
        e.action,
        serde_json::json!({
            "from": e.from.map(|s| s.as_str()),
            "to": e.to.map(|s| s.as_str()),
            "details": e.details,
        }),
    )
    .await
}

/// Writes `new` over `old` if nobody changed the case since it was read (and, when the
/// caller says which version it saw, since then): the first statement of the
/// transaction, so it also takes the write lock. False: someone else acted first.
pub async fn save(
    db: &impl ConnectionTrait,
    old: &case::Model,
    mut new: case::Model,
) -> ApiResult<Option<case::Model>> {
    new.version = old.version + 1;
    new.updated_at = Utc::now();
    new.next_due_at = model::next_due(&new);
    let am = new.clone().into_active_model().reset_all();
    let res = case::Entity::update_many()
        .set(am)
        .filter(case::Column::Id.eq(old.id))
        .filter(case::Column::Version.eq(old.version))
        .exec(db)
        .await?;
    Ok((res.rows_affected == 1).then_some(new))
}

/// The version the caller saw, if it said: a stale page is a conflict before anything.
pub fn stale(c: &case::Model, seen: Option<i32>) -> bool {
    seen.is_some_and(|v| v != c.version)
}

pub async fn matter_of(db: &impl ConnectionTrait, c: &case::Model) -> ApiResult<matter::Model> {
    matter::Entity::find_by_id(c.matter_id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("case {} has no matter", c.uuid)))
}

pub fn fine_range(m: &matter::Model) -> FineRange {
    FineRange {
        min: m.fine_min_cny,
        max: m.fine_max_cny,
        serious_max: m.fine_serious_max_cny,
    }
}

pub async fn parties(db: &impl ConnectionTrait, case_id: i32) -> ApiResult<Vec<case_party::Model>> {
    use sea_orm::QueryOrder;
    Ok(case_party::Entity::find()
        .filter(case_party::Column::CaseId.eq(case_id))
        .order_by_asc(case_party::Column::Id)
        .all(db)
        .await?)
}

/// The case is against organisations only (a property firm): the organisation limits apply.
pub fn organisation(parties: &[case_party::Model]) -> bool {
    !parties.is_empty()
        && parties
            .iter()
            .all(|p| p.kind == PartyKind::PropertyFirm.as_str())
}

/// A party as entered.
#[derive(Clone, Debug)]
pub struct NewParty {
    pub kind: PartyKind,
    pub name: String,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub property_firm_id: Option<i32>,
}

/// Checks a party: a name; an ID number (身份证 18, 统一社会信用代码 18) of letters and
/// digits only.
pub fn check_party(p: &mut Problems, mut party: NewParty) -> NewParty {
    party.name = p.text("parties", &party.name, 200);
    party.id_number = optional_text(party.id_number, 30).map(|s| s.to_uppercase());
    if party
        .id_number
        .as_deref()
        .is_some_and(|s| s.len() < 6 || !s.chars().all(|c| c.is_ascii_alphanumeric()))
    {
        p.push("parties", "ID_NUMBER_INVALID", Msg::IdNumberInvalid);
    }
    party.phone = optional_text(party.phone, 30);
    party.address = optional_text(party.address, 300);
    party
}

pub async fn insert_party(
    db: &impl ConnectionTrait,
    case_id: i32,
    p: &NewParty,
) -> ApiResult<case_party::Model> {
    Ok(case_party::ActiveModel {
        uuid: Set(uuid::Uuid::new_v4()),
        case_id: Set(case_id),
        kind: Set(p.kind.as_str().into()),
        name: Set(p.name.clone()),
        id_number: Set(p.id_number.clone()),
        phone: Set(p.phone.clone()),
        address: Set(p.address.clone()),
        property_firm_id: Set(p.property_firm_id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?)
}
