//! The commands the UI may invoke. Each is thin: it unpacks the state, calls
//! the store or the sync service and returns its answer; the work lives in
//! `vigil-store`, `vigil-sync` and [`crate::sync`].

use tauri::State;
use uuid::Uuid;
use vigil_core::records::{AnswerValue, Attachment, ChecklistAnswer, Visit};
use vigil_core::{Entity, Record};
use vigil_core::{Role, VisitStatus};
use vigil_store::{Dashboard, PlaceSummary, QueuedVisit, RecommendationFilter, SetAsideBlob};

use crate::conflicts::{ConflictView, RejectedView};
use crate::enrolment::{EnrolOffer, OfferedEnrolment, device_name, hostname};
use crate::error::AppError;
use crate::evidence::NewAttachment;
use crate::inspection::{PlaceDetail, TimeMark, VisitDetail, VisitEdit, VisitPlan};
use crate::lock::{LockStatus, Wiped, now_millis};
use crate::reports::{ExportedFile, ReportAudience, ReportFormat, ReportLanguage, ReportOffice, TableFormat};
use crate::review::{NewAmendment, NewComment, TrackerView};
use crate::state::AppState;
use crate::sync::SyncStatus;
use crate::visit_team::MemberChoice;

/// Every place (facility) on this device, with its last visit and its open and
/// overdue recommendations.
#[tauri::command]
pub fn list_places(state: State<'_, AppState>) -> Result<Vec<PlaceSummary>, AppError> {
    state.with_store(|store| store.places())
}

/// The visits a team member left open on this device (in progress or returned), to go
/// back into with one tap; none for a supervisor, whose work is the review queue.
#[tauri::command]
pub fn open_visits(state: State<'_, AppState>) -> Result<Vec<vigil_store::OpenVisit>, AppError> {
    state.open_visits()
}

/// Whether the device is enrolled, what sync is doing, and what waits or needs a person.
#[tauri::command]
pub fn sync_status(state: State<'_, AppState>) -> Result<SyncStatus, AppError> {
    state.sync_status()
}

/// The role of this device's user (none before enrolment): the navigation follows it.
#[tauri::command]
pub fn my_role(state: State<'_, AppState>) -> Result<Option<Role>, AppError> {
    state.my_role()
}

/// Syncs now instead of at the next tick of the timer; progress arrives as `sync-status` events.
#[tauri::command]
pub fn sync_now(state: State<'_, AppState>) -> Result<(), AppError> {
    state.request_sync()
}

/// Installs the newer version the office offers, on the person's word (the window asks
/// only outside a visit's form): fetched with this device's token, its signature checked
/// against the key built into the app, installed by the system's installer; then the app
/// starts again at the new version. On any failure nothing is installed and this version
/// keeps running, its outbox untouched.
#[tauri::command]
pub async fn install_update<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<(), AppError> {
    let (office, release, bytes) = state.fetch_update().await?;
    crate::updates::install(&app, &office, &release, bytes).await?;
    eprintln!("vigil: installed version {}; starting it", release.version);
    app.restart()
}

/// Enrols this device with the central office at `server_url` using a one-time `code`
/// from an administrator, then syncs.
#[tauri::command]
pub async fn enrol(state: State<'_, AppState>, server_url: String, code: String) -> Result<SyncStatus, AppError> {
    state.enrol(&server_url, &code, &device_name(hostname())).await
}

/// The enrolment link the app was opened with, if any, for the connect step to fill in.
#[tauri::command]
pub fn offered_enrolment(offer: State<'_, EnrolOffer>) -> Option<OfferedEnrolment> {
    offer.offered()
}

/// A place's page: the place, its visits on this device, its open recommendations, the
/// checklist a new visit would use.
#[tauri::command]
pub fn place_detail(state: State<'_, AppState>, facility_id: Uuid) -> Result<PlaceDetail, AppError> {
    state.place_detail(facility_id)
}

/// Plans a visit of a place, or starts it now, as the enrolled user's first team.
#[tauri::command]
pub fn plan_visit(state: State<'_, AppState>, plan: VisitPlan) -> Result<Visit, AppError> {
    state.plan_visit(plan)
}

