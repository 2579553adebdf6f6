//! Enforcement cases over GraphQL: lists, the case page, its steps, evidence, approvals
//! and duty checks. Officers and supervisors of the handling unit only; a property firm
//! sees the duty checks on itself.
use async_graphql::{Context, ID, InputObject, Object, SimpleObject, Upload};
use chrono::{DateTime, NaiveDate, Utc};
use entity::{
    account, approval, case_event, case_evidence, case_item, community, duty_check,
    enforcement_case as case, item, matter, property_firm, squad,
};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder};

use super::{
    context::{CtxExt, Localize, UserError, db_err, parse_id, user_errors},
    items::{CommunityRef, announce, loose_id, read_uploads, unit_label},
    pagination::{self, Page},
};
use crate::{
    auth::Role,
    authz::Op,
    cases::{
        self, NewParty, act,
        act::Step,
        approvals, duty, evidence,
        list::{self, CaseFilter as Filter},
        model::{
            self, ApprovalKind, ApprovalStatus, CaseAction, CaseOrigin, CaseProcedure, CaseStage,
            ClockKind, ClockState, DecisionKind, DutyCheckStatus, EvidenceKind, PartyKind,
        },
        open, rules, scope,
    },
    error::ApiError,
    intake::status::{ItemKind, ItemSource, ItemStatus},
};

async fn name_of(ctx: &Context<'_>, id: Option<i32>) -> async_graphql::Result<Option<String>> {
    let Some(id) = id else { return Ok(None) };
    Ok(account::Entity::find_by_id(id)
        .one(&ctx.app().db)
        .await
        .map_err(|e| db_err(ctx, e))?
        .map(|a| a.display_name))
}

/// A case as an officer sees it. `detail`: the case page (whole ID numbers); lists mask them.
pub struct Case {
    pub model: case::Model,
    pub detail: bool,
}

impl Case {
    fn page(model: case::Model) -> Self {
        Case {
            model,
            detail: true,
        }
    }
}

#[derive(SimpleObject)]
pub struct CaseMatter {
    pub code: String,
    pub name: String,
    pub legal_basis: String,
    pub fine_min_cny: Option<i64>,
    pub fine_max_cny: Option<i64>,
    pub fine_serious_max_cny: Option<i64>,
    pub mandatory_case: bool,
    pub focus: bool,
}

#[derive(SimpleObject, Clone)]
pub struct HandlingUnit {
    pub id: ID,
    pub name: String,
}

#[derive(SimpleObject)]
pub struct Party {
    pub id: ID,
    pub kind: PartyKind,
    pub name: String,
    /// Masked (e.g. 310***********1234) in lists; whole only on the case page (`case(id)`).
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub organisation: bool,
}

#[derive(SimpleObject)]
pub struct Decision {
    pub kind: DecisionKind,
    pub fine_cny: Option<i64>,
    pub rectify_by: Option<NaiveDate>,
    pub demolish: bool,
    pub serious_reason: Option<String>,
    pub text: Option<String>,
    /// Needs legal review (法制审核) before deciding (SPEC §7).
    pub major: bool,
}

#[derive(SimpleObject)]
pub struct Evidence {
    pub id: ID,
    pub kind: EvidenceKind,
    pub title: String,
    pub body: Option<String>,
    /// For a photo: signed URLs that expire.
    pub thumbnail_url: Option<String>,
    pub url: Option<String>,
    pub original_url: Option<String>,
    pub captured_at: Option<DateTime<Utc>>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub added_by: String,
    pub created_at: DateTime<Utc>,
}

#[derive(SimpleObject)]
pub struct CaseClock {
    pub kind: ClockKind,
    pub due_at: DateTime<Utc>,
    pub state: ClockState,
}

#[derive(SimpleObject)]
pub struct CaseEvent {
    pub at: DateTime<Utc>,
    pub action: String,
    pub from_stage: Option<CaseStage>,
    pub to_stage: Option<CaseStage>,
    pub note: Option<String>,
    pub actor_name: Option<String>,
    pub actor_role: Option<Role>,
}

#[derive(SimpleObject)]
pub struct LinkedItem {
    pub id: ID,
    pub kind: ItemKind,
    pub source: ItemSource,
    pub status: ItemStatus,
    pub created_at: DateTime<Utc>,
    pub description: String,
}

fn decision_of(raw: Option<&str>, organisation: bool, hearing: bool) -> Option<Decision> {
    let d: model::Decision = serde_json::from_str(raw?).ok()?;
    Some(Decision {
        kind: d.kind()?,
        major: d.is_major(organisation, hearing),
        fine_cny: d.fine_cny,
        rectify_by: d.rectify_by,
        demolish: d.demolish,
        serious_reason: d.serious_reason,
        text: d.text,
    })
}

