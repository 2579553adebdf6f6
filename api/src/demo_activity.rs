//! A few weeks of sample activity for the demo district (SPEC §13): items in every state,
//! made through the same services a person would use, then moved back in time.
use chrono::Duration;
use entity::{account, community, item, item_event};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use crate::{
    accounts,
    auth::CurrentUser,
    catalog::holidays,
    intake::{
        act,
        file::{self, Filing},
        rules,
        status::{self, ItemKind, ItemSource, Rating, Resolution},
    },
    photos::PhotoStore,
};

/// How far each sample item has come.
#[derive(Clone, Copy)]
enum Reach {
    Submitted,
    Accepted,
    Verifying,
    Resolved,
    Replied,
    ClosedSatisfied,
    Reopened,
    Referred,
}

struct Sample {
    by: &'static str,
    kind: ItemKind,
    source: Option<ItemSource>,
    community: &'static str,
    matter: Option<&'static str>,
    text: &'static str,
    public_safety: bool,
    days_ago: i64,
    reach: Reach,
}

const SAMPLES: &[Sample] = &[
    Sample {
        by: "resident",
        kind: ItemKind::Complaint,
        source: None,
        community: "安化小区",
        matter: Some("C2"),
        text: "3号楼楼道里堆满了纸箱和旧家具，消防通道被堵住了。",
        public_safety: false,
        days_ago: 1,
        reach: Reach::Submitted,
    },
    Sample {
        by: "resident",
        kind: ItemKind::Complaint,
        source: None,
        community: "安化小区",
        matter: Some("A6"),
        text: "有人把楼道里的燃气管道私自移到了阳台外面。",
        public_safety: true,
        days_ago: 2,
        reach: Reach::Accepted,
    },
    Sample {
        by: "resident",
        kind: ItemKind::Complaint,
        source: None,
        community: "安化小区",
        matter: Some("C1"),
        text: "1号楼顶楼有人在露台上搭彩钢板房，已经搭了一半。",
        public_safety: false,
        days_ago: 4,
        reach: Reach::Verifying,
    },
    Sample {
        by: "resident",
        kind: ItemKind::Complaint,
        source: None,
        community: "安化小区",
        matter: Some("C5"),
        text: "小区东侧绿地被改成了停车位。",
        public_safety: false,
        days_ago: 6,
        reach: Reach::Resolved,
    },
    Sample {
        by: "resident",
        kind: ItemKind::Complaint,
        source: None,
        community: "安化小区",
        matter: None,
        text: "晚上十点后还有装修电钻声。",
        public_safety: false,
        days_ago: 5,
        reach: Reach::Replied,
    },
    Sample {
        by: "resident",
        kind: ItemKind::Complaint,
        source: None,
        community: "安化小区",
        matter: Some("A10"),
        text: "自行车棚里堆放的电瓶车在充电，担心起火。",
        public_safety: true,
        days_ago: 18,
        reach: Reach::ClosedSatisfied,
    },
    Sample {
        by: "resident",
        kind: ItemKind::Complaint,
        source: None,
        community: "安化小区",
        matter: Some("B1"),
        text: "楼下一套房子住了十几个人，疑似群租。",
        public_safety: false,
        days_ago: 13,
        reach: Reach::Reopened,
    },
    Sample {
        by: "committee",
        kind: ItemKind::Complaint,
        source: None,
        community: "安化小区",
        matter: Some("C3"),
        text: "居民区反映：小区门口流动摊贩占道经营。",
        public_safety: false,
        days_ago: 3,
        reach: Reach::Accepted,
    },
    Sample {
        by: "officer",
        kind: ItemKind::Complaint,
        source: Some(ItemSource::CitizenComplaint),
        community: "姚家角小区",
        matter: Some("C1"),
        text: "12345转来：姚家角小区5号楼底层住户扩建院子。",
        public_safety: false,
        days_ago: 9,
        reach: Reach::Submitted,
    },
    Sample {
        by: "officer",
        kind: ItemKind::Complaint,
        source: Some(ItemSource::Patrol),
        community: "飞乐小区",
        matter: None,
        text: "巡查发现：地下车库入口路灯损坏。",
        public_safety: false,
        days_ago: 20,
        reach: Reach::Referred,
    },
    Sample {
        by: "resident",
        kind: ItemKind::Suggestion,
        source: None,
        community: "安化小区",
        matter: None,
        text: "在小区东门空地设集中充电点",
        public_safety: false,
        days_ago: 4,
        reach: Reach::Replied,
    },
];

