/**
 * The device's sync as the header's badge and the sync panel show it. Pure:
 * the status comes from Rust (`sync_status` and `sync-status` events), the
 * clock, locale and time zone are arguments so tests can pin them; the words are the
 * UI's language.
 */
import { errorText } from './errors';
import { dateOptions } from './format';
import { intlLocale, monthNames, t } from './i18n.svelte';
import type { Code, SyncStatus } from './types';

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

/** Where and when "now" is, for formatting times (default: the UI's language, the device's zone). */
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
    blobs_set_aside: 0,
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
  const locale = clock.locale ?? intlLocale();
  const day: Intl.DateTimeFormatOptions = monthNames(locale) ? { day: 'numeric', month: 'short' } : { day: '2-digit', month: '2-digit' };
  const options: Intl.DateTimeFormatOptions = today ? time : { ...time, ...day };
  return { text: new Intl.DateTimeFormat(locale, options).format(date), today };
}

function syncedLabel(status: SyncStatus, clock: Clock): string {
  const at = formatSyncTime(status.last_synced_at, clock);
  if (at === null) return t('sync.synced');
  return t(at.today ? 'sync.syncedAt' : 'sync.syncedOn', { time: at.text });
}

function syncingLabel(status: SyncStatus): string {
  const progress = status.progress;
  if (progress === null) return t('sync.syncing');
  if (progress.phase === 'uploading' && progress.total_bytes > 0) {
    const percent = Math.min(100, Math.floor((100 * progress.sent_bytes) / progress.total_bytes));
    return t('sync.uploading', { percent });
  }
  if (progress.phase === 'pushing' && progress.total > 0) {
    return t('sync.pushing', { sent: Math.min(progress.sent, progress.total), total: progress.total });
  }
  if (progress.phase === 'pulling' && progress.received > 0) return t('sync.pulling', { received: progress.received });
  return t('sync.syncing');
}

function waiting(outbox: number): string {
  return t('sync.changesWaiting', { count: outbox });
}

/** The badge for a status: its words, tone, and what needs a person. */
export function describeSync(status: SyncStatus, clock: Clock = {}): SyncDisplay {
  const alerts: string[] = [];
  if (status.conflicts > 0) alerts.push(t('sync.conflicts', { count: status.conflicts }));
  if (status.rejected > 0) alerts.push(t('sync.rejected', { count: status.rejected }));
  if (status.blobs_set_aside > 0) alerts.push(t('sync.photosSetAside', { count: status.blobs_set_aside }));
  switch (status.state) {
    case 'not_enrolled':
      return {
        label: t('sync.notEnrolled'),
        detail:
          status.error === null
            ? t('sync.notEnrolledDetail')
            : t('sync.enrolFailed', { message: errorText(status.error) }),
        tone: status.error === null ? 'neutral' : 'problem',
        alerts,
      };
    case 'offline':
      return {
        label: status.outbox > 0 ? t('sync.offlineWaiting', { waiting: waiting(status.outbox) }) : t('sync.offline'),
        detail: t('sync.offlineDetail'),
        tone: 'neutral',
        alerts,
      };
    case 'syncing':
      return { label: syncingLabel(status), detail: t('sync.syncingDetail'), tone: 'busy', alerts };
    case 'synced':
      // Changes made since the last sync keep the badge from saying "all done".
      return status.outbox > 0
        ? {
            label: `${syncedLabel(status, clock)} · ${waiting(status.outbox)}`,
            detail: t('sync.upToDateWaiting', { waiting: waiting(status.outbox) }),
            tone: 'neutral',
            alerts,
          }
        : { label: syncedLabel(status, clock), detail: t('sync.upToDate'), tone: 'ok', alerts };
    case 'error':
      return {
        label: t(status.error?.code === 'unauthorized' ? 'sync.refused' : 'sync.stopped'),
        detail: status.error ? errorText(status.error) : t('sync.stoppedDetail'),
        tone: 'problem',
        alerts,
      };
  }
}

/** The badge before Rust has answered (null) or when it cannot (outside the app, a store failure). */
export function describeUnknown(error: { code: Code; message: string } | null): SyncDisplay {
  return error === null
    ? { label: t('sync.checking'), detail: t('sync.checkingDetail'), tone: 'neutral', alerts: [] }
    : { label: t('sync.unavailable'), detail: errorText(error), tone: 'problem', alerts: [] };
}

/** The full date and time of a sync for the panel, e.g. "5 Mar 2026, 14:05"; null when never. */
export function formatSyncDateTime(iso: string | null, clock: Clock = {}): string | null {
  if (iso === null) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const locale = clock.locale ?? intlLocale();
  const time: Intl.DateTimeFormatOptions = monthNames(locale) ? { timeStyle: 'short' } : { hour: '2-digit', minute: '2-digit' };
  return new Intl.DateTimeFormat(locale, { ...dateOptions(locale), ...time, timeZone: clock.timeZone }).format(date);
}

/** What a person can do about a sync error, by its code; null when the message says it all. */
export function syncAdvice(code: string): string | null {
  switch (code) {
    case 'unauthorized':
    case 'offline':
    case 'store':
    case 'sync':
    case 'not_enrolled':
    case 'update_required':
    case 'office_too_old':
    case 'office_disk_full':
      return t(`sync.advice.${code}`);
    default:
      return null;
  }
}

/** What a person can do when enrolment fails, by its code; null when the message says it all. */
export function enrolAdvice(code: string): string | null {
  switch (code) {
    case 'unauthorized':
    case 'offline':
      return t(`sync.enrolAdvice.${code}`);
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
