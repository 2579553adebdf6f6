//! A referral's life as plain code (SPEC §5, 管执联动): sent → received → answered, or
//! returned with a reason and then re-sent. Who is on which side is decided here too.
use crate::{auth::Role, intake::status::stored_enum};

stored_enum!(
    /// Which way the work goes.
    ReferralDirection {
        /// 转办: from the bureau to a department, for what is outside the bureau's remit.
        Outgoing => "OUTGOING",
        /// 部门移送: from a department to the bureau.
        Incoming => "INCOMING",
    }
);

stored_enum!(
    ReferralState {
        Sent => "SENT",
        /// 签收
        Received => "RECEIVED",
        /// 办结答复
        Answered => "ANSWERED",
        /// 退回, with a reason
        Returned => "RETURNED",
    }
);

stored_enum!(
    /// What kind of department: the housing administration has accounts in the app; the
    /// others answer referrals on paper.
    DepartmentKind {
        /// 区房管 / 住房保障部门
        Housing => "HOUSING",
        Other => "OTHER",
    }
);

stored_enum!(
    ReferralStep {
        Receive => "RECEIVE",
        Answer => "ANSWER",
        Return => "RETURN",
        Resend => "RESEND",
    }
);

/// Where a step leads from a state, or `None` when it is not possible.
pub fn next(from: ReferralState, step: ReferralStep) -> Option<ReferralState> {
    use ReferralState as S;
    use ReferralStep as T;
    match (from, step) {
        (S::Sent, T::Receive) => Some(S::Received),
        (S::Sent | S::Received, T::Answer) => Some(S::Answered),
        (S::Sent | S::Received, T::Return) => Some(S::Returned),
        (S::Returned, T::Resend) => Some(S::Sent),
        _ => None,
    }
}

/// Still waiting on the receiver (its clock runs).
pub fn waiting(s: ReferralState) -> bool {
    matches!(s, ReferralState::Sent | ReferralState::Received)
}

/// The caller's side of a referral they can see.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// Sent it; may re-send it after a return.
    Sender,
    /// Receives it; may receive, answer or return it.
    Receiver,
    /// An officer recording the paper answer of a department without accounts.
    OnBehalf,
    /// Sees it only.
    Reader,
}

/// Officers and supervisors send outgoing referrals and receive incoming ones; the housing
/// partner the other way round. A department without accounts (`OTHER`) answers on paper,
/// which the officers record.
pub fn side(role: Role, direction: ReferralDirection, department: DepartmentKind) -> Side {
    let staff = matches!(role, Role::Officer | Role::Supervisor);
    let housing = role == Role::Housing && department == DepartmentKind::Housing;
    match direction {
        ReferralDirection::Outgoing if staff && department == DepartmentKind::Other => {
            Side::OnBehalf
        }
        ReferralDirection::Outgoing if staff => Side::Sender,
        ReferralDirection::Outgoing if housing => Side::Receiver,
        ReferralDirection::Incoming if staff => Side::Receiver,
        ReferralDirection::Incoming if housing => Side::Sender,
        _ => Side::Reader,
    }
}

/// May `side` take `step` now?
pub fn allowed(side: Side, state: ReferralState, step: ReferralStep) -> bool {
    let by = match step {
        ReferralStep::Resend => matches!(side, Side::Sender | Side::OnBehalf),
        _ => matches!(side, Side::Receiver | Side::OnBehalf),
    };
    by && next(state, step).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReferralState as S;
    use ReferralStep as T;

    #[test]
    fn a_referral_is_received_then_answered() {
        assert_eq!(next(S::Sent, T::Receive), Some(S::Received));
        assert_eq!(next(S::Received, T::Answer), Some(S::Answered));
        // Answering a sent one receives it at the same time.
        assert_eq!(next(S::Sent, T::Answer), Some(S::Answered));
    }

    #[test]
    fn only_a_returned_referral_is_resent_and_an_answer_is_final() {
        assert_eq!(next(S::Returned, T::Resend), Some(S::Sent));
        assert_eq!(next(S::Sent, T::Resend), None);
        for t in [T::Receive, T::Answer, T::Return, T::Resend] {
            assert_eq!(next(S::Answered, t), None, "{t:?}");
        }
        assert_eq!(next(S::Received, T::Receive), None);
        assert_eq!(next(S::Returned, T::Answer), None);
    }

    #[test]
    fn sides_follow_the_direction_and_the_department() {
        use DepartmentKind::{Housing, Other};
        use ReferralDirection::{Incoming, Outgoing};
        assert_eq!(side(Role::Officer, Outgoing, Housing), Side::Sender);
        assert_eq!(side(Role::Housing, Outgoing, Housing), Side::Receiver);
        assert_eq!(side(Role::Officer, Outgoing, Other), Side::OnBehalf);
        assert_eq!(side(Role::Housing, Outgoing, Other), Side::Reader);
        assert_eq!(side(Role::Supervisor, Incoming, Housing), Side::Receiver);
        assert_eq!(side(Role::Housing, Incoming, Housing), Side::Sender);
        assert_eq!(side(Role::Resident, Incoming, Housing), Side::Reader);
    }

    #[test]
    fn senders_cannot_answer_their_own_referral_and_receivers_cannot_resend() {
        assert!(!allowed(Side::Sender, S::Sent, T::Answer));
        assert!(!allowed(Side::Sender, S::Sent, T::Return));
        assert!(allowed(Side::Sender, S::Returned, T::Resend));
        assert!(!allowed(Side::Receiver, S::Returned, T::Resend));
        assert!(allowed(Side::Receiver, S::Sent, T::Return));
        assert!(allowed(Side::OnBehalf, S::Sent, T::Answer));
        assert!(allowed(Side::OnBehalf, S::Returned, T::Resend));
        assert!(!allowed(Side::Reader, S::Sent, T::Receive));
    }
}
