//! Decisions about the device's link to the central office, as pure functions: which
//! client the saved settings make, whether to enrol from the environment at start, what
//! an address typed in the settings form must look like, and the device's name.
//!
//! The settings live in the device store (`Store::set_setting`). The device token is a
//! secret: the store is encrypted at rest in a later issue (SQLCipher, see
//! docs/architecture.md); until then it is as safe as the store file.

use std::sync::Mutex;

use serde::Serialize;
use vigil_core::Rule;
use vigil_core::enrol_link::EnrolLink;
use vigil_sync::{SyncClient, SyncError};

use crate::error::AppError;

/// The central office's address, e.g. `https://office.example`.
pub const SERVER_URL: &str = "server_url";
/// The bearer token the office gave this device at enrolment.
pub const DEVICE_TOKEN: &str = "device_token";
/// When the last sync finished, RFC 3339 in UTC.
pub const LAST_SYNCED_AT: &str = "last_synced_at";

/// With both set and the device not enrolled yet, the app enrols at start (the README's
/// run command and the screenshot script start an enrolled app this way).
pub const SERVER_URL_ENV: &str = "VIGIL_SERVER_URL";
pub const ENROL_CODE_ENV: &str = "VIGIL_ENROL_CODE";

/// The enrolment form's fields, as refusals name them (`fields.*` in the UI's catalogues).
pub const OFFICE_ADDRESS_FIELD: &str = "office_address";
pub const ENROLMENT_CODE_FIELD: &str = "enrolment_code";

/// The event that hands the window an enrolment link the app was opened with while it ran;
/// its payload is an [`OfferedEnrolment`].
pub const ENROL_LINK_EVENT: &str = "enrol-link";

/// An enrolment link the app was opened with (`vigil://enrol?…`, clicked in a message or
/// read from the console's QR code by the system): it fills the connect step, and is used
/// only when the person taps "Enrol", so a link from a stranger cannot enrol the device
/// with another office by itself.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum OfferedEnrolment {
    Link {
        office: String,
        code: String,
    },
    /// Not a complete enrolment link: shown with the rule it breaks, as a typed one would be.
    Unreadable {
        text: String,
        field: String,
        rule: Rule,
    },
}

impl OfferedEnrolment {
    pub fn from_link(text: &str) -> OfferedEnrolment {
        match EnrolLink::parse(text) {
            Ok(link) => OfferedEnrolment::Link { office: link.office, code: link.code },
            Err(_) => OfferedEnrolment::Unreadable {
                text: text.to_owned(),
                field: ENROLMENT_CODE_FIELD.to_owned(),
                rule: Rule::EnrolLink,
            },
        }
    }
}

/// The last enrolment link the app was opened with, kept for the connect step to ask.
#[derive(Debug, Default)]
pub struct EnrolOffer(Mutex<Option<OfferedEnrolment>>);

impl EnrolOffer {
    pub fn offer(&self, link: &str) -> OfferedEnrolment {
        let offered = OfferedEnrolment::from_link(link);
        *self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(offered.clone());
        offered
    }

    pub fn offered(&self) -> Option<OfferedEnrolment> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
    }
}

/// The D-Bus name that keeps one app per device store: a second start on the same store
/// (a link clicked while the app runs) hands its arguments to the first and exits. A store
/// of its own (`VIGIL_DATA_DIR`, as tests and the demo's second device use) is another device.
pub fn single_instance_id(identifier: &str, data_dir: Option<&std::ffi::OsStr>) -> String {
    use sha2::{Digest, Sha256};
    match data_dir {
        None => identifier.to_owned(),
        Some(dir) => {
            let digest = Sha256::digest(dir.as_encoded_bytes());
            format!("{identifier}.store_{}", hex::encode(&digest[..8]))
        }
    }
}

/// The name the office lists this device under when the platform gives none.
pub const DEFAULT_DEVICE_NAME: &str = "Vigil device";

/// The client the saved settings make: none until both the address and the token are set.
pub fn client_from_settings(server_url: Option<&str>, token: Option<&str>) -> Result<Option<SyncClient>, SyncError> {
    match (server_url.filter(|u| !u.is_empty()), token.filter(|t| !t.is_empty())) {
        (Some(url), Some(token)) => SyncClient::new(url, token.to_owned()).map(Some),
        _ => Ok(None),
    }
}

