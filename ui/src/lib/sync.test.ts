import { afterEach, describe, expect, it } from 'vitest';
import {
  canSyncNow,
  describeProblem,
  describeSync,
  describeUnknown,
  emptyStatus,
  enrolAdvice,
  formatSyncDateTime,
  formatSyncTime,
  needsEnrolment,
  needsReload,
  progressShare,
  withNetwork,
  syncAdvice,
} from './sync';
import { setLocale } from './i18n.svelte';

const clock = { now: new Date('2026-03-05T16:30:00Z'), locale: 'en-GB', timeZone: 'UTC' };
const enrolled = (overrides: Parameters<typeof emptyStatus>[0]) =>
  emptyStatus({ enrolled: true, server_url: 'https://office.example', state: 'offline', ...overrides });

describe('describeSync', () => {
  it('says plainly that a device that is not enrolled does not sync', () => {
    expect(describeSync(emptyStatus(), clock)).toMatchObject({ label: 'Not enrolled', tone: 'neutral', alerts: [] });
  });

  it('shows a failed enrolment as a problem, with its reason', () => {
    const status = emptyStatus({ error: { code: 'unauthorized', message: 'enrolment code is unknown, used or expired' } });
    const display = describeSync(status, clock);
    expect(display).toMatchObject({ label: 'Not enrolled', tone: 'problem' });
    expect(display.detail).toContain('enrolment code is unknown');
  });

  it('counts the changes waiting while offline', () => {
    expect(describeSync(enrolled({ outbox: 0 }), clock).label).toBe('Offline');
    expect(describeSync(enrolled({ outbox: 1 }), clock).label).toBe('Offline · 1 change waiting');
    expect(describeSync(enrolled({ outbox: 12 }), clock)).toMatchObject({ label: 'Offline · 12 changes waiting', tone: 'offline' });
  });

  it('never shows offline with the look of changes waiting', () => {
    const offline = describeSync(enrolled({ outbox: 3 }), clock);
    const waiting = describeSync(enrolled({ state: 'synced', last_synced_at: '2026-03-05T14:05:00Z', outbox: 3 }), clock);
    expect(offline.tone).not.toBe(waiting.tone);
    expect(offline.short).toBe('Offline · 3');
    expect(waiting.short).toBe('3 waiting');
  });

  it('says it in a few characters for a phone, and counts what needs a person', () => {
    const synced = enrolled({ state: 'synced', last_synced_at: '2026-03-05T14:05:09Z', conflicts: 2, rejected: 1 });
    expect(describeSync(synced, clock)).toMatchObject({ short: '14:05', alertCount: 3 });
    expect(describeSync(synced, clock).alerts).toHaveLength(2);
    const uploading = enrolled({ state: 'syncing', progress: { phase: 'uploading', sent_bytes: 512, total_bytes: 2048, sent: 0, total: 4, received: 0 } });
    expect(describeSync(uploading, clock).short).toBe('↑ 25%');
    const pushing = enrolled({ state: 'syncing', progress: { phase: 'pushing', sent_bytes: 0, total_bytes: 0, sent: 3, total: 10, received: 0 } });
    expect(describeSync(pushing, clock).short).toBe('3/10');
  });

  it('does not look all done when changes were made since the last sync', () => {
    const synced = enrolled({ state: 'synced', last_synced_at: '2026-11-25T09:30:00Z', outbox: 0 });
    expect(describeSync(synced, clock).tone).toBe('ok');
    const waiting = describeSync({ ...synced, outbox: 3 }, clock);
    expect(waiting.tone).toBe('neutral');
    expect(waiting.label).toContain('3 changes waiting');
  });

  it('shows how far a sync is', () => {
    const syncing = (progress: Parameters<typeof emptyStatus>[0]) => describeSync(enrolled({ state: 'syncing', ...progress }), clock);
    expect(syncing({ progress: null })).toMatchObject({ label: 'Syncing…', tone: 'busy' });
    expect(syncing({ progress: { phase: 'pushing', sent_bytes: 0, total_bytes: 0, sent: 3, total: 10, received: 0 } }).label).toBe('Syncing 3 of 10');
    expect(syncing({ progress: { phase: 'uploading', sent_bytes: 512, total_bytes: 2048, sent: 0, total: 4, received: 0 } }).label).toBe('Uploading photos 25%');
    expect(syncing({ progress: { phase: 'pushing', sent_bytes: 0, total_bytes: 0, sent: 0, total: 0, received: 0 } }).label).toBe('Syncing…');
    expect(syncing({ progress: { phase: 'pulling', sent_bytes: 0, total_bytes: 0, sent: 10, total: 10, received: 1000 } }).label).toBe('Syncing · 1,000 received');
  });

  it('says when it last synced, in the local time zone and clock', () => {
    const synced = enrolled({ state: 'synced', last_synced_at: '2026-03-05T14:05:09Z' });
    expect(describeSync(synced, clock)).toMatchObject({ label: 'Synced at 14:05', tone: 'ok' });
    expect(describeSync(synced, { ...clock, timeZone: 'Asia/Tokyo' }).label).toBe('Synced 5 Mar, 23:05');
    expect(describeSync(synced, { ...clock, locale: 'en-US' }).label).toMatch(/^Synced at 02:05\s?PM$/);
    const yesterday = enrolled({ state: 'synced', last_synced_at: '2026-03-04T09:00:00Z' });
    expect(describeSync(yesterday, clock).label).toBe('Synced 4 Mar, 09:00');
  });

  it('adds conflicts and rejected changes when there are some', () => {
    const display = describeSync(enrolled({ state: 'synced', last_synced_at: null, conflicts: 2, rejected: 1 }), clock);
    expect(display.label).toBe('Synced');
    expect(display.alerts).toEqual(['2 conflicts', '1 rejected']);
    expect(describeSync(enrolled({ conflicts: 1 }), clock).alerts).toEqual(['1 conflict']);
    expect(describeSync(enrolled({ blobs_set_aside: 2 }), clock).alerts).toEqual(['2 photos not sent']);
  });

  it('tells the person what to do when the app or the office must be updated', () => {
    expect(syncAdvice('update_required')).toContain('Install the newer Vigil');
    expect(syncAdvice('office_too_old')).toContain('update the central office');
    expect(syncAdvice('office_disk_full')).toContain('keeps trying by itself');
  });

  it('shows a stopped sync as a problem, naming a refusal', () => {
    const revoked = enrolled({ state: 'error', error: { code: 'unauthorized', message: 'revoked' } });
    expect(describeSync(revoked, clock)).toMatchObject({ label: 'Sync refused', tone: 'problem', detail: 'revoked' });
    const other = enrolled({ state: 'error', error: { code: 'sync', message: 'bad reply' } });
    expect(describeSync(other, clock)).toMatchObject({ label: 'Sync stopped', tone: 'problem' });
  });
});