/// A visit with everything recorded on it, its checklist, and whether it may be edited.
#[tauri::command]
pub fn visit_detail(state: State<'_, AppState>, visit_id: Uuid) -> Result<VisitDetail, AppError> {
    state.visit_detail(visit_id)
}

/// Saves the answer to one checklist question (creating or updating its one record).
#[tauri::command]
pub fn save_answer(
    state: State<'_, AppState>,
    visit_id: Uuid,
    question_key: String,
    value: AnswerValue,
) -> Result<ChecklistAnswer, AppError> {
    state.save_answer(visit_id, &question_key, value)
}

/// Changes the visit's summary or its "no names" mode; answers the visit as it then is.
#[tauri::command]
pub fn edit_visit(state: State<'_, AppState>, visit_id: Uuid, edit: VisitEdit) -> Result<VisitDetail, AppError> {
    state.edit_visit(visit_id, edit)
}

/// Puts a colleague of the team on the visit with the areas they cover, or takes them off.
#[tauri::command]
pub fn choose_member(
    state: State<'_, AppState>,
    visit_id: Uuid,
    choice: MemberChoice,
) -> Result<VisitDetail, AppError> {
    state.choose_member(visit_id, choice)
}

/// Records arrival, access or departure as now; answers the visit as it then is.
#[tauri::command]
pub fn record_visit_time(state: State<'_, AppState>, visit_id: Uuid, mark: TimeMark) -> Result<VisitDetail, AppError> {
    state.record_visit_time(visit_id, mark)
}

