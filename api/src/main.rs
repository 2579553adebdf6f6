//! `gongzhi` — runs the server, or an admin command.
use std::{io::Read, path::PathBuf};

use clap::{Parser, Subcommand};
use gongzhi::{admin, demo, settings::Settings, startup::Application, telemetry};

/// A request allocates many small short-lived values (JSON, GraphQL values, rows): mimalloc
/// serves them with less CPU than glibc's malloc (docs/PERFORMANCE.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "gongzhi",
    version,
    about = "共治 · the online community workroom"
)]
struct Cli {
    /// Optional TOML settings file (environment variables GONGZHI_* override it).
    #[arg(long, env = "GONGZHI_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server (the default).
    Serve,
    /// Administration.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Apply pending database migrations, then exit. In production run it as the database's
    /// owner role; the servers' own role needs no right to change the schema.
    Migrate,
    /// Print the GraphQL SDL.
    Sdl,
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create a district-wide supervisor; the password is read from standard input.
    CreateSupervisor {
        #[arg(long)]
        login: String,
        #[arg(long)]
        name: String,
        /// District code, e.g. 310105 for 长宁区.
        #[arg(long, default_value = "310105")]
        district: String,
    },
}

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let settings = match Settings::load(cli.config.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("gongzhi: {e}");
            std::process::exit(2);
        }
    };
    match cli.command.unwrap_or(Command::Serve) {
        Command::Sdl => {
            print!("{}", gongzhi::graphql::sdl());
            Ok(())
        }
        Command::Admin {
            command:
                AdminCommand::CreateSupervisor {
                    login,
                    name,
                    district,
                },
        } => {
            let mut pw = String::new();
            std::io::stdin().read_to_string(&mut pw)?;
            let uuid = admin::create_supervisor(
                &settings,
                &login,
                &name,
                &district,
                pw.trim_end_matches(['\r', '\n']).to_string(),
            )
            .await?;
            println!("created supervisor {login} ({uuid})");
            Ok(())
        }
        Command::Migrate => {
            telemetry::init(&settings.log);
            gongzhi::db::migrate_with_own_connection(&settings).await?;
            eprintln!("gongzhi: migrations applied");
            Ok(())
        }
        Command::Serve => serve(settings).await,
    }
}

async fn serve(settings: Settings) -> anyhow::Result<()> {
    telemetry::init(&settings.log);
    if let Err(e) = settings.resolve_jwt_secret() {
        eprintln!("gongzhi: {e}");
        std::process::exit(2);
    }
    let app = Application::build(settings).await?;
    let host = app.state.settings.host.clone();
    tracing::info!(addr = %format!("{host}:{}", app.port()), "listening");
    eprintln!("gongzhi listening on http://{host}:{}/", app.port());
    if app
        .state
        .settings
        .demo
        .unwrap_or(app.state.settings.is_embedded_default())
    {
        eprint!("{}", demo::banner());
    }
    app.run_until_stopped().await?;
    tracing::info!("stopped");
    Ok(())
}
