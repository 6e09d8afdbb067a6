// Generated from the Rust types by `VIGIL_WRITE_BINDINGS=1 cargo test -p vigil-server console_bindings`;
// do not edit (a test fails when this file is stale).

/**
 * One step of the action plan an authority's answer promised: what, by when, and when
 * it was done.
 */
export type ActionStep = { id: string, answer_id: string, 
/**
 * The visit of the answer's recommendation.
 */
visit_id: string, text: string, due_on: string, done_on: string | null, };

/**
 * The figures of an annual report (OPCAT art. 23) for one year.
 */
export type AnnualFigures = { year: number, visits: number, unannounced: number, 
/**
 * `unannounced / visits`; `None` without visits.
 */
unannounced_share: number | null, visits_by_place_kind: { [key in FacilityKind]?: number }, visits_by_type: { [key in VisitType]?: number }, recommendations_made: number, 
/**
 * Per authority: recommendations made in the year, and those followed up in the year
 * by their last assessment of the year.
 */
by_authority: Array<AuthorityYear>, };

/**
 * The dashboard's count of what the authorities owe.
 */
export type AnswerCounts = { answers_overdue: number, answers_due_soon: number, steps_overdue: number, };

/**
 * Where the authority's answer to one recommendation stands on the tracker's day.
 */
export type AnswerFollowUp = { 
/**
 * The stage the visit's report is at ([`answer::current_version`]), if it left draft.
 */
report_stage: ReportStage | null, 
/**
 * The day the visit's report first went to the authority.
 */
sent_on: string | null, 
/**
 * The legal deadline of the answer (the office's `answer_days` after `sent_on`).
 */
due_on: string | null, state: AnswerState, 
/**
 * The answers received, oldest first, each with its action plan.
 */
answers: Array<AnswerWithPlan>, 
/**
 * Steps of those plans overdue on the day.
 */
steps_overdue: number, };

/**
 * Where the authority's answer to one recommendation stands on a day.
 */
export type AnswerState = "not_sent" | "waiting" | "due_soon" | "overdue" | "answered";

export type AnswerWithPlan = { answer: AuthorityAnswer, 
/**
 * By due day.
 */
steps: Array<PlannedStep>, };

/**
 * The six areas of the Association for the Prevention of Torture's monitoring method.
 */
export type Area = "treatment" | "protection_measures" | "material_conditions" | "regime_activities" | "health_care" | "personnel";

/**
 * One event of the audit trail: a device's (its own chain) or the office's.
 */
export type AuditEntry = { 
/**
 * `office` for the office's console chain, else the device's id.
 */
chain: string, seq: number, at: string, actor_id: string, actor_name: string, device_id: string | null, device_name: string | null, action: string, target: string | null, details: string, };

/**
 * The audit view's search: words found in who, which device, the action or its details,
 * and a period (days, inclusive).
 */
export type AuditQuery = { text: string, from: string | null, to: string | null, };

/**
 * The audit trail, newest first, filtered, with the check of every chain.
 */
export type AuditView = { entries: Array<AuditEntry>, 
/**
 * Events that matched; at most [`AUDIT_PAGE`] are listed.
 */
matched: number, check: ChainCheck, };

/**
 * What the authority answered to one recommendation, with its letter; its action plan
 * is the [`ActionStep`]s that name it. Recorded after approval by the visit's lead or
 * a supervisor of its team ([`crate::access::may_record_authority_answer`]); every
 * device receives it with its recommendation (the next visit follows it up).
 */
export type AuthorityAnswer = { id: string, recommendation_id: string, 
/**
 * The recommendation's visit.
 */
visit_id: string, received_on: string, position: AuthorityResponse, text: string, 
/**
 * The letter (scan or photo), an attachment of the visit.
 */
letter_id: string | null, };

export type AuthorityBacklog = { authority: string, open: number, overdue: number, };

/**
 * The authority's answer to a recommendation.
 */
export type AuthorityResponse = "pending" | "accepted" | "partially_accepted" | "rejected";

export type AuthorityYear = { authority: string, made: number, implemented: number, partially_implemented: number, not_implemented: number, no_longer_applicable: number, };

export type ChainCheck = { 
/**
 * Every chain verified link by link.
 */
intact: boolean, device_chains: number, device_events: number, office_events: number, 
/**
 * The first broken link, in words.
 */
problem: string | null, };

/**
 * What went wrong, as a program branches on it.
 */
