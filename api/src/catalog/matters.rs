//! The matter catalog's categories (SPEC §3) and a supervisor's edits to it.
use entity::matter;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set,
    TransactionTrait,
};
use uuid::Uuid;

use crate::{
    audit,
    auth::CurrentUser,
    error::ApiResult,
    i18n::Msg,
    validation::{FieldError, Problems},
};

/// The plan's four categories (四大类).
#[derive(Clone, Copy, Debug, PartialEq, Eq, async_graphql::Enum)]
pub enum MatterCategory {
    /// 破坏房屋使用安全
    HousingSafety,
    /// 房屋违规租赁
    IllegalRental,
    /// 破坏小区环境秩序
    EnvironmentOrder,
    /// 物业未履职尽责
    PropertyDuty,
}

impl MatterCategory {
    pub const ALL: [MatterCategory; 4] = [
        MatterCategory::HousingSafety,
        MatterCategory::IllegalRental,
        MatterCategory::EnvironmentOrder,
        MatterCategory::PropertyDuty,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MatterCategory::HousingSafety => "HOUSING_SAFETY",
            MatterCategory::IllegalRental => "ILLEGAL_RENTAL",
            MatterCategory::EnvironmentOrder => "ENVIRONMENT_ORDER",
            MatterCategory::PropertyDuty => "PROPERTY_DUTY",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// A supervisor's new or edited matter; `code` identifies it.
pub struct MatterInput {
    pub code: String,
    pub category: MatterCategory,
    pub name_zh: String,
    pub name_en: String,
    pub legal_basis: String,
    pub fine_min_cny: Option<i64>,
    pub fine_max_cny: Option<i64>,
    pub fine_serious_max_cny: Option<i64>,
    pub mandatory_case: bool,
    pub focus: bool,
    pub active: bool,
}

/// Adds a matter, or changes the one with the same code (rename, re-flag, retire).
pub async fn save_matter(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    input: MatterInput,
) -> ApiResult<Result<matter::Model, Vec<FieldError>>> {
    let mut p = Problems::default();
    let code = p.text("code", &input.code, 16).to_uppercase();
    let name_zh = p.text("nameZh", &input.name_zh, 100);
    let name_en = p.text("nameEn", &input.name_en, 200);
    let legal_basis = p.text("legalBasis", &input.legal_basis, 500);
    let fines = [
        input.fine_min_cny,
        input.fine_max_cny,
        input.fine_serious_max_cny,
    ];
    let negative = fines.iter().flatten().any(|f| *f < 0);
    let inverted = matches!((input.fine_min_cny, input.fine_max_cny), (Some(a), Some(b)) if a > b)
        || matches!((input.fine_max_cny, input.fine_serious_max_cny), (Some(a), Some(b)) if a > b);
    if negative || inverted {
        p.push("fineMaxCny", "INVALID_FINE_RANGE", Msg::InvalidFineRange);
    }
    if !p.is_empty() {
        return Ok(Err(p.0));
    }
    let txn = db.begin().await?;
    let existing = matter::Entity::find()
        .filter(matter::Column::Code.eq(&code))
        .one(&txn)
        .await?;
    let is_new = existing.is_none();
    let mut am = match existing {
        Some(m) => m.into(),
        None => matter::ActiveModel {
            uuid: Set(Uuid::new_v4()),
            code: Set(code.clone()),
            ..Default::default()
        },
    };
    am.category = Set(input.category.as_str().into());
    am.name_zh = Set(name_zh);
    am.name_en = Set(name_en);
    am.legal_basis = Set(legal_basis);
    am.fine_min_cny = Set(input.fine_min_cny);
    am.fine_max_cny = Set(input.fine_max_cny);
    am.fine_serious_max_cny = Set(input.fine_serious_max_cny);
    am.mandatory_case = Set(input.mandatory_case);
    am.focus = Set(input.focus);
    am.active = Set(input.active);
    let saved = if is_new {
        am.insert(&txn).await?
    } else {
        am.update(&txn).await?
    };
    audit::record(
        &txn,
        Some(actor.id),
        "matter",
        saved.uuid,
        if is_new { "created" } else { "updated" },
        serde_json::json!({"code": code, "active": saved.active, "mandatoryCase": saved.mandatory_case}),
    )
    .await?;
    crate::db::commit(txn).await?;
    Ok(Ok(saved))
}
