/**
 * A checklist's own words (its title, questions, choices, units, standards) in the
 * person's language: the checklist's translation where it gives one, else the words it
 * was written in, with that language named so the screen can mark them (never silently).
 */
import type { AnswerValue, ChecklistInfo, ChecklistTemplate, Question } from './types';

/** A text, and the language it is in when that is not the one asked for. */
export interface Said {
  text: string;
  lang: string | null;
}

/** A question's words in one language; each option keeps the value an answer stores. */
export interface QuestionWords {
  text: Said;
  standard: Said | null;
  unit: Said | null;
  options: { value: string; label: Said }[];
}

function said(translated: string | null | undefined, own: string, ownLanguage: string, wanted: string): Said {
  if (translated) return { text: translated, lang: null };
  return { text: own, lang: ownLanguage === wanted ? null : ownLanguage };
}

/** A checklist's title in `wanted`. */
export function templateTitle(template: ChecklistTemplate, wanted: string): Said {
  return said(template.translations[wanted]?.title, template.title, template.language, wanted);
}

/** A checklist's title in `wanted`, from a place's summary of it. */
export function checklistInfoTitle(info: ChecklistInfo, wanted: string): Said {
  return said(info.titles[wanted], info.title, info.language, wanted);
}

function unitOf(question: Question): string | null {
  const answer = question.answer;
  if (answer.type === 'measurement') return answer.unit;
  if (answer.type === 'number') return answer.unit;
  return null;
}

/** Everything a question says, in `wanted`. */
export function questionWords(template: ChecklistTemplate, question: Question, wanted: string): QuestionWords {
  const given = template.translations[wanted]?.questions[question.key];
  const own = template.language;
  const unit = unitOf(question);
  const options = question.answer.type === 'choice' ? question.answer.options : [];
  return {
    text: said(given?.text, question.text, own, wanted),
    standard: question.standard === null ? null : said(given?.standard, question.standard, own, wanted),
    unit: unit === null ? null : said(given?.unit, unit, own, wanted),
    options: options.map((value, i) => ({ value, label: said(given?.options?.[i], value, own, wanted) })),
  };
}

/** The words a saved choice or measurement shows with (a label, a unit), if it has any. */
export function valueWords(value: AnswerValue | undefined, words: QuestionWords): Said | null {
  if (value?.type === 'choice') return words.options.find((o) => o.value === value.value)?.label ?? { text: value.value, lang: null };
  if (value?.type === 'measurement') return words.unit;
  return null;
}
