//! The firm's patrol schedule (SPEC §8): a patrol every N working days from the start; a due
//! day that passes with no patrol logged is a duty gap (巡查缺失). Plain code over the
//! working-day calendar.
use chrono::{Datelike, NaiveDate, Weekday};

use crate::catalog::calendar::Calendar;

/// `n` working days after `d`; where the calendar does not cover the year, weekdays.
fn after(cal: &Calendar, d: NaiveDate, n: u32) -> NaiveDate {
    cal.add_working_days(d, n).unwrap_or_else(|_| {
        let mut x = d;
        let mut left = n;
        while left > 0 {
            x = x.succ_opt().unwrap_or(x);
            if !matches!(x.weekday(), Weekday::Sat | Weekday::Sun) {
                left -= 1;
            }
        }
        x
    })
}

/// What the schedule says on `today`.
#[derive(Debug, PartialEq, Eq)]
pub struct Schedule {
    /// Due days that passed with no patrol.
    pub gaps: Vec<NaiveDate>,
    /// Due days met by a patrol on or before them.
    pub met: Vec<NaiveDate>,
    /// The day the next patrol is due.
    pub next_due: NaiveDate,
}

/// A patrol on any day after the last one (or the start) and by the due day meets that due
/// day; the next is due `every` working days after it. A due day passed without one is a
/// gap, and the next is counted from it.
pub fn schedule(
    cal: &Calendar,
    started: NaiveDate,
    every: u32,
    patrols: &[NaiveDate],
    today: NaiveDate,
) -> Schedule {
    let every = every.max(1);
    let mut patrols: Vec<NaiveDate> = patrols.to_vec();
    patrols.sort();
    let mut last = started;
    let mut gaps = Vec::new();
    let mut met = Vec::new();
    // Bounded: starts are at most a year back (checked where they are entered).
    for _ in 0..2000 {
        let due = after(cal, last, every);
        if let Some(p) = patrols.iter().rev().find(|p| **p > last && **p <= due) {
            // A due day still ahead is not yet "met": it has not come.
            if due <= today {
                met.push(due);
            }
            last = *p;
            continue;
        }
        if due < today {
            gaps.push(due);
            last = due;
            continue;
        }
        return Schedule {
            gaps,
            met,
            next_due: due,
        };
    }
    Schedule {
        next_due: after(cal, last, every),
        gaps,
        met,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::calendar::DayKind;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// 2026 National Day week: 1–7 October off, Saturday 10 October worked (调休), as in
    /// api/catalog/holidays.csv.
    fn national_day() -> Calendar {
        let mut days: Vec<(NaiveDate, DayKind)> = (1..=7)
            .map(|n| (d(&format!("2026-10-{n:02}")), DayKind::Holiday))
            .collect();
        days.push((d("2026-10-10"), DayKind::Workday));
        Calendar::new(days)
    }

    #[test]
    fn patrols_on_time_leave_no_gap() {
        let cal = Calendar::new([]);
        // Started Monday 2 Nov 2026, every 2 working days: due Wed 4, then Fri 6 …
        let s = schedule(
            &cal,
            d("2026-11-02"),
            2,
            &[d("2026-11-04"), d("2026-11-06")],
            d("2026-11-07"),
        );
        assert!(s.gaps.is_empty());
        assert_eq!(s.met, [d("2026-11-04"), d("2026-11-06")]);
        assert_eq!(
            s.next_due,
            d("2026-11-10"),
            "weekend skipped: Mon 9 and Tue 10"
        );
    }

    #[test]
    fn a_missed_due_day_is_a_gap_on_that_day_and_the_next_counts_from_it() {
        let cal = Calendar::new([]);
        // Due Wed 4 Nov, nothing logged; Fri 6 is the next due day.
        let s = schedule(&cal, d("2026-11-02"), 2, &[], d("2026-11-05"));
        assert_eq!(s.gaps, [d("2026-11-04")]);
        assert_eq!(s.next_due, d("2026-11-06"));
        // On its due day a patrol is not yet missing.
        let s = schedule(&cal, d("2026-11-02"), 2, &[], d("2026-11-04"));
        assert!(s.gaps.is_empty());
        // A patrol before the due day moves the next due day.
        let s = schedule(
            &cal,
            d("2026-11-02"),
            2,
            &[d("2026-11-03")],
            d("2026-11-05"),
        );
        assert!(s.gaps.is_empty());
        assert_eq!(s.next_due, d("2026-11-05"));
    }

    #[test]
    fn an_early_patrol_does_not_count_a_due_day_that_has_not_come() {
        let cal = Calendar::new([]);
        let s = schedule(
            &cal,
            d("2026-11-02"),
            2,
            &[d("2026-11-03")],
            d("2026-11-03"),
        );
        assert!(s.met.is_empty() && s.gaps.is_empty());
        assert_eq!(s.next_due, d("2026-11-05"), "counted from the patrol");
    }

    #[test]
    fn holidays_are_skipped_and_make_up_days_counted() {
        let cal = national_day();
        // Started Wed 30 Sep, every 2 working days: Thu 1 … Wed 7 are off, Thu 8 is the
        // first working day, Fri 9 the second: due 9 Oct.
        let s = schedule(&cal, d("2026-09-30"), 2, &[], d("2026-10-09"));
        assert!(s.gaps.is_empty());
        assert_eq!(s.next_due, d("2026-10-09"));
        // Missed: a gap on Fri 9; Sat 10 is a make-up working day, so the next is Mon 12.
        let s = schedule(&cal, d("2026-09-30"), 2, &[], d("2026-10-11"));
        assert_eq!(s.gaps, [d("2026-10-09")]);
        assert_eq!(s.next_due, d("2026-10-12"));
        // Started Fri 9 Oct, every 1: the make-up Saturday is a working day, so it is due
        // then, not on Monday.
        let s = schedule(&cal, d("2026-10-09"), 1, &[], d("2026-10-09"));
        assert_eq!(s.next_due, d("2026-10-10"));
    }
}
