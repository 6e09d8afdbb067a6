/**
 * The console's calls to the office (`/console/api`): JSON in and out, the session's CSRF
 * token on every request that changes something, and every refusal as a `ConsoleFailure`
 * carrying the office's `{code, message, field, until}`.
 */
import type { ConsoleErrorBody } from './bindings';

const BASE = '/console/api';

export class ConsoleFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: ConsoleErrorBody,
  ) {
    super(body.message);
  }
}

let csrfToken: string | null = null;

/** Remembers the session's CSRF token (from sign-in or `/session`), or forgets it. */
export function useCsrfToken(token: string | null) {
  csrfToken = token;
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken !== null) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(BASE + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch (error) {
    throw new ConsoleFailure(0, { code: 'offline', message: String(error) });
  }
  const text = await response.text();
  const parsed: unknown = text === '' ? null : safeJson(text);
  if (!response.ok) {
    const body =
      parsed !== null && typeof parsed === 'object' && 'code' in parsed
        ? (parsed as ConsoleErrorBody)
        : { code: 'http' as const, message: `${response.status} ${text.slice(0, 200)}` };
    throw new ConsoleFailure(response.status, body);
  }
  return parsed as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export const api = {
  get: <T>(path: string) => call<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => call<T>('POST', path, body),
  put: <T>(path: string, body: unknown) => call<T>('PUT', path, body),
};
