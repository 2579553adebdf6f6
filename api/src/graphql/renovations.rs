//! The renovation pilot over GraphQL: the firm's registrations, patrols and reports; the
//! officers' view; the building's public notice.
use async_graphql::{Context, ID, InputObject, Object, SimpleObject, Upload};
use chrono::{DateTime, NaiveDate, Utc};
use entity::{community, item, matter, property_firm, renovation, renovation_patrol};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::{
    context::{CtxExt, Localize, UserError, db_err, parse_id, user_errors},
    items::{CommunityRef, DissuasionInput, ItemPayload, announce, read_uploads, unit_label},
    pagination::{self, Page},
};
use crate::{
    auth::Role,
    authz::Op,
    catalog::holidays,
    error::ApiError,
    intake::{file::Dissuasion, status::ItemStatus},
    renovation::{self as reno, RenovationStatus, WORKING_HOURS},
};

/// Owner's name and phone: for the firm, the officers, supervisors and the housing partner.
fn may_see_owner(ctx: &Context<'_>) -> bool {
    ctx.req().user.as_ref().is_some_and(|u| {
        matches!(
            u.role,
            Role::Property | Role::Officer | Role::Supervisor | Role::Housing
        )
    })
}

pub struct Renovation(pub renovation::Model);

#[derive(SimpleObject)]
pub struct RenovationPatrol {
    pub id: ID,
    pub patrolled_at: DateTime<Utc>,
    pub findings: String,
    pub violation: bool,
    pub photo_url: Option<String>,
    pub thumbnail_url: Option<String>,
    pub by: String,
}

#[derive(SimpleObject)]
pub struct RenovationReport {
    pub id: ID,
    pub status: ItemStatus,
    pub created_at: DateTime<Utc>,
    pub late: bool,
    pub matter_code: Option<String>,
}

