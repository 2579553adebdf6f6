//! The steps of the penalty process on a case (SPEC §7), each one transaction: the
//! conditional version bump first, then the chronology entry and audit record.
use chrono::{DateTime, Utc};
use entity::{approval, case_evidence, case_item, enforcement_case as case, item, squad};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, TransactionTrait,
    sea_query::Expr,
};
use uuid::Uuid;

use super::{
    Changed, Entry, NewParty, check_party, conflict, fine_range, insert_party, matter_of,
    model::{
        self, ApprovalKind, ApprovalStatus, CaseAction, CaseProcedure, CaseStage, Decision,
        DecisionKind, EvidenceKind,
    },
    not_now, organisation, parties, record, save, scope, stage_of, stale,
};
use crate::{
    auth::CurrentUser,
    catalog::holidays,
    error::{ApiError, ApiResult},
    i18n::Msg,
    intake::{self, NewEvent, record_event, rules::working_deadline, status::ItemStatus},
    validation::{FieldError, Problems},
};

/// Who acts on which case, and which version they saw.
pub struct Step {
    pub case: Uuid,
    pub version: Option<i32>,
    pub note: Option<String>,
}

fn note(n: Option<String>) -> Option<String> {
    n.map(|n| n.trim().chars().take(2000).collect::<String>())
        .filter(|n| !n.is_empty())
}

fn procedure_of(c: &case::Model) -> CaseProcedure {
    CaseProcedure::parse(&c.procedure).unwrap_or(CaseProcedure::Ordinary)
}

/// Loads the case for `action`: in scope, the version the caller saw, and a stage that
/// allows the action. The error is what the user sees.
async fn begin(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    s: &Step,
    action: CaseAction,
) -> ApiResult<Result<(case::Model, CaseStage), Vec<FieldError>>> {
    let c = scope::load(db, actor, s.case).await?;
    if stale(&c, s.version) {
        return Ok(Err(conflict()));
    }
    match model::next(procedure_of(&c), stage_of(&c)?, action) {
        Some(to) => Ok(Ok((c, to))),
        None => Ok(Err(not_now())),
    }
}

/// Saves `new` with its chronology entries, or answers `CONFLICT`.
async fn commit(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    old: &case::Model,
    new: case::Model,
    entries: Vec<Entry<'_>>,
) -> ApiResult<Changed> {
    let txn = db.begin().await?;
    let Some(saved) = save(&txn, old, new).await? else {
        return Ok(Err(conflict()));
    };
    for e in entries {
        record(&txn, &saved, Some(actor), e).await?;
    }
    crate::db::commit(txn).await?;
    Ok(Ok(saved))
}

fn moved<'a>(action: &'a str, from: CaseStage, to: CaseStage, note: Option<String>) -> Entry<'a> {
    Entry {
        action,
        from: Some(from),
        to: Some(to),
        note,
        details: serde_json::Value::Null,
    }
}

/// 调查取证: the handling officer starts gathering evidence.
pub async fn investigate(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    s: Step,
) -> ApiResult<Changed> {
    let (c, to) = match begin(db, actor, &s, CaseAction::Investigate).await? {
        Ok(x) => x,
        Err(e) => return Ok(Err(e)),
    };
    let from = stage_of(&c)?;
    let mut n = c.clone();
    n.stage = to.as_str().into();
    n.officer_id = n.officer_id.or(Some(actor.id));
    commit(
        db,
        actor,
        &c,
        n,
        vec![moved("INVESTIGATE", from, to, note(s.note))],
    )
    .await
}

/// 告知: the party is told the proposed decision, and has 5 working days to ask for a
/// hearing.
pub async fn notify(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    s: Step,
    proposed: Decision,
) -> ApiResult<Changed> {
    let (c, to) = match begin(db, actor, &s, CaseAction::Notify).await? {
        Ok(x) => x,
        Err(e) => return Ok(Err(e)),
    };
    let m = matter_of(db, &c).await?;
    let ps = parties(db, c.id).await?;
    let now = Utc::now();
    let problems = model::check_decision(
        "proposed",
        &proposed,
        fine_range(&m),
        procedure_of(&c),
        organisation(&ps),
        model::today(now),
    );
    if !problems.is_empty() {
        return Ok(Err(problems));
    }
    let cal = holidays::load_calendar(db).await?;
    let from = stage_of(&c)?;
    let mut n = c.clone();
    n.stage = to.as_str().into();
    n.proposed = serde_json::to_string(&proposed).ok();
    n.notified_at = Some(now);
    n.hearing_request_due_at =
        Some(working_deadline(&cal, now, model::HEARING_REQUEST_WORKING_DAYS).0);
    let mut e = moved("NOTIFY", from, to, note(s.note));
    e.details = serde_json::to_value(&proposed).unwrap_or_default();
    commit(db, actor, &c, n, vec![e]).await
}

