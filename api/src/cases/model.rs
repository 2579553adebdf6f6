//! The penalty process (SPEC §7) as plain code: stages, the state machine, the checks on a
//! decision, and the clocks. No database here.
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use crate::{
    i18n::Msg,
    intake::{rules::shanghai, status::stored_enum},
    validation::FieldError,
};

stored_enum!(
    /// 案件阶段
    CaseStage {
        /// 立案
        Filed => "FILED",
        /// 调查取证
        Investigating => "INVESTIGATING",
        /// 告知 (of the proposed decision)
        Notified => "NOTIFIED",
        /// 陈述申辩 / 听证
        Hearing => "HEARING",
        /// 决定
        Decided => "DECIDED",
        /// 送达
        Served => "SERVED",
        /// 执行 / 整改复查
        Executed => "EXECUTED",
        /// 结案
        Closed => "CLOSED",
    }
);

stored_enum!(
    CaseProcedure {
        /// 简易程序: facts clear, a warning or a small fine, decided on the spot.
        Summary => "SUMMARY",
        /// 一般程序
        Ordinary => "ORDINARY",
    }
);

stored_enum!(
    /// Where the case came from.
    CaseOrigin {
        /// 诉转案: from complaints and reports.
        Complaint => "COMPLAINT",
        /// Found on a patrol, no filing.
        Patrol => "PATROL",
        /// A failed property duty check (物业履责核查).
        DutyCheck => "DUTY_CHECK",
    }
);

stored_enum!(
    /// 当事人
    PartyKind {
        /// 业主
        Owner => "OWNER",
        /// 使用人
        Occupant => "OCCUPANT",
        /// 承租人
        Tenant => "TENANT",
        /// 二房东
        Sublandlord => "SUBLANDLORD",
        /// 物业服务企业
        PropertyFirm => "PROPERTY_FIRM",
    }
);

stored_enum!(
    DecisionKind {
        /// 警告
        Warning => "WARNING",
        /// 罚款
        Fine => "FINE",
        /// 责令限期改正 (or demolish, for illegal construction)
        OrderToRectify => "ORDER_TO_RECTIFY",
    }
);

stored_enum!(
    /// 证据
    EvidenceKind {
        Photo => "PHOTO",
        /// 书证
        Document => "DOCUMENT",
        /// 勘验(检查)笔录
        InspectionRecord => "INSPECTION_RECORD",
        /// 询问笔录
        InquiryNote => "INQUIRY_NOTE",
        /// 修复(鉴定)报告: what an A1–A4 case needs to close.
        RestorationReport => "RESTORATION_REPORT",
    }
);

stored_enum!(
    ApprovalKind {
        /// 豁免立案: a mandatory-case filing leaves verification without a case.
        Exemption => "EXEMPTION",
        /// 延长决定期限
        DecisionExtension => "DECISION_EXTENSION",
        /// 法制审核 of a major case before the decision.
        LegalReview => "LEGAL_REVIEW",
    }
);

stored_enum!(
    ApprovalStatus {
        Pending => "PENDING",
        Approved => "APPROVED",
        Rejected => "REJECTED",
    }
);

stored_enum!(
    DutyCheckStatus {
        Open => "OPEN",
        Passed => "PASSED",
        Failed => "FAILED",
    }
);

stored_enum!(
    /// Why a filing may leave verification only as a case (SPEC §6).
    CaseRule {
        /// 应立尽立: a public-safety matter (`mandatory_case`).
        MandatoryMatter => "MANDATORY_MATTER",
        /// A repeat on a point that is not historical stock.
        RepeatComplaint => "REPEAT_COMPLAINT",
    }
);

stored_enum!(
    ClockKind {
        /// 90 days from filing to the decision (行政处罚法 §60), plus approved extensions.
        Decision => "DECISION",
        /// 5 working days after the notice to ask for a hearing (§64, §85).
        HearingRequest => "HEARING_REQUEST",
        /// The hearing itself.
        Hearing => "HEARING",
        /// 7 working days to serve a decision not handed over in person (§61, §85).
        Service => "SERVICE",
        /// 15 days to pay a fine (§67).
        Payment => "PAYMENT",
        /// The date an order to rectify sets.
        Rectify => "RECTIFY",
        /// 回头看
        Recheck => "RECHECK",
    }
);

stored_enum!(
    ClockState {
        Running => "RUNNING",
        /// Within two days of its time.
        Near => "NEAR",
        Past => "PAST",
        Done => "DONE",
    }
);

