use gongzhi_tests::*;
use serde_json::json;

const PAGE: &str = "query($f: Int, $a: String, $s: ID) { communities(first: $f, after: $a, subDistrictId: $s) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { id name } } } }";

both!(
    the_demo_district_has_ten_sub_districts_and_a_few_dozen_communities,
    |db| async move {
        let app = spawn_app(db).await;
        let s = app
            .gql(
                None,
                "{ subDistricts { name kind squad { name } } }",
                json!({}),
            )
            .await;
        let subs = s.ok()["subDistricts"].as_array().unwrap().clone();
        assert_eq!(subs.len(), 10);
        assert!(
            subs.iter()
                .any(|s| s["name"] == "新泾镇" && s["kind"] == "TOWN")
        );
        assert!(subs.iter().all(|s| {
            s["squad"]["name"]
                .as_str()
                .is_some_and(|n| n.ends_with("中队"))
        }));
        let c = app.gql(None, PAGE, json!({})).await;
        assert_eq!(c.ok()["communities"]["totalCount"], 30);
    }
);

both!(
    community_pages_follow_cursors_and_refuse_pages_over_the_maximum,
    |db| async move {
        let app = spawn_app(db).await;
        let mut seen = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let p = app.gql(None, PAGE, json!({"f": 7, "a": after})).await;
            let c = p.ok()["communities"].clone();
            for e in c["edges"].as_array().unwrap() {
                seen.push(e["node"]["id"].as_str().unwrap().to_string());
            }
            if c["pageInfo"]["hasNextPage"] != true {
                break;
            }
            after = c["pageInfo"]["endCursor"].as_str().map(String::from);
        }
        assert_eq!(seen.len(), 30);
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 30, "pages overlapped");

        let big = app.gql_as(None, "en", PAGE, json!({"f": 101})).await;
        assert_eq!(big.error_code(), Some("VALIDATION"));
        assert_eq!(big.error_message(), Some("At most 100 items per page."));
        let bad = app.gql(None, PAGE, json!({"a": "garbage"})).await;
        assert_eq!(bad.error_code(), Some("VALIDATION"));
        // A forged cursor pointing past any real list is refused, not a crash.
        use base64::Engine as _;
        for offset in [u64::MAX.to_string(), i64::MAX.to_string()] {
            let forged =
                base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("o:{offset}"));
            let a = app.gql(None, PAGE, json!({"a": forged})).await;
            assert_eq!(a.error_code(), Some("VALIDATION"), "{a:?}");
        }
    }
);

both!(
    a_community_shows_its_committee_firm_and_workroom,
    |db| async move {
        let app = spawn_app(db).await;
        let p = app
            .gql(
                None,
                "{ communities(first: 100) { edges { node { id name } } } }",
                json!({}),
            )
            .await;
        let id = p.ok()["communities"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["node"]["name"] == "安化小区")
            .unwrap()["node"]["id"]
            .clone();
        let q = "query($id: ID!) { community(id: $id) { name address committee { name } propertyFirm { name } workroom { officeHours phone officers } buildings { name units { number } } } }";
        let c = app.gql(None, q, json!({"id": id})).await;
        let c = &c.ok()["community"];
        assert_eq!(c["committee"]["name"], "安化居民区");
        assert_eq!(c["propertyFirm"]["name"], "长宁物业服务有限公司");
        assert_eq!(c["workroom"]["officers"], json!(["华阳路中队 刘队员"]));
        assert_eq!(c["buildings"].as_array().unwrap().len(), 3);
        let missing = app
            .gql(None, q, json!({"id": uuid::Uuid::new_v4().to_string()}))
            .await;
        assert_eq!(missing.error_code(), Some("NOT_FOUND"));
        let not_uuid = app.gql(None, q, json!({"id": "42"})).await;
        assert_eq!(not_uuid.error_code(), Some("NOT_FOUND"));
    }
);