/// The address and code to enrol with at start: only when both variables are set (not
/// empty) and the device is not enrolled yet, so a restart never trades a code twice.
pub fn env_enrolment(server_url: Option<String>, code: Option<String>, enrolled: bool) -> Option<(String, String)> {
    let set = |value: Option<String>| value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    match (set(server_url), set(code), enrolled) {
        (Some(url), Some(code), false) => Some((url, code)),
        _ => None,
    }
}

/// Checks what the person typed: an `https://` address (plain `http://` only to this
/// machine, for tests and demos; device tokens never cross a network in clear) and a
/// code. Returns them trimmed, the address without a trailing slash. The code field also
/// takes the console's enrolment link (`vigil://enrol?office=…&code=…`, pasted or read from
/// its QR code): then the link's address is the one used. A refusal names the field and
/// the rule, which the UI words in the person's language.
pub fn validate_enrolment(server_url: &str, code: &str) -> Result<(String, String), AppError> {
    let address = |rule| AppError::BrokenRule { field: OFFICE_ADDRESS_FIELD, rule };
    let from_link;
    let (server_url, code) = if EnrolLink::looks_like_link(code) {
        from_link = EnrolLink::parse(code)
            .map_err(|_| AppError::BrokenRule { field: ENROLMENT_CODE_FIELD, rule: Rule::EnrolLink })?;
        (from_link.office.as_str(), from_link.code.as_str())
    } else {
        (server_url, code)
    };
    let url = server_url.trim().trim_end_matches('/');
    let code = code.trim();
    if url.is_empty() {
        return Err(address(Rule::NotEmpty));
    }
    let parsed = reqwest::Url::parse(url).map_err(|_| address(Rule::WebAddress))?;
    let Some(host) = parsed.host_str().filter(|h| !h.is_empty()) else {
        return Err(address(Rule::WebAddress));
    };
    let ip = host.trim_start_matches('[').trim_end_matches(']').parse::<std::net::IpAddr>();
    let loopback = host.eq_ignore_ascii_case("localhost") || ip.is_ok_and(|ip| ip.is_loopback());
    match parsed.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => return Err(address(Rule::Https)),
        _ => return Err(address(Rule::WebAddress)),
    }
    if code.is_empty() {
        return Err(AppError::BrokenRule { field: ENROLMENT_CODE_FIELD, rule: Rule::NotEmpty });
    }
    Ok((url.to_owned(), code.to_owned()))
}

/// The device's name for the office: the host name when there is one.
pub fn device_name(hostname: Option<String>) -> String {
    hostname.map(|h| h.trim().to_owned()).filter(|h| !h.is_empty()).unwrap_or_else(|| DEFAULT_DEVICE_NAME.to_owned())
}

