import { describe, expect, it } from 'vitest';
import { byStatus, columnTotals, monthNames, quarterRates, visitsByKind, visitsByMonth, yearChoices } from './dashboard';
import type { Dashboard } from './types';

const dashboard: Dashboard = {
  year: 2026,
  as_of: '2026-11-25',
  visits_by_month: [
    { month: '2026-01', visit_type: 'regular', place_kind: 'prison', visits: 2 },
    { month: '2026-01', visit_type: 'ad_hoc', place_kind: 'police_custody', visits: 1 },
    { month: '2026-03', visit_type: 'regular', place_kind: 'police_custody', visits: 3 },
    { month: '2026-12', visit_type: 'follow_up', place_kind: null, visits: 1 },
    { month: '2025-12', visit_type: 'thematic', place_kind: 'prison', visits: 9 },
  ],
  recommendations_by_status: { implemented: 4, not_assessed: 2 },
  implementation_by_quarter: [
    { key: '2026-Q1', total: 5, by_status: {}, rate: 0.5 },
    { key: '2026-Q2', total: 0, by_status: {}, rate: null },
  ],
  open_by_authority: [],
  annual_report: {
    year: 2026,
    visits: 7,
    unannounced: 5,
    unannounced_share: 5 / 7,
    visits_by_place_kind: {},
    visits_by_type: {},
    recommendations_made: 6,
    by_authority: [],
  },
  reprisal_checks: { no_sign: 3, concern: 1, not_found: 0 },
  answers: { answers_overdue: 1, answers_due_soon: 0, steps_overdue: 2 },
};

describe('dashboard charts', () => {
  it('names twelve months in the UI language', () => {
    expect(monthNames(2026, 'en')).toHaveLength(12);
    expect(monthNames(2026, 'en')[0]).toBe('Jan');
  });

  it('puts each type on twelve months, in type order, leaving out other years and empty types', () => {
    const data = visitsByMonth(dashboard, 'en');
    expect(data.series.map((s) => s.key)).toEqual(['regular', 'follow_up', 'ad_hoc']);
    expect(data.series[0]!.values).toEqual([2, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(data.series[1]!.values[11]).toBe(1);
    expect(columnTotals(data).slice(0, 3)).toEqual([3, 0, 3]);
  });

  it('totals visits per kind of place, the most visited first', () => {
    expect(visitsByKind({ ...dashboard, visits_by_month: dashboard.visits_by_month.slice(0, 4) })).toEqual([
      { kind: 'police_custody', visits: 4 },
      { kind: 'prison', visits: 2 },
      { kind: 'other', visits: 1 },
    ]);
  });

  it('lists every status, zero where none', () => {
    expect(byStatus(dashboard)).toEqual([
      { status: 'not_assessed', count: 2 },
      { status: 'not_implemented', count: 0 },
      { status: 'partially_implemented', count: 0 },
      { status: 'implemented', count: 4 },
      { status: 'no_longer_applicable', count: 0 },
    ]);
  });

  it('turns the quarter rates into whole percent, keeping the gaps', () => {
    expect(quarterRates(dashboard)).toEqual([
      { quarter: '2026-Q1', percent: 50, total: 5 },
      { quarter: '2026-Q2', percent: null, total: 0 },
    ]);
  });

  it('offers this year and the four before, and an older chosen one', () => {
    expect(yearChoices(2026, 2026)).toEqual([2026, 2025, 2024, 2023, 2022]);
    expect(yearChoices(2026, 2019)).toEqual([2026, 2025, 2024, 2023, 2022, 2019]);
  });
});
