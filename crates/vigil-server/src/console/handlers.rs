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
    AuditQuery, DashboardQuery, EnrolCodeIssued, EnrolCodeRequest, ImportRequest, PersonInput, PlaceInput, ReportQuery,
    Session, SignIn, TeamInput, TrackerQuery,
};
use super::{Console, ConsoleError};
use crate::ServerError;
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
        .route("/devices/{id}/confirm", post(confirm_device))
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

async fn sign_out(State(console): State<Console>, Changing(signed): Changing) -> Result<Response, ConsoleError> {
    let storage = console.storage.clone();
    let (token, user) = (signed.token.clone(), signed.user_id());
    blocking(move || Ok(storage.sign_out(&token, user)?)).await?;
    Ok(([(header::SET_COOKIE, ended_cookie(console.settings.secure))], Json(serde_json::json!({}))).into_response())
}

async fn session(signed: Signed) -> Result<Json<Session>, ConsoleError> {
    signed.may(ConsoleAction::SignIn)?;
    Ok(Json(session_of(&signed.session, &signed.token)))
}

async fn people(State(console): State<Console>, signed: Signed) -> Result<Response, ConsoleError> {
    signed.may(ConsoleAction::ViewPeople)?;
    let storage = console.storage.clone();
    Ok(Json(blocking(move || Ok(storage.people()?)).await?).into_response())
}

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

async fn teams(State(console): State<Console>, signed: Signed) -> Result<Response, ConsoleError> {
    signed.may(ConsoleAction::ViewPeople)?;
    let storage = console.storage.clone();
    Ok(Json(blocking(move || Ok(storage.teams()?)).await?).into_response())
}

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

async fn devices(State(console): State<Console>, signed: Signed) -> Result<Response, ConsoleError> {
    signed.may(ConsoleAction::ViewDevices)?;
    let storage = console.storage.clone();
    Ok(Json(blocking(move || Ok(storage.device_views()?)).await?).into_response())
}

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

async fn health(State(console): State<Console>, signed: Signed) -> Result<Response, ConsoleError> {
    signed.may(ConsoleAction::ViewHealth)?;
    let storage = console.storage.clone();
    Ok(Json(blocking(move || Ok(storage.health()?)).await?).into_response())
}

async fn places(State(console): State<Console>, signed: Signed) -> Result<Response, ConsoleError> {
    signed.may(ConsoleAction::ViewReference)?;
    let storage = console.storage.clone();
    Ok(Json(blocking(move || Ok(storage.place_views()?)).await?).into_response())
}

async fn templates(State(console): State<Console>, signed: Signed) -> Result<Response, ConsoleError> {
    signed.may(ConsoleAction::ViewReference)?;
    let storage = console.storage.clone();
    Ok(Json(blocking(move || Ok(storage.template_views()?)).await?).into_response())
}

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

async fn reports(State(console): State<Console>, signed: Signed) -> Result<Response, ConsoleError> {
    signed.may(ConsoleAction::DownloadReport)?;
    let storage = console.storage.clone();
    Ok(Json(blocking(move || Ok(storage.reportable_visits(&signed.session)?)).await?).into_response())
}

/// A report download is a plain link (a GET, no CSRF token): it changes nothing but the
/// audit chain, which records it.
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
    let disposition = format!("attachment; filename=\"{}\"", file.file_name);
    Ok(([(header::CONTENT_TYPE, file.content_type.to_owned()), (header::CONTENT_DISPOSITION, disposition)], file.bytes)
        .into_response())
}

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
