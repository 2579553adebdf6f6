//! Black-box test helpers: a real server on port 0 with a fresh database per test, on
//! SQLite or PostgreSQL, and a client that speaks GraphQL to it like the PWA does.
use std::path::PathBuf;

use gongzhi::{settings::Settings, startup::Application, state::AppState};
use sea_orm::{ConnectionTrait, Database};
use serde_json::{Value, json};

pub mod ws;

/// Which database a test runs on. Every database test runs on both (see `both!`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

pub const DEMO_PASSWORD: &str = "gongzhi-demo";
pub const JWT_SECRET: &str = "test-secret-test-secret-test-secret-0123";

/// The PostgreSQL server for tests. Required for the PostgreSQL variants: they fail
/// (never skip) without it.
pub fn postgres_base_url() -> String {
    std::env::var("GONGZHI_TEST_POSTGRES_URL").unwrap_or_else(|_| {
        panic!("GONGZHI_TEST_POSTGRES_URL is not set: PostgreSQL tests need a server (scripts/test.sh sets it)")
    })
}

/// A database made for one test and dropped after it.
pub struct TestDatabase {
    pub url: String,
    pg: Option<(String, String)>,
    _dir: Option<tempfile::TempDir>,
}

impl TestDatabase {
    pub async fn new(db: Db) -> Self {
        match db {
            Db::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
                Self {
                    url,
                    pg: None,
                    _dir: Some(dir),
                }
            }
            Db::Postgres => {
                let base = postgres_base_url();
                let name = format!("gz_test_{}", uuid::Uuid::new_v4().simple());
                let admin = Database::connect(format!("{base}/postgres"))
                    .await
                    .expect("connect to PostgreSQL");
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .expect("create test database");
                admin.close().await.ok();
                Self {
                    url: format!("{base}/{name}"),
                    pg: Some((base, name)),
                    _dir: None,
                }
            }
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some((base, name)) = self.pg.take() {
            // Drop runs outside async: use a small runtime of our own on another thread.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .ok()?;
                rt.block_on(async {
                    let admin = Database::connect(format!("{base}/postgres")).await.ok()?;
                    admin
                        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .await
                        .ok()?;
                    admin.close().await.ok()
                })
            })
            .join();
        }
    }
}

/// Settings for a test server on port 0 over `url`, with the demo district.
pub fn test_settings(url: &str, data_dir: PathBuf) -> Settings {
    Settings {
        port: 0,
        database_url: url.to_string(),
        data_dir,
        jwt_secret: Some(JWT_SECRET.to_string().into()),
        demo: Some(true),
        // Tests make their own items; the sample activity is checked on its own.
        demo_activity: false,
        database_max_connections: 5,
        // Tests file far more than a person would; the limit has its own test (security.rs).
        filing_max_per_hour: 100_000,
        pwa_dir: PathBuf::from("/nonexistent"),
        log: "warn".into(),
        ..Settings::default()
    }
}

pub struct TestApp {
    pub addr: String,
    pub client: reqwest::Client,
    pub state: AppState,
    pub database: std::sync::Arc<TestDatabase>,
    _data_dir: tempfile::TempDir,
}

/// A running server with the demo district on a fresh database.
pub async fn spawn_app(db: Db) -> TestApp {
    spawn_app_with(db, |_| {}).await
}

pub async fn spawn_app_with(db: Db, tweak: impl FnOnce(&mut Settings)) -> TestApp {
    let database = std::sync::Arc::new(TestDatabase::new(db).await);
    spawn_on(database, true, tweak).await
}

/// A server over a database made beforehand (and maybe changed: roles, grants), with the
/// demo district; `tweak` may point it elsewhere (another role's URL).
pub async fn spawn_on_database(
    database: std::sync::Arc<TestDatabase>,
    tweak: impl FnOnce(&mut Settings),
) -> TestApp {
    spawn_on(database, true, tweak).await
}

/// A second server process over the same database (no demo: it exists already).
pub async fn spawn_peer(app: &TestApp) -> TestApp {
    spawn_on(app.database.clone(), false, |_| {}).await
}

/// With `GONGZHI_TEST_LOG_DIR` set (scripts/test.sh sets it), the servers of this test
/// process log as in production, at debug level, into a file there: the suite's logs are
/// then searched for secrets (scripts/check-logs.py).
fn init_test_logs() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let Ok(dir) = std::env::var("GONGZHI_TEST_LOG_DIR") else {
            return;
        };
        let path = PathBuf::from(dir).join(format!("rust-tests-{}.jsonl", std::process::id()));
        match std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
        {
            Ok(f) => gongzhi::telemetry::init_with("info,gongzhi=debug", std::sync::Mutex::new(f)),
            Err(e) => panic!("cannot write the test log {}: {e}", path.display()),
        }
    });
}

async fn spawn_on(
    database: std::sync::Arc<TestDatabase>,
    demo: bool,
    tweak: impl FnOnce(&mut Settings),
) -> TestApp {
    init_test_logs();
    let data_dir = tempfile::tempdir().expect("temp dir");
    let mut settings = test_settings(&database.url, data_dir.path().to_path_buf());
    settings.demo = Some(demo);
    tweak(&mut settings);
    let app = Application::build(settings)
        .await
        .expect("the application builds");
    let addr = format!("http://127.0.0.1:{}", app.port());
    let state = app.state.clone();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        addr,
        client: reqwest::Client::new(),
        state,
        database,
        _data_dir: data_dir,
    }
}

