//! The 五治 practice library and the workroom directory (SPEC §9): draft → review →
//! published, who reads what, stale edits, and the workroom residents see.
use gongzhi_tests::*;
use serde_json::{Value, json};

const PRACTICE: &str = "id title status tags version canEdit canReview reviewNote communities { name } caseNumbers author";

async fn save(app: &TestApp, token: &str, input: Value) -> Value {
    app.gql(
        Some(token),
        &format!("mutation($i: SavePracticeInput!) {{ savePracticeCase(input: $i) {{ practice {{ {PRACTICE} }} userErrors {{ field code message }} }} }}"),
        json!({"i": input}),
    )
    .await
    .ok()["savePracticeCase"]
        .clone()
}

async fn review(
    app: &TestApp,
    token: &str,
    id: &str,
    version: i64,
    decision: &str,
    note: Option<&str>,
) -> Answer {
    app.gql(
        Some(token),
        &format!("mutation($id: ID!, $v: Int!, $d: ReviewDecision!, $n: String) {{ reviewPracticeCase(id: $id, version: $v, decision: $d, note: $n) {{ practice {{ {PRACTICE} }} userErrors {{ code }} }} }}"),
        json!({"id": id, "v": version, "d": decision, "n": note}),
    )
    .await
}

async fn library(app: &TestApp, token: &str, args: &str) -> Vec<String> {
    let a = app
        .gql(
            Some(token),
            &format!("{{ practiceCases(first: 50 {args}) {{ totalCount nodes {{ title }} }} }}"),
            json!({}),
        )
        .await;
    a.ok()["practiceCases"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["title"].as_str().unwrap().to_string())
        .collect()
}

