//! The console's endpoints under `/console/api`. Each one: the session (401 without one),
//! the CSRF token when it changes something (403 `csrf_token`), the role's permission from
//! [`Signed::may`] (403 `forbidden`), then the store, off the async threads.

use std::net::{IpAddr, SocketAddr};

use axum::Json;
use axum::Router;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{ConnectInfo, DefaultBodyLimit, FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use serde::de::DeserializeOwned;
use uuid::Uuid;
use vigil_core::console::{ConsoleAction, console_may};
use vigil_core::enrol_link::EnrolLink;

use super::session::{Changing, Signed, ended_cookie, session_cookie};
use super::types::{
    AuditQuery, AuditView, ConsoleErrorBody, ConsoleTracker, DashboardQuery, DeviceView, EnrolCodeIssued,
    EnrolCodeRequest, Health, ImportRequest, Person, PersonInput, PlaceInput, PlaceView, ReportQuery, ReportableVisit,
    Session, SettingsInput, SettingsView, SignIn, TeamInput, TeamView, TemplateView, TrackerQuery,
};
use super::{Console, ConsoleError};
use crate::ServerError;
use crate::sqlite::ReportFile;
use crate::sqlite::{WebSession, csrf_token_for};

/// The console sends forms and, to import reference data, a file of places or templates.
const MAX_BODY: usize = 8 * 1024 * 1024;

pub(super) fn routes(console: Console) -> Router {
    Router::new()
        .route("/sign-in", post(sign_in))
        .route("/sign-out", post(sign_out))
        .route("/session", get(session))
        .route("/people", get(people).post(create_person))
        .route("/people/{id}", put(edit_person))
        .route("/people/{id}/retire", post(retire_person))
        .route("/people/{id}/password", post(set_password))
        .route("/teams", get(teams).post(create_team))
        .route("/devices", get(devices))
        .route("/devices/{id}/revoke", post(revoke_device))
        .route("/enrol-codes", post(issue_code))
        .route("/audit", get(audit))
        .route("/health", get(health))
        .route("/places", get(places))
        .route("/places/{id}", put(edit_place))
        .route("/templates", get(templates))
        .route("/import", post(import))
        .route("/review-queue", get(review_queue))
        .route("/tracker", get(tracker))
        .route("/dashboard", get(dashboard))
        .route("/reports", get(reports))
        .route("/visits/{id}/report", get(visit_report))
        .route("/report-versions/{id}/pdf", get(kept_report))
        .route("/devices/{id}/confirm", post(confirm_device))
        .route("/settings", get(settings).put(change_settings))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(console)
}

/// Runs a blocking store call on the blocking pool.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ConsoleError> + Send + 'static,
) -> Result<T, ConsoleError> {
    tokio::task::spawn_blocking(work).await.map_err(|err| ServerError::Internal(err.to_string()))?
}

/// A JSON body, or a clear 400 naming what is wrong with it.
fn body<T: DeserializeOwned>(json: Result<Json<T>, JsonRejection>) -> Result<T, ConsoleError> {
    json.map(|Json(value)| value).map_err(|err| ConsoleError::Invalid { field: "body", message: err.body_text() })
}

fn session_of(session: &WebSession, token: &str) -> Session {
    let user = &session.user;
    Session {
        user_id: user.id,
        name: user.name.clone(),
        email: user.email.clone(),
        role: user.role,
        csrf_token: csrf_token_for(token),
        expires_at: session.expires_at.clone(),
        may: ConsoleAction::ALL.iter().copied().filter(|action| console_may(user.role, *action)).collect(),
    }
}

/// The address a request comes from, if the office was served with client addresses.
struct Address(Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for Address {
    type Rejection = ConsoleError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Address, ConsoleError> {
        Ok(Address(parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(address)| address.ip())))
    }
}

