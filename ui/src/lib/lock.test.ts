import { describe, expect, it } from 'vitest';
import {
  checkNewPassphrase,
  formatWait,
  parseAutoLockMinutes,
  passphraseStrength,
  secondsLeft,
  shouldReportActivity,
  wipeLeftBehind,
  wipeWarning,
} from './lock';
import type { WipeReport } from './types';
import { setLocale, t } from './i18n.svelte';

describe('checkNewPassphrase', () => {
  it('asks for the minimum length, counting characters not bytes', () => {
    expect(checkNewPassphrase('short', 'short', 8)).toBe('Use at least 8 characters.');
    expect(checkNewPassphrase('ééééééé', 'ééééééé', 8)).toBe('Use at least 8 characters.');
    expect(checkNewPassphrase('éééééééé', 'éééééééé', 8)).toBeNull();
  });

  it('asks for the same passphrase twice', () => {
    expect(checkNewPassphrase('long enough one', 'long enough two', 8)).toBe('The two passphrases are not the same.');
    expect(checkNewPassphrase('long enough one', 'long enough one', 8)).toBeNull();
  });
});

describe('passphraseStrength', () => {
  it('grades by length first', () => {
    expect(passphraseStrength('abc', 8)).toBe('too short');
    expect(passphraseStrength('aaaaaaaaaaaa', 8)).toBe('weak');
    expect(passphraseStrength('monitor1', 8)).toBe('weak');
    expect(passphraseStrength('monitorvisit', 8)).toBe('fair');
    expect(passphraseStrength('river lamp quiet', 8)).toBe('strong');
    expect(passphraseStrength('a very long passphrase indeed', 8)).toBe('strong');
  });
});

describe('formatWait', () => {
  it('shows seconds, then minutes, then hours', () => {
    expect(formatWait(0)).toBe('0 s');
    expect(formatWait(29.2)).toBe('30 s');
    expect(formatWait(125)).toBe('2 min 05 s');
    expect(formatWait(3600)).toBe('1 h 00 min');
    expect(formatWait(-5)).toBe('0 s');
  });

  it('counts down to zero from a deadline', () => {
    expect(secondsLeft(10_000, 0)).toBe(10);
    expect(secondsLeft(10_000, 9_001)).toBe(1);
    expect(secondsLeft(10_000, 12_000)).toBe(0);
  });
});

describe('shouldReportActivity', () => {
  it('reports the first activity, then at most once per throttle', () => {
    expect(shouldReportActivity(null, 5)).toBe(true);
    expect(shouldReportActivity(1_000, 15_999, 15_000)).toBe(false);
    expect(shouldReportActivity(1_000, 16_000, 15_000)).toBe(true);
    expect(shouldReportActivity(20_000, 1_000, 15_000)).toBe(true);
  });
});

describe('wipeWarning', () => {
  it('names the changes that would be lost', () => {
    expect(wipeWarning(12)).toBe('12 changes have not reached the central office and will be lost.');
    expect(wipeWarning(1)).toBe('1 change has not reached the central office and will be lost.');
    expect(wipeWarning(0)).toBe('Every change on this device has reached the central office.');
  });
});

describe('parseAutoLockMinutes', () => {
  it('takes whole minutes from 1 to the maximum', () => {
    expect(parseAutoLockMinutes('5')).toBe(5);
    expect(parseAutoLockMinutes(' 120 ')).toBe(120);
    expect(parseAutoLockMinutes('0')).toBeNull();
    expect(parseAutoLockMinutes('121')).toBeNull();
    expect(parseAutoLockMinutes('2.5')).toBeNull();
    expect(parseAutoLockMinutes('')).toBeNull();
  });
});

describe('wipeLeftBehind', () => {
  it('names each part a wipe could not remove, with the reason', () => {
    const complete: WipeReport = { removed: ['vault', 'store', 'blobs', 'other_files', 'keyring', 'exports'], failed: [] };
    expect(wipeLeftBehind(complete)).toEqual([]);
    const partial: WipeReport = {
      removed: ['vault', 'store', 'blobs', 'other_files', 'keyring'],
      failed: [{ part: 'exports', message: '/home/a/Downloads: Permission denied' }],
    };
    expect(wipeLeftBehind(partial)).toEqual(['exported reports and tables: /home/a/Downloads: Permission denied']);
    setLocale('ru', null);
    const [line] = wipeLeftBehind(partial);
    expect(line).not.toContain('Permission denied');
    expect(line).toBe(t('security.wipeParts.exports'));
    setLocale('en', null);
  });
});
