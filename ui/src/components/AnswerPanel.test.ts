import { render } from 'svelte/server';
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../lib/i18n.svelte';
import type { AnswerFollowUp, ReportVersion } from '../lib/types';
import AnswerPanel from './AnswerPanel.svelte';
import ReportStages from './ReportStages.svelte';

afterEach(() => setLocale('en', null));

const follow: AnswerFollowUp = {
  report_stage: 'provisional',
  sent_on: '2026-07-01',
  due_on: '2026-07-31',
  state: 'answered',
  steps_overdue: 1,
  answers: [
    {
      answer: {
        id: 'a1',
        recommendation_id: 'r1',
        visit_id: 'v1',
        received_on: '2026-07-28',
        position: 'partially_accepted',
        text: 'A doctor from January',
        letter_id: null,
      },
      steps: [
        {
          step: { id: 's1', answer_id: 'a1', visit_id: 'v1', text: 'Hire a doctor', due_on: '2026-10-31', done_on: null },
          overdue: true,
          due_soon: false,
        },
      ],
    },
  ],
};

function text(body: string): string {
  return body.replace(/<!--.*?-->/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

describe('AnswerPanel', () => {
  it('says the answer, its plan and the overdue step, and offers nothing to a reader', () => {
    const { body } = render(AnswerPanel, { props: { recommendationId: 'r1', follow, mayRecord: false } });
    const shown = text(body);
    expect(shown).toContain('Answered');
    expect(shown).toContain('1 step overdue');
    expect(shown).toContain('Partially accepted');
    expect(shown).toContain('Hire a doctor');
    expect(body).toContain('data-step-overdue="true"');
    expect(body).not.toContain('<button');
  });

  it('offers the form and the step buttons to whom the app says may record, in Russian', () => {
    setLocale('ru', null);
    const { body } = render(AnswerPanel, { props: { recommendationId: 'r1', follow, mayRecord: true } });
    const shown = text(body);
    expect(shown).toContain('Записать ответ');
    expect(shown).toContain('Выполнен сегодня');
    expect(shown).toContain('Ответ получен');
    expect(shown).not.toMatch(/Answered|Record an answer|overdue/);
  });

  it('words an overdue answer with its deadline', () => {
    const late: AnswerFollowUp = { ...follow, state: 'overdue', answers: [], steps_overdue: 0 };
    expect(text(render(AnswerPanel, { props: { recommendationId: 'r1', follow: late } }).body)).toMatch(/No answer since/);
  });
});

describe('ReportStages', () => {
  const versions: ReportVersion[] = [
    { id: 'v-a', visit_id: 'v1', stage: 'provisional', dated_on: '2026-07-01', note: '', attachment_id: null },
    { id: 'v-b', visit_id: 'v1', stage: 'comments', dated_on: '2026-07-20', note: '', attachment_id: null },
  ];

  it('shows the stage the report is at now, and the form only to whom may record', () => {
    const reader = text(render(ReportStages, { props: { visitId: 'v1', versions, mayRecord: false } }).body);
    expect(reader).toContain('Now: Factual comments received');
    expect(reader).toContain('Provisional report sent');
    expect(reader).not.toContain('Record');
    setLocale('ru', null);
    const recorder = text(render(ReportStages, { props: { visitId: 'v1', versions: [], mayRecord: true } }).body);
    expect(recorder).toContain('Ещё не направлен органу власти.');
    expect(recorder).toContain('Записать');
  });

  it('offers the kept PDF of each report sent, and none for the comments received', () => {
    const [provisional, comments] = versions as [ReportVersion, ReportVersion];
    const kept: ReportVersion[] = [{ ...provisional, attachment_id: 'pdf-1' }, comments];
    setLocale('az', null);
    const { body } = render(ReportStages, { props: { visitId: 'v1', versions: kept, mayRecord: false } });
    expect(body.match(/data-action="save-version-pdf"/g)).toHaveLength(1);
    // The button sits in the provisional report's row, not the comments'.
    expect(body).toMatch(/data-stage="provisional"[^<]*<span[^>]*>(?:(?!<\/li>).)*data-action="save-version-pdf"/s);
    expect(text(body)).toContain('PDF-ni saxla');
    expect(body).toMatch(/data-stage="comments" class="[^"]*now/);
  });
});
