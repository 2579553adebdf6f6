//! Hotspots (SPEC §9): the three complaint patterns on crafted communities with their numbers,
//! the city's list imported all or nothing, rectification plans and their dates, the weekly
//! counts around a plan, and the hotspot export.
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use gongzhi_tests::*;
use serde_json::{Value, json};

const PATTERN: &str = "label labelText total distinctMatters distinctUnits topUnitMatter { unitLabel matterCode count } topUnitMatterShare topMatter { matterCode count units } topMatterShare windowLongerThanData dataFrom explanation";

/// Communities by name: (id, unit ids of the first two buildings).
async fn place(app: &TestApp, name: &str) -> (String, Vec<String>) {
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
        .take(2)
        .flat_map(|b| b["units"].as_array().unwrap().clone())
        .map(|u| u["id"].as_str().unwrap().to_string())
        .collect();
    (c["id"].as_str().unwrap().to_string(), units)
}

/// The supervisor files hotline complaints: (unit index or none, matter, how many).
async fn complaints(
    app: &TestApp,
    sup: &str,
    community: &str,
    units: &[String],
    spec: &[(Option<usize>, &str, usize)],
) {
    let mut n = 0;
    for (u, m, count) in spec {
        for _ in 0..*count {
            n += 1;
            let mut input = json!({"idempotencyKey": format!("{community}-{n}"), "communityId": community, "source": "CITIZEN_COMPLAINT", "matterCode": m, "description": "12345转来"});
            if let Some(u) = u {
                input["unitId"] = json!(units[*u]);
            }
            let a = app
                .gql(Some(sup), "mutation($i: FileComplaintInput!) { fileComplaint(input: $i) { item { id } userErrors { code } } }", json!({"i": input}))
                .await;
            assert_eq!(
                a.ok()["fileComplaint"]["userErrors"],
                json!([]),
                "{:?}",
                a.body
            );
        }
    }
}

async fn mark(app: &TestApp, sup: &str, community: &str, starts: &str) -> Value {
    let a = app
        .gql(Some(sup), "mutation($i: MarkHotspotInput!) { markHotspot(input: $i) { hotspot { id startsOn active } userErrors { field code message } } }", json!({"i": {"communityId": community, "startsOn": starts}}))
        .await;
    a.ok()["markHotspot"].clone()
}

fn today() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive()
}
fn day(offset: i64) -> String {
    (today() + chrono::Duration::days(offset)).to_string()
}