/// A sign-in posted from another site is refused: browsers name the page's origin, which
/// must be this office. (SameSite=Strict and the JSON body already keep other sites out.)
fn same_origin(headers: &HeaderMap) -> Result<(), ConsoleError> {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else { return Ok(()) };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
    match origin.split_once("://") {
        Some((_, origin_host)) if origin_host == host => Ok(()),
        _ => Err(ConsoleError::Csrf),
    }
}

#[utoipa::path(post, path = "/console/api/sign-in", request_body = SignIn, responses((status = 200, description = "Signed in: the session cookie is set", body = Session), (status = 401, description = "`bad_credentials`", body = ConsoleErrorBody), (status = 429, description = "`too_many_attempts` (locked, with `until`) or `rate_limited`", body = ConsoleErrorBody)), tag = "console")]
async fn sign_in(
    State(console): State<Console>,
    Address(address): Address,
    headers: HeaderMap,
    json: Result<Json<SignIn>, JsonRejection>,
) -> Result<Response, ConsoleError> {
    same_origin(&headers)?;
    if let Some(address) = address
        && !console.sign_ins.spend(address)
    {
        return Err(ServerError::AddressLimited("sign-in attempts").into());
    }
    let request = body(json)?;
    let (storage, policy) = (console.storage.clone(), console.settings.sign_in);
    let opened = blocking(move || Ok(storage.sign_in(&request.email, &request.password, policy)?)).await?;
    let expires_at = opened.expires_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let session = WebSession { user: opened.user, csrf_hash: String::new(), expires_at };
    let cookie = session_cookie(&opened.token, console.settings.secure);
    Ok(([(header::SET_COOKIE, cookie)], Json(session_of(&session, &opened.token))).into_response())
}

#[utoipa::path(post, path = "/console/api/sign-out", security(("console_session" = [], "csrf_token" = [])), responses((status = 200, description = "Signed out"), (status = 401, description = "No session, or it ended", body = ConsoleErrorBody), (status = 403, description = "The role may not (`forbidden`), or the CSRF token is missing (`csrf_token`)", body = ConsoleErrorBody)), tag = "console")]
async fn sign_out(State(console): State<Console>, Changing(signed): Changing) -> Result<Response, ConsoleError> {
    let storage = console.storage.clone();
    let (token, user) = (signed.token.clone(), signed.user_id());
    blocking(move || Ok(storage.sign_out(&token, user)?)).await?;
    Ok(([(header::SET_COOKIE, ended_cookie(console.settings.secure))], Json(serde_json::json!({}))).into_response())
}

#[utoipa::path(get, path = "/console/api/session", security(("console_session" = [])), responses((status = 200, body = Session), (status = 401, description = "No session, or it ended", body = ConsoleErrorBody)), tag = "console")]
async fn session(signed: Signed) -> Result<Json<Session>, ConsoleError> {
    signed.may(ConsoleAction::SignIn)?;
    Ok(Json(session_of(&signed.session, &signed.token)))
}

#[utoipa::path(get, path = "/console/api/people", security(("console_session" = [])), responses((status = 200, body = [Person]), (status = 401, description = "No session, or it ended", body = ConsoleErrorBody), (status = 403, description = "The role may not (`forbidden`), or the CSRF token is missing (`csrf_token`)", body = ConsoleErrorBody)), tag = "console")]
async fn people(State(console): State<Console>, signed: Signed) -> Result<Response, ConsoleError> {
    signed.may(ConsoleAction::ViewPeople)?;
    let storage = console.storage.clone();
    Ok(Json(blocking(move || Ok(storage.people()?)).await?).into_response())
}

