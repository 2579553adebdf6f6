//! The closed loop (闭环处置) as a state machine: plain code, no database (SPEC §5).
/// Stored as SCREAMING_SNAKE_CASE text; the GraphQL enum has the same names.
macro_rules! stored_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $v:ident => $s:literal,)* }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, async_graphql::Enum, serde::Serialize)]
        pub enum $name { $($(#[$vm])* $v,)* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v,)*];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$v => $s,)* }
            }
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($s => Some($name::$v),)* _ => None }
            }
        }
    };
}
pub(crate) use stored_enum;

stored_enum!(
    /// What came in.
    ItemKind {
        /// 投诉
        Complaint => "COMPLAINT",
        /// 物业报告: a violation the firm failed to dissuade (劝止无效)
        PropertyReport => "PROPERTY_REPORT",
        /// 居民区反映
        CommitteeReport => "COMMITTEE_REPORT",
        /// 人民建议: an idea, not a violation
        Suggestion => "SUGGESTION",
    }
);

stored_enum!(
    /// 线索来源
    ItemSource {
        /// 市民投诉 (app or 12345 hotline)
        CitizenComplaint => "CITIZEN_COMPLAINT",
        /// 小区巡查
        Patrol => "PATROL",
        /// 物业报告
        PropertyReport => "PROPERTY_REPORT",
        /// 居民区反映
        CommitteeReport => "COMMITTEE_REPORT",
        /// 部门移送
        DepartmentReferral => "DEPARTMENT_REFERRAL",
        /// 媒体监督
        Media => "MEDIA",
    }
);

stored_enum!(
    ItemStatus {
        Submitted => "SUBMITTED",
        /// 受理
        Accepted => "ACCEPTED",
        /// 核查
        Verifying => "VERIFYING",
        /// 诉转案
        ConvertedToCase => "CONVERTED_TO_CASE",
        /// No violation, rectified on the spot, or referred to another department.
        Resolved => "RESOLVED",
        /// 答复: the filer has the answer.
        Replied => "REPLIED",
        Closed => "CLOSED",
        /// A suggestion with its answer.
        Answered => "ANSWERED",
    }
);

stored_enum!(
    /// How verification ended without a case.
    Resolution {
        NoViolation => "NO_VIOLATION",
        RectifiedOnSite => "RECTIFIED_ON_SITE",
        /// Outside the bureau's remit: transferred to the named department.
        Referred => "REFERRED",
    }
);

stored_enum!(
    Rating {
        Satisfied => "SATISFIED",
        Unsatisfied => "UNSATISFIED",
    }
);

stored_enum!(
    /// What was done with a suggestion (人民建议办理).
    Adoption {
        Adopted => "ADOPTED",
        PartlyAdopted => "PARTLY_ADOPTED",
        NotAdopted => "NOT_ADOPTED",
    }
);

stored_enum!(
    /// Steps a person can take on an item.
    ItemAction {
        Accept => "ACCEPT",
        StartVerification => "START_VERIFICATION",
        Resolve => "RESOLVE",
        Reply => "REPLY",
        Rate => "RATE",
        AnswerSuggestion => "ANSWER_SUGGESTION",
        /// 延期: a supervisor's, not a step of the loop.
        ExtendDeadline => "EXTEND_DEADLINE",
    }
);

/// Where an action leads from a status, or `None` when the loop does not allow it.
/// Rating is special: its target depends on the rating and on whether the item was
/// already reopened once (see `after_rating`).
pub fn next(kind: ItemKind, from: ItemStatus, action: ItemAction) -> Option<ItemStatus> {
    use ItemAction as A;
    use ItemStatus as S;
    if kind == ItemKind::Suggestion {
        return match (from, action) {
            (S::Submitted, A::Accept) => Some(S::Accepted),
            (S::Accepted, A::AnswerSuggestion) => Some(S::Answered),
            _ => None,
        };
    }
    match (from, action) {
        (S::Submitted, A::Accept) => Some(S::Accepted),
        (S::Accepted, A::StartVerification) => Some(S::Verifying),
        (S::Verifying, A::Resolve) => Some(S::Resolved),
        (S::Resolved | S::ConvertedToCase, A::Reply) => Some(S::Replied),
        (S::Replied, A::Rate) => Some(S::Closed),
        _ => None,
    }
}

