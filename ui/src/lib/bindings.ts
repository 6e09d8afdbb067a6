// Generated from the Rust types by `VIGIL_WRITE_BINDINGS=1 cargo test -p vigil-app bindings`;
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
 * A correction to an approved (locked) visit: what is corrected and why, on the visit
 * or one of its records. The approved content stays as it was (its hash still
 * matches); amendments are kept beside it, never edited or deleted, and shown as such.
 */
export type Amendment = { id: string, visit_id: string, target_entity: Entity | null, target_id: string | null, body: string, author_id: string, made_at: string, };

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
 * What the answer form sends for one recommendation.
 */
export type AnswerInput = { recommendation_id: string, received_on: string, position: AuthorityResponse, text: string, letter: LetterFile | null, steps: Array<StepInput>, };

/**
 * Where the authority's answer to one recommendation stands on a day.
 */
export type AnswerState = "not_sent" | "waiting" | "due_soon" | "overdue" | "answered";

/**
 * What a checklist question expects as its answer.
 */
export type AnswerType = { "type": "yes_no" } | { "type": "number", unit: string | null, } | { "type": "choice", options: Array<string>, } | { "type": "text" } | { "type": "photo" } | { "type": "measurement", unit: string, };

/**
 * An answer given on site.
 */
export type AnswerValue = { "type": "yes_no", "value": YesNoUnknown } | { "type": "number", "value": number } | { "type": "choice", "value": string } | { "type": "text", "value": string } | { "type": "photo", "value": Array<string> } | { "type": "measurement", "value": { value: number, unit: string, } };

export type AnswerWithPlan = { answer: AuthorityAnswer, 
/**
 * By due day.
 */
steps: Array<PlannedStep>, };

/**
 * Any record, tagged with its entity.
 */
export type AnyRecord = { "entity": "facility", "record": Facility } | { "entity": "team", "record": Team } | { "entity": "user", "record": User } | { "entity": "checklist_template", "record": ChecklistTemplate } | { "entity": "visit", "record": Visit } | { "entity": "visit_member", "record": VisitMember } | { "entity": "checklist_answer", "record": ChecklistAnswer } | { "entity": "observation", "record": Observation } | { "entity": "interview", "record": Interview } | { "entity": "register_check", "record": RegisterCheck } | { "entity": "recommendation", "record": Recommendation } | { "entity": "recommendation_assessment", "record": RecommendationAssessment } | { "entity": "attachment", "record": Attachment } | { "entity": "review_comment", "record": ReviewComment } | { "entity": "amendment", "record": Amendment } | { "entity": "reprisal_check", "record": ReprisalCheck } | { "entity": "office_setting", "record": OfficeSetting } | { "entity": "report_version", "record": ReportVersion } | { "entity": "authority_answer", "record": AuthorityAnswer } | { "entity": "action_step", "record": ActionStep } | { "entity": "debrief", "record": Debrief } | { "entity": "audit_event", "record": AuditEvent };

/**
 * The six areas of the Association for the Prevention of Torture's monitoring method.
 */
export type Area = "treatment" | "protection_measures" | "material_conditions" | "regime_activities" | "health_care" | "personnel";

/**
 * Questions of one area still without an answer.
 */
export type AreaGap = { area: Area, unanswered: number, total: number, };

/**
 * A photo or document; the bytes live apart, addressed by their SHA-256.
 */
export type Attachment = { id: string, visit_id: string, sha256: string, mime: string, size: number, file_name: string, };

/**
 * An attachment whose photo or document this device could not send, and why.
 */
export type AttachmentSetAside = { attachment_id: string, 
/**
 * `blob_missing` (the file is gone) or `blob_damaged`.
 */
code: Code, };

/**
 * Who did what, from which device, when. Each device's events form a hash chain
 * (see [`crate::audit`]): an event removed or changed later shows.
 */
export type AuditEvent = { id: string, 
/**
 * 1, 2, 3… per device.
 */
seq: number, at: string, actor_id: string, device_id: string, action: string, target_entity: Entity | null, target_id: string | null, details: string, 
/**
 * The hash of the device's previous event ([`crate::audit::GENESIS`] for the first).
 */
prev_hash: string, 
/**
 * SHA-256 over this event's content and `prev_hash`.
 */
hash: string, };

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

export type ChangeView = { 
/**
 * Named on screen by the UI, in the person's language.
 */
field: string, value: JsonValue, };

