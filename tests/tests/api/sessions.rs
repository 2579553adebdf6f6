use gongzhi_tests::*;
use serde_json::json;

const ME: &str = "{ me { displayName role status scope { kind label } } }";
const REFRESH: &str = "mutation($t: String!) { refreshSession(input: {refreshToken: $t}) { session { accessToken refreshToken } userErrors { code message } } }";

both!(
    every_role_signs_in_and_sees_its_name_role_and_scope,
    |db| async move {
        let app = spawn_app(db).await;
        let expected = [
            ("resident", "RESIDENT", "UNIT", "安化小区 1号楼 101"),
            ("committee", "COMMITTEE", "COMMUNITIES", "安化居民区"),
            (
                "property",
                "PROPERTY",
                "COMMUNITIES",
                "长宁物业服务有限公司",
            ),
            ("officer", "OFFICER", "SQUAD", "华阳路城管执法中队"),
            ("supervisor", "SUPERVISOR", "DISTRICT", "长宁区"),
            ("housing", "HOUSING", "DISTRICT", "长宁区"),
        ];
        for (login, role, kind, label) in expected {
            let token = app.login(login).await;
            let me = app.gql(Some(&token), ME, json!({})).await;
            let me = &me.ok()["me"];
            assert_eq!(me["role"], role, "{login}");
            assert_eq!(me["status"], "ACTIVE");
            assert_eq!(me["scope"]["kind"], kind, "{login}");
            assert_eq!(me["scope"]["label"], label, "{login}");
        }
    }
);

both!(
    a_resident_can_sign_in_with_the_mobile_number_too,
    |db| async move {
        let app = spawn_app(db).await;
        let s = app.login_session("13900000001", DEMO_PASSWORD).await;
        assert_eq!(s["session"]["user"]["role"], "RESIDENT");
    }
);

both!(
    a_wrong_password_is_refused_in_the_callers_language,
    |db| async move {
        let app = spawn_app(db).await;
        let q = "mutation { login(input: {login: \"officer\", password: \"nope-nope\"}) { session { accessToken } userErrors { code message } } }";
        let zh = app.gql_as(None, "zh-CN", q, json!({})).await;
        let e = &zh.ok()["login"];
        assert!(e["session"].is_null());
        assert_eq!(e["userErrors"][0]["code"], "INVALID_CREDENTIALS");
        assert_eq!(e["userErrors"][0]["message"], "账号或密码不正确。");
        let en = app.gql_as(None, "en-GB,en;q=0.9", q, json!({})).await;
        assert_eq!(
            en.ok()["login"]["userErrors"][0]["message"],
            "Wrong account or password."
        );
        // An unknown account gets the very same answer: no account enumeration.
        let unknown = app
        .gql(None, "mutation { login(input: {login: \"nobody\", password: \"nope-nope\"}) { userErrors { code message } } }", json!({}))
        .await;
        assert_eq!(
            unknown.ok()["login"]["userErrors"][0]["code"],
            "INVALID_CREDENTIALS"
        );
    }
);

both!(
    repeated_failed_logins_are_rate_limited_even_with_the_right_password,
    |db| async move {
        let app = spawn_app_with(db, |s| s.login_max_failures = 3).await;
        for _ in 0..3 {
            let s = app.login_session("officer", "wrong-password").await;
            assert_eq!(s["userErrors"][0]["code"], "INVALID_CREDENTIALS");
        }
        let q = "mutation($i: LoginInput!) { login(input: $i) { session { accessToken } } }";
        let blocked = app
            .gql(
                None,
                q,
                json!({"i": {"login": "officer", "password": DEMO_PASSWORD}}),
            )
            .await;
        assert_eq!(blocked.error_code(), Some("RATE_LIMITED"));
        assert_eq!(
            blocked.error_message(),
            Some("登录失败次数过多，请稍后再试。")
        );
    }
);

both!(
    a_pending_resident_cannot_sign_in_until_verified,
    |db| async move {
        let app = spawn_app(db).await;
        let s = app.login_session("13900000002", DEMO_PASSWORD).await;
        assert!(s["session"].is_null());
        assert_eq!(s["userErrors"][0]["code"], "ACCOUNT_PENDING");
    }
);

