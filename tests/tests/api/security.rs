//! The request-level defences (SPEC §10, issue #10): one operation per request, bounded
//! aliases, JSON-only operations, rate limits that say when to come back, a database that
//! cannot serve answering clearly (and nothing half-stored), and input types without
//! server-owned fields. Every error body is also checked for leaked internals.
use std::time::{Duration, Instant};

use gongzhi_tests::*;
use sea_orm::{ConnectionTrait, Database, TransactionTrait};
use serde_json::{Value, json};

const FILE: &str = "mutation($i: FileComplaintInput!) { fileComplaint(input: $i) { item { id } userErrors { code message } } }";

/// A POST to /graphql as the PWA sends it, with the answer's status, `Retry-After` and body.
async fn post(app: &TestApp, token: Option<&str>, body: Value) -> (u16, Option<u64>, Value) {
    let mut req = app
        .client
        .post(format!("{}/graphql", app.addr))
        .header("accept-language", "en")
        .json(&body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.expect("request sent");
    let status = res.status().as_u16();
    let retry_after = res
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok());
    let body = res.json().await.unwrap_or(Value::Null);
    assert_no_internals(&body);
    (status, retry_after, body)
}

fn code(body: &Value) -> Option<&str> {
    body["errors"][0]["extensions"]["code"].as_str()
}

both!(
    batches_and_alias_floods_are_refused_before_anything_runs,
    |db| async move {
        let app = spawn_app(db).await;
        let login = |n: usize| {
            let mut q = String::from("mutation {");
            for i in 0..n {
                q.push_str(&format!(
                " a{i}: login(input: {{login: \"officer\", password: \"guess-{i}\"}}) {{ userErrors {{ code }} }}"
            ));
            }
            q.push('}');
            q
        };
        // A JSON array of operations: one request must be one operation for every limit.
        let batch: Vec<Value> = (0..5).map(|_| json!({"query": login(1)})).collect();
        let (status, _, body) = post(&app, None, Value::Array(batch)).await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(code(&body), Some("BAD_REQUEST"));
        assert_eq!(
            body["errors"][0]["message"],
            "Send one operation per request; batches are not accepted."
        );
        // 21 aliases against the limit of 20.
        let (status, _, body) = post(&app, None, json!({"query": login(21)})).await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(
            body["errors"][0]["message"],
            "The request uses too many aliases."
        );
        assert!(body["data"].is_null(), "{body}");
        // Neither guessed at all.
        assert_eq!(app.count("login_failure").await, 0);
    }
);

both!(
    aliased_login_guesses_each_count_against_the_limit,
    |db| async move {
        let app = spawn_app_with(db, |s| s.login_max_failures = 3).await;
        let mut q = String::from("mutation {");
        for i in 0..10 {
            q.push_str(&format!(
            " a{i}: login(input: {{login: \"officer\", password: \"guess-{i}\"}}) {{ userErrors {{ code }} }}"
        ));
        }
        q.push('}');
        let (status, retry_after, body) = post(&app, None, json!({"query": q})).await;
        // Mutations run one after another: three guesses are judged, the other seven refused.
        let judged = (0..10)
            .filter(|i| {
                body["data"][format!("a{i}")]["userErrors"][0]["code"] == "INVALID_CREDENTIALS"
            })
            .count();
        let limited = body["errors"]
            .as_array()
            .map(|e| {
                e.iter()
                    .filter(|e| e["extensions"]["code"] == "RATE_LIMITED")
                    .count()
            })
            .unwrap_or(0);
        assert_eq!((judged, limited), (3, 7), "{body}");
        assert_eq!(status, 429, "{body}");
        let wait = retry_after.expect("Retry-After");
        assert!((1..=900).contains(&wait), "Retry-After {wait}");
        // The right password now waits too, and says for how long.
        let (status, retry_after, body) = post(
        &app,
        None,
        json!({"query": "mutation($i: LoginInput!) { login(input: $i) { session { accessToken } } }",
               "variables": {"i": {"login": "officer", "password": DEMO_PASSWORD}}}),
    )
    .await;
        assert_eq!((status, code(&body)), (429, Some("RATE_LIMITED")), "{body}");
        assert_eq!(
            body["errors"][0]["extensions"]["retryAfter"].as_u64(),
            retry_after
        );
    }
);

