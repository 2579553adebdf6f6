//! The 五治 practice library and the community workroom directory over GraphQL (SPEC §9).
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entity::{account, practice_case};
use sea_orm::EntityTrait;

use super::{
    context::{CtxExt, Localize, UserError, db_err, loose_uuid, parse_id, user_errors},
    pagination::{self, Page},
    types::Community,
};
use crate::{
    authz::Op,
    practice::{self, GovernanceTag, PracticeStatus, ReviewDecision},
    validation::FieldError,
    workroom,
};

pub struct PracticeCase(pub practice_case::Model);

#[Object]
impl PracticeCase {
    async fn id(&self) -> ID {
        ID(self.0.uuid.to_string())
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    async fn summary(&self) -> &str {
        &self.0.summary
    }
    async fn body(&self) -> &str {
        &self.0.body
    }
    /// 法治 自治 综治 智治 共治
    async fn tags(&self) -> Vec<GovernanceTag> {
        practice::tags_of(&self.0)
    }
    async fn status(&self) -> PracticeStatus {
        practice::status_of(&self.0)
    }
    async fn author(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(account::Entity::find_by_id(self.0.author_id)
            .one(&ctx.app().db)
            .await
            .map_err(|e| db_err(ctx, e))?
            .map(|a| a.display_name)
            .unwrap_or_default())
    }
    async fn communities(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Community>> {
        let (c, _) = practice::links(&ctx.app().db, &self.0).await.gql(ctx)?;
        Ok(c.into_iter().map(Community).collect())
    }
    /// Case numbers only (长宁城管立〔2026〕12号): no parties, no details.
    async fn case_numbers(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<String>> {
        let (_, n) = practice::links(&ctx.app().db, &self.0).await.gql(ctx)?;
        Ok(n)
    }
    /// The reviewer's note: for the author and the district's supervisors only.
    async fn review_note(&self, ctx: &Context<'_>) -> Option<&str> {
        let u = ctx.req().user.as_ref()?;
        let staff = u.id == self.0.author_id
            || (u.role == crate::auth::Role::Supervisor
                && u.scope.district_id() == Some(self.0.district_id));
        if staff {
            self.0.review_note.as_deref()
        } else {
            None
        }
    }
    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.0.published_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// The author, while it is a draft or returned.
    async fn can_edit(&self, ctx: &Context<'_>) -> bool {
        ctx.req()
            .user
            .as_ref()
            .is_some_and(|u| practice::can_edit(u, &self.0))
    }
    /// A supervisor of the district, not the author, while it is in review.
    async fn can_review(&self, ctx: &Context<'_>) -> bool {
        ctx.req()
            .user
            .as_ref()
            .is_some_and(|u| practice::can_review(u, &self.0))
    }
}

#[derive(InputObject)]
pub struct SavePracticeInput {
    /// None: a new draft.
    pub id: Option<ID>,
    /// The version read (required to edit).
    pub version: Option<i32>,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub tags: Vec<GovernanceTag>,
    pub community_ids: Vec<ID>,
    pub case_ids: Vec<ID>,
}

#[derive(SimpleObject)]
pub struct PracticePayload {
    pub practice: Option<PracticeCase>,
    pub user_errors: Vec<UserError>,
}

fn payload(ctx: &Context<'_>, r: Result<practice_case::Model, Vec<FieldError>>) -> PracticePayload {
    match r {
        Ok(p) => PracticePayload {
            practice: Some(PracticeCase(p)),
            user_errors: vec![],
        },
        Err(e) => PracticePayload {
            practice: None,
            user_errors: user_errors(ctx, e),
        },
    }
}

#[derive(SimpleObject)]
pub struct MyWorkroom {
    pub community: Community,
    pub workroom: Option<super::types::Workroom>,
}

#[derive(SimpleObject)]
pub struct OfficerRef {
    pub id: ID,
    pub name: String,
}

#[derive(InputObject)]
pub struct SaveWorkroomInput {
    pub community_id: ID,
    pub office_hours: String,
    pub phone: String,
    pub officer_ids: Vec<ID>,
}

#[derive(SimpleObject)]
pub struct WorkroomPayload {
    pub community: Option<Community>,
    pub user_errors: Vec<UserError>,
}

#[derive(Default)]
pub struct PracticeQuery;

#[Object]
impl PracticeQuery {
    /// Published write-ups for every signed-in user; `mine`: the caller's own in any state;
    /// `status: IN_REVIEW` for a supervisor: the district's review queue.
    #[allow(clippy::too_many_arguments)]
    async fn practice_cases(
        &self,
        ctx: &Context<'_>,
        search: Option<String>,
        tag: Option<GovernanceTag>,
        status: Option<PracticeStatus>,
        #[graphql(default = false)] mine: bool,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Page<PracticeCase>> {
        let user = ctx.require(Op::ListPracticeCases)?;
        let (offset, limit) = pagination::window(ctx, first, after)?;
        let spec = practice::ListSpec {
            search,
            tag,
            status,
            mine,
        };
        let (rows, total) = practice::list(&ctx.app().db, user, spec, offset, limit)
            .await
            .gql(ctx)?;
        Ok(pagination::page(
            rows.into_iter().map(PracticeCase).collect(),
            offset,
            total,
        ))
    }

    /// One write-up; someone else's draft is `NOT_FOUND`.
    async fn practice_case(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<PracticeCase> {
        let user = ctx.require(Op::ViewPracticeCase)?;
        let id = parse_id(ctx, &id)?;
        Ok(PracticeCase(
            practice::load(&ctx.app().db, user, id).await.gql(ctx)?,
        ))
    }

    /// The caller's community and its workroom (residents: home; committees: their first).
    async fn my_workroom(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<MyWorkroom>> {
        let user = ctx.require(Op::MyWorkroom)?;
        let Some(c) = workroom::my_community(&ctx.app().db, user).await.gql(ctx)? else {
            return Ok(None);
        };
        Ok(Some(MyWorkroom {
            workroom: super::types::workroom_of(ctx, c.id).await?,
            community: Community(c),
        }))
    }

    /// Active officers of the squad a community is routed to (for the workroom).
    async fn squad_officers(
        &self,
        ctx: &Context<'_>,
        community_id: ID,
    ) -> async_graphql::Result<Vec<OfficerRef>> {
        let user = ctx.require(Op::SquadOfficers)?;
        let id = parse_id(ctx, &community_id)?;
        Ok(workroom::squad_officers(&ctx.app().db, user, id)
            .await
            .gql(ctx)?
            .into_iter()
            .map(|a| OfficerRef {
                id: ID(a.uuid.to_string()),
                name: a.display_name,
            })
            .collect())
    }
}

#[derive(Default)]
pub struct PracticeMutation;

#[Object]
impl PracticeMutation {
    /// A new draft (no id), or the author's edit at `version` (stale: `CONFLICT`).
    async fn save_practice_case(
        &self,
        ctx: &Context<'_>,
        input: SavePracticeInput,
    ) -> async_graphql::Result<PracticePayload> {
        let user = ctx.require(Op::SavePracticeCase)?;
        let spec = practice::SaveSpec {
            id: input.id.as_ref().map(|i| parse_id(ctx, i)).transpose()?,
            version: input.version,
            title: input.title,
            summary: input.summary,
            body: input.body,
            tags: input.tags,
            communities: input.community_ids.iter().map(loose_uuid).collect(),
            cases: input.case_ids.iter().map(loose_uuid).collect(),
        };
        let r = practice::save(&ctx.app().db, user, spec).await.gql(ctx)?;
        Ok(payload(ctx, r))
    }

    /// The author sends it for review.
    async fn submit_practice_case(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
    ) -> async_graphql::Result<PracticePayload> {
        let user = ctx.require(Op::SubmitPracticeCase)?;
        let r = practice::submit(&ctx.app().db, user, parse_id(ctx, &id)?, version)
            .await
            .gql(ctx)?;
        Ok(payload(ctx, r))
    }

    /// A supervisor of the district (not the author) publishes it or returns it with a note.
    async fn review_practice_case(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        decision: ReviewDecision,
        note: Option<String>,
    ) -> async_graphql::Result<PracticePayload> {
        let user = ctx.require(Op::ReviewPracticeCase)?;
        let r = practice::review(
            &ctx.app().db,
            user,
            parse_id(ctx, &id)?,
            version,
            decision,
            note,
        )
        .await
        .gql(ctx)?;
        Ok(payload(ctx, r))
    }

    /// Officers and supervisors keep a community's workroom (hours, phone, officers of its
    /// squad) up to date.
    async fn save_workroom(
        &self,
        ctx: &Context<'_>,
        input: SaveWorkroomInput,
    ) -> async_graphql::Result<WorkroomPayload> {
        let user = ctx.require(Op::SaveWorkroom)?;
        let spec = workroom::WorkroomSpec {
            community: parse_id(ctx, &input.community_id)?,
            office_hours: input.office_hours,
            phone: input.phone,
            officers: input.officer_ids.iter().map(loose_uuid).collect(),
        };
        Ok(
            match workroom::save(&ctx.app().db, user, spec).await.gql(ctx)? {
                Ok(c) => WorkroomPayload {
                    community: Some(Community(c)),
                    user_errors: vec![],
                },
                Err(e) => WorkroomPayload {
                    community: None,
                    user_errors: user_errors(ctx, e),
                },
            },
        )
    }
}