#[utoipa::path(post, path = "/console/api/people", security(("console_session" = [], "csrf_token" = [])), request_body = PersonInput, responses((status = 200, description = "Created: `{id}`"), (status = 400, description = "Bad input, naming the field", body = ConsoleErrorBody), (status = 401, description = "No session, or it ended", body = ConsoleErrorBody), (status = 403, description = "The role may not (`forbidden`), or the CSRF token is missing (`csrf_token`)", body = ConsoleErrorBody), (status = 409, description = "`already_exists` (the e-mail address)", body = ConsoleErrorBody)), tag = "console")]
async fn create_person(
    State(console): State<Console>,
    Changing(signed): Changing,
    json: Result<Json<PersonInput>, JsonRejection>,
) -> Result<Response, ConsoleError> {
    signed.may(ConsoleAction::ManagePeople)?;
    let input = body(json)?;
    let (storage, actor) = (console.storage.clone(), signed.user_id());
    let id = blocking(move || storage.create_person(actor, &input)).await?;
    Ok(Json(serde_json::json!({ "id": id })).into_response())
}

#[utoipa::path(put, path = "/console/api/people/{id}", security(("console_session" = [], "csrf_token" = [])), params(("id" = Uuid, Path)), request_body = PersonInput, responses((status = 200, description = "Saved: `{id}`"), (status = 400, description = "Bad input, naming the field", body = ConsoleErrorBody), (status = 401, description = "No session, or it ended", body = ConsoleErrorBody), (status = 403, description = "The role may not (`forbidden`), or the CSRF token is missing (`csrf_token`)", body = ConsoleErrorBody), (status = 404, body = ConsoleErrorBody)), tag = "console")]
async fn edit_person(
    State(console): State<Console>,
    Changing(signed): Changing,
    Path(id): Path<Uuid>,
    json: Result<Json<PersonInput>, JsonRejection>,
) -> Result<Response, ConsoleError> {
    signed.may(ConsoleAction::ManagePeople)?;
    let input = body(json)?;
    let (storage, actor) = (console.storage.clone(), signed.user_id());
    blocking(move || storage.edit_person(actor, id, &input)).await?;
    Ok(Json(serde_json::json!({ "id": id })).into_response())
}

