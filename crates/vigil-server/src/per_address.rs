//! Budgets per client address, checked before the store is touched: a flood of guessed
//! enrolment codes or device tokens is answered 429 from memory, and never waits for, or
//! holds, a database connection that devices doing real work need.
//!
//! An IPv6 address counts by its /64 network: one machine usually holds a whole /64 and
//! could otherwise take a fresh address for every guess.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr};
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

type Instant = <DefaultClock as Clock>::Instant;

/// Attempts each address may make (enrolments): every attempt spends one.
#[derive(Debug)]
pub struct AttemptBudget {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
    checks: AtomicU32,
}

impl AttemptBudget {
    pub fn new(per_minute: NonZeroU32, burst: NonZeroU32) -> AttemptBudget {
        let limiter = RateLimiter::keyed(Quota::per_minute(per_minute).allow_burst(burst));
        AttemptBudget { limiter, checks: AtomicU32::new(0) }
    }

    /// Spends one attempt of `address`; false when it has none left.
    pub fn spend(&self, address: IpAddr) -> bool {
        forget_idle(&self.limiter, &self.checks);
        self.limiter.check_key(&network(address)).is_ok()
    }
}

/// Failures each address may cause (authentications). Only a failure spends one, but an
/// address with none left is refused before it is looked at, until its next one is due:
/// a token-guessing flood never reaches the store, and other addresses never notice it.
#[derive(Debug)]
pub struct FailureBudget {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
    refused_until: Mutex<HashMap<IpAddr, Instant>>,
    checks: AtomicU32,
}

impl FailureBudget {
    pub fn new(per_minute: NonZeroU32, burst: NonZeroU32) -> FailureBudget {
        let limiter = RateLimiter::keyed(Quota::per_minute(per_minute).allow_burst(burst));
        FailureBudget { limiter, refused_until: Mutex::new(HashMap::new()), checks: AtomicU32::new(0) }
    }

    /// Whether `address` may try now: it has not run out of failures, or its next is due.
    pub fn allows(&self, address: IpAddr) -> bool {
        let now = self.limiter.clock().now();
        let mut refused = self.refused();
        match refused.get(&network(address)) {
            Some(until) if *until > now => false,
            Some(_) => {
                refused.remove(&network(address));
                true
            }
            None => true,
        }
    }

    /// Spends one failure of `address`; false when it had none left, and is refused from
    /// now until its next is due.
    pub fn spend_failure(&self, address: IpAddr) -> bool {
        forget_idle(&self.limiter, &self.checks);
        let Err(not_until) = self.limiter.check_key(&network(address)) else {
            return true;
        };
        let now = self.limiter.clock().now();
        let mut refused = self.refused();
        if refused.len() >= FORGET_ABOVE {
            refused.retain(|_, until| *until > now);
        }
        refused.insert(network(address), not_until.earliest_possible());
        false
    }

    fn refused(&self) -> std::sync::MutexGuard<'_, HashMap<IpAddr, Instant>> {
        // The map holds plain values: whatever a panicking holder left is still sound.
        self.refused_until.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// An address as the budgets count it: an IPv6 address by its /64 network (an IPv4
/// address written as IPv6 is itself).
fn network(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(Ipv6Addr::from_bits(v6.to_bits() & !u128::from(u64::MAX))),
        },
        v4 => v4,
    }
}

/// How many addresses a budget tracks before it forgets those idle long enough to have
/// their whole budget back: a flood from many addresses must not grow memory without end.
const FORGET_ABOVE: usize = 10_000;

/// Forgets idle addresses now and then (every 1024 checks), once there are many.
fn forget_idle(limiter: &DefaultKeyedRateLimiter<IpAddr>, checks: &AtomicU32) {
    if checks.fetch_add(1, Ordering::Relaxed).is_multiple_of(1024) && limiter.len() >= FORGET_ABOVE {
        limiter.retain_recent();
        limiter.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn budget(burst: u32) -> FailureBudget {
        let one = NonZeroU32::MIN;
        FailureBudget::new(one, NonZeroU32::new(burst).expect("burst"))
    }

    #[test]
    fn an_address_out_of_failures_is_refused_and_others_are_not() {
        let failures = budget(2);
        let (guesser, device): (IpAddr, IpAddr) = ("192.0.2.7".parse().expect("ip"), "192.0.2.8".parse().expect("ip"));
        assert!(failures.spend_failure(guesser) && failures.spend_failure(guesser));
        assert!(failures.allows(guesser), "its budget is spent, not yet overdrawn");
        assert!(!failures.spend_failure(guesser));
        assert!(!failures.allows(guesser));
        assert!(failures.allows(device));
    }

    #[test]
    fn an_ipv6_network_counts_as_one_address() {
        let failures = budget(1);
        assert!(failures.spend_failure("2001:db8:1:2::1".parse().expect("ip")));
        assert!(!failures.spend_failure("2001:db8:1:2:ffff::9".parse().expect("ip")), "same /64");
        assert!(!failures.allows("2001:db8:1:2::77".parse().expect("ip")));
        assert!(failures.allows("2001:db8:1:3::1".parse().expect("ip")), "another /64");
        let attempts = AttemptBudget::new(NonZeroU32::MIN, NonZeroU32::MIN);
        assert!(attempts.spend("::ffff:192.0.2.1".parse().expect("ip")));
        assert!(!attempts.spend("192.0.2.1".parse().expect("ip")), "IPv4 written as IPv6 is itself");
    }
}
