/**
 * The device lock as the UI sees it: checking a new passphrase before Rust does, a
 * rough strength hint, the wait after too many wrong passphrases, the throttle for
 * activity reports (the idle timer itself runs in Rust), and the words of the wipe warning
 * and of what a wipe could not remove.
 */
import { locale, t } from './i18n.svelte';
import type { WipeReport } from './types';

/** A new passphrase typed twice: long enough, and the same both times. */
export function checkNewPassphrase(first: string, second: string, minChars: number): string | null {
  if ([...first].length < minChars) return t('lock.minChars', { min: minChars });
  if (first !== second) return t('lock.notSame');
  return null;
}

export type Strength = 'too short' | 'weak' | 'fair' | 'strong';

/** The strength in the UI's language (the `Strength` itself names a CSS class). */
export function strengthLabel(strength: Strength): string {
  return t(`lock.strengths.${strength === 'too short' ? 'too_short' : strength}`);
}

/**
 * A hint, not a rule: length counts most (a few unrelated words beat a short
 * mix of symbols); repeated or sequential characters count for little.
 */
export function passphraseStrength(passphrase: string, minChars: number): Strength {
  const chars = [...passphrase];
  if (chars.length < minChars) return 'too short';
  const distinct = new Set(chars.map((c) => c.toLowerCase())).size;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(passphrase)).length;
  const words = passphrase.trim().split(/[\s\-_.]+/).filter((w) => w.length >= 3).length;
  if (distinct < 5) return 'weak';
  if (chars.length >= 20 || (chars.length >= 14 && (classes >= 3 || words >= 3))) return 'strong';
  if (chars.length >= 12 || classes >= 3) return 'fair';
  return 'weak';
}

/** "45 s", "2 min 05 s", "1 h 00 min": the wait before the next attempt. */
export function formatWait(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 60) return t('lock.waitSeconds', { seconds: s });
  if (s < 3600) return t('lock.waitMinutes', { minutes: Math.floor(s / 60), seconds: String(s % 60).padStart(2, '0') });
  return t('lock.waitHours', { hours: Math.floor(s / 3600), minutes: String(Math.floor((s % 3600) / 60)).padStart(2, '0') });
}

/** Seconds left of a wait that ends at `untilMs`, at `nowMs`. */
export function secondsLeft(untilMs: number, nowMs: number): number {
  return Math.max(0, Math.ceil((untilMs - nowMs) / 1000));
}

/** How often the UI tells Rust the person is active, at most. */
export const ACTIVITY_THROTTLE_MS = 15_000;

/** Whether an activity at `nowMs` should be reported, the last report being at `lastMs`. */
export function shouldReportActivity(lastMs: number | null, nowMs: number, throttleMs = ACTIVITY_THROTTLE_MS): boolean {
  return lastMs === null || nowMs - lastMs >= throttleMs || nowMs < lastMs;
}

/** The first line of the wipe confirmation: what would be lost. */
export function wipeWarning(unsynced: number): string {
  if (unsynced === 0) return t('lock.allReached');
  return t('lock.willBeLost', { count: unsynced });
}

/**
 * What a wipe left on the device, one line per part: its name, then why and where in an
 * English window (the system's words are English; another language names the part alone).
 */
export function wipeLeftBehind(report: WipeReport): string[] {
  return report.failed.map((failure) => {
    const part = t(`security.wipeParts.${failure.part}`);
    return locale.current === 'en' ? `${part}: ${failure.message}` : part;
  });
}

/** An idle time the person typed, in whole minutes, or null if it cannot be used. */
export function parseAutoLockMinutes(text: string, max = 120): number | null {
  if (!/^\s*\d+\s*$/.test(text)) return null;
  const minutes = Number(text);
  return minutes >= 1 && minutes <= max ? minutes : null;
}
