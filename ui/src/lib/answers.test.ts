import { describe, expect, it } from 'vitest';
import { currentStage, readySteps } from './answers';
import type { ReportVersion } from './types';

describe('the answer form and the report stages', () => {
  it('sends the steps that have words, each with its day, or nothing while one lacks it', () => {
    expect(readySteps([{ text: ' Hire a doctor ', due_on: '2026-10-31' }, { text: '  ', due_on: null }])).toEqual([
      { text: 'Hire a doctor', due_on: '2026-10-31' },
    ]);
    expect(readySteps([{ text: 'Hire a doctor', due_on: null }])).toBeNull();
    expect(readySteps([])).toEqual([]);
  });

  it('takes the last version as Rust orders them (oldest first) as the current one', () => {
    const v = (id: string, dated_on: string): ReportVersion => ({
      id,
      visit_id: 'v1',
      stage: 'final',
      dated_on,
      note: '',
      attachment_id: null,
    });
    expect(currentStage([])).toBeNull();
    expect(currentStage([v('a', '2026-07-01'), v('b', '2026-08-01')])?.id).toBe('b');
  });
});
