use gongzhi_tests::*;
use serde_json::{Value, json};

const PENDING: &str = "{ pendingResidents { totalCount edges { node { id displayName phone } } } }";
const VERIFY: &str = "mutation($i: VerifyResidentInput!) { verifyResident(input: $i) { account { id status } userErrors { code message field } } }";
const REGISTER: &str = "mutation($i: RegisterResidentInput!) { registerResident(input: $i) { account { id status } userErrors { code field message } } }";

/// The first unit of the `n`th community (by name) in the directory.
async fn unit_of(app: &TestApp, search: &str) -> String {
    let q = "query($s: String) { communities(search: $s, first: 1) { edges { node { buildings { units { id } } } } } }";
    let a = app.gql(None, q, json!({"s": search})).await;
    a.ok()["communities"]["edges"][0]["node"]["buildings"][0]["units"][1]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

both!(
    a_resident_registers_the_committee_verifies_and_the_resident_signs_in,
    |db| async move {
        let app = spawn_app(db).await;
        let unit = unit_of(&app, "安化").await;
        let r = app
        .gql(None, REGISTER, json!({"i": {"phone": "138 0000 1234", "password": "a-good-password", "displayName": "赵女士", "unitId": unit}}))
        .await;
        let account = &r.ok()["registerResident"]["account"];
        assert_eq!(account["status"], "PENDING_VERIFICATION");
        let id = account["id"].as_str().unwrap().to_string();

        let committee = app.login("committee").await;
        let pending = app.gql(Some(&committee), PENDING, json!({})).await;
        let list = pending.ok()["pendingResidents"]["edges"]
            .as_array()
            .unwrap()
            .clone();
        assert!(
            list.iter()
                .any(|e| e["node"]["id"] == id.as_str() && e["node"]["phone"] == "13800001234")
        );

        let v = app
            .gql(
                Some(&committee),
                VERIFY,
                json!({"i": {"accountId": id, "approve": true}}),
            )
            .await;
        assert_eq!(v.ok()["verifyResident"]["account"]["status"], "ACTIVE");
        let s = app.login_session("13800001234", "a-good-password").await;
        assert_eq!(s["session"]["user"]["scope"]["label"], "安化小区 1号楼 102");

        // Verifying twice is a problem the committee can read, not a crash.
        let again = app
            .gql(
                Some(&committee),
                VERIFY,
                json!({"i": {"accountId": id, "approve": true}}),
            )
            .await;
        assert_eq!(
            again.ok()["verifyResident"]["userErrors"][0]["code"],
            "NOT_PENDING"
        );
    }
);

both!(
    a_committee_cannot_see_or_verify_residents_of_another_committees_community,
    |db| async move {
        let app = spawn_app(db).await;
        let unit = unit_of(&app, "飞乐").await;
        let r = app
        .gql(None, REGISTER, json!({"i": {"phone": "13800005678", "password": "a-good-password", "displayName": "钱先生", "unitId": unit}}))
        .await;
        let id = r.ok()["registerResident"]["account"]["id"]
            .as_str()
            .unwrap()
            .to_string();
        let committee = app.login("committee").await;
        let pending = app.gql(Some(&committee), PENDING, json!({})).await;
        let ids: Vec<Value> = pending.ok()["pendingResidents"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["id"].clone())
            .collect();
        assert!(
            !ids.contains(&json!(id)),
            "another community's resident leaked: {ids:?}"
        );
        let v = app
            .gql(
                Some(&committee),
                VERIFY,
                json!({"i": {"accountId": id, "approve": true}}),
            )
            .await;
        assert_eq!(v.error_code(), Some("NOT_FOUND"));
        // The district supervisor covers it.
        let sup = app.login("supervisor").await;
        let v = app
            .gql(
                Some(&sup),
                VERIFY,
                json!({"i": {"accountId": id, "approve": false}}),
            )
            .await;
        assert_eq!(v.ok()["verifyResident"]["account"]["status"], "REJECTED");
    }
);

both!(
    bad_registrations_name_every_field_and_store_nothing,
    |db| async move {
        let app = spawn_app(db).await;
        let before = app.count("account").await;
        let r = app
        .gql(None, REGISTER, json!({"i": {"phone": "12345", "password": "short", "displayName": "  ", "unitId": "not-a-unit"}}))
        .await;
        let errs = r.ok()["registerResident"]["userErrors"]
            .as_array()
            .unwrap()
            .clone();
        let codes: Vec<&str> = errs.iter().map(|e| e["code"].as_str().unwrap()).collect();
        assert_eq!(
            codes,
            [
                "PHONE_INVALID",
                "PASSWORD_TOO_SHORT",
                "REQUIRED",
                "UNKNOWN_UNIT"
            ]
        );
        assert_eq!(errs[0]["field"], json!(["input", "phone"]));
        assert_eq!(errs[0]["message"], "请输入11位手机号码。");
        // A phone already registered.
        let unit = unit_of(&app, "安化").await;
        let dup = app
        .gql(None, REGISTER, json!({"i": {"phone": "13900000001", "password": "a-good-password", "displayName": "x", "unitId": unit}}))
        .await;
        assert_eq!(
            dup.ok()["registerResident"]["userErrors"][0]["code"],
            "PHONE_TAKEN"
        );
        assert_eq!(app.count("account").await, before);
    }
);

const CREATE: &str = "mutation($i: CreateAccountInput!) { createAccount(input: $i) { account { id role status scope { label } } userErrors { code field } } }";

both!(
    a_supervisor_creates_an_officer_and_deactivation_ends_the_officers_access,
    |db| async move {
        let app = spawn_app(db).await;
        let sup = app.login("supervisor").await;
        let squads = app
            .gql(
                Some(&sup),
                "{ subDistricts { name squad { id name } } }",
                json!({}),
            )
            .await;
        let squad = squads.ok()["subDistricts"][1]["squad"]["id"]
            .as_str()
            .unwrap()
            .to_string();
        let c = app
        .gql(Some(&sup), CREATE, json!({"i": {"login": "Officer.Sun", "displayName": "孙队员", "password": "initial-pass-1", "role": "OFFICER", "squadId": squad}}))
        .await;
        let acct = &c.ok()["createAccount"]["account"];
        assert_eq!(acct["scope"]["label"], "江苏路城管执法中队");
        let id = acct["id"].as_str().unwrap().to_string();

        let s = app.login_session("officer.sun", "initial-pass-1").await;
        let token = s["session"]["accessToken"].as_str().unwrap().to_string();
        let refresh = s["session"]["refreshToken"].as_str().unwrap().to_string();
        assert_eq!(
            app.gql(Some(&token), "{ me { role } }", json!({}))
                .await
                .ok()["me"]["role"],
            "OFFICER"
        );

        let d = app
        .gql(Some(&sup), "mutation($id: ID!) { deactivateAccount(input: {accountId: $id}) { account { status } } }", json!({"id": id}))
        .await;
        assert_eq!(
            d.ok()["deactivateAccount"]["account"]["status"],
            "DEACTIVATED"
        );
        assert_eq!(
            app.gql(Some(&token), "{ me { role } }", json!({}))
                .await
                .status,
            401
        );
        let r = app
        .gql(None, "mutation($t: String!) { refreshSession(input: {refreshToken: $t}) { userErrors { code } } }", json!({"t": refresh}))
        .await;
        assert_eq!(
            r.ok()["refreshSession"]["userErrors"][0]["code"],
            "INVALID_REFRESH_TOKEN"
        );
        let again = app.login_session("officer.sun", "initial-pass-1").await;
        assert_eq!(again["userErrors"][0]["code"], "ACCOUNT_INACTIVE");
    }
);

both!(
    a_squad_supervisor_manages_only_the_squads_officers,
    |db| async move {
        let app = spawn_app(db).await;
        let sup = app.login("supervisor").await;
        let squads = app
            .gql(Some(&sup), "{ subDistricts { squad { id } } }", json!({}))
            .await;
        let own = squads.ok()["subDistricts"][0]["squad"]["id"]
            .as_str()
            .unwrap()
            .to_string();
        let other = squads.ok()["subDistricts"][2]["squad"]["id"]
            .as_str()
            .unwrap()
            .to_string();
        let c = app
        .gql(Some(&sup), CREATE, json!({"i": {"login": "leader", "displayName": "队长", "password": "initial-pass-1", "role": "SUPERVISOR", "squadId": own}}))
        .await;
        assert_eq!(c.ok()["createAccount"]["account"]["role"], "SUPERVISOR");
        let leader = app.login_session("leader", "initial-pass-1").await["session"]["accessToken"]
            .as_str()
            .unwrap()
            .to_string();

        let mine = app
        .gql(Some(&leader), CREATE, json!({"i": {"login": "new.officer", "displayName": "新队员", "password": "initial-pass-1", "role": "OFFICER", "squadId": own}}))
        .await;
        assert_eq!(mine.ok()["createAccount"]["account"]["status"], "ACTIVE");
        let theirs = app
        .gql(Some(&leader), CREATE, json!({"i": {"login": "their.officer", "displayName": "别队", "password": "initial-pass-1", "role": "OFFICER", "squadId": other}}))
        .await;
        assert_eq!(
            theirs.ok()["createAccount"]["userErrors"][0]["code"],
            "UNKNOWN_SQUAD"
        );
        let housing = app
        .gql(Some(&leader), CREATE, json!({"i": {"login": "a.housing", "displayName": "房管", "password": "initial-pass-1", "role": "HOUSING"}}))
        .await;
        assert_eq!(housing.error_code(), Some("FORBIDDEN"));
        let list = app
            .gql(
                Some(&leader),
                "{ accounts { totalCount edges { node { displayName role } } } }",
                json!({}),
            )
            .await;
        let names: Vec<&str> = list.ok()["accounts"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["displayName"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["华阳路中队 刘队员", "新队员"]);
    }
);
