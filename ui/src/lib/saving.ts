/** One form's save: runs it, keeps the message of a refusal beside the form. */
import { errorText } from './errors';
import { isReadOnlyError } from './visits';
import { toVigilError } from './ipc';

export interface Saving {
  busy: boolean;
  problem: string | null;
}

/**
 * Runs `action` for a form in `state`; a refusal's message goes to `state.problem`, and a
 * refusal that says the visit left the team's hands calls `onreadonly`. Resolves to whether it worked.
 */
export async function runSave(state: Saving, action: () => Promise<unknown>, onreadonly: () => void): Promise<boolean> {
  state.busy = true;
  state.problem = null;
  try {
    await action();
    return true;
  } catch (reason) {
    const error = toVigilError(reason);
    state.problem = errorText(error);
    if (isReadOnlyError(error.code)) onreadonly();
    return false;
  } finally {
    state.busy = false;
  }
}
