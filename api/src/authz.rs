//! Authorization: one readable matrix of operation × role, plus the scope rules that sit
//! next to the data. The black-box test `authorization_matrix` checks every row of the
//! same table against the running server.
use entity::{community, squad, sub_district};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, sea_query::Query};

use crate::{
    auth::{CurrentUser, Role, Scope},
    error::{ApiError, ApiResult},
};

/// Every operation of the API.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Op {
    // sessions
    Login,
    RefreshSession,
    Logout,
    Me,
    MyAccountChanged,
    // public directory
    ListSubDistricts,
    ListCommunities,
    ViewCommunity,
    MyCommunities,
    // accounts
    RegisterResident,
    ListPendingResidents,
    VerifyResident,
    ListAccounts,
    CreateAccount,
    DeactivateAccount,
    // catalog and calendar
    ListMatters,
    SaveMatter,
    ListHolidays,
    SetHoliday,
    // intake and the closed loop
    FileComplaint,
    FilePropertyReport,
    FileSuggestion,
    JoinItem,
    SimilarOpenItems,
    MyItems,
    Inbox,
    CommunityItems,
    ViewItem,
    AcceptItems,
    StartVerification,
    ResolveItem,
    ReplyItem,
    RateItem,
    AnswerSuggestion,
    ExtendDeadline,
    ItemChanged,
    // enforcement cases
    ListCases,
    ViewCase,
    OpenCase,
    AddCaseItems,
    AddCaseParty,
    AddCaseEvidence,
    InvestigateCase,
    NotifyCase,
    RequestHearing,
    DecideCase,
    ServeCase,
    ExecuteCase,
    CloseCase,
    HandOverCase,
    RecordRecheck,
    RequestApproval,
    DecideApproval,
    ListApprovals,
    MarkHistoricalStock,
    ListDutyChecks,
    ConcludeDutyCheck,
    // the renovation pilot
    ListRenovations,
    ViewRenovation,
    RegisterRenovation,
    RecordRenovationAgreement,
    StartRenovation,
    LogRenovationPatrol,
    ReportRenovationFinding,
    CompleteRenovation,
    RenovationNotices,
    FirmLeagueTable,
    // figures, exports, hotspots and plans, the workroom, the practice library
    Figures,
    FigureItems,
    ExportFigures,
    ExportItems,
    ExportHotspots,
    ListHotspots,
    ViewHotspot,
    ImportHotspots,
    MarkHotspot,
    EndHotspot,
    ViewRectificationPlan,
    CreateRectificationPlan,
    AddPlanMeasure,
    CompletePlanMeasure,
    AddPlanNote,
    MyWorkroom,
    SquadOfficers,
    SaveWorkroom,
    ListPracticeCases,
    ViewPracticeCase,
    SavePracticeCase,
    SubmitPracticeCase,
    ReviewPracticeCase,
    // duty and patrols
    SuggestedRoster,
    ListPatrolPlans,
    CreatePatrolPlan,
    LogPatrol,
    ViewPatrol,
    PatrolCoverage,
    PatrolToday,
    // partners in the linkage (管执联动): departments, referrals, joint actions
    ListDepartments,
    SaveDepartment,
    ListReferrals,
    ViewReferral,
    ReferItem,
    ReferToBureau,
    ReceiveReferral,
    AnswerReferral,
    ReturnReferral,
    ResendReferral,
    ListJointActions,
    ViewJointAction,
    CreateJointAction,
    AddJointActionUnit,
    RecordJointRecheck,
    AffordableHousingSeries,
    // Web Push
    PushPublicKey,
    SubscribePush,
}

/// Who may call an operation at all. Scope rules (which rows) come after, in the services.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    /// No token needed.
    Anyone,
    /// Any signed-in role.
    SignedIn,
    /// Only these roles; everyone else gets `FORBIDDEN`.
    Roles(&'static [Role]),
}

use Role::*;

