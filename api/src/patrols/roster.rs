//! The suggested patrol roster (勤务, SPEC §9): communities ranked by risk, with the reasons
//! behind each rank. Plain code.
//!
//! Score = Σ weight × factor, the factors and weights:
//! - open items (submitted, accepted, in verification) × **1**;
//! - repeat complaints received in the last 90 days × **2**;
//! - an active hotspot × **5**;
//! - high-risk renovations in progress × **3**;
//! - re-checks (回头看) due by the end of the period × **4**: closed cases' re-checks, and the
//!   measures of a hotspot's rectification plan not yet done, and the units of joint actions
//!   (联合执法) not yet re-checked;
//! - days since the last patrol check-in × **0.5**, counted up to 30 (never patrolled: 30).
//!
//! Ties: the longer unvisited first, then by name. The supervisor may change the roster; the
//! suggestion only orders.
use serde::Serialize;

pub const W_OPEN_ITEM: f64 = 1.0;
pub const W_REPEAT: f64 = 2.0;
pub const W_HOTSPOT: f64 = 5.0;
pub const W_HIGH_RISK_RENOVATION: f64 = 3.0;
pub const W_RECHECK: f64 = 4.0;
pub const W_DAY_UNVISITED: f64 = 0.5;
/// Days without a patrol count up to this many (and a community never patrolled, as this).
pub const MAX_DAYS_UNVISITED: i64 = 30;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, async_graphql::Enum)]
pub enum RiskFactor {
    OpenItems,
    Repeats,
    Hotspot,
    HighRiskRenovations,
    RechecksDue,
    DaysSincePatrol,
}

/// What is known about one community.
#[derive(Clone, Debug, Default)]
pub struct Risk {
    pub community_id: i32,
    pub name: String,
    pub open_items: i64,
    pub repeats: i64,
    pub hotspot: bool,
    pub high_risk_renovations: i64,
    pub rechecks_due: i64,
    /// None: never patrolled.
    pub days_since_patrol: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reason {
    pub factor: RiskFactor,
    /// The factor's value (a count, 1 for a hotspot, days).
    pub value: i64,
    pub points: f64,
}

#[derive(Clone, Debug)]
pub struct Ranked {
    pub risk: Risk,
    pub score: f64,
    /// The factors that scored, largest first.
    pub reasons: Vec<Reason>,
}

pub fn reasons(r: &Risk) -> Vec<Reason> {
    let days = r
        .days_since_patrol
        .unwrap_or(MAX_DAYS_UNVISITED)
        .clamp(0, MAX_DAYS_UNVISITED);
    let mut out: Vec<Reason> = [
        (RiskFactor::OpenItems, r.open_items, W_OPEN_ITEM),
        (RiskFactor::Repeats, r.repeats, W_REPEAT),
        (RiskFactor::Hotspot, i64::from(r.hotspot), W_HOTSPOT),
        (
            RiskFactor::HighRiskRenovations,
            r.high_risk_renovations,
            W_HIGH_RISK_RENOVATION,
        ),
        (RiskFactor::RechecksDue, r.rechecks_due, W_RECHECK),
        (RiskFactor::DaysSincePatrol, days, W_DAY_UNVISITED),
    ]
    .into_iter()
    .filter(|(_, v, _)| *v > 0)
    .map(|(factor, value, w)| Reason {
        factor,
        value,
        points: value as f64 * w,
    })
    .collect();
    out.sort_by(|a, b| b.points.total_cmp(&a.points));
    out
}

/// Ranks communities, highest score first.
pub fn rank(risks: Vec<Risk>) -> Vec<Ranked> {
    let mut out: Vec<Ranked> = risks
        .into_iter()
        .map(|risk| {
            let reasons = reasons(&risk);
            let score = reasons.iter().map(|r| r.points).sum();
            Ranked {
                risk,
                score,
                reasons,
            }
        })
        .collect();
    let unvisited = |r: &Ranked| r.risk.days_since_patrol.unwrap_or(i64::MAX);
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| unvisited(b).cmp(&unvisited(a)))
            .then_with(|| a.risk.name.cmp(&b.risk.name))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn risk(name: &str) -> Risk {
        Risk {
            name: name.into(),
            days_since_patrol: Some(0),
            ..Default::default()
        }
    }

    #[test]
    fn the_documented_weights_order_a_fixture() {
        // A: a hotspot with 3 open items, patrolled yesterday: 5 + 3 + 0.5 = 8.5.
        // B: 2 repeats and 1 high-risk renovation, 4 days ago: 4 + 3 + 2 = 9.
        // C: never patrolled, nothing else: 15.
        // D: a re-check due, 1 open item, patrolled today: 4 + 1 = 5.
        // E: nothing, patrolled today: 0.
        let a = Risk {
            hotspot: true,
            open_items: 3,
            days_since_patrol: Some(1),
            ..risk("A")
        };
        let b = Risk {
            repeats: 2,
            high_risk_renovations: 1,
            days_since_patrol: Some(4),
            ..risk("B")
        };
        let c = Risk {
            days_since_patrol: None,
            ..risk("C")
        };
        let d = Risk {
            rechecks_due: 1,
            open_items: 1,
            ..risk("D")
        };
        let e = risk("E");
        let ranked = rank(vec![e, d, a, b, c]);
        let order: Vec<(&str, f64)> = ranked
            .iter()
            .map(|r| (r.risk.name.as_str(), r.score))
            .collect();
        assert_eq!(
            order,
            [("C", 15.0), ("B", 9.0), ("A", 8.5), ("D", 5.0), ("E", 0.0)]
        );
        // The reasons behind B, largest first.
        assert_eq!(
            ranked[1].reasons,
            [
                Reason {
                    factor: RiskFactor::Repeats,
                    value: 2,
                    points: 4.0
                },
                Reason {
                    factor: RiskFactor::HighRiskRenovations,
                    value: 1,
                    points: 3.0
                },
                Reason {
                    factor: RiskFactor::DaysSincePatrol,
                    value: 4,
                    points: 2.0
                },
            ]
        );
        assert!(ranked[4].reasons.is_empty());
    }

    #[test]
    fn days_unvisited_are_capped_and_ties_go_to_the_longer_unvisited() {
        let long = Risk {
            days_since_patrol: Some(400),
            ..risk("Z")
        };
        assert_eq!(rank(vec![long.clone()])[0].score, 15.0);
        // Equal scores: 10 open items patrolled today vs. 20 days unvisited.
        let busy = Risk {
            open_items: 10,
            ..risk("A")
        };
        let quiet = Risk {
            days_since_patrol: Some(20),
            ..risk("B")
        };
        let r = rank(vec![busy, quiet]);
        assert_eq!(r[0].risk.name, "B");
        assert_eq!(r[0].score, r[1].score);
    }
}
