//! What went wrong between this device and the central office, as parameters the UI words
//! in the person's language under a problem's "Details" (the address that did not answer,
//! the status the office gave). Rust's own message stays English: for an English window
//! and for whoever reads the log; a Russian or Azerbaijani window never shows it.

use std::error::Error as _;

use serde::Serialize;
use vigil_core::Code;
use vigil_sync::SyncError;

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Trouble {
    /// Nothing answered at the address: refused, no route, or a name no server resolves.
    NoAnswer { address: String },
    /// The address answered, but its certificate was not accepted.
    Certificate { address: String },
    /// No answer came in time.
    TimedOut { address: String },
    /// The answer stopped before its end: the connection was cut or went silent.
    Cut,
    /// The office answered with an error of its own.
    OfficeAnswered { status: u16, code: Code },
    /// The answer does not read as the office's.
    BadReply,
    /// The address answered with a redirect, which Vigil never follows.
    Redirected { location: String },
    /// The office expects another number for this device's next change.
    SequenceGap { expected: u64 },
    /// The office holds other changes of this device under the numbers it has.
    SequenceTaken { expected: u64, taken: u64 },
    /// The app and the office speak versions of the sync protocol that do not meet.
    Versions { app: u32, office: u32, oldest: u32 },
}

impl Trouble {
    /// The parameters of a sync or enrolment error; None when it has none to give (the
    /// code alone says it, or the error is the device's own, not the office's).
    pub fn of(error: &SyncError) -> Option<Trouble> {
        Some(match error {
            SyncError::Network(err) => Self::of_network(err),
            SyncError::Server { status, code, .. } => Trouble::OfficeAnswered { status: *status, code: *code },
            SyncError::UpdateRequired { versions, .. } => {
                let versions = versions.as_ref()?;
                Trouble::Versions { app: versions.app, office: versions.office, oldest: versions.oldest }
            }
            SyncError::OfficeTooOld(versions) => {
                Trouble::Versions { app: versions.app, office: versions.office, oldest: versions.oldest }
            }
            SyncError::SequenceGap { expected } => Trouble::SequenceGap { expected: *expected },
            SyncError::SequenceTaken { expected, taken } => {
                Trouble::SequenceTaken { expected: *expected, taken: *taken }
            }
            SyncError::BadReply(_) => Trouble::BadReply,
            SyncError::Interrupted(_) | SyncError::Stalled(_) => Trouble::Cut,
            SyncError::Redirected { location, .. } => Trouble::Redirected { location: location.clone() },
            SyncError::Unauthorized(_) | SyncError::Store(_) => return None,
        })
    }

    fn of_network(err: &reqwest::Error) -> Trouble {
        let address = err.url().map(address_of).unwrap_or_default();
        if err.is_timeout() {
            Trouble::TimedOut { address }
        } else if err.is_connect() && refused_in_handshake(err) {
            Trouble::Certificate { address }
        } else if err.is_connect() {
            Trouble::NoAnswer { address }
        } else if err.is_decode() {
            Trouble::BadReply
        } else {
            Trouble::Cut
        }
    }
}

/// "office.example.org:8443": what the person typed, without the path the app added.
fn address_of(url: &reqwest::Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_owned(),
        _ => url.as_str().to_owned(),
    }
}

/// The TLS handshake failed: rustls reports a certificate or protocol it will not accept
/// as invalid data, under the connection error (a refused or unreachable port is another
/// kind). An I/O error wraps another one that `source()` skips, so both are walked.
fn refused_in_handshake(err: &reqwest::Error) -> bool {
    let mut source = err.source();
    while let Some(cause) = source {
        let mut io = cause.downcast_ref::<std::io::Error>();
        while let Some(error) = io {
            if error.kind() == std::io::ErrorKind::InvalidData {
                return true;
            }
            io = error.get_ref().and_then(|inner| inner.downcast_ref::<std::io::Error>());
        }
        source = cause.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::net::TcpListener;
    use std::time::Duration;

    use super::Trouble;
    use vigil_sync::SyncError;

    /// The trouble of a real request to `url`, made by the same HTTP client sync uses.
    fn trouble_of_request(url: &str) -> Option<Trouble> {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
        let err = runtime
            .block_on(async {
                let client = reqwest::Client::builder().timeout(Duration::from_millis(400)).build().expect("a client");
                client.get(url).send().await
            })
            .expect_err("the request fails");
        Trouble::of(&SyncError::Network(err))
    }

    #[test]
    fn a_closed_port_is_an_address_that_does_not_answer() {
        let port = TcpListener::bind("127.0.0.1:0").expect("a port").local_addr().expect("its address").port();
        assert_eq!(
            trouble_of_request(&format!("http://127.0.0.1:{port}/v1/changes")),
            Some(Trouble::NoAnswer { address: format!("127.0.0.1:{port}") })
        );
    }

    #[test]
    fn an_address_that_is_not_tls_is_a_certificate_trouble_and_a_silent_one_timed_out() {
        let plain = TcpListener::bind("127.0.0.1:0").expect("a port");
        let port = plain.local_addr().expect("its address").port();
        std::thread::spawn(move || {
            for mut stream in plain.incoming().flatten() {
                let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n");
                std::thread::sleep(Duration::from_secs(2));
            }
        });
        assert_eq!(
            trouble_of_request(&format!("https://127.0.0.1:{port}/v1/changes")),
            Some(Trouble::Certificate { address: format!("127.0.0.1:{port}") })
        );

        let silent = TcpListener::bind("127.0.0.1:0").expect("a port");
        let port = silent.local_addr().expect("its address").port();
        std::thread::spawn(move || {
            let _held: Vec<_> = silent.incoming().flatten().take(1).collect();
            std::thread::sleep(Duration::from_secs(2));
        });
        assert_eq!(
            trouble_of_request(&format!("http://127.0.0.1:{port}/v1/changes")),
            Some(Trouble::TimedOut { address: format!("127.0.0.1:{port}") })
        );
    }

    #[test]
    fn the_office_s_refusal_crosses_as_its_status_and_code() {
        let refused = SyncError::Server {
            status: 507,
            code: vigil_core::Code::OfficeDiskFull,
            message: "the office's disk is full".into(),
            expected: None,
        };
        let json = serde_json::to_value(crate::error::AppError::from(refused)).expect("serialises");
        assert_eq!(
            json["trouble"],
            serde_json::json!({ "kind": "office_answered", "status": 507, "code": "office_disk_full" })
        );
        assert_eq!(Trouble::of(&SyncError::Unauthorized("revoked".into())), None, "the code says it all");
    }
}
