//! Time limits and priority: plain functions (SPEC §5, §6 rule 2).
use chrono::{DateTime, Duration, FixedOffset, NaiveTime, Offset, TimeZone, Utc};

use crate::catalog::calendar::Calendar;

/// Shanghai has no daylight saving: UTC+8 all year.
pub fn shanghai() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap_or(Utc.fix())
}

/// Working days to tell the filer the result of the check (执法条例 §26).
pub const REPLY_WORKING_DAYS: u32 = 5;
/// 签收: an item counts as responded to on time when accepted within this many working days
/// of its receipt (the response rate of 接诉即办's 三率).
pub const ACCEPT_WORKING_DAYS: u32 = 1;
/// Working days to transfer what is outside the bureau's remit (执法条例 §26).
pub const TRANSFER_WORKING_DAYS: u32 = 3;
/// Hours a property firm has to report a violation it failed to dissuade (物业规定 §59).
pub const PROPERTY_REPORT_HOURS: i64 = 24;
/// Hours until officers are on site after a report of illegal construction, and while it is
/// still being built (拆除违法建筑若干规定 §7).
pub const ON_SITE_HOURS: i64 = 24;
pub const ON_SITE_HOURS_BUILDING: i64 = 2;
/// The matter code of illegal construction in the catalog.
pub const ILLEGAL_CONSTRUCTION: &str = "C1";

/// When officers must be on site, for an item about `matter_code` filed at `filed`.
pub fn on_site_deadline(
    matter_code: Option<&str>,
    still_being_built: bool,
    filed: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    (matter_code == Some(ILLEGAL_CONSTRUCTION)).then(|| {
        filed
            + Duration::hours(if still_being_built {
                ON_SITE_HOURS_BUILDING
            } else {
                ON_SITE_HOURS
            })
    })
}

/// The earliest clock running.
pub fn next_deadline(
    due: Option<DateTime<Utc>>,
    on_site: Option<DateTime<Utc>>,
) -> Option<DateTime<Utc>> {
    match (due, on_site) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Within this much of its deadline an item is flagged as near due.
pub const NEAR_DUE_HOURS: i64 = 24;

/// The end (23:59:59 Shanghai time) of the `n`th working day after `from`'s Shanghai date.
/// Where the calendar does not cover a year, weekdays are counted and `covered` is false:
/// the caller reports that a supervisor must extend the calendar.
pub fn working_deadline(cal: &Calendar, from: DateTime<Utc>, n: u32) -> (DateTime<Utc>, bool) {
    let tz = shanghai();
    let day = from.with_timezone(&tz).date_naive();
    let (date, covered) = match cal.add_working_days(day, n) {
        Ok(d) => (d, true),
        Err(_) => {
            let mut d = day;
            let mut left = n;
            while left > 0 {
                d = d.succ_opt().unwrap_or(d);
                if !matches!(
                    chrono::Datelike::weekday(&d),
                    chrono::Weekday::Sat | chrono::Weekday::Sun
                ) {
                    left -= 1;
                }
            }
            (d, false)
        }
    };
    let end = date.and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default());
    let local = tz
        .from_local_datetime(&end)
        .single()
        .unwrap_or_else(|| tz.from_utc_datetime(&end));
    (local.with_timezone(&Utc), covered)
}

/// A property report is late when filed more than 24 hours after the failed dissuasion.
pub fn property_report_late(dissuaded_at: DateTime<Utc>, filed_at: DateTime<Utc>) -> bool {
    filed_at - dissuaded_at > Duration::hours(PROPERTY_REPORT_HOURS)
}

/// Was the filer told in time? No deadline (none applied) counts as in time.
pub fn told_on_time(due: Option<DateTime<Utc>>, at: DateTime<Utc>) -> bool {
    due.is_none_or(|d| at <= d)
}

pub fn overdue(due: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    due.is_some_and(|d| now > d)
}

pub fn near_due(due: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    due.is_some_and(|d| now <= d && d - now <= Duration::hours(NEAR_DUE_HOURS))
}

/// What raises an item's priority (SPEC §6 rule 2).
#[derive(Clone, Copy, Debug, Default)]
pub struct PriorityFactors {
    pub public_safety: bool,
    pub media_attention: bool,
    /// Other items about the same unit and matter in the repeat window.
    pub repeats: u32,
    /// People who filed it (the first filer and every "me too").
    pub filers: u32,
}