export type ChecklistAnswer = { id: string, visit_id: string, question_key: string, value: AnswerValue, note: string, };

export type ChecklistInfo = { id: string, 
/**
 * In the checklist's own language, `language`.
 */
title: string, language: string, 
/**
 * The title in the checklist's other languages, by language.
 */
titles: { [key in string]: string }, version: number, question_count: number, };

/**
 * One APT area of a checklist.
 */
export type ChecklistSection = { area: Area, questions: Array<Question>, };

/**
 * A versioned checklist for one kind of place, by APT area. Published templates are
 * never edited: a change is a new version.
 */
export type ChecklistTemplate = { id: string, kind: FacilityKind, version: number, title: string, sections: Array<ChecklistSection>, 
/**
 * The language the title and questions are written in (`en` for a template
 * written before translations).
 */
language: string, 
/**
 * The template's words in other languages, by language ([`TemplateTranslation`]).
 */
translations: { [key in string]: TemplateTranslation }, };

/**
 * What went wrong, as a program branches on it.
 */
export type Code = "forbidden" | "workflow" | "visit_locked" | "in_review" | "not_found" | "invalid" | "audit_chain" | "clock_ahead" | "already_exists" | "no_conflict" | "hash_mismatch" | "wrong_key" | "schema_too_new" | "store" | "disk_full" | "locked" | "wrong_passphrase" | "too_many_attempts" | "keyring" | "export" | "invalid_input" | "not_enrolled" | "offline" | "sync" | "not_in_app" | "update_required" | "office_too_old" | "update_refused" | "update_failed" | "unauthorized" | "bad_request" | "wrong_device" | "bad_enrolment_code" | "device_exists" | "device_unconfirmed" | "sequence_gap" | "sequence_taken" | "too_large" | "offset_mismatch" | "blob_missing" | "blob_damaged" | "upload_quota" | "office_disk_full" | "rate_limited" | "unsupported_encoding" | "request_timeout" | "bad_credentials" | "csrf_token" | "http" | "internal" | "unknown";

/**
 * One comment that starts a thread, with its answers (answers to answers included),
 * oldest first.
 */
export type CommentThread = { comment: Dated<ReviewComment>, 
/**
 * The record the comment is about (`None`: the whole visit, or a record since deleted).
 */
target: AnyRecord | null, replies: Array<Dated<ReviewComment>>, };

/**
 * One field in conflict as the screen shows it.
 */
export type ConflictView = { entity: Entity, entity_id: string, field: string, 
/**
 * What tells the record apart ([`record_text`]); the UI names its kind and field.
 */
record_text: string | null, 
/**
 * A free-text field: the screen offers to merge the values.
 */
text: boolean, 
/**
 * The value shown now first, then the values that lost to it.
 */
values: Array<VersionView>, };

/**
 * The places of one kind not visited since the day asked, longest waiting first.
 */
export type CoverageGroup = { kind: FacilityKind, 
/**
 * How many places of this kind there are.
 */
places: number, not_visited: Array<UncoveredPlace>, };

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

/**
 * A record with the time its creating op was made.
 */
export type Dated<T> = { at: string | null, } & T;

/**
 * The end-of-visit talk with the head of the place (or whoever stands in): who took
 * part, when, the points the team raised and the urgent concerns it handed over on the
 * spot (a person needing a doctor at once, say). Goes where its visit goes.
 */
export type Debrief = { id: string, visit_id: string, held_at: string, 
/**
 * For the place: names and posts, as said.
 */
facility_participants: string, 
/**
 * For the team.
 */
team_participants: string, points_raised: string, 
/**
 * Concerns handed over for action at once; empty if none.
 */
immediate_concerns: string, };

export type Detail = { "kind": "invalid", entity: Entity, field: string, rule: Rule, } | { "kind": "role_may_not", role: Role, entity: Entity, } | { "kind": "not_in_team" } | { "kind": "not_author" } | { "kind": "locked" } | { "kind": "in_review", status: VisitStatus, } | { "kind": "no_such_visit" } | { "kind": "out_of_turn", status: VisitStatus, } | { "kind": "no_such_move", from: VisitStatus, to: VisitStatus, } | { "kind": "move_not_for_role", from: VisitStatus, to: VisitStatus, role: Role, };

/**
 * The kind of a record; its name is also the table's and the wire's.
 */
