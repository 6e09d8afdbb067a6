//! Hybrid logical clock and stamps.
//!
//! An [`Hlc`] is wall-clock milliseconds plus a counter. A device ticks it for every local
//! edit and folds in the clock of every op it receives, so an edit made after seeing
//! another edit always carries a greater clock, even when the wall clocks of the two
//! devices disagree. A [`Stamp`] adds the device id to break ties, which makes the order
//! total: every replica picks the same winner.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Wall-clock milliseconds since the Unix epoch and a counter for edits in the same millisecond.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Hlc {
    pub millis: u64,
    pub counter: u32,
}

impl Hlc {
    pub const ZERO: Hlc = Hlc { millis: 0, counter: 0 };
}

/// Fixed width, so the text form sorts like the clock (SQLite compares it as text).
impl Hlc {
    /// `MILLIS-COUNTER` zero-padded to 15 and 10 digits, written without the formatting
    /// machinery (clocks are written for every op); `None` past 15 digits of millis.
    fn padded(&self) -> Option<[u8; 26]> {
        if self.millis >= 1_000_000_000_000_000 {
            return None;
        }
        let mut text = [b'0'; 26];
        text[15] = b'-';
        let mut millis = self.millis;
        for digit in text[..15].iter_mut().rev() {
            *digit = b'0' + (millis % 10) as u8;
            millis /= 10;
        }
        let mut counter = self.counter;
        for digit in text[16..].iter_mut().rev() {
            *digit = b'0' + (counter % 10) as u8;
            counter /= 10;
        }
        Some(text)
    }
}

impl fmt::Display for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.padded() {
            Some(text) => f.write_str(std::str::from_utf8(&text).map_err(|_| fmt::Error)?),
            None => write!(f, "{:015}-{:010}", self.millis, self.counter),
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("invalid hybrid logical clock {0:?}: expected MILLIS-COUNTER")]
pub struct HlcParseError(String);

impl FromStr for Hlc {
    type Err = HlcParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || HlcParseError(s.to_owned());
        let (millis, counter) = s.split_once('-').ok_or_else(bad)?;
        Ok(Hlc { millis: millis.parse().map_err(|_| bad())?, counter: counter.parse().map_err(|_| bad())? })
    }
}

impl Serialize for Hlc {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.padded() {
            Some(text) => s.serialize_str(std::str::from_utf8(&text).map_err(serde::ser::Error::custom)?),
            None => s.collect_str(self),
        }
    }
}

impl<'de> Deserialize<'de> for Hlc {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A device's clock. Pure: the caller passes the wall-clock time in.
#[derive(Debug, Clone, Copy, Default)]
pub struct HlcClock {
    last: Hlc,
}

impl HlcClock {
    /// Resumes a clock from the greatest value it ever issued or saw.
    pub fn resume(last: Hlc) -> Self {
        HlcClock { last }
    }

    pub fn last(&self) -> Hlc {
        self.last
    }

    /// The clock for a new local event.
    pub fn tick(&mut self, now_millis: u64) -> Hlc {
        self.last = if now_millis > self.last.millis {
            Hlc { millis: now_millis, counter: 0 }
        } else {
            Hlc { millis: self.last.millis, counter: self.last.counter.saturating_add(1) }
        };
        self.last
    }

    /// Folds in a clock received from another device, so later local events sort after it.
    pub fn observe(&mut self, remote: Hlc) {
        if remote > self.last {
            self.last = remote;
        }
    }
}

/// How far ahead of a receiver's own time an op's clock may be. Every replica adopts the
/// greatest clock it sees, so one op stamped far ahead (or at the end of the clock's
/// range) would drag every later edit of the organisation to that stamp, where
/// last-writer-wins no longer orders anything. A day covers any honest device's drift and
/// time zone mistakes; the office refuses the rest, and a device refuses the same from the
/// office.
pub const MAX_AHEAD_MILLIS: u64 = 24 * 60 * 60 * 1000;

/// An op's clock is too far ahead of the receiver's time, or at the end of its range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "clock {} ({}) is more than 24 hours ahead of the receiver's time {}: the sending device's date or time is wrong",
    clock,
    wall_time(clock.millis),
    wall_time(*now_millis)
)]
pub struct ClockAhead {
    pub clock: Hlc,
    pub now_millis: u64,
}

