import { describe, expect, it } from 'vitest';
import { dateFieldPattern, fromDateField, fromTimeField, timeFieldHint, toDateField } from './date-field';

describe('a date field in the person’s language', () => {
  it('writes a day as the language does', () => {
    expect(toDateField('2026-12-02', 'ru')).toBe('02.12.2026');
    expect(toDateField('2026-12-02', 'az')).toBe('02.12.2026');
    expect(toDateField('2026-12-02', 'en')).toBe('2026-12-02');
    expect(toDateField(null, 'ru')).toBe('');
  });

  it('reads what was typed back, day first in ru and az, and refuses what is no day', () => {
    expect(fromDateField('02.12.2026', 'ru')).toBe('2026-12-02');
    expect(fromDateField(' 2.12.2026 ', 'az')).toBe('2026-12-02');
    expect(fromDateField('2026-12-02', 'en')).toBe('2026-12-02');
    expect(fromDateField('12/02/2026', 'ru'), 'never month first in Russian').toBe('2026-02-12');
    expect(fromDateField('31.02.2026', 'ru')).toBeNull();
    expect(fromDateField('02.12.26', 'ru')).toBeNull();
    expect(fromDateField('завтра', 'ru')).toBeNull();
    expect(fromDateField('', 'en')).toBeNull();
  });

  it('hints the order while empty', () => {
    expect(dateFieldPattern('ru').hint).toBe('ДД.ММ.ГГГГ');
    expect(dateFieldPattern('en').hint).toBe('YYYY-MM-DD');
  });
});

describe('a time field', () => {
  it('reads 24-hour times written with a colon or a dot, and refuses anything else', () => {
    expect(fromTimeField('7:05')).toBe('07:05');
    expect(fromTimeField(' 07.05 ')).toBe('07:05');
    expect(fromTimeField('23:59')).toBe('23:59');
    expect(fromTimeField('7:05 PM')).toBe('19:05');
    expect(fromTimeField('12:30 a.m.')).toBe('00:30');
    expect(fromTimeField('12:30pm')).toBe('12:30');
    for (const wrong of ['24:00', '12:60', '7', '7:5', '13:05 PM', '0:10 am', '', 'noon']) expect(fromTimeField(wrong), wrong).toBeNull();
  });

  it('hints hours and minutes in the person’s language', () => {
    expect(timeFieldHint('ru')).toBe('ЧЧ:ММ');
    expect(timeFieldHint('az')).toBe('SS:DD');
    expect(timeFieldHint('en')).toBe('HH:MM');
  });
});