export type Code = "forbidden" | "workflow" | "visit_locked" | "in_review" | "not_found" | "invalid" | "audit_chain" | "clock_ahead" | "already_exists" | "no_conflict" | "hash_mismatch" | "wrong_key" | "schema_too_new" | "store" | "disk_full" | "locked" | "wrong_passphrase" | "too_many_attempts" | "keyring" | "export" | "invalid_input" | "not_enrolled" | "offline" | "sync" | "not_in_app" | "update_required" | "office_too_old" | "update_refused" | "update_failed" | "unauthorized" | "bad_request" | "wrong_device" | "bad_enrolment_code" | "device_exists" | "device_unconfirmed" | "sequence_gap" | "sequence_taken" | "too_large" | "offset_mismatch" | "blob_missing" | "blob_damaged" | "upload_quota" | "office_disk_full" | "rate_limited" | "unsupported_encoding" | "request_timeout" | "bad_credentials" | "csrf_token" | "http" | "internal" | "unknown";

/**
 * Something a person does in the console.
 */
export type ConsoleAction = "sign_in" | "view_people" | "manage_people" | "view_devices" | "manage_devices" | "view_audit" | "view_health" | "view_reference" | "manage_reference" | "view_review" | "view_tracker" | "view_dashboard" | "download_report" | "manage_settings";

/**
 * Every console error: the code a page words in its language, the office's English
 * message, the field it is about (a form shows it there) and, for a locked account, until
 * when.
 */
export type ConsoleErrorBody = { code: Code, message: string, field?: string, until?: string, };

/**
 * The recommendations tracker on a day, from the office's replica: every recommendation
 * (they go to every team), with the days of the visits in the person's scope.
 */
export type ConsoleTracker = { as_of: string, 
/**
 * The store's `RecommendationTracker` (rows with their history, rates by authority
 * and area): see `ui/src/lib/bindings.ts`.
 */
tracker: RecommendationTracker, };

export type Dashboard = { year: number, as_of: string, 
/**
 * Visits per month of the year, by type and kind of place (only non-zero rows).
 */
visits_by_month: Array<MonthlyVisits>, 
/**
 * Every recommendation held, by its status on `as_of`.
 */
recommendations_by_status: { [key in TrackedStatus]?: number }, 
/**
 * The rate as known at the end of each quarter of the year, over the recommendations
 * made by then (`key` is "2026-Q1"…).
 */
implementation_by_quarter: Array<ImplementationRate>, 
/**
 * Open and overdue recommendations on `as_of`, per authority.
 */
open_by_authority: Array<AuthorityBacklog>, annual_report: AnnualFigures, 
/**
 * What the year's checks on people at risk of reprisal found (the replica's: a
 * team's and its supervisors', never an administrator's).
 */
reprisal_checks: ReprisalCheckCounts, 
/**
 * The authorities' answers overdue or due soon on `as_of`, and their overdue steps.
 */
answers: AnswerCounts, };

export type DashboardQuery = { 
/**
 * This year when absent.
 */
year: number | null, };

/**
 * An enrolled device.
 */
export type DeviceView = { id: string, name: string, user_id: string, user_name: string, enrolled_at: string, revoked_at: string | null, 
/**
 * The last time the device reached the office (to the minute).
 */
last_seen_at: string | null, 
/**
 * The app version the device named then.
 */
app_version: string | null, 
/**
 * Ops the office holds from the device.
 */
last_seq: number, 
/**
 * Its ops the office refused.
 */
rejected: number, 
/**
 * Since the office was restored from a backup (when), the device waits for an
 * administrator's confirmation and is refused until then; null: trusted.
 */
unconfirmed_since: string | null, };

/**
 * A new one-time code, as text, as the enrolment link and as that link's QR code (SVG).
 */
export type EnrolCodeIssued = { code: string, link: string, qr_svg: string, expires_at: string, user_name: string, };

export type EnrolCodeRequest = { user_id: string, 
/**
 * How long the code works, in hours (1 to 168).
 */
hours: number, };

/**
 * Kinds of place where people cannot leave at their own will.
 */
export type FacilityKind = "prison" | "pre_trial_detention" | "police_custody" | "temporary_holding" | "psychiatric_hospital" | "social_care_home" | "migrant_detention" | "juvenile_institution" | "military_detention" | "other";

/**
 * The office's health at a glance.
 */