async fn user(db: &DatabaseConnection, login: &str) -> anyhow::Result<CurrentUser> {
    let a = account::Entity::find()
        .filter(account::Column::Login.eq(login))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo account {login} missing"))?;
    Ok(accounts::current_user_of(db, &a).await?)
}

fn stepped(r: act::Stepped) -> anyhow::Result<item::Model> {
    r.map_err(|e| anyhow::anyhow!("demo step refused: {:?}", e.first().map(|e| e.code)))
}

pub async fn create(
    db: &DatabaseConnection,
    store: &PhotoStore,
    settings: &crate::settings::Settings,
) -> anyhow::Result<()> {
    let officer = user(db, "officer").await?;
    let calendar = holidays::load_calendar(db).await?;
    for (n, s) in SAMPLES.iter().enumerate() {
        let filer = user(db, s.by).await?;
        let c = community::Entity::find()
            .filter(community::Column::Name.eq(s.community))
            .one(db)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo community {} missing", s.community))?;
        let suggestion = s.kind == ItemKind::Suggestion;
        let f = Filing {
            source: s.source,
            matter_code: s.matter.map(String::from),
            community: Some(c.uuid),
            description: if suggestion {
                String::new()
            } else {
                s.text.to_string()
            },
            public_safety: s.public_safety,
            topic: suggestion.then(|| s.text.to_string()),
            reasons: suggestion.then(|| "楼道里给电瓶车充电的人越来越多，有火灾隐患。".to_string()),
            measures: suggestion
                .then(|| "由物业在东门空地设置带计量的充电桩，楼道禁止充电。".to_string()),
            ..Filing::new(s.kind)
        };
        let it = file::file(db, store, &filer, &format!("demo-{n}"), f, vec![])
            .await?
            .map_err(|e| anyhow::anyhow!("demo filing refused: {:?}", e.first().map(|e| e.code)))?;
        let id = it.uuid;
        let reach = s.reach as u8;
        if reach >= Reach::Accepted as u8 {
            act::accept_items(db, &officer, &[id], None).await?;
        }
        if suggestion {
            if reach >= Reach::Replied as u8 {
                stepped(
                    act::answer_suggestion(
                        db,
                        &officer,
                        id,
                        "已请物业在东门设点，下月完工。",
                        status::Adoption::Adopted,
                    )
                    .await?,
                )?;
            }
        } else {
            if reach >= Reach::Verifying as u8 {
                stepped(
                    act::start_verification(
                        db,
                        &officer,
                        id,
                        Some("已联系工作室队员到现场核查".into()),
                    )
                    .await?,
                )?;
            }
            if reach >= Reach::Resolved as u8 {
                let (resolution, department) = match s.reach {
                    Reach::Referred => (Resolution::Referred, Some("区绿化和市容管理局")),
                    _ => (Resolution::RectifiedOnSite, None),
                };
                stepped(
                    act::resolve(
                        db,
                        &officer,
                        id,
                        resolution,
                        "现场核查后已督促整改",
                        department,
                    )
                    .await?,
                )?;
            }
            if reach >= Reach::Replied as u8 {
                stepped(
                    act::reply(db, &officer, id, "经现场核查，问题已整改，感谢您的反映。").await?,
                )?;
            }
            match s.reach {
                Reach::ClosedSatisfied => {
                    stepped(
                        act::rate(
                            db,
                            &filer,
                            id,
                            Rating::Satisfied,
                            Some("处理得很及时".into()),
                        )
                        .await?,
                    )?;
                }
                Reach::Reopened => {
                    stepped(
                        act::rate(
                            db,
                            &filer,
                            id,
                            Rating::Unsatisfied,
                            Some("晚上还是很多人进出".into()),
                        )
                        .await?,
                    )?;
                }
                _ => {}
            }
        }
        backdate(db, &calendar, id, Duration::days(s.days_ago)).await?;
    }
    cases(db, store, &officer).await?;
    renovations(db, store, settings).await?;
    hotspots(db, store, &calendar).await?;
    practice(db).await
}

