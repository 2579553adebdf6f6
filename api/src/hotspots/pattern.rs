//! The complaint pattern of a hotspot community (SPEC §9, the seed's 二(一)): plain code.
//!
//! Input: one `(unit, matter)` point per complaint, committee report or property report with a
//! matter in the window (a point without a unit is the community's common areas). The rules,
//! in order — the first that holds names the pattern:
//! 1. fewer than `MIN_TOTAL` (5) → too few to call a pattern;
//! 2. the most frequent point (one unit + one matter) holds at least `DOMINANT_SHARE` (50 %) →
//!    **same problem repeated** (同一问题的反复投诉);
//! 3. the most frequent matter holds at least 50 % (over several units, or rule 2 would have
//!    fired) → **one kind of problem many times** (一类问题的多次投诉);
//! 4. otherwise no matter holds half: → **many problems often** (多个问题的经常投诉).
use std::collections::HashMap;

/// Fewer items than this are not a pattern.
pub const MIN_TOTAL: usize = 5;
/// The share at which one point or one matter dominates.
pub const DOMINANT_SHARE: f64 = 0.5;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Label {
    SameProblemRepeated,
    OneKindManyTimes,
    ManyProblemsOften,
    TooFew,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MatterTally {
    pub matter: i32,
    pub count: usize,
    /// Distinct points (units, or the common areas) of that matter.
    pub units: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Pattern {
    pub label: Label,
    pub total: usize,
    pub distinct_matters: usize,
    pub distinct_units: usize,
    /// The most frequent (unit, matter) and its count.
    pub top_point: Option<((Option<i32>, i32), usize)>,
    pub top_point_share: f64,
    pub top_matter_share: f64,
    /// Every matter, most first (ties: lower id first, so the result is stable).
    pub matters: Vec<MatterTally>,
}

/// Classifies from counted points: `((unit, matter), how many)`; a point may appear more than
/// once (its counts add up).
pub fn classify(counted: &[((Option<i32>, i32), usize)]) -> Pattern {
    let mut by_point: HashMap<(Option<i32>, i32), usize> = HashMap::new();
    let mut units: std::collections::HashSet<Option<i32>> = Default::default();
    for (p, n) in counted {
        if *n > 0 {
            *by_point.entry(*p).or_default() += n;
            units.insert(p.0);
        }
    }
    let total: usize = by_point.values().sum();
    let mut by_matter: HashMap<i32, (usize, usize)> = HashMap::new();
    for ((_, m), n) in &by_point {
        let e = by_matter.entry(*m).or_default();
        e.0 += n;
        e.1 += 1;
    }
    let mut matters: Vec<MatterTally> = by_matter
        .into_iter()
        .map(|(matter, (count, units))| MatterTally {
            matter,
            count,
            units,
        })
        .collect();
    matters.sort_by(|a, b| b.count.cmp(&a.count).then(a.matter.cmp(&b.matter)));
    let top_point = by_point
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)));
    let share = |n: usize| {
        if total == 0 {
            0.0
        } else {
            n as f64 / total as f64
        }
    };
    let top_point_share = share(top_point.map_or(0, |p| p.1));
    let top_matter_share = share(matters.first().map_or(0, |m| m.count));
    let label = if total < MIN_TOTAL {
        Label::TooFew
    } else if top_point_share >= DOMINANT_SHARE {
        Label::SameProblemRepeated
    } else if top_matter_share >= DOMINANT_SHARE {
        Label::OneKindManyTimes
    } else {
        Label::ManyProblemsOften
    };
    Pattern {
        label,
        total,
        distinct_matters: matters.len(),
        distinct_units: units.len(),
        top_point,
        top_point_share,
        top_matter_share,
        matters,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pts(spec: &[(Option<i32>, i32, usize)]) -> Vec<((Option<i32>, i32), usize)> {
        spec.iter().map(|(u, m, n)| ((*u, *m), *n)).collect()
    }

    #[test]
    fn one_unit_and_matter_dominating_is_the_same_problem_repeated() {
        // 6 of 10 about unit 101's illegal construction (matter 7); the rest scattered.
        let p = classify(&pts(&[
            (Some(101), 7, 6),
            (Some(102), 7, 1),
            (Some(103), 3, 2),
            (None, 5, 1),
        ]));
        assert_eq!(p.label, Label::SameProblemRepeated);
        assert_eq!(p.total, 10);
        assert_eq!(p.top_point, Some(((Some(101), 7), 6)));
        assert_eq!(p.top_point_share, 0.6);
        assert_eq!(p.top_matter_share, 0.7);
        assert_eq!(p.distinct_matters, 3);
        assert_eq!(p.distinct_units, 4);
    }

    #[test]
    fn one_matter_across_many_units_is_one_kind_many_times() {
        // Group renting (matter 12) in 5 different units, 8 of 12; no unit above 2.
        let p = classify(&pts(&[
            (Some(1), 12, 2),
            (Some(2), 12, 2),
            (Some(3), 12, 2),
            (Some(4), 12, 1),
            (Some(5), 12, 1),
            (Some(6), 3, 2),
            (Some(7), 4, 2),
        ]));
        assert_eq!(p.label, Label::OneKindManyTimes);
        assert_eq!(p.total, 12);
        assert_eq!(
            p.matters[0],
            MatterTally {
                matter: 12,
                count: 8,
                units: 5
            }
        );
        assert!((p.top_matter_share - 8.0 / 12.0).abs() < 1e-9);
        assert!(p.top_point_share < DOMINANT_SHARE);
    }

    #[test]
    fn no_matter_holding_half_is_many_problems_often() {
        // Five matters, the largest 3 of 10.
        let p = classify(&pts(&[
            (Some(1), 1, 3),
            (Some(2), 2, 2),
            (Some(3), 3, 2),
            (None, 4, 2),
            (Some(5), 5, 1),
        ]));
        assert_eq!(p.label, Label::ManyProblemsOften);
        assert_eq!(p.distinct_matters, 5);
        assert_eq!(p.top_matter_share, 0.3);
    }

    #[test]
    fn mixed_cases_follow_the_rule_order() {
        // Exactly half on one point: the same problem repeated (rule 2 before rule 3).
        let p = classify(&pts(&[(Some(1), 1, 5), (Some(2), 1, 3), (Some(3), 2, 2)]));
        assert_eq!(p.label, Label::SameProblemRepeated);
        // Point 40 %, its matter 60 %: one kind many times.
        let p = classify(&pts(&[(Some(1), 1, 4), (Some(2), 1, 2), (Some(3), 2, 4)]));
        assert_eq!(p.label, Label::OneKindManyTimes);
        // Two matters at 50/50 with no dominant point: a matter holds half → one kind.
        let p = classify(&pts(&[
            (Some(1), 1, 2),
            (Some(2), 1, 3),
            (Some(3), 2, 2),
            (Some(4), 2, 3),
        ]));
        assert_eq!(p.label, Label::OneKindManyTimes);
        // Common areas count as one point: five reports of damaged greenery there.
        let p = classify(&pts(&[(None, 9, 5), (Some(1), 2, 1)]));
        assert_eq!(p.label, Label::SameProblemRepeated);
        assert_eq!(p.top_point, Some(((None, 9), 5)));
    }

    #[test]
    fn too_few_is_not_a_pattern() {
        let p = classify(&pts(&[(Some(1), 1, 4)]));
        assert_eq!(p.label, Label::TooFew);
        let p = classify(&[]);
        assert_eq!(p.label, Label::TooFew);
        assert_eq!(p.top_point, None);
        assert_eq!(p.top_point_share, 0.0);
    }
}