/// After the filer's rating: satisfied closes; the first unsatisfied rating reopens the
/// item for a supervisor's second look (back to verification); a second one closes it.
pub fn after_rating(rating: Rating, already_reopened: bool) -> (ItemStatus, bool) {
    match (rating, already_reopened) {
        (Rating::Unsatisfied, false) => (ItemStatus::Verifying, true),
        _ => (ItemStatus::Closed, already_reopened),
    }
}

/// The actions the loop allows from here (who may take them is authorization's business).
pub fn available(kind: ItemKind, from: ItemStatus) -> Vec<ItemAction> {
    ItemAction::ALL
        .iter()
        .copied()
        .filter(|a| next(kind, from, *a).is_some())
        .collect()
}

/// The time limit to tell the filer runs until the reply (SPEC §5: the result of the
/// check within 5 working days), through resolution and conversion.
pub fn clock_runs(s: ItemStatus) -> bool {
    is_open(s) || matches!(s, ItemStatus::Resolved | ItemStatus::ConvertedToCase)
}

/// Still being worked on before a result (joinable, reopenable).
pub fn is_open(s: ItemStatus) -> bool {
    matches!(
        s,
        ItemStatus::Submitted | ItemStatus::Accepted | ItemStatus::Verifying
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use ItemAction as A;
    use ItemStatus as S;

    #[test]
    fn a_complaint_walks_the_whole_loop() {
        let k = ItemKind::Complaint;
        let mut s = S::Submitted;
        for (a, want) in [
            (A::Accept, S::Accepted),
            (A::StartVerification, S::Verifying),
            (A::Resolve, S::Resolved),
            (A::Reply, S::Replied),
            (A::Rate, S::Closed),
        ] {
            s = next(k, s, a).unwrap();
            assert_eq!(s, want);
        }
    }

    #[test]
    fn steps_cannot_be_skipped_or_repeated() {
        let k = ItemKind::Complaint;
        assert_eq!(next(k, S::Submitted, A::Resolve), None);
        assert_eq!(next(k, S::Submitted, A::Reply), None);
        assert_eq!(next(k, S::Accepted, A::Accept), None);
        assert_eq!(next(k, S::Closed, A::StartVerification), None);
        assert_eq!(next(k, S::Verifying, A::Rate), None);
    }

    #[test]
    fn an_unsatisfied_rating_reopens_once_then_closes() {
        assert_eq!(
            after_rating(Rating::Unsatisfied, false),
            (S::Verifying, true)
        );
        assert_eq!(after_rating(Rating::Unsatisfied, true), (S::Closed, true));
        assert_eq!(after_rating(Rating::Satisfied, false), (S::Closed, false));
    }

    #[test]
    fn suggestions_have_their_own_loop() {
        let k = ItemKind::Suggestion;
        assert_eq!(next(k, S::Submitted, A::Accept), Some(S::Accepted));
        assert_eq!(next(k, S::Accepted, A::StartVerification), None);
        assert_eq!(next(k, S::Accepted, A::AnswerSuggestion), Some(S::Answered));
        assert_eq!(available(k, S::Accepted), vec![A::AnswerSuggestion]);
    }

    #[test]
    fn the_clock_runs_until_the_reply() {
        assert!(
            clock_runs(S::Resolved) && clock_runs(S::ConvertedToCase) && clock_runs(S::Submitted)
        );
        assert!(!clock_runs(S::Replied) && !clock_runs(S::Closed) && !clock_runs(S::Answered));
    }

    #[test]
    fn stored_names_round_trip() {
        for s in ItemStatus::ALL {
            assert_eq!(ItemStatus::parse(s.as_str()), Some(*s));
        }
        assert_eq!(ItemSource::parse("HOTLINE"), None);
    }
}
