//! The renovation pilot (SPEC §8) end to end: registration, the notice and commitment before
//! the work, patrols and their duty gaps on the working-day calendar, a failed dissuasion
//! reported in one action and seen by the officer, the completion check, the public notice.
use std::io::Cursor;

use gongzhi_tests::*;
use image::{DynamicImage, ImageFormat};
use serde_json::{Value, json};

const RENOVATION: &str = "id status highRisk patrolEveryWorkingDays ownerName unitLabel agreementSignedOn agreementPhotoUrl startedOn completedOn nextPatrolDue dutyGaps patrols { findings violation by } reports { id status late matterCode } firmName version";

async fn act(app: &TestApp, token: &str, mutation: &str, input_type: &str, input: Value) -> Value {
    let a = app
        .gql(Some(token), &format!("mutation($i: {input_type}!) {{ {mutation}(input: $i) {{ renovation {{ {RENOVATION} }} userErrors {{ field code message }} }} }}"), json!({"i": input}))
        .await;
    a.ok()[mutation].clone()
}

fn codes(payload: &Value) -> Vec<String> {
    payload["userErrors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap().to_string())
        .collect()
}

/// 安化小区 and the units of its first building (the demo resident lives in 1号楼 101).
async fn anhua(app: &TestApp) -> (String, Vec<String>) {
    let a = app
        .gql(
            None,
            "{ communities(first: 100) { edges { node { id name buildings { units { id } } } } } }",
            json!({}),
        )
        .await;
    let c = a.ok()["communities"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["node"]["name"] == "安化小区")
        .unwrap()["node"]
        .clone();
    let units = c["buildings"][0]["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_str().unwrap().to_string())
        .collect();
    (c["id"].as_str().unwrap().to_string(), units)
}

/// Today in Shanghai, and dates relative to it: the fixtures stay valid whenever they run.
fn sh_today() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive()
}
fn day(offset: i64) -> String {
    (sh_today() + chrono::Duration::days(offset)).to_string()
}
/// 10:00 Shanghai on that day.
fn at(offset: i64) -> String {
    format!("{}T02:00:00Z", day(offset))
}

/// The due days the schedule misses between `start` and `until` when every patrol was logged
/// today (after `until`): the rule itself is hand-checked in `renovation::schedule`'s tests.
async fn gaps_if_logged_today(app: &TestApp, start: &str, every: u32, until: &str) -> Vec<String> {
    let cal = gongzhi::catalog::holidays::load_calendar(&app.state.db)
        .await
        .unwrap();
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    gongzhi::renovation::schedule::schedule(&cal, d(start), every, &[sh_today()], d(until))
        .gaps
        .iter()
        .map(|g| g.to_string())
        .collect()
}

fn png() -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    DynamicImage::new_rgb8(40, 30)
        .write_to(&mut out, ImageFormat::Png)
        .unwrap();
    out.into_inner()
}

/// Records the agreement with a photo of the signed page (GraphQL multipart).
async fn agreement(app: &TestApp, token: &str, id: &str, signed_on: &str) -> Value {
    let q = format!(
        "mutation($i: RecordRenovationAgreementInput!) {{ recordRenovationAgreement(input: $i) {{ renovation {{ {RENOVATION} }} userErrors {{ code }} }} }}"
    );
    let ops = json!({"query": q, "variables": {"i": {"renovationId": id, "signedOn": signed_on, "note": "告知书、承诺书、装修管理协议均已签署", "photo": null}}});
    let form = reqwest::multipart::Form::new()
        .text("operations", ops.to_string())
        .text("map", json!({"0": ["variables.i.photo"]}).to_string())
        .part(
            "0",
            reqwest::multipart::Part::bytes(png()).file_name("signed.png"),
        );
    app.gql_multipart(token, form).await.body["data"]["recordRenovationAgreement"].clone()
}

async fn register(app: &TestApp, token: &str, key: &str, unit: &str, high_risk: bool) -> Value {
    let (c, _) = anhua(app).await;
    act(app, token, "registerRenovation", "RegisterRenovationInput", json!({"idempotencyKey": key, "communityId": c, "unitId": unit, "ownerName": "陈先生", "ownerPhone": "13811112222", "contractorName": "长宁某装饰工程有限公司", "contractorPhone": "021-62220000", "plannedStart": day(-21), "plannedEnd": day(60), "scopeOfWork": "卫生间改造，拆除一段墙体", "loadBearing": high_risk})).await
}

