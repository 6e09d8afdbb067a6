/** The visit's records beside the checklist: labels, blank forms, what keeps a form from saving. */
import { areaLabel } from './checklist';
import { t } from './i18n.svelte';
import { enumLabel } from './kinds';
import type {
  Area,
  ImplementationStatus,
  Interview,
  Missing,
  Observation,
  Priority,
  Recommendation,
  RecommendationAssessment,
  RegisterCheck,
  Severity,
} from './types';

/** A record not saved yet: Rust gives it an id. */
export const NIL_ID = '00000000-0000-0000-0000-000000000000';

/** The choices each form offers, in order; their words come from the locale files. */
export const SEVERITIES: readonly Severity[] = ['good_practice', 'low', 'medium', 'high', 'urgent'];
export const PRIORITIES: readonly Priority[] = ['low', 'medium', 'high', 'urgent'];
export const IMPLEMENTATION: readonly ImplementationStatus[] = [
  'not_implemented',
  'partially_implemented',
  'implemented',
  'no_longer_applicable',
];
export const REGISTERS: readonly string[] = ['custody', 'use_of_force', 'medical', 'disciplinary', 'restraint', 'other'];

// A value from a newer store, or a register named by hand, shows as it came.
export function severityLabel(value: Severity | string): string {
  return enumLabel('severity', value) ?? value;
}

export function priorityLabel(value: Priority | string): string {
  return enumLabel('priority', value) ?? value;
}

/** Short, for the assessment buttons: "Partially". */
export function implementationLabel(value: ImplementationStatus | string): string {
  return enumLabel('implementation', value) ?? value;
}

/** Whole, where it stands alone: "Partially implemented". */
export function implementationFullLabel(value: ImplementationStatus | string): string {
  return enumLabel('implementationFull', value) ?? value;
}

export function registerLabel(value: string): string {
  return enumLabel('registerKinds', value) ?? value;
}

/** A text long enough to fold on a list (about four lines on a phone). */
export function isLong(text: string): boolean {
  return text.length > 240 || text.split('\n').length > 4;
}

/** A finding being written: its severity is chosen by a person, never filled in for them. */
export type ObservationDraft = Omit<Observation, 'severity'> & { severity: Severity | '' };

export function blankObservation(visitId: string, area: Area): ObservationDraft {
  return { id: NIL_ID, visit_id: visitId, area, severity: '', text: '', attachment_ids: [], confidential: false };
}

/**
 * How an interview is named on screen. In a "no names" visit even the pseudonymous code is
 * hidden (a code seen on two visits links one person): interviews are numbered instead.
 */
export function interviewName(interview: Interview, index: number, noNames: boolean): string {
  return noNames ? t('interviews.numbered', { n: index + 1 }) : interview.pseudonym;
}

export function blankInterview(visitId: string): Interview {
  return {
    id: NIL_ID,
    visit_id: visitId,
    pseudonym: '',
    group_interview: false,
    consent_to_use: false,
    consent_to_quote: false,
    consent_to_refer: false,
    interpreter: null,
    reprisal_risk: false,
    content: '',
  };
}

export function blankRecommendation(visitId: string, facilityId: string, authority: string, area: Area): Recommendation {
  return {
    id: NIL_ID,
    visit_id: visitId,
    facility_id: facilityId,
    text: '',
    authority,
    area,
    priority: 'medium',
    due_on: null,
    finding_ids: [],
    response: 'pending',
  };
}

export type Consent = Pick<Interview, 'consent_to_use' | 'consent_to_quote' | 'consent_to_refer'>;

/**
 * Consent as the person gave it: quoting and referring an allegation need consent to
 * use first, so withdrawing use withdraws both, and giving either gives use.
 */
export function setConsent<T extends Consent>(interview: T, field: keyof Consent, given: boolean): T {
  const next = { ...interview, [field]: given };
  if (field === 'consent_to_use' && !given) {
    next.consent_to_quote = false;
    next.consent_to_refer = false;
  }
  if (field !== 'consent_to_use' && given) next.consent_to_use = true;
  return next;
}

/** What stops a finding from being saved, or the finding to save. */
export function observationProblem(o: ObservationDraft): string | null {
  if (o.severity === '') return t('problems.chooseSeverity');
  return o.text.trim() === '' ? t('problems.describeFinding') : null;
}

/** A whole number of at least zero, as typed, or null. */
export function parseCount(raw: string): number | null {
  const text = raw.trim();
  return /^\d{1,9}$/.test(text) ? Number(text) : null;
}

export interface RegisterForm {
  register: string;
  other: string;
  sample_size: string;
  discrepancies: string;
  notes: string;
}

/** The register check a form makes, or what keeps it from saving. */
export function parseRegisterForm(
  form: RegisterForm,
  base: Pick<RegisterCheck, 'id' | 'visit_id'>,
): { ok: true; check: RegisterCheck } | { ok: false; field: keyof RegisterForm; message: string } {
  const register = form.register === 'other' ? form.other.trim() : form.register;
  if (register === '') return { ok: false, field: form.register === 'other' ? 'other' : 'register', message: t('problems.nameRegister') };
  const sample = parseCount(form.sample_size);
  if (sample === null || sample === 0) return { ok: false, field: 'sample_size', message: t('problems.enterSample') };
  const found = parseCount(form.discrepancies);
  if (found === null) return { ok: false, field: 'discrepancies', message: t('problems.enterWhole') };
  if (found > sample) return { ok: false, field: 'discrepancies', message: t('problems.tooManyDiscrepancies') };
  return { ok: true, check: { ...base, register, sample_size: sample, discrepancies: found, notes: form.notes.trim() } };
}

export function registerForm(check: RegisterCheck | null): RegisterForm {
  if (check === null) return { register: 'custody', other: '', sample_size: '', discrepancies: '0', notes: '' };
  const known = REGISTERS.some((key) => key === check.register && key !== 'other');
  return {
    register: known ? check.register : 'other',
    other: known ? '' : check.register,
    sample_size: String(check.sample_size),
    discrepancies: String(check.discrepancies),
    notes: check.notes,
  };
}

export function recommendationProblem(r: Recommendation): string | null {
  if (r.text.trim() === '') return t('problems.writeRecommendation');
  if (r.authority.trim() === '') return t('problems.nameAuthority');
  if (r.due_on !== null && !/^\d{4}-\d{2}-\d{2}$/.test(r.due_on)) return t('problems.chooseDue');
  return null;
}

export function assessmentProblem(a: Pick<RecommendationAssessment, 'evidence'>): string | null {
  return a.evidence.trim() === '' ? t('problems.evidence') : null;
}

/** The finish section's reminders, one line each; empty when nothing is missing. */
export function missingLines(missing: Missing): string[] {
  const lines = missing.unanswered.map((gap) =>
    t('missing.unanswered', { area: areaLabel(gap.area), unanswered: gap.unanswered, total: gap.total }),
  );
  const n = missing.unassessed_recommendations.length;
  if (n > 0) lines.push(t('missing.unassessed', { count: n }));
  if (missing.departure_missing) lines.push(t('missing.departure'));
  return lines;
}