#[Object]
impl Case {
    async fn id(&self) -> ID {
        ID(self.model.uuid.to_string())
    }
    /// e.g. 长宁城管立〔2026〕0001号
    async fn number(&self) -> &str {
        &self.model.number
    }
    async fn stage(&self) -> Option<CaseStage> {
        CaseStage::parse(&self.model.stage)
    }
    async fn procedure(&self) -> Option<CaseProcedure> {
        CaseProcedure::parse(&self.model.procedure)
    }
    async fn origin(&self) -> Option<CaseOrigin> {
        CaseOrigin::parse(&self.model.origin)
    }
    async fn matter(&self, ctx: &Context<'_>) -> async_graphql::Result<CaseMatter> {
        let m = cases::matter_of(&ctx.app().db, &self.model)
            .await
            .gql(ctx)?;
        Ok(CaseMatter {
            name: ctx.lang().pick(&m.name_zh, &m.name_en).to_string(),
            code: m.code,
            legal_basis: m.legal_basis,
            fine_min_cny: m.fine_min_cny,
            fine_max_cny: m.fine_max_cny,
            fine_serious_max_cny: m.fine_serious_max_cny,
            mandatory_case: m.mandatory_case,
            focus: m.focus,
        })
    }
    async fn community(&self, ctx: &Context<'_>) -> async_graphql::Result<CommunityRef> {
        let c = community::Entity::find_by_id(self.model.community_id)
            .one(&ctx.app().db)
            .await
            .map_err(|e| db_err(ctx, e))?
            .ok_or_else(|| ctx.fail(ApiError::NotFound))?;
        Ok(CommunityRef {
            id: ID(c.uuid.to_string()),
            name: c.name,
        })
    }
    /// Hidden from the housing partner when it is the home of a linked filing's filer (a case
    /// takes its unit from the first filing when none is given).
    async fn unit_label(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        if !officer(ctx) && self.model.unit_id.is_some() {
            let db = &ctx.app().db;
            let ids: Vec<i32> = case_item::Entity::find()
                .filter(case_item::Column::CaseId.eq(self.model.id))
                .all(db)
                .await
                .map_err(|e| db_err(ctx, e))?
                .into_iter()
                .map(|c| c.item_id)
                .collect();
            for it in item::Entity::find()
                .filter(item::Column::Id.is_in(ids))
                .filter(item::Column::UnitId.eq(self.model.unit_id))
                .all(db)
                .await
                .map_err(|e| db_err(ctx, e))?
            {
                if super::items::is_filers_home(ctx, &it).await? {
                    return Ok(None);
                }
            }
        }
        unit_label(ctx, self.model.unit_id).await
    }
    async fn handling_unit(&self, ctx: &Context<'_>) -> async_graphql::Result<HandlingUnit> {
        let s = squad::Entity::find_by_id(self.model.handling_squad_id)
            .one(&ctx.app().db)
            .await
            .map_err(|e| db_err(ctx, e))?
            .ok_or_else(|| ctx.fail(ApiError::NotFound))?;
        Ok(HandlingUnit {
            id: ID(s.uuid.to_string()),
            name: ctx.lang().pick(&s.name_zh, &s.name_en).to_string(),
        })
    }
    /// 承办人
    async fn officer(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        name_of(ctx, self.model.officer_id).await
    }
    async fn facts(&self) -> &str {
        &self.model.facts
    }
    async fn parties(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Party>> {
        let staff = officer(ctx);
        let rows = cases::parties(&ctx.app().db, self.model.id)
            .await
            .gql(ctx)?;
        Ok(rows
            .into_iter()
            .map(|p| Party {
                id: ID(p.uuid.to_string()),
                kind: PartyKind::parse(&p.kind).unwrap_or(PartyKind::Owner),
                organisation: p.kind == PartyKind::PropertyFirm.as_str(),
                name: p.name,
                id_number: p.id_number.map(|n| {
                    if self.detail && staff {
                        n
                    } else {
                        model::mask_id_number(&n)
                    }
                }),
                // The housing partner reads cases but gets no contact details.
                phone: p
                    .phone
                    .map(|n| if staff { n } else { model::mask_id_number(&n) }),
                address: p.address,
            })
            .collect())
    }
    /// The complaints and reports it came from.
    async fn items(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<LinkedItem>> {
        let db = &ctx.app().db;
        let ids: Vec<i32> = case_item::Entity::find()
            .filter(case_item::Column::CaseId.eq(self.model.id))
            .all(db)
            .await
            .map_err(|e| db_err(ctx, e))?
            .into_iter()
            .map(|c| c.item_id)
            .collect();
        let rows = item::Entity::find()
            .filter(item::Column::Id.is_in(ids))
            .order_by_asc(item::Column::Id)
            .all(db)
            .await
            .map_err(|e| db_err(ctx, e))?;
        Ok(rows
            .into_iter()
            .filter_map(|i| {
                Some(LinkedItem {
                    id: ID(i.uuid.to_string()),
                    kind: ItemKind::parse(&i.kind)?,
                    source: ItemSource::parse(&i.source)?,
                    status: ItemStatus::parse(&i.status)?,
                    created_at: i.created_at,
                    description: i.description,
                })
            })
            .collect())
    }
    async fn evidence(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Evidence>> {
        let app = ctx.app();
        let rows = case_evidence::Entity::find()
            .filter(case_evidence::Column::CaseId.eq(self.model.id))
            .order_by_asc(case_evidence::Column::Id)
            .all(&app.db)
            .await
            .map_err(|e| db_err(ctx, e))?;
        let now = Utc::now();
        let mut out = Vec::new();
        for e in rows {
            let url = |v| e.photo_uuid.map(|p| app.photos.signed_url(p, v, now));
            let copies = e.has_copies;
            // Originals (with their metadata) and places are for officers only (SPEC §10).
            let staff = officer(ctx);
            out.push(Evidence {
                id: ID(e.uuid.to_string()),
                kind: EvidenceKind::parse(&e.kind).unwrap_or(EvidenceKind::Document),
                thumbnail_url: url(crate::photos::Variant::Thumbnail).filter(|_| copies),
                url: url(crate::photos::Variant::Display).filter(|_| copies),
                original_url: url(crate::photos::Variant::Original).filter(|_| staff),
                title: e.title.clone(),
                body: e.body.clone(),
                captured_at: e.captured_at.filter(|_| staff),
                latitude: e.latitude.filter(|_| staff),
                longitude: e.longitude.filter(|_| staff),
                added_by: name_of(ctx, Some(e.added_by)).await?.unwrap_or_default(),
                created_at: e.created_at,
            });
        }
        Ok(out)
    }
    /// At the notice (告知): the proposed decision.
    async fn proposed(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Decision>> {
        let org = self.organisation(ctx).await?;
        Ok(decision_of(
            self.model.proposed.as_deref(),
            org,
            self.model.hearing_at.is_some(),
        ))
    }
    async fn decision(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Decision>> {
        let org = self.organisation(ctx).await?;
        Ok(decision_of(
            self.model.decision.as_deref(),
            org,
            self.model.hearing_at.is_some(),
        ))
    }
    /// The latest legal review asked for, if any.
    async fn legal_review(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<ApprovalStatus>> {
        let a = approval::Entity::find()
            .filter(approval::Column::CaseId.eq(self.model.id))
            .filter(approval::Column::Kind.eq(ApprovalKind::LegalReview.as_str()))
            .order_by_desc(approval::Column::Id)
            .one(&ctx.app().db)
            .await
            .map_err(|e| db_err(ctx, e))?;
        Ok(a.and_then(|a| ApprovalStatus::parse(&a.status)))
    }
    async fn hearing_at(&self) -> Option<DateTime<Utc>> {
        self.model.hearing_at
    }
    async fn served_in_person(&self) -> Option<bool> {
        self.model.served_in_person
    }
    async fn filed_at(&self) -> DateTime<Utc> {
        self.model.filed_at
    }
    async fn notified_at(&self) -> Option<DateTime<Utc>> {
        self.model.notified_at
    }
    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.model.decided_at
    }
    async fn served_at(&self) -> Option<DateTime<Utc>> {
        self.model.served_at
    }
    async fn executed_at(&self) -> Option<DateTime<Utc>> {
        self.model.executed_at
    }
    async fn closed_at(&self) -> Option<DateTime<Utc>> {
        self.model.closed_at
    }
    async fn recheck_due_at(&self) -> Option<DateTime<Utc>> {
        self.model.recheck_due_at
    }
    /// The clocks of SPEC §7, each running, near (within 2 days), past or done.
    async fn clocks(&self) -> Vec<CaseClock> {
        let now = Utc::now();
        model::clocks(&self.model)
            .into_iter()
            .map(|c| CaseClock {
                kind: c.kind,
                due_at: c.due,
                state: c.state(now),
            })
            .collect()
    }
    async fn next_deadline(&self) -> Option<DateTime<Utc>> {
        self.model.next_due_at
    }
    async fn overdue(&self) -> bool {
        self.model.next_due_at.is_some_and(|d| Utc::now() > d)
    }
    async fn near_due(&self) -> bool {
        let now = Utc::now();
        self.model
            .next_due_at
            .is_some_and(|d| now <= d && d - now <= chrono::Duration::hours(model::NEAR_HOURS))
    }
    async fn priority(&self) -> i32 {
        self.model.priority
    }
    async fn restoration_report_attached(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        use sea_orm::PaginatorTrait;
        Ok(case_evidence::Entity::find()
            .filter(case_evidence::Column::CaseId.eq(self.model.id))
            .filter(case_evidence::Column::Kind.eq(EvidenceKind::RestorationReport.as_str()))
            .count(&ctx.app().db)
            .await
            .map_err(|e| db_err(ctx, e))?
            > 0)
    }
    /// Optimistic concurrency: pass it back as `version` to act on what you saw.
    async fn version(&self) -> i32 {
        self.model.version
    }
    /// The steps the process allows now.
    async fn available_actions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<CaseAction>> {
        let (Some(p), Some(s), true) = (
            CaseProcedure::parse(&self.model.procedure),
            CaseStage::parse(&self.model.stage),
            // The housing partner reads cases; it takes no step on them.
            officer(ctx),
        ) else {
            return Ok(vec![]);
        };
        let org = self.organisation(ctx).await?;
        let major = self
            .model
            .proposed
            .as_deref()
            .and_then(|d| serde_json::from_str::<model::Decision>(d).ok())
            .is_some_and(|d| d.is_major(org, self.model.hearing_at.is_some()));
        Ok(model::available(p, s)
            .into_iter()
            .filter(|a| match a {
                CaseAction::RecordRecheck => self.model.recheck_due_at.is_some(),
                CaseAction::RequestLegalReview => major,
                _ => true,
            })
            .collect())
    }
    /// Every change, oldest first: who, when, what. Append-only.
    async fn chronology(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<CaseEvent>> {
        let rows = case_event::Entity::find()
            .filter(case_event::Column::CaseId.eq(self.model.id))
            .order_by_asc(case_event::Column::At)
            .order_by_asc(case_event::Column::Id)
            .all(&ctx.app().db)
            .await
            .map_err(|e| db_err(ctx, e))?;
        let mut out = Vec::new();
        for e in rows {
            out.push(CaseEvent {
                actor_name: name_of(ctx, e.actor_id).await?,
                at: e.at,
                action: e.action,
                from_stage: e.from_stage.as_deref().and_then(CaseStage::parse),
                to_stage: e.to_stage.as_deref().and_then(CaseStage::parse),
                note: e.note,
                actor_role: e.actor_role.as_deref().and_then(|r| r.parse().ok()),
            });
        }
        Ok(out)
    }
    async fn approvals(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Approval>> {
        let rows = approval::Entity::find()
            .filter(approval::Column::CaseId.eq(self.model.id))
            .order_by_asc(approval::Column::Id)
            .all(&ctx.app().db)
            .await
            .map_err(|e| db_err(ctx, e))?;
        Ok(rows.into_iter().map(Approval).collect())
    }
    /// Duty checks this case required, and the one that opened it.
    async fn duty_checks(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<DutyCheck>> {
        let rows = duty_check::Entity::find()
            .filter(
                Condition::any()
                    .add(duty_check::Column::OwnerCaseId.eq(self.model.id))
                    .add(duty_check::Column::FirmCaseId.eq(self.model.id)),
            )
            .order_by_asc(duty_check::Column::Id)
            .all(&ctx.app().db)
            .await
            .map_err(|e| db_err(ctx, e))?;
        Ok(rows.into_iter().map(DutyCheck).collect())
    }
}

impl Case {
    async fn organisation(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let ps = cases::parties(&ctx.app().db, self.model.id)
            .await
            .gql(ctx)?;
        Ok(cases::organisation(&ps))
    }
}

/// A request for a supervisor.
pub struct Approval(pub approval::Model);

#[Object]
impl Approval {
    async fn id(&self) -> ID {
        ID(self.0.uuid.to_string())
    }
    async fn kind(&self) -> Option<ApprovalKind> {
        ApprovalKind::parse(&self.0.kind)
    }
    async fn status(&self) -> Option<ApprovalStatus> {
        ApprovalStatus::parse(&self.0.status)
    }
    async fn reason(&self) -> &str {
        &self.0.reason
    }
    async fn evidence(&self) -> Option<&str> {
        self.0.evidence.as_deref()
    }
    async fn days(&self) -> Option<i32> {
        self.0.days
    }
    async fn requested_by(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(name_of(ctx, Some(self.0.requested_by))
            .await?
            .unwrap_or_default())
    }
    async fn requested_at(&self) -> DateTime<Utc> {
        self.0.requested_at
    }
    async fn decided_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        name_of(ctx, self.0.decided_by).await
    }
    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.0.decided_at
    }
    async fn decision_note(&self) -> Option<&str> {
        self.0.decision_note.as_deref()
    }
    async fn item_id(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<ID>> {
        let Some(id) = self.0.item_id else {
            return Ok(None);
        };
        let it = item::Entity::find_by_id(id)
            .one(&ctx.app().db)
            .await
            .map_err(|e| db_err(ctx, e))?;
        Ok(it.map(|i| ID(i.uuid.to_string())))
    }
    async fn case_id(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<ID>> {
        Ok(self.case(ctx).await?.map(|c| ID(c.uuid.to_string())))
    }
    async fn case_number(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        Ok(self.case(ctx).await?.map(|c| c.number))
    }
    /// The matter code of the item or case.
    async fn matter_code(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        let db = &ctx.app().db;
        let matter_id = match (self.0.item_id, self.case(ctx).await?) {
            (_, Some(c)) => Some(c.matter_id),
            (Some(i), None) => item::Entity::find_by_id(i)
                .one(db)
                .await
                .map_err(|e| db_err(ctx, e))?
                .and_then(|i| i.matter_id),
            _ => None,
        };
        let Some(m) = matter_id else { return Ok(None) };
        Ok(matter::Entity::find_by_id(m)
            .one(db)
            .await
            .map_err(|e| db_err(ctx, e))?
            .map(|m| m.code))
    }
    async fn community_name(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        let db = &ctx.app().db;
        let community_id = match (self.0.item_id, self.case(ctx).await?) {
            (_, Some(c)) => Some(c.community_id),
            (Some(i), None) => item::Entity::find_by_id(i)
                .one(db)
                .await
                .map_err(|e| db_err(ctx, e))?
                .map(|i| i.community_id),
            _ => None,
        };
        let Some(c) = community_id else {
            return Ok(String::new());
        };
        Ok(community::Entity::find_by_id(c)
            .one(db)
            .await
            .map_err(|e| db_err(ctx, e))?
            .map(|c| c.name)
            .unwrap_or_default())
    }
}

impl Approval {
    async fn case(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<case::Model>> {
        let Some(id) = self.0.case_id else {
            return Ok(None);
        };
        case::Entity::find_by_id(id)
            .one(&ctx.app().db)
            .await
            .map_err(|e| db_err(ctx, e))
    }
}

/// A property duty check (物业履责核查).
pub struct DutyCheck(pub duty_check::Model);

async fn case_uuid(ctx: &Context<'_>, id: Option<i32>) -> async_graphql::Result<Option<ID>> {
    let Some(id) = id else { return Ok(None) };
    Ok(case::Entity::find_by_id(id)
        .one(&ctx.app().db)
        .await
        .map_err(|e| db_err(ctx, e))?
        .map(|c| ID(c.uuid.to_string())))
}

#[Object]
impl DutyCheck {
    async fn id(&self) -> ID {
        ID(self.0.uuid.to_string())
    }
    async fn status(&self) -> Option<DutyCheckStatus> {
        DutyCheckStatus::parse(&self.0.status)
    }
    async fn firm_name(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(property_firm::Entity::find_by_id(self.0.property_firm_id)
            .one(&ctx.app().db)
            .await
            .map_err(|e| db_err(ctx, e))?
            .map(|f| f.name)
            .unwrap_or_default())
    }
    async fn community_name(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(community::Entity::find_by_id(self.0.community_id)
            .one(&ctx.app().db)
            .await
            .map_err(|e| db_err(ctx, e))?
            .map(|c| c.name)
            .unwrap_or_default())
    }
    /// Hidden from the firm when it is the complainant's own home.
    async fn unit_label(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        if !officer(ctx) {
            let it = item::Entity::find_by_id(self.0.item_id)
                .one(&ctx.app().db)
                .await
                .map_err(|e| db_err(ctx, e))?;
            if let Some(it) = it
                && super::items::is_filers_home(ctx, &it).await?
            {
                return Ok(None);
            }
        }
        unit_label(ctx, self.0.unit_id).await
    }
    async fn matter_code(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        let Some(m) = self.0.matter_id else {
            return Ok(None);
        };
        Ok(matter::Entity::find_by_id(m)
            .one(&ctx.app().db)
            .await
            .map_err(|e| db_err(ctx, e))?
            .map(|m| m.code))
    }
    /// Pre-filled: whether the firm reported it, late, or never.
    async fn evidence(&self) -> &str {
        &self.0.evidence
    }
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    /// For the firm itself: the owner case is the bureau's business.
    async fn owner_case_id(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<ID>> {
        if !officer(ctx) {
            return Ok(None);
        }
        case_uuid(ctx, Some(self.0.owner_case_id)).await
    }
    /// The D1 case opened when the check failed.
    async fn firm_case_id(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<ID>> {
        if !officer(ctx) {
            return Ok(None);
        }
        case_uuid(ctx, self.0.firm_case_id).await
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn concluded_at(&self) -> Option<DateTime<Utc>> {
        self.0.concluded_at
    }
}

fn officer(ctx: &Context<'_>) -> bool {
    ctx.req()
        .user
        .as_ref()
        .is_some_and(|u| matches!(u.role, Role::Officer | Role::Supervisor))
}

#[derive(InputObject, Default)]
pub struct CaseFilter {
    pub stages: Option<Vec<CaseStage>>,
    /// True: past a clock.
    pub overdue: Option<bool>,
    /// A clock due within N days (or past).
    pub due_within_days: Option<i32>,
    /// Cases whose 承办人 is the caller.
    #[graphql(default)]
    pub mine: bool,
    pub matter_code: Option<String>,
}

#[derive(InputObject)]
pub struct PartyInput {
    pub kind: PartyKind,
    pub name: String,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
}

impl From<PartyInput> for NewParty {
    fn from(p: PartyInput) -> Self {
        NewParty {
            kind: p.kind,
            name: p.name,
            id_number: p.id_number,
            phone: p.phone,
            address: p.address,
            property_firm_id: None,
        }
    }
}

#[derive(InputObject)]
pub struct DecisionInput {
    pub kind: DecisionKind,
    pub fine_cny: Option<i64>,
    pub rectify_by: Option<NaiveDate>,
    #[graphql(default)]
    pub demolish: bool,
    /// Needed when the fine is in the serious band.
    pub serious_reason: Option<String>,
    pub text: Option<String>,
}

impl From<DecisionInput> for model::Decision {
    fn from(d: DecisionInput) -> Self {
        let trim = |s: Option<String>| {
            s.map(|v| v.trim().chars().take(2000).collect::<String>())
                .filter(|v| !v.is_empty())
        };
        model::Decision {
            kind: d.kind.as_str().into(),
            fine_cny: d.fine_cny,
            rectify_by: d.rectify_by,
            demolish: d.demolish,
            serious_reason: trim(d.serious_reason),
            text: trim(d.text),
        }
    }
}

#[derive(InputObject)]
pub struct OpenCaseInput {
    /// Complaints and reports in verification (none for a patrol finding).
    #[graphql(default)]
    pub item_ids: Vec<ID>,
    /// Needed when `itemIds` is empty.
    pub community_id: Option<ID>,
    pub unit_id: Option<ID>,
    /// Defaults to the items' matter.
    pub matter_code: Option<String>,
    #[graphql(default_with = "CaseProcedure::Ordinary")]
    pub procedure: CaseProcedure,
    pub facts: String,
    pub parties: Vec<PartyInput>,
    /// Default: the caller's squad.
    pub handling_unit_id: Option<ID>,
}

#[derive(InputObject)]
pub struct AddCaseItemsInput {
    pub case_id: ID,
    pub version: Option<i32>,
    /// Complaints and reports in verification about the case's community.
    pub item_ids: Vec<ID>,
}

#[derive(InputObject)]
pub struct CaseStepInput {
    pub case_id: ID,
    /// The version you saw; `CONFLICT` when the case changed since.
    pub version: Option<i32>,
    pub note: Option<String>,
}

#[derive(InputObject)]
pub struct NotifyCaseInput {
    pub case_id: ID,
    pub version: Option<i32>,
    pub proposed: DecisionInput,
    pub note: Option<String>,
}

#[derive(InputObject)]
pub struct RequestHearingInput {
    pub case_id: ID,
    pub version: Option<i32>,
    pub hearing_at: DateTime<Utc>,
    pub note: Option<String>,
}

#[derive(InputObject)]
pub struct DecideCaseInput {
    pub case_id: ID,
    pub version: Option<i32>,
    pub decision: DecisionInput,
    /// The party waived, in writing, the 5 working days to speak up or ask for a hearing
    /// (needed to decide before they end).
    #[graphql(default)]
    pub waived: bool,
    pub note: Option<String>,
}

#[derive(InputObject)]
pub struct ServeCaseInput {
    pub case_id: ID,
    pub version: Option<i32>,
    pub in_person: bool,
    pub note: Option<String>,
}

#[derive(InputObject)]
pub struct CloseCaseInput {
    pub case_id: ID,
    pub version: Option<i32>,
    /// The outcome told to every filer.
    pub outcome: String,
}

#[derive(InputObject)]
pub struct HandOverCaseInput {
    pub case_id: ID,
    pub version: Option<i32>,
    pub to_unit_id: ID,
    pub reason: String,
}

#[derive(InputObject)]
pub struct RecordRecheckInput {
    pub case_id: ID,
    pub version: Option<i32>,
    pub relapse: bool,
    pub note: String,
}

#[derive(InputObject)]
pub struct AddCasePartyInput {
    pub case_id: ID,
    pub version: Option<i32>,
    pub party: PartyInput,
}

/// One evidence item; send it from the outbox with a stable `idempotencyKey` (GraphQL
/// multipart for the photo).
#[derive(InputObject)]
pub struct AddCaseEvidenceInput {
    pub case_id: ID,
    pub idempotency_key: String,
    pub kind: EvidenceKind,
    pub title: String,
    pub body: Option<String>,
    pub photo: Option<Upload>,
    /// For the officer's own photo when the file has no metadata: the phone's clock and
    /// position.
    pub captured_at: Option<DateTime<Utc>>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

#[derive(InputObject)]
pub struct RequestApprovalInput {
    pub kind: ApprovalKind,
    /// EXEMPTION
    pub item_id: Option<ID>,
    /// DECISION_EXTENSION, LEGAL_REVIEW
    pub case_id: Option<ID>,
    pub reason: String,
    /// EXEMPTION: the on-site record.
    pub evidence: Option<String>,
    /// DECISION_EXTENSION: 1–90.
    pub days: Option<i32>,
}

#[derive(InputObject)]
pub struct DecideApprovalInput {
    pub approval_id: ID,
    pub approve: bool,
    pub note: String,
}

#[derive(InputObject)]
pub struct MarkHistoricalStockInput {
    pub item_id: ID,
    pub reason: String,
}

#[derive(InputObject)]
pub struct ConcludeDutyCheckInput {
    pub duty_check_id: ID,
    pub result: DutyCheckStatus,
    pub note: String,
}

#[derive(SimpleObject)]
pub struct CasePayload {
    pub case: Option<Case>,
    pub user_errors: Vec<UserError>,
}

#[derive(SimpleObject)]
pub struct ApprovalPayload {
    pub approval: Option<Approval>,
    pub user_errors: Vec<UserError>,
}

#[derive(SimpleObject)]
pub struct DutyCheckPayload {
    pub duty_check: Option<DutyCheck>,
    /// The firm's D1 case, when the check failed.
    pub firm_case: Option<Case>,
    pub user_errors: Vec<UserError>,
}

fn case_payload(ctx: &Context<'_>, r: cases::Changed) -> CasePayload {
    match r {
        Ok(c) => CasePayload {
            case: Some(Case::page(c)),
            user_errors: vec![],
        },
        Err(e) => CasePayload {
            case: None,
            user_errors: user_errors(ctx, e),
        },
    }
}

fn step(
    ctx: &Context<'_>,
    id: &ID,
    version: Option<i32>,
    note: Option<String>,
) -> async_graphql::Result<Step> {
    Ok(Step {
        case: parse_id(ctx, id)?,
        version,
        note,
    })
}

#[derive(Default)]
pub struct CaseQuery;

#[Object]
impl CaseQuery {
    /// Cases of the caller's scope, by priority then the next clock; with `dueWithinDays`
    /// or `overdue: true`, soonest first (the deadline list). Without a stage filter: the
    /// work — open cases, and closed ones with a re-check (回头看) due.
    async fn cases(
        &self,
        ctx: &Context<'_>,
        filter: Option<CaseFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Page<Case>> {
        let user = ctx.require(Op::ListCases)?;
        let (offset, limit) = pagination::window(ctx, first, after)?;
        let f = filter.unwrap_or_default();
        let filter = Filter {
            stages: f.stages,
            overdue: f.overdue,
            due_within_days: f.due_within_days.map(i64::from),
            mine: f.mine,
            matter_code: f.matter_code,
        };
        let (rows, total) = list::cases(&ctx.app().db, user, filter, offset, limit)
            .await
            .gql(ctx)?;
        Ok(pagination::page(
            rows.into_iter()
                .map(|model| Case {
                    model,
                    detail: false,
                })
                .collect(),
            offset,
            total,
        ))
    }

    /// One case; `NOT_FOUND` outside the caller's scope.
    async fn case(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Case> {
        let user = ctx.require(Op::ViewCase)?;
        let id = parse_id(ctx, &id)?;
        Ok(Case::page(
            scope::load(&ctx.app().db, user, id).await.gql(ctx)?,
        ))
    }

    /// Supervisors: what waits for them in their scope; officers: what they asked for.
    async fn approvals(
        &self,
        ctx: &Context<'_>,
        status: Option<ApprovalStatus>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Page<Approval>> {
        let user = ctx.require(Op::ListApprovals)?;
        let (offset, limit) = pagination::window(ctx, first, after)?;
        let (rows, total) = list::approvals(&ctx.app().db, user, status, offset, limit)
            .await
            .gql(ctx)?;
        Ok(pagination::page(
            rows.into_iter().map(Approval).collect(),
            offset,
            total,
        ))
    }

    /// Officers: the checks tied to their cases; a property firm: the checks on itself.
    async fn duty_checks(
        &self,
        ctx: &Context<'_>,
        status: Option<DutyCheckStatus>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Page<DutyCheck>> {
        let user = ctx.require(Op::ListDutyChecks)?;
        let (offset, limit) = pagination::window(ctx, first, after)?;
        let (rows, total) = list::duty_checks(&ctx.app().db, user, status, offset, limit)
            .await
            .gql(ctx)?;
        Ok(pagination::page(
            rows.into_iter().map(DutyCheck).collect(),
            offset,
            total,
        ))
    }

    /// The district bureau and the squads a case can be handed to.
    async fn handling_units(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<HandlingUnit>> {
        let user = ctx.require(Op::ListCases)?;
        let district = match user.scope {
            crate::auth::Scope::Squad { district_id, .. }
            | crate::auth::Scope::District { district_id } => district_id,
            _ => return Err(ctx.fail(ApiError::Forbidden)),
        };
        let rows = squad::Entity::find()
            .filter(squad::Column::DistrictId.eq(district))
            .order_by_asc(squad::Column::Id)
            .all(&ctx.app().db)
            .await
            .map_err(|e| db_err(ctx, e))?;
        Ok(rows
            .into_iter()
            .map(|s| HandlingUnit {
                id: ID(s.uuid.to_string()),
                name: ctx.lang().pick(&s.name_zh, &s.name_en).to_string(),
            })
            .collect())
    }
}

#[derive(Default)]
pub struct CaseMutation;

#[Object]
impl CaseMutation {
    /// 诉转案 / 立案: opens a case from filings in verification, or from a patrol finding.
    async fn open_case(
        &self,
        ctx: &Context<'_>,
        input: OpenCaseInput,
    ) -> async_graphql::Result<CasePayload> {
        let user = ctx.require(Op::OpenCase)?;
        let app = ctx.app();
        let o = open::OpenCase {
            items: input
                .item_ids
                .iter()
                .map(super::context::loose_uuid)
                .collect(),
            community: loose_id(input.community_id.as_ref()),
            unit: loose_id(input.unit_id.as_ref()),
            matter_code: input.matter_code,
            procedure: input.procedure,
            facts: input.facts,
            parties: input.parties.into_iter().map(NewParty::from).collect(),
            handling_unit: loose_id(input.handling_unit_id.as_ref()),
        };
        let r = open::open_case(&app.db, user, o, app.settings.repeat_window_days)
            .await
            .gql(ctx)?;
        Ok(match r {
            Ok(opened) => {
                for it in &opened.items {
                    announce(ctx, it).await;
                }
                CasePayload {
                    case: Some(Case::page(opened.case)),
                    user_errors: vec![],
                }
            }
            Err(e) => CasePayload {
                case: None,
                user_errors: user_errors(ctx, e),
            },
        })
    }

    /// Takes more filings in verification into an open case (many filings → one case).
    async fn add_case_items(
        &self,
        ctx: &Context<'_>,
        input: AddCaseItemsInput,
    ) -> async_graphql::Result<CasePayload> {
        let user = ctx.require(Op::AddCaseItems)?;
        let app = ctx.app();
        let case_id = parse_id(ctx, &input.case_id)?;
        let ids: Vec<uuid::Uuid> = input
            .item_ids
            .iter()
            .map(super::context::loose_uuid)
            .collect();
        let r = open::add_items(
            &app.db,
            user,
            case_id,
            input.version,
            &ids,
            app.settings.repeat_window_days,
        )
        .await
        .gql(ctx)?;
        Ok(match r {
            Ok(opened) => {
                for it in &opened.items {
                    announce(ctx, it).await;
                }
                case_payload(ctx, Ok(opened.case))
            }
            Err(e) => case_payload(ctx, Err(e)),
        })
    }

    async fn add_case_party(
        &self,
        ctx: &Context<'_>,
        input: AddCasePartyInput,
    ) -> async_graphql::Result<CasePayload> {
        let user = ctx.require(Op::AddCaseParty)?;
        let s = step(ctx, &input.case_id, input.version, None)?;
        let r = act::add_party(&ctx.app().db, user, s, input.party.into())
            .await
            .gql(ctx)?;
        Ok(case_payload(ctx, r))
    }

    /// Adds one evidence item (a photo by GraphQL multipart); safe to retry with its key.
    async fn add_case_evidence(
        &self,
        ctx: &Context<'_>,
        input: AddCaseEvidenceInput,
    ) -> async_graphql::Result<CasePayload> {
        let user = ctx.require(Op::AddCaseEvidence)?;
        let app = ctx.app();
        let photo = read_uploads(ctx, input.photo.map(|p| vec![p]))?.pop();
        let e = evidence::NewEvidence {
            case: parse_id(ctx, &input.case_id)?,
            key: input.idempotency_key,
            kind: input.kind,
            title: input.title,
            body: input.body,
            photo,
            captured_at: input.captured_at,
            latitude: input.latitude,
            longitude: input.longitude,
        };
        let r = evidence::add(&app.db, &app.photos, user, e)
            .await
            .gql(ctx)?;
        Ok(case_payload(ctx, r))
    }

    /// FILED → INVESTIGATING (调查取证).
    async fn investigate_case(
        &self,
        ctx: &Context<'_>,
        input: CaseStepInput,
    ) -> async_graphql::Result<CasePayload> {
        let user = ctx.require(Op::InvestigateCase)?;
        let s = step(ctx, &input.case_id, input.version, input.note)?;
        let r = act::investigate(&ctx.app().db, user, s).await.gql(ctx)?;
        Ok(case_payload(ctx, r))
    }

    /// INVESTIGATING → NOTIFIED (告知 of the proposed decision).
    async fn notify_case(
        &self,
        ctx: &Context<'_>,
        input: NotifyCaseInput,
    ) -> async_graphql::Result<CasePayload> {
        let user = ctx.require(Op::NotifyCase)?;
        let s = step(ctx, &input.case_id, input.version, input.note)?;
        let r = act::notify(&ctx.app().db, user, s, input.proposed.into())
            .await
            .gql(ctx)?;
        Ok(case_payload(ctx, r))
    }

    /// NOTIFIED → HEARING: within 5 working days of the notice, the hearing at least 7
    /// working days ahead.
    async fn request_hearing(
        &self,
        ctx: &Context<'_>,
        input: RequestHearingInput,
    ) -> async_graphql::Result<CasePayload> {
        let user = ctx.require(Op::RequestHearing)?;
        let s = step(ctx, &input.case_id, input.version, input.note)?;
        let r = act::request_hearing(&ctx.app().db, user, s, input.hearing_at)
            .await
            .gql(ctx)?;
        Ok(case_payload(ctx, r))
    }

    /// The decision (决定). Ordinary procedure: NOTIFIED or HEARING → DECIDED. Summary
    /// procedure: FILED or INVESTIGATING → SERVED at once (a warning: → EXECUTED).
    async fn decide_case(
        &self,
        ctx: &Context<'_>,
        input: DecideCaseInput,
    ) -> async_graphql::Result<CasePayload> {
        let user = ctx.require(Op::DecideCase)?;
        let s = step(ctx, &input.case_id, input.version, input.note)?;
        let r = act::decide(&ctx.app().db, user, s, input.decision.into(), input.waived)
            .await
            .gql(ctx)?;
        Ok(case_payload(ctx, r))
    }

    /// DECIDED → SERVED (送达).
    async fn serve_case(
        &self,
        ctx: &Context<'_>,
        input: ServeCaseInput,
    ) -> async_graphql::Result<CasePayload> {
        let user = ctx.require(Op::ServeCase)?;
        let s = step(ctx, &input.case_id, input.version, input.note)?;
        let r = act::serve(&ctx.app().db, user, s, input.in_person)
            .await
            .gql(ctx)?;
        Ok(case_payload(ctx, r))
    }

    /// SERVED → EXECUTED (paid, rectified).
    async fn execute_case(
        &self,
        ctx: &Context<'_>,
        input: CaseStepInput,
    ) -> async_graphql::Result<CasePayload> {
        let user = ctx.require(Op::ExecuteCase)?;
        let s = step(ctx, &input.case_id, input.version, input.note)?;
        let r = act::execute(&ctx.app().db, user, s).await.gql(ctx)?;
        Ok(case_payload(ctx, r))
    }

    /// EXECUTED → CLOSED (结案): replies to every linked filing with the outcome.
    async fn close_case(
        &self,
        ctx: &Context<'_>,
        input: CloseCaseInput,
    ) -> async_graphql::Result<CasePayload> {
        let user = ctx.require(Op::CloseCase)?;
        let s = step(ctx, &input.case_id, input.version, None)?;
        let r = act::close(&ctx.app().db, user, s, &input.outcome)
            .await
            .gql(ctx)?;
        Ok(match r {
            Ok((c, items)) => {
                for it in &items {
                    announce(ctx, it).await;
                }
                case_payload(ctx, Ok(c))
            }
            Err(e) => case_payload(ctx, Err(e)),
        })
    }

    /// Hands the case to another unit of the district, with the reason.
    async fn hand_over_case(
        &self,
        ctx: &Context<'_>,
        input: HandOverCaseInput,
    ) -> async_graphql::Result<CasePayload> {
        let user = ctx.require(Op::HandOverCase)?;
        let s = step(ctx, &input.case_id, input.version, None)?;
        let to = super::context::loose_uuid(&input.to_unit_id);
        let r = act::hand_over(&ctx.app().db, user, s, to, &input.reason)
            .await
            .gql(ctx)?;
        Ok(case_payload(ctx, r))
    }

    /// 回头看 on a closed case; a relapse reopens it for investigation.
    async fn record_recheck(
        &self,
        ctx: &Context<'_>,
        input: RecordRecheckInput,
    ) -> async_graphql::Result<CasePayload> {
        let user = ctx.require(Op::RecordRecheck)?;
        let s = step(ctx, &input.case_id, input.version, Some(input.note))?;
        let r = act::record_recheck(&ctx.app().db, user, s, input.relapse)
            .await
            .gql(ctx)?;
        Ok(case_payload(ctx, r))
    }

    /// Asks a supervisor: an exemption, a deadline extension, a legal review. Asking again
    /// while one waits returns it.
    async fn request_approval(
        &self,
        ctx: &Context<'_>,
        input: RequestApprovalInput,
    ) -> async_graphql::Result<ApprovalPayload> {
        let user = ctx.require(Op::RequestApproval)?;
        let r = approvals::Request {
            kind: input.kind,
            item: input
                .item_id
                .as_ref()
                .map(|i| parse_id(ctx, i))
                .transpose()?,
            case: input
                .case_id
                .as_ref()
                .map(|i| parse_id(ctx, i))
                .transpose()?,
            reason: input.reason,
            evidence: input.evidence,
            days: input.days,
        };
        let r = approvals::request(&ctx.app().db, user, r).await.gql(ctx)?;
        Ok(approval_payload(ctx, r))
    }

    /// A supervisor approves or rejects a request of their scope (not their own).
    async fn decide_approval(
        &self,
        ctx: &Context<'_>,
        input: DecideApprovalInput,
    ) -> async_graphql::Result<ApprovalPayload> {
        let user = ctx.require(Op::DecideApproval)?;
        let id = parse_id(ctx, &input.approval_id)?;
        let r = approvals::decide(&ctx.app().db, user, id, input.approve, &input.note)
            .await
            .gql(ctx)?;
        Ok(approval_payload(ctx, r))
    }

    /// Marks the item's point (unit + matter) as historical stock (历史存量), with the reason.
    async fn mark_historical_stock(
        &self,
        ctx: &Context<'_>,
        input: MarkHistoricalStockInput,
    ) -> async_graphql::Result<super::items::ItemPayload> {
        let user = ctx.require(Op::MarkHistoricalStock)?;
        let id = parse_id(ctx, &input.item_id)?;
        let r = crate::cases::stock::mark(&ctx.app().db, user, id, &input.reason)
            .await
            .gql(ctx)?;
        Ok(match r {
            Ok(it) => super::items::ItemPayload {
                item: Some(super::items::Item(it)),
                user_errors: vec![],
            },
            Err(e) => super::items::ItemPayload {
                item: None,
                user_errors: user_errors(ctx, e),
            },
        })
    }

    /// Concludes a property duty check; `FAILED` opens the firm's D1 case.
    async fn conclude_duty_check(
        &self,
        ctx: &Context<'_>,
        input: ConcludeDutyCheckInput,
    ) -> async_graphql::Result<DutyCheckPayload> {
        let user = ctx.require(Op::ConcludeDutyCheck)?;
        let id = parse_id(ctx, &input.duty_check_id)?;
        let r = duty::conclude(&ctx.app().db, user, id, input.result, &input.note)
            .await
            .gql(ctx)?;
        Ok(match r {
            Ok((check, firm_case)) => DutyCheckPayload {
                duty_check: Some(DutyCheck(check)),
                firm_case: firm_case.map(Case::page),
                user_errors: vec![],
            },
            Err(e) => DutyCheckPayload {
                duty_check: None,
                firm_case: None,
                user_errors: user_errors(ctx, e),
            },
        })
    }
}

fn approval_payload(ctx: &Context<'_>, r: approvals::Decided) -> ApprovalPayload {
    match r {
        Ok(a) => ApprovalPayload {
            approval: Some(Approval(a)),
            user_errors: vec![],
        },
        Err(e) => ApprovalPayload {
            approval: None,
            user_errors: user_errors(ctx, e),
        },
    }
}

/// The case fields of an item, for the officers handling it.
pub(crate) async fn item_case_id(
    ctx: &Context<'_>,
    it: &item::Model,
) -> async_graphql::Result<Option<ID>> {
    let id = rules::case_of(&ctx.app().db, it.id).await.gql(ctx)?;
    case_uuid(ctx, id).await
}
