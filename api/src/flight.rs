//! Single flight: many identical requests at once share one computation. A district's figures
//! for a year read tens of thousands of items; when thirty supervisors' dashboards ask for the
//! same figures at the same moment, the database computes them once and every caller gets that
//! answer. Nothing is kept once the computation ends, so the next request computes afresh: a
//! caller who joins a flight gets figures read at most one computation earlier. Each process
//! has its own flights; nothing here needs the others.
use std::{
    collections::HashMap,
    future::Future,
    sync::{Arc, Mutex},
};

use futures_util::future::{BoxFuture, FutureExt, Shared};

type Flight<V> = Shared<BoxFuture<'static, Result<Arc<V>, Arc<String>>>>;

pub struct Flights<V> {
    inner: Arc<Mutex<HashMap<String, Flight<V>>>>,
}

impl<V> Clone for Flights<V> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
        }
    }
}

impl<V> Default for Flights<V> {
    fn default() -> Self {
        Self {
            inner: Arc::default(),
        }
    }
}

impl<V: Send + Sync + 'static> Flights<V> {
    /// The result of the computation in flight under `key`, or of a new one made by `start`.
    pub async fn run<F>(
        &self,
        key: String,
        start: impl FnOnce() -> F,
    ) -> Result<Arc<V>, Arc<String>>
    where
        F: Future<Output = Result<V, String>> + Send + 'static,
        V: Send,
    {
        let flight = {
            let mut flights = self.inner.lock().unwrap_or_else(|e| e.into_inner());
            match flights.get(&key) {
                Some(f) => f.clone(),
                None => {
                    // The work runs as its own task: it finishes (and gives back its database
                    // connection) even when every caller has gone, and a panic in it reaches
                    // the callers as an error instead of breaking the key.
                    let work = start();
                    let landed = Landed {
                        all: self.inner.clone(),
                        key: key.clone(),
                    };
                    let task = tokio::spawn(async move {
                        let _landed = landed;
                        work.await
                    });
                    let f = async move {
                        match task.await {
                            Ok(r) => r.map(Arc::new).map_err(Arc::new),
                            Err(e) => Err(Arc::new(format!("the computation failed: {e}"))),
                        }
                    }
                    .boxed()
                    .shared();
                    flights.insert(key, f.clone());
                    f
                }
            }
        };
        flight.await
    }

    /// Flights now in the air (for tests).
    pub fn in_flight(&self) -> usize {
        self.inner.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
}

/// Takes a flight off the board when its task ends, however it ends: the next request
/// computes afresh.
struct Landed<V> {
    all: Arc<Mutex<HashMap<String, Flight<V>>>>,
    key: String,
}

impl<V> Drop for Landed<V> {
    fn drop(&mut self) {
        self.all
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&self.key);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    #[tokio::test]
    async fn callers_at_once_share_one_computation_and_later_ones_compute_afresh() {
        let flights: Flights<usize> = Flights::default();
        let runs = Arc::new(AtomicUsize::new(0));
        let (go, wait) = tokio::sync::watch::channel(false);
        let call = |key: &str| {
            let runs = runs.clone();
            let mut wait = wait.clone();
            let flights = flights.clone();
            let key = key.to_string();
            async move {
                flights
                    .run(key, move || async move {
                        let _ = wait.wait_for(|g| *g).await;
                        Ok(runs.fetch_add(1, Ordering::SeqCst) + 1)
                    })
                    .await
            }
        };
        let a = tokio::spawn(call("district-1"));
        let b = tokio::spawn(call("district-1"));
        let other = tokio::spawn(call("district-2"));
        while flights.in_flight() < 2 {
            tokio::task::yield_now().await;
        }
        go.send(true).ok();
        let (a, b, other) = (a.await.unwrap(), b.await.unwrap(), other.await.unwrap());
        assert_eq!(a.unwrap(), b.unwrap(), "the same key shares one answer");
        assert_eq!(runs.load(Ordering::SeqCst), 2, "one computation per key");
        assert!(other.is_ok());
        assert_eq!(flights.in_flight(), 0, "nothing is kept after landing");
        let later = call("district-1").await.unwrap();
        assert_eq!(*later, 3, "a later request computes afresh");
    }

    #[tokio::test]
    async fn work_left_by_every_caller_still_finishes_and_a_panic_is_an_error() {
        let flights: Flights<u8> = Flights::default();
        let (done_tx, done_rx) = tokio::sync::oneshot::channel();
        let caller = tokio::spawn({
            let flights = flights.clone();
            async move {
                flights
                    .run("k".into(), || async move {
                        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                        let _ = done_tx.send(());
                        Ok(1)
                    })
                    .await
            }
        });
        while flights.in_flight() == 0 {
            tokio::task::yield_now().await;
        }
        caller.abort();
        done_rx
            .await
            .expect("the work ran to its end without a caller");
        while flights.in_flight() != 0 {
            tokio::task::yield_now().await;
        }
        let err = flights
            .run("p".into(), || async { panic!("boom") })
            .await
            .unwrap_err();
        assert!(err.contains("failed"), "{err}");
        assert_eq!(flights.in_flight(), 0, "a panicked flight is not kept");
        let ok = flights.run("p".into(), || async { Ok(2) }).await.unwrap();
        assert_eq!(*ok, 2);
    }

    #[tokio::test]
    async fn a_failure_reaches_every_caller_of_its_flight_and_is_not_kept() {
        let flights: Flights<u8> = Flights::default();
        let err = flights
            .run("k".into(), || async { Err::<u8, _>("db down".to_string()) })
            .await
            .unwrap_err();
        assert_eq!(err.as_str(), "db down");
        let ok = flights.run("k".into(), || async { Ok(7) }).await.unwrap();
        assert_eq!(*ok, 7);
    }
}
