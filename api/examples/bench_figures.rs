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

async fn scalar(db: &DatabaseConnection, sql: &str) -> anyhow::Result<i64> {
    let r = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            format!("SELECT ({sql})::bigint AS n"),
        ))
        .await?
        .ok_or_else(|| anyhow::anyhow!("no row"))?;
    Ok(r.try_get("", "n")?)
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

/// The synthetic district: plain SQL with `generate_series`, not one call per row.
async fn generate(db: &DatabaseConnection, items: i64) -> anyhow::Result<()> {
    let steps = [
        // The city: 15 more districts of 10 sub-districts, each with its squad, committee
        // and firm; 770 more communities in Changning and 81 in every other sub-district
        // (about 13,000 in all).
        "INSERT INTO district (uuid, code, name_zh, name_en)
         SELECT gen_random_uuid(), 'SYN' || g, '合成区' || g, 'District ' || g
         FROM generate_series(1, 15) g",
        "INSERT INTO sub_district (uuid, district_id, code, name_zh, name_en, kind)
         SELECT gen_random_uuid(), d.id, d.code || '-' || s, d.name_zh || s || '街道', d.name_en || '-' || s, 'subdistrict'
         FROM district d, generate_series(1, 10) s WHERE d.code LIKE 'SYN%'",
        "INSERT INTO squad (uuid, district_id, sub_district_id, name_zh, name_en)
         SELECT gen_random_uuid(), sd.district_id, sd.id, sd.name_zh || '中队', sd.name_en || ' squad'
         FROM sub_district sd JOIN district d ON d.id = sd.district_id WHERE d.code LIKE 'SYN%'",
        "INSERT INTO committee (uuid, sub_district_id, name)
         SELECT gen_random_uuid(), sd.id, sd.name_zh || '居委会'
         FROM sub_district sd JOIN district d ON d.id = sd.district_id WHERE d.code LIKE 'SYN%'",
        "INSERT INTO property_firm (uuid, district_id, name)
         SELECT gen_random_uuid(), d.id, d.name_zh || '物业' || g
         FROM district d, generate_series(1, 5) g WHERE d.code LIKE 'SYN%'",
        "WITH sd AS (SELECT array_agg(s.id ORDER BY s.id) a FROM sub_district s
                     JOIN district d ON d.id = s.district_id WHERE d.code NOT LIKE 'SYN%'),
              cm AS (SELECT array_agg(id ORDER BY id) a FROM committee),
              pf AS (SELECT array_agg(id ORDER BY id) a FROM property_firm)
         INSERT INTO community (uuid, sub_district_id, committee_id, property_firm_id, name, address, affordable_housing)
         SELECT gen_random_uuid(), sd.a[1 + g % array_length(sd.a, 1)], cm.a[1 + g % 30],
                pf.a[1 + g % 5], '合成小区' || g, '合成路' || g || '号', g % 40 = 0
         FROM generate_series(1, 770) g, sd, cm, pf",
        "INSERT INTO community (uuid, sub_district_id, committee_id, property_firm_id, name, address, affordable_housing)
         SELECT gen_random_uuid(), sd.id, c.id,
                (SELECT p.id FROM property_firm p WHERE p.district_id = sd.district_id ORDER BY p.id LIMIT 1),
                sd.name_zh || '小区' || g, sd.name_zh || '路' || g || '号', g % 40 = 0
         FROM sub_district sd JOIN district d ON d.id = sd.district_id
         JOIN committee c ON c.sub_district_id = sd.id, generate_series(1, 81) g
         WHERE d.code LIKE 'SYN%'",
        // One more building with 20 units in every community, ids contiguous per community.
        "INSERT INTO building (uuid, community_id, name)
         SELECT gen_random_uuid(), c.id, '合成楼' FROM community c ORDER BY c.id",
        "INSERT INTO unit (uuid, building_id, number)
         SELECT gen_random_uuid(), b.id, (100 + u)::text
         FROM building b, generate_series(1, 20) u WHERE b.name = '合成楼' ORDER BY b.id, u",
        "CREATE TABLE bench_cu AS
         SELECT c.id AS community_id, MIN(u.id) AS first_unit, s.id AS squad_id,
                row_number() OVER (ORDER BY c.id) AS n
         FROM community c JOIN building b ON b.community_id = c.id AND b.name = '合成楼'
         JOIN unit u ON u.building_id = b.id JOIN squad s ON s.sub_district_id = c.sub_district_id
         GROUP BY c.id, s.id",
        "CREATE TABLE bench_mt AS SELECT array_agg(id ORDER BY code) a FROM matter",
    ];
    for s in steps {
        db.execute_unprepared(s).await?;
    }
    let filer = scalar(db, "SELECT id FROM account WHERE login = 'resident'").await?;
    let communities = scalar(db, "SELECT COUNT(*) FROM bench_cu").await?;
    // Rows: a community (a fifth in ten hotspots), a unit (hotspots: mostly three units), a
    // matter (hotspots: mostly one), a day of the year, and a state with its milestones.
    let insert = format!(
        "INSERT INTO item (uuid, kind, source, status, matter_id, community_id, unit_id, squad_id, filer_id,
            anonymous, description, public_safety, media_attention, late, filer_count, priority, reopened,
            resolution, rating, created_at, updated_at, accepted_at, accepted_on_time, replied_on_time,
            converted_at, due_at)
         SELECT gen_random_uuid(),
            CASE WHEN r.k < 0.85 THEN 'COMPLAINT' WHEN r.k < 0.90 THEN 'COMMITTEE_REPORT'
                 WHEN r.k < 0.95 THEN 'PROPERTY_REPORT' ELSE 'SUGGESTION' END,
            CASE WHEN r.k < 0.80 THEN 'CITIZEN_COMPLAINT' WHEN r.k < 0.85 THEN 'PATROL'
                 WHEN r.k < 0.90 THEN 'COMMITTEE_REPORT' WHEN r.k < 0.95 THEN 'PROPERTY_REPORT'
                 ELSE 'CITIZEN_COMPLAINT' END,
            r.status,
            CASE WHEN r.k >= 0.95 THEN NULL
                 WHEN r.hot AND r.m < 0.6 THEN mt.a[3 + (cu.n % 5)::int]
                 ELSE mt.a[1 + floor(r.m * array_length(mt.a, 1))::int] END,
            cu.community_id,
            CASE WHEN r.hot AND r.u < 0.5 THEN cu.first_unit + floor(r.u * 6)::int
                 ELSE cu.first_unit + floor(r.u * 20)::int END,
            cu.squad_id, {filer},
            false, '合成数据', r.k < 0.02, false, false, 1, 0, false,
            CASE WHEN r.status IN ('RESOLVED', 'REPLIED', 'CLOSED')
                 THEN (ARRAY['NO_VIOLATION', 'RECTIFIED_ON_SITE', 'REFERRED'])[1 + floor(r.m * 3)::int] END,
            CASE WHEN r.status = 'CLOSED' AND r.u < 0.8 THEN 'SATISFIED'
                 WHEN r.status = 'CLOSED' AND r.u < 0.9 THEN 'UNSATISFIED' END,
            r.at, r.at,
            CASE WHEN r.status <> 'SUBMITTED' THEN r.at + interval '3 hours' END,
            CASE WHEN r.status <> 'SUBMITTED' THEN r.u < 0.92 END,
            CASE WHEN r.status IN ('CONVERTED_TO_CASE', 'REPLIED', 'CLOSED') THEN r.m < 0.88 END,
            CASE WHEN r.status = 'CONVERTED_TO_CASE' THEN r.at + interval '2 days' END,
            CASE WHEN r.status IN ('SUBMITTED', 'ACCEPTED', 'VERIFYING', 'RESOLVED') THEN r.at + interval '7 days' END
         FROM (
            SELECT g,
                   random() AS k, random() AS m, random() AS u,
                   random() < 0.2 AS hot,
                   now() - random() * interval '365 days' AS at,
                   (ARRAY['SUBMITTED', 'ACCEPTED', 'VERIFYING', 'CONVERTED_TO_CASE', 'RESOLVED',
                          'REPLIED', 'CLOSED', 'CLOSED', 'CLOSED', 'CLOSED'])[1 + floor(random() * 10)::int] AS status,
                   random() AS c
            FROM generate_series(1, {items}) g
         ) r
         JOIN bench_cu cu ON cu.n = CASE WHEN r.hot THEN 1 + floor(r.c * 10)::int * 1297
                                ELSE 1 + floor(r.c * {communities})::int END,
         bench_mt mt"
    );
    db.execute_unprepared(&insert).await?;
    // A twentieth are repeats of the item before them.
    db.execute_unprepared(
        "UPDATE item SET repeat_of_id = id - 1 WHERE id % 20 = 0 AND kind = 'COMPLAINT'",
    )
    .await?;
    db.execute_unprepared("DROP TABLE bench_cu, bench_mt")
        .await?;
    db.execute_unprepared("VACUUM ANALYZE").await?;
    Ok(())
}
