//! The console's pages: the files of the console's Vite build (`ui/dist-console`, made by
//! `npm run build` in `ui/`), embedded in a release binary (`rust-embed`; a debug build reads
//! them from the folder), each answer with the console's security headers.

use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;

#[derive(rust_embed::Embed)]
#[folder = "../../ui/dist-console/"]
#[allow_missing = true]
struct Pages;

/// The policy of every console answer: only the office's own scripts, styles, images and
/// requests; no frames, plugins, inline scripts or forms sent elsewhere.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub(super) fn routes() -> Router {
    Router::new()
        .route("/console", get(|| async { Redirect::permanent("/console/") }))
        .route("/console/", get(|| async { page("console.html") }))
        .route("/console/{*path}", get(|Path(path): Path<String>| async move { page(&path) }))
}

fn page(path: &str) -> Response {
    match Pages::get(path) {
        Some(file) => {
            let mime = file.metadata.mimetype().to_owned();
            ([(header::CONTENT_TYPE, mime)], file.data.into_owned()).into_response()
        }
        None if Pages::iter().next().is_none() => (
            StatusCode::SERVICE_UNAVAILABLE,
            "the console's pages were not built into this office: run `npm run build` in ui/ and build again",
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "no such page").into_response(),
    }
}

/// Headers on every console answer (pages and API).
pub(super) async fn security_headers(
    secure: bool,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let mut set = |name: &'static str, value: &'static str| {
        headers.insert(HeaderName::from_static(name), HeaderValue::from_static(value));
    };
    set("content-security-policy", CONTENT_SECURITY_POLICY);
    set("x-content-type-options", "nosniff");
    set("x-frame-options", "DENY");
    set("referrer-policy", "no-referrer");
    set("cross-origin-opener-policy", "same-origin");
    set("cross-origin-resource-policy", "same-origin");
    set("permissions-policy", "camera=(), microphone=(), geolocation=()");
    set("cache-control", "no-store");
    if secure {
        set("strict-transport-security", "max-age=31536000");
    }
    response
}
