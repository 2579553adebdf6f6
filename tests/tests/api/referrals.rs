//! Partners in the linkage (管执联动, SPEC §1, §5): a referral sent by an officer is answered by
//! the housing partner in the app and the answer reaches the item's timeline; a returned one
//! shows its reason and clock and is sent again, never silently; the housing partner refers a
//! matter to the bureau; a joint action records departments, units and a follow-up case whose
//! re-check reaches the patrol roster; the housing partner reads cases without contact details.
use gongzhi_tests::*;
use serde_json::{Value, json};

const REFERRAL: &str = "id reference direction state sends transferDueAt sentOnTime answerDueAt overdue answer returnReason returnedAt canReceive canAnswer canReturn canResend department { name inApp } item { id description communityName unitLabel } events { action actorName fromState toState note onBehalf }";

async fn departments(app: &TestApp, token: &str) -> Vec<Value> {
    app.gql(
        Some(token),
        "{ departments { id name kind inApp } }",
        json!({}),
    )
    .await
    .ok()["departments"]
        .as_array()
        .unwrap()
        .clone()
}

fn named<'a>(ds: &'a [Value], name: &str) -> &'a Value {
    &ds.iter().find(|d| d["name"] == name).unwrap()["id"]
}

/// A resident's complaint about the home community (安化, the officer's squad), accepted.
async fn accepted(app: &TestApp, key: &str) -> String {
    let resident = app.login("resident").await;
    let officer = app.login("officer").await;
    let f = app
        .gql(Some(&resident), "mutation($k: String!) { fileComplaint(input: {idempotencyKey: $k, matterCode: \"C7\", description: \"小区门口的共享单车堆满人行道\"}) { item { id } userErrors { code } } }", json!({"k": key}))
        .await;
    let id = f.ok()["fileComplaint"]["item"]["id"].clone();
    assert!(id.is_string(), "{:?}", f.body);
    app.gql(
        Some(&officer),
        "mutation($i: [ID!]!) { acceptItems(input: {itemIds: $i}) { userErrors { code } } }",
        json!({"i": [id]}),
    )
    .await
    .ok();
    id.as_str().unwrap().to_string()
}

async fn refer(app: &TestApp, token: &str, input: Value) -> Value {
    let q = format!(
        "mutation($i: ReferItemInput!) {{ referItem(input: $i) {{ referral {{ {REFERRAL} }} userErrors {{ field code message }} }} }}"
    );
    app.gql(Some(token), &q, json!({"i": input})).await.ok()["referItem"].clone()
}

async fn step(app: &TestApp, token: &str, m: &str, args: &str, vars: Value) -> Answer {
    let t = if args.contains("$t") {
        ", $t: String!"
    } else {
        ""
    };
    let q = format!(
        "mutation($id: ID!{t}) {{ {m}(id: $id{args}) {{ referral {{ {REFERRAL} }} userErrors {{ field code }} }} }}"
    );
    app.gql(Some(token), &q, vars).await
}