both!(each_pattern_is_labelled_with_its_numbers, |db| async move {
    let app = spawn_app(db).await;
    let sup = app.login("supervisor").await;
    // 姚家角: 5 of 7 about one unit's illegal construction.
    let (same, su) = place(&app, "姚家角小区").await;
    complaints(
        &app,
        &sup,
        &same,
        &su,
        &[(Some(0), "C1", 5), (Some(1), "C2", 1), (None, "C4", 1)],
    )
    .await;
    // 幸福: group renting in four flats, 6 of 8; no flat above 2.
    let (kind, ku) = place(&app, "幸福小区").await;
    complaints(
        &app,
        &sup,
        &kind,
        &ku,
        &[
            (Some(0), "B1", 2),
            (Some(1), "B1", 2),
            (Some(2), "B1", 1),
            (Some(3), "B1", 1),
            (Some(4), "C2", 2),
        ],
    )
    .await;
    // 江苏: five matters, none near half.
    let (many, mu) = place(&app, "江苏小区").await;
    complaints(
        &app,
        &sup,
        &many,
        &mu,
        &[
            (Some(0), "C1", 2),
            (Some(1), "C2", 2),
            (Some(2), "B1", 2),
            (None, "C4", 1),
            (Some(3), "A10", 1),
        ],
    )
    .await;
    // 华山: only three.
    let (few, fu) = place(&app, "华山小区").await;
    complaints(&app, &sup, &few, &fu, &[(Some(0), "C1", 3)]).await;

    let mut label = std::collections::HashMap::new();
    for c in [&same, &kind, &many, &few] {
        let h = mark(&app, &sup, c, &day(-30)).await;
        assert_eq!(h["userErrors"], json!([]), "{h}");
        let id = h["hotspot"]["id"].as_str().unwrap().to_string();
        let p = app
            .gql(
                Some(&sup),
                &format!(
                    "query($id: ID!) {{ hotspot(id: $id) {{ openItems pattern {{ {PATTERN} }} }} }}"
                ),
                json!({"id": id}),
            )
            .await;
        label.insert(c.clone(), p.ok()["hotspot"].clone());
    }
    let p = &label[&same]["pattern"];
    assert_eq!(p["label"], "SAME_PROBLEM_REPEATED", "{p}");
    assert_eq!(p["labelText"], "同一问题的反复投诉");
    assert_eq!(p["total"], 7);
    assert_eq!(p["distinctMatters"], 3);
    assert_eq!(p["distinctUnits"], 3);
    assert_eq!(p["topUnitMatter"]["matterCode"], "C1");
    assert_eq!(p["topUnitMatter"]["count"], 5);
    assert_eq!(p["topUnitMatter"]["unitLabel"], "1号楼 101");
    assert!((p["topUnitMatterShare"].as_f64().unwrap() - 5.0 / 7.0).abs() < 1e-9);
    assert!(
        p["explanation"].as_str().unwrap().contains("7件中有5件"),
        "{p}"
    );
    assert_eq!(label[&same]["openItems"], 7);

    let p = &label[&kind]["pattern"];
    assert_eq!(p["label"], "ONE_KIND_MANY_TIMES", "{p}");
    assert_eq!(p["total"], 8);
    assert_eq!(
        p["topMatter"],
        json!({"matterCode": "B1", "count": 6, "units": 4})
    );
    assert!((p["topMatterShare"].as_f64().unwrap() - 0.75).abs() < 1e-9);
    assert!((p["topUnitMatterShare"].as_f64().unwrap() - 0.25).abs() < 1e-9);

    let p = &label[&many]["pattern"];
    assert_eq!(p["label"], "MANY_PROBLEMS_OFTEN", "{p}");
    assert_eq!(p["distinctMatters"], 5);
    assert!((p["topMatterShare"].as_f64().unwrap() - 0.25).abs() < 1e-9);

    let p = &label[&few]["pattern"];
    assert_eq!(p["label"], "TOO_FEW", "{p}");
    assert_eq!(p["total"], 3);

    // The window starts 90 days back, before the first complaint on record: said so.
    assert_eq!(label[&same]["pattern"]["windowLongerThanData"], true);
    assert_eq!(label[&same]["pattern"]["dataFrom"], today().to_string());
    // A window of more than 366 days, or backwards: a clear error.
    let list = app
        .gql(
            Some(&sup),
            "{ hotspots { id community { name } } }",
            json!({}),
        )
        .await;
    let any = list.ok()["hotspots"][0]["id"].clone();
    let a = app
        .gql(
            Some(&sup),
            "query($id: ID!) { hotspot(id: $id) { pattern(from: \"2024-01-01\") { label } } }",
            json!({"id": any}),
        )
        .await;
    assert_eq!(a.error_code(), Some("VALIDATION"));
    assert!(a.error_message().unwrap().contains("366"), "{:?}", a.body);

    // The export lists them with their labels.
    let bytes = app
        .client
        .get(format!("{}/exports/hotspots.xlsx", app.addr))
        .bearer_auth(&sup)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    let sheet = wb.worksheet_range("投诉集中点位").unwrap();
    let row = sheet
        .rows()
        .find(|r| r[0] == Data::String("幸福小区".into()))
        .unwrap();
    assert_eq!(row[5], Data::Float(8.0));
    assert_eq!(row[6], Data::String("一类问题的多次投诉".into()));
});