describe('formatSyncTime', () => {
  it('is null for never and keeps a value it cannot read', () => {
    expect(formatSyncTime(null, clock)).toBeNull();
    expect(formatSyncTime('yesterday', clock)).toEqual({ text: 'yesterday', today: false });
  });
});

describe('describeUnknown', () => {
  it('waits quietly for the first answer and shows why there is none', () => {
    expect(describeUnknown(null)).toMatchObject({ label: 'Checking sync…', tone: 'neutral' });
    expect(describeUnknown({ code: 'not_in_app', message: 'Not running inside the Vigil app' })).toMatchObject({
      label: 'Sync unavailable',
      tone: 'problem',
      detail: 'Not running inside the Vigil app',
    });
  });
});

describe('formatSyncDateTime', () => {
  it('gives the date and the time, or null for never', () => {
    expect(formatSyncDateTime('2026-03-05T14:05:09Z', clock)).toBe('5 Mar 2026, 14:05');
    expect(formatSyncDateTime(null, clock)).toBeNull();
  });
});

describe('advice', () => {
  it('branches on the code, never the message', () => {
    expect(syncAdvice('unauthorized')).toBe(
      'This device was revoked or its code expired — ask your administrator for a new enrolment code.',
    );
    expect(syncAdvice('offline')).toContain('keeps trying');
    expect(syncAdvice('unknown')).toBeNull();
    expect(enrolAdvice('unauthorized')).toContain('code is unknown, already used or expired');
    expect(enrolAdvice('offline')).toContain('Check the address');
    expect(enrolAdvice('invalid_input')).toBeNull();
    expect(enrolAdvice('store')).toBe(syncAdvice('store'));
  });

  it('tells a device waiting after an office restore to ask the office, and does not offer enrolment', () => {
    expect(syncAdvice('device_unconfirmed')).toContain('confirm this device in the console');
    expect(needsEnrolment(enrolled({ state: 'error', error: { code: 'device_unconfirmed', message: 'restored' } }))).toBe(false);
  });
});

describe('needsEnrolment and canSyncNow', () => {
  it('offers the enrolment form until enrolled, and again when refused', () => {
    expect(needsEnrolment(emptyStatus())).toBe(true);
    expect(needsEnrolment(enrolled({}))).toBe(false);
    expect(needsEnrolment(enrolled({ state: 'error', error: { code: 'unauthorized', message: 'revoked' } }))).toBe(true);
    expect(needsEnrolment(enrolled({ state: 'error', error: { code: 'sync', message: 'gap' } }))).toBe(false);
  });

  it('offers sync now when enrolled and not already syncing', () => {
    expect(canSyncNow(emptyStatus())).toBe(false);
    expect(canSyncNow(enrolled({ state: 'synced' }))).toBe(true);
    expect(canSyncNow(enrolled({ state: 'syncing' }))).toBe(false);
  });
});

