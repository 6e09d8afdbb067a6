import { describe, expect, it } from 'vitest';
import { toggleArea } from './team';

describe('toggleArea', () => {
  it('adds an area in APT order and takes it away again', () => {
    expect(toggleArea(['personnel'], 'treatment')).toEqual(['treatment', 'personnel']);
    expect(toggleArea(['treatment', 'personnel'], 'treatment')).toEqual(['personnel']);
    expect(toggleArea([], 'health_care')).toEqual(['health_care']);
  });
});
