//! Partners in the linkage over GraphQL (管执联动, SPEC §1, §5): departments, referrals both
//! ways, joint actions and the affordable-housing series. A referral shows its item without
//! the filer: no name, no phone, no account — for anyone.
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use entity::{
    community, department, enforcement_case as case, item, joint_action, joint_action_unit, matter,
    referral, referral_event,
};
use sea_orm::EntityTrait;

use super::{
    context::{CtxExt, Localize, UserError, db_err, loose_uuid, parse_id, user_errors},
    hotspots::name_of,
    items::{place_label, unit_label},
    pagination::window,
    types::Community,
};
use crate::{
    auth::Role,
    authz::Op,
    intake::status::ItemStatus,
    referrals::{
        self, DepartmentKind, ReferralDirection, ReferralState, ReferralStep, Side, affordable,
        joint::{self, JointFocus, JointUnitOutcome},
        state,
    },
    validation::FieldError,
};

/// A department the bureau works with (管执联动).
pub struct Department(pub department::Model);

#[Object]
impl Department {
    async fn id(&self) -> ID {
        ID(self.0.uuid.to_string())
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn kind(&self) -> DepartmentKind {
        DepartmentKind::parse(&self.0.kind).unwrap_or(DepartmentKind::Other)
    }
    /// Where a printed referral letter goes.
    async fn address(&self) -> Option<&str> {
        self.0.address.as_deref()
    }
    /// True: its staff answer referrals in the app; false: the referral is printed as a letter
    /// and an officer records the paper answer.
    async fn in_app(&self) -> bool {
        self.0.kind == DepartmentKind::Housing.as_str()
    }
}

#[derive(SimpleObject)]
pub struct ReferralEvent {
    pub at: DateTime<Utc>,
    /// SEND, RECEIVE, ANSWER, RETURN, RESEND
    pub action: String,
    /// Staff only (an officer or the partner's clerk), never a filer.
    pub actor_name: String,
    pub from_state: Option<ReferralState>,
    pub to_state: ReferralState,
    pub note: Option<String>,
    /// An officer recorded a department's paper answer or return.
    pub on_behalf: bool,
}

/// The item referred, without its filer.
#[derive(SimpleObject)]
pub struct ReferralItem {
    pub id: ID,
    pub matter_code: Option<String>,
    pub matter_name: Option<String>,
    pub community_name: String,
    pub unit_label: Option<String>,
    pub description: String,
    pub seen_at: Option<DateTime<Utc>>,
    pub received_at: DateTime<Utc>,
    pub status: ItemStatus,
}

/// A referral (转办 / 部门移送): a work order with a reference, a state and a clock.
pub struct Referral(pub referral::Model);

impl Referral {
    async fn department_model(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<department::Model> {
        department::Entity::find_by_id(self.0.department_id)
            .one(&ctx.app().db)
            .await
            .map_err(|e| db_err(ctx, e))?
            .ok_or_else(|| ctx.fail(crate::error::ApiError::NotFound))
    }

    async fn side(&self, ctx: &Context<'_>) -> async_graphql::Result<Side> {
        let Some(user) = ctx.req().user.as_ref() else {
            return Ok(Side::Reader);
        };
        let d = self.department_model(ctx).await?;
        Ok(referrals::side_with(user, &self.0, &d))
    }

    fn cur_state(&self) -> ReferralState {
        ReferralState::parse(&self.0.state).unwrap_or(ReferralState::Sent)
    }

    async fn may(&self, ctx: &Context<'_>, step: ReferralStep) -> async_graphql::Result<bool> {
        Ok(state::allowed(
            self.side(ctx).await?,
            self.cur_state(),
            step,
        ))
    }
}

#[Object]
impl Referral {
    async fn id(&self) -> ID {
        ID(self.0.uuid.to_string())
    }
    /// Ours: 城管转〔2026〕00012 (outgoing), 城管收〔2026〕00013 (incoming).
    async fn reference(&self) -> &str {
        &self.0.reference
    }
    /// The department's own number (移送函号), on incoming referrals.
    async fn external_reference(&self) -> Option<&str> {
        self.0.external_reference.as_deref()
    }
    async fn direction(&self) -> ReferralDirection {
        ReferralDirection::parse(&self.0.direction).unwrap_or(ReferralDirection::Outgoing)
    }
    async fn state(&self) -> ReferralState {
        self.cur_state()
    }
    async fn department(&self, ctx: &Context<'_>) -> async_graphql::Result<Department> {
        Ok(Department(self.department_model(ctx).await?))
    }
    async fn reason(&self) -> &str {
        &self.0.reason
    }
    async fn item(&self, ctx: &Context<'_>) -> async_graphql::Result<ReferralItem> {
        let db = &ctx.app().db;
        let it = item::Entity::find_by_id(self.0.item_id)
            .one(db)
            .await
            .map_err(|e| db_err(ctx, e))?
            .ok_or_else(|| ctx.fail(crate::error::ApiError::NotFound))?;
        let m = match it.matter_id {
            Some(m) => matter::Entity::find_by_id(m)
                .one(db)
                .await
                .map_err(|e| db_err(ctx, e))?,
            None => None,
        };
        let c = community::Entity::find_by_id(it.community_id)
            .one(db)
            .await
            .map_err(|e| db_err(ctx, e))?;
        let lang = ctx.lang();
        Ok(ReferralItem {
            id: ID(it.uuid.to_string()),
            matter_code: m.as_ref().map(|m| m.code.clone()),
            matter_name: m.map(|m| lang.pick(&m.name_zh, &m.name_en).to_string()),
            community_name: c.map(|c| c.name).unwrap_or_default(),
            // Not the unit when it is the filer's home (SPEC §10), as on the item itself.
            unit_label: place_label(ctx, &it).await?,
            description: it.description,
            seen_at: it.seen_at,
            received_at: it.created_at,
            status: ItemStatus::parse(&it.status).unwrap_or(ItemStatus::Submitted),
        })
    }
    async fn sent_at(&self) -> DateTime<Utc> {
        self.0.sent_at
    }
    /// 1 + the re-sends after returns.
    async fn sends(&self) -> i32 {
        self.0.sends
    }
    /// Outgoing: 3 working days from the item's receipt (执法条例 §26).
    async fn transfer_due_at(&self) -> Option<DateTime<Utc>> {
        self.0.transfer_due_at
    }
    /// Outgoing: first sent within `transferDueAt`.
    async fn sent_on_time(&self) -> Option<bool> {
        self.0.sent_on_time
    }
    /// The receiver answers by then: 5 working days from the latest send.
    async fn answer_due_at(&self) -> DateTime<Utc> {
        self.0.answer_due_at
    }
    /// Still waiting and past `answerDueAt`.
    async fn overdue(&self) -> bool {
        state::waiting(self.cur_state()) && Utc::now() > self.0.answer_due_at
    }
    async fn answer(&self) -> Option<&str> {
        self.0.answer.as_deref()
    }
    async fn answered_at(&self) -> Option<DateTime<Utc>> {
        self.0.answered_at
    }
    async fn return_reason(&self) -> Option<&str> {
        self.0.return_reason.as_deref()
    }
    async fn returned_at(&self) -> Option<DateTime<Utc>> {
        self.0.returned_at
    }
    async fn can_receive(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        self.may(ctx, ReferralStep::Receive).await
    }
    async fn can_answer(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        self.may(ctx, ReferralStep::Answer).await
    }
    async fn can_return(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        self.may(ctx, ReferralStep::Return).await
    }
    async fn can_resend(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        self.may(ctx, ReferralStep::Resend).await
    }
    /// Every step, oldest first (returns and re-sends included).
    async fn events(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ReferralEvent>> {
        let rows = referrals::events(&ctx.app().db, &self.0).await.gql(ctx)?;
        let mut out = Vec::with_capacity(rows.len());
        for e in rows {
            out.push(event(ctx, e).await?);
        }
        Ok(out)
    }
}

async fn event(
    ctx: &Context<'_>,
    e: referral_event::Model,
) -> async_graphql::Result<ReferralEvent> {
    Ok(ReferralEvent {
        at: e.at,
        actor_name: name_of(ctx, e.actor_id).await?,
        from_state: e.from_state.as_deref().and_then(ReferralState::parse),
        to_state: ReferralState::parse(&e.to_state).unwrap_or(ReferralState::Sent),
        note: e.note,
        on_behalf: e.on_behalf,
        action: e.action,
    })
}

#[derive(SimpleObject)]
pub struct ReferralConnection {
    pub nodes: Vec<Referral>,
    pub total_count: u64,
    pub has_more: bool,
}

/// A unit visited in a joint action.
pub struct JointActionUnit(pub joint_action_unit::Model);

#[Object]
impl JointActionUnit {
    async fn id(&self) -> ID {
        ID(self.0.uuid.to_string())
    }
    async fn unit_label(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(unit_label(ctx, Some(self.0.unit_id))
            .await?
            .unwrap_or_default())
    }
    async fn finding(&self) -> &str {
        &self.0.finding
    }
    async fn outcome(&self) -> JointUnitOutcome {
        JointUnitOutcome::parse(&self.0.outcome).unwrap_or(JointUnitOutcome::Violation)
    }
    /// The follow-up case (案件), by number.
    async fn case_number(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        Ok(self.case(ctx).await?.map(|c| c.number))
    }
    /// The case's id, for officers and supervisors (who may open it).
    async fn case_id(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<ID>> {
        let staff = ctx
            .req()
            .user
            .as_ref()
            .is_some_and(|u| matches!(u.role, Role::Officer | Role::Supervisor));
        if !staff {
            return Ok(None);
        }
        Ok(self.case(ctx).await?.map(|c| ID(c.uuid.to_string())))
    }
    /// 回头看: shows in the patrol roster as a due re-check until recorded.
    async fn recheck_due_on(&self) -> Option<NaiveDate> {
        self.0.recheck_due_on
    }
    async fn rechecked_on(&self) -> Option<NaiveDate> {
        self.0.rechecked_on
    }
    async fn recheck_finding(&self) -> Option<&str> {
        self.0.recheck_finding.as_deref()
    }
    async fn relapse(&self) -> Option<bool> {
        self.0.relapse
    }
}

impl JointActionUnit {
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

/// A joint action (联合执法).
pub struct JointAction(pub joint_action::Model);

#[Object]
impl JointAction {
    async fn id(&self) -> ID {
        ID(self.0.uuid.to_string())
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    async fn focus(&self) -> JointFocus {
        JointFocus::parse(&self.0.focus).unwrap_or(JointFocus::GroupRenting)
    }
    async fn community(&self, ctx: &Context<'_>) -> async_graphql::Result<Community> {
        community::Entity::find_by_id(self.0.community_id)
            .one(&ctx.app().db)
            .await
            .map_err(|e| db_err(ctx, e))?
            .map(Community)
            .ok_or_else(|| ctx.fail(crate::error::ApiError::NotFound))
    }
    async fn action_on(&self) -> NaiveDate {
        self.0.action_on
    }
    /// The departments that took part besides the bureau.
    async fn departments(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Department>> {
        Ok(joint::departments_of(&ctx.app().db, &self.0)
            .await
            .gql(ctx)?
            .into_iter()
            .map(Department)
            .collect())
    }
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    async fn created_by_name(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        name_of(ctx, self.0.created_by).await
    }
    async fn units(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<JointActionUnit>> {
        Ok(joint::units_of(&ctx.app().db, &self.0)
            .await
            .gql(ctx)?
            .into_iter()
            .map(JointActionUnit)
            .collect())
    }
    /// Officers and supervisors add units and re-checks; the housing partner reads.
    async fn can_edit(&self, ctx: &Context<'_>) -> bool {
        ctx.req().user.as_ref().is_some_and(joint::may_edit)
    }
}

/// One community flagged as affordable rental housing (保障性租赁住房).
#[derive(SimpleObject)]
pub struct AffordableRow {
    pub community_id: ID,
    pub community_name: String,
    /// Illegal-letting items received in the period.
    pub items: i64,
    /// Illegal-letting items not yet resolved, whenever received.
    pub open_items: i64,
    /// Cases under those matters filed in the period.
    pub cases: i64,
    /// Those cases not closed, whenever filed.
    pub open_cases: i64,
    /// Joint actions held in the period.
    pub joint_actions: i64,
    /// Joint-action units due for their re-check by the period's end.
    pub rechecks_due: i64,
}

#[derive(SimpleObject)]
pub struct AffordableSeries {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub rows: Vec<AffordableRow>,
    pub total_items: i64,
    pub total_cases: i64,
}

#[derive(SimpleObject)]
pub struct ReferralPayload {
    pub referral: Option<Referral>,
    pub user_errors: Vec<UserError>,
}

#[derive(SimpleObject)]
pub struct JointActionPayload {
    pub action: Option<JointAction>,
    pub user_errors: Vec<UserError>,
}

#[derive(SimpleObject)]
pub struct DepartmentPayload {
    pub department: Option<Department>,
    pub user_errors: Vec<UserError>,
}

/// The item's watchers hear of a step that shows on its timeline: its filers (push) and the
/// inbox stream.
async fn announce_item(ctx: &Context<'_>, r: &Result<referral::Model, Vec<FieldError>>) {
    if let Ok(r) = r
        && let Ok(Some(it)) = item::Entity::find_by_id(r.item_id).one(&ctx.app().db).await
    {
        super::items::announce(ctx, &it).await;
    }
}

fn referral_payload(
    ctx: &Context<'_>,
    r: Result<referral::Model, Vec<FieldError>>,
) -> ReferralPayload {
    match r {
        Ok(r) => ReferralPayload {
            referral: Some(Referral(r)),
            user_errors: vec![],
        },
        Err(e) => ReferralPayload {
            referral: None,
            user_errors: user_errors(ctx, e),
        },
    }
}

fn action_payload(
    ctx: &Context<'_>,
    r: Result<joint_action::Model, Vec<FieldError>>,
) -> JointActionPayload {
    match r {
        Ok(a) => JointActionPayload {
            action: Some(JointAction(a)),
            user_errors: vec![],
        },
        Err(e) => JointActionPayload {
            action: None,
            user_errors: user_errors(ctx, e),
        },
    }
}

#[derive(InputObject)]
pub struct ReferItemInput {
    pub item_id: ID,
    pub department_id: Option<ID>,
    pub reason: String,
    /// Made once by the client; the same for every retry.
    pub idempotency_key: String,
}

#[derive(InputObject)]
pub struct ReferToBureauInput {
    pub idempotency_key: String,
    /// Default: the district's housing administration.
    pub department_id: Option<ID>,
    /// The department's own number (移送函号).
    pub external_reference: Option<String>,
    pub community_id: ID,
    pub unit_id: Option<ID>,
    /// Null: for the officer to classify.
    pub matter_code: Option<String>,
    pub description: String,
    pub reason: String,
    pub seen_at: Option<DateTime<Utc>>,
}

#[derive(InputObject)]
pub struct ResendReferralInput {
    pub id: ID,
    /// What was added or changed since the return.
    pub note: String,
    /// Outgoing: another department of the district.
    pub department_id: Option<ID>,
}

#[derive(InputObject)]
pub struct JointActionInput {
    pub idempotency_key: String,
    pub title: String,
    pub focus: JointFocus,
    pub community_id: ID,
    pub action_on: NaiveDate,
    /// The departments that took part besides the bureau (at least one).
    pub department_ids: Vec<ID>,
    pub note: Option<String>,
}

#[derive(InputObject)]
pub struct JointUnitInput {
    pub action_id: ID,
    /// A unit of the action's community.
    pub unit_id: ID,
    pub finding: String,
    pub outcome: JointUnitOutcome,
    /// A case the caller handles, by its number.
    pub case_number: Option<String>,
    /// Default for a violation: 30 days after the action.
    pub recheck_due_on: Option<NaiveDate>,
}

#[derive(InputObject)]
pub struct JointRecheckInput {
    pub unit_id: ID,
    pub finding: String,
    pub relapse: bool,
}

#[derive(Default)]
pub struct ReferralQuery;

#[Object]
impl ReferralQuery {
    /// The departments of the caller's district.
    async fn departments(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Department>> {
        let user = ctx.require(Op::ListDepartments)?;
        Ok(referrals::departments(&ctx.app().db, user)
            .await
            .gql(ctx)?
            .into_iter()
            .map(Department)
            .collect())
    }

    /// Referrals: officers, their squad's; supervisors, their scope's; the housing partner,
    /// those to and from its district's housing administration. Waiting ones first, by clock.
    async fn referrals(
        &self,
        ctx: &Context<'_>,
        direction: Option<ReferralDirection>,
        state: Option<ReferralState>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<ReferralConnection> {
        let user = ctx.require(Op::ListReferrals)?;
        let (offset, limit) = window(ctx, first, after)?;
        let f = referrals::ListFilter {
            direction,
            state,
            item: None,
        };
        let (rows, total) = referrals::list(&ctx.app().db, user, &f, offset, limit)
            .await
            .gql(ctx)?;
        Ok(ReferralConnection {
            has_more: offset + (rows.len() as u64) < total,
            nodes: rows.into_iter().map(Referral).collect(),
            total_count: total,
        })
    }

    async fn referral(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Referral> {
        let user = ctx.require(Op::ViewReferral)?;
        let id = parse_id(ctx, &id)?;
        Ok(Referral(
            referrals::load(&ctx.app().db, user, id).await.gql(ctx)?,
        ))
    }

    /// The referrals of an item the caller handles (the item page).
    async fn item_referrals(
        &self,
        ctx: &Context<'_>,
        item_id: ID,
    ) -> async_graphql::Result<Vec<Referral>> {
        let user = ctx.require(Op::ListReferrals)?;
        let id = parse_id(ctx, &item_id)?;
        let db = &ctx.app().db;
        let it = crate::intake::scope::load_visible(db, user, id)
            .await
            .gql(ctx)?;
        let f = referrals::ListFilter {
            direction: None,
            state: None,
            item: Some(it.id),
        };
        let (rows, _) = referrals::list(db, user, &f, 0, 100).await.gql(ctx)?;
        Ok(rows.into_iter().map(Referral).collect())
    }

    /// Joint actions: officers, their squad's; district supervisors and the housing partner,
    /// the district's. Latest first.
    async fn joint_actions(
        &self,
        ctx: &Context<'_>,
        focus: Option<JointFocus>,
        first: Option<i32>,
    ) -> async_graphql::Result<Vec<JointAction>> {
        let user = ctx.require(Op::ListJointActions)?;
        let (_, limit) = window(ctx, first, None)?;
        Ok(joint::list(&ctx.app().db, user, focus, limit)
            .await
            .gql(ctx)?
            .into_iter()
            .map(JointAction)
            .collect())
    }

    async fn joint_action(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<JointAction> {
        let user = ctx.require(Op::ViewJointAction)?;
        let id = parse_id(ctx, &id)?;
        Ok(JointAction(
            joint::load(&ctx.app().db, user, id).await.gql(ctx)?,
        ))
    }

    /// The affordable-housing series: each flagged community of the caller's scope with its
    /// illegal-letting items and cases (at most a year; Shanghai days).
    async fn affordable_housing_series(
        &self,
        ctx: &Context<'_>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> async_graphql::Result<AffordableSeries> {
        let user = ctx.require(Op::AffordableHousingSeries)?;
        let rows = affordable::series(&ctx.app().db, user, from, to)
            .await
            .gql(ctx)?;
        Ok(AffordableSeries {
            from,
            to,
            total_items: rows.iter().map(|r| r.items).sum(),
            total_cases: rows.iter().map(|r| r.cases).sum(),
            rows: rows
                .into_iter()
                .map(|r| AffordableRow {
                    community_id: ID(r.community.uuid.to_string()),
                    community_name: r.community.name,
                    items: r.items,
                    open_items: r.open_items,
                    cases: r.cases,
                    open_cases: r.open_cases,
                    joint_actions: r.joint_actions,
                    rechecks_due: r.rechecks_due,
                })
                .collect(),
        })
    }
}

#[derive(Default)]
pub struct ReferralMutation;

#[Object]
impl ReferralMutation {
    /// A district supervisor adds a partner department, or changes one (by name).
    async fn save_department(
        &self,
        ctx: &Context<'_>,
        name: String,
        kind: DepartmentKind,
        address: Option<String>,
    ) -> async_graphql::Result<DepartmentPayload> {
        let user = ctx.require(Op::SaveDepartment)?;
        Ok(
            match referrals::save_department(&ctx.app().db, user, &name, kind, address.as_deref())
                .await
                .gql(ctx)?
            {
                Ok(d) => DepartmentPayload {
                    department: Some(Department(d)),
                    user_errors: vec![],
                },
                Err(e) => DepartmentPayload {
                    department: None,
                    user_errors: user_errors(ctx, e),
                },
            },
        )
    }

    /// An officer transfers an item outside the bureau's remit to a department (转办, within
    /// 3 working days of its receipt). Idempotent by the key.
    async fn refer_item(
        &self,
        ctx: &Context<'_>,
        input: ReferItemInput,
    ) -> async_graphql::Result<ReferralPayload> {
        let user = ctx.require(Op::ReferItem)?;
        let item = parse_id(ctx, &input.item_id)?;
        let r = referrals::refer_item(
            &ctx.app().db,
            user,
            referrals::NewReferral {
                key: &input.idempotency_key,
                item,
                department: input.department_id.as_ref().map(loose_uuid),
                reason: &input.reason,
            },
        )
        .await
        .gql(ctx)?;
        announce_item(ctx, &r).await;
        Ok(referral_payload(ctx, r))
    }

    /// The housing partner refers a matter to the bureau (部门移送): filed as a
    /// `DEPARTMENT_REFERRAL` item of the community's squad. Idempotent by the key.
    async fn refer_to_bureau(
        &self,
        ctx: &Context<'_>,
        input: ReferToBureauInput,
    ) -> async_graphql::Result<ReferralPayload> {
        let user = ctx.require(Op::ReferToBureau)?;
        let app = ctx.app();
        let r = referrals::refer_to_bureau(
            &app.db,
            &app.photos,
            user,
            referrals::ToBureau {
                key: &input.idempotency_key,
                department: input.department_id.as_ref().map(loose_uuid),
                external_reference: input.external_reference.as_deref(),
                community: loose_uuid(&input.community_id),
                unit: input.unit_id.as_ref().map(loose_uuid),
                matter_code: input.matter_code,
                description: input.description,
                reason: &input.reason,
                seen_at: input.seen_at,
            },
        )
        .await
        .gql(ctx)?;
        announce_item(ctx, &r).await;
        Ok(referral_payload(ctx, r))
    }

    /// The receiving side signs for a referral (签收).
    async fn receive_referral(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<ReferralPayload> {
        self.step(ctx, Op::ReceiveReferral, id, ReferralStep::Receive, None)
            .await
    }

    /// The receiving side answers (an officer records a paper answer for a department without
    /// accounts). The answer goes into the item's timeline.
    async fn answer_referral(
        &self,
        ctx: &Context<'_>,
        id: ID,
        answer: String,
    ) -> async_graphql::Result<ReferralPayload> {
        self.step(
            ctx,
            Op::AnswerReferral,
            id,
            ReferralStep::Answer,
            Some(answer),
        )
        .await
    }

    /// The receiving side returns it with a reason (not its remit, facts missing).
    async fn return_referral(
        &self,
        ctx: &Context<'_>,
        id: ID,
        reason: String,
    ) -> async_graphql::Result<ReferralPayload> {
        self.step(
            ctx,
            Op::ReturnReferral,
            id,
            ReferralStep::Return,
            Some(reason),
        )
        .await
    }

    /// The sender sends a returned referral again, with a note; the clock starts again.
    async fn resend_referral(
        &self,
        ctx: &Context<'_>,
        input: ResendReferralInput,
    ) -> async_graphql::Result<ReferralPayload> {
        let user = ctx.require(Op::ResendReferral)?;
        let id = parse_id(ctx, &input.id)?;
        let r = referrals::resend(
            &ctx.app().db,
            user,
            id,
            &input.note,
            input.department_id.as_ref().map(loose_uuid),
        )
        .await
        .gql(ctx)?;
        Ok(referral_payload(ctx, r))
    }

    /// An officer or supervisor records a joint action (联合执法). Idempotent by the key.
    async fn create_joint_action(
        &self,
        ctx: &Context<'_>,
        input: JointActionInput,
    ) -> async_graphql::Result<JointActionPayload> {
        let user = ctx.require(Op::CreateJointAction)?;
        let r = joint::create(
            &ctx.app().db,
            user,
            joint::NewAction {
                key: input.idempotency_key,
                title: input.title,
                focus: input.focus,
                community: loose_uuid(&input.community_id),
                action_on: input.action_on,
                departments: input.department_ids.iter().map(loose_uuid).collect(),
                note: input.note,
            },
        )
        .await
        .gql(ctx)?;
        Ok(action_payload(ctx, r))
    }

    /// A unit visited in a joint action, with the finding and the follow-up case.
    async fn add_joint_action_unit(
        &self,
        ctx: &Context<'_>,
        input: JointUnitInput,
    ) -> async_graphql::Result<JointActionPayload> {
        let user = ctx.require(Op::AddJointActionUnit)?;
        let action = parse_id(ctx, &input.action_id)?;
        let r = joint::add_unit(
            &ctx.app().db,
            user,
            joint::NewUnit {
                action,
                unit: loose_uuid(&input.unit_id),
                finding: input.finding,
                outcome: input.outcome,
                case_number: input.case_number,
                recheck_due_on: input.recheck_due_on,
            },
        )
        .await
        .gql(ctx)?;
        Ok(action_payload(ctx, r))
    }

    /// The re-check (回头看) of a visited unit.
    async fn record_joint_recheck(
        &self,
        ctx: &Context<'_>,
        input: JointRecheckInput,
    ) -> async_graphql::Result<JointActionPayload> {
        let user = ctx.require(Op::RecordJointRecheck)?;
        let unit = parse_id(ctx, &input.unit_id)?;
        let r = joint::recheck(&ctx.app().db, user, unit, &input.finding, input.relapse)
            .await
            .gql(ctx)?;
        Ok(action_payload(ctx, r))
    }
}

impl ReferralMutation {
    async fn step(
        &self,
        ctx: &Context<'_>,
        op: Op,
        id: ID,
        step: ReferralStep,
        text: Option<String>,
    ) -> async_graphql::Result<ReferralPayload> {
        let user = ctx.require(op)?;
        let id = parse_id(ctx, &id)?;
        let r = referrals::act(&ctx.app().db, user, id, step, text.as_deref())
            .await
            .gql(ctx)?;
        // The answer is on the item's timeline for its filers.
        if step == ReferralStep::Answer {
            announce_item(ctx, &r).await;
        }
        Ok(referral_payload(ctx, r))
    }
}