/// 听证: asked for within 5 working days of the notice, and notified at least 7 working
/// days ahead.
pub async fn request_hearing(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    s: Step,
    hearing_at: DateTime<Utc>,
) -> ApiResult<Changed> {
    let (c, to) = match begin(db, actor, &s, CaseAction::RequestHearing).await? {
        Ok(x) => x,
        Err(e) => return Ok(Err(e)),
    };
    let now = Utc::now();
    if c.hearing_request_due_at.is_some_and(|due| now > due) {
        return Ok(Err(vec![FieldError::new(
            "caseId",
            "HEARING_WINDOW_PASSED",
            Msg::HearingWindowPassed,
        )]));
    }
    let cal = holidays::load_calendar(db).await?;
    let earliest = working_deadline(&cal, now, model::HEARING_NOTICE_WORKING_DAYS).0;
    if model::today(hearing_at) < model::today(earliest) {
        return Ok(Err(vec![FieldError::new(
            "hearingAt",
            "HEARING_NOTICE_TOO_SHORT",
            Msg::HearingNoticeTooShort,
        )]));
    }
    let from = stage_of(&c)?;
    let mut n = c.clone();
    n.stage = to.as_str().into();
    n.hearing_at = Some(hearing_at);
    let mut e = moved("REQUEST_HEARING", from, to, note(s.note));
    e.details = serde_json::json!({ "hearingAt": hearing_at });
    commit(db, actor, &c, n, vec![e]).await
}

/// 决定. Ordinary procedure: after the notice (and the hearing, if one was asked for), no
/// heavier than the notice, with legal review for a major case. Summary procedure: on the
/// spot, handed over at once; a warning needs no execution.
pub async fn decide(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    s: Step,
    d: Decision,
    waived: bool,
) -> ApiResult<Changed> {
    let (c, to) = match begin(db, actor, &s, CaseAction::Decide).await? {
        Ok(x) => x,
        Err(e) => return Ok(Err(e)),
    };
    let from = stage_of(&c)?;
    let procedure = procedure_of(&c);
    let m = matter_of(db, &c).await?;
    let ps = parties(db, c.id).await?;
    let org = organisation(&ps);
    let now = Utc::now();
    let mut problems = model::check_decision(
        "decision",
        &d,
        fine_range(&m),
        procedure,
        org,
        model::today(now),
    );
    if from == CaseStage::Hearing && c.hearing_at.is_some_and(|h| now < h) {
        problems.push(FieldError::new(
            "caseId",
            "HEARING_NOT_HELD",
            Msg::HearingNotHeld,
        ));
    }
    // The party has 5 working days to speak up or ask for a hearing, unless they waived it.
    let window_open =
        from == CaseStage::Notified && c.hearing_request_due_at.is_some_and(|due| now <= due);
    if window_open && !waived {
        problems.push(FieldError::new(
            "waived",
            "HEARING_WINDOW_OPEN",
            Msg::HearingWindowOpen,
        ));
    }
    if procedure == CaseProcedure::Ordinary {
        let proposed: Option<Decision> = c
            .proposed
            .as_deref()
            .and_then(|p| serde_json::from_str(p).ok());
        if proposed.is_some_and(|p| d.heavier_than(&p)) {
            problems.push(FieldError::new(
                "decision",
                "HEAVIER_THAN_NOTICE",
                Msg::HeavierThanNotice,
            ));
        }
        if d.is_major(org, c.hearing_at.is_some()) && !legal_review_approved(db, &c).await? {
            problems.push(FieldError::new(
                "decision",
                "LEGAL_REVIEW_REQUIRED",
                Msg::LegalReviewRequired,
            ));
        }
    }
    if !problems.is_empty() {
        return Ok(Err(problems));
    }
    let kind = d.kind().unwrap_or(DecisionKind::Warning);
    let cal = holidays::load_calendar(db).await?;
    let mut n = c.clone();
    n.decision = serde_json::to_string(&d).ok();
    n.decided_at = Some(now);
    n.rectify_due_at = d.rectify_by.map(model::end_of_day);
    let mut text = note(s.note);
    if window_open {
        let waiver = "当事人书面放弃陈述、申辩和听证 / the party waived the hearing in writing";
        text = Some(match text {
            Some(t) => format!("{t}（{waiver}）"),
            None => waiver.to_string(),
        });
    }
    let mut decided = moved("DECIDE", from, CaseStage::Decided, text);
    decided.details = serde_json::to_value(&d).unwrap_or_default();
    let mut entries = vec![decided];
    let end = if procedure == CaseProcedure::Summary {
        // Handed over on the spot (当场交付).
        n.served_at = Some(now);
        n.served_in_person = Some(true);
        if kind == DecisionKind::Fine {
            n.payment_due_at = Some(model::payment_due(now));
        }
        let end = model::after_summary_decision(kind);
        entries.push(moved(
            "SERVE",
            CaseStage::Decided,
            CaseStage::Served,
            Some("当场交付 / handed over on the spot".into()),
        ));
        if end == CaseStage::Executed {
            n.executed_at = Some(now);
            entries.push(moved(
                "EXECUTE",
                CaseStage::Served,
                CaseStage::Executed,
                Some("警告当场执行完毕 / the warning is carried out on the spot".into()),
            ));
        }
        end
    } else {
        n.service_due_at = Some(working_deadline(&cal, now, model::SERVICE_WORKING_DAYS).0);
        to
    };
    n.stage = end.as_str().into();
    commit(db, actor, &c, n, entries).await
}

