//! Indexes for the two reads that scan most at city scale (issue #9, docs/PERFORMANCE.md).
//!
//! - The officer's inbox in the order it is read: a squad's unanswered items by priority, then
//!   the earliest clock. Partial, so it holds only the items still with the bureau; on
//!   PostgreSQL it also carries the columns the inbox filters on, so counting a squad's share
//!   reads the index alone.
//! - The figures (PostgreSQL): a district's items of a period with every column the counts
//!   read, so a year's figures scan an index in order instead of fetching 70,000 rows from
//!   all over the table. (SQLite keeps `idx_item_community_id_created_at`.)
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The statuses before the reply (`intake::list::WORKING`). The inbox query repeats this
/// predicate word for word (a planner uses a partial index only when the query says what the
/// index says; bound parameters do not count).
pub const WORKING: &str = "('SUBMITTED', 'ACCEPTED', 'VERIFYING', 'RESOLVED', 'CONVERTED_TO_CASE')";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let pg = m.get_database_backend() == DbBackend::Postgres;
        let include = if pg {
            " INCLUDE (status, matter_id, source, community_id, assignee_id, due_at, \
             on_site_due_at)"
        } else {
            ""
        };
        let db = m.get_connection();
        db.execute_unprepared(&format!(
            "CREATE INDEX idx_item_inbox ON item \
             (squad_id, priority DESC, (COALESCE(on_site_due_at, due_at)), id DESC){include} \
             WHERE status IN {WORKING}"
        ))
        .await?;
        if pg {
            db.execute_unprepared(
                "CREATE INDEX idx_item_figures ON item (community_id, created_at) \
                 INCLUDE (matter_id, status, kind, source, accepted_on_time, accept_due_at, \
                 replied_on_time, rating, converted_at, resolution, repeat_of_id, late)",
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() == DbBackend::Postgres {
            m.drop_index(
                Index::drop()
                    .name("idx_item_figures")
                    .table(Alias::new("item"))
                    .to_owned(),
            )
            .await?;
        }
        m.drop_index(
            Index::drop()
                .name("idx_item_inbox")
                .table(Alias::new("item"))
                .to_owned(),
        )
        .await
    }
}
