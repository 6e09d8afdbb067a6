import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import type { Interview, VisitDetail } from '../lib/types';
import InterviewsSection from './InterviewsSection.svelte';

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
      });
      expect(body).not.toContain('K-7QF2');
      expect(body).not.toContain('Russian');
      expect(text(true, readOnly)).toContain('Interview 1');
    }
  });
});
