//! Web Push subscriptions (opt-in): where to tell a filer whose app is closed that an item
//! moved.
use sea_orm_migration::{prelude::*, schema::*};

use crate::{
    m20261127_000001_create_organisation::{fk, index},
    m20261127_000002_create_accounts::Account,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(PushSubscription::Table)
                .col(pk_auto(PushSubscription::Id))
                .col(integer(PushSubscription::AccountId))
                .col(text_uniq(PushSubscription::Endpoint))
                .col(string(PushSubscription::P256dh))
                .col(string(PushSubscription::Auth))
                .col(timestamp_with_time_zone(PushSubscription::CreatedAt))
                .foreign_key(&mut fk(
                    PushSubscription::Table,
                    PushSubscription::AccountId,
                    Account::Table,
                    Account::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(m, PushSubscription::Table, &[PushSubscription::AccountId]).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(PushSubscription::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum PushSubscription {
    Table,
    Id,
    AccountId,
    Endpoint,
    P256dh,
    Auth,
    CreatedAt,
}