stored_enum!(
    /// What can be done on a case.
    CaseAction {
        Investigate => "INVESTIGATE",
        Notify => "NOTIFY",
        RequestHearing => "REQUEST_HEARING",
        Decide => "DECIDE",
        Serve => "SERVE",
        Execute => "EXECUTE",
        Close => "CLOSE",
        HandOver => "HAND_OVER",
        RecordRecheck => "RECORD_RECHECK",
        RequestLegalReview => "REQUEST_LEGAL_REVIEW",
        RequestExtension => "REQUEST_EXTENSION",
    }
);

/// Days the decision is due after filing (行政处罚法 §60).
pub const DECISION_DAYS: i64 = 90;
/// Working days to ask for a hearing after the notice (§64; §85 makes 五日 working days).
pub const HEARING_REQUEST_WORKING_DAYS: u32 = 5;
/// Working days a hearing is notified ahead (§64, §85).
pub const HEARING_NOTICE_WORKING_DAYS: u32 = 7;
/// Working days to serve a decision not handed over in person (§61, §85).
pub const SERVICE_WORKING_DAYS: u32 = 7;
/// Days to pay a fine after service (§67).
pub const PAYMENT_DAYS: i64 = 15;
/// Days after closing that a re-check visit (回头看) is due.
pub const RECHECK_DAYS: i64 = 30;
/// A clock within this of its time is flagged as near.
pub const NEAR_HOURS: i64 = 48;
/// Summary procedure limits (§51): a person up to 200 CNY, an organisation up to 3,000.
pub const SUMMARY_FINE_PERSON: i64 = 200;
pub const SUMMARY_FINE_ORGANISATION: i64 = 3_000;
/// Major cases need legal review (§58; Shanghai sub-district list): a person 5,000 CNY or
/// more, an organisation 50,000 or more, a hearing, an order to demolish.
pub const MAJOR_FINE_PERSON: i64 = 5_000;
pub const MAJOR_FINE_ORGANISATION: i64 = 50_000;
/// No fine above this, whatever the matter (the catalog leaves some ranges open).
pub const FINE_CEILING: i64 = 10_000_000;
/// Structural-damage matters close only with a restoration report.
pub const RESTORATION_MATTERS: [&str; 4] = ["A1", "A2", "A3", "A4"];
/// The matter a failed duty check opens a case under.
pub const FIRM_DUTY_MATTER: &str = "D1";

/// Where an action leads, or `None` when the process does not allow it from `from`.
/// A summary decision goes past service at once (handed over on the spot), and a warning
/// needs no execution: see `after_summary_decision`.
pub fn next(procedure: CaseProcedure, from: CaseStage, action: CaseAction) -> Option<CaseStage> {
    use CaseAction as A;
    use CaseStage as S;
    match (procedure, from, action) {
        (_, S::Filed, A::Investigate) => Some(S::Investigating),
        (CaseProcedure::Ordinary, S::Investigating, A::Notify) => Some(S::Notified),
        (CaseProcedure::Ordinary, S::Notified, A::RequestHearing) => Some(S::Hearing),
        (CaseProcedure::Ordinary, S::Notified | S::Hearing, A::Decide) => Some(S::Decided),
        (CaseProcedure::Summary, S::Filed | S::Investigating, A::Decide) => Some(S::Decided),
        (_, S::Decided, A::Serve) => Some(S::Served),
        (_, S::Served, A::Execute) => Some(S::Executed),
        (_, S::Executed, A::Close) => Some(S::Closed),
        (_, S::Closed, A::RecordRecheck) => Some(S::Closed),
        (_, s, A::HandOver) if s != S::Closed => Some(s),
        (CaseProcedure::Ordinary, S::Notified | S::Hearing, A::RequestLegalReview) => Some(from),
        (_, s, A::RequestExtension) if before_decision(s) => Some(s),
        _ => None,
    }
}

/// A summary decision is handed over on the spot: served at once, and a warning has
/// nothing left to execute.
pub fn after_summary_decision(kind: DecisionKind) -> CaseStage {
    match kind {
        DecisionKind::Warning => CaseStage::Executed,
        _ => CaseStage::Served,
    }
}

pub fn before_decision(s: CaseStage) -> bool {
    matches!(
        s,
        CaseStage::Filed | CaseStage::Investigating | CaseStage::Notified | CaseStage::Hearing
    )
}

