import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UNDO_SECONDS, UndoableDeletes } from './undo.svelte';

describe('deleting with undo', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const finding = { entity: 'observation' as const, id: 'o1', label: 'Cell 4 has no light' };

  it('hides the record at once and deletes it only when the seconds are up', async () => {
    const remove = vi.fn(async () => {});
    const settled = vi.fn();
    const deletes = new UndoableDeletes(remove);
    deletes.delete(finding, settled);
    expect(deletes.isPending('o1')).toBe(true);
    expect(deletes.pending).toEqual([finding]);
    await vi.advanceTimersByTimeAsync(UNDO_SECONDS * 1000 - 1);
    expect(remove).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(remove).toHaveBeenCalledWith('observation', 'o1');
    expect(settled).toHaveBeenCalledWith(null);
    expect(deletes.pending).toEqual([]);
  });

  it('deletes nothing when taken back', async () => {
    const remove = vi.fn(async () => {});
    const deletes = new UndoableDeletes(remove);
    deletes.delete(finding, () => {});
    deletes.undo('o1');
    await vi.advanceTimersByTimeAsync(UNDO_SECONDS * 1000 * 2);
    expect(remove).not.toHaveBeenCalled();
    expect(deletes.isPending('o1')).toBe(false);
  });

  it('makes the waiting deletes at once when the person leaves, and says a refusal', async () => {
    const refusal = { code: 'visit_locked', message: 'submitted' };
    const remove = vi.fn(async (_entity: string, id: string) => {
      if (id === 'o2') throw refusal;
    });
    const results: unknown[] = [];
    const deletes = new UndoableDeletes(remove);
    deletes.delete(finding, (p) => results.push(p));
    deletes.delete({ ...finding, id: 'o2' }, (p) => results.push(p));
    await deletes.flush();
    expect(remove).toHaveBeenCalledTimes(2);
    expect(results).toEqual([null, refusal]);
    await vi.advanceTimersByTimeAsync(UNDO_SECONDS * 1000);
    expect(remove).toHaveBeenCalledTimes(2);
  });
});