both!(
    a_write_up_is_drafted_reviewed_and_published,
    |db| async move {
        let app = spawn_app(db).await;
        let officer = app.login("officer").await;
        let sup = app.login("supervisor").await;
        let resident = app.login("resident").await;
        let anhua = app
            .gql(
                None,
                "{ communities(first: 100) { edges { node { id name } } } }",
                json!({}),
            )
            .await
            .ok()["communities"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["node"]["name"] == "安化小区")
            .unwrap()["node"]["id"]
            .clone();
        // No tag: a field error, nothing stored.
        let p = save(&app, &officer, json!({"title": "楼道堆物共治", "summary": "s", "body": "b", "tags": [], "communityIds": [], "caseIds": []})).await;
        assert_eq!(p["userErrors"][0]["code"], "REQUIRED");
        assert_eq!(p["userErrors"][0]["field"], json!(["input", "tags"]));
        assert_eq!(app.count("practice_case").await, 0);

        let p = save(&app, &officer, json!({"title": "楼道堆物三方共治", "summary": "居委会、物业、工作室一起清理", "body": "一周清空三栋楼的楼道。", "tags": ["SELF_GOVERNANCE", "CO_GOVERNANCE", "CO_GOVERNANCE"], "communityIds": [anhua], "caseIds": []})).await;
        assert_eq!(p["userErrors"], json!([]), "{p}");
        let d = p["practice"].clone();
        let id = d["id"].as_str().unwrap().to_string();
        assert_eq!(d["status"], "DRAFT");
        assert_eq!(d["tags"], json!(["SELF_GOVERNANCE", "CO_GOVERNANCE"]));
        assert_eq!(d["communities"][0]["name"], "安化小区");
        assert_eq!(d["canEdit"], true);
        // A draft is the author's alone.
        let a = app
            .gql(
                Some(&resident),
                "query($id: ID!) { practiceCase(id: $id) { title } }",
                json!({"id": id}),
            )
            .await;
        assert_eq!(a.error_code(), Some("NOT_FOUND"));
        assert!(library(&app, &resident, "").await.is_empty());
        assert_eq!(
            library(&app, &officer, "mine: true").await,
            ["楼道堆物三方共治"]
        );
        // Not yet in review: nothing for the supervisor to decide.
        let a = review(&app, &sup, &id, 1, "PUBLISH", None).await;
        assert_eq!(
            a.error_code(),
            Some("NOT_FOUND"),
            "a draft is not the supervisor's to read"
        );

        // Edited at a stale version: CONFLICT; at the current one it moves on.
        let p = save(&app, &officer, json!({"id": id, "version": 0, "title": "x", "summary": "s", "body": "b", "tags": ["RULE_OF_LAW"], "communityIds": [], "caseIds": []})).await;
        assert_eq!(p["userErrors"][0]["code"], "CONFLICT");
        assert_eq!(p["userErrors"][0]["field"], json!(["input", "version"]));
        let p = save(&app, &officer, json!({"id": id, "title": "x", "summary": "s", "body": "b", "tags": ["RULE_OF_LAW"], "communityIds": [], "caseIds": []})).await;
        assert_eq!(
            p["userErrors"][0]["code"], "REQUIRED",
            "an edit names the version it read"
        );
        let p = save(&app, &officer, json!({"id": id, "version": 1, "title": "楼道堆物三方共治", "summary": "居委会、物业、工作室一起清理", "body": "一周清空三栋楼的楼道，回访满意。", "tags": ["SELF_GOVERNANCE", "CO_GOVERNANCE"], "communityIds": [anhua], "caseIds": []})).await;
        assert_eq!(p["practice"]["version"], 2);

        let s = app
        .gql(Some(&officer), "mutation($id: ID!) { submitPracticeCase(id: $id, version: 2) { practice { status version canEdit } userErrors { code } } }", json!({"id": id}))
        .await;
        assert_eq!(
            s.ok()["submitPracticeCase"]["practice"]["status"],
            "IN_REVIEW"
        );
        assert_eq!(s.ok()["submitPracticeCase"]["practice"]["canEdit"], false);
        // The supervisor's queue; a return needs a reason.
        assert_eq!(
            library(&app, &sup, "status: IN_REVIEW").await,
            ["楼道堆物三方共治"]
        );
        let a = review(&app, &sup, &id, 3, "RETURN", None).await;
        assert_eq!(
            a.ok()["reviewPracticeCase"]["userErrors"][0]["code"],
            "REQUIRED"
        );
        let a = review(&app, &sup, &id, 3, "RETURN", Some("请补充回访情况")).await;
        let r = &a.ok()["reviewPracticeCase"]["practice"];
        assert_eq!(r["status"], "RETURNED");
        assert_eq!(r["reviewNote"], "请补充回访情况");
        // Back to the author, resubmitted, published.
        app.gql(Some(&officer), "mutation($id: ID!) { submitPracticeCase(id: $id, version: 4) { userErrors { code } } }", json!({"id": id}))
        .await
        .ok();
        // The author cannot publish their own (a supervisor writing one cannot either).
        let own = save(&app, &sup, json!({"title": "区局的案例", "summary": "s", "body": "b", "tags": ["SMART"], "communityIds": [], "caseIds": []})).await;
        let own_id = own["practice"]["id"].as_str().unwrap().to_string();
        app.gql(Some(&sup), "mutation($id: ID!) { submitPracticeCase(id: $id, version: 1) { userErrors { code } } }", json!({"id": own_id}))
        .await
        .ok();
        let a = review(&app, &sup, &own_id, 2, "PUBLISH", None).await;
        assert_eq!(
            a.ok()["reviewPracticeCase"]["userErrors"][0]["code"],
            "SELF_APPROVAL"
        );

        // A stale version is a conflict, not a decision.
        let a = review(&app, &sup, &id, 4, "PUBLISH", None).await;
        assert_eq!(
            a.ok()["reviewPracticeCase"]["userErrors"][0]["code"],
            "CONFLICT"
        );
        let a = review(&app, &sup, &id, 5, "PUBLISH", Some("写得好")).await;
        assert_eq!(
            a.ok()["reviewPracticeCase"]["practice"]["status"],
            "PUBLISHED",
            "{:?}",
            a.body
        );
        // The reviewer's note is for the author and supervisors, not for every reader.
        let note = "query($id: ID!) { practiceCase(id: $id) { reviewNote } }";
        let r = app.gql(Some(&resident), note, json!({"id": id})).await;
        assert_eq!(r.ok()["practiceCase"]["reviewNote"], Value::Null);
        let r = app.gql(Some(&officer), note, json!({"id": id})).await;
        assert_eq!(r.ok()["practiceCase"]["reviewNote"], "写得好");
        // Every signed-in user finds it, by text and by tag; not by another tag.
        for who in ["resident", "committee", "property", "housing"] {
            let t = app.login(who).await;
            assert_eq!(
                library(&app, &t, "search: \"回访\"").await,
                ["楼道堆物三方共治"],
                "{who}"
            );
        }
        assert_eq!(
            library(&app, &resident, "tag: CO_GOVERNANCE").await,
            ["楼道堆物三方共治"]
        );
        assert!(
            library(&app, &resident, "tag: RULE_OF_LAW")
                .await
                .is_empty()
        );
        // Published: no more edits.
        let a = app
        .gql(Some(&officer), "mutation($i: SavePracticeInput!) { savePracticeCase(input: $i) { userErrors { code } } }", json!({"i": {"id": id, "version": 6, "title": "x", "summary": "s", "body": "b", "tags": ["RULE_OF_LAW"], "communityIds": [], "caseIds": []}}))
        .await;
        assert_eq!(a.error_code(), Some("FORBIDDEN"));
        // A linked case shows by number only, and only cases the author handles can be linked.
        let anon_case = app
        .gql(Some(&officer), "mutation($i: SavePracticeInput!) { savePracticeCase(input: $i) { userErrors { code } } }", json!({"i": {"title": "x", "summary": "s", "body": "b", "tags": ["RULE_OF_LAW"], "communityIds": [], "caseIds": ["00000000-0000-0000-0000-000000000001"]}}))
        .await;
        assert_eq!(anon_case.error_code(), Some("NOT_FOUND"));
    }
);