fn codes(p: &Value) -> Vec<&str> {
    p["userErrors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect()
}

async fn timeline(app: &TestApp, token: &str, item: &str) -> Vec<Value> {
    app.gql(
        Some(token),
        "query($i: ID!) { item(id: $i) { timeline { action note actorRole } } }",
        json!({"i": item}),
    )
    .await
    .ok()["item"]["timeline"]
        .as_array()
        .unwrap()
        .clone()
}

both!(
    a_referral_is_answered_by_the_housing_partner_and_reaches_the_timeline,
    |db| async move {
        let app = spawn_app(db).await;
        let officer = app.login("officer").await;
        let housing = app.login("housing").await;
        let resident = app.login("resident").await;
        let item = accepted(&app, "ref-a-1").await;
        let ds = departments(&app, &officer).await;
        let housing_dept = named(&ds, "长宁区房屋管理局").clone();

        // Bad input: no department, no reason — both named, nothing stored.
        let bad = refer(
            &app,
            &officer,
            json!({"itemId": item, "reason": " ", "idempotencyKey": "ref-a-k0"}),
        )
        .await;
        let mut c = codes(&bad);
        c.sort();
        assert_eq!(c, ["DEPARTMENT_REQUIRED", "REQUIRED"], "{bad:?}");
        assert_eq!(app.count("referral").await, 0);

        let input = json!({"itemId": item, "departmentId": housing_dept, "reason": "属房屋使用管理，转区房管局处理", "idempotencyKey": "ref-a-k1"});
        let sent = refer(&app, &officer, input.clone()).await;
        assert_eq!(codes(&sent), Vec::<&str>::new());
        let r = &sent["referral"];
        assert!(
            r["reference"].as_str().unwrap().starts_with("城管转〔"),
            "{r:?}"
        );
        assert_eq!(r["state"], "SENT");
        assert_eq!(r["direction"], "OUTGOING");
        assert_eq!(r["sentOnTime"], true);
        assert!(r["transferDueAt"].is_string());
        assert_eq!(r["overdue"], false);
        assert_eq!(
            r["canAnswer"], false,
            "the sender does not answer its own referral"
        );
        // The same key is the same referral; another while one waits is refused.
        let again = refer(&app, &officer, input).await;
        assert_eq!(again["referral"]["id"], r["id"]);
        assert_eq!(app.count("referral").await, 1);
        let second = refer(&app, &officer, json!({"itemId": item, "departmentId": housing_dept, "reason": "再转", "idempotencyKey": "ref-a-k2"})).await;
        assert_eq!(codes(&second), ["REFERRAL_OPEN"]);

        // The housing partner finds it in its inbox, with the item but never the filer.
        let inbox = app
            .gql(
                Some(&housing),
                &format!(
                    "{{ referrals(direction: OUTGOING) {{ totalCount nodes {{ {REFERRAL} }} }} }}"
                ),
                json!({}),
            )
            .await;
        let nodes = inbox.ok()["referrals"]["nodes"].as_array().unwrap().clone();
        assert_eq!(nodes.len(), 1);
        assert_eq!(nodes[0]["canReceive"], true);
        assert_eq!(
            nodes[0]["item"]["description"],
            "小区门口的共享单车堆满人行道"
        );
        let seen = app
            .gql(
                Some(&housing),
                "query($i: ID!) { item(id: $i) { description filer { displayName phone } } }",
                json!({"i": item}),
            )
            .await;
        assert_eq!(
            seen.ok()["item"]["filer"],
            Value::Null,
            "no filer identity for the partner"
        );
        // The complaint was filed from home: the unit would name the filer.
        assert_eq!(nodes[0]["item"]["unitLabel"], Value::Null);
        assert!(
            r["item"]["unitLabel"].is_string(),
            "the officer sees the unit"
        );
        let raw = serde_json::to_string(&inbox.body).unwrap();
        assert!(
            !raw.contains("13800000000") && !raw.contains("居民"),
            "{raw}"
        );

        // Sides: the officer cannot answer, the partner cannot re-send.
        let id = r["id"].clone();
        let a = step(
            &app,
            &officer,
            "answerReferral",
            ", answer: \"已处理\"",
            json!({"id": id}),
        )
        .await;
        assert_eq!(a.error_code(), Some("FORBIDDEN"));
        let a = app
            .gql(Some(&housing), "mutation($id: ID!) { resendReferral(input: {id: $id, note: \"x\"}) { userErrors { code } } }", json!({"id": id}))
            .await;
        assert_eq!(a.error_code(), Some("FORBIDDEN"));
        // A housing account cannot change a case either (the matrix has every such row).
        let a = app
            .gql(Some(&housing), "mutation { closeCase(input: {caseId: \"00000000-0000-0000-0000-000000000001\", outcome: \"x\"}) { userErrors { code } } }", json!({}))
            .await;
        assert_eq!(a.error_code(), Some("FORBIDDEN"));

        let got = step(&app, &housing, "receiveReferral", "", json!({"id": id})).await;
        assert_eq!(got.ok()["receiveReferral"]["referral"]["state"], "RECEIVED");
        let empty = step(
            &app,
            &housing,
            "answerReferral",
            ", answer: $t",
            json!({"id": id, "t": "  "}),
        )
        .await;
        assert_eq!(codes(&empty.ok()["answerReferral"]), ["REQUIRED"]);
        let answer = "已派员核查，业主已承诺恢复房屋原状，区房管局将跟踪复查。";
        let done = step(
            &app,
            &housing,
            "answerReferral",
            ", answer: $t",
            json!({"id": id, "t": answer}),
        )
        .await;
        let r = done.ok()["answerReferral"]["referral"].clone();
        assert_eq!(r["state"], "ANSWERED");
        assert_eq!(r["answer"], answer);
        let actions: Vec<&str> = r["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        assert_eq!(actions, ["SEND", "RECEIVE", "ANSWER"]);
        assert_eq!(r["events"][2]["actorName"], "区房管局 吴科员");
        let twice = step(
            &app,
            &housing,
            "answerReferral",
            ", answer: $t",
            json!({"id": id, "t": "再答"}),
        )
        .await;
        assert_eq!(codes(&twice.ok()["answerReferral"]), ["NOT_ALLOWED_NOW"]);

        // The answer is on the item's timeline, for the officer and for the filer.
        for t in [&officer, &resident] {
            let tl = timeline(&app, t, &item).await;
            let ans = tl
                .iter()
                .find(|e| e["action"] == "REFERRAL_ANSWERED")
                .unwrap_or_else(|| panic!("{tl:?}"));
            assert!(ans["note"].as_str().unwrap().contains(answer));
            assert_eq!(ans["actorRole"], "HOUSING");
            assert!(tl.iter().any(|e| e["action"] == "REFER"));
        }
        // What the filer sees: not the internal receipt.
        assert!(
            !timeline(&app, &resident, &item)
                .await
                .iter()
                .any(|e| e["action"] == "REFERRAL_RECEIVED")
        );
        // The officer then resolves the item as referred, as before.
        let res = app
            .gql(Some(&officer), "mutation($i: ID!) { startVerification(input: {itemId: $i}) { userErrors { code } } }", json!({"i": item}))
            .await;
        assert_eq!(res.ok()["startVerification"]["userErrors"], json!([]));
    }
);

both!(
    a_returned_referral_shows_its_reason_and_is_sent_again,
    |db| async move {
        let app = spawn_app(db).await;
        let officer = app.login("officer").await;
        let housing = app.login("housing").await;
        let item = accepted(&app, "ref-b-1").await;
        let ds = departments(&app, &officer).await;
        let sent = refer(&app, &officer, json!({"itemId": item, "departmentId": named(&ds, "长宁区房屋管理局"), "reason": "转区房管局", "idempotencyKey": "ref-b-k1"})).await;
        let id = sent["referral"]["id"].clone();

        let empty = step(
            &app,
            &housing,
            "returnReferral",
            ", reason: $t",
            json!({"id": id, "t": ""}),
        )
        .await;
        assert_eq!(codes(&empty.ok()["returnReferral"]), ["REQUIRED"]);
        let why = "共享单车停放属市容管理，不属房管职责，请转绿化市容局";
        let back = step(
            &app,
            &housing,
            "returnReferral",
            ", reason: $t",
            json!({"id": id, "t": why}),
        )
        .await;
        let r = back.ok()["returnReferral"]["referral"].clone();
        assert_eq!(r["state"], "RETURNED");
        assert_eq!(r["returnReason"], why);
        assert!(r["returnedAt"].is_string());
        assert!(r["answerDueAt"].is_string(), "the clock shows");

        // It cannot bounce silently: in the officer's list of returned ones, on the timeline,
        // and a new referral of the item waits for it to be dealt with.
        let list = app
            .gql(
                Some(&officer),
                "{ referrals(state: RETURNED) { totalCount nodes { id returnReason canResend } } }",
                json!({}),
            )
            .await;
        assert_eq!(list.ok()["referrals"]["totalCount"], 1);
        assert_eq!(list.ok()["referrals"]["nodes"][0]["canResend"], true);
        let tl = timeline(&app, &officer, &item).await;
        assert!(
            tl.iter()
                .any(|e| e["action"] == "REFERRAL_RETURNED"
                    && e["note"].as_str().unwrap().contains(why)),
            "{tl:?}"
        );
        let other = refer(&app, &officer, json!({"itemId": item, "departmentId": named(&ds, "长宁区房屋管理局"), "reason": "x", "idempotencyKey": "ref-b-k2"})).await;
        assert_eq!(codes(&other), ["REFERRAL_OPEN"]);

        // Re-sent to the department that answers on paper, with a note.
        let q = format!(
            "mutation($i: ResendReferralInput!) {{ resendReferral(input: $i) {{ referral {{ {REFERRAL} }} userErrors {{ code }} }} }}"
        );
        let bad = app
            .gql(Some(&officer), &q, json!({"i": {"id": id, "note": ""}}))
            .await;
        assert_eq!(codes(&bad.ok()["resendReferral"]), ["REQUIRED"]);
        let again = app
            .gql(Some(&officer), &q, json!({"i": {"id": id, "note": "按退回意见改转区绿化市容局", "departmentId": named(&ds, "长宁区绿化和市容管理局")}}))
            .await;
        let r = again.ok()["resendReferral"]["referral"].clone();
        assert_eq!(r["state"], "SENT");
        assert_eq!(r["sends"], 2);
        assert_eq!(r["department"]["inApp"], false);
        assert_eq!(r["returnReason"], Value::Null);
        let actions: Vec<&str> = r["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        assert_eq!(actions, ["SEND", "RETURN", "RESEND"]);
        assert_eq!(
            r["events"][1]["note"], why,
            "the return stays in the history"
        );
        // Now a paper department's: the partner no longer sees it; the officer records the
        // letter's answer on its behalf.
        let gone = app
            .gql(
                Some(&housing),
                "query($id: ID!) { referral(id: $id) { id } }",
                json!({"id": id}),
            )
            .await;
        assert_eq!(gone.error_code(), Some("NOT_FOUND"));
        assert_eq!(r["canAnswer"], true);
        let paper = step(
            &app,
            &officer,
            "answerReferral",
            ", answer: $t",
            json!({"id": id, "t": "绿化市容局函复：已清理"}),
        )
        .await;
        let r = paper.ok()["answerReferral"]["referral"].clone();
        assert_eq!(r["state"], "ANSWERED");
        assert_eq!(r["events"][3]["onBehalf"], true);
    }
);

both!(
    two_officers_referring_one_item_at_once_make_one_referral,
    |db| async move {
        let app = spawn_app(db).await;
        let officer = app.login("officer").await;
        let sup = app.login("supervisor").await;
        let item = accepted(&app, "ref-c-1").await;
        let ds = departments(&app, &officer).await;
        let d = named(&ds, "长宁区房屋管理局").clone();
        let (a, b) = tokio::join!(
            refer(
                &app,
                &officer,
                json!({"itemId": item, "departmentId": d, "reason": "转房管", "idempotencyKey": "ref-c-k1"})
            ),
            refer(
                &app,
                &sup,
                json!({"itemId": item, "departmentId": d, "reason": "转房管", "idempotencyKey": "ref-c-k2"})
            ),
        );
        let mut outcomes = [codes(&a), codes(&b)];
        outcomes.sort();
        assert_eq!(outcomes, [vec![], vec!["REFERRAL_OPEN"]], "{a:?} {b:?}");
        assert_eq!(app.count("referral").await, 1);
        // The same key with another reason is not a replay.
        let q = "mutation($i: ReferItemInput!) { referItem(input: $i) { userErrors { code } } }";
        let k = if codes(&a).is_empty() {
            ("ref-c-k1", &officer)
        } else {
            ("ref-c-k2", &sup)
        };
        let c = app
            .gql(Some(k.1), q, json!({"i": {"itemId": item, "departmentId": d, "reason": "另一个理由", "idempotencyKey": k.0}}))
            .await;
        assert_eq!(c.error_code(), Some("CONFLICT"), "{:?}", c.body);
    }
);

both!(
    the_housing_partner_refers_a_matter_to_the_bureau,
    |db| async move {
        let app = spawn_app(db).await;
        let officer = app.login("officer").await;
        let housing = app.login("housing").await;
        let dir = app
            .gql(
                None,
                "{ communities(first: 100) { nodes { id name buildings { units { id } } } } }",
                json!({}),
            )
            .await;
        let anhua = dir.ok()["communities"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "安化小区")
            .unwrap()
            .clone();
        let items_before = app.count("item").await;
        let q = format!(
            "mutation($i: ReferToBureauInput!) {{ referToBureau(input: $i) {{ referral {{ {REFERRAL} externalReference }} userErrors {{ field code }} }} }}"
        );
        let mut input = json!({"idempotencyKey": "rtb-1", "communityId": anhua["id"], "unitId": anhua["buildings"][1]["units"][3]["id"], "matterCode": "B1", "description": "租户反映该户被隔成多间出租", "reason": "涉嫌群租，移送城管执法", "externalReference": "长房管移〔2026〕12号"});
        let bad = app
            .gql(Some(&housing), &q, json!({"i": {"idempotencyKey": "rtb-0", "communityId": anhua["id"], "description": "x", "reason": ""}}))
            .await;
        assert_eq!(codes(&bad.ok()["referToBureau"]), ["REQUIRED"]);
        assert_eq!(app.count("item").await, items_before, "nothing stored");

        let a = app
            .gql(Some(&housing), &q, json!({"i": input.clone()}))
            .await;
        let r = a.ok()["referToBureau"]["referral"].clone();
        assert_eq!(r["direction"], "INCOMING");
        assert!(r["reference"].as_str().unwrap().starts_with("城管收〔"));
        assert_eq!(r["externalReference"], "长房管移〔2026〕12号");
        assert_eq!(r["canResend"], false);
        // A retry is the same filing.
        input["description"] = json!("租户反映该户被隔成多间出租");
        let b = app.gql(Some(&housing), &q, json!({"i": input})).await;
        assert_eq!(b.ok()["referToBureau"]["referral"]["id"], r["id"]);
        assert_eq!(app.count("item").await, items_before + 1);

        // It is a DEPARTMENT_REFERRAL item in the squad's inbox; the officer receives and answers.
        let inbox = app
            .gql(
                Some(&officer),
                "{ inbox(first: 100) { edges { node { id source } } } }",
                json!({}),
            )
            .await;
        let item = &r["item"]["id"];
        assert!(
            inbox.ok()["inbox"]["edges"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| &e["node"]["id"] == item && e["node"]["source"] == "DEPARTMENT_REFERRAL")
        );
        let id = r["id"].clone();
        let a = step(&app, &housing, "receiveReferral", "", json!({"id": id})).await;
        assert_eq!(
            a.error_code(),
            Some("FORBIDDEN"),
            "the sender does not receive"
        );
        let a = step(
            &app,
            &officer,
            "answerReferral",
            ", answer: $t",
            json!({"id": id, "t": "已立案查处"}),
        )
        .await;
        assert_eq!(a.ok()["answerReferral"]["referral"]["state"], "ANSWERED");
        let seen = app
            .gql(
                Some(&housing),
                "query($id: ID!) { referral(id: $id) { state answer } }",
                json!({"id": id}),
            )
            .await;
        assert_eq!(
            seen.ok()["referral"],
            json!({"state": "ANSWERED", "answer": "已立案查处"})
        );
    }
);

both!(
    a_joint_action_records_departments_units_and_a_follow_up_case,
    |db| async move {
        let app = spawn_app(db).await;
        let officer = app.login("officer").await;
        let sup = app.login("supervisor").await;
        let housing = app.login("housing").await;
        let dir = app
            .gql(None, "{ communities(first: 100) { nodes { id name affordableHousing buildings { units { id } } } } }", json!({}))
            .await;
        let find = |n: &str| {
            dir.ok()["communities"]["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["name"] == n)
                .unwrap()
                .clone()
        };
        let anhua = find("安化小区");
        let xingfu = find("幸福小区");
        assert_eq!(xingfu["affordableHousing"], true);
        let ds = departments(&app, &officer).await;
        let (fang, pingan) = (
            named(&ds, "长宁区房屋管理局").clone(),
            named(&ds, "华阳路街道平安办").clone(),
        );
        // A case to follow up, with a party's contact details.
        let case = app
            .gql(Some(&officer), r#"mutation($c: ID!, $u: ID!) { openCase(input: {communityId: $c, unitId: $u, matterCode: "B1", facts: "一套房隔成6间出租", parties: [{kind: OWNER, name: "钱七", idNumber: "310105199001015678", phone: "13912345678"}]}) { case { id number } userErrors { code } } }"#, json!({"c": anhua["id"], "u": anhua["buildings"][0]["units"][0]["id"]}))
            .await;
        let case = case.ok()["openCase"]["case"].clone();

        let q = "mutation($i: JointActionInput!) { createJointAction(input: $i) { action { id } userErrors { field code } } }";
        let mut input = json!({"idempotencyKey": "ja-1", "title": "安化小区群租联合整治", "focus": "GROUP_RENTING", "communityId": anhua["id"], "actionOn": "2026-11-20", "departmentIds": [], "note": "平安办、派出所、房管参加"});
        let none = app
            .gql(Some(&officer), q, json!({"i": input.clone()}))
            .await;
        assert_eq!(
            codes(&none.ok()["createJointAction"]),
            ["DEPARTMENT_REQUIRED"]
        );
        input["departmentIds"] = json!([fang, pingan]);
        let made = app.gql(Some(&officer), q, json!({"i": input})).await;
        let action = made.ok()["createJointAction"]["action"]["id"].clone();
        assert!(action.is_string(), "{:?}", made.body);

        let add = |unit: Value,
                   outcome: &'static str,
                   case_number: Option<Value>,
                   recheck: Option<&'static str>| {
            let app = &app;
            let officer = officer.clone();
            let action = action.clone();
            async move {
                let mut i = json!({"actionId": action, "unitId": unit, "finding": "现场检查", "outcome": outcome});
                if let Some(c) = case_number {
                    i["caseNumber"] = c;
                }
                if let Some(r) = recheck {
                    i["recheckDueOn"] = json!(r);
                }
                app.gql(Some(&officer), "mutation($i: JointUnitInput!) { addJointActionUnit(input: $i) { action { id } userErrors { field code } } }", json!({"i": i}))
                    .await
                    .ok()["addJointActionUnit"]
                    .clone()
            }
        };
        let units = &anhua["buildings"][0]["units"];
        assert_eq!(
            codes(
                &add(
                    units[0]["id"].clone(),
                    "VIOLATION",
                    Some(json!("长宁城管立〔2026〕9999号")),
                    None
                )
                .await
            ),
            ["CASE_NOT_FOUND"]
        );
        assert_eq!(
            codes(
                &add(
                    units[0]["id"].clone(),
                    "VIOLATION",
                    None,
                    Some("2026-11-01")
                )
                .await
            ),
            ["RECHECK_BEFORE_ACTION"]
        );
        assert_eq!(
            codes(
                &add(
                    xingfu["buildings"][0]["units"][0]["id"].clone(),
                    "VIOLATION",
                    None,
                    None
                )
                .await
            ),
            ["UNIT_OUTSIDE_COMMUNITY"]
        );
        assert_eq!(
            codes(
                &add(
                    units[0]["id"].clone(),
                    "VIOLATION",
                    Some(case["number"].clone()),
                    None
                )
                .await
            ),
            Vec::<&str>::new()
        );
        assert_eq!(
            codes(&add(units[1]["id"].clone(), "RECTIFIED_ON_SITE", None, None).await),
            Vec::<&str>::new()
        );
        assert_eq!(
            codes(&add(units[2]["id"].clone(), "NO_VIOLATION", None, None).await),
            Vec::<&str>::new()
        );
        assert_eq!(
            codes(&add(units[2]["id"].clone(), "NO_VIOLATION", None, None).await),
            ["UNIT_ALREADY_VISITED"]
        );

        let view = "query($a: ID!) { jointAction(id: $a) { title focus canEdit departments { name } units { id unitLabel outcome caseNumber caseId recheckDueOn } } }";
        let a = app.gql(Some(&officer), view, json!({"a": action})).await;
        let a = a.ok()["jointAction"].clone();
        let mut names: Vec<&str> = a["departments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["name"].as_str().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, ["华阳路街道平安办", "长宁区房屋管理局"]);
        let us = a["units"].as_array().unwrap();
        assert_eq!(us.len(), 3);
        assert_eq!(us[0]["caseNumber"], case["number"]);
        assert_eq!(us[0]["caseId"], case["id"]);
        assert_eq!(
            us[0]["recheckDueOn"], "2026-12-20",
            "a violation is re-checked 30 days on"
        );
        assert_eq!(us[1]["recheckDueOn"], Value::Null);
        // The housing partner reads it: the case by number only, no changes.
        let h = app.gql(Some(&housing), view, json!({"a": action})).await;
        let h = h.ok()["jointAction"].clone();
        assert_eq!(h["canEdit"], false);
        assert_eq!(h["units"][0]["caseNumber"], case["number"]);
        assert_eq!(h["units"][0]["caseId"], Value::Null);
        let refused = app
            .gql(Some(&housing), "mutation($i: JointUnitInput!) { addJointActionUnit(input: $i) { userErrors { code } } }", json!({"i": {"actionId": action, "unitId": units[3]["id"], "finding": "x", "outcome": "NO_VIOLATION"}}))
            .await;
        assert_eq!(refused.error_code(), Some("FORBIDDEN"));

        // The unit's re-check is a due visit in the roster of a week that holds its date.
        let roster = "query($f: NaiveDate!, $t: NaiveDate!) { suggestedRoster(from: $f, to: $t, first: 50) { community { name } reasons { factor value } } }";
        let factor = |r: &Value| {
            r["suggestedRoster"]
                .as_array()
                .unwrap()
                .iter()
                .find(|x| x["community"]["name"] == "安化小区")
                .unwrap()["reasons"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["factor"] == "RECHECKS_DUE")
                .map(|f| f["value"].as_f64().unwrap())
                .unwrap_or(0.0)
        };
        let before = app
            .gql(
                Some(&sup),
                roster,
                json!({"f": "2026-12-14", "t": "2026-12-19"}),
            )
            .await;
        let during = app
            .gql(
                Some(&sup),
                roster,
                json!({"f": "2026-12-14", "t": "2026-12-20"}),
            )
            .await;
        assert_eq!(
            factor(during.ok()) - factor(before.ok()),
            1.0,
            "{:?}",
            during.body
        );
        let rc = "mutation($i: JointRecheckInput!) { recordJointRecheck(input: $i) { action { units { recheckedOn relapse recheckFinding } } userErrors { code } } }";
        let done = app.gql(Some(&officer), rc, json!({"i": {"unitId": us[0]["id"], "finding": "已拆除隔断，恢复原状", "relapse": false}})).await;
        assert_eq!(
            done.ok()["recordJointRecheck"]["action"]["units"][0]["relapse"],
            false
        );
        let twice = app
            .gql(
                Some(&officer),
                rc,
                json!({"i": {"unitId": us[0]["id"], "finding": "再查", "relapse": true}}),
            )
            .await;
        assert_eq!(
            codes(&twice.ok()["recordJointRecheck"]),
            ["ALREADY_RECHECKED"]
        );
        let after = app
            .gql(
                Some(&sup),
                roster,
                json!({"f": "2026-12-14", "t": "2026-12-20"}),
            )
            .await;
        assert_eq!(
            factor(after.ok()),
            factor(before.ok()),
            "a done re-check is not due"
        );

        // A case opened from a resident's complaint about their own home: the partner reads
        // it without the unit, which would name the complainant.
        let resident = app.login("resident").await;
        let filed = app
            .gql(Some(&resident), "mutation { fileComplaint(input: {idempotencyKey: \"ja-home\", matterCode: \"B2\", description: \"隔壁按床位出租\"}) { item { id } } }", json!({}))
            .await;
        let home = filed.ok()["fileComplaint"]["item"]["id"].clone();
        app.gql(
            Some(&officer),
            "mutation($i: [ID!]!) { acceptItems(input: {itemIds: $i}) { userErrors { code } } }",
            json!({"i": [home]}),
        )
        .await
        .ok();
        app.gql(
            Some(&officer),
            "mutation($i: ID!) { startVerification(input: {itemId: $i}) { userErrors { code } } }",
            json!({"i": home}),
        )
        .await
        .ok();
        let from_home = app
            .gql(Some(&officer), r#"mutation($i: ID!) { openCase(input: {itemIds: [$i], facts: "按床位出租", parties: [{kind: OWNER, name: "李某"}]}) { case { id unitLabel } userErrors { code } } }"#, json!({"i": home}))
            .await;
        let from_home = from_home.ok()["openCase"]["case"].clone();
        assert!(from_home["unitLabel"].is_string(), "{from_home:?}");
        let hc = app
            .gql(
                Some(&housing),
                "query($c: ID!) { case(id: $c) { unitLabel availableActions } }",
                json!({"c": from_home["id"]}),
            )
            .await;
        assert_eq!(
            hc.ok()["case"],
            json!({"unitLabel": null, "availableActions": []})
        );

        // The housing partner reads the group-renting case, without contact details.
        let hc = app
            .gql(Some(&housing), "query($c: ID!) { case(id: $c) { number parties { name idNumber phone } evidence { originalUrl latitude capturedAt } } }", json!({"c": case["id"]}))
            .await;
        let p = &hc.ok()["case"]["parties"][0];
        assert_eq!(p["name"], "钱七");
        assert_eq!(p["idNumber"], "310***********5678");
        assert_ne!(p["phone"], "13912345678");
        let oc = app
            .gql(
                Some(&officer),
                "query($c: ID!) { case(id: $c) { parties { idNumber phone } } }",
                json!({"c": case["id"]}),
            )
            .await;
        assert_eq!(oc.ok()["case"]["parties"][0]["phone"], "13912345678");
    }
);

both!(
    the_affordable_housing_series_counts_illegal_letting_in_flagged_communities,
    |db| async move {
        let app = spawn_app(db).await;
        let sup = app.login("supervisor").await;
        let housing = app.login("housing").await;
        let dir = app
            .gql(
                None,
                "{ communities(first: 100) { nodes { id name affordableHousing } } }",
                json!({}),
            )
            .await;
        let nodes = dir.ok()["communities"]["nodes"].as_array().unwrap().clone();
        let flagged: Vec<&Value> = nodes
            .iter()
            .filter(|c| c["affordableHousing"] == true)
            .collect();
        let xingfu = nodes.iter().find(|c| c["name"] == "幸福小区").unwrap();
        let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
        let series = "query($f: NaiveDate!, $t: NaiveDate!) { affordableHousingSeries(from: $f, to: $t) { totalItems totalCases rows { communityName items openItems cases openCases } } }";
        let vars =
            json!({"f": (today - chrono::Duration::days(29)).to_string(), "t": today.to_string()});
        let before = app.gql(Some(&housing), series, vars.clone()).await;
        let before = before.ok()["affordableHousingSeries"].clone();
        assert_eq!(
            before["rows"].as_array().unwrap().len(),
            flagged.len(),
            "one row per flagged community"
        );
        let row = |s: &Value| {
            s["rows"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["communityName"] == "幸福小区")
                .unwrap()
                .clone()
        };
        // A B9 complaint (illegal letting of affordable housing), one C2 (not counted), one
        // B9 case.
        for (k, m) in [("ah-1", "B9"), ("ah-2", "C2")] {
            let a = app
                .gql(Some(&sup), "mutation($c: ID!, $k: String!, $m: String!) { fileComplaint(input: {idempotencyKey: $k, communityId: $c, source: CITIZEN_COMPLAINT, matterCode: $m, description: \"保障房被转租\"}) { userErrors { code } } }", json!({"c": xingfu["id"], "k": k, "m": m}))
                .await;
            assert_eq!(a.ok()["fileComplaint"]["userErrors"], json!([]));
        }
        let c = app
            .gql(Some(&sup), r#"mutation($c: ID!) { openCase(input: {communityId: $c, matterCode: "B9", facts: "保障房转租", parties: [{kind: TENANT, name: "孙八"}]}) { userErrors { code } } }"#, json!({"c": xingfu["id"]}))
            .await;
        assert_eq!(c.ok()["openCase"]["userErrors"], json!([]));
        for t in [&housing, &sup] {
            let after = app.gql(Some(t), series, vars.clone()).await;
            let after = after.ok()["affordableHousingSeries"].clone();
            let (b, a) = (row(&before), row(&after));
            assert_eq!(
                a["items"].as_i64().unwrap() - b["items"].as_i64().unwrap(),
                1
            );
            assert_eq!(
                a["openItems"].as_i64().unwrap() - b["openItems"].as_i64().unwrap(),
                1
            );
            assert_eq!(
                a["cases"].as_i64().unwrap() - b["cases"].as_i64().unwrap(),
                1
            );
            assert_eq!(
                a["openCases"].as_i64().unwrap() - b["openCases"].as_i64().unwrap(),
                1
            );
            assert_eq!(
                after["totalItems"].as_i64().unwrap() - before["totalItems"].as_i64().unwrap(),
                1
            );
        }
        let bad = app.gql(Some(&housing), series, json!({"f": today.to_string(), "t": (today - chrono::Duration::days(1)).to_string()})).await;
        assert_eq!(bad.error_code(), Some("VALIDATION"), "{:?}", bad.body);
        assert!(bad.error_message().unwrap().contains("统计期间"));
    }
);
