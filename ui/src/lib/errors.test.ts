import { afterEach, describe, expect, it } from 'vitest';
import { errorText } from './errors';
import { setLocale } from './i18n.svelte';

afterEach(() => setLocale('en', null));

describe('errorText', () => {
  it('says in the UI language what a code means on its own', () => {
    const locked = { code: 'wrong_passphrase', message: 'wrong passphrase' };
    expect(errorText(locked)).toBe('That passphrase is not right.');
    setLocale('ru', null);
    expect(errorText(locked)).toBe('Неверная парольная фраза.');
    expect(errorText({ code: 'too_many_attempts', message: 'wait', retryAfterSeconds: 125 })).toBe(
      'Слишком много неверных попыток. Повторите через 2 мин 05 с.',
    );
  });

  it("keeps Rust's message where it carries the details", () => {
    setLocale('az', null);
    expect(errorText({ code: 'invalid_input', message: 'Enter a code' })).toBe('Enter a code');
    expect(errorText({ code: 'too_many_attempts', message: 'wait a little' })).toBe('wait a little');
  });
});
