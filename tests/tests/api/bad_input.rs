//! Bad requests get a clear error and a 4xx, never a 5xx, and write nothing.
use gongzhi_tests::*;
use serde_json::json;

both!(
    malformed_oversized_and_unknown_requests_get_4xx_and_write_nothing,
    |db| async move {
        let app = spawn_app(db).await;
        let before = app.count("account").await;
        let cases: Vec<(&str, &str, Vec<u8>, u16)> = vec![
        ("malformed JSON", "application/json", b"{\"query\": ".to_vec(), 400),
        ("invalid UTF-8", "application/json", b"{\"query\": \"\xff\xfe\"}".to_vec(), 400),
        ("unknown field", "application/json", br#"{"query": "{ subDistricts { id } }", "sneaky": 1}"#.to_vec(), 400),
        ("not JSON at all", "text/plain", b"{ subDistricts { id } }".to_vec(), 415),
        (
            "a body over 1 MiB",
            "application/json",
            format!(r#"{{"query": "{{ subDistricts {{ id }} }}", "variables": {{"x": "{}"}}}}"#, "x".repeat(1_100_000)).into_bytes(),
            413,
        ),
        ("a syntax error", "application/json", br#"{"query": "mutation { registerResident("}"#.to_vec(), 400),
        ("an unknown field in the query", "application/json", br#"{"query": "{ secrets }"}"#.to_vec(), 400),
        (
            "an unknown input field",
            "application/json",
            br#"{"query": "mutation { login(input: {login: \"a\", password: \"b\", admin: true}) { userErrors { code } } }"}"#.to_vec(),
            400,
        ),
    ];
        for (what, ct, body, status) in cases {
            let (got, json) = app.post_raw(ct, body).await;
            assert_eq!(got, status, "{what}: {json}");
            let code = json["errors"][0]["extensions"]["code"].as_str();
            assert!(
                code.is_some() || json["errors"][0]["message"].is_string(),
                "{what}: no clear error: {json}"
            );
            assert!(
                json["errors"][0]["message"]
                    .as_str()
                    .is_some_and(|m| !m.is_empty()),
                "{what}: {json}"
            );
        }
        assert_eq!(app.count("account").await, before);
    }
);

both!(
    over_deep_and_over_costly_queries_are_refused,
    |db| async move {
        let app = spawn_app_with(db, |s| {
            s.max_query_depth = 4;
            s.max_query_complexity = 40;
        })
        .await;
        // Depth 6 against a limit of 4 (the real schema has no cycles, so the test lowers it).
        let deep = app
            .gql(
                None,
                "{ communities { edges { node { buildings { units { id } } } } } }",
                json!({}),
            )
            .await;
        assert_eq!(deep.status, 400, "{:?}", deep.body);
        assert!(
            deep.error_message()
                .unwrap()
                .to_lowercase()
                .contains("nested too deep"),
            "{:?}",
            deep.body
        );
        app.gql(None, "{ subDistricts { squad { name } } }", json!({}))
            .await
            .ok();

        // Complexity: 15 aliased lists of 5 fields each, against a limit lowered to 40 (the
        // alias limit, 20, stays out of the way).
        let mut costly = String::from("{ ");
        for i in 0..15 {
            costly.push_str(&format!(
                "c{i}: communities(first: 1) {{ edges {{ node {{ name address }} }} }} "
            ));
        }
        costly.push('}');
        let a = app.gql(None, &costly, json!({})).await;
        assert_eq!(a.status, 400, "{:?}", a.body);
        assert!(
            a.error_message()
                .unwrap()
                .to_lowercase()
                .contains("complex"),
            "{:?}",
            a.body
        );
    }
);
