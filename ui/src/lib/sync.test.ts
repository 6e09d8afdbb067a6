import { describe, expect, it } from 'vitest';
import { describeSync } from './sync';

describe('describeSync', () => {
  it('says plainly that a device that is not enrolled does not sync', () => {
    expect(describeSync({ kind: 'not_enrolled' })).toMatchObject({ label: 'Not enrolled · offline', tone: 'neutral' });
  });
});
