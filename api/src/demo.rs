//! The demo district (SPEC §13): created only for a new embedded database (or when asked),
//! so every screen has something real to show. Its logins are printed at start.
use chrono::Utc;
use entity::{
    account, building, committee, community, community_workroom, district, property_firm, squad,
    sub_district, unit, workroom_officer,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};
use uuid::Uuid;

use crate::{
    auth::{AccountStatus, Role, password},
    catalog::load::CHANGNING_CODE,
};

pub const DEMO_PASSWORD: &str = "gongzhi-demo";

/// (login, role, what it shows)
pub const DEMO_LOGINS: &[(&str, Role, &str)] = &[
    (
        "resident",
        Role::Resident,
        "居民 · 华阳路街道 安化小区 1号楼 101",
    ),
    ("committee", Role::Committee, "居委会 · 安化居民区"),
    ("property", Role::Property, "物业 · 长宁物业服务有限公司"),
    ("officer", Role::Officer, "执法队员 · 华阳路城管执法中队"),
    ("supervisor", Role::Supervisor, "区局 · 长宁区"),
    ("housing", Role::Housing, "区房管 · 长宁区"),
];

const COMMUNITY_NAMES: [&str; 30] = [
    "安化",
    "姚家角",
    "飞乐",
    "幸福",
    "江苏",
    "华山",
    "新华",
    "法华",
    "番禺",
    "周家桥",
    "天山",
    "遵义",
    "仙霞",
    "茅台",
    "虹桥",
    "古北",
    "程家桥",
    "哈密",
    "北新泾",
    "平塘",
    "新泾",
    "绿园",
    "金钟",
    "泉口",
    "镇宁",
    "万航",
    "武夷",
    "愚园",
    "延安",
    "定西",
];

const FIRMS: [&str; 5] = [
    "长宁物业服务有限公司",
    "上海华阳物业管理有限公司",
    "上海仙霞房地产物业有限公司",
    "上海新泾物业管理有限公司",
    "上海虹桥物业服务有限公司",
];

/// The demo district's partner departments: name, kind, address for letters.
pub const DEPARTMENTS: &[(&str, &str, &str)] = &[
    ("长宁区房屋管理局", "HOUSING", "上海市长宁区（演示地址）"),
    (
        "长宁区绿化和市容管理局",
        "OTHER",
        "上海市长宁区（演示地址）",
    ),
    ("长宁区市场监督管理局", "OTHER", "上海市长宁区（演示地址）"),
    ("华阳路街道平安办", "OTHER", "上海市长宁区（演示地址）"),
];

/// True when the database has no communities yet (a new database).
pub async fn is_empty(db: &DatabaseConnection) -> anyhow::Result<bool> {
    Ok(community::Entity::find().count(db).await? == 0)
}

