//! How long a device keeps what a visit's people said and what its photos show.
//!
//! A seized or lost tablet must not hold years of testimony. The office sets a period
//! (days after a visit's approval); past it, each device removes **on itself only** the
//! visit's interview contents and the bytes of its photos and documents. What the next
//! visit needs stays: the interviews' pseudonymous codes, consents and reprisal flags, the
//! findings, recommendations and checks. The office keeps everything: removing is never
//! an op, so nothing of it is pushed.

use chrono::{DateTime, Days, Utc};
use serde::{Deserialize, Serialize};

/// The shortest and longest period an office may set: a day (the team has synced and
/// the report is written) to ten years.
pub const MIN_DAYS: u32 = 1;
pub const MAX_DAYS: u32 = 3650;

/// The office's period, in whole days after approval.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RetentionDays(u32);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the retention period must be {MIN_DAYS} to {MAX_DAYS} days, not {0}")]
pub struct OutOfRange(pub i64);

impl RetentionDays {
    pub fn new(days: i64) -> Result<RetentionDays, OutOfRange> {
        match u32::try_from(days) {
            Ok(days) if (MIN_DAYS..=MAX_DAYS).contains(&days) => Ok(RetentionDays(days)),
            _ => Err(OutOfRange(days)),
        }
    }

    pub fn get(self) -> u32 {
        self.0
    }

    /// Whether a visit approved at `approved_at` is past the period at `now`: its
    /// content leaves the device. Exactly the period after is past it.
    pub fn is_past(self, approved_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        approved_at.checked_add_days(Days::new(u64::from(self.0))).is_some_and(|end| end <= now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_period_is_whole_days_after_approval_and_bounded() {
        let days = RetentionDays::new(30).expect("30 days");
        let approved: DateTime<Utc> = "2026-01-01T10:00:00Z".parse().expect("time");
        assert!(!days.is_past(approved, "2026-01-31T09:59:59Z".parse().expect("time")));
        assert!(days.is_past(approved, "2026-01-31T10:00:00Z".parse().expect("time")));
        assert!(!days.is_past(approved, approved));
        assert_eq!(RetentionDays::new(0), Err(OutOfRange(0)));
        assert_eq!(RetentionDays::new(-5), Err(OutOfRange(-5)));
        assert_eq!(RetentionDays::new(3651), Err(OutOfRange(3651)));
        assert!(RetentionDays::new(3650).is_ok());
    }
}