/// The matrix. The third column says the scope rule applied to the rows.
#[rustfmt::skip]
pub const MATRIX: &[(Op, Who, &str)] = &[
    (Op::Login,                Who::Anyone,                                                      "-"),
    (Op::RefreshSession,       Who::Anyone,                                                      "the token's own login"),
    (Op::Logout,               Who::Anyone,                                                      "the token's own login"),
    (Op::Me,                   Who::SignedIn,                                                    "self"),
    (Op::MyAccountChanged,     Who::SignedIn,                                                    "self"),
    (Op::ListSubDistricts,     Who::Anyone,                                                      "public directory"),
    (Op::ListCommunities,      Who::Anyone,                                                      "public directory (name, address, workroom)"),
    (Op::ViewCommunity,        Who::Anyone,                                                      "public directory (name, address, workroom)"),
    (Op::MyCommunities,        Who::SignedIn,                                                    "the communities of the caller's scope"),
    (Op::RegisterResident,     Who::Anyone,                                                      "-"),
    (Op::ListPendingResidents, Who::Roles(&[Committee, Supervisor]),                             "committee: its communities; supervisor: squad or district"),
    (Op::VerifyResident,       Who::Roles(&[Committee, Supervisor]),                             "committee: its communities; supervisor: squad or district; else NOT_FOUND"),
    (Op::ListAccounts,         Who::Roles(&[Supervisor]),                                        "squad supervisor: the squad's officers; district supervisor: the district"),
    (Op::CreateAccount,        Who::Roles(&[Supervisor]),                                        "squad supervisor: officers of the squad; district supervisor: any role in the district"),
    (Op::DeactivateAccount,    Who::Roles(&[Supervisor]),                                        "as CreateAccount; else NOT_FOUND"),
    (Op::ListMatters,          Who::SignedIn,                                                    "the catalog"),
    (Op::SaveMatter,           Who::Roles(&[Supervisor]),                                        "district supervisor only"),
    (Op::ListHolidays,         Who::SignedIn,                                                    "the calendar"),
    (Op::SetHoliday,           Who::Roles(&[Supervisor]),                                        "district supervisor only"),
    (Op::FileComplaint,        Who::Roles(&[Resident, Committee, Officer, Supervisor]),          "residents: any community; committee, officers: their communities"),
    (Op::FilePropertyReport,   Who::Roles(&[Property]),                                          "the firm's communities"),
    (Op::FileSuggestion,       Who::Roles(&[Resident, Committee]),                               "residents: any community; committee: its communities"),
    (Op::JoinItem,             Who::Roles(&[Resident]),                                          "open items of the resident's own community; else NOT_FOUND"),
    (Op::SimilarOpenItems,     Who::SignedIn,                                                    "residents: own community; others: their scope; no filer identities"),
    (Op::MyItems,              Who::SignedIn,                                                    "items the caller filed or joined"),
    (Op::Inbox,                Who::Roles(&[Officer, Supervisor]),                               "items routed to the squad (district supervisor: the district)"),
    (Op::CommunityItems,       Who::Roles(&[Committee, Property, Officer, Supervisor, Housing]), "items about the scope's communities; no filer for committee, firm, housing"),
    (Op::ViewItem,             Who::SignedIn,                                                    "resident: own; committee, firm: their communities; officers: squad; else NOT_FOUND"),
    (Op::AcceptItems,          Who::Roles(&[Officer, Supervisor]),                               "items routed to the squad; others: NOT_FOUND per item"),
    (Op::StartVerification,    Who::Roles(&[Officer, Supervisor]),                               "items routed to the squad; else NOT_FOUND"),
    (Op::ResolveItem,          Who::Roles(&[Officer, Supervisor]),                               "items routed to the squad; else NOT_FOUND"),
    (Op::ReplyItem,            Who::Roles(&[Officer, Supervisor]),                               "items routed to the squad; else NOT_FOUND"),
    (Op::RateItem,             Who::Roles(&[Resident, Committee, Property]),                     "the item's first filer (others: NOT_THE_FILER)"),
    (Op::AnswerSuggestion,     Who::Roles(&[Officer, Supervisor]),                               "suggestions routed to the squad"),
    (Op::ExtendDeadline,       Who::Roles(&[Supervisor]),                                        "items routed to the squad or district"),
    (Op::ItemChanged,          Who::SignedIn,                                                    "the caller's own items; the inbox stream needs Inbox"),
    (Op::ListCases,            Who::Roles(&[Officer, Supervisor, Housing]),                      "cases handled by the caller's squad (district supervisor: the district); housing, reading only: the district's illegal-letting and affordable-housing cases"),
    (Op::ViewCase,             Who::Roles(&[Officer, Supervisor, Housing]),                      "as ListCases (housing: ID numbers and phones masked, no evidence originals or places); else NOT_FOUND"),
    (Op::OpenCase,             Who::Roles(&[Officer, Supervisor]),                               "filings routed to the squad, communities of the scope; else NOT_FOUND per item"),
    (Op::AddCaseItems,         Who::Roles(&[Officer, Supervisor]),                               "as ListCases, filings routed to the squad; else NOT_FOUND"),
    (Op::AddCaseParty,         Who::Roles(&[Officer, Supervisor]),                               "as ListCases; else NOT_FOUND"),
    (Op::AddCaseEvidence,      Who::Roles(&[Officer, Supervisor]),                               "as ListCases; else NOT_FOUND"),
    (Op::InvestigateCase,      Who::Roles(&[Officer, Supervisor]),                               "as ListCases; else NOT_FOUND"),
    (Op::NotifyCase,           Who::Roles(&[Officer, Supervisor]),                               "as ListCases; else NOT_FOUND"),
    (Op::RequestHearing,       Who::Roles(&[Officer, Supervisor]),                               "as ListCases; else NOT_FOUND"),
    (Op::DecideCase,           Who::Roles(&[Officer, Supervisor]),                               "as ListCases; else NOT_FOUND"),
    (Op::ServeCase,            Who::Roles(&[Officer, Supervisor]),                               "as ListCases; else NOT_FOUND"),
    (Op::ExecuteCase,          Who::Roles(&[Officer, Supervisor]),                               "as ListCases; else NOT_FOUND"),
    (Op::CloseCase,            Who::Roles(&[Officer, Supervisor]),                               "as ListCases; else NOT_FOUND"),
    (Op::HandOverCase,         Who::Roles(&[Officer, Supervisor]),                               "as ListCases, to a unit of the same district; else NOT_FOUND"),
    (Op::RecordRecheck,        Who::Roles(&[Officer, Supervisor]),                               "as ListCases; else NOT_FOUND"),
    (Op::RequestApproval,      Who::Roles(&[Officer, Supervisor]),                               "items routed to / cases handled by the squad; else NOT_FOUND"),
    (Op::DecideApproval,       Who::Roles(&[Supervisor]),                                        "requests of the squad (district: the district), never one's own; else NOT_FOUND"),
    (Op::ListApprovals,        Who::Roles(&[Officer, Supervisor]),                               "supervisor: the scope's requests; officer: own requests"),
    (Op::MarkHistoricalStock,  Who::Roles(&[Officer, Supervisor]),                               "items routed to the squad; else NOT_FOUND"),
    (Op::ListDutyChecks,       Who::Roles(&[Property, Officer, Supervisor]),                     "firm: checks on itself (no owner case); officers: checks of their cases"),
    (Op::ConcludeDutyCheck,    Who::Roles(&[Officer, Supervisor]),                               "checks of the caller's cases; else NOT_FOUND"),
    (Op::ListRenovations,      Who::Roles(&[Property, Officer, Supervisor, Housing]),            "firm: its own; officers, supervisors: their communities; housing: the district"),
    (Op::ViewRenovation,       Who::Roles(&[Property, Officer, Supervisor, Housing]),            "as ListRenovations; else NOT_FOUND"),
    (Op::RegisterRenovation,   Who::Roles(&[Property]),                                          "communities the firm manages"),
    (Op::RecordRenovationAgreement, Who::Roles(&[Property]),                                     "the firm's own registrations; else NOT_FOUND"),
    (Op::StartRenovation,      Who::Roles(&[Property]),                                          "the firm's own registrations; else NOT_FOUND"),
    (Op::LogRenovationPatrol,  Who::Roles(&[Property]),                                          "the firm's own registrations; else NOT_FOUND"),
    (Op::ReportRenovationFinding, Who::Roles(&[Property]),                                       "the firm's own registrations; else NOT_FOUND"),
    (Op::CompleteRenovation,   Who::Roles(&[Property]),                                          "the firm's own registrations; else NOT_FOUND"),
    (Op::RenovationNotices,    Who::Roles(&[Resident, Committee]),                               "resident: the home building; committee: its communities; no owner"),
    (Op::FirmLeagueTable,      Who::Roles(&[Officer, Supervisor, Housing]),                      "officer: the squad's sub-district; supervisor, housing: the district's; else NOT_FOUND"),
    (Op::Figures,              Who::Roles(&[Officer, Supervisor]),                               "officer: the squad's sub-district; supervisor: the squad's or the district; ids outside: NOT_FOUND"),
    (Op::FigureItems,          Who::Roles(&[Officer, Supervisor]),                               "as Figures"),
    (Op::ExportFigures,        Who::Roles(&[Officer, Supervisor]),                               "as Figures (GET /exports/figures.xlsx)"),
    (Op::ExportItems,          Who::Roles(&[Officer, Supervisor]),                               "as Figures (GET /exports/items.xlsx)"),
    (Op::ExportHotspots,       Who::Roles(&[Officer, Supervisor]),                               "as ListHotspots (GET /exports/hotspots.xlsx)"),
    (Op::ListHotspots,         Who::Roles(&[Officer, Supervisor]),                               "hotspots of the caller's communities (squad: sub-district; district)"),
    (Op::ViewHotspot,          Who::Roles(&[Officer, Supervisor]),                               "as ListHotspots; else NOT_FOUND"),
    (Op::ImportHotspots,       Who::Roles(&[Supervisor]),                                        "district supervisor only: communities of the district"),
    (Op::MarkHotspot,          Who::Roles(&[Supervisor]),                                        "communities of the supervisor's scope; else NOT_FOUND"),
    (Op::EndHotspot,           Who::Roles(&[Supervisor]),                                        "hotspots of the supervisor's scope; else NOT_FOUND"),
    (Op::ViewRectificationPlan, Who::Roles(&[Officer, Supervisor]),                              "plans of the scope's hotspots; else NOT_FOUND"),
    (Op::CreateRectificationPlan, Who::Roles(&[Supervisor]),                                     "hotspots of the supervisor's scope; else NOT_FOUND"),
    (Op::AddPlanMeasure,       Who::Roles(&[Supervisor]),                                        "plans of the supervisor's scope; else NOT_FOUND"),
    (Op::CompletePlanMeasure,  Who::Roles(&[Officer, Supervisor]),                               "plans of the scope's hotspots; else NOT_FOUND"),
    (Op::AddPlanNote,          Who::Roles(&[Officer, Supervisor]),                               "plans of the scope's hotspots; else NOT_FOUND"),
    (Op::MyWorkroom,           Who::SignedIn,                                                    "resident: home community; committee: its first; others: none"),
    (Op::SquadOfficers,        Who::Roles(&[Officer, Supervisor]),                               "communities of the scope; else NOT_FOUND"),
    (Op::SaveWorkroom,         Who::Roles(&[Officer, Supervisor]),                               "communities of the scope, officers of the community's squad; else NOT_FOUND"),
    (Op::ListPracticeCases,    Who::SignedIn,                                                    "published ones; own drafts; supervisors: the district's review queue"),
    (Op::ViewPracticeCase,     Who::SignedIn,                                                    "published, own, or (supervisor) in review in the district; else NOT_FOUND; cases by number only"),
    (Op::SavePracticeCase,     Who::Roles(&[Officer, Supervisor]),                               "own drafts; links: communities of the scope, cases the caller handles"),
    (Op::SubmitPracticeCase,   Who::Roles(&[Officer, Supervisor]),                               "own drafts (else FORBIDDEN / NOT_FOUND)"),
    (Op::ReviewPracticeCase,   Who::Roles(&[Supervisor]),                                        "in review in the district, never one's own"),
    (Op::SuggestedRoster,      Who::Roles(&[Supervisor]),                                        "communities of the supervisor's scope"),
    (Op::ListPatrolPlans,      Who::Roles(&[Officer, Supervisor]),                               "plans of the caller's squad (district supervisor: the district's)"),
    (Op::CreatePatrolPlan,     Who::Roles(&[Supervisor]),                                        "the supervisor's squad (district: a named squad of the district); communities routed to it, its officers; else NOT_FOUND"),
    (Op::LogPatrol,            Who::Roles(&[Officer, Supervisor]),                               "the caller's squad: start with its officers; check in and record findings at its communities, on patrols the caller is on; else NOT_FOUND"),
    (Op::ViewPatrol,           Who::Roles(&[Officer, Supervisor]),                               "patrols the caller is on; else NOT_FOUND"),
    (Op::PatrolCoverage,       Who::Roles(&[Officer, Supervisor]),                               "communities of the caller's scope"),
    (Op::PatrolToday,          Who::Roles(&[Officer, Supervisor]),                               "the caller's own visits, the squad's re-checks (a squad is needed: district supervisors FORBIDDEN)"),
    (Op::ListDepartments,      Who::Roles(&[Officer, Supervisor, Housing]),                      "the caller's district"),
    (Op::SaveDepartment,       Who::Roles(&[Supervisor]),                                        "district supervisor only: the district's"),
    (Op::ListReferrals,        Who::Roles(&[Officer, Supervisor, Housing]),                      "officers: the squad's; supervisor: scope; housing: to and from its district's housing departments; item without filer"),
    (Op::ViewReferral,         Who::Roles(&[Officer, Supervisor, Housing]),                      "as ListReferrals; else NOT_FOUND"),
    (Op::ReferItem,            Who::Roles(&[Officer, Supervisor]),                               "items routed to the squad, to a department of the district; else NOT_FOUND"),
    (Op::ReferToBureau,        Who::Roles(&[Housing]),                                           "communities of the district, from its housing department"),
    (Op::ReceiveReferral,      Who::Roles(&[Officer, Supervisor, Housing]),                      "the receiving side (officers on behalf of a department without accounts); sender: FORBIDDEN; else NOT_FOUND"),
    (Op::AnswerReferral,       Who::Roles(&[Officer, Supervisor, Housing]),                      "as ReceiveReferral"),
    (Op::ReturnReferral,       Who::Roles(&[Officer, Supervisor, Housing]),                      "as ReceiveReferral"),
    (Op::ResendReferral,       Who::Roles(&[Officer, Supervisor, Housing]),                      "the sending side, returned ones; receiver: FORBIDDEN; else NOT_FOUND"),
    (Op::ListJointActions,     Who::Roles(&[Officer, Supervisor, Housing]),                      "officers: the squad's; district supervisor, housing: the district's"),
    (Op::ViewJointAction,      Who::Roles(&[Officer, Supervisor, Housing]),                      "as ListJointActions; case ids for officers only; else NOT_FOUND"),
    (Op::CreateJointAction,    Who::Roles(&[Officer, Supervisor]),                               "communities of the scope, departments of the district; else NOT_FOUND"),
    (Op::AddJointActionUnit,   Who::Roles(&[Officer, Supervisor]),                               "actions of the scope, units of its community, cases the caller handles; else NOT_FOUND"),
    (Op::RecordJointRecheck,   Who::Roles(&[Officer, Supervisor]),                               "units of the scope's actions; else NOT_FOUND"),
    (Op::AffordableHousingSeries, Who::Roles(&[Officer, Supervisor, Housing]),                   "affordable-housing communities of the scope (housing: the district)"),
    (Op::PushPublicKey,        Who::Anyone,                                                      "public key"),
    (Op::SubscribePush,        Who::SignedIn,                                                    "the caller's own subscriptions"),
];