impl Renovation {
    async fn schedule(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<reno::schedule::Schedule>> {
        let db = &ctx.app().db;
        let cal = holidays::load_calendar(db).await.gql(ctx)?;
        reno::schedule_of(db, &cal, &self.0).await.gql(ctx)
    }
}

#[Object]
impl Renovation {
    async fn id(&self) -> ID {
        ID(self.0.uuid.to_string())
    }
    async fn community(&self, ctx: &Context<'_>) -> async_graphql::Result<CommunityRef> {
        let c = community::Entity::find_by_id(self.0.community_id)
            .one(&ctx.app().db)
            .await
            .map_err(|e| db_err(ctx, e))?
            .ok_or_else(|| ctx.fail(ApiError::NotFound))?;
        Ok(CommunityRef {
            id: ID(c.uuid.to_string()),
            name: c.name,
        })
    }
    async fn unit_label(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        unit_label(ctx, Some(self.0.unit_id)).await
    }
    async fn owner_name(&self, ctx: &Context<'_>) -> Option<&str> {
        may_see_owner(ctx).then_some(self.0.owner_name.as_str())
    }
    async fn owner_phone(&self, ctx: &Context<'_>) -> Option<&str> {
        if may_see_owner(ctx) {
            self.0.owner_phone.as_deref()
        } else {
            None
        }
    }
    async fn contractor_name(&self) -> &str {
        &self.0.contractor_name
    }
    async fn contractor_phone(&self) -> Option<&str> {
        self.0.contractor_phone.as_deref()
    }
    async fn planned_start(&self) -> NaiveDate {
        self.0.planned_start
    }
    async fn planned_end(&self) -> NaiveDate {
        self.0.planned_end
    }
    async fn scope_of_work(&self) -> &str {
        &self.0.scope_of_work
    }
    async fn load_bearing(&self) -> bool {
        self.0.load_bearing
    }
    async fn waterproofing(&self) -> bool {
        self.0.waterproofing
    }
    async fn shared_facilities(&self) -> bool {
        self.0.shared_facilities
    }
    /// Any of the three above.
    async fn high_risk(&self) -> bool {
        self.0.high_risk
    }
    async fn status(&self) -> Option<RenovationStatus> {
        RenovationStatus::parse(&self.0.status)
    }
    /// 告知书 / 承诺书 / 装修管理协议 signed on.
    async fn agreement_signed_on(&self) -> Option<NaiveDate> {
        self.0.agreement_signed_on
    }
    async fn agreement_photo_url(&self, ctx: &Context<'_>) -> Option<String> {
        self.0.agreement_photo_uuid.map(|p| {
            ctx.app()
                .photos
                .signed_url(p, crate::photos::Variant::Display, Utc::now())
        })
    }
    async fn started_on(&self) -> Option<NaiveDate> {
        self.0.started_on
    }
    async fn completed_on(&self) -> Option<NaiveDate> {
        self.0.completed_on
    }
    async fn completion_note(&self) -> Option<&str> {
        self.0.completion_note.as_deref()
    }
    /// Working days between patrols (high-risk: more often).
    async fn patrol_every_working_days(&self) -> i32 {
        self.0.patrol_every
    }
    /// The day the next patrol is due (while the work goes on).
    async fn next_patrol_due(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<NaiveDate>> {
        if self.0.status != RenovationStatus::Started.as_str() {
            return Ok(None);
        }
        Ok(self.schedule(ctx).await?.map(|s| s.next_due))
    }
    /// Due days that passed with no patrol logged: duty gaps (巡查缺失).
    async fn duty_gaps(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<NaiveDate>> {
        Ok(self
            .schedule(ctx)
            .await?
            .map(|s| s.gaps)
            .unwrap_or_default())
    }
    async fn patrols(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<RenovationPatrol>> {
        let app = ctx.app();
        let rows = renovation_patrol::Entity::find()
            .filter(renovation_patrol::Column::RenovationId.eq(self.0.id))
            .order_by_asc(renovation_patrol::Column::PatrolledAt)
            .all(&app.db)
            .await
            .map_err(|e| db_err(ctx, e))?;
        let now = Utc::now();
        let mut out = Vec::new();
        for p in rows {
            let by = entity::account::Entity::find_by_id(p.by_id)
                .one(&app.db)
                .await
                .map_err(|e| db_err(ctx, e))?
                .map(|a| a.display_name)
                .unwrap_or_default();
            let url = |v| {
                p.photo_uuid
                    .filter(|_| p.has_copies)
                    .map(|u| app.photos.signed_url(u, v, now))
            };
            out.push(RenovationPatrol {
                id: ID(p.uuid.to_string()),
                patrolled_at: p.patrolled_at,
                photo_url: url(crate::photos::Variant::Display),
                thumbnail_url: url(crate::photos::Variant::Thumbnail),
                findings: p.findings,
                violation: p.violation,
                by,
            });
        }
        Ok(out)
    }
    /// Property reports filed from this registration.
    async fn reports(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<RenovationReport>> {
        let db = &ctx.app().db;
        let rows = item::Entity::find()
            .filter(item::Column::RenovationId.eq(self.0.id))
            .order_by_asc(item::Column::Id)
            .all(db)
            .await
            .map_err(|e| db_err(ctx, e))?;
        let mut out = Vec::new();
        for it in rows {
            let code = match it.matter_id {
                Some(m) => matter::Entity::find_by_id(m)
                    .one(db)
                    .await
                    .map_err(|e| db_err(ctx, e))?
                    .map(|m| m.code),
                None => None,
            };
            out.push(RenovationReport {
                id: ID(it.uuid.to_string()),
                status: ItemStatus::parse(&it.status).unwrap_or(ItemStatus::Submitted),
                created_at: it.created_at,
                late: it.late,
                matter_code: code,
            });
        }
        Ok(out)
    }
    async fn firm_name(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(property_firm::Entity::find_by_id(self.0.property_firm_id)
            .one(&ctx.app().db)
            .await
            .map_err(|e| db_err(ctx, e))?
            .map(|f| f.name)
            .unwrap_or_default())
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// 公示: what residents of the building see — no owner.
pub struct RenovationNotice(pub renovation::Model);

#[Object]
impl RenovationNotice {
    async fn id(&self) -> ID {
        ID(self.0.uuid.to_string())
    }
    async fn unit_label(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        unit_label(ctx, Some(self.0.unit_id)).await
    }
    async fn planned_start(&self) -> NaiveDate {
        self.0.planned_start
    }
    async fn planned_end(&self) -> NaiveDate {
        self.0.planned_end
    }
    async fn working_hours(&self, ctx: &Context<'_>) -> &'static str {
        ctx.lang().pick(WORKING_HOURS.0, WORKING_HOURS.1)
    }
    async fn contractor_name(&self) -> &str {
        &self.0.contractor_name
    }
    async fn status(&self) -> Option<RenovationStatus> {
        RenovationStatus::parse(&self.0.status)
    }
}

#[derive(InputObject, Default)]
pub struct RenovationFilter {
    pub status: Option<RenovationStatus>,
    pub high_risk: Option<bool>,
    pub community_id: Option<ID>,
    /// Only those with duty gaps.
    #[graphql(default)]
    pub with_gaps: bool,
}

#[derive(InputObject)]
pub struct RegisterRenovationInput {
    pub idempotency_key: String,
    pub community_id: ID,
    pub unit_id: ID,
    pub owner_name: String,
    pub owner_phone: Option<String>,
    pub contractor_name: String,
    pub contractor_phone: Option<String>,
    pub planned_start: NaiveDate,
    pub planned_end: NaiveDate,
    pub scope_of_work: String,
    #[graphql(default)]
    pub load_bearing: bool,
    #[graphql(default)]
    pub waterproofing: bool,
    #[graphql(default)]
    pub shared_facilities: bool,
}

#[derive(InputObject)]
pub struct RecordRenovationAgreementInput {
    pub renovation_id: ID,
    pub signed_on: NaiveDate,
    pub note: Option<String>,
    /// The signed page (GraphQL multipart).
    pub photo: Option<Upload>,
}

#[derive(InputObject)]
pub struct StartRenovationInput {
    pub renovation_id: ID,
    pub started_on: NaiveDate,
}

#[derive(InputObject)]
pub struct LogRenovationPatrolInput {
    pub renovation_id: ID,
    pub idempotency_key: String,
    pub patrolled_at: DateTime<Utc>,
    pub findings: String,
    #[graphql(default)]
    pub violation: bool,
    pub photo: Option<Upload>,
}

/// Finding → dissuasion failed → property report, in one action.
#[derive(InputObject)]
pub struct ReportRenovationFindingInput {
    pub renovation_id: ID,
    pub idempotency_key: String,
    pub matter_code: Option<String>,
    pub description: String,
    pub dissuasion: Option<DissuasionInput>,
    #[graphql(default)]
    pub still_being_built: bool,
    pub photos: Option<Vec<Upload>>,
}

#[derive(InputObject)]
pub struct CompleteRenovationInput {
    pub renovation_id: ID,
    pub completed_on: NaiveDate,
    pub note: String,
}

#[derive(SimpleObject)]
pub struct RenovationPayload {
    pub renovation: Option<Renovation>,
    pub user_errors: Vec<UserError>,
}

fn payload(ctx: &Context<'_>, r: reno::Done) -> RenovationPayload {
    match r {
        Ok(r) => RenovationPayload {
            renovation: Some(Renovation(r)),
            user_errors: vec![],
        },
        Err(e) => RenovationPayload {
            renovation: None,
            user_errors: user_errors(ctx, e),
        },
    }
}

/// 物业履责排名: one firm of the sub-district, with the numbers behind its rank.
pub struct FirmStanding(pub reno::league::Standing);

#[Object]
impl FirmStanding {
    async fn rank(&self) -> i32 {
        self.0.rank as i32
    }
    async fn firm_id(&self) -> ID {
        ID(self.0.firm_uuid.to_string())
    }
    async fn firm_name(&self) -> &str {
        &self.0.firm_name
    }
    async fn communities(&self) -> i32 {
        self.0.communities as i32
    }
    async fn units_managed(&self) -> i32 {
        self.0.units as i32
    }
    /// Registrations created in the period.
    async fn registrations(&self) -> i32 {
        self.0.registrations as i32
    }
    /// Of those, registered before the work began.
    async fn registered_before_start(&self) -> i32 {
        self.0.registered_before_start as i32
    }
    /// Complaints about renovating without registering (A11) in the period.
    async fn unregistered_found(&self) -> i32 {
        self.0.unregistered_found as i32
    }
    /// registeredBeforeStart / (registrations + unregisteredFound); null when both are 0.
    async fn registered_share(&self) -> Option<f64> {
        self.0.registered_share()
    }
    /// Patrol due days in the period.
    async fn patrols_due(&self) -> i32 {
        self.0.patrols_due as i32
    }
    async fn patrols_on_time(&self) -> i32 {
        self.0.patrols_on_time as i32
    }
    async fn patrol_on_time_share(&self) -> Option<f64> {
        self.0.patrol_share()
    }
    /// Violations the firm reported (property reports).
    async fn found_by_firm(&self) -> i32 {
        self.0.found_by_firm as i32
    }
    /// Violations first reported by a complaint, not by the firm.
    async fn first_by_complaint(&self) -> i32 {
        self.0.first_by_complaint as i32
    }
    /// Property reports later than 24 hours after the failed dissuasion.
    async fn reports_late(&self) -> i32 {
        self.0.reports_late as i32
    }
    async fn duty_checks_failed(&self) -> i32 {
        self.0.duty_checks_failed as i32
    }
    async fn cases_against_firm(&self) -> i32 {
        self.0.cases_against_firm as i32
    }
    /// firstByComplaint + missed patrols + reportsLate + dutyChecksFailed + casesAgainstFirm.
    async fn problems(&self) -> i32 {
        self.0.problems() as i32
    }
    async fn problems_per_1000_units(&self) -> f64 {
        self.0.per_1000_units()
    }
}

#[derive(Default)]
pub struct RenovationQuery;

#[Object]
impl RenovationQuery {
    /// The firm: its own; officers and supervisors: their scope; housing: its district.
    /// High-risk first, then those with duty gaps, then the newest.
    async fn renovations(
        &self,
        ctx: &Context<'_>,
        filter: Option<RenovationFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Page<Renovation>> {
        let user = ctx.require(Op::ListRenovations)?;
        let (offset, limit) = pagination::window(ctx, first, after)?;
        let f = filter.unwrap_or_default();
        let f = reno::RenovationFilter {
            status: f.status,
            high_risk: f.high_risk,
            community: f
                .community_id
                .as_ref()
                .map(|c| parse_id(ctx, c))
                .transpose()?,
            with_gaps: f.with_gaps,
        };
        let (rows, total) = reno::list(&ctx.app().db, user, f, offset, limit)
            .await
            .gql(ctx)?;
        Ok(pagination::page(
            rows.into_iter().map(Renovation).collect(),
            offset,
            total,
        ))
    }

    async fn renovation(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Renovation> {
        let user = ctx.require(Op::ViewRenovation)?;
        let id = parse_id(ctx, &id)?;
        Ok(Renovation(
            reno::load(&ctx.app().db, user, id).await.gql(ctx)?,
        ))
    }

    /// 物业履责排名 for a sub-district over a period (Shanghai dates, inclusive), best first:
    /// problems per 1,000 units managed. Officers: their squad's sub-district; supervisors
    /// and the housing partner: any of their district.
    async fn firm_league_table(
        &self,
        ctx: &Context<'_>,
        sub_district_id: ID,
        from: NaiveDate,
        to: NaiveDate,
    ) -> async_graphql::Result<Vec<FirmStanding>> {
        let user = ctx.require(Op::FirmLeagueTable)?;
        let db = &ctx.app().db;
        let id = parse_id(ctx, &sub_district_id)?;
        if to < from || (to - from).num_days() > 5 * 366 {
            return Err(ctx.fail(ApiError::Validation(crate::i18n::Msg::PeriodInvalid)));
        }
        let sd = entity::sub_district::Entity::find()
            .filter(entity::sub_district::Column::Uuid.eq(id))
            .one(db)
            .await
            .map_err(|e| db_err(ctx, e))?
            .ok_or_else(|| ctx.fail(ApiError::NotFound))?;
        let allowed = match &user.scope {
            crate::auth::Scope::District { district_id } => sd.district_id == *district_id,
            crate::auth::Scope::Squad {
                squad_id,
                district_id,
            } => {
                let squad = entity::squad::Entity::find_by_id(*squad_id)
                    .one(db)
                    .await
                    .map_err(|e| db_err(ctx, e))?;
                match squad.and_then(|s| s.sub_district_id) {
                    Some(own) => own == sd.id,
                    // The bureau's own squad covers the district.
                    None => sd.district_id == *district_id,
                }
            }
            _ => false,
        };
        if !allowed {
            return Err(ctx.fail(ApiError::NotFound));
        }
        let window = ctx.app().settings.repeat_window_days;
        let rows = reno::league::league(db, sd.id, from, to, window)
            .await
            .gql(ctx)?;
        Ok(rows.into_iter().map(FirmStanding).collect())
    }

    /// Residents: renovations in their building; a committee: its communities.
    async fn renovation_notices(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<RenovationNotice>> {
        let user = ctx.require(Op::RenovationNotices)?;
        let rows = reno::notices(&ctx.app().db, user).await.gql(ctx)?;
        Ok(rows.into_iter().map(RenovationNotice).collect())
    }
}

#[derive(Default)]
pub struct RenovationMutation;

#[Object]
impl RenovationMutation {
    /// 装修登记, by the firm in a community it manages; safe to retry with its key.
    async fn register_renovation(
        &self,
        ctx: &Context<'_>,
        input: RegisterRenovationInput,
    ) -> async_graphql::Result<RenovationPayload> {
        let user = ctx.require(Op::RegisterRenovation)?;
        let app = ctx.app();
        let n = reno::NewRenovation {
            key: input.idempotency_key,
            community: super::context::loose_uuid(&input.community_id),
            unit: super::context::loose_uuid(&input.unit_id),
            owner_name: input.owner_name,
            owner_phone: input.owner_phone,
            contractor_name: input.contractor_name,
            contractor_phone: input.contractor_phone,
            planned_start: input.planned_start,
            planned_end: input.planned_end,
            scope_of_work: input.scope_of_work,
            load_bearing: input.load_bearing,
            waterproofing: input.waterproofing,
            shared_facilities: input.shared_facilities,
        };
        let r = reno::register(&app.db, &app.settings, user, n)
            .await
            .gql(ctx)?;
        Ok(payload(ctx, r))
    }

    /// The notice, commitment and agreement, signed: REGISTERED → AGREED.
    async fn record_renovation_agreement(
        &self,
        ctx: &Context<'_>,
        input: RecordRenovationAgreementInput,
    ) -> async_graphql::Result<RenovationPayload> {
        let user = ctx.require(Op::RecordRenovationAgreement)?;
        let app = ctx.app();
        let id = parse_id(ctx, &input.renovation_id)?;
        let photo = read_uploads(ctx, input.photo.map(|p| vec![p]))?.pop();
        let r = reno::record_agreement(
            &app.db,
            &app.photos,
            user,
            id,
            input.signed_on,
            input.note,
            photo,
        )
        .await
        .gql(ctx)?;
        Ok(payload(ctx, r))
    }

    /// AGREED → STARTED; never before the agreement.
    async fn start_renovation(
        &self,
        ctx: &Context<'_>,
        input: StartRenovationInput,
    ) -> async_graphql::Result<RenovationPayload> {
        let user = ctx.require(Op::StartRenovation)?;
        let id = parse_id(ctx, &input.renovation_id)?;
        let r = reno::start(&ctx.app().db, user, id, input.started_on)
            .await
            .gql(ctx)?;
        Ok(payload(ctx, r))
    }

    /// One patrol of the firm's own registration; safe to retry with its key.
    async fn log_renovation_patrol(
        &self,
        ctx: &Context<'_>,
        input: LogRenovationPatrolInput,
    ) -> async_graphql::Result<RenovationPayload> {
        let user = ctx.require(Op::LogRenovationPatrol)?;
        let app = ctx.app();
        let photo = read_uploads(ctx, input.photo.map(|p| vec![p]))?.pop();
        let n = reno::NewPatrol {
            renovation: parse_id(ctx, &input.renovation_id)?,
            key: input.idempotency_key,
            patrolled_at: input.patrolled_at,
            findings: input.findings,
            violation: input.violation,
            photo,
        };
        let r = reno::log_patrol(&app.db, &app.photos, user, n)
            .await
            .gql(ctx)?;
        Ok(payload(ctx, r))
    }

    /// A violation found and not stopped: files the property report linked to the
    /// registration, with the dissuasion record.
    async fn report_renovation_finding(
        &self,
        ctx: &Context<'_>,
        input: ReportRenovationFindingInput,
    ) -> async_graphql::Result<ItemPayload> {
        let user = ctx.require(Op::ReportRenovationFinding)?;
        let app = ctx.app();
        let photos = read_uploads(ctx, input.photos)?;
        let f = reno::Finding {
            renovation: parse_id(ctx, &input.renovation_id)?,
            key: input.idempotency_key,
            matter_code: input.matter_code,
            description: input.description,
            dissuasion: input.dissuasion.map(|d| Dissuasion {
                at: d.at,
                method: d.method,
                by: d.by,
                owner_response: d.owner_response,
            }),
            still_being_built: input.still_being_built,
        };
        let r = reno::report_finding(
            &app.db,
            &app.photos,
            user,
            f,
            photos,
            app.settings.repeat_window_days,
        )
        .await
        .gql(ctx)?;
        Ok(match r {
            Ok(it) => {
                announce(ctx, &it).await;
                ItemPayload {
                    item: Some(super::items::Item(it)),
                    user_errors: vec![],
                }
            }
            Err(e) => ItemPayload {
                item: None,
                user_errors: user_errors(ctx, e),
            },
        })
    }

    /// 竣工检查: STARTED → COMPLETED.
    async fn complete_renovation(
        &self,
        ctx: &Context<'_>,
        input: CompleteRenovationInput,
    ) -> async_graphql::Result<RenovationPayload> {
        let user = ctx.require(Op::CompleteRenovation)?;
        let id = parse_id(ctx, &input.renovation_id)?;
        let r = reno::complete(&ctx.app().db, user, id, input.completed_on, &input.note)
            .await
            .gql(ctx)?;
        Ok(payload(ctx, r))
    }
}

/// The registration a property report came from.
pub(crate) async fn item_renovation_id(
    ctx: &Context<'_>,
    it: &item::Model,
) -> async_graphql::Result<Option<ID>> {
    let Some(id) = it.renovation_id else {
        return Ok(None);
    };
    Ok(renovation::Entity::find_by_id(id)
        .one(&ctx.app().db)
        .await
        .map_err(|e| db_err(ctx, e))?
        .map(|r| ID(r.uuid.to_string())))
}
