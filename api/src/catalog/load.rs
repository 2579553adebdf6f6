use anyhow::Context;
use chrono::NaiveDate;
use entity::{district, holiday, matter, squad, sub_district};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set,
    TransactionTrait,
};
use serde::Deserialize;
use uuid::Uuid;

const MATTERS_CSV: &str = include_str!("../../catalog/matters.csv");
const HOLIDAYS_CSV: &str = include_str!("../../catalog/holidays.csv");
const SUBDISTRICTS_CSV: &str = include_str!("../../catalog/subdistricts.csv");

/// The district the catalog's sub-districts belong to.
pub const CHANGNING_CODE: &str = "310105";

#[derive(Deserialize)]
pub(crate) struct MatterRow {
    pub code: String,
    pub category: String,
    pub name_zh: String,
    pub name_en: String,
    pub legal_basis: String,
    pub fine_min_cny: Option<i64>,
    pub fine_max_cny: Option<i64>,
    pub fine_serious_max_cny: Option<i64>,
    pub mandatory_case: bool,
    pub focus: bool,
}

#[derive(Deserialize)]
struct HolidayRow {
    date: NaiveDate,
    kind: String,
    name: String,
}

#[derive(Deserialize)]
struct SubDistrictRow {
    code: String,
    district: String,
    name_zh: String,
    name_en: String,
    kind: String,
}

fn rows<T: for<'de> Deserialize<'de>>(csv_text: &str, what: &str) -> anyhow::Result<Vec<T>> {
    csv::Reader::from_reader(csv_text.as_bytes())
        .deserialize()
        .collect::<Result<Vec<T>, _>>()
        .with_context(|| format!("parsing the {what} catalog"))
}

pub(crate) fn matter_rows() -> anyhow::Result<Vec<MatterRow>> {
    rows(MATTERS_CSV, "matters")
}

/// Adds whatever reference rows are missing. Idempotent; safe on every start and from
/// several processes (unique keys decide).
pub async fn load_reference_data(db: &DatabaseConnection) -> anyhow::Result<()> {
    let txn = db.begin().await?;
    for m in matter_rows()? {
        let exists = matter::Entity::find()
            .filter(matter::Column::Code.eq(&m.code))
            .one(&txn)
            .await?;
        if exists.is_none() {
            matter::ActiveModel {
                uuid: Set(Uuid::new_v4()),
                code: Set(m.code),
                category: Set(m.category),
                name_zh: Set(m.name_zh),
                name_en: Set(m.name_en),
                legal_basis: Set(m.legal_basis),
                fine_min_cny: Set(m.fine_min_cny),
                fine_max_cny: Set(m.fine_max_cny),
                fine_serious_max_cny: Set(m.fine_serious_max_cny),
                mandatory_case: Set(m.mandatory_case),
                focus: Set(m.focus),
                active: Set(true),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
    }
    let known: std::collections::HashSet<NaiveDate> = holiday::Entity::find()
        .all(&txn)
        .await?
        .into_iter()
        .map(|h| h.day)
        .collect();
    for h in rows::<HolidayRow>(HOLIDAYS_CSV, "holidays")? {
        if !known.contains(&h.date) {
            holiday::ActiveModel {
                day: Set(h.date),
                kind: Set(h.kind.to_uppercase()),
                name: Set(h.name),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
    }
    let subs = rows::<SubDistrictRow>(SUBDISTRICTS_CSV, "sub-districts")?;
    let district_name = subs
        .first()
        .map(|s| s.district.clone())
        .unwrap_or_else(|| "长宁区".into());
    let d = match district::Entity::find()
        .filter(district::Column::Code.eq(CHANGNING_CODE))
        .one(&txn)
        .await?
    {
        Some(d) => d,
        None => {
            let d = district::ActiveModel {
                uuid: Set(Uuid::new_v4()),
                code: Set(CHANGNING_CODE.into()),
                name_zh: Set(district_name),
                name_en: Set("Changning District".into()),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            squad::ActiveModel {
                uuid: Set(Uuid::new_v4()),
                district_id: Set(d.id),
                sub_district_id: Set(None),
                name_zh: Set("长宁区城管执法局".into()),
                name_en: Set("Changning District Urban Management Enforcement Bureau".into()),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            d
        }
    };
    for s in subs {
        let exists = sub_district::Entity::find()
            .filter(sub_district::Column::Code.eq(&s.code))
            .one(&txn)
            .await?;
        if exists.is_some() {
            continue;
        }
        let sd = sub_district::ActiveModel {
            uuid: Set(Uuid::new_v4()),
            district_id: Set(d.id),
            code: Set(s.code),
            name_zh: Set(s.name_zh.clone()),
            name_en: Set(s.name_en.clone()),
            kind: Set(s.kind.to_uppercase()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let short_zh = s.name_zh.trim_end_matches("街道");
        squad::ActiveModel {
            uuid: Set(Uuid::new_v4()),
            district_id: Set(d.id),
            sub_district_id: Set(Some(sd.id)),
            name_zh: Set(format!("{short_zh}城管执法中队")),
            name_en: Set(format!(
                "{} enforcement squad",
                s.name_en.trim_end_matches(" Subdistrict")
            )),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    crate::db::commit(txn).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalog_has_34_matters_in_four_categories() {
        let m = matter_rows().unwrap();
        assert_eq!(m.len(), 34);
        let cats: std::collections::BTreeSet<_> = m.iter().map(|r| r.category.as_str()).collect();
        assert_eq!(
            cats.into_iter().collect::<Vec<_>>(),
            [
                "ENVIRONMENT_ORDER",
                "HOUSING_SAFETY",
                "ILLEGAL_RENTAL",
                "PROPERTY_DUTY"
            ]
        );
        for code in ["A1", "A2", "A3", "A4"] {
            assert!(
                m.iter().any(|r| r.code == code && r.mandatory_case),
                "{code}"
            );
        }
    }

    #[test]
    fn the_calendar_and_sub_districts_parse() {
        let h = rows::<HolidayRow>(HOLIDAYS_CSV, "holidays").unwrap();
        assert!(h.iter().all(|r| r.kind == "holiday" || r.kind == "workday"));
        assert_eq!(
            rows::<SubDistrictRow>(SUBDISTRICTS_CSV, "sub-districts")
                .unwrap()
                .len(),
            10
        );
    }
}
