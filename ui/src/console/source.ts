/**
 * The app's tracker and dashboard screens read through a `source`; in the console that
 * source is the office's API. A refusal reaches those screens as the office's
 * `{code, message}` (which they word), and a lost session sends the person to sign in.
 */
import type { RecommendationFilter } from '../lib/types';
import { ConsoleFailure, api } from './api';
import { signedOut } from './words';

/** `GET path` for a screen of the app: the answer, or the office's `{code, message}` thrown. */
export function reader<T>(onsignedout: () => void): (path: string) => Promise<T> {
  return async (path) => {
    try {
      return await api.get<T>(path);
    } catch (error) {
      if (signedOut(error)) onsignedout();
      throw error instanceof ConsoleFailure ? error.body : error;
    }
  };
}

/** The tracker's filter as the office's query string (empty criteria left out). */
export function trackerQuery(filter: RecommendationFilter): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (value === null || value === false || value === '') continue;
    query.set(key, String(value));
  }
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
}

/** The link that downloads a visit's report (a plain GET: audited by the office). */
export function reportLink(visitId: string, version: 'public' | 'full', format: 'pdf' | 'docx', language: string): string {
  const query = new URLSearchParams({ version, format, language });
  return `/console/api/visits/${visitId}/report?${query.toString()}`;
}

/** The PDF kept with a report stage sent, as it was sent. */
export function keptReportLink(versionId: string): string {
  return `/console/api/report-versions/${versionId}/pdf`;
}
