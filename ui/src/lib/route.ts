import type { Role } from './types';

/**
 * Which screen shows, from the address's hash: `#/place/ID`, `#/visit/ID`, `#/conflicts`,
 * `#/review`, `#/tracker`, `#/dashboard`, `#/places`; anything else is the home screen
 * (the places, unless {@link resolveHome} sends a supervisor to the review queue).
 */
export type Route =
  | { screen: 'places'; explicit?: true }
  | { screen: 'conflicts' }
  | { screen: 'review' }
  | { screen: 'tracker' }
  | { screen: 'dashboard' }
  | { screen: 'place'; id: string }
  | { screen: 'visit'; id: string };

const NAMED: Record<string, Route> = {
  '#/conflicts': { screen: 'conflicts' },
  '#/review': { screen: 'review' },
  '#/tracker': { screen: 'tracker' },
  '#/dashboard': { screen: 'dashboard' },
  '#/places': { screen: 'places', explicit: true },
};

export function parseRoute(hash: string): Route {
  const named = NAMED[hash];
  if (named !== undefined) return named;
  const match = /^#\/(place|visit)\/([0-9A-Za-z-]+)$/.exec(hash);
  if (match === null) return { screen: 'places' };
  return { screen: match[1] as 'place' | 'visit', id: match[2]! };
}

/** The screen the home address opens: a supervisor starts at the review queue, the team at the places. */
export function resolveHome(route: Route, role: Role | null): Route {
  if (route.screen === 'places' && route.explicit !== true && role === 'supervisor') return { screen: 'review' };
  return route;
}

export function placeHref(id: string): string {
  return `#/place/${id}`;
}

export function visitHref(id: string): string {
  return `#/visit/${id}`;
}

/** The conflicts and rejected changes screen. */
export const CONFLICTS_HREF = '#/conflicts';
export const REVIEW_HREF = '#/review';
export const TRACKER_HREF = '#/tracker';
export const DASHBOARD_HREF = '#/dashboard';
export const PLACES_HREF = '#/places';

export interface NavItem {
  href: string;
  screen: 'review' | 'tracker' | 'dashboard' | 'places';
}

/** The main navigation for a role: supervisors review first; the team's places first, the tracker too. */
export function navItems(role: Role | null): NavItem[] {
  const places: NavItem = { href: PLACES_HREF, screen: 'places' };
  const tracker: NavItem = { href: TRACKER_HREF, screen: 'tracker' };
  if (role === 'supervisor') {
    return [{ href: REVIEW_HREF, screen: 'review' }, tracker, { href: DASHBOARD_HREF, screen: 'dashboard' }, places];
  }
  if (role === 'admin') return [places, tracker, { href: DASHBOARD_HREF, screen: 'dashboard' }];
  return [places, tracker];
}
