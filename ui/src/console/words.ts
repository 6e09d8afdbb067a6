/**
 * A console failure in the person's language: the office's code (and the field a form
 * sent wrong) chooses the words; the office's English message follows as the detail.
 */
import { formatDateTime } from './format';
import { hasMessage, t, type MessageKey } from '../lib/i18n.svelte';
import { ConsoleFailure } from './api';

export interface Worded {
  /** What to tell the person. */
  text: string;
  /** The office's own words, shown after it when they add something. */
  detail: string | null;
  /** The form field it is about, if any. */
  field: string | null;
}

export function wordFailure(error: unknown): Worded {
  if (!(error instanceof ConsoleFailure)) return { text: t('console.errors.generic'), detail: String(error), field: null };
  const { code, message, field, until } = error.body;
  const fieldName = field ?? null;
  if (code === 'too_many_attempts' && until !== undefined) {
    return { text: t('console.signIn.locked', { time: formatDateTime(until) }), detail: null, field: null };
  }
  if (code === 'already_exists' && fieldName === 'email') return { text: t('console.errors.duplicateEmail'), detail: message, field: fieldName };
  if (code === 'invalid_input' && fieldName !== null) {
    const label = `console.fields.${fieldName}`;
    const named = hasMessage(label) ? t(label as MessageKey) : fieldName;
    return { text: t('console.errors.invalidField', { field: named }), detail: message, field: fieldName };
  }
  const key = `console.errors.${code}`;
  if (hasMessage(key)) return { text: t(key as MessageKey), detail: code === 'bad_credentials' ? null : message, field: fieldName };
  return { text: t('console.errors.generic'), detail: message, field: fieldName };
}

/** Whether a failure means the session is gone (sign in again). */
export function signedOut(error: unknown): boolean {
  return error instanceof ConsoleFailure && error.status === 401 && error.body.code === 'unauthorized';
}
