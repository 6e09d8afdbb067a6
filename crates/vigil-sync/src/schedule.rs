//! When to sync. A timer drives sync, not the next local edit: every [`Schedule::interval`]
//! while the central office answers, sooner when the app asks ("sync now"), and after a
//! transient failure (no network, the office busy or down) again after an exponential
//! [`Backoff`] with full jitter, so many devices coming back online at once do not all
//! knock at the same moment. A failure that waiting cannot fix (the device was revoked,
//! the office refused a reply) stops the retries until the person acts and asks again.
//!
//! The decisions are pure ([`Backoff`], [`Scheduler::next_wait`]) and take their random
//! numbers from the caller, so tests pin them; [`drive`] is the async loop around them.

use std::future::Future;
use std::time::Duration;

use tokio::sync::Notify;

use crate::{SyncError, SyncReport};

/// Exponential backoff with full jitter: the `n`th retry in a row waits a random time
/// between zero and `min(cap, base · 2ⁿ)`; a success resets it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backoff {
    base: Duration,
    cap: Duration,
    failures: u32,
}

impl Default for Backoff {
    /// 2 s, doubling up to 5 minutes.
    fn default() -> Self {
        Backoff::new(Duration::from_secs(2), Duration::from_secs(5 * 60))
    }
}

impl Backoff {
    pub fn new(base: Duration, cap: Duration) -> Backoff {
        Backoff { base, cap: cap.max(base), failures: 0 }
    }

    /// Failures in a row since the last success.
    pub fn failures(&self) -> u32 {
        self.failures
    }

    /// The longest the next retry may wait: `min(cap, base · 2^failures)`.
    pub fn ceiling(&self) -> Duration {
        // 2^31 · base overflows any sensible cap long before the shift does.
        let factor = 1u32.checked_shl(self.failures.min(31)).unwrap_or(u32::MAX);
        self.base.checked_mul(factor).map_or(self.cap, |d| d.min(self.cap))
    }

    /// Counts a failure and returns how long to wait before the retry: `random` (a number in
    /// `[0, 1]`, clamped; NaN counts as 0) times the ceiling before this failure.
    pub fn next_delay(&mut self, random: f64) -> Duration {
        let random = if random.is_nan() { 0.0 } else { random.clamp(0.0, 1.0) };
        let delay = self.ceiling().mul_f64(random);
        self.failures = self.failures.saturating_add(1);
        delay
    }

    /// Back to the first, shortest wait (after a success, or when the person steps in).
    pub fn reset(&mut self) {
        self.failures = 0;
    }
}

/// How one attempt to sync went, as far as scheduling cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Synced: wait the healthy interval.
    Synced,
    /// Failed in a way that may pass (network, office busy): retry after the backoff.
    Retry,
    /// Nothing to do until the person acts (not enrolled, revoked, a refused reply):
    /// wait for "sync now" only.
    Wait,
}

impl Outcome {
    pub fn of(result: &Result<SyncReport, SyncError>) -> Outcome {
        match result {
            Ok(_) => Outcome::Synced,
            Err(error) if error.is_transient() => Outcome::Retry,
            Err(_) => Outcome::Wait,
        }
    }
}

/// The timing of the sync loop: a healthy interval and the backoff for failures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scheduler {
    pub interval: Duration,
    pub backoff: Backoff,
}

impl Default for Scheduler {
    /// Every minute when healthy, with the default backoff.
    fn default() -> Self {
        Scheduler { interval: Duration::from_secs(60), backoff: Backoff::default() }
    }
}

impl Scheduler {
    /// How long to wait after `outcome` before syncing again by itself; `None`: only when asked.
    pub fn next_wait(&mut self, outcome: Outcome, random: f64) -> Option<Duration> {
        match outcome {
            Outcome::Synced => {
                self.backoff.reset();
                Some(self.interval)
            }
            Outcome::Retry => Some(self.backoff.next_delay(random)),
            Outcome::Wait => {
                // The person will fix something and ask; their first retry should be quick.
                self.backoff.reset();
                None
            }
        }
    }
}

