/**
 * An error in words. Rust's messages are English and carry the details (which field,
 * which file); for the codes whose meaning is the whole message, the UI says it in its
 * own language instead. Branches on the code, never on the text.
 */
import { t } from './i18n.svelte';
import { formatWait } from './lock';

export interface ErrorLike {
  code: string;
  message: string;
  retryAfterSeconds?: number | null;
}

export function errorText(error: ErrorLike): string {
  switch (error.code) {
    case 'not_in_app':
    case 'not_enrolled':
    case 'device_locked':
    case 'wrong_passphrase':
      return t(`errors.${error.code}`);
    case 'too_many_attempts':
      return typeof error.retryAfterSeconds === 'number'
        ? t('errors.too_many_attempts', { wait: formatWait(error.retryAfterSeconds) })
        : error.message;
    default:
      return error.message;
  }
}
