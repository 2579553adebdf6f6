//! Opening a case (立案): from filings in verification (诉转案, many filings → one case), from
//! a patrol finding, or from a failed duty check. Filings that repeat a point that is not
//! historical stock also open a property duty check on the community's firm.
use chrono::{Datelike, Duration, Utc};
use entity::{
    case_item, community, district, duty_check, enforcement_case as case, item, matter,
    property_firm, squad,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, Set, TransactionTrait, sea_query::Expr,
};
use uuid::Uuid;

use super::{
    Entry, NewParty, check_party, insert_party,
    model::{self, CaseOrigin, CaseProcedure, CaseRule, CaseStage, DutyCheckStatus, PartyKind},
    record, rules,
};
use crate::{
    audit,
    auth::{CurrentUser, Scope},
    authz,
    error::{ApiError, ApiResult},
    i18n::Msg,
    intake::{
        self, NewEvent, record_event,
        status::{ItemKind, ItemStatus},
    },
    validation::{FieldError, Problems},
};

pub struct OpenCase {
    pub items: Vec<Uuid>,
    pub community: Option<Uuid>,
    pub unit: Option<Uuid>,
    pub matter_code: Option<String>,
    pub procedure: CaseProcedure,
    pub facts: String,
    pub parties: Vec<NewParty>,
    pub handling_unit: Option<Uuid>,
}

/// The new case and the filings it took in (to announce to their filers).
pub struct Opened {
    pub case: case::Model,
    pub items: Vec<item::Model>,
}

const MAX_ITEMS: usize = 50;
const MAX_PARTIES: usize = 10;

pub async fn open_case(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    input: OpenCase,
    repeat_window_days: i64,
) -> ApiResult<Result<Opened, Vec<FieldError>>> {
    let mut p = Problems::default();
    let facts = p.text("facts", &input.facts, 4000);
    if input.parties.is_empty() {
        p.push("parties", "PARTY_REQUIRED", Msg::PartyRequired);
    }
    if input.parties.len() > MAX_PARTIES {
        p.push("parties", "TOO_LONG", Msg::TooLong);
        return Ok(Err(p.0));
    }
    if input.items.len() > MAX_ITEMS {
        p.push("itemIds", "TOO_LONG", Msg::TooLong);
        return Ok(Err(p.0));
    }
    let parties: Vec<NewParty> = input
        .parties
        .into_iter()
        .map(|party| check_party(&mut p, party))
        .collect();

    // The filings: handled by the caller, in verification, in no case yet, one community.
    let items = take_items(db, actor, &input.items, &mut p).await?;

    // The place: the filings', or the one given (a patrol finding).
    let community = match (items.first(), input.community) {
        (Some(it), _) => {
            community::Entity::find_by_id(it.community_id)
                .one(db)
                .await?
        }
        (None, Some(c)) => {
            community::Entity::find()
                .filter(community::Column::Uuid.eq(c))
                .one(db)
                .await?
        }
        (None, None) => None,
    };
    let community = match community {
        Some(c) if authz::community_in_scope(db, actor, &c).await? => Some(c),
        Some(_) => {
            p.push(
                "communityId",
                "COMMUNITY_OUTSIDE_SCOPE",
                Msg::CommunityOutsideScope,
            );
            None
        }
        None => {
            if items.is_empty() {
                p.push("communityId", "REQUIRED", Msg::Required);
            }
            None
        }
    };
    let unit_id = match (input.unit, &community) {
        (Some(u), Some(c)) => intake::file::unit_in(db, c, u, &mut p).await?,
        (Some(_), None) => None,
        (None, _) => items.iter().find_map(|it| it.unit_id),
    };
    let matter = match (&input.matter_code, items.iter().find_map(|it| it.matter_id)) {
        (Some(code), _) => {
            let m = matter::Entity::find()
                .filter(matter::Column::Code.eq(code.trim()))
                .one(db)
                .await?;
            if m.is_none() {
                p.push("matterCode", "UNKNOWN_MATTER", Msg::UnknownMatter);
            }
            m
        }
        (None, Some(id)) => matter::Entity::find_by_id(id).one(db).await?,
        (None, None) => {
            p.push("matterCode", "REQUIRED", Msg::MatterRequired);
            None
        }
    };

    // A filing leaves verification only through a case about its own violation.
    if let Some(m) = &matter
        && items
            .iter()
            .any(|it| it.matter_id.is_some_and(|im| im != m.id))
    {
        p.push(
            "matterCode",
            "ITEM_MATTER_MISMATCH",
            Msg::ItemMatterMismatch,
        );
    }
    // A repeat on a point that is not historical stock: a case against the owner.
    let repeats = repeats_of(db, &items).await?;
    if !repeats.is_empty() && !parties.iter().any(|p| p.kind == PartyKind::Owner) {
        p.push("parties", "REPEAT_NEEDS_OWNER", Msg::RepeatNeedsOwner);
    }

    let handling =
        handling_squad(db, actor, input.handling_unit, community.as_ref(), &items).await?;
    if handling.is_none() {
        p.push("handlingUnitId", "UNKNOWN_SQUAD", Msg::UnknownSquad);
    }
    let (Some(community), Some(matter), Some(handling), true) =
        (community, matter, handling, p.is_empty())
    else {
        return Ok(Err(p.0));
    };

    let priority = items.iter().map(|i| i.priority).max().unwrap_or(0);
    let origin = if items.is_empty() {
        CaseOrigin::Patrol
    } else {
        CaseOrigin::Complaint
    };
    let txn = db.begin().await?;
    let c = insert_case(
        &txn,
        actor,
        NewCase {
            procedure: input.procedure,
            origin,
            matter_id: matter.id,
            community_id: community.id,
            unit_id,
            handling_squad_id: handling.id,
            facts,
            priority,
        },
    )
    .await?;
    for party in &parties {
        insert_party(&txn, c.id, party).await?;
    }
    let taken = match link_items(&txn, actor, &c, &items).await? {
        Ok(t) => t,
        Err(e) => return Ok(Err(e)),
    };
    record(
        &txn,
        &c,
        Some(actor),
        Entry {
            action: "FILED",
            from: None,
            to: Some(CaseStage::Filed),
            note: None,
            details: serde_json::json!({
                "procedure": input.procedure.as_str(),
                "origin": origin.as_str(),
                "matter": matter.code,
                "items": items.iter().map(|i| i.uuid).collect::<Vec<_>>(),
                "parties": parties.len(),
            }),
        },
    )
    .await?;
    open_duty_checks(&txn, actor, &c, &community, &repeats, repeat_window_days).await?;
    crate::db::commit(txn).await?;
    Ok(Ok(Opened {
        case: c,
        items: taken,
    }))
}