/// Runs `attempt` now and then forever: after each, waits as [`Scheduler::next_wait`]
/// says, or less when `wake` is notified (the app's "sync now", or an enrolment). A wake
/// that arrives during an attempt is kept, so the next attempt follows at once and sees
/// the edit that asked for it. `random` gives numbers in `[0, 1]` for the jitter. Runs
/// until its task is dropped or aborted.
pub async fn drive<A, F>(mut scheduler: Scheduler, wake: &Notify, mut random: impl FnMut() -> f64, mut attempt: A)
where
    A: FnMut() -> F,
    F: Future<Output = Outcome>,
{
    loop {
        let outcome = attempt().await;
        match scheduler.next_wait(outcome, random()) {
            Some(wait) => {
                tokio::select! {
                    () = tokio::time::sleep(wait) => {}
                    () = wake.notified() => scheduler.backoff.reset(),
                }
            }
            None => wake.notified().await,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use tokio::sync::Notify;

    use super::{Backoff, Outcome, Scheduler, SyncError, drive};

    const S: fn(u64) -> Duration = Duration::from_secs;

    #[test]
    fn the_ceiling_doubles_from_the_base_up_to_the_cap() {
        let mut backoff = Backoff::default();
        let mut ceilings = Vec::new();
        for _ in 0..12 {
            ceilings.push(backoff.ceiling());
            backoff.next_delay(0.5);
        }
        let expected: Vec<Duration> = [2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300, 300].map(S).to_vec();
        assert_eq!(ceilings, expected);
    }

    #[test]
    fn full_jitter_spans_zero_to_the_ceiling() {
        let mut backoff = Backoff::default();
        for _ in 0..3 {
            backoff.next_delay(0.0);
        }
        let ceiling = backoff.ceiling();
        assert_eq!(ceiling, S(16));
        assert_eq!(backoff.clone().next_delay(0.0), Duration::ZERO);
        assert_eq!(backoff.clone().next_delay(1.0), S(16));
        assert_eq!(backoff.clone().next_delay(0.25), S(4));
        // Out-of-range randomness never escapes the bounds.
        assert_eq!(backoff.clone().next_delay(7.0), S(16));
        assert_eq!(backoff.clone().next_delay(-1.0), Duration::ZERO);
        assert_eq!(backoff.clone().next_delay(f64::NAN), Duration::ZERO);
    }

    #[test]
    fn every_delay_stays_within_its_ceiling_and_the_cap() {
        let mut backoff = Backoff::new(Duration::from_millis(500), S(60));
        // A fixed, uneven sequence standing in for a random source.
        let randoms = [0.99, 0.1, 0.73, 1.0, 0.0, 0.5, 0.999, 0.31];
        for (n, random) in randoms.iter().cycle().take(100).enumerate() {
            let ceiling = backoff.ceiling();
            let delay = backoff.next_delay(*random);
            assert!(delay <= ceiling && ceiling <= S(60), "retry {n}: {delay:?} within {ceiling:?}");
        }
        assert_eq!(backoff.failures(), 100);
        assert_eq!(backoff.ceiling(), S(60));
    }

    #[test]
    fn a_huge_number_of_failures_does_not_overflow() {
        let mut backoff = Backoff::new(S(2), S(300));
        backoff.failures = u32::MAX;
        assert_eq!(backoff.ceiling(), S(300));
        assert_eq!(backoff.next_delay(1.0), S(300));
        assert_eq!(backoff.failures(), u32::MAX);
    }

    #[test]
    fn a_cap_below_the_base_is_raised_to_the_base() {
        assert_eq!(Backoff::new(S(10), S(1)).ceiling(), S(10));
    }

    #[test]
    fn success_resets_the_backoff_and_waits_the_interval() {
        let mut scheduler = Scheduler::default();
        assert_eq!(scheduler.next_wait(Outcome::Retry, 1.0), Some(S(2)));
        assert_eq!(scheduler.next_wait(Outcome::Retry, 1.0), Some(S(4)));
        assert_eq!(scheduler.next_wait(Outcome::Retry, 1.0), Some(S(8)));
        assert_eq!(scheduler.next_wait(Outcome::Synced, 1.0), Some(S(60)));
        assert_eq!(scheduler.backoff.failures(), 0);
        assert_eq!(scheduler.next_wait(Outcome::Retry, 1.0), Some(S(2)));
    }

    #[test]
    fn a_failure_that_waiting_cannot_fix_stops_the_timer() {
        let mut scheduler = Scheduler::default();
        scheduler.next_wait(Outcome::Retry, 1.0);
        assert_eq!(scheduler.next_wait(Outcome::Wait, 1.0), None);
        assert_eq!(scheduler.backoff.failures(), 0);
    }

    #[test]
    fn outcomes_follow_the_error_kind() {
        assert_eq!(Outcome::of(&Ok(Default::default())), Outcome::Synced);
        let busy = SyncError::Server {
            status: 503,
            code: vigil_core::Code::Internal,
            message: "later".into(),
            expected: None,
        };
        assert_eq!(Outcome::of(&Err(busy)), Outcome::Retry);
        assert_eq!(Outcome::of(&Err(SyncError::Unauthorized("revoked".into()))), Outcome::Wait);
        assert_eq!(Outcome::of(&Err(SyncError::SequenceGap { expected: 3 })), Outcome::Wait);
    }

    /// Starts `drive` over a script of outcomes (the last repeats) and counts attempts.
    fn start(
        scheduler: Scheduler,
        script: Vec<Outcome>,
    ) -> (Arc<Notify>, Arc<AtomicUsize>, tokio::task::JoinHandle<()>) {
        let wake = Arc::new(Notify::new());
        let attempts = Arc::new(AtomicUsize::new(0));
        let (task_wake, counter) = (wake.clone(), attempts.clone());
        let task = tokio::spawn(async move {
            drive(
                scheduler,
                &task_wake,
                || 1.0,
                || {
                    let n = counter.fetch_add(1, Ordering::SeqCst);
                    let outcome = script[n.min(script.len() - 1)];
                    async move { outcome }
                },
            )
            .await;
        });
        (wake, attempts, task)
    }

    async fn until(attempts: &AtomicUsize, n: usize) {
        tokio::time::timeout(S(5), async {
            while attempts.load(Ordering::SeqCst) < n {
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
        })
        .await
        .unwrap_or_else(|_| panic!("{n} attempts within 5 s; saw {}", attempts.load(Ordering::SeqCst)));
    }

    #[tokio::test]
    async fn transient_failures_retry_by_themselves() {
        let scheduler =
            Scheduler { interval: S(3600), backoff: Backoff::new(Duration::from_millis(1), Duration::from_millis(8)) };
        let (_wake, attempts, task) = start(scheduler, vec![Outcome::Retry]);
        until(&attempts, 6).await;
        task.abort();
    }

    #[tokio::test]
    async fn a_stopped_driver_waits_for_sync_now() {
        let (wake, attempts, task) = start(Scheduler::default(), vec![Outcome::Wait]);
        until(&attempts, 1).await;
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert_eq!(attempts.load(Ordering::SeqCst), 1, "no retry without being asked");
        wake.notify_one();
        until(&attempts, 2).await;
        task.abort();
    }

    #[tokio::test]
    async fn sync_now_cuts_the_healthy_interval_short() {
        let (wake, attempts, task) = start(Scheduler::default(), vec![Outcome::Synced]);
        until(&attempts, 1).await;
        wake.notify_one();
        until(&attempts, 2).await;
        task.abort();
    }
}
