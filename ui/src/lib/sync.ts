/**
 * The device's sync as the header's badge and the sync panel show it. Pure:
 * the status comes from Rust (`sync_status` and `sync-status` events), the
 * clock, locale and time zone are arguments so tests can pin them; the words are the
 * UI's language.
 */
import { type ErrorLike, detailOf, errorText, troubleText } from './errors';
import { dateOptions } from './format';
import { intlLocale, monthNames, t } from './i18n.svelte';
import type { Code, SyncStatus } from './types';

/**
 * The tone of the badge: neutral, good, busy, a problem, or offline (a look of its own,
 * so that "no network" never reads as "changes waiting").
 */
export type SyncTone = 'neutral' | 'ok' | 'busy' | 'problem' | 'offline';

export interface SyncDisplay {
  /** The badge's words, e.g. "Synced at 14:05". */
  label: string;
  /** The same in a few characters, for a phone's header, e.g. "14:05" or "Offline · 6". */
  short: string;
  /** One sentence for the panel and for screen readers. */
  detail: string;
  tone: SyncTone;
  /** What needs a person, e.g. "2 conflicts", shown beside the label. */
  alerts: string[];
  /** How many things need a person, for one small chip on a phone (0: none). */
  alertCount: number;
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
    update: null,
    app_version: '0.1.0',
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
  const needs = { alerts, alertCount: status.conflicts + status.rejected + status.blobs_set_aside };
  switch (status.state) {
    case 'not_enrolled':
      return {
        label: t('sync.notEnrolled'),
        short: t('sync.notEnrolled'),
        detail:
          status.error === null
            ? t('sync.notEnrolledDetail')
            : t('sync.enrolFailed', { message: errorText(status.error) }),
        tone: status.error === null ? 'neutral' : 'problem',
        ...needs,
      };
    case 'offline':
      return {
        label: status.outbox > 0 ? t('sync.offlineWaiting', { waiting: waiting(status.outbox) }) : t('sync.offline'),
        short: status.outbox > 0 ? t('sync.short.offlineWaiting', { count: status.outbox }) : t('sync.offline'),
        detail: t('sync.offlineDetail'),
        tone: 'offline',
        ...needs,
      };
    case 'syncing':
      return { label: syncingLabel(status), short: syncingShort(status), detail: t('sync.syncingDetail'), tone: 'busy', ...needs };
    case 'synced': {
      const at = formatSyncTime(status.last_synced_at, clock);
      // Changes made since the last sync keep the badge from saying "all done".
      return status.outbox > 0
        ? {
            label: `${syncedLabel(status, clock)} · ${waiting(status.outbox)}`,
            short: t('sync.short.waiting', { count: status.outbox }),
            detail: t('sync.upToDateWaiting', { waiting: waiting(status.outbox) }),
            tone: 'neutral',
            ...needs,
          }
        : { label: syncedLabel(status, clock), short: at?.text ?? t('sync.synced'), detail: t('sync.upToDate'), tone: 'ok', ...needs };
    }
    case 'error': {
      const label = t(status.error?.code === 'unauthorized' ? 'sync.refused' : 'sync.stopped');
      return {
        label,
        short: label,
        detail: status.error ? errorText(status.error) : t('sync.stoppedDetail'),
        tone: 'problem',
        ...needs,
      };
    }
  }
}

/** How far a sync is, in a few characters: "↑ 25%", "3/10", or "Syncing…". */
function syncingShort(status: SyncStatus): string {
  const progress = status.progress;
  if (progress?.phase === 'uploading' && progress.total_bytes > 0) {
    return t('sync.short.uploading', { percent: Math.min(100, Math.floor((100 * progress.sent_bytes) / progress.total_bytes)) });
  }
  if (progress?.phase === 'pushing' && progress.total > 0) {
    return t('sync.short.pushing', { sent: Math.min(progress.sent, progress.total), total: progress.total });
  }
  return t('sync.syncing');
}

/** The badge before Rust has answered (null) or when it cannot (outside the app, a store failure). */
export function describeUnknown(error: { code: Code; message: string } | null): SyncDisplay {
  return error === null
    ? { label: t('sync.checking'), short: t('sync.checking'), detail: t('sync.checkingDetail'), tone: 'neutral', alerts: [], alertCount: 0 }
    : { label: t('sync.unavailable'), short: t('sync.unavailable'), detail: errorText(error), tone: 'problem', alerts: [], alertCount: 0 };
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
    case 'device_unconfirmed':
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

/** A sync or enrolment problem as the panel shows it, said once. */
export interface Problem {
  /** What happened and what to do, in the person's language. */
  text: string;
  /** What went wrong, in the person's language (Rust's words in an English window), folded away under "Details"; null when there is nothing more. */
  detail: string | null;
}

/**
 * The advice when there is one (it says what to do in the person's language, and what went
 * wrong folds under "Details"), else the error in words: never both, one above the other.
 */
export function describeProblem(error: ErrorLike, advice: string | null): Problem {
  if (advice === null) return { text: errorText(error), detail: error.trouble ? troubleText(error.trouble) : null };
  return { text: advice, detail: detailOf(error) };
}

/**
 * The status as the badge shows it when the system says the network is gone: offline at
 * once, not at the next failed sync (which may be a minute away). An enrolled device only;
 * an error that needs a person stays in view.
 */
export function withNetwork(status: SyncStatus, online: boolean): SyncStatus {
  if (online || !status.enrolled || status.state === 'error' || status.state === 'not_enrolled') return status;
  return { ...status, state: 'offline', progress: null };
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
