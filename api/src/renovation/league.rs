//! Property-firm accountability (SPEC §8, issue #5): per firm managing communities in a
//! sub-district, over a period, the numbers behind its rank — registrations before work,
//! patrols on time, violations it found versus those first reported by complaints, late
//! reports, failed duty checks, cases against it — normalised by the units it manages.
use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use entity::{
    building, case_party, community, duty_check, enforcement_case as case, item, matter,
    property_firm, renovation, unit,
};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, sea_query::Query,
};

use super::{RenovationStatus, schedule_of};
use crate::{
    cases::model::{DutyCheckStatus, PartyKind},
    catalog::holidays,
    error::ApiResult,
    intake::{rules::shanghai, status::ItemKind},
};

/// 装修人未申报登记即装修: renovating without registering with the firm.
pub const UNREGISTERED_MATTER: &str = "A11";

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Standing {
    pub rank: u32,
    pub firm_uuid: uuid::Uuid,
    pub firm_name: String,
    pub communities: u32,
    pub units: u32,
    pub registrations: u32,
    pub registered_before_start: u32,
    pub unregistered_found: u32,
    pub patrols_due: u32,
    pub patrols_on_time: u32,
    pub found_by_firm: u32,
    pub first_by_complaint: u32,
    pub reports_late: u32,
    pub duty_checks_failed: u32,
    pub cases_against_firm: u32,
}

impl Standing {
    pub fn problems(&self) -> u32 {
        self.first_by_complaint
            + (self.patrols_due - self.patrols_on_time)
            + self.reports_late
            + self.duty_checks_failed
            + self.cases_against_firm
    }
    /// A firm with no units on record counts as managing one: its problems still rank it.
    pub fn per_1000_units(&self) -> f64 {
        if self.units == 0 {
            self.problems() as f64 * 1000.0
        } else {
            self.problems() as f64 * 1000.0 / self.units as f64
        }
    }
    pub fn registered_share(&self) -> Option<f64> {
        let all = self.registrations + self.unregistered_found;
        (all > 0).then(|| self.registered_before_start as f64 / all as f64)
    }
    pub fn patrol_share(&self) -> Option<f64> {
        (self.patrols_due > 0).then(|| self.patrols_on_time as f64 / self.patrols_due as f64)
    }
}

/// Ranks by problems per 1,000 units managed (fewest first), then by name.
pub fn rank(mut rows: Vec<Standing>) -> Vec<Standing> {
    rows.sort_by(|a, b| {
        a.per_1000_units()
            .total_cmp(&b.per_1000_units())
            .then_with(|| a.firm_name.cmp(&b.firm_name))
    });
    for (i, r) in rows.iter_mut().enumerate() {
        r.rank = i as u32 + 1;
    }
    rows
}

