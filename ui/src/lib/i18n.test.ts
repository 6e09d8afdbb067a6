import { afterEach, describe, expect, it, vi } from 'vitest';
import { LOCALE_NAMES, locale, pickLocale, savedLocale, setLocale, t } from './i18n.svelte';

/** A `Storage` in memory, as the webview's localStorage behaves. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, String(value)),
  };
}

afterEach(() => {
  setLocale('en', null);
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('pickLocale', () => {
  it('keeps the choice made before', () => {
    expect(pickLocale('az', ['ru-RU'])).toBe('az');
  });

  it('else follows the system language when the UI has it', () => {
    expect(pickLocale(null, ['ru-RU', 'en-GB'])).toBe('ru');
    expect(pickLocale(null, ['de-DE', 'az-Latn-AZ'])).toBe('az');
    expect(pickLocale('klingon', ['AZ'])).toBe('az');
  });

  it('else speaks English', () => {
    expect(pickLocale(null, ['de-DE', 'tr'])).toBe('en');
    expect(pickLocale(null, [])).toBe('en');
  });
});

describe('switching language', () => {
  it('changes every message, plurals included', () => {
    expect(t('places.title')).toBe('Places');
    expect(t('places.count', { count: 1 })).toBe('1 place');
    setLocale('ru', null);
    expect(locale.current).toBe('ru');
    expect(t('places.title')).toBe('Места');
    expect([1, 3, 5, 21].map((count) => t('places.count', { count }))).toEqual(['1 место', '3 места', '5 мест', '21 место']);
    setLocale('az', null);
    expect(t('places.count', { count: 3 })).toBe('3 yer');
  });

  it('names each language in itself', () => {
    expect(LOCALE_NAMES).toEqual({ en: 'English', az: 'Azərbaycanca', ru: 'Русский' });
  });

  it('keeps the choice and marks the page with its language', () => {
    const store = memoryStorage();
    const html = { lang: 'en' };
    vi.stubGlobal('document', { documentElement: html });
    setLocale('ru', store);
    expect(savedLocale(store)).toBe('ru');
    expect(html.lang).toBe('ru');
  });
});

describe('the first start', () => {
  /** The module as a fresh start of the app loads it, with this storage and system. */
  async function start(saved: string | null, languages: string[]) {
    const store = memoryStorage();
    if (saved !== null) store.setItem('vigil.locale', saved);
    const html = { lang: 'en' };
    vi.stubGlobal('localStorage', store);
    vi.stubGlobal('navigator', { language: languages[0], languages });
    vi.stubGlobal('document', { documentElement: html });
    vi.resetModules();
    const fresh = await import('./i18n.svelte');
    return { fresh, html };
  }

  it('restores the language chosen before', async () => {
    const { fresh, html } = await start('az', ['ru-RU']);
    expect(fresh.locale.current).toBe('az');
    expect(fresh.t('places.title')).toBe('Yerlər');
    expect(html.lang).toBe('az');
  });

  it('starts in the system language when nothing was chosen', async () => {
    const { fresh, html } = await start(null, ['ru-RU', 'en']);
    expect(fresh.locale.current).toBe('ru');
    expect(html.lang).toBe('ru');
    // Dates take the system's own variant of the language.
    expect(fresh.intlLocale()).toBe('ru-RU');
  });

  it('starts in English for a language the UI does not have', async () => {
    const { fresh } = await start(null, ['de-DE']);
    expect(fresh.locale.current).toBe('en');
  });
});

describe('a runtime without a language’s formatting data', () => {
  it('formats Azerbaijani with a stand-in of the same conventions, and dates without month names', async () => {
    const { formatTag } = await import('./i18n.svelte');
    const { formatDate } = await import('./format');
    expect(formatTag('az', () => false)).toBe('tr');
    expect(formatTag('az', () => true)).toBe('az');
    expect(formatTag('ru', () => false)).toBe('ru');
    expect(formatDate('2024-03-05', 'tr')).toBe('05.03.2024');
  });
});
