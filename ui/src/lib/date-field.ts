/**
 * A date typed as the person's language writes it: 02.12.2026 in Russian and Azerbaijani,
 * 2026-12-02 in English (unambiguous). The webview's own date field follows the system's
 * locale, not the language chosen in Vigil (WebKitGTK writes 12/02/2026 in a Russian
 * window), so the app's date fields are text fields read and written here.
 */

/** How a language writes a date in a field, and the hint shown while it is empty. */
export function dateFieldPattern(language: string): { order: 'dmy' | 'ymd'; separator: string; hint: string } {
  switch (language) {
    case 'ru':
      return { order: 'dmy', separator: '.', hint: 'ДД.ММ.ГГГГ' };
    case 'az':
      return { order: 'dmy', separator: '.', hint: 'GG.AA.İİİİ' };
    default:
      return { order: 'ymd', separator: '-', hint: 'YYYY-MM-DD' };
  }
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** An ISO day ("2026-12-02") as the field shows it in `language`; anything else as it is. */
export function toDateField(iso: string | null, language: string): string {
  const match = iso === null ? null : ISO.exec(iso);
  if (match === null) return iso ?? '';
  const [, year, month, day] = match as unknown as [string, string, string, string];
  const { order, separator } = dateFieldPattern(language);
  return order === 'dmy' ? [day, month, year].join(separator) : [year, month, day].join(separator);
}

/**
 * What was typed, as an ISO day, or null when it is not a day of the calendar. Any of
 * . / - and spaces separate; a one-digit day or month is taken ("2.12.2026").
 */
export function fromDateField(text: string, language: string): string | null {
  const parts = text.trim().split(/[./\-\s]+/);
  if (parts.length !== 3 || parts.some((p) => !/^\d+$/.test(p))) return null;
  const { order } = dateFieldPattern(language);
  const [year, month, day] = (order === 'dmy' ? [parts[2], parts[1], parts[0]] : parts).map(Number) as [number, number, number];
  if (year < 1000 || year > 9999) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The hint a time field shows while empty: 24-hour hours and minutes in every language. */
export function timeFieldHint(language: string): string {
  switch (language) {
    case 'ru':
      return 'ЧЧ:ММ';
    case 'az':
      return 'SS:DD';
    default:
      return 'HH:MM';
  }
}

/**
 * What was typed in a time field as "HH:MM" (24 hours), or null when it is no time of day.
 * A colon or a dot separates ("7:05", "07.05"), as people write it in each language; an
 * AM or PM after it is read too, as the English screens show times that way.
 */
export function fromTimeField(text: string): string | null {
  const match = /^(\d{1,2})[:.](\d{2})\s*([ap]\.?m\.?)?$/i.exec(text.trim());
  if (match === null) return null;
  let [hour, minute] = [Number(match[1]), Number(match[2])];
  const half = match[3]?.toLowerCase().replaceAll('.', '');
  if (half !== undefined) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (half === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return null;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}
