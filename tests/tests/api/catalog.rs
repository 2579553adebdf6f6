use gongzhi_tests::*;
use serde_json::json;

const MATTERS: &str = "query($c: MatterCategory, $r: Boolean!) { matters(category: $c, includeRetired: $r, first: 100) { totalCount edges { node { code name category mandatoryCase focus active fineMinCny fineMaxCny } } } }";
const SAVE: &str = "mutation($i: SaveMatterInput!) { saveMatter(input: $i) { matter { code nameZh active } userErrors { code field } } }";

both!(
    the_catalog_holds_34_matters_in_four_categories_with_the_mandatory_ones_flagged,
    |db| async move {
        let app = spawn_app(db).await;
        let t = app.login("officer").await;
        let all = app.gql(Some(&t), MATTERS, json!({"r": false})).await;
        let m = &all.ok()["matters"];
        assert_eq!(m["totalCount"], 34);
        let edges = m["edges"].as_array().unwrap();
        let a1 = edges.iter().find(|e| e["node"]["code"] == "A1").unwrap();
        assert_eq!(a1["node"]["name"], "损坏房屋承重结构");
        assert_eq!(a1["node"]["mandatoryCase"], true);
        assert_eq!(a1["node"]["fineMinCny"], 10000);
        let mandatory: Vec<_> = edges
            .iter()
            .filter(|e| e["node"]["mandatoryCase"] == true)
            .collect();
        assert!(mandatory.len() >= 3);
        let mut per_category = std::collections::BTreeMap::new();
        for e in edges {
            *per_category
                .entry(e["node"]["category"].as_str().unwrap().to_string())
                .or_insert(0) += 1;
        }
        assert_eq!(per_category.len(), 4);
        let en = app
            .gql_as(
                Some(&t),
                "en",
                MATTERS,
                json!({"c": "HOUSING_SAFETY", "r": false}),
            )
            .await;
        assert_eq!(
            en.ok()["matters"]["edges"][0]["node"]["name"],
            "Damaging the load-bearing structure"
        );
    }
);

both!(
    a_district_supervisor_adds_and_retires_matters_and_it_is_recorded,
    |db| async move {
        let app = spawn_app(db).await;
        let sup = app.login("supervisor").await;
        let audit_before = app.count("audit_log").await;
        let input = json!({"code": "x1", "category": "ENVIRONMENT_ORDER", "nameZh": "测试事项", "nameEn": "A test matter", "legalBasis": "上海市市容环境卫生管理条例", "fineMinCny": 50, "fineMaxCny": 500, "mandatoryCase": false, "focus": false});
        let a = app.gql(Some(&sup), SAVE, json!({"i": input})).await;
        assert_eq!(a.ok()["saveMatter"]["matter"]["code"], "X1");
        let mut retire = input.clone();
        retire["active"] = json!(false);
        let r = app.gql(Some(&sup), SAVE, json!({"i": retire})).await;
        assert_eq!(r.ok()["saveMatter"]["matter"]["active"], false);
        let officer = app.login("officer").await;
        let active = app.gql(Some(&officer), MATTERS, json!({"r": false})).await;
        assert_eq!(active.ok()["matters"]["totalCount"], 34);
        let all = app.gql(Some(&officer), MATTERS, json!({"r": true})).await;
        assert_eq!(all.ok()["matters"]["totalCount"], 35);
        assert_eq!(app.count("audit_log").await, audit_before + 2);

        let mut bad = input.clone();
        bad["fineMinCny"] = json!(900);
        bad["nameZh"] = json!(" ");
        let b = app.gql(Some(&sup), SAVE, json!({"i": bad})).await;
        let codes: Vec<_> = b.ok()["saveMatter"]["userErrors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["code"].clone())
            .collect();
        assert_eq!(codes, [json!("REQUIRED"), json!("INVALID_FINE_RANGE")]);
    }
);

both!(
    the_holiday_calendar_has_make_up_days_and_a_supervisor_extends_it,
    |db| async move {
        let app = spawn_app(db).await;
        let sup = app.login("supervisor").await;
        let y = app
            .gql(
                Some(&sup),
                "{ holidays(year: 2026) { date kind name } }",
                json!({}),
            )
            .await;
        let days = y.ok()["holidays"].as_array().unwrap().clone();
        assert!(
            days.iter()
                .any(|d| d["date"] == "2026-10-01" && d["kind"] == "HOLIDAY")
        );
        assert!(
            days.iter()
                .any(|d| d["date"] == "2026-10-10" && d["kind"] == "WORKDAY")
        );
        let set = "mutation($d: NaiveDate!, $k: HolidayKind, $n: String!) { setHoliday(input: {date: $d, kind: $k, name: $n}) { holiday { date kind } userErrors { code } } }";
        let a = app
            .gql(
                Some(&sup),
                set,
                json!({"d": "2027-01-01", "k": "HOLIDAY", "n": "元旦"}),
            )
            .await;
        assert_eq!(a.ok()["setHoliday"]["holiday"]["kind"], "HOLIDAY");
        let y27 = app
            .gql(Some(&sup), "{ holidays(year: 2027) { date } }", json!({}))
            .await;
        assert_eq!(y27.ok()["holidays"].as_array().unwrap().len(), 1);
        let removed = app
            .gql(
                Some(&sup),
                set,
                json!({"d": "2027-01-01", "k": null, "n": ""}),
            )
            .await;
        assert!(removed.ok()["setHoliday"]["holiday"].is_null());
        let y27 = app
            .gql(Some(&sup), "{ holidays(year: 2027) { date } }", json!({}))
            .await;
        assert_eq!(y27.ok()["holidays"].as_array().unwrap().len(), 0);
    }
);
