//! Every transition is an event (who, when, from, to, note): append-only.
use chrono::Utc;
use entity::{item, item_event};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};

use super::status::ItemStatus;
use crate::{auth::CurrentUser, error::ApiResult};

/// One step of an item's history.
pub struct NewEvent<'a> {
    pub action: &'a str,
    pub from: Option<ItemStatus>,
    pub to: Option<ItemStatus>,
    pub note: Option<String>,
    /// Shown in the filer's timeline (and to committees and firms who may see the item).
    pub filer_visible: bool,
}

/// Records one step of `it`'s history.
pub async fn record_event(
    db: &impl ConnectionTrait,
    it: &item::Model,
    actor: Option<&CurrentUser>,
    e: NewEvent<'_>,
) -> ApiResult<()> {
    let NewEvent {
        action,
        from,
        to,
        note,
        filer_visible,
    } = e;
    item_event::ActiveModel {
        item_id: Set(it.id),
        at: Set(Utc::now()),
        actor_id: Set(actor.map(|a| a.id)),
        actor_role: Set(actor.map(|a| a.role.as_str().to_string())),
        action: Set(action.to_string()),
        from_status: Set(from.map(|s| s.as_str().to_string())),
        to_status: Set(to.map(|s| s.as_str().to_string())),
        note: Set(note),
        filer_visible: Set(filer_visible),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
