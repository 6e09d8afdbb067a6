//! What the console's pages and the office exchange, as JSON. The TypeScript types in
//! `ui/src/console/bindings.ts` are generated from these (the `console_bindings` test).

use serde::{Deserialize, Serialize};
use uuid::Uuid;
use vigil_core::console::ConsoleAction;
use vigil_core::{Code, Role};

/// Every console error: the code a page words in its language, the office's English
/// message, the field it is about (a form shows it there) and, for a locked account, until
/// when.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ConsoleErrorBody {
    pub code: Code,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub field: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub until: Option<String>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    pub email: String,
    pub password: String,
}

/// The signed-in person, the session's CSRF token (sent back in `x-csrf-token` with every
/// request that changes something) and what the person may do.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Session {
    pub user_id: Uuid,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub csrf_token: String,
    pub expires_at: String,
    pub may: Vec<ConsoleAction>,
}

/// A person of the office, as the console lists them.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Person {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub team_ids: Vec<Uuid>,
    pub profession: String,
    /// When the person was retired; they then sign in nowhere.
    pub retired_at: Option<String>,
    /// Whether the person has a console password.
    pub has_password: bool,
    /// Devices enrolled and not revoked.
    pub active_devices: u32,
}

/// A person as created or edited.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct PersonInput {
    pub name: String,
    pub email: String,
    pub role: Role,
    pub team_ids: Vec<Uuid>,
    #[serde(default)]
    pub profession: String,
}

/// A team with who leads, supervises and works in it (from the people's roles and teams).
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TeamView {
    pub id: Uuid,
    pub name: String,
    pub region: String,
    pub leads: Vec<Uuid>,
    pub supervisors: Vec<Uuid>,
    pub inspectors: Vec<Uuid>,
}

#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct TeamInput {
    pub name: String,
    #[serde(default)]
    pub region: String,
}

/// An enrolled device.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DeviceView {
    pub id: Uuid,
    pub name: String,
    pub user_id: Uuid,
    pub user_name: String,
    pub enrolled_at: String,
    pub revoked_at: Option<String>,
    /// The last time the device reached the office (to the minute).
    pub last_seen_at: Option<String>,
    /// The app version the device named then.
    pub app_version: Option<String>,
    /// Ops the office holds from the device.
    pub last_seq: i64,
    /// Its ops the office refused.
    pub rejected: u32,
    /// Since the office was restored from a backup (when), the device waits for an
    /// administrator's confirmation and is refused until then; null: trusted.
    pub unconfirmed_since: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct EnrolCodeRequest {
    pub user_id: Uuid,
    /// How long the code works, in hours (1 to 168).
    pub hours: u32,
}

/// A new one-time code, as text, as the enrolment link and as that link's QR code (SVG).
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct EnrolCodeIssued {
    pub code: String,
    pub link: String,
    pub qr_svg: String,
    pub expires_at: String,
    pub user_name: String,
}

/// One event of the audit trail: a device's (its own chain) or the office's.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AuditEntry {
    /// `office` for the office's console chain, else the device's id.
    pub chain: String,
    pub seq: i64,
    pub at: String,
    pub actor_id: Uuid,
    pub actor_name: String,
    pub device_id: Option<Uuid>,
    pub device_name: Option<String>,
    pub action: String,
    pub target: Option<String>,
    pub details: String,
}

/// The audit trail, newest first, filtered, with the check of every chain.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AuditView {
    pub entries: Vec<AuditEntry>,
    /// Events that matched; at most [`AUDIT_PAGE`] are listed.
    pub matched: u32,
    pub check: ChainCheck,
}

pub const AUDIT_PAGE: usize = 300;

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ChainCheck {
    /// Every chain verified link by link.
    pub intact: bool,
    pub device_chains: u32,
    pub device_events: u32,
    pub office_events: u32,
    /// The first broken link, in words.
    pub problem: Option<String>,
}

/// The audit view's search: words found in who, which device, the action or its details,
/// and a period (days, inclusive).
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AuditQuery {
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
}

/// The office's health at a glance.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Health {
    pub database_bytes: u64,
    pub blob_bytes: u64,
    pub ops: u64,
    pub rejected_ops: u64,
    pub active_devices: u32,
    pub devices_seen_last_day: u32,
    pub people: u32,
    pub places: u32,
    pub visits: u32,
    /// When the last backup of this office was made (RFC 3339), and its size; none yet: null.
    pub last_backup_at: Option<String>,
    pub last_backup_bytes: Option<u64>,
    /// When the office was last restored from a backup, and when that backup was made.
    pub restored_at: Option<String>,
    pub restored_from: Option<String>,
    /// The devices waiting for an administrator's confirmation since that restore.
    pub unconfirmed_devices: Vec<UnconfirmedDevice>,
}

/// A device refused since a restore until an administrator confirms it.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct UnconfirmedDevice {
    pub id: Uuid,
    pub name: String,
    pub user_name: String,
}

