//! The codes every refusal and error carries, on the wire (`{code, message}`, a rejected
//! op), in the device's list of rejected changes and across the app's IPC. One enum, so the
//! office, the device and the UI (which gets it as a TypeScript union, with [`Code::ALL`]
//! as a list) cannot disagree on a spelling; the message says the details, the code is
//! what a program branches on.

use serde::{Deserialize, Serialize};

macro_rules! codes {
    ($($(#[$meta:meta])* $variant:ident = $text:literal,)+) => {
        /// What went wrong, as a program branches on it.
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Code {
            $($(#[$meta])* $variant,)+
            /// A code this version does not know (an office or app of a later version).
            Unknown,
        }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)+ Code::Unknown];

            /// The wire and storage name.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $text,)+
                    Code::Unknown => "unknown",
                }
            }
        }
    };
}

codes! {
    // Refusals of an edit (the admission gate, on the device and at the office).
    /// The role, the team or the author does not allow this edit.
    Forbidden = "forbidden",
    /// A workflow move the role may not make, or an action out of turn.
    Workflow = "workflow",
    /// The visit is approved and locked.
    VisitLocked = "visit_locked",
    /// The visit is in review: out of the team's hands until returned.
    InReview = "in_review",
    /// A record (or one it points at) does not exist here.
    NotFound = "not_found",
    /// The record would be invalid: a value, a moved link, a link to another visit.
    Invalid = "invalid",
    /// An audit event that does not extend its device's chain, or is not its device's.
    AuditChain = "audit_chain",
    /// An op's clock is too far ahead of the receiver's time (or past the clock's range).
    ClockAhead = "clock_ahead",
    AlreadyExists = "already_exists",
    NoConflict = "no_conflict",
    HashMismatch = "hash_mismatch",
    // The device's store and lock.
    WrongKey = "wrong_key",
    SchemaTooNew = "schema_too_new",
    /// The store failed (open, migrate, query, damaged data).
    Store = "store",
    /// The device's storage is full: the edit was not saved, nothing saved before is lost.
    DiskFull = "disk_full",
    /// The device is locked: nothing is readable until the passphrase is entered.
    Locked = "locked",
    WrongPassphrase = "wrong_passphrase",
    TooManyAttempts = "too_many_attempts",
    Keyring = "keyring",
    Export = "export",
    /// What the person typed cannot work; the message says why.
    InvalidInput = "invalid_input",
    // Sync and enrolment, as the app sees them.
    NotEnrolled = "not_enrolled",
    /// The office cannot be reached now; sync retries by itself.
    Offline = "offline",
    /// Sync failed in a way waiting does not fix.
    Sync = "sync",
    /// The page runs outside the Vigil app (the UI's own code).
    NotInApp = "not_in_app",
    /// This app is older than the office serves: update the app (its edits stay on it).
    UpdateRequired = "update_required",
    /// The office is older than this app syncs with: the office must be updated.
    OfficeTooOld = "office_too_old",
    /// A new version's bundle failed its signature check: it was not installed.
    UpdateRefused = "update_refused",
    /// A new version could not be installed (no permission, a package manager's refusal).
    UpdateFailed = "update_failed",
    // The central office's answers.
    Unauthorized = "unauthorized",
    BadRequest = "bad_request",
    WrongDevice = "wrong_device",
    BadEnrolmentCode = "bad_enrolment_code",
    /// An enrolment naming a device id the office knows: only an administrator re-enrols one.
    DeviceExists = "device_exists",
    /// The office was restored from a backup and an administrator has not yet confirmed
    /// this device: it syncs again once confirmed, and keeps its changes meanwhile.
    DeviceUnconfirmed = "device_unconfirmed",
    SequenceGap = "sequence_gap",
    /// A pushed op carries a `device_seq` the office already holds another op of this
    /// device under: the device's files were restored from an older copy.
    SequenceTaken = "sequence_taken",
    TooLarge = "too_large",
    OffsetMismatch = "offset_mismatch",
    /// A photo or document whose bytes are not there (on the device: its file is gone).
    BlobMissing = "blob_missing",
    /// A photo or document whose file on the device is damaged: it does not decrypt, or
    /// its bytes no longer match their hash.
    BlobDamaged = "blob_damaged",
    /// A device's unfinished uploads would pass the office's quota.
    UploadQuota = "upload_quota",
    /// The office's disk is full: nothing of the request was kept; the device tries later.
    OfficeDiskFull = "office_disk_full",
    RateLimited = "rate_limited",
    UnsupportedEncoding = "unsupported_encoding",
    RequestTimeout = "request_timeout",
    // The office's web console.
    /// The e-mail address and password do not match an account that may sign in.
    BadCredentials = "bad_credentials",
    /// A console request that changes something came without its session's CSRF token.
    CsrfToken = "csrf_token",
    /// An answer that was not the office's `{code, message}` (a proxy's page, say).
    Http = "http",
    Internal = "internal",
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Code {
    /// Any text is a code: one from a later version is [`Code::Unknown`], not an error that
    /// would make a whole answer unreadable.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Code, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
        let Ok(code) = text.parse();
        Ok(code)
    }
}

impl std::str::FromStr for Code {
    type Err = std::convert::Infallible;

    /// Any text is a code: one this version does not know is [`Code::Unknown`].
    fn from_str(text: &str) -> Result<Code, Self::Err> {
        Ok(Code::ALL.iter().copied().find(|code| code.as_str() == text).unwrap_or(Code::Unknown))
    }
}

#[cfg(test)]
mod tests {
    use super::Code;

    #[test]
    fn every_code_round_trips_through_serde_as_its_name() {
        for code in Code::ALL {
            let json = serde_json::to_value(code).expect("serialise");
            assert_eq!(json, serde_json::Value::String(code.as_str().to_owned()));
            assert_eq!(serde_json::from_value::<Code>(json).expect("parse"), *code);
            assert_eq!(code.as_str().parse::<Code>(), Ok(*code));
        }
    }

    #[test]
    fn a_code_from_a_later_version_is_unknown_not_an_error() {
        assert_eq!(serde_json::from_str::<Code>(r#""quota_exceeded_2031""#).expect("parses"), Code::Unknown);
        assert_eq!("quota_exceeded_2031".parse::<Code>(), Ok(Code::Unknown));
    }
}