export type Entity = "facility" | "team" | "user" | "checklist_template" | "visit" | "visit_member" | "checklist_answer" | "observation" | "interview" | "register_check" | "recommendation" | "recommendation_assessment" | "attachment" | "review_comment" | "amendment" | "reprisal_check" | "office_setting" | "report_version" | "authority_answer" | "action_step" | "debrief" | "audit_event";

/**
 * An error as the UI gets it: the `AppError` code it branches on, and the words.
 */
export type ErrorInfo = { code: Code, message: string, 
/**
 * What went wrong with the office, for the UI to word in the person's language.
 */
trouble?: Trouble, };

/**
 * A file an export wrote.
 */
export type ExportedFile = { path: string, bytes: number, };

/**
 * A place where people are, or may be, deprived of their liberty.
 */
export type Facility = { id: string, name: string, kind: FacilityKind, region: string, address: string, latitude: number | null, longitude: number | null, 
/**
 * The ministry or agency responsible for the place.
 */
authority: string, capacity: number | null, population: number | null, contact: string, 
/**
 * Its IANA time zone (`Asia/Baku`): visit times are shown and reported in it. None:
 * the device's own zone, said as such.
 */
time_zone: string | null, };

/**
 * Kinds of place where people cannot leave at their own will.
 */
export type FacilityKind = "prison" | "pre_trial_detention" | "police_custody" | "temporary_holding" | "psychiatric_hospital" | "social_care_home" | "migrant_detention" | "juvenile_institution" | "military_detention" | "other";

/**
 * An earlier recommendation of the place, as this visit follows it up.
 */
export type FollowUp = { recommendation: Recommendation, 
/**
 * The newest assessment made by another visit.
 */
earlier_assessment: RecommendationAssessment | null, 
/**
 * The assessment made on this visit, if any.
 */
this_visit: RecommendationAssessment | null, overdue: boolean, };

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
 * A private interview with a person deprived of liberty. Always confidential: the
 * person is known only by a pseudonymous code, never in a report.
 */
export type Interview = { id: string, visit_id: string, pseudonym: string, group_interview: boolean, consent_to_use: boolean, consent_to_quote: boolean, consent_to_refer: boolean, 
/**
 * Language of the interpreter, if one was used.
 */
interpreter: string | null, 
/**
 * Reminds the next visit to check on the person.
 */
reprisal_risk: boolean, content: string, };

export type JsonValue = number | string | boolean | Array<JsonValue> | { [key in string]: JsonValue } | null;

/**
 * The last visit carried out at the place and what it found.
 */
export type LastVisit = { visit: Visit, 
/**
 * Its findings, most severe first.
 */
findings: Array<Observation>, };

/**
 * The authority's letter as the file picker gives it (a scan as PDF, or a photo).
 */
export type LetterFile = { file_name: string, mime: string, bytes: Array<number>, };

export type LockState = "setup" | "locked" | "unlocked";

/**
 * What the lock screen and the settings panel show.
 */
export type LockStatus = { state: LockState, min_passphrase_chars: number, auto_lock_minutes: number, 
/**
 * The OS keyring keeps the key: the app opens at start without the passphrase.
 */
remembered: boolean, };

/**
 * What the team panel sends for one person.
 */
export type MemberChoice = { user_id: string, on_visit: boolean, areas: Array<Area>, };

/**
 * What is still missing before the visit is handed in. Nothing here stops a lead from
 * submitting (a question may not apply to this place): it is a reminder.
 */
export type Missing = { unanswered: Array<AreaGap>, 
/**
 * Open recommendations of the place this visit has not assessed.
 */
unassessed_recommendations: Array<string>, departure_missing: boolean, };

export type MonthlyVisits = { 
/**
 * "2026-03".
 */
month: string, visit_type: VisitType, place_kind: FacilityKind | null, visits: number, };

/**
 * What the amendment form sends: a correction to an approved visit, kept beside it.
 */
export type NewAmendment = { visit_id: string, target_entity: Entity | null, target_id: string | null, body: string, };

/**
 * What the file picker sends.
 */
export type NewAttachment = { observation_id: string, file_name: string, mime: string, bytes: Array<number>, };

/**
 * What the comment form sends: on the whole visit, or on one of its records, or an
 * answer to an earlier comment.
 */
export type NewComment = { visit_id: string, target_entity: Entity | null, target_id: string | null, reply_to: string | null, body: string, };

/**
 * A finding, with its evidence.
 */
export type Observation = { id: string, visit_id: string, area: Area, severity: Severity, text: string, attachment_ids: Array<string>, 
/**
 * Kept out of every report (internal note).
 */
confidential: boolean, };

