/**
 * The one way the UI calls Rust. Commands are typed here; a rejected call
 * always becomes a `VigilError` whose `code` the UI branches on (never the
 * message text), mirroring `AppError` in src-tauri/src/error.rs.
 */
import { invoke as tauriInvoke, isTauri } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { CODES, RULES } from './bindings';
import type {
  ActionStep,
  AnswerInput,
  AuthorityAnswer,
  Trouble,
  Reminder,
  ReportStageInput,
  ReportVersion,
  AnswerValue,
  Rule,
  Attachment,
  ChecklistAnswer,
  Code,
  Detail,
  ConflictItem,
  CoverageGroup,
  Dashboard,
  ExportedFile,
  LockStatus,
  MemberChoice,
  NewAmendment,
  NewAttachment,
  NewComment,
  OfferedEnrolment,
  PlaceDetail,
  OpenVisit,
  PlaceSummary,
  QueuedVisit,
  RecommendationFilter,
  RejectedItem,
  ReportAudience,
  RetentionStatus,
  ReportFormat,
  ReportLanguage,
  ReportOffice,
  SetAsideBlob,
  Role,
  SyncStatus,
  TableFormat,
  TimeMark,
  TrackerView,
  Wiped,
  Visit,
  VisitDetail,
  VisitEdit,
  ReprisalCheck,
  ReprisalCheckInput,
  VisitEntity,
  VisitPlan,
  VisitRecord,
  VisitStatus,
} from './types';

/**
 * The codes Rust answers with (`Code` in crates/vigil-core/src/code.rs, generated into
 * bindings.ts with the list `CODES`): the UI branches on them, never on a message. From
 * this side come `not_in_app` when the page runs outside the Vigil app (a browser, `vite
 * preview`), and `unknown` when the rejection was not shaped as `{code, message}`.
 */
export type ErrorCode = Code;

/** The field of a record and the rule it broke (`Rule` in crates/vigil-core/src/validate.rs). */
export interface InvalidField {
  field: string;
  rule: Rule;
}

export class VigilError extends Error {
  override readonly name = 'VigilError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** `too_many_attempts`: seconds before the vault takes another passphrase. */
    readonly retryAfterSeconds: number | null = null,
    /** `invalid_input` from a record's rule: the field and the rule, for the UI to word. */
    readonly invalid: InvalidField | null = null,
    /** A refusal's parameters (who may not do what), for the UI to word. */
    readonly detail: Detail | null = null,
    /** What went wrong with the office, for the UI to word. */
    readonly trouble: Trouble | null = null,
  ) {
    super(message);
  }
}

