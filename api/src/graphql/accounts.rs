//! Registration, verification and account administration.
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};

use super::{
    context::{CtxExt, Localize, UserError, parse_id, user_errors},
    pagination::{self, Page},
    types::User,
};
use crate::{
    accounts::{self, AccountFilter, NewAccount, NewResident},
    auth::Role,
    authz::Op,
    events::Event,
};

#[derive(InputObject)]
pub struct RegisterResidentInput {
    /// 11-digit mobile number; also the login.
    pub phone: String,
    pub password: String,
    pub display_name: String,
    /// The home unit (from `community { buildings { units } }`).
    pub unit_id: ID,
}

#[derive(InputObject)]
pub struct VerifyResidentInput {
    pub account_id: ID,
    /// True confirms the resident lives there; false rejects the registration.
    pub approve: bool,
}

#[derive(InputObject)]
pub struct CreateAccountInput {
    pub login: String,
    pub display_name: String,
    pub phone: Option<String>,
    /// Initial password, to be handed over in person.
    pub password: String,
    pub role: Role,
    /// For officers and squad supervisors.
    pub squad_id: Option<ID>,
    /// For committee accounts.
    pub committee_id: Option<ID>,
    /// For property-firm accounts.
    pub property_firm_id: Option<ID>,
}

#[derive(InputObject)]
pub struct DeactivateAccountInput {
    pub account_id: ID,
}

#[derive(SimpleObject)]
pub struct AccountPayload {
    pub account: Option<User>,
    pub user_errors: Vec<UserError>,
}

fn optional_id(ctx: &Context<'_>, id: Option<&ID>) -> async_graphql::Result<Option<uuid::Uuid>> {
    id.map(|i| parse_id(ctx, i)).transpose()
}

#[derive(Default)]
pub struct AccountQuery;

#[Object]
impl AccountQuery {
    /// Residents waiting for verification in the caller's communities.
    async fn pending_residents(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Page<User>> {
        let me = ctx.require(Op::ListPendingResidents)?;
        let (offset, limit) = pagination::window(ctx, first, after)?;
        let (rows, total) = accounts::list_accounts(
            &ctx.app().db,
            me,
            AccountFilter::PendingResidents,
            offset,
            limit,
        )
        .await
        .gql(ctx)?;
        Ok(pagination::page(
            rows.into_iter().map(User::of).collect(),
            offset,
            total,
        ))
    }

    /// Staff and partner accounts the caller manages.
    async fn accounts(
        &self,
        ctx: &Context<'_>,
        role: Option<Role>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Page<User>> {
        let me = ctx.require(Op::ListAccounts)?;
        let (offset, limit) = pagination::window(ctx, first, after)?;
        let (rows, total) =
            accounts::list_accounts(&ctx.app().db, me, AccountFilter::Staff(role), offset, limit)
                .await
                .gql(ctx)?;
        Ok(pagination::page(
            rows.into_iter().map(User::of).collect(),
            offset,
            total,
        ))
    }
}

#[derive(Default)]
pub struct AccountMutation;

#[Object]
impl AccountMutation {
    /// A resident registers; the account waits for the committee's verification.
    async fn register_resident(
        &self,
        ctx: &Context<'_>,
        input: RegisterResidentInput,
    ) -> async_graphql::Result<AccountPayload> {
        ctx.allow(Op::RegisterResident)?;
        // An unparseable unit id is a field problem here, not a missing page.
        let unit = uuid::Uuid::parse_str(input.unit_id.as_str()).unwrap_or(uuid::Uuid::nil());
        let outcome = accounts::register_resident(
            &ctx.app().db,
            NewResident {
                phone: input.phone,
                password: input.password,
                display_name: input.display_name,
                unit,
            },
        )
        .await
        .gql(ctx)?;
        Ok(match outcome {
            Ok(a) => AccountPayload {
                account: Some(User::of(a)),
                user_errors: vec![],
            },
            Err(errs) => AccountPayload {
                account: None,
                user_errors: user_errors(ctx, errs),
            },
        })
    }

    async fn verify_resident(
        &self,
        ctx: &Context<'_>,
        input: VerifyResidentInput,
    ) -> async_graphql::Result<AccountPayload> {
        let me = ctx.require(Op::VerifyResident)?;
        let id = parse_id(ctx, &input.account_id)?;
        let outcome = accounts::verify_resident(&ctx.app().db, me, id, input.approve)
            .await
            .gql(ctx)?;
        Ok(one(ctx, outcome.map_err(|e| vec![e])).await)
    }

    async fn create_account(
        &self,
        ctx: &Context<'_>,
        input: CreateAccountInput,
    ) -> async_graphql::Result<AccountPayload> {
        let me = ctx.require(Op::CreateAccount)?;
        let new = NewAccount {
            squad: optional_id(ctx, input.squad_id.as_ref())?,
            committee: optional_id(ctx, input.committee_id.as_ref())?,
            property_firm: optional_id(ctx, input.property_firm_id.as_ref())?,
            login: input.login,
            display_name: input.display_name,
            phone: input.phone,
            password: input.password,
            role: input.role,
        };
        let outcome = accounts::create_account(&ctx.app().db, me, new)
            .await
            .gql(ctx)?;
        Ok(one(ctx, outcome).await)
    }

    /// Ends an account and every login it has.
    async fn deactivate_account(
        &self,
        ctx: &Context<'_>,
        input: DeactivateAccountInput,
    ) -> async_graphql::Result<AccountPayload> {
        let me = ctx.require(Op::DeactivateAccount)?;
        let id = parse_id(ctx, &input.account_id)?;
        let outcome = accounts::deactivate_account(&ctx.app().db, me, id)
            .await
            .gql(ctx)?;
        Ok(one(ctx, outcome.map_err(|e| vec![e])).await)
    }
}

/// The payload for a changed account; tells its subscribers.
async fn one(
    ctx: &Context<'_>,
    outcome: Result<entity::account::Model, Vec<crate::validation::FieldError>>,
) -> AccountPayload {
    match outcome {
        Ok(a) => {
            let app = ctx.app();
            app.events
                .publish(&app.db, Event::AccountChanged { account: a.uuid })
                .await;
            AccountPayload {
                account: Some(User::of(a)),
                user_errors: vec![],
            }
        }
        Err(errs) => AccountPayload {
            account: None,
            user_errors: user_errors(ctx, errs),
        },
    }
}
