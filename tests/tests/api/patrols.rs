//! Duty and patrols (SPEC §9): the suggested roster ranks a crafted fixture in the documented
//! order with its reasons; a plan needs two officers of the squad on every visit, communities
//! of the squad and days of its period, or nothing is stored.
use gongzhi_tests::*;
use serde_json::{Value, json};

async fn communities(app: &TestApp) -> Value {
    app.gql(None, "{ subDistricts { id squad { id } } communities(first: 100) { nodes { id name buildings { units { id } } } } }", json!({}))
        .await
        .ok()
        .clone()
}

fn by_name<'a>(d: &'a Value, name: &str) -> &'a Value {
    d["communities"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["name"] == name)
        .unwrap()
}

both!(
    the_roster_ranks_a_fixture_in_the_documented_order,
    |db| async move {
        let app = spawn_app(db).await;
        let sup = app.login("supervisor").await;
        let d = communities(&app).await;
        let (anhua, yjj, feile) = (
            by_name(&d, "安化小区"),
            by_name(&d, "姚家角小区"),
            by_name(&d, "飞乐小区"),
        );
        let file = |c: &Value, unit: Option<&Value>, key: &str| {
            let mut i = json!({"idempotencyKey": key, "communityId": c["id"], "source": "CITIZEN_COMPLAINT", "matterCode": "C1", "description": "12345转来"});
            if let Some(u) = unit {
                i["unitId"] = u.clone();
            }
            (i, key.to_string())
        };
        let mut filings = vec![file(anhua, None, "r-1"), file(feile, None, "r-2")];
        let unit = &yjj["buildings"][0]["units"][0]["id"];
        for k in ["r-3", "r-4", "r-5"] {
            filings.push(file(yjj, Some(unit), k));
        }
        for (i, _) in filings {
            let a = app
            .gql(Some(&sup), "mutation($i: FileComplaintInput!) { fileComplaint(input: $i) { userErrors { code } } }", json!({"i": i}))
            .await;
            assert_eq!(a.ok()["fileComplaint"]["userErrors"], json!([]));
        }
        let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
        app.gql(Some(&sup), "mutation($c: ID!, $d: NaiveDate!) { markHotspot(input: {communityId: $c, startsOn: $d}) { userErrors { code } } }", json!({"c": anhua["id"], "d": today.to_string()}))
        .await
        .ok();

        // 姚家角: 3 open (+3), 2 repeats (+4), never patrolled (+15) = 22; 安化: a hotspot (+5),
        // 1 open (+1), +15 = 21; 飞乐: 1 open, +15 = 16; every other community 15, by name.
        let a = app
        .gql(Some(&sup), "query($f: NaiveDate!, $t: NaiveDate!) { suggestedRoster(from: $f, to: $t, first: 5) { community { name } score daysSincePatrol reasons { factor value points text } } }", json!({"f": today.to_string(), "t": (today + chrono::Duration::days(6)).to_string()}))
        .await;
        let r = a.ok()["suggestedRoster"].as_array().unwrap().clone();
        let order: Vec<(&str, f64)> = r
            .iter()
            .map(|x| {
                (
                    x["community"]["name"].as_str().unwrap(),
                    x["score"].as_f64().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            order[..3],
            [("姚家角小区", 22.0), ("安化小区", 21.0), ("飞乐小区", 16.0)],
            "{r:?}"
        );
        assert_eq!(order[3].1, 15.0);
        assert!(order[3].0 <= order[4].0, "ties by name");
        assert_eq!(r[0]["daysSincePatrol"], Value::Null);
        assert_eq!(
            r[0]["reasons"],
            json!([
                {"factor": "DAYS_SINCE_PATROL", "value": 30, "points": 15.0, "text": "30 天未巡查 (+15)"},
                {"factor": "REPEATS", "value": 2, "points": 4.0, "text": "近90天重复投诉 2 件 (+4)"},
                {"factor": "OPEN_ITEMS", "value": 3, "points": 3.0, "text": "3 件在办诉求 (+3)"},
            ])
        );
        assert!(
            r[1]["reasons"]
                .as_array()
                .unwrap()
                .iter()
                .any(|x| x["factor"] == "HOTSPOT" && x["points"] == 5.0)
        );
        // A period longer than 92 days: a clear error.
        let a = app
            .gql(
                Some(&sup),
                "{ suggestedRoster(from: \"2026-01-01\", to: \"2026-12-31\") { score } }",
                json!({}),
            )
            .await;
        assert_eq!(a.error_code(), Some("VALIDATION"));
    }
);

both!(
    a_plan_needs_two_officers_of_the_squad_on_every_visit,
    |db| async move {
        let app = spawn_app(db).await;
        let sup = app.login("supervisor").await;
        let d = communities(&app).await;
        let squad = d["subDistricts"][0]["squad"]["id"].clone();
        for (login, role) in [("leader.hy", "SUPERVISOR"), ("officer.two", "OFFICER")] {
            let a = app
            .gql(Some(&sup), &format!("mutation($s: ID!) {{ createAccount(input: {{login: \"{login}\", displayName: \"{login}\", password: \"patrol-pass-1\", role: {role}, squadId: $s}}) {{ userErrors {{ code }} }} }}"), json!({"s": squad}))
            .await;
            assert_eq!(a.ok()["createAccount"]["userErrors"], json!([]));
        }
        let leader =
            app.login_session("leader.hy", "patrol-pass-1").await["session"]["accessToken"]
                .as_str()
                .unwrap()
                .to_string();
        let officers = app
            .gql(
                Some(&leader),
                "query($c: ID!) { squadOfficers(communityId: $c) { id name } }",
                json!({"c": by_name(&d, "安化小区")["id"]}),
            )
            .await;
        let ids: Vec<Value> = officers.ok()["squadOfficers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["id"].clone())
            .collect();
        assert_eq!(ids.len(), 2, "the demo officer and officer.two");
        let create = "mutation($i: CreatePatrolPlanInput!) { createPatrolPlan(input: $i) { plan { id title visits { community { name } onDay officers { name } } } userErrors { field code message } } }";
        let visit = |name: &str, day: &str, officers: Vec<Value>| json!({"communityId": by_name(&d, name)["id"], "onDay": day, "officerIds": officers});
        // One officer; a community of another squad; a day outside the period: all refused.
        let a = app
        .gql(Some(&leader), create, json!({"i": {"title": "十二月第一周", "startsOn": "2026-12-01", "endsOn": "2026-12-07", "visits": [
            visit("安化小区", "2026-12-01", vec![ids[0].clone()]),
            visit("周家桥小区", "2026-12-02", ids.clone()),
            visit("飞乐小区", "2026-12-09", ids.clone()),
        ]}}))
        .await;
        let codes: Vec<&str> = a.ok()["createPatrolPlan"]["userErrors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["code"].as_str().unwrap())
            .collect();
        assert_eq!(
            codes,
            [
                "TWO_OFFICERS",
                "COMMUNITY_OUTSIDE_SQUAD",
                "DAY_OUTSIDE_PLAN"
            ]
        );
        assert!(
            a.ok()["createPatrolPlan"]["userErrors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("两名")
        );
        assert_eq!(app.count("patrol_plan").await, 0, "nothing stored");
        // The district supervisor must say which squad.
        let a = app
        .gql(Some(&sup), create, json!({"i": {"title": "x", "startsOn": "2026-12-01", "endsOn": "2026-12-07", "visits": [visit("安化小区", "2026-12-01", ids.clone())]}}))
        .await;
        assert_eq!(a.error_code(), Some("VALIDATION"));

        let a = app
        .gql(Some(&leader), create, json!({"i": {"title": "十二月第一周", "startsOn": "2026-12-01", "endsOn": "2026-12-07", "visits": [
            visit("安化小区", "2026-12-01", ids.clone()),
            visit("飞乐小区", "2026-12-03", ids.clone()),
        ]}}))
        .await;
        let p = a.ok()["createPatrolPlan"].clone();
        assert_eq!(p["userErrors"], json!([]), "{p}");
        assert_eq!(p["plan"]["visits"].as_array().unwrap().len(), 2);
        assert_eq!(p["plan"]["visits"][1]["community"]["name"], "飞乐小区");
        assert_eq!(
            p["plan"]["visits"][0]["officers"].as_array().unwrap().len(),
            2
        );
        // The squad's officers read it; another squad's supervisor does not.
        let officer = app.login("officer").await;
        let a = app
            .gql(
                Some(&officer),
                "{ patrolPlans { title visits { onDay } } }",
                json!({}),
            )
            .await;
        assert_eq!(a.ok()["patrolPlans"][0]["title"], "十二月第一周");
        let far = app
        .gql(Some(&sup), "mutation($s: ID!) { createAccount(input: {login: \"leader.far\", displayName: \"x\", password: \"patrol-pass-1\", role: SUPERVISOR, squadId: $s}) { userErrors { code } } }", json!({"s": d["subDistricts"][3]["squad"]["id"]}))
        .await;
        far.ok();
        let far = app.login_session("leader.far", "patrol-pass-1").await["session"]["accessToken"]
            .as_str()
            .unwrap()
            .to_string();
        let a = app
            .gql(Some(&far), "{ patrolPlans { title } }", json!({}))
            .await;
        assert_eq!(a.ok()["patrolPlans"], json!([]));
        assert!(
            app.count("audit_log WHERE entity_type = 'patrol_plan'")
                .await
                == 1
        );
    }
);