/// A unit of a demo community by building and number.
async fn demo_unit(
    db: &DatabaseConnection,
    c: &community::Model,
    building: &str,
    number: &str,
) -> anyhow::Result<Uuid> {
    let b = entity::building::Entity::find()
        .filter(entity::building::Column::CommunityId.eq(c.id))
        .filter(entity::building::Column::Name.eq(building))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo building {building} missing"))?;
    Ok(entity::unit::Entity::find()
        .filter(entity::unit::Column::BuildingId.eq(b.id))
        .filter(entity::unit::Column::Number.eq(number))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo unit {number} missing"))?
        .uuid)
}

async fn demo_community(db: &DatabaseConnection, name: &str) -> anyhow::Result<community::Model> {
    community::Entity::find()
        .filter(community::Column::Name.eq(name))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo community {name} missing"))
}

/// Two hotspot communities (SPEC §9) imported from a list, with the complaints that make their
/// patterns: 姚家角 (华阳路) the same illegal construction complained about again and again;
/// 幸福 (江苏路) group renting in many flats, with a rectification plan started three weeks ago.
async fn hotspots(
    db: &DatabaseConnection,
    store: &PhotoStore,
    calendar: &crate::catalog::calendar::Calendar,
) -> anyhow::Result<()> {
    use crate::hotspots::{self, plans};
    let officer = user(db, "officer").await?;
    let supervisor = user(db, "supervisor").await?;
    let yjj = demo_community(db, "姚家角小区").await?;
    let xf = demo_community(db, "幸福小区").await?;
    // (who, community, building, unit, matter, days ago)
    let mut filings: Vec<(&CurrentUser, &community::Model, &str, &str, &str, i64)> = Vec::new();
    for d in [4, 11, 19, 26, 33, 47] {
        filings.push((&officer, &yjj, "2号楼", "101", "C1", d));
    }
    filings.push((&officer, &yjj, "1号楼", "302", "C2", 15));
    filings.push((&officer, &yjj, "3号楼", "201", "A10", 40));
    for (b, u, d) in [
        ("1号楼", "101", 50),
        ("1号楼", "202", 44),
        ("2号楼", "102", 38),
        ("2号楼", "301", 30),
        ("3号楼", "102", 27),
        ("3号楼", "202", 25),
        ("1号楼", "301", 12),
        ("2号楼", "201", 5),
    ] {
        filings.push((&supervisor, &xf, b, u, "B1", d));
    }
    filings.push((&supervisor, &xf, "1号楼", "102", "C2", 20));
    for (n, (who, c, b, u, m, days)) in filings.into_iter().enumerate() {
        let f = Filing {
            source: Some(ItemSource::CitizenComplaint),
            matter_code: Some(m.to_string()),
            community: Some(c.uuid),
            unit: Some(demo_unit(db, c, b, u).await?),
            description: format!("12345转来：{}{}{}反映的问题。", c.name, b, u),
            ..Filing::new(ItemKind::Complaint)
        };
        let it = file::file(db, store, who, &format!("demo-hotspot-{n}"), f, vec![])
            .await?
            .map_err(|e| anyhow::anyhow!("demo filing refused: {:?}", e.first().map(|e| e.code)))?;
        if days > 7 {
            act::accept_items(db, who, &[it.uuid], None).await?;
        }
        backdate(db, calendar, it.uuid, Duration::days(days)).await?;
    }
    let today = crate::figures::today();
    let starts = today - Duration::days(60);
    let csv = "小区名称,地址\n姚家角小区,\n幸福小区,\n";
    hotspots::import(db, &supervisor, csv, starts, None, false, false)
        .await?
        .map_err(|e| anyhow::anyhow!("demo import refused: {:?}", e.first().map(|e| e.code)))?;
    let (h, _) = hotspots::list(db, &supervisor, true)
        .await?
        .into_iter()
        .find(|(_, c)| c.id == xf.id)
        .ok_or_else(|| anyhow::anyhow!("demo hotspot missing"))?;
    let started = today - Duration::days(21);
    plans::create(
        db,
        &supervisor,
        plans::PlanSpec {
            hotspot: h.uuid,
            title: "幸福小区群租专项整治".into(),
            started_on: started,
            ends_on: Some(today + Duration::days(40)),
            measures: vec![
                plans::MeasureSpec {
                    description: "会同区房管、派出所逐户排查出租房屋".into(),
                    owner: "江苏路中队".into(),
                    due_on: started + Duration::days(14),
                },
                plans::MeasureSpec {
                    description: "物业门岗登记人员进出，发现群租即报告".into(),
                    owner: "物业".into(),
                    due_on: started + Duration::days(30),
                },
            ],
        },
    )
    .await?
    .map_err(|e| anyhow::anyhow!("demo plan refused: {:?}", e.first().map(|e| e.code)))?;
    Ok(())
}

