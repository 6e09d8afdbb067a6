import type { PlaceSummary } from './types';

/** A place for unit tests; override what the test is about. */
export function place(overrides: Partial<PlaceSummary> & Pick<PlaceSummary, 'name'>): PlaceSummary {
  return {
    facility_id: `id-${overrides.name}`,
    kind: 'prison',
    region: 'North',
    authority: 'Ministry of Justice',
    capacity: null,
    population: null,
    last_visit_on: null,
    open_recommendations: 0,
    overdue_recommendations: 0,
    ...overrides,
  };
}
