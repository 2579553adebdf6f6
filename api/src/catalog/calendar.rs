//! The working-day calendar (SPEC §5): Monday–Friday work, except public holidays; make-up
//! working days (调休) work even on a weekend. Plain code, no database.
use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Weekday};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayKind {
    /// A public holiday: no work even on a weekday.
    Holiday,
    /// A make-up working day: work even on a weekend.
    Workday,
}

impl DayKind {
    pub fn parse(s: &str) -> Option<DayKind> {
        match s {
            "HOLIDAY" => Some(DayKind::Holiday),
            "WORKDAY" => Some(DayKind::Workday),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DayKind::Holiday => "HOLIDAY",
            DayKind::Workday => "WORKDAY",
        }
    }
}

/// A date outside the years the calendar knows: reported, not guessed.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("the holiday calendar does not cover {0}; a supervisor must add that year")]
pub struct NotCovered(pub NaiveDate);

#[derive(Clone, Debug, Default)]
pub struct Calendar {
    exceptions: BTreeMap<NaiveDate, DayKind>,
}

impl Calendar {
    pub fn new(exceptions: impl IntoIterator<Item = (NaiveDate, DayKind)>) -> Self {
        Self {
            exceptions: exceptions.into_iter().collect(),
        }
    }

    /// The years with at least one exception: China publishes its holidays a year at a time.
    fn covers(&self, d: NaiveDate) -> bool {
        self.exceptions.keys().any(|k| k.year() == d.year())
    }

    pub fn is_working_day(&self, d: NaiveDate) -> Result<bool, NotCovered> {
        if !self.covers(d) {
            return Err(NotCovered(d));
        }
        Ok(match self.exceptions.get(&d) {
            Some(DayKind::Holiday) => false,
            Some(DayKind::Workday) => true,
            None => !matches!(d.weekday(), Weekday::Sat | Weekday::Sun),
        })
    }

    /// The date `n` working days after `start` (`start` itself not counted).
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> Result<NaiveDate, NotCovered> {
        let mut d = start;
        let mut left = n;
        while left > 0 {
            d = d.succ_opt().ok_or(NotCovered(d))?;
            if self.is_working_day(d)? {
                left -= 1;
            }
        }
        Ok(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// The real 2026 National Day arrangement from the catalog.
    fn calendar_2026() -> Calendar {
        let mut ex = vec![(day("2026-01-01"), DayKind::Holiday)];
        for d in [
            "2026-10-01",
            "2026-10-02",
            "2026-10-05",
            "2026-10-06",
            "2026-10-07",
        ] {
            ex.push((day(d), DayKind::Holiday));
        }
        ex.push((day("2026-10-10"), DayKind::Workday));
        Calendar::new(ex)
    }

    #[test]
    fn weekends_rest_and_weekdays_work() {
        let c = calendar_2026();
        assert!(c.is_working_day(day("2026-11-27")).unwrap()); // Friday
        assert!(!c.is_working_day(day("2026-11-28")).unwrap()); // Saturday
    }

    #[test]
    fn holidays_rest_and_make_up_days_work() {
        let c = calendar_2026();
        assert!(!c.is_working_day(day("2026-10-05")).unwrap()); // Monday, holiday
        assert!(c.is_working_day(day("2026-10-10")).unwrap()); // Saturday, make-up day
    }

    #[test]
    fn five_working_days_skip_a_holiday_week_and_count_the_make_up_day() {
        let c = calendar_2026();
        // From Wed 30 Sep: 1 Oct holiday…7 Oct; 8 Oct (Thu), 9 (Fri), 10 (Sat make-up),
        // 12 (Mon), 13 (Tue).
        assert_eq!(
            c.add_working_days(day("2026-09-30"), 5).unwrap(),
            day("2026-10-13")
        );
    }

    #[test]
    fn a_year_the_calendar_does_not_know_is_reported() {
        let c = calendar_2026();
        assert_eq!(
            c.is_working_day(day("2027-03-01")),
            Err(NotCovered(day("2027-03-01")))
        );
        assert!(c.add_working_days(day("2026-12-30"), 5).is_err());
    }
}
