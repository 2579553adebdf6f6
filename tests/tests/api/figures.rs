//! Figures and exports (SPEC §11): a crafted month whose 三率 and other rates are computed by
//! hand, the items behind each number, the same numbers read back from the .xlsx export, the
//! caller's area, and bad periods.
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::{DateTime, TimeZone, Utc};
use gongzhi_tests::*;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::{Value, json};

use super::intake::{file, step};

/// 10:00 Shanghai on a day of October 2026.
fn october(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 10, day, 2, 0, 0).unwrap()
}

async fn set_item(
    app: &TestApp,
    id: &str,
    col: entity::item::Column,
    v: impl Into<sea_orm::Value>,
) {
    entity::item::Entity::update_many()
        .col_expr(col, Expr::value(v))
        .filter(entity::item::Column::Uuid.eq(uuid::Uuid::parse_str(id).unwrap()))
        .exec(&app.state.db)
        .await
        .unwrap();
}

fn id_of(a: &Answer, mutation: &str) -> String {
    a.ok()[mutation]["item"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("not filed: {:?}", a.body))
        .to_string()
}

async fn accept(app: &TestApp, officer: &str, id: &str) {
    let a = app
        .gql(
            Some(officer),
            "mutation($ids: [ID!]!) { acceptItems(input: {itemIds: $ids}) { userErrors { code } } }",
            json!({"ids": [id]}),
        )
        .await;
    assert_eq!(a.ok()["acceptItems"]["userErrors"], json!([]));
}

async fn verify(app: &TestApp, officer: &str, id: &str) {
    let v = step(
        app,
        officer,
        "startVerification",
        "ItemNoteInput",
        json!({"itemId": id}),
    )
    .await;
    assert_eq!(v["item"]["status"], "VERIFYING", "{v}");
}

async fn resolve(app: &TestApp, officer: &str, id: &str, resolution: &str) {
    let v = step(
        app,
        officer,
        "resolveItem",
        "ResolveItemInput",
        json!({"itemId": id, "resolution": resolution, "note": "现场核查"}),
    )
    .await;
    assert_eq!(v["item"]["status"], "RESOLVED", "{v}");
}

async fn reply(app: &TestApp, officer: &str, id: &str) {
    let v = step(
        app,
        officer,
        "replyItem",
        "ReplyItemInput",
        json!({"itemId": id, "message": "已处理"}),
    )
    .await;
    assert_eq!(v["item"]["status"], "REPLIED", "{v}");
}

async fn rate(app: &TestApp, filer: &str, id: &str, rating: &str) {
    let v = step(
        app,
        filer,
        "rateItem",
        "RateItemInput",
        json!({"itemId": id, "rating": rating}),
    )
    .await;
    assert_eq!(v["userErrors"], json!([]), "{v}");
}

const ROW: &str = "key label received acceptedOnTime responseRate resolved resolutionRate replied repliedOnTime onTimeRate rated satisfied satisfactionRate violations converted conversionRate mandatoryViolations mandatoryConverted mandatoryConversionRate complaints repeats repeatRate";

const MONTH: &str = r#"{"from": "2026-10-01", "to": "2026-10-31"}"#;

