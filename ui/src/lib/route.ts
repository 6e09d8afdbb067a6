/** Which screen shows, from the address's hash: `#/place/ID`, `#/visit/ID`, `#/conflicts`, else the places. */
export type Route =
  | { screen: 'places' }
  | { screen: 'conflicts' }
  | { screen: 'place'; id: string }
  | { screen: 'visit'; id: string };

export function parseRoute(hash: string): Route {
  if (hash === CONFLICTS_HREF) return { screen: 'conflicts' };
  const match = /^#\/(place|visit)\/([0-9A-Za-z-]+)$/.exec(hash);
  if (match === null) return { screen: 'places' };
  return { screen: match[1] as 'place' | 'visit', id: match[2]! };
}

export function placeHref(id: string): string {
  return `#/place/${id}`;
}

export function visitHref(id: string): string {
  return `#/visit/${id}`;
}

/** The conflicts and rejected changes screen. */
export const CONFLICTS_HREF = '#/conflicts';