both!(operations_run_only_from_json_posts, |db| async move {
    let app = spawn_app(db).await;
    let mutation = "mutation { login(input: {login: \"officer\", password: \"wrong\"}) { userErrors { code } } }";
    // What a cross-site form or a no-preflight fetch can send: refused unread.
    let (status, answer) = app
        .post_raw(
            "text/plain",
            json!({"query": mutation}).to_string().into_bytes(),
        )
        .await;
    assert_eq!(status, 415, "{answer}");
    assert_no_internals(&answer);
    let url = format!("{}/graphql", app.addr);
    let form = app
        .client
        .post(&url)
        .form(&[("query", mutation)])
        .send()
        .await
        .unwrap();
    assert_eq!(form.status().as_u16(), 415);
    // GET never runs an operation (it serves GraphiQL, and that only in dev mode).
    let get = app
        .client
        .get(&url)
        .query(&[("query", mutation)])
        .send()
        .await
        .unwrap();
    assert_eq!(get.status().as_u16(), 404);
    // A multipart upload without the bearer token (a header no form can send) is refused
    // before its body is read: photos.rs, bad_photos_are_refused_naming_the_photo….
    assert_eq!(app.count("login_failure").await, 0, "a refused request ran");
});

both!(
    a_resident_filing_too_often_is_told_when_to_come_back,
    |db| async move {
        let app = spawn_app_with(db, |s| s.filing_max_per_hour = 3).await;
        let resident = app.login("resident").await;
        let file = |key: &str| json!({"query": FILE, "variables": {"i": {"idempotencyKey": key, "description": format!("楼道堆物 {key}")}}});
        for k in ["k1", "k2", "k3"] {
            let (status, _, body) = post(&app, Some(&resident), file(k)).await;
            assert_eq!(status, 200, "{body}");
            assert!(
                body["data"]["fileComplaint"]["item"]["id"].is_string(),
                "{body}"
            );
        }
        let (status, retry_after, body) = post(&app, Some(&resident), file("k4")).await;
        assert_eq!((status, code(&body)), (429, Some("RATE_LIMITED")), "{body}");
        assert_eq!(
            body["errors"][0]["message"],
            "Too many filings in an hour. Please wait before filing again; what you already filed is safe."
        );
        let wait = retry_after.expect("Retry-After");
        assert!((3500..=3600).contains(&wait), "Retry-After {wait}");
        // A retry of an earlier filing is not a new one: it still gets its item.
        let (status, _, body) = post(&app, Some(&resident), file("k2")).await;
        assert_eq!(status, 200, "{body}");
        assert!(
            body["data"]["fileComplaint"]["item"]["id"].is_string(),
            "{body}"
        );
        assert_eq!(app.count("item").await, 3);
        // Organisations' accounts are vetted and file in batches: not limited.
        let committee = app.login("committee").await;
        let anhua = app.community_id("安化小区").await;
        for k in ["c1", "c2", "c3", "c4"] {
            let (status, _, body) = post(
            &app,
            Some(&committee),
            json!({"query": FILE, "variables": {"i": {"idempotencyKey": k, "communityId": anhua, "description": format!("居民区反映 {k}")}}}),
        )
        .await;
            assert_eq!(status, 200, "{body}");
            assert!(
                body["data"]["fileComplaint"]["item"]["id"].is_string(),
                "{body}"
            );
        }
    }
);

/// Holds the database's write lock from another connection until dropped (rolled back).
async fn hold_write_lock(app: &TestApp) -> sea_orm::DatabaseTransaction {
    let other = Database::connect(&app.database.url).await.unwrap();
    let txn = other.begin().await.unwrap();
    let sql = match other.get_database_backend() {
        sea_orm::DbBackend::Postgres => "LOCK TABLE item IN ACCESS EXCLUSIVE MODE",
        // SQLite has one writer: a write inside an open transaction takes the lock.
        _ => "INSERT INTO login_failure (key, at) VALUES ('lock-holder', '2026-01-01T00:00:00Z')",
    };
    txn.execute_unprepared(sql).await.unwrap();
    txn
}

