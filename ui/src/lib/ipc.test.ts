import { describe, expect, it } from 'vitest';
import granted from '../../../src-tauri/app_commands.rs?raw';
import ipcSource from './ipc.ts?raw';
import { invoke, NOT_IN_APP_MESSAGE, onSyncStatus, toVigilError, VigilError } from './ipc';

describe('toVigilError', () => {
  it('keeps the code and message Rust sent', () => {
    const error = toVigilError({ code: 'store', message: 'The device store failed: disk full' });
    expect(error).toBeInstanceOf(VigilError);
    expect(error.code).toBe('store');
    expect(error.message).toBe('The device store failed: disk full');
  });

  it('keeps the sync and enrolment codes', () => {
    for (const code of ['offline', 'unauthorized', 'sync', 'not_enrolled', 'invalid_input']) {
      expect(toVigilError({ code, message: 'm' }).code).toBe(code);
    }
  });

  it('keeps the wait of too many wrong passphrases', () => {
    const error = toVigilError({ code: 'too_many_attempts', message: 'wait', retry_after_seconds: 30 });
    expect(error.code).toBe('too_many_attempts');
    expect(error.retryAfterSeconds).toBe(30);
    expect(toVigilError({ code: 'locked', message: 'locked' }).code).toBe('locked');
    expect(toVigilError({ code: 'wrong_passphrase', message: 'no' }).retryAfterSeconds).toBeNull();
  });

  it('maps a code this UI does not know to unknown, keeping the message', () => {
    const error = toVigilError({ code: 'quota', message: 'Too many' });
    expect(error.code).toBe('unknown');
    expect(error.message).toBe('Too many');
  });

  it('wraps strings, errors and nothing', () => {
    expect(toVigilError('command list_places not found').message).toBe('command list_places not found');
    expect(toVigilError(new TypeError('boom')).message).toBe('boom');
    expect(toVigilError(undefined).code).toBe('unknown');
    expect(toVigilError(undefined).message).not.toBe('');
  });
});

describe('invoke', () => {
  it('refuses clearly outside the app, without fake data', async () => {
    const call = invoke('list_places', {}, () => false);
    await expect(call).rejects.toBeInstanceOf(VigilError);
    await expect(call).rejects.toMatchObject({ code: 'not_in_app', message: NOT_IN_APP_MESSAGE });
  });
});

describe('onSyncStatus', () => {
  it('listens to nothing outside the app, and stops cleanly', async () => {
    let calls = 0;
    const stop = await onSyncStatus(() => (calls += 1), () => false);
    stop();
    expect(calls).toBe(0);
  });
});

describe('the commands the UI invokes', () => {
  it('are each granted to the window (src-tauri/app_commands.rs): a missing grant fails only in the real app', () => {
    const ipc = ipcSource;
    const body = ipc.slice(ipc.indexOf('export interface Commands {'), ipc.indexOf('\n}\n', ipc.indexOf('export interface Commands {')));
    const invoked = [...body.matchAll(/^ {2}(\w+): \{ args/gm)].map((m) => m[1]);
    expect(invoked.length).toBeGreaterThan(30);
    const list = [...granted.matchAll(/"(\w+)"/g)].map((m) => m[1]);
    expect(invoked.filter((command) => !list.includes(command))).toEqual([]);
  });
});