both!(
    a_firm_runs_a_high_risk_renovation_from_registration_to_completion_and_the_officer_sees_its_report,
    |db| async move {
        let app = spawn_app(db).await;
        let property = app.login("property").await;
        let officer = app.login("officer").await;
        let (c, units) = anhua(&app).await;

        // Bad input stores nothing.
        let before = app.count("renovation").await;
        let bad = act(&app, &property, "registerRenovation", "RegisterRenovationInput", json!({"idempotencyKey": "bad-1", "communityId": c, "unitId": units[1], "ownerName": "陈先生", "contractorName": "某公司", "plannedStart": "2026-12-31", "plannedEnd": "2026-12-01", "scopeOfWork": "x"})).await;
        assert_eq!(codes(&bad), ["END_BEFORE_START"]);
        assert_eq!(bad["userErrors"][0]["field"], json!(["input", "plannedEnd"]));
        assert_eq!(app.count("renovation").await, before);

        let r = register(&app, &property, "reg-1", &units[1], true).await;
        assert_eq!(codes(&r), Vec::<String>::new(), "{r}");
        let r = r["renovation"].clone();
        let id = r["id"].as_str().unwrap().to_string();
        assert_eq!(r["status"], "REGISTERED");
        assert_eq!(r["highRisk"], true);
        assert_eq!(r["patrolEveryWorkingDays"], 2, "high-risk: patrolled more often");
        let again = register(&app, &property, "reg-1", &units[1], true).await;
        assert_eq!(again["renovation"]["id"], id.as_str(), "a retried registration is stored once");

        // No work before the notice and commitment.
        let early = act(&app, &property, "startRenovation", "StartRenovationInput", json!({"renovationId": id, "startedOn": day(-21)})).await;
        assert_eq!(codes(&early), ["NOTICE_REQUIRED"]);
        let no_photo = act(&app, &property, "recordRenovationAgreement", "RecordRenovationAgreementInput", json!({"renovationId": id, "signedOn": day(-22)})).await;
        assert_eq!(codes(&no_photo), ["REQUIRED"]);
        let a = agreement(&app, &property, &id, &day(-22)).await;
        assert_eq!(a["renovation"]["status"], "AGREED", "{a}");
        let url = a["renovation"]["agreementPhotoUrl"].as_str().unwrap();
        let got = app.client.get(format!("{}{url}", app.addr)).send().await.unwrap();
        assert_eq!(got.status().as_u16(), 200, "the signed page is served from its signed URL");
        let s = act(&app, &property, "startRenovation", "StartRenovationInput", json!({"renovationId": id, "startedOn": day(-21)})).await;
        assert_eq!(s["renovation"]["status"], "STARTED");

        // Patrols; a retry is logged once. One patrol on 4 Nov, then none.
        let patrol = json!({"renovationId": id, "idempotencyKey": "p-1", "patrolledAt": at(-19), "findings": "施工正常，垃圾已袋装"});
        act(&app, &property, "logRenovationPatrol", "LogRenovationPatrolInput", patrol.clone()).await;
        let p = act(&app, &property, "logRenovationPatrol", "LogRenovationPatrolInput", patrol).await;
        assert_eq!(p["renovation"]["patrols"].as_array().unwrap().len(), 1);
        let v = act(&app, &property, "logRenovationPatrol", "LogRenovationPatrolInput", json!({"renovationId": id, "idempotencyKey": "p-2", "patrolledAt": at(-8), "findings": "发现正在拆除承重墙", "violation": true})).await;
        assert_eq!(v["renovation"]["patrols"][1]["violation"], true);

        // Dissuasion failed: one action reports it, linked to the registration.
        let q = "mutation($i: ReportRenovationFindingInput!) { reportRenovationFinding(input: $i) { item { id kind source status late renovationId unitLabel } userErrors { code } } }";
        let none = app.gql(Some(&property), q, json!({"i": {"renovationId": id, "idempotencyKey": "f-1", "matterCode": "A2", "description": "业主正在拆除承重墙"}})).await;
        assert_eq!(none.ok()["reportRenovationFinding"]["userErrors"][0]["code"], "DISSUASION_REQUIRED");
        let dissuaded = chrono::Utc::now() - chrono::Duration::hours(2);
        let rep = app.gql(Some(&property), q, json!({"i": {"renovationId": id, "idempotencyKey": "f-2", "matterCode": "A2", "description": "业主正在拆除承重墙，劝阻无效", "dissuasion": {"at": dissuaded.to_rfc3339(), "method": "当面劝阻并发放整改通知", "by": "物业管理员 李某", "ownerResponse": "拒绝停工"}}})).await;
        let item = rep.ok()["reportRenovationFinding"]["item"].clone();
        assert_eq!(item["kind"], "PROPERTY_REPORT");
        assert_eq!(item["late"], false);
        assert_eq!(item["renovationId"], id.as_str());
        let inbox = app.gql(Some(&officer), "{ inbox(first: 100) { edges { node { id renovationId unitLabel } } } }", json!({})).await;
        let seen = inbox.ok()["inbox"]["edges"].as_array().unwrap().iter().find(|e| e["node"]["id"] == item["id"]).cloned().expect("in the officer's inbox");
        assert_eq!(seen["node"]["renovationId"], id.as_str());
        let officers_view = app.gql(Some(&officer), &format!("query($id: ID!) {{ renovation(id: $id) {{ {RENOVATION} }} }}"), json!({"id": id})).await;
        let o = &officers_view.ok()["renovation"];
        assert_eq!(o["reports"][0]["id"], item["id"]);
        assert_eq!(o["reports"][0]["matterCode"], "A2");
        assert_eq!(o["ownerName"], "陈先生");

        // The completion check closes it; the gaps up to then stay on record: every 2
        // working days from Mon 2 Nov, patrolled Wed 4, then due Fri 6, Tue 10, Thu 12 —
        // missed — and the patrol of Fri 13 met the next.
        let done = act(&app, &property, "completeRenovation", "CompleteRenovationInput", json!({"renovationId": id, "completedOn": day(-8), "note": "竣工检查：墙体已恢复，验收合格"})).await;
        assert_eq!(done["renovation"]["status"], "COMPLETED", "{done}");
        // Both patrols were logged today, after the due days they claim: logging one late does
        // not meet a due day, so every due day from the start to the completion is a gap.
        let want = gaps_if_logged_today(&app, &day(-21), 2, &day(-8)).await;
        assert!(want.len() >= 4, "{want:?}");
        assert_eq!(done["renovation"]["dutyGaps"], json!(want));
        assert!(done["renovation"]["nextPatrolDue"].is_null());
        let late = act(&app, &property, "logRenovationPatrol", "LogRenovationPatrolInput", json!({"renovationId": id, "idempotencyKey": "p-3", "patrolledAt": at(-7), "findings": "x"})).await;
        assert_eq!(codes(&late), ["NOT_ALLOWED_NOW"]);
    }
);

