//! Intake and the closed loop over GraphQL: filing, lists, the item page and its steps.
use async_graphql::{Context, ID, InputObject, Object, SimpleObject, Upload};
use chrono::{DateTime, Utc};
use entity::{building, item, item_event, unit};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::{
    context::{CtxExt, Localize, UserError, db_err, parse_id, user_errors},
    pagination::{self, Page},
};
use crate::{
    auth::{CurrentUser, Role},
    authz::Op,
    cases::model::CaseRule,
    error::ApiError,
    events::Event,
    intake::{
        act,
        file::{self, Dissuasion as DissuasionData, Filing},
        list::{self, InboxFilter as Filter},
        scope,
        status::{
            self, Adoption, ItemAction, ItemKind, ItemSource, ItemStatus, Rating, Resolution,
        },
    },
};

/// A stored enum value the code does not know is a bug on our side, not the caller's.
fn stored<T>(ctx: &Context<'_>, v: Option<T>, raw: &str) -> async_graphql::Result<T> {
    v.ok_or_else(|| {
        ctx.fail(ApiError::Internal(anyhow::anyhow!(
            "unknown stored value {raw:?}"
        )))
    })
}

/// A resident who only joined ("me too") sees the item's progress, not the first filer's
/// own words and photos, which could say who they are.
fn co_filer_view(user: &CurrentUser, it: &item::Model) -> bool {
    user.role == Role::Resident && user.id != it.filer_id
}

/// The first filer's own words after the answer (the rating comment): for the filer and
/// the handling officers only.
fn may_see_filers_words(user: &CurrentUser, it: &item::Model) -> bool {
    user.id == it.filer_id || matches!(user.role, Role::Officer | Role::Supervisor)
}

fn officer_view(user: &CurrentUser) -> bool {
    matches!(user.role, Role::Officer | Role::Supervisor)
}

const JOINED_DESCRIPTION: &str = "（附议事项：原始描述仅提交人和执法队员可见）/ (joined item: the original description is shown only to its filer and the officers)";

fn me<'a>(ctx: &'a Context<'_>) -> async_graphql::Result<&'a CurrentUser> {
    ctx.req()
        .user
        .as_ref()
        .ok_or_else(|| ctx.fail(ApiError::Unauthenticated))
}

/// An item as the caller may see it: who filed it only where SPEC §10 allows.
pub struct Item(pub item::Model);

#[derive(SimpleObject)]
pub struct MatterRef {
    pub code: String,
    pub name: String,
}

#[derive(SimpleObject)]
pub struct CommunityRef {
    pub id: ID,
    pub name: String,
}

#[derive(SimpleObject)]
pub struct Filer {
    pub display_name: String,
    pub phone: Option<String>,
}

#[derive(SimpleObject)]
pub struct Dissuasion {
    pub at: DateTime<Utc>,
    pub method: String,
    pub by: String,
    pub owner_response: String,
}

#[derive(SimpleObject)]
pub struct ItemEvent {
    pub at: DateTime<Utc>,
    pub action: String,
    pub from_status: Option<ItemStatus>,
    pub to_status: Option<ItemStatus>,
    pub note: Option<String>,
    /// The role of whoever took the step (names stay with the bureau).
    pub actor_role: Option<Role>,
}

async fn matter_ref(
    ctx: &Context<'_>,
    id: Option<i32>,
) -> async_graphql::Result<Option<MatterRef>> {
    let Some(id) = id else { return Ok(None) };
    let m = super::loaders::matter(ctx, id).await?;
    Ok(m.map(|m| MatterRef {
        name: ctx.lang().pick(&m.name_zh, &m.name_en).to_string(),
        code: m.code,
    }))
}

/// An item's place for the caller. A resident's complaint defaults to their own unit, so
/// the unit of an item filed from home would tell a neighbour, the committee or the firm who
/// complained (SPEC §10): only the filer and the officers see it then.
pub(crate) async fn place_label(
    ctx: &Context<'_>,
    it: &item::Model,
) -> async_graphql::Result<Option<String>> {
    let user = me(ctx)?;
    if user.id != it.filer_id && !officer_view(user) && is_filers_home(ctx, it).await? {
        return Ok(None);
    }
    unit_label(ctx, it.unit_id).await
}

/// The item's unit is where its first filer lives.
pub(crate) async fn is_filers_home(
    ctx: &Context<'_>,
    it: &item::Model,
) -> async_graphql::Result<bool> {
    let Some(unit) = it.unit_id else {
        return Ok(false);
    };
    let filer = entity::account::Entity::find_by_id(it.filer_id)
        .one(&ctx.app().db)
        .await
        .map_err(|e| db_err(ctx, e))?;
    Ok(filer.is_some_and(|a| a.unit_id == Some(unit)))
}

