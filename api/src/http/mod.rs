//! The HTTP edge: routes, authentication of each request, and the PWA's files.
mod exports;
mod graphql;
mod ops;
mod photos;
mod pwa;

use actix_web::web;

pub use graphql::authenticate_header;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/healthz", web::get().to(ops::healthz))
        .route("/readyz", web::get().to(ops::readyz))
        .route("/metrics", web::get().to(ops::metrics))
        .route("/photos/{id}/{variant}", web::get().to(photos::serve))
        .route(
            "/exports/figures.xlsx",
            web::get().to(exports::figures_xlsx),
        )
        .route("/exports/items.xlsx", web::get().to(exports::items_xlsx))
        .route(
            "/exports/hotspots.xlsx",
            web::get().to(exports::hotspots_xlsx),
        )
        .service(
            web::resource("/graphql")
                .route(web::post().to(graphql::execute))
                .route(
                    web::get()
                        .guard(actix_web::guard::Header("upgrade", "websocket"))
                        .to(graphql::subscriptions),
                )
                .route(web::get().to(graphql::graphiql)),
        )
        .default_service(web::route().to(pwa::serve));
}
