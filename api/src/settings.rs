//! Typed settings: defaults, then an optional TOML file, then `GONGZHI_*` environment
//! variables. Secrets are `SecretString`: their `Debug` prints `[REDACTED]`.
use std::path::{Path, PathBuf};

use figment::{
    Figment,
    providers::{Env, Format, Serialized, Toml},
};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Address to bind; `127.0.0.1` by default, `0.0.0.0` behind a load balancer.
    pub host: String,
    /// Port to bind; 0 picks a free one (tests).
    pub port: u16,
    /// Where the embedded SQLite database, its JWT secret and local uploads live.
    pub data_dir: PathBuf,
    /// `sqlite://…` or `postgres://…`; empty means the embedded SQLite file in `data_dir`.
    pub database_url: String,
    /// Connections in the pool. A request holds one only for a query, but under load it
    /// waits for the CPU between queries: 8 left a third of the CPU idle in `bench/run`
    /// (docs/PERFORMANCE.md). Mind PostgreSQL's `max_connections` (100) across processes.
    pub database_max_connections: u32,
    /// HS256 key for access tokens. Required with PostgreSQL; generated and kept in
    /// `data_dir` with SQLite.
    #[serde(serialize_with = "serialize_secret")]
    pub jwt_secret: Option<SecretString>,
    /// Access-token lifetime in seconds (at most 15 minutes).
    pub access_token_ttl_secs: u64,
    /// Refresh-token lifetime in days.
    pub refresh_token_ttl_days: u64,
    /// The built PWA (`pwa/dist`).
    pub pwa_dir: PathBuf,
    /// Developer mode: GraphiQL, introspection and field suggestions.
    pub dev: bool,
    /// Create the demo district: `None` = only for a new embedded database.
    pub demo: Option<bool>,
    /// With the demo district, a few weeks of sample items in every state.
    pub demo_activity: bool,
    /// Read the client address from `Forwarded` / `X-Forwarded-For` (only behind a load
    /// balancer that sets them; otherwise clients could forge their address).
    pub trust_forwarded_for: bool,
    /// Failed logins allowed per account and per client address in `login_window_secs`.
    pub login_max_failures: u32,
    pub login_window_secs: u64,
    /// Largest GraphQL JSON body, bytes.
    pub max_body_bytes: usize,
    /// GraphQL query limits.
    pub max_query_depth: usize,
    pub max_query_complexity: usize,
    /// Aliased fields allowed in one request (the PWA uses none).
    pub max_query_aliases: usize,
    /// Photos go to this S3-compatible bucket; without one, to `data_dir/photos` (which all
    /// processes must then share).
    pub s3_bucket: Option<String>,
    /// e.g. `http://127.0.0.1:9000` for MinIO; empty for AWS.
    pub s3_endpoint: Option<String>,
    pub s3_region: String,
    pub s3_access_key_id: Option<String>,
    #[serde(serialize_with = "serialize_secret")]
    pub s3_secret_access_key: Option<SecretString>,
    pub s3_allow_http: bool,
    /// Web Push: the VAPID private key (base64url raw P-256 scalar). Generated and kept in
    /// `data_dir` with SQLite; with PostgreSQL, pushes are off until it is set.
    #[serde(serialize_with = "serialize_secret")]
    pub vapid_private_key: Option<SecretString>,
    /// Accept `http://` push endpoints (tests against a local mock only).
    pub push_allow_http: bool,
    /// Days after a reply before an unrated item closes by itself.
    pub quiet_period_days: i64,
    /// Filings about the same unit and matter this many days apart are repeats (重复投诉).
    pub repeat_window_days: i64,
    /// Working days between the firm's patrols of a renovation, and of a high-risk one.
    pub renovation_patrol_days: u32,
    pub renovation_patrol_days_high_risk: u32,
    /// Seconds in-flight requests get to finish on SIGTERM.
    pub shutdown_grace_secs: u64,
    /// PostgreSQL aborts any statement running longer (a lock wait included): the request
    /// then fails with `UNAVAILABLE` and nothing of it is stored. Keep it below the request
    /// timeout, so a definite answer comes before the uncertain one.
    pub statement_timeout_ms: u64,
    /// A GraphQL request still running after this many seconds is answered `TIMEOUT` (its
    /// outcome unknown; a filing retried with the same key is never stored twice).
    pub request_timeout_secs: u64,
    /// Filings one account may make in an hour (anti-spam); more are `RATE_LIMITED` with
    /// `Retry-After`. A retry of an earlier filing (same idempotency key) is not counted.
    pub filing_max_per_hour: u32,
    /// Apply pending migrations at start. In production the application's database role may
    /// not change the schema: run `gongzhi migrate` as the owner role, then start the
    /// servers with this off (docs/SECURITY.md).
    pub migrate_on_start: bool,
    /// Log filter (`tracing` env-filter syntax).
    pub log: String,
}

