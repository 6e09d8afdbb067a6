/**
 * The recommendations tracker's form and figures: the filter form turned into the
 * command's filter, the options the selects offer, the overdue list, and rates as text.
 */
import { intlLocale, t } from './i18n.svelte';
import { implementationFullLabel } from './records';
import type { Area, FacilityKind, PlaceSummary, Priority, RecommendationFilter, TrackedRecommendation, TrackedStatus } from './types';

/** The form's state: an empty string is "any". */
export interface TrackerForm {
  facility_id: string;
  place_kind: FacilityKind | '';
  authority: string;
  area: Area | '';
  status: TrackedStatus | '';
  priority: Priority | '';
  overdue_only: boolean;
  answer_overdue_only: boolean;
}

export function emptyForm(): TrackerForm {
  return { facility_id: '', place_kind: '', authority: '', area: '', status: '', priority: '', overdue_only: false, answer_overdue_only: false };
}

export function isFiltering(form: TrackerForm): boolean {
  const empty = emptyForm();
  return (Object.keys(empty) as (keyof TrackerForm)[]).some((key) => form[key] !== empty[key]);
}

/** The command's filter: every "any" is null. */
export function toFilter(form: TrackerForm): RecommendationFilter {
  const or = <T extends string>(value: T | ''): T | null => (value === '' ? null : value);
  return {
    facility_id: or(form.facility_id),
    place_kind: or(form.place_kind),
    authority: or(form.authority),
    area: or(form.area),
    status: or(form.status),
    priority: or(form.priority),
    overdue_only: form.overdue_only,
    answer_overdue_only: form.answer_overdue_only,
  };
}

export const TRACKED_STATUSES: readonly TrackedStatus[] = [
  'not_assessed',
  'not_implemented',
  'partially_implemented',
  'implemented',
  'no_longer_applicable',
];

export function trackedLabel(status: TrackedStatus): string {
  return status === 'not_assessed' ? t('tracker.notAssessed') : implementationFullLabel(status);
}

/** The places and authorities the selects offer, sorted by name in the UI's language. */
/** What the place filter needs of a place (the app's summaries, the console's places). */
export type PlaceChoice = Pick<PlaceSummary, 'facility_id' | 'name' | 'authority'>;

export function placeOptions<P extends PlaceChoice>(places: readonly P[], locale = intlLocale()): { places: P[]; authorities: string[] } {
  const collator = new Intl.Collator(locale);
  const authorities = [...new Set(places.map((p) => p.authority).filter((a) => a.trim() !== ''))].sort(collator.compare);
  return { places: [...places].sort((a, b) => collator.compare(a.name, b.name)), authorities };
}

/** The overdue rows, the longest overdue first. */
export function overdueRows(rows: readonly TrackedRecommendation[]): TrackedRecommendation[] {
  return rows
    .filter((r) => r.overdue)
    .sort((a, b) => (a.recommendation.due_on ?? '').localeCompare(b.recommendation.due_on ?? ''));
}

/** "67 %" in the UI's language; a dash without a rate. */
export function formatRate(rate: number | null, locale = intlLocale()): string {
  if (rate === null || !Number.isFinite(rate)) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(rate);
}
