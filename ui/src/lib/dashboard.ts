/**
 * The dashboard's figures shaped for charts and their tables: one series per visit
 * type over the twelve months, totals per kind of place, recommendations per status in
 * a fixed order, the rate at each quarter's end as a percentage.
 */
import { intlLocale } from './i18n.svelte';
import type { Dashboard, FacilityKind, TrackedStatus, VisitType } from './types';

export interface Series {
  key: string;
  values: number[];
}

export interface ChartData {
  /** The categories (x axis), already in words. */
  labels: string[];
  series: Series[];
}

const TYPES: readonly VisitType[] = ['regular', 'follow_up', 'ad_hoc', 'thematic'];
const STATUSES: readonly TrackedStatus[] = ['not_assessed', 'not_implemented', 'partially_implemented', 'implemented', 'no_longer_applicable'];

/** The short names of the twelve months in the UI's language. */
export function monthNames(year: number, locale = intlLocale()): string[] {
  const format = new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' });
  return Array.from({ length: 12 }, (_, m) => format.format(new Date(Date.UTC(year, m, 1))));
}

/** Visits per month (twelve values) for each visit type that has any, in the usual type order. */
export function visitsByMonth(d: Dashboard, locale = intlLocale()): ChartData {
  const byType = new Map<VisitType, number[]>();
  for (const row of d.visits_by_month) {
    const month = Number(row.month.slice(5, 7)) - 1;
    if (!row.month.startsWith(`${d.year}-`) || month < 0 || month > 11) continue;
    const values = byType.get(row.visit_type) ?? new Array<number>(12).fill(0);
    values[month]! += row.visits;
    byType.set(row.visit_type, values);
  }
  const order = [...TYPES, ...[...byType.keys()].filter((k) => !TYPES.includes(k))];
  return {
    labels: monthNames(d.year, locale),
    series: order.filter((type) => byType.has(type)).map((type) => ({ key: type, values: byType.get(type)! })),
  };
}

/** The total of each month across the series. */
export function columnTotals(data: ChartData): number[] {
  return data.labels.map((_, i) => data.series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
}

/** Visits per kind of place over the year, the most visited first; null kinds as "other". */
export function visitsByKind(d: Dashboard): { kind: FacilityKind; visits: number }[] {
  const totals = new Map<FacilityKind, number>();
  for (const row of d.visits_by_month) {
    const kind = row.place_kind ?? 'other';
    totals.set(kind, (totals.get(kind) ?? 0) + row.visits);
  }
  return [...totals].map(([kind, visits]) => ({ kind, visits })).sort((a, b) => b.visits - a.visits || a.kind.localeCompare(b.kind));
}

/** Recommendations per status, every status present, in the order of their life. */
export function byStatus(d: Dashboard): { status: TrackedStatus; count: number }[] {
  return STATUSES.map((status) => ({ status, count: d.recommendations_by_status[status] ?? 0 }));
}

/** The rate at each quarter's end in whole percent (null where nothing was assessed). */
export function quarterRates(d: Dashboard): { quarter: string; percent: number | null; total: number }[] {
  return d.implementation_by_quarter.map((q) => ({
    quarter: q.key,
    percent: q.rate === null ? null : Math.round(q.rate * 100),
    total: q.total,
  }));
}

/** The years the selector offers: this one and the four before, and the chosen one if older. */
export function yearChoices(thisYear: number, chosen: number): number[] {
  const years = Array.from({ length: 5 }, (_, i) => thisYear - i);
  if (!years.includes(chosen)) years.push(chosen);
  return years.sort((a, b) => b - a);
}