/// The steps the process allows from here.
pub fn available(procedure: CaseProcedure, from: CaseStage) -> Vec<CaseAction> {
    CaseAction::ALL
        .iter()
        .copied()
        .filter(|a| next(procedure, from, *a).is_some())
        .collect()
}

/// A decision or a proposed one (stored as JSON).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub kind: String,
    pub fine_cny: Option<i64>,
    pub rectify_by: Option<NaiveDate>,
    #[serde(default)]
    pub demolish: bool,
    pub serious_reason: Option<String>,
    pub text: Option<String>,
}

impl Decision {
    pub fn kind(&self) -> Option<DecisionKind> {
        DecisionKind::parse(&self.kind)
    }
    /// Needs legal review (法制审核) before it is decided.
    pub fn is_major(&self, organisation: bool, hearing_held: bool) -> bool {
        let limit = if organisation {
            MAJOR_FINE_ORGANISATION
        } else {
            MAJOR_FINE_PERSON
        };
        hearing_held || self.demolish || self.fine_cny.unwrap_or(0) >= limit
    }
    /// How heavy, to compare with the notice: a decision may not be heavier than what the
    /// party was told (no heavier penalty for speaking up).
    fn weight(&self) -> (u8, i64) {
        let k = match self.kind() {
            Some(DecisionKind::Warning) => 0,
            Some(DecisionKind::OrderToRectify) => 1,
            Some(DecisionKind::Fine) => 2,
            None => 3,
        };
        (k, self.fine_cny.unwrap_or(0))
    }
    pub fn heavier_than(&self, proposed: &Decision) -> bool {
        let (k, f) = self.weight();
        let (pk, pf) = proposed.weight();
        k > pk || f > pf || (self.demolish && !proposed.demolish)
    }
}

/// The fine range of a matter, from the catalog.
#[derive(Clone, Copy, Debug, Default)]
pub struct FineRange {
    pub min: Option<i64>,
    pub max: Option<i64>,
    /// The "serious" band's top (情节严重): fines above `max` need a reason.
    pub serious_max: Option<i64>,
}

fn err(root: &'static str, field: &'static str, code: &'static str, msg: Msg) -> FieldError {
    FieldError {
        field: vec!["input", root, field],
        code,
        msg,
    }
}

/// Checks a decision against the matter's range, the procedure and the calendar. `root` is
/// the input field (`decision` or `proposed`).
pub fn check_decision(
    root: &'static str,
    d: &Decision,
    range: FineRange,
    procedure: CaseProcedure,
    organisation: bool,
    today: NaiveDate,
) -> Vec<FieldError> {
    let mut out = Vec::new();
    let Some(kind) = d.kind() else {
        out.push(err(root, "kind", "REQUIRED", Msg::Required));
        return out;
    };
    if kind == DecisionKind::Fine {
        match d.fine_cny {
            None => out.push(err(root, "fineCny", "REQUIRED", Msg::Required)),
            Some(f) if f <= 0 || f > FINE_CEILING => out.push(err(
                root,
                "fineCny",
                "FINE_OUT_OF_RANGE",
                Msg::FineOutOfRange,
            )),
            Some(f) => {
                if range.min.is_some_and(|min| f < min) {
                    out.push(err(
                        root,
                        "fineCny",
                        "FINE_OUT_OF_RANGE",
                        Msg::FineOutOfRange,
                    ));
                } else if let Some(max) = range.max
                    && f > max
                {
                    match range.serious_max {
                        Some(top) if f <= top => {
                            if d.serious_reason
                                .as_deref()
                                .is_none_or(|r| r.trim().is_empty())
                            {
                                out.push(err(
                                    root,
                                    "seriousReason",
                                    "SERIOUS_REASON_REQUIRED",
                                    Msg::SeriousReasonRequired,
                                ));
                            }
                        }
                        _ => out.push(err(
                            root,
                            "fineCny",
                            "FINE_OUT_OF_RANGE",
                            Msg::FineOutOfRange,
                        )),
                    }
                }
            }
        }
    } else if d.fine_cny.is_some() {
        out.push(err(
            root,
            "fineCny",
            "FINE_NOT_ALLOWED",
            Msg::FineNotAllowed,
        ));
    }
    if kind == DecisionKind::OrderToRectify {
        if d.rectify_by.is_none_or(|r| r <= today) {
            out.push(err(
                root,
                "rectifyBy",
                "RECTIFY_DATE_REQUIRED",
                Msg::RectifyDateRequired,
            ));
        }
    } else if d.demolish {
        out.push(err(
            root,
            "demolish",
            "NOT_ALLOWED_NOW",
            Msg::DemolishNeedsOrder,
        ));
    }
    if procedure == CaseProcedure::Summary {
        let limit = if organisation {
            SUMMARY_FINE_ORGANISATION
        } else {
            SUMMARY_FINE_PERSON
        };
        let small = match kind {
            DecisionKind::Warning => true,
            DecisionKind::Fine => d.fine_cny.is_some_and(|f| f <= limit),
            DecisionKind::OrderToRectify => false,
        };
        if !small {
            out.push(err(root, "kind", "SUMMARY_LIMIT", Msg::SummaryLimit));
        }
    }
    out
}