/// An approved legal review of the proposed decision now on the case.
async fn legal_review_approved(db: &DatabaseConnection, c: &case::Model) -> ApiResult<bool> {
    let mut q = approval::Entity::find()
        .filter(approval::Column::CaseId.eq(c.id))
        .filter(approval::Column::Kind.eq(ApprovalKind::LegalReview.as_str()))
        .filter(approval::Column::Status.eq(ApprovalStatus::Approved.as_str()));
    if let Some(at) = c.notified_at {
        q = q.filter(approval::Column::RequestedAt.gte(at));
    }
    Ok(q.count(db).await? > 0)
}

/// 送达: in person, or within 7 working days of the decision.
pub async fn serve(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    s: Step,
    in_person: bool,
) -> ApiResult<Changed> {
    let (c, to) = match begin(db, actor, &s, CaseAction::Serve).await? {
        Ok(x) => x,
        Err(e) => return Ok(Err(e)),
    };
    let now = Utc::now();
    let from = stage_of(&c)?;
    let mut n = c.clone();
    n.stage = to.as_str().into();
    n.served_at = Some(now);
    n.served_in_person = Some(in_person);
    let fine = c
        .decision
        .as_deref()
        .and_then(|d| serde_json::from_str::<Decision>(d).ok())
        .is_some_and(|d| d.kind() == Some(DecisionKind::Fine));
    if fine {
        n.payment_due_at = Some(model::payment_due(now));
    }
    let late = c.service_due_at.is_some_and(|d| now > d);
    let mut text = note(s.note).unwrap_or_default();
    if late {
        text.push_str("（逾期送达 / served late）");
    }
    let mut e = moved("SERVE", from, to, Some(text).filter(|t| !t.is_empty()));
    e.details = serde_json::json!({ "inPerson": in_person, "late": late });
    commit(db, actor, &c, n, vec![e]).await
}

/// 执行: the fine is paid, the order carried out (整改复查).
pub async fn execute(db: &DatabaseConnection, actor: &CurrentUser, s: Step) -> ApiResult<Changed> {
    let (c, to) = match begin(db, actor, &s, CaseAction::Execute).await? {
        Ok(x) => x,
        Err(e) => return Ok(Err(e)),
    };
    let from = stage_of(&c)?;
    let mut n = c.clone();
    n.stage = to.as_str().into();
    n.executed_at = Some(Utc::now());
    commit(
        db,
        actor,
        &c,
        n,
        vec![moved("EXECUTE", from, to, note(s.note))],
    )
    .await
}