/// One published 五治 write-up, so the library is not empty.
async fn practice(db: &DatabaseConnection) -> anyhow::Result<()> {
    use crate::practice::{self, GovernanceTag, ReviewDecision, SaveSpec};
    let officer = user(db, "officer").await?;
    let supervisor = user(db, "supervisor").await?;
    let c = demo_community(db, "安化小区").await?;
    let refused = |e: Vec<crate::validation::FieldError>| {
        anyhow::anyhow!("demo write-up refused: {:?}", e.first().map(|e| e.code))
    };
    let p = practice::save(
        db,
        &officer,
        SaveSpec {
            id: None,
            version: None,
            title: "安化小区楼道堆物“三方共治”".into(),
            summary: "居委会、物业和城管社区工作室一起，一周清空三栋楼的楼道堆物。".into(),
            body: "居民在线上工作室反映楼道堆物堵塞消防通道。工作室当天受理，居委会召集楼组长约谈住户，物业安排清运，执法队员对拒不清理的住户依法告知。一周后回访，楼道畅通，居民评价满意。".into(),
            tags: vec![GovernanceTag::SelfGovernance, GovernanceTag::CoGovernance],
            communities: vec![c.uuid],
            cases: vec![],
        },
    )
    .await?
    .map_err(refused)?;
    let p = practice::submit(db, &officer, p.uuid, p.version)
        .await?
        .map_err(refused)?;
    practice::review(
        db,
        &supervisor,
        p.uuid,
        p.version,
        ReviewDecision::Publish,
        None,
    )
    .await?
    .map_err(refused)?;
    Ok(())
}

