//! Intake and the closed loop, end to end through the API.
use gongzhi_tests::*;
use serde_json::{Value, json};

pub const ITEM: &str = "id kind source status late priority filerCount reopened nextDeadline overdue nearDue reply rating resolution department description unitLabel community { name } matter { code } filer { displayName phone } mine availableActions timeline { action fromStatus toStatus note actorRole }";

pub async fn file(app: &TestApp, token: &str, input: Value) -> Answer {
    app.gql(
        Some(token),
        &format!("mutation($i: FileComplaintInput!) {{ fileComplaint(input: $i) {{ item {{ {ITEM} }} userErrors {{ field code message }} }} }}"),
        json!({"i": input}),
    )
    .await
}

pub async fn step(
    app: &TestApp,
    token: &str,
    mutation: &str,
    input_type: &str,
    input: Value,
) -> Value {
    let a = app
        .gql(
            Some(token),
            &format!("mutation($i: {input_type}!) {{ {mutation}(input: $i) {{ item {{ {ITEM} }} userErrors {{ field code message }} }} }}"),
            json!({"i": input}),
        )
        .await;
    a.ok()[mutation].clone()
}

pub async fn item(app: &TestApp, token: &str, id: &str) -> Answer {
    app.gql(
        Some(token),
        &format!("query($id: ID!) {{ item(id: $id) {{ {ITEM} }} }}"),
        json!({"id": id}),
    )
    .await
}