#[utoipa::path(post, path = "/console/api/people/{id}/retire", security(("console_session" = [], "csrf_token" = [])), params(("id" = Uuid, Path)), responses((status = 200, description = "Retired: `{devices_revoked}`"), (status = 401, description = "No session, or it ended", body = ConsoleErrorBody), (status = 403, description = "The role may not (`forbidden`), or the CSRF token is missing (`csrf_token`)", body = ConsoleErrorBody), (status = 404, body = ConsoleErrorBody)), tag = "console")]
async fn retire_person(
    State(console): State<Console>,
    Changing(signed): Changing,
    Path(id): Path<Uuid>,
) -> Result<Response, ConsoleError> {
    signed.may(ConsoleAction::ManagePeople)?;
    let (storage, actor) = (console.storage.clone(), signed.user_id());
    let revoked = blocking(move || storage.retire_person(actor, id)).await?;
    Ok(Json(serde_json::json!({ "devices_revoked": revoked })).into_response())
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct NewPassword {
    password: String,
}

#[utoipa::path(post, path = "/console/api/people/{id}/password", security(("console_session" = [], "csrf_token" = [])), params(("id" = Uuid, Path)), request_body = Object, responses((status = 200, description = "Set; the person's sessions end"), (status = 400, description = "Bad input, naming the field", body = ConsoleErrorBody), (status = 401, description = "No session, or it ended", body = ConsoleErrorBody), (status = 403, description = "The role may not (`forbidden`), or the CSRF token is missing (`csrf_token`)", body = ConsoleErrorBody), (status = 404, body = ConsoleErrorBody)), tag = "console")]
async fn set_password(
    State(console): State<Console>,
    Changing(signed): Changing,
    Path(id): Path<Uuid>,
    json: Result<Json<NewPassword>, JsonRejection>,
) -> Result<Response, ConsoleError> {
    signed.may(ConsoleAction::ManagePeople)?;
    let NewPassword { password } = body(json)?;
    let (storage, actor) = (console.storage.clone(), signed.user_id());
    blocking(move || {
        storage.set_password(actor, id, &password).map_err(|err| match err {
            ServerError::BadRequest(message) => ConsoleError::Invalid { field: "password", message },
            other => other.into(),
        })
    })
    .await?;
    Ok(Json(serde_json::json!({})).into_response())
}

#[utoipa::path(get, path = "/console/api/teams", security(("console_session" = [])), responses((status = 200, body = [TeamView]), (status = 401, description = "No session, or it ended", body = ConsoleErrorBody), (status = 403, description = "The role may not (`forbidden`), or the CSRF token is missing (`csrf_token`)", body = ConsoleErrorBody)), tag = "console")]
async fn teams(State(console): State<Console>, signed: Signed) -> Result<Response, ConsoleError> {
    signed.may(ConsoleAction::ViewPeople)?;
    let storage = console.storage.clone();
    Ok(Json(blocking(move || Ok(storage.teams()?)).await?).into_response())
}

#[utoipa::path(post, path = "/console/api/teams", security(("console_session" = [], "csrf_token" = [])), request_body = TeamInput, responses((status = 200, description = "Created: `{id}`"), (status = 400, description = "Bad input, naming the field", body = ConsoleErrorBody), (status = 401, description = "No session, or it ended", body = ConsoleErrorBody), (status = 403, description = "The role may not (`forbidden`), or the CSRF token is missing (`csrf_token`)", body = ConsoleErrorBody)), tag = "console")]
async fn create_team(
    State(console): State<Console>,
    Changing(signed): Changing,
    json: Result<Json<TeamInput>, JsonRejection>,
) -> Result<Response, ConsoleError> {
    signed.may(ConsoleAction::ManagePeople)?;
    let input = body(json)?;
    let (storage, actor) = (console.storage.clone(), signed.user_id());
    let id = blocking(move || storage.create_team(actor, &input)).await?;
    Ok(Json(serde_json::json!({ "id": id })).into_response())
}

#[utoipa::path(get, path = "/console/api/devices", security(("console_session" = [])), responses((status = 200, body = [DeviceView]), (status = 401, description = "No session, or it ended", body = ConsoleErrorBody), (status = 403, description = "The role may not (`forbidden`), or the CSRF token is missing (`csrf_token`)", body = ConsoleErrorBody)), tag = "console")]
async fn devices(State(console): State<Console>, signed: Signed) -> Result<Response, ConsoleError> {
    signed.may(ConsoleAction::ViewDevices)?;
    let storage = console.storage.clone();
    Ok(Json(blocking(move || Ok(storage.device_views()?)).await?).into_response())
}

#[utoipa::path(post, path = "/console/api/devices/{id}/revoke", security(("console_session" = [], "csrf_token" = [])), params(("id" = Uuid, Path)), responses((status = 200, description = "Revoked"), (status = 401, description = "No session, or it ended", body = ConsoleErrorBody), (status = 403, description = "The role may not (`forbidden`), or the CSRF token is missing (`csrf_token`)", body = ConsoleErrorBody), (status = 404, body = ConsoleErrorBody)), tag = "console")]
async fn revoke_device(
    State(console): State<Console>,
    Changing(signed): Changing,
    Path(id): Path<Uuid>,
) -> Result<Response, ConsoleError> {
    signed.may(ConsoleAction::ManageDevices)?;
    let (storage, actor) = (console.storage.clone(), signed.user_id());
    blocking(move || Ok(storage.revoke_device(actor, id)?)).await?;
    Ok(Json(serde_json::json!({})).into_response())
}

/// The office's address as the person's browser reached it: devices reach it the same way.
fn office_address(headers: &HeaderMap, secure: bool) -> Result<String, ConsoleError> {
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).filter(|h| !h.is_empty());
    let host = host.ok_or(ConsoleError::Invalid { field: "host", message: "the request names no host".into() })?;
    Ok(format!("{}://{host}", if secure { "https" } else { "http" }))
}

