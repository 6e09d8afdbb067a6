import { describe, expect, it } from 'vitest';
import {
  assessmentProblem,
  blankInterview,
  blankRecommendation,
  missingLines,
  observationProblem,
  parseRegisterForm,
  recommendationProblem,
  registerForm,
  setConsent,
  blankObservation,
  isLong,
} from './records';

const base = { id: 'r1', visit_id: 'v1' };

describe('consent', () => {
  it('withdrawing use withdraws quoting and referring', () => {
    const all = { ...blankInterview('v1'), consent_to_use: true, consent_to_quote: true, consent_to_refer: true };
    const next = setConsent(all, 'consent_to_use', false);
    expect([next.consent_to_use, next.consent_to_quote, next.consent_to_refer]).toEqual([false, false, false]);
  });

  it('quoting or referring gives use, and withdrawing one keeps the others', () => {
    const quoted = setConsent(blankInterview('v1'), 'consent_to_quote', true);
    expect([quoted.consent_to_use, quoted.consent_to_quote, quoted.consent_to_refer]).toEqual([true, true, false]);
    const referred = setConsent(blankInterview('v1'), 'consent_to_refer', true);
    expect(referred.consent_to_use).toBe(true);
    const unquoted = setConsent({ ...quoted, consent_to_refer: true }, 'consent_to_quote', false);
    expect([unquoted.consent_to_use, unquoted.consent_to_quote, unquoted.consent_to_refer]).toEqual([true, false, true]);
  });
});

describe('register checks', () => {
  const form = { register: 'custody', other: '', sample_size: '20', discrepancies: '3', notes: ' late ' };

  it('makes a check of whole numbers with discrepancies within the sample', () => {
    const parsed = parseRegisterForm(form, base);
    expect(parsed).toEqual({ ok: true, check: { ...base, register: 'custody', sample_size: 20, discrepancies: 3, notes: 'late' } });
  });

  it('says which field is wrong', () => {
    const field = (f: Partial<typeof form>) => {
      const parsed = parseRegisterForm({ ...form, ...f }, base);
      return parsed.ok ? null : parsed.field;
    };
    expect(field({ discrepancies: '21' })).toBe('discrepancies');
    expect(field({ discrepancies: '-1' })).toBe('discrepancies');
    expect(field({ sample_size: '0' })).toBe('sample_size');
    expect(field({ sample_size: '2.5' })).toBe('sample_size');
    expect(field({ register: 'other', other: '  ' })).toBe('other');
    expect(field({ register: 'other', other: 'Visitors' })).toBeNull();
  });

  it('shows a saved check of another register as "other"', () => {
    const check = { ...base, register: 'Visitors', sample_size: 5, discrepancies: 0, notes: '' };
    expect(registerForm(check)).toMatchObject({ register: 'other', other: 'Visitors', sample_size: '5' });
    expect(registerForm({ ...check, register: 'medical' })).toMatchObject({ register: 'medical', other: '' });
  });
});

describe('forms', () => {
  it('a finding needs a text', () => {
    expect(observationProblem({ ...blankObservation('v1', 'treatment'), severity: 'low' })).not.toBeNull();
    expect(observationProblem({ ...blankObservation('v1', 'treatment'), severity: 'low', text: 'No call bells' })).toBeNull();
  });

  it('a new finding has no severity until a person chooses one', () => {
    const blank = blankObservation('v1', 'treatment');
    expect(blank.severity).toBe('');
    expect(observationProblem({ ...blank, text: 'No call bells' })).toBe('Choose how serious the finding is.');
  });

  it('a recommendation needs a text, an authority and a real date if any', () => {
    const r = { ...blankRecommendation('v1', 'f1', 'Ministry of Justice', 'health_care'), text: 'Hire a doctor' };
    expect(recommendationProblem(r)).toBeNull();
    expect(recommendationProblem({ ...r, authority: ' ' })).not.toBeNull();
    expect(recommendationProblem({ ...r, text: '' })).not.toBeNull();
    expect(recommendationProblem({ ...r, due_on: '12/5' })).not.toBeNull();
    expect(recommendationProblem({ ...r, due_on: '2027-01-31' })).toBeNull();
  });

  it('an assessment needs evidence', () => {
    expect(assessmentProblem({ evidence: '  ' })).not.toBeNull();
    expect(assessmentProblem({ evidence: 'Seen the new bells' })).toBeNull();
  });
});

describe('missing summary', () => {
  it('names each area with gaps, the unassessed recommendations and the departure', () => {
    const lines = missingLines({
      unanswered: [
        { area: 'health_care', unanswered: 2, total: 5 },
        { area: 'personnel', unanswered: 1, total: 1 },
      ],
      unassessed_recommendations: ['a', 'b'],
      departure_missing: true,
    });
    expect(lines).toEqual([
      'Health care: 2 of 5 questions unanswered',
      'Personnel: 1 of 1 question unanswered',
      '2 open recommendations not assessed on this visit',
      'Departure time not recorded',
    ]);
  });

  it('is empty when nothing is missing', () => {
    expect(missingLines({ unanswered: [], unassessed_recommendations: [], departure_missing: false })).toEqual([]);
  });
});

describe('isLong', () => {
  it('folds a finding of more than about four lines', () => {
    expect(isLong('Cell 4 has no light.')).toBe(false);
    expect(isLong('x'.repeat(241))).toBe(true);
    expect(isLong('a\nb\nc\nd\ne')).toBe(true);
  });
});