/// What the tracker shows: every criterion absent lets everything through.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TrackerQuery {
    #[serde(default)]
    pub facility_id: Option<Uuid>,
    #[serde(default)]
    pub place_kind: Option<vigil_core::records::FacilityKind>,
    #[serde(default)]
    pub authority: Option<String>,
    #[serde(default)]
    pub area: Option<vigil_core::records::Area>,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    #[param(value_type = Option<String>)]
    pub status: Option<vigil_store::TrackedStatus>,
    #[serde(default)]
    pub priority: Option<vigil_core::records::Priority>,
    #[serde(default)]
    pub overdue_only: Option<bool>,
    #[serde(default)]
    pub answer_overdue_only: Option<bool>,
}

impl TrackerQuery {
    /// The store's filter this query asks for.
    pub fn filter(&self) -> vigil_store::RecommendationFilter {
        vigil_store::RecommendationFilter {
            facility_id: self.facility_id,
            place_kind: self.place_kind,
            authority: self.authority.clone(),
            area: self.area,
            status: self.status,
            priority: self.priority,
            overdue_only: self.overdue_only.unwrap_or(false),
            answer_overdue_only: self.answer_overdue_only.unwrap_or(false),
        }
    }
}

/// The recommendations tracker on a day, from the office's replica: every recommendation
/// (they go to every team), with the days of the visits in the person's scope.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ConsoleTracker {
    #[schema(value_type = String, format = Date)]
    pub as_of: chrono::NaiveDate,
    /// The store's `RecommendationTracker` (rows with their history, rates by authority
    /// and area): see `ui/src/lib/bindings.ts`.
    #[schema(value_type = Object)]
    pub tracker: vigil_store::RecommendationTracker,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DashboardQuery {
    /// This year when absent.
    #[serde(default)]
    pub year: Option<i32>,
}

/// Which report of a visit: the public one, or the full one with the interviews annex
/// (only for those who may read the visit's interviews).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ReportVersion {
    Public,
    Full,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ReportFormat {
    Pdf,
    Docx,
}

/// A report download: `GET /console/api/visits/{id}/report?version=&format=&language=`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, utoipa::ToSchema, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct ReportQuery {
    pub version: ReportVersion,
    pub format: ReportFormat,
    /// The report's language: en, az or ru.
    #[cfg_attr(test, ts(type = "'en' | 'az' | 'ru'"))]
    #[schema(value_type = String, example = "en")]
    #[param(value_type = String, example = "en")]
    pub language: vigil_report::i18n::Language,
}

/// An approved visit whose report the person may download, and the versions they may.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ReportableVisit {
    /// The store's `QueuedVisit` (place, team, days, counts).
    #[schema(value_type = Object)]
    pub visit: vigil_store::QueuedVisit,
    pub versions: Vec<ReportVersion>,
    /// The report's stages the devices recorded (sent, comments received, published),
    /// oldest first.
    pub sent: Vec<SentReport>,
}

/// A stage of a visit's report as the app recorded it; `kept`: the PDF sent (the public
/// version, as it then was) is kept with it, at `/console/api/report-versions/{id}/pdf`.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SentReport {
    /// The `report_version` record.
    pub id: Uuid,
    #[schema(value_type = String)]
    pub stage: vigil_core::records::ReportStage,
    #[schema(value_type = String, format = Date)]
    pub dated_on: chrono::NaiveDate,
    pub kept: bool,
}

/// A place, as the reference-data list shows it.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PlaceView {
    pub id: Uuid,
    pub name: String,
    pub kind: vigil_core::records::FacilityKind,
    pub region: String,
    pub address: String,
    pub authority: String,
    pub capacity: Option<i64>,
    pub population: Option<i64>,
    pub contact: String,
    /// IANA name (`Asia/Baku`); none: each device's own zone.
    pub time_zone: Option<String>,
}

/// A place as an administrator edits it (its position on the map stays as imported).
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct PlaceInput {
    pub name: String,
    pub kind: vigil_core::records::FacilityKind,
    pub region: String,
    pub address: String,
    pub authority: String,
    pub capacity: Option<i64>,
    pub population: Option<i64>,
    pub contact: String,
    /// IANA name (`Asia/Baku`); empty or left out: each device's own zone.
    #[serde(default)]
    pub time_zone: Option<String>,
}

/// A checklist template version.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TemplateView {
    pub id: Uuid,
    pub kind: vigil_core::records::FacilityKind,
    pub version: i64,
    pub title: String,
    pub questions: u32,
}

/// A file of places (CSV or JSON) or templates (JSON) to import, as the command line's
/// `facility import` and `template import` read it: all of it, or nothing.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct ImportRequest {
    pub what: ImportWhat,
    /// The file's name: its ending (`.csv`, `.json`) says how to read places.
    pub file_name: String,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ImportWhat {
    Places,
    Templates,
}

/// The office's settings every device follows, as the console shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SettingsView {
    /// Days the authority has to answer a report, from the day it was first sent.
    pub answer_days: i64,
    /// Days after a visit's approval that devices keep its interviews and photos; none:
    /// devices keep them.
    pub retention_days: Option<u32>,
}

/// The settings an administrator saves (both at once, as the form shows them).
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SettingsInput {
    pub answer_days: i64,
    /// None (or absent): devices keep a visit's content.
    #[serde(default)]
    pub retention_days: Option<i64>,
}