#[utoipa::path(post, path = "/console/api/enrol-codes", security(("console_session" = [], "csrf_token" = [])), request_body = EnrolCodeRequest, responses((status = 200, body = EnrolCodeIssued), (status = 400, description = "Bad input, naming the field", body = ConsoleErrorBody), (status = 401, description = "No session, or it ended", body = ConsoleErrorBody), (status = 403, description = "The role may not (`forbidden`), or the CSRF token is missing (`csrf_token`)", body = ConsoleErrorBody)), tag = "console")]
async fn issue_code(
    State(console): State<Console>,
    Changing(signed): Changing,
    headers: HeaderMap,
    json: Result<Json<EnrolCodeRequest>, JsonRejection>,
) -> Result<Response, ConsoleError> {
    signed.may(ConsoleAction::ManageDevices)?;
    let request = body(json)?;
    if !(1..=168).contains(&request.hours) {
        return Err(ConsoleError::Invalid { field: "hours", message: "a code works for 1 to 168 hours".into() });
    }
    let office = office_address(&headers, console.settings.secure)?;
    let (storage, actor) = (console.storage.clone(), signed.user_id());
    let valid_for = chrono::Duration::hours(i64::from(request.hours));
    let (code, expires_at, user) =
        blocking(move || storage.issue_enrolment_code(actor, request.user_id, valid_for)).await?;
    let link = EnrolLink { office, code: code.clone() }.to_link();
    let qr = qrcode::QrCode::new(link.as_bytes()).map_err(|err| ServerError::Internal(format!("QR code: {err}")))?;
    let qr_svg = qr.render::<qrcode::render::svg::Color>().min_dimensions(220, 220).quiet_zone(true).build();
    Ok(Json(EnrolCodeIssued { code, link, qr_svg, expires_at, user_name: user.name }).into_response())
}

#[utoipa::path(get, path = "/console/api/audit", security(("console_session" = [])), params(AuditQuery), responses((status = 200, body = AuditView), (status = 400, description = "Bad input, naming the field", body = ConsoleErrorBody), (status = 401, description = "No session, or it ended", body = ConsoleErrorBody), (status = 403, description = "The role may not (`forbidden`), or the CSRF token is missing (`csrf_token`)", body = ConsoleErrorBody)), tag = "console")]
async fn audit(
    State(console): State<Console>,
    signed: Signed,
    query: Result<Query<AuditQuery>, QueryRejection>,
) -> Result<Response, ConsoleError> {
    signed.may(ConsoleAction::ViewAudit)?;
    let query = self::query(query)?;
    let storage = console.storage.clone();
    Ok(Json(blocking(move || Ok(storage.audit_view(&query)?)).await?).into_response())
}

#[utoipa::path(get, path = "/console/api/health", security(("console_session" = [])), responses((status = 200, body = Health), (status = 401, description = "No session, or it ended", body = ConsoleErrorBody), (status = 403, description = "The role may not (`forbidden`), or the CSRF token is missing (`csrf_token`)", body = ConsoleErrorBody)), tag = "console")]
async fn health(State(console): State<Console>, signed: Signed) -> Result<Response, ConsoleError> {
    signed.may(ConsoleAction::ViewHealth)?;
    let storage = console.storage.clone();
    Ok(Json(blocking(move || Ok(storage.health()?)).await?).into_response())
}

#[utoipa::path(get, path = "/console/api/places", security(("console_session" = [])), responses((status = 200, body = [PlaceView]), (status = 401, description = "No session, or it ended", body = ConsoleErrorBody), (status = 403, description = "The role may not (`forbidden`), or the CSRF token is missing (`csrf_token`)", body = ConsoleErrorBody)), tag = "console")]
async fn places(State(console): State<Console>, signed: Signed) -> Result<Response, ConsoleError> {
    signed.may(ConsoleAction::ViewReference)?;
    let storage = console.storage.clone();
    Ok(Json(blocking(move || Ok(storage.place_views()?)).await?).into_response())
}

