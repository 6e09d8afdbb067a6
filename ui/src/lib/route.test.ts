import { describe, expect, it } from 'vitest';
import { CONFLICTS_HREF, parseRoute, placeHref, visitHref } from './route';

describe('parseRoute', () => {
  it('reads the screen and the id from the hash', () => {
    const id = '019a6b1e-0000-7000-8000-000000000001';
    expect(parseRoute(placeHref(id))).toEqual({ screen: 'place', id });
    expect(parseRoute(visitHref(id))).toEqual({ screen: 'visit', id });
    expect(parseRoute(CONFLICTS_HREF)).toEqual({ screen: 'conflicts' });
  });

  it('falls back to the places for anything else', () => {
    for (const hash of ['', '#', '#/', '#/place/', '#/place/a/b', '#/report/x', '#/conflicts/x', '#/place/<script>']) {
      expect(parseRoute(hash), hash).toEqual({ screen: 'places' });
    }
  });
});
