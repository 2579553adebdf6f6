//! Property duty checks (物业履责核查, SPEC §6 rule 3): concluding one; a failed check opens
//! a case against the firm under D1, pre-filled with its evidence.
use chrono::Utc;
use entity::{duty_check, enforcement_case as case, matter, property_firm};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, TransactionTrait, sea_query::Expr,
};
use uuid::Uuid;

use super::{
    Entry, NewParty, insert_party,
    model::{self, CaseOrigin, CaseProcedure, CaseStage, DutyCheckStatus, PartyKind},
    open::{NewCase, insert_case},
    record, save, scope,
};
use crate::{
    auth::CurrentUser,
    error::{ApiError, ApiResult},
    i18n::Msg,
    validation::{FieldError, Problems},
};

pub type Concluded = Result<(duty_check::Model, Option<case::Model>), Vec<FieldError>>;

pub async fn conclude(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    id: Uuid,
    result: DutyCheckStatus,
    note: &str,
) -> ApiResult<Concluded> {
    let mut p = Problems::default();
    let note = p.text("note", note, 2000);
    if result == DutyCheckStatus::Open {
        p.push("result", "REQUIRED", Msg::Required);
    }
    if !p.is_empty() {
        return Ok(Err(p.0));
    }
    let check = duty_check::Entity::find()
        .filter(duty_check::Column::Uuid.eq(id))
        .filter(scope::duty_checks(actor)?)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?;
    let owner = case::Entity::find_by_id(check.owner_case_id)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?;
    let firm = property_firm::Entity::find_by_id(check.property_firm_id)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?;
    let d1 = matter::Entity::find()
        .filter(matter::Column::Code.eq(model::FIRM_DUTY_MATTER))
        .one(db)
        .await?
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("the catalog has no D1")))?;
    let now = Utc::now();
    let txn = db.begin().await?;
    let res = duty_check::Entity::update_many()
        .col_expr(duty_check::Column::Status, Expr::value(result.as_str()))
        .col_expr(duty_check::Column::Note, Expr::value(note.clone()))
        .col_expr(duty_check::Column::ConcludedBy, Expr::value(actor.id))
        .col_expr(duty_check::Column::ConcludedAt, Expr::value(now))
        .filter(duty_check::Column::Id.eq(check.id))
        .filter(duty_check::Column::Status.eq(DutyCheckStatus::Open.as_str()))
        .exec(&txn)
        .await?;
    if res.rows_affected == 0 {
        return Ok(Err(vec![FieldError::new(
            "dutyCheckId",
            "DUTY_CHECK_NOT_OPEN",
            Msg::DutyCheckNotOpen,
        )]));
    }
    // A change to the owner case too: its version moves, so a page showing it is stale.
    let owner = case::Entity::find_by_id(owner.id)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound)?;
    let Some(owner) = save(&txn, &owner, owner.clone()).await? else {
        return Ok(Err(super::conflict()));
    };
    record(
        &txn,
        &owner,
        Some(actor),
        Entry {
            action: &format!("DUTY_CHECK_{}", result.as_str()),
            from: None,
            to: None,
            note: Some(note.clone()),
            details: serde_json::json!({ "dutyCheck": check.uuid }),
        },
    )
    .await?;
    let firm_case = if result == DutyCheckStatus::Failed {
        let facts = format!(
            "经核查，{}未履行物业管理职责（对违法行为未劝阻、制止或未在24小时内报告）。{}\n核查意见：{}\n关联案件：{}",
            firm.name, check.evidence, note, owner.number
        );
        let c = insert_case(
            &txn,
            actor,
            NewCase {
                procedure: CaseProcedure::Ordinary,
                origin: CaseOrigin::DutyCheck,
                matter_id: d1.id,
                community_id: check.community_id,
                unit_id: check.unit_id,
                handling_squad_id: owner.handling_squad_id,
                facts,
                priority: owner.priority,
            },
        )
        .await?;
        insert_party(
            &txn,
            c.id,
            &NewParty {
                kind: PartyKind::PropertyFirm,
                name: firm.name.clone(),
                id_number: None,
                phone: firm.phone.clone(),
                address: None,
                property_firm_id: Some(firm.id),
            },
        )
        .await?;
        record(
            &txn,
            &c,
            Some(actor),
            Entry {
                action: "FILED",
                from: None,
                to: Some(CaseStage::Filed),
                note: Some(check.evidence.clone()),
                details: serde_json::json!({
                    "origin": CaseOrigin::DutyCheck.as_str(),
                    "dutyCheck": check.uuid,
                    "ownerCase": owner.uuid,
                }),
            },
        )
        .await?;
        duty_check::Entity::update_many()
            .col_expr(duty_check::Column::FirmCaseId, Expr::value(c.id))
            .filter(duty_check::Column::Id.eq(check.id))
            .exec(&txn)
            .await?;
        Some(c)
    } else {
        None
    };
    let fresh = duty_check::Entity::find_by_id(check.id)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound)?;
    crate::db::commit(txn).await?;
    Ok(Ok((fresh, firm_case)))
}
