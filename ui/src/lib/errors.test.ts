import { afterEach, describe, expect, it } from 'vitest';
import type { Trouble } from './bindings';
import { REFUSAL_CODES, errorText, refusalRule, troubleText } from './errors';
import { setLocale } from './i18n.svelte';

afterEach(() => setLocale('en', null));

describe('errorText', () => {
  it('says in the UI language what a code means on its own', () => {
    const locked = { code: 'wrong_passphrase' as const, message: 'wrong passphrase' };
    expect(errorText(locked)).toBe('That passphrase is not right.');
    setLocale('ru', null);
    expect(errorText(locked)).toBe('Неверная парольная фраза.');
    expect(errorText({ code: 'too_many_attempts', message: 'wait', retryAfterSeconds: 125 })).toBe(
      'Слишком много неверных попыток. Повторите через 2 мин 05 с.',
    );
  });

  it("keeps Rust's message in English only: another language says what the code means", () => {
    expect(errorText({ code: 'invalid_input', message: 'Enter a code' })).toBe('Enter a code');
    expect(errorText({ code: 'too_many_attempts', message: 'wait a little' })).toBe('wait a little');
    setLocale('az', null);
    expect(errorText({ code: 'invalid_input', message: 'Enter a code' })).toBe('Bunu bu şəkildə saxlamaq olmur: daxil edilənləri yoxlayın.');
    setLocale('ru', null);
    expect(errorText({ code: 'export', message: 'cannot write /tmp/x.pdf: permission denied' })).toBe('Файл не удалось создать или записать.');
    expect(errorText({ code: 'bad_credentials', message: 'bad credentials' }), 'a code the app never gives').toBe(
      'Что-то пошло не так, и Vigil не может сказать, что именно.',
    );
  });

  it('words every kind of trouble with the office in en, az and ru, with its parameters', () => {
    const troubles: Trouble[] = [
      { kind: 'no_answer', address: 'a.example:1' },
      { kind: 'certificate', address: 'a.example:1' },
      { kind: 'timed_out', address: 'a.example:1' },
      { kind: 'cut' },
      { kind: 'office_answered', status: 502, code: 'internal' },
      { kind: 'bad_reply' },
      { kind: 'redirected', location: 'https://elsewhere.example/' },
      { kind: 'sequence_gap', expected: 41 },
      { kind: 'sequence_taken', expected: 41, taken: 37 },
      { kind: 'versions', app: 2, office: 3, oldest: 3 },
    ];
    for (const lang of ['en', 'az', 'ru'] as const) {
      setLocale(lang, null);
      for (const trouble of troubles) {
        const text = troubleText(trouble);
        expect(text, `${trouble.kind} in ${lang}`).not.toMatch(/trouble\.|\{/);
        for (const [key, value] of Object.entries(trouble)) {
          if (key !== 'kind') expect(text, `${trouble.kind} in ${lang} says its ${key}`).toContain(String(value));
        }
      }
    }
  });

  it('says the rule a refusal applies in each language; Rust’s English details only in English', () => {
    const moved = { code: 'invalid' as const, message: 'observation.visit_id is fixed once the record is made' };
    expect(errorText(moved)).toBe(
      'The change would leave the record wrong, for example by moving a link that cannot change. (observation.visit_id is fixed once the record is made)',
    );
    const ahead = { code: 'clock_ahead' as const, message: 'clock 2031-01-01T00:00:00Z' };
    setLocale('az', null);
    expect(errorText(ahead)).toMatch(/^Tarix və ya saat bir gündən çox irəlidədir/);
    expect(errorText(ahead)).not.toContain('clock');
    setLocale('ru', null);
    expect(errorText({ code: 'forbidden', message: 'op.author' })).toBe('Ваша роль или команда не позволяет это изменение.');
    const supervisor = { code: 'forbidden' as const, message: 'a Supervisor may not change Observation records this way' };
    const detail = { kind: 'role_may_not' as const, role: 'supervisor' as const, entity: 'observation' as const };
    expect(errorText({ ...supervisor, detail })).toBe(
      'Ваша роль или команда не позволяет это изменение. Роль «супервайзер» не позволяет так менять записи вида «Наблюдение».',
    );
    setLocale('en', null);
    expect(errorText({ code: 'update_required', message: 'app 2, office 3' })).toBe(
      'This version of Vigil is too old for the central office: update the app. Your changes stay on this device and sync after the update. (app 2, office 3)',
    );
    for (const code of REFUSAL_CODES) {
      for (const lang of ['en', 'az', 'ru'] as const) {
        setLocale(lang, null);
        expect(refusalRule(code), `${code} in ${lang}`).not.toContain('refusals.');
      }
    }
  });
});

describe('a broken rule', () => {
  it('is said in the person\'s language, naming the field', async () => {
    const { setLocale } = await import('./i18n.svelte');
    const error = { code: 'invalid_input' as const, message: 'observation.text: must not be empty', invalid: { field: 'text', rule: 'not_empty' as const } };
    expect(errorText(error)).toBe('Text must not be empty.');
    setLocale('ru', null);
    try {
      expect(errorText(error)).toBe('«Текст»: не может быть пустым.');
      const day = { ...error, invalid: { field: 'due_on', rule: 'sensible_day' as const } };
      expect(errorText(day)).toBe('«Срок»: должна быть датой с 2000 по 2099 год.');
    } finally {
      setLocale('en', null);
    }
  });

  it('has words for every kind of refusal detail, every record kind and every field of a record, in en, az and ru', async () => {
    const catalogues = await Promise.all(['en', 'az', 'ru'].map((l) => import(`../locales/${l}.json`)));
    const detail = (await import('../../../crates/vigil-core/src/detail.rs?raw')).default;
    const body = detail.slice(detail.indexOf('pub enum Detail'), detail.indexOf('impl From'));
    const snake = (name: string) => name.replace(/[A-Z]/g, (c, i) => (i === 0 ? '' : '_') + c.toLowerCase());
    const kinds = [...body.matchAll(/^ {4}([A-Z]\w+)/gm)].map((m) => snake(m[1]!));
    expect(kinds).toContain('role_may_not');
    expect(kinds.length).toBeGreaterThan(8);
    const records = (await import('../../../crates/vigil-core/src/records/mod.rs?raw')).default;
    const declared = records.slice(records.indexOf('records! {'), records.indexOf('/// One APT area'));
    const fields = new Set([...declared.matchAll(/^\s+(\w+): [^=\n]+=> \w+/gm)].map((m) => m[1]!));
    const entities = [...declared.matchAll(/= "(\w+)" \{/g)].map((m) => m[1]!);
    expect(fields.has('sample_size') && entities.includes('checklist_answer')).toBe(true);
    for (const catalogue of catalogues) {
      for (const kind of kinds.filter((k) => k !== 'invalid')) expect(catalogue.details[kind], kind).toBeTypeOf('string');
      for (const field of fields) expect(catalogue.fields[field], field).toBeTypeOf('string');
      for (const entity of entities) expect(catalogue.entities[entity], entity).toBeTypeOf('string');
      for (const role of ['inspector', 'lead', 'supervisor', 'admin']) expect(catalogue.roles[role], role).toBeTypeOf('string');
    }
  });

  it('has words for every rule and every field the core names, in en, az and ru', async () => {
    const { RULES } = await import('./bindings');
    const catalogues = await Promise.all(['en', 'az', 'ru'].map((l) => import(`../locales/${l}.json`)));
    const core = (await import('../../../crates/vigil-core/src/validate.rs?raw')).default;
    const fields = new Set([...core.matchAll(/"([a-z_]+)",\s*Rule::|\(&?[\w.()|, ]+, "([a-z_]+)"\)/g)].map((m) => m[1] ?? m[2] ?? ''));
    expect(fields.has('due_on') && fields.has('text') && fields.has('discrepancies')).toBe(true);
    for (const catalogue of catalogues) {
      for (const rule of RULES) expect(catalogue.rules[rule], rule).toBeTypeOf('string');
      for (const field of fields) expect(catalogue.fields[field], field).toBeTypeOf('string');
    }
  });
});
