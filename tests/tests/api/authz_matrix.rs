//! The authorization matrix: every operation × every role (and the scope boundaries that
//! matter), against the running server. Allowed means: no error at the top level (the
//! payload may still carry `userErrors`). The server's own table is `gongzhi::authz::MATRIX`;
//! this test fails when an operation is added there and not here.
use std::collections::HashMap;

use gongzhi::authz::{MATRIX, Op};
use gongzhi_tests::*;
use serde_json::{Value, json};

/// One expected outcome per caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum E {
    /// Allowed.
    Ok,
    /// UNAUTHENTICATED
    Un,
    /// FORBIDDEN
    Fb,
    /// NOT_FOUND: outside the caller's scope, existence not confirmed.
    Nf,
}
use E::*;

/// The callers, in column order.
const CALLERS: [&str; 8] = [
    "anonymous",
    "resident",
    "committee",
    "property",
    "officer",
    "squad-supervisor",
    "supervisor",
    "housing",
];

struct Row {
    op: Op,
    what: &'static str,
    query: &'static str,
    expect: [E; 8],
}

/// What the rows refer to, made in the fixture.
struct Fixture {
    item: String,
    other_item: String,
    suggestion: String,
    own_pending: String,
    other_pending: String,
    other_squad_officer: String,
    community: String,
    unit: String,
    squad: String,
    case: String,
    other_case: String,
    approval: String,
    renovation: String,
    sub_district: String,
    other_sub_district: String,
    other_community: String,
    hotspot: String,
    other_hotspot: String,
    plan: String,
    measure: String,
    practice_draft: String,
    practice_published: String,
    rental_case: String,
    referral: String,
    other_referral: String,
    joint_action: String,
    other_joint_action: String,
    joint_unit: String,
}