pub fn who(op: Op) -> Who {
    MATRIX
        .iter()
        .find(|(o, _, _)| *o == op)
        .map(|(_, w, _)| *w)
        // Unlisted operations are closed: fail safe.
        .unwrap_or(Who::Roles(&[]))
}

/// The caller may call `op`: `UNAUTHENTICATED` without a user where one is needed,
/// `FORBIDDEN` for a role the matrix does not list.
pub fn authorize(op: Op, user: Option<&CurrentUser>) -> ApiResult<()> {
    match (who(op), user) {
        (Who::Anyone, _) => Ok(()),
        (_, None) => Err(ApiError::Unauthenticated),
        (Who::SignedIn, Some(_)) => Ok(()),
        (Who::Roles(roles), Some(u)) if roles.contains(&u.role) => Ok(()),
        (Who::Roles(_), Some(_)) => Err(ApiError::Forbidden),
    }
}

/// Like `authorize`, returning the user for operations that need one.
pub fn require(op: Op, user: Option<&CurrentUser>) -> ApiResult<&CurrentUser> {
    authorize(op, user)?;
    user.ok_or(ApiError::Unauthenticated)
}

/// Only a district-wide supervisor (区局).
pub fn ensure_district_supervisor(user: &CurrentUser) -> ApiResult<i32> {
    match (user.role, &user.scope) {
        (Role::Supervisor, Scope::District { district_id }) => Ok(*district_id),
        _ => Err(ApiError::Forbidden),
    }
}