async fn inbox(app: &TestApp, token: &str, filter: Value) -> Vec<Value> {
    let a = app
        .gql(
            Some(token),
            "query($f: InboxFilter) { inbox(filter: $f, first: 100) { totalCount edges { node { id status priority publicSafety description } } } }",
            json!({"f": filter}),
        )
        .await;
    a.ok()["inbox"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"].clone())
        .collect()
}

async fn community_id(app: &TestApp, name: &str) -> (String, Vec<String>) {
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
        .find(|e| e["node"]["name"] == name)
        .unwrap()["node"]
        .clone();
    let units = c["buildings"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|b| {
            b["units"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| u["id"].as_str().unwrap().to_string())
        })
        .collect();
    (c["id"].as_str().unwrap().to_string(), units)
}

/// A second verified resident living in `community`.
async fn another_resident(app: &TestApp, community: &str, phone: &str) -> String {
    let (_, units) = community_id(app, community).await;
    let r = app
        .gql(None, "mutation($i: RegisterResidentInput!) { registerResident(input: $i) { account { id } userErrors { code } } }", json!({"i": {"phone": phone, "password": "second-pass-1", "displayName": "邻居", "unitId": units[5]}}))
        .await;
    let id = r.ok()["registerResident"]["account"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let sup = app.login("supervisor").await;
    app.gql(Some(&sup), "mutation($id: ID!) { verifyResident(input: {accountId: $id, approve: true}) { account { status } } }", json!({"id": id}))
        .await
        .ok();
    app.login_session(phone, "second-pass-1").await["session"]["accessToken"]
        .as_str()
        .unwrap()
        .to_string()
}

fn actions(timeline: &Value) -> Vec<String> {
    timeline
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect()
}

both!(
    a_complaint_goes_round_the_loop_and_an_unsatisfied_rating_reopens_it_once,
    |db| async move {
        let app = spawn_app(db).await;
        let resident = app.login("resident").await;
        let officer = app.login("officer").await;
        let f = file(&app, &resident, json!({"idempotencyKey": "k-1", "matterCode": "C2", "description": "楼道里堆满了杂物，消防通道被堵。"})).await;
        let it = f.ok()["fileComplaint"]["item"].clone();
        assert_eq!(it["status"], "SUBMITTED");
        assert_eq!(it["kind"], "COMPLAINT");
        assert_eq!(it["source"], "CITIZEN_COMPLAINT");
        assert_eq!(it["community"]["name"], "安化小区");
        assert_eq!(it["unitLabel"], "1号楼 101");
        assert!(it["nextDeadline"].is_string());
        let id = it["id"].as_str().unwrap().to_string();

        let list = inbox(&app, &officer, json!(null)).await;
        assert!(
            list.iter().any(|i| i["id"] == id.as_str()),
            "the officer's inbox shows it"
        );
        // Routed to the squad and to the community workroom's officer.
        let mine = inbox(&app, &officer, json!({"assignedToMe": true})).await;
        assert!(
            mine.iter().any(|i| i["id"] == id.as_str()),
            "assigned to the workroom officer"
        );
        let a = app
            .gql(
                Some(&officer),
                "query($id: ID!) { item(id: $id) { assignee } }",
                json!({"id": id}),
            )
            .await;
        assert_eq!(a.ok()["item"]["assignee"], "华阳路中队 刘队员");
        let a = app
            .gql(
                Some(&resident),
                "query($id: ID!) { item(id: $id) { assignee } }",
                json!({"id": id}),
            )
            .await;
        assert!(a.ok()["item"]["assignee"].is_null());

        let acc = app
        .gql(Some(&officer), "mutation($ids: [ID!]!) { acceptItems(input: {itemIds: $ids}) { items { status } userErrors { code } } }", json!({"ids": [id]}))
        .await;
        assert_eq!(acc.ok()["acceptItems"]["items"][0]["status"], "ACCEPTED");
        let v = step(
            &app,
            &officer,
            "startVerification",
            "ItemNoteInput",
            json!({"itemId": id, "note": "今天下午到现场核查"}),
        )
        .await;
        assert_eq!(v["item"]["status"], "VERIFYING");
        let r = step(
            &app,
            &officer,
            "resolveItem",
            "ResolveItemInput",
            json!({"itemId": id, "resolution": "RECTIFIED_ON_SITE", "note": "已督促清理"}),
        )
        .await;
        assert_eq!(r["item"]["status"], "RESOLVED");
        assert!(
            r["item"]["nextDeadline"].is_string(),
            "the clock runs until the filer has the answer"
        );
        let rep = step(
            &app,
            &officer,
            "replyItem",
            "ReplyItemInput",
            json!({"itemId": id, "message": "杂物已清理，消防通道已恢复畅通。"}),
        )
        .await;
        assert_eq!(rep["item"]["status"], "REPLIED");
        assert!(
            rep["item"]["nextDeadline"].is_null(),
            "the clock stops once the filer has the answer"
        );

        // The resident sees every step and can rate.
        let seen = item(&app, &resident, &id).await;
        let seen = &seen.ok()["item"];
        assert_eq!(
            actions(&seen["timeline"]),
            [
                "SUBMITTED",
                "ACCEPT",
                "START_VERIFICATION",
                "RESOLVE",
                "REPLY"
            ]
        );
        assert_eq!(seen["reply"], "杂物已清理，消防通道已恢复畅通。");
        assert_eq!(seen["availableActions"], json!(["RATE"]));
        assert_eq!(seen["mine"], true);

        let rate = step(
            &app,
            &resident,
            "rateItem",
            "RateItemInput",
            json!({"itemId": id, "rating": "UNSATISFIED", "comment": "杂物又堆回来了"}),
        )
        .await;
        assert_eq!(rate["item"]["status"], "VERIFYING");
        assert_eq!(rate["item"]["reopened"], true);
        assert!(
            rate["item"]["nextDeadline"].is_string(),
            "a reopened item has a fresh time limit"
        );
        assert!(
            actions(&rate["item"]["timeline"])
                .ends_with(&["RATE".to_string(), "REOPENED".to_string()])
        );

        // The officer rated unsatisfactory does not take the second look.
        let officer_again = step(
            &app,
            &officer,
            "resolveItem",
            "ResolveItemInput",
            json!({"itemId": id, "resolution": "NO_VIOLATION", "note": "x"}),
        )
        .await;
        assert_eq!(officer_again["userErrors"][0]["code"], "SUPERVISOR_REVIEW");
        // The supervisor's second look: it is in the supervisor's inbox, reopened.
        let sup = app.login("supervisor").await;
        assert!(
            inbox(&app, &sup, json!({"statuses": ["VERIFYING"]}))
                .await
                .iter()
                .any(|i| i["id"] == id.as_str())
        );
        step(
            &app,
            &sup,
            "resolveItem",
            "ResolveItemInput",
            json!({"itemId": id, "resolution": "NO_VIOLATION", "note": "复查"}),
        )
        .await;
        step(
            &app,
            &sup,
            "replyItem",
            "ReplyItemInput",
            json!({"itemId": id, "message": "复查后已再次清理。"}),
        )
        .await;
        let again = step(
            &app,
            &resident,
            "rateItem",
            "RateItemInput",
            json!({"itemId": id, "rating": "UNSATISFIED"}),
        )
        .await;
        assert_eq!(
            again["item"]["status"], "CLOSED",
            "an item reopens only once"
        );
        assert_eq!(again["item"]["rating"], "UNSATISFIED");
    }
);

both!(
    one_idempotency_key_files_once_however_often_it_is_sent,
    |db| async move {
        let app = spawn_app(db).await;
        let resident = app.login("resident").await;
        let input = json!({"idempotencyKey": "offline-7f3a", "matterCode": "C1", "description": "阳台外搭了一个铁皮棚。"});
        let first = file(&app, &resident, input.clone()).await;
        let id = first.ok()["fileComplaint"]["item"]["id"].clone();
        let again = file(&app, &resident, input.clone()).await;
        assert_eq!(again.ok()["fileComplaint"]["item"]["id"], id);
        // Eight retries at once, as a flaky network and two replay paths might send them.
        let mut handles = Vec::new();
        for _ in 0..8 {
            let (client, addr, token, input) = (
                app.client.clone(),
                app.addr.clone(),
                resident.clone(),
                input.clone(),
            );
            handles.push(tokio::spawn(async move {
            let q = "mutation($i: FileComplaintInput!) { fileComplaint(input: $i) { item { id } } }";
            let r: Value = client.post(format!("{addr}/graphql")).bearer_auth(token).json(&json!({"query": q, "variables": {"i": input}})).send().await.unwrap().json().await.unwrap();
            r["data"]["fileComplaint"]["item"]["id"].clone()
        }));
        }
        for h in handles {
            assert_eq!(h.await.unwrap(), id);
        }
        assert_eq!(app.count("item").await, 1);
        assert_eq!(app.count("idempotency_key").await, 1);

        // The same key with other content is a conflict, and nothing is stored.
        let mut other = input.clone();
        other["description"] = json!("另一件事");
        let c = file(&app, &resident, other).await;
        assert_eq!(c.error_code(), Some("CONFLICT"));
        assert_eq!(
            c.error_message(),
            Some("该提交编号已用于另一份不同的内容。")
        );
        assert_eq!(app.count("item").await, 1);
        // Keys are per account: the committee's "offline-7f3a" is its own.
        let committee = app.login("committee").await;
        let (anhua, _) = community_id(&app, "安化小区").await;
        let mine = file(&app, &committee, json!({"idempotencyKey": "offline-7f3a", "communityId": anhua, "description": "居民区反映：垃圾箱房满溢"})).await;
        assert_eq!(
            mine.ok()["fileComplaint"]["item"]["kind"],
            "COMMITTEE_REPORT"
        );
        assert_eq!(app.count("item").await, 2);
    }
);

const REPORT: &str = "mutation($i: FilePropertyReportInput!) { filePropertyReport(input: $i) { item { id late status source timeline { note } } userErrors { field code message } } }";

both!(
    a_property_report_needs_its_dissuasion_record_and_a_late_one_is_kept_and_marked,
    |db| async move {
        let app = spawn_app(db).await;
        let firm = app.login("property").await;
        let (anhua, units) = community_id(&app, "安化小区").await;
        let base = json!({"idempotencyKey": "r-1", "matterCode": "A1", "communityId": anhua, "unitId": units[3], "description": "业主拆除承重墙，劝阻无效。"});
        let none = app.gql(Some(&firm), REPORT, json!({"i": base})).await;
        let e = &none.ok()["filePropertyReport"]["userErrors"][0];
        assert_eq!(e["code"], "DISSUASION_REQUIRED");
        assert_eq!(e["field"], json!(["input", "dissuasion"]));
        assert_eq!(app.count("item").await, 0);

        let mut late = base.clone();
        late["idempotencyKey"] = json!("r-2");
        late["dissuasion"] = json!({"at": (chrono::Utc::now() - chrono::Duration::hours(30)).to_rfc3339(), "method": "上门劝阻并发放告知书", "by": "物业 陈经理", "ownerResponse": "拒绝停工"});
        let r = app.gql(Some(&firm), REPORT, json!({"i": late})).await;
        let it = &r.ok()["filePropertyReport"]["item"];
        assert_eq!(it["late"], true);
        assert_eq!(it["source"], "PROPERTY_REPORT");
        assert!(
            it["timeline"][0]["note"]
                .as_str()
                .unwrap()
                .contains("late report")
        );

        let mut on_time = late.clone();
        on_time["idempotencyKey"] = json!("r-3");
        on_time["dissuasion"]["at"] =
            json!((chrono::Utc::now() - chrono::Duration::hours(2)).to_rfc3339());
        let ok = app.gql(Some(&firm), REPORT, json!({"i": on_time})).await;
        assert_eq!(ok.ok()["filePropertyReport"]["item"]["late"], false);

        // A firm reports only about communities it manages.
        let (other, _) = community_id(&app, "周家桥小区").await;
        let mut outside = on_time.clone();
        outside["idempotencyKey"] = json!("r-4");
        outside["communityId"] = json!(other);
        outside["unitId"] = json!(null);
        let o = app.gql(Some(&firm), REPORT, json!({"i": outside})).await;
        assert_eq!(
            o.ok()["filePropertyReport"]["userErrors"][0]["code"],
            "COMMUNITY_OUTSIDE_SCOPE"
        );
    }
);

both!(
    a_property_firm_and_a_committee_never_see_who_complained,
    |db| async move {
        let app = spawn_app(db).await;
        let resident = app.login("resident").await;
        let f = file(
            &app,
            &resident,
            json!({"idempotencyKey": "p-1", "matterCode": "C2", "description": "物业不管楼道杂物"}),
        )
        .await;
        let id = f.ok()["fileComplaint"]["item"]["id"]
            .as_str()
            .unwrap()
            .to_string();
        let anon = file(&app, &resident, json!({"idempotencyKey": "p-2", "matterCode": "C3", "description": "匿名反映", "anonymous": true})).await;
        let anon_id = anon.ok()["fileComplaint"]["item"]["id"]
            .as_str()
            .unwrap()
            .to_string();

        for who in ["property", "committee"] {
            let t = app.login(who).await;
            let one = item(&app, &t, &id).await;
            let one = &one.ok()["item"];
            assert!(one["filer"].is_null(), "{who} saw the filer: {one}");
            // Filed from home, the unit is the filer's own: it would name the household.
            assert!(
                one["unitLabel"].is_null(),
                "{who} saw the filer's home unit: {one}"
            );
            assert_eq!(one["description"], "物业不管楼道杂物");
            let list = app
            .gql(Some(&t), "{ communityItems(first: 100) { edges { node { id filer { displayName phone } } } } }", json!({}))
            .await;
            let edges = list.ok()["communityItems"]["edges"]
                .as_array()
                .unwrap()
                .clone();
            assert!(edges.iter().any(|e| e["node"]["id"] == id.as_str()));
            assert!(
                edges.iter().all(|e| e["node"]["filer"].is_null()),
                "{who}: {edges:?}"
            );
            // Nothing in the timeline names the filer either.
            let body = item(&app, &t, &anon_id).await.body.to_string();
            assert!(
                !body.contains("王阿姨") && !body.contains("13900000001"),
                "{who}: {body}"
            );
        }
        // The handling officer sees who filed, even an anonymous filing.
        let officer = app.login("officer").await;
        let o = item(&app, &officer, &anon_id).await;
        assert_eq!(o.ok()["item"]["filer"]["displayName"], "王阿姨");
        assert_eq!(o.ok()["item"]["filer"]["phone"], "13900000001");
    }
);

both!(
    another_resident_and_another_squad_get_not_found_for_an_item_they_may_not_see,
    |db| async move {
        let app = spawn_app(db).await;
        let resident = app.login("resident").await;
        let f = file(
            &app,
            &resident,
            json!({"idempotencyKey": "n-1", "description": "邻居装修噪声"}),
        )
        .await;
        let id = f.ok()["fileComplaint"]["item"]["id"]
            .as_str()
            .unwrap()
            .to_string();
        let neighbour = another_resident(&app, "安化小区", "13600000001").await;
        let a = item(&app, &neighbour, &id).await;
        assert_eq!(a.error_code(), Some("NOT_FOUND"));
        assert_eq!(a.error_message(), Some("找不到该记录。"));
        let mine = app
            .gql(Some(&neighbour), "{ myItems { totalCount } }", json!({}))
            .await;
        assert_eq!(mine.ok()["myItems"]["totalCount"], 0);
        // The same answer as for an item that does not exist at all.
        let none = item(&app, &neighbour, &uuid::Uuid::new_v4().to_string()).await;
        assert_eq!(none.error_code(), Some("NOT_FOUND"));

        let sup = app.login("supervisor").await;
        let squads = app
            .gql(Some(&sup), "{ subDistricts { squad { id } } }", json!({}))
            .await;
        let other_squad = squads.ok()["subDistricts"][4]["squad"]["id"]
            .as_str()
            .unwrap()
            .to_string();
        app.gql(Some(&sup), "mutation($s: ID!) { createAccount(input: {login: \"far.officer\", displayName: \"x\", password: \"far-officer-1\", role: OFFICER, squadId: $s}) { account { id } } }", json!({"s": other_squad}))
        .await
        .ok();
        let far = app.login_session("far.officer", "far-officer-1").await["session"]["accessToken"]
            .as_str()
            .unwrap()
            .to_string();
        assert_eq!(item(&app, &far, &id).await.error_code(), Some("NOT_FOUND"));
        let acc = app
        .gql(Some(&far), "mutation($ids: [ID!]!) { acceptItems(input: {itemIds: $ids}) { items { id } userErrors { code } } }", json!({"ids": [id]}))
        .await;
        assert_eq!(
            acc.ok()["acceptItems"]["userErrors"][0]["code"],
            "NOT_FOUND"
        );
        assert!(inbox(&app, &far, json!(null)).await.is_empty());
    }
);

both!(
    bad_filings_name_the_field_and_store_nothing,
    |db| async move {
        let app = spawn_app(db).await;
        let resident = app.login("resident").await;
        let (other, other_units) = community_id(&app, "周家桥小区").await;
        let (anhua, _) = community_id(&app, "安化小区").await;
        let cases = [
            (
                json!({"idempotencyKey": "b-1", "matterCode": "ZZ9", "description": "x"}),
                "UNKNOWN_MATTER",
                "matterCode",
            ),
            (
                json!({"idempotencyKey": "b-2", "communityId": anhua, "unitId": other_units[0], "description": "x"}),
                "UNIT_OUTSIDE_COMMUNITY",
                "unitId",
            ),
            (
                json!({"idempotencyKey": "b-3", "description": "   "}),
                "REQUIRED",
                "description",
            ),
            (
                json!({"idempotencyKey": "b-4", "description": "字".repeat(100_000 / 3)}),
                "TOO_LONG",
                "description",
            ),
            (
                json!({"idempotencyKey": "b-5", "description": "x", "seenAt": "2099-01-01T00:00:00Z"}),
                "FUTURE_TIME",
                "seenAt",
            ),
            (
                json!({"idempotencyKey": "b-5a", "description": "x", "seenAt": "0001-01-01T00:00:00+23:59"}),
                "TOO_LONG_AGO",
                "seenAt",
            ),
            (
                json!({"idempotencyKey": "", "description": "x"}),
                "IDEMPOTENCY_KEY_INVALID",
                "idempotencyKey",
            ),
            (
                json!({"idempotencyKey": "b-7", "communityId": uuid::Uuid::new_v4().to_string(), "description": "x"}),
                "UNKNOWN_COMMUNITY",
                "communityId",
            ),
        ];
        for (input, code, field) in cases {
            let a = file(&app, &resident, input).await;
            let errs = a.ok()["fileComplaint"]["userErrors"]
                .as_array()
                .unwrap()
                .clone();
            assert!(
                errs.iter()
                    .any(|e| e["code"] == code && e["field"] == json!(["input", field])),
                "{code}: {errs:?}"
            );
            assert!(
                errs.iter()
                    .all(|e| e["message"].as_str().is_some_and(|m| !m.is_empty()))
            );
        }
        let en = app
        .gql_as(Some(&resident), "en", "mutation { fileComplaint(input: {idempotencyKey: \"b-8\", matterCode: \"NOPE\", description: \"x\"}) { userErrors { message } } }", json!({}))
        .await;
        assert_eq!(
            en.ok()["fileComplaint"]["userErrors"][0]["message"],
            "That enforcement matter does not exist."
        );
        let _ = other;
        assert_eq!(app.count("item").await, 0);
        assert_eq!(app.count("idempotency_key").await, 0);
        assert_eq!(app.count("item_event").await, 0);
    }
);

both!(
    the_inbox_puts_public_safety_first_and_accepts_in_bulk,
    |db| async move {
        let app = spawn_app(db).await;
        let resident = app.login("resident").await;
        let officer = app.login("officer").await;
        let (anhua, _) = community_id(&app, "安化小区").await;
        let plain = file(
            &app,
            &resident,
            json!({"idempotencyKey": "i-1", "description": "普通问题"}),
        )
        .await;
        let safety = file(&app, &resident, json!({"idempotencyKey": "i-2", "description": "燃气管道被私自移装", "publicSafety": true})).await;
        let media = file(&app, &officer, json!({"idempotencyKey": "i-3", "communityId": anhua, "source": "MEDIA", "description": "媒体曝光：绿地被毁", "mediaAttention": true})).await;
        assert_eq!(media.ok()["fileComplaint"]["item"]["source"], "MEDIA");
        let ids: Vec<String> = [&plain, &safety, &media]
            .iter()
            .map(|a| {
                a.ok()["fileComplaint"]["item"]["id"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        let order: Vec<String> = inbox(&app, &officer, json!(null))
            .await
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(order, [ids[1].clone(), ids[2].clone(), ids[0].clone()]);

        // An officer entering an item must say where it came from.
        let no_source = file(
            &app,
            &officer,
            json!({"idempotencyKey": "i-4", "communityId": anhua, "description": "x"}),
        )
        .await;
        assert_eq!(
            no_source.ok()["fileComplaint"]["userErrors"][0]["code"],
            "SOURCE_REQUIRED"
        );

        let acc = app
        .gql(Some(&officer), "mutation($ids: [ID!]!) { acceptItems(input: {itemIds: $ids}) { items { id status } userErrors { code } } }", json!({"ids": [ids[0], ids[1], uuid::Uuid::new_v4().to_string()]}))
        .await;
        let p = &acc.ok()["acceptItems"];
        assert_eq!(p["items"].as_array().unwrap().len(), 2);
        assert_eq!(p["userErrors"][0]["code"], "NOT_FOUND");
        let accepted = inbox(&app, &officer, json!({"statuses": ["ACCEPTED"]})).await;
        assert_eq!(accepted.len(), 2);
        let submitted = inbox(&app, &officer, json!({"statuses": ["SUBMITTED"]})).await;
        assert_eq!(submitted.len(), 1);
        assert!(
            inbox(&app, &officer, json!({"overdue": true}))
                .await
                .is_empty()
        );
        // Accepting again is refused in words, not silently repeated.
        let again = app
        .gql(Some(&officer), "mutation($ids: [ID!]!) { acceptItems(input: {itemIds: $ids}) { items { id } userErrors { code } } }", json!({"ids": [ids[0]]}))
        .await;
        assert_eq!(
            again.ok()["acceptItems"]["userErrors"][0]["code"],
            "NOT_ALLOWED_NOW"
        );
        // Steps cannot be skipped; a referral names its department.
        let skip = step(
            &app,
            &officer,
            "replyItem",
            "ReplyItemInput",
            json!({"itemId": ids[2], "message": "x"}),
        )
        .await;
        assert_eq!(skip["userErrors"][0]["code"], "NOT_ALLOWED_NOW");
        step(
            &app,
            &officer,
            "startVerification",
            "ItemNoteInput",
            json!({"itemId": ids[0]}),
        )
        .await;
        let referral = step(
            &app,
            &officer,
            "resolveItem",
            "ResolveItemInput",
            json!({"itemId": ids[0], "resolution": "REFERRED", "note": "不属于城管职责"}),
        )
        .await;
        assert_eq!(referral["userErrors"][0]["code"], "DEPARTMENT_REQUIRED");
        let referred = step(&app, &officer, "resolveItem", "ResolveItemInput", json!({"itemId": ids[0], "resolution": "REFERRED", "note": "不属于城管职责", "department": "区房管局"})).await;
        assert_eq!(referred["item"]["department"], "区房管局");
    }
);

both!(
    two_officers_acting_at_once_move_an_item_only_once,
    |db| async move {
        let app = spawn_app(db).await;
        let resident = app.login("resident").await;
        let f = file(
            &app,
            &resident,
            json!({"idempotencyKey": "c-1", "description": "并发"}),
        )
        .await;
        let id = f.ok()["fileComplaint"]["item"]["id"]
            .as_str()
            .unwrap()
            .to_string();
        let officer = app.login("officer").await;
        let sup = app.login("supervisor").await;
        let mut handles = Vec::new();
        for t in [officer.clone(), sup.clone(), officer, sup] {
            let (client, addr, id) = (app.client.clone(), app.addr.clone(), id.clone());
            handles.push(tokio::spawn(async move {
            let r: Value = client
                .post(format!("{addr}/graphql"))
                .bearer_auth(t)
                .json(&json!({"query": "mutation($ids: [ID!]!) { acceptItems(input: {itemIds: $ids}) { items { id } userErrors { code } } }", "variables": {"ids": [id]}}))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            r["data"]["acceptItems"]["items"].as_array().map(|a| a.len()).unwrap_or(0)
        }));
        }
        let mut total = 0;
        for h in handles {
            total += h.await.unwrap();
        }
        assert_eq!(total, 1);
        let it = item(&app, &resident, &id).await;
        assert_eq!(
            actions(&it.ok()["item"]["timeline"]),
            ["SUBMITTED", "ACCEPT"]
        );
    }
);

both!(
    me_too_joins_an_open_item_and_raises_its_priority,
    |db| async move {
        let app = spawn_app(db).await;
        let resident = app.login("resident").await;
        let (anhua, units) = community_id(&app, "安化小区").await;
        let f = file(&app, &resident, json!({"idempotencyKey": "m-1", "matterCode": "C3", "unitId": units[2], "description": "楼下群租，夜里很吵"})).await;
        let it = f.ok()["fileComplaint"]["item"].clone();
        let id = it["id"].as_str().unwrap().to_string();
        let neighbour = another_resident(&app, "安化小区", "13600000002").await;
        let hints = app
        .gql(Some(&neighbour), "query($c: ID!, $u: ID, $m: String) { similarOpenItems(communityId: $c, unitId: $u, matterCode: $m) { id unitLabel filerCount matter { code } } }", json!({"c": anhua, "u": units[2], "m": "C3"}))
        .await;
        let hints = hints.ok()["similarOpenItems"].as_array().unwrap().clone();
        assert_eq!(hints.len(), 1);
        assert_eq!(hints[0]["id"], id.as_str());
        let j = step(
            &app,
            &neighbour,
            "joinItem",
            "JoinItemInput",
            json!({"itemId": id, "idempotencyKey": "j-1"}),
        )
        .await;
        assert_eq!(j["item"]["filerCount"], 2);
        assert!(j["item"]["priority"].as_i64().unwrap() > it["priority"].as_i64().unwrap());
        assert!(
            j["item"]["filer"].is_null(),
            "a co-filer does not learn who filed first"
        );
        // Nor reads the first filer's own words: the description is withheld.
        assert!(
            j["item"]["description"]
                .as_str()
                .unwrap()
                .contains("joined item"),
            "{}",
            j["item"]
        );
        let own_view = item(&app, &resident, &id).await;
        assert_eq!(own_view.ok()["item"]["description"], "楼下群租，夜里很吵");
        let twice = step(
            &app,
            &neighbour,
            "joinItem",
            "JoinItemInput",
            json!({"itemId": id, "idempotencyKey": "j-2"}),
        )
        .await;
        assert_eq!(twice["item"]["filerCount"], 2);
        let mine = app
            .gql(Some(&neighbour), "{ myItems { totalCount } }", json!({}))
            .await;
        assert_eq!(mine.ok()["myItems"]["totalCount"], 1);
        // The original filer's timeline does not show who joined.
        let own = item(&app, &resident, &id).await;
        assert_eq!(actions(&own.ok()["item"]["timeline"]), ["SUBMITTED"]);
        // Residents of other communities cannot probe for items.
        let far = another_resident(&app, "周家桥小区", "13600000003").await;
        let probe = app
            .gql(
                Some(&far),
                "query($c: ID!) { similarOpenItems(communityId: $c) { id } }",
                json!({"c": anhua}),
            )
            .await;
        assert_eq!(probe.error_code(), Some("NOT_FOUND"));
        let join = app
        .gql(Some(&far), "mutation($id: ID!) { joinItem(input: {itemId: $id, idempotencyKey: \"x\"}) { item { id } } }", json!({"id": id}))
        .await;
        assert_eq!(join.error_code(), Some("NOT_FOUND"));
    }
);

both!(
    an_unrated_reply_closes_by_itself_after_the_quiet_period,
    |db| async move {
        let app = spawn_app(db).await;
        let resident = app.login("resident").await;
        let officer = app.login("officer").await;
        let f = file(
            &app,
            &resident,
            json!({"idempotencyKey": "q-1", "description": "路灯不亮"}),
        )
        .await;
        let id = f.ok()["fileComplaint"]["item"]["id"]
            .as_str()
            .unwrap()
            .to_string();
        app.gql(
            Some(&officer),
            "mutation($ids: [ID!]!) { acceptItems(input: {itemIds: $ids}) { items { id } } }",
            json!({"ids": [id]}),
        )
        .await
        .ok();
        step(
            &app,
            &officer,
            "startVerification",
            "ItemNoteInput",
            json!({"itemId": id}),
        )
        .await;
        step(&app, &officer, "resolveItem", "ResolveItemInput", json!({"itemId": id, "resolution": "REFERRED", "note": "路灯归绿化市容", "department": "区绿化市容局"})).await;
        step(
            &app,
            &officer,
            "replyItem",
            "ReplyItemInput",
            json!({"itemId": id, "message": "已转区绿化市容局处理。"}),
        )
        .await;
        let db = &app.state.db;
        let now = chrono::Utc::now();
        assert!(
            gongzhi::intake::act::close_quiet_items(db, now + chrono::Duration::days(6), 7)
                .await
                .unwrap()
                .is_empty()
        );
        let closed =
            gongzhi::intake::act::close_quiet_items(db, now + chrono::Duration::days(8), 7)
                .await
                .unwrap();
        assert_eq!(closed.len(), 1);
        let it = item(&app, &resident, &id).await;
        assert_eq!(it.ok()["item"]["status"], "CLOSED");
        assert_eq!(
            actions(&it.ok()["item"]["timeline"]).last().unwrap(),
            "CLOSED_QUIETLY"
        );
        // Running it again (another process) closes nothing twice.
        assert!(
            gongzhi::intake::act::close_quiet_items(db, now + chrono::Duration::days(9), 7)
                .await
                .unwrap()
                .is_empty()
        );
    }
);

both!(
    only_a_supervisor_extends_a_deadline_and_says_why,
    |db| async move {
        let app = spawn_app(db).await;
        let resident = app.login("resident").await;
        let f = file(
            &app,
            &resident,
            json!({"idempotencyKey": "e-1", "description": "违章搭建"}),
        )
        .await;
        let it = f.ok()["fileComplaint"]["item"].clone();
        let id = it["id"].as_str().unwrap().to_string();
        let q = "mutation($i: ExtendDeadlineInput!) { extendDeadline(input: $i) { item { nextDeadline timeline { action note } } userErrors { code field } } }";
        let officer = app.login("officer").await;
        let o = app
            .gql(
                Some(&officer),
                q,
                json!({"i": {"itemId": id, "days": 3, "reason": "需要联合房管部门核查"}}),
            )
            .await;
        assert_eq!(o.error_code(), Some("FORBIDDEN"));
        let sup = app.login("supervisor").await;
        let bad = app
            .gql(
                Some(&sup),
                q,
                json!({"i": {"itemId": id, "days": 0, "reason": " "}}),
            )
            .await;
        let codes: Vec<_> = bad.ok()["extendDeadline"]["userErrors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["code"].clone())
            .collect();
        assert_eq!(codes, [json!("REQUIRED"), json!("EXTENSION_DAYS")]);
        let ok = app
            .gql(
                Some(&sup),
                q,
                json!({"i": {"itemId": id, "days": 3, "reason": "需要联合房管部门核查"}}),
            )
            .await;
        let new_due = ok.ok()["extendDeadline"]["item"]["nextDeadline"]
            .as_str()
            .unwrap()
            .to_string();
        let old_due = it["nextDeadline"].as_str().unwrap().to_string();
        let parse = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap();
        assert!(parse(&new_due) - parse(&old_due) >= chrono::Duration::days(3));
        let tl = ok.ok()["extendDeadline"]["item"]["timeline"]
            .as_array()
            .unwrap()
            .clone();
        assert!(tl.iter().any(|e| e["action"] == "DEADLINE_EXTENDED"
            && e["note"].as_str().unwrap().contains("需要联合房管部门核查")));
    }
);

both!(
    a_suggestion_is_answered_with_what_was_adopted,
    |db| async move {
        let app = spawn_app(db).await;
        let resident = app.login("resident").await;
        let q = "mutation($i: FileSuggestionInput!) { fileSuggestion(input: $i) { item { id kind status topic } userErrors { code field } } }";
        let empty = app
            .gql(
                Some(&resident),
                q,
                json!({"i": {"idempotencyKey": "s-0", "topic": "", "reasons": "", "measures": ""}}),
            )
            .await;
        assert_eq!(
            empty.ok()["fileSuggestion"]["userErrors"]
                .as_array()
                .unwrap()
                .len(),
            3
        );
        let s = app
        .gql(Some(&resident), q, json!({"i": {"idempotencyKey": "s-1", "topic": "增设非机动车充电桩", "reasons": "楼道充电有火灾隐患", "measures": "在小区东门空地设集中充电点"}}))
        .await;
        let it = s.ok()["fileSuggestion"]["item"].clone();
        assert_eq!(it["kind"], "SUGGESTION");
        let id = it["id"].as_str().unwrap().to_string();
        let officer = app.login("officer").await;
        app.gql(
            Some(&officer),
            "mutation($ids: [ID!]!) { acceptItems(input: {itemIds: $ids}) { items { id } } }",
            json!({"ids": [id]}),
        )
        .await
        .ok();
        let a = app
        .gql(Some(&officer), "mutation($id: ID!) { answerSuggestion(input: {itemId: $id, answer: \"已协调物业在东门设点\", adoption: ADOPTED}) { item { status answer adoption } userErrors { code } } }", json!({"id": id}))
        .await;
        assert_eq!(a.ok()["answerSuggestion"]["item"]["status"], "ANSWERED");
        let seen = app
            .gql(
                Some(&resident),
                "query($id: ID!) { item(id: $id) { answer adoption } }",
                json!({"id": id}),
            )
            .await;
        assert_eq!(seen.ok()["item"]["adoption"], "ADOPTED");
    }
);

both!(
    a_filing_on_one_server_reaches_an_inbox_subscriber_on_another,
    |db| async move {
        let app = spawn_app(db).await;
        let peer;
        let writer: &TestApp = if db == Db::Postgres {
            peer = spawn_peer(&app).await;
            &peer
        } else {
            &app
        };
        let officer = app.login("officer").await;
        let mut inbox_sub = ws::subscribed(
            &app.addr,
            Some(&officer),
            "subscription { inboxItemChanged { id status description } }",
        )
        .await;
        let resident = writer.login("resident").await;
        let mut mine_sub = ws::subscribed(
            &app.addr,
            Some(&resident),
            "subscription { myItemChanged { id status } }",
        )
        .await;
        assert_eq!(
            inbox_sub
                .next_within(std::time::Duration::from_millis(300))
                .await,
            Err("timeout".into())
        );
        let f = file(
            writer,
            &resident,
            json!({"idempotencyKey": "w-1", "description": "推送测试"}),
        )
        .await;
        let id = f.ok()["fileComplaint"]["item"]["id"].clone();
        let ev = inbox_sub
            .next()
            .await
            .expect("the officer hears of the new item");
        assert_eq!(ev["data"]["inboxItemChanged"]["id"], id);
        assert_eq!(ev["data"]["inboxItemChanged"]["description"], "推送测试");
        let mine = mine_sub.next().await.expect("the filer hears of it too");
        assert_eq!(mine["data"]["myItemChanged"]["status"], "SUBMITTED");
        // Another squad's officer hears nothing.
        let sup = app.login("supervisor").await;
        let squads = app
            .gql(Some(&sup), "{ subDistricts { squad { id } } }", json!({}))
            .await;
        let other = squads.ok()["subDistricts"][6]["squad"]["id"]
            .as_str()
            .unwrap()
            .to_string();
        app.gql(Some(&sup), "mutation($s: ID!) { createAccount(input: {login: \"quiet.officer\", displayName: \"x\", password: \"quiet-officer-1\", role: OFFICER, squadId: $s}) { account { id } } }", json!({"s": other})).await.ok();
        let quiet =
            app.login_session("quiet.officer", "quiet-officer-1").await["session"]["accessToken"]
                .as_str()
                .unwrap()
                .to_string();
        let mut quiet_sub = ws::subscribed(
            &app.addr,
            Some(&quiet),
            "subscription { inboxItemChanged { id } }",
        )
        .await;
        assert_eq!(
            quiet_sub
                .next_within(std::time::Duration::from_millis(300))
                .await,
            Err("timeout".into())
        );
        file(
            writer,
            &resident,
            json!({"idempotencyKey": "w-2", "description": "第二件"}),
        )
        .await
        .ok();
        assert!(inbox_sub.next().await.is_ok());
        assert_eq!(
            quiet_sub
                .next_within(std::time::Duration::from_millis(700))
                .await,
            Err("timeout".into())
        );
    }
);

both!(
    a_supervisor_accepts_in_bulk_and_assigns_an_officer_of_the_squad,
    |db| async move {
        let app = spawn_app(db).await;
        let resident = app.login("resident").await;
        let mut ids = Vec::new();
        for k in ["as-1", "as-2"] {
            let f = file(
                &app,
                &resident,
                json!({"idempotencyKey": k, "description": "分派测试"}),
            )
            .await;
            ids.push(
                f.ok()["fileComplaint"]["item"]["id"]
                    .as_str()
                    .unwrap()
                    .to_string(),
            );
        }
        let sup = app.login("supervisor").await;
        let squads = app
            .gql(Some(&sup), "{ subDistricts { squad { id } } }", json!({}))
            .await;
        let own = squads.ok()["subDistricts"][0]["squad"]["id"]
            .as_str()
            .unwrap()
            .to_string();
        let other = squads.ok()["subDistricts"][5]["squad"]["id"]
            .as_str()
            .unwrap()
            .to_string();
        let create = "mutation($l: String!, $s: ID!) { createAccount(input: {login: $l, displayName: $l, password: \"assign-pass-1\", role: OFFICER, squadId: $s}) { account { id } } }";
        let colleague = app
            .gql(Some(&sup), create, json!({"l": "colleague", "s": own}))
            .await;
        let colleague = colleague.ok()["createAccount"]["account"]["id"]
            .as_str()
            .unwrap()
            .to_string();
        let stranger = app
            .gql(Some(&sup), create, json!({"l": "stranger", "s": other}))
            .await;
        let stranger = stranger.ok()["createAccount"]["account"]["id"]
            .as_str()
            .unwrap()
            .to_string();
        let accept = "mutation($ids: [ID!]!, $a: ID) { acceptItems(input: {itemIds: $ids, assigneeId: $a}) { items { id assignee } userErrors { code field } } }";
        let wrong = app
            .gql(Some(&sup), accept, json!({"ids": ids, "a": stranger}))
            .await;
        let p = &wrong.ok()["acceptItems"];
        assert_eq!(p["items"].as_array().unwrap().len(), 0);
        assert_eq!(p["userErrors"][0]["code"], "UNKNOWN_ASSIGNEE");
        let right = app
            .gql(Some(&sup), accept, json!({"ids": ids, "a": colleague}))
            .await;
        let items = right.ok()["acceptItems"]["items"]
            .as_array()
            .unwrap()
            .clone();
        assert_eq!(items.len(), 2);
        assert!(items.iter().all(|i| i["assignee"] == "colleague"));
    }
);

both!(
    a_logged_out_or_deactivated_officers_socket_hears_nothing_more,
    |db| async move {
        let app = spawn_app(db).await;
        let officer = app.login("officer").await;
        let mut sub = ws::subscribed(
            &app.addr,
            Some(&officer),
            "subscription { inboxItemChanged { id } }",
        )
        .await;
        assert_eq!(
            sub.next_within(std::time::Duration::from_millis(300)).await,
            Err("timeout".into())
        );
        let resident = app.login("resident").await;
        file(
            &app,
            &resident,
            json!({"idempotencyKey": "d-1", "description": "停用前"}),
        )
        .await
        .ok();
        assert!(sub.next().await.is_ok(), "heard while active");
        let sup = app.login("supervisor").await;
        let list = app
            .gql(
                Some(&sup),
                "{ accounts(role: OFFICER) { edges { node { id displayName } } } }",
                json!({}),
            )
            .await;
        let id = list.ok()["accounts"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["node"]["displayName"] == "华阳路中队 刘队员")
            .unwrap()["node"]["id"]
            .clone();
        app.gql(Some(&sup), "mutation($id: ID!) { deactivateAccount(input: {accountId: $id}) { account { status } } }", json!({"id": id}))
        .await
        .ok();
        file(
            &app,
            &resident,
            json!({"idempotencyKey": "d-2", "description": "停用后，含投诉人信息"}),
        )
        .await
        .ok();
        assert_eq!(
            sub.next_within(std::time::Duration::from_millis(1500))
                .await,
            Err("timeout".into())
        );
    }
);

both!(only_plain_complaints_can_be_joined, |db| async move {
    let app = spawn_app(db).await;
    let committee = app.login("committee").await;
    let (anhua, _) = community_id(&app, "安化小区").await;
    let report = file(
        &app,
        &committee,
        json!({"idempotencyKey": "cj-1", "communityId": anhua, "description": "居民区反映"}),
    )
    .await;
    let id = report.ok()["fileComplaint"]["item"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let resident = app.login("resident").await;
    let j = step(
        &app,
        &resident,
        "joinItem",
        "JoinItemInput",
        json!({"itemId": id, "idempotencyKey": "cj-2"}),
    )
    .await;
    assert_eq!(j["userErrors"][0]["code"], "CANNOT_JOIN");
    assert_eq!(
        item(&app, &resident, &id).await.error_code(),
        Some("NOT_FOUND")
    );
});

both!(
    illegal_construction_still_being_built_puts_officers_on_site_within_two_hours,
    |db| async move {
        let app = spawn_app(db).await;
        let resident = app.login("resident").await;
        let officer = app.login("officer").await;
        let before = chrono::Utc::now();
        let building = file(&app, &resident, json!({"idempotencyKey": "os-1", "matterCode": "C1", "description": "楼顶正在搭彩钢板房", "stillBeingBuilt": true})).await;
        let it = building.ok()["fileComplaint"]["item"].clone();
        let id = it["id"].as_str().unwrap().to_string();
        let next =
            chrono::DateTime::parse_from_rfc3339(it["nextDeadline"].as_str().unwrap()).unwrap();
        let two_hours = next.with_timezone(&chrono::Utc) - before;
        assert!(
            two_hours <= chrono::Duration::minutes(121)
                && two_hours >= chrono::Duration::minutes(119),
            "{two_hours}"
        );
        assert!(it["nearDue"].as_bool().unwrap());
        // An ordinary complaint filed earlier would sort first by the 5-day limit; the on-site
        // clock puts this one ahead of it.
        let order: Vec<String> = inbox(&app, &officer, json!(null))
            .await
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(order.first(), Some(&id));
        // Two hours pass with nobody on site: overdue.
        use sea_orm::{ConnectionTrait, Statement};
        let db = &app.state.db;
        let past = (chrono::Utc::now() - chrono::Duration::minutes(5)).to_rfc3339();
        let sql = match db.get_database_backend() {
            sea_orm::DbBackend::Postgres => {
                format!("UPDATE item SET on_site_due_at = '{past}'::timestamptz")
            }
            _ => format!("UPDATE item SET on_site_due_at = '{past}'"),
        };
        db.execute_raw(Statement::from_string(db.get_database_backend(), sql))
            .await
            .unwrap();
        let overdue = inbox(&app, &officer, json!({"overdue": true})).await;
        assert_eq!(overdue.len(), 1);
        // The officers arrive: verification starts, the on-site clock stops, the reply limit runs.
        app.gql(
            Some(&officer),
            "mutation($ids: [ID!]!) { acceptItems(input: {itemIds: $ids}) { items { id } } }",
            json!({"ids": [id]}),
        )
        .await
        .ok();
        let v = step(
            &app,
            &officer,
            "startVerification",
            "ItemNoteInput",
            json!({"itemId": id, "note": "已到现场，责令停工"}),
        )
        .await;
        assert!(v["item"]["overdue"] == false, "{}", v["item"]);
        let after = app
            .gql(
                Some(&officer),
                "query($id: ID!) { item(id: $id) { onSiteDeadline nextDeadline } }",
                json!({"id": id}),
            )
            .await;
        assert!(after.ok()["item"]["onSiteDeadline"].is_null());
        assert!(after.ok()["item"]["nextDeadline"].is_string());
        // Other matters start no on-site clock.
        let other = file(&app, &resident, json!({"idempotencyKey": "os-2", "matterCode": "C2", "description": "x", "stillBeingBuilt": true})).await;
        let other_id = other.ok()["fileComplaint"]["item"]["id"]
            .as_str()
            .unwrap()
            .to_string();
        let o = app
            .gql(
                Some(&officer),
                "query($id: ID!) { item(id: $id) { onSiteDeadline } }",
                json!({"id": other_id}),
            )
            .await;
        assert!(o.ok()["item"]["onSiteDeadline"].is_null());
    }
);
