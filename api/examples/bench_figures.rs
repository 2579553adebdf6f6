//! Benchmark (issue #6): a district's figures and a hotspot's classification over one
//! million items received in a year, on PostgreSQL. Prints figures; asserts nothing about
//! time (speed goals live here, not in tests).
//!
//! `bash bench/figures` — or `cargo run --release -p api --example bench_figures`, with
//! `GONGZHI_BENCH_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432`) and
//! `BENCH_ITEMS` (default 1000000). It makes a database of its own and drops it at the end.
//!
//! The data, at the scale of #9's city: the demo district (Changning) grown to 800
//! communities plus 15 more districts, about 13,000 communities of 20 units each; items over
//! the last 365 days with a skew — a fifth of them in ten hotspot communities across the city
//! (one in Changning), a few units there complained about again and again — in every state of
//! the closed loop, with the milestones the figures count. The district timed is Changning,
//! with its share of the city's items.
use std::time::{Duration, Instant};

use gongzhi::{
    auth::{CurrentUser, Role, Scope},
    figures::{self, Bucket, FigureDimension, FigureMeasure, FilterSpec},
    hotspots,
    i18n::Lang,
};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};

#[path = "common/city.rs"]
mod city;
use city::{generate, scalar};

const GOAL_FIGURES_MS: u128 = 300;
const GOAL_PATTERN_MS: u128 = 100;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let base = std::env::var("GONGZHI_BENCH_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
    let items: i64 = std::env::var("BENCH_ITEMS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let name = format!("gongzhi_bench_figures_{}", std::process::id());
    let admin = Database::connect(format!("{base}/postgres")).await?;
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await?;
    let result = run(&format!("{base}/{name}"), items).await;
    if std::env::var("BENCH_KEEP").is_ok() {
        println!("kept the database {name} (BENCH_KEEP)");
    } else {
        admin
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .await?;
    }
    result
}

async fn run(url: &str, items: i64) -> anyhow::Result<()> {
    let db = Database::connect(url).await?;
    gongzhi::db::migrate(&db).await?;
    gongzhi::catalog::load_reference_data(&db).await?;
    gongzhi::demo::create(&db).await?;
    let t = Instant::now();
    generate(&db, items).await?;
    println!(
        "generated {items} items, {} communities in {:.1} s (then VACUUM ANALYZE)",
        scalar(&db, "SELECT COUNT(*) FROM community").await?,
        t.elapsed().as_secs_f64()
    );
    println!(
        "the timed district (Changning): {} items received in the year",
        scalar(
            &db,
            "SELECT COUNT(*) FROM item i JOIN community c ON c.id = i.community_id \
             JOIN sub_district sd ON sd.id = c.sub_district_id \
             JOIN district d ON d.id = sd.district_id WHERE d.code NOT LIKE 'SYN%'"
        )
        .await?
    );
    let sup = supervisor(&db).await?;
    let today = figures::today();
    let year = FilterSpec {
        from: Some(today - chrono::Duration::days(364)),
        to: Some(today),
        ..Default::default()
    };
    println!();
    println!(
        "{:<58} {:>8} {:>8} {:>8}  goal",
        "operation", "min ms", "p50 ms", "max ms"
    );
    for (label, by) in [
        (
            "figures: district, year, by sub-district",
            FigureDimension::SubDistrict,
        ),
        (
            "figures: district, year, by community",
            FigureDimension::Community,
        ),
        (
            "figures: district, year, by matter",
            FigureDimension::Matter,
        ),
    ] {
        let f = figures::resolve(&db, &sup, &year).await?;
        let times = time(5, || {
            let f = f.clone();
            let db = &db;
            async move {
                figures::figures(db, Lang::Zh, f, by, Bucket::Week)
                    .await
                    .map(|_| ())
            }
        })
        .await?;
        report(label, &times, GOAL_FIGURES_MS);
    }
    let f = figures::resolve(&db, &sup, &year).await?;
    let times = time(5, || {
        let f = f.clone();
        let db = &db;
        async move {
            figures::items_behind(db, &f, FigureMeasure::AcceptedLate, None, 0, 20)
                .await
                .map(|_| ())
        }
    })
    .await?;
    report(
        "drill-down: accepted late, first page",
        &times,
        GOAL_FIGURES_MS,
    );
    let hot: i32 = scalar(
        &db,
        "SELECT community_id FROM item GROUP BY community_id ORDER BY COUNT(*) DESC LIMIT 1",
    )
    .await? as i32;
    let typical: i32 = scalar(
        &db,
        "SELECT community_id FROM item GROUP BY community_id ORDER BY COUNT(*) LIMIT 1 OFFSET 6000",
    )
    .await? as i32;
    let (from, to) = hotspots::window(None, None)?;
    for (label, c) in [
        ("hotspot pattern: busiest community, 90 days", hot),
        ("hotspot pattern: a typical community, 90 days", typical),
    ] {
        let times = time(5, || {
            let db = &db;
            async move { hotspots::pattern_of(db, c, from, to).await.map(|_| ()) }
        })
        .await?;
        report(label, &times, GOAL_PATTERN_MS);
    }
    let p = hotspots::pattern_of(&db, hot, from, to).await?;
    println!(
        "\nbusiest community: {} items in 90 days, label {:?}",
        p.pattern.total, p.pattern.label
    );
    Ok(())
}

fn report(label: &str, times: &[Duration], goal: u128) {
    let mut ms: Vec<u128> = times.iter().map(|d| d.as_millis()).collect();
    ms.sort();
    let p50 = ms[ms.len() / 2];
    println!(
        "{label:<58} {:>8} {:>8} {:>8}  ≤ {goal} {}",
        ms[0],
        p50,
        ms[ms.len() - 1],
        if p50 <= goal { "met" } else { "NOT MET" }
    );
}

/// One warm-up, then `n` timed runs.
async fn time<F, Fut>(n: usize, mut f: F) -> anyhow::Result<Vec<Duration>>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = gongzhi::error::ApiResult<()>>,
{
    f().await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut out = Vec::new();
    for _ in 0..n {
        let t = Instant::now();
        f().await.map_err(|e| anyhow::anyhow!("{e}"))?;
        out.push(t.elapsed());
    }
    Ok(out)
}

async fn supervisor(db: &DatabaseConnection) -> anyhow::Result<CurrentUser> {
    let id = scalar(db, "SELECT id FROM account WHERE login = 'supervisor'").await? as i32;
    let district_id = scalar(
        db,
        "SELECT district_id FROM account WHERE login = 'supervisor'",
    )
    .await? as i32;
    Ok(CurrentUser {
        id,
        uuid: uuid::Uuid::nil(),
        role: Role::Supervisor,
        scope: Scope::District { district_id },
        display_name: "bench".into(),
        session: None,
    })
}
