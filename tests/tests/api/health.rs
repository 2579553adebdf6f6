use gongzhi_tests::*;
use sea_orm::ConnectionTrait;

both!(
    healthz_answers_and_readyz_reports_a_reachable_database,
    |db| async move {
        let app = spawn_app(db).await;
        let h = app
            .client
            .get(format!("{}/healthz", app.addr))
            .send()
            .await
            .unwrap();
        assert_eq!(h.status(), 200);
        let r = app
            .client
            .get(format!("{}/readyz", app.addr))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    }
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readyz_is_false_while_the_postgres_database_is_unreachable_and_health_stays_up() {
    let app = spawn_app(Db::Postgres).await;
    // Take the database away under the running server.
    let base = postgres_base_url();
    let name = app.database.url.rsplit('/').next().unwrap().to_string();
    let admin = sea_orm::Database::connect(format!("{base}/postgres"))
        .await
        .unwrap();
    admin
        .execute_unprepared(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .await
        .unwrap();
    let r = app
        .client
        .get(format!("{}/readyz", app.addr))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 503);
    let h = app
        .client
        .get(format!("{}/healthz", app.addr))
        .send()
        .await
        .unwrap();
    assert_eq!(h.status(), 200);
    // A request that needs the database fails cleanly, not with a crash: "try again later".
    let a = app
        .gql(None, "{ subDistricts { name } }", serde_json::json!({}))
        .await;
    assert_eq!(
        (a.status, a.error_code()),
        (503, Some("UNAVAILABLE")),
        "{a:?}"
    );
    assert_no_internals(&a.body);
    assert!(
        !a.error_message().unwrap().contains("database"),
        "internals leak: {a:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_count_requests_by_operation_name() {
    let app = spawn_app(Db::Sqlite).await;
    let res = app
        .client
        .post(format!("{}/graphql", app.addr))
        .json(&serde_json::json!({"query": "query DirectoryPage { subDistricts { name } }", "operationName": "DirectoryPage"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let text = app
        .client
        .get(format!("{}/metrics", app.addr))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        text.contains(
            r#"gongzhi_graphql_requests_total{operation="DirectoryPage",outcome="ok"} 1"#
        ),
        "{text}"
    );
    assert!(text.contains(
        r#"gongzhi_graphql_request_duration_seconds_count{operation="DirectoryPage"} 1"#
    ));
}
