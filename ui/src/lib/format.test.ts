import { describe, expect, it } from 'vitest';
import { formatDate, plural } from './format';

describe('formatDate', () => {
  it('formats a calendar date for the locale', () => {
    expect(formatDate('2024-03-05', 'en-GB')).toBe('5 Mar 2024');
    expect(formatDate('2024-03-05', 'en-US')).toBe('Mar 5, 2024');
  });

  it('keeps the day whatever the time zone (first and last day of a year)', () => {
    expect(formatDate('2025-01-01', 'en-GB')).toBe('1 Jan 2025');
    expect(formatDate('2024-12-31', 'en-GB')).toBe('31 Dec 2024');
  });

  it('returns null for a place never visited', () => {
    expect(formatDate(null, 'en-GB')).toBeNull();
  });

  it('shows an unparseable or impossible date as it came', () => {
    expect(formatDate('yesterday', 'en-GB')).toBe('yesterday');
    expect(formatDate('2024-02-30', 'en-GB')).toBe('2024-02-30');
  });
});

describe('plural', () => {
  it('picks the form', () => {
    expect(plural(0, 'place', 'places')).toBe('0 places');
    expect(plural(1, 'place', 'places')).toBe('1 place');
    expect(plural(2, 'place', 'places')).toBe('2 places');
  });
});
