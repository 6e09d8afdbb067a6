//! Signing in and out: Argon2id passwords, the lock-out, sessions that end, the cookie's
//! flags, the console's security headers, and every attempt in the office's audit chain.

use reqwest::StatusCode;
use serde_json::json;
use vigil_server::console::ConsoleSettings;
use vigil_server::sqlite::SignInPolicy;

use crate::support::{Office, PASSWORD};

fn code(body: &serde_json::Value) -> &str {
    body["code"].as_str().unwrap_or("(no code)")
}

#[tokio::test]
async fn a_wrong_password_is_refused_like_an_unknown_address_and_both_are_audited() {
    let office = Office::start().await;
    let mut browser = office.browser();
    let (wrong, wrong_body) = browser.sign_in(&office.admin.email, "not the password").await;
    let (unknown, unknown_body) = browser.sign_in("nobody@npm.example", "not the password").await;
    assert_eq!((wrong, code(&wrong_body)), (StatusCode::UNAUTHORIZED, "bad_credentials"));
    assert_eq!((unknown, code(&unknown_body)), (StatusCode::UNAUTHORIZED, "bad_credentials"));
    assert_eq!(wrong_body["message"], unknown_body["message"], "the answer tells nobody which addresses exist");
    let (status, _) = browser.send("GET", "/session", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "no session was opened");

    let (status, body) = browser.sign_in(&office.admin.email.to_uppercase(), PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["role"], "admin");
    let actions = office.office_actions();
    assert_eq!(actions[actions.len() - 3..], ["sign_in_failed", "sign_in_failed", "sign_in"]);
    let stored: String = rusqlite_password_hash(&office);
    assert!(stored.starts_with("$argon2id$"), "stored as an Argon2id PHC string: {stored}");
    assert!(!stored.contains(PASSWORD));
}

fn rusqlite_password_hash(office: &Office) -> String {
    let dir = office.storage.people().expect("people");
    assert!(dir.iter().any(|p| p.has_password));
    office.storage.password_hash_of(office.admin.id).expect("read").expect("a hash")
}

#[tokio::test]
async fn repeated_failures_lock_the_account_for_a_while_even_against_the_right_password() {
    let office = Office::start().await;
    let mut browser = office.browser();
    let limit = SignInPolicy::default().failures_before_lock;
    for attempt in 1..limit {
        let (status, body) = browser.sign_in(&office.admin.email, "guess").await;
        assert_eq!((status, code(&body)), (StatusCode::UNAUTHORIZED, "bad_credentials"), "attempt {attempt}");
    }
    let (status, body) = browser.sign_in(&office.admin.email, "guess").await;
    assert_eq!((status, code(&body)), (StatusCode::TOO_MANY_REQUESTS, "too_many_attempts"), "{body}");
    let until = body["until"].as_str().expect("until when");
    let until = chrono::DateTime::parse_from_rfc3339(until).expect("a time");
    let minutes = (until.to_utc() - chrono::Utc::now()).num_minutes();
    assert!((10..=15).contains(&minutes), "locked for about 15 minutes: {minutes}");
    assert!(body["message"].as_str().expect("message").contains("locked until"));

    let (status, body) = browser.sign_in(&office.admin.email, PASSWORD).await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::TOO_MANY_REQUESTS, "too_many_attempts"),
        "the right password waits too"
    );
    let (status, _) = office.browser().sign_in(&office.supervisor.email, PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "another account is not locked");
    assert_eq!(office.office_actions().last().map(String::as_str), Some("sign_in"));
    assert!(office.office_actions().contains(&"sign_in_refused_locked".to_owned()));
}

#[tokio::test]
async fn an_expired_session_is_refused_and_changes_nothing() {
    let settings = ConsoleSettings {
        sign_in: SignInPolicy { session_lifetime: chrono::Duration::seconds(-1), ..SignInPolicy::default() },
        ..ConsoleSettings::default()
    };
    let office = Office::start_with(settings).await;
    let browser = office.signed_in(&office.admin.email).await;
    let before = office.snapshot();
    let (status, body) = browser.send("POST", "/teams", Some(json!({ "name": "Team Late" }))).await;
    assert_eq!((status, code(&body)), (StatusCode::UNAUTHORIZED, "unauthorized"));
    assert_eq!(office.snapshot(), before);
}