export type Health = { database_bytes: number, blob_bytes: number, ops: number, rejected_ops: number, active_devices: number, devices_seen_last_day: number, people: number, places: number, visits: number, 
/**
 * When the last backup of this office was made (RFC 3339), and its size; none yet: null.
 */
last_backup_at: string | null, last_backup_bytes: number | null, 
/**
 * When the office was last restored from a backup, and when that backup was made.
 */
restored_at: string | null, restored_from: string | null, 
/**
 * The devices waiting for an administrator's confirmation since that restore.
 */
unconfirmed_devices: Array<UnconfirmedDevice>, };

/**
 * How far the recommendations of one authority (or area) were carried out.
 */
export type ImplementationRate = { key: string, total: number, 
/**
 * Count per status, every status present.
 */
by_status: { [key in TrackedStatus]?: number }, 
/**
 * Implemented among those assessed and still applicable; `None` when there are none.
 */
rate: number | null, };

/**
 * What a later visit found of a recommendation.
 */
export type ImplementationStatus = "not_implemented" | "partially_implemented" | "implemented" | "no_longer_applicable";

/**
 * A file of places (CSV or JSON) or templates (JSON) to import, as the command line's
 * `facility import` and `template import` read it: all of it, or nothing.
 */
export type ImportRequest = { what: ImportWhat, 
/**
 * The file's name: its ending (`.csv`, `.json`) says how to read places.
 */
file_name: string, text: string, };

export type ImportWhat = "places" | "templates";

export type MonthlyVisits = { 
/**
 * "2026-03".
 */
month: string, visit_type: VisitType, place_kind: FacilityKind | null, visits: number, };

/**
 * A person of the office, as the console lists them.
 */
export type Person = { id: string, name: string, email: string, role: Role, team_ids: Array<string>, profession: string, 
/**
 * When the person was retired; they then sign in nowhere.
 */
retired_at: string | null, 
/**
 * Whether the person has a console password.
 */
has_password: boolean, 
/**
 * Devices enrolled and not revoked.
 */
active_devices: number, };

/**
 * A person as created or edited.
 */
export type PersonInput = { name: string, email: string, role: Role, team_ids: Array<string>, profession: string, };

/**
 * A place as an administrator edits it (its position on the map stays as imported).
 */
export type PlaceInput = { name: string, kind: FacilityKind, region: string, address: string, authority: string, capacity: number | null, population: number | null, contact: string, 
/**
 * IANA name (`Asia/Baku`); empty or left out: each device's own zone.
 */
time_zone: string | null, };

/**
 * A place, as the reference-data list shows it.
 */
export type PlaceView = { id: string, name: string, kind: FacilityKind, region: string, address: string, authority: string, capacity: number | null, population: number | null, contact: string, 
/**
 * IANA name (`Asia/Baku`); none: each device's own zone.
 */
time_zone: string | null, };

export type PlannedStep = { step: ActionStep, overdue: boolean, due_soon: boolean, };

export type Priority = "low" | "medium" | "high" | "urgent";

/**
 * One visit waiting for review, with what the supervisor needs to pick it.
 */
export type QueuedVisit = { visit_id: string, status: VisitStatus, visit_type: VisitType, facility_id: string, place_name: string, place_kind: FacilityKind | null, team_id: string, team_name: string, planned_on: string, arrived_at: string | null, departed_at: string | null, 
/**
 * When the team last submitted it (from the audit trail).
 */
submitted_at: string | null, counts: VisitCounts, };

export type Recommendation = { id: string, visit_id: string, facility_id: string, text: string, authority: string, area: Area, priority: Priority, due_on: string | null, 
/**
 * The observations it rests on.
 */
finding_ids: Array<string>, 
/**
 * The authority's position in one word: the latest [`AuthorityAnswer`]'s, which the
 * app sets with it (kept so that older devices and exports read it as before).
 */
response: AuthorityResponse, };

/**
 * What one visit found of one earlier recommendation.
 */
export type RecommendationAssessment = { id: string, recommendation_id: string, 
/**
 * The visit that verified it.
 */
visit_id: string, status: ImplementationStatus, evidence: string, assessed_on: string, };

/**
 * The tracker's screen: the rows and the rates over them.
 */
export type RecommendationTracker = { rows: Array<TrackedRecommendation>, by_authority: Array<ImplementationRate>, by_area: Array<ImplementationRate>, };

export type ReportFormat = "pdf" | "docx";

/**
 * A report download: `GET /console/api/visits/{id}/report?version=&format=&language=`.
 */
export type ReportQuery = { version: ReportVersion, format: ReportFormat, 
/**
 * The report's language: en, az or ru.
 */
language: 'en' | 'az' | 'ru', };