/** The commands, their arguments and their answers. */
export interface Commands {
  list_places: { args: Record<string, never>; returns: PlaceSummary[] };
  open_visits: { args: Record<string, never>; returns: OpenVisit[] };
  sync_status: { args: Record<string, never>; returns: SyncStatus };
  sync_now: { args: Record<string, never>; returns: null };
  /** Tauri passes arguments in camelCase to the Rust `server_url`. */
  enrol: { args: { serverUrl: string; code: string }; returns: SyncStatus };
  offered_enrolment: { args: Record<string, never>; returns: OfferedEnrolment | null };
  place_detail: { args: { facilityId: string }; returns: PlaceDetail };
  /** The plan's own fields stay snake_case: Tauri renames only top-level arguments. */
  plan_visit: { args: { plan: VisitPlan }; returns: Visit };
  visit_detail: { args: { visitId: string }; returns: VisitDetail };
  save_answer: { args: { visitId: string; questionKey: string; value: AnswerValue }; returns: ChecklistAnswer };
  record_visit_time: { args: { visitId: string; mark: TimeMark }; returns: VisitDetail };
  correct_visit_time: { args: { visitId: string; mark: TimeMark; at: string }; returns: VisitDetail };
  edit_visit: { args: { visitId: string; edit: VisitEdit }; returns: VisitDetail };
  choose_member: { args: { visitId: string; choice: MemberChoice }; returns: VisitDetail };
  save_record: { args: { record: VisitRecord }; returns: VisitRecord };
  delete_record: { args: { entity: VisitEntity | 'reprisal_check'; id: string }; returns: null };
  record_reprisal_check: { args: { check: ReprisalCheckInput }; returns: ReprisalCheck };
  record_authority_answer: { args: { answer: AnswerInput }; returns: AuthorityAnswer };
  mark_step_done: { args: { stepId: string; doneOn: string | null }; returns: ActionStep };
  record_report_stage: { args: { stage: ReportStageInput }; returns: ReportVersion };
  save_report_version: { args: { versionId: string }; returns: ExportedFile };
  reminders: { args: Record<string, never>; returns: Reminder[] };
  add_attachment: { args: { file: NewAttachment }; returns: Attachment };
  attachment_preview: { args: { attachmentId: string }; returns: string | null };
  submit_visit: { args: { visitId: string }; returns: VisitDetail };
  lock_status: { args: Record<string, never>; returns: LockStatus };
  create_vault: { args: { passphrase: string }; returns: LockStatus };
  unlock: { args: { passphrase: string }; returns: LockStatus };
  lock_now: { args: Record<string, never>; returns: LockStatus };
  touch_activity: { args: Record<string, never>; returns: null };
  set_auto_lock: { args: { minutes: number }; returns: LockStatus };
  change_passphrase: { args: { old: string; new: string }; returns: null };
  remember_on_device: { args: { passphrase: string }; returns: LockStatus };
  forget_on_device: { args: Record<string, never>; returns: LockStatus };
  unsynced_changes: { args: Record<string, never>; returns: number };
  wipe_device: { args: Record<string, never>; returns: Wiped };
  retention_status: { args: Record<string, never>; returns: RetentionStatus };
  coverage: { args: { months: number }; returns: CoverageGroup[] };
  list_conflicts: { args: Record<string, never>; returns: ConflictItem[] };
  /** `value` is the chosen or merged value; answers the sync status with the new counts. */
  resolve_conflict: { args: { entity: string; id: string; field: string; value: unknown }; returns: SyncStatus };
  list_rejected: { args: Record<string, never>; returns: RejectedItem[] };
  list_blobs_set_aside: { args: Record<string, never>; returns: SetAsideBlob[] };
  /** Null before enrolment. */
  my_role: { args: Record<string, never>; returns: Role | null };
  review_queue: { args: Record<string, never>; returns: QueuedVisit[] };
  add_comment: { args: { comment: NewComment }; returns: VisitDetail };
  move_visit: { args: { visitId: string; to: VisitStatus }; returns: VisitDetail };
  add_amendment: { args: { amendment: NewAmendment }; returns: VisitDetail };
  recommendation_tracker: { args: { filter: RecommendationFilter }; returns: TrackerView };
  dashboard: { args: { year: number }; returns: Dashboard };
  visit_report_html: { args: { visitId: string; audience: ReportAudience; language: ReportLanguage }; returns: string };
  export_visit_report: {
    args: { visitId: string; audience: ReportAudience; language: ReportLanguage; format: ReportFormat };
    returns: ExportedFile;
  };
  export_tables: { args: { audience: ReportAudience; format: TableFormat }; returns: ExportedFile[] };
  report_office: { args: Record<string, never>; returns: ReportOffice };
  set_report_name: { args: { name: string }; returns: ReportOffice };
  set_report_logo: { args: { bytes: number[] | null }; returns: ReportOffice };
  install_update: { args: Record<string, never>; returns: null };
}

const lockedHandlers = new Set<() => void>();

/** Calls `handler` whenever a command answers `locked`; returns the unsubscribe. */
export function onLockedAnswer(handler: () => void): () => void {
  lockedHandlers.add(handler);
  return () => lockedHandlers.delete(handler);
}

function isCode(text: string): text is Code {
  return (CODES as readonly string[]).includes(text);
}

function isRule(text: string): text is Rule {
  return (RULES as readonly string[]).includes(text);
}