both!(
    an_import_with_an_unknown_community_imports_nothing,
    |db| async move {
        let app = spawn_app(db).await;
        let sup = app.login("supervisor").await;
        let q = "mutation($csv: String!, $s: NaiveDate!, $dry: Boolean!, $skip: Boolean!) { importHotspots(csv: $csv, startsOn: $s, dryRun: $dry, skipUnmatched: $skip) { imported matched { line name community { name } } unmatched { line name reason } userErrors { field code message } } }";
        let csv = "\u{feff}小区名称,地址\n安化小区,\n不存在小区,某路1号\n姚家角小区,\n安化小区,\n";
        let run = |dry: bool, skip: bool| {
            let app = &app;
            let sup = sup.clone();
            async move {
                app.gql(
                    Some(&sup),
                    q,
                    json!({"csv": csv, "s": day(-10), "dry": dry, "skip": skip}),
                )
                .await
                .ok()["importHotspots"]
                    .clone()
            }
        };
        // Refused as a whole: the report says which lines and why.
        let r = run(false, false).await;
        assert_eq!(r["imported"], 0);
        assert_eq!(r["matched"].as_array().unwrap().len(), 2, "{r}");
        let unmatched = r["unmatched"].as_array().unwrap();
        assert_eq!(unmatched.len(), 2, "{r}");
        assert_eq!(unmatched[0]["line"], 3);
        assert_eq!(unmatched[0]["name"], "不存在小区");
        assert_eq!(unmatched[0]["reason"], "找不到该名称的小区。");
        assert_eq!(unmatched[1]["line"], 5);
        assert_eq!(unmatched[1]["reason"], "与前面某行是同一个小区。");
        assert_eq!(app.count("hotspot").await, 0, "nothing half-imported");
        // A dry run never imports.
        let r = run(true, true).await;
        assert_eq!(r["imported"], 0);
        assert_eq!(app.count("hotspot").await, 0);
        // Skipping the unmatched lines imports the rest, once.
        let r = run(false, true).await;
        assert_eq!(r["imported"], 2);
        assert_eq!(app.count("hotspot").await, 2);
        // Again: already hotspots in the period, so nothing new.
        let r = run(false, true).await;
        assert_eq!(r["imported"], 0);
        assert_eq!(
            r["unmatched"][0]["reason"],
            "该小区在此期间已是投诉集中点位。"
        );
        assert_eq!(app.count("hotspot").await, 2);
        // Not a CSV at all.
        let a = app
            .gql(
                Some(&sup),
                q,
                json!({"csv": "小区名称\n", "s": day(-10), "dry": false, "skip": false}),
            )
            .await;
        assert_eq!(
            a.ok()["importHotspots"]["userErrors"][0]["code"],
            "CSV_INVALID"
        );
    }
);

