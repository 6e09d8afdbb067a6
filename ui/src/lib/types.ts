// Hand-written mirrors of the Rust types the commands return. A later issue
// generates this file from the Rust types (ts-rs or specta), with a CI check that
// it is current; until then, keep it in step with `vigil_store::PlaceSummary` and
// `vigil_core::records::FacilityKind` by hand.

/** Kinds of place where people cannot leave at their own will (snake_case, as serde writes them). */
export type FacilityKind =
  | 'prison'
  | 'pre_trial_detention'
  | 'police_custody'
  | 'temporary_holding'
  | 'psychiatric_hospital'
  | 'social_care_home'
  | 'migrant_detention'
  | 'juvenile_institution'
  | 'military_detention'
  | 'other';

/** One place (facility) as the Places screen lists it: `vigil_store::PlaceSummary`. */
export interface PlaceSummary {
  /** UUID. */
  facility_id: string;
  name: string;
  kind: FacilityKind;
  region: string;
  authority: string;
  capacity: number | null;
  population: number | null;
  /** ISO date `YYYY-MM-DD` (chrono::NaiveDate), or null when never visited. */
  last_visit_on: string | null;
  open_recommendations: number;
  overdue_recommendations: number;
}

/** What sync is doing: `vigil_app::sync::SyncState`. */
export type SyncStateName = 'not_enrolled' | 'offline' | 'syncing' | 'synced' | 'error';

/** How far a running sync is: `vigil_app::sync::SyncProgress`. */
export interface SyncProgress {
  phase: 'uploading' | 'pushing' | 'pulling';
  /** Bytes of photos and documents sent so far, of `total_bytes`. */
  sent_bytes: number;
  total_bytes: number;
  /** Local changes sent so far, of `total` waiting when the sync began. */
  sent: number;
  total: number;
  /** Changes received from the central office so far. */
  received: number;
}

/** The device's sync as the badge and panel show it: `vigil_app::sync::SyncStatus`. */
export interface SyncStatus {
  enrolled: boolean;
  server_url: string | null;
  state: SyncStateName;
  /** RFC 3339 (UTC) of the last sync that finished, or null. */
  last_synced_at: string | null;
  progress: SyncProgress | null;
  /** Local changes the central office does not have yet. */
  outbox: number;
  conflicts: number;
  rejected: number;
  /** The last failure, as `{code, message}` (the codes of `ErrorCode` in ipc.ts). */
  error: { code: string; message: string } | null;
}

// ---- The inspector's screens (hand-written mirrors too: `vigil_core::records`,
// `vigil_store::{VisitBundle, OpenRecommendation}`, `vigil_app::inspection`).

export type Area =
  | 'treatment'
  | 'protection_measures'
  | 'material_conditions'
  | 'regime_activities'
  | 'health_care'
  | 'personnel';

export type VisitType = 'regular' | 'follow_up' | 'ad_hoc' | 'thematic';

export type VisitStatus = 'planned' | 'in_progress' | 'submitted' | 'in_review' | 'returned' | 'approved';

export type Role = 'inspector' | 'lead' | 'supervisor' | 'admin';

/** `vigil_core::records::Facility`. */
export interface Facility {
  id: string;
  name: string;
  kind: FacilityKind;
  region: string;
  address: string;
  latitude: number | null;
  longitude: number | null;
  authority: string;
  capacity: number | null;
  population: number | null;
  contact: string;
}

/** `vigil_core::records::Visit`; times are RFC 3339 (UTC), `planned_on` is `YYYY-MM-DD`. */
export interface Visit {
  id: string;
  facility_id: string;
  team_id: string;
  template_id: string;
  visit_type: VisitType;
  unannounced: boolean;
  status: VisitStatus;
  planned_on: string;
  arrived_at: string | null;
  access_granted_at: string | null;
  departed_at: string | null;
  theme: string | null;
  no_names: boolean;
  summary: string;
}

export type Priority = 'low' | 'medium' | 'high' | 'urgent';
export type ImplementationStatus = 'not_implemented' | 'partially_implemented' | 'implemented' | 'no_longer_applicable';

export interface Recommendation {
  id: string;
  visit_id: string;
  facility_id: string;
  text: string;
  authority: string;
  area: Area;
  priority: Priority;
  due_on: string | null;
  finding_ids: string[];
  response: 'pending' | 'accepted' | 'partially_accepted' | 'rejected';
}

export interface RecommendationAssessment {
  id: string;
  recommendation_id: string;
  visit_id: string;
  status: ImplementationStatus;
  evidence: string;
  assessed_on: string;
}

/** `vigil_store::OpenRecommendation`. */
export interface OpenRecommendation {
  recommendation: Recommendation;
  last_assessment: RecommendationAssessment | null;
  overdue: boolean;
}

/** `vigil_core::records::AnswerType` (serde: tagged by `type`). */
export type AnswerType =
  | { type: 'yes_no' }
  | { type: 'number'; unit: string | null }
  | { type: 'choice'; options: string[] }
  | { type: 'text' }
  | { type: 'photo' }
  | { type: 'measurement'; unit: string };

/** `vigil_core::records::AnswerValue` (serde: `type` and `value`). */
export type AnswerValue =
  | { type: 'yes_no'; value: 'yes' | 'no' | 'unknown' }
  | { type: 'number'; value: number }
  | { type: 'choice'; value: string }
  | { type: 'text'; value: string }
  | { type: 'photo'; value: string[] }
  | { type: 'measurement'; value: { value: number; unit: string } };