/** Turns whatever an invoke rejected with into a `VigilError`. */
export function toVigilError(reason: unknown): VigilError {
  if (reason instanceof VigilError) return reason;
  if (typeof reason === 'object' && reason !== null && 'code' in reason && 'message' in reason) {
    const { code, message, retry_after_seconds, field, rule, detail, trouble } = reason as {
      code: unknown;
      message: unknown;
      retry_after_seconds?: unknown;
      field?: unknown;
      rule?: unknown;
      detail?: unknown;
      trouble?: unknown;
    };
    if (typeof code === 'string' && typeof message === 'string') {
      const retry = typeof retry_after_seconds === 'number' ? retry_after_seconds : null;
      const invalid = typeof field === 'string' && typeof rule === 'string' && isRule(rule) ? { field, rule } : null;
      // Sent by Rust from `vigil_core::Detail`: an object with its `kind`.
      const said = typeof detail === 'object' && detail !== null && 'kind' in detail ? (detail as Detail) : null;
      const wrong = typeof trouble === 'object' && trouble !== null && 'kind' in trouble ? (trouble as Trouble) : null;
      return new VigilError(isCode(code) ? code : 'unknown', message, retry, invalid, said, wrong);
    }
  }
  if (reason instanceof Error) return new VigilError('unknown', reason.message);
  if (typeof reason === 'string' && reason.length > 0) return new VigilError('unknown', reason);
  return new VigilError('unknown', 'Something went wrong, and the app gave no reason.');
}

export const NOT_IN_APP_MESSAGE = 'Not running inside the Vigil app';

/** Calls a Rust command; rejects only with a `VigilError`. */
export async function invoke<K extends keyof Commands>(
  command: K,
  args: Commands[K]['args'],
  inApp: () => boolean = isTauri,
): Promise<Commands[K]['returns']> {
  if (!inApp()) throw new VigilError('not_in_app', NOT_IN_APP_MESSAGE);
  try {
    return await tauriInvoke<Commands[K]['returns']>(command, args);
  } catch (reason) {
    const error = toVigilError(reason);
    // Any screen may meet the lock (auto-lock while it was open): the app shows the lock screen.
    if (error.code === 'locked') for (const handler of lockedHandlers) handler();
    throw error;
  }
}

export function listPlaces(): Promise<PlaceSummary[]> {
  return invoke('list_places', {});
}

export function openVisits(): Promise<OpenVisit[]> {
  return invoke('open_visits', {});
}

export function syncStatus(): Promise<SyncStatus> {
  return invoke('sync_status', {});
}

export async function syncNow(): Promise<void> {
  await invoke('sync_now', {});
}

/**
 * Installs the newer version the office offers; on success the app closes and starts again
 * at that version, so this resolves only when something stopped it (nothing installed).
 */
export async function installUpdate(): Promise<void> {
  await invoke('install_update', {});
}

export function enrol(serverUrl: string, code: string): Promise<SyncStatus> {
  return invoke('enrol', { serverUrl, code });
}

export function placeDetail(facilityId: string): Promise<PlaceDetail> {
  return invoke('place_detail', { facilityId });
}

export function planVisit(plan: VisitPlan): Promise<Visit> {
  return invoke('plan_visit', { plan });
}

export function visitDetail(visitId: string): Promise<VisitDetail> {
  return invoke('visit_detail', { visitId });
}

export function saveAnswer(visitId: string, questionKey: string, value: AnswerValue): Promise<ChecklistAnswer> {
  return invoke('save_answer', { visitId, questionKey, value });
}

export function recordVisitTime(visitId: string, mark: TimeMark): Promise<VisitDetail> {
  return invoke('record_visit_time', { visitId, mark });
}

export function correctVisitTime(visitId: string, mark: TimeMark, at: string): Promise<VisitDetail> {
  return invoke('correct_visit_time', { visitId, mark, at });
}

/** Changes the visit's summary or its "no names" mode (a field left null stays). */
export function editVisit(visitId: string, edit: VisitEdit): Promise<VisitDetail> {
  return invoke('edit_visit', { visitId, edit });
}

/** Puts a colleague on the visit with the areas they cover, or takes them off. */
export function chooseMember(visitId: string, choice: MemberChoice): Promise<VisitDetail> {
  return invoke('choose_member', { visitId, choice });
}

/** Saves a record of the visit: a new one has the nil id and gets its own. */
export function saveRecord(record: VisitRecord): Promise<VisitRecord> {
  return invoke('save_record', { record });
}

export async function deleteRecord(entity: VisitEntity | 'reprisal_check', id: string): Promise<void> {
  await invoke('delete_record', { entity, id });
}

/** Records a visit's check on a person at risk of reprisal; a concern comes with its finding. */
export function recordReprisalCheck(check: ReprisalCheckInput): Promise<ReprisalCheck> {
  return invoke('record_reprisal_check', { check });
}

