import { describe, expect, it } from 'vitest';
import { place } from './testing';
import { emptyForm, formatRate, isFiltering, overdueRows, placeOptions, toFilter } from './tracker';
import type { TrackedRecommendation } from './types';

function row(id: string, due: string | null, overdue: boolean): TrackedRecommendation {
  return {
    recommendation: {
      id,
      visit_id: 'v',
      facility_id: 'f',
      text: id,
      authority: 'Ministry of Justice',
      area: 'health_care',
      priority: 'high',
      due_on: due,
      finding_ids: [],
      response: 'pending',
    },
    place_name: 'Prison 1',
    place_kind: 'prison',
    made_on: '2026-01-10',
    status: 'not_implemented',
    overdue,
    history: [],
    answer: { report_stage: null, sent_on: null, due_on: null, state: 'not_sent', answers: [], steps_overdue: 0 },
  };
}

describe('the tracker filter', () => {
  it('sends null for every "any" and keeps what was chosen', () => {
    expect(toFilter(emptyForm())).toEqual({
      facility_id: null,
      place_kind: null,
      authority: null,
      area: null,
      status: null,
      priority: null,
      overdue_only: false,
      answer_overdue_only: false,
    });
    const form = { ...emptyForm(), authority: 'Ministry of Health', status: 'not_assessed' as const, overdue_only: true };
    expect(toFilter(form)).toMatchObject({ authority: 'Ministry of Health', status: 'not_assessed', overdue_only: true, area: null });
    expect(toFilter({ ...emptyForm(), answer_overdue_only: true })).toMatchObject({ answer_overdue_only: true, overdue_only: false });
  });

  it('knows when something is filtered', () => {
    expect(isFiltering(emptyForm())).toBe(false);
    expect(isFiltering({ ...emptyForm(), overdue_only: true })).toBe(true);
    expect(isFiltering({ ...emptyForm(), answer_overdue_only: true })).toBe(true);
    expect(isFiltering({ ...emptyForm(), area: 'personnel' })).toBe(true);
  });

  it('offers each authority once, sorted, and the places by name', () => {
    const places = [
      place({ name: 'Zeta', authority: 'Ministry of Justice' }),
      place({ name: 'Alpha', authority: 'Ministry of Health' }),
      place({ name: 'Beta', authority: 'Ministry of Justice' }),
      place({ name: 'Gamma', authority: ' ' }),
    ];
    const options = placeOptions(places, 'en');
    expect(options.authorities).toEqual(['Ministry of Health', 'Ministry of Justice']);
    expect(options.places.map((p) => p.name)).toEqual(['Alpha', 'Beta', 'Gamma', 'Zeta']);
  });
});

describe('the tracker figures', () => {
  it('lists the overdue, the longest overdue first', () => {
    const rows = [row('b', '2026-02-01', true), row('x', '2025-01-01', false), row('a', '2025-12-01', true)];
    expect(overdueRows(rows).map((r) => r.recommendation.id)).toEqual(['a', 'b']);
  });

  it('writes a rate as a percent, a dash without one', () => {
    expect(formatRate(0.666, 'en')).toBe('67%');
    expect(formatRate(null, 'en')).toBe('—');
    expect(formatRate(1, 'ru')).toMatch(/^100\s?%$/);
  });
});
