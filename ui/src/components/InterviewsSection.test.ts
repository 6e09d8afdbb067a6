import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import type { Interview, VisitDetail } from '../lib/types';
import { UNDO_CONTEXT, UndoableDeletes, type UndoContext } from '../lib/undo.svelte';
import InterviewsSection from './InterviewsSection.svelte';

/** The visit screen's deletes, which the section reads to hide a record being deleted. */
function undoContext(deletes = new UndoableDeletes(async () => {})): Map<symbol, UndoContext> {
  return new Map([[UNDO_CONTEXT, { deletes, remove: (item) => deletes.delete(item, () => {}) }]]);
}

const interview: Interview = {
  id: '0193a000-0000-7000-8000-000000000001',
  visit_id: '0193a000-0000-7000-8000-0000000000aa',
  pseudonym: 'K-7QF2',
  group_interview: false,
  consent_to_use: true,
  consent_to_quote: false,
  consent_to_refer: false,
  interpreter: 'Russian',
  reprisal_risk: true,
  content: 'Beaten on arrival',
};

/** Just the parts of a visit the section reads. */
function detail(noNames: boolean): VisitDetail {
  return {
    bundle: { visit: { id: interview.visit_id, no_names: noNames }, interviews: [interview] },
  } as unknown as VisitDetail;
}

function text(noNames: boolean, readOnly: boolean): string {
  const { body } = render(InterviewsSection, {
    props: { detail: detail(noNames), readOnly, onchanged: async () => {}, onreadonly: () => {} },
    context: undoContext(),
  });
  return body.replace(/<!--.*?-->/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

describe('InterviewsSection', () => {
  it('names an interview by its pseudonymous code, with its interpreter', () => {
    const shown = text(false, true);
    expect(shown).toContain('K-7QF2');
    expect(shown).toContain('Russian');
  });

  it('hides the code and the interpreter in a "no names" visit, read or edited', () => {
    for (const readOnly of [true, false]) {
      const { body } = render(InterviewsSection, {
        props: { detail: detail(true), readOnly, onchanged: async () => {}, onreadonly: () => {} },
        context: undoContext(),
      });
      expect(body).not.toContain('K-7QF2');
      expect(body).not.toContain('Russian');
      expect(text(true, readOnly)).toContain('Interview 1');
    }
  });

  it('hides an interview being deleted while its undo is open, and offers to delete one', () => {
    const deletes = new UndoableDeletes(async () => {});
    const props = { detail: detail(false), readOnly: false, onchanged: async () => {}, onreadonly: () => {} };
    expect(render(InterviewsSection, { props, context: undoContext(deletes) }).body).toContain(`data-delete="${interview.id}"`);
    deletes.delete({ entity: 'interview', id: interview.id, label: 'K-7QF2' }, () => {});
    expect(render(InterviewsSection, { props, context: undoContext(deletes) }).body).not.toContain('K-7QF2');
    deletes.undo(interview.id);
  });
});
