import { describe, expect, it } from 'vitest';
import { reportLink, trackerQuery } from './source';

describe('the console reading for the app screens', () => {
  it('asks the office only for the criteria set', () => {
    const none = { facility_id: null, place_kind: null, authority: null, area: null, status: null, priority: null, overdue_only: false, answer_overdue_only: false };
    expect(trackerQuery(none)).toBe('');
    expect(trackerQuery({ ...none, answer_overdue_only: true })).toBe('?answer_overdue_only=true');
    expect(trackerQuery({ ...none, authority: 'Ministry of Justice', overdue_only: true })).toBe(
      '?authority=Ministry+of+Justice&overdue_only=true',
    );
  });

  it('links a report download with its version, format and language', () => {
    expect(reportLink('0190-aa', 'full', 'docx', 'az')).toBe('/console/api/visits/0190-aa/report?version=full&format=docx&language=az');
  });
});
