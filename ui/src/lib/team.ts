/** The visit's team panel: the six APT areas in their order, and choosing among them. */
import type { Area } from './types';

export const AREAS: readonly Area[] = [
  'treatment',
  'protection_measures',
  'material_conditions',
  'regime_activities',
  'health_care',
  'personnel',
];

/** The areas with `area` added or taken away, in APT order. */
export function toggleArea(areas: readonly Area[], area: Area): Area[] {
  const next = areas.includes(area) ? areas.filter((a) => a !== area) : [...areas, area];
  return AREAS.filter((a) => next.includes(a));
}
