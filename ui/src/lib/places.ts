import { kindLabel } from './kinds';
import type { FacilityKind, PlaceSummary } from './types';

/** What the Places screen filters by: free text and, optionally, one kind. */
export interface PlaceFilter {
  text: string;
  kind: FacilityKind | null;
}

/** Folds case and accents so "sao" finds "São" and "ZÁKLADNÍ" finds "základní". */
function fold(value: string): string {
  return value.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLocaleLowerCase();
}

/**
 * The places matching `filter`: every word of the text must appear in the name,
 * the region or the kind's label; the kind, when set, must match exactly.
 */
export function filterPlaces(places: readonly PlaceSummary[], filter: PlaceFilter): PlaceSummary[] {
  const words = fold(filter.text).split(/\s+/).filter((word) => word.length > 0);
  return places.filter((place) => {
    if (filter.kind !== null && place.kind !== filter.kind) return false;
    const haystack = fold(`${place.name} ${place.region} ${kindLabel(place.kind)}`);
    return words.every((word) => haystack.includes(word));
  });
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** Most overdue recommendations first (what needs a visit), then by name. Returns a new array. */
export function sortPlaces(places: readonly PlaceSummary[]): PlaceSummary[] {
  return [...places].sort(
    (a, b) =>
      b.overdue_recommendations - a.overdue_recommendations ||
      collator.compare(a.name, b.name) ||
      a.facility_id.localeCompare(b.facility_id),
  );
}

/** How many places there are of each kind, for the kind filter's options. */
export function countByKind(places: readonly PlaceSummary[]): Map<FacilityKind, number> {
  const counts = new Map<FacilityKind, number>();
  for (const place of places) counts.set(place.kind, (counts.get(place.kind) ?? 0) + 1);
  return counts;
}
