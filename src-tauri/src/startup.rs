//! Where the app's start goes: the moments `main` began, Tauri's setup began, the store
//! opened and setup ended, on the wall clock the window's own `performance` marks share. The
//! figures (tests/e2e/figures.rs, docs/performance.md) read them with `startup_times` to
//! split a cold start into its parts.

use std::sync::Mutex;
use std::time::SystemTime;

use serde::Serialize;

/// The start's moments, in milliseconds since the Unix epoch, as `performance.timeOrigin`
/// counts them.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct StartupTimes {
    pub main_began_ms: f64,
    pub setup_began_ms: Option<f64>,
    /// When the store began to open and was open: none while the device waits for its
    /// passphrase on the lock screen.
    pub store_open_began_ms: Option<f64>,
    pub store_opened_ms: Option<f64>,
    pub setup_ended_ms: Option<f64>,
}

/// Filled in as the start goes; read by the `startup_times` command.
#[derive(Debug, Default)]
pub struct Startup(Mutex<StartupTimes>);

impl Startup {
    /// Begins the record at `main`.
    pub fn began() -> Self {
        Self(Mutex::new(StartupTimes { main_began_ms: now_ms(), ..StartupTimes::default() }))
    }

    pub fn setup_began(&self) {
        self.update(|times| times.setup_began_ms = Some(now_ms()));
    }

    /// Runs `open` (which answers whether it opened the store) and records its time.
    pub fn open_store(&self, open: impl FnOnce() -> bool) {
        let began = now_ms();
        if open() {
            self.update(|times| {
                times.store_open_began_ms = Some(began);
                times.store_opened_ms = Some(now_ms());
            });
        }
    }

    pub fn setup_ended(&self) {
        self.update(|times| times.setup_ended_ms = Some(now_ms()));
    }

    pub fn times(&self) -> StartupTimes {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    fn update(&self, change: impl FnOnce(&mut StartupTimes)) {
        change(&mut self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
    }
}

fn now_ms() -> f64 {
    SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map_or(0.0, |since| since.as_secs_f64() * 1000.0)
}

#[cfg(test)]
mod tests {
    use super::Startup;

    #[test]
    fn records_the_moments_in_order_and_only_a_store_that_opened() {
        let startup = Startup::began();
        startup.setup_began();
        startup.open_store(|| false);
        assert_eq!(startup.times().store_opened_ms, None, "a store left locked has no opening time");
        startup.open_store(|| true);
        startup.setup_ended();
        let times = startup.times();
        let moments = [
            Some(times.main_began_ms),
            times.setup_began_ms,
            times.store_open_began_ms,
            times.store_opened_ms,
            times.setup_ended_ms,
        ];
        let moments: Vec<f64> = moments.into_iter().map(|moment| moment.expect("each moment recorded")).collect();
        assert!(moments.windows(2).all(|pair| pair[0] <= pair[1]), "{moments:?}");
        assert!(moments[0] > 1.7e12, "milliseconds since the epoch, as the window's clock: {}", moments[0]);
    }
}