/**
 * An enrolment link the app was opened with (`vigil://enrol?…`, clicked in a message or
 * read from the console's QR code by the system): it fills the connect step, and is used
 * only when the person taps "Enrol", so a link from a stranger cannot enrol the device
 * with another office by itself.
 */
export type OfferedEnrolment = { "kind": "link", office: string, code: string, } | { "kind": "unreadable", text: string, field: string, rule: Rule, };

/**
 * One setting of the whole office ([`crate::settings`]): reference data, set by
 * administrators, received by every device. One record per key, its id derived from
 * the key ([`OfficeSetting::id_of`]), so two offices setting it meet on one record.
 */
export type OfficeSetting = { id: string, key: string, value: number, };

/**
 * A recommendation not yet implemented, with what the last visit found of it.
 */
export type OpenRecommendation = { recommendation: Recommendation, last_assessment: RecommendationAssessment | null, overdue: boolean, 
/**
 * The authority's answer and its action plan, as the tracker shows them today.
 */
answer: AnswerFollowUp, };

/**
 * A visit still in the team's hands, for the home screen's "in progress on this device".
 */
export type OpenVisit = { visit_id: string, facility_id: string, place_name: string, status: VisitStatus, planned_on: string, arrived_at: string | null, };

/**
 * A person to check on: an interview flagged at risk, without its content.
 */
export type PersonToCheck = { interview_id: string, 
/**
 * The interview's pseudonymous code.
 */
pseudonym: string, 
/**
 * The visit that interviewed the person, its day and its team.
 */
visit_id: string, interviewed_on: string, team_id: string, team_name: string, 
/**
 * The checks made on the person so far, oldest first.
 */
checks: Array<ReprisalCheck>, };

export type Phase = "uploading" | "pushing" | "pulling";

/**
 * A place as its page shows it.
 */
export type PlaceDetail = { facility: Facility, 
/**
 * The visits this device holds of the place, newest first.
 */
visits: Array<Visit>, open_recommendations: Array<OpenRecommendation>, 
/**
 * Findings of the visits this device holds, most severe first (at most [`PLACE_FINDINGS`]).
 */
findings: Array<Observation>, 
/**
 * The checklist a visit planned now would use; none when the device holds none
 * for this kind of place yet.
 */
checklist: ChecklistInfo | null, 
/**
 * People earlier interviews here flagged at risk of reprisal, whom this user may know
 * of: code, day and team, never what they said.
 */
people_to_check: Array<PersonToCheck>, 
/**
 * The last visit handed in, with its findings ("before you go").
 */
last_visit: LastVisit | null, };

/**
 * A place in the list: who runs it, when it was last visited, what is still open.
 */
export type PlaceSummary = { facility_id: string, name: string, kind: FacilityKind, region: string, authority: string, capacity: number | null, population: number | null, 
/**
 * The last visit this replica holds: of the teams the device syncs (another team's
 * visits stay with that team), while recommendations come from every team's visits.
 */
last_visit_on: string | null, open_recommendations: number, overdue_recommendations: number, };

export type PlannedStep = { step: ActionStep, overdue: boolean, due_soon: boolean, };

export type Priority = "low" | "medium" | "high" | "urgent";

/**
 * A visit whose interviews and photos this device removed.
 */
export type PurgedVisit = { visit_id: string, facility_name: string, planned_on: string, approved_at: string, purged_at: string, 
/**
 * Interviews whose content was removed.
 */
interviews: number, 
/**
 * Photo and document files removed.
 */
blobs: number, };

export type Question = { 
/**
 * Stable across template versions, so answers can be compared between visits.
 */
key: string, text: string, answer: AnswerType, 
/**
 * The standard it checks, e.g. "Nelson Mandela Rules, r. 13".
 */
standard: string | null, };

/**
 * One question's words in one language; a part left out stays in the source language.
 */
export type QuestionTranslation = { text: string | null, 
/**
 * The labels of a choice question's options, in the options' order.
 */
options: Array<string> | null, unit: string | null, standard: string | null, };

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
 * What to show; every criterion left `None` (or `false`) lets everything through.
 */
export type RecommendationFilter = { facility_id: string | null, place_kind: FacilityKind | null, authority: string | null, area: Area | null, status: TrackedStatus | null, priority: Priority | null, 
/**
 * Only those overdue on the tracker's day.
 */
overdue_only: boolean, 
/**
 * Only those whose authority's answer is past its deadline on the tracker's day.
 */
answer_overdue_only: boolean, };