export interface Question {
  key: string;
  text: string;
  answer: AnswerType;
  standard: string | null;
}

export interface ChecklistSection {
  area: Area;
  questions: Question[];
}

export interface ChecklistTemplate {
  id: string;
  kind: FacilityKind;
  version: number;
  title: string;
  sections: ChecklistSection[];
}

export interface ChecklistAnswer {
  id: string;
  visit_id: string;
  question_key: string;
  value: AnswerValue;
  note: string;
}

/** `vigil_store::VisitBundle`, the parts these screens read. */
export interface VisitBundle {
  visit: Visit;
  answers: ChecklistAnswer[];
  observations: Observation[];
  interviews: Interview[];
  register_checks: RegisterCheck[];
  recommendations: Recommendation[];
  assessments: RecommendationAssessment[];
  attachments: Attachment[];
}

/** `vigil_app::inspection::ChecklistInfo`. */
export interface ChecklistInfo {
  id: string;
  title: string;
  version: number;
  question_count: number;
}

/** `vigil_app::inspection::PlaceDetail`. */
export interface PlaceDetail {
  facility: Facility;
  visits: Visit[];
  open_recommendations: OpenRecommendation[];
  checklist: ChecklistInfo | null;
}

/** `vigil_app::inspection::VisitDetail`. */
export interface VisitDetail {
  bundle: VisitBundle;
  template: ChecklistTemplate | null;
  facility: Facility | null;
  editable: boolean;
  access_delay_minutes: number | null;
  follow_ups: FollowUp[];
  missing: Missing;
  role: Role | null;
  /** Why this user cannot submit the visit now; null when they can. */
  submit_refusal: string | null;
}

/** `vigil_app::inspection::VisitPlan`. */
export interface VisitPlan {
  facility_id: string;
  visit_type: VisitType;
  unannounced: boolean;
  planned_on: string;
  theme: string | null;
  start_now: boolean;
}

export type TimeMark = 'arrived' | 'access_granted' | 'departed';

// ---- The visit's second slice: findings, interviews, registers, recommendations, finish.

export type Severity = 'good_practice' | 'low' | 'medium' | 'high' | 'urgent';

/** `vigil_core::records::Observation` (a finding). */
export interface Observation {
  id: string;
  visit_id: string;
  area: Area;
  severity: Severity;
  text: string;
  attachment_ids: string[];
  confidential: boolean;
}

/** `vigil_core::records::Interview`: the person is known only by `pseudonym`. */
export interface Interview {
  id: string;
  visit_id: string;
  pseudonym: string;
  group_interview: boolean;
  consent_to_use: boolean;
  consent_to_quote: boolean;
  consent_to_refer: boolean;
  interpreter: string | null;
  reprisal_risk: boolean;
  content: string;
}

export interface RegisterCheck {
  id: string;
  visit_id: string;
  register: string;
  sample_size: number;
  discrepancies: number;
  notes: string;
}

/** `vigil_core::records::Attachment`: the bytes live in a blob file named by `sha256`. */
export interface Attachment {
  id: string;
  visit_id: string;
  sha256: string;
  mime: string;
  size: number;
  file_name: string;
}

/** `vigil_core::Record` as serde tags it; the records the visit screen saves. */
export type VisitRecord =
  | { entity: 'observation'; record: Observation }
  | { entity: 'interview'; record: Interview }
  | { entity: 'register_check'; record: RegisterCheck }
  | { entity: 'recommendation'; record: Recommendation }
  | { entity: 'recommendation_assessment'; record: RecommendationAssessment };

export type VisitEntity = VisitRecord['entity'];

/** `vigil_app::evidence::NewAttachment`. */
export interface NewAttachment {
  observation_id: string;
  file_name: string;
  mime: string;
  bytes: number[];
}

/** `vigil_app::finish::FollowUp`. */
export interface FollowUp {
  recommendation: Recommendation;
  earlier_assessment: RecommendationAssessment | null;
  this_visit: RecommendationAssessment | null;
  overdue: boolean;
}

/** `vigil_app::finish::Missing`. */
export interface Missing {
  unanswered: { area: Area; unanswered: number; total: number }[];
  unassessed_recommendations: string[];
  departure_missing: boolean;
}

/** Where the device lock is: `vigil_app::lock::LockStatus`. */
export interface LockStatus {
  /** `setup`: no passphrase yet (first start); `locked`; `unlocked`. */
  state: 'setup' | 'locked' | 'unlocked';
  min_passphrase_chars: number;
  auto_lock_minutes: number;
}

/** One competing value of a field: `vigil_app::conflicts::VersionView`. */
export interface ConflictVersion {
  value: unknown;
  /** The author's name when the device holds their user record. */
  author: string | null;
  /** RFC 3339 (UTC) of the edit, from its clock. */
  at: string | null;
  /** The value the record shows until someone chooses. */
  shown: boolean;
}

/** A field edited on two devices at once: `vigil_app::conflicts::ConflictView`. */
export interface ConflictItem {
  entity: string;
  entity_id: string;
  field: string;
  record_label: string;
  field_label: string;
  /** A free-text field: its values may be merged by hand. */
  text: boolean;
  /** The shown value first, then the values that lost to it. */
  values: ConflictVersion[];
}

/** A local change the central office refused: `vigil_app::conflicts::RejectedView`. */
export interface RejectedItem {
  op_id: string;
  entity: string;
  entity_id: string;
  record_label: string;
  changes: { field: string; field_label: string; value: unknown }[];
  code: string;
  reason: string;
  made_at: string | null;
  refused_at: string;
}
