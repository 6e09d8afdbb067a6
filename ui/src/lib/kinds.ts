import { hasMessage, t, type MessageKey } from './i18n.svelte';
import type { FacilityKind } from './types';

/** Every kind's message. A `Record` so a new kind fails to type-check until labelled. */
const LABELS: Record<FacilityKind, MessageKey> = {
  prison: 'kinds.prison',
  pre_trial_detention: 'kinds.pre_trial_detention',
  police_custody: 'kinds.police_custody',
  temporary_holding: 'kinds.temporary_holding',
  psychiatric_hospital: 'kinds.psychiatric_hospital',
  social_care_home: 'kinds.social_care_home',
  migrant_detention: 'kinds.migrant_detention',
  juvenile_institution: 'kinds.juvenile_institution',
  military_detention: 'kinds.military_detention',
  other: 'kinds.other',
};

/** Every kind, in the order the kind filter offers them. */
export const FACILITY_KINDS: readonly FacilityKind[] = Object.keys(LABELS) as FacilityKind[];

/**
 * The label for a kind, in the UI's language. A kind this build does not know yet (a
 * newer store) is shown humanised ("open_prison" → "Open prison") rather than hidden.
 */
export function kindLabel(kind: FacilityKind | string): string {
  if (Object.hasOwn(LABELS, kind)) return t(LABELS[kind as FacilityKind]);
  return humanise(kind) ?? t('kinds.unknown');
}

/** "open_prison" → "Open prison"; null for an empty name. */
export function humanise(name: string): string | null {
  const words = name.replaceAll('_', ' ').trim();
  return words.length === 0 ? null : words[0]!.toUpperCase() + words.slice(1);
}

/** The label of a value that has a message under `group` (an area, a severity…), or null. */
export function enumLabel(group: string, value: string): string | null {
  const key = `${group}.${value}`;
  return hasMessage(key) ? t(key) : null;
}
