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
