//! Structured JSON logs on stdout, filtered by `settings.log` (or `RUST_LOG`).
use tracing_subscriber::{EnvFilter, fmt, prelude::*};

pub fn init(filter: &str) {
    init_with(filter, std::io::stdout);
}

/// The same logs into another writer: the test suite writes them to files, which
/// `scripts/check-logs.py` then searches for secrets.
pub fn init_with<W>(filter: &str, writer: W)
where
    W: for<'a> fmt::MakeWriter<'a> + Send + Sync + 'static,
{
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(filter));
    let _ = tracing_subscriber::registry()
        .with(filter)
        .with(
            fmt::layer()
                .json()
                .flatten_event(true)
                .with_current_span(false)
                .with_writer(writer),
        )
        .try_init();
}