both!(
    another_firm_cannot_touch_the_registration_and_the_building_sees_only_the_public_notice,
    |db| async move {
        let app = spawn_app(db).await;
        let property = app.login("property").await;
        let resident = app.login("resident").await;
        let sup = app.login("supervisor").await;
        let (_, units) = anhua(&app).await;
        let r = register(&app, &property, "reg-2", &units[1], false).await;
        let id = r["renovation"]["id"].as_str().unwrap().to_string();
        assert_eq!(r["renovation"]["patrolEveryWorkingDays"], 5);

        // A firm that does not manage 安化小区.
        let dir = app
            .gql(
                None,
                "{ communities(first: 100) { edges { node { name propertyFirm { id name } } } } }",
                json!({}),
            )
            .await;
        let other = dir.ok()["communities"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| e["node"]["propertyFirm"].as_object().cloned())
            .find(|f| f["name"] != "长宁物业服务有限公司")
            .expect("another firm");
        let made = app.gql(Some(&sup), "mutation($f: ID!) { createAccount(input: {login: \"other.firm\", displayName: \"其他物业\", password: \"other-firm-pass-1\", role: PROPERTY, propertyFirmId: $f}) { account { id } userErrors { code } } }", json!({"f": other["id"]})).await;
        assert!(
            made.ok()["createAccount"]["account"]["id"].is_string(),
            "{made:?}"
        );
        let theirs =
            app.login_session("other.firm", "other-firm-pass-1").await["session"]["accessToken"]
                .as_str()
                .unwrap()
                .to_string();
        let patrol = app.gql(Some(&theirs), "mutation($r: ID!) { logRenovationPatrol(input: {renovationId: $r, idempotencyKey: \"x\", patrolledAt: \"2026-11-04T02:00:00Z\", findings: \"x\"}) { userErrors { code } } }", json!({"r": id})).await;
        assert_eq!(
            patrol.error_code(),
            Some("NOT_FOUND"),
            "another firm's registration does not exist for them"
        );
        let list = app
            .gql(Some(&theirs), "{ renovations { totalCount } }", json!({}))
            .await;
        assert_eq!(list.ok()["renovations"]["totalCount"], 0);

        // The demo resident lives in the same building: the public notice, no owner.
        let n = app.gql(Some(&resident), "{ renovationNotices { id unitLabel plannedStart plannedEnd workingHours contractorName status } }", json!({})).await;
        let notices = n.ok()["renovationNotices"].as_array().unwrap().clone();
        let mine = notices
            .iter()
            .find(|x| x["id"] == id.as_str())
            .expect("the building's notice");
        assert_eq!(mine["contractorName"], "长宁某装饰工程有限公司");
        assert!(mine["workingHours"].as_str().unwrap().contains("8:00"));
        assert!(
            !n.body.to_string().contains("陈先生"),
            "no owner in the public notice"
        );
    }
);