/// The host name from `HOSTNAME` or `/etc/hostname`, when either gives one.
pub fn hostname() -> Option<String> {
    std::env::var("HOSTNAME")
        .ok()
        .filter(|h| !h.trim().is_empty())
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_the_app_is_opened_with_is_offered_as_its_office_and_code_and_a_broken_one_by_its_rule() {
        let offer = EnrolOffer::default();
        assert_eq!(offer.offered(), None);
        let link = EnrolLink { office: "https://office.example:8750".into(), code: "ABCD-EFGH-JKMN".into() };
        assert_eq!(
            offer.offer(&link.to_link()),
            OfferedEnrolment::Link { office: link.office.clone(), code: link.code.clone() }
        );
        let broken = "vigil://enrol?code=ABCD-EFGH-JKMN";
        offer.offer(broken);
        assert_eq!(
            offer.offered(),
            Some(OfferedEnrolment::Unreadable {
                text: broken.into(),
                field: ENROLMENT_CODE_FIELD.into(),
                rule: Rule::EnrolLink
            }),
            "the latest link is the one offered"
        );
    }

    #[test]
    fn each_device_store_has_its_own_single_instance_name() {
        let default = single_instance_id("org.vigil.app", None);
        let one = single_instance_id("org.vigil.app", Some(std::ffi::OsStr::new("/tmp/a")));
        let two = single_instance_id("org.vigil.app", Some(std::ffi::OsStr::new("/tmp/b")));
        assert_eq!(default, "org.vigil.app");
        assert_ne!(one, two);
        assert_eq!(one, single_instance_id("org.vigil.app", Some(std::ffi::OsStr::new("/tmp/a"))));
        // A D-Bus name's elements may not start with a digit: each starts with a letter.
        assert!(one.split('.').all(|element| element.starts_with(|c: char| c.is_ascii_alphabetic())), "{one}");
    }

    #[test]
    fn a_client_needs_both_the_address_and_the_token() {
        assert!(client_from_settings(Some("https://office.example"), Some("abc")).expect("builds").is_some());
        assert!(client_from_settings(Some("https://office.example"), None).expect("builds").is_none());
        assert!(client_from_settings(None, Some("abc")).expect("builds").is_none());
        assert!(client_from_settings(Some(""), Some("abc")).expect("builds").is_none());
        assert!(client_from_settings(Some("https://office.example"), Some("")).expect("builds").is_none());
    }

    #[test]
    fn enrols_from_the_environment_only_once() {
        let url = || Some("http://127.0.0.1:8750".to_owned());
        let code = || Some(" ABCD-EFGH-JKMN ".to_owned());
        assert_eq!(
            env_enrolment(url(), code(), false),
            Some(("http://127.0.0.1:8750".to_owned(), "ABCD-EFGH-JKMN".to_owned()))
        );
        assert_eq!(env_enrolment(url(), code(), true), None, "already enrolled");
        assert_eq!(env_enrolment(url(), None, false), None);
        assert_eq!(env_enrolment(None, code(), false), None);
        assert_eq!(env_enrolment(url(), Some("  ".to_owned()), false), None);
    }

    #[test]
    fn accepts_https_and_loopback_http() {
        let ok = |url: &str| validate_enrolment(url, " CODE ").map(|(u, _)| u);
        assert_eq!(ok(" https://office.example/ ").expect("https"), "https://office.example");
        assert_eq!(ok("http://127.0.0.1:8750").expect("loopback"), "http://127.0.0.1:8750");
        assert_eq!(ok("http://localhost:8750").expect("localhost"), "http://localhost:8750");
        assert_eq!(ok("http://[::1]:8750").expect("ipv6 loopback"), "http://[::1]:8750");
        assert_eq!(validate_enrolment("https://office.example", " CODE ").expect("valid").1, "CODE");
    }

    #[test]
    fn refuses_what_would_not_work_or_would_leak_the_token() {
        for (url, code, field, rule) in [
            ("", "CODE", OFFICE_ADDRESS_FIELD, Rule::NotEmpty),
            ("office.example", "CODE", OFFICE_ADDRESS_FIELD, Rule::WebAddress),
            ("https://", "CODE", OFFICE_ADDRESS_FIELD, Rule::WebAddress),
            ("http://office.example", "CODE", OFFICE_ADDRESS_FIELD, Rule::Https),
            ("http://192.168.1.10:8750", "CODE", OFFICE_ADDRESS_FIELD, Rule::Https),
            ("ftp://office.example", "CODE", OFFICE_ADDRESS_FIELD, Rule::WebAddress),
            ("https://office.example", "   ", ENROLMENT_CODE_FIELD, Rule::NotEmpty),
        ] {
            let error = validate_enrolment(url, code).expect_err(url);
            assert_eq!(error.code(), vigil_core::Code::InvalidInput, "{url:?} {code:?}");
            assert_eq!(error.broken_rule(), Some((field, rule)), "{url:?} {code:?}");
        }
    }

    #[test]
    fn takes_the_consoles_enrolment_link_in_the_code_field_with_its_office_address() {
        let link = EnrolLink { office: "https://office.example/".into(), code: "ABCD-EFGH-JKMN".into() };
        let (url, code) = validate_enrolment("", &format!(" {} ", link.to_link())).expect("a link");
        assert_eq!((url.as_str(), code.as_str()), ("https://office.example", "ABCD-EFGH-JKMN"));
        // A plain-http office in a link is refused as a typed one is; a half link names the code field.
        let plain = EnrolLink { office: "http://office.example".into(), code: "X".into() };
        let error = validate_enrolment("https://office.example", &plain.to_link()).expect_err("plain http");
        assert_eq!(error.broken_rule(), Some((OFFICE_ADDRESS_FIELD, Rule::Https)));
        let error = validate_enrolment("https://office.example", "vigil://enrol?code=X").expect_err("half a link");
        assert_eq!(error.broken_rule(), Some((ENROLMENT_CODE_FIELD, Rule::EnrolLink)));
    }

    #[test]
    fn names_the_device_after_its_host() {
        assert_eq!(device_name(Some("field-laptop-3\n".to_owned())), "field-laptop-3");
        assert_eq!(device_name(Some(" ".to_owned())), "Vigil device");
        assert_eq!(device_name(None), "Vigil device");
    }
}
