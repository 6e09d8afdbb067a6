/**
 * An error in words. Rust's messages are English and carry the details (which field,
 * which file); for the codes whose meaning is the whole message, the UI says it in its
 * own language instead, and for a refusal of an edit (on this device or at the central
 * office) it says the rule in its own language with Rust's details after it. Branches on
 * the code, never on the text.
 */
import type { Code, Detail, Rule } from './bindings';
import { hasMessage, locale, t } from './i18n.svelte';
import { detailText } from './names';
import { formatWait } from './lock';

/** Codes that refuse an edit or a sync for a rule the person can understand and act on. */
export const REFUSAL_CODES = [
  'forbidden',
  'workflow',
  'visit_locked',
  'in_review',
  'not_found',
  'invalid',
  'audit_chain',
  'clock_ahead',
  'rate_limited',
  'device_exists',
  'device_unconfirmed',
  'upload_quota',
  'office_disk_full',
  'update_required',
  'office_too_old',
  'disk_full',
  'update_refused',
  'update_failed',
] as const satisfies readonly Code[];

export type RefusalCode = (typeof REFUSAL_CODES)[number];

export function isRefusal(code: Code): code is RefusalCode {
  return (REFUSAL_CODES as readonly Code[]).includes(code);
}

/** The rule a refusal applies, in the UI's language. */
export function refusalRule(code: RefusalCode): string {
  return t(`refusals.${code}`);
}

export interface ErrorLike {
  code: Code;
  message: string;
  retryAfterSeconds?: number | null;
  /** A record's field and the rule it broke: worded here, in the person's language. */
  invalid?: { field: string; rule: Rule } | null;
  /** What a refusal was about, as parameters: worded here too. */
  detail?: Detail | null;
}

/** "«Текст»: не может быть пустым." The field's own name when the UI has no word for it. */
function invalidFieldText({ field, rule }: { field: string; rule: Rule }): string {
  const key = `fields.${field}`;
  const name = hasMessage(key) ? t(key) : field;
  return t('errors.invalidField', { field: name, rule: t(`rules.${rule}`) });
}

export function errorText(error: ErrorLike): string {
  if (error.invalid) return invalidFieldText(error.invalid);
  switch (error.code) {
    case 'not_in_app':
    case 'not_enrolled':
    case 'locked':
    case 'wrong_passphrase':
      return t(`errors.${error.code}`);
    case 'too_many_attempts':
      return typeof error.retryAfterSeconds === 'number'
        ? t('errors.too_many_attempts', { wait: formatWait(error.retryAfterSeconds) })
        : error.message;
    default:
      if (!isRefusal(error.code)) return error.message;
      // The rule, then what it was about in the person's words; Rust's English only in English.
      if (error.detail) return `${refusalRule(error.code)} ${detailText(error.detail)}`;
      return locale.current === 'en' ? `${refusalRule(error.code)} (${error.message})` : refusalRule(error.code);
  }
}