both!(
    a_database_that_cannot_serve_answers_unavailable_and_stores_nothing,
    |db| async move {
        let app = spawn_app_with(db, |s| s.statement_timeout_ms = 500).await;
        let resident = app.login("resident").await;
        let before = app.count("item").await;
        let body = json!({"query": FILE, "variables": {"i": {"idempotencyKey": "stuck-1", "description": "锁表时提交"}}});
        let lock = hold_write_lock(&app).await;
        let started = Instant::now();
        let (status, retry_after, answer) = post(&app, Some(&resident), body.clone()).await;
        // PostgreSQL cancels after the statement timeout; SQLite gives up after its busy timeout.
        assert!(
            started.elapsed() < Duration::from_secs(8),
            "{:?}",
            started.elapsed()
        );
        assert_eq!(
            (status, code(&answer)),
            (503, Some("UNAVAILABLE")),
            "{answer}"
        );
        assert_eq!(
            answer["errors"][0]["message"],
            "The service is busy and could not handle this; nothing was changed. Please try again shortly."
        );
        assert!(retry_after.is_some());
        lock.rollback().await.unwrap();
        assert_eq!(
            app.count("item").await,
            before,
            "an unavailable answer stored something"
        );
        // The same filing again, now that the database serves: stored once.
        let (status, _, answer) = post(&app, Some(&resident), body).await;
        assert_eq!(status, 200, "{answer}");
        assert!(
            answer["data"]["fileComplaint"]["item"]["id"].is_string(),
            "{answer}"
        );
        assert_eq!(app.count("item").await, before + 1);
    }
);

both!(
    a_request_past_its_timeout_answers_timeout_and_a_retry_files_once,
    |db| async move {
        // The statement timeout (PostgreSQL) and busy timeout (SQLite) outlast the request's
        // (a setting `Settings::validate` refuses, made here to reach the backstop).
        let app = spawn_app_with(db, |s| {
            s.request_timeout_secs = 1;
            s.statement_timeout_ms = 20_000;
        })
        .await;
        let resident = app.login("resident").await;
        let before = app.count("item").await;
        let body = json!({"query": FILE, "variables": {"i": {"idempotencyKey": "slow-1", "description": "超时时提交"}}});
        let lock = hold_write_lock(&app).await;
        let started = Instant::now();
        let (status, retry_after, answer) = post(&app, Some(&resident), body.clone()).await;
        assert!(
            started.elapsed() < Duration::from_secs(4),
            "{:?}",
            started.elapsed()
        );
        assert_eq!((status, code(&answer)), (504, Some("TIMEOUT")), "{answer}");
        assert!(retry_after.is_some());
        lock.rollback().await.unwrap();
        // The client cannot know whether it landed; retrying with the same key is always safe.
        for _ in 0..2 {
            let (status, _, answer) = post(&app, Some(&resident), body.clone()).await;
            assert_eq!(status, 200, "{answer}");
        }
        assert_eq!(app.count("item").await, before + 1);
    }
);

/// Fields only the server may set: no input type may carry them, or a client could set them
/// (mass assignment; the peer of issue #9 accepted `status` and `createdAt` from anyone).
#[test]
fn input_types_carry_no_server_owned_fields() {
    let sdl = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../api/schema.graphql"
    ))
    .expect("the committed SDL");
    let never = [
        "createdAt",
        "updatedAt",
        "closedAt",
        "repliedAt",
        "acceptedAt",
        "convertedAt",
        "filer",
        "filerId",
        "priority",
        "late",
        "dueAt",
        "acceptDueAt",
        "onSiteDueAt",
        "filerCount",
        "repeatOfId",
        "acceptedOnTime",
        "repliedOnTime",
        "passwordHash",
    ];
    // The action itself names these: an officer assigning, a supervisor creating an
    // account or a patrol plan.
    let chosen_by_the_caller = [
        ("AcceptItemsInput", "assigneeId"),
        ("CreateAccountInput", "role"),
        ("CreateAccountInput", "squadId"),
        ("CreatePatrolPlanInput", "squadId"),
    ];
    let mut input = None;
    let mut checked = 0;
    for line in sdl.lines() {
        if let Some(rest) = line.strip_prefix("input ") {
            input = rest.split_whitespace().next().map(str::to_string);
            continue;
        }
        if line.starts_with('}') {
            input = None;
            continue;
        }
        let (Some(ty), Some(field)) = (
            input.as_deref(),
            line.strip_prefix('\t').and_then(|l| l.split(':').next()),
        ) else {
            continue;
        };
        if field.starts_with('"') || field.contains(' ') {
            continue;
        }
        checked += 1;
        assert!(
            !never.contains(&field),
            "{ty}.{field} is set by the server only"
        );
        if matches!(field, "status" | "statuses") {
            assert!(
                ty.ends_with("Filter"),
                "{ty}.{field}: status changes only by actions"
            );
        }
        if matches!(field, "assigneeId" | "assignee" | "role" | "squadId") {
            assert!(
                chosen_by_the_caller.contains(&(ty, field)),
                "{ty}.{field} is not the caller's to choose"
            );
        }
    }
    assert!(
        checked > 100,
        "read only {checked} input fields: is the SDL's format the same?"
    );
}

