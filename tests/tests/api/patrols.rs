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
        // A hotspot plan's measure due in the period is a due visit: 安化 +4 = 25, first.
        let h = app.gql(Some(&sup), "{ hotspots { id } }", json!({})).await;
        let hid = h.ok()["hotspots"][0]["id"].clone();
        let plan = app
            .gql(Some(&sup), "mutation($h: ID!, $s: NaiveDate!, $d: NaiveDate!) { createRectificationPlan(input: {hotspotId: $h, title: \"整治\", startedOn: $s, measures: [{description: \"回头看\", owner: \"中队\", dueOn: $d}]}) { userErrors { code } } }", json!({"h": hid, "s": today.to_string(), "d": (today + chrono::Duration::days(3)).to_string()}))
            .await;
        assert_eq!(
            plan.ok()["createRectificationPlan"]["userErrors"],
            json!([])
        );
        let a = app
            .gql(Some(&sup), "query($f: NaiveDate!, $t: NaiveDate!) { suggestedRoster(from: $f, to: $t, first: 1) { community { name } score reasons { factor value points } } }", json!({"f": today.to_string(), "t": (today + chrono::Duration::days(6)).to_string()}))
            .await;
        let top = &a.ok()["suggestedRoster"][0];
        assert_eq!(top["community"]["name"], "安化小区");
        assert_eq!(top["score"], 25.0);
        assert!(
            top["reasons"]
                .as_array()
                .unwrap()
                .contains(&json!({"factor": "RECHECKS_DUE", "value": 1, "points": 4.0}))
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
        // With no visit, a district supervisor has named no squad: a clear error.
        let a = app
            .gql(Some(&sup), create, json!({"i": {"title": "x", "startsOn": "2026-12-01", "endsOn": "2026-12-07", "visits": []}}))
            .await;
        assert_eq!(a.error_code(), Some("VALIDATION"));
        // The district supervisor plans for the squad of the first visit's community.
        let a = app
            .gql(Some(&sup), create, json!({"i": {"title": "区局安排", "startsOn": "2026-12-01", "endsOn": "2026-12-07", "visits": [visit("安化小区", "2026-12-01", ids.clone())]}}))
            .await;
        assert_eq!(
            a.ok()["createPatrolPlan"]["userErrors"],
            json!([]),
            "{:?}",
            a.body
        );

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
        assert_eq!(
            app.count("audit_log WHERE entity_type = 'patrol_plan'")
                .await,
            2,
            "two plans, two records"
        );
    }
);

const PATROL: &str = "id startedAt endedAt officers { name } checkins { community { name } at latitude } findings { joined item { id source status } }";

