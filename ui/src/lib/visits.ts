/** Visits on the place and visit screens: labels, the plan form's rules, times and delays. */
import { TZDate } from '@date-fns/tz';
import { intlLocale, t } from './i18n.svelte';
import type { ErrorCode } from './ipc';
import { enumLabel } from './kinds';
import type { VisitStatus, VisitType } from './types';

export const VISIT_TYPES: readonly VisitType[] = ['regular', 'follow_up', 'ad_hoc', 'thematic'];

/** The type in the UI's language; a type from a newer store as it came. */
export function visitTypeLabel(type: VisitType): string {
  return enumLabel('visitTypes', type) ?? type;
}

export function statusLabel(status: VisitStatus): string {
  return enumLabel('visitStatus', status) ?? status;
}

/** The codes that say a visit left the team's hands: the screen turns read-only. */
export function isReadOnlyError(code: ErrorCode): boolean {
  return code === 'in_review' || code === 'visit_locked';
}

export interface PlanForm {
  visit_type: VisitType;
  unannounced: boolean;
  planned_on: string;
  theme: string;
}

/** What keeps the form from being sent, or null when it can go. */
export function planProblem(form: PlanForm): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(form.planned_on)) return t('plan.chooseDate');
  if (form.visit_type === 'thematic' && form.theme.trim() === '') return t('plan.needsTheme');
  return null;
}

/** Today on the device's calendar, `YYYY-MM-DD`. */
export function localDate(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * An instant as wall time in the place's time zone (`timeZone`, an IANA name) or else the
 * device's: "2026-11-25T07:02" (the day and the time the correction fields show).
 */
export function toLocalInput(iso: string, timeZone?: string | null): string {
  const d = timeZone ? new TZDate(iso, timeZone) : new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${localDate(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A wall time ("2026-11-25T07:02") read in the place's time zone or else the device's, as an RFC 3339 instant; null if none. */
export function fromLocalInput(value: string, timeZone?: string | null): string | null {
  const parts = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (parts === null) return null;
  const [year, month, day, hour, minute] = parts.slice(1, 6).map(Number) as [number, number, number, number, number];
  const d = timeZone ? new TZDate(year, month - 1, day, hour, minute, timeZone) : new Date(year, month - 1, day, hour, minute);
  return Number.isNaN(d.getTime()) ? null : new Date(d.getTime()).toISOString();
}

/** A time zone as people read it: "Asia/Baku (GMT+4)"; the place's (`timeZone`) or else the device's. */
export function timeZoneName(locale: string = intlLocale(), timeZone?: string | null): string {
  const zone = timeZone || Intl.DateTimeFormat().resolvedOptions().timeZone;
  const offset = new Intl.DateTimeFormat(locale, { timeZoneName: 'shortOffset', timeZone: zone }).formatToParts(new Date()).find((p) => p.type === 'timeZoneName')?.value;
  return offset ? `${zone} (${offset})` : zone;
}

/** "Let in at once", "Waited 45 min", "Waited 1 h 05 min"; null until both times are known. */
export function formatDelay(minutes: number | null): string | null {
  if (minutes === null || !Number.isFinite(minutes) || minutes < 0) return null;
  const m = Math.floor(minutes);
  if (m === 0) return t('visit.letInAtOnce');
  if (m < 60) return t('visit.waitedMinutes', { minutes: m });
  return t('visit.waitedHours', { hours: Math.floor(m / 60), minutes: String(m % 60).padStart(2, '0') });
}

/** The same delay in a few characters for a phone: "38 min", "1 h 5 min", in the UI's language. */
export function formatDelayShort(minutes: number | null, locale: string = intlLocale()): string | null {
  if (minutes === null || !Number.isFinite(minutes) || minutes < 0) return null;
  const m = Math.floor(minutes);
  const unit = (value: number, name: 'hour' | 'minute') =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'short' }).format(value);
  return m < 60 ? unit(m, 'minute') : `${unit(Math.floor(m / 60), 'hour')} ${unit(m % 60, 'minute')}`;
}

/** A delay this long is worth a finding (the form highlights it). */
export const NOTABLE_DELAY_MINUTES = 15;

/** The time of day of an RFC 3339 instant, in the device's zone (or `timeZone`) and the UI's language. */
export function formatTime(iso: string | null, locale: string = intlLocale(), timeZone?: string | null): string | null {
  if (iso === null) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone: timeZone ?? undefined }).format(date);
}

export interface Crowding {
  /** Population as a share of capacity, in whole percent. */
  percent: number;
  over: boolean;
}

/** Population against capacity; null when either is unknown or the capacity is zero. */
export function crowding(capacity: number | null, population: number | null): Crowding | null {
  if (capacity === null || population === null || capacity <= 0) return null;
  return { percent: Math.round((population / capacity) * 100), over: population > capacity };
}
