import type { FacilityKind } from './types';

/** Human labels for every kind of place. A `Record` so a new kind fails to type-check until labelled. */
const LABELS: Record<FacilityKind, string> = {
  prison: 'Prison',
  pre_trial_detention: 'Pre-trial detention',
  police_custody: 'Police custody',
  temporary_holding: 'Temporary holding',
  psychiatric_hospital: 'Psychiatric hospital',
  social_care_home: 'Social-care home',
  migrant_detention: 'Migrant detention',
  juvenile_institution: 'Juvenile institution',
  military_detention: 'Military detention',
  other: 'Other place',
};

/** Every kind, in the order the kind filter offers them. */
export const FACILITY_KINDS: readonly FacilityKind[] = Object.keys(LABELS) as FacilityKind[];

/**
 * The label for a kind. A kind this build does not know yet (a newer store) is
 * shown humanised ("open_prison" → "Open prison") rather than hidden.
 */
export function kindLabel(kind: FacilityKind | string): string {
  if (Object.hasOwn(LABELS, kind)) return LABELS[kind as FacilityKind];
  const words = kind.replaceAll('_', ' ').trim();
  return words.length === 0 ? 'Unknown kind' : words[0]!.toUpperCase() + words.slice(1);
}