/// A renovation (SPEC §13): high-risk, agreed, started two weeks ago, patrolled once, so the
/// pilot's screens have a registration with its duty gaps to show.
async fn renovations(
    db: &DatabaseConnection,
    store: &PhotoStore,
    settings: &crate::settings::Settings,
) -> anyhow::Result<()> {
    use crate::renovation::{self, NewPatrol, NewRenovation};
    let firm = user(db, "property").await?;
    let refused = |e: Vec<crate::validation::FieldError>| {
        anyhow::anyhow!("demo renovation refused: {:?}", e.first().map(|e| e.code))
    };
    let c = community::Entity::find()
        .filter(community::Column::Name.eq("安化小区"))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo community 安化小区 missing"))?;
    let unit = entity::unit::Entity::find()
        .filter(entity::unit::Column::Number.eq("202"))
        .filter(
            entity::unit::Column::BuildingId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(entity::building::Column::Id)
                    .from(entity::building::Entity)
                    .and_where(entity::building::Column::CommunityId.eq(c.id))
                    .to_owned(),
            ),
        )
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo unit 202 missing"))?;
    let today = (chrono::Utc::now() + Duration::hours(8)).date_naive();
    let r = renovation::register(
        db,
        settings,
        &firm,
        NewRenovation {
            key: "demo-renovation-1".into(),
            community: c.uuid,
            unit: unit.uuid,
            owner_name: "周某".into(),
            owner_phone: Some("13800000202".into()),
            contractor_name: "长宁某装饰工程有限公司".into(),
            contractor_phone: Some("021-62220000".into()),
            planned_start: today - Duration::days(14),
            planned_end: today + Duration::days(45),
            scope_of_work: "厨房、卫生间翻新，改动卫生间防水层".into(),
            load_bearing: false,
            waterproofing: true,
            shared_facilities: false,
        },
    )
    .await?
    .map_err(refused)?;
    // A photo of the signed page: a plain image will do for the demo.
    let mut page = std::io::Cursor::new(Vec::new());
    image::DynamicImage::new_rgb8(64, 48).write_to(&mut page, image::ImageFormat::Png)?;
    renovation::record_agreement(
        db,
        store,
        &firm,
        r.uuid,
        today - Duration::days(15),
        Some("告知书、承诺书、装修管理协议已签署".into()),
        Some(page.into_inner()),
    )
    .await?
    .map_err(refused)?;
    renovation::start(db, &firm, r.uuid, today - Duration::days(14))
        .await?
        .map_err(refused)?;
    renovation::log_patrol(
        db,
        store,
        &firm,
        NewPatrol {
            renovation: r.uuid,
            key: "demo-patrol-1".into(),
            patrolled_at: chrono::Utc::now() - Duration::days(12),
            findings: "施工正常，装修垃圾已袋装堆放于指定地点".into(),
            violation: false,
            photo: None,
        },
    )
    .await?
    .map_err(refused)?;
    Ok(())
}