/// Corrects arrival, access or departure to when it happened; answers the visit.
#[tauri::command]
pub fn correct_visit_time(
    state: State<'_, AppState>,
    visit_id: Uuid,
    mark: TimeMark,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<VisitDetail, AppError> {
    state.correct_visit_time(visit_id, mark, at)
}

/// Saves an observation, interview, register check, recommendation or assessment of a
/// visit: a new one (nil id) is created, an existing one gets the fields that changed.
#[tauri::command]
pub fn save_record(state: State<'_, AppState>, record: Record) -> Result<Record, AppError> {
    state.save_record(record)
}

/// Records the visit's check on a person an earlier interview flagged at risk of reprisal;
/// a concern is saved with the finding it becomes.
#[tauri::command]
pub fn record_reprisal_check(
    state: State<'_, AppState>,
    check: crate::reprisal::ReprisalCheckInput,
) -> Result<vigil_core::records::ReprisalCheck, AppError> {
    state.record_reprisal_check(check)
}

/// Records the authority's answer to a recommendation, with its letter and action plan.
#[tauri::command]
pub fn record_authority_answer(
    state: State<'_, AppState>,
    answer: crate::authority::AnswerInput,
) -> Result<vigil_core::records::AuthorityAnswer, AppError> {
    state.record_authority_answer(answer)
}

/// Marks a step of an authority's action plan done on a day (or not done: `None`).
#[tauri::command]
pub fn mark_step_done(
    state: State<'_, AppState>,
    step_id: Uuid,
    done_on: Option<chrono::NaiveDate>,
) -> Result<vigil_core::records::ActionStep, AppError> {
    state.mark_step_done(step_id, done_on)
}

/// Records the visit's report at a stage: sent to the authority, its comments received…
#[tauri::command]
pub fn record_report_stage(
    state: State<'_, AppState>,
    stage: crate::authority::ReportStageInput,
) -> Result<vigil_core::records::ReportVersion, AppError> {
    state.record_report_stage(stage)
}

/// What is overdue or due soon about the authorities' answers to this user's teams.
#[tauri::command]
pub fn reminders(state: State<'_, AppState>) -> Result<Vec<vigil_store::Reminder>, AppError> {
    state.reminders()
}

/// Deletes one of the records a visit's screen adds.
#[tauri::command]
pub fn delete_record(state: State<'_, AppState>, entity: Entity, id: Uuid) -> Result<(), AppError> {
    state.delete_record(entity, id)
}

/// Attaches a photo or PDF (its bytes) to an observation.
#[tauri::command]
pub fn add_attachment(state: State<'_, AppState>, file: NewAttachment) -> Result<Attachment, AppError> {
    state.add_attachment(file)
}

/// An attached image as a `data:` URL, or null when it cannot be shown on this device.
#[tauri::command]
pub fn attachment_preview(state: State<'_, AppState>, attachment_id: Uuid) -> Result<Option<String>, AppError> {
    state.attachment_preview(attachment_id)
}

/// Submits the visit for review (team lead only); answers the visit as it then is.
#[tauri::command]
pub fn submit_visit(state: State<'_, AppState>, visit_id: Uuid) -> Result<VisitDetail, AppError> {
    state.submit_visit(visit_id)
}

/// Whether the device needs a first passphrase, is locked or unlocked, and its idle time.
#[tauri::command]
pub fn lock_status(state: State<'_, AppState>) -> Result<LockStatus, AppError> {
    state.lock_status()
}

/// When this start's moments fell (`main`, setup, the store opened): the figures split
/// a cold start with them (docs/performance.md).
#[tauri::command]
pub fn startup_times(startup: State<'_, crate::startup::Startup>) -> crate::startup::StartupTimes {
    startup.times()
}

/// First start: protects the device with `passphrase` and opens its new store.
#[tauri::command]
pub fn create_vault(state: State<'_, AppState>, passphrase: String) -> Result<LockStatus, AppError> {
    state.create_vault(&passphrase)
}

/// Opens the store if `passphrase` is right (`wrong_passphrase`, `too_many_attempts`).
#[tauri::command]
pub fn unlock(state: State<'_, AppState>, passphrase: String) -> Result<LockStatus, AppError> {
    state.unlock(&passphrase, now_millis())
}

/// "Lock now": drops the store and its keys.
#[tauri::command]
pub fn lock_now(state: State<'_, AppState>) -> Result<LockStatus, AppError> {
    state.lock();
    state.lock_status()
}

/// The person did something: the idle time before auto-lock starts again.
#[tauri::command]
pub fn touch_activity(state: State<'_, AppState>) {
    state.touch(std::time::Instant::now());
}

/// Sets the idle time before the device locks by itself.
#[tauri::command]
pub fn set_auto_lock(state: State<'_, AppState>, minutes: u32) -> Result<LockStatus, AppError> {
    state.set_auto_lock(minutes)
}

/// Rewraps the device's key under a new passphrase.
#[tauri::command]
pub fn change_passphrase(state: State<'_, AppState>, old: String, new: String) -> Result<(), AppError> {
    state.change_passphrase(&old, &new, now_millis())
}

/// Keeps the key in the OS keyring so the app opens without the passphrase at start.
#[tauri::command]
pub fn remember_on_device(state: State<'_, AppState>, passphrase: String) -> Result<LockStatus, AppError> {
    state.remember_on_device(&passphrase, now_millis())
}

/// Removes the key from the OS keyring: the next start asks for the passphrase.
#[tauri::command]
pub fn forget_on_device(state: State<'_, AppState>) -> Result<LockStatus, AppError> {
    state.forget_on_device()
}

/// How many local changes a wipe would lose (not yet at the central office).
#[tauri::command]
pub fn unsynced_changes(state: State<'_, AppState>) -> Result<u64, AppError> {
    state.unsynced_changes()
}

/// Quick wipe: destroys the keys and every file of the device, part by part; back to the
/// first start. The answer names any part it could not remove.
#[tauri::command]
pub fn wipe_device(state: State<'_, AppState>) -> Result<Wiped, AppError> {
    state.wipe()
}

/// The office's retention period and the visits whose interviews and photos it removed
/// from this device.
#[tauri::command]
pub fn retention_status(state: State<'_, AppState>) -> Result<crate::retention::RetentionStatus, AppError> {
    state.retention_status()
}

/// Every field edited on two devices at once, with its record, field, and each value
/// with who wrote it and when.
#[tauri::command]
pub fn list_conflicts(state: State<'_, AppState>) -> Result<Vec<ConflictView>, AppError> {
    state.list_conflicts()
}

/// Resolves a conflict with the value the person chose or merged; answers the sync
/// status with the new counts.
#[tauri::command]
pub fn resolve_conflict(
    state: State<'_, AppState>,
    entity: Entity,
    id: Uuid,
    field: String,
    value: serde_json::Value,
) -> Result<SyncStatus, AppError> {
    state.resolve_conflict(entity, id, &field, value)
}

/// The local changes the central office refused, newest first, with its reasons.
#[tauri::command]
pub fn list_rejected(state: State<'_, AppState>) -> Result<Vec<RejectedView>, AppError> {
    state.list_rejected()
}

/// The photos and documents this device could not send (file gone or damaged), with why
/// and the attachments that name them.
#[tauri::command]
pub fn list_blobs_set_aside(state: State<'_, AppState>) -> Result<Vec<SetAsideBlob>, AppError> {
    state.blobs_set_aside()
}

/// Submitted and in-review visits of the teams this device syncs, oldest submission first.
#[tauri::command]
pub fn review_queue(state: State<'_, AppState>) -> Result<Vec<QueuedVisit>, AppError> {
    state.review_queue()
}

/// A supervisor's comment on a visit or one of its records, or the team's answer to one.
#[tauri::command]
pub fn add_comment(state: State<'_, AppState>, comment: NewComment) -> Result<VisitDetail, AppError> {
    state.add_comment(comment)
}

/// Moves a visit through review: start review, return to the team, approve, reopen.
#[tauri::command]
pub fn move_visit(state: State<'_, AppState>, visit_id: Uuid, to: VisitStatus) -> Result<VisitDetail, AppError> {
    state.move_visit(visit_id, to)
}

/// A correction to an approved visit, kept beside its approved content.
#[tauri::command]
pub fn add_amendment(state: State<'_, AppState>, amendment: NewAmendment) -> Result<VisitDetail, AppError> {
    state.add_amendment(amendment)
}

/// Recommendations with their history of assessments, filtered, and implementation rates.
#[tauri::command]
pub fn recommendation_tracker(
    state: State<'_, AppState>,
    filter: RecommendationFilter,
) -> Result<TrackerView, AppError> {
    state.recommendation_tracker(filter)
}

/// The dashboard's figures and the annual-report figures for `year`.
#[tauri::command]
pub fn dashboard(state: State<'_, AppState>, year: i32) -> Result<Dashboard, AppError> {
    state.dashboard(year)
}

/// Per kind of place, the places not visited in the last `months` months.
#[tauri::command]
pub fn coverage(state: State<'_, AppState>, months: u32) -> Result<Vec<vigil_store::CoverageGroup>, AppError> {
    state.coverage(months)
}

/// The report of an approved visit as a printable page.
#[tauri::command]
pub fn visit_report_html(
    state: State<'_, AppState>,
    visit_id: Uuid,
    audience: ReportAudience,
    language: ReportLanguage,
) -> Result<String, AppError> {
    state.visit_report_html(visit_id, audience, language)
}

/// Saves the report of an approved visit as a PDF or a DOCX; answers where.
#[tauri::command]
pub fn export_visit_report(
    state: State<'_, AppState>,
    visit_id: Uuid,
    audience: ReportAudience,
    language: ReportLanguage,
    format: ReportFormat,
) -> Result<ExportedFile, AppError> {
    state.export_visit_report(visit_id, audience, language, format)
}

/// Saves the PDF kept with a report version (as sent or published); answers where.
#[tauri::command]
pub fn save_report_version(state: State<'_, AppState>, version_id: Uuid) -> Result<ExportedFile, AppError> {
    state.save_report_version(version_id)
}

/// The NPM's name and logo on this device's reports.
#[tauri::command]
pub fn report_office(state: State<'_, AppState>) -> Result<ReportOffice, AppError> {
    state.report_office()
}

/// Sets the NPM's name on this device's reports.
#[tauri::command]
pub fn set_report_name(state: State<'_, AppState>, name: String) -> Result<ReportOffice, AppError> {
    state.set_report_name(&name)
}

/// Sets (or with `null` removes) the logo on this device's reports.
#[tauri::command]
pub fn set_report_logo(state: State<'_, AppState>, bytes: Option<Vec<u8>>) -> Result<ReportOffice, AppError> {
    state.set_report_logo(bytes)
}

/// Saves visits, findings and recommendations as CSV files or one JSON file; answers where.
#[tauri::command]
pub fn export_tables(
    state: State<'_, AppState>,
    audience: ReportAudience,
    format: TableFormat,
) -> Result<Vec<ExportedFile>, AppError> {
    state.export_tables(audience, format)
}