/// The filings to take into a case: handled by the caller, in verification, in no case yet,
/// about one community. Problems go to `p`.
async fn take_items(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    ids: &[Uuid],
    p: &mut Problems,
) -> ApiResult<Vec<item::Model>> {
    let mut items = Vec::new();
    for id in ids {
        let it = match intake::scope::load_visible(db, actor, *id).await {
            Ok(it) => it,
            Err(ApiError::NotFound) => {
                p.push("itemIds", "NOT_FOUND", Msg::NotFound);
                continue;
            }
            Err(e) => return Err(e),
        };
        if intake::scope::ensure_handles(db, actor, &it).await.is_err() {
            p.push("itemIds", "NOT_FOUND", Msg::NotFound);
            continue;
        }
        if it.kind == ItemKind::Suggestion.as_str() || it.status != ItemStatus::Verifying.as_str() {
            p.push("itemIds", "ITEM_NOT_VERIFYING", Msg::ItemNotVerifying);
        } else if rules::case_of(db, it.id).await?.is_some() {
            p.push("itemIds", "ALREADY_IN_CASE", Msg::AlreadyInCase);
        } else if it.reopened && actor.role != crate::auth::Role::Supervisor {
            // Reopened after an unsatisfied rating: the supervisor's second look (SPEC §5).
            p.push("itemIds", "SUPERVISOR_REVIEW", Msg::SupervisorReview);
        }
        if items
            .iter()
            .any(|o: &item::Model| o.community_id != it.community_id)
        {
            p.push(
                "itemIds",
                "ITEMS_DIFFERENT_COMMUNITY",
                Msg::ItemsDifferentCommunity,
            );
        }
        if !items.iter().any(|o: &item::Model| o.id == it.id) {
            items.push(it);
        }
    }

    Ok(items)
}

/// The filings that repeat a point that is not historical stock.
async fn repeats_of(db: &DatabaseConnection, items: &[item::Model]) -> ApiResult<Vec<item::Model>> {
    let mut repeats = Vec::new();
    for it in items {
        if rules::case_rule(db, it).await? == Some(CaseRule::RepeatComplaint) {
            repeats.push(it.clone());
        }
    }
    Ok(repeats)
}

