//! The enrolment link: what the console's QR code holds and the app's enrolment field
//! accepts, `vigil://enrol?office=<office address, URL-encoded>&code=<code>`. Written and
//! read only here, so the console and the app cannot disagree on it.

use url::Url;

/// The scheme and host of every enrolment link.
pub const ENROL_LINK_START: &str = "vigil://enrol";

/// An office address and a one-time code, as one link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrolLink {
    /// The office's address as devices reach it (`https://office.example.org`).
    pub office: String,
    /// The one-time enrolment code (`ABCD-EFGH-JKMN`).
    pub code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnrolLinkError {
    #[error("not an enrolment link: it must start with {ENROL_LINK_START}?")]
    NotALink,
    #[error("the enrolment link has no {0}")]
    Missing(&'static str),
    #[error("the office address in the link is not an http or https address: {0}")]
    BadOffice(String),
}

impl EnrolLink {
    /// The link, its parts URL-encoded.
    pub fn to_link(&self) -> String {
        let query = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("office", &self.office)
            .append_pair("code", &self.code)
            .finish();
        format!("{ENROL_LINK_START}?{query}")
    }

    /// Reads a link as typed or pasted (surrounding spaces are ignored).
    pub fn parse(text: &str) -> Result<EnrolLink, EnrolLinkError> {
        let text = text.trim();
        let url = Url::parse(text).map_err(|_| EnrolLinkError::NotALink)?;
        if url.scheme() != "vigil" || url.host_str() != Some("enrol") || !matches!(url.path(), "" | "/") {
            return Err(EnrolLinkError::NotALink);
        }
        let pair =
            |name: &str| url.query_pairs().find(|(key, _)| key == name).map(|(_, value)| value.trim().to_owned());
        let office =
            pair("office").filter(|office| !office.is_empty()).ok_or(EnrolLinkError::Missing("office address"))?;
        let code = pair("code").filter(|code| !code.is_empty()).ok_or(EnrolLinkError::Missing("code"))?;
        match Url::parse(&office) {
            Ok(address) if matches!(address.scheme(), "http" | "https") && address.host().is_some() => {}
            _ => return Err(EnrolLinkError::BadOffice(office)),
        }
        Ok(EnrolLink { office, code })
    }

    /// Whether a text is meant as a link rather than a bare code (the app's field takes both).
    pub fn looks_like_link(text: &str) -> bool {
        text.trim_start().to_ascii_lowercase().starts_with("vigil:")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_round_trips_with_its_office_address_encoded() {
        let link =
            EnrolLink { office: "https://office.example.org:8750/vigil?x=1&y=2".into(), code: "ABCD-EFGH-JKMN".into() };
        let text = link.to_link();
        assert!(text.starts_with("vigil://enrol?office=https%3A%2F%2Foffice.example.org%3A8750"), "{text}");
        assert!(!text.contains("&y=2"), "the office's own query stays inside its parameter: {text}");
        assert_eq!(EnrolLink::parse(&format!("  {text}\n")), Ok(link));
    }

    #[test]
    fn anything_else_is_refused_by_name() {
        assert_eq!(EnrolLink::parse("ABCD-EFGH-JKMN"), Err(EnrolLinkError::NotALink));
        assert_eq!(EnrolLink::parse("https://enrol?office=x&code=y"), Err(EnrolLinkError::NotALink));
        assert_eq!(EnrolLink::parse("vigil://enrol?code=ABCD"), Err(EnrolLinkError::Missing("office address")));
        assert_eq!(
            EnrolLink::parse("vigil://enrol?office=http%3A%2F%2F127.0.0.1%3A8750&code="),
            Err(EnrolLinkError::Missing("code"))
        );
        assert_eq!(
            EnrolLink::parse("vigil://enrol?office=javascript%3Aalert(1)&code=A"),
            Err(EnrolLinkError::BadOffice("javascript:alert(1)".into()))
        );
        assert!(EnrolLink::looks_like_link(" VIGIL://enrol?x"));
        assert!(!EnrolLink::looks_like_link("ABCD-EFGH-JKMN"));
    }
}
