//! The OpenAPI document of `/api/v1` and of the console's `/console/api`, generated from
//! the handlers and the wire types (utoipa). `docs/openapi.json` is a copy a test keeps current.

use std::sync::LazyLock;

use utoipa::openapi::security::{ApiKey, ApiKeyValue, Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};
use vigil_core::protocol::{
    ApiError, BlobStatus, Change, ChangesResponse, EnrolRequest, EnrolResponse, OfficeRestored, OpOutcome, OpResult,
    PushRequest, PushResponse, VersionMismatch,
};
use vigil_core::{Code, Entity, FieldChange, Op, Role, Stamp};

use crate::api;
use crate::console::handlers as console;
use crate::console::types as console_types;
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

/// The web console's JSON API under `/console/api` (its pages are under `/console`).
#[derive(OpenApi)]
#[openapi(
    paths(console::sign_in, console::sign_out, console::session, console::people, console::create_person,
        console::edit_person, console::retire_person, console::set_password, console::teams, console::create_team,
        console::devices, console::revoke_device, console::confirm_device, console::issue_code, console::audit,
        console::health, console::places, console::edit_place, console::templates, console::import,
        console::review_queue, console::tracker, console::dashboard, console::reports, console::visit_report, console::kept_report,
        console::settings, console::change_settings),
    components(schemas(
        console_types::ConsoleErrorBody, console_types::SignIn, console_types::Session, console_types::Person,
        console_types::PersonInput, console_types::TeamView, console_types::TeamInput, console_types::DeviceView,
        console_types::EnrolCodeRequest, console_types::EnrolCodeIssued, console_types::AuditEntry,
        console_types::AuditView, console_types::ChainCheck, console_types::Health, console_types::UnconfirmedDevice,
        console_types::ConsoleTracker, console_types::ReportVersion, console_types::ReportFormat,
        console_types::ReportableVisit, console_types::SentReport, console_types::SettingsView, console_types::SettingsInput, console_types::PlaceView, console_types::PlaceInput,
        console_types::TemplateView, console_types::ImportRequest, console_types::ImportWhat,
        vigil_core::console::ConsoleAction, vigil_core::records::FacilityKind, vigil_core::records::Area,
        vigil_core::records::Priority
    )),
    tags((name = "console", description = "The office's web console: a session cookie from sign-in; every request \
        that changes something carries the session's CSRF token in `x-csrf-token`.")),
    modifiers(&ConsoleSession)
)]
struct ConsoleDoc;

/// Console requests carry the session cookie, and those that change something its CSRF token.
struct ConsoleSession;

impl Modify for ConsoleSession {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let cookie = ApiKeyValue::new(crate::console::session::COOKIE);
        components.add_security_scheme("console_session", SecurityScheme::ApiKey(ApiKey::Cookie(cookie)));
        let csrf = ApiKeyValue::new(crate::console::session::CSRF_HEADER);
        components.add_security_scheme("csrf_token", SecurityScheme::ApiKey(ApiKey::Header(csrf)));
    }
}

static DOCUMENT: LazyLock<String> = LazyLock::new(|| {
    let mut document = ApiDoc::openapi();
    document.merge(ConsoleDoc::openapi());
    document.to_pretty_json().unwrap_or_else(|err| format!("{{\"error\": \"{err}\"}}"))
});

/// The document as pretty JSON.
pub fn document() -> String {
    DOCUMENT.clone()
}