#[utoipa::path(get, path = "/console/api/templates", security(("console_session" = [])), responses((status = 200, body = [TemplateView]), (status = 401, description = "No session, or it ended", body = ConsoleErrorBody), (status = 403, description = "The role may not (`forbidden`), or the CSRF token is missing (`csrf_token`)", body = ConsoleErrorBody)), tag = "console")]
async fn templates(State(console): State<Console>, signed: Signed) -> Result<Response, ConsoleError> {
    signed.may(ConsoleAction::ViewReference)?;
    let storage = console.storage.clone();
    Ok(Json(blocking(move || Ok(storage.template_views()?)).await?).into_response())
}

#[utoipa::path(post, path = "/console/api/import", security(("console_session" = [], "csrf_token" = [])), request_body = ImportRequest, responses((status = 200, description = "Imported: `{imported}`, all of the file or nothing"), (status = 400, description = "Bad input, naming the field", body = ConsoleErrorBody), (status = 401, description = "No session, or it ended", body = ConsoleErrorBody), (status = 403, description = "The role may not (`forbidden`), or the CSRF token is missing (`csrf_token`)", body = ConsoleErrorBody)), tag = "console")]
async fn import(
    State(console): State<Console>,
    Changing(signed): Changing,
    json: Result<Json<ImportRequest>, JsonRejection>,
) -> Result<Response, ConsoleError> {
    signed.may(ConsoleAction::ManageReference)?;
    let request = body(json)?;
    let (storage, actor) = (console.storage.clone(), signed.user_id());
    let imported = blocking(move || storage.import_reference(actor, &request)).await?;
    Ok(Json(serde_json::json!({ "imported": imported })).into_response())
}

#[utoipa::path(put, path = "/console/api/places/{id}", security(("console_session" = [], "csrf_token" = [])), params(("id" = Uuid, Path)), request_body = PlaceInput, responses((status = 200, description = "Saved: `{id}`"), (status = 400, description = "Bad input, naming the field", body = ConsoleErrorBody), (status = 401, description = "No session, or it ended", body = ConsoleErrorBody), (status = 403, description = "The role may not (`forbidden`), or the CSRF token is missing (`csrf_token`)", body = ConsoleErrorBody), (status = 404, body = ConsoleErrorBody)), tag = "console")]
async fn edit_place(
    State(console): State<Console>,
    Changing(signed): Changing,
    Path(id): Path<Uuid>,
    json: Result<Json<PlaceInput>, JsonRejection>,
) -> Result<Response, ConsoleError> {
    signed.may(ConsoleAction::ManageReference)?;
    let input = body(json)?;
    let (storage, actor) = (console.storage.clone(), signed.user_id());
    blocking(move || storage.edit_place(actor, id, &input)).await?;
    Ok(Json(serde_json::json!({ "id": id })).into_response())
}

#[utoipa::path(get, path = "/console/api/review-queue", security(("console_session" = [])), responses((status = 200, description = "The store's `QueuedVisit`s of the person's teams (every team's for an administrator)", body = [Object]), (status = 401, description = "No session, or it ended", body = ConsoleErrorBody), (status = 403, description = "The role may not (`forbidden`), or the CSRF token is missing (`csrf_token`)", body = ConsoleErrorBody)), tag = "console")]
async fn review_queue(State(console): State<Console>, signed: Signed) -> Result<Response, ConsoleError> {
    signed.may(ConsoleAction::ViewReview)?;
    let storage = console.storage.clone();
    let (role, teams) = (signed.session.user.role, signed.session.user.team_ids.clone());
    Ok(Json(blocking(move || Ok(storage.review_queue_for(role, &teams)?)).await?).into_response())
}

/// A query string, or a clear 400 naming what is wrong with it.
fn query<T>(query: Result<Query<T>, QueryRejection>) -> Result<T, ConsoleError> {
    query.map(|Query(value)| value).map_err(|err| ConsoleError::Invalid { field: "query", message: err.body_text() })
}

