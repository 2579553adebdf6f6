//! Black-box tests against the real server. Database tests run on SQLite and PostgreSQL.
mod accounts;
mod authz_matrix;
mod bad_input;
mod binary;
mod cases;
mod catalog;
mod directory;
mod health;
mod intake;
mod photos;
mod push;
mod pwa;
mod renovations;
mod sdl;
mod sessions;
mod subscriptions;
mod tokens;
