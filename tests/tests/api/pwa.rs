//! The PWA's files: real files first, the SPA fallback only for navigations, and cache
//! headers that let a phone keep hashed assets forever but never a stale shell.
use gongzhi_tests::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pwa_is_served_with_fallback_for_navigations_only_and_the_right_cache_headers() {
    let dist = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dist.path().join("assets")).unwrap();
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><title>共治</title>",
    )
    .unwrap();
    std::fs::write(
        dist.path().join("sw.js"),
        "self.addEventListener('fetch', () => {})",
    )
    .unwrap();
    std::fs::write(dist.path().join("assets/app-3f9a.js"), "console.log(1)").unwrap();
    let dir = dist.path().to_path_buf();
    let app = spawn_app_with(Db::Sqlite, move |s| s.pwa_dir = dir).await;
    let get = |path: &str, accept: &str| {
        app.client
            .get(format!("{}{path}", app.addr))
            .header("accept", accept)
            .send()
    };
    let root = get("/", "text/html").await.unwrap();
    assert_eq!(root.status(), 200);
    assert_eq!(root.headers()["cache-control"], "no-cache");
    // The security headers of the page: a policy that allows this origin only, no framing.
    let csp = root.headers()["content-security-policy"].to_str().unwrap();
    for directive in [
        "default-src 'self'",
        "script-src 'self';",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(directive), "{directive} missing from {csp}");
    }
    assert!(
        !csp.contains("unsafe-"),
        "no unsafe-inline or unsafe-eval: {csp}"
    );
    assert_eq!(root.headers()["x-content-type-options"], "nosniff");
    assert_eq!(root.headers()["x-frame-options"], "DENY");
    assert_eq!(root.headers()["cross-origin-opener-policy"], "same-origin");
    assert!(root.text().await.unwrap().contains("共治"));

    let asset = get("/assets/app-3f9a.js", "*/*").await.unwrap();
    assert_eq!(asset.status(), 200);
    assert!(
        asset.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    assert!(
        asset.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("javascript")
    );

    let sw = get("/sw.js", "*/*").await.unwrap();
    assert_eq!(sw.headers()["cache-control"], "no-cache");

    let deep = get("/complaints/new", "text/html,application/xhtml+xml")
        .await
        .unwrap();
    assert_eq!(deep.status(), 200);
    assert!(deep.text().await.unwrap().contains("共治"));

    for missing in ["/robots.txt", "/assets/old-1234.js", "/icons/none.png"] {
        let r = get(missing, "text/html").await.unwrap();
        assert_eq!(r.status(), 404, "{missing} must not fall back to the shell");
    }
    let api_like = get("/complaints/new", "application/json").await.unwrap();
    assert_eq!(api_like.status(), 404);
    let escape = get("/%2e%2e/%2e%2e/etc/passwd", "*/*").await.unwrap();
    assert_eq!(escape.status(), 404);

    // GraphiQL is for developers only.
    let gi = get("/graphql", "text/html").await.unwrap();
    assert_eq!(gi.status(), 404);
}
