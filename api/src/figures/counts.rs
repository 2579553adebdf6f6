//! The numbers behind the figures and their rates, and trend buckets: plain code.
//!
//! Every rate is a count over a count of the items *received in the period* (a cohort), so a
//! month's figures keep their meaning when read later:
//! - response rate (响应率) = accepted within 1 working day / received, leaving out those not
//!   yet accepted whose working day has not run out;
//! - resolution rate (解决率) = reached a result (resolved, taken into a case, replied, closed,
//!   answered) / received;
//! - on-time rate (按时办结率) = told the result by the deadline / told the result;
//! - satisfaction rate (满意率) = rated satisfied / rated (a quiet closing is not a rating);
//! - 诉转案 rate = taken into a case / violations found (taken into a case + rectified on the
//!   spot), overall and for the mandatory matters (应立尽立, goal 100 %);
//! - repeat rate = repeat complaints (same unit and matter within the repeat window) /
//!   complaints.
use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

/// Counts for one group of items.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub received: i64,
    /// Not yet accepted, and their working day has not run out: not yet judged.
    pub awaiting_accept: i64,
    pub accepted_on_time: i64,
    pub resolved: i64,
    pub replied: i64,
    pub replied_on_time: i64,
    pub rated: i64,
    pub satisfied: i64,
    pub violations: i64,
    pub converted: i64,
    pub mandatory_violations: i64,
    pub mandatory_converted: i64,
    pub complaints: i64,
    pub repeats: i64,
}

/// `num / den`, or `None` when nothing was there to count.
pub fn rate(num: i64, den: i64) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

impl Counts {
    pub fn add(&mut self, o: &Counts) {
        self.received += o.received;
        self.awaiting_accept += o.awaiting_accept;
        self.accepted_on_time += o.accepted_on_time;
        self.resolved += o.resolved;
        self.replied += o.replied;
        self.replied_on_time += o.replied_on_time;
        self.rated += o.rated;
        self.satisfied += o.satisfied;
        self.violations += o.violations;
        self.converted += o.converted;
        self.mandatory_violations += o.mandatory_violations;
        self.mandatory_converted += o.mandatory_converted;
        self.complaints += o.complaints;
        self.repeats += o.repeats;
    }
    pub fn response_rate(&self) -> Option<f64> {
        rate(self.accepted_on_time, self.received - self.awaiting_accept)
    }
    pub fn resolution_rate(&self) -> Option<f64> {
        rate(self.resolved, self.received)
    }
    pub fn on_time_rate(&self) -> Option<f64> {
        rate(self.replied_on_time, self.replied)
    }
    pub fn satisfaction_rate(&self) -> Option<f64> {
        rate(self.satisfied, self.rated)
    }
    pub fn conversion_rate(&self) -> Option<f64> {
        rate(self.converted, self.violations)
    }
    pub fn mandatory_conversion_rate(&self) -> Option<f64> {
        rate(self.mandatory_converted, self.mandatory_violations)
    }
    pub fn repeat_rate(&self) -> Option<f64> {
        rate(self.repeats, self.complaints)
    }
}

/// How a trend groups days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bucket {
    Day,
    /// Weeks start on Monday.
    Week,
    Month,
}

/// The first day of the bucket holding `d`.
pub fn bucket_start(b: Bucket, d: NaiveDate) -> NaiveDate {
    match b {
        Bucket::Day => d,
        Bucket::Week => d - Duration::days(d.weekday().num_days_from_monday() as i64),
        Bucket::Month => d.with_day(1).unwrap_or(d),
    }
}

fn next_bucket(b: Bucket, start: NaiveDate) -> NaiveDate {
    match b {
        Bucket::Day => start + Duration::days(1),
        Bucket::Week => start + Duration::days(7),
        Bucket::Month => start
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(start + Duration::days(31)),
    }
}

