//! The OpenAPI document of `/api/v1`, generated from the handlers and the wire types
//! (utoipa). `docs/openapi.json` is a copy a test keeps current.

use std::sync::LazyLock;

use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};
use vigil_core::protocol::{
    ApiError, BlobStatus, Change, ChangesResponse, EnrolRequest, EnrolResponse, OfficeRestored, OpOutcome, OpResult,
    PushRequest, PushResponse, VersionMismatch,
};
use vigil_core::{Code, Entity, FieldChange, Op, Role, Stamp};

use crate::api;
use crate::releases;
use crate::storage::DeviceAuth;
use vigil_core::protocol::Release;

#[derive(OpenApi)]
#[openapi(
    info(title = "Vigil central office", description = "Enrolment, sync of ops, and blobs, for Vigil devices. \
        Every request carries the app's protocol version in the `vigil-protocol` header (absent: 1) and every answer \
        the office's; an app older than the office serves is answered 426 `update_required` with both versions."),
    paths(api::health, api::enrol, api::whoami, api::push, api::changes, api::head_blob, api::put_blob, api::get_blob,
        releases::latest_release, releases::file),
    components(schemas(
        ApiError, BlobStatus, Change, ChangesResponse, Code, DeviceAuth, EnrolRequest, EnrolResponse, Entity, FieldChange,
        OfficeRestored, Op, OpOutcome, OpResult, PushRequest, PushResponse, Release, Role, Stamp, VersionMismatch
    )),
    modifiers(&DeviceToken)
)]
struct ApiDoc;

/// Devices authenticate with the bearer token they got at enrolment.
struct DeviceToken;

impl Modify for DeviceToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("device_token", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
    }
}

static DOCUMENT: LazyLock<String> =
    LazyLock::new(|| ApiDoc::openapi().to_pretty_json().unwrap_or_else(|err| format!("{{\"error\": \"{err}\"}}")));

/// The document as pretty JSON.
pub fn document() -> String {
    DOCUMENT.clone()
}