pub(crate) async fn unit_label(
    ctx: &Context<'_>,
    id: Option<i32>,
) -> async_graphql::Result<Option<String>> {
    let Some(id) = id else { return Ok(None) };
    let db = &ctx.app().db;
    let Some(u) = unit::Entity::find_by_id(id)
        .one(db)
        .await
        .map_err(|e| db_err(ctx, e))?
    else {
        return Ok(None);
    };
    let b = building::Entity::find_by_id(u.building_id)
        .one(db)
        .await
        .map_err(|e| db_err(ctx, e))?;
    Ok(Some(match b {
        Some(b) => format!("{} {}", b.name, u.number),
        None => u.number,
    }))
}

#[Object]
impl Item {
    async fn id(&self) -> ID {
        ID(self.0.uuid.to_string())
    }
    async fn kind(&self, ctx: &Context<'_>) -> async_graphql::Result<ItemKind> {
        stored(ctx, ItemKind::parse(&self.0.kind), &self.0.kind)
    }
    async fn source(&self, ctx: &Context<'_>) -> async_graphql::Result<ItemSource> {
        stored(ctx, ItemSource::parse(&self.0.source), &self.0.source)
    }
    async fn status(&self, ctx: &Context<'_>) -> async_graphql::Result<ItemStatus> {
        stored(ctx, ItemStatus::parse(&self.0.status), &self.0.status)
    }
    /// Null when the filer was unsure (for the officer to classify).
    async fn matter(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<MatterRef>> {
        matter_ref(ctx, self.0.matter_id).await
    }
    async fn community(&self, ctx: &Context<'_>) -> async_graphql::Result<CommunityRef> {
        let c = super::loaders::community(ctx, self.0.community_id)
            .await?
            .ok_or_else(|| ctx.fail(ApiError::NotFound))?;
        Ok(CommunityRef {
            id: ID(c.uuid.to_string()),
            name: c.name,
        })
    }
    /// Building and unit, e.g. `1号楼 101`; hidden from others when it is the filer's own
    /// home (it would say who filed it).
    async fn unit_label(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        place_label(ctx, &self.0).await
    }
    async fn description(&self, ctx: &Context<'_>) -> async_graphql::Result<&str> {
        Ok(if co_filer_view(me(ctx)?, &self.0) {
            JOINED_DESCRIPTION
        } else {
            &self.0.description
        })
    }
    async fn seen_at(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<DateTime<Utc>>> {
        Ok(if co_filer_view(me(ctx)?, &self.0) {
            None
        } else {
            self.0.seen_at
        })
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn public_safety(&self) -> bool {
        self.0.public_safety
    }
    async fn media_attention(&self) -> bool {
        self.0.media_attention
    }
    async fn anonymous(&self) -> bool {
        self.0.anonymous
    }
    /// A property report filed more than 24 hours after the failed dissuasion.
    async fn late(&self) -> bool {
        self.0.late
    }
    /// Higher first: public safety, media attention, repeats, many filers.
    async fn priority(&self) -> i32 {
        self.0.priority
    }
    /// The earliest time limit now running (null once the filer has the answer).
    async fn next_deadline(&self) -> Option<DateTime<Utc>> {
        crate::intake::rules::next_deadline(self.0.due_at, self.0.on_site_due_at)
    }
    /// Illegal construction: officers on site by then (24 hours; 2 while still being
    /// built). Null once verification has started, or for other matters.
    async fn on_site_deadline(&self) -> Option<DateTime<Utc>> {
        self.0.on_site_due_at
    }
    async fn overdue(&self) -> bool {
        list::flags(&self.0).1
    }
    /// Within 24 hours of its time limit.
    async fn near_due(&self) -> bool {
        list::flags(&self.0).0
    }
    /// Who filed it: for the filer and the handling officers only; never for a committee,
    /// a property firm or the housing partner.
    async fn filer(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Filer>> {
        let user = me(ctx)?;
        if !scope::may_see_filer(user, &self.0) {
            return Ok(None);
        }
        let a = entity::account::Entity::find_by_id(self.0.filer_id)
            .one(&ctx.app().db)
            .await
            .map_err(|e| db_err(ctx, e))?;
        Ok(a.map(|a| Filer {
            display_name: a.display_name,
            phone: a.phone,
        }))
    }
    /// The officer handling it (at first the community workroom's officer): shown to
    /// officers and supervisors.
    async fn assignee(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        let user = me(ctx)?;
        let (Some(id), true) = (
            self.0.assignee_id,
            matches!(user.role, Role::Officer | Role::Supervisor),
        ) else {
            return Ok(None);
        };
        let a = entity::account::Entity::find_by_id(id)
            .one(&ctx.app().db)
            .await
            .map_err(|e| db_err(ctx, e))?;
        Ok(a.map(|a| a.display_name))
    }
    /// People who filed it: the first and every "me too".
    async fn filer_count(&self) -> i32 {
        self.0.filer_count
    }
    /// The caller filed or joined it.
    async fn mine(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        scope::is_filer(&ctx.app().db, me(ctx)?, self.0.id)
            .await
            .gql(ctx)
    }
    /// Reopened once after an unsatisfied rating, for a supervisor's second look.
    async fn reopened(&self) -> bool {
        self.0.reopened
    }
    async fn reply(&self) -> Option<&str> {
        self.0.reply.as_deref()
    }
    async fn rating(&self) -> Option<Rating> {
        self.0.rating.as_deref().and_then(Rating::parse)
    }
    async fn rating_comment(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<&str>> {
        Ok(if may_see_filers_words(me(ctx)?, &self.0) {
            self.0.rating_comment.as_deref()
        } else {
            None
        })
    }
    async fn resolution(&self) -> Option<Resolution> {
        self.0.resolution.as_deref().and_then(Resolution::parse)
    }
    /// The department a referral went to.
    async fn department(&self) -> Option<&str> {
        self.0.department.as_deref()
    }
    /// A property report's record of the failed dissuasion (劝阻记录).
    async fn dissuasion(&self, ctx: &Context<'_>) -> Option<Dissuasion> {
        if co_filer_view(me(ctx).ok()?, &self.0) {
            return None;
        }
        let d: DissuasionData = serde_json::from_str(self.0.dissuasion.as_deref()?).ok()?;
        Some(Dissuasion {
            at: d.at,
            method: d.method,
            by: d.by,
            owner_response: d.owner_response,
        })
    }
    async fn topic(&self) -> Option<&str> {
        self.0.topic.as_deref()
    }
    async fn reasons(&self) -> Option<&str> {
        self.0.reasons.as_deref()
    }
    async fn measures(&self) -> Option<&str> {
        self.0.measures.as_deref()
    }
    async fn answer(&self) -> Option<&str> {
        self.0.answer.as_deref()
    }
    async fn adoption(&self) -> Option<Adoption> {
        self.0.adoption.as_deref().and_then(Adoption::parse)
    }
    async fn photos(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Photo>> {
        if co_filer_view(me(ctx)?, &self.0) {
            return Ok(vec![]);
        }
        let rows = entity::photo::Entity::find()
            .filter(entity::photo::Column::ItemId.eq(self.0.id))
            .order_by_asc(entity::photo::Column::Position)
            .all(&ctx.app().db)
            .await
            .map_err(|e| db_err(ctx, e))?;
        Ok(rows.into_iter().map(Photo).collect())
    }
    /// The renovation registration (装修登记) a property report came from.
    async fn renovation_id(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<ID>> {
        super::renovations::item_renovation_id(ctx, &self.0).await
    }
    /// Officers only: the case this item became.
    async fn case_id(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<ID>> {
        if !officer_view(me(ctx)?) {
            return Ok(None);
        }
        super::cases::item_case_id(ctx, &self.0).await
    }
    /// Officers only: the rule that lets it leave verification only as a case (应立尽立, or a
    /// repeat on a point that is not historical stock); null once a supervisor exempted it.
    async fn needs_case(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CaseRule>> {
        if !officer_view(me(ctx)?) {
            return Ok(None);
        }
        crate::cases::rules::needs_case(&ctx.app().db, &self.0)
            .await
            .gql(ctx)
    }
    /// Officers only: other filings about the same unit and matter inside the repeat window.
    async fn repeat_count(&self, ctx: &Context<'_>) -> async_graphql::Result<i32> {
        if !officer_view(me(ctx)?) {
            return Ok(0);
        }
        let window = ctx.app().settings.repeat_window_days;
        let n = crate::cases::rules::repeat_count(&ctx.app().db, &self.0, window)
            .await
            .gql(ctx)?;
        Ok(n as i32)
    }
    /// Officers only: the point was marked historical stock (历史存量).
    async fn historical_stock(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let (true, Some(unit), Some(matter)) =
            (officer_view(me(ctx)?), self.0.unit_id, self.0.matter_id)
        else {
            return Ok(false);
        };
        crate::cases::rules::is_historical_stock(&ctx.app().db, unit, matter)
            .await
            .gql(ctx)
    }
    /// Officers only: the exemption asked for or granted.
    async fn exemption(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<super::cases::Approval>> {
        if !officer_view(me(ctx)?) {
            return Ok(None);
        }
        let a = crate::cases::rules::exemption(&ctx.app().db, self.0.id)
            .await
            .gql(ctx)?;
        Ok(a.map(super::cases::Approval))
    }
    /// The steps the caller can take now.
    async fn available_actions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ItemAction>> {
        let user = me(ctx)?;
        let (Some(kind), Some(st)) = (
            ItemKind::parse(&self.0.kind),
            ItemStatus::parse(&self.0.status),
        ) else {
            return Ok(vec![]);
        };
        Ok(match user.role {
            Role::Officer | Role::Supervisor => {
                let mut a: Vec<ItemAction> = status::available(kind, st)
                    .into_iter()
                    .filter(|a| *a != ItemAction::Rate)
                    .collect();
                if user.role == Role::Supervisor && status::is_open(st) && self.0.due_at.is_some() {
                    a.push(ItemAction::ExtendDeadline);
                }
                a
            }
            // The housing partner's referrals are answered through the referral, not rated.
            Role::Housing => vec![],
            _ if user.id == self.0.filer_id && st == ItemStatus::Replied => vec![ItemAction::Rate],
            _ => vec![],
        })
    }
    /// The history: every step for the handling officers; the steps meant for the public
    /// for everyone else.
    async fn timeline(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ItemEvent>> {
        let user = me(ctx)?;
        let mut q = item_event::Entity::find().filter(item_event::Column::ItemId.eq(self.0.id));
        if !matches!(user.role, Role::Officer | Role::Supervisor) {
            q = q.filter(item_event::Column::FilerVisible.eq(true));
        }
        let rows = q
            .order_by_asc(item_event::Column::At)
            .order_by_asc(item_event::Column::Id)
            .all(&ctx.app().db)
            .await
            .map_err(|e| db_err(ctx, e))?;
        let words = may_see_filers_words(user, &self.0);
        Ok(rows
            .into_iter()
            .map(|e| ItemEvent {
                at: e.at,
                // The filer's rating comment is their own words: hidden like `ratingComment`.
                note: if e.action == ItemAction::Rate.as_str() && !words {
                    None
                } else {
                    e.note
                },
                action: e.action,
                from_status: e.from_status.as_deref().and_then(ItemStatus::parse),
                to_status: e.to_status.as_deref().and_then(ItemStatus::parse),
                actor_role: e.actor_role.as_deref().and_then(|r| r.parse().ok()),
            })
            .collect())
    }
}

/// A photo of an item. URLs are signed and expire; the original (with its metadata) and the
/// evidence fields are for the handling officers only.
pub struct Photo(pub entity::photo::Model);

impl Photo {
    fn officer(ctx: &Context<'_>) -> bool {
        ctx.req()
            .user
            .as_ref()
            .is_some_and(|u| matches!(u.role, Role::Officer | Role::Supervisor))
    }
    fn signed(&self, ctx: &Context<'_>, v: crate::photos::Variant) -> String {
        ctx.app().photos.signed_url(self.0.uuid, v, Utc::now())
    }
}

#[Object]
impl Photo {
    async fn id(&self) -> ID {
        ID(self.0.uuid.to_string())
    }
    async fn width(&self) -> i32 {
        self.0.width
    }
    async fn height(&self) -> i32 {
        self.0.height
    }
    /// A small JPEG without metadata; null where the format has no copies (HEIC).
    async fn thumbnail_url(&self, ctx: &Context<'_>) -> Option<String> {
        self.0
            .has_copies
            .then(|| self.signed(ctx, crate::photos::Variant::Thumbnail))
    }
    /// A JPEG without metadata, at most 1600 px on its long side.
    async fn url(&self, ctx: &Context<'_>) -> Option<String> {
        self.0
            .has_copies
            .then(|| self.signed(ctx, crate::photos::Variant::Display))
    }
    /// The file as uploaded, metadata and all: handling officers only.
    async fn original_url(&self, ctx: &Context<'_>) -> Option<String> {
        Photo::officer(ctx).then(|| self.signed(ctx, crate::photos::Variant::Original))
    }
    /// When it was taken, from its metadata: handling officers only.
    async fn captured_at(&self, ctx: &Context<'_>) -> Option<DateTime<Utc>> {
        if Photo::officer(ctx) {
            self.0.captured_at
        } else {
            None
        }
    }
    /// Where it was taken, from its metadata: handling officers only.
    async fn latitude(&self, ctx: &Context<'_>) -> Option<f64> {
        if Photo::officer(ctx) {
            self.0.latitude
        } else {
            None
        }
    }
    async fn longitude(&self, ctx: &Context<'_>) -> Option<f64> {
        if Photo::officer(ctx) {
            self.0.longitude
        } else {
            None
        }
    }
}

/// An open item a filer could join: no description, no filer.
pub struct OpenItemHint(pub item::Model);

#[Object]
impl OpenItemHint {
    async fn id(&self) -> ID {
        ID(self.0.uuid.to_string())
    }
    async fn matter(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<MatterRef>> {
        matter_ref(ctx, self.0.matter_id).await
    }
    async fn unit_label(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        place_label(ctx, &self.0).await
    }
    async fn status(&self, ctx: &Context<'_>) -> async_graphql::Result<ItemStatus> {
        stored(ctx, ItemStatus::parse(&self.0.status), &self.0.status)
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn filer_count(&self) -> i32 {
        self.0.filer_count
    }
}

#[derive(InputObject)]
pub struct FileComplaintInput {
    /// Made once by the client when the filing is created; the same for every retry.
    pub idempotency_key: String,
    /// Null: "unsure", for the officer to classify.
    pub matter_code: Option<String>,
    /// Defaults to a resident's home community.
    pub community_id: Option<ID>,
    /// Defaults to a resident's own unit when filing about the home community.
    pub unit_id: Option<ID>,
    pub description: String,
    pub seen_at: Option<DateTime<Utc>>,
    #[graphql(default)]
    pub public_safety: bool,
    #[graphql(default)]
    pub media_attention: bool,
    /// Hidden from everyone but the handling officers.
    #[graphql(default)]
    pub anonymous: bool,
    /// Illegal construction that is still going up: officers on site within 2 hours.
    #[graphql(default)]
    pub still_being_built: bool,
    /// Officers only: where it came from (hotline, patrol, referral, media).
    pub source: Option<ItemSource>,
    /// Up to 9 photos (GraphQL multipart request).
    pub photos: Option<Vec<Upload>>,
}

#[derive(InputObject)]
pub struct DissuasionInput {
    pub at: DateTime<Utc>,
    /// How the firm tried to stop it.
    pub method: String,
    /// Who tried.
    pub by: String,
    /// What the owner answered.
    pub owner_response: String,
}

#[derive(InputObject)]
pub struct FilePropertyReportInput {
    pub idempotency_key: String,
    pub matter_code: Option<String>,
    pub community_id: ID,
    pub unit_id: Option<ID>,
    pub description: String,
    pub seen_at: Option<DateTime<Utc>>,
    #[graphql(default)]
    pub public_safety: bool,
    /// Illegal construction that is still going up: officers on site within 2 hours.
    #[graphql(default)]
    pub still_being_built: bool,
    /// Required: a property report is a violation the firm failed to stop.
    pub dissuasion: Option<DissuasionInput>,
    /// Up to 9 photos of the violation and the dissuasion (GraphQL multipart request).
    pub photos: Option<Vec<Upload>>,
}

#[derive(InputObject)]
pub struct FileSuggestionInput {
    pub idempotency_key: String,
    pub community_id: Option<ID>,
    pub topic: String,
    pub reasons: String,
    pub measures: String,
}

#[derive(InputObject)]
pub struct JoinItemInput {
    pub item_id: ID,
    pub idempotency_key: String,
}

#[derive(InputObject)]
pub struct AcceptItemsInput {
    pub item_ids: Vec<ID>,
    /// The officer to assign them to (of the items' squad); by default the community
    /// workroom's officer they were routed to, or the caller.
    pub assignee_id: Option<ID>,
}

#[derive(InputObject)]
pub struct ItemNoteInput {
    pub item_id: ID,
    pub note: Option<String>,
}

#[derive(InputObject)]
pub struct ResolveItemInput {
    pub item_id: ID,
    pub resolution: Resolution,
    pub note: String,
    /// Required for `REFERRED`: the receiving department.
    pub department: Option<String>,
}

#[derive(InputObject)]
pub struct ReplyItemInput {
    pub item_id: ID,
    pub message: String,
}

#[derive(InputObject)]
pub struct RateItemInput {
    pub item_id: ID,
    pub rating: Rating,
    pub comment: Option<String>,
}

#[derive(InputObject)]
pub struct AnswerSuggestionInput {
    pub item_id: ID,
    pub answer: String,
    pub adoption: Adoption,
}

#[derive(InputObject)]
pub struct ExtendDeadlineInput {
    pub item_id: ID,
    /// Working days to add, 1–30.
    pub days: i32,
    pub reason: String,
}

#[derive(InputObject, Default)]
pub struct InboxFilter {
    pub statuses: Option<Vec<ItemStatus>>,
    pub matter_code: Option<String>,
    pub source: Option<ItemSource>,
    pub community_id: Option<ID>,
    /// True: only overdue items; false: only those not overdue.
    pub overdue: Option<bool>,
    /// Only the items assigned to the caller.
    #[graphql(default)]
    pub assigned_to_me: bool,
}

#[derive(SimpleObject)]
pub struct ItemPayload {
    pub item: Option<Item>,
    pub user_errors: Vec<UserError>,
}

#[derive(SimpleObject)]
pub struct AcceptItemsPayload {
    pub items: Vec<Item>,
    pub user_errors: Vec<UserError>,
}

/// Tells subscribers, and (by Web Push) the other filers, that an item changed.
pub(crate) async fn announce(ctx: &Context<'_>, it: &item::Model) {
    let app = ctx.app();
    app.events
        .publish(&app.db, Event::ItemChanged { item: it.uuid })
        .await;
    let actor = ctx.req().user.as_ref().map(|u| u.id);
    let (db, push, item_id, uuid, status) = (
        app.db.clone(),
        app.push.clone(),
        it.id,
        it.uuid,
        it.status.clone(),
    );
    // After the answer, off the request path: a slow push service must not slow the officer.
    tokio::spawn(async move {
        let filers: Vec<i32> = match entity::item_filer::Entity::find()
            .filter(entity::item_filer::Column::ItemId.eq(item_id))
            .all(&db)
            .await
        {
            Ok(rows) => rows
                .into_iter()
                .map(|f| f.account_id)
                .filter(|a| Some(*a) != actor)
                .collect(),
            Err(_) => return,
        };
        let label = ItemStatus::parse(&status)
            .map(push_label)
            .unwrap_or(("有新进展", "updated"));
        let payload = serde_json::json!({
            "title": "共治 · 您反映的事项有新进展",
            "body": format!("{} / {}", label.0, label.1),
            "itemId": uuid,
            "status": status,
        });
        push.notify(&db, &filers, &payload).await;
    });
}

/// A status as the push notification says it, in both languages.
fn push_label(s: ItemStatus) -> (&'static str, &'static str) {
    match s {
        ItemStatus::Submitted => ("已提交", "submitted"),
        ItemStatus::Accepted => ("已受理", "accepted"),
        ItemStatus::Verifying => ("核查中", "being checked"),
        ItemStatus::ConvertedToCase => ("已立案", "a case was opened"),
        ItemStatus::Resolved => ("已处理", "resolved"),
        ItemStatus::Replied => ("已答复，请评价", "answered: please rate it"),
        ItemStatus::Closed => ("已办结", "closed"),
        ItemStatus::Answered => ("建议已答复", "your suggestion was answered"),
    }
}

/// Payload of a step; announces the change.
async fn payload(ctx: &Context<'_>, r: act::Stepped) -> ItemPayload {
    match r {
        Ok(it) => {
            announce(ctx, &it).await;
            ItemPayload {
                item: Some(Item(it)),
                user_errors: vec![],
            }
        }
        Err(e) => ItemPayload {
            item: None,
            user_errors: user_errors(ctx, e),
        },
    }
}

fn opt_id(ctx: &Context<'_>, id: Option<&ID>) -> async_graphql::Result<Option<uuid::Uuid>> {
    id.map(|i| parse_id(ctx, i)).transpose()
}

/// Files `f` and answers with its payload (announcing a new item).
async fn submit(
    ctx: &Context<'_>,
    user: &CurrentUser,
    key: &str,
    mut f: Filing,
    photos: Vec<Vec<u8>>,
) -> async_graphql::Result<ItemPayload> {
    let app = ctx.app();
    f.repeat_window_days = app.settings.repeat_window_days;
    f.max_per_hour = Some(app.settings.filing_max_per_hour);
    let r = file::file(&app.db, &app.photos, user, key, f, photos)
        .await
        .gql(ctx)?;
    Ok(payload(ctx, r).await)
}

/// The bytes of each uploaded photo (the multipart parser already bounded their size).
pub(crate) fn read_uploads(
    ctx: &Context<'_>,
    uploads: Option<Vec<Upload>>,
) -> async_graphql::Result<Vec<Vec<u8>>> {
    use std::io::Read;
    let mut out = Vec::new();
    for u in uploads.unwrap_or_default() {
        // The parser already accepted it: failing to read it back is ours, not the client's.
        let mut v = u
            .value(ctx)
            .map_err(|e| ctx.fail(ApiError::Internal(anyhow::Error::new(e))))?;
        let mut bytes = Vec::new();
        v.content
            .read_to_end(&mut bytes)
            .map_err(|e| ctx.fail(ApiError::Internal(e.into())))?;
        out.push(bytes);
    }
    Ok(out)
}

/// An id in an input that names nothing: a field problem, not a missing page.
pub(crate) fn loose_id(id: Option<&ID>) -> Option<uuid::Uuid> {
    id.map(super::context::loose_uuid)
}

/// A page of items for the connection; the rows read beside them go to the request's loader.
async fn item_page(ctx: &Context<'_>, p: list::Page, offset: u64) -> Page<Item> {
    super::loaders::prime(ctx, p.communities, p.matters).await;
    pagination::page(p.items.into_iter().map(Item).collect(), offset, p.total)
}

#[derive(Default)]
pub struct ItemQuery;

#[Object]
impl ItemQuery {
    /// Items the caller filed or joined, newest first.
    async fn my_items(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Page<Item>> {
        let user = ctx.require(Op::MyItems)?;
        let (offset, limit) = pagination::window(ctx, first, after)?;
        let p = list::mine(&ctx.app().db, user, offset, limit)
            .await
            .gql(ctx)?;
        Ok(item_page(ctx, p, offset).await)
    }

    /// The officer's work: items routed to the squad, by priority then time limit. Without a
    /// status filter: everything not yet answered.
    async fn inbox(
        &self,
        ctx: &Context<'_>,
        filter: Option<InboxFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Page<Item>> {
        let user = ctx.require(Op::Inbox)?;
        let (offset, limit) = pagination::window(ctx, first, after)?;
        let f = filter.unwrap_or_default();
        let filter = Filter {
            statuses: f.statuses,
            matter_code: f.matter_code,
            source: f.source,
            community: opt_id(ctx, f.community_id.as_ref())?,
            overdue: f.overdue,
            assigned_to_me: f.assigned_to_me,
        };
        let p = list::inbox(&ctx.app().db, user, filter, offset, limit)
            .await
            .gql(ctx)?;
        Ok(item_page(ctx, p, offset).await)
    }

    /// Items about the communities of the caller's scope, newest first.
    async fn community_items(
        &self,
        ctx: &Context<'_>,
        community_id: Option<ID>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Page<Item>> {
        let user = ctx.require(Op::CommunityItems)?;
        let (offset, limit) = pagination::window(ctx, first, after)?;
        let community = opt_id(ctx, community_id.as_ref())?;
        let p = list::about_communities(&ctx.app().db, user, community, offset, limit)
            .await
            .gql(ctx)?;
        Ok(item_page(ctx, p, offset).await)
    }

    /// One item; `NOT_FOUND` outside the caller's view.
    async fn item(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Item> {
        let user = ctx.require(Op::ViewItem)?;
        let uuid = parse_id(ctx, &id)?;
        Ok(Item(
            scope::load_visible(&ctx.app().db, user, uuid)
                .await
                .gql(ctx)?,
        ))
    }

    /// Open items about the same place (and matter) that the caller could join instead of
    /// filing again.
    async fn similar_open_items(
        &self,
        ctx: &Context<'_>,
        community_id: ID,
        unit_id: Option<ID>,
        matter_code: Option<String>,
    ) -> async_graphql::Result<Vec<OpenItemHint>> {
        let user = ctx.require(Op::SimilarOpenItems)?;
        let c = parse_id(ctx, &community_id)?;
        let u = opt_id(ctx, unit_id.as_ref())?;
        let rows = list::similar_open(&ctx.app().db, user, c, u, matter_code.as_deref())
            .await
            .gql(ctx)?;
        Ok(rows.into_iter().map(OpenItemHint).collect())
    }
}

#[derive(Default)]
pub struct ItemMutation;

#[Object]
impl ItemMutation {
    /// Files a complaint (residents), a committee report (committees), or enters one that
    /// came by hotline, patrol, referral or media (officers).
    async fn file_complaint(
        &self,
        ctx: &Context<'_>,
        input: FileComplaintInput,
    ) -> async_graphql::Result<ItemPayload> {
        let user = ctx.require(Op::FileComplaint)?;
        let f = Filing {
            source: input.source,
            matter_code: input.matter_code,
            community: loose_id(input.community_id.as_ref()),
            unit: loose_id(input.unit_id.as_ref()),
            description: input.description,
            seen_at: input.seen_at,
            public_safety: input.public_safety,
            media_attention: input.media_attention,
            anonymous: input.anonymous,
            still_being_built: input.still_being_built,
            ..Filing::new(ItemKind::Complaint)
        };
        let photos = read_uploads(ctx, input.photos)?;
        submit(ctx, user, &input.idempotency_key, f, photos).await
    }

    /// A property firm reports a violation it failed to dissuade (劝止无效 → 线上报告).
    async fn file_property_report(
        &self,
        ctx: &Context<'_>,
        input: FilePropertyReportInput,
    ) -> async_graphql::Result<ItemPayload> {
        let user = ctx.require(Op::FilePropertyReport)?;
        let f = Filing {
            matter_code: input.matter_code,
            community: loose_id(Some(&input.community_id)),
            unit: loose_id(input.unit_id.as_ref()),
            description: input.description,
            seen_at: input.seen_at,
            public_safety: input.public_safety,
            still_being_built: input.still_being_built,
            dissuasion: input.dissuasion.map(|d| DissuasionData {
                at: d.at,
                method: d.method,
                by: d.by,
                owner_response: d.owner_response,
            }),
            ..Filing::new(ItemKind::PropertyReport)
        };
        let photos = read_uploads(ctx, input.photos)?;
        submit(ctx, user, &input.idempotency_key, f, photos).await
    }

    /// A suggestion (人民建议): an idea for the community, not a personal grievance.
    async fn file_suggestion(
        &self,
        ctx: &Context<'_>,
        input: FileSuggestionInput,
    ) -> async_graphql::Result<ItemPayload> {
        let user = ctx.require(Op::FileSuggestion)?;
        let f = Filing {
            community: loose_id(input.community_id.as_ref()),
            topic: Some(input.topic),
            reasons: Some(input.reasons),
            measures: Some(input.measures),
            ..Filing::new(ItemKind::Suggestion)
        };
        submit(ctx, user, &input.idempotency_key, f, vec![]).await
    }

    /// "Me too": join an open item of the caller's community instead of filing anew.
    /// Joining twice is harmless.
    async fn join_item(
        &self,
        ctx: &Context<'_>,
        input: JoinItemInput,
    ) -> async_graphql::Result<ItemPayload> {
        let user = ctx.require(Op::JoinItem)?;
        let id = parse_id(ctx, &input.item_id)?;
        let r = act::join(&ctx.app().db, user, id).await.gql(ctx)?;
        Ok(payload(ctx, r).await)
    }

    /// Accepts items (受理) in bulk; each one that cannot be accepted is a `userError`.
    async fn accept_items(
        &self,
        ctx: &Context<'_>,
        input: AcceptItemsInput,
    ) -> async_graphql::Result<AcceptItemsPayload> {
        let user = ctx.require(Op::AcceptItems)?;
        let ids: Vec<uuid::Uuid> = input
            .item_ids
            .iter()
            .map(super::context::loose_uuid)
            .collect();
        let assignee = loose_id(input.assignee_id.as_ref());
        let (done, problems) = act::accept_items(&ctx.app().db, user, &ids, assignee)
            .await
            .gql(ctx)?;
        for it in &done {
            announce(ctx, it).await;
        }
        Ok(AcceptItemsPayload {
            items: done.into_iter().map(Item).collect(),
            user_errors: user_errors(ctx, problems),
        })
    }

    async fn start_verification(
        &self,
        ctx: &Context<'_>,
        input: ItemNoteInput,
    ) -> async_graphql::Result<ItemPayload> {
        let user = ctx.require(Op::StartVerification)?;
        let id = parse_id(ctx, &input.item_id)?;
        let r = act::start_verification(&ctx.app().db, user, id, input.note)
            .await
            .gql(ctx)?;
        Ok(payload(ctx, r).await)
    }

    /// Ends verification without a case: no violation, rectified on the spot, or referred.
    async fn resolve_item(
        &self,
        ctx: &Context<'_>,
        input: ResolveItemInput,
    ) -> async_graphql::Result<ItemPayload> {
        let user = ctx.require(Op::ResolveItem)?;
        let id = parse_id(ctx, &input.item_id)?;
        let r = act::resolve(
            &ctx.app().db,
            user,
            id,
            input.resolution,
            &input.note,
            input.department.as_deref(),
        )
        .await
        .gql(ctx)?;
        Ok(payload(ctx, r).await)
    }

    /// The answer to the filer (答复).
    async fn reply_item(
        &self,
        ctx: &Context<'_>,
        input: ReplyItemInput,
    ) -> async_graphql::Result<ItemPayload> {
        let user = ctx.require(Op::ReplyItem)?;
        let id = parse_id(ctx, &input.item_id)?;
        let r = act::reply(&ctx.app().db, user, id, &input.message)
            .await
            .gql(ctx)?;
        Ok(payload(ctx, r).await)
    }

    /// The filer's rating; the first unsatisfied one reopens the item for a supervisor.
    async fn rate_item(
        &self,
        ctx: &Context<'_>,
        input: RateItemInput,
    ) -> async_graphql::Result<ItemPayload> {
        let user = ctx.require(Op::RateItem)?;
        let id = parse_id(ctx, &input.item_id)?;
        let r = act::rate(&ctx.app().db, user, id, input.rating, input.comment)
            .await
            .gql(ctx)?;
        Ok(payload(ctx, r).await)
    }

    async fn answer_suggestion(
        &self,
        ctx: &Context<'_>,
        input: AnswerSuggestionInput,
    ) -> async_graphql::Result<ItemPayload> {
        let user = ctx.require(Op::AnswerSuggestion)?;
        let id = parse_id(ctx, &input.item_id)?;
        let r = act::answer_suggestion(&ctx.app().db, user, id, &input.answer, input.adoption)
            .await
            .gql(ctx)?;
        Ok(payload(ctx, r).await)
    }

    /// Extends an open item's time limit (延期): supervisors, with a reason.
    async fn extend_deadline(
        &self,
        ctx: &Context<'_>,
        input: ExtendDeadlineInput,
    ) -> async_graphql::Result<ItemPayload> {
        let user = ctx.require(Op::ExtendDeadline)?;
        let id = parse_id(ctx, &input.item_id)?;
        let r = act::extend_deadline(&ctx.app().db, user, id, input.days, &input.reason)
            .await
            .gql(ctx)?;
        Ok(payload(ctx, r).await)
    }
}