fn serialize_secret<S: serde::Serializer>(
    v: &Option<SecretString>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match v {
        Some(secret) => s.serialize_some(secret.expose_secret()),
        None => s.serialize_none(),
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            host: "127.0.0.1".into(),
            port: 8080,
            data_dir: PathBuf::from("data"),
            database_url: String::new(),
            database_max_connections: 16,
            jwt_secret: None,
            access_token_ttl_secs: 15 * 60,
            refresh_token_ttl_days: 30,
            pwa_dir: PathBuf::from("pwa/dist"),
            dev: false,
            demo: None,
            demo_activity: true,
            trust_forwarded_for: false,
            login_max_failures: 5,
            login_window_secs: 15 * 60,
            max_body_bytes: 1024 * 1024,
            max_query_depth: 12,
            max_query_complexity: 500,
            max_query_aliases: 20,
            s3_bucket: None,
            s3_endpoint: None,
            s3_region: "us-east-1".into(),
            s3_access_key_id: None,
            s3_secret_access_key: None,
            s3_allow_http: false,
            vapid_private_key: None,
            push_allow_http: false,
            quiet_period_days: 7,
            repeat_window_days: 90,
            renovation_patrol_days: 5,
            renovation_patrol_days_high_risk: 2,
            shutdown_grace_secs: 20,
            statement_timeout_ms: 10_000,
            request_timeout_secs: 30,
            filing_max_per_hour: 30,
            migrate_on_start: true,
            log: "info".into(),
        }
    }
}

