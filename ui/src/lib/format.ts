/** Formatting for display. Everything takes the locale so tests can pin it. */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Formats a calendar date (`YYYY-MM-DD`, no time zone) for `locale`, e.g.
 * "5 Mar 2024" in en-GB. Formatted in UTC so the day never shifts with the
 * device's time zone. Returns null for null; an unparseable value is shown as is.
 */
export function formatDate(iso: string | null, locale?: string): string | null {
  if (iso === null) return null;
  const match = ISO_DATE.exec(iso);
  if (match === null) return iso;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/** "1 place", "3 places": English only until the UI is translated. */
export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