both!(
    a_plan_starts_inside_its_hotspot_and_shows_weeks_before_and_after,
    |db| async move {
        let app = spawn_app(db).await;
        let sup = app.login("supervisor").await;
        let officer = app.login("officer").await;
        let (c, units) = place(&app, "飞乐小区").await;
        complaints(&app, &sup, &c, &units, &[(Some(0), "C2", 3)]).await;
        let h = mark(&app, &sup, &c, &day(-40)).await;
        let hotspot = h["hotspot"]["id"].as_str().unwrap().to_string();
        let create = "mutation($i: CreatePlanInput!) { createRectificationPlan(input: $i) { plan { id title startedOn measures { id description dueOn doneOn overdue } weekly(weeksBefore: 4, weeksAfter: 4) { weekStart count afterPlan } } userErrors { field code message } } }";
        // Before the hotspot's period: refused, nothing stored.
        let a = app
        .gql(Some(&sup), create, json!({"i": {"hotspotId": hotspot, "title": "飞乐小区堆物整治", "startedOn": day(-41), "measures": [{"description": "清理楼道", "owner": "物业", "dueOn": day(10)}]}}))
        .await;
        let p = &a.ok()["createRectificationPlan"];
        assert_eq!(p["plan"], Value::Null);
        assert_eq!(p["userErrors"][0]["code"], "PLAN_BEFORE_HOTSPOT", "{p}");
        assert_eq!(p["userErrors"][0]["field"], json!(["input", "startedOn"]));
        // No measures, and a measure due before the plan: field errors.
        let a = app
        .gql(Some(&sup), create, json!({"i": {"hotspotId": hotspot, "title": "x", "startedOn": day(-14), "measures": []}}))
        .await;
        assert_eq!(
            a.ok()["createRectificationPlan"]["userErrors"][0]["code"],
            "REQUIRED"
        );
        let a = app
            .gql(Some(&sup), create, json!({"i": {"hotspotId": hotspot, "title": "x", "startedOn": day(-14), "measures": [{"description": "清理", "owner": "物业", "dueOn": day(-20)}]}}))
            .await;
        assert_eq!(
            a.ok()["createRectificationPlan"]["userErrors"][0]["code"],
            "DUE_BEFORE_PLAN"
        );
        // A date of another millennium: refused, nothing stored.
        let a = app
            .gql(Some(&sup), create, json!({"i": {"hotspotId": hotspot, "title": "x", "startedOn": "2999-01-01", "measures": [{"description": "清理", "owner": "物业", "dueOn": "2999-02-01"}]}}))
            .await;
        assert_eq!(
            a.ok()["createRectificationPlan"]["userErrors"][0]["code"],
            "DATE_INVALID"
        );
        assert_eq!(app.count("rectification_plan").await, 0);
        // Officers may not make plans.
        let a = app
        .gql(Some(&officer), create, json!({"i": {"hotspotId": hotspot, "title": "x", "startedOn": day(-14), "measures": []}}))
        .await;
        assert_eq!(a.error_code(), Some("FORBIDDEN"));

        let a = app
        .gql(Some(&sup), create, json!({"i": {"hotspotId": hotspot, "title": "飞乐小区堆物整治", "startedOn": day(-14), "measures": [{"description": "清理楼道", "owner": "物业", "dueOn": day(-2)}, {"description": "回访", "owner": "居委会", "dueOn": day(20)}]}}))
        .await;
        let p = a.ok()["createRectificationPlan"].clone();
        assert_eq!(p["userErrors"], json!([]), "{p}");
        let plan = p["plan"].clone();
        assert_eq!(plan["measures"][0]["overdue"], true);
        assert_eq!(plan["measures"][1]["overdue"], false);
        // Four weeks before the plan's week, then its weeks up to today; today's 3 are after.
        let weeks = plan["weekly"].as_array().unwrap();
        let before: Vec<&Value> = weeks.iter().filter(|w| w["afterPlan"] == false).collect();
        assert_eq!(before.len(), 4);
        assert!(before.iter().all(|w| w["count"] == 0));
        let after: i64 = weeks
            .iter()
            .filter(|w| w["afterPlan"] == true)
            .map(|w| w["count"].as_i64().unwrap())
            .sum();
        assert_eq!(after, 3);

        // The officer marks a measure done and notes progress; the plan shows both.
        let m = plan["measures"][0]["id"].clone();
        let a = app
        .gql(Some(&officer), "mutation($m: ID!, $d: NaiveDate!) { completePlanMeasure(measureId: $m, doneOn: $d) { plan { measures { doneOn overdue } } userErrors { code } } }", json!({"m": m, "d": day(0)}))
        .await;
        let p = &a.ok()["completePlanMeasure"];
        assert_eq!(p["plan"]["measures"][0]["doneOn"], day(0));
        assert_eq!(p["plan"]["measures"][0]["overdue"], false);
        let a = app
        .gql(Some(&officer), "mutation($m: ID!, $d: NaiveDate!) { completePlanMeasure(measureId: $m, doneOn: $d) { userErrors { code } } }", json!({"m": m, "d": day(5)}))
        .await;
        assert_eq!(
            a.ok()["completePlanMeasure"]["userErrors"][0]["code"],
            "DATE_INVALID"
        );
        let a = app
        .gql(Some(&officer), "mutation($p: ID!) { addPlanNote(planId: $p, body: \"已清理3栋楼道\") { plan { notes { body author } } userErrors { code } } }", json!({"p": plan["id"]}))
        .await;
        assert_eq!(
            a.ok()["addPlanNote"]["plan"]["notes"][0]["body"],
            "已清理3栋楼道"
        );
        assert_eq!(
            a.ok()["addPlanNote"]["plan"]["notes"][0]["author"],
            "华阳路中队 刘队员"
        );
        // The hotspot lists it.
        let a = app
            .gql(
                Some(&officer),
                "query($h: ID!) { hotspot(id: $h) { plans { title } } }",
                json!({"h": hotspot}),
            )
            .await;
        assert_eq!(a.ok()["hotspot"]["plans"][0]["title"], "飞乐小区堆物整治");
        // Ending the hotspot before it began: refused.
        let a = app
        .gql(Some(&sup), "mutation($h: ID!, $d: NaiveDate!) { endHotspot(id: $h, endsOn: $d) { userErrors { code } } }", json!({"h": hotspot, "d": day(-50)}))
        .await;
        assert_eq!(
            a.ok()["endHotspot"]["userErrors"][0]["code"],
            "END_BEFORE_START"
        );
    }
);
