use gongzhi_tests::*;
use serde_json::json;

both!(
    an_account_change_made_through_one_server_reaches_a_subscriber_on_another,
    |db| async move {
        let app = spawn_app(db).await;
        // On PostgreSQL the change goes through a second server over the same database, so it
        // must cross processes by LISTEN/NOTIFY. The embedded SQLite default is one process.
        let peer;
        let writer: &TestApp = if db == Db::Postgres {
            peer = spawn_peer(&app).await;
            &peer
        } else {
            &app
        };
        let officer = app.login("officer").await;
        let mut sub = ws::subscribed(
            &app.addr,
            Some(&officer),
            "subscription { myAccountChanged { displayName status } }",
        )
        .await;
        // Let the subscription settle before the change.
        assert_eq!(
            sub.next_within(std::time::Duration::from_millis(300)).await,
            Err("timeout".into())
        );

        let sup = writer.login("supervisor").await;
        let list = writer
            .gql(
                Some(&sup),
                "{ accounts(role: OFFICER) { edges { node { id displayName } } } }",
                json!({}),
            )
            .await;
        let id = list.ok()["accounts"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["node"]["displayName"] == "华阳路中队 刘队员")
            .unwrap()["node"]["id"]
            .clone();
        writer
        .gql(Some(&sup), "mutation($id: ID!) { deactivateAccount(input: {accountId: $id}) { account { status } } }", json!({"id": id}))
        .await
        .ok();
        let event = sub
            .next()
            .await
            .expect("the subscriber hears of the change");
        assert_eq!(event["data"]["myAccountChanged"]["status"], "DEACTIVATED");
        assert_eq!(
            event["data"]["myAccountChanged"]["displayName"],
            "华阳路中队 刘队员"
        );
    }
);