/// A score; the officer's lists sort by it (higher first), then by deadline.
pub fn priority(f: PriorityFactors) -> i32 {
    let mut p = 0;
    if f.public_safety {
        p += 100;
    }
    if f.media_attention {
        p += 40;
    }
    p += 30 * f.repeats.min(3) as i32;
    p += 10 * f.filers.saturating_sub(1).min(5) as i32;
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::calendar::DayKind;

    fn cal() -> Calendar {
        let h = |s: &str| (s.parse().unwrap(), DayKind::Holiday);
        Calendar::new([
            h("2026-10-01"),
            h("2026-10-02"),
            h("2026-10-05"),
            h("2026-10-06"),
            h("2026-10-07"),
            ("2026-10-10".parse().unwrap(), DayKind::Workday),
        ])
    }

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn five_working_days_end_at_shanghai_midnight_and_skip_the_holiday() {
        // Filed Wed 30 Sep 2026 at 20:00 Shanghai (12:00 UTC): due Tue 13 Oct, 23:59:59 Shanghai.
        let (due, covered) = working_deadline(&cal(), utc("2026-09-30T12:00:00Z"), 5);
        assert!(covered);
        assert_eq!(due, utc("2026-10-13T15:59:59Z"));
    }

    #[test]
    fn late_evening_utc_is_already_the_next_day_in_shanghai() {
        // Fri 9 Oct 17:00 UTC is Sat 10 Oct 01:00 in Shanghai, a make-up working day:
        // counting starts after it: Mon 12 … Fri 16.
        let (due, _) = working_deadline(&cal(), utc("2026-10-09T17:00:00Z"), 5);
        assert_eq!(due, utc("2026-10-16T15:59:59Z"));
    }

    #[test]
    fn an_uncovered_year_counts_weekdays_and_says_so() {
        let (due, covered) = working_deadline(&cal(), utc("2027-03-01T02:00:00Z"), 5);
        assert!(!covered);
        assert_eq!(due, utc("2027-03-08T15:59:59Z"));
    }

    #[test]
    fn a_property_report_after_24_hours_is_late() {
        let d = utc("2026-11-01T08:00:00Z");
        assert!(!property_report_late(d, utc("2026-11-02T07:59:00Z")));
        assert!(property_report_late(d, utc("2026-11-02T14:00:00Z")));
    }

    #[test]
    fn public_safety_outranks_media_which_outranks_a_crowd() {
        let safety = priority(PriorityFactors {
            public_safety: true,
            filers: 1,
            ..Default::default()
        });
        let media = priority(PriorityFactors {
            media_attention: true,
            filers: 1,
            ..Default::default()
        });
        let crowd = priority(PriorityFactors {
            filers: 4,
            ..Default::default()
        });
        let plain = priority(PriorityFactors {
            filers: 1,
            ..Default::default()
        });
        assert!(safety > media && media > crowd && crowd > plain);
        assert_eq!(plain, 0);
    }

    #[test]
    fn illegal_construction_starts_an_on_site_clock_of_24_or_2_hours() {
        let t = utc("2026-11-27T02:00:00Z");
        assert_eq!(
            on_site_deadline(Some("C1"), false, t),
            Some(utc("2026-11-28T02:00:00Z"))
        );
        assert_eq!(
            on_site_deadline(Some("C1"), true, t),
            Some(utc("2026-11-27T04:00:00Z"))
        );
        assert_eq!(on_site_deadline(Some("C2"), true, t), None);
        let due = Some(utc("2026-12-04T15:59:59Z"));
        assert_eq!(
            next_deadline(due, Some(utc("2026-11-27T04:00:00Z"))),
            Some(utc("2026-11-27T04:00:00Z"))
        );
        assert_eq!(next_deadline(due, None), due);
    }

    #[test]
    fn near_due_and_overdue_flags() {
        let due = Some(utc("2026-11-27T15:59:59Z"));
        assert!(near_due(due, utc("2026-11-27T00:00:00Z")));
        assert!(!near_due(due, utc("2026-11-25T00:00:00Z")));
        assert!(overdue(due, utc("2026-11-27T16:00:00Z")));
        assert!(!overdue(None, utc("2026-11-27T16:00:00Z")));
    }
}