/// A GraphQL answer: HTTP status and body.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub body: Value,
}

impl Answer {
    /// The first error's `extensions.code`, if any.
    pub fn error_code(&self) -> Option<&str> {
        self.body["errors"][0]["extensions"]["code"].as_str()
    }
    pub fn error_message(&self) -> Option<&str> {
        self.body["errors"][0]["message"].as_str()
    }
    pub fn data(&self) -> &Value {
        &self.body["data"]
    }
    /// Panics unless the request succeeded without errors.
    pub fn ok(&self) -> &Value {
        assert!(
            self.status == 200 && self.body.get("errors").is_none_or(|e| e.is_null()),
            "expected success, got {self:#?}"
        );
        &self.body["data"]
    }
}

impl TestApp {
    pub async fn gql_as(
        &self,
        token: Option<&str>,
        lang: &str,
        query: &str,
        variables: Value,
    ) -> Answer {
        let mut req = self
            .client
            .post(format!("{}/graphql", self.addr))
            .header("accept-language", lang)
            .json(&json!({"query": query, "variables": variables}));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let res = req.send().await.expect("request sent");
        let status = res.status().as_u16();
        let body = res.json().await.unwrap_or(Value::Null);
        Answer { status, body }
    }

    pub async fn gql(&self, token: Option<&str>, query: &str, variables: Value) -> Answer {
        self.gql_as(token, "zh-CN", query, variables).await
    }

    /// Raw POST to /graphql.
    pub async fn post_raw(&self, content_type: &str, body: Vec<u8>) -> (u16, Value) {
        let res = self
            .client
            .post(format!("{}/graphql", self.addr))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("request sent");
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    /// A GraphQL multipart request (operations, map, files) with the bearer token.
    pub async fn gql_multipart(&self, token: &str, form: reqwest::multipart::Form) -> Answer {
        let res = self
            .client
            .post(format!("{}/graphql", self.addr))
            .bearer_auth(token)
            .multipart(form)
            .send()
            .await
            .expect("request sent");
        let status = res.status().as_u16();
        let body = res.json().await.unwrap_or(Value::Null);
        Answer { status, body }
    }

    /// The public id of the demo community called `name`.
    pub async fn community_id(&self, name: &str) -> Value {
        let a = self
            .gql(
                None,
                "{ communities(first: 100) { edges { node { id name } } } }",
                json!({}),
            )
            .await;
        a.ok()["communities"]["edges"]
            .as_array()
            .expect("communities")
            .iter()
            .find(|e| e["node"]["name"] == name)
            .unwrap_or_else(|| panic!("no community {name}"))["node"]["id"]
            .clone()
    }

    /// Signs in and returns the whole session object.
    pub async fn login_session(&self, login: &str, password: &str) -> Value {
        let a = self
            .gql(
                None,
                "mutation($i: LoginInput!) { login(input: $i) { session { accessToken refreshToken user { id displayName role status scope { kind label } } } userErrors { code message field } } }",
                json!({"i": {"login": login, "password": password}}),
            )
            .await;
        a.ok()["login"].clone()
    }

    /// Signs in as a demo account; returns the access token.
    pub async fn login(&self, login: &str) -> String {
        let s = self.login_session(login, DEMO_PASSWORD).await;
        s["session"]["accessToken"]
            .as_str()
            .unwrap_or_else(|| panic!("{login} could not sign in: {s}"))
            .to_string()
    }

    /// The number of rows in a table: for asserting that nothing was written.
    pub async fn count(&self, table: &str) -> i64 {
        let db = &self.state.db;
        let row = db
            .query_one_raw(sea_orm::Statement::from_string(
                db.get_database_backend(),
                format!("SELECT COUNT(*) AS n FROM {table}"),
            ))
            .await
            .expect("count query")
            .expect("a row");
        row.try_get::<i64>("", "n").expect("a count")
    }
}

/// Panics if an answer's errors show the server's insides: SQL, a driver's or a Rust type's
/// name, a source path, a stack trace (ASVS 16.5.1). Messages are for people.
pub fn assert_no_internals(body: &Value) {
    const INSIDES: [&str; 16] = [
        "select ",
        "insert into",
        "update ",
        "delete from",
        "sqlx",
        "sea_orm",
        "sea-orm",
        "dberr",
        "panicked",
        ".rs:",
        "/src/",
        "backtrace",
        "::",
        "violates",
        "constraint",
        "relation \"",
    ];
    let Some(errors) = body.get("errors").and_then(Value::as_array) else {
        return;
    };
    for e in errors {
        let mut texts = vec![e["message"].as_str().unwrap_or("").to_lowercase()];
        if let Some(ext) = e.get("extensions").and_then(Value::as_object) {
            texts.extend(ext.values().map(|v| v.to_string().to_lowercase()));
        }
        for t in &texts {
            for inside in INSIDES {
                assert!(
                    !t.contains(inside),
                    "an error shows the server's insides ({inside:?}): {e}"
                );
            }
        }
    }
}

/// Runs an async test body once on SQLite and once on PostgreSQL:
/// `both!(name, |db| async move { … });` makes `name::sqlite` and `name::postgres`.
#[macro_export]
macro_rules! both {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                ($body)($crate::Db::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                ($body)($crate::Db::Postgres).await
            }
        }
    };
}
