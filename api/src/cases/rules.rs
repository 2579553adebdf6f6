//! The plan's rules on filings (SPEC §6): which must become cases, and the repeat link.
use chrono::{DateTime, Duration, Utc};
use entity::{approval, case_item, historical_stock, item, matter};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

use super::model::{ApprovalKind, ApprovalStatus, CaseRule};
use crate::{error::ApiResult, i18n::Msg, intake::status::ItemKind, validation::FieldError};

/// The rule that makes `it` leave verification only as a case, before any exemption:
/// a `mandatory_case` matter (应立尽立), or a repeat on a point not marked historical stock.
pub async fn case_rule(db: &impl ConnectionTrait, it: &item::Model) -> ApiResult<Option<CaseRule>> {
    let kind = ItemKind::parse(&it.kind);
    if kind == Some(ItemKind::Suggestion) {
        return Ok(None);
    }
    let Some(matter_id) = it.matter_id else {
        return Ok(None);
    };
    let m = matter::Entity::find_by_id(matter_id).one(db).await?;
    if m.is_some_and(|m| m.mandatory_case) {
        return Ok(Some(CaseRule::MandatoryMatter));
    }
    // Complaints and committee reports: the firm's own report is its duty, not a repeat.
    if it.repeat_of_id.is_some()
        && matches!(kind, Some(ItemKind::Complaint | ItemKind::CommitteeReport))
        && let Some(unit) = it.unit_id
        && !is_historical_stock(db, unit, matter_id).await?
    {
        return Ok(Some(CaseRule::RepeatComplaint));
    }
    Ok(None)
}

pub async fn is_historical_stock(
    db: &impl ConnectionTrait,
    unit: i32,
    matter: i32,
) -> ApiResult<bool> {
    Ok(historical_stock::Entity::find()
        .filter(historical_stock::Column::UnitId.eq(unit))
        .filter(historical_stock::Column::MatterId.eq(matter))
        .count(db)
        .await?
        > 0)
}

/// The exemption asked for or granted on an item, newest first.
pub async fn exemption(
    db: &impl ConnectionTrait,
    item_id: i32,
) -> ApiResult<Option<approval::Model>> {
    Ok(approval::Entity::find()
        .filter(approval::Column::ItemId.eq(item_id))
        .filter(approval::Column::Kind.eq(ApprovalKind::Exemption.as_str()))
        .order_by_desc(approval::Column::Id)
        .one(db)
        .await?)
}

/// The rule still in force: none once a supervisor approved an exemption.
pub async fn needs_case(
    db: &impl ConnectionTrait,
    it: &item::Model,
) -> ApiResult<Option<CaseRule>> {
    let Some(rule) = case_rule(db, it).await? else {
        return Ok(None);
    };
    // It became a case: the rule is met (a reopened second look may resolve it).
    if case_of(db, it.id).await?.is_some() {
        return Ok(None);
    }
    let exempted = exemption(db, it.id)
        .await?
        .is_some_and(|a| a.status == ApprovalStatus::Approved.as_str());
    Ok((!exempted).then_some(rule))
}

/// The refusal `resolveItem` answers when a case is required.
pub fn refusal(rule: CaseRule) -> FieldError {
    match rule {
        CaseRule::MandatoryMatter => {
            FieldError::new("itemId", "MANDATORY_CASE", Msg::MandatoryCase)
        }
        CaseRule::RepeatComplaint => {
            FieldError::new("itemId", "REPEAT_NEEDS_CASE", Msg::RepeatNeedsCase)
        }
    }
}

/// The case an item became, if any (the first).
pub async fn case_of(db: &impl ConnectionTrait, item_id: i32) -> ApiResult<Option<i32>> {
    Ok(case_item::Entity::find()
        .filter(case_item::Column::ItemId.eq(item_id))
        .order_by_asc(case_item::Column::Id)
        .one(db)
        .await?
        .map(|ci| ci.case_id))
}

/// The first filing about the same unit and matter inside the window (the repeat link),
/// and how many there are.
pub async fn earlier_filings(
    db: &impl ConnectionTrait,
    unit_id: i32,
    matter_id: i32,
    now: DateTime<Utc>,
    window_days: i64,
) -> ApiResult<(Option<i32>, u32)> {
    let q = item::Entity::find()
        .filter(item::Column::UnitId.eq(unit_id))
        .filter(item::Column::MatterId.eq(matter_id))
        // The firm's own report is its duty done, not a repeat complaint.
        .filter(item::Column::Kind.is_in([
            ItemKind::Complaint.as_str(),
            ItemKind::CommitteeReport.as_str(),
        ]))
        .filter(item::Column::CreatedAt.gt(now - Duration::days(window_days)));
    let n = q.clone().count(db).await? as u32;
    let first = q.order_by_asc(item::Column::Id).one(db).await?;
    Ok((first.map(|f| f.repeat_of_id.unwrap_or(f.id)), n))
}

/// Other filings about the same point inside the window (for the officer's view).
pub async fn repeat_count(
    db: &impl ConnectionTrait,
    it: &item::Model,
    window_days: i64,
) -> ApiResult<u32> {
    let (Some(unit), Some(matter)) = (it.unit_id, it.matter_id) else {
        return Ok(0);
    };
    let n = item::Entity::find()
        .filter(item::Column::UnitId.eq(unit))
        .filter(item::Column::MatterId.eq(matter))
        .filter(item::Column::Kind.ne(ItemKind::Suggestion.as_str()))
        .filter(item::Column::Id.ne(it.id))
        .filter(item::Column::CreatedAt.gt(it.created_at - Duration::days(window_days)))
        .filter(item::Column::CreatedAt.lt(it.created_at + Duration::days(window_days)))
        .count(db)
        .await?;
    Ok(n as u32)
}
