//! The authorization matrix: every operation × every role (and the scope boundaries that
//! matter), against the running server. Allowed means: no error at the top level (the
//! payload may still carry `userErrors`). The server's own table is `gongzhi::authz::MATRIX`;
//! this test fails when an operation is added there and not here.
//!
//! The nested rows (`nested_paths`, #10) follow data through fields of other objects — an
//! item's filer and photos, a case's filings, a referral's item, a renovation's reports, a
//! patrol's findings, a hotspot's complaint pattern, an account's home — and say what each
//! caller gets there; a field of the schema that leads to such data without a row fails
//! `every_nested_path_to_guarded_data_has_a_row`.
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

/// The fixture as the rows' variables.
fn vars_of(f: &Fixture) -> Value {
    json!({
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
    })
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
    let vars = vars_of(&f);
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

// Nested paths (#10): what each caller gets through a field of another object.

/// The callers of the nested rows: the matrix's eight, with a second resident of 安化小区
/// after the first (the neighbour, who joined one of the first resident's complaints).
const NESTED_CALLERS: [&str; 9] = [
    "anonymous",
    "resident",
    "neighbour",
    "committee",
    "property",
    "officer",
    "squad-supervisor",
    "supervisor",
    "housing",
];

/// What one caller gets on a nested path.
#[derive(Clone, Copy, Debug)]
enum W {
    /// Refused at the top level with this code: no data at all.
    No(E),
    /// The value at the row's `at` matches this JSON pattern. `"*"`: any value but null;
    /// `"$name"`: the fixture's value of that name; `{"$each": p}`: a list whose every
    /// element matches `p`. An object pattern checks the fields it names (each pattern
    /// names every field of the query that could say who filed or where they live); a list
    /// pattern checks the length and each element in order. `null`: nothing there (null,
    /// or a list without the element `at` looks for).
    Is(&'static str),
}
use W::{Is, No};

struct Path {
    /// The schema's fields (`Type.field`) the query goes through to sensitive data.
    covers: &'static [&'static str],
    what: &'static str,
    query: &'static str,
    /// Where in `data` to look: keys separated by dots; `key[f=$name]` picks the element of
    /// the list `key` whose field `f` (dotted) is the fixture's `name`.
    at: &'static str,
    /// By caller, in `NESTED_CALLERS` order.
    expect: [W; 9],
}

/// Object types that are themselves what SPEC §10 guards: items, who filed them and where
/// they live, cases and their parties, photos and evidence, accounts.
const SENSITIVE_TYPES: [&str; 12] = [
    "Item",
    "LinkedItem",
    "ReferralItem",
    "RenovationReport",
    "OpenItemHint",
    "Filer",
    "Case",
    "Party",
    "Evidence",
    "Photo",
    "User",
    "Home",
];

/// A field of this name makes its type sensitive wherever it appears: a filer, a unit (which
/// may be a filer's home), an identity number, a photo's address.
fn marks_sensitive(field: &str) -> bool {
    matches!(field, "filer" | "unitLabel" | "idNumber" | "url") || field.ends_with("Url")
}

#[rustfmt::skip]
fn nested_paths() -> Vec<Path> {
    // expect, by caller: anonymous, resident (the filer), neighbour, committee, property,
    //                    officer, squad supervisor, district supervisor, housing
    const OWN_PHOTO: &str = r#"{"filer": "$filer", "unitLabel": "$home", "description": "阳台违章搭建，附照片", "photos": [{"url": "*", "originalUrl": null, "capturedAt": null, "latitude": null, "longitude": null}]}"#;
    const NO_FILER_PHOTO: &str = r#"{"filer": null, "unitLabel": null, "description": "阳台违章搭建，附照片", "photos": [{"url": "*", "originalUrl": null, "capturedAt": null, "latitude": null, "longitude": null}]}"#;
    const JOINED_PHOTO: &str = r#"{"filer": null, "unitLabel": null, "description": "$joined", "photos": []}"#;
    const OFFICER_PHOTO: &str = r#"{"filer": "$filer", "unitLabel": "$home", "description": "阳台违章搭建，附照片", "photos": [{"url": "*", "originalUrl": "*", "capturedAt": "*", "latitude": "*", "longitude": "*"}]}"#;
    const ANON_SHOWN: &str = r#"{"id": "$anon", "anonymous": true, "filer": "$filer", "unitLabel": "$home"}"#;
    const ANON_HIDDEN: &str = r#"{"id": "$anon", "anonymous": true, "filer": null, "unitLabel": null}"#;
    const CASE_OFFICER: &str = r#"{"unitLabel": "$home", "items": [{"id": "$anon", "description": "楼上群租，我不便出面"}], "parties": [{"name": "孙八", "idNumber": "310105199002021234", "phone": "13955556666"}], "evidence": [{"url": "*", "originalUrl": "*", "capturedAt": "*", "latitude": "*"}], "dutyChecks": [{"unitLabel": "$home"}]}"#;
    const CASE_HOUSING: &str = r#"{"unitLabel": null, "items": [{"id": "$anon", "description": "楼上群租，我不便出面"}], "parties": [{"name": "孙八", "idNumber": "310***********1234", "phone": "1*********6"}], "evidence": [{"url": "*", "originalUrl": null, "capturedAt": null, "latitude": null}], "dutyChecks": [{"unitLabel": null}]}"#;
    const LISTED_CASE_OFFICER: &str = r#"{"unitLabel": "$home", "items": [{"id": "$anon"}], "parties": [{"idNumber": "310***********1234", "phone": "13955556666"}]}"#;
    const LISTED_CASE_HOUSING: &str = r#"{"unitLabel": null, "items": [{"id": "$anon"}], "parties": [{"idNumber": "310***********1234", "phone": "1*********6"}]}"#;
    const CHECK_OFFICER: &str = r#"{"unitLabel": "$home", "ownerCaseId": "$anonCase"}"#;
    const CHECK_FIRM: &str = r#"{"unitLabel": null, "ownerCaseId": null}"#;
    const REF_OFFICER: &str = r#"{"id": "$refItem", "unitLabel": "$home", "description": "违规出租给多户"}"#;
    const REF_HOUSING: &str = r#"{"id": "$refItem", "unitLabel": null, "description": "违规出租给多户"}"#;
    const RENO: &str = r#"{"ownerName": "陈先生", "ownerPhone": "13811112222", "agreementPhotoUrl": "*", "reports": [{"id": "$renoReport"}], "patrols": [{"photoUrl": "*", "thumbnailUrl": "*"}, {"photoUrl": null, "thumbnailUrl": null}]}"#;
    const HOT: &str = r#"{"pattern": {"topUnitMatter": {"unitLabel": "$home", "matterCode": "B1"}}, "plans": [{"id": "$plan", "hotspot": {"id": "$hotspot"}}]}"#;
    const FINDING: &str = r#"[{"joined": true, "item": {"id": "$item", "filer": "$filer", "unitLabel": "$home"}}]"#;
    const PENDING: &str = r#"{"phone": "13700000001", "home": {"unitLabel": "2号楼 101"}}"#;
    vec![
        // Items: who filed them, where they live, their photos.
        Path { covers: &["Item.filer", "Item.photos"],
               what: "a resident's complaint from home with a photo (EXIF time and place), which the neighbour joined",
               query: "query($photoItem: ID!) { item(id: $photoItem) { filer { displayName phone } unitLabel description photos { url originalUrl capturedAt latitude longitude } } }",
               at: "item",
               expect: [No(Un), Is(OWN_PHOTO), Is(JOINED_PHOTO), Is(NO_FILER_PHOTO), Is(NO_FILER_PHOTO), Is(OFFICER_PHOTO), Is(OFFICER_PHOTO), Is(OFFICER_PHOTO), No(Nf)] },
        Path { covers: &["Item.filer"],
               what: "an anonymous complaint about group renting (B1), filed from home",
               query: "query($anon: ID!) { item(id: $anon) { id anonymous filer { displayName phone } unitLabel } }",
               at: "item",
               expect: [No(Un), Is(ANON_SHOWN), No(Nf), Is(ANON_HIDDEN), Is(ANON_HIDDEN), Is(ANON_SHOWN), Is(ANON_SHOWN), Is(ANON_SHOWN), Is(ANON_HIDDEN)] },
        Path { covers: &["ItemConnection.nodes"],
               what: "the anonymous complaint in the list of items about the caller's communities",
               query: "{ communityItems(first: 100) { nodes { id anonymous filer { displayName phone } unitLabel } } }",
               at: "communityItems.nodes[id=$anon]",
               expect: [No(Un), No(Fb), No(Fb), Is(ANON_HIDDEN), Is(ANON_HIDDEN), Is(ANON_SHOWN), Is(ANON_SHOWN), Is(ANON_SHOWN), Is(ANON_HIDDEN)] },
        Path { covers: &["ItemConnection.edges", "ItemEdge.node"],
               what: "the anonymous complaint in the edges of the same list",
               query: "{ communityItems(first: 100) { edges { node { id anonymous filer { displayName phone } unitLabel } } } }",
               at: "communityItems.edges[node.id=$anon].node",
               expect: [No(Un), No(Fb), No(Fb), Is(ANON_HIDDEN), Is(ANON_HIDDEN), Is(ANON_SHOWN), Is(ANON_SHOWN), Is(ANON_SHOWN), Is(ANON_HIDDEN)] },
        Path { covers: &["ItemConnection.nodes"],
               what: "a complaint that is no rental matter, in the housing partner's list: not there",
               query: "{ communityItems(first: 100) { nodes { id filer { displayName } } } }",
               at: "communityItems.nodes[id=$photoItem]",
               expect: [No(Un), No(Fb), No(Fb), Is(r#"{"filer": null}"#), Is(r#"{"filer": null}"#), Is(r#"{"filer": {"displayName": "王阿姨"}}"#), Is(r#"{"filer": {"displayName": "王阿姨"}}"#), Is(r#"{"filer": {"displayName": "王阿姨"}}"#), Is("null")] },
        Path { covers: &["ItemConnection.nodes"],
               what: "my items: the joined complaint",
               query: "{ myItems(first: 100) { nodes { id filer { displayName phone } unitLabel description photos { url originalUrl capturedAt latitude longitude } } } }",
               at: "myItems.nodes[id=$photoItem]",
               expect: [No(Un), Is(OWN_PHOTO), Is(JOINED_PHOTO), Is("null"), Is("null"), Is("null"), Is("null"), Is("null"), Is("null")] },
        Path { covers: &["ItemConnection.nodes"],
               what: "my items: the anonymous complaint (the neighbour did not join it)",
               query: "{ myItems(first: 100) { nodes { id anonymous filer { displayName phone } unitLabel } } }",
               at: "myItems.nodes[id=$anon]",
               expect: [No(Un), Is(ANON_SHOWN), Is("null"), Is("null"), Is("null"), Is("null"), Is("null"), Is("null"), Is("null")] },
        Path { covers: &["ItemConnection.nodes"],
               what: "the anonymous complaint in the squad's inbox",
               query: "{ inbox(first: 100, filter: {statuses: [CONVERTED_TO_CASE]}) { nodes { id anonymous filer { displayName phone } unitLabel } } }",
               at: "inbox.nodes[id=$anon]",
               expect: [No(Un), No(Fb), No(Fb), No(Fb), No(Fb), Is(ANON_SHOWN), Is(ANON_SHOWN), Is(ANON_SHOWN), No(Fb)] },
        Path { covers: &[],
               what: "open items to join in 安化小区 (top level): the photographed complaint's unit is its filer's home",
               query: "query($community: ID!) { similarOpenItems(communityId: $community) { id unitLabel } }",
               at: "similarOpenItems[id=$photoItem]",
               expect: [No(Un), Is(r#"{"unitLabel": "$home"}"#), Is(r#"{"unitLabel": null}"#), Is(r#"{"unitLabel": null}"#), Is(r#"{"unitLabel": null}"#), Is(r#"{"unitLabel": "$home"}"#), Is(r#"{"unitLabel": "$home"}"#), Is(r#"{"unitLabel": "$home"}"#), Is("null")] },
        Path { covers: &["ItemPayload.item"],
               what: "\"me too\" again on the complaint with a photo: the payload's item",
               query: r#"mutation($photoItem: ID!) { joinItem(input: {itemId: $photoItem, idempotencyKey: "nested-join"}) { item { filer { displayName phone } unitLabel description photos { url originalUrl capturedAt latitude longitude } } } }"#,
               at: "joinItem.item",
               expect: [No(Un), Is(OWN_PHOTO), Is(JOINED_PHOTO), No(Fb), No(Fb), No(Fb), No(Fb), No(Fb), No(Fb)] },
        Path { covers: &["AcceptItemsPayload.items"],
               what: "accept the resident's complaint (the officer first; then it is accepted: none)",
               query: "mutation($item: ID!) { acceptItems(input: {itemIds: [$item]}) { items { id filer { displayName phone } unitLabel } } }",
               at: "acceptItems.items",
               expect: [No(Un), No(Fb), No(Fb), No(Fb), No(Fb), Is(r#"[{"id": "$item", "filer": "$filer", "unitLabel": "$home"}]"#), Is("[]"), Is("[]"), No(Fb)] },
        Path { covers: &["PatrolDay.dueItems"],
               what: "an officer's items due today: each with its filer",
               query: "{ patrolToday { dueItems { filer { displayName } } } }",
               at: "patrolToday.dueItems",
               expect: [No(Un), No(Fb), No(Fb), No(Fb), No(Fb), Is(r#"{"$each": {"filer": {"displayName": "*"}}}"#), Is(r#"{"$each": {"filer": {"displayName": "*"}}}"#), No(Fb), No(Fb)] },
        // Patrols: a finding that joined the resident's complaint.
        Path { covers: &["PatrolDay.openPatrols", "Patrol.findings", "PatrolFinding.item"],
               what: "an officer's open patrols, their findings' items (squad supervisor: not on it)",
               query: "{ patrolToday { openPatrols { id findings { joined item { id filer { displayName phone } unitLabel } } } } }",
               at: "patrolToday.openPatrols[id=$patrol].findings",
               expect: [No(Un), No(Fb), No(Fb), No(Fb), No(Fb), Is(FINDING), Is("null"), No(Fb), No(Fb)] },
        Path { covers: &["Patrol.findings", "PatrolFinding.item"],
               what: "the patrol's findings",
               query: "query($patrol: ID!) { patrol(id: $patrol) { findings { joined item { id filer { displayName phone } unitLabel } } } }",
               at: "patrol.findings",
               expect: [No(Un), No(Fb), No(Fb), No(Fb), No(Fb), Is(FINDING), No(Nf), No(Nf), No(Fb)] },
        Path { covers: &["PatrolPayload.patrol", "Patrol.findings"],
               what: "check in again (a retry): the payload's patrol (only those on the patrol: else NOT_FOUND)",
               query: r#"mutation($patrol: ID!, $community: ID!) { checkInPatrol(input: {patrolId: $patrol, idempotencyKey: "nested-c1", communityId: $community}) { patrol { findings { joined item { id filer { displayName phone } unitLabel } } } } }"#,
               at: "checkInPatrol.patrol.findings",
               expect: [No(Un), No(Fb), No(Fb), No(Fb), No(Fb), Is(FINDING), No(Nf), No(Nf), No(Fb)] },
        Path { covers: &["PatrolFindingPayload.finding", "PatrolFinding.item"],
               what: "the finding again (a retry): the payload's finding",
               query: r#"mutation($patrol: ID!, $community: ID!, $unit: ID!, $item: ID!) { recordPatrolFinding(input: {patrolId: $patrol, idempotencyKey: "nested-find", communityId: $community, unitId: $unit, matterCode: "C2", description: "楼道堆物仍在", joinItemId: $item}) { finding { joined item { id filer { displayName phone } unitLabel } } } }"#,
               at: "recordPatrolFinding.finding",
               expect: [No(Un), No(Fb), No(Fb), No(Fb), No(Fb), Is(r#"{"joined": true, "item": {"id": "$item", "filer": "$filer", "unitLabel": "$home"}}"#), No(Nf), No(Nf), No(Fb)] },
        // Cases: the filings they came from, parties, evidence, duty checks.
        Path { covers: &["Case.items", "Case.parties", "Case.evidence", "Case.dutyChecks"],
               what: "the case opened from the anonymous complaint (a repeat: the firm's duty check)",
               query: "query($anonCase: ID!) { case(id: $anonCase) { unitLabel items { id description } parties { name idNumber phone } evidence { url originalUrl capturedAt latitude } dutyChecks { unitLabel } } }",
               at: "case",
               expect: [No(Un), No(Fb), No(Fb), No(Fb), No(Fb), Is(CASE_OFFICER), Is(CASE_OFFICER), Is(CASE_OFFICER), Is(CASE_HOUSING)] },
        Path { covers: &["CaseConnection.nodes", "Case.items", "Case.parties"],
               what: "the same case in the case list (ID numbers masked in lists)",
               query: "{ cases(first: 100) { nodes { id unitLabel items { id } parties { idNumber phone } } } }",
               at: "cases.nodes[id=$anonCase]",
               expect: [No(Un), No(Fb), No(Fb), No(Fb), No(Fb), Is(LISTED_CASE_OFFICER), Is(LISTED_CASE_OFFICER), Is(LISTED_CASE_OFFICER), Is(LISTED_CASE_HOUSING)] },
        Path { covers: &["CaseConnection.edges", "CaseEdge.node"],
               what: "the same case in the list's edges",
               query: "{ cases(first: 100) { edges { node { id unitLabel items { id } parties { idNumber phone } } } } }",
               at: "cases.edges[node.id=$anonCase].node",
               expect: [No(Un), No(Fb), No(Fb), No(Fb), No(Fb), Is(LISTED_CASE_OFFICER), Is(LISTED_CASE_OFFICER), Is(LISTED_CASE_OFFICER), Is(LISTED_CASE_HOUSING)] },
        Path { covers: &["CasePayload.case", "Case.items", "Case.parties"],
               what: "add an inspection record to the case: the payload's case",
               query: r#"mutation($anonCase: ID!) { addCaseEvidence(input: {caseId: $anonCase, idempotencyKey: "nested-ev-text", kind: INSPECTION_RECORD, title: "现场检查笔录", body: "隔成6间"}) { case { unitLabel items { id } parties { idNumber phone } } } }"#,
               at: "addCaseEvidence.case",
               expect: [No(Un), No(Fb), No(Fb), No(Fb), No(Fb), Is(r#"{"unitLabel": "$home", "items": [{"id": "$anon"}], "parties": [{"idNumber": "310105199002021234", "phone": "13955556666"}]}"#), Is(r#"{"unitLabel": "$home", "items": [{"id": "$anon"}], "parties": [{"idNumber": "310105199002021234", "phone": "13955556666"}]}"#), Is(r#"{"unitLabel": "$home", "items": [{"id": "$anon"}], "parties": [{"idNumber": "310105199002021234", "phone": "13955556666"}]}"#), No(Fb)] },
        Path { covers: &["DutyCheckConnection.nodes"],
               what: "the firm's duty check on the anonymous filer's home",
               query: "{ dutyChecks(first: 100) { nodes { id unitLabel ownerCaseId } } }",
               at: "dutyChecks.nodes[id=$dutyCheck]",
               expect: [No(Un), No(Fb), No(Fb), No(Fb), Is(CHECK_FIRM), Is(CHECK_OFFICER), Is(CHECK_OFFICER), Is(CHECK_OFFICER), No(Fb)] },
        Path { covers: &["DutyCheckConnection.edges", "DutyCheckEdge.node"],
               what: "the same duty check in the list's edges",
               query: "{ dutyChecks(first: 100) { edges { node { id unitLabel ownerCaseId } } } }",
               at: "dutyChecks.edges[node.id=$dutyCheck].node",
               expect: [No(Un), No(Fb), No(Fb), No(Fb), Is(CHECK_FIRM), Is(CHECK_OFFICER), Is(CHECK_OFFICER), Is(CHECK_OFFICER), No(Fb)] },
        Path { covers: &["DutyCheckPayload.dutyCheck", "DutyCheckPayload.firmCase"],
               what: "conclude the duty check as failed (the officer first; then it is concluded: nothing)",
               query: r#"mutation($dutyCheck: ID!) { concludeDutyCheck(input: {dutyCheckId: $dutyCheck, result: FAILED, note: "物业未报告"}) { dutyCheck { unitLabel } firmCase { unitLabel items { id } } } }"#,
               at: "concludeDutyCheck",
               expect: [No(Un), No(Fb), No(Fb), No(Fb), No(Fb), Is(r#"{"dutyCheck": {"unitLabel": "$home"}, "firmCase": "*"}"#), Is(r#"{"dutyCheck": null, "firmCase": null}"#), Is(r#"{"dutyCheck": null, "firmCase": null}"#), No(Fb)] },
        // Referrals: the item referred, without its filer.
        Path { covers: &["Referral.item"],
               what: "the resident's complaint referred to the housing administration",
               query: "query($refReferral: ID!) { referral(id: $refReferral) { item { id unitLabel description } } }",
               at: "referral.item",
               expect: [No(Un), No(Fb), No(Fb), No(Fb), No(Fb), Is(REF_OFFICER), Is(REF_OFFICER), Is(REF_OFFICER), Is(REF_HOUSING)] },
        Path { covers: &["ReferralConnection.nodes", "Referral.item"],
               what: "the same referral in the list",
               query: "{ referrals(first: 100) { nodes { id item { id unitLabel description } } } }",
               at: "referrals.nodes[id=$refReferral].item",
               expect: [No(Un), No(Fb), No(Fb), No(Fb), No(Fb), Is(REF_OFFICER), Is(REF_OFFICER), Is(REF_OFFICER), Is(REF_HOUSING)] },
        Path { covers: &["ReferralPayload.referral", "Referral.item"],
               what: "the housing administration signs for it: the payload's referral",
               query: "mutation($refReferral: ID!) { receiveReferral(id: $refReferral) { referral { item { id unitLabel description } } } }",
               at: "receiveReferral.referral.item",
               expect: [No(Un), No(Fb), No(Fb), No(Fb), No(Fb), No(Fb), No(Fb), No(Fb), Is(REF_HOUSING)] },
        Path { covers: &["Item.filer"],
               what: "the referred complaint itself: the housing partner sees it through the referral, without its filer",
               query: "query($refItem: ID!) { item(id: $refItem) { id filer { displayName phone } unitLabel } }",
               at: "item",
               expect: [No(Un), Is(r#"{"filer": "$filer", "unitLabel": "$home"}"#), No(Nf), Is(r#"{"filer": null, "unitLabel": null}"#), Is(r#"{"filer": null, "unitLabel": null}"#), Is(r#"{"filer": "$filer", "unitLabel": "$home"}"#), Is(r#"{"filer": "$filer", "unitLabel": "$home"}"#), Is(r#"{"filer": "$filer", "unitLabel": "$home"}"#), Is(r#"{"filer": null, "unitLabel": null}"#)] },
        // Renovations: the reports filed from one, its patrols' photos.
        Path { covers: &["Renovation.reports", "Renovation.patrols"],
               what: "a started renovation with two patrols (one photographed) and a report",
               query: "query($nestedReno: ID!) { renovation(id: $nestedReno) { ownerName ownerPhone agreementPhotoUrl reports { id } patrols { photoUrl thumbnailUrl } } }",
               at: "renovation",
               expect: [No(Un), No(Fb), No(Fb), No(Fb), Is(RENO), Is(RENO), Is(RENO), Is(RENO), Is(RENO)] },
        Path { covers: &["RenovationConnection.nodes", "Renovation.reports", "Renovation.patrols"],
               what: "the same renovation in the list",
               query: "{ renovations(first: 100) { nodes { id ownerName ownerPhone agreementPhotoUrl reports { id } patrols { photoUrl thumbnailUrl } } } }",
               at: "renovations.nodes[id=$nestedReno]",
               expect: [No(Un), No(Fb), No(Fb), No(Fb), Is(RENO), Is(RENO), Is(RENO), Is(RENO), Is(RENO)] },
        Path { covers: &["RenovationConnection.edges", "RenovationEdge.node"],
               what: "the same renovation in the list's edges",
               query: "{ renovations(first: 100) { edges { node { id ownerName ownerPhone agreementPhotoUrl reports { id } patrols { photoUrl thumbnailUrl } } } } }",
               at: "renovations.edges[node.id=$nestedReno].node",
               expect: [No(Un), No(Fb), No(Fb), No(Fb), Is(RENO), Is(RENO), Is(RENO), Is(RENO), Is(RENO)] },
        Path { covers: &["RenovationPayload.renovation", "Renovation.reports", "Renovation.patrols"],
               what: "log the second patrol again (a retry): the payload's renovation",
               query: r#"mutation($nestedReno: ID!, $renoPatrolAt: DateTime!) { logRenovationPatrol(input: {renovationId: $nestedReno, idempotencyKey: "nested-rp2", patrolledAt: $renoPatrolAt, findings: "发现正在拆除墙体", violation: true}) { renovation { ownerName ownerPhone agreementPhotoUrl reports { id } patrols { photoUrl thumbnailUrl } } } }"#,
               at: "logRenovationPatrol.renovation",
               expect: [No(Un), No(Fb), No(Fb), No(Fb), Is(RENO), No(Fb), No(Fb), No(Fb), No(Fb)] },
        Path { covers: &["Item.filer"],
               what: "the renovation's report itself (the firm's own filing, about the committee's community)",
               query: "query($renoReport: ID!) { item(id: $renoReport) { filer { displayName } } }",
               at: "item",
               expect: [No(Un), No(Nf), No(Nf), Is(r#"{"filer": null}"#), Is(r#"{"filer": {"displayName": "长宁物业 陈经理"}}"#), Is(r#"{"filer": {"displayName": "长宁物业 陈经理"}}"#), Is(r#"{"filer": {"displayName": "长宁物业 陈经理"}}"#), Is(r#"{"filer": {"displayName": "长宁物业 陈经理"}}"#), No(Nf)] },
        // Joint actions: a unit's follow-up case.
        Path { covers: &["JointAction.units"],
               what: "a joint action's unit whose follow-up case is the anonymous complaint's",
               query: "query($jointAction: ID!) { jointAction(id: $jointAction) { units { id unitLabel caseNumber caseId } } }",
               at: "jointAction.units[id=$jointUnit2]",
               expect: [No(Un), No(Fb), No(Fb), No(Fb), No(Fb), Is(r#"{"unitLabel": "1号楼 301", "caseNumber": "$anonCaseNumber", "caseId": "$anonCase"}"#), Is(r#"{"unitLabel": "1号楼 301", "caseNumber": "$anonCaseNumber", "caseId": "$anonCase"}"#), Is(r#"{"unitLabel": "1号楼 301", "caseNumber": "$anonCaseNumber", "caseId": "$anonCase"}"#), Is(r#"{"unitLabel": "1号楼 301", "caseNumber": "$anonCaseNumber", "caseId": null}"#)] },
        Path { covers: &["JointActionPayload.action", "JointAction.units"],
               what: "re-check that unit: the payload's action (the officer first; then it is re-checked: nothing)",
               query: r#"mutation($jointUnit2: ID!) { recordJointRecheck(input: {unitId: $jointUnit2, finding: "已恢复原状", relapse: false}) { action { units { id unitLabel caseNumber caseId } } } }"#,
               at: "recordJointRecheck.action.units[id=$jointUnit2]",
               expect: [No(Un), No(Fb), No(Fb), No(Fb), No(Fb), Is(r#"{"unitLabel": "1号楼 301", "caseId": "$anonCase"}"#), Is("null"), Is("null"), No(Fb)] },
        // Hotspots: the complaint pattern (units of filings) and the plans.
        Path { covers: &["Hotspot.pattern", "HotspotPattern.topUnitMatter", "Hotspot.plans", "RectificationPlan.hotspot"],
               what: "the hotspot of 安化小区: its complaints' top unit, its plan",
               query: "query($hotspot: ID!) { hotspot(id: $hotspot) { pattern { topUnitMatter { unitLabel matterCode } } plans { id hotspot { id } } } }",
               at: "hotspot",
               expect: [No(Un), No(Fb), No(Fb), No(Fb), No(Fb), Is(HOT), Is(HOT), Is(HOT), No(Fb)] },
        Path { covers: &["RectificationPlan.hotspot", "Hotspot.pattern", "HotspotPattern.topUnitMatter"],
               what: "the plan's hotspot",
               query: "query($plan: ID!) { rectificationPlan(id: $plan) { hotspot { pattern { topUnitMatter { unitLabel matterCode } } } } }",
               at: "rectificationPlan.hotspot.pattern.topUnitMatter",
               expect: [No(Un), No(Fb), No(Fb), No(Fb), No(Fb), Is(r#"{"unitLabel": "$home", "matterCode": "B1"}"#), Is(r#"{"unitLabel": "$home", "matterCode": "B1"}"#), Is(r#"{"unitLabel": "$home", "matterCode": "B1"}"#), No(Fb)] },
        Path { covers: &["HotspotPayload.hotspot", "Hotspot.pattern"],
               what: "end the hotspot far ahead: the payload's hotspot",
               query: r#"mutation($hotspot: ID!) { endHotspot(id: $hotspot, endsOn: "2099-12-31") { hotspot { pattern { topUnitMatter { unitLabel matterCode } } } } }"#,
               at: "endHotspot.hotspot.pattern.topUnitMatter",
               expect: [No(Un), No(Fb), No(Fb), No(Fb), No(Fb), No(Fb), Is(r#"{"unitLabel": "$home", "matterCode": "B1"}"#), Is(r#"{"unitLabel": "$home", "matterCode": "B1"}"#), No(Fb)] },
        Path { covers: &["PlanPayload.plan", "RectificationPlan.hotspot"],
               what: "add a progress note: the payload's plan",
               query: r#"mutation($plan: ID!) { addPlanNote(planId: $plan, body: "已入户排查") { plan { hotspot { pattern { topUnitMatter { unitLabel matterCode } } } } } }"#,
               at: "addPlanNote.plan.hotspot.pattern.topUnitMatter",
               expect: [No(Un), No(Fb), No(Fb), No(Fb), No(Fb), Is(r#"{"unitLabel": "$home", "matterCode": "B1"}"#), Is(r#"{"unitLabel": "$home", "matterCode": "B1"}"#), Is(r#"{"unitLabel": "$home", "matterCode": "B1"}"#), No(Fb)] },
        // Accounts: contact and home.
        Path { covers: &["UserConnection.nodes", "User.home"],
               what: "a resident waiting for verification in 安化小区",
               query: "{ pendingResidents(first: 100) { nodes { id phone home { unitLabel } } } }",
               at: "pendingResidents.nodes[id=$ownPending]",
               expect: [No(Un), No(Fb), No(Fb), Is(PENDING), No(Fb), No(Fb), Is(PENDING), Is(PENDING), No(Fb)] },
        Path { covers: &["UserConnection.edges", "UserEdge.node", "User.home"],
               what: "a resident waiting in another sub-district: the district's only",
               query: "{ pendingResidents(first: 100) { edges { node { id phone home { unitLabel } } } } }",
               at: "pendingResidents.edges[node.id=$otherPending].node",
               expect: [No(Un), No(Fb), No(Fb), Is("null"), No(Fb), No(Fb), Is("null"), Is(r#"{"phone": "13700000002", "home": "*"}"#), No(Fb)] },
        Path { covers: &["UserConnection.nodes"],
               what: "a staff account of the squad",
               query: "{ accounts(first: 100) { nodes { id login phone home { unitLabel } } } }",
               at: "accounts.nodes[id=$nestedOfficer]",
               expect: [No(Un), No(Fb), No(Fb), No(Fb), No(Fb), No(Fb), Is(r#"{"login": "nested.officer", "phone": "13800000099", "home": null}"#), Is(r#"{"login": "nested.officer", "phone": "13800000099", "home": null}"#), No(Fb)] },
        Path { covers: &["User.home"],
               what: "the caller's own account",
               query: "{ me { phone home { unitLabel } } }",
               at: "me.home",
               expect: [No(Un), Is(r#"{"unitLabel": "$home"}"#), Is(r#"{"unitLabel": "2号楼 102"}"#), Is("null"), Is("null"), Is("null"), Is("null"), Is("null"), Is("null")] },
        Path { covers: &["AccountPayload.account", "User.home"],
               what: "verify the pending resident of 安化小区 (the committee first; then it is no longer pending: nothing)",
               query: "mutation($ownPending: ID!) { verifyResident(input: {accountId: $ownPending, approve: true}) { account { phone home { unitLabel } } } }",
               at: "verifyResident.account",
               expect: [No(Un), No(Fb), No(Fb), Is(PENDING), No(Fb), No(Fb), Is("null"), Is("null"), No(Fb)] },
        Path { covers: &["AuthPayload.session", "Session.user", "User.home"],
               what: "sign in as the resident: whoever holds the password gets the resident's own view",
               query: r#"mutation { login(input: {login: "resident", password: "gongzhi-demo"}) { session { user { displayName phone home { unitLabel } } } } }"#,
               at: "login.session.user",
               expect: [Is(r#"{"displayName": "王阿姨", "phone": "13900000001", "home": {"unitLabel": "$home"}}"#); 9] },
    ]
}

/// `at`'s segments: split on dots outside brackets.
fn segments(at: &str) -> Vec<&str> {
    let (mut out, mut depth, mut start) = (Vec::new(), 0, 0);
    for (i, c) in at.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            '.' if depth == 0 => {
                out.push(&at[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&at[start..]);
    out
}

/// The value at `at` in `data` (see `Path::at`); null where there is none.
fn pick(data: &Value, at: &str, vars: &Value) -> Value {
    let mut cur = data.clone();
    for seg in segments(at) {
        let (key, filter) = match seg.split_once('[') {
            Some((k, f)) => (k, Some(f.trim_end_matches(']'))),
            None => (seg, None),
        };
        cur = cur.get(key).cloned().unwrap_or(Value::Null);
        if let Some(f) = filter {
            let (field, name) = f.split_once("=$").expect("a filter is field=$name");
            let want = &vars[name];
            assert!(!want.is_null(), "no fixture value {name}");
            cur = cur
                .as_array()
                .and_then(|a| a.iter().find(|e| pick(e, field, vars) == *want).cloned())
                .unwrap_or(Value::Null);
        }
        if cur.is_null() {
            break;
        }
    }
    cur
}

/// Why `got` does not match the pattern `want` (see `W::Is`), if it does not.
fn mismatch(got: &Value, want: &Value, vars: &Value, path: &str) -> Option<String> {
    match want {
        Value::String(s) if s == "*" => got
            .is_null()
            .then(|| format!("{path}: expected a value, got null")),
        Value::String(s) if s.starts_with('$') => {
            let v = vars
                .get(&s[1..])
                .unwrap_or_else(|| panic!("no fixture value {s}"));
            mismatch(got, v, vars, path)
        }
        Value::Object(m) if m.len() == 1 && m.contains_key("$each") => match got.as_array() {
            None => Some(format!("{path}: expected a list, got {got}")),
            Some(a) => a
                .iter()
                .enumerate()
                .find_map(|(i, e)| mismatch(e, &m["$each"], vars, &format!("{path}[{i}]"))),
        },
        Value::Object(m) => {
            if !got.is_object() {
                return Some(format!("{path}: expected an object, got {got}"));
            }
            m.iter().find_map(|(k, w)| match got.get(k) {
                None => Some(format!("{path}.{k}: not in the answer")),
                Some(g) => mismatch(g, w, vars, &format!("{path}.{k}")),
            })
        }
        Value::Array(ws) => match got.as_array() {
            Some(a) if a.len() == ws.len() => a
                .iter()
                .zip(ws)
                .enumerate()
                .find_map(|(i, (g, w))| mismatch(g, w, vars, &format!("{path}[{i}]"))),
            _ => Some(format!(
                "{path}: expected {} element(s), got {got}",
                ws.len()
            )),
        },
        other => (got != other).then(|| format!("{path}: expected {other}, got {got}")),
    }
}

/// Whether the document declares `$name` (not merely a longer name that starts with it).
fn declares(query: &str, name: &str) -> bool {
    let needle = format!("${name}");
    query.match_indices(&needle).any(|(i, _)| {
        !query[i + needle.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

/// The object types of an SDL and their fields, each with its named type (no list or `!`).
fn object_types(sdl: &str) -> std::collections::BTreeMap<String, Vec<(String, String)>> {
    let mut out = std::collections::BTreeMap::new();
    let mut current: Option<String> = None;
    let mut in_doc = false;
    for line in sdl.lines() {
        let t = line.trim();
        if let Some(rest) = t.strip_prefix("\"\"\"") {
            // A block opens or closes here, unless it opens and closes on this line.
            if !(rest.len() >= 3 && rest.ends_with("\"\"\"")) {
                in_doc = !in_doc;
            }
            continue;
        }
        if in_doc || t.is_empty() || t.starts_with('"') || t.starts_with('#') {
            continue;
        }
        if let Some(rest) = t.strip_prefix("type ") {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.insert(name.clone(), Vec::new());
            current = t.ends_with('{').then_some(name);
            continue;
        }
        if t.ends_with('{') || t == "}" {
            current = None;
            continue;
        }
        let Some(ty) = &current else { continue };
        let Some(name_end) = t.find(['(', ':']) else {
            continue;
        };
        let rest = if t[name_end..].starts_with('(') {
            let Some(close) = t.rfind(')') else { continue };
            &t[close + 1..]
        } else {
            &t[name_end..]
        };
        let Some(of) = rest.trim_start().strip_prefix(':') else {
            continue;
        };
        let named: String = of
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        out.get_mut(ty)
            .expect("the type was inserted")
            .push((t[..name_end].trim().to_string(), named));
    }
    out
}

/// Every field of an object type (not the roots) whose type is, or leads to, a sensitive one.
fn sensitive_fields(sdl: &str) -> std::collections::BTreeSet<String> {
    let types = object_types(sdl);
    let mut sensitive: std::collections::BTreeSet<&str> = SENSITIVE_TYPES.into_iter().collect();
    for (t, fields) in &types {
        if fields.iter().any(|(f, _)| marks_sensitive(f)) {
            sensitive.insert(t);
        }
    }
    loop {
        let before = sensitive.len();
        for (t, fields) in &types {
            if fields.iter().any(|(_, of)| sensitive.contains(of.as_str())) {
                sensitive.insert(t);
            }
        }
        if sensitive.len() == before {
            break;
        }
    }
    types
        .iter()
        .filter(|(t, _)| !matches!(t.as_str(), "Query" | "Mutation" | "Subscription"))
        .flat_map(|(t, fields)| {
            let sensitive = &sensitive;
            fields
                .iter()
                .filter(move |(_, of)| sensitive.contains(of.as_str()))
                .map(move |(f, _)| format!("{t}.{f}"))
        })
        .collect()
}

/// Every nested field that reaches an item, a filer, a case, a photo or an account has a row:
/// a field added to the schema and not checked here fails this test.
#[test]
fn every_nested_path_to_guarded_data_has_a_row() {
    let sdl = gongzhi::graphql::sdl();
    let types = object_types(&sdl);
    assert!(
        types
            .get("Item")
            .is_some_and(|f| f.iter().any(|(n, of)| n == "filer" && of == "Filer")),
        "the SDL parser found no Item.filer: {:?}",
        types.get("Item")
    );
    // The check itself: a community's items or a hotspot's filers, were they added, would
    // need a row.
    let with = sdl
        .replacen(
            "type Community {",
            "type Community {\n\titems: ItemConnection!",
            1,
        )
        .replacen(
            "type Hotspot {",
            "type Hotspot {\n\tfilers(first: Int = 10): [Filer!]",
            1,
        );
    let found = sensitive_fields(&with);
    assert!(
        found.contains("Community.items") && found.contains("Hotspot.filers"),
        "the SDL check misses added fields: {found:?}"
    );
    let covered: std::collections::BTreeSet<&str> = nested_paths()
        .iter()
        .flat_map(|p| p.covers.iter().copied())
        .collect();
    for c in &covered {
        let (t, f) = c.split_once('.').expect("Type.field");
        assert!(
            types
                .get(t)
                .is_some_and(|fs| fs.iter().any(|(n, _)| n == f)),
            "{c} is listed as covered but is not in the schema"
        );
    }
    let missing: Vec<String> = sensitive_fields(&sdl)
        .into_iter()
        .filter(|p| !covered.contains(p.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "nested paths to items, filers, cases, photos or accounts with no row in nested_paths(): {missing:?}"
    );
}

/// A real JPEG with EXIF: capture time and a GPS position in Changning.
fn jpeg_with_exif() -> Vec<u8> {
    use exif::{Field, In, Rational, Tag, Value as X};
    use std::io::Cursor;
    let mut out = Cursor::new(Vec::new());
    image::DynamicImage::new_rgb8(64, 48)
        .write_to(&mut out, image::ImageFormat::Jpeg)
        .unwrap();
    let jpeg = out.into_inner();
    let r = |n: u32| Rational { num: n, denom: 1 };
    let ascii = |s: &[u8]| X::Ascii(vec![s.to_vec()]);
    let fields = [
        (Tag::DateTimeOriginal, ascii(b"2026:11:20 10:30:00")),
        (Tag::GPSLatitudeRef, ascii(b"N")),
        (Tag::GPSLatitude, X::Rational(vec![r(31), r(13), r(12)])),
        (Tag::GPSLongitudeRef, ascii(b"E")),
        (Tag::GPSLongitude, X::Rational(vec![r(121), r(25), r(24)])),
    ]
    .map(|(tag, value)| Field {
        tag,
        ifd_num: In::PRIMARY,
        value,
    });
    let mut w = exif::experimental::Writer::new();
    for f in &fields {
        w.push_field(f);
    }
    let mut tiff = Cursor::new(Vec::new());
    w.write(&mut tiff, false).unwrap();
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff.into_inner());
    let mut with = vec![0xFF, 0xD8, 0xFF, 0xE1];
    with.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    with.extend_from_slice(&app1);
    with.extend_from_slice(&jpeg[2..]);
    with
}

/// A GraphQL multipart request with one file at `file_at` (a path under `variables`, where
/// `variables` holds null); the payload of `field`, which must have no `userErrors`.
async fn upload(
    app: &TestApp,
    token: &str,
    query: &str,
    variables: Value,
    file_at: &str,
    field: &str,
) -> Value {
    let ops = json!({"query": query, "variables": variables});
    let form = reqwest::multipart::Form::new()
        .text("operations", ops.to_string())
        .text(
            "map",
            json!({"0": [format!("variables.{file_at}")]}).to_string(),
        )
        .part(
            "0",
            reqwest::multipart::Part::bytes(jpeg_with_exif()).file_name("photo.jpg"),
        );
    done(&app.gql_multipart(token, form).await, field)
}

/// The payload of `field`, which must have no `userErrors`.
fn done(a: &Answer, field: &str) -> Value {
    let p = a.ok()[field].clone();
    assert!(
        p["userErrors"].as_array().is_none_or(|e| e.is_empty()),
        "{field}: {p}"
    );
    p
}

/// A date `days` from today in Shanghai, and 10:00 Shanghai on it.
fn sh_day(days: i64) -> String {
    ((chrono::Utc::now() + chrono::Duration::hours(8)).date_naive() + chrono::Duration::days(days))
        .to_string()
}
fn sh_ten(days: i64) -> String {
    format!("{}T02:00:00Z", sh_day(days))
}

/// The nested rows' fixture on top of the matrix's: a neighbour who joined a photographed
/// complaint, an anonymous complaint taken into a case (with a duty check, photographed
/// evidence and a joint-action unit), a referred complaint, a patrol that joined the
/// resident's complaint, a renovation with patrols and a report. Returns the variables and
/// the neighbour's token.
async fn nested_fixture(app: &TestApp, sup: &str, f: &Fixture) -> (Value, String) {
    let mut vars = vars_of(f);
    let mut set = |k: &str, v: Value| {
        vars[k] = v;
    };
    let c = app
        .gql(
            None,
            "query($c: ID!) { community(id: $c) { buildings { units { id } } } }",
            json!({"c": f.community}),
        )
        .await;
    let units = c.ok()["community"]["buildings"].clone();
    let unit = |b: usize, u: usize| units[b]["units"][u]["id"].clone();
    let home = unit(0, 0);
    let resident = app.login("resident").await;
    let committee = app.login("committee").await;
    let officer = app.login("officer").await;
    let property = app.login("property").await;

    // The neighbour: 2号楼 102, verified by the committee.
    let n = app
        .gql(None, "mutation($u: ID!) { registerResident(input: {phone: \"13700000021\", password: \"matrix-pass-1\", displayName: \"李邻居\", unitId: $u}) { account { id } userErrors { code } } }", json!({"u": unit(1, 1)}))
        .await;
    let neighbour_id = done(&n, "registerResident")["account"]["id"].clone();
    let v = app
        .gql(Some(&committee), "mutation($a: ID!) { verifyResident(input: {accountId: $a, approve: true}) { userErrors { code } } }", json!({"a": neighbour_id}))
        .await;
    done(&v, "verifyResident");
    let neighbour =
        app.login_session("13700000021", "matrix-pass-1").await["session"]["accessToken"]
            .as_str()
            .unwrap()
            .to_string();

    // A complaint from home with a photo; the neighbour joins it.
    let p = upload(app, &resident, "mutation($i: FileComplaintInput!) { fileComplaint(input: $i) { item { id } userErrors { code } } }", json!({"i": {"idempotencyKey": "nested-photo", "description": "阳台违章搭建，附照片", "photos": [null]}}), "i.photos.0", "fileComplaint").await;
    let photo_item = p["item"]["id"].clone();
    let j = app
        .gql(Some(&neighbour), "mutation($i: ID!) { joinItem(input: {itemId: $i, idempotencyKey: \"nested-join\"}) { userErrors { code } } }", json!({"i": photo_item}))
        .await;
    done(&j, "joinItem");

    // A hotline complaint about group renting in 1号楼 101, and an anonymous one from there:
    // a repeat (the firm's duty check when it becomes a case).
    let file = |token: String, input: Value| async move {
        let a = app
            .gql(Some(&token), "mutation($i: FileComplaintInput!) { fileComplaint(input: $i) { item { id } userErrors { code } } }", json!({"i": input}))
            .await;
        done(&a, "fileComplaint")["item"]["id"].clone()
    };
    let repeat = file(officer.clone(), json!({"idempotencyKey": "nested-repeat", "communityId": f.community, "unitId": home, "matterCode": "B1", "source": "CITIZEN_COMPLAINT", "description": "12345转来：1号楼101群租"})).await;
    let anon = file(resident.clone(), json!({"idempotencyKey": "nested-anon", "matterCode": "B1", "description": "楼上群租，我不便出面", "anonymous": true})).await;
    let step = |q: &'static str, field: &'static str, v: Value| {
        let officer = officer.clone();
        async move { done(&app.gql(Some(&officer), q, v).await, field) }
    };
    step(
        "mutation($i: [ID!]!) { acceptItems(input: {itemIds: $i}) { userErrors { code } } }",
        "acceptItems",
        json!({"i": [anon, repeat]}),
    )
    .await;
    step(
        "mutation($i: ID!) { startVerification(input: {itemId: $i}) { userErrors { code } } }",
        "startVerification",
        json!({"i": anon}),
    )
    .await;
    let opened = step(r#"mutation($i: ID!) { openCase(input: {itemIds: [$i], facts: "隔断群租，住户6户", parties: [{kind: OWNER, name: "孙八", idNumber: "310105199002021234", phone: "13955556666"}]}) { case { id number dutyChecks { id } } userErrors { code } } }"#, "openCase", json!({"i": anon})).await;
    let anon_case = opened["case"]["id"].clone();
    let checks = opened["case"]["dutyChecks"].as_array().unwrap().clone();
    assert_eq!(checks.len(), 1, "a repeat opens one duty check: {opened}");
    upload(app, &officer, "mutation($i: AddCaseEvidenceInput!) { addCaseEvidence(input: $i) { userErrors { code } } }", json!({"i": {"caseId": anon_case, "idempotencyKey": "nested-ev", "kind": "PHOTO", "title": "现场照片", "photo": null}}), "i.photo", "addCaseEvidence").await;

    // A complaint from home referred to the housing administration.
    let ref_item = file(
        resident.clone(),
        json!({"idempotencyKey": "nested-ref", "description": "违规出租给多户"}),
    )
    .await;
    step(
        "mutation($i: [ID!]!) { acceptItems(input: {itemIds: $i}) { userErrors { code } } }",
        "acceptItems",
        json!({"i": [ref_item]}),
    )
    .await;
    let depts = app
        .gql(Some(sup), "{ departments { id inApp } }", json!({}))
        .await;
    let dept = depts.ok()["departments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["inApp"] == true)
        .unwrap()["id"]
        .clone();
    let r = step("mutation($i: ID!, $d: ID!) { referItem(input: {itemId: $i, departmentId: $d, reason: \"不属城管职责\", idempotencyKey: \"nested-ref\"}) { referral { id } userErrors { code } } }", "referItem", json!({"i": ref_item, "d": dept})).await;
    set("refReferral", r["referral"]["id"].clone());

    // A patrol whose finding joins the resident's complaint.
    let o = app
        .gql(Some(sup), "mutation($s: ID!) { createAccount(input: {login: \"nested.officer\", displayName: \"华阳路中队 赵队员\", phone: \"13800000099\", password: \"matrix-pass-1\", role: OFFICER, squadId: $s}) { account { id } userErrors { code } } }", json!({"s": f.squad}))
        .await;
    let nested_officer = done(&o, "createAccount")["account"]["id"].clone();
    let p = step("mutation($o: ID!) { startPatrol(input: {idempotencyKey: \"nested-patrol\", officerIds: [$o]}) { patrol { id } userErrors { code } } }", "startPatrol", json!({"o": nested_officer})).await;
    let patrol = p["patrol"]["id"].clone();
    step("mutation($p: ID!, $c: ID!) { checkInPatrol(input: {patrolId: $p, idempotencyKey: \"nested-c1\", communityId: $c}) { userErrors { code } } }", "checkInPatrol", json!({"p": patrol, "c": f.community})).await;
    step("mutation($p: ID!, $c: ID!, $u: ID!, $i: ID!) { recordPatrolFinding(input: {patrolId: $p, idempotencyKey: \"nested-find\", communityId: $c, unitId: $u, matterCode: \"C2\", description: \"楼道堆物仍在\", joinItemId: $i}) { userErrors { code } } }", "recordPatrolFinding", json!({"p": patrol, "c": f.community, "u": home, "i": f.item})).await;

    // A renovation in 1号楼 202: agreed, started, patrolled twice (once with a photo), reported.
    let reno_act = |q: &'static str, field: &'static str, v: Value| {
        let property = property.clone();
        async move { done(&app.gql(Some(&property), q, v).await, field) }
    };
    let r = reno_act("mutation($c: ID!, $u: ID!, $s: NaiveDate!, $e: NaiveDate!) { registerRenovation(input: {idempotencyKey: \"nested-reno\", communityId: $c, unitId: $u, ownerName: \"陈先生\", ownerPhone: \"13811112222\", contractorName: \"某装饰公司\", plannedStart: $s, plannedEnd: $e, scopeOfWork: \"卫生间改造\"}) { renovation { id } userErrors { code } } }", "registerRenovation", json!({"c": f.community, "u": unit(0, 3), "s": sh_day(-21), "e": sh_day(60)})).await;
    let reno = r["renovation"]["id"].clone();
    upload(app, &property, "mutation($i: RecordRenovationAgreementInput!) { recordRenovationAgreement(input: $i) { userErrors { code } } }", json!({"i": {"renovationId": reno, "signedOn": sh_day(-22), "photo": null}}), "i.photo", "recordRenovationAgreement").await;
    reno_act("mutation($r: ID!, $d: NaiveDate!) { startRenovation(input: {renovationId: $r, startedOn: $d}) { userErrors { code } } }", "startRenovation", json!({"r": reno, "d": sh_day(-21)})).await;
    upload(app, &property, "mutation($i: LogRenovationPatrolInput!) { logRenovationPatrol(input: $i) { userErrors { code } } }", json!({"i": {"renovationId": reno, "idempotencyKey": "nested-rp1", "patrolledAt": sh_ten(-19), "findings": "施工正常", "photo": null}}), "i.photo", "logRenovationPatrol").await;
    reno_act("mutation($r: ID!, $at: DateTime!) { logRenovationPatrol(input: {renovationId: $r, idempotencyKey: \"nested-rp2\", patrolledAt: $at, findings: \"发现正在拆除墙体\", violation: true}) { userErrors { code } } }", "logRenovationPatrol", json!({"r": reno, "at": sh_ten(-8)})).await;
    let dissuaded = (chrono::Utc::now() - chrono::Duration::hours(2)).to_rfc3339();
    let rep = reno_act("mutation($r: ID!, $at: DateTime!) { reportRenovationFinding(input: {renovationId: $r, idempotencyKey: \"nested-rf\", matterCode: \"A2\", description: \"业主正在拆除承重墙，劝阻无效\", dissuasion: {at: $at, method: \"当面劝阻\", by: \"物业管理员 李某\", ownerResponse: \"拒绝停工\"}}) { item { id } userErrors { code } } }", "reportRenovationFinding", json!({"r": reno, "at": dissuaded})).await;

    // A unit of the squad's joint action (1号楼 301) whose follow-up is the anonymous case.
    let ja = step("mutation($a: ID!, $u: ID!, $n: String!) { addJointActionUnit(input: {actionId: $a, unitId: $u, finding: \"隔成6间出租\", outcome: VIOLATION, caseNumber: $n}) { action { units { id caseNumber } } userErrors { code } } }", "addJointActionUnit", json!({"a": f.joint_action, "u": unit(0, 4), "n": opened["case"]["number"]})).await;
    let joint_unit2 = ja["action"]["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["caseNumber"] == opened["case"]["number"])
        .unwrap()["id"]
        .clone();

    set("neighbour", neighbour_id);
    set("photoItem", photo_item);
    set("anon", anon);
    set("anonCase", anon_case);
    set("anonCaseNumber", opened["case"]["number"].clone());
    set("dutyCheck", checks[0]["id"].clone());
    set("refItem", ref_item);
    set("patrol", patrol);
    set("unit", home);
    set("nestedOfficer", nested_officer);
    set("nestedReno", reno);
    set("renoPatrolAt", json!(sh_ten(-8)));
    set("renoReport", rep["item"]["id"].clone());
    set("jointUnit2", joint_unit2);
    // What the patterns compare with.
    set(
        "filer",
        json!({"displayName": "王阿姨", "phone": "13900000001"}),
    );
    set("home", json!("1号楼 101"));
    set(
        "joined",
        json!(
            "（附议事项：原始描述仅提交人和执法队员可见）/ (joined item: the original description is shown only to its filer and the officers)"
        ),
    );
    (vars, neighbour)
}

/// The first error's code as the matrix's outcome; an error without a known code is a
/// broken row, reported as such.
fn nested_outcome(a: &Answer) -> Result<E, String> {
    let has_errors = a.body.get("errors").is_some_and(|e| !e.is_null());
    match a.error_code() {
        None if has_errors => Err(format!("an error without a code: {}", a.body)),
        None => Result::Ok(Ok),
        Some("UNAUTHENTICATED") => Result::Ok(Un),
        Some("FORBIDDEN") => Result::Ok(Fb),
        Some("NOT_FOUND") => Result::Ok(Nf),
        Some(other) => Err(format!("unexpected error code {other}: {}", a.body)),
    }
}

both!(
    nested_paths_show_each_caller_only_its_share,
    |db| async move {
        let app = spawn_app(db).await;
        let sup = app.login("supervisor").await;
        let f = fixture(&app, &sup).await;
        let (vars, neighbour) = nested_fixture(&app, &sup, &f).await;
        let mut tokens: HashMap<&str, Option<String>> = HashMap::new();
        for caller in NESTED_CALLERS {
            let t = match caller {
            "anonymous" => None,
            "neighbour" => Some(neighbour.clone()),
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
        let mut failures = Vec::new();
        for row in nested_paths() {
            let declared: serde_json::Map<String, Value> = vars
                .as_object()
                .unwrap()
                .iter()
                .filter(|(k, _)| declares(row.query, k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            for (i, caller) in NESTED_CALLERS.iter().enumerate() {
                let a = app
                    .gql(
                        tokens[caller].as_deref(),
                        row.query,
                        Value::Object(declared.clone()),
                    )
                    .await;
                let problem = match (nested_outcome(&a), row.expect[i]) {
                    (Err(e), _) => Some(e),
                    (Result::Ok(got), No(want)) => {
                        (got != want).then(|| format!("expected {want:?}, got {got:?}: {}", a.body))
                    }
                    (Result::Ok(Ok), Is(pattern)) => {
                        let want: Value = serde_json::from_str(pattern)
                            .unwrap_or_else(|e| panic!("{}: bad pattern {pattern}: {e}", row.what));
                        let got = pick(a.data(), row.at, &vars);
                        mismatch(&got, &want, &vars, row.at)
                            .map(|m| format!("{m} (answer: {})", a.body))
                    }
                    (Result::Ok(got), Is(_)) => {
                        Some(format!("expected data, got {got:?}: {}", a.body))
                    }
                };
                if let Some(p) = problem {
                    failures.push(format!("{} as {caller}: {p}", row.what));
                }
            }
        }
        assert!(
            failures.is_empty(),
            "nested-path mismatches:\n{}",
            failures.join("\n")
        );
    }
);