pub async fn league(
    db: &DatabaseConnection,
    sub_district_id: i32,
    from: NaiveDate,
    to: NaiveDate,
    window_days: i64,
) -> ApiResult<Vec<Standing>> {
    let tz = shanghai();
    let start = tz
        .from_local_datetime(&from.and_time(NaiveTime::MIN))
        .single()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(Utc::now);
    let end = tz
        .from_local_datetime(&to.and_time(NaiveTime::MIN))
        .single()
        .map(|t| t.with_timezone(&Utc) + Duration::days(1))
        .unwrap_or_else(Utc::now);
    let communities = community::Entity::find()
        .filter(community::Column::SubDistrictId.eq(sub_district_id))
        .filter(community::Column::PropertyFirmId.is_not_null())
        .all(db)
        .await?;
    let mut by_firm: BTreeMap<i32, Vec<community::Model>> = BTreeMap::new();
    for c in communities {
        if let Some(f) = c.property_firm_id {
            by_firm.entry(f).or_default().push(c);
        }
    }
    let a11 = matter::Entity::find()
        .filter(matter::Column::Code.eq(UNREGISTERED_MATTER))
        .one(db)
        .await?
        .map(|m| m.id);
    let cal = holidays::load_calendar(db).await?;
    let mut rows = Vec::new();
    for (firm_id, cs) in by_firm {
        let Some(firm) = property_firm::Entity::find_by_id(firm_id).one(db).await? else {
            continue;
        };
        let ids: Vec<i32> = cs.iter().map(|c| c.id).collect();
        let mut s = Standing {
            firm_uuid: firm.uuid,
            firm_name: firm.name.clone(),
            communities: cs.len() as u32,
            ..Default::default()
        };
        s.units = unit::Entity::find()
            .filter(
                unit::Column::BuildingId.in_subquery(
                    Query::select()
                        .column(building::Column::Id)
                        .from(building::Entity)
                        .and_where(building::Column::CommunityId.is_in(ids.clone()))
                        .to_owned(),
                ),
            )
            .count(db)
            .await? as u32;

        // Registrations made in the period, and whether before the work began.
        let regs = renovation::Entity::find()
            .filter(renovation::Column::PropertyFirmId.eq(firm_id))
            .filter(renovation::Column::CommunityId.is_in(ids.clone()))
            .all(db)
            .await?;
        for r in &regs {
            if r.created_at >= start && r.created_at < end {
                s.registrations += 1;
                let made = r.created_at.with_timezone(&tz).date_naive();
                if r.started_on.is_none_or(|st| made <= st) {
                    s.registered_before_start += 1;
                }
            }
            // Patrol due days inside the period.
            if r.status != RenovationStatus::Registered.as_str()
                && let Some(sch) = schedule_of(db, &cal, r).await?
            {
                let inside = |d: &&NaiveDate| **d >= from && **d <= to;
                let met = sch.met.iter().filter(inside).count() as u32;
                let missed = sch.gaps.iter().filter(inside).count() as u32;
                s.patrols_on_time += met;
                s.patrols_due += met + missed;
            }
        }

        // Filings about the firm's communities in the period.
        let items = item::Entity::find()
            .filter(item::Column::CommunityId.is_in(ids.clone()))
            .filter(item::Column::CreatedAt.gte(start))
            .filter(item::Column::CreatedAt.lt(end))
            .all(db)
            .await?;
        for it in &items {
            let kind = ItemKind::parse(&it.kind);
            if a11.is_some() && it.matter_id == a11 && kind != Some(ItemKind::PropertyReport) {
                s.unregistered_found += 1;
            }
            match kind {
                Some(ItemKind::PropertyReport) => {
                    s.found_by_firm += 1;
                    if it.late {
                        s.reports_late += 1;
                    }
                }
                Some(ItemKind::Complaint | ItemKind::CommitteeReport) => {
                    // First reported by a complaint: nothing about the same unit and
                    // matter came before it (no report by the firm, and no earlier
                    // complaint: one violation counts once), within the repeat window.
                    let reported = match (it.unit_id, it.matter_id) {
                        (Some(u), Some(m)) => {
                            item::Entity::find()
                                .filter(item::Column::Kind.is_in([
                                    ItemKind::PropertyReport.as_str(),
                                    ItemKind::Complaint.as_str(),
                                    ItemKind::CommitteeReport.as_str(),
                                ]))
                                .filter(item::Column::UnitId.eq(u))
                                .filter(item::Column::MatterId.eq(m))
                                .filter(item::Column::Id.ne(it.id))
                                .filter(item::Column::CreatedAt.lte(it.created_at))
                                .filter(
                                    item::Column::CreatedAt
                                        .gt(it.created_at - Duration::days(window_days)),
                                )
                                .count(db)
                                .await?
                                > 0
                        }
                        _ => false,
                    };
                    if !reported {
                        s.first_by_complaint += 1;
                    }
                }
                _ => {}
            }
        }

        s.duty_checks_failed = duty_check::Entity::find()
            .filter(duty_check::Column::PropertyFirmId.eq(firm_id))
            .filter(duty_check::Column::CommunityId.is_in(ids.clone()))
            .filter(duty_check::Column::Status.eq(DutyCheckStatus::Failed.as_str()))
            .filter(duty_check::Column::ConcludedAt.gte(start))
            .filter(duty_check::Column::ConcludedAt.lt(end))
            .count(db)
            .await? as u32;
        s.cases_against_firm = case::Entity::find()
            .filter(case::Column::CommunityId.is_in(ids.clone()))
            .filter(case::Column::FiledAt.gte(start))
            .filter(case::Column::FiledAt.lt(end))
            .filter(
                case::Column::Id.in_subquery(
                    Query::select()
                        .column(case_party::Column::CaseId)
                        .from(case_party::Entity)
                        .and_where(case_party::Column::Kind.eq(PartyKind::PropertyFirm.as_str()))
                        .and_where(case_party::Column::PropertyFirmId.eq(firm_id))
                        .to_owned(),
                ),
            )
            .count(db)
            .await? as u32;
        rows.push(s);
    }
    Ok(rank(rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn firm(name: &str, units: u32, complaints: u32, late: u32) -> Standing {
        Standing {
            firm_name: name.into(),
            units,
            first_by_complaint: complaints,
            reports_late: late,
            ..Default::default()
        }
    }

    #[test]
    fn fewer_problems_per_thousand_units_ranks_higher() {
        // 3 problems over 300 units (10 per 1,000) beats 2 over 100 (20 per 1,000).
        let ranked = rank(vec![
            firm("乙", 100, 1, 1),
            firm("甲", 300, 2, 1),
            firm("丙", 0, 0, 0),
        ]);
        let names: Vec<_> = ranked
            .iter()
            .map(|r| (r.rank, r.firm_name.as_str()))
            .collect();
        assert_eq!(names, [(1, "丙"), (2, "甲"), (3, "乙")]);
        assert_eq!(ranked[1].per_1000_units(), 10.0);
        assert_eq!(ranked[2].problems(), 2);
    }

    #[test]
    fn shares_are_absent_when_there_is_nothing_to_share() {
        let s = Standing::default();
        assert_eq!(s.registered_share(), None);
        assert_eq!(s.patrol_share(), None);
        let s = Standing {
            registrations: 3,
            registered_before_start: 2,
            unregistered_found: 1,
            patrols_due: 4,
            patrols_on_time: 3,
            ..Default::default()
        };
        assert_eq!(s.registered_share(), Some(0.5));
        assert_eq!(s.patrol_share(), Some(0.75));
        assert_eq!(s.problems(), 1, "one missed patrol");
    }
}