/** Records the authority's answer to a recommendation, with its letter (a picked file) and plan. */
export async function recordAuthorityAnswer(
  answer: Omit<AnswerInput, 'letter'>,
  letter: File | null,
): Promise<AuthorityAnswer> {
  const file = letter
    ? {
        file_name: letter.name,
        mime: letter.type || 'application/octet-stream',
        bytes: Array.from(new Uint8Array(await letter.arrayBuffer())),
      }
    : null;
  return invoke('record_authority_answer', { answer: { ...answer, letter: file } });
}

/** Marks a step of an action plan done on a day, or not done (`null`). */
export function markStepDone(stepId: string, doneOn: string | null): Promise<ActionStep> {
  return invoke('mark_step_done', { stepId, doneOn });
}

/** Records the visit's report at a stage (sent to the authority…) on a day. */
export function recordReportStage(stage: ReportStageInput): Promise<ReportVersion> {
  return invoke('record_report_stage', { stage });
}

/** What is overdue or due soon about the authorities' answers to this user's teams. */
export function reminders(): Promise<Reminder[]> {
  return invoke('reminders', {});
}

/** Sends a picked file's bytes to the device store, attached to an observation. */
export async function addAttachment(observationId: string, file: File): Promise<Attachment> {
  const bytes = Array.from(new Uint8Array(await file.arrayBuffer()));
  const mime = file.type || 'application/octet-stream';
  return invoke('add_attachment', { file: { observation_id: observationId, file_name: file.name, mime, bytes } });
}

export function attachmentPreview(attachmentId: string): Promise<string | null> {
  return invoke('attachment_preview', { attachmentId });
}

export function submitVisit(visitId: string): Promise<VisitDetail> {
  return invoke('submit_visit', { visitId });
}

/** The enrolment link the app was opened with (`vigil://enrol?…`), if any. */
export function offeredEnrolment(): Promise<OfferedEnrolment | null> {
  return invoke('offered_enrolment', {});
}

/** The event Rust emits when a link opens the app while it runs (`vigil_app::enrolment::ENROL_LINK_EVENT`). */
export const ENROL_LINK_EVENT = 'enrol-link';

/** Calls `handler` with each enrolment link that opens the running app; resolves to the function that stops listening. */
export async function onEnrolLink(handler: (offer: OfferedEnrolment) => void, inApp: () => boolean = isTauri): Promise<() => void> {
  if (!inApp()) return () => {};
  return listen<OfferedEnrolment>(ENROL_LINK_EVENT, (event) => handler(event.payload));
}

/** The event Rust emits on every sync status change (`vigil_app::sync::SYNC_STATUS_EVENT`). */
export const SYNC_STATUS_EVENT = 'sync-status';

/**
 * Calls `handler` with every sync status Rust emits; resolves to the function
 * that stops listening. Outside the app there are no events: it never calls.
 */
export async function onSyncStatus(
  handler: (status: SyncStatus) => void,
  inApp: () => boolean = isTauri,
): Promise<() => void> {
  if (!inApp()) return () => {};
  return listen<SyncStatus>(SYNC_STATUS_EVENT, (event) => handler(event.payload));
}

export function lockStatus(): Promise<LockStatus> {
  return invoke('lock_status', {});
}

export function createVault(passphrase: string): Promise<LockStatus> {
  return invoke('create_vault', { passphrase });
}

export function unlock(passphrase: string): Promise<LockStatus> {
  return invoke('unlock', { passphrase });
}

export function lockNow(): Promise<LockStatus> {
  return invoke('lock_now', {});
}

export async function touchActivity(): Promise<void> {
  await invoke('touch_activity', {});
}

export function setAutoLock(minutes: number): Promise<LockStatus> {
  return invoke('set_auto_lock', { minutes });
}

export async function changePassphrase(old: string, next: string): Promise<void> {
  await invoke('change_passphrase', { old, new: next });
}

/** Keeps the key in the OS keyring: the app opens at start without the passphrase. */
export function rememberOnDevice(passphrase: string): Promise<LockStatus> {
  return invoke('remember_on_device', { passphrase });
}

export function forgetOnDevice(): Promise<LockStatus> {
  return invoke('forget_on_device', {});
}

export function unsyncedChanges(): Promise<number> {
  return invoke('unsynced_changes', {});
}

