import { describe, expect, it } from 'vitest';
import { answerText, answersByKey, areaProgress, firstOpenArea, parseAnswer, parseNumber, rawAnswer, sameAnswer } from './checklist';
import type { AnswerType, ChecklistTemplate } from './types';

const q = (key: string, answer: AnswerType = { type: 'yes_no' }) => ({ key, text: `${key}?`, answer, standard: null });

const template: ChecklistTemplate = {
  id: 't',
  kind: 'police_custody',
  version: 1,
  title: 'Police custody',
  sections: [
    { area: 'treatment', questions: [q('a'), q('b'), q('c')] },
    { area: 'material_conditions', questions: [q('d', { type: 'measurement', unit: 'm²' })] },
    { area: 'personnel', questions: [] },
  ],
  language: 'en',
  translations: {},
};

describe('firstOpenArea', () => {
  it('opens a visit at the first area with a question still to answer', () => {
    const answer = (key: string) => ({ id: key, visit_id: 'v', question_key: key, value: { type: 'yes_no' as const, value: 'no' as const }, note: '' });
    expect(firstOpenArea(template, answersByKey([]))).toBe('treatment');
    expect(firstOpenArea(template, answersByKey(['a', 'b', 'c'].map(answer)))).toBe('material_conditions');
    const all = answersByKey([...['a', 'b', 'c'].map(answer), { ...answer('d'), value: { type: 'measurement', value: { value: 6, unit: 'm²' } } }]);
    expect(firstOpenArea(template, all), 'all answered: the first').toBe('treatment');
  });
});

describe('areaProgress', () => {
  it('counts the answered questions of each area, in template order', () => {
    const answers = answersByKey([
      { id: '1', visit_id: 'v', question_key: 'b', value: { type: 'yes_no', value: 'no' }, note: '' },
      { id: '2', visit_id: 'v', question_key: 'd', value: { type: 'measurement', value: { value: 6, unit: 'm²' } }, note: '' },
      { id: '3', visit_id: 'v', question_key: 'not-in-template', value: { type: 'text', value: 'x' }, note: '' },
    ]);
    expect(areaProgress(template, answers)).toEqual([
      { area: 'treatment', answered: 1, total: 3 },
      { area: 'material_conditions', answered: 1, total: 1 },
      { area: 'personnel', answered: 0, total: 0 },
    ]);
  });
});

describe('parseNumber', () => {
  it('takes decimal points and commas, and nothing else', () => {
    expect(parseNumber(' 7,5 ')).toBe(7.5);
    expect(parseNumber('12')).toBe(12);
    expect(parseNumber('-3.25')).toBe(-3.25);
    for (const bad of ['', ' ', 'abc', '7 m', '1e309', '1,2,3', '.']) expect(parseNumber(bad), bad).toBeNull();
  });
});

describe('parseAnswer', () => {
  it('makes the value each answer type asks for', () => {
    expect(parseAnswer({ type: 'yes_no' }, 'unknown')).toEqual({ ok: true, value: { type: 'yes_no', value: 'unknown' } });
    expect(parseAnswer({ type: 'number', unit: 'persons' }, '14')).toEqual({ ok: true, value: { type: 'number', value: 14 } });
    expect(parseAnswer({ type: 'measurement', unit: 'm²' }, '6,4')).toEqual({
      ok: true,
      value: { type: 'measurement', value: { value: 6.4, unit: 'm²' } },
    });
    expect(parseAnswer({ type: 'choice', options: ['good', 'poor'] }, 'poor')).toEqual({
      ok: true,
      value: { type: 'choice', value: 'poor' },
    });
    expect(parseAnswer({ type: 'text' }, '  No call bell  ')).toEqual({ ok: true, value: { type: 'text', value: 'No call bell' } });
  });

  it('says what is wrong instead of saving a bad value', () => {
    expect(parseAnswer({ type: 'yes_no' }, 'maybe')).toMatchObject({ ok: false });
    expect(parseAnswer({ type: 'number', unit: null }, 'twelve')).toEqual({ ok: false, message: 'Enter a number' });
    expect(parseAnswer({ type: 'measurement', unit: 'lux' }, '')).toEqual({ ok: false, message: 'Enter a measurement in lux' });
    expect(parseAnswer({ type: 'choice', options: ['good'] }, 'bad')).toMatchObject({ ok: false });
    expect(parseAnswer({ type: 'text' }, '   ')).toMatchObject({ ok: false });
    expect(parseAnswer({ type: 'photo' }, 'x')).toEqual({ ok: false, message: 'Photos arrive in a later step' });
  });
});

describe('rawAnswer and answerText', () => {
  it('show a saved answer back in the input and in words', () => {
    const area = { type: 'measurement', value: { value: 6.4, unit: 'm²' } } as const;
    expect(rawAnswer(area)).toBe('6.4');
    expect(answerText(area)).toBe('6.4 m²');
    expect(answerText({ type: 'yes_no', value: 'no' })).toBe('No');
    expect(answerText(undefined)).toBe('Not answered');
    expect(rawAnswer(undefined)).toBe('');
    expect(rawAnswer({ type: 'number', value: 3 })).toBe('3');
  });

  it('knows when an answer would change nothing', () => {
    expect(sameAnswer({ type: 'number', value: 3 }, { type: 'number', value: 3 })).toBe(true);
    expect(sameAnswer({ type: 'number', value: 3 }, { type: 'number', value: 4 })).toBe(false);
    expect(sameAnswer(undefined, { type: 'number', value: 3 })).toBe(false);
  });
});