/// 结案: replies to every linked filing with the outcome; a structural case needs its
/// restoration report; a focus matter or illegal construction schedules a re-check.
pub async fn close(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    s: Step,
    outcome: &str,
) -> ApiResult<Result<(case::Model, Vec<item::Model>), Vec<FieldError>>> {
    let mut p = Problems::default();
    let outcome = p.text("outcome", outcome, 2000);
    if !p.is_empty() {
        return Ok(Err(p.0));
    }
    let (c, to) = match begin(db, actor, &s, CaseAction::Close).await? {
        Ok(x) => x,
        Err(e) => return Ok(Err(e)),
    };
    let m = matter_of(db, &c).await?;
    if model::RESTORATION_MATTERS.contains(&m.code.as_str()) {
        let reports = case_evidence::Entity::find()
            .filter(case_evidence::Column::CaseId.eq(c.id))
            .filter(case_evidence::Column::Kind.eq(EvidenceKind::RestorationReport.as_str()))
            .count(db)
            .await?;
        if reports == 0 {
            return Ok(Err(vec![FieldError::new(
                "caseId",
                "RESTORATION_REPORT_REQUIRED",
                Msg::RestorationReportRequired,
            )]));
        }
    }
    let now = Utc::now();
    let from = stage_of(&c)?;
    let mut n = c.clone();
    n.stage = to.as_str().into();
    n.closed_at = Some(now);
    if m.focus || m.code == intake::rules::ILLEGAL_CONSTRUCTION {
        n.recheck_due_at = Some(now + chrono::Duration::days(model::RECHECK_DAYS));
    }
    let linked: Vec<i32> = case_item::Entity::find()
        .filter(case_item::Column::CaseId.eq(c.id))
        .all(db)
        .await?
        .into_iter()
        .map(|ci| ci.item_id)
        .collect();
    let items = item::Entity::find()
        .filter(item::Column::Id.is_in(linked))
        .all(db)
        .await?;
    let txn = db.begin().await?;
    let Some(saved) = save(&txn, &c, n).await? else {
        return Ok(Err(conflict()));
    };
    let mut e = moved("CLOSE", from, to, Some(outcome.clone()));
    e.details = serde_json::json!({ "recheckDueAt": saved.recheck_due_at });
    record(&txn, &saved, Some(actor), e).await?;
    let message = format!(
        "案件已办结（{}）：{outcome} / The case is closed: {outcome}",
        saved.number
    );
    let mut touched = Vec::new();
    for it in items {
        let id = it.id;
        // Converted filings get their answer now; those already answered hear the outcome.
        let replied = if it.status == ItemStatus::ConvertedToCase.as_str() {
            match intake::act::reply_in(&txn, actor, it.clone(), message.clone()).await? {
                Ok(fresh) => Some(fresh),
                // Nothing else stops a converted filing's reply; say so rather than lose it.
                Err(e) => return Ok(Err(e)),
            }
        } else {
            None
        };
        if replied.is_none() {
            record_event(
                &txn,
                &it,
                Some(actor),
                NewEvent {
                    action: "CASE_CLOSED",
                    from: None,
                    to: None,
                    note: Some(message.clone()),
                    filer_visible: true,
                },
            )
            .await?;
        }
        if let Some(fresh) = item::Entity::find_by_id(id).one(&txn).await? {
            touched.push(fresh);
        }
    }
    crate::db::commit(txn).await?;
    Ok(Ok((saved, touched)))
}

