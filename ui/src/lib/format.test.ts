import { afterEach, describe, expect, it } from 'vitest';
import { formatDate, formatNumber } from './format';
import { setLocale } from './i18n.svelte';

afterEach(() => setLocale('en', null));

describe('formatDate', () => {
  it('formats a calendar date for the locale', () => {
    expect(formatDate('2024-03-05', 'en-GB')).toBe('5 Mar 2024');
    expect(formatDate('2024-03-05', 'en-US')).toBe('Mar 5, 2024');
  });

  it('follows the UI language when no locale is given', () => {
    setLocale('ru', null);
    expect(formatDate('2024-03-05')).toBe('5 мар. 2024 г.');
    setLocale('az', null);
    expect(formatDate('2024-03-05')).toBe('5 mar 2024');
    setLocale('en', null);
    expect(formatDate('2024-03-05')).toBe('Mar 5, 2024');
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

describe('formatNumber', () => {
  it('groups digits as the UI language does', () => {
    expect(formatNumber(1250)).toBe('1,250');
    setLocale('ru', null);
    expect(formatNumber(1250)).toBe('1\u00a0250');
    setLocale('az', null);
    expect(formatNumber(1250)).toBe('1.250');
  });
});