/// The end (23:59:59 Shanghai) of a date.
pub fn end_of_day(d: NaiveDate) -> DateTime<Utc> {
    let tz = shanghai();
    let end = d.and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default());
    tz.from_local_datetime(&end)
        .single()
        .unwrap_or_else(|| tz.from_utc_datetime(&end))
        .with_timezone(&Utc)
}

pub fn today(now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&shanghai()).date_naive()
}

pub fn payment_due(served: DateTime<Utc>) -> DateTime<Utc> {
    served + Duration::days(PAYMENT_DAYS)
}

/// One clock of a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clock {
    pub kind: ClockKind,
    pub due: DateTime<Utc>,
    pub done: bool,
}

impl Clock {
    pub fn state(&self, now: DateTime<Utc>) -> ClockState {
        if self.done {
            ClockState::Done
        } else if now > self.due {
            ClockState::Past
        } else if self.due - now <= Duration::hours(NEAR_HOURS) {
            ClockState::Near
        } else {
            ClockState::Running
        }
    }
}

/// The clocks of a case, from its dates: each with its due time and whether it is done.
pub fn clocks(c: &entity::enforcement_case::Model) -> Vec<Clock> {
    let stage = CaseStage::parse(&c.stage).unwrap_or(CaseStage::Filed);
    let mut out = vec![Clock {
        kind: ClockKind::Decision,
        due: c.decision_due_at,
        done: c.decided_at.is_some(),
    }];
    if let Some(due) = c.hearing_request_due_at {
        out.push(Clock {
            kind: ClockKind::HearingRequest,
            due,
            done: stage != CaseStage::Notified,
        });
    }
    if let Some(due) = c.hearing_at {
        out.push(Clock {
            kind: ClockKind::Hearing,
            due,
            done: stage != CaseStage::Hearing,
        });
    }
    if let Some(due) = c.service_due_at {
        out.push(Clock {
            kind: ClockKind::Service,
            due,
            done: c.served_at.is_some(),
        });
    }
    for (kind, due) in [
        (ClockKind::Payment, c.payment_due_at),
        (ClockKind::Rectify, c.rectify_due_at),
    ] {
        if let Some(due) = due {
            out.push(Clock {
                kind,
                due,
                done: c.executed_at.is_some(),
            });
        }
    }
    if let Some(due) = c.recheck_due_at {
        out.push(Clock {
            kind: ClockKind::Recheck,
            due,
            done: false,
        });
    }
    out
}

/// The earliest clock still running (the hearing date is an appointment, not a limit).
pub fn next_due(c: &entity::enforcement_case::Model) -> Option<DateTime<Utc>> {
    clocks(c)
        .into_iter()
        .filter(|k| !k.done && k.kind != ClockKind::Hearing)
        .map(|k| k.due)
        .min()
}

/// `110101199001011234` → `110***********1234`: lists show no whole ID number.
pub fn mask_id_number(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    // At least half hidden: 3 + 4 shown only on a long number (身份证 has 18).
    let (head, tail) = if chars.len() >= 14 { (3, 4) } else { (1, 1) };
    if chars.len() <= 4 {
        return "*".repeat(chars.len());
    }
    let h: String = chars[..head].iter().collect();
    let t: String = chars[chars.len() - tail..].iter().collect();
    format!("{h}{}{t}", "*".repeat(chars.len() - head - tail))
}

#[cfg(test)]
mod tests {
    use super::*;
    use CaseAction as A;
    use CaseStage as S;

