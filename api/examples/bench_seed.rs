//! Data and tokens for `bench/run` (issue #9). Prints figures; asserts nothing about time.
//!
//! - `bench_seed setup URL [ITEMS]` (PostgreSQL): migrates, loads the catalog and the demo, and
//!   grows it into the synthetic city (`common/city.rs`: 16 districts, ~13,000 communities,
//!   ITEMS items over a year, default 1,000,000), then adds 50,000 residents who filed them
//!   (about 20 each, with their `item_filer` rows) and an officer for every squad of Changning.
//! - `bench_seed tokens URL SECRET DIR [N]`: a login (refresh-token family) and an access token
//!   (15 minutes, the longest the server allows) for N residents who filed items, every bench
//!   officer and the district supervisor, written as Lua tables for wrk under DIR; plus the
//!   ids PostGraphile's and pgbench's equivalents need (`ids.lua`, `ids.env`).
//! - `bench_seed sqlite-setup URL ITEMS`: a smaller data set on the embedded default (SQLite has
//!   no `generate_series`): the demo, 5,000 residents and ITEMS items made with a recursive CTE.
use std::{fmt::Write as _, path::PathBuf};

use chrono::Utc;
use gongzhi::auth::tokens::TokenKeys;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};
use secrecy::SecretString;
use uuid::Uuid;

#[path = "common/city.rs"]
mod city;

const RESIDENTS: i64 = 50_000;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("setup") => {
            let items = args
                .get(2)
                .and_then(|s| s.parse().ok())
                .unwrap_or(1_000_000);
            setup(&args[1], items).await
        }
        Some("tokens") => {
            let n = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(2_000);
            tokens(&args[1], &args[2], PathBuf::from(&args[3]), n).await
        }
        Some("sqlite-setup") => {
            let items = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(100_000);
            sqlite_setup(&args[1], items).await
        }
        _ => anyhow::bail!(
            "usage: bench_seed setup URL [ITEMS] | tokens URL SECRET DIR [N] | sqlite-setup URL [ITEMS]"
        ),
    }
}

async fn base(db: &DatabaseConnection) -> anyhow::Result<()> {
    gongzhi::db::migrate(db).await?;
    gongzhi::catalog::load_reference_data(db).await?;
    gongzhi::demo::create(db).await
}