both!(
    an_officer_logs_a_patrol_and_its_findings_become_items,
    |db| async move {
        let app = spawn_app(db).await;
        let sup = app.login("supervisor").await;
        let d = communities(&app).await;
        let squad = d["subDistricts"][0]["squad"]["id"].clone();
        let made = app
        .gql(Some(&sup), "mutation($s: ID!) { createAccount(input: {login: \"officer.two\", displayName: \"华阳路中队 王队员\", password: \"patrol-pass-1\", role: OFFICER, squadId: $s}) { account { id } } }", json!({"s": squad}))
        .await;
        let two = made.ok()["createAccount"]["account"]["id"].clone();
        let officer = app.login("officer").await;
        let start = |key: &str, others: Value| {
            let app = &app;
            let officer = officer.clone();
            let q = format!(
                "mutation($i: StartPatrolInput!) {{ startPatrol(input: $i) {{ patrol {{ {PATROL} }} userErrors {{ field code message }} }} }}"
            );
            let key = key.to_string();
            async move {
                app.gql(
                    Some(&officer),
                    &q,
                    json!({"i": {"idempotencyKey": key, "officerIds": others}}),
                )
                .await
                .ok()["startPatrol"]
                    .clone()
            }
        };
        // Alone: refused, nothing stored.
        let p = start("p-0", json!([])).await;
        assert_eq!(p["userErrors"][0]["code"], "TWO_OFFICERS");
        assert_eq!(app.count("patrol").await, 0);
        let p = start("p-1", json!([two])).await;
        assert_eq!(p["userErrors"], json!([]), "{p}");
        let id = p["patrol"]["id"].clone();
        assert_eq!(p["patrol"]["officers"].as_array().unwrap().len(), 2);
        // The outbox sends it again: the same patrol.
        assert_eq!(start("p-1", json!([two])).await["patrol"]["id"], id);
        assert_eq!(app.count("patrol").await, 1);

        let check_in = "mutation($i: CheckInPatrolInput!) { checkInPatrol(input: $i) { patrol { checkins { community { name } latitude } } userErrors { field code } } }";
        for (k, name, lat) in [
            ("c-1", "安化小区", json!(31.2205)),
            ("c-2", "飞乐小区", Value::Null),
            ("c-1", "安化小区", json!(31.2205)),
        ] {
            let mut i = json!({"patrolId": id, "idempotencyKey": k, "communityId": by_name(&d, name)["id"]});
            if !lat.is_null() {
                i["latitude"] = lat;
                i["longitude"] = json!(121.4237);
            }
            let a = app.gql(Some(&officer), check_in, json!({"i": i})).await;
            assert_eq!(
                a.ok()["checkInPatrol"]["userErrors"],
                json!([]),
                "{:?}",
                a.body
            );
        }
        // A community of another squad: refused, nothing stored.
        let a = app
        .gql(Some(&officer), check_in, json!({"i": {"patrolId": id, "idempotencyKey": "c-3", "communityId": by_name(&d, "周家桥小区")["id"]}}))
        .await;
        assert_eq!(
            a.ok()["checkInPatrol"]["userErrors"][0]["code"],
            "COMMUNITY_OUTSIDE_SQUAD"
        );
        assert_eq!(
            app.count("patrol_checkin").await,
            2,
            "two check-ins, the replay and the refusal not stored"
        );

        let find = "mutation($i: PatrolFindingInput!) { recordPatrolFinding(input: $i) { finding { joined item { id source status } } userErrors { field code } } }";
        let feile = by_name(&d, "飞乐小区");
        let unit = feile["buildings"][0]["units"][0]["id"].clone();
        // No matter, no unit: refused, nothing stored.
        let items_before = app.count("item").await;
        let a = app
        .gql(Some(&officer), find, json!({"i": {"patrolId": id, "idempotencyKey": "f-0", "communityId": feile["id"], "description": "楼顶违建"}}))
        .await;
        let codes: Vec<&str> = a.ok()["recordPatrolFinding"]["userErrors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["code"].as_str().unwrap())
            .collect();
        assert_eq!(codes, ["REQUIRED", "REQUIRED"]);
        assert_eq!(app.count("item").await, items_before);
        // A finding becomes a PATROL item in the squad's inbox; sent twice, it is one item.
        let input = json!({"i": {"patrolId": id, "idempotencyKey": "f-1", "communityId": feile["id"], "unitId": unit, "matterCode": "C1", "description": "巡查发现楼顶搭建彩钢板房"}});
        let a = app.gql(Some(&officer), find, input.clone()).await;
        let f = a.ok()["recordPatrolFinding"]["finding"].clone();
        assert_eq!(f["item"]["source"], "PATROL", "{:?}", a.body);
        assert_eq!(f["joined"], false);
        let again = app.gql(Some(&officer), find, input).await;
        assert_eq!(
            again.ok()["recordPatrolFinding"]["finding"]["item"]["id"],
            f["item"]["id"]
        );
        let inbox = app
            .gql(
                Some(&officer),
                "{ inbox(filter: {source: PATROL}) { nodes { id } } }",
                json!({}),
            )
            .await;
        assert!(
            inbox.ok()["inbox"]["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n["id"] == f["item"]["id"])
        );
        // The second officer finds the same again: it joins the open item.
        let second =
            app.login_session("officer.two", "patrol-pass-1").await["session"]["accessToken"]
                .as_str()
                .unwrap()
                .to_string();
        let a = app
        .gql(Some(&second), find, json!({"i": {"patrolId": id, "idempotencyKey": "f-2", "communityId": feile["id"], "unitId": unit, "matterCode": "C1", "description": "彩钢板房仍在搭建", "joinItemId": f["item"]["id"]}}))
        .await;
        let j = &a.ok()["recordPatrolFinding"]["finding"];
        assert_eq!(j["joined"], true, "{:?}", a.body);
        assert_eq!(j["item"]["id"], f["item"]["id"]);
        // Not the same matter: refused.
        let a = app
        .gql(Some(&second), find, json!({"i": {"patrolId": id, "idempotencyKey": "f-3", "communityId": feile["id"], "unitId": unit, "matterCode": "C2", "description": "x", "joinItemId": f["item"]["id"]}}))
        .await;
        assert_eq!(
            a.ok()["recordPatrolFinding"]["userErrors"][0]["code"],
            "NOT_THE_SAME_PROBLEM"
        );

        let end = app
            .gql(
                Some(&officer),
                &format!(
                    "mutation($p: ID!) {{ endPatrol(patrolId: $p) {{ patrol {{ {PATROL} }} }} }}"
                ),
                json!({"p": id}),
            )
            .await;
        let p = &end.ok()["endPatrol"]["patrol"];
        assert!(p["endedAt"].is_string());
        assert_eq!(p["checkins"].as_array().unwrap().len(), 2);
        assert_eq!(p["findings"].as_array().unwrap().len(), 2);
        // Someone not on it does not see it.
        let a = app
            .gql(
                Some(&sup),
                "query($p: ID!) { patrol(id: $p) { id } }",
                json!({"p": id}),
            )
            .await;
        assert_eq!(a.error_code(), Some("NOT_FOUND"));
        // The roster now knows 安化 and 飞乐 were patrolled today.
        let today = (chrono::Utc::now() + chrono::Duration::hours(8))
            .date_naive()
            .to_string();
        let r = app
        .gql(Some(&sup), "query($d: NaiveDate!) { suggestedRoster(from: $d, to: $d, first: 500) { community { name } daysSincePatrol } }", json!({"d": today}))
        .await;
        let anhua = r.ok()["suggestedRoster"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["community"]["name"] == "安化小区")
            .unwrap()
            .clone();
        assert_eq!(anhua["daysSincePatrol"], 0);
    }
);

both!(
    coverage_and_the_officers_day_match_a_hand_computed_fixture,
    |db| async move {
        let app = spawn_app(db).await;
        let sup = app.login("supervisor").await;
        let d = communities(&app).await;
        let squad = d["subDistricts"][0]["squad"]["id"].clone();
        for (login, role) in [("leader.hy", "SUPERVISOR"), ("officer.two", "OFFICER")] {
            app.gql(Some(&sup), &format!("mutation($s: ID!) {{ createAccount(input: {{login: \"{login}\", displayName: \"{login}\", password: \"patrol-pass-1\", role: {role}, squadId: $s}}) {{ userErrors {{ code }} }} }}"), json!({"s": squad}))
            .await
            .ok();
        }
        let leader =
            app.login_session("leader.hy", "patrol-pass-1").await["session"]["accessToken"]
                .as_str()
                .unwrap()
                .to_string();
        let officer = app.login("officer").await;
        let ids: Vec<Value> = app
            .gql(
                Some(&leader),
                "query($c: ID!) { squadOfficers(communityId: $c) { id } }",
                json!({"c": by_name(&d, "安化小区")["id"]}),
            )
            .await
            .ok()["squadOfficers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["id"].clone())
            .collect();
        let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
        let day = |n: i64| (today + chrono::Duration::days(n)).to_string();
        let visit = |name: &str, on: String| json!({"communityId": by_name(&d, name)["id"], "onDay": on, "officerIds": ids});
        let a = app
        .gql(Some(&leader), "mutation($i: CreatePatrolPlanInput!) { createPatrolPlan(input: $i) { userErrors { code } } }", json!({"i": {"title": "本周", "startsOn": day(0), "endsOn": day(6), "visits": [visit("安化小区", day(0)), visit("飞乐小区", day(0)), visit("姚家角小区", day(1))]}}))
        .await;
        assert_eq!(a.ok()["createPatrolPlan"]["userErrors"], json!([]));
        // A citizen's complaint in 安化, accepted by the officer, due within the day.
        let filed = app.gql(Some(&sup), "mutation($c: ID!) { fileComplaint(input: {idempotencyKey: \"cv-1\", communityId: $c, source: CITIZEN_COMPLAINT, matterCode: \"C2\", description: \"楼道堆物\"}) { item { id } userErrors { code } } }", json!({"c": by_name(&d, "安化小区")["id"]}))
            .await;
        let due_item = filed.ok()["fileComplaint"]["item"]["id"].clone();
        app.gql(
            Some(&officer),
            "mutation($i: [ID!]!) { acceptItems(input: {itemIds: $i}) { userErrors { code } } }",
            json!({"i": [due_item]}),
        )
        .await
        .ok();
        {
            use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
            entity::item::Entity::update_many()
                .col_expr(
                    entity::item::Column::DueAt,
                    Expr::value(chrono::Utc::now() + chrono::Duration::hours(2)),
                )
                .filter(
                    entity::item::Column::Uuid
                        .eq(uuid::Uuid::parse_str(due_item.as_str().unwrap()).unwrap()),
                )
                .exec(&app.state.db)
                .await
                .unwrap();
        }
        // The patrol: 安化 twice (one day), 飞乐 once with a finding.
        let two = ids.iter().find(|i| **i != Value::Null).cloned().unwrap();
        let p = app
        .gql(Some(&officer), "mutation($o: [ID!]!) { startPatrol(input: {idempotencyKey: \"cv-p\", officerIds: $o}) { patrol { id } userErrors { code } } }", json!({"o": ids}))
        .await;
        let pid = p.ok()["startPatrol"]["patrol"]["id"].clone();
        let _ = two;
        for (k, name) in [("k1", "安化小区"), ("k2", "安化小区"), ("k3", "飞乐小区")] {
            let a = app
            .gql(Some(&officer), "mutation($i: CheckInPatrolInput!) { checkInPatrol(input: $i) { userErrors { code } } }", json!({"i": {"patrolId": pid, "idempotencyKey": k, "communityId": by_name(&d, name)["id"]}}))
            .await;
            assert_eq!(a.ok()["checkInPatrol"]["userErrors"], json!([]));
        }
        let feile = by_name(&d, "飞乐小区");
        let a = app
        .gql(Some(&officer), "mutation($i: PatrolFindingInput!) { recordPatrolFinding(input: $i) { userErrors { code } } }", json!({"i": {"patrolId": pid, "idempotencyKey": "f", "communityId": feile["id"], "unitId": feile["buildings"][0]["units"][0]["id"], "matterCode": "C1", "description": "搭建"}}))
        .await;
        assert_eq!(a.ok()["recordPatrolFinding"]["userErrors"], json!([]));

        let c = app
        .gql(Some(&officer), "query($f: NaiveDate!, $t: NaiveDate!) { patrolCoverage(from: $f, to: $t) { community { name } planned done daysSinceVisit findings byPatrol byComplaint } }", json!({"f": day(0), "t": day(6)}))
        .await;
        let rows = c.ok()["patrolCoverage"].as_array().unwrap().clone();
        let row = |n: &str| {
            rows.iter()
                .find(|r| r["community"]["name"] == n)
                .unwrap()
                .clone()
        };
        let pick = |r: Value| {
            json!([
                r["planned"],
                r["done"],
                r["daysSinceVisit"],
                r["findings"],
                r["byPatrol"],
                r["byComplaint"]
            ])
        };
        assert_eq!(pick(row("安化小区")), json!([1, 1, 0, 0, 0, 1]));
        assert_eq!(pick(row("飞乐小区")), json!([1, 1, 0, 1, 1, 0]));
        assert_eq!(pick(row("姚家角小区")), json!([1, 0, null, 0, 0, 0]));
        assert_eq!(rows.len(), 3, "the officer's sub-district only");

        let t = app
        .gql(Some(&officer), "{ patrolToday { visits { community { name } officers { name } } rechecks { number } openPatrols { id } dueItems { id } } }", json!({}))
        .await;
        let t = t.ok()["patrolToday"].clone();
        let names: Vec<&str> = t["visits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["community"]["name"].as_str().unwrap())
            .collect();
        assert_eq!(names.len(), 2);
        assert!(names.contains(&"安化小区") && names.contains(&"飞乐小区"));
        assert_eq!(t["openPatrols"][0]["id"], pid);
        assert_eq!(t["rechecks"], json!([]));
        assert_eq!(
            t["dueItems"],
            json!([{"id": due_item}]),
            "the officer's item due within the day"
        );
    }
);
