/**
 * `performance` marks set when a first screen is on screen: the app's figures
 * (tests/e2e/figures.rs, docs/performance.md) end a cold start at them.
 */
export const SHOWN_MARKS = { places: 'vigil:places-shown', lock: 'vigil:lock-shown' } as const;

export function markShown(screen: keyof typeof SHOWN_MARKS): void {
  performance.mark(SHOWN_MARKS[screen]);
}
