import { describe, expect, it } from 'vitest';
import { byline, conflictKey, formatValue, mergeText, toConflictCards, toRejectedCards } from './conflicts';
import { setLocale } from './i18n.svelte';
import type { ConflictItem, RejectedItem } from './types';

const clock = { locale: 'en-GB', timeZone: 'UTC' };

function conflict(overrides: Partial<ConflictItem> = {}): ConflictItem {
  return {
    entity: 'observation',
    entity_id: 'o1',
    field: 'text',
    record_text: 'Cell 4 is cold',
    text: true,
    values: [
      { value: 'Cell 4: no heating', author: 'Bruno Keller', at: '2026-03-05T14:05:00Z', shown: true },
      { value: 'Cell 4 is 11°C', author: null, at: '2026-03-05T14:04:00Z', shown: false },
    ],
    ...overrides,
  };
}

describe('formatValue', () => {
  it('shows values as words, dates in the locale, and empty values as such', () => {
    expect(formatValue('Cell 4 is cold')).toBe('Cell 4 is cold');
    expect(formatValue(true)).toBe('Yes');
    expect(formatValue(false)).toBe('No');
    expect(formatValue(12)).toBe('12');
    expect(formatValue(null)).toBe('(empty)');
    expect(formatValue('')).toBe('(empty)');
    expect(formatValue([])).toBe('(empty)');
    expect(formatValue('material_conditions')).toBe('Material conditions');
    expect(formatValue('2026-03-05', clock)).toBe('5 Mar 2026');
    expect(formatValue('2026-03-05T14:05:00Z', clock)).toBe('5 Mar 2026, 14:05');
    expect(formatValue(['high', 'low'])).toBe('High, Low');
    expect(formatValue('cold', {}, true)).toBe('cold');
    expect(formatValue('2026-03-05', clock, true)).toBe('2026-03-05');
    expect(formatValue({ yes_no: true })).toBe('{"yes_no":true}');
  });
});

describe('mergeText', () => {
  it('joins each different text once, a blank line apart, in order', () => {
    expect(mergeText(['Cell 4: no heating', ' Cell 4 is 11°C ', 'Cell 4: no heating'])).toBe('Cell 4: no heating\n\nCell 4 is 11°C');
    expect(mergeText(['', null, 'only'])).toBe('only');
    expect(mergeText([])).toBe('');
  });
});

describe('toConflictCards', () => {
  it('turns each conflict into a card with every value, who and when, and a merge draft for text', () => {
    const [card] = toConflictCards([conflict()], clock);
    expect(card).toMatchObject({
      key: 'observation/o1/text',
      title: 'Finding: Cell 4 is cold',
      field: 'Finding',
      mergeDraft: 'Cell 4: no heating\n\nCell 4 is 11°C',
    });
    expect(card!.options).toEqual([
      { value: 'Cell 4: no heating', text: 'Cell 4: no heating', byline: 'Bruno Keller · 5 Mar 2026, 14:05', shown: true },
      { value: 'Cell 4 is 11°C', text: 'Cell 4 is 11°C', byline: 'Unknown user · 5 Mar 2026, 14:04', shown: false },
    ]);
  });

  it('offers no merge for fields that are not free text', () => {
    const values = [
      { value: 'high', author: 'A', at: null, shown: true },
      { value: 'low', author: 'B', at: null, shown: false },
    ];
    const [card] = toConflictCards([conflict({ field: 'severity', text: false, values })], clock);
    expect(card!.mergeDraft).toBeNull();
    expect(card!.options.map((o) => [o.text, o.byline])).toEqual([
      ['High', 'A'],
      ['Low', 'B'],
    ]);
  });

  it('keys conflicts by record and field', () => {
    expect(conflictKey({ entity: 'visit', entity_id: 'v1', field: 'summary' })).toBe('visit/v1/summary');
    expect(byline(null, null)).toBe('Unknown user');
  });
});

describe('toRejectedCards', () => {
  const item: RejectedItem = {
    op_id: 'op1',
    entity: 'observation',
    entity_id: 'o1',
    record_text: 'Cell 4',
    changes: [
      { field: 'severity', value: 'high' },
      { field: 'confidential', value: true },
    ],
    code: 'visit_locked',
    reason: 'The visit was approved; it can no longer change',
    detail: { kind: 'locked' },
    made_at: '2026-03-05T09:30:00Z',
    refused_at: '2026-03-05T10:00:00Z',
  };

  it('lists what each refused change tried to set, with the office rule, what it was about, and code', () => {
    expect(toRejectedCards([item], clock)).toEqual([
      {
        key: 'op1',
        title: 'Finding: Cell 4',
        changes: ['Severity: High', 'Confidential: Yes'],
        code: 'visit_locked',
        rule: 'The visit is approved and locked: record a correction as an amendment.',
        detail: null,
        reason: null,
        when: '5 Mar 2026, 09:30',
      },
    ]);
    const [forbidden] = toRejectedCards([{ ...item, code: 'forbidden', detail: { kind: 'not_in_team' } }], clock);
    expect(forbidden?.detail).toBe('The visit belongs to a team you are not part of.');
    const [unknown] = toRejectedCards([{ ...item, code: 'unknown', detail: null }], clock);
    expect(unknown?.rule).toBeNull();
    expect(unknown?.detail, 'an older office: no detail').toBeNull();
    expect(unknown?.reason, 'its English, in English').toBe('The visit was approved; it can no longer change');
    const [gone] = toRejectedCards([{ ...item, record_text: null }], clock);
    expect(gone?.title).toBe('Finding (not on this device)');
  });

  it('says a refused change in Russian with no English but the record’s own words', () => {
    const english = toRejectedCards([item, { ...item, op_id: 'op2', detail: { kind: 'role_may_not', role: 'supervisor', entity: 'observation' } }], clock);
    setLocale('ru', null);
    try {
      const ruClock = { locale: 'ru', timeZone: 'UTC' };
      const russian = toRejectedCards([item, { ...item, op_id: 'op2', detail: { kind: 'role_may_not', role: 'supervisor', entity: 'observation' } }], ruClock);
      expect(russian[0]!.title).toBe('Наблюдение: Cell 4');
      expect(russian[0]!.changes).toEqual(['Серьёзность: Высокая', 'Конфиденциально: Да']);
      expect(russian[1]!.detail).toBe('Роль «супервайзер» не позволяет так менять записи вида «Наблюдение».');
      for (const [i, card] of russian.entries()) {
        const shown = [card.title.replace('Cell 4', ''), ...card.changes, card.rule, card.detail ?? 'нет', card.when];
        for (const text of shown) expect(text, 'said in Russian').toMatch(/[а-яё]|^[\d\s:.,]+$/i);
        expect(shown.join(' '), 'no English word of the English card').not.toMatch(/\b(Finding|Severity|High|Confidential|Yes|visit|approved|supervisor)\b/);
        if (card.detail !== null) expect(card.detail).not.toBe(english[i]!.detail);
        expect(card.reason).toBeNull();
      }
    } finally {
      setLocale('en', null);
    }
  });
});