/// Is `c` inside the caller's scope? (Residents: their own community.)
pub async fn community_in_scope(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    c: &community::Model,
) -> ApiResult<bool> {
    Ok(match &user.scope {
        Scope::Unit { community_id, .. } => *community_id == c.id,
        Scope::Committee { committee_id } => *committee_id == c.committee_id,
        Scope::PropertyFirm { property_firm_id } => c.property_firm_id == Some(*property_firm_id),
        Scope::Squad {
            squad_id,
            district_id,
        } => {
            let s = squad::Entity::find_by_id(*squad_id).one(db).await?;
            match s.and_then(|s| s.sub_district_id) {
                Some(sd) => sd == c.sub_district_id,
                // The district bureau's own squad covers the district.
                None => district_of(db, c).await? == Some(*district_id),
            }
        }
        Scope::District { district_id } => district_of(db, c).await? == Some(*district_id),
    })
}

async fn district_of(db: &impl ConnectionTrait, c: &community::Model) -> ApiResult<Option<i32>> {
    Ok(sub_district::Entity::find_by_id(c.sub_district_id)
        .one(db)
        .await?
        .map(|s| s.district_id))
}

/// Same as `community_in_scope`, answering `NOT_FOUND` outside it: an item outside your
/// scope is not confirmed to exist.
pub async fn ensure_community_in_scope(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    c: &community::Model,
) -> ApiResult<()> {
    if community_in_scope(db, user, c).await? {
        Ok(())
    } else {
        Err(ApiError::NotFound)
    }
}