export function wipeDevice(): Promise<Wiped> {
  return invoke('wipe_device', {});
}

/** Per kind of place, the places not visited in the last `months` months. */
export function coverage(months: number): Promise<CoverageGroup[]> {
  return invoke('coverage', { months });
}

/** The office's retention period and the visits it removed from this device. */
export function retentionStatus(): Promise<RetentionStatus> {
  return invoke('retention_status', {});
}

/** The event Rust emits when the device locked itself after the idle time (`vigil_app::lock::DEVICE_LOCKED_EVENT`). */
export const DEVICE_LOCKED_EVENT = 'device-locked';

/** Calls `handler` when the device locks itself; resolves to the function that stops listening. */
export async function onDeviceLocked(handler: () => void, inApp: () => boolean = isTauri): Promise<() => void> {
  if (!inApp()) return () => {};
  return listen<null>(DEVICE_LOCKED_EVENT, () => handler());
}

export function listConflicts(): Promise<ConflictItem[]> {
  return invoke('list_conflicts', {});
}

export function resolveConflict(entity: string, id: string, field: string, value: unknown): Promise<SyncStatus> {
  return invoke('resolve_conflict', { entity, id, field, value });
}

export function listRejected(): Promise<RejectedItem[]> {
  return invoke('list_rejected', {});
}

/** Photos and documents sync set aside: their file is gone or damaged on this device. */
export function listBlobsSetAside(): Promise<SetAsideBlob[]> {
  return invoke('list_blobs_set_aside', {});
}

/** The role of this device's user; null before enrolment. */
export function myRole(): Promise<Role | null> {
  return invoke('my_role', {});
}

/** Submitted and in-review visits of the teams this device syncs, oldest submission first. */
export function reviewQueue(): Promise<QueuedVisit[]> {
  return invoke('review_queue', {});
}

/** A comment on the visit or one of its records, or (with `reply_to`) the team's answer. */
export function addComment(comment: NewComment): Promise<VisitDetail> {
  return invoke('add_comment', { comment });
}

/** Start review, return to the team, approve, or (the team) reopen a returned visit. */
export function moveVisit(visitId: string, to: VisitStatus): Promise<VisitDetail> {
  return invoke('move_visit', { visitId, to });
}

/** A correction to an approved visit, kept beside its approved content. */
export function addAmendment(amendment: NewAmendment): Promise<VisitDetail> {
  return invoke('add_amendment', { amendment });
}

export function recommendationTracker(filter: RecommendationFilter): Promise<TrackerView> {
  return invoke('recommendation_tracker', { filter });
}

export function dashboard(year: number): Promise<Dashboard> {
  return invoke('dashboard', { year });
}

/** The report of an approved visit as a page in `language` (shown in a sandboxed frame). */
export function visitReportHtml(visitId: string, audience: ReportAudience, language: ReportLanguage): Promise<string> {
  return invoke('visit_report_html', { visitId, audience, language });
}

/** Saves the report of an approved visit as a PDF or a DOCX in the export folder; answers where. */
export function exportVisitReport(
  visitId: string,
  audience: ReportAudience,
  language: ReportLanguage,
  format: ReportFormat,
): Promise<ExportedFile> {
  return invoke('export_visit_report', { visitId, audience, language, format });
}

/** Saves the PDF kept with a report version (as sent or published); answers where. */
export function saveReportVersion(versionId: string): Promise<ExportedFile> {
  return invoke('save_report_version', { versionId });
}

/** The NPM's name and logo on this device's reports. */
export function reportOffice(): Promise<ReportOffice> {
  return invoke('report_office', {});
}

/** Sets the NPM's name on reports (empty: the cover says "National Preventive Mechanism"). */
export function setReportName(name: string): Promise<ReportOffice> {
  return invoke('set_report_name', { name });
}

/** Sets the logo on reports from a PNG or JPEG file, or removes it with `null`. */
export async function setReportLogo(file: File | null): Promise<ReportOffice> {
  const bytes = file === null ? null : Array.from(new Uint8Array(await file.arrayBuffer()));
  return invoke('set_report_logo', { bytes });
}

/** Saves visits, findings and recommendations (three CSV files or one JSON file); answers where. */
export function exportTables(audience: ReportAudience, format: TableFormat): Promise<ExportedFile[]> {
  return invoke('export_tables', { audience, format });
}
