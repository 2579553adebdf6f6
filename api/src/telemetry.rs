//! Structured JSON logs on stdout, filtered by `settings.log` (or `RUST_LOG`).
use tracing_subscriber::{EnvFilter, fmt, prelude::*};

pub fn init(filter: &str) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(filter));
    let _ = tracing_subscriber::registry()
        .with(filter)
        .with(
            fmt::layer()
                .json()
                .flatten_event(true)
                .with_current_span(false),
        )
        .try_init();
}
