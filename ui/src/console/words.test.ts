import { describe, expect, it } from 'vitest';
import { setLocale } from '../lib/i18n.svelte';
import { ConsoleFailure } from './api';
import { signedOut, wordFailure } from './words';

const failure = (status: number, body: ConstructorParameters<typeof ConsoleFailure>[1]) => new ConsoleFailure(status, body);

describe('a console refusal in the person’s language', () => {
  it('names the locked account’s time, the field that is wrong and a taken address', () => {
    setLocale('en', null);
    const locked = wordFailure(failure(429, { code: 'too_many_attempts', message: 'locked', until: '2026-12-02T12:30:00Z' }));
    expect(locked.text).toMatch(/^Too many failed sign-ins: this account is locked until .*2026/);
    const empty = wordFailure(failure(400, { code: 'invalid_input', message: 'the name is empty', field: 'name' }));
    expect(empty).toEqual({ text: '«Name»: please check this field.', detail: 'the name is empty', field: 'name' });
    const taken = wordFailure(failure(409, { code: 'already_exists', message: 'x is already the address of Y', field: 'email' }));
    expect(taken.text).toBe('Another person already has this e-mail address. Nothing was changed.');
    expect(wordFailure(failure(401, { code: 'bad_credentials', message: 'wrong' })).detail).toBeNull();
  });

  it('speaks Russian and Azerbaijani too, and tells an ended session from other refusals', () => {
    setLocale('ru', null);
    expect(wordFailure(failure(403, { code: 'csrf_token', message: 'no token' })).text).toBe('Страница устарела для вашего сеанса: обновите её. Ничего не изменено.');
    setLocale('az', null);
    expect(wordFailure(failure(400, { code: 'invalid_input', message: 'm', field: 'email' })).text).toBe('«E-poçt ünvanı»: bu sahəni yoxlayın.');
    setLocale('en', null);
    expect(signedOut(failure(401, { code: 'unauthorized', message: 'signed out' }))).toBe(true);
    expect(signedOut(failure(401, { code: 'bad_credentials', message: 'wrong' }))).toBe(false);
    expect(signedOut(failure(403, { code: 'forbidden', message: 'no' }))).toBe(false);
  });
});

describe('the audit trail’s actions', () => {
  it('has words in every language for each action the office records', async () => {
    const sources = import.meta.glob('../../../crates/vigil-server/src/**/*.rs', { query: '?raw', import: 'default', eager: true });
    const recorded = new Set<string>();
    for (const text of Object.values(sources) as string[]) {
      for (const [, action] of text.matchAll(/office_audit::record\(\s*[^,]+,\s*[^,]+,\s*"([a-z_]+)"/g)) if (action) recorded.add(action);
    }
    expect(recorded.size).toBeGreaterThan(10);
    expect(recorded).toContain('kept_report_downloaded');
    for (const lang of ['en', 'az', 'ru']) {
      const { default: words } = await import(`../locales/${lang}.json`);
      const missing = [...recorded].filter((action) => !(action in words.console.audit.actions));
      expect(missing, lang).toEqual([]);
    }
  });
});
