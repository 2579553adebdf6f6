//! `gongzhi admin …`: what must work before anyone can sign in.
use chrono::Utc;
use entity::{account, district};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use crate::{
    audit,
    auth::{AccountStatus, Role, password},
    catalog, db,
    settings::Settings,
    validation::Problems,
};

/// Creates a district-wide supervisor: the first account of a PostgreSQL deployment.
pub async fn create_supervisor(
    settings: &Settings,
    login: &str,
    display_name: &str,
    district_code: &str,
    password_text: String,
) -> anyhow::Result<Uuid> {
    let mut p = Problems::default();
    let login = p.login("login", login);
    let name = p.text("displayName", display_name, 40);
    p.password("password", &password_text);
    if let Some(e) = p.0.first() {
        anyhow::bail!(
            "{}: {}",
            e.field.join("."),
            e.msg.text(crate::i18n::Lang::En)
        );
    }
    let database = db::connect(settings).await?;
    db::migrate(&database).await?;
    catalog::load_reference_data(&database).await?;
    let d = district::Entity::find()
        .filter(district::Column::Code.eq(district_code))
        .one(&database)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no district with code {district_code}"))?;
    if account::Entity::find()
        .filter(account::Column::Login.eq(login.as_str()))
        .one(&database)
        .await?
        .is_some()
    {
        anyhow::bail!("the login {login} is taken");
    }
    let now = Utc::now();
    let a = account::ActiveModel {
        uuid: Set(Uuid::new_v4()),
        login: Set(login),
        display_name: Set(name),
        password_hash: Set(password::hash(password_text).await?),
        role: Set(Role::Supervisor.as_str().into()),
        status: Set(AccountStatus::Active.as_str().into()),
        district_id: Set(Some(d.id)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&database)
    .await?;
    audit::record(
        &database,
        None,
        "account",
        a.uuid,
        "created",
        serde_json::json!({"by": "admin cli", "role": "SUPERVISOR"}),
    )
    .await?;
    Ok(a.uuid)
}
