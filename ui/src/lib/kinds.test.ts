import { describe, expect, it } from 'vitest';
import { FACILITY_KINDS, kindLabel } from './kinds';

describe('kindLabel', () => {
  it('labels every kind the store knows, each differently', () => {
    expect(FACILITY_KINDS).toEqual([
      'prison',
      'pre_trial_detention',
      'police_custody',
      'temporary_holding',
      'psychiatric_hospital',
      'social_care_home',
      'migrant_detention',
      'juvenile_institution',
      'military_detention',
      'other',
    ]);
    const labels = FACILITY_KINDS.map(kindLabel);
    expect(new Set(labels).size).toBe(FACILITY_KINDS.length);
    for (const label of labels) expect(label).toMatch(/^[A-Z][a-z -]+$/);
  });

  it('uses human words', () => {
    expect(kindLabel('police_custody')).toBe('Police custody');
    expect(kindLabel('social_care_home')).toBe('Social-care home');
  });

  it('humanises a kind from a newer store instead of hiding it', () => {
    expect(kindLabel('open_prison')).toBe('Open prison');
    expect(kindLabel('')).toBe('Unknown kind');
    expect(kindLabel('toString')).toBe('ToString');
  });
});
