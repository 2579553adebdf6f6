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
        matter: Some("C2"),
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

pub async fn create(db: &DatabaseConnection, store: &PhotoStore) -> anyhow::Result<()> {
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
    if open {
        am.due_at = Set(Some(
            rules::working_deadline(cal, created, rules::REPLY_WORKING_DAYS).0,
        ));
    }
    am.update(db).await?;
    Ok(())
}