/// Some cases (SPEC §13): a complaint turned into a case and notified, and a summary warning
/// closed on the spot. Made through the services, like everything else here.
async fn cases(
    db: &DatabaseConnection,
    store: &PhotoStore,
    officer: &CurrentUser,
) -> anyhow::Result<()> {
    use crate::cases::{
        NewParty, act as case_act,
        model::{CaseProcedure, Decision, PartyKind},
        open::{self, OpenCase},
    };
    let refused = |e: Vec<crate::validation::FieldError>| {
        anyhow::anyhow!("demo case step refused: {:?}", e.first().map(|e| e.code))
    };
    let resident = user(db, "resident").await?;
    let c = community::Entity::find()
        .filter(community::Column::Name.eq("安化小区"))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo community 安化小区 missing"))?;
    // The flat upstairs from the demo resident.
    let upstairs = entity::unit::Entity::find()
        .filter(entity::unit::Column::Number.eq("201"))
        .filter(
            entity::unit::Column::BuildingId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(entity::building::Column::Id)
                    .from(entity::building::Entity)
                    .and_where(entity::building::Column::CommunityId.eq(c.id))
                    .to_owned(),
            ),
        )
        .one(db)
        .await?;
    let f = Filing {
        matter_code: Some("A3".into()),
        community: Some(c.uuid),
        unit: upstairs.map(|u| u.uuid),
        description: "楼上201装修，把没有防水的阳台改成了卫生间，我家天花板一直渗水。".into(),
        public_safety: true,
        ..Filing::new(ItemKind::Complaint)
    };
    let it = file::file(db, store, &resident, "demo-case-1", f, vec![])
        .await?
        .map_err(refused)?;
    act::accept_items(db, officer, &[it.uuid], None).await?;
    stepped(
        act::start_verification(db, officer, it.uuid, Some("两名队员到201室现场勘验".into()))
            .await?,
    )?;
    let party = |kind, name: &str| NewParty {
        kind,
        name: name.into(),
        id_number: None,
        phone: None,
        address: None,
        property_firm_id: None,
    };
    let opened = open::open_case(
        db,
        officer,
        OpenCase {
            items: vec![it.uuid],
            community: None,
            unit: None,
            matter_code: None,
            procedure: CaseProcedure::Ordinary,
            facts: "经现场勘验，201室业主将无防水要求的阳台改为卫生间，导致楼下渗水。".into(),
            parties: vec![party(PartyKind::Owner, "陈某")],
            handling_unit: None,
        },
        file::REPEAT_WINDOW_DAYS,
    )
    .await?
    .map_err(refused)?;
    let step = |id| case_act::Step {
        case: id,
        version: None,
        note: None,
    };
    case_act::investigate(db, officer, step(opened.case.uuid))
        .await?
        .map_err(refused)?;
    let fine = |cny| Decision {
        kind: "FINE".into(),
        fine_cny: Some(cny),
        rectify_by: None,
        demolish: false,
        serious_reason: None,
        text: Some("责令恢复原状，并处罚款".into()),
    };
    case_act::notify(db, officer, step(opened.case.uuid), fine(3000))
        .await?
        .map_err(refused)?;

    let warning = open::open_case(
        db,
        officer,
        OpenCase {
            items: vec![],
            community: Some(c.uuid),
            unit: None,
            matter_code: Some("C9".into()),
            procedure: CaseProcedure::Summary,
            facts: "巡查发现当事人将厨余垃圾与其他垃圾混合投放，当场指出。".into(),
            parties: vec![party(PartyKind::Occupant, "刘某")],
            handling_unit: None,
        },
        file::REPEAT_WINDOW_DAYS,
    )
    .await?
    .map_err(refused)?;
    let w = Decision {
        kind: "WARNING".into(),
        fine_cny: None,
        text: Some("当场警告".into()),
        ..fine(0)
    };
    case_act::decide(db, officer, step(warning.case.uuid), w, false)
        .await?
        .map_err(refused)?;
    case_act::close(
        db,
        officer,
        step(warning.case.uuid),
        "当场警告，当事人已分类投放",
    )
    .await?
    .map_err(refused)?;
    Ok(())
}

/// Moves an item and its history `by` into the past, with its time limit counted again.
async fn backdate(
    db: &DatabaseConnection,
    cal: &crate::catalog::calendar::Calendar,
    id: Uuid,
    by: Duration,
) -> anyhow::Result<()> {
    let it = item::Entity::find()
        .filter(item::Column::Uuid.eq(id))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo item vanished"))?;
    for e in item_event::Entity::find()
        .filter(item_event::Column::ItemId.eq(it.id))
        .all(db)
        .await?
    {
        let at = e.at - by;
        let mut am: item_event::ActiveModel = e.into();
        am.at = Set(at);
        am.update(db).await?;
    }
    let created = it.created_at - by;
    let open = status::ItemStatus::parse(&it.status).is_some_and(status::is_open);
    let mut am: item::ActiveModel = it.clone().into();
    am.created_at = Set(created);
    am.updated_at = Set(it.updated_at - by);
    am.replied_at = Set(it.replied_at.map(|t| t - by));
    am.closed_at = Set(it.closed_at.map(|t| t - by));
    am.on_site_due_at = Set(it.on_site_due_at.map(|t| t - by));
    am.accepted_at = Set(it.accepted_at.map(|t| t - by));
    am.accept_due_at = Set(Some(
        rules::working_deadline(cal, created, rules::ACCEPT_WORKING_DAYS).0,
    ));
    am.converted_at = Set(it.converted_at.map(|t| t - by));
    if open {
        am.due_at = Set(Some(
            rules::working_deadline(cal, created, rules::REPLY_WORKING_DAYS).0,
        ));
    }
    am.update(db).await?;
    Ok(())
}
