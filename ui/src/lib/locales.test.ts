import { parse } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import az from '../locales/az.json';
import en from '../locales/en.json';
import ru from '../locales/ru.json';

/** The sections the supervisor screens added; each language has every message, each parses as ICU. */
const SECTIONS = ['nav', 'review', 'report', 'tracker', 'dashboard', 'console', 'authority'] as const;

function messages(node: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (typeof value === 'string') out.set(prefix + key, value);
    else for (const [k, v] of messages(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

describe('the supervisor screens speak three languages', () => {
  for (const section of SECTIONS) {
    it(`has every ${section} message in az and ru, each valid ICU with the same placeholders`, () => {
      const english = messages(en[section]);
      for (const [name, other] of [
        ['az', az[section]],
        ['ru', ru[section]],
      ] as const) {
        const translated = messages(other);
        expect([...translated.keys()].sort(), name).toEqual([...english.keys()].sort());
        for (const [key, text] of translated) {
          expect(() => parse(text), `${name} ${section}.${key}`).not.toThrow();
          const places = (s: string) => [...s.matchAll(/\{(\w+)\s*[,}]/g)].map((m) => m[1]).sort();
          expect(places(text), `${name} ${section}.${key}`).toEqual(places(english.get(key)!));
        }
      }
    });
  }
});

describe('one word for one thing, everywhere', () => {
  for (const [name, catalogue] of [
    ['en', en],
    ['az', az],
    ['ru', ru],
  ] as const) {
    it(`names places and findings the same way in the nav, headings and tabs (${name})`, () => {
      expect(catalogue.nav.places, name).toBe(catalogue.places.title);
      expect(catalogue.visit.part.findings, name).toBe(catalogue.findings.title);
    });
  }

  it('calls a place "место" in Russian, never "учреждение" outside the names of kinds', () => {
    const outsideKinds = [...messages({ ...ru, kinds: {} }).entries()].filter(([, text]) => /учрежден/i.test(text));
    expect(outsideKinds).toEqual([]);
  });
});