both!(
    the_firms_league_table_matches_a_hand_computed_fixture,
    |db| async move {
        let app = spawn_app(db).await;
        let property = app.login("property").await;
        let resident = app.login("resident").await;
        let officer = app.login("officer").await;
        let (c, units) = anhua(&app).await;

        // 1. Two registrations: one made after its work began (2 Nov), one not started yet.
        let late_reg = register(&app, &property, "lg-1", &units[1], true).await["renovation"]["id"]
            .as_str()
            .unwrap()
            .to_string();
        agreement(&app, &property, &late_reg, &day(-22)).await;
        act(
            &app,
            &property,
            "startRenovation",
            "StartRenovationInput",
            json!({"renovationId": late_reg, "startedOn": day(-21)}),
        )
        .await;
        act(&app, &property, "logRenovationPatrol", "LogRenovationPatrolInput", json!({"renovationId": late_reg, "idempotencyKey": "lg-p", "patrolledAt": at(-19), "findings": "正常"})).await;
        act(
            &app,
            &property,
            "completeRenovation",
            "CompleteRenovationInput",
            json!({"renovationId": late_reg, "completedOn": day(-8), "note": "验收合格"}),
        )
        .await;
        register(&app, &property, "lg-2", &units[2], false).await;
        // Patrols due every 2 working days from 2 Nov: 4 Nov met; 6, 10, 12 Nov missed.

        // 2. A complaint about renovating without registering (A11): first by complaint.
        crate::intake::file(&app, &resident, json!({"idempotencyKey": "lg-c1", "matterCode": "A11", "description": "楼上装修没有登记"})).await.ok();

        // 3. A property report 30 hours after the failed dissuasion: found by the firm, late.
        let dissuaded = (chrono::Utc::now() - chrono::Duration::hours(30)).to_rfc3339();
        app.gql(Some(&property), "mutation($i: FilePropertyReportInput!) { filePropertyReport(input: $i) { item { late } userErrors { code } } }", json!({"i": {"idempotencyKey": "lg-r1", "communityId": c, "unitId": units[3], "matterCode": "C2", "description": "群租改建", "dissuasion": {"at": dissuaded, "method": "当面劝阻", "by": "管理员", "ownerResponse": "不予理会"}}}))
            .await
            .ok();

        // 4. A repeated complaint (two, first by complaint), the owner case, and a failed duty
        //    check that opens the firm's D1 case.
        let mut repeat = Vec::new();
        for key in ["lg-c2", "lg-c3"] {
            let f = crate::intake::file(
                &app,
                &resident,
                json!({"idempotencyKey": key, "matterCode": "A7", "unitId": units[1], "description": "102室装修圈占楼道"}),
            )
            .await;
            let id = f.ok()["fileComplaint"]["item"]["id"]
                .as_str()
                .unwrap()
                .to_string();
            app.gql(Some(&officer), "mutation($ids: [ID!]!) { acceptItems(input: {itemIds: $ids}) { userErrors { code } } }", json!({"ids": [id]})).await.ok();
            crate::intake::step(
                &app,
                &officer,
                "startVerification",
                "ItemNoteInput",
                json!({"itemId": id}),
            )
            .await;
            repeat.push(id);
        }
        let opened = app.gql(Some(&officer), "mutation($ids: [ID!]!) { openCase(input: {itemIds: $ids, facts: \"圈占楼道\", parties: [{kind: OWNER, name: \"张三\"}]}) { case { dutyChecks { id evidence } } userErrors { code } } }", json!({"ids": repeat})).await;
        let check = opened.ok()["openCase"]["case"]["dutyChecks"][0]["id"].clone();
        // The pilot's record is evidence for the duty check: the patrols missed at 102.
        let evidence = opened.ok()["openCase"]["case"]["dutyChecks"][0]["evidence"]
            .as_str()
            .unwrap()
            .to_string();
        let missed = gaps_if_logged_today(&app, &day(-21), 2, &day(-8)).await;
        assert!(
            evidence.contains(&format!(
                "巡查缺失{}次（{}）",
                missed.len(),
                missed.join("、")
            )),
            "{evidence}"
        );
        let failed = app.gql(Some(&officer), "mutation($d: ID!) { concludeDutyCheck(input: {dutyCheckId: $d, result: FAILED, note: \"未劝阻未报告\"}) { firmCase { id } userErrors { code } } }", json!({"d": check})).await;
        assert!(failed.ok()["concludeDutyCheck"]["firmCase"]["id"].is_string());

        // From the start of the fixture to today (Shanghai): everything above is inside.
        let today = (chrono::Utc::now() + chrono::Duration::hours(8))
            .date_naive()
            .to_string();
        // The units 长宁物业 manages in 华阳路街道, from the public directory.
        let dir = app.gql(None, "{ subDistricts { id name } communities(first: 100) { edges { node { subDistrict { id } propertyFirm { name } buildings { units { id } } } } } }", json!({})).await;
        let d = dir.ok();
        let huayang = d["subDistricts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == "华阳路街道")
            .unwrap()["id"]
            .clone();
        let units_managed: usize = d["communities"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| {
                e["node"]["subDistrict"]["id"] == huayang
                    && e["node"]["propertyFirm"]["name"] == "长宁物业服务有限公司"
            })
            .map(|e| {
                e["node"]["buildings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|b| b["units"].as_array().unwrap().len())
                    .sum::<usize>()
            })
            .sum();
        assert!(units_managed > 0);

        let t = app.gql(Some(&officer), "query($s: ID!, $from: NaiveDate!, $to: NaiveDate!) { firmLeagueTable(subDistrictId: $s, from: $from, to: $to) { rank firmName communities unitsManaged registrations registeredBeforeStart unregisteredFound registeredShare patrolsDue patrolsOnTime patrolOnTimeShare foundByFirm firstByComplaint reportsLate dutyChecksFailed casesAgainstFirm problems problemsPer1000Units } }", json!({"s": huayang, "from": day(-30), "to": today})).await;
        let rows = t.ok()["firmLeagueTable"].as_array().unwrap().clone();
        let ours = rows
            .iter()
            .find(|r| r["firmName"] == "长宁物业服务有限公司")
            .expect("the firm is ranked");
        let missed = missed.len();
        let want = json!({
            "unitsManaged": units_managed,
            "registrations": 2, "registeredBeforeStart": 1, "unregisteredFound": 1,
            "registeredShare": 1.0 / 3.0,
            // The one patrol was logged today, after the completion: none met.
            "patrolsDue": missed, "patrolsOnTime": 0, "patrolOnTimeShare": 0.0,
            "foundByFirm": 1,
            // A11, and the repeated point once (its second complaint is not "first"); the
            // firm's own report is not one.
            "firstByComplaint": 2,
            "reportsLate": 1, "dutyChecksFailed": 1, "casesAgainstFirm": 1,
            // 2 first by complaint + the missed patrols + 1 late + 1 failed check + 1 case.
            "problems": missed + 5,
            "problemsPer1000Units": (missed + 5) as f64 * 1000.0 / units_managed as f64,
        });
        for (k, v) in want.as_object().unwrap() {
            assert_eq!(&ours[k], v, "{k}: {ours}");
        }
        // Every other firm of the sub-district had nothing against it: ours ranks last.
        assert_eq!(ours["rank"], rows.len());
        for r in &rows {
            if r["firmName"] != "长宁物业服务有限公司" {
                assert_eq!(r["problems"], 0, "{r}");
            }
        }
        let bad = app.gql(Some(&officer), "query($s: ID!) { firmLeagueTable(subDistrictId: $s, from: \"2026-12-31\", to: \"2026-01-01\") { rank } }", json!({"s": huayang})).await;
        assert_eq!(bad.error_code(), Some("VALIDATION"));
    }
);