/**
 * The tracker's screen: the rows and the rates over them.
 */
export type RecommendationTracker = { rows: Array<TrackedRecommendation>, by_authority: Array<ImplementationRate>, by_area: Array<ImplementationRate>, };

/**
 * A sample of a register checked against reality.
 */
export type RegisterCheck = { id: string, visit_id: string, register: string, sample_size: number, discrepancies: number, notes: string, };

/**
 * A local change the central office refused, as the screen shows it.
 */
export type RejectedView = { op_id: string, entity: Entity, entity_id: string, 
/**
 * What tells the record apart ([`record_text`]); the UI names its kind.
 */
record_text: string | null, changes: Array<ChangeView>, code: Code, 
/**
 * The central office's words (English, for support).
 */
reason: string, 
/**
 * What the refusal is about, as parameters the UI words in the person's language.
 */
detail: Detail | null, 
/**
 * When the change was made on this device.
 */
made_at: string | null, 
/**
 * When the central office refused it, as it said.
 */
refused_at: string, };

/**
 * One thing overdue or due soon, about one recommendation.
 */
export type Reminder = { kind: ReminderKind, due_on: string, recommendation_id: string, recommendation_text: string, authority: string, place_name: string, visit_id: string, 
/**
 * The step's text, for a step.
 */
step: string | null, };

/**
 * What a supervisor is reminded of.
 */
export type ReminderKind = "answer_overdue" | "step_overdue" | "answer_due_soon" | "step_due_soon";

/**
 * Who a report or export is for.
 */
export type ReportAudience = "internal" | "public";

/**
 * The visit report as a PDF to send, or a Word document to redraft.
 */
export type ReportFormat = "pdf" | "docx";

/**
 * The language the UI shows, in which the report is written.
 */
export type ReportLanguage = "en" | "az" | "ru";

/**
 * The NPM as this device's reports name it (`null`s when none is set).
 */
export type ReportOffice = { name: string | null, 
/**
 * The logo as a `data:` URL, to show beside the form.
 */
logo: string | null, };

/**
 * The stages of a visit report after approval (issue 17): provisional, sent to the
 * authority for factual comments; the authority's comments received; final; published.
 */
export type ReportStage = "provisional" | "comments" | "final" | "published";

/**
 * The report of a visit sent to the authority (or its comments received…) on a day.
 */
export type ReportStageInput = { visit_id: string, stage: ReportStage, dated_on: string, note: string, 
/**
 * The language of the PDF kept with a report sent or published (the UI's).
 */
language: ReportLanguage, };

/**
 * The visit's report at one stage of its life: sent to the authority as provisional,
 * its factual comments received, final, published. The authority's answer is due
 * [`crate::settings::OfficeSettings::answer_days`] after the report is first sent.
 * Recorded after approval, beside the locked content; every device receives it.
 */
export type ReportVersion = { id: string, visit_id: string, stage: ReportStage, 
/**
 * The day it was sent, received or published.
 */
dated_on: string, note: string, 
/**
 * The report's PDF as it was at this stage (an attachment of the visit).
 */
attachment_id: string | null, };

/**
 * A later visit's check on a person an earlier interview flagged at risk of reprisal
 * (`Interview::reprisal_risk`). Names the interview, never repeats its content; goes
 * where interviews go (the team, never an administrator).
 */
export type ReprisalCheck = { id: string, 
/**
 * The visit that checked.
 */
visit_id: string, 
/**
 * The earlier interview that flagged the person.
 */
interview_id: string, outcome: ReprisalOutcome, checked_on: string, note: string, 
/**
 * The finding a concern became, made with it (none for any other outcome).
 */
observation_id: string | null, };

/**
 * What the year's reprisal checks found.
 */
export type ReprisalCheckCounts = { no_sign: number, concern: number, not_found: number, };

/**
 * What the "people to check on" form sends for one person.
 */
export type ReprisalCheckInput = { visit_id: string, interview_id: string, outcome: ReprisalOutcome, checked_on: string, note: string, 
/**
 * The language the UI shows: a concern's finding is worded in it.
 */
language: ReportLanguage, };

/**
 * What a later visit found of a person an earlier interview flagged at risk of
 * reprisal: seen with no sign of reprisal; a concern (it becomes a finding of its own);
 * or not found (released, transferred, or not shown to the team).
 */
export type ReprisalOutcome = "no_sign" | "concern" | "not_found";