/// The crafted month, October 2026, in 安化小区 (华阳路):
/// 1. resident, C2 at home: accepted, rectified on the spot, replied in time, satisfied;
/// 2. committee, C2: accepted, no violation, replied in time, rated unsatisfied → reopened;
/// 3. committee, C2: accepted, rectified on the spot, replied after its deadline, not rated;
/// 4. resident, A6 (mandatory) at home: accepted, taken into a case in time;
/// 5. committee, C2: accepted a week late;
/// 6. committee, C2: never accepted;
/// 7. resident's suggestion: accepted, answered in time;
/// 8. resident, C2 at home again: a repeat of 1, not accepted.
///
/// By hand: received 8; accepted on time 5 (1, 2, 3, 4, 7) → 62.5 %; a result reached 4 (1
/// closed, 3 replied, 4 converted, 7 answered; 2 is back in verification) → 50 %; told the
/// result 5 (1, 2, 3, 4, 7), in time 4 → 80 %; rated 2, satisfied 1 → 50 %; violations 3 (1, 3
/// rectified, 4 converted), converted 1 → 1/3; mandatory 1 of 1 → 100 %; complaints 3 (the
/// resident's 1, 4, 8: the committee's are committee reports, 7 a suggestion), repeats 1 → 1/3.
async fn crafted_month(app: &TestApp) -> Vec<String> {
    let resident = app.login("resident").await;
    let committee = app.login("committee").await;
    let officer = app.login("officer").await;
    let anhua = app
        .gql(
            None,
            "{ communities(first: 100) { nodes { id name } } }",
            json!({}),
        )
        .await
        .ok()["communities"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["name"] == "安化小区")
        .unwrap()["id"]
        .clone();
    // The committee names the community; a resident's filing defaults to the home unit.
    let c2 = |key: &str| json!({"idempotencyKey": key, "communityId": anhua, "matterCode": "C2", "description": "楼道堆物，堵塞消防通道。"});
    let i1 = id_of(&file(app, &resident, c2("m-1")).await, "fileComplaint");
    let i2 = id_of(&file(app, &committee, c2("m-2")).await, "fileComplaint");
    let i3 = id_of(&file(app, &committee, c2("m-3")).await, "fileComplaint");
    let i4 = id_of(
        &file(app, &resident, json!({"idempotencyKey": "m-4", "matterCode": "A6", "description": "燃气管道被私自移装。"})).await,
        "fileComplaint",
    );
    let i5 = id_of(&file(app, &committee, c2("m-5")).await, "fileComplaint");
    let i6 = id_of(&file(app, &committee, c2("m-6")).await, "fileComplaint");
    let s = app
        .gql(Some(&resident), r#"mutation { fileSuggestion(input: {idempotencyKey: "m-7", topic: "充电桩", reasons: "楼道充电危险", measures: "东门设充电点"}) { item { id } } }"#, json!({}))
        .await;
    let i7 = s.ok()["fileSuggestion"]["item"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let i8 = id_of(&file(app, &resident, c2("m-8")).await, "fileComplaint");

    for id in [&i1, &i2, &i3, &i4, &i7] {
        accept(app, &officer, id).await;
    }
    // 5 was received a week before it was accepted.
    set_item(app, &i5, entity::item::Column::CreatedAt, october(20)).await;
    set_item(app, &i5, entity::item::Column::AcceptDueAt, october(21)).await;
    accept(app, &officer, &i5).await;

    verify(app, &officer, &i1).await;
    resolve(app, &officer, &i1, "RECTIFIED_ON_SITE").await;
    reply(app, &officer, &i1).await;
    rate(app, &resident, &i1, "SATISFIED").await;

    verify(app, &officer, &i2).await;
    resolve(app, &officer, &i2, "NO_VIOLATION").await;
    reply(app, &officer, &i2).await;
    rate(app, &committee, &i2, "UNSATISFIED").await;

    verify(app, &officer, &i3).await;
    resolve(app, &officer, &i3, "RECTIFIED_ON_SITE").await;
    // Its five working days ran out before the reply.
    set_item(app, &i3, entity::item::Column::DueAt, october(9)).await;
    reply(app, &officer, &i3).await;

    verify(app, &officer, &i4).await;
    let case = app
        .gql(Some(&officer), r#"mutation($ids: [ID!]!) { openCase(input: {itemIds: $ids, facts: "燃气管道被私自移装", parties: [{kind: OWNER, name: "王五"}]}) { case { id } userErrors { code } } }"#, json!({"ids": [i4]}))
        .await;
    assert_eq!(
        case.ok()["openCase"]["userErrors"],
        json!([]),
        "{:?}",
        case.body
    );

    let a = app
        .gql(Some(&officer), r#"mutation($i: ID!) { answerSuggestion(input: {itemId: $i, answer: "采纳", adoption: ADOPTED}) { userErrors { code } } }"#, json!({"i": i7}))
        .await;
    assert_eq!(a.ok()["answerSuggestion"]["userErrors"], json!([]));

    // Into October, in order; 5 is already there. Moved whole: received then, to be
    // accepted within the next working day.
    let ids = vec![i1, i2, i3, i4, i5, i6, i7, i8];
    for (n, id) in ids.iter().enumerate() {
        let day = 2 + n as u32 * 3;
        if n != 4 {
            set_item(app, id, entity::item::Column::CreatedAt, october(day)).await;
        }
        set_item(app, id, entity::item::Column::AcceptDueAt, october(day + 1)).await;
    }
    ids
}

fn rate_of(v: &Value) -> Option<f64> {
    v.as_f64()
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

both!(
    the_rates_of_a_crafted_month_match_the_hand_computed_values,
    |db| async move {
        let app = spawn_app(db).await;
        crafted_month(&app).await;
        // One more in November: outside the period.
        let resident = app.login("resident").await;
        file(
            &app,
            &resident,
            json!({"idempotencyKey": "m-9", "matterCode": "C3", "description": "绿地被占"}),
        )
        .await
        .ok();
        let sup = app.login("supervisor").await;
        let a = app
        .gql(Some(&sup), &format!("query($f: FigureFilter!) {{ figures(filter: $f, by: SOURCE) {{ total {{ {ROW} }} rows {{ {ROW} }} focus {{ series row {{ received }} }} trend {{ start received }} cases {{ opened open byStage {{ stage count }} }} }} }}"), json!({"f": serde_json::from_str::<Value>(MONTH).unwrap()}))
        .await;
        let f = a.ok()["figures"].clone();
        let t = &f["total"];
        assert_eq!(t["received"], 8, "{t}");
        assert_eq!(t["acceptedOnTime"], 5);
        assert!(close(rate_of(&t["responseRate"]), 0.625), "{t}");
        assert_eq!(t["resolved"], 4);
        assert!(close(rate_of(&t["resolutionRate"]), 0.5));
        assert_eq!(t["replied"], 5);
        assert_eq!(t["repliedOnTime"], 4);
        assert!(close(rate_of(&t["onTimeRate"]), 0.8));
        assert_eq!(t["rated"], 2);
        assert_eq!(t["satisfied"], 1);
        assert!(close(rate_of(&t["satisfactionRate"]), 0.5));
        assert_eq!(t["violations"], 3);
        assert_eq!(t["converted"], 1);
        assert!(close(rate_of(&t["conversionRate"]), 1.0 / 3.0));
        assert_eq!(t["mandatoryViolations"], 1);
        assert!(close(rate_of(&t["mandatoryConversionRate"]), 1.0));
        assert_eq!(t["complaints"], 3);
        assert_eq!(t["repeats"], 1);
        assert!(close(rate_of(&t["repeatRate"]), 1.0 / 3.0));
        // By source: the resident's five are citizen complaints, the committee's four its reports.
        let rows = f["rows"].as_array().unwrap();
        let by: std::collections::HashMap<&str, i64> = rows
            .iter()
            .map(|r| (r["key"].as_str().unwrap(), r["received"].as_i64().unwrap()))
            .collect();
        assert_eq!(by.values().sum::<i64>(), 8, "{rows:?}");
        assert_eq!(by.get("COMMITTEE_REPORT"), Some(&4), "{rows:?}");
        // Weekly trend: every week of October, the items in theirs.
        let trend = f["trend"].as_array().unwrap();
        assert_eq!(trend[0]["start"], "2026-09-28");
        assert_eq!(
            trend
                .iter()
                .map(|p| p["received"].as_i64().unwrap())
                .sum::<i64>(),
            8
        );
        // No focus matter in the month; the case opened in it (filed today, so not in October).
        assert!(
            f["focus"]
                .as_array()
                .unwrap()
                .iter()
                .all(|s| s["row"]["received"] == 0)
        );
        assert_eq!(f["cases"]["open"], 1);
        assert_eq!(
            f["cases"]["byStage"],
            json!([{"stage": "FILED", "count": 1}])
        );

        // The items behind the numbers.
        for (measure, n) in [
            ("RECEIVED", 8),
            ("ACCEPTED_LATE", 3),
            ("UNRESOLVED", 4),
            ("REPLIED_LATE", 1),
            ("UNSATISFIED", 1),
            ("CONVERTED", 1),
            ("NOT_CONVERTED", 2),
            ("MANDATORY_NOT_CONVERTED", 0),
            ("REPEAT", 1),
        ] {
            let a = app
            .gql(Some(&sup), "query($f: FigureFilter!, $m: FigureMeasure!) { figureItems(filter: $f, measure: $m, first: 50) { totalCount nodes { id } } }", json!({"f": serde_json::from_str::<Value>(MONTH).unwrap(), "m": measure}))
            .await;
            assert_eq!(
                a.ok()["figureItems"]["totalCount"],
                n,
                "{measure}: {:?}",
                a.body
            );
            assert_eq!(
                a.ok()["figureItems"]["nodes"].as_array().unwrap().len() as i64,
                n
            );
        }
        // Narrowed to one row: the committee's reports that were accepted late (5, 6).
        let a = app
        .gql(Some(&sup), "query($f: FigureFilter!) { figureItems(filter: $f, measure: ACCEPTED_LATE, by: SOURCE, key: \"COMMITTEE_REPORT\") { totalCount } }", json!({"f": serde_json::from_str::<Value>(MONTH).unwrap()}))
        .await;
        assert_eq!(a.ok()["figureItems"]["totalCount"], 2);

        // The export holds the same numbers.
        let bytes = app
            .client
            .get(format!(
                "{}/exports/figures.xlsx?from=2026-10-01&to=2026-10-31&by=SOURCE",
                app.addr
            ))
            .bearer_auth(&sup)
            .send()
            .await
            .unwrap();
        assert_eq!(bytes.status(), 200);
        assert_eq!(
            bytes.headers()["content-type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        let bytes = bytes.bytes().await.unwrap();
        let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
        let sheet = wb.worksheet_range("指标").unwrap();
        let header: Vec<String> = sheet
            .rows()
            .nth(1)
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(header[1], "受理总数");
        assert_eq!(header[3], "响应率");
        let total = sheet
            .rows()
            .find(|r| r[0] == Data::String("合计".into()))
            .expect("a total row");
        let num = |i: usize| match &total[i] {
            Data::Float(f) => *f,
            Data::Int(n) => *n as f64,
            other => panic!("column {i}: {other:?}"),
        };
        assert_eq!(num(1), 8.0);
        assert_eq!(num(2), 5.0);
        assert!((num(3) - 0.625).abs() < 1e-9);
        assert!((num(5) - 0.5).abs() < 1e-9);
        assert!((num(8) - 0.8).abs() < 1e-9);
        assert!((num(11) - 0.5).abs() < 1e-9);
        assert!((num(14) - 1.0 / 3.0).abs() < 1e-9);
        assert!((num(17) - 1.0).abs() < 1e-9);
        assert!((num(20) - 1.0 / 3.0).abs() < 1e-9);
        let committee_row = sheet
            .rows()
            .find(|r| r[21] == Data::String("COMMITTEE_REPORT".into()))
            .expect("the committee's row");
        assert_eq!(committee_row[1], Data::Float(4.0));
        assert!(wb.worksheet_range("趋势").is_ok());

        // The items export lists the late ones.
        let items = app
            .client
            .get(format!(
                "{}/exports/items.xlsx?from=2026-10-01&to=2026-10-31&measure=ACCEPTED_LATE",
                app.addr
            ))
            .bearer_auth(&sup)
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(items.to_vec())).unwrap();
        let sheet = wb.worksheet_range("事项清单").unwrap();
        assert_eq!(sheet.rows().count(), 1 + 3);
        assert!(
            sheet
                .rows()
                .skip(1)
                .all(|r| r[7] != Data::String("是".into()))
        );
    }
);

both!(figures_stay_inside_the_callers_area, |db| async move {
    let app = spawn_app(db).await;
    crafted_month(&app).await;
    let officer = app.login("officer").await;
    let sup = app.login("supervisor").await;
    // An item in another sub-district (周家桥), filed by the district supervisor, in October.
    let dir = app
        .gql(
            None,
            "{ subDistricts { id name } communities(first: 100) { edges { node { id name } } } }",
            json!({}),
        )
        .await;
    let c = dir.ok()["communities"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["node"]["name"] == "周家桥小区")
        .unwrap()["node"]["id"]
        .clone();
    let other = app
        .gql(Some(&sup), "mutation($c: ID!) { fileComplaint(input: {idempotencyKey: \"o-1\", communityId: $c, source: PATROL, matterCode: \"C2\", description: \"巡查发现\"}) { item { id } } }", json!({"c": c}))
        .await;
    let other = other.ok()["fileComplaint"]["item"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    set_item(&app, &other, entity::item::Column::CreatedAt, october(15)).await;
    let q = "query($f: FigureFilter!) { figures(filter: $f, by: SUB_DISTRICT) { total { received } rows { label received } } }";
    let month = serde_json::from_str::<Value>(MONTH).unwrap();
    let mine = app.gql(Some(&officer), q, json!({"f": month})).await;
    assert_eq!(
        mine.ok()["figures"]["total"]["received"],
        8,
        "the officer's sub-district only"
    );
    assert_eq!(mine.ok()["figures"]["rows"].as_array().unwrap().len(), 1);
    let all = app.gql(Some(&sup), q, json!({"f": month})).await;
    assert_eq!(all.ok()["figures"]["total"]["received"], 9);
    assert_eq!(all.ok()["figures"]["rows"].as_array().unwrap().len(), 2);
    // A community of another sub-district in the officer's filter: NOT_FOUND.
    let mut f = month.clone();
    f["communityId"] = c;
    let a = app.gql(Some(&officer), q, json!({"f": f})).await;
    assert_eq!(a.error_code(), Some("NOT_FOUND"));
    // The residents' and firms' roles have no figures.
    let resident = app.login("resident").await;
    let a = app.gql(Some(&resident), q, json!({"f": month})).await;
    assert_eq!(a.error_code(), Some("FORBIDDEN"));
});

both!(a_bad_period_is_a_clear_error, |db| async move {
    let app = spawn_app(db).await;
    let sup = app.login("supervisor").await;
    let q = "query($f: FigureFilter!) { figures(filter: $f) { total { received } } }";
    for f in [
        json!({"from": "2026-10-31", "to": "2026-10-01"}),
        json!({"from": "2025-01-01", "to": "2026-10-01"}),
    ] {
        let a = app.gql(Some(&sup), q, json!({"f": f})).await;
        assert_eq!(a.error_code(), Some("VALIDATION"), "{f}");
        assert!(
            a.error_message().unwrap().contains("统计期间"),
            "{:?}",
            a.body
        );
    }
    let a = app
        .gql(
            Some(&sup),
            q,
            json!({"f": {"from": "2026-10-01", "to": "2026-10-31", "matterCode": "Z9"}}),
        )
        .await;
    assert_eq!(a.error_code(), Some("VALIDATION"));
    // The export says the same, as JSON with a 400.
    let r = app
        .client
        .get(format!(
            "{}/exports/figures.xlsx?from=2026-10-31&to=2026-10-01",
            app.addr
        ))
        .bearer_auth(&sup)
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["code"], "VALIDATION");
    assert!(
        body["message"].as_str().unwrap().contains("period"),
        "{body}"
    );
    let r = app
        .client
        .get(format!(
            "{}/exports/figures.xlsx?from=yesterday&to=2026-10-01",
            app.addr
        ))
        .bearer_auth(&sup)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
});

both!(
    the_items_behind_a_number_are_only_those_the_caller_handles,
    |db| async move {
        let app = spawn_app(db).await;
        crafted_month(&app).await;
        let sup = app.login("supervisor").await;
        // An officer of the district bureau's own squad (it has no sub-district): counts cover
        // the district, but the items (with their filers) stay with the squads that handle them.
        let d = app
            .gql(
                Some(&sup),
                "{ handlingUnits { id } subDistricts { squad { id } } }",
                json!({}),
            )
            .await;
        let squads: Vec<Value> = d.ok()["subDistricts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["squad"]["id"].clone())
            .collect();
        let bureau = d.ok()["handlingUnits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["id"].clone())
            .find(|id| !squads.contains(id))
            .expect("the bureau's own squad");
        let made = app
        .gql(Some(&sup), "mutation($s: ID!) { createAccount(input: {login: \"bureau.officer\", displayName: \"局队员\", password: \"bureau-pass-1\", role: OFFICER, squadId: $s}) { userErrors { code } } }", json!({"s": bureau}))
        .await;
        assert_eq!(made.ok()["createAccount"]["userErrors"], json!([]));
        let token =
            app.login_session("bureau.officer", "bureau-pass-1").await["session"]["accessToken"]
                .as_str()
                .unwrap()
                .to_string();
        let month = serde_json::from_str::<Value>(MONTH).unwrap();
        let a = app
        .gql(Some(&token), "query($f: FigureFilter!) { figures(filter: $f) { total { received } } figureItems(filter: $f, measure: RECEIVED) { totalCount nodes { id } } }", json!({"f": month}))
        .await;
        assert_eq!(a.ok()["figures"]["total"]["received"], 8);
        assert_eq!(a.ok()["figureItems"]["totalCount"], 0, "{:?}", a.body);
        let bytes = app
            .client
            .get(format!(
                "{}/exports/items.xlsx?from=2026-10-01&to=2026-10-31",
                app.addr
            ))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
        assert_eq!(
            wb.worksheet_range("事项清单").unwrap().rows().count(),
            1,
            "headers only"
        );
        // The squad that handles them sees them.
        let officer = app.login("officer").await;
        let a = app
        .gql(Some(&officer), "query($f: FigureFilter!) { figureItems(filter: $f, measure: RECEIVED) { totalCount } }", json!({"f": month}))
        .await;
        assert_eq!(a.ok()["figureItems"]["totalCount"], 8);
    }
);

both!(
    items_not_yet_due_wait_for_the_response_rate,
    |db| async move {
        let app = spawn_app(db).await;
        let resident = app.login("resident").await;
        let sup = app.login("supervisor").await;
        file(
            &app,
            &resident,
            json!({"idempotencyKey": "n-1", "matterCode": "C2", "description": "楼道堆物"}),
        )
        .await
        .ok();
        let today = (Utc::now() + chrono::Duration::hours(8))
            .date_naive()
            .to_string();
        let f = json!({"from": today, "to": today});
        let a = app
        .gql(Some(&sup), "query($f: FigureFilter!) { figures(filter: $f) { total { received responseRate } } figureItems(filter: $f, measure: ACCEPTED_LATE) { totalCount } }", json!({"f": f}))
        .await;
        assert_eq!(a.ok()["figures"]["total"]["received"], 1);
        assert_eq!(
            a.ok()["figures"]["total"]["responseRate"],
            Value::Null,
            "its working day has not run out"
        );
        assert_eq!(a.ok()["figureItems"]["totalCount"], 0);
        // Dates far outside any plan: a clear error, not an overflow.
        let a = app
        .gql(Some(&sup), "{ figures(filter: {from: \"9999-12-30\", to: \"9999-12-31\"}) { total { received } } }", json!({}))
        .await;
        assert_eq!(a.error_code(), Some("VALIDATION"));
    }
);
