/** Formatting for display, in the UI's language. Everything takes the locale so tests can pin it. */
import { intlLocale, monthNames } from './i18n.svelte';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Formats a calendar date (`YYYY-MM-DD`, no time zone) for `locale` (default: the
 * UI's), e.g. "5 Mar 2024" in en-GB, "5 мар. 2024 г." in ru. Formatted in UTC so the
 * day never shifts with the device's time zone. Returns null for null; an
 * unparseable value is shown as is.
 */
export function formatDate(iso: string | null, locale: string = intlLocale()): string | null {
  if (iso === null) return null;
  const match = ISO_DATE.exec(iso);
  if (match === null) return iso;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return iso;
  return new Intl.DateTimeFormat(locale, { ...dateOptions(locale), timeZone: 'UTC' }).format(date);
}

/** A date's parts: "5 Mar 2024", or "05.03.2024" where a stand-in locale formats it. */
export function dateOptions(locale: string): Intl.DateTimeFormatOptions {
  return monthNames(locale) ? { dateStyle: 'medium' } : { day: '2-digit', month: '2-digit', year: 'numeric' };
}

/** A count or measure as the UI's language writes it ("1,250" in en, "1 250" in ru). */
export function formatNumber(value: number, locale: string = intlLocale()): string {
  return new Intl.NumberFormat(locale).format(value);
}

/** A file's size in megabytes as the UI's language writes it ("10.3 MB", "10,3 МБ"). */
export function formatMegabytes(bytes: number, locale: string = intlLocale()): string {
  const megabytes = bytes / 1_000_000;
  return new Intl.NumberFormat(locale, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 }).format(megabytes);
}
