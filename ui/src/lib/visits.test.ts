import { describe, expect, it } from 'vitest';
import { crowding, formatDelay, formatDelayShort, fromLocalInput, toLocalInput, formatTime, timeZoneName, isReadOnlyError, localDate, planProblem, statusLabel, visitTypeLabel } from './visits';

describe('formatDelay', () => {
  it('says how long the team waited to be let in', () => {
    expect(formatDelay(0)).toBe('Let in at once');
    expect(formatDelay(45)).toBe('Waited 45 min');
    expect(formatDelay(65)).toBe('Waited 1 h 05 min');
    expect(formatDelay(120)).toBe('Waited 2 h 00 min');
  });

  it('says nothing until both times are known', () => {
    expect(formatDelay(null)).toBeNull();
    expect(formatDelay(-5)).toBeNull();
  });
});

describe('planProblem', () => {
  const form = { visit_type: 'regular' as const, unannounced: true, planned_on: '2026-11-25', theme: '' };

  it('needs a date, and a theme for a thematic visit', () => {
    expect(planProblem(form)).toBeNull();
    expect(planProblem({ ...form, planned_on: '' })).toBe('Choose the planned date');
    expect(planProblem({ ...form, visit_type: 'thematic', theme: '  ' })).toBe('A thematic visit needs a theme');
    expect(planProblem({ ...form, visit_type: 'thematic', theme: 'Heat in cells' })).toBeNull();
  });
});

describe('crowding', () => {
  it('compares population with capacity', () => {
    expect(crowding(20, 26)).toEqual({ percent: 130, over: true });
    expect(crowding(20, 20)).toEqual({ percent: 100, over: false });
    expect(crowding(null, 5)).toBeNull();
    expect(crowding(0, 5)).toBeNull();
  });
});

describe('labels and helpers', () => {
  it('labels types and statuses', () => {
    expect(visitTypeLabel('follow_up')).toBe('Follow-up');
    expect(statusLabel('in_review')).toBe('In review');
  });

  it('turns read-only only for the codes that mean the visit left the team', () => {
    expect(isReadOnlyError('in_review')).toBe(true);
    expect(isReadOnlyError('visit_locked')).toBe(true);
    expect(isReadOnlyError('invalid_input')).toBe(false);
    expect(isReadOnlyError('store')).toBe(false);
  });

  it('formats local dates and times', () => {
    expect(localDate(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
    expect(formatTime('2026-03-02T07:45:00Z', 'en-GB', 'UTC')).toBe('07:45');
    expect(formatTime(null)).toBeNull();
  });
});

describe('formatDelayShort', () => {
  it('says a wait in a few characters, in the language', () => {
    expect(formatDelayShort(38, 'en')).toBe('38 min');
    expect(formatDelayShort(65, 'en')).toBe('1 hr 5 min');
    expect(formatDelayShort(38, 'ru')).toBe('38 мин');
    expect(formatDelayShort(null)).toBeNull();
  });
});

describe('correcting a time', () => {
  it('shows an instant in the device zone and reads it back to the same instant', () => {
    const iso = '2026-11-25T07:02:00.000Z';
    const shown = toLocalInput(iso);
    expect(shown).toMatch(/^2026-11-2\dT\d\d:02$/);
    expect(fromLocalInput(shown)).toBe(iso);
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('yesterday')).toBeNull();
  });

  it("shows and reads a time in the place's own zone, whatever the device's", () => {
    const iso = '2026-11-25T07:02:00.000Z';
    // Baku is UTC+4 all year; New York is UTC-5 in November.
    expect(toLocalInput(iso, 'Asia/Baku')).toBe('2026-11-25T11:02');
    expect(toLocalInput(iso, 'America/New_York')).toBe('2026-11-25T02:02');
    expect(fromLocalInput('2026-11-25T11:02', 'Asia/Baku')).toBe(iso);
    expect(fromLocalInput('2026-11-25T02:02', 'America/New_York')).toBe(iso);
    expect(formatTime(iso, 'ru', 'Asia/Baku')).toBe('11:02');
    expect(timeZoneName('en', 'Asia/Baku')).toBe('Asia/Baku (GMT+4)');
  });
});
