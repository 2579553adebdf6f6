//! The synthetic city of the benchmarks (#6, #9): the demo district (Changning) grown to 800
//! communities plus 15 more districts, about 13,000 communities of 20 units each; items over
//! the last 365 days with a skew — a fifth of them in ten hotspot communities across the city,
//! a few units there complained about again and again — in every state of the closed loop,
//! with the milestones the figures count. Plain SQL with `generate_series` (PostgreSQL).
use sea_orm::{ConnectionTrait, DatabaseConnection};

pub async fn scalar(db: &DatabaseConnection, sql: &str) -> anyhow::Result<i64> {
    let r = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            format!("SELECT ({sql})::bigint AS n"),
        ))
        .await?
        .ok_or_else(|| anyhow::anyhow!("no row"))?;
    Ok(r.try_get("", "n")?)
}

/// The synthetic district: plain SQL with `generate_series`, not one call per row.
pub async fn generate(db: &DatabaseConnection, items: i64) -> anyhow::Result<()> {
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