/// Every bucket from the one holding `from` to the one holding `to`, with the days' counts
/// added up; buckets without items are there with zeros.
pub fn trend(
    b: Bucket,
    from: NaiveDate,
    to: NaiveDate,
    days: &[(NaiveDate, Counts)],
) -> Vec<(NaiveDate, Counts)> {
    let mut out: Vec<(NaiveDate, Counts)> = Vec::new();
    let mut s = bucket_start(b, from);
    let last = bucket_start(b, to);
    while s <= last {
        out.push((s, Counts::default()));
        s = next_bucket(b, s);
    }
    for (d, c) in days {
        let k = bucket_start(b, *d);
        if let Ok(i) = out.binary_search_by_key(&k, |(s, _)| *s) {
            out[i].1.add(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// A crafted month: 10 items received; 8 accepted within a working day; 7 reached a
    /// result; 6 told, 5 of them in time; 4 rated, 3 satisfied; 4 violations, 3 taken into a
    /// case; 2 mandatory violations, both cases; 8 complaints, 2 of them repeats.
    #[test]
    fn the_rates_are_the_documented_quotients() {
        let mut c = Counts {
            received: 10,
            awaiting_accept: 0,
            accepted_on_time: 8,
            resolved: 7,
            replied: 6,
            replied_on_time: 5,
            rated: 4,
            satisfied: 3,
            violations: 4,
            converted: 3,
            mandatory_violations: 2,
            mandatory_converted: 2,
            complaints: 8,
            repeats: 2,
        };
        assert_eq!(c.response_rate(), Some(0.8));
        assert_eq!(c.resolution_rate(), Some(0.7));
        assert_eq!(c.on_time_rate(), Some(5.0 / 6.0));
        assert_eq!(c.satisfaction_rate(), Some(0.75));
        assert_eq!(c.conversion_rate(), Some(0.75));
        assert_eq!(c.mandatory_conversion_rate(), Some(1.0));
        assert_eq!(c.repeat_rate(), Some(0.25));
        // Two more received today, not yet due: the response rate waits for them.
        c.received += 2;
        c.awaiting_accept = 2;
        assert_eq!(c.response_rate(), Some(0.8));
        assert_eq!(c.resolution_rate(), Some(7.0 / 12.0));
    }

    #[test]
    fn nothing_to_count_is_no_rate_not_zero() {
        let c = Counts::default();
        assert_eq!(c.response_rate(), None);
        assert_eq!(c.satisfaction_rate(), None);
        assert_eq!(rate(0, 3), Some(0.0));
    }

    #[test]
    fn weeks_start_on_monday_and_empty_weeks_are_zero() {
        // Fri 6 Nov 2026 .. Wed 25 Nov 2026: weeks of 2, 9, 16 and 23 Nov.
        let one = Counts {
            received: 1,
            ..Default::default()
        };
        let days = [
            (d("2026-11-06"), one),
            (d("2026-11-08"), one),
            (d("2026-11-24"), one),
        ];
        let t = trend(Bucket::Week, d("2026-11-06"), d("2026-11-25"), &days);
        let starts: Vec<_> = t.iter().map(|(s, _)| s.to_string()).collect();
        assert_eq!(
            starts,
            ["2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23"]
        );
        let received: Vec<_> = t.iter().map(|(_, c)| c.received).collect();
        assert_eq!(received, [2, 0, 0, 1]);
    }

    #[test]
    fn months_and_days() {
        let one = Counts {
            received: 1,
            ..Default::default()
        };
        let t = trend(
            Bucket::Month,
            d("2026-01-31"),
            d("2026-03-01"),
            &[(d("2026-02-28"), one)],
        );
        assert_eq!(t.len(), 3);
        assert_eq!(t[1], (d("2026-02-01"), one));
        let t = trend(Bucket::Day, d("2026-02-27"), d("2026-03-01"), &[]);
        assert_eq!(t.len(), 3);
    }
}
