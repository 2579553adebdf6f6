//! Tests of the real `gongzhi` binary: start-up checks, the demo banner, the admin
//! command and graceful shutdown.
use std::{
    io::Write,
    path::PathBuf,
    process::{Command, Stdio},
    time::{Duration, Instant},
};

use gongzhi_tests::*;
use serde_json::json;

fn binary() -> PathBuf {
    if let Ok(p) = std::env::var("GONGZHI_BIN") {
        return PathBuf::from(p);
    }
    // target/<profile>/deps/<this test> → target/<profile>/gongzhi
    let exe = std::env::current_exe().unwrap();
    let p = exe.parent().unwrap().parent().unwrap().join("gongzhi");
    assert!(
        p.exists(),
        "build the server first (cargo build -p api): {} is missing",
        p.display()
    );
    p
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn wait_healthy(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Ok(r) = reqwest::get(format!("http://127.0.0.1:{port}/healthz")).await
            && r.status() == 200
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server did not come up on port {port}");
}

#[test]
fn postgresql_without_a_jwt_secret_refuses_to_start_and_says_why() {
    let out = Command::new(binary())
        .env_clear()
        .env(
            "GONGZHI_DATABASE_URL",
            "postgres://postgres@127.0.0.1:1/none",
        )
        .env("GONGZHI_PORT", "0")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("GONGZHI_JWT_SECRET must be set"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_run_command_creates_the_demo_prints_its_logins_and_keeps_its_secret_private() {
    let data = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut child = tokio::process::Command::new(binary())
        .env_clear()
        .env("GONGZHI_DATA_DIR", data.path())
        .env("GONGZHI_PORT", port.to_string())
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    wait_healthy(port).await;
    let secret = data.path().join("jwt-secret");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&secret).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let body = reqwest::Client::new()
        .post(format!("http://127.0.0.1:{port}/graphql"))
        .json(&json!({"query": "mutation { login(input: {login: \"supervisor\", password: \"gongzhi-demo\"}) { session { user { role } } } }"}))
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap();
    assert_eq!(
        body["data"]["login"]["session"]["user"]["role"],
        "SUPERVISOR"
    );
    // A few weeks of sample activity: the resident has items in every state, the officer
    // has work, some of it overdue.
    let gql = |token: Option<String>, q: &'static str| {
        let mut r = reqwest::Client::new()
            .post(format!("http://127.0.0.1:{port}/graphql"))
            .json(&json!({ "query": q }));
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        async move {
            r.send()
                .await
                .unwrap()
                .json::<serde_json::Value>()
                .await
                .unwrap()
        }
    };
    let resident_login = "mutation { login(input: {login: \"resident\", password: \"gongzhi-demo\"}) { session { accessToken } } }";
    let officer_login = "mutation { login(input: {login: \"officer\", password: \"gongzhi-demo\"}) { session { accessToken } } }";
    let resident = gql(None, resident_login).await["data"]["login"]["session"]["accessToken"]
        .as_str()
        .unwrap()
        .to_string();
    let mine = gql(
        Some(resident),
        "{ myItems(first: 100) { edges { node { status reopened } } } }",
    )
    .await;
    let statuses: std::collections::BTreeSet<String> = mine["data"]["myItems"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["status"].as_str().unwrap().to_string())
        .collect();
    for s in [
        "SUBMITTED",
        "ACCEPTED",
        "VERIFYING",
        "RESOLVED",
        "REPLIED",
        "CLOSED",
        "ANSWERED",
    ] {
        assert!(statuses.contains(s), "no sample item is {s}: {statuses:?}");
    }
    let officer = gql(None, officer_login).await["data"]["login"]["session"]["accessToken"]
        .as_str()
        .unwrap()
        .to_string();
    let inbox = gql(
        Some(officer),
        "{ inbox(first: 100) { totalCount edges { node { overdue } } } }",
    )
    .await;
    assert!(
        inbox["data"]["inbox"]["totalCount"].as_i64().unwrap() >= 5,
        "{inbox}"
    );
    assert!(
        inbox["data"]["inbox"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["node"]["overdue"] == true),
        "{inbox}"
    );
    child.start_kill().unwrap();
    let out = child.wait_with_output().await.unwrap();
    let banner = String::from_utf8_lossy(&out.stderr);
    assert!(
        banner.contains("gongzhi-demo")
            && banner.contains("resident")
            && banner.contains("officer"),
        "{banner}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_lets_in_flight_requests_finish_and_then_the_server_stops() {
    let data = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut child = tokio::process::Command::new(binary())
        .env_clear()
        .env("GONGZHI_DATA_DIR", data.path())
        .env("GONGZHI_PORT", port.to_string())
        .stderr(Stdio::null())
        .stdout(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    wait_healthy(port).await;
    let client = reqwest::Client::new();
    // Twenty password checks keep both cores busy for a while: plenty are in flight when
    // the signal arrives.
    let mut inflight = Vec::new();
    for _ in 0..20 {
        let c = client.clone();
        inflight.push(tokio::spawn(async move {
            c.post(format!("http://127.0.0.1:{port}/graphql"))
                .json(&json!({"query": "mutation { login(input: {login: \"officer\", password: \"gongzhi-demo\"}) { session { accessToken } } }"}))
                .send()
                .await
        }));
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    let pid = child.id().unwrap();
    let killed = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let mut finished = 0;
    for h in inflight {
        let r = h.await.unwrap().expect("an in-flight request was cut off");
        assert_eq!(r.status(), 200);
        let v: serde_json::Value = r.json().await.unwrap();
        assert!(
            v["data"]["login"]["session"]["accessToken"].is_string(),
            "{v}"
        );
        finished += 1;
    }
    assert_eq!(finished, 20);
    let status = tokio::time::timeout(Duration::from_secs(30), child.wait())
        .await
        .unwrap()
        .unwrap();
    assert!(status.success(), "{status:?}");
    assert!(
        reqwest::get(format!("http://127.0.0.1:{port}/healthz"))
            .await
            .is_err()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_admin_command_creates_the_first_supervisor_on_postgresql_where_no_demo_is_invented() {
    let database = TestDatabase::new(Db::Postgres).await;
    let mut child = Command::new(binary())
        .args([
            "admin",
            "create-supervisor",
            "--login",
            "chief",
            "--name",
            "区局 局长",
        ])
        .env_clear()
        .env("GONGZHI_DATABASE_URL", &database.url)
        .env("GONGZHI_JWT_SECRET", JWT_SECRET)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"a-long-enough-password\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let data = tempfile::tempdir().unwrap();
    let mut settings = test_settings(&database.url, data.path().to_path_buf());
    settings.demo = None;
    let app = gongzhi::startup::Application::build(settings)
        .await
        .unwrap();
    let addr = format!("http://127.0.0.1:{}", app.port());
    assert!(!app.demo_created);
    tokio::spawn(app.run_until_stopped());
    let login: serde_json::Value = reqwest::Client::new()
        .post(format!("{addr}/graphql"))
        .json(&json!({"query": "mutation { login(input: {login: \"chief\", password: \"a-long-enough-password\"}) { session { user { role scope { label } } } } }"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        login["data"]["login"]["session"]["user"]["role"],
        "SUPERVISOR"
    );
    assert_eq!(
        login["data"]["login"]["session"]["user"]["scope"]["label"],
        "长宁区"
    );
    let dir: serde_json::Value = reqwest::Client::new()
        .post(format!("{addr}/graphql"))
        .json(&json!({"query": "{ communities { totalCount } subDistricts { name } }"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        dir["data"]["communities"]["totalCount"], 0,
        "PostgreSQL must get no invented communities"
    );
    assert_eq!(
        dir["data"]["subDistricts"].as_array().unwrap().len(),
        10,
        "reference data is loaded"
    );
}

/// Two real `gongzhi` processes over one PostgreSQL database behave as one service: a
/// filing through the first reaches an inbox subscriber connected to the second.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_server_processes_on_one_postgresql_database_share_their_events() {
    let database = TestDatabase::new(Db::Postgres).await;
    let start = |demo: bool| {
        let port = free_port();
        let data = tempfile::tempdir().unwrap();
        let child = tokio::process::Command::new(binary())
            .env_clear()
            .env("GONGZHI_DATABASE_URL", &database.url)
            .env("GONGZHI_JWT_SECRET", JWT_SECRET)
            .env("GONGZHI_DEMO", if demo { "true" } else { "false" })
            .env("GONGZHI_DATA_DIR", data.path())
            .env("GONGZHI_PORT", port.to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        (child, port, data)
    };
    let (_a, port_a, _da) = start(true);
    wait_healthy(port_a).await;
    let (_b, port_b, _db) = start(false);
    wait_healthy(port_b).await;
    let client = reqwest::Client::new();
    let login = |port: u16, who: &'static str| {
        let client = client.clone();
        async move {
            let v: serde_json::Value = client
                .post(format!("http://127.0.0.1:{port}/graphql"))
                .json(&json!({"query": format!("mutation {{ login(input: {{login: \"{who}\", password: \"gongzhi-demo\"}}) {{ session {{ accessToken }} }} }}")}))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            v["data"]["login"]["session"]["accessToken"]
                .as_str()
                .unwrap()
                .to_string()
        }
    };
    let officer = login(port_b, "officer").await;
    let mut sub = ws::subscribed(
        &format!("http://127.0.0.1:{port_b}"),
        Some(&officer),
        "subscription { inboxItemChanged { id description } }",
    )
    .await;
    assert_eq!(
        sub.next_within(Duration::from_millis(300)).await,
        Err("timeout".into())
    );
    let resident = login(port_a, "resident").await;
    let filed: serde_json::Value = client
        .post(format!("http://127.0.0.1:{port_a}/graphql"))
        .bearer_auth(&resident)
        .json(&json!({"query": "mutation { fileComplaint(input: {idempotencyKey: \"two-processes\", description: \"跨进程\"}) { item { id } } }"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = filed["data"]["fileComplaint"]["item"]["id"].clone();
    assert!(id.is_string(), "{filed}");
    let ev = sub.next().await.expect("the event crosses processes");
    assert_eq!(ev["data"]["inboxItemChanged"]["id"], id);
    assert_eq!(ev["data"]["inboxItemChanged"]["description"], "跨进程");
}

/// `gongzhi migrate` applies the schema and exits; a server told not to migrate then starts
/// on it (and, on an empty database, refuses with the command to run).
#[test]
fn the_migrate_command_prepares_the_schema_for_a_server_that_may_not() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::new(binary())
            .args(args)
            .env_clear()
            .env("GONGZHI_DATA_DIR", dir.path())
            .env("GONGZHI_PORT", "0")
            .env("GONGZHI_MIGRATE_ON_START", "false")
            .env("GONGZHI_DEMO", "false")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .output()
            .unwrap()
    };
    let refused = run(&["serve"]);
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("gongzhi migrate"), "{said}");

    let migrated = run(&["migrate"]);
    assert!(
        migrated.status.success(),
        "{}",
        String::from_utf8_lossy(&migrated.stderr)
    );
    let db = rusqlite_count(&dir.path().join("gongzhi.db"));
    assert_eq!(db, migration_count(), "every migration recorded");

    let port = free_port();
    let mut server = Command::new(binary())
        .env_clear()
        .env("GONGZHI_DATA_DIR", dir.path())
        .env("GONGZHI_PORT", port.to_string())
        .env("GONGZHI_MIGRATE_ON_START", "false")
        .env("GONGZHI_DEMO", "false")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(wait_healthy(port));
    server.kill().ok();
    server.wait().ok();
}

fn migration_count() -> usize {
    use migration::MigratorTrait;
    migration::Migrator::migrations().len()
}

fn rusqlite_count(path: &std::path::Path) -> usize {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        use sea_orm::ConnectionTrait;
        let db = sea_orm::Database::connect(format!("sqlite://{}?mode=ro", path.display()))
            .await
            .unwrap();
        let row = db
            .query_one_raw(sea_orm::Statement::from_string(
                db.get_database_backend(),
                "SELECT COUNT(*) AS n FROM seaql_migrations",
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get::<i64>("", "n").unwrap() as usize
    })
}
