/**
 * An error in words. Rust's messages are English and carry the details (which field,
 * which file); for the codes whose meaning is the whole message, the UI says it in its
 * own language instead, and for a refusal of an edit (on this device or at the central
 * office) it says the rule in its own language with Rust's details after it. Branches on
 * the code, never on the text.
 */
import type { Code, Detail, Rule, Trouble } from './bindings';
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
  /** What went wrong with the office (the address that did not answer...): worded here too. */
  trouble?: Trouble | null;
}

/** Codes the app gives with a message of Rust's only: worded here for a window not in English. */
const WORDED_CODES = ['invalid_input', 'no_conflict', 'store', 'offline', 'unauthorized', 'sync', 'keyring', 'export', 'unknown'] as const;

type WordedCode = (typeof WORDED_CODES)[number];

function isWorded(code: Code): code is WordedCode {
  return (WORDED_CODES as readonly Code[]).includes(code);
}

/** What went wrong with the office, in the person's language: a problem's "Details". */
export function troubleText(trouble: Trouble): string {
  switch (trouble.kind) {
    case 'office_answered':
      return t('trouble.office_answered', { status: trouble.status, code: trouble.code });
    case 'cut':
    case 'bad_reply':
      return t(`trouble.${trouble.kind}`);
    default: {
      const { kind, ...said } = trouble;
      return t(`trouble.${kind}`, said);
    }
  }
}

/**
 * The problem's details as a person reading this language can read them: the trouble worded,
 * else Rust's message in an English window only; null when there is nothing more to say.
 */
export function detailOf(error: ErrorLike): string | null {
  if (error.trouble) return troubleText(error.trouble);
  return locale.current === 'en' ? error.message : null;
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
      if (!isRefusal(error.code)) {
        // Rust's message is English: another language says what the code means instead.
        if (locale.current === 'en') return error.message;
        return t(`errors.code.${isWorded(error.code) ? error.code : 'unknown'}`);
      }
      // The rule, then what it was about in the person's words; Rust's English only in English.
      if (error.detail) return `${refusalRule(error.code)} ${detailText(error.detail)}`;
      return locale.current === 'en' ? `${refusalRule(error.code)} (${error.message})` : refusalRule(error.code);
  }
}