#[utoipa::path(get, path = "/console/api/tracker", security(("console_session" = [])), params(TrackerQuery), responses((status = 200, body = ConsoleTracker), (status = 400, description = "Bad input, naming the field", body = ConsoleErrorBody), (status = 401, description = "No session, or it ended", body = ConsoleErrorBody), (status = 403, description = "The role may not (`forbidden`), or the CSRF token is missing (`csrf_token`)", body = ConsoleErrorBody)), tag = "console")]
async fn tracker(
    State(console): State<Console>,
    signed: Signed,
    asked: Result<Query<TrackerQuery>, QueryRejection>,
) -> Result<Response, ConsoleError> {
    signed.may(ConsoleAction::ViewTracker)?;
    let asked = query(asked)?;
    let storage = console.storage.clone();
    let today = chrono::Utc::now().date_naive();
    Ok(Json(blocking(move || Ok(storage.tracker_for(&signed.session, &asked, today)?)).await?).into_response())
}

#[utoipa::path(get, path = "/console/api/dashboard", security(("console_session" = [])), params(DashboardQuery), responses((status = 200, description = "The store's `Dashboard` of the year, counting the person's teams' visits (every team's for an administrator)", body = Object), (status = 400, description = "Bad input, naming the field", body = ConsoleErrorBody), (status = 401, description = "No session, or it ended", body = ConsoleErrorBody), (status = 403, description = "The role may not (`forbidden`), or the CSRF token is missing (`csrf_token`)", body = ConsoleErrorBody)), tag = "console")]
async fn dashboard(
    State(console): State<Console>,
    signed: Signed,
    asked: Result<Query<DashboardQuery>, QueryRejection>,
) -> Result<Response, ConsoleError> {
    signed.may(ConsoleAction::ViewDashboard)?;
    let year = query(asked)?.year.unwrap_or_else(crate::sqlite::this_year);
    let storage = console.storage.clone();
    let today = chrono::Utc::now().date_naive();
    Ok(Json(blocking(move || storage.dashboard_for(&signed.session, year, today)).await?).into_response())
}

#[utoipa::path(get, path = "/console/api/reports", security(("console_session" = [])), responses((status = 200, body = [ReportableVisit]), (status = 401, description = "No session, or it ended", body = ConsoleErrorBody), (status = 403, description = "The role may not (`forbidden`), or the CSRF token is missing (`csrf_token`)", body = ConsoleErrorBody)), tag = "console")]
async fn reports(State(console): State<Console>, signed: Signed) -> Result<Response, ConsoleError> {
    signed.may(ConsoleAction::DownloadReport)?;
    let storage = console.storage.clone();
    Ok(Json(blocking(move || Ok(storage.reportable_visits(&signed.session)?)).await?).into_response())
}

/// A report download is a plain link (a GET, no CSRF token): it changes nothing but the
/// audit chain, which records it.
#[utoipa::path(get, path = "/console/api/visits/{id}/report", security(("console_session" = [])), params(("id" = Uuid, Path), ReportQuery), responses((status = 200, description = "The report (PDF or DOCX), recorded in the office's audit chain", content_type = "application/octet-stream", body = Vec<u8>), (status = 400, description = "Bad query, or the visit is not approved", body = ConsoleErrorBody), (status = 401, description = "No session, or it ended", body = ConsoleErrorBody), (status = 403, description = "Another team's visit, or the full version without the right to read its interviews", body = ConsoleErrorBody), (status = 404, body = ConsoleErrorBody)), tag = "console")]
async fn visit_report(
    State(console): State<Console>,
    signed: Signed,
    Path(id): Path<Uuid>,
    asked: Result<Query<ReportQuery>, QueryRejection>,
) -> Result<Response, ConsoleError> {
    signed.may(ConsoleAction::DownloadReport)?;
    let asked = query(asked)?;
    let storage = console.storage.clone();
    let file = blocking(move || storage.visit_report_for(&signed.session, id, asked)).await?;
    Ok(download(file))
}

