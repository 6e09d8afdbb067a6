//! The seeded source of every random choice, and of record ids.
//!
//! All randomness flows through one ChaCha stream seeded from the demo seed, and the
//! generator never iterates a hash map, so one seed always gives the same records.

use chrono::{DateTime, Utc};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use uuid::Uuid;

#[derive(Debug)]
pub(crate) struct Gen {
    rng: ChaCha8Rng,
}

impl Gen {
    pub(crate) fn new(seed: u64) -> Gen {
        Gen { rng: ChaCha8Rng::seed_from_u64(seed) }
    }

    /// A UUIDv7 as `vigil_core::ids::new_id` makes it on a device at `at`, but with its
    /// random part drawn from the seed, so the ids are reproducible.
    pub(crate) fn id_at(&mut self, at: DateTime<Utc>) -> Uuid {
        let millis = u64::try_from(at.timestamp_millis()).unwrap_or(0);
        let random: [u8; 10] = self.rng.random();
        uuid::Builder::from_unix_timestamp_millis(millis, &random).into_uuid()
    }

    pub(crate) fn chance(&mut self, probability: f64) -> bool {
        self.rng.random_bool(probability.clamp(0.0, 1.0))
    }

    /// A whole number in `lo..=hi` (`lo` when the range is empty).
    pub(crate) fn int(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo { lo } else { self.rng.random_range(lo..=hi) }
    }

    /// An index below `len` (0 when `len` is 0).
    pub(crate) fn below(&mut self, len: usize) -> usize {
        if len == 0 { 0 } else { self.rng.random_range(0..len) }
    }

    /// A real number in `lo..hi`, rounded to one decimal as a monitor would note it.
    pub(crate) fn real(&mut self, lo: f64, hi: f64) -> f64 {
        let value = if hi <= lo { lo } else { self.rng.random_range(lo..hi) };
        (value * 10.0).round() / 10.0
    }

    /// One item of a constant pool. Pools are never empty (checked by the tests); an empty
    /// one is a bug in this crate and panics on the index.
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// One item, each with its weight.
    pub(crate) fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        let total: u32 = items.iter().map(|(_, w)| w).sum();
        let mut roll = self.rng.random_range(0..total.max(1));
        for &(item, weight) in items {
            if roll < weight {
                return item;
            }
            roll -= weight;
        }
        items[0].0
    }

    pub(crate) fn shuffle<T>(&mut self, items: &mut [T]) {
        items.shuffle(&mut self.rng);
    }

    /// `bytes` random bytes as lowercase hex (a SHA-256 is 32 bytes).
    pub(crate) fn hex(&mut self, bytes: usize) -> String {
        (0..bytes).map(|_| format!("{:02x}", self.rng.random::<u8>())).collect()
    }
}
