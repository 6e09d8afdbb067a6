import { describe, expect, it } from 'vitest';
import { answerText } from './checklist';
import { checklistInfoTitle, questionWords, templateTitle, valueWords } from './checklist-words';
import type { ChecklistTemplate, Question } from './types';

const light: Question = {
  key: 'pr.mat.light',
  text: 'Access to natural light',
  answer: { type: 'choice', options: ['Adequate', 'None'] },
  standard: 'Nelson Mandela Rules, r. 14',
};
const cell: Question = { key: 'pr.mat.cell', text: 'Floor area of the cell', answer: { type: 'measurement', unit: 'm²' }, standard: null };

const template: ChecklistTemplate = {
  id: 't',
  kind: 'prison',
  version: 1,
  title: 'Prison',
  sections: [{ area: 'material_conditions', questions: [light, cell] }],
  language: 'en',
  translations: {
    ru: {
      title: 'Пенитенциарное учреждение',
      questions: {
        'pr.mat.light': { text: 'Доступ естественного света', options: ['Достаточный', 'Отсутствует'], unit: null, standard: 'Правила Нельсона Манделы, правило 14' },
        'pr.mat.cell': { text: 'Площадь камеры', options: null, unit: 'м²', standard: null },
      },
    },
    az: { title: null, questions: { 'pr.mat.light': { text: 'Təbii işığa çıxış', options: null, unit: null, standard: null } } },
  },
};

describe('a checklist in the person’s language', () => {
  it('gives the translation where there is one, unmarked', () => {
    const words = questionWords(template, light, 'ru');
    expect(words.text).toEqual({ text: 'Доступ естественного света', lang: null });
    expect(words.standard).toEqual({ text: 'Правила Нельсона Манделы, правило 14', lang: null });
    expect(words.options.map((o) => [o.value, o.label.text])).toEqual([
      ['Adequate', 'Достаточный'],
      ['None', 'Отсутствует'],
    ]);
    expect(templateTitle(template, 'ru')).toEqual({ text: 'Пенитенциарное учреждение', lang: null });
  });

  it('falls back to its own words, marked with their language, never silently', () => {
    const words = questionWords(template, light, 'az');
    expect(words.text, 'translated').toEqual({ text: 'Təbii işığa çıxış', lang: null });
    expect(words.standard, 'not translated').toEqual({ text: 'Nelson Mandela Rules, r. 14', lang: 'en' });
    expect(words.options[1]!.label).toEqual({ text: 'None', lang: 'en' });
    expect(templateTitle(template, 'az')).toEqual({ text: 'Prison', lang: 'en' });
    expect(questionWords(template, light, 'en').text, 'its own language').toEqual({ text: 'Access to natural light', lang: null });
  });

  it('shows a saved choice and a measurement with the words of the person’s language', () => {
    const choice = { type: 'choice' as const, value: 'None' };
    expect(answerText(choice, valueWords(choice, questionWords(template, light, 'ru')))).toBe('Отсутствует');
    const area = { type: 'measurement' as const, value: { value: 9, unit: 'm²' } };
    expect(answerText(area, valueWords(area, questionWords(template, cell, 'ru')))).toMatch(/^9 м²$/);
    expect(answerText(area, valueWords(area, questionWords(template, cell, 'az')))).toMatch(/^9 m²$/);
  });

  it('names a place’s checklist in the person’s language', () => {
    const info = { id: 't', title: 'Prison', language: 'en', titles: { ru: 'Пенитенциарное учреждение' }, version: 1, question_count: 2 };
    expect(checklistInfoTitle(info, 'ru')).toEqual({ text: 'Пенитенциарное учреждение', lang: null });
    expect(checklistInfoTitle(info, 'az')).toEqual({ text: 'Prison', lang: 'en' });
  });
});
