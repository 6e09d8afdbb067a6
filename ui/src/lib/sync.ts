/**
 * The device's sync as the header's badge and the sync panel show it. Pure:
 * the status comes from Rust (`sync_status` and `sync-status` events), the
 * clock, locale and time zone are arguments so tests can pin them.
 */
import { plural } from './format';
import type { SyncStatus } from './types';

/** The tone of the badge: neutral, good, busy or a problem. */
export type SyncTone = 'neutral' | 'ok' | 'busy' | 'problem';

export interface SyncDisplay {
  /** The badge's words, e.g. "Synced at 14:05". */
  label: string;
  /** One sentence for the panel and for screen readers. */
  detail: string;
  tone: SyncTone;
  /** What needs a person, e.g. "2 conflicts", shown beside the label. */
  alerts: string[];
}

/** Where and when "now" is, for formatting times. */
export interface Clock {
  now?: Date;
  locale?: string;
  timeZone?: string;
}

/** A status for before the first answer from Rust, and for tests. */
export function emptyStatus(overrides: Partial<SyncStatus> = {}): SyncStatus {
  return {
    enrolled: false,
    server_url: null,
    state: 'not_enrolled',
    last_synced_at: null,
    progress: null,
    outbox: 0,
    conflicts: 0,
    rejected: 0,
    error: null,
    ...overrides,
  };
}

function dayKey(date: Date, clock: Clock): string {
  return new Intl.DateTimeFormat('en-CA', { dateStyle: 'short', timeZone: clock.timeZone }).format(date);
}

/** A time of sync as shown: the words, and whether it was today. */
export interface SyncTime {
  text: string;
  today: boolean;
}

/**
 * When the last sync finished: "14:05" today, "3 Mar, 14:05" on another day
 * (in the locale's own order and clock). Null when never; an unparseable value is shown as is.
 */
export function formatSyncTime(iso: string | null, clock: Clock = {}): SyncTime | null {
  if (iso === null) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return { text: iso, today: false };
  const now = clock.now ?? new Date();
  const time: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', timeZone: clock.timeZone };
  const today = dayKey(date, clock) === dayKey(now, clock);
  const options: Intl.DateTimeFormatOptions = today ? time : { ...time, day: 'numeric', month: 'short' };
  return { text: new Intl.DateTimeFormat(clock.locale, options).format(date), today };
}

function syncedLabel(status: SyncStatus, clock: Clock): string {
  const at = formatSyncTime(status.last_synced_at, clock);
  if (at === null) return 'Synced';
  return at.today ? `Synced at ${at.text}` : `Synced ${at.text}`;
}

function syncingLabel(status: SyncStatus): string {
  const progress = status.progress;
  if (progress === null) return 'Syncing…';
  if (progress.phase === 'uploading' && progress.total_bytes > 0) {
    return `Uploading photos ${Math.min(100, Math.floor((100 * progress.sent_bytes) / progress.total_bytes))}%`;
  }
  if (progress.phase === 'pushing' && progress.total > 0) return `Syncing ${Math.min(progress.sent, progress.total)} of ${progress.total}`;
  if (progress.phase === 'pulling' && progress.received > 0) return `Syncing · ${progress.received} received`;
  return 'Syncing…';
}

function waiting(outbox: number): string {
  return plural(outbox, 'change', 'changes') + ' waiting';
}