/// Hands the case to another unit (the district bureau or a squad of the district), with
/// the reason; the new unit assigns its officer.
pub async fn hand_over(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    s: Step,
    to_unit: Uuid,
    reason: &str,
) -> ApiResult<Changed> {
    let mut p = Problems::default();
    let reason = p.text("reason", reason, 1000);
    if !p.is_empty() {
        return Ok(Err(p.0));
    }
    let (c, _) = match begin(db, actor, &s, CaseAction::HandOver).await? {
        Ok(x) => x,
        Err(e) => return Ok(Err(e)),
    };
    let here = squad::Entity::find_by_id(c.handling_squad_id)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?;
    let Some(there) = squad::Entity::find()
        .filter(squad::Column::Uuid.eq(to_unit))
        .filter(squad::Column::DistrictId.eq(here.district_id))
        .one(db)
        .await?
    else {
        return Ok(Err(vec![FieldError::new(
            "toUnitId",
            "UNKNOWN_SQUAD",
            Msg::UnknownSquad,
        )]));
    };
    if there.id == here.id {
        return Ok(Err(vec![FieldError::new(
            "toUnitId",
            "SAME_UNIT",
            Msg::SameHandlingUnit,
        )]));
    }
    let mut n = c.clone();
    n.handling_squad_id = there.id;
    n.officer_id = None;
    let txn = db.begin().await?;
    let Some(saved) = save(&txn, &c, n).await? else {
        return Ok(Err(conflict()));
    };
    // What waits for approval goes with the case.
    approval::Entity::update_many()
        .col_expr(approval::Column::SquadId, Expr::value(there.id))
        .filter(approval::Column::CaseId.eq(c.id))
        .filter(approval::Column::Status.eq(ApprovalStatus::Pending.as_str()))
        .exec(&txn)
        .await?;
    record(
        &txn,
        &saved,
        Some(actor),
        Entry {
            action: "HAND_OVER",
            from: None,
            to: None,
            note: Some(format!("{} → {}：{reason}", here.name_zh, there.name_zh)),
            details: serde_json::json!({ "from": here.uuid, "to": there.uuid }),
        },
    )
    .await?;
    crate::db::commit(txn).await?;
    Ok(Ok(saved))
}

/// 回头看: the re-check visit after closing. A relapse reopens the case for investigation
/// with a fresh decision clock.
pub async fn record_recheck(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    s: Step,
    relapse: bool,
) -> ApiResult<Changed> {
    let mut p = Problems::default();
    let text = p.text("note", s.note.as_deref().unwrap_or(""), 2000);
    if !p.is_empty() {
        return Ok(Err(p.0));
    }
    let (c, _) = match begin(db, actor, &s, CaseAction::RecordRecheck).await? {
        Ok(x) => x,
        Err(e) => return Ok(Err(e)),
    };
    if c.recheck_due_at.is_none() {
        return Ok(Err(not_now()));
    }
    let now = Utc::now();
    let mut n = c.clone();
    n.recheck_due_at = None;
    let entry = if relapse {
        n.stage = CaseStage::Investigating.as_str().into();
        n.closed_at = None;
        n.proposed = None;
        n.decision = None;
        n.hearing_at = None;
        n.served_in_person = None;
        n.notified_at = None;
        n.decided_at = None;
        n.served_at = None;
        n.executed_at = None;
        n.hearing_request_due_at = None;
        n.service_due_at = None;
        n.payment_due_at = None;
        n.rectify_due_at = None;
        n.decision_due_at = now + chrono::Duration::days(model::DECISION_DAYS);
        moved(
            "RELAPSE_REOPENED",
            CaseStage::Closed,
            CaseStage::Investigating,
            Some(text),
        )
    } else {
        Entry {
            action: "RECHECKED",
            from: None,
            to: None,
            note: Some(text),
            details: serde_json::Value::Null,
        }
    };
    commit(db, actor, &c, n, vec![entry]).await
}

/// Adds a party before the decision.
pub async fn add_party(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    s: Step,
    party: NewParty,
) -> ApiResult<Changed> {
    let mut p = Problems::default();
    let party = check_party(&mut p, party);
    if !p.is_empty() {
        return Ok(Err(p.0));
    }
    let c = scope::load(db, actor, s.case).await?;
    if stale(&c, s.version) {
        return Ok(Err(conflict()));
    }
    // Who is penalised is settled by the notice: parties join before it.
    if !matches!(stage_of(&c)?, CaseStage::Filed | CaseStage::Investigating) {
        return Ok(Err(not_now()));
    }
    let txn = db.begin().await?;
    let Some(saved) = save(&txn, &c, c.clone()).await? else {
        return Ok(Err(conflict()));
    };
    insert_party(&txn, c.id, &party).await?;
    record(
        &txn,
        &saved,
        Some(actor),
        Entry {
            action: "PARTY_ADDED",
            from: None,
            to: None,
            note: Some(party.name.clone()),
            details: serde_json::json!({ "kind": party.kind.as_str() }),
        },
    )
    .await?;
    crate::db::commit(txn).await?;
    Ok(Ok(saved))
}