    fn fine(f: i64) -> Decision {
        Decision {
            kind: "FINE".into(),
            fine_cny: Some(f),
            rectify_by: None,
            demolish: false,
            serious_reason: None,
            text: None,
        }
    }
    const A1: FineRange = FineRange {
        min: Some(10_000),
        max: Some(100_000),
        serious_max: Some(200_000),
    };
    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    #[test]
    fn the_ordinary_procedure_walks_every_stage_in_order() {
        let p = CaseProcedure::Ordinary;
        let mut s = S::Filed;
        for (a, want) in [
            (A::Investigate, S::Investigating),
            (A::Notify, S::Notified),
            (A::RequestHearing, S::Hearing),
            (A::Decide, S::Decided),
            (A::Serve, S::Served),
            (A::Execute, S::Executed),
            (A::Close, S::Closed),
        ] {
            s = next(p, s, a).unwrap();
            assert_eq!(s, want);
        }
    }

    #[test]
    fn stages_cannot_be_skipped() {
        let p = CaseProcedure::Ordinary;
        assert_eq!(
            next(p, S::Investigating, A::Decide),
            None,
            "no decision before the notice"
        );
        assert_eq!(next(p, S::Filed, A::Notify), None);
        assert_eq!(next(p, S::Decided, A::Close), None);
        assert_eq!(next(p, S::Served, A::Close), None);
        assert_eq!(next(p, S::Closed, A::HandOver), None);
        assert_eq!(next(p, S::Decided, A::RequestHearing), None);
    }

    #[test]
    fn the_summary_procedure_decides_without_notice_and_a_warning_needs_no_execution() {
        let p = CaseProcedure::Summary;
        assert_eq!(next(p, S::Filed, A::Decide), Some(S::Decided));
        assert_eq!(next(p, S::Investigating, A::Notify), None);
        assert_eq!(after_summary_decision(DecisionKind::Warning), S::Executed);
        assert_eq!(after_summary_decision(DecisionKind::Fine), S::Served);
    }

    #[test]
    fn fines_stay_in_the_matters_range_and_the_serious_band_needs_a_reason() {
        let o = CaseProcedure::Ordinary;
        assert!(check_decision("decision", &fine(50_000), A1, o, false, day()).is_empty());
        let low = check_decision("decision", &fine(5_000), A1, o, false, day());
        assert_eq!(low[0].code, "FINE_OUT_OF_RANGE");
        let serious = check_decision("decision", &fine(150_000), A1, o, false, day());
        assert_eq!(serious[0].code, "SERIOUS_REASON_REQUIRED");
        let mut with_reason = fine(150_000);
        with_reason.serious_reason = Some("拒不改正".into());
        assert!(check_decision("decision", &with_reason, A1, o, false, day()).is_empty());
        let over = check_decision("decision", &fine(250_000), A1, o, false, day());
        assert_eq!(over[0].code, "FINE_OUT_OF_RANGE");
    }

    #[test]
    fn the_summary_procedure_is_for_warnings_and_small_fines() {
        let s = CaseProcedure::Summary;
        let any = FineRange::default();
        assert!(check_decision("decision", &fine(200), any, s, false, day()).is_empty());
        assert_eq!(
            check_decision("decision", &fine(201), any, s, false, day())[0].code,
            "SUMMARY_LIMIT"
        );
        assert!(check_decision("decision", &fine(3_000), any, s, true, day()).is_empty());
        let mut warning = fine(0);
        warning.kind = "WARNING".into();
        warning.fine_cny = None;
        assert!(check_decision("decision", &warning, any, s, false, day()).is_empty());
    }

    #[test]
    fn an_order_to_rectify_needs_a_future_date() {
        let mut d = fine(0);
        d.kind = "ORDER_TO_RECTIFY".into();
        d.fine_cny = None;
        let o = CaseProcedure::Ordinary;
        let any = FineRange::default();
        assert_eq!(
            check_decision("decision", &d, any, o, false, day())[0].code,
            "RECTIFY_DATE_REQUIRED"
        );
        d.rectify_by = Some(day().succ_opt().unwrap());
        assert!(check_decision("decision", &d, any, o, false, day()).is_empty());
    }

    #[test]
    fn major_cases_and_no_heavier_than_the_notice() {
        assert!(fine(5_000).is_major(false, false));
        assert!(!fine(5_000).is_major(true, false));
        assert!(fine(100).is_major(false, true), "a hearing makes it major");
        assert!(fine(60_000).heavier_than(&fine(50_000)));
        assert!(!fine(40_000).heavier_than(&fine(50_000)));
    }

    #[test]
    fn id_numbers_are_masked_in_lists() {
        assert_eq!(mask_id_number("110101199001011234"), "110***********1234");
        assert_eq!(mask_id_number("1234567"), "1*****7");
        assert_eq!(mask_id_number("1234"), "****");
    }
}
