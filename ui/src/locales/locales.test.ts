import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import az from './az.json';
import en from './en.json';
import ru from './ru.json';

type Tree = { [key: string]: string | Tree };
const LOCALES: Record<string, Tree> = { en, az, ru };

/** Every message by its dotted key. */
function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out.set(prefix + key, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

/** The placeholders a message fills, with their kind ("count:plural", "date"). */
function placeholders(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const element of elements) {
    switch (element.type) {
      case TYPE.argument:
        into.add(element.value);
        break;
      case TYPE.number:
        into.add(`${element.value}:number`);
        break;
      case TYPE.plural:
      case TYPE.select:
        into.add(`${element.value}:${element.type === TYPE.plural ? 'plural' : 'select'}`);
        for (const option of Object.values(element.options)) placeholders(option.value, into);
        break;
      case TYPE.tag:
        placeholders(element.children, into);
        break;
      default:
        break;
    }
  }
  return into;
}

/** The plural forms each `{x, plural, …}` of a message offers. */
function pluralForms(elements: MessageFormatElement[], into: string[][] = []): string[][] {
  for (const element of elements) {
    if (element.type === TYPE.plural || element.type === TYPE.select) {
      if (element.type === TYPE.plural) into.push(Object.keys(element.options));
      for (const option of Object.values(element.options)) pluralForms(option.value, into);
    }
  }
  return into;
}

const english = flatten(en);

describe('locale files', () => {
  it.each(['az', 'ru'])('%s has exactly the keys of en', (code) => {
    const keys = [...flatten(LOCALES[code]!).keys()].sort();
    expect(keys).toEqual([...english.keys()].sort());
  });

  it.each(Object.keys(LOCALES))('%s: every message is valid ICU and not empty', (code) => {
    for (const [key, message] of flatten(LOCALES[code]!)) {
      expect(message.trim(), key).not.toBe('');
      expect(() => parse(message), `${code} ${key}`).not.toThrow();
    }
  });

  it.each(['az', 'ru'])('%s fills the same placeholders as en', (code) => {
    const messages = flatten(LOCALES[code]!);
    for (const [key, source] of english) {
      const translated = messages.get(key);
      if (translated === undefined) continue; // the key test above names it
      // The names must match; the kind may differ where the grammar does (Russian needs a
      // plural for "at least {min} characters", English only a number).
      const names = (message: string) => new Set([...placeholders(parse(message))].map((p) => p.split(':')[0]));
      expect(names(translated), `${code} ${key}`).toEqual(names(source));
    }
  });

  it('gives every plural an "other" form, and Russian its one, few and many', () => {
    for (const [code, tree] of Object.entries(LOCALES)) {
      for (const [key, message] of flatten(tree)) {
        for (const forms of pluralForms(parse(message))) {
          expect(forms, `${code} ${key}`).toContain('other');
          if (code === 'ru') expect(forms, `${code} ${key}`).toEqual(expect.arrayContaining(['one', 'few', 'many']));
        }
      }
    }
  });

  it('has no English left in the translations, beyond names and units', () => {
    const same = (code: string) =>
      [...flatten(LOCALES[code]!)].filter(([key, message]) => message === english.get(key) && /[a-z]{3}/i.test(message));
    // Placeholders alone, e.g. "{kind} ({count, number})", read the same in every language.
    const allowed = (message: string) => message.replace(/\{[^{}]*\}/g, '').replace(/[^A-Za-z]/g, '') === '';
    expect(same('ru').filter(([, m]) => !allowed(m))).toEqual([]);
    expect(same('az').filter(([, m]) => !allowed(m))).toEqual([
      ['placeCard.region', 'Region'],
      ['fields.region', 'Region'],
      ['console.roles.admin', 'Administrator'],
      ['console.fields.region', 'Region'],
      ['console.teams.region', 'Region'],
    ]);
  });
});