async fn setup(url: &str, items: i64) -> anyhow::Result<()> {
    let db = Database::connect(url).await?;
    base(&db).await?;
    let t = std::time::Instant::now();
    city::generate(&db, items).await?;
    // 50,000 residents living in the synthetic units (one in five units); the items are
    // theirs, about 20 each, a row in item_filer for each.
    for sql in [
        format!(
            "INSERT INTO account (uuid, login, phone, display_name, password_hash, role, status, unit_id, created_at, updated_at)
             SELECT gen_random_uuid(), 'bench-r' || u.n, '1' || lpad((3000000000 + u.n)::text, 10, '0'),
                    '居民' || u.n, (SELECT password_hash FROM account WHERE login = 'resident'),
                    'RESIDENT', 'ACTIVE', u.id, now(), now()
             FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM unit
                   WHERE building_id IN (SELECT id FROM building WHERE name = '合成楼')) u
             WHERE u.n % 5 = 0 AND u.n / 5 <= {RESIDENTS}"
        ),
        "CREATE TABLE bench_r AS SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM account WHERE login LIKE 'bench-r%'".into(),
        format!("UPDATE item SET filer_id = r.id FROM bench_r r WHERE r.n = item.id % {RESIDENTS}"),
        // The synthetic items have no filer rows yet (no anti-join: planned against the empty
        // table it would rescan it for every row).
        "INSERT INTO item_filer (item_id, account_id, created_at) SELECT id, filer_id, created_at FROM item WHERE description = '合成数据'".into(),
        "DROP TABLE bench_r".into(),
        // An officer for every squad of Changning (the demo district).
        "INSERT INTO account (uuid, login, display_name, password_hash, role, status, squad_id, created_at, updated_at)
         SELECT gen_random_uuid(), 'bench-o' || s.id, '队员' || s.id,
                (SELECT password_hash FROM account WHERE login = 'officer'), 'OFFICER', 'ACTIVE', s.id, now(), now()
         FROM squad s JOIN district d ON d.id = s.district_id WHERE d.code NOT LIKE 'SYN%'".into(),
        "VACUUM ANALYZE".into(),
    ] {
        db.execute_unprepared(&sql).await?;
    }
    println!(
        "seeded {} items, {} communities, {} residents in {:.1} s",
        city::scalar(&db, "SELECT COUNT(*) FROM item").await?,
        city::scalar(&db, "SELECT COUNT(*) FROM community").await?,
        city::scalar(&db, "SELECT COUNT(*) FROM account WHERE role = 'RESIDENT'").await?,
        t.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn count(db: &DatabaseConnection, sql: &str) -> anyhow::Result<i64> {
    Ok(rows(db, sql).await?[0].try_get("", "n")?)
}

async fn rows(db: &DatabaseConnection, sql: &str) -> anyhow::Result<Vec<sea_orm::QueryResult>> {
    Ok(db
        .query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await?)
}

/// Logins and access tokens, written as Lua tables.
async fn tokens(url: &str, secret: &str, dir: PathBuf, n: usize) -> anyhow::Result<()> {
    let db = Database::connect(url).await?;
    let keys = TokenKeys::new(&SecretString::from(secret.to_string()), 900);
    let now = Utc::now();
    let pick = |sql: String| {
        let db = &db;
        async move {
            let mut out = Vec::new();
            for r in rows(db, &sql).await? {
                let id: i32 = r.try_get("", "id")?;
                let uuid: Uuid = r.try_get("", "uuid")?;
                out.push((id, uuid));
            }
            anyhow::Ok(out)
        }
    };
    let residents = pick(format!(
        "SELECT a.id, a.uuid FROM account a WHERE a.login LIKE 'bench-r%' \
         ORDER BY a.id LIMIT {n}"
    ))
    .await?;
    let officers = pick(
        "SELECT id, uuid FROM account WHERE login LIKE 'bench-o%' OR login = 'officer' ORDER BY id"
            .into(),
    )
    .await?;
    let supervisors =
        pick("SELECT id, uuid FROM account WHERE login = 'supervisor'".into()).await?;
    let backend = db.get_database_backend();
    let mut lua_ids = String::from("return {\n  residents = {");
    for (name, accounts) in [
        ("resident", &residents),
        ("officer", &officers),
        ("supervisor", &supervisors),
    ] {
        let mut lua = String::from("return {\n");
        for (id, uuid) in accounts.iter() {
            let family = Uuid::new_v4();
            db.execute_raw(Statement::from_sql_and_values(
                backend,
                match backend {
                    sea_orm::DatabaseBackend::Postgres => "INSERT INTO refresh_token (account_id, family, token_hash, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)",
                    _ => "INSERT INTO refresh_token (account_id, family, token_hash, expires_at, created_at) VALUES (?, ?, ?, ?, ?)",
                },
                [
                    (*id).into(),
                    family.into(),
                    format!("bench-{family}").into(),
                    (now + chrono::Duration::days(1)).into(),
                    now.into(),
                ],
            ))
            .await?;
            let (token, _) = keys.issue_access(*uuid, family, now)?;
            writeln!(lua, "  \"{token}\",")?;
        }
        lua.push_str("}\n");
        std::fs::write(dir.join(format!("tokens_{name}.lua")), lua)?;
    }
    for (id, _) in &residents {
        write!(lua_ids, "{id},")?;
    }
    // A community of Changning and its squad, for the peers' inserts.
    let place = rows(
        &db,
        "SELECT c.id AS community, s.id AS squad FROM community c \
         JOIN squad s ON s.sub_district_id = c.sub_district_id ORDER BY c.id LIMIT 1",
    )
    .await?;
    let (community, squad): (i32, i32) = (
        place[0].try_get("", "community")?,
        place[0].try_get("", "squad")?,
    );
    let (rmin, rmax) = (
        residents.iter().map(|r| r.0).min().unwrap_or(0),
        residents.iter().map(|r| r.0).max().unwrap_or(0),
    );
    write!(
        lua_ids,
        "}},\n  community = {community},\n  squad = {squad},\n}}\n"
    )?;
    std::fs::write(dir.join("ids.lua"), lua_ids)?;
    std::fs::write(
        dir.join("ids.env"),
        format!("RMIN={rmin}\nRMAX={rmax}\nCOMMUNITY={community}\nSQUAD={squad}\n"),
    )?;
    println!(
        "tokens: {} residents, {} officers, {} supervisor",
        residents.len(),
        officers.len(),
        supervisors.len()
    );
    Ok(())
}

/// A smaller city on SQLite: the demo district with 5,000 residents in its units' buildings
/// (units repeat: several residents a unit) and ITEMS items filed by them.
async fn sqlite_setup(url: &str, items: i64) -> anyhow::Result<()> {
    let db = Database::connect(url).await?;
    base(&db).await?;
    let t = std::time::Instant::now();
    // SQLite keeps uuids as 16-byte blobs and times as RFC 3339 text, as the server writes.
    for sql in [
        "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 5000),
              u AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM unit),
              c AS (SELECT COUNT(*) AS n FROM unit)
         INSERT INTO account (uuid, login, phone, display_name, password_hash, role, status, unit_id, created_at, updated_at)
         SELECT randomblob(16), 'bench-r' || g.n, '13' || substr('000000000' || g.n, -9), '居民' || g.n,
                (SELECT password_hash FROM account WHERE login = 'resident'), 'RESIDENT', 'ACTIVE', u.id,
                strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'), strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')
         FROM g, c JOIN u ON u.k = g.n % c.n".to_string(),
        format!(
            "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < {items}),
             r AS (SELECT a.id, a.unit_id, row_number() OVER (ORDER BY a.id) - 1 AS k FROM account a WHERE a.login LIKE 'bench-r%'),
             m AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM matter),
             cu AS (SELECT u.id AS unit_id, b.community_id, s.id AS squad_id FROM unit u JOIN building b ON b.id = u.building_id
                    JOIN community c ON c.id = b.community_id JOIN squad s ON s.sub_district_id = c.sub_district_id)
             INSERT INTO item (uuid, kind, source, status, matter_id, community_id, unit_id, squad_id, filer_id, anonymous,
                 description, public_safety, media_attention, late, filer_count, priority, reopened, created_at, updated_at)
             SELECT randomblob(16), 'COMPLAINT', 'CITIZEN_COMPLAINT',
                    CASE g.n % 4 WHEN 0 THEN 'SUBMITTED' WHEN 1 THEN 'ACCEPTED' WHEN 2 THEN 'REPLIED' ELSE 'CLOSED' END,
                    m.id, cu.community_id, cu.unit_id, cu.squad_id,
                    r.id, 0, '合成数据', 0, 0, 0, 1, 0, 0,
                    strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now', '-' || (g.n % 365) || ' days'),
                    strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now', '-' || (g.n % 365) || ' days')
             FROM g JOIN r ON r.k = g.n % 5000 JOIN m ON m.k = g.n % 30 JOIN cu ON cu.unit_id = r.unit_id"
        ),
        "INSERT INTO item_filer (item_id, account_id, created_at)
         SELECT id, filer_id, created_at FROM item WHERE id NOT IN (SELECT item_id FROM item_filer)".to_string(),
        "ANALYZE".to_string(),
    ] {
        db.execute_unprepared(&sql).await?;
    }
    println!(
        "seeded SQLite: {} items, {} residents in {:.1} s",
        count(&db, "SELECT COUNT(*) AS n FROM item").await?,
        count(
            &db,
            "SELECT COUNT(*) AS n FROM account WHERE role = 'RESIDENT'"
        )
        .await?,
        t.elapsed().as_secs_f64()
    );
    Ok(())
}