both!(
    a_server_owned_field_in_a_filing_is_refused,
    |db| async move {
        let app = spawn_app(db).await;
        let resident = app.login("resident").await;
        let (status, _, body) = post(
        &app,
        Some(&resident),
        json!({"query": FILE, "variables": {"i": {"idempotencyKey": "sneaky", "description": "x", "status": "CLOSED"}}}),
    )
    .await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(app.count("item").await, 0);
    }
);

/// Production posture (docs/SECURITY.md): `gongzhi migrate` changes the schema as the owner
/// role; the servers run as a role that may read and write rows but not change the schema,
/// and a server whose schema is behind its code refuses to start.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_application_role_cannot_change_the_schema_postgres() {
    let database = std::sync::Arc::new(TestDatabase::new(Db::Postgres).await);
    let name = database.url.rsplit('/').next().unwrap().to_string();
    let role = format!("gz_app_{}", &name[8..20]);
    let app_url = database.url.replacen("postgres@", &format!("{role}@"), 1);
    assert_ne!(
        app_url, database.url,
        "the test URL names the postgres user"
    );

    // Not migrated yet: a server that may not migrate refuses to start, and says what to do.
    let mut s = test_settings(&database.url, std::env::temp_dir());
    s.migrate_on_start = false;
    let refused = gongzhi::startup::Application::build(s)
        .await
        .err()
        .expect("refused");
    assert!(
        format!("{refused:#}").contains("gongzhi migrate"),
        "{refused:#}"
    );

    // The owner migrates (what `gongzhi migrate` runs), then grants rows, not schema.
    let owner = Database::connect(&database.url).await.unwrap();
    gongzhi::db::migrate(&owner).await.unwrap();
    for sql in [
        // PostgreSQL 15 no longer lets every role create in `public`; older ones did.
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC".to_string(),
        format!("CREATE ROLE {role} LOGIN"),
        format!("GRANT CONNECT ON DATABASE {name} TO {role}"),
        format!("GRANT USAGE ON SCHEMA public TO {role}"),
        format!("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}"),
        format!("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}"),
    ] {
        owner.execute_unprepared(&sql).await.unwrap();
    }

    // The server runs as that role: the demo district, a sign-in and a filing all work.
    let app = spawn_on_database(database.clone(), |s| {
        s.database_url = app_url.clone();
        s.migrate_on_start = false;
    })
    .await;
    let resident = app.login("resident").await;
    let (status, _, body) = post(
        &app,
        Some(&resident),
        json!({"query": FILE, "variables": {"i": {"idempotencyKey": "role-1", "description": "以应用角色提交"}}}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body["data"]["fileComplaint"]["item"]["id"].is_string(),
        "{body}"
    );

    // …and cannot change the schema or empty a table.
    let as_app = Database::connect(&app_url).await.unwrap();
    for ddl in [
        "DROP TABLE item",
        "ALTER TABLE item ADD COLUMN sneaky integer",
        "CREATE TABLE sneaky (id integer)",
        "TRUNCATE audit_log",
        "CREATE INDEX sneaky_idx ON item (description)",
    ] {
        let e = as_app
            .execute_unprepared(ddl)
            .await
            .expect_err(&format!("the application role ran {ddl}"));
        assert!(
            e.to_string().contains("42501")
                || e.to_string().to_lowercase().contains("permission denied")
                || e.to_string().contains("must be owner"),
            "{ddl}: {e}"
        );
    }
    as_app.close().await.ok();
    drop(app);
    owner
        .execute_unprepared(&format!("DROP OWNED BY {role}"))
        .await
        .unwrap();
    owner.close().await.ok();
    // The role outlives the database otherwise; dropped once nothing of it is left.
    let admin = Database::connect(format!("{}/postgres", postgres_base_url()))
        .await
        .unwrap();
    let _ = admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .await;
    admin
        .execute_unprepared(&format!("DROP ROLE IF EXISTS {role}"))
        .await
        .unwrap();
}
