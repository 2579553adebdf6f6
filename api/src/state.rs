//! What every request can reach: built once at start and shared by clone.
use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::push::Push;

use crate::{
    auth::tokens::TokenKeys, events::EventBus, metrics::Metrics, photos::PhotoStore,
    settings::Settings,
};

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub keys: TokenKeys,
    pub settings: Arc<Settings>,
    pub metrics: Metrics,
    pub events: EventBus,
    pub photos: PhotoStore,
    pub push: Push,
    /// Figures being computed, shared by identical requests at once.
    pub figure_flights: crate::flight::Flights<crate::figures::Figures>,
}