both!(
    residents_see_the_workroom_their_officers_keep,
    |db| async move {
        let app = spawn_app(db).await;
        let officer = app.login("officer").await;
        let resident = app.login("resident").await;
        let sup = app.login("supervisor").await;
        let mine = "{ myWorkroom { community { name } workroom { officeHours phone officers officerIds } } }";
        let before = app.gql(Some(&resident), mine, json!({})).await;
        assert_eq!(before.ok()["myWorkroom"]["community"]["name"], "安化小区");
        let anhua = app
            .gql(
                Some(&officer),
                "{ myCommunities(first: 100) { nodes { id name } } }",
                json!({}),
            )
            .await
            .ok()["myCommunities"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["name"] == "安化小区")
            .unwrap()["id"]
            .clone();
        let officers = app
            .gql(
                Some(&officer),
                "query($c: ID!) { squadOfficers(communityId: $c) { id name } }",
                json!({"c": anhua}),
            )
            .await;
        let officers = officers.ok()["squadOfficers"].as_array().unwrap().clone();
        let me = officers
            .iter()
            .find(|o| o["name"] == "华阳路中队 刘队员")
            .unwrap()["id"]
            .clone();
        // An officer of another squad: refused, nothing changed.
        let other = app
            .gql(Some(&sup), "{ subDistricts { squad { id } } }", json!({}))
            .await
            .ok()["subDistricts"][3]["squad"]["id"]
            .clone();
        let created = app
        .gql(Some(&sup), "mutation($s: ID!) { createAccount(input: {login: \"far.officer\", displayName: \"远处队员\", password: \"far-officer-1\", role: OFFICER, squadId: $s}) { account { id } } }", json!({"s": other}))
        .await;
        let far = created.ok()["createAccount"]["account"]["id"].clone();
        let save = "mutation($i: SaveWorkroomInput!) { saveWorkroom(input: $i) { community { workroom { officeHours phone officers } } userErrors { field code } } }";
        let a = app
        .gql(Some(&officer), save, json!({"i": {"communityId": anhua, "officeHours": "周二、周四 9:00-11:30", "phone": "021-62511234", "officerIds": [me, far]}}))
        .await;
        assert_eq!(
            a.ok()["saveWorkroom"]["userErrors"][0]["code"],
            "OFFICER_NOT_IN_SQUAD"
        );
        let unchanged = app.gql(Some(&resident), mine, json!({})).await;
        assert_eq!(unchanged.ok()["myWorkroom"], before.ok()["myWorkroom"]);
        let a = app
        .gql(Some(&officer), save, json!({"i": {"communityId": anhua, "officeHours": "周二、周四 9:00-11:30", "phone": "phone me", "officerIds": [me]}}))
        .await;
        assert_eq!(
            a.ok()["saveWorkroom"]["userErrors"][0]["code"],
            "PHONE_INVALID"
        );

        let a = app
        .gql(Some(&officer), save, json!({"i": {"communityId": anhua, "officeHours": "周二、周四 9:00-11:30", "phone": "021-62511234", "officerIds": [me]}}))
        .await;
        assert_eq!(
            a.ok()["saveWorkroom"]["userErrors"],
            json!([]),
            "{:?}",
            a.body
        );
        let after = app.gql(Some(&resident), mine, json!({})).await;
        let w = &after.ok()["myWorkroom"]["workroom"];
        assert_eq!(w["officeHours"], "周二、周四 9:00-11:30");
        assert_eq!(w["phone"], "021-62511234");
        assert_eq!(w["officers"], json!(["华阳路中队 刘队员"]));
        // Account ids are for the staff who keep it, not for residents.
        assert_eq!(w["officerIds"], json!([]));
        let staff = app.gql(Some(&officer), mine, json!({})).await;
        assert_eq!(
            staff.ok()["myWorkroom"],
            Value::Null,
            "an officer has no home community"
        );
        let c = app
            .gql(
                Some(&officer),
                "query($c: ID!) { community(id: $c) { workroom { officerIds } } }",
                json!({"c": anhua}),
            )
            .await;
        assert_eq!(c.ok()["community"]["workroom"]["officerIds"], json!([me]));
        // The change is recorded.
        let saved = app
            .count("audit_log WHERE action = 'SAVE_WORKROOM' AND entity_type = 'community'")
            .await;
        assert_eq!(saved, 1, "one successful save, one record");
    }
);