/// The PDF kept with a report stage sent: a plain link too, audited.
#[utoipa::path(get, path = "/console/api/report-versions/{id}/pdf", security(("console_session" = [])), params(("id" = Uuid, Path, description = "The `report_version` record")), responses((status = 200, description = "The PDF as it was sent (the public version), recorded in the office's audit chain", content_type = "application/pdf", body = Vec<u8>), (status = 401, description = "No session, or it ended", body = ConsoleErrorBody), (status = 403, description = "Another team's visit", body = ConsoleErrorBody), (status = 404, description = "No such version, no PDF kept with it, or its bytes not at the office yet", body = ConsoleErrorBody)), tag = "console")]
async fn kept_report(
    State(console): State<Console>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<Response, ConsoleError> {
    signed.may(ConsoleAction::DownloadReport)?;
    let storage = console.storage.clone();
    let file = blocking(move || storage.kept_report_for(&signed.session, id)).await?;
    Ok(download(file))
}

/// A file the browser saves under its name.
fn download(file: ReportFile) -> Response {
    let disposition = format!("attachment; filename=\"{}\"", file.file_name);
    ([(header::CONTENT_TYPE, file.content_type.to_owned()), (header::CONTENT_DISPOSITION, disposition)], file.bytes)
        .into_response()
}

#[utoipa::path(post, path = "/console/api/devices/{id}/confirm", security(("console_session" = [], "csrf_token" = [])), params(("id" = Uuid, Path)), responses((status = 200, description = "Confirmed after a restore; audited"), (status = 401, description = "No session, or it ended", body = ConsoleErrorBody), (status = 403, description = "The role may not (`forbidden`), or the CSRF token is missing (`csrf_token`)", body = ConsoleErrorBody), (status = 404, description = "No device waiting for confirmation", body = ConsoleErrorBody)), tag = "console")]
async fn confirm_device(
    State(console): State<Console>,
    Changing(signed): Changing,
    Path(id): Path<Uuid>,
) -> Result<Response, ConsoleError> {
    signed.may(ConsoleAction::ManageDevices)?;
    let (storage, actor) = (console.storage.clone(), signed.user_id());
    blocking(move || Ok(storage.confirm_device(actor, id)?)).await?;
    Ok(Json(serde_json::json!({})).into_response())
}

#[utoipa::path(get, path = "/console/api/settings", security(("console_session" = [])), responses((status = 200, body = SettingsView), (status = 401, description = "No session, or it ended", body = ConsoleErrorBody), (status = 403, description = "The role may not (`forbidden`)", body = ConsoleErrorBody)), tag = "console")]
async fn settings(State(console): State<Console>, signed: Signed) -> Result<Response, ConsoleError> {
    signed.may(ConsoleAction::ManageSettings)?;
    let storage = console.storage.clone();
    Ok(Json(blocking(move || storage.settings_view()).await?).into_response())
}

#[utoipa::path(put, path = "/console/api/settings", security(("console_session" = [], "csrf_token" = [])), request_body = SettingsInput, responses((status = 200, description = "Saved; every device follows them from its next sync; audited", body = SettingsView), (status = 400, description = "A value out of range, naming the field", body = ConsoleErrorBody), (status = 401, description = "No session, or it ended", body = ConsoleErrorBody), (status = 403, description = "The role may not (`forbidden`), or the CSRF token is missing (`csrf_token`)", body = ConsoleErrorBody)), tag = "console")]
async fn change_settings(
    State(console): State<Console>,
    Changing(signed): Changing,
    json: Result<Json<SettingsInput>, JsonRejection>,
) -> Result<Response, ConsoleError> {
    signed.may(ConsoleAction::ManageSettings)?;
    let input = body(json)?;
    let (storage, actor) = (console.storage.clone(), signed.user_id());
    Ok(Json(blocking(move || storage.change_settings(actor, &input)).await?).into_response())
}
