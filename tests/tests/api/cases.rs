//! Enforcement cases (SPEC §6, §7) end to end: 诉转案, the mandatory-case rule and its
//! exemption, repeats and duty checks, the ordinary and summary procedures, the clocks,
//! bad decisions, re-checks, hand-over, and two officers acting at once.
use std::io::Cursor;

use gongzhi_tests::*;
use image::{DynamicImage, ImageFormat};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use super::intake::{file, step};

pub const CASE: &str = "id number stage procedure origin version facts matter { code fineMinCny fineMaxCny } community { name } unitLabel handlingUnit { id name } officer parties { kind name idNumber organisation } items { id status } evidence { kind title capturedAt latitude longitude thumbnailUrl addedBy } proposed { kind fineCny major } decision { kind fineCny major } legalReview servedInPerson clocks { kind dueAt state } nextDeadline overdue restorationReportAttached recheckDueAt availableActions chronology { action fromStage toStage note actorName actorRole } approvals { kind status } dutyChecks { id status evidence firmCaseId }";

/// Runs a case mutation and returns its payload (`case`, `userErrors`).
async fn act(app: &TestApp, token: &str, mutation: &str, input_type: &str, input: Value) -> Value {
    let a = app
        .gql(
            Some(token),
            &format!("mutation($i: {input_type}!) {{ {mutation}(input: $i) {{ case {{ {CASE} }} userErrors {{ field code message }} }} }}"),
            json!({"i": input}),
        )
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

fn actions(chronology: &Value) -> Vec<String> {
    chronology
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect()
}

async fn case(app: &TestApp, token: &str, id: &str) -> Value {
    app.gql(
        Some(token),
        &format!("query($id: ID!) {{ case(id: $id) {{ {CASE} }} }}"),
        json!({"id": id}),
    )
    .await
    .ok()["case"]
        .clone()
}

/// A complaint by the demo resident about their own unit, accepted and in verification.
async fn verifying(app: &TestApp, key: &str, matter: &str) -> String {
    let resident = app.login("resident").await;
    let officer = app.login("officer").await;
    let f = file(app, &resident, json!({"idempotencyKey": key, "matterCode": matter, "description": "楼上邻居装修，把没有防水的阳台改成了卫生间，我家天花板在渗水。"})).await;
    let id = f.ok()["fileComplaint"]["item"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.gql(
        Some(&officer),
        "mutation($ids: [ID!]!) { acceptItems(input: {itemIds: $ids}) { userErrors { code } } }",
        json!({"ids": [id]}),
    )
    .await
    .ok();
    let v = step(
        app,
        &officer,
        "startVerification",
        "ItemNoteInput",
        json!({"itemId": id}),
    )
    .await;
    assert_eq!(v["item"]["status"], "VERIFYING");
    id
}

async fn resolve(app: &TestApp, token: &str, id: &str) -> Value {
    step(
        app,
        token,
        "resolveItem",
        "ResolveItemInput",
        json!({"itemId": id, "resolution": "NO_VIOLATION", "note": "现场核查未发现违法行为"}),
    )
    .await
}

async fn community(app: &TestApp, name: &str) -> String {
    let a = app
        .gql(
            None,
            "{ communities(first: 100) { edges { node { id name } } } }",
            json!({}),
        )
        .await;
    a.ok()["communities"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["node"]["name"] == name)
        .unwrap()["node"]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// A case found on a patrol of 安化小区 (no filing).
async fn patrol_case(app: &TestApp, token: &str, matter: &str, procedure: &str) -> Value {
    let c = community(app, "安化小区").await;
    let p = act(app, token, "openCase", "OpenCaseInput", json!({"communityId": c, "matterCode": matter, "procedure": procedure, "facts": "巡查发现违法行为，当事人在场。", "parties": [{"kind": "OWNER", "name": "王五", "idNumber": "310105198001011234"}]})).await;
    assert_eq!(codes(&p), Vec::<String>::new(), "{p}");
    p["case"].clone()
}

fn png() -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    DynamicImage::new_rgb8(32, 24)
        .write_to(&mut out, ImageFormat::Png)
        .unwrap();
    out.into_inner()
}

/// Adds a photo as the officer's evidence by a GraphQL multipart request.
async fn photo_evidence(app: &TestApp, token: &str, case_id: &str, key: &str) -> Value {
    let q = format!(
        "mutation($i: AddCaseEvidenceInput!) {{ addCaseEvidence(input: $i) {{ case {{ {CASE} }} userErrors {{ code }} }} }}"
    );
    let operations = json!({"query": q, "variables": {"i": {"caseId": case_id, "idempotencyKey": key, "kind": "PHOTO", "title": "现场照片", "photo": null, "capturedAt": "2026-11-20T02:30:00Z", "latitude": 31.2204, "longitude": 121.4237}}});
    let form = reqwest::multipart::Form::new()
        .text("operations", operations.to_string())
        .text("map", json!({"0": ["variables.i.photo"]}).to_string())
        .part(
            "0",
            reqwest::multipart::Part::bytes(png()).file_name("scene.png"),
        );
    let a = app.gql_multipart(token, form).await;
    assert_eq!(a.status, 200, "{:?}", a.body);
    a.body["data"]["addCaseEvidence"].clone()
}

both!(
    a_mandatory_complaint_becomes_a_case_goes_through_the_ordinary_procedure_and_the_resident_sees_the_outcome,
    |db| async move {
        let app = spawn_app(db).await;
        let resident = app.login("resident").await;
        let officer = app.login("officer").await;
        let item = verifying(&app, "m-1", "A3").await;

        // 应立尽立: no way out of verification but a case.
        let r = resolve(&app, &officer, &item).await;
        assert_eq!(r["userErrors"][0]["code"], "MANDATORY_CASE", "{r}");
        assert!(r["userErrors"][0]["message"].as_str().unwrap().contains("应立尽立"));
        let seen = app.gql(Some(&officer), "query($id: ID!) { item(id: $id) { status needsCase } }", json!({"id": item})).await;
        assert_eq!(seen.ok()["item"]["status"], "VERIFYING");
        assert_eq!(seen.ok()["item"]["needsCase"], "MANDATORY_MATTER");
        let theirs = app.gql(Some(&resident), "query($id: ID!) { item(id: $id) { needsCase caseId } }", json!({"id": item})).await;
        assert!(theirs.ok()["item"]["needsCase"].is_null(), "officers' business only");

        // 诉转案
        let p = act(&app, &officer, "openCase", "OpenCaseInput", json!({"itemIds": [item], "facts": "经现场核查，当事人将阳台改为卫生间，未做防水。", "parties": [{"kind": "OWNER", "name": "张三", "idNumber": "310105199001011234", "phone": "13800000000"}]})).await;
        assert_eq!(codes(&p), Vec::<String>::new());
        let c = p["case"].clone();
        let id = c["id"].as_str().unwrap().to_string();
        assert_eq!(c["stage"], "FILED");
        assert_eq!(c["matter"]["code"], "A3");
        assert!(c["number"].as_str().unwrap().starts_with("长宁城管立〔"), "{}", c["number"]);
        assert_eq!(c["items"][0]["status"], "CONVERTED_TO_CASE");
        assert_eq!(c["parties"][0]["idNumber"], "310105199001011234", "whole on the case page");
        assert_eq!(c["officer"], "华阳路中队 刘队员");
        let clocks = c["clocks"].as_array().unwrap();
        assert_eq!(clocks[0]["kind"], "DECISION");
        assert_eq!(clocks[0]["state"], "RUNNING");

        // Lists mask ID numbers.
        let list = app.gql(Some(&officer), "{ cases(first: 20) { totalCount edges { node { id parties { idNumber } } } } }", json!({})).await;
        let node = &list.ok()["cases"]["edges"][0]["node"];
        assert_eq!(node["id"], id.as_str());
        assert_eq!(node["parties"][0]["idNumber"], "310***********1234");

        // A later complaint about the same violation joins the open case.
        let later = verifying(&app, "m-2", "A3").await;
        let joined = act(&app, &officer, "addCaseItems", "AddCaseItemsInput", json!({"caseId": id, "version": c["version"], "itemIds": [later]})).await;
        assert_eq!(codes(&joined), Vec::<String>::new(), "{joined}");
        assert_eq!(joined["case"]["items"].as_array().unwrap().len(), 2);
        let stale = act(&app, &officer, "addCaseItems", "AddCaseItemsInput", json!({"caseId": id, "version": c["version"], "itemIds": [later]})).await;
        assert_eq!(codes(&stale), ["CONFLICT"], "acting on an old version");

        // No decision before the notice outside the summary procedure.
        let v = joined["case"]["version"].as_i64().unwrap();
        let inv = act(&app, &officer, "investigateCase", "CaseStepInput", json!({"caseId": id, "version": v, "note": "两名队员出示证件，现场勘验"})).await;
        assert_eq!(inv["case"]["stage"], "INVESTIGATING");
        let early = act(&app, &officer, "decideCase", "DecideCaseInput", json!({"caseId": id, "decision": {"kind": "FINE", "fineCny": 3000}})).await;
        assert_eq!(codes(&early), ["NOT_ALLOWED_NOW"]);

        // Evidence: a photo with its capture time and place, an inquiry note.
        let ev = photo_evidence(&app, &officer, &id, "ev-1").await;
        assert_eq!(codes(&ev), Vec::<String>::new(), "{ev}");
        let again = photo_evidence(&app, &officer, &id, "ev-1").await;
        assert_eq!(again["case"]["evidence"].as_array().unwrap().len(), 1, "a retried upload is stored once");
        let photo = &again["case"]["evidence"][0];
        assert_eq!(photo["kind"], "PHOTO");
        assert_eq!(photo["capturedAt"], "2026-11-20T02:30:00+00:00");
        assert_eq!(photo["latitude"], 31.2204);
        let thumb = photo["thumbnailUrl"].as_str().unwrap();
        let got = app.client.get(format!("{}{thumb}", app.addr)).send().await.unwrap();
        assert_eq!(got.status().as_u16(), 200, "the evidence photo is served from its signed URL");
        act(&app, &officer, "addCaseEvidence", "AddCaseEvidenceInput", json!({"caseId": id, "idempotencyKey": "ev-2", "kind": "INQUIRY_NOTE", "title": "询问笔录", "body": "当事人承认改建。"})).await;

        // The notice; a fine outside the range and a heavier decision are refused.
        let n = act(&app, &officer, "notifyCase", "NotifyCaseInput", json!({"caseId": id, "proposed": {"kind": "FINE", "fineCny": 3000}})).await;
        assert_eq!(n["case"]["stage"], "NOTIFIED");
        assert!(n["case"]["clocks"].as_array().unwrap().iter().any(|c| c["kind"] == "HEARING_REQUEST" && c["state"] == "RUNNING"));
        let before = n["case"]["version"].clone();
        // The party's 5 working days to speak up are running: only with a written waiver.
        let open = act(&app, &officer, "decideCase", "DecideCaseInput", json!({"caseId": id, "decision": {"kind": "FINE", "fineCny": 3000}})).await;
        assert_eq!(codes(&open), ["HEARING_WINDOW_OPEN"]);
        let out = act(&app, &officer, "decideCase", "DecideCaseInput", json!({"caseId": id, "waived": true, "decision": {"kind": "FINE", "fineCny": 20000}})).await;
        assert!(codes(&out).contains(&"FINE_OUT_OF_RANGE".to_string()), "{out}");
        let heavier = act(&app, &officer, "decideCase", "DecideCaseInput", json!({"caseId": id, "waived": true, "decision": {"kind": "FINE", "fineCny": 4000}})).await;
        assert_eq!(codes(&heavier), ["HEAVIER_THAN_NOTICE"]);
        let unchanged = case(&app, &officer, &id).await;
        assert_eq!(unchanged["stage"], "NOTIFIED");
        assert_eq!(unchanged["version"], before, "refusals change nothing");

        let d = act(&app, &officer, "decideCase", "DecideCaseInput", json!({"caseId": id, "version": before, "waived": true, "decision": {"kind": "FINE", "fineCny": 3000, "text": "责令恢复原状并处罚款"}})).await;
        assert_eq!(d["case"]["stage"], "DECIDED", "{d}");
        assert_eq!(d["case"]["decision"]["fineCny"], 3000);
        assert!(d["case"]["clocks"].as_array().unwrap().iter().any(|c| c["kind"] == "SERVICE" && c["state"] == "RUNNING"));
        let skip = act(&app, &officer, "closeCase", "CloseCaseInput", json!({"caseId": id, "outcome": "x"})).await;
        assert_eq!(codes(&skip), ["NOT_ALLOWED_NOW"], "no stage is skipped");
        let s = act(&app, &officer, "serveCase", "ServeCaseInput", json!({"caseId": id, "inPerson": false})).await;
        assert_eq!(s["case"]["stage"], "SERVED");
        assert!(s["case"]["clocks"].as_array().unwrap().iter().any(|c| c["kind"] == "PAYMENT" && c["state"] == "RUNNING"));
        let e = act(&app, &officer, "executeCase", "CaseStepInput", json!({"caseId": id, "note": "罚款已缴纳，已恢复原状"})).await;
        assert_eq!(e["case"]["stage"], "EXECUTED");

        // A3 closes only with a restoration report.
        let no_report = act(&app, &officer, "closeCase", "CloseCaseInput", json!({"caseId": id, "outcome": "已恢复原状"})).await;
        assert_eq!(codes(&no_report), ["RESTORATION_REPORT_REQUIRED"]);
        act(&app, &officer, "addCaseEvidence", "AddCaseEvidenceInput", json!({"caseId": id, "idempotencyKey": "ev-3", "kind": "RESTORATION_REPORT", "title": "防水修复验收报告", "body": "经检测，防水层已按规范恢复。"})).await;
        let closed = act(&app, &officer, "closeCase", "CloseCaseInput", json!({"caseId": id, "outcome": "已对当事人罚款3000元，阳台已恢复原状"})).await;
        assert_eq!(closed["case"]["stage"], "CLOSED", "{closed}");
        assert_eq!(
            actions(&closed["case"]["chronology"]),
            ["FILED", "ITEMS_LINKED", "INVESTIGATE", "EVIDENCE_ADDED", "EVIDENCE_ADDED", "NOTIFY", "DECIDE", "SERVE", "EXECUTE", "EVIDENCE_ADDED", "CLOSE"]
        );
        assert_eq!(closed["case"]["chronology"][0]["actorName"], "华阳路中队 刘队员");

        // The resident sees the outcome, and can rate it.
        for it in [&item, &later] {
            let seen = app.gql(Some(&officer), "query($id: ID!) { item(id: $id) { status caseId } }", json!({"id": it})).await;
            assert_eq!(seen.ok()["item"]["status"], "REPLIED", "closing answers every linked filing");
            assert_eq!(seen.ok()["item"]["caseId"], id.as_str());
        }
        let seen = app.gql(Some(&resident), "query($id: ID!) { item(id: $id) { status reply availableActions timeline { action note } } }", json!({"id": item})).await;
        let it = &seen.ok()["item"];
        assert_eq!(it["status"], "REPLIED");
        assert!(it["reply"].as_str().unwrap().contains("罚款3000元"));
        assert_eq!(it["availableActions"], json!(["RATE"]));
        let steps: Vec<&str> = it["timeline"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert!(steps.contains(&"CONVERT_TO_CASE"), "{steps:?}");
        // The chronology cannot be edited: the events are all there in the audit log too.
        assert!(app.count("case_event").await >= 10);
    }
);

both!(
    a_mandatory_complaint_leaves_verification_without_a_case_only_by_a_supervisors_exemption,
    |db| async move {
        let app = spawn_app(db).await;
        let officer = app.login("officer").await;
        let supervisor = app.login("supervisor").await;
        let item = verifying(&app, "x-1", "A6").await;
        assert_eq!(
            resolve(&app, &officer, &item).await["userErrors"][0]["code"],
            "MANDATORY_CASE"
        );

        let ask = |evidence: Value| {
            let app = &app;
            let officer = &officer;
            let item = item.clone();
            async move {
                app.gql(Some(officer), "mutation($i: RequestApprovalInput!) { requestApproval(input: $i) { approval { id status kind } userErrors { field code } } }", json!({"i": {"kind": "EXEMPTION", "itemId": item, "reason": "现场核查未发现移装燃气管道", "evidence": evidence}}))
                    .await
                    .ok()["requestApproval"]
                    .clone()
            }
        };
        let no_evidence = ask(Value::Null).await;
        assert_eq!(no_evidence["userErrors"][0]["code"], "REQUIRED");
        let asked = ask(json!("现场核查记录：燃气管道位置与竣工图一致，附照片3张")).await;
        assert_eq!(asked["approval"]["status"], "PENDING");
        let approval = asked["approval"]["id"].as_str().unwrap().to_string();
        assert_eq!(
            ask(json!("再次提交")).await["approval"]["id"],
            approval.as_str(),
            "asking again returns the waiting request"
        );

        // An officer cannot approve; the case rule still holds.
        let by_officer = app.gql(Some(&officer), "mutation($a: ID!) { decideApproval(input: {approvalId: $a, approve: true, note: \"同意\"}) { approval { status } } }", json!({"a": approval})).await;
        assert_eq!(by_officer.error_code(), Some("FORBIDDEN"));
        assert_eq!(
            resolve(&app, &officer, &item).await["userErrors"][0]["code"],
            "MANDATORY_CASE"
        );

        let pending = app.gql(Some(&supervisor), "{ approvals(status: PENDING) { totalCount edges { node { id kind reason evidence requestedBy matterCode communityName } } } }", json!({})).await;
        let node = &pending.ok()["approvals"]["edges"][0]["node"];
        assert_eq!(node["id"], approval.as_str());
        assert_eq!(node["requestedBy"], "华阳路中队 刘队员");
        assert_eq!(node["matterCode"], "A6");
        let ok = app.gql(Some(&supervisor), "mutation($a: ID!) { decideApproval(input: {approvalId: $a, approve: true, note: \"证据充分，同意豁免\"}) { approval { status decidedBy } userErrors { code } } }", json!({"a": approval})).await;
        assert_eq!(ok.ok()["decideApproval"]["approval"]["status"], "APPROVED");
        let twice = app.gql(Some(&supervisor), "mutation($a: ID!) { decideApproval(input: {approvalId: $a, approve: false, note: \"改主意\"}) { userErrors { code } } }", json!({"a": approval})).await;
        assert_eq!(
            twice.ok()["decideApproval"]["userErrors"][0]["code"],
            "APPROVAL_NOT_PENDING"
        );

        let seen = app
            .gql(
                Some(&officer),
                "query($id: ID!) { item(id: $id) { needsCase exemption { status } } }",
                json!({"id": item}),
            )
            .await;
        assert!(seen.ok()["item"]["needsCase"].is_null());
        assert_eq!(seen.ok()["item"]["exemption"]["status"], "APPROVED");
        let r = resolve(&app, &officer, &item).await;
        assert_eq!(r["item"]["status"], "RESOLVED", "{r}");
    }
);

both!(
    a_repeat_on_a_point_that_is_not_historical_stock_opens_an_owner_case_and_a_duty_check_whose_failure_opens_the_firms_d1_case,
    |db| async move {
        let app = spawn_app(db).await;
        let officer = app.login("officer").await;
        let property = app.login("property").await;
        let first = verifying(&app, "r-1", "A7").await;
        let second = verifying(&app, "r-2", "A7").await;
        let seen = app.gql(Some(&officer), "query($id: ID!) { item(id: $id) { needsCase repeatCount historicalStock priority } }", json!({"id": second})).await;
        assert_eq!(seen.ok()["item"]["needsCase"], "REPEAT_COMPLAINT");
        assert_eq!(seen.ok()["item"]["repeatCount"], 1);
        let first_seen = app.gql(Some(&officer), "query($id: ID!) { item(id: $id) { needsCase priority } }", json!({"id": first})).await;
        assert!(first_seen.ok()["item"]["needsCase"].is_null(), "the first filing is not a repeat");
        assert!(seen.ok()["item"]["priority"].as_i64() > first_seen.ok()["item"]["priority"].as_i64(), "a repeat raises the priority");
        assert_eq!(resolve(&app, &officer, &second).await["userErrors"][0]["code"], "REPEAT_NEEDS_CASE");

        // The case must be against the owner.
        let tenant_only = act(&app, &officer, "openCase", "OpenCaseInput", json!({"itemIds": [first, second], "facts": "楼道被圈占", "parties": [{"kind": "TENANT", "name": "李四"}]})).await;
        assert_eq!(codes(&tenant_only), ["REPEAT_NEEDS_OWNER"]);
        let p = act(&app, &officer, "openCase", "OpenCaseInput", json!({"itemIds": [first, second], "facts": "1号楼101业主圈占楼道公共部位，经多次投诉未改正。", "parties": [{"kind": "OWNER", "name": "张三"}]})).await;
        assert_eq!(codes(&p), Vec::<String>::new(), "{p}");
        let c = &p["case"];
        assert_eq!(c["items"].as_array().unwrap().len(), 2, "many filings, one case");
        let check = &c["dutyChecks"][0];
        assert_eq!(check["status"], "OPEN");
        assert!(check["evidence"].as_str().unwrap().contains("未报告"), "{check}");

        // The firm sees the check on itself, but not the owner's case.
        let theirs = app.gql(Some(&property), "{ dutyChecks { totalCount edges { node { id status firmName evidence ownerCaseId } } } }", json!({})).await;
        let node = &theirs.ok()["dutyChecks"]["edges"][0]["node"];
        assert_eq!(theirs.ok()["dutyChecks"]["totalCount"], 1);
        assert_eq!(node["firmName"], "长宁物业服务有限公司");
        assert!(node["ownerCaseId"].is_null());
        let as_firm = app.gql(Some(&property), "mutation($d: ID!) { concludeDutyCheck(input: {dutyCheckId: $d, result: PASSED, note: \"x\"}) { userErrors { code } } }", json!({"d": check["id"]})).await;
        assert_eq!(as_firm.error_code(), Some("FORBIDDEN"));

        let failed = app.gql(Some(&officer), "mutation($d: ID!) { concludeDutyCheck(input: {dutyCheckId: $d, result: FAILED, note: \"物业未劝阻也未报告\"}) { dutyCheck { status firmCaseId } firmCase { id stage origin matter { code } parties { kind name organisation } facts } userErrors { code } } }", json!({"d": check["id"]})).await;
        let f = &failed.ok()["concludeDutyCheck"];
        assert_eq!(f["dutyCheck"]["status"], "FAILED");
        let firm_case = &f["firmCase"];
        assert_eq!(firm_case["matter"]["code"], "D1");
        assert_eq!(firm_case["origin"], "DUTY_CHECK");
        assert_eq!(firm_case["stage"], "FILED");
        assert_eq!(firm_case["parties"][0]["kind"], "PROPERTY_FIRM");
        assert_eq!(firm_case["parties"][0]["organisation"], true);
        assert!(firm_case["facts"].as_str().unwrap().contains("未报告"), "pre-filled with its evidence");
        assert_eq!(f["dutyCheck"]["firmCaseId"], firm_case["id"]);
        // The owner case records it, and its version moves (a page showing it is stale).
        let owner = case(&app, &officer, c["id"].as_str().unwrap()).await;
        assert!(owner["version"].as_i64() > c["version"].as_i64());
        assert_eq!(actions(&owner["chronology"]).last().unwrap(), "DUTY_CHECK_FAILED");
        let again = app.gql(Some(&officer), "mutation($d: ID!) { concludeDutyCheck(input: {dutyCheckId: $d, result: PASSED, note: \"x\"}) { userErrors { code } } }", json!({"d": check["id"]})).await;
        assert_eq!(again.ok()["concludeDutyCheck"]["userErrors"][0]["code"], "DUTY_CHECK_NOT_OPEN");

        // Historical stock: the next repeat at this point does not need a case.
        let third = verifying(&app, "r-3", "A7").await;
        assert_eq!(resolve(&app, &officer, &third).await["userErrors"][0]["code"], "REPEAT_NEEDS_CASE");
        let m = step(&app, &officer, "markHistoricalStock", "MarkHistoricalStockInput", json!({"itemId": third, "reason": "2008年房屋交付时已存在的楼道隔断，属历史存量"})).await;
        assert!(m["userErrors"].as_array().unwrap().is_empty(), "{m}");
        let seen = app.gql(Some(&officer), "query($id: ID!) { item(id: $id) { needsCase historicalStock } }", json!({"id": third})).await;
        assert_eq!(seen.ok()["item"]["historicalStock"], true);
        assert_eq!(resolve(&app, &officer, &third).await["item"]["status"], "RESOLVED");
    }
);

both!(
    the_summary_procedure_closes_a_warning_case_in_one_visit_and_a_focus_matter_is_rechecked,
    |db| async move {
        let app = spawn_app(db).await;
        let officer = app.login("officer").await;
        let c = patrol_case(&app, &officer, "C3", "SUMMARY").await;
        let id = c["id"].as_str().unwrap().to_string();
        assert_eq!(c["origin"], "PATROL");
        let big = act(
            &app,
            &officer,
            "decideCase",
            "DecideCaseInput",
            json!({"caseId": id, "decision": {"kind": "FINE", "fineCny": 500}}),
        )
        .await;
        assert_eq!(codes(&big), ["SUMMARY_LIMIT"]);
        let w = act(&app, &officer, "decideCase", "DecideCaseInput", json!({"caseId": id, "decision": {"kind": "WARNING", "text": "当场警告，责令恢复绿地"}})).await;
        assert_eq!(w["case"]["stage"], "EXECUTED", "{w}");
        assert_eq!(w["case"]["servedInPerson"], true);
        assert_eq!(
            actions(&w["case"]["chronology"]),
            ["FILED", "DECIDE", "SERVE", "EXECUTE"]
        );
        let closed = act(
            &app,
            &officer,
            "closeCase",
            "CloseCaseInput",
            json!({"caseId": id, "outcome": "当场警告，绿地已恢复"}),
        )
        .await;
        assert_eq!(closed["case"]["stage"], "CLOSED");
        // C3 is a focus matter: a re-check is due, and it shows in the deadline list.
        assert!(closed["case"]["recheckDueAt"].is_string());
        assert!(
            closed["case"]["availableActions"]
                .as_array()
                .unwrap()
                .contains(&json!("RECORD_RECHECK"))
        );
        let due = app
            .gql(
                Some(&officer),
                "{ cases(filter: {dueWithinDays: 60}) { edges { node { id stage } } } }",
                json!({}),
            )
            .await;
        assert!(
            due.ok()["cases"]["edges"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["node"]["id"] == id.as_str())
        );

        let relapse = act(
            &app,
            &officer,
            "recordRecheck",
            "RecordRecheckInput",
            json!({"caseId": id, "relapse": true, "note": "回头看发现绿地再次被占"}),
        )
        .await;
        assert_eq!(
            relapse["case"]["stage"], "INVESTIGATING",
            "a relapse reopens the case"
        );
        assert!(relapse["case"]["decision"].is_null());
        assert_eq!(
            actions(&relapse["case"]["chronology"]).last().unwrap(),
            "RELAPSE_REOPENED"
        );
    }
);

both!(
    two_officers_closing_one_case_at_once_one_succeeds_and_the_other_gets_conflict,
    |db| async move {
        let app = spawn_app(db).await;
        let officer = app.login("officer").await;
        let supervisor = app.login("supervisor").await;
        let c = patrol_case(&app, &officer, "C9", "SUMMARY").await;
        let id = c["id"].as_str().unwrap().to_string();
        let d = act(
            &app,
            &officer,
            "decideCase",
            "DecideCaseInput",
            json!({"caseId": id, "decision": {"kind": "FINE", "fineCny": 100}}),
        )
        .await;
        assert_eq!(d["case"]["stage"], "SERVED");
        let e = act(
            &app,
            &officer,
            "executeCase",
            "CaseStepInput",
            json!({"caseId": id, "note": "当场缴纳"}),
        )
        .await;
        assert_eq!(e["case"]["stage"], "EXECUTED");
        let v = e["case"]["version"].clone();
        for round in 0..3 {
            let (a, b) = tokio::join!(
                act(
                    &app,
                    &officer,
                    "closeCase",
                    "CloseCaseInput",
                    json!({"caseId": id, "version": v, "outcome": "已缴纳罚款"})
                ),
                act(
                    &app,
                    &supervisor,
                    "closeCase",
                    "CloseCaseInput",
                    json!({"caseId": id, "version": v, "outcome": "已缴纳罚款"})
                ),
            );
            let results: Vec<Vec<String>> = vec![codes(&a), codes(&b)];
            if round == 0 {
                let ok = results.iter().filter(|c| c.is_empty()).count();
                assert_eq!(ok, 1, "exactly one closes: {a} {b}");
                assert!(
                    results.iter().any(|c| c == &["CONFLICT"]),
                    "the other gets CONFLICT: {results:?}"
                );
            } else {
                // Acting on what one saw before the close: CONFLICT, never a second close.
                assert_eq!(results, [["CONFLICT"], ["CONFLICT"]]);
            }
        }
        let now = case(&app, &officer, &id).await;
        assert_eq!(
            actions(&now["chronology"])
                .iter()
                .filter(|a| *a == "CLOSE")
                .count(),
            1
        );
    }
);

both!(
    bad_decisions_late_hearings_and_major_cases_without_legal_review_are_refused,
    |db| async move {
        let app = spawn_app(db).await;
        let officer = app.login("officer").await;
        let supervisor = app.login("supervisor").await;
        let c = patrol_case(&app, &officer, "A8", "ORDINARY").await;
        let id = c["id"].as_str().unwrap().to_string();
        act(
            &app,
            &officer,
            "investigateCase",
            "CaseStepInput",
            json!({"caseId": id}),
        )
        .await;
        // A8: 1,000–10,000, serious up to 100,000 with a reason.
        let no_reason = act(
            &app,
            &officer,
            "notifyCase",
            "NotifyCaseInput",
            json!({"caseId": id, "proposed": {"kind": "FINE", "fineCny": 50000}}),
        )
        .await;
        assert_eq!(codes(&no_reason), ["SERIOUS_REASON_REQUIRED"]);
        let n = act(&app, &officer, "notifyCase", "NotifyCaseInput", json!({"caseId": id, "proposed": {"kind": "FINE", "fineCny": 50000, "seriousReason": "擅自改变外立面面积大，拒不改正"}})).await;
        assert_eq!(n["case"]["stage"], "NOTIFIED");
        assert_eq!(n["case"]["proposed"]["major"], true);
        assert!(
            n["case"]["availableActions"]
                .as_array()
                .unwrap()
                .contains(&json!("REQUEST_LEGAL_REVIEW"))
        );

        // A hearing needs 7 working days' notice, and is asked for within 5 working days.
        let soon = (chrono::Utc::now() + chrono::Duration::days(1)).to_rfc3339();
        let short = act(
            &app,
            &officer,
            "requestHearing",
            "RequestHearingInput",
            json!({"caseId": id, "hearingAt": soon}),
        )
        .await;
        assert_eq!(codes(&short), ["HEARING_NOTICE_TOO_SHORT"]);
        let db = &app.state.db;
        db.execute_unprepared(
            "UPDATE enforcement_case SET hearing_request_due_at = '2000-01-01T00:00:00+00:00'",
        )
        .await
        .unwrap();
        let late = act(
            &app,
            &officer,
            "requestHearing",
            "RequestHearingInput",
            json!({"caseId": id, "hearingAt": "2099-01-05T02:00:00Z"}),
        )
        .await;
        assert_eq!(codes(&late), ["HEARING_WINDOW_PASSED"]);
        assert_eq!(case(&app, &officer, &id).await["stage"], "NOTIFIED");

        // A major case is decided only after legal review.
        let unreviewed = act(&app, &officer, "decideCase", "DecideCaseInput", json!({"caseId": id, "decision": {"kind": "FINE", "fineCny": 50000, "seriousReason": "拒不改正"}})).await;
        assert_eq!(codes(&unreviewed), ["LEGAL_REVIEW_REQUIRED"]);
        let asked = app.gql(Some(&officer), "mutation($c: ID!) { requestApproval(input: {kind: LEGAL_REVIEW, caseId: $c, reason: \"拟罚款5万元，属重大案件\"}) { approval { id } userErrors { code } } }", json!({"c": id})).await;
        let approval = asked.ok()["requestApproval"]["approval"]["id"]
            .as_str()
            .unwrap()
            .to_string();
        app.gql(Some(&supervisor), "mutation($a: ID!) { decideApproval(input: {approvalId: $a, approve: true, note: \"事实清楚，适用法律正确\"}) { userErrors { code } } }", json!({"a": approval}))
            .await
            .ok();
        let d = act(&app, &officer, "decideCase", "DecideCaseInput", json!({"caseId": id, "decision": {"kind": "FINE", "fineCny": 50000, "seriousReason": "拒不改正"}})).await;
        assert_eq!(d["case"]["stage"], "DECIDED", "{d}");
        assert_eq!(d["case"]["legalReview"], "APPROVED");

        // An extension of the decision clock, approved by a supervisor, is on the case.
        let c2 = patrol_case(&app, &officer, "C2", "ORDINARY").await;
        let id2 = c2["id"].as_str().unwrap().to_string();
        let due_before = c2["clocks"][0]["dueAt"].clone();
        let ext = app.gql(Some(&officer), "mutation($c: ID!) { requestApproval(input: {kind: DECISION_EXTENSION, caseId: $c, reason: \"需要房屋安全鉴定\", days: 30}) { approval { id } } }", json!({"c": id2})).await;
        let ext = ext.ok()["requestApproval"]["approval"]["id"]
            .as_str()
            .unwrap()
            .to_string();
        let too_long = app.gql(Some(&supervisor), "mutation($c: ID!) { requestApproval(input: {kind: DECISION_EXTENSION, caseId: $c, reason: \"x\", days: 200}) { userErrors { code } } }", json!({"c": id2})).await;
        assert_eq!(
            too_long.ok()["requestApproval"]["userErrors"][0]["code"],
            "APPROVAL_DAYS"
        );
        app.gql(Some(&supervisor), "mutation($a: ID!) { decideApproval(input: {approvalId: $a, approve: true, note: \"同意延期\"}) { userErrors { code } } }", json!({"a": ext}))
            .await
            .ok();
        let after = case(&app, &officer, &id2).await;
        let at = |v: &Value| chrono::DateTime::parse_from_rfc3339(v.as_str().unwrap()).unwrap();
        assert_eq!(
            at(&after["clocks"][0]["dueAt"]) - at(&due_before),
            chrono::Duration::days(30),
            "the decision clock moved by the approved days"
        );
        // Four eyes: a supervisor never approves their own request.
        let own = app.gql(Some(&supervisor), "mutation($c: ID!) { requestApproval(input: {kind: DECISION_EXTENSION, caseId: $c, reason: \"鉴定未完成\", days: 10}) { approval { id } } }", json!({"c": id2})).await;
        let own = own.ok()["requestApproval"]["approval"]["id"]
            .as_str()
            .unwrap()
            .to_string();
        let mine = app.gql(Some(&supervisor), "mutation($a: ID!) { decideApproval(input: {approvalId: $a, approve: true, note: \"同意\"}) { userErrors { code } } }", json!({"a": own})).await;
        assert_eq!(
            mine.ok()["decideApproval"]["userErrors"][0]["code"],
            "SELF_APPROVAL"
        );

        // Handed to another unit: this squad's officer no longer sees it; the district does.
        let units = app
            .gql(Some(&officer), "{ handlingUnits { id name } }", json!({}))
            .await;
        let bureau = units.ok()["handlingUnits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["name"].as_str().unwrap().contains("区"))
            .unwrap()["id"]
            .clone();
        let h = act(
            &app,
            &officer,
            "handOverCase",
            "HandOverCaseInput",
            json!({"caseId": id2, "toUnitId": bureau, "reason": "涉及多个街道，移交区局"}),
        )
        .await;
        assert_eq!(h["case"]["handlingUnit"]["id"], bureau, "{h}");
        let gone = app
            .gql(
                Some(&officer),
                "query($id: ID!) { case(id: $id) { id } }",
                json!({"id": id2}),
            )
            .await;
        assert_eq!(gone.error_code(), Some("NOT_FOUND"));
        assert_eq!(
            case(&app, &supervisor, &id2).await["chronology"]
                .as_array()
                .unwrap()
                .last()
                .unwrap()["action"],
            "HAND_OVER"
        );
    }
);

both!(
    a_reopened_filing_goes_into_a_case_only_by_a_supervisor_and_its_filer_still_gets_the_outcome,
    |db| async move {
        let app = spawn_app(db).await;
        let resident = app.login("resident").await;
        let officer = app.login("officer").await;
        let supervisor = app.login("supervisor").await;
        let item = verifying(&app, "o-1", "C2").await;
        let r = resolve(&app, &officer, &item).await;
        assert_eq!(r["item"]["status"], "RESOLVED");
        step(
            &app,
            &officer,
            "replyItem",
            "ReplyItemInput",
            json!({"itemId": item, "message": "现场未发现违法"}),
        )
        .await;
        let rated = step(
            &app,
            &resident,
            "rateItem",
            "RateItemInput",
            json!({"itemId": item, "rating": "UNSATISFIED", "comment": "还在违法使用"}),
        )
        .await;
        assert_eq!(rated["item"]["status"], "VERIFYING");
        let input = json!({"itemIds": [item], "facts": "复核发现改变使用性质", "parties": [{"kind": "OWNER", "name": "张三"}], "procedure": "SUMMARY"});
        let by_officer = act(&app, &officer, "openCase", "OpenCaseInput", input.clone()).await;
        assert_eq!(
            codes(&by_officer),
            ["SUPERVISOR_REVIEW"],
            "the second look is the supervisor's"
        );
        let opened = act(&app, &supervisor, "openCase", "OpenCaseInput", input).await;
        assert_eq!(codes(&opened), Vec::<String>::new(), "{opened}");
        let id = opened["case"]["id"].as_str().unwrap().to_string();
        // The squad's officer closes it on the spot; the reopened filing is answered all the same.
        let w = act(
            &app,
            &officer,
            "decideCase",
            "DecideCaseInput",
            json!({"caseId": id, "decision": {"kind": "WARNING"}}),
        )
        .await;
        assert_eq!(w["case"]["stage"], "EXECUTED", "{w}");
        let closed = act(
            &app,
            &officer,
            "closeCase",
            "CloseCaseInput",
            json!({"caseId": id, "outcome": "当场警告，已恢复居住用途"}),
        )
        .await;
        assert_eq!(codes(&closed), Vec::<String>::new(), "{closed}");
        let seen = app
            .gql(
                Some(&resident),
                "query($id: ID!) { item(id: $id) { status reply } }",
                json!({"id": item}),
            )
            .await;
        assert_eq!(seen.ok()["item"]["status"], "REPLIED");
        assert!(
            seen.ok()["item"]["reply"]
                .as_str()
                .unwrap()
                .contains("当场警告")
        );
    }
);
