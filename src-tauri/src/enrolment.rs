//! Decisions about the device's link to the central office, as pure functions: which
//! client the saved settings make, whether to enrol from the environment at start, what
//! an address typed in the settings form must look like, and the device's name.
//!
//! The settings live in the device store (`Store::set_setting`). The device token is a
//! secret: the store is encrypted at rest in a later issue (SQLCipher, see
//! docs/architecture.md); until then it is as safe as the store file.

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
/// its QR code): then the link's address is the one used.
pub fn validate_enrolment(server_url: &str, code: &str) -> Result<(String, String), AppError> {
    let invalid = |message: &str| AppError::InvalidInput(message.to_owned());
    let from_link;
    let (server_url, code) = if vigil_core::enrol_link::EnrolLink::looks_like_link(code) {
        from_link = vigil_core::enrol_link::EnrolLink::parse(code).map_err(|err| invalid(&err.to_string()))?;
        (from_link.office.as_str(), from_link.code.as_str())
    } else {
        (server_url, code)
    };
    let url = server_url.trim().trim_end_matches('/');
    let code = code.trim();
    if url.is_empty() {
        return Err(invalid("Enter the central office's address, e.g. https://office.example"));
    }
    let parsed = reqwest::Url::parse(url)
        .map_err(|_| invalid("This is not a web address; it looks like https://office.example"))?;
    let Some(host) = parsed.host_str().filter(|h| !h.is_empty()) else {
        return Err(invalid("The address has no server name; it looks like https://office.example"));
    };
    let ip = host.trim_start_matches('[').trim_end_matches(']').parse::<std::net::IpAddr>();
    let loopback = host.eq_ignore_ascii_case("localhost") || ip.is_ok_and(|ip| ip.is_loopback());
    match parsed.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => return Err(invalid("The address must start with https:// so the connection is encrypted")),
        _ => return Err(invalid("The address must start with https://")),
    }
    if code.is_empty() {
        return Err(invalid("Enter the enrolment code your administrator gave you"));
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
    use super::{client_from_settings, device_name, env_enrolment, validate_enrolment};

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
        for (url, code) in [
            ("", "CODE"),
            ("office.example", "CODE"),
            ("http://office.example", "CODE"),
            ("http://192.168.1.10:8750", "CODE"),
            ("ftp://office.example", "CODE"),
            ("https://office.example", "   "),
        ] {
            let error = validate_enrolment(url, code).expect_err(url);
            assert_eq!(error.code(), vigil_core::Code::InvalidInput, "{url:?} {code:?}");
        }
    }

    #[test]
    fn takes_the_consoles_enrolment_link_in_the_code_field_with_its_office_address() {
        let link = vigil_core::enrol_link::EnrolLink {
            office: "https://office.example/".into(),
            code: "ABCD-EFGH-JKMN".into(),
        };
        let (url, code) = validate_enrolment("", &format!(" {} ", link.to_link())).expect("a link");
        assert_eq!((url.as_str(), code.as_str()), ("https://office.example", "ABCD-EFGH-JKMN"));
        let plain = vigil_core::enrol_link::EnrolLink { office: "http://office.example".into(), code: "X".into() };
        for bad in [plain.to_link(), "vigil://enrol?code=X".to_owned()] {
            let error = validate_enrolment("https://office.example", &bad).expect_err(&bad);
            assert_eq!(error.code(), vigil_core::Code::InvalidInput, "{bad}");
        }
    }

    #[test]
    fn names_the_device_after_its_host() {
        assert_eq!(device_name(Some("field-laptop-3\n".to_owned())), "field-laptop-3");
        assert_eq!(device_name(Some(" ".to_owned())), "Vigil device");
        assert_eq!(device_name(None), "Vigil device");
    }
}
