import { describe, expect, it } from 'vitest';
import { runSave } from './saving';

describe('runSave', () => {
  it('says the rule of a refusal with its details and turns read-only on in_review', async () => {
    const state = { busy: false, problem: null as string | null };
    let readOnly = false;
    const ok = await runSave(state, () => Promise.reject({ code: 'in_review', message: 'visit is submitted' }), () => (readOnly = true));
    const rule = 'The visit is with the supervisors: it can be edited again once it is returned.';
    expect([ok, state.problem, readOnly, state.busy]).toEqual([false, `${rule} (visit is submitted)`, true, false]);
  });

  it('clears the message when a save works, and other refusals keep the form editable', async () => {
    const state = { busy: false, problem: 'old' as string | null };
    let readOnly = false;
    expect(await runSave(state, () => Promise.resolve(1), () => (readOnly = true))).toBe(true);
    expect(state.problem).toBeNull();
    await runSave(state, () => Promise.reject({ code: 'invalid_input', message: 'bad' }), () => (readOnly = true));
    expect([state.problem, readOnly]).toEqual(['bad', false]);
  });
});
