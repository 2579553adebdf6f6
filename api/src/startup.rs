//! Building the application: connect, migrate, load reference data, maybe create the
//! demo, build the schema once, bind (port 0 works), then run until stopped.
use std::{net::TcpListener, sync::Arc, time::Duration};

use actix_web::{App, HttpServer, dev::Server, web};
use anyhow::Context;

use crate::{
    auth::tokens::TokenKeys,
    catalog, db, demo,
    events::EventBus,
    graphql::{self, AppSchema},
    http,
    metrics::Metrics,
    photos::PhotoStore,
    push::Push,
    settings::Settings,
    state::AppState,
};

pub struct Application {
    port: u16,
    server: Server,
    /// True when this start created the demo district.
    pub demo_created: bool,
    pub state: AppState,
}

impl Application {
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let secret = settings.resolve_jwt_secret()?;
        let backend = settings.backend()?;
        if settings.migrate_on_start {
            db::migrate_with_own_connection(&settings).await?;
        }
        let database = db::connect(&settings).await?;
        if !settings.migrate_on_start {
            db::require_migrated(&database).await?;
        }
        catalog::load_reference_data(&database).await?;
        let want_demo = settings.demo.unwrap_or(settings.is_embedded_default());
        let demo_created = want_demo && demo::is_empty(&database).await?;
        let demo_activity = settings.demo_activity;
        if backend == crate::settings::Backend::Postgres && settings.s3_bucket.is_none() {
            tracing::warn!(
                dir = %settings.data_dir.join("photos").display(),
                "photos go to a local directory: every gongzhi process must share it, or set GONGZHI_S3_BUCKET"
            );
        }
        let state = AppState {
            db: database,
            keys: TokenKeys::new(&secret, settings.access_token_ttl_secs),
            events: EventBus::new(backend),
            photos: PhotoStore::from_settings(&settings, &secret)?,
            push: Push::from_settings(&settings)?,
            metrics: Metrics::new()?,
            settings: Arc::new(settings),
            figure_flights: Default::default(),
        };
        if demo_created {
            demo::create(&state.db)
                .await
                .context("creating the demo district")?;
            if demo_activity {
                crate::demo_activity::create(&state.db, &state.photos, &state.settings)
                    .await
                    .context("creating the demo district's sample activity")?;
            }
        }
        state
            .events
            .spawn_listener(&state.settings.effective_database_url());
        spawn_housekeeping(state.clone());
        let schema = graphql::build_schema(state.clone());
        let listener = TcpListener::bind((state.settings.host.as_str(), state.settings.port))
            .with_context(|| format!("binding {}:{}", state.settings.host, state.settings.port))?;
        let port = listener.local_addr()?.port();
        let server = run(listener, state.clone(), schema)?;
        Ok(Self {
            port,
            server,
            demo_created,
            state,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// Every ten minutes, closes replied items nobody rated within the quiet period and forgets
/// failed logins past their window. Every process runs it; each close is conditional, so
/// they never close an item twice.
fn spawn_housekeeping(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(600));
        loop {
            tick.tick().await;
            let now = chrono::Utc::now();
            match crate::intake::act::close_quiet_items(
                &state.db,
                now,
                state.settings.quiet_period_days,
            )
            .await
            {
                Ok(closed) => {
                    for it in closed {
                        state
                            .events
                            .publish(
                                &state.db,
                                crate::events::Event::ItemChanged { item: it.uuid },
                            )
                            .await;
                    }
                }
                Err(e) => tracing::warn!(error = %e, "closing quiet items failed"),
            }
            let limits = crate::auth::rate_limit::Limits {
                max_failures: state.settings.login_max_failures,
                window_secs: state.settings.login_window_secs,
            };
            if let Err(e) = crate::auth::rate_limit::purge(&state.db, &limits).await {
                tracing::warn!(error = %e, "purging old failed logins failed");
            }
        }
    });
}

/// What the PWA's pages may load: only this origin's scripts, styles, workers and data (the
/// photos are served here too), images also from `blob:` and `data:` (previews before upload),
/// no plugins, no framing, no `<base>`. An injected script or a stray external resource is
/// refused by the browser; the browser tests fail on any violation (`pwa/e2e/browser.ts`).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self' blob: data:; connect-src 'self'; worker-src 'self'; \
     manifest-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
     frame-ancestors 'none'; form-action 'self'";

fn run(listener: TcpListener, state: AppState, schema: AppSchema) -> anyhow::Result<Server> {
    let grace = state.settings.shutdown_grace_secs;
    let state_data = web::Data::new(state);
    let schema_data = web::Data::new(schema);
    let server = HttpServer::new(move || {
        App::new()
            .wrap(actix_web::middleware::Compress::default())
            .wrap(
                actix_web::middleware::DefaultHeaders::new()
                    .add(("X-Content-Type-Options", "nosniff"))
                    .add(("Referrer-Policy", "no-referrer"))
                    .add(("X-Frame-Options", "DENY"))
                    .add(("Content-Security-Policy", CONTENT_SECURITY_POLICY))
                    .add(("Cross-Origin-Opener-Policy", "same-origin")),
            )
            .app_data(state_data.clone())
            .app_data(schema_data.clone())
            .configure(http::routes)
    })
    .listen(listener)?
    .client_request_timeout(Duration::from_secs(30))
    // SIGTERM/SIGINT: stop accepting, let in-flight requests finish within the grace.
    .shutdown_timeout(grace)
    .run();
    Ok(server)
}
