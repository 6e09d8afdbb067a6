/**
 * Deleting a record of a visit, with a few seconds to take it back. The record leaves the
 * screen at once; the delete (a tombstone that syncs) is made only when the seconds are up,
 * or when the person leaves the visit. Undo within them, and nothing was ever deleted; the
 * app closing meanwhile deletes nothing either.
 */
import type { VisitEntity } from './types';

/** How long "Undo" stays. */
export const UNDO_SECONDS = 6;

export interface PendingDelete {
  entity: VisitEntity;
  id: string;
  /** What the undo bar names, e.g. "Finding: Cell 4 has no light". */
  label: string;
}

interface Waiting extends PendingDelete {
  timer: ReturnType<typeof setTimeout>;
  /** Called after the delete was made, or with the reason it was refused (the record comes back). */
  settled: (problem: unknown | null) => void;
}

export class UndoableDeletes {
  #waiting = $state<Waiting[]>([]);

  constructor(
    private readonly remove: (entity: VisitEntity, id: string) => Promise<void>,
    private readonly seconds = UNDO_SECONDS,
  ) {}

  /** The deletes that can still be taken back, oldest first. */
  get pending(): PendingDelete[] {
    return this.#waiting.map(({ entity, id, label }) => ({ entity, id, label }));
  }

  isPending(id: string): boolean {
    return this.#waiting.some((w) => w.id === id);
  }

  /** Hides the record now and deletes it in a few seconds unless taken back. */
  delete(item: PendingDelete, settled: (problem: unknown | null) => void): void {
    if (this.isPending(item.id)) return;
    const timer = setTimeout(() => void this.#commit(item.id), this.seconds * 1000);
    this.#waiting = [...this.#waiting, { ...item, timer, settled }];
  }

  /** Takes a delete back: nothing was deleted. */
  undo(id: string): void {
    const waiting = this.#waiting.find((w) => w.id === id);
    if (waiting === undefined) return;
    clearTimeout(waiting.timer);
    this.#waiting = this.#waiting.filter((w) => w.id !== id);
  }

  /** Makes every waiting delete now (the person leaves the visit). */
  async flush(): Promise<void> {
    await Promise.all(this.#waiting.map((w) => this.#commit(w.id)));
  }

  async #commit(id: string): Promise<void> {
    const waiting = this.#waiting.find((w) => w.id === id);
    if (waiting === undefined) return;
    clearTimeout(waiting.timer);
    this.#waiting = this.#waiting.filter((w) => w.id !== id);
    try {
      await this.remove(waiting.entity, waiting.id);
      waiting.settled(null);
    } catch (reason) {
      waiting.settled(reason);
    }
  }
}

/** The visit screen's deletes, shared with the delete buttons of its sections. */
export const UNDO_CONTEXT = Symbol('undo');

export interface UndoContext {
  readonly deletes: UndoableDeletes;
  /** Deletes after the undo seconds; the visit is read again once it is made (or refused). */
  remove(item: PendingDelete): void;
}