fn wall_time(millis: u64) -> String {
    i64::try_from(millis)
        .ok()
        .and_then(chrono::DateTime::from_timestamp_millis)
        .map_or_else(|| "beyond any date".to_owned(), |at| at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

impl Hlc {
    /// Whether a replica whose wall clock reads `now_millis` may take an op stamped `self`:
    /// at most [`MAX_AHEAD_MILLIS`] ahead, and short of the counter's end (a clock stuck
    /// there could only repeat itself).
    pub fn check_received(self, now_millis: u64) -> Result<(), ClockAhead> {
        let too_far = self.millis > now_millis.saturating_add(MAX_AHEAD_MILLIS);
        if too_far || self.counter == u32::MAX {
            return Err(ClockAhead { clock: self, now_millis });
        }
        Ok(())
    }
}

/// The total order of writes: clock first, device id to break ties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Stamp {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub hlc: Hlc,
    pub device_id: Uuid,
}

impl fmt::Display for Stamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.hlc, self.device_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tick_is_strictly_increasing_even_when_the_wall_clock_goes_back() {
        let mut clock = HlcClock::default();
        let a = clock.tick(1_000);
        let b = clock.tick(1_000);
        let c = clock.tick(900);
        let d = clock.tick(2_000);
        assert!(a < b && b < c && c < d);
        assert_eq!(d, Hlc { millis: 2_000, counter: 0 });
    }

    #[test]
    fn an_event_after_observing_a_remote_clock_sorts_after_it() {
        let mut clock = HlcClock::default();
        clock.tick(1_000);
        let remote = Hlc { millis: 5_000, counter: 7 };
        clock.observe(remote);
        assert!(clock.tick(1_001) > remote);
    }

    #[test]
    fn text_form_round_trips_and_sorts_like_the_clock() {
        let small = Hlc { millis: 9, counter: 10 };
        let big = Hlc { millis: 10, counter: 1 };
        assert!(small.to_string() < big.to_string());
        assert_eq!(small.to_string().parse::<Hlc>(), Ok(small));
        assert!("12".parse::<Hlc>().is_err());
        assert!("x-1".parse::<Hlc>().is_err());
    }

    #[test]
    fn a_clock_a_day_ahead_is_taken_and_one_further_or_saturated_is_refused() {
        let now = 1_767_000_000_000;
        let at = |millis, counter| Hlc { millis, counter };
        assert_eq!(at(now + MAX_AHEAD_MILLIS, 5).check_received(now), Ok(()));
        assert_eq!(at(now - 3 * MAX_AHEAD_MILLIS, 0).check_received(now), Ok(()), "behind is fine");
        let ahead = at(now + MAX_AHEAD_MILLIS + 1, 0).check_received(now).expect_err("ahead");
        let message = ahead.to_string();
        assert!(message.contains("2025-12-29T09:20:00Z") && message.contains("2025-12-30T09:20:00Z"), "{message}");
        assert!(at(999_999_999_999_999, u32::MAX).check_received(now).is_err());
        assert!(at(now, u32::MAX).check_received(now).is_err(), "a saturated counter");
        assert!(at(u64::MAX, 0).check_received(now).expect_err("far").to_string().contains("beyond any date"));
    }

    #[test]
    fn text_form_is_zero_padded_and_the_same_in_json() {
        for hlc in [
            Hlc::ZERO,
            Hlc { millis: 1_767_000_000_123, counter: 42 },
            Hlc { millis: 999_999_999_999_999, counter: u32::MAX },
            Hlc { millis: u64::MAX, counter: 7 },
        ] {
            let expected = format!("{:015}-{:010}", hlc.millis, hlc.counter);
            assert_eq!(hlc.to_string(), expected);
            assert_eq!(serde_json::to_string(&hlc).unwrap_or_default(), format!("\"{expected}\""));
        }
    }
}