/** The badge for a status: its words, tone, and what needs a person. */
export function describeSync(status: SyncStatus, clock: Clock = {}): SyncDisplay {
  const alerts: string[] = [];
  if (status.conflicts > 0) alerts.push(plural(status.conflicts, 'conflict', 'conflicts'));
  if (status.rejected > 0) alerts.push(`${status.rejected} rejected`);
  switch (status.state) {
    case 'not_enrolled':
      return {
        label: 'Not enrolled',
        detail:
          status.error === null
            ? 'This device is not enrolled with the central office, so nothing syncs yet.'
            : `Enrolment failed: ${status.error.message}`,
        tone: status.error === null ? 'neutral' : 'problem',
        alerts,
      };
    case 'offline':
      return {
        label: status.outbox > 0 ? `Offline · ${waiting(status.outbox)}` : 'Offline',
        detail:
          'The central office cannot be reached. Changes stay safe on this device and sync by themselves when it can be.',
        tone: 'neutral',
        alerts,
      };
    case 'syncing':
      return { label: syncingLabel(status), detail: 'Sending and receiving changes.', tone: 'busy', alerts };
    case 'synced':
      return {
        label: syncedLabel(status, clock),
        detail:
          status.outbox > 0
            ? `Up to date with the central office at the last sync; ${waiting(status.outbox)}.`
            : 'Up to date with the central office.',
        tone: 'ok',
        alerts,
      };
    case 'error':
      return {
        label: status.error?.code === 'unauthorized' ? 'Sync refused' : 'Sync stopped',
        detail: status.error?.message ?? 'Sync stopped.',
        tone: 'problem',
        alerts,
      };
  }
}

/** The badge before Rust has answered (null) or when it cannot (outside the app, a store failure). */
export function describeUnknown(error: { message: string } | null): SyncDisplay {
  return error === null
    ? { label: 'Checking sync…', detail: 'Asking the app how sync stands.', tone: 'neutral', alerts: [] }
    : { label: 'Sync unavailable', detail: error.message, tone: 'problem', alerts: [] };
}

/** The full date and time of a sync for the panel, e.g. "5 Mar 2026, 14:05"; null when never. */
export function formatSyncDateTime(iso: string | null, clock: Clock = {}): string | null {
  if (iso === null) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(clock.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: clock.timeZone }).format(date);
}

/** What a person can do about a sync error, by its code; null when the message says it all. */
export function syncAdvice(code: string): string | null {
  switch (code) {
    case 'unauthorized':
      return 'This device was revoked or its code expired — ask your administrator for a new enrolment code.';
    case 'offline':
      return 'Vigil keeps trying by itself. Your changes are safe on this device meanwhile.';
    case 'store':
      return 'The device store could not be read. Restart Vigil; if it keeps failing, tell your administrator.';
    case 'sync':
      return 'Vigil will not retry this by itself. Try “Sync now”; if it keeps failing, tell your administrator.';
    case 'not_enrolled':
      return 'Enrol this device with the central office first.';
    default:
      return null;
  }
}

/** What a person can do when enrolment fails, by its code; null when the message says it all. */
export function enrolAdvice(code: string): string | null {
  switch (code) {
    case 'unauthorized':
      return 'This enrolment code is unknown, already used or expired — ask your administrator for a new one.';
    case 'offline':
      return 'The central office cannot be reached at this address. Check the address and the network, then try again.';
    case 'invalid_input':
      return null;
    default:
      return syncAdvice(code);
  }
}

/** The enrolment form shows until the device is enrolled, and again when the office refuses it. */
export function needsEnrolment(status: SyncStatus): boolean {
  return !status.enrolled || status.error?.code === 'unauthorized';
}

/** "Sync now" makes sense only for an enrolled device that is not already syncing. */
export function canSyncNow(status: SyncStatus): boolean {
  return status.enrolled && status.state !== 'syncing';
}

/**
 * Whether the places (and other records) should be read again: after every
 * sync that finished since they were last read (`readAt`: that sync's time,
 * undefined before the first status).
 */
export function needsReload(readAt: string | null | undefined, status: SyncStatus): boolean {
  return status.last_synced_at !== null && status.last_synced_at !== readAt;
}

/** The share of the push done, 0–1, for a progress bar; null when unknown (pulling). */
export function progressShare(status: SyncStatus): number | null {
  const progress = status.progress;
  if (status.state !== 'syncing' || progress === null || progress.phase !== 'pushing' || progress.total === 0) {
    return null;
  }
  return Math.min(1, progress.sent / progress.total);
}