both!(
    refresh_rotates_the_token_and_reusing_a_spent_one_ends_the_login,
    |db| async move {
        let app = spawn_app(db).await;
        let s = app.login_session("officer", DEMO_PASSWORD).await;
        let first = s["session"]["refreshToken"].as_str().unwrap().to_string();
        let r1 = app.gql(None, REFRESH, json!({"t": first})).await;
        let second = r1.ok()["refreshSession"]["session"]["refreshToken"]
            .as_str()
            .unwrap()
            .to_string();
        let access2 = r1.ok()["refreshSession"]["session"]["accessToken"]
            .as_str()
            .unwrap()
            .to_string();
        assert_ne!(first, second);
        assert_eq!(
            app.gql(Some(&access2), ME, json!({})).await.ok()["me"]["role"],
            "OFFICER"
        );

        // The first token again: a thief or a replay. The whole login ends.
        let reuse = app.gql(None, REFRESH, json!({"t": first})).await;
        assert_eq!(
            reuse.ok()["refreshSession"]["userErrors"][0]["code"],
            "INVALID_REFRESH_TOKEN"
        );
        let after = app.gql(None, REFRESH, json!({"t": second})).await;
        assert_eq!(
            after.ok()["refreshSession"]["userErrors"][0]["code"],
            "INVALID_REFRESH_TOKEN"
        );
        let me = app.gql(Some(&access2), ME, json!({})).await;
        assert_eq!(me.status, 401);
        assert_eq!(me.error_code(), Some("UNAUTHENTICATED"));
    }
);

both!(logout_ends_the_session_at_once, |db| async move {
    let app = spawn_app(db).await;
    let s = app.login_session("committee", DEMO_PASSWORD).await;
    let access = s["session"]["accessToken"].as_str().unwrap().to_string();
    let refresh = s["session"]["refreshToken"].as_str().unwrap().to_string();
    let out = app
        .gql(
            None,
            "mutation($t: String!) { logout(input: {refreshToken: $t}) { ok } }",
            json!({"t": refresh}),
        )
        .await;
    assert_eq!(out.ok()["logout"]["ok"], true);
    assert_eq!(app.gql(Some(&access), ME, json!({})).await.status, 401);
    let r = app.gql(None, REFRESH, json!({"t": refresh})).await;
    assert_eq!(
        r.ok()["refreshSession"]["userErrors"][0]["code"],
        "INVALID_REFRESH_TOKEN"
    );
});

both!(
    anonymous_callers_are_unauthenticated_and_residents_forbidden_from_officer_work,
    |db| async move {
        let app = spawn_app(db).await;
        let anon = app.gql(None, ME, json!({})).await;
        assert_eq!(anon.error_code(), Some("UNAUTHENTICATED"));
        let resident = app.login("resident").await;
        let q = "{ accounts { totalCount } }";
        let a = app.gql(Some(&resident), q, json!({})).await;
        assert_eq!(a.error_code(), Some("FORBIDDEN"));
        assert_eq!(a.error_message(), Some("您没有权限进行此操作。"));
    }
);

both!(
    a_resident_signing_in_gets_the_home_to_file_about,
    |db| async move {
        let app = spawn_app(db).await;
        let q = "mutation { login(input: {login: \"resident\", password: \"gongzhi-demo\"}) { session { accessToken user { phone home { communityName unitLabel unitId } } } } }";
        let s = app.gql(None, q, json!({})).await;
        let user = s.ok()["login"]["session"]["user"].clone();
        assert_eq!(user["phone"], "13900000001");
        assert_eq!(user["home"]["communityName"], "安化小区");
        assert_eq!(user["home"]["unitLabel"], "1号楼 101");
        // Nobody else reads it: another resident's account is not reachable, and a committee
        // sees homes only of the residents it verifies.
        let token = s.ok()["login"]["session"]["accessToken"]
            .as_str()
            .unwrap()
            .to_string();
        let me = app
            .gql(Some(&token), "{ me { home { unitId } } }", json!({}))
            .await;
        assert_eq!(me.ok()["me"]["home"]["unitId"], user["home"]["unitId"]);
    }
);

both!(
    a_forged_forwarded_for_header_does_not_escape_the_address_limit,
    |db| async move {
        let app = spawn_app_with(db, |s| s.login_max_failures = 3).await;
        let q = "mutation($i: LoginInput!) { login(input: $i) { userErrors { code } } }";
        for n in 0..3 {
            // A different unknown account each time, and a different claimed address.
            let r = app
            .client
            .post(format!("{}/graphql", app.addr))
            .header("x-forwarded-for", format!("203.0.113.{n}"))
            .json(&json!({"query": q, "variables": {"i": {"login": format!("nobody{n}"), "password": "wrong-password"}}}))
            .send()
            .await
            .unwrap();
            assert_eq!(r.status(), 200);
        }
        let blocked: serde_json::Value = app
        .client
        .post(format!("{}/graphql", app.addr))
        .header("x-forwarded-for", "198.51.100.7")
        .json(&json!({"query": q, "variables": {"i": {"login": "officer", "password": DEMO_PASSWORD}}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
        assert_eq!(
            blocked["errors"][0]["extensions"]["code"], "RATE_LIMITED",
            "{blocked}"
        );
    }
);
