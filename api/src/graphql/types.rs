//! Output types shared by several resolvers.
use async_graphql::{Context, Enum, ID, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use entity::{
    account, building, committee, community, community_workroom, district, holiday, matter,
    property_firm, squad, sub_district, unit, workroom_officer,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::context::{CtxExt, Localize};
use crate::{
    accounts,
    auth::{AccountStatus, Role, Scope},
    catalog::matters::MatterCategory,
    error::ApiError,
};

/// An account as its viewer may see it.
pub struct User(pub account::Model, pub Viewer);

/// Who is looking at a `User`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    /// Whoever the request's token says.
    Caller,
    /// The account itself, in the session it just opened (no token on that request yet).
    Own,
}

impl User {
    pub fn of(a: account::Model) -> Self {
        User(a, Viewer::Caller)
    }
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    /// A resident's home unit.
    Unit,
    /// The communities of a committee or a property firm.
    Communities,
    /// A squad's sub-district (or the district bureau's).
    Squad,
    /// A whole district.
    District,
}

/// Where a resident lives.
#[derive(SimpleObject)]
pub struct Home {
    pub community_id: ID,
    pub community_name: String,
    pub unit_id: ID,
    /// Building and unit, e.g. `1号楼 101`.
    pub unit_label: String,
}

#[derive(SimpleObject)]
pub struct ScopeView {
    pub kind: ScopeKind,
    /// Where the account works or lives, in the caller's language where names have one.
    pub label: String,
}

#[Object]
impl User {
    async fn id(&self) -> ID {
        ID(self.0.uuid.to_string())
    }
    async fn display_name(&self) -> &str {
        &self.0.display_name
    }
    async fn role(&self, ctx: &Context<'_>) -> async_graphql::Result<Role> {
        self.0
            .role
            .parse::<Role>()
            .map_err(|e| ctx.fail(ApiError::Internal(e)))
    }
    async fn status(&self, ctx: &Context<'_>) -> async_graphql::Result<AccountStatus> {
        self.0
            .status
            .parse::<AccountStatus>()
            .map_err(|e| ctx.fail(ApiError::Internal(e)))
    }
    /// The account's own login name: shown to the account itself and its supervisors.
    async fn login(&self, ctx: &Context<'_>) -> Option<&str> {
        self.may_see_contact(ctx).then_some(self.0.login.as_str())
    }
    /// Shown only to the account itself and to those who verify or manage it.
    async fn phone(&self, ctx: &Context<'_>) -> Option<&str> {
        if self.may_see_contact(ctx) {
            self.0.phone.as_deref()
        } else {
            None
        }
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// A resident's home (community, unit), to pre-fill filings. Shown like `phone`.
    async fn home(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Home>> {
        if !self.may_see_contact(ctx) {
            return Ok(None);
        }
        let Some(unit_id) = self.0.unit_id else {
            return Ok(None);
        };
        let db = &ctx.app().db;
        let fail = |e: sea_orm::DbErr| ctx.fail(e.into());
        let Some(u) = unit::Entity::find_by_id(unit_id)
            .one(db)
            .await
            .map_err(fail)?
        else {
            return Ok(None);
        };
        let Some(b) = building::Entity::find_by_id(u.building_id)
            .one(db)
            .await
            .map_err(fail)?
        else {
            return Ok(None);
        };
        let Some(c) = community::Entity::find_by_id(b.community_id)
            .one(db)
            .await
            .map_err(fail)?
        else {
            return Ok(None);
        };
        Ok(Some(Home {
            community_id: ID(c.uuid.to_string()),
            community_name: c.name,
            unit_id: ID(u.uuid.to_string()),
            unit_label: format!("{} {}", b.name, u.number),
        }))
    }
    async fn scope(&self, ctx: &Context<'_>) -> async_graphql::Result<ScopeView> {
        let db = &ctx.app().db;
        let lang = ctx.lang();
        let scope = accounts::scope_of(db, &self.0).await.gql(ctx)?;
        let label = scope_label(db, &scope, lang).await.gql(ctx)?;
        let kind = match scope {
            Scope::Unit { .. } => ScopeKind::Unit,
            Scope::Committee { .. } | Scope::PropertyFirm { .. } => ScopeKind::Communities,
            Scope::Squad { .. } => ScopeKind::Squad,
            Scope::District { .. } => ScopeKind::District,
        };
        Ok(ScopeView { kind, label })
    }
}

impl User {
    /// Lists that return other people's accounts are already scoped to their managers
    /// (committees verifying residents, supervisors managing staff).
    fn may_see_contact(&self, ctx: &Context<'_>) -> bool {
        if self.1 == Viewer::Own {
            return true;
        }
        match &ctx.req().user {
            Some(u) => u.id == self.0.id || matches!(u.role, Role::Committee | Role::Supervisor),
            None => false,
        }
    }
}

async fn scope_label(
    db: &sea_orm::DatabaseConnection,
    scope: &Scope,
    lang: crate::i18n::Lang,
) -> Result<String, ApiError> {
    let missing = || ApiError::Internal(anyhow::anyhow!("scope row missing"));
    Ok(match scope {
        Scope::Unit {
            unit_id,
            community_id,
        } => {
            let u = unit::Entity::find_by_id(*unit_id)
                .one(db)
                .await?
                .ok_or_else(missing)?;
            let b = building::Entity::find_by_id(u.building_id)
                .one(db)
                .await?
                .ok_or_else(missing)?;
            let c = community::Entity::find_by_id(*community_id)
                .one(db)
                .await?
                .ok_or_else(missing)?;
            format!("{} {} {}", c.name, b.name, u.number)
        }
        Scope::Committee { committee_id } => {
            committee::Entity::find_by_id(*committee_id)
                .one(db)
                .await?
                .ok_or_else(missing)?
                .name
        }
        Scope::PropertyFirm { property_firm_id } => {
            property_firm::Entity::find_by_id(*property_firm_id)
                .one(db)
                .await?
                .ok_or_else(missing)?
                .name
        }
        Scope::Squad { squad_id, .. } => {
            let s = squad::Entity::find_by_id(*squad_id)
                .one(db)
                .await?
                .ok_or_else(missing)?;
            lang.pick(&s.name_zh, &s.name_en).to_string()
        }
        Scope::District { district_id } => {
            let d = district::Entity::find_by_id(*district_id)
                .one(db)
                .await?
                .ok_or_else(missing)?;
            lang.pick(&d.name_zh, &d.name_en).to_string()
        }
    })
}

pub struct SubDistrict(pub sub_district::Model);

#[Object]
impl SubDistrict {
    async fn id(&self) -> ID {
        ID(self.0.uuid.to_string())
    }
    async fn code(&self) -> &str {
        &self.0.code
    }
    async fn name(&self, ctx: &Context<'_>) -> String {
        ctx.lang()
            .pick(&self.0.name_zh, &self.0.name_en)
            .to_string()
    }
    /// `SUBDISTRICT` (街道) or `TOWN` (镇).
    async fn kind(&self) -> &str {
        &self.0.kind
    }
    /// Its enforcement squad (中队).
    async fn squad(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Squad>> {
        let s = squad::Entity::find()
            .filter(squad::Column::SubDistrictId.eq(self.0.id))
            .one(&ctx.app().db)
            .await
            .map_err(|e| ctx.fail(e.into()))?;
        Ok(s.map(Squad))
    }
}

pub struct Squad(pub squad::Model);

#[Object]
impl Squad {
    async fn id(&self) -> ID {
        ID(self.0.uuid.to_string())
    }
    async fn name(&self, ctx: &Context<'_>) -> String {
        ctx.lang()
            .pick(&self.0.name_zh, &self.0.name_en)
            .to_string()
    }
}

#[derive(SimpleObject)]
pub struct Organisation {
    pub id: ID,
    pub name: String,
    pub phone: Option<String>,
}

#[derive(SimpleObject)]
pub struct Workroom {
    /// 城管社区工作室 office hours.
    pub office_hours: String,
    pub phone: String,
    /// Display names of the officers on duty there.
    pub officers: Vec<String>,
    /// The officers' account ids, in the order of `officers`: for officers and supervisors
    /// (who keep the workroom up to date); empty for everyone else.
    pub officer_ids: Vec<ID>,
}

#[derive(SimpleObject)]
pub struct Unit {
    pub id: ID,
    pub number: String,
}

pub struct Building(pub building::Model);

#[Object]
impl Building {
    async fn id(&self) -> ID {
        ID(self.0.uuid.to_string())
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn units(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Unit>> {
        let rows = unit::Entity::find()
            .filter(unit::Column::BuildingId.eq(self.0.id))
            .order_by_asc(unit::Column::Number)
            .all(&ctx.app().db)
            .await
            .map_err(|e| ctx.fail(e.into()))?;
        Ok(rows
            .into_iter()
            .map(|u| Unit {
                id: ID(u.uuid.to_string()),
                number: u.number,
            })
            .collect())
    }
}

/// A residential community (住宅小区): public directory information.
pub struct Community(pub community::Model);

#[Object]
impl Community {
    async fn id(&self) -> ID {
        ID(self.0.uuid.to_string())
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn address(&self) -> &str {
        &self.0.address
    }
    /// 保障性租赁住房
    async fn affordable_housing(&self) -> bool {
        self.0.affordable_housing
    }
    async fn sub_district(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<SubDistrict>> {
        let s = sub_district::Entity::find_by_id(self.0.sub_district_id)
            .one(&ctx.app().db)
            .await
            .map_err(|e| ctx.fail(e.into()))?;
        Ok(s.map(SubDistrict))
    }
    /// 居委会
    async fn committee(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Organisation>> {
        let c = committee::Entity::find_by_id(self.0.committee_id)
            .one(&ctx.app().db)
            .await
            .map_err(|e| ctx.fail(e.into()))?;
        Ok(c.map(|c| Organisation {
            id: ID(c.uuid.to_string()),
            name: c.name,
            phone: c.phone,
        }))
    }
    /// 物业服务企业
    async fn property_firm(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<Organisation>> {
        let Some(id) = self.0.property_firm_id else {
            return Ok(None);
        };
        let f = property_firm::Entity::find_by_id(id)
            .one(&ctx.app().db)
            .await
            .map_err(|e| ctx.fail(e.into()))?;
        Ok(f.map(|f| Organisation {
            id: ID(f.uuid.to_string()),
            name: f.name,
            phone: f.phone,
        }))
    }
    /// 城管社区工作室
    async fn workroom(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Workroom>> {
        workroom_of(ctx, self.0.id).await
    }
    async fn buildings(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Building>> {
        let rows = building::Entity::find()
            .filter(building::Column::CommunityId.eq(self.0.id))
            .order_by_asc(building::Column::Name)
            .all(&ctx.app().db)
            .await
            .map_err(|e| ctx.fail(e.into()))?;
        Ok(rows.into_iter().map(Building).collect())
    }
}

/// An enforcement matter (执法事项).
pub struct Matter(pub matter::Model);

#[Object]
impl Matter {
    async fn id(&self) -> ID {
        ID(self.0.uuid.to_string())
    }
    async fn code(&self) -> &str {
        &self.0.code
    }
    async fn category(&self, ctx: &Context<'_>) -> async_graphql::Result<MatterCategory> {
        MatterCategory::parse(&self.0.category).ok_or_else(|| {
            ctx.fail(ApiError::Internal(anyhow::anyhow!(
                "bad category {}",
                self.0.category
            )))
        })
    }
    /// In the caller's language.
    async fn name(&self, ctx: &Context<'_>) -> String {
        ctx.lang()
            .pick(&self.0.name_zh, &self.0.name_en)
            .to_string()
    }
    async fn name_zh(&self) -> &str {
        &self.0.name_zh
    }
    async fn name_en(&self) -> &str {
        &self.0.name_en
    }
    async fn legal_basis(&self) -> &str {
        &self.0.legal_basis
    }
    async fn fine_min_cny(&self) -> Option<i64> {
        self.0.fine_min_cny
    }
    async fn fine_max_cny(&self) -> Option<i64> {
        self.0.fine_max_cny
    }
    async fn fine_serious_max_cny(&self) -> Option<i64> {
        self.0.fine_serious_max_cny
    }
    /// 应立尽立: a complaint under this matter must become a case (or be exempted).
    async fn mandatory_case(&self) -> bool {
        self.0.mandatory_case
    }
    /// One of the plan's focus matters (群租, 保障性租赁住房违规出租, 占绿毁绿, 物业履责).
    async fn focus(&self) -> bool {
        self.0.focus
    }
    /// False once retired.
    async fn active(&self) -> bool {
        self.0.active
    }
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum HolidayKind {
    /// A public holiday: not a working day.
    Holiday,
    /// A make-up working day (调休): a working day.
    Workday,
}

#[derive(SimpleObject)]
pub struct Holiday {
    pub date: NaiveDate,
    pub kind: HolidayKind,
    pub name: String,
}

impl From<holiday::Model> for Holiday {
    fn from(h: holiday::Model) -> Self {
        Holiday {
            date: h.day,
            kind: if h.kind == "WORKDAY" {
                HolidayKind::Workday
            } else {
                HolidayKind::Holiday
            },
            name: h.name,
        }
    }
}

/// A community's workroom, with the officers' ids for those who maintain it.
pub async fn workroom_of(
    ctx: &Context<'_>,
    community_id: i32,
) -> async_graphql::Result<Option<Workroom>> {
    let db = &ctx.app().db;
    let Some(room) = community_workroom::Entity::find()
        .filter(community_workroom::Column::CommunityId.eq(community_id))
        .one(db)
        .await
        .map_err(|e| ctx.fail(e.into()))?
    else {
        return Ok(None);
    };
    let ids: Vec<i32> = workroom_officer::Entity::find()
        .filter(workroom_officer::Column::WorkroomId.eq(room.id))
        .all(db)
        .await
        .map_err(|e| ctx.fail(e.into()))?
        .into_iter()
        .map(|w| w.account_id)
        .collect();
    let accounts = account::Entity::find()
        .filter(account::Column::Id.is_in(ids))
        .filter(account::Column::Status.eq(AccountStatus::Active.as_str()))
        .order_by_asc(account::Column::DisplayName)
        .all(db)
        .await
        .map_err(|e| ctx.fail(e.into()))?;
    let staff = ctx
        .req()
        .user
        .as_ref()
        .is_some_and(|u| matches!(u.role, Role::Officer | Role::Supervisor));
    Ok(Some(Workroom {
        office_hours: room.office_hours,
        phone: room.phone,
        officer_ids: if staff {
            accounts.iter().map(|a| ID(a.uuid.to_string())).collect()
        } else {
            vec![]
        },
        officers: accounts.into_iter().map(|a| a.display_name).collect(),
    }))
}