/// The communities a caller's scope covers, as a condition on the community table.
pub async fn community_filter(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
) -> ApiResult<Condition> {
    Ok(match &user.scope {
        Scope::Unit { community_id, .. } => {
            Condition::all().add(community::Column::Id.eq(*community_id))
        }
        Scope::Committee { committee_id } => {
            Condition::all().add(community::Column::CommitteeId.eq(*committee_id))
        }
        Scope::PropertyFirm { property_firm_id } => {
            Condition::all().add(community::Column::PropertyFirmId.eq(*property_firm_id))
        }
        Scope::Squad {
            squad_id,
            district_id,
        } => {
            match squad::Entity::find_by_id(*squad_id)
                .one(db)
                .await?
                .and_then(|s| s.sub_district_id)
            {
                Some(sd) => Condition::all().add(community::Column::SubDistrictId.eq(sd)),
                None => district_condition(*district_id),
            }
        }
        Scope::District { district_id } => district_condition(*district_id),
    })
}

fn district_condition(district_id: i32) -> Condition {
    Condition::all().add(
        community::Column::SubDistrictId.in_subquery(
            Query::select()
                .column(sub_district::Column::Id)
                .from(sub_district::Entity)
                .and_where(sub_district::Column::DistrictId.eq(district_id))
                .to_owned(),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_appears_once_in_the_matrix() {
        let mut seen = std::collections::HashSet::new();
        for (op, _, _) in MATRIX {
            assert!(seen.insert(*op), "{op:?} twice");
        }
        // An operation missing from the matrix is closed to everyone (see `who`); this
        // count makes adding one a conscious step.
        assert_eq!(seen.len(), 115, "update this count with the matrix");
    }

    #[test]
    fn anonymous_callers_are_unauthenticated_for_closed_operations() {
        assert!(matches!(
            authorize(Op::Me, None),
            Err(ApiError::Unauthenticated)
        ));
        assert!(authorize(Op::Login, None).is_ok());
    }
}