#[rustfmt::skip]
fn rows() -> Vec<Row> {
    vec![
        // expect, by caller: anonymous, resident, committee, property, officer,
        //                    squad supervisor, district supervisor, housing
        Row { op: Op::Login, what: "sign in",
              query: r#"mutation { login(input: {login: "housing", password: "gongzhi-demo"}) { userErrors { code } } }"#,
              expect: [Ok , Ok , Ok , Ok , Ok , Ok , Ok , Ok] },
        Row { op: Op::RefreshSession, what: "refresh",
              query: r#"mutation { refreshSession(input: {refreshToken: "x"}) { userErrors { code } } }"#,
              expect: [Ok , Ok , Ok , Ok , Ok , Ok , Ok , Ok] },
        Row { op: Op::Logout, what: "log out",
              query: r#"mutation { logout(input: {refreshToken: "x"}) { ok } }"#,
              expect: [Ok , Ok , Ok , Ok , Ok , Ok , Ok , Ok] },
        Row { op: Op::Me, what: "me",
              query: "{ me { id } }",
              expect: [Un , Ok , Ok , Ok , Ok , Ok , Ok , Ok] },
        Row { op: Op::ListSubDistricts, what: "sub-districts",
              query: "{ subDistricts { id } }",
              expect: [Ok , Ok , Ok , Ok , Ok , Ok , Ok , Ok] },
        Row { op: Op::ListCommunities, what: "communities",
              query: "{ communities { totalCount } }",
              expect: [Ok , Ok , Ok , Ok , Ok , Ok , Ok , Ok] },
        Row { op: Op::ViewCommunity, what: "one community",
              query: "query($community: ID!) { community(id: $community) { name workroom { phone } } }",
              expect: [Ok , Ok , Ok , Ok , Ok , Ok , Ok , Ok] },
        Row { op: Op::MyCommunities, what: "my communities",
              query: "{ myCommunities { totalCount } }",
              expect: [Un , Ok , Ok , Ok , Ok , Ok , Ok , Ok] },
        Row { op: Op::PushPublicKey, what: "the Web Push key",
              query: "{ pushPublicKey }",
              expect: [Ok , Ok , Ok , Ok , Ok , Ok , Ok , Ok] },
        Row { op: Op::SubscribePush, what: "opt in to Web Push",
              query: r#"mutation { subscribePush(input: {endpoint: "https://push.example/m", p256dh: "x", auth: "y"}) { userErrors { code } } }"#,
              expect: [Un , Ok , Ok , Ok , Ok , Ok , Ok , Ok] },
        Row { op: Op::RegisterResident, what: "register",
              query: r#"mutation($unit: ID!) { registerResident(input: {phone: "1", password: "x", displayName: "", unitId: $unit}) { userErrors { code } } }"#,
              expect: [Ok , Ok , Ok , Ok , Ok , Ok , Ok , Ok] },
        Row { op: Op::ListPendingResidents, what: "pending residents",
              query: "{ pendingResidents { totalCount } }",
              expect: [Un , Fb , Ok , Fb , Fb , Ok , Ok , Fb] },
        Row { op: Op::VerifyResident, what: "verify a resident of the committee's own community",
              query: "mutation($ownPending: ID!) { verifyResident(input: {accountId: $ownPending, approve: true}) { userErrors { code } } }",
              expect: [Un , Fb , Ok , Fb , Fb , Ok , Ok , Fb] },
        Row { op: Op::VerifyResident, what: "verify a resident of another sub-district",
              query: "mutation($otherPending: ID!) { verifyResident(input: {accountId: $otherPending, approve: true}) { userErrors { code } } }",
              expect: [Un , Fb , Nf , Fb , Fb , Nf , Ok , Fb] },
        Row { op: Op::ListAccounts, what: "staff accounts",
              query: "{ accounts { totalCount } }",
              expect: [Un , Fb , Fb , Fb , Fb , Ok , Ok , Fb] },
        Row { op: Op::CreateAccount, what: "create an officer of the squad",
              query: r#"mutation($squad: ID!) { createAccount(input: {login: "matrix.officer", displayName: "x", password: "matrix-pass-1", role: OFFICER, squadId: $squad}) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Fb , Fb , Ok , Ok , Fb] },
        Row { op: Op::CreateAccount, what: "create a housing partner",
              query: r#"mutation { createAccount(input: {login: "matrix.housing", displayName: "x", password: "matrix-pass-1", role: HOUSING}) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Fb , Fb , Fb , Ok , Fb] },
        Row { op: Op::DeactivateAccount, what: "deactivate another squad's officer",
              query: "mutation($otherOfficer: ID!) { deactivateAccount(input: {accountId: $otherOfficer}) { userErrors { code } } }",
              expect: [Un , Fb , Fb , Fb , Fb , Nf , Ok , Fb] },
        Row { op: Op::ListMatters, what: "matter catalog",
              query: "{ matters { totalCount } }",
              expect: [Un , Ok , Ok , Ok , Ok , Ok , Ok , Ok] },
        Row { op: Op::SaveMatter, what: "edit a matter",
              query: r#"mutation { saveMatter(input: {code: "Z9", category: PROPERTY_DUTY, nameZh: "测试", nameEn: "Test", legalBasis: "-", mandatoryCase: false, focus: false}) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Fb , Fb , Fb , Ok , Fb] },
        Row { op: Op::ListHolidays, what: "calendar",
              query: "{ holidays(year: 2026) { date } }",
              expect: [Un , Ok , Ok , Ok , Ok , Ok , Ok , Ok] },
        Row { op: Op::SetHoliday, what: "set a holiday",
              query: r#"mutation { setHoliday(input: {date: "2027-01-01", kind: HOLIDAY, name: "元旦"}) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Fb , Fb , Fb , Ok , Fb] },
        Row { op: Op::FileComplaint, what: "file a complaint about 安化小区",
              query: r#"mutation($community: ID!) { fileComplaint(input: {idempotencyKey: "matrix-1", communityId: $community, source: PATROL, description: "矩阵测试"}) { userErrors { code } } }"#,
              expect: [Un , Ok , Ok , Fb , Ok , Ok , Ok , Fb] },
        Row { op: Op::FilePropertyReport, what: "file a property report",
              query: r#"mutation($community: ID!) { filePropertyReport(input: {idempotencyKey: "matrix-2", communityId: $community, description: "矩阵测试", dissuasion: {at: "2026-01-01T00:00:00Z", method: "口头", by: "保安", ownerResponse: "不理"}}) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Ok , Fb , Fb , Fb , Fb] },
        Row { op: Op::FileSuggestion, what: "file a suggestion",
              query: r#"mutation($community: ID!) { fileSuggestion(input: {idempotencyKey: "matrix-3", communityId: $community, topic: "t", reasons: "r", measures: "m"}) { userErrors { code } } }"#,
              expect: [Un , Ok , Ok , Fb , Fb , Fb , Fb , Fb] },
        Row { op: Op::JoinItem, what: "me too on an item of 安化小区",
              query: r#"mutation($item: ID!) { joinItem(input: {itemId: $item, idempotencyKey: "matrix-4"}) { userErrors { code } } }"#,
              expect: [Un , Ok , Fb , Fb , Fb , Fb , Fb , Fb] },
        Row { op: Op::SimilarOpenItems, what: "open items to join in 安化小区",
              query: "query($community: ID!) { similarOpenItems(communityId: $community) { id } }",
              expect: [Un , Ok , Ok , Ok , Ok , Ok , Ok , Ok] },
        Row { op: Op::MyItems, what: "my items",
              query: "{ myItems { totalCount } }",
              expect: [Un , Ok , Ok , Ok , Ok , Ok , Ok , Ok] },
        Row { op: Op::Inbox, what: "the inbox",
              query: "{ inbox { totalCount } }",
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Fb] },
        Row { op: Op::CommunityItems, what: "items about my communities",
              query: "{ communityItems { totalCount } }",
              expect: [Un , Fb , Ok , Ok , Ok , Ok , Ok , Ok] },
        Row { op: Op::ViewItem, what: "the resident's complaint about 安化小区",
              query: "query($item: ID!) { item(id: $item) { id filer { displayName } } }",
              expect: [Un , Ok , Ok , Ok , Ok , Ok , Ok , Nf] },
        Row { op: Op::ViewItem, what: "a patrol item in another sub-district",
              query: "query($otherItem: ID!) { item(id: $otherItem) { id } }",
              expect: [Un , Nf , Nf , Nf , Nf , Nf , Ok , Nf] },
        Row { op: Op::AcceptItems, what: "accept the resident's complaint",
              query: "mutation($item: ID!) { acceptItems(input: {itemIds: [$item]}) { userErrors { code } } }",
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Fb] },
        Row { op: Op::StartVerification, what: "verify the resident's complaint",
              query: "mutation($item: ID!) { startVerification(input: {itemId: $item}) { userErrors { code } } }",
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Fb] },
        Row { op: Op::StartVerification, what: "verify another sub-district's item",
              query: "mutation($otherItem: ID!) { startVerification(input: {itemId: $otherItem}) { userErrors { code } } }",
              expect: [Un , Fb , Fb , Fb , Nf , Nf , Ok , Fb] },
        Row { op: Op::ResolveItem, what: "resolve the resident's complaint",
              query: r#"mutation($item: ID!) { resolveItem(input: {itemId: $item, resolution: NO_VIOLATION, note: "无违法"}) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Fb] },
        Row { op: Op::ReplyItem, what: "reply to the resident",
              query: r#"mutation($item: ID!) { replyItem(input: {itemId: $item, message: "已核查"}) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Fb] },
        Row { op: Op::RateItem, what: "rate the resident's complaint",
              query: "mutation($item: ID!) { rateItem(input: {itemId: $item, rating: SATISFIED}) { userErrors { code } } }",
              expect: [Un , Ok , Ok , Ok , Fb , Fb , Fb , Fb] },
        Row { op: Op::AnswerSuggestion, what: "answer the resident's suggestion",
              query: r#"mutation($suggestion: ID!) { answerSuggestion(input: {itemId: $suggestion, answer: "采纳", adoption: ADOPTED}) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Fb] },
        Row { op: Op::ExtendDeadline, what: "extend the resident's complaint",
              query: r#"mutation($item: ID!) { extendDeadline(input: {itemId: $item, days: 2, reason: "需要联合核查"}) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Fb , Fb , Ok , Ok , Fb] },
        Row { op: Op::ListCases, what: "the case list",
              query: "{ cases { totalCount } }",
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Ok] },
        Row { op: Op::ViewCase, what: "a case of the squad (not a rental matter, not affordable housing)",
              query: "query($case: ID!) { case(id: $case) { id parties { name } } }",
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Nf] },
        Row { op: Op::ViewCase, what: "a group-renting case of the squad",
              query: "query($rentalCase: ID!) { case(id: $rentalCase) { id parties { name idNumber } } }",
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Ok] },
        Row { op: Op::ViewCase, what: "a case of another squad",
              query: "query($otherCase: ID!) { case(id: $otherCase) { id } }",
              expect: [Un , Fb , Fb , Fb , Nf , Nf , Ok , Nf] },
        Row { op: Op::OpenCase, what: "open a case from a patrol finding in 安化小区",
              query: r#"mutation($community: ID!) { openCase(input: {communityId: $community, matterCode: "C2", facts: "巡查发现", parties: [{kind: OWNER, name: "张三"}]}) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Fb] },
        Row { op: Op::AddCaseItems, what: "take the resident's complaint (not in verification: a userError) into the case",
              query: "mutation($case: ID!, $item: ID!) { addCaseItems(input: {caseId: $case, itemIds: [$item]}) { userErrors { code } } }",
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Fb] },
        Row { op: Op::AddCaseParty, what: "add a party",
              query: r#"mutation($case: ID!) { addCaseParty(input: {caseId: $case, party: {kind: TENANT, name: "李四"}}) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Fb] },
        Row { op: Op::AddCaseEvidence, what: "add an inspection record",
              query: r#"mutation($case: ID!) { addCaseEvidence(input: {caseId: $case, idempotencyKey: "matrix-ev", kind: INSPECTION_RECORD, title: "现场检查笔录", body: "x"}) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Fb] },
        Row { op: Op::AddCaseEvidence, what: "add evidence to another squad's case",
              query: r#"mutation($otherCase: ID!) { addCaseEvidence(input: {caseId: $otherCase, idempotencyKey: "matrix-ev2", kind: INQUIRY_NOTE, title: "询问笔录", body: "x"}) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Fb , Nf , Nf , Ok , Fb] },
        Row { op: Op::InvestigateCase, what: "start investigating",
              query: "mutation($case: ID!) { investigateCase(input: {caseId: $case}) { userErrors { code } } }",
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Fb] },
        Row { op: Op::InvestigateCase, what: "investigate another squad's case",
              query: "mutation($otherCase: ID!) { investigateCase(input: {caseId: $otherCase}) { userErrors { code } } }",
              expect: [Un , Fb , Fb , Fb , Nf , Nf , Ok , Fb] },
        Row { op: Op::NotifyCase, what: "notify the proposed decision",
              query: "mutation($case: ID!) { notifyCase(input: {caseId: $case, proposed: {kind: WARNING}}) { userErrors { code } } }",
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Fb] },
        Row { op: Op::RequestHearing, what: "ask for a hearing",
              query: r#"mutation($case: ID!) { requestHearing(input: {caseId: $case, hearingAt: "2099-01-05T02:00:00Z"}) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Fb] },
        Row { op: Op::DecideCase, what: "decide",
              query: "mutation($case: ID!) { decideCase(input: {caseId: $case, decision: {kind: WARNING}}) { userErrors { code } } }",
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Fb] },
        Row { op: Op::ServeCase, what: "serve",
              query: "mutation($case: ID!) { serveCase(input: {caseId: $case, inPerson: true}) { userErrors { code } } }",
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Fb] },
        Row { op: Op::ExecuteCase, what: "execute",
              query: "mutation($case: ID!) { executeCase(input: {caseId: $case}) { userErrors { code } } }",
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Fb] },
        Row { op: Op::CloseCase, what: "close",
              query: r#"mutation($case: ID!) { closeCase(input: {caseId: $case, outcome: "已整改"}) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Fb] },
        Row { op: Op::HandOverCase, what: "hand over (to its own unit: refused as a userError)",
              query: r#"mutation($case: ID!, $squad: ID!) { handOverCase(input: {caseId: $case, toUnitId: $squad, reason: "跨街镇"}) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Fb] },
        Row { op: Op::RecordRecheck, what: "record a re-check",
              query: r#"mutation($case: ID!) { recordRecheck(input: {caseId: $case, relapse: false, note: "未复发"}) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Fb] },
        Row { op: Op::RequestApproval, what: "ask for an exemption of the resident's complaint",
              query: r#"mutation($item: ID!) { requestApproval(input: {kind: EXEMPTION, itemId: $item, reason: "现场无违法", evidence: "核查记录"}) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Fb] },
        Row { op: Op::ListApprovals, what: "approvals",
              query: "{ approvals { totalCount } }",
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Fb] },
        Row { op: Op::DecideApproval, what: "approve the officer's extension",
              query: r#"mutation($approval: ID!) { decideApproval(input: {approvalId: $approval, approve: true, note: "同意"}) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Fb , Fb , Ok , Ok , Fb] },
        Row { op: Op::MarkHistoricalStock, what: "mark the complaint's point as historical stock",
              query: r#"mutation($item: ID!) { markHistoricalStock(input: {itemId: $item, reason: "2010年前已存在"}) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Fb] },
        Row { op: Op::ListDutyChecks, what: "duty checks",
              query: "{ dutyChecks { totalCount } }",
              expect: [Un , Fb , Fb , Ok , Ok , Ok , Ok , Fb] },
        Row { op: Op::ListRenovations, what: "renovation registrations",
              query: "{ renovations { totalCount } }",
              expect: [Un , Fb , Fb , Ok , Ok , Ok , Ok , Ok] },
        Row { op: Op::ViewRenovation, what: "a registration in 安化小区",
              query: "query($renovation: ID!) { renovation(id: $renovation) { id ownerName } }",
              expect: [Un , Fb , Fb , Ok , Ok , Ok , Ok , Ok] },
        Row { op: Op::RegisterRenovation, what: "register a renovation in 安化小区",
              query: r#"mutation($community: ID!, $unit: ID!) { registerRenovation(input: {idempotencyKey: "matrix-r2", communityId: $community, unitId: $unit, ownerName: "x", contractorName: "y", plannedStart: "2026-12-01", plannedEnd: "2026-12-31", scopeOfWork: "z"}) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Ok , Fb , Fb , Fb , Fb] },
        Row { op: Op::RecordRenovationAgreement, what: "record the agreement (no photo: a userError)",
              query: r#"mutation($renovation: ID!) { recordRenovationAgreement(input: {renovationId: $renovation, signedOn: "2026-11-01"}) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Ok , Fb , Fb , Fb , Fb] },
        Row { op: Op::StartRenovation, what: "start work (before the agreement: a userError)",
              query: r#"mutation($renovation: ID!) { startRenovation(input: {renovationId: $renovation, startedOn: "2026-11-02"}) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Ok , Fb , Fb , Fb , Fb] },
        Row { op: Op::LogRenovationPatrol, what: "log a patrol (not started: a userError)",
              query: r#"mutation($renovation: ID!) { logRenovationPatrol(input: {renovationId: $renovation, idempotencyKey: "matrix-p", patrolledAt: "2026-11-03T02:00:00Z", findings: "正常"}) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Ok , Fb , Fb , Fb , Fb] },
        Row { op: Op::ReportRenovationFinding, what: "report a finding (no dissuasion: a userError)",
              query: r#"mutation($renovation: ID!) { reportRenovationFinding(input: {renovationId: $renovation, idempotencyKey: "matrix-f", description: "拆除承重墙"}) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Ok , Fb , Fb , Fb , Fb] },
        Row { op: Op::CompleteRenovation, what: "complete (not started: a userError)",
              query: r#"mutation($renovation: ID!) { completeRenovation(input: {renovationId: $renovation, completedOn: "2026-11-20", note: "验收合格"}) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Ok , Fb , Fb , Fb , Fb] },
        Row { op: Op::RenovationNotices, what: "renovations in my building",
              query: "{ renovationNotices { id workingHours } }",
              expect: [Un , Ok , Ok , Fb , Fb , Fb , Fb , Fb] },
        Row { op: Op::FirmLeagueTable, what: "the firms' league table of the officer's own sub-district",
              query: r#"query($subDistrict: ID!) { firmLeagueTable(subDistrictId: $subDistrict, from: "2026-01-01", to: "2026-12-31") { rank firmName } }"#,
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Ok] },
        Row { op: Op::FirmLeagueTable, what: "the league table of another sub-district",
              query: r#"query($otherSubDistrict: ID!) { firmLeagueTable(subDistrictId: $otherSubDistrict, from: "2026-01-01", to: "2026-12-31") { rank } }"#,
              expect: [Un , Fb , Fb , Fb , Nf , Nf , Ok , Ok] },
        Row { op: Op::Figures, what: "figures of the caller's own area",
              query: r#"{ figures(filter: {from: "2026-11-01", to: "2026-11-30"}) { total { received } } }"#,
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Fb] },
        Row { op: Op::Figures, what: "figures of another sub-district",
              query: r#"query($otherSubDistrict: ID!) { figures(filter: {from: "2026-11-01", to: "2026-11-30", subDistrictId: $otherSubDistrict}) { total { received } } }"#,
              expect: [Un , Fb , Fb , Fb , Nf , Nf , Ok , Fb] },
        Row { op: Op::FigureItems, what: "the items behind a figure",
              query: r#"{ figureItems(filter: {from: "2026-11-01", to: "2026-11-30"}, measure: RECEIVED) { totalCount } }"#,
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Fb] },
        Row { op: Op::ListHotspots, what: "hotspots of the scope",
              query: "{ hotspots(activeOnly: false) { id } }",
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Fb] },
        Row { op: Op::ViewHotspot, what: "a hotspot of the officer's sub-district",
              query: "query($hotspot: ID!) { hotspot(id: $hotspot) { pattern { label } } }",
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Fb] },
        Row { op: Op::ViewHotspot, what: "a hotspot of another sub-district",
              query: "query($otherHotspot: ID!) { hotspot(id: $otherHotspot) { id } }",
              expect: [Un , Fb , Fb , Fb , Nf , Nf , Ok , Fb] },
        Row { op: Op::ImportHotspots, what: "import the city's list (dry run)",
              query: r#"mutation { importHotspots(csv: "小区名称\n安化小区\n", startsOn: "2026-11-01", dryRun: true) { imported userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Fb , Fb , Fb , Ok , Fb] },
        Row { op: Op::MarkHotspot, what: "mark a community of the scope",
              query: r#"mutation($community: ID!) { markHotspot(input: {communityId: $community, startsOn: "2026-11-20"}) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Fb , Fb , Ok , Ok , Fb] },
        Row { op: Op::EndHotspot, what: "end a hotspot of another sub-district",
              query: r#"mutation($otherHotspot: ID!) { endHotspot(id: $otherHotspot, endsOn: "2026-12-31") { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Fb , Fb , Nf , Ok , Fb] },
        Row { op: Op::ViewRectificationPlan, what: "a plan of the officer's sub-district",
              query: "query($plan: ID!) { rectificationPlan(id: $plan) { title weekly { count } } }",
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Fb] },
        Row { op: Op::CreateRectificationPlan, what: "a plan for another sub-district's hotspot",
              query: r#"mutation($otherHotspot: ID!) { createRectificationPlan(input: {hotspotId: $otherHotspot, title: "整治", startedOn: "2026-11-10", measures: [{description: "排查", owner: "中队", dueOn: "2026-12-10"}]}) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Fb , Fb , Nf , Ok , Fb] },
        Row { op: Op::AddPlanMeasure, what: "add a measure",
              query: r#"mutation($plan: ID!) { addPlanMeasure(planId: $plan, input: {description: "回访", owner: "居委会", dueOn: "2026-12-20"}) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Fb , Fb , Ok , Ok , Fb] },
        Row { op: Op::CompletePlanMeasure, what: "mark a measure done",
              query: r#"mutation($measure: ID!) { completePlanMeasure(measureId: $measure, doneOn: "2026-11-15") { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Fb] },
        Row { op: Op::AddPlanNote, what: "add a progress note",
              query: r#"mutation($plan: ID!) { addPlanNote(planId: $plan, body: "已入户排查5户") { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Fb] },
        Row { op: Op::MyWorkroom, what: "my community's workroom",
              query: "{ myWorkroom { community { name } workroom { phone officers officerIds } } }",
              expect: [Un , Ok , Ok , Ok , Ok , Ok , Ok , Ok] },
        Row { op: Op::SquadOfficers, what: "officers for the workroom of a community of the scope",
              query: "query($community: ID!) { squadOfficers(communityId: $community) { id name } }",
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Fb] },
        Row { op: Op::SquadOfficers, what: "officers for a community of another sub-district",
              query: "query($otherCommunity: ID!) { squadOfficers(communityId: $otherCommunity) { id } }",
              expect: [Un , Fb , Fb , Fb , Nf , Nf , Ok , Fb] },
        Row { op: Op::SaveWorkroom, what: "keep a workroom of the scope",
              query: r#"mutation($community: ID!) { saveWorkroom(input: {communityId: $community, officeHours: "工作日 9:00-17:00", phone: "021-62510000", officerIds: []}) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Fb] },
        Row { op: Op::SaveWorkroom, what: "keep a workroom of another sub-district",
              query: r#"mutation($otherCommunity: ID!) { saveWorkroom(input: {communityId: $otherCommunity, officeHours: "x", phone: "1", officerIds: []}) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Fb , Nf , Nf , Ok , Fb] },
        Row { op: Op::ListPracticeCases, what: "the practice library",
              query: "{ practiceCases { totalCount } }",
              expect: [Un , Ok , Ok , Ok , Ok , Ok , Ok , Ok] },
        Row { op: Op::ViewPracticeCase, what: "a published write-up",
              query: "query($practicePublished: ID!) { practiceCase(id: $practicePublished) { title caseNumbers } }",
              expect: [Un , Ok , Ok , Ok , Ok , Ok , Ok , Ok] },
        Row { op: Op::ViewPracticeCase, what: "the officer's own draft",
              query: "query($practiceDraft: ID!) { practiceCase(id: $practiceDraft) { title } }",
              expect: [Un , Nf , Nf , Nf , Ok , Nf , Nf , Nf] },
        Row { op: Op::SavePracticeCase, what: "write a draft",
              query: r#"mutation { savePracticeCase(input: {title: "t", summary: "s", body: "b", tags: [RULE_OF_LAW], communityIds: [], caseIds: []}) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Fb] },
        Row { op: Op::SubmitPracticeCase, what: "submit the officer's draft (then it is in review: a supervisor may read it but not submit it)",
              query: "mutation($practiceDraft: ID!) { submitPracticeCase(id: $practiceDraft, version: 1) { userErrors { code } } }",
              expect: [Un , Fb , Fb , Fb , Ok , Fb , Fb , Fb] },
        Row { op: Op::ReviewPracticeCase, what: "publish the submitted write-up (the second supervisor finds it done: a userError)",
              query: "mutation($practiceDraft: ID!) { reviewPracticeCase(id: $practiceDraft, version: 2, decision: PUBLISH) { userErrors { code } } }",
              expect: [Un , Fb , Fb , Fb , Fb , Ok , Ok , Fb] },
        Row { op: Op::SuggestedRoster, what: "the suggested patrol roster",
              query: r#"{ suggestedRoster(from: "2026-12-01", to: "2026-12-07") { score } }"#,
              expect: [Un , Fb , Fb , Fb , Fb , Ok , Ok , Fb] },
        Row { op: Op::ListPatrolPlans, what: "patrol plans",
              query: "{ patrolPlans { title } }",
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Fb] },
        Row { op: Op::CreatePatrolPlan, what: "plan patrols for the squad (no officers: a userError)",
              query: r#"mutation($community: ID!, $squad: ID!) { createPatrolPlan(input: {squadId: $squad, title: "x", startsOn: "2026-12-01", endsOn: "2026-12-07", visits: [{communityId: $community, onDay: "2026-12-01", officerIds: []}]}) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Fb , Fb , Ok , Ok , Fb] },
        Row { op: Op::LogPatrol, what: "start a patrol alone (a userError: two officers needed)",
              query: r#"mutation { startPatrol(input: {idempotencyKey: "matrix-patrol", officerIds: []}) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Fb , Fb] },
        Row { op: Op::ViewPatrol, what: "a patrol the caller is not on",
              query: r#"{ patrol(id: "00000000-0000-0000-0000-000000000001") { id } }"#,
              expect: [Un , Fb , Fb , Fb , Nf , Nf , Nf , Fb] },
        Row { op: Op::PatrolCoverage, what: "patrol coverage of the scope",
              query: r#"{ patrolCoverage(from: "2026-11-01", to: "2026-11-30") { planned done } }"#,
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Fb] },
        Row { op: Op::PatrolToday, what: "an officer's day",
              query: "{ patrolToday { visits { onDay } rechecks { number } openPatrols { id } } }",
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Fb , Fb] },
        Row { op: Op::ConcludeDutyCheck, what: "conclude a duty check the caller cannot see",
              query: r#"mutation { concludeDutyCheck(input: {dutyCheckId: "00000000-0000-0000-0000-000000000001", result: PASSED, note: "x"}) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Fb , Nf , Nf , Nf , Fb] },
        // Partners in the linkage (管执联动). The housing partner reads and answers; it never
        // changes a case, and only officers send to departments.
        Row { op: Op::ListDepartments, what: "the district's departments",
              query: "{ departments { id inApp } }",
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Ok] },
        Row { op: Op::SaveDepartment, what: "add a department",
              query: r#"mutation { saveDepartment(name: "长宁区民政局", kind: OTHER) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Fb , Fb , Fb , Ok , Fb] },
        Row { op: Op::ListReferrals, what: "referrals",
              query: "{ referrals { totalCount } }",
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Ok] },
        Row { op: Op::ViewReferral, what: "a referral of the squad to the housing administration",
              query: "query($referral: ID!) { referral(id: $referral) { reference item { description } } }",
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Ok] },
        Row { op: Op::ViewReferral, what: "another squad's referral to a paper department",
              query: "query($otherReferral: ID!) { referral(id: $otherReferral) { reference } }",
              expect: [Un , Fb , Fb , Fb , Nf , Nf , Ok , Nf] },
        Row { op: Op::ReferItem, what: "refer an item of the squad (no department: a userError)",
              query: r#"mutation($item: ID!) { referItem(input: {itemId: $item, reason: "x", idempotencyKey: "matrix-refer-1"}) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Fb] },
        Row { op: Op::ReferItem, what: "refer another squad's item",
              query: r#"mutation($otherItem: ID!) { referItem(input: {itemId: $otherItem, reason: "x", idempotencyKey: "matrix-refer-2"}) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Fb , Nf , Nf , Ok , Fb] },
        Row { op: Op::ReferToBureau, what: "refer a matter to the bureau (no reason: a userError)",
              query: r#"mutation($community: ID!) { referToBureau(input: {idempotencyKey: "matrix-rtb", communityId: $community, description: "群租", reason: ""}) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Fb , Fb , Fb , Fb , Ok] },
        Row { op: Op::ReceiveReferral, what: "receive a referral sent to the housing administration",
              query: "mutation($referral: ID!) { receiveReferral(id: $referral) { userErrors { code } } }",
              expect: [Un , Fb , Fb , Fb , Fb , Fb , Fb , Ok] },
        Row { op: Op::ReceiveReferral, what: "receive another squad's referral to a paper department",
              query: "mutation($otherReferral: ID!) { receiveReferral(id: $otherReferral) { userErrors { code } } }",
              expect: [Un , Fb , Fb , Fb , Nf , Nf , Ok , Nf] },
        Row { op: Op::AnswerReferral, what: "answer a referral (empty: a userError)",
              query: r#"mutation($referral: ID!) { answerReferral(id: $referral, answer: "") { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Fb , Fb , Fb , Fb , Ok] },
        Row { op: Op::ReturnReferral, what: "return a referral (empty: a userError)",
              query: r#"mutation($referral: ID!) { returnReferral(id: $referral, reason: "") { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Fb , Fb , Fb , Fb , Ok] },
        Row { op: Op::ResendReferral, what: "re-send a referral (not returned: a userError)",
              query: r#"mutation($referral: ID!) { resendReferral(input: {id: $referral, note: "补充材料"}) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Fb] },
        Row { op: Op::ListJointActions, what: "joint actions",
              query: "{ jointActions { id } }",
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Ok] },
        Row { op: Op::ViewJointAction, what: "a joint action of the squad",
              query: "query($jointAction: ID!) { jointAction(id: $jointAction) { title units { caseNumber caseId } } }",
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Ok] },
        Row { op: Op::ViewJointAction, what: "another squad's joint action",
              query: "query($otherJointAction: ID!) { jointAction(id: $otherJointAction) { title } }",
              expect: [Un , Fb , Fb , Fb , Nf , Nf , Ok , Ok] },
        Row { op: Op::CreateJointAction, what: "a joint action in the squad's community (no department: a userError)",
              query: r#"mutation($community: ID!) { createJointAction(input: {idempotencyKey: "matrix-ja", title: "群租整治", focus: GROUP_RENTING, communityId: $community, actionOn: "2026-11-20", departmentIds: []}) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Fb] },
        Row { op: Op::CreateJointAction, what: "a joint action in another sub-district",
              query: r#"mutation($otherCommunity: ID!) { createJointAction(input: {idempotencyKey: "matrix-ja-2", title: "群租整治", focus: GROUP_RENTING, communityId: $otherCommunity, actionOn: "2026-11-20", departmentIds: []}) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Fb , Nf , Nf , Ok , Fb] },
        Row { op: Op::AddJointActionUnit, what: "add a unit (no finding: a userError)",
              query: r#"mutation($jointAction: ID!, $unit: ID!) { addJointActionUnit(input: {actionId: $jointAction, unitId: $unit, finding: "", outcome: VIOLATION}) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Fb] },
        Row { op: Op::AddJointActionUnit, what: "add a unit to another squad's action",
              query: r#"mutation($otherJointAction: ID!, $unit: ID!) { addJointActionUnit(input: {actionId: $otherJointAction, unitId: $unit, finding: "", outcome: VIOLATION}) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Fb , Nf , Nf , Ok , Fb] },
        Row { op: Op::RecordJointRecheck, what: "re-check a unit (no finding: a userError)",
              query: r#"mutation($jointUnit: ID!) { recordJointRecheck(input: {unitId: $jointUnit, finding: "", relapse: false}) { userErrors { code } } }"#,
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Fb] },
        Row { op: Op::AffordableHousingSeries, what: "the affordable-housing series",
              query: r#"{ affordableHousingSeries(from: "2026-11-01", to: "2026-11-30") { totalItems } }"#,
              expect: [Un , Fb , Fb , Fb , Ok , Ok , Ok , Ok] },
    ]
}

/// Rows for the HTTP exports (GET with the bearer token): 200 Ok, 401, 403, 404.
#[rustfmt::skip]
const EXPORT_ROWS: &[(Op, &str, [E; 8])] = &[
    (Op::ExportFigures, "/exports/figures.xlsx?from=2026-11-01&to=2026-11-30", [Un, Fb, Fb, Fb, Ok, Ok, Ok, Fb]),
    (Op::ExportFigures, "/exports/figures.xlsx?from=2026-11-01&to=2026-11-30&subDistrictId={otherSubDistrict}", [Un, Fb, Fb, Fb, Nf, Nf, Ok, Fb]),
    (Op::ExportItems, "/exports/items.xlsx?from=2026-11-01&to=2026-11-30&measure=RECEIVED", [Un, Fb, Fb, Fb, Ok, Ok, Ok, Fb]),
    (Op::ExportHotspots, "/exports/hotspots.xlsx", [Un, Fb, Fb, Fb, Ok, Ok, Ok, Fb]),
];

/// Rows for subscriptions, checked over the websocket.
#[rustfmt::skip]
const SUBSCRIPTION_ROWS: &[(Op, &str, [E; 8])] = &[
    (Op::MyAccountChanged, "subscription { myAccountChanged { id } }", [Un, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
    (Op::ItemChanged, "subscription { myItemChanged { id } }", [Un, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
    (Op::Inbox, "subscription { inboxItemChanged { id } }", [Un, Fb, Fb, Fb, Ok, Ok, Ok, Fb]),
];

async fn fixture(app: &TestApp, sup: &str) -> Fixture {
    let dir = app
        .gql(None, "{ subDistricts { id squad { id } } communities(first: 100) { edges { node { id name buildings { units { id } } } } } }", json!({}))
        .await;
    let d = dir.ok();
    let squad = d["subDistricts"][0]["squad"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let other_squad = d["subDistricts"][3]["squad"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let communities = d["communities"]["edges"].as_array().unwrap();
    let by_name =
        |n: &str| communities.iter().find(|e| e["node"]["name"] == n).unwrap()["node"].clone();
    let own = by_name("安化小区");
    let other = by_name("周家桥小区");
    let register = |unit: Value, phone: &'static str| {
        let app = &app;
        async move {
            let a = app
                .gql(None, "mutation($i: RegisterResidentInput!) { registerResident(input: $i) { account { id } } }", json!({"i": {"phone": phone, "password": "matrix-pass-1", "displayName": "测试", "unitId": unit}}))
                .await;
            a.ok()["registerResident"]["account"]["id"]
                .as_str()
                .unwrap()
                .to_string()
        }
    };
    let own_pending = register(own["buildings"][1]["units"][0]["id"].clone(), "13700000001").await;
    let other_pending = register(
        other["buildings"][1]["units"][0]["id"].clone(),
        "13700000002",
    )
    .await;
    let other_officer = app
        .gql(Some(sup), "mutation($s: ID!) { createAccount(input: {login: \"other.officer\", displayName: \"x\", password: \"matrix-pass-1\", role: OFFICER, squadId: $s}) { account { id } } }", json!({"s": other_squad}))
        .await;
    let leader = app
        .gql(Some(sup), "mutation($s: ID!) { createAccount(input: {login: \"squad.leader\", displayName: \"x\", password: \"matrix-pass-1\", role: SUPERVISOR, squadId: $s}) { account { id } } }", json!({"s": squad}))
        .await;
    leader.ok();
    let resident = app.login("resident").await;
    let filed = app
        .gql(Some(&resident), "mutation { fileComplaint(input: {idempotencyKey: \"fixture-1\", matterCode: \"C2\", description: \"楼道堆物\"}) { item { id } } }", json!({}))
        .await;
    let suggested = app
        .gql(Some(&resident), "mutation { fileSuggestion(input: {idempotencyKey: \"fixture-2\", topic: \"t\", reasons: \"r\", measures: \"m\"}) { item { id } } }", json!({}))
        .await;
    let patrol = app
        .gql(Some(sup), "mutation($c: ID!) { fileComplaint(input: {idempotencyKey: \"fixture-3\", communityId: $c, source: PATROL, description: \"巡查发现\"}) { item { id } } }", json!({"c": other["id"]}))
        .await;
    let officer = app.login("officer").await;
    let case = app
        .gql(Some(&officer), r#"mutation($c: ID!) { openCase(input: {communityId: $c, matterCode: "C2", facts: "巡查发现楼道堆物", parties: [{kind: OWNER, name: "王五", idNumber: "310105199001011234"}]}) { case { id } userErrors { code } } }"#, json!({"c": own["id"]}))
        .await;
    let case = case.ok()["openCase"]["case"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let other_case = app
        .gql(Some(sup), r#"mutation($c: ID!) { openCase(input: {communityId: $c, matterCode: "C2", facts: "巡查发现", parties: [{kind: OWNER, name: "赵六"}]}) { case { id } userErrors { code } } }"#, json!({"c": other["id"]}))
        .await;
    let other_case = other_case.ok()["openCase"]["case"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let approval = app
        .gql(Some(&officer), r#"mutation($c: ID!) { requestApproval(input: {kind: DECISION_EXTENSION, caseId: $c, reason: "需要鉴定", days: 30}) { approval { id } userErrors { code } } }"#, json!({"c": case}))
        .await;
    let approval = approval.ok()["requestApproval"]["approval"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let property = app.login("property").await;
    let renovation = app
        .gql(Some(&property), r#"mutation($c: ID!, $u: ID!) { registerRenovation(input: {idempotencyKey: "matrix-r", communityId: $c, unitId: $u, ownerName: "陈某", contractorName: "某装饰公司", plannedStart: "2026-12-01", plannedEnd: "2027-01-15", scopeOfWork: "厨卫翻新"}) { renovation { id } userErrors { code } } }"#, json!({"c": own["id"], "u": own["buildings"][0]["units"][1]["id"]}))
        .await;
    let renovation = renovation.ok()["registerRenovation"]["renovation"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    // Hotspots in the officer's sub-district and another, a plan, two write-ups.
    let mark = |c: Value| {
        let app = &app;
        async move {
            let a = app
                .gql(Some(sup), r#"mutation($c: ID!) { markHotspot(input: {communityId: $c, startsOn: "2026-11-01"}) { hotspot { id } userErrors { code } } }"#, json!({"c": c}))
                .await;
            a.ok()["markHotspot"]["hotspot"]["id"]
                .as_str()
                .unwrap()
                .to_string()
        }
    };
    let hotspot = mark(own["id"].clone()).await;
    let other_hotspot = mark(other["id"].clone()).await;
    let plan = app
        .gql(Some(sup), r#"mutation($h: ID!) { createRectificationPlan(input: {hotspotId: $h, title: "整治", startedOn: "2026-11-05", measures: [{description: "排查", owner: "中队", dueOn: "2026-12-10"}]}) { plan { id measures { id } } userErrors { code } } }"#, json!({"h": hotspot}))
        .await;
    let plan = plan.ok()["createRectificationPlan"]["plan"].clone();
    let write = |title: &'static str| {
        let app = &app;
        let officer = officer.clone();
        async move {
            let a = app
                .gql(Some(&officer), "mutation($t: String!) { savePracticeCase(input: {title: $t, summary: \"s\", body: \"b\", tags: [CO_GOVERNANCE], communityIds: [], caseIds: []}) { practice { id version } userErrors { code } } }", json!({"t": title}))
                .await;
            a.ok()["savePracticeCase"]["practice"]["id"]
                .as_str()
                .unwrap()
                .to_string()
        }
    };
    let practice_draft = write("草稿").await;
    let practice_published = write("已发布").await;
    app.gql(
        Some(&officer),
        "mutation($p: ID!) { submitPracticeCase(id: $p, version: 1) { userErrors { code } } }",
        json!({"p": practice_published}),
    )
    .await
    .ok();
    app.gql(Some(sup), "mutation($p: ID!) { reviewPracticeCase(id: $p, version: 2, decision: PUBLISH) { userErrors { code } } }", json!({"p": practice_published}))
        .await
        .ok();
    let rental_case = app
        .gql(Some(&officer), r#"mutation($c: ID!) { openCase(input: {communityId: $c, matterCode: "B1", facts: "隔断群租", parties: [{kind: OWNER, name: "钱七", idNumber: "310105199001015678", phone: "13912345678"}]}) { case { id } userErrors { code } } }"#, json!({"c": own["id"]}))
        .await;
    let rental_case = rental_case.ok()["openCase"]["case"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    // Referrals: the squad's to the housing administration, another squad's to a paper one.
    let depts = app
        .gql(Some(sup), "{ departments { id name inApp } }", json!({}))
        .await;
    let depts = depts.ok()["departments"].as_array().unwrap().clone();
    let dept = |in_app: bool| depts.iter().find(|d| d["inApp"] == in_app).unwrap()["id"].clone();
    let refer = |token: String, c: Value, key: &'static str, d: Value| {
        let app = &app;
        async move {
            let filed = app
                .gql(Some(&token), "mutation($c: ID!, $k: String!) { fileComplaint(input: {idempotencyKey: $k, communityId: $c, source: CITIZEN_COMPLAINT, description: \"12345转来\"}) { item { id } } }", json!({"c": c, "k": key}))
                .await;
            let id = filed.ok()["fileComplaint"]["item"]["id"].clone();
            app.gql(Some(&token), "mutation($i: [ID!]!) { acceptItems(input: {itemIds: $i}) { userErrors { code } } }", json!({"i": [id]}))
                .await
                .ok();
            let r = app
                .gql(Some(&token), "mutation($i: ID!, $d: ID!, $k: String!) { referItem(input: {itemId: $i, departmentId: $d, reason: \"不属城管职责\", idempotencyKey: $k}) { referral { id } userErrors { code } } }", json!({"i": id, "d": d, "k": key}))
                .await;
            r.ok()["referItem"]["referral"]["id"]
                .as_str()
                .unwrap()
                .to_string()
        }
    };
    let referral = refer(
        officer.clone(),
        own["id"].clone(),
        "fixture-ref-1",
        dept(true),
    )
    .await;
    let other_referral = refer(
        sup.to_string(),
        other["id"].clone(),
        "fixture-ref-2",
        dept(false),
    )
    .await;
    let joint = |token: String, c: Value, key: &'static str| {
        let app = &app;
        let d = dept(true);
        async move {
            let a = app
                .gql(Some(&token), r#"mutation($c: ID!, $d: ID!, $k: String!) { createJointAction(input: {idempotencyKey: $k, title: "群租联合整治", focus: GROUP_RENTING, communityId: $c, actionOn: "2026-11-20", departmentIds: [$d]}) { action { id } userErrors { code } } }"#, json!({"c": c, "d": d, "k": key}))
                .await;
            a.ok()["createJointAction"]["action"]["id"]
                .as_str()
                .unwrap()
                .to_string()
        }
    };
    let joint_action = joint(officer.clone(), own["id"].clone(), "fixture-ja-1").await;
    let other_joint_action = joint(sup.to_string(), other["id"].clone(), "fixture-ja-2").await;
    let unit = app
        .gql(Some(&officer), r#"mutation($a: ID!, $u: ID!) { addJointActionUnit(input: {actionId: $a, unitId: $u, finding: "隔成4间出租", outcome: VIOLATION}) { action { units { id } } userErrors { code } } }"#, json!({"a": joint_action, "u": own["buildings"][0]["units"][2]["id"]}))
        .await;
    let joint_unit = unit.ok()["addJointActionUnit"]["action"]["units"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    Fixture {
        rental_case,
        referral,
        other_referral,
        joint_action,
        other_joint_action,
        joint_unit,
        other_community: other["id"].as_str().unwrap().to_string(),
        hotspot,
        other_hotspot,
        plan: plan["id"].as_str().unwrap().to_string(),
        measure: plan["measures"][0]["id"].as_str().unwrap().to_string(),
        practice_draft,
        practice_published,
        sub_district: d["subDistricts"][0]["id"].as_str().unwrap().to_string(),
        other_sub_district: d["subDistricts"][3]["id"].as_str().unwrap().to_string(),
        renovation,
        case,
        other_case,
        approval,
        item: filed.ok()["fileComplaint"]["item"]["id"]
            .as_str()
            .unwrap()
            .to_string(),
        suggestion: suggested.ok()["fileSuggestion"]["item"]["id"]
            .as_str()
            .unwrap()
            .to_string(),
        other_item: patrol.ok()["fileComplaint"]["item"]["id"]
            .as_str()
            .unwrap()
            .to_string(),
        own_pending,
        other_pending,
        other_squad_officer: other_officer.ok()["createAccount"]["account"]["id"]
            .as_str()
            .unwrap()
            .to_string(),
        community: own["id"].as_str().unwrap().to_string(),
        unit: own["buildings"][0]["units"][0]["id"]
            .as_str()
            .unwrap()
            .to_string(),
        squad,
    }
}

fn outcome(a: &Answer) -> E {
    let has_errors = a.body.get("errors").is_some_and(|e| !e.is_null());
    match a.error_code() {
        None if has_errors => panic!("an error without a code (a broken query?): {a:?}"),
        None => Ok,
        Some("UNAUTHENTICATED") => Un,
        Some("FORBIDDEN") => Fb,
        Some("NOT_FOUND") => Nf,
        Some(other) => panic!("unexpected error code {other}: {a:?}"),
    }
}

both!(authorization_matrix, |db| async move {
    let app = spawn_app(db).await;
    let sup = app.login("supervisor").await;
    let f = fixture(&app, &sup).await;
    let vars = json!({
        "item": f.item, "otherItem": f.other_item, "suggestion": f.suggestion,
        "ownPending": f.own_pending, "otherPending": f.other_pending, "otherOfficer": f.other_squad_officer,
        "community": f.community, "unit": f.unit, "squad": f.squad,
        "case": f.case, "otherCase": f.other_case, "approval": f.approval, "renovation": f.renovation,
        "subDistrict": f.sub_district, "otherSubDistrict": f.other_sub_district,
        "otherCommunity": f.other_community, "hotspot": f.hotspot, "otherHotspot": f.other_hotspot,
        "plan": f.plan, "measure": f.measure,
        "practiceDraft": f.practice_draft, "practicePublished": f.practice_published,
        "rentalCase": f.rental_case, "referral": f.referral, "otherReferral": f.other_referral,
        "jointAction": f.joint_action, "otherJointAction": f.other_joint_action, "jointUnit": f.joint_unit,
    });
    let mut tokens: HashMap<&str, Option<String>> = HashMap::new();
    for caller in CALLERS {
        let t = match caller {
            "anonymous" => None,
            "squad-supervisor" => Some(
                app.login_session("squad.leader", "matrix-pass-1").await["session"]["accessToken"]
                    .as_str()
                    .unwrap()
                    .to_string(),
            ),
            demo => Some(app.login(demo).await),
        };
        tokens.insert(caller, t);
    }

    // Every operation of the server's matrix has at least one row here.
    let covered: Vec<Op> = rows()
        .iter()
        .map(|r| r.op)
        .chain(SUBSCRIPTION_ROWS.iter().map(|r| r.0))
        .chain(EXPORT_ROWS.iter().map(|r| r.0))
        .collect();
    for (op, _, _) in MATRIX {
        assert!(
            covered.contains(op),
            "{op:?} is in the server's matrix but not checked here"
        );
    }

    let mut failures = Vec::new();
    for row in rows() {
        // Only the variables the document declares.
        let declared: serde_json::Map<String, Value> = vars
            .as_object()
            .unwrap()
            .iter()
            .filter(|(k, _)| row.query.contains(&format!("${k}")))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        for (i, caller) in CALLERS.iter().enumerate() {
            let a = app
                .gql(
                    tokens[caller].as_deref(),
                    row.query,
                    Value::Object(declared.clone()),
                )
                .await;
            let got = outcome(&a);
            if got != row.expect[i] {
                failures.push(format!(
                    "{:?} ({}) as {caller}: expected {:?}, got {got:?}: {}",
                    row.op, row.what, row.expect[i], a.body
                ));
            }
        }
    }
    for (op, query, expect) in SUBSCRIPTION_ROWS {
        for (i, caller) in CALLERS.iter().enumerate() {
            let got = match ws::subscribe(&app.addr, tokens[caller].as_deref(), query).await {
                ws::Opened::Refused(reason)
                    if reason.contains("请先登录") || reason.contains("UNAUTHENTICATED") =>
                {
                    Un
                }
                ws::Opened::Refused(reason) => panic!("{op:?} as {caller}: refused: {reason}"),
                ws::Opened::Subscribed(mut s) => {
                    // No event is due: a quiet socket (timeout) means the subscription stands.
                    match s.next_within(std::time::Duration::from_millis(700)).await {
                        Err(e) if e == "timeout" => Ok,
                        Result::Ok(p)
                            if p["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED" =>
                        {
                            Un
                        }
                        Result::Ok(p) if p["errors"][0]["extensions"]["code"] == "FORBIDDEN" => Fb,
                        Err(e) if e.contains("UNAUTHENTICATED") => Un,
                        Err(e) if e.contains("FORBIDDEN") => Fb,
                        other => panic!("{op:?} as {caller}: {other:?}"),
                    }
                }
            };
            if got != expect[i] {
                failures.push(format!(
                    "{op:?} as {caller}: expected {:?}, got {got:?}",
                    expect[i]
                ));
            }
        }
    }
    for (op, path, expect) in EXPORT_ROWS {
        let path = path.replace("{otherSubDistrict}", &f.other_sub_district);
        for (i, caller) in CALLERS.iter().enumerate() {
            let mut req = app.client.get(format!("{}{path}", app.addr));
            if let Some(t) = tokens[caller].as_deref() {
                req = req.bearer_auth(t);
            }
            let status = req.send().await.unwrap().status().as_u16();
            let got = match status {
                200 => Ok,
                401 => Un,
                403 => Fb,
                404 => Nf,
                other => panic!("{op:?} {path} as {caller}: HTTP {other}"),
            };
            if got != expect[i] {
                failures.push(format!(
                    "{op:?} ({path}) as {caller}: expected {:?}, got {got:?}",
                    expect[i]
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "authorization matrix mismatches:\n{}",
        failures.join("\n")
    );
});