/**
 * The stages of a visit report after approval (issue 17): provisional, sent to the
 * authority for factual comments; the authority's comments received; final; published.
 */
export type ReportStage = "provisional" | "comments" | "final" | "published";

/**
 * Which report of a visit: the public one, or the full one with the interviews annex
 * (only for those who may read the visit's interviews).
 */
export type ReportVersion = "public" | "full";

/**
 * An approved visit whose report the person may download, and the versions they may.
 */
export type ReportableVisit = { 
/**
 * The store's `QueuedVisit` (place, team, days, counts).
 */
visit: QueuedVisit, versions: Array<ReportVersion>, 
/**
 * The report's stages the devices recorded (sent, comments received, published),
 * oldest first.
 */
sent: Array<SentReport>, };

/**
 * What the year's reprisal checks found.
 */
export type ReprisalCheckCounts = { no_sign: number, concern: number, not_found: number, };

export type Role = "inspector" | "lead" | "supervisor" | "admin";

/**
 * A stage of a visit's report as the app recorded it; `kept`: the PDF sent (the public
 * version, as it then was) is kept with it, at `/console/api/report-versions/{id}/pdf`.
 */
export type SentReport = { 
/**
 * The `report_version` record.
 */
id: string, stage: ReportStage, dated_on: string, kept: boolean, };

/**
 * The signed-in person, the session's CSRF token (sent back in `x-csrf-token` with every
 * request that changes something) and what the person may do.
 */
export type Session = { user_id: string, name: string, email: string, role: Role, csrf_token: string, expires_at: string, may: Array<ConsoleAction>, };

/**
 * The settings an administrator saves (both at once, as the form shows them).
 */
export type SettingsInput = { answer_days: number, 
/**
 * None (or absent): devices keep a visit's content.
 */
retention_days: number | null, };

/**
 * The office's settings every device follows, as the console shows them.
 */
export type SettingsView = { 
/**
 * Days the authority has to answer a report, from the day it was first sent.
 */
answer_days: number, 
/**
 * Days after a visit's approval that devices keep its interviews and photos; none:
 * devices keep them.
 */
retention_days: number | null, };

export type SignIn = { email: string, password: string, };

export type TeamInput = { name: string, region: string, };

/**
 * A team with who leads, supervises and works in it (from the people's roles and teams).
 */
export type TeamView = { id: string, name: string, region: string, leads: Array<string>, supervisors: Array<string>, inspectors: Array<string>, };

/**
 * A checklist template version.
 */
export type TemplateView = { id: string, kind: FacilityKind, version: number, title: string, questions: number, };

/**
 * One recommendation in the tracker.
 */
export type TrackedRecommendation = { recommendation: Recommendation, place_name: string, place_kind: FacilityKind | null, 
/**
 * The day of the visit that made it (arrival, else the planned day) when this replica
 * holds that visit, else the day the recommendation was recorded.
 */
made_on: string | null, status: TrackedStatus, 
/**
 * Past its due date on the tracker's day and still open then.
 */
overdue: boolean, 
/**
 * Every assessment, oldest first, whichever visit made it.
 */
history: Array<RecommendationAssessment>, 
/**
 * The authority's answer: when due, where it stands, the answers and their plans.
 */
answer: AnswerFollowUp, };

/**
 * Where a recommendation stands.
 */
export type TrackedStatus = "not_assessed" | "not_implemented" | "partially_implemented" | "implemented" | "no_longer_applicable";

/**
 * What the tracker shows: every criterion absent lets everything through.
 */
export type TrackerQuery = { facility_id: string | null, place_kind: FacilityKind | null, authority: string | null, area: Area | null, status: TrackedStatus | null, priority: Priority | null, overdue_only: boolean | null, answer_overdue_only: boolean | null, };

/**
 * A device refused since a restore until an administrator confirms it.
 */
export type UnconfirmedDevice = { id: string, name: string, user_name: string, };

export type VisitCounts = { 
/**
 * Observations.
 */
findings: number, interviews: number, 
/**
 * Recommendations this visit makes.
 */
new_recommendations: number, 
/**
 * Earlier recommendations this visit assessed.
 */
assessments: number, 
/**
 * Fields of the visit or its records edited concurrently and not yet resolved.
 */
open_conflicts: number, };

export type VisitStatus = "planned" | "in_progress" | "submitted" | "in_review" | "returned" | "approved";

export type VisitType = "regular" | "follow_up" | "ad_hoc" | "thematic";