/// Links the filings to the case: each one `CONVERTED_TO_CASE` with the event its filer sees,
/// conditional on its still being in verification.
async fn link_items(
    txn: &DatabaseTransaction,
    actor: &CurrentUser,
    c: &case::Model,
    items: &[item::Model],
) -> ApiResult<Result<Vec<item::Model>, Vec<FieldError>>> {
    let mut taken = Vec::new();
    for it in items {
        case_item::ActiveModel {
            case_id: Set(c.id),
            item_id: Set(it.id),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        // Conditional on verification: a step that raced in first wins.
        let res = item::Entity::update_many()
            .col_expr(
                item::Column::Status,
                Expr::value(ItemStatus::ConvertedToCase.as_str()),
            )
            .col_expr(item::Column::UpdatedAt, Expr::value(Utc::now()))
            // The first conversion counts (a reopened filing may join a second case).
            .col_expr(
                item::Column::ConvertedAt,
                Expr::value(it.converted_at.unwrap_or_else(Utc::now)),
            )
            // Taking it into a case is the check's result: the filer hears it now.
            .col_expr(
                item::Column::RepliedOnTime,
                Expr::value(
                    it.replied_on_time
                        .unwrap_or_else(|| intake::rules::told_on_time(it.due_at, Utc::now())),
                ),
            )
            .filter(item::Column::Id.eq(it.id))
            .filter(item::Column::Status.eq(ItemStatus::Verifying.as_str()))
            .exec(txn)
            .await?;
        if res.rows_affected == 0 {
            return Ok(Err(vec![FieldError::new(
                "itemIds",
                "CONFLICT",
                Msg::CaseConflict,
            )]));
        }
        let fresh = item::Entity::find_by_id(it.id)
            .one(txn)
            .await?
            .ok_or(ApiError::NotFound)?;
        record_event(
            txn,
            &fresh,
            Some(actor),
            NewEvent {
                action: "CONVERT_TO_CASE",
                from: Some(ItemStatus::Verifying),
                to: Some(ItemStatus::ConvertedToCase),
                note: Some(format!(
                    "已立案查处（{0}）/ a case was opened ({0})",
                    c.number
                )),
                filer_visible: true,
            },
        )
        .await?;
        audit::record(
            txn,
            Some(actor.id),
            "item",
            it.uuid,
            "CONVERT_TO_CASE",
            serde_json::json!({"case": c.uuid}),
        )
        .await?;
        taken.push(fresh);
    }
    Ok(Ok(taken))
}

/// The firm's duty check on each repeated point (SPEC §6 rule 3).
async fn open_duty_checks(
    txn: &DatabaseTransaction,
    actor: &CurrentUser,
    c: &case::Model,
    community: &community::Model,
    repeats: &[item::Model],
    repeat_window_days: i64,
) -> ApiResult<()> {
    if let Some(firm) = community.property_firm_id {
        for it in repeats {
            let evidence = firm_report_evidence(txn, it, repeat_window_days).await?;
            duty_check::ActiveModel {
                uuid: Set(Uuid::new_v4()),
                status: Set(DutyCheckStatus::Open.as_str().into()),
                property_firm_id: Set(firm),
                community_id: Set(community.id),
                unit_id: Set(it.unit_id),
                matter_id: Set(it.matter_id),
                item_id: Set(it.id),
                owner_case_id: Set(c.id),
                evidence: Set(evidence.clone()),
                created_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            record(
                txn,
                c,
                Some(actor),
                Entry {
                    action: "DUTY_CHECK_OPENED",
                    from: None,
                    to: None,
                    note: Some(evidence),
                    details: serde_json::json!({"item": it.uuid}),
                },
            )
            .await?;
        }
    }
    Ok(())
}

/// Takes more filings into an open case (many filings → one case).
pub async fn add_items(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    case_id: Uuid,
    version: Option<i32>,
    ids: &[Uuid],
    repeat_window_days: i64,
) -> ApiResult<Result<Opened, Vec<FieldError>>> {
    let c = super::scope::load(db, actor, case_id).await?;
    if super::stale(&c, version) {
        return Ok(Err(super::conflict()));
    }
    if super::stage_of(&c)? == CaseStage::Closed {
        return Ok(Err(super::not_now()));
    }
    let mut p = Problems::default();
    if ids.is_empty() || ids.len() > MAX_ITEMS {
        p.push("itemIds", "REQUIRED", Msg::Required);
        return Ok(Err(p.0));
    }
    let items = take_items(db, actor, ids, &mut p).await?;
    if items.iter().any(|it| it.community_id != c.community_id) {
        p.push(
            "itemIds",
            "ITEMS_DIFFERENT_COMMUNITY",
            Msg::ItemsDifferentCommunity,
        );
    }
    if items
        .iter()
        .any(|it| it.matter_id.is_some_and(|m| m != c.matter_id))
    {
        p.push("itemIds", "ITEM_MATTER_MISMATCH", Msg::ItemMatterMismatch);
    }
    let repeats = repeats_of(db, &items).await?;
    let parties = super::parties(db, c.id).await?;
    if !repeats.is_empty() && !parties.iter().any(|p| p.kind == PartyKind::Owner.as_str()) {
        p.push("itemIds", "REPEAT_NEEDS_OWNER", Msg::RepeatNeedsOwner);
    }
    if !p.is_empty() {
        return Ok(Err(p.0));
    }
    let community = community::Entity::find_by_id(c.community_id)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?;
    let priority = items.iter().map(|i| i.priority).fold(c.priority, i32::max);
    let mut changed = c.clone();
    changed.priority = priority;
    let txn = db.begin().await?;
    let Some(saved) = super::save(&txn, &c, changed).await? else {
        return Ok(Err(super::conflict()));
    };
    let taken = match link_items(&txn, actor, &saved, &items).await? {
        Ok(t) => t,
        Err(e) => return Ok(Err(e)),
    };
    record(
        &txn,
        &saved,
        Some(actor),
        Entry {
            action: "ITEMS_LINKED",
            from: None,
            to: None,
            note: None,
            details: serde_json::json!({ "items": items.iter().map(|i| i.uuid).collect::<Vec<_>>() }),
        },
    )
    .await?;
    open_duty_checks(
        &txn,
        actor,
        &saved,
        &community,
        &repeats,
        repeat_window_days,
    )
    .await?;
    crate::db::commit(txn).await?;
    Ok(Ok(Opened {
        case: saved,
        items: taken,
    }))
}

pub struct NewCase {
    pub procedure: CaseProcedure,
    pub origin: CaseOrigin,
    pub matter_id: i32,
    pub community_id: i32,
    pub unit_id: Option<i32>,
    pub handling_squad_id: i32,
    pub facts: String,
    pub priority: i32,
}

/// Inserts a case at `FILED` with its number (e.g. 长宁城管立〔2026〕0007号) and the
/// 90-day decision clock.
pub async fn insert_case(
    db: &impl ConnectionTrait,
    actor: &CurrentUser,
    n: NewCase,
) -> ApiResult<case::Model> {
    let now = Utc::now();
    let uuid = Uuid::new_v4();
    let mut c = case::ActiveModel {
        uuid: Set(uuid),
        number: Set(uuid.to_string()),
        stage: Set(CaseStage::Filed.as_str().into()),
        procedure: Set(n.procedure.as_str().into()),
        origin: Set(n.origin.as_str().into()),
        matter_id: Set(n.matter_id),
        community_id: Set(n.community_id),
        unit_id: Set(n.unit_id),
        handling_squad_id: Set(n.handling_squad_id),
        officer_id: Set(Some(actor.id)),
        facts: Set(n.facts),
        priority: Set(n.priority),
        filed_at: Set(now),
        decision_due_at: Set(now + Duration::days(model::DECISION_DAYS)),
        next_due_at: Set(Some(now + Duration::days(model::DECISION_DAYS))),
        version: Set(1),
        created_by: Set(actor.id),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let prefix = district_prefix(db, n.handling_squad_id).await?;
    let year = model::today(now).year();
    let number = format!("{prefix}城管立〔{year}〕{:04}号", c.id);
    case::Entity::update_many()
        .col_expr(case::Column::Number, Expr::value(number.clone()))
        .filter(case::Column::Id.eq(c.id))
        .exec(db)
        .await?;
    c.number = number;
    Ok(c)
}

/// 长宁区 → 长宁
async fn district_prefix(db: &impl ConnectionTrait, squad_id: i32) -> ApiResult<String> {
    let Some(s) = squad::Entity::find_by_id(squad_id).one(db).await? else {
        return Ok(String::new());
    };
    let d = district::Entity::find_by_id(s.district_id).one(db).await?;
    Ok(d.map(|d| d.name_zh.trim_end_matches('区').to_string())
        .unwrap_or_default())
}

/// The unit that handles the case: the one asked for (a squad of the caller's district),
/// else the caller's squad, else the filings' or community's squad.
async fn handling_squad(
    db: &impl ConnectionTrait,
    actor: &CurrentUser,
    asked: Option<Uuid>,
    community: Option<&community::Model>,
    items: &[item::Model],
) -> ApiResult<Option<squad::Model>> {
    let district = match &actor.scope {
        Scope::Squad { district_id, .. } | Scope::District { district_id } => *district_id,
        _ => return Ok(None),
    };
    let id = match (asked, &actor.scope) {
        (Some(u), _) => {
            return Ok(squad::Entity::find()
                .filter(squad::Column::Uuid.eq(u))
                .filter(squad::Column::DistrictId.eq(district))
                .one(db)
                .await?);
        }
        (None, Scope::Squad { squad_id, .. }) => Some(*squad_id),
        (None, _) => match (items.first(), community) {
            (Some(it), _) => Some(it.squad_id),
            (None, Some(c)) => Some(intake::routing::squad_for(db, c).await?),
            _ => None,
        },
    };
    match id {
        Some(id) => Ok(squad::Entity::find_by_id(id).one(db).await?),
        None => Ok(None),
    }
}

/// What the filings say about the firm's duty (SPEC §6 rule 3): a violation that reached
/// the bureau by complaint while the firm never reported it, or reported it late.
pub async fn firm_report_evidence(
    db: &impl ConnectionTrait,
    it: &item::Model,
    window_days: i64,
) -> ApiResult<String> {
    let (Some(unit), Some(matter)) = (it.unit_id, it.matter_id) else {
        return Ok("物业未就该点位报告 / the firm filed no report about this point".into());
    };
    let reports = item::Entity::find()
        .filter(item::Column::Kind.eq(ItemKind::PropertyReport.as_str()))
        .filter(item::Column::UnitId.eq(unit))
        .filter(item::Column::MatterId.eq(matter))
        .filter(item::Column::CreatedAt.gt(it.created_at - Duration::days(window_days)))
        .all(db)
        .await?;
    let firm = match community::Entity::find_by_id(it.community_id)
        .one(db)
        .await?
    {
        Some(c) => match c.property_firm_id {
            Some(f) => property_firm::Entity::find_by_id(f)
                .one(db)
                .await?
                .map(|f| f.name),
            None => None,
        },
        None => None,
    }
    .unwrap_or_default();
    let reported = if reports.is_empty() {
        format!(
            "{firm}未报告：该违法行为经市民重复投诉到达执法部门，物业未在24小时内报告。/ {firm} never reported it: the violation reached the bureau by repeated complaints."
        )
    } else if reports.iter().any(|r| r.late) {
        format!(
            "{firm}逾期报告：物业报告晚于劝阻失败后24小时。/ {firm} reported it late: more than 24 hours after the failed dissuasion."
        )
    } else {
        format!(
            "{firm}已在24小时内报告（共{}份物业报告）。/ {firm} reported it within 24 hours ({} reports).",
            reports.len(),
            reports.len()
        )
    };
    Ok(format!(
        "{reported}{}",
        renovation_evidence(db, unit).await?
    ))
}

/// The renovation pilot's record of the unit (SPEC §8): the firm's missed patrols of a
/// registered renovation there are part of the duty check's evidence.
async fn renovation_evidence(db: &impl ConnectionTrait, unit: i32) -> ApiResult<String> {
    let regs = entity::renovation::Entity::find()
        .filter(entity::renovation::Column::UnitId.eq(unit))
        .all(db)
        .await?;
    if regs.is_empty() {
        return Ok(String::new());
    }
    let cal = crate::catalog::holidays::load_calendar(db).await?;
    let mut gaps = Vec::new();
    for r in &regs {
        if let Some(s) = crate::renovation::schedule_of(db, &cal, r).await? {
            gaps.extend(s.gaps);
        }
    }
    Ok(if gaps.is_empty() {
        "\n该户装修已登记，物业巡查无缺失。/ The renovation there is registered and the firm's patrols are complete.".into()
    } else {
        let days: Vec<String> = gaps.iter().map(|d| d.to_string()).collect();
        format!(
            "\n该户装修已登记，物业巡查缺失{}次（{}）。/ The renovation there is registered; the firm missed {} patrols ({}).",
            gaps.len(),
            days.join("、"),
            gaps.len(),
            days.join(", ")
        )
    })
}