describe('needsReload', () => {
  it('reloads after each sync that finished since the last read', () => {
    const synced = enrolled({ state: 'synced', last_synced_at: '2026-03-05T14:05:09Z' });
    expect(needsReload(undefined, synced)).toBe(true);
    expect(needsReload('2026-03-05T14:05:09Z', synced)).toBe(false);
    expect(needsReload('2026-03-05T14:04:00Z', synced)).toBe(true);
    expect(needsReload(undefined, emptyStatus())).toBe(false);
  });
});

describe('progressShare', () => {
  it('is the share pushed while pushing, else unknown', () => {
    const pushing = enrolled({ state: 'syncing', progress: { phase: 'pushing', sent_bytes: 0, total_bytes: 0, sent: 25, total: 100, received: 0 } });
    expect(progressShare(pushing)).toBe(0.25);
    expect(progressShare({ ...pushing, progress: { phase: 'pulling', sent_bytes: 0, total_bytes: 0, sent: 100, total: 100, received: 5 } })).toBeNull();
    expect(progressShare({ ...pushing, state: 'synced' })).toBeNull();
    expect(progressShare({ ...pushing, progress: { phase: 'pushing', sent_bytes: 0, total_bytes: 0, sent: 0, total: 0, received: 0 } })).toBeNull();
  });
});

describe('describeProblem', () => {
  afterEach(() => setLocale('en', null));

  it('says a refused enrolment once, in the person\'s words, with the raw message folded away in English only', () => {
    const error = { code: 'unauthorized' as const, message: 'the central office refused this device: enrolment code is unknown, used or expired' };
    const problem = describeProblem(error, enrolAdvice(error.code));
    expect(problem.text).toContain('ask your administrator for a new one');
    expect(problem.text).not.toContain('central office refused');
    expect(problem.detail).toBe(error.message);
    setLocale('ru', null);
    expect(describeProblem(error, enrolAdvice(error.code)).detail, 'no English in a Russian window').toBeNull();
  });

  it('says the error itself when there is no advice', () => {
    const error = { code: 'invalid_input' as const, message: 'the office address is not a URL' };
    expect(describeProblem(error, enrolAdvice(error.code))).toEqual({ text: 'the office address is not a URL', detail: null });
  });

  it('words what went wrong with the office in the person\'s language, with its address', () => {
    const unreachable = {
      code: 'offline' as const,
      message: 'cannot reach the central office: error sending request for url (https://office.npm.example:8750/v1/changes)',
      trouble: { kind: 'no_answer' as const, address: 'office.npm.example:8750' },
    };
    for (const lang of ['ru', 'az'] as const) {
      setLocale(lang, null);
      const problem = describeProblem(unreachable, syncAdvice(unreachable.code));
      expect(problem.detail).toContain('office.npm.example:8750');
      expect(problem.detail).not.toMatch(/cannot reach|error sending/);
    }
    setLocale('ru', null);
    const certificate = { ...unreachable, trouble: { kind: 'certificate' as const, address: 'office.npm.example:8750' } };
    expect(describeProblem(certificate, enrolAdvice('offline')).detail).toBe(
      'office.npm.example:8750 ответил, но его сертификат безопасности это устройство не признаёт.',
    );
    const full = { code: 'office_disk_full' as const, message: 'the central office answered 507: disk full (office_disk_full)', trouble: { kind: 'office_answered' as const, status: 507, code: 'office_disk_full' as const } };
    expect(describeProblem(full, syncAdvice(full.code)).detail).toBe('Офис ответил ошибкой 507 (office_disk_full).');
  });
});

describe('withNetwork', () => {
  it('shows offline at once when the system loses the network', () => {
    const synced = enrolled({ state: 'synced', last_synced_at: '2026-03-05T14:05:00Z', outbox: 2 });
    expect(withNetwork(synced, true)).toBe(synced);
    expect(describeSync(withNetwork(synced, false), clock)).toMatchObject({ tone: 'offline', label: 'Offline · 2 changes waiting' });
    const syncing = enrolled({ state: 'syncing', progress: { phase: 'pulling', sent_bytes: 0, total_bytes: 0, sent: 0, total: 0, received: 5 } });
    expect(withNetwork(syncing, false)).toMatchObject({ state: 'offline', progress: null });
  });

  it('leaves a device that is not enrolled, or an error that needs a person, as it is', () => {
    expect(withNetwork(emptyStatus(), false).state).toBe('not_enrolled');
    const revoked = enrolled({ state: 'error', error: { code: 'unauthorized', message: 'revoked' } });
    expect(withNetwork(revoked, false)).toBe(revoked);
  });
});
