/** The checklist on the visit screen: areas, progress, and turning what was typed into an answer. */
import type { Said } from './checklist-words';
import { formatNumber } from './format';
import { t } from './i18n.svelte';
import { enumLabel } from './kinds';
import type { AnswerType, AnswerValue, Area, ChecklistAnswer, ChecklistTemplate } from './types';

/** One of APT's six areas in the UI's language; an area from a newer store as it came. */
export function areaLabel(area: Area): string {
  return enumLabel('areas', area) ?? area;
}

export interface AreaProgress {
  area: Area;
  answered: number;
  total: number;
}

/** The saved answers by question key. */
export function answersByKey(answers: readonly ChecklistAnswer[]): Map<string, AnswerValue> {
  return new Map(answers.map((answer) => [answer.question_key, answer.value]));
}

/** For each area of the template, in order: how many of its questions have an answer. */
export function areaProgress(template: ChecklistTemplate, answers: ReadonlyMap<string, AnswerValue>): AreaProgress[] {
  return template.sections.map((section) => ({
    area: section.area,
    answered: section.questions.filter((q) => answers.has(q.key)).length,
    total: section.questions.length,
  }));
}

/** Where a visit opens: the first area with a question still unanswered, else the first. */
export function firstOpenArea(template: ChecklistTemplate, answers: ReadonlyMap<string, AnswerValue>): Area | null {
  const open = template.sections.find((section) => section.questions.some((q) => !answers.has(q.key)));
  return (open ?? template.sections[0])?.area ?? null;
}

export type Parsed = { ok: true; value: AnswerValue } | { ok: false; message: string };

/** A number as typed: a decimal comma is accepted ("7,5"); nothing else but the number. */
export function parseNumber(raw: string): number | null {
  const text = raw.trim().replace(',', '.');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/** Turns what was typed or tapped into the answer the question asks for, or says what is wrong. */
export function parseAnswer(type: AnswerType, raw: string): Parsed {
  switch (type.type) {
    case 'yes_no':
      return raw === 'yes' || raw === 'no' || raw === 'unknown'
        ? { ok: true, value: { type: 'yes_no', value: raw } }
        : { ok: false, message: t('answer.chooseYesNo') };
    case 'number': {
      const value = parseNumber(raw);
      return value === null ? { ok: false, message: t('answer.enterNumber') } : { ok: true, value: { type: 'number', value } };
    }
    case 'measurement': {
      const value = parseNumber(raw);
      return value === null
        ? { ok: false, message: t('answer.enterMeasurement', { unit: type.unit }) }
        : { ok: true, value: { type: 'measurement', value: { value, unit: type.unit } } };
    }
    case 'choice':
      return type.options.includes(raw)
        ? { ok: true, value: { type: 'choice', value: raw } }
        : { ok: false, message: t('answer.chooseOption') };
    case 'text': {
      const text = raw.trim();
      return text === '' ? { ok: false, message: t('answer.write') } : { ok: true, value: { type: 'text', value: text } };
    }
    case 'photo':
      return { ok: false, message: t('answer.photosLater') };
  }
}

/** What an input shows for a saved answer (the inverse of `parseAnswer`). */
export function rawAnswer(value: AnswerValue | undefined): string {
  if (value === undefined) return '';
  switch (value.type) {
    case 'yes_no':
    case 'choice':
    case 'text':
      return value.value;
    case 'number':
      return String(value.value);
    case 'measurement':
      return String(value.value.value);
    case 'photo':
      return '';
  }
}

/**
 * A saved answer in words, for the read-only view; `shown` is the chosen option's label or
 * the unit in the person's language (`valueWords`), else the stored ones show.
 */
export function answerText(value: AnswerValue | undefined, shown: Said | null = null): string {
  if (value === undefined) return t('answer.notAnswered');
  switch (value.type) {
    case 'yes_no':
      return t(`common.${value.value}`);
    case 'number':
      return formatNumber(value.value);
    case 'measurement':
      return `${formatNumber(value.value.value)} ${shown?.text ?? value.value.unit}`;
    case 'photo':
      return t('answer.photos', { count: value.value.length });
    case 'choice':
      return shown?.text ?? value.value;
    default:
      return rawAnswer(value);
  }
}

/** Whether two answers are the same (saving again would change nothing). */
export function sameAnswer(a: AnswerValue | undefined, b: AnswerValue): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}
