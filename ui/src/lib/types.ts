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