/// Creates the demo district's communities and one account per role. Reference data
/// (district, sub-districts, squads) must be loaded first.
pub async fn create(db: &DatabaseConnection) -> anyhow::Result<()> {
    let hash = password::hash(DEMO_PASSWORD.into()).await?;
    let txn = db.begin().await?;
    let d = district::Entity::find()
        .filter(district::Column::Code.eq(CHANGNING_CODE))
        .one(&txn)
        .await?
        .ok_or_else(|| anyhow::anyhow!("reference data not loaded"))?;
    let subs = sub_district::Entity::find()
        .filter(sub_district::Column::DistrictId.eq(d.id))
        .order_by_asc(sub_district::Column::Code)
        .all(&txn)
        .await?;
    let mut firms = Vec::new();
    for (i, name) in FIRMS.iter().enumerate() {
        firms.push(
            property_firm::ActiveModel {
                uuid: Set(Uuid::new_v4()),
                district_id: Set(d.id),
                name: Set((*name).into()),
                phone: Set(Some(format!("021-6250{:04}", 1000 + i))),
                ..Default::default()
            }
            .insert(&txn)
            .await?,
        );
    }
    let mut first: Option<(community::Model, committee::Model, i32)> = None;
    let mut pending_unit = None;
    let mut n = 0usize;
    for sd in &subs {
        for _ in 0..3 {
            let name = COMMUNITY_NAMES[n % COMMUNITY_NAMES.len()];
            let firm = &firms[n % firms.len()];
            let cm = committee::ActiveModel {
                uuid: Set(Uuid::new_v4()),
                sub_district_id: Set(sd.id),
                name: Set(format!("{name}居民区")),
                phone: Set(Some(format!("021-6251{:04}", n))),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            let c = community::ActiveModel {
                uuid: Set(Uuid::new_v4()),
                sub_district_id: Set(sd.id),
                committee_id: Set(cm.id),
                property_firm_id: Set(Some(firm.id)),
                name: Set(format!("{name}小区")),
                address: Set(format!("上海市长宁区{}{}弄", name, 100 + n * 7)),
                affordable_housing: Set(n % 7 == 3),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            community_workroom::ActiveModel {
                community_id: Set(c.id),
                office_hours: Set("周二、周四 9:00–11:30".into()),
                phone: Set(format!("021-6252{:04}", n)),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            let first_unit = units(&txn, c.id).await?;
            if first.is_none() {
                first = Some((c.clone(), cm.clone(), first_unit.0));
                pending_unit = Some(first_unit.1);
            }
            n += 1;
        }
    }
    let (c1, cm1, unit1) = first.ok_or_else(|| anyhow::anyhow!("no sub-districts"))?;
    let squad1 = squad::Entity::find()
        .filter(squad::Column::SubDistrictId.eq(c1.sub_district_id))
        .one(&txn)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no squad"))?;
    let base = |login: &str, name: &str, role: Role| {
        let now = Utc::now();
        account::ActiveModel {
            uuid: Set(Uuid::new_v4()),
            login: Set(login.into()),
            display_name: Set(name.into()),
            password_hash: Set(hash.clone()),
            role: Set(role.as_str().into()),
            status: Set(AccountStatus::Active.as_str().into()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
    };
    let mut resident = base("resident", "王阿姨", Role::Resident);
    resident.phone = Set(Some("13900000001".into()));
    resident.unit_id = Set(Some(unit1));
    resident.insert(&txn).await?;
    // Signs in as "pending" or by phone; the banner and logs show only the login name.
    let mut pending = base("pending", "李先生", Role::Resident);
    pending.phone = Set(Some("13900000002".into()));
    pending.unit_id = Set(pending_unit);
    pending.status = Set(AccountStatus::PendingVerification.as_str().into());
    pending.insert(&txn).await?;
    let mut committee_acct = base("committee", "安化居民区 张书记", Role::Committee);
    committee_acct.committee_id = Set(Some(cm1.id));
    committee_acct.insert(&txn).await?;
    let mut property = base("property", "长宁物业 陈经理", Role::Property);
    property.property_firm_id = Set(c1.property_firm_id);
    property.insert(&txn).await?;
    let mut officer = base("officer", "华阳路中队 刘队员", Role::Officer);
    officer.squad_id = Set(Some(squad1.id));
    let officer = officer.insert(&txn).await?;
    let mut supervisor = base("supervisor", "区局 周科长", Role::Supervisor);
    supervisor.district_id = Set(Some(d.id));
    supervisor.insert(&txn).await?;
    let mut housing = base("housing", "区房管局 吴科员", Role::Housing);
    housing.district_id = Set(Some(d.id));
    housing.insert(&txn).await?;
    // The partner departments (管执联动): the housing administration answers in the app; the
    // others by letter.
    for (name, kind, address) in DEPARTMENTS {
        entity::department::ActiveModel {
            uuid: Set(Uuid::new_v4()),
            district_id: Set(d.id),
            name: Set((*name).into()),
            kind: Set((*kind).into()),
            address: Set(Some((*address).into())),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    // The officer staffs the workrooms of the squad's communities.
    let rooms = community_workroom::Entity::find().all(&txn).await?;
    for c in community::Entity::find()
        .filter(community::Column::SubDistrictId.eq(c1.sub_district_id))
        .all(&txn)
        .await?
    {
        if let Some(room) = rooms.iter().find(|r| r.community_id == c.id) {
            workroom_officer::ActiveModel {
                workroom_id: Set(room.id),
                account_id: Set(officer.id),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
    }
    crate::db::commit(txn).await?;
    Ok(())
}

/// Three buildings of six units; returns the first and second unit ids.
async fn units(txn: &DatabaseTransaction, community_id: i32) -> anyhow::Result<(i32, i32)> {
    let mut ids = Vec::new();
    for b in 1..=3 {
        let bld = building::ActiveModel {
            uuid: Set(Uuid::new_v4()),
            community_id: Set(community_id),
            name: Set(format!("{b}号楼")),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        for floor in 1..=3 {
            for door in 1..=2 {
                let u = unit::ActiveModel {
                    uuid: Set(Uuid::new_v4()),
                    building_id: Set(bld.id),
                    number: Set(format!("{floor}0{door}")),
                    ..Default::default()
                }
                .insert(txn)
                .await?;
                ids.push(u.id);
            }
        }
    }
    Ok((ids[0], ids[1]))
}

/// The banner printed at start when the demo exists.
pub fn banner() -> String {
    let mut s = String::from("Demo district (长宁区) — logins, password \"gongzhi-demo\":\n");
    for (login, role, what) in DEMO_LOGINS {
        s.push_str(&format!("  {login:<11} {:<11} {what}\n", role.as_str()));
    }
    s.push_str("  pending     RESIDENT    a resident waiting for the committee to verify them\n");
    s
}
