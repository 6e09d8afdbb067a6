import { describe, expect, it } from 'vitest';
import { CONFLICTS_HREF, navItems, parseRoute, placeHref, resolveHome, visitHref } from './route';

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

describe('the supervisor side', () => {
  it('names the review queue, tracker, dashboard and the places', () => {
    expect(parseRoute('#/review')).toEqual({ screen: 'review' });
    expect(parseRoute('#/tracker')).toEqual({ screen: 'tracker' });
    expect(parseRoute('#/dashboard')).toEqual({ screen: 'dashboard' });
    expect(parseRoute('#/places')).toEqual({ screen: 'places', explicit: true });
  });

  it('opens a supervisor at the review queue and the team at the places', () => {
    expect(resolveHome(parseRoute(''), 'supervisor')).toEqual({ screen: 'review' });
    expect(resolveHome(parseRoute('#/'), 'lead')).toEqual({ screen: 'places' });
    expect(resolveHome(parseRoute('#/places'), 'supervisor').screen).toBe('places');
    expect(resolveHome(parseRoute(''), null)).toEqual({ screen: 'places' });
  });

  it('gives each role its navigation', () => {
    expect(navItems('supervisor').map((n) => n.screen)).toEqual(['review', 'tracker', 'dashboard', 'places']);
    expect(navItems('inspector').map((n) => n.screen)).toEqual(['places', 'tracker']);
    expect(navItems('lead').map((n) => n.screen)).toEqual(['places', 'tracker']);
  });
});