/// Which database the URL picks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("configuration: {0}")]
    Parse(#[from] Box<figment::Error>),
    #[error(
        "GONGZHI_JWT_SECRET must be set (at least 32 characters) when the database is PostgreSQL: \
         every server process behind the load balancer must share it"
    )]
    MissingJwtSecret,
    #[error("GONGZHI_JWT_SECRET must be at least 32 characters")]
    ShortJwtSecret,
    #[error("access_token_ttl_secs must be between 60 and 900 (15 minutes)")]
    AccessTtl,
    #[error("repeat_window_days must be between 1 and 3650")]
    RepeatWindow,
    #[error("renovation_patrol_days and renovation_patrol_days_high_risk must be between 1 and 30")]
    PatrolDays,
    #[error(
        "statement_timeout_ms must be at least 100 and below request_timeout_secs (at least 1 s)"
    )]
    Timeouts,
    #[error("filing_max_per_hour must be at least 1")]
    FilingLimit,
    #[error("unsupported database URL scheme (use sqlite:// or postgres://)")]
    DatabaseScheme,
    #[error("cannot read or write the JWT secret file {path}: {source}")]
    SecretFile {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl Settings {
    /// Defaults, then `config_file` (if given and present), then `GONGZHI_*` variables.
    pub fn load(config_file: Option<&Path>) -> Result<Self, SettingsError> {
        let mut fig = Figment::from(Serialized::defaults(Settings::default()));
        if let Some(path) = config_file {
            fig = fig.merge(Toml::file_exact(path));
        }
        // Only the variables that name a setting: GONGZHI_CONFIG, GONGZHI_TEST_*, GONGZHI_BENCH_*
        // and the like belong to other tools. A settings file, by contrast, is checked strictly.
        let known: Vec<String> = match serde_json::to_value(Settings::default()) {
            Ok(serde_json::Value::Object(m)) => m.keys().cloned().collect(),
            _ => Vec::new(),
        };
        let settings: Settings = fig
            .merge(
                Env::prefixed("GONGZHI_")
                    .filter(move |k| known.iter().any(|n| k.as_str().eq_ignore_ascii_case(n))),
            )
            .extract()
            .map_err(|e| SettingsError::Parse(Box::new(e)))?;
        settings.validate()?;
        Ok(settings)
    }

    fn validate(&self) -> Result<(), SettingsError> {
        if !(60..=900).contains(&self.access_token_ttl_secs) {
            return Err(SettingsError::AccessTtl);
        }
        if !(1..=3650).contains(&self.repeat_window_days) {
            return Err(SettingsError::RepeatWindow);
        }
        if !(1..=30).contains(&self.renovation_patrol_days)
            || !(1..=30).contains(&self.renovation_patrol_days_high_risk)
        {
            return Err(SettingsError::PatrolDays);
        }
        if self.request_timeout_secs == 0
            || self.statement_timeout_ms < 100
            || self.statement_timeout_ms >= self.request_timeout_secs * 1000
        {
            return Err(SettingsError::Timeouts);
        }
        if self.filing_max_per_hour == 0 {
            return Err(SettingsError::FilingLimit);
        }
        self.backend()?;
        if let Some(s) = &self.jwt_secret
            && s.expose_secret().len() < 32
        {
            return Err(SettingsError::ShortJwtSecret);
        }
        Ok(())
    }

    pub fn backend(&self) -> Result<Backend, SettingsError> {
        let url = self.database_url.trim();
        if url.is_empty() || url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(SettingsError::DatabaseScheme)
        }
    }

    /// The embedded default: no URL configured.
    pub fn is_embedded_default(&self) -> bool {
        self.database_url.trim().is_empty()
    }

    pub fn sqlite_path(&self) -> PathBuf {
        self.data_dir.join("gongzhi.db")
    }

    /// The database URL to connect to.
    pub fn effective_database_url(&self) -> String {
        if self.is_embedded_default() {
            format!("sqlite://{}?mode=rwc", self.sqlite_path().display())
        } else {
            self.database_url.trim().to_string()
        }
    }

    /// The JWT secret: configured, or (SQLite only) generated once into `data_dir`.
    pub fn resolve_jwt_secret(&self) -> Result<SecretString, SettingsError> {
        if let Some(s) = &self.jwt_secret {
            return Ok(s.clone());
        }
        if self.backend()? == Backend::Postgres {
            return Err(SettingsError::MissingJwtSecret);
        }
        let path = self.data_dir.join("jwt-secret");
        let io = |source| SettingsError::SecretFile {
            path: path.clone(),
            source,
        };
        match std::fs::read_to_string(&path) {
            Ok(s) if s.trim().len() >= 32 => return Ok(SecretString::from(s.trim().to_string())),
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io(e)),
        }
        std::fs::create_dir_all(&self.data_dir).map_err(io)?;
        let secret = crate::auth::tokens::random_token(48);
        write_private(&path, &secret).map_err(io)?;
        Ok(SecretString::from(secret))
    }
}

pub(crate) fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path)?;
    f.write_all(contents.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print_in_debug() {
        let s = Settings {
            jwt_secret: Some(SecretString::from(
                "a-very-secret-value-of-forty-characters!!".to_string(),
            )),
            ..Settings::default()
        };
        let printed = format!("{s:?}");
        assert!(!printed.contains("a-very-secret-value"), "{printed}");
    }

    #[test]
    fn postgres_without_a_jwt_secret_is_refused() {
        let s = Settings {
            database_url: "postgres://localhost/x".into(),
            ..Settings::default()
        };
        assert!(matches!(
            s.resolve_jwt_secret(),
            Err(SettingsError::MissingJwtSecret)
        ));
    }

    #[test]
    fn sqlite_generates_a_secret_once_and_keeps_it() {
        let dir = tempfile::tempdir().unwrap();
        let s = Settings {
            data_dir: dir.path().to_path_buf(),
            ..Settings::default()
        };
        let a = s.resolve_jwt_secret().unwrap();
        let b = s.resolve_jwt_secret().unwrap();
        assert_eq!(a.expose_secret(), b.expose_secret());
        assert!(a.expose_secret().len() >= 32);
    }

    #[test]
    #[allow(clippy::result_large_err)] // figment's test jail returns its own error type
    fn other_tools_gongzhi_variables_are_not_settings() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("GONGZHI_TEST_POSTGRES_URL", "postgres://elsewhere");
            jail.set_env("GONGZHI_PORT", "9999");
            let s = Settings::load(None).map_err(|e| e.to_string())?;
            assert_eq!(s.port, 9999);
            assert!(s.database_url.is_empty());
            Ok(())
        });
    }

    #[test]
    fn unknown_url_schemes_are_refused() {
        let s = Settings {
            database_url: "mysql://x".into(),
            ..Settings::default()
        };
        assert!(s.validate().is_err());
    }
}