/**
 * The office's period as this device knows it, and the visits removed from it.
 */
export type RetentionStatus = { 
/**
 * Days after approval; none while the office sets no period (everything is kept).
 */
days: number | null, purged: Array<PurgedVisit>, };

/**
 * A supervisor's comment on a visit or on one of its records, or the team's answer.
 */
export type ReviewComment = { id: string, visit_id: string, target_entity: Entity | null, target_id: string | null, reply_to: string | null, body: string, author_id: string, };

export type Role = "inspector" | "lead" | "supervisor" | "admin";

/**
 * The rule a field breaks: its name crosses to the UI, which words it in the person's
 * language; `Display` is the English the logs and the office's answers carry.
 */
export type Rule = "not_empty" | "not_negative" | "sensible_day" | "latitude" | "longitude" | "email" | "needs_team" | "needs_arrival" | "not_before_arrival" | "not_before_access" | "needs_theme" | "repeated_area" | "finite_number" | "pseudonym" | "needs_consent_to_use" | "above_sample" | "sha256" | "media_type" | "above_zero" | "one_or_more" | "target_pair" | "content_target" | "hash_mismatch" | "no_area" | "question_key" | "unique_keys" | "question_text" | "choice_options" | "not_in_checklist" | "wrong_answer_kind" | "web_address" | "https" | "enrol_link" | "unknown_language" | "translated_options" | "translated_unit" | "too_long" | "concern_finding" | "time_zone" | "setting_value" | "answer_position" | "not_in_future";

export type SetAsideAttachment = { id: string, visit_id: string, file_name: string, };

/**
 * A photo or document this device could not send, and why (see the module's notes).
 */
export type SetAsideBlob = { sha256: string, 
/**
 * `blob_missing` (the file is gone) or `blob_damaged`.
 */
code: Code, reason: string, at: string, 
/**
 * The attachments that name it.
 */
attachments: Array<SetAsideAttachment>, };

/**
 * How serious a finding is; `GoodPractice` marks what the report should praise.
 */
export type Severity = "good_practice" | "low" | "medium" | "high" | "urgent";

/**
 * The start's moments, in milliseconds since the Unix epoch, as `performance.timeOrigin`
 * counts them.
 */
export type StartupTimes = { main_began_ms: number, setup_began_ms: number | null, 
/**
 * When the store began to open and was open: none while the device waits for its
 * passphrase on the lock screen.
 */
store_open_began_ms: number | null, store_opened_ms: number | null, setup_ended_ms: number | null, };

/**
 * One step of the plan, as the form sends it.
 */
export type StepInput = { text: string, due_on: string, };

/**
 * Why a user cannot submit a visit now; the UI words each in its language.
 */
export type SubmitRefusal = "not_enrolled" | "not_started" | "handed_in" | "lead_only";

/**
 * How far the running sync is: local changes sent of those waiting, then changes received.
 */
export type SyncProgress = { phase: Phase, 
/**
 * Bytes of photos and documents sent, of those to send.
 */
sent_bytes: number, total_bytes: number, sent: number, total: number, received: number, };

export type SyncState = "not_enrolled" | "offline" | "syncing" | "synced" | "error";

/**
 * What the badge and the sync panel show.
 */
export type SyncStatus = { enrolled: boolean, server_url: string | null, state: SyncState, last_synced_at: string | null, progress: SyncProgress | null, 
/**
 * Local changes the central office does not have yet.
 */
outbox: number, conflicts: number, rejected: number, 
/**
 * Photos and documents set aside: their file is gone or damaged on this device.
 */
blobs_set_aside: number, error: ErrorInfo | null, 
/**
 * A newer version of the app that the office offers.
 */
update: UpdateOffer | null, 
/**
 * This app's version, as packaged.
 */
app_version: string, };

export type TableFormat = "csv" | "json";

/**
 * A monitoring team of the NPM.
 */
export type Team = { id: string, name: string, region: string, };

/**
 * One user of the visit's team, and their part in this visit.
 */
export type TeamMember = { user_id: string, name: string, role: Role, profession: string, on_visit: boolean, 
/**
 * The areas this person covers on the visit (empty: none chosen yet).
 */
areas: Array<Area>, };

/**
 * A template's words in one language other than its source.
 */
export type TemplateTranslation = { title: string | null, 
/**
 * By question key.
 */
questions: { [key in string]: QuestionTranslation }, };

/**
 * A moment of the visit recorded with a tap.
 */
