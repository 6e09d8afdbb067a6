import { describe, expect, it } from 'vitest';
import { countByKind, filterPlaces, sortPlaces } from './places';
import { place } from './testing';

const places = [
  place({ name: 'Central Prison', kind: 'prison', region: 'Capital' }),
  place({ name: 'Station 4', kind: 'police_custody', region: 'São Bento' }),
  place({ name: 'Riverside Hospital', kind: 'psychiatric_hospital', region: 'North' }),
  place({ name: 'Station 12', kind: 'police_custody', region: 'Capital' }),
];

const names = (list: { name: string }[]) => list.map((p) => p.name);

describe('filterPlaces', () => {
  it('keeps everything for an empty filter', () => {
    expect(filterPlaces(places, { text: '  ', kind: null })).toHaveLength(4);
  });

  it('matches name, region and kind label, ignoring case and accents', () => {
    expect(names(filterPlaces(places, { text: 'riverside', kind: null }))).toEqual(['Riverside Hospital']);
    expect(names(filterPlaces(places, { text: 'sao bento', kind: null }))).toEqual(['Station 4']);
    expect(names(filterPlaces(places, { text: 'CUSTODY', kind: null }))).toEqual(['Station 4', 'Station 12']);
  });

  it('needs every word to match somewhere', () => {
    expect(names(filterPlaces(places, { text: 'capital custody', kind: null }))).toEqual(['Station 12']);
    expect(filterPlaces(places, { text: 'capital hospital', kind: null })).toEqual([]);
  });

  it('filters by kind, together with the text', () => {
    expect(names(filterPlaces(places, { text: '', kind: 'police_custody' }))).toEqual(['Station 4', 'Station 12']);
    expect(names(filterPlaces(places, { text: 'capital', kind: 'prison' }))).toEqual(['Central Prison']);
    expect(filterPlaces(places, { text: '', kind: 'migrant_detention' })).toEqual([]);
  });
});

describe('sortPlaces', () => {
  it('puts the most overdue first, then sorts by name with numbers in order', () => {
    const sorted = sortPlaces([
      place({ name: 'Station 12' }),
      place({ name: 'Station 4' }),
      place({ name: 'Zeta Home', overdue_recommendations: 1 }),
      place({ name: 'alpha prison' }),
      place({ name: 'Mid Home', overdue_recommendations: 3 }),
    ]);
    expect(names(sorted)).toEqual(['Mid Home', 'Zeta Home', 'alpha prison', 'Station 4', 'Station 12']);
  });

  it('does not change its input', () => {
    const input = [place({ name: 'B' }), place({ name: 'A' })];
    sortPlaces(input);
    expect(names(input)).toEqual(['B', 'A']);
  });
});

describe('countByKind', () => {
  it('counts the places of each kind', () => {
    const counts = countByKind(places);
    expect(counts.get('police_custody')).toBe(2);
    expect(counts.get('prison')).toBe(1);
    expect(counts.has('other')).toBe(false);
  });
});