#[tokio::test]
async fn sign_out_and_ending_sessions_from_the_command_line_end_them() {
    let office = Office::start().await;
    let browser = office.signed_in(&office.admin.email).await;
    let other = office.signed_in(&office.admin.email).await;
    let (status, _) = browser.send("POST", "/sign-out", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(browser.send("GET", "/session", None).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(other.send("GET", "/session", None).await.0, StatusCode::OK, "only that session ended");
    office.storage.end_sessions(vigil_server::sqlite::office_audit::COMMAND_LINE, office.admin.id).expect("end");
    assert_eq!(other.send("GET", "/session", None).await.0, StatusCode::UNAUTHORIZED);
    let actions = office.office_actions();
    assert!(actions.ends_with(&["sign_out".to_owned(), "sessions_ended".to_owned()]), "{actions:?}");
}

#[tokio::test]
async fn the_cookie_is_http_only_same_site_strict_and_secure_behind_tls() {
    for secure in [false, true] {
        let office = Office::start_with(ConsoleSettings { secure, ..ConsoleSettings::default() }).await;
        let response = reqwest::Client::new()
            .post(format!("{}/console/api/sign-in", office.url))
            .json(&json!({ "email": office.admin.email, "password": PASSWORD }))
            .send()
            .await
            .expect("sign in");
        let cookie = response.headers()["set-cookie"].to_str().expect("text").to_owned();
        assert!(cookie.starts_with("vigil_console="), "{cookie}");
        for flag in ["HttpOnly", "SameSite=Strict", "Path=/console"] {
            assert!(cookie.contains(flag), "{flag} in {cookie}");
        }
        assert_eq!(cookie.contains("Secure"), secure, "{cookie}");
        assert_eq!(response.headers().contains_key("strict-transport-security"), secure);
        let body: serde_json::Value = response.json().await.expect("json");
        let token = cookie.trim_start_matches("vigil_console=").split(';').next().expect("token");
        assert!(!body.to_string().contains(token), "the session token is only in the HttpOnly cookie");
    }
}

#[tokio::test]
async fn a_sign_in_posted_from_another_site_or_not_as_json_is_refused() {
    let office = Office::start().await;
    let http = reqwest::Client::new();
    let url = format!("{}/console/api/sign-in", office.url);
    let credentials = json!({ "email": office.admin.email, "password": PASSWORD });
    let cross = http.post(&url).header("origin", "https://evil.example").json(&credentials).send().await.expect("send");
    assert_eq!(cross.status(), StatusCode::FORBIDDEN);
    let form = http
        .post(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("email={}&password={PASSWORD}", office.admin.email))
        .send()
        .await
        .expect("send");
    assert_eq!(form.status(), StatusCode::BAD_REQUEST, "a form post (what another site can send) is not JSON");
    let same = http.post(&url).header("origin", office.url.clone()).json(&credentials).send().await.expect("send");
    assert_eq!(same.status(), StatusCode::OK);
}

#[tokio::test]
async fn console_pages_and_answers_carry_a_strict_content_security_policy() {
    let office = Office::start().await;
    for path in ["/console/", "/console/api/session"] {
        let response = reqwest::get(format!("{}{path}", office.url)).await.expect("get");
        let headers = response.headers();
        let csp = headers["content-security-policy"].to_str().expect("csp");
        for directive in ["default-src 'none'", "script-src 'self'", "frame-ancestors 'none'", "connect-src 'self'"] {
            assert!(csp.contains(directive), "{path}: {directive} in {csp}");
        }
        assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), "{csp}");
        assert_eq!(headers["x-frame-options"], "DENY");
        assert_eq!(headers["x-content-type-options"], "nosniff");
    }
}