export type TimeMark = "arrived" | "access_granted" | "departed";

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
 * The tracker's answer with the day it was counted on (overdue is as of that day).
 */
export type TrackerView = { as_of: string, tracker: RecommendationTracker, 
/**
 * Whether this user records the authority's answers and marks steps done
 * (`access::may_record_authority_answer`).
 */
may_record_answers: boolean, };

export type Trouble = { "kind": "no_answer", address: string, } | { "kind": "certificate", address: string, } | { "kind": "timed_out", address: string, } | { "kind": "cut" } | { "kind": "office_answered", status: number, code: Code, } | { "kind": "bad_reply" } | { "kind": "redirected", location: string, } | { "kind": "sequence_gap", expected: number, } | { "kind": "sequence_taken", expected: number, taken: number, } | { "kind": "versions", app: number, office: number, oldest: number, };

/**
 * A place not visited since the day asked, with its last visit (none: never) and the
 * next visit planned there, if any.
 */
export type UncoveredPlace = { facility_id: string, name: string, region: string, last_visit_on: string | null, next_planned_on: string | null, };

/**
 * What the UI shows of a version on offer.
 */
export type UpdateOffer = { version: string, 
/**
 * The bundle's size in bytes, downloaded on consent.
 */
size: number, };

export type User = { id: string, name: string, email: string, role: Role, 
/**
 * Teams the user works in (inspector, lead) or supervises (supervisor).
 */
team_ids: Array<string>, 
/**
 * Profession on visits: lawyer, doctor, psychologist, interpreter…
 */
profession: string, };

/**
 * One competing value: what it is, who wrote it, when.
 */
export type VersionView = { value: JsonValue, 
/**
 * The author's name when this device holds their user record.
 */
author: string | null, at: string | null, 
/**
 * The value the record shows until someone chooses.
 */
shown: boolean, };

export type Visit = { id: string, facility_id: string, team_id: string, template_id: string, visit_type: VisitType, unannounced: boolean, status: VisitStatus, 
/**
 * First day of the visit as planned.
 */
planned_on: string, arrived_at: string | null, 
/**
 * When the team was let in; a delay after arrival is itself a finding.
 */
access_granted_at: string | null, departed_at: string | null, 
/**
 * For thematic visits: the subject across places.
 */
theme: string | null, 
/**
 * "No names" mode: identity fields are hidden and refused for this visit.
 */
no_names: boolean, summary: string, };

/**
 * A visit with everything recorded on it.
 */
export type VisitBundle = { visit: Visit, members: Array<VisitMember>, answers: Array<ChecklistAnswer>, observations: Array<Observation>, interviews: Array<Interview>, register_checks: Array<RegisterCheck>, recommendations: Array<Recommendation>, assessments: Array<RecommendationAssessment>, attachments: Array<Attachment>, comments: Array<ReviewComment>, 
/**
 * Corrections made after approval, oldest first; not part of the approved content.
 */
amendments: Array<Amendment>, 
/**
 * Its checks on people earlier interviews flagged at risk of reprisal.
 */
reprisal_checks: Array<ReprisalCheck>, 
/**
 * The end-of-visit talks with the head of the place, earliest first.
 */
debriefs: Array<Debrief>, };

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

/**
 * A visit as its screen shows it: everything recorded, the checklist it follows, and
 * whether this device's user may still edit it.
 */
export type VisitDetail = { bundle: VisitBundle, template: ChecklistTemplate | null, facility: Facility | null, editable: boolean, 
/**
 * Minutes between arrival and access (a delay is itself a finding).
 */
access_delay_minutes: number | null, 
/**
 * The place's earlier recommendations this visit follows up.
 */
follow_ups: Array<FollowUp>, 
/**
 * What is still missing before the visit is handed in.
 */
missing: Missing, 
/**
 * The role of this device's user (none: not enrolled).
 */
role: Role | null, 
/**
 * Why this user cannot submit the visit for review now; none when they can.
 */
submit_refusal: SubmitRefusal | null, 
/**
 * The review's comments, each with the team's answers.
 */
threads: Array<CommentThread>, 
/**
 * Where this user may move the visit from here (the review's buttons).
 */
next_statuses: Array<VisitStatus>, 
/**
 * Whether the content still matches the hash recorded at approval.
 */
integrity: VisitIntegrity, 
/**
 * The visit's team: who is on the visit and which areas each covers.
 */
team: Array<TeamMember>, 
/**
 * Its attachments whose file is gone or damaged on this device (set aside by sync).
 */
attachments_set_aside: Array<AttachmentSetAside>, 
/**
 * People earlier visits here flagged at risk of reprisal, for this visit to check on.
 */
people_to_check: Array<PersonToCheck>, 
/**
 * The report's stages after approval (sent to the authority…), oldest first.
 */
report_versions: Array<ReportVersion>, 
/**
 * Whether this user records the report's stages and the authority's answers
 * (`access::may_record_authority_answer`); the visit must be approved as well.
 */
may_record_answers: boolean, };

