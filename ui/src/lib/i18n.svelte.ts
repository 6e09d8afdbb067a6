/**
 * The UI's languages: English, Azerbaijani and Russian. Messages live in
 * `src/locales/*.json` in ICU MessageFormat (plurals, numbers) and are read through
 * i18next with its ICU plugin. The current language is a rune, so any template,
 * `$derived` or helper that calls `t` or reads `locale.current` follows a switch
 * without remounting anything (a half-typed finding survives it).
 */
import i18next from 'i18next';
import ICU from 'i18next-icu';
import az from '../locales/az.json';
import en from '../locales/en.json';
import ru from '../locales/ru.json';

export const LOCALES = ['en', 'az', 'ru'] as const;
export type Locale = (typeof LOCALES)[number];

/** Each language named in itself, as the switcher offers it. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', az: 'Azərbaycanca', ru: 'Русский' };

/** Every message's key, from the English file: a typo in a key fails `npm run check`. */
type Keys<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Keys<T[K], `${Prefix}${K}.`>;
}[keyof T & string];
export type MessageKey = Keys<typeof en>;

export type MessageValues = Record<string, string | number>;

const STORAGE_KEY = 'vigil.locale';

function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * The language to start in: the one chosen before, else the first of the system's
 * languages that the UI has ("ru-RU" is Russian), else English.
 */
export function pickLocale(saved: string | null, preferred: readonly string[]): Locale {
  if (isLocale(saved)) return saved;
  for (const tag of preferred) {
    const language = tag.toLowerCase().split(/[-_]/)[0];
    if (isLocale(language)) return language;
  }
  return 'en';
}

/** Storage that may be missing (tests, a webview that refuses it): the choice is then not kept. */
function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

function systemLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages?.length ? navigator.languages : [navigator.language];
}

const initial = pickLocale(storage()?.getItem(STORAGE_KEY) ?? null, systemLanguages());

const i18n = i18next.createInstance();
void i18n.use(ICU).init({
  resources: { en: { translation: en }, az: { translation: az }, ru: { translation: ru } },
  lng: initial,
  // A message missing from a translation shows in English rather than as its key.
  fallbackLng: 'en',
  supportedLngs: LOCALES,
  initAsync: false,
});

let current = $state<Locale>(initial);

function markDocument(language: Locale) {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}
markDocument(initial);

/** The language the UI speaks now (reactive). */
export const locale = {
  get current(): Locale {
    return current;
  },
};

/** Switches the language everywhere at once and keeps the choice for the next start. */
export function setLocale(next: Locale, store: Storage | null = storage()) {
  current = next;
  void i18n.changeLanguage(next);
  markDocument(next);
  try {
    store?.setItem(STORAGE_KEY, next);
  } catch {
    // A full or refused storage only means the choice is asked again next time.
  }
}

/** The saved choice, if any (for tests and the first start). */
export function savedLocale(store: Storage | null = storage()): Locale | null {
  const saved = store?.getItem(STORAGE_KEY) ?? null;
  return isLocale(saved) ? saved : null;
}

/** The message `key` in the current language, its `{placeholders}` filled from `values`. */
export function t(key: MessageKey, values?: MessageValues): string {
  return i18n.t(key, { ...values, lng: current });
}

/** Whether `key` names a message (for keys built from a value, such as a kind of place). */
export function hasMessage(key: string): key is MessageKey {
  let node: unknown = en;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, part)) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string';
}

/**
 * The locale tag for `Intl` formatting: the system's own variant when it speaks the
 * same language (en-GB writes "5 Mar 2024", en-US "Mar 5, 2024"), else the language.
 */
export function intlLocale(): string {
  const language = current;
  const own = systemLanguages().find((tag) => tag.toLowerCase().split(/[-_]/)[0] === language);
  return own ?? language;
}
