import { describe, expect, it } from 'vitest';
import {
  canAmend,
  canAnswer,
  canComment,
  groupThreads,
  integrityState,
  moveActions,
  opensReview,
  targetSummary,
  threadsAbout,
  unansweredCount,
} from './review';
import type { AnyRecord, ChecklistTemplate, CommentThread, Entity } from './types';

const template: ChecklistTemplate = {
  id: 't',
  kind: 'prison',
  version: 1,
  title: 'Prison',
  sections: [
    { area: 'treatment', questions: [{ key: 'force', text: 'Is force recorded?', answer: { type: 'yes_no' }, standard: null }] },
    { area: 'health_care', questions: [{ key: 'doctor', text: 'Is a doctor on duty?', answer: { type: 'yes_no' }, standard: null }] },
  ],
  language: 'en',
  translations: { ru: { title: 'Тюрьма', questions: { force: { text: 'Фиксируется ли сила?', options: null, unit: null, standard: null } } } },
};

function thread(id: string, at: string, target: AnyRecord | null, replies = 0): CommentThread {
  const entity = (target?.entity ?? null) as Entity | null;
  const targetId = target === null ? null : (target.record as { id: string }).id;
  const comment = { id, visit_id: 'v', target_entity: entity, target_id: targetId, reply_to: null, body: id, author_id: 's', at };
  return {
    comment,
    target,
    replies: Array.from({ length: replies }, (_, i) => ({ ...comment, id: `${id}-r${i}`, reply_to: id, author_id: 'l' })),
  };
}

const finding: AnyRecord = {
  entity: 'observation',
  record: { id: 'o1', visit_id: 'v', area: 'health_care', severity: 'high', text: 'No doctor at night', attachment_ids: [], confidential: false },
};
const answer: AnyRecord = {
  entity: 'checklist_answer',
  record: { id: 'a1', visit_id: 'v', question_key: 'force', value: { type: 'yes_no', value: 'no' }, note: '' },
};

describe('who may do what in review', () => {
  it('lets a supervisor comment only while submitted or in review', () => {
    expect(canComment('supervisor', 'submitted')).toBe(true);
    expect(canComment('supervisor', 'in_review')).toBe(true);
    expect(canComment('supervisor', 'returned')).toBe(false);
    expect(canComment('lead', 'in_review')).toBe(false);
  });

  it('lets the team answer once the visit is back in its hands', () => {
    expect(canAnswer('lead', 'returned')).toBe(true);
    expect(canAnswer('inspector', 'in_progress')).toBe(true);
    expect(canAnswer('lead', 'in_review')).toBe(false);
    expect(canAnswer('supervisor', 'returned')).toBe(false);
  });

  it('allows amendments on approved visits only', () => {
    expect(canAmend('lead', 'approved')).toBe(true);
    expect(canAmend('supervisor', 'approved')).toBe(true);
    expect(canAmend('admin', 'approved')).toBe(false);
    expect(canAmend('supervisor', 'in_review')).toBe(false);
  });
});

describe('threads', () => {
  const threads = [thread('c2', '2026-03-02T10:00:00Z', finding, 1), thread('c1', '2026-03-01T10:00:00Z', null), thread('c3', '2026-03-01T09:00:00Z', answer)];

  it('finds the threads beside their record and those on the whole visit', () => {
    expect(threadsAbout(threads, { entity: 'observation', id: 'o1' }).map((t) => t.comment.id)).toEqual(['c2']);
    expect(threadsAbout(threads, null).map((t) => t.comment.id)).toEqual(['c1']);
    expect(threadsAbout(threads, { entity: 'observation', id: 'other' })).toEqual([]);
  });

  it('counts those still waiting for the team', () => {
    expect(unansweredCount(threads)).toBe(2);
  });

  it('groups by area in the checklist order, the whole visit first, an answer under its question area', () => {
    const groups = groupThreads(threads, template);
    expect(groups.map((g) => [g.area, g.threads.map((t) => t.comment.id)])).toEqual([
      [null, ['c1']],
      ['treatment', ['c3']],
      ['health_care', ['c2']],
    ]);
  });

  it('orders a group oldest first', () => {
    const more = [thread('late', '2026-03-05T00:00:00Z', finding), thread('early', '2026-03-01T00:00:00Z', finding)];
    expect(groupThreads(more, template)[0]!.threads.map((t) => t.comment.id)).toEqual(['early', 'late']);
  });

  it('names the target by kind and the start of its text', () => {
    expect(targetSummary(finding, template)).toEqual({ kind: 'review.aboutFinding', text: 'No doctor at night' });
    expect(targetSummary(answer, template)).toEqual({ kind: 'review.aboutAnswer', text: 'Is force recorded?' });
    expect(targetSummary(null, template).kind).toBe('review.aboutVisit');
    expect(targetSummary(finding, template, 6).text).toBe('No do…');
    expect(targetSummary(answer, template, 90, 'ru').text, 'in the person’s language').toBe('Фиксируется ли сила?');
    expect(targetSummary(answer, template, 90, 'az').text, 'untranslated: marked').toBe('Is force recorded? [EN]');
  });
});

describe('the review buttons and the integrity line', () => {
  it('offers the moves Rust allows, asking before approval', () => {
    const actions = moveActions(['returned', 'approved']);
    expect(actions.map((a) => [a.to, a.confirm, a.reason])).toEqual([
      ['returned', false, true],
      ['approved', true, false],
    ]);
    expect(moveActions(['in_progress', 'submitted']).map((a) => a.to), 'no "Reopen to edit": a returned visit is edited as it is').toEqual([]);
    expect(moveActions(['in_review'])[0]!.label).toBe('review.startReview');
    expect(moveActions(['planned'])).toEqual([]);
  });

  it('opening a submitted visit is reviewing it, for whom Rust lets take it into review', () => {
    const visit = (status: 'submitted' | 'in_review') => ({ bundle: { visit: { status } }, next_statuses: status === 'submitted' ? ['in_review'] : ['returned', 'approved'] }) as never;
    expect(opensReview(visit('submitted'))).toBe(true);
    expect(opensReview(visit('in_review'))).toBe(false);
    expect(opensReview({ bundle: { visit: { status: 'submitted' } }, next_statuses: [] } as never), 'a team member opening it').toBe(false);
  });

  it('compares the approved hash with the content now', () => {
    expect(integrityState({ approved: null, current: 'a', amendments: 0 })).toBe('not_approved');
    expect(integrityState({ approved: 'a', current: 'a', amendments: 2 })).toBe('intact');
    expect(integrityState({ approved: 'a', current: 'b', amendments: 0 })).toBe('changed');
  });
});
