//! The NPM as its reports name it: a name and a logo kept in the device's settings
//! (`Store::setting`), set from the app's export panel. Places have the office's reference
//! data; the NPM itself has no record of its own yet, so this is the device's to say.

use vigil_store::Store;

use crate::ReportError;
use crate::photo::{self, Photo};

/// The NPM's name as its reports carry it.
pub const NPM_NAME: &str = "report.npm_name";
/// The SHA-256 of a blob in the store holding the NPM's logo (PNG or JPEG).
pub const NPM_LOGO: &str = "report.npm_logo";
/// The longest name a cover takes, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// The largest logo file taken.
pub const MAX_LOGO_BYTES: usize = 2 * 1024 * 1024;

/// The NPM, as the device's settings name it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Office {
    /// `None` when none is set: the cover then says "National Preventive Mechanism".
    pub name: Option<String>,
    pub logo: Option<Photo>,
}

/// Why a name or logo was not kept.
#[derive(Debug, thiserror::Error)]
pub enum OfficeError {
    #[error("the NPM's name is longer than {MAX_NAME_CHARS} characters")]
    NameTooLong,
    #[error("the logo is larger than 2 MB")]
    LogoTooLarge,
    #[error("the logo is not a PNG or JPEG image")]
    NotAnImage,
    #[error(transparent)]
    Store(#[from] vigil_store::StoreError),
}

/// The name and logo set on this device.
pub fn read(store: &Store) -> Result<Office, ReportError> {
    let name = store.setting(NPM_NAME)?.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
    let logo = store
        .setting(NPM_LOGO)?
        .filter(|sha| !sha.is_empty())
        .and_then(|sha| store.read_blob(&sha).ok())
        .and_then(|bytes| photo::prepare("logo", &bytes));
    Ok(Office { name, logo })
}

/// Sets the name (an empty one clears it).
pub fn set_name(store: &mut Store, name: &str) -> Result<(), OfficeError> {
    let name = name.trim();
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(OfficeError::NameTooLong);
    }
    Ok(store.set_setting(NPM_NAME, name)?)
}

/// Keeps `bytes` as the logo, or removes the logo with `None`.
pub fn set_logo(store: &mut Store, bytes: Option<&[u8]>) -> Result<(), OfficeError> {
    let Some(bytes) = bytes else { return Ok(store.set_setting(NPM_LOGO, "")?) };
    if bytes.len() > MAX_LOGO_BYTES {
        return Err(OfficeError::LogoTooLarge);
    }
    if photo::prepare("logo", bytes).is_none() {
        return Err(OfficeError::NotAnImage);
    }
    let sha = store.add_blob(bytes)?;
    Ok(store.set_setting(NPM_LOGO, &sha)?)
}
