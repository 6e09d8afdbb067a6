/**
 * The device's sync state as the header shows it. Only "not enrolled" exists
 * yet; enrolment and sync (later issues) add states such as syncing, synced at
 * a time, or failing with a reason.
 */
export type SyncState = { kind: 'not_enrolled' };

/** The tone of the badge: neutral, good, busy or a problem. */
export type SyncTone = 'neutral' | 'ok' | 'busy' | 'problem';

export interface SyncDisplay {
  label: string;
  detail: string;
  tone: SyncTone;
}

export function describeSync(state: SyncState): SyncDisplay {
  switch (state.kind) {
    case 'not_enrolled':
      return {
        label: 'Not enrolled · offline',
        detail: 'This device is not enrolled with the central office, so nothing syncs yet.',
        tone: 'neutral',
      };
  }
}
