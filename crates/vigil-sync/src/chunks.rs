//! How big a piece of a photo goes up in one request. A field link can be too slow for a
//! large chunk to arrive before the office (or this device) stops waiting, and then the
//! same chunk would time out on every sync, forever: the size halves on a timeout, grows
//! back while chunks go up quickly, and does not grow again for a while to a size that
//! took too long.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The smallest chunk: one that still times out means the link is too slow for now, and
/// the sync fails (to be tried again later).
pub const MIN_CHUNK_BYTES: usize = 16 * 1024;

/// A chunk that went up within this long lets the next one be twice the size.
const GROWS_WITHIN: Duration = Duration::from_secs(5);

/// How long a size that took too long stays out of reach: the link may get better (a
/// device back on the office's network) and deserves larger chunks again.
const SLOW_REMEMBERED: Duration = Duration::from_secs(10 * 60);

#[derive(Debug)]
pub struct ChunkSizer {
    largest: usize,
    now: AtomicUsize,
    /// The last size that took too long, and when.
    too_slow: Mutex<Option<(usize, Instant)>>,
}

impl ChunkSizer {
    /// Chunks of `largest` bytes (at least 1) while the link allows.
    pub fn new(largest: usize) -> ChunkSizer {
        let largest = largest.max(1);
        ChunkSizer { largest, now: AtomicUsize::new(largest), too_slow: Mutex::new(None) }
    }

    /// The size of the next chunk.
    pub fn next(&self) -> usize {
        self.now.load(Ordering::Relaxed)
    }

    /// A chunk of `size` went up in `elapsed`. The last piece of a file, smaller than a
    /// chunk, says nothing of what a whole one would do.
    pub fn went_up(&self, size: usize, elapsed: Duration) {
        if size < self.next() {
            return;
        }
        let ceiling = match *self.too_slow.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) {
            Some((slow, at)) if at.elapsed() < SLOW_REMEMBERED => slow,
            _ => usize::MAX,
        };
        if elapsed < GROWS_WITHIN && size.saturating_mul(2) < ceiling {
            self.now.store(size.saturating_mul(2).min(self.largest), Ordering::Relaxed);
        }
    }

    /// A chunk of `size` took longer than the office or this device waits: answers whether
    /// a smaller one is worth a try (false once chunks are as small as they go).
    pub fn took_too_long(&self, size: usize) -> bool {
        *self.too_slow.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some((size, Instant::now()));
        let smaller = (size / 2).max(MIN_CHUNK_BYTES.min(self.largest));
        self.now.store(smaller, Ordering::Relaxed);
        smaller < size
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const QUICK: Duration = Duration::from_millis(200);

    #[test]
    fn a_timeout_halves_the_chunk_down_to_the_smallest_and_then_gives_up() {
        let sizer = ChunkSizer::new(64 * 1024);
        assert_eq!(sizer.next(), 64 * 1024);
        assert!(sizer.took_too_long(64 * 1024));
        assert_eq!(sizer.next(), 32 * 1024);
        assert!(sizer.took_too_long(32 * 1024));
        assert_eq!(sizer.next(), MIN_CHUNK_BYTES);
        assert!(!sizer.took_too_long(MIN_CHUNK_BYTES), "nothing smaller to try");
        assert_eq!(sizer.next(), MIN_CHUNK_BYTES);
    }

    #[test]
    fn quick_chunks_grow_back_but_not_to_a_size_that_just_took_too_long() {
        let sizer = ChunkSizer::new(1024 * 1024);
        sizer.took_too_long(256 * 1024);
        assert_eq!(sizer.next(), 128 * 1024);
        sizer.went_up(128 * 1024, QUICK);
        assert_eq!(sizer.next(), 128 * 1024, "256 KiB took too long a moment ago");
        sizer.took_too_long(128 * 1024);
        sizer.went_up(64 * 1024, QUICK);
        assert_eq!(sizer.next(), 64 * 1024);
    }

    #[test]
    fn quick_chunks_grow_to_the_largest_and_slow_ones_do_not_grow() {
        let sizer = ChunkSizer::new(1024 * 1024);
        sizer.took_too_long(1024 * 1024);
        *sizer.too_slow.lock().expect("lock") = None; // long ago
        sizer.went_up(512 * 1024, GROWS_WITHIN * 2);
        assert_eq!(sizer.next(), 512 * 1024, "a slow chunk keeps the size");
        sizer.went_up(512 * 1024, QUICK);
        assert_eq!(sizer.next(), 1024 * 1024);
        sizer.went_up(1024 * 1024, QUICK);
        assert_eq!(sizer.next(), 1024 * 1024, "never past the largest");
    }

    #[test]
    fn a_size_that_took_too_long_long_ago_is_tried_again() {
        let sizer = ChunkSizer::new(1024 * 1024);
        sizer.took_too_long(1024 * 1024);
        let long_ago = Instant::now().checked_sub(SLOW_REMEMBERED * 2);
        *sizer.too_slow.lock().expect("lock") = long_ago.map(|at| (1024 * 1024, at));
        sizer.went_up(512 * 1024, QUICK);
        assert_eq!(sizer.next(), 1024 * 1024);
    }

    #[test]
    fn the_small_last_piece_of_a_file_leaves_the_size_alone() {
        let sizer = ChunkSizer::new(1024 * 1024);
        sizer.went_up(1000, QUICK);
        assert_eq!(sizer.next(), 1024 * 1024);
        sizer.took_too_long(1024 * 1024);
        sizer.went_up(1000, QUICK);
        assert_eq!(sizer.next(), 512 * 1024);
    }

    #[test]
    fn a_tiny_largest_chunk_is_not_grown_past() {
        let sizer = ChunkSizer::new(1000);
        assert!(!sizer.took_too_long(1000), "already below the smallest");
        assert_eq!(sizer.next(), 1000);
    }
}
