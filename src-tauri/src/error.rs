//! The one error type the commands return. It crosses to the UI as
//! `{ "code": "...", "message": "..." }`: the UI (`ui/src/lib/ipc.ts`) branches on
//! `code`, never on the text, so add a code only when the UI has something
//! different to do with it.

use std::path::PathBuf;

use serde::ser::SerializeStruct;
use vigil_core::Code;
use vigil_store::StoreError;
use vigil_store::vault::VaultError;
use vigil_sync::SyncError;

/// What went wrong in a command, in words a monitor can act on.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The device store refused or failed (open, migrate, query).
    #[error("{0}")]
    Store(#[from] StoreError),
    /// The platform gave no data directory and `VIGIL_DATA_DIR` is not set.
    #[error("there is no data directory for the device store: set VIGIL_DATA_DIR")]
    NoDataDir,
    /// The data directory cannot be created.
    #[error("cannot create the data directory {dir}: {source}")]
    DataDir { dir: PathBuf, source: std::io::Error },
    /// The store file cannot be opened or migrated.
    #[error("cannot open the device store {path}: {source}")]
    Open { path: PathBuf, source: StoreError },
    /// An earlier command panicked while holding the store; the app must restart.
    #[error("the device store is unavailable after an earlier failure: restart Vigil")]
    Poisoned,
    /// Sync or enrolment with the central office failed.
    #[error("{0}")]
    Sync(#[from] SyncError),
    /// Sync was asked for, but the device has no central office yet.
    #[error("this device is not enrolled with a central office yet")]
    NotEnrolled,
    /// What the person typed cannot work (the message says why and what to type).
    #[error("{0}")]
    InvalidInput(String),
    /// What the person entered breaks a rule (the enrolment form's address, a time still to
    /// come): worded by the UI, with the field.
    #[error("{field} {rule}")]
    BrokenRule { field: &'static str, rule: vigil_core::Rule },
    /// The device is locked (or has no passphrase yet): nothing of the store is readable
    /// until the person unlocks it.
    #[error("this device is locked: enter the passphrase to unlock it")]
    DeviceLocked,
    /// Creating, unlocking, rewrapping or wiping the device's key vault failed.
    #[error("{0}")]
    Vault(#[from] VaultError),
    /// The OS keyring ("remember on this device") is missing or refused.
    #[error("the system keyring cannot keep the key: {0}")]
    Keyring(String),
    /// A report or export could not be made or written.
    #[error("{0}")]
    Export(String),
    /// "Install the update" with no newer version on offer.
    #[error("the central office offers no newer version of Vigil")]
    NoUpdate,
    /// The new version's bundle failed the signature check; nothing was installed.
    #[error("the new version was refused, nothing was installed: {0}")]
    UpdateRefused(String),
    /// The new version could not be installed (this version keeps running).
    #[error("the new version could not be installed: {0}")]
    UpdateFailed(String),
}

impl AppError {
    /// The stable, machine-readable code the UI branches on.
    pub fn code(&self) -> Code {
        match self {
            Self::Store(StoreError::NotFound { .. }) => Code::NotFound,
            Self::Store(StoreError::NoConflict { .. }) => Code::NoConflict,
            // `in_review`, `visit_locked`: the visit is out of the team's hands (the UI turns
            // read-only); `forbidden`, `workflow`: the role may not do this.
            Self::Store(StoreError::Access(error)) => error.code(),
            Self::Store(StoreError::Invalid(_) | StoreError::BadValue { .. } | StoreError::OpShape(_)) => {
                Code::InvalidInput
            }
            // The admission gate's rules on links and references: worded by the UI, with the field.
            Self::Store(
                error @ (StoreError::LinkMoved { .. }
                | StoreError::BadLink { .. }
                | StoreError::NotOfVisit { .. }
                | StoreError::MissingReference { .. }
                | StoreError::Refused { .. }
                | StoreError::DiskFull),
            ) => error.code(),
            Self::Store(_) | Self::NoDataDir | Self::DataDir { .. } | Self::Open { .. } | Self::Poisoned => Code::Store,
            // A change from the office this device refuses (a clock far ahead).
            Self::Sync(SyncError::Store(StoreError::Refused { code, .. })) => *code,
            Self::Sync(SyncError::Store(StoreError::DiskFull)) => Code::DiskFull,
            Self::Sync(SyncError::Store(_)) => Code::Store,
            // The app or the office must be updated: said as such, every edit kept meanwhile.
            Self::Sync(SyncError::UpdateRequired { .. }) => Code::UpdateRequired,
            Self::Sync(SyncError::OfficeTooOld(_)) => Code::OfficeTooOld,
            // The office is short of space: retried by itself, but the person is told why.
            Self::Sync(SyncError::Server { code: code @ (Code::UploadQuota | Code::OfficeDiskFull), .. }) => *code,
            // Waiting may fix it: the network or the office comes back; sync retries by itself.
            Self::Sync(error) if error.is_transient() => Code::Offline,
            // Revoked device, or an enrolment code that is unknown, used or expired.
            Self::Sync(SyncError::Unauthorized(_)) => Code::Unauthorized,
            // The office refused for a reason the person can act on: say which.
            Self::Sync(SyncError::Server {
                code: code @ (Code::ClockAhead | Code::RateLimited | Code::DeviceExists | Code::DeviceUnconfirmed),
                ..
            }) => *code,
            Self::Sync(_) => Code::Sync,
            Self::NotEnrolled => Code::NotEnrolled,
            Self::InvalidInput(_) | Self::BrokenRule { .. } | Self::Vault(VaultError::WeakPassphrase) => {
                Code::InvalidInput
            }
            // The device's lock; an approved visit's lock is `visit_locked`.
            Self::DeviceLocked => Code::Locked,
            Self::Vault(VaultError::WrongPassphrase) => Code::WrongPassphrase,
            Self::Vault(VaultError::TooManyAttempts { .. }) => Code::TooManyAttempts,
            Self::Vault(_) => Code::Store,
            Self::Keyring(_) => Code::Keyring,
            Self::Export(_) => Code::Export,
            Self::NoUpdate => Code::NotFound,
            Self::UpdateRefused(_) => Code::UpdateRefused,
            Self::UpdateFailed(_) => Code::UpdateFailed,
        }
    }

    /// Seconds before the vault takes another passphrase (`too_many_attempts` only).
    pub fn retry_after_seconds(&self) -> Option<u64> {
        match self {
            Self::Vault(VaultError::TooManyAttempts { seconds }) => Some(*seconds),
            _ => None,
        }
    }
}

impl AppError {
    /// The field and the rule a record or the enrolment form broke, for the UI to word in
    /// the person's language.
    /// What went wrong with the office, as parameters for the UI to word (its "Details").
    pub fn trouble(&self) -> Option<crate::trouble::Trouble> {
        match self {
            Self::Sync(error) => crate::trouble::Trouble::of(error),
            _ => None,
        }
    }

    pub fn broken_rule(&self) -> Option<(&'static str, vigil_core::Rule)> {
        match self {
            Self::Store(StoreError::Invalid(invalid)) => Some((invalid.field, invalid.rule)),
            Self::BrokenRule { field, rule } => Some((field, *rule)),
            _ => None,
        }
    }
}

impl serde::Serialize for AppError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let retry_after = self.retry_after_seconds();
        let entity = match self {
            Self::Store(StoreError::Invalid(invalid)) => Some(invalid.entity),
            _ => None,
        };
        let broken = self.broken_rule();
        // A refusal's parameters (who may not do what), worded by the UI; a broken rule
        // already crosses as its field and rule.
        let detail = match self {
            Self::Store(err) if broken.is_none() => err.detail(),
            _ => None,
        };
        let trouble = self.trouble();
        let fields = 2
            + usize::from(trouble.is_some())
            + usize::from(retry_after.is_some())
            + usize::from(entity.is_some())
            + 2 * usize::from(broken.is_some())
            + usize::from(detail.is_some());
        let mut out = serializer.serialize_struct("AppError", fields)?;
        out.serialize_field("code", &self.code())?;
        out.serialize_field("message", &self.to_string())?;
        if let Some(seconds) = retry_after {
            out.serialize_field("retry_after_seconds", &seconds)?;
        }
        if let Some(entity) = entity {
            out.serialize_field("entity", &entity)?;
        }
        if let Some((field, rule)) = broken {
            out.serialize_field("field", field)?;
            out.serialize_field("rule", &rule)?;
        }
        if let Some(detail) = detail {
            out.serialize_field("detail", &detail)?;
        }
        if let Some(trouble) = trouble {
            out.serialize_field("trouble", &trouble)?;
        }
        out.end()
    }
}

#[cfg(test)]
mod tests {
    use super::AppError;
    use vigil_core::Entity;
    use vigil_store::StoreError;

    #[test]
    fn serialises_as_code_and_message() {
        let error = AppError::from(StoreError::Corrupt("bad row".to_owned()));
        let json = serde_json::to_value(&error).expect("serialises");
        assert_eq!(json, serde_json::json!({ "code": "store", "message": "stored data is damaged: bad row" }));
    }

    #[test]
    fn a_broken_rule_names_its_field_and_rule_for_the_ui_to_word() {
        let invalid = vigil_core::ValidationError {
            entity: Entity::Observation,
            field: "text",
            rule: vigil_core::Rule::NotEmpty,
        };
        let json = serde_json::to_value(AppError::from(StoreError::Invalid(invalid))).expect("serialises");
        assert_eq!(
            json,
            serde_json::json!({ "code": "invalid_input", "message": "observation.text: must not be empty",
                "entity": "observation", "field": "text", "rule": "not_empty" })
        );
    }

    #[test]
    fn a_refused_edit_crosses_with_its_parameters() {
        use vigil_core::access::AccessError;
        let refused = AccessError::Forbidden { role: vigil_core::Role::Supervisor, entity: Entity::Observation };
        let json = serde_json::to_value(AppError::from(StoreError::Access(refused))).expect("serialises");
        assert_eq!(json["code"], "forbidden");
        assert_eq!(
            json["detail"],
            serde_json::json!({ "kind": "role_may_not", "role": "supervisor", "entity": "observation" })
        );
    }

    #[test]
    fn an_app_or_office_too_old_and_an_office_out_of_space_are_named() {
        use vigil_core::Code;
        use vigil_core::protocol::VersionMismatch;
        use vigil_sync::SyncError;
        let versions = VersionMismatch { app: 2, office: 3, oldest: 3 };
        let too_old = SyncError::UpdateRequired { message: "update the app".into(), versions: Some(versions) };
        assert_eq!(AppError::from(too_old).code(), Code::UpdateRequired);
        assert_eq!(AppError::from(SyncError::OfficeTooOld(versions)).code(), Code::OfficeTooOld);
        let full =
            SyncError::Server { status: 507, code: Code::OfficeDiskFull, message: "disk full".into(), expected: None };
        assert!(full.is_transient(), "retried by itself");
        assert_eq!(AppError::from(full).code(), Code::OfficeDiskFull, "and the person is told why");
    }

    #[test]
    fn a_missing_record_is_not_found() {
        let error = AppError::from(StoreError::NotFound { entity: Entity::Facility, id: uuid::Uuid::nil() });
        assert_eq!(error.code(), vigil_core::Code::NotFound);
        assert_eq!(AppError::Poisoned.code(), vigil_core::Code::Store);
    }

    #[test]
    fn a_visit_out_of_the_teams_hands_says_why() {
        use vigil_core::VisitStatus;
        use vigil_core::access::AccessError;
        let visit_id = uuid::Uuid::nil();
        let in_review = AccessError::InReview { visit_id, status: VisitStatus::Submitted };
        assert_eq!(AppError::from(StoreError::Access(in_review)).code(), vigil_core::Code::InReview);
        assert_eq!(
            AppError::from(StoreError::Access(AccessError::Locked { visit_id })).code(),
            vigil_core::Code::VisitLocked
        );
        let bad = StoreError::BadValue { entity: Entity::Visit, message: "no".into() };
        assert_eq!(AppError::from(bad).code(), vigil_core::Code::InvalidInput);
    }

    #[test]
    fn sync_errors_say_whether_waiting_helps() {
        use vigil_sync::SyncError;
        let busy = SyncError::Server {
            status: 503,
            code: vigil_core::Code::Internal,
            message: "later".into(),
            expected: None,
        };
        assert_eq!(AppError::from(busy).code(), vigil_core::Code::Offline);
        let refused =
            SyncError::Server { status: 400, code: vigil_core::Code::BadRequest, message: "no".into(), expected: None };
        assert_eq!(AppError::from(refused).code(), vigil_core::Code::Sync);
        assert_eq!(AppError::from(SyncError::Unauthorized("revoked".into())).code(), vigil_core::Code::Unauthorized);
        let unconfirmed = SyncError::Server {
            status: 403,
            code: vigil_core::Code::DeviceUnconfirmed,
            message: "restored".into(),
            expected: None,
        };
        assert_eq!(AppError::from(unconfirmed).code(), vigil_core::Code::DeviceUnconfirmed, "the person is told why");
        assert_eq!(AppError::from(SyncError::SequenceGap { expected: 4 }).code(), vigil_core::Code::Sync);
        assert_eq!(AppError::from(SyncError::Store(StoreError::Corrupt("x".into()))).code(), vigil_core::Code::Store);
        assert_eq!(AppError::NotEnrolled.code(), vigil_core::Code::NotEnrolled);
        assert_eq!(AppError::InvalidInput("Enter a code".into()).to_string(), "Enter a code");
    }

    #[test]
    fn lock_errors_have_codes_of_their_own() {
        use vigil_store::vault::VaultError;
        assert_eq!(AppError::DeviceLocked.code(), vigil_core::Code::Locked);
        assert_eq!(AppError::from(VaultError::WrongPassphrase).code(), vigil_core::Code::WrongPassphrase);
        assert_eq!(AppError::from(VaultError::WeakPassphrase).code(), vigil_core::Code::InvalidInput);
        let wait = AppError::from(VaultError::TooManyAttempts { seconds: 30 });
        let json = serde_json::to_value(&wait).expect("serialises");
        assert_eq!(json["code"], "too_many_attempts");
        assert_eq!(json["retry_after_seconds"], 30);
        let plain = serde_json::to_value(AppError::DeviceLocked).expect("serialises");
        assert!(plain.get("retry_after_seconds").is_none());
    }
}