/**
 * What the visit's own form changes: the summary for the report, the "no names" mode.
 * A field left out stays as it is.
 */
export type VisitEdit = { summary: string | null, no_names: boolean | null, };

/**
 * Whether a visit's content is still what was approved.
 */
export type VisitIntegrity = { 
/**
 * The content hash recorded when the visit was last approved, if it was.
 */
approved: string | null, current: string, 
/**
 * Corrections recorded since approval (they leave the approved content as it was).
 */
amendments: number, };

/**
 * One monitor on one visit and the areas they cover.
 */
export type VisitMember = { id: string, visit_id: string, user_id: string, areas: Array<Area>, };

/**
 * What the plan-a-visit form sends.
 */
export type VisitPlan = { facility_id: string, visit_type: VisitType, unannounced: boolean, planned_on: string, theme: string | null, 
/**
 * Start the visit now (`in_progress`) instead of planning it.
 */
start_now: boolean, 
/**
 * "No names" mode: the screens hide every field that could name a person.
 */
no_names: boolean, };

export type VisitStatus = "planned" | "in_progress" | "submitted" | "in_review" | "returned" | "approved";

export type VisitType = "regular" | "follow_up" | "ad_hoc" | "thematic";

/**
 * A part the wipe could not remove, and why.
 */
export type WipeFailure = { part: WipePart, message: string, };

/**
 * One part of what a device keeps. The app wipes the last two itself (they are not in
 * the data directory).
 */
export type WipePart = "vault" | "store" | "blobs" | "other_files" | "keyring" | "exports";

/**
 * What a quick wipe did.
 */
export type WipeReport = { 
/**
 * Removed, or there was nothing of it.
 */
removed: Array<WipePart>, 
/**
 * Still on the device.
 */
failed: Array<WipeFailure>, };

/**
 * What the quick wipe removed and what it could not, and the state it left the device in
 * (`setup` unless the vault is still there).
 */
export type Wiped = { lock: LockStatus, report: WipeReport, };

export type YesNoUnknown = "yes" | "no" | "unknown";

/** Every `Code`. */
export const CODES: readonly Code[] = ['forbidden', 'workflow', 'visit_locked', 'in_review', 'not_found', 'invalid', 'audit_chain', 'clock_ahead', 'already_exists', 'no_conflict', 'hash_mismatch', 'wrong_key', 'schema_too_new', 'store', 'disk_full', 'locked', 'wrong_passphrase', 'too_many_attempts', 'keyring', 'export', 'invalid_input', 'not_enrolled', 'offline', 'sync', 'not_in_app', 'update_required', 'office_too_old', 'update_refused', 'update_failed', 'unauthorized', 'bad_request', 'wrong_device', 'bad_enrolment_code', 'device_exists', 'device_unconfirmed', 'sequence_gap', 'sequence_taken', 'too_large', 'offset_mismatch', 'blob_missing', 'blob_damaged', 'upload_quota', 'office_disk_full', 'rate_limited', 'unsupported_encoding', 'request_timeout', 'bad_credentials', 'csrf_token', 'http', 'internal', 'unknown'];

/** Every `Rule`. */
export const RULES: readonly Rule[] = ['not_empty', 'not_negative', 'sensible_day', 'latitude', 'longitude', 'email', 'needs_team', 'needs_arrival', 'not_before_arrival', 'not_before_access', 'needs_theme', 'repeated_area', 'finite_number', 'pseudonym', 'needs_consent_to_use', 'above_sample', 'sha256', 'media_type', 'above_zero', 'one_or_more', 'target_pair', 'content_target', 'hash_mismatch', 'no_area', 'question_key', 'unique_keys', 'question_text', 'choice_options', 'not_in_checklist', 'wrong_answer_kind', 'web_address', 'https', 'enrol_link', 'unknown_language', 'translated_options', 'translated_unit', 'too_long', 'concern_finding', 'time_zone', 'setting_value', 'answer_position', 'not_in_future'];
