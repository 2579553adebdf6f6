/// The committed SDL is what the PWA's operations are checked against: it must be the
/// schema the code serves. Regenerate with `cargo run -p api -- sdl > api/schema.graphql`.
#[test]
fn the_committed_sdl_matches_the_schema_the_code_serves() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../api/schema.graphql");
    let committed = std::fs::read_to_string(&path).expect("api/schema.graphql exists");
    let actual = gongzhi::graphql::sdl();
    assert!(
        committed == actual,
        "api/schema.graphql is out of date: run `cargo run -p api -- sdl > api/schema.graphql`"
    );
}
