/**
 * Run a command; if the document refuses it (bad input, or what it refers to was just removed
 * by someone else), say why in plain words instead of throwing.
 */
import { CommandError } from '../../../src/doc/index.ts';

/** The refusal's reasons, or undefined when the command was carried out. */
export function refusal(action: () => void): string | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
    return error.issues.map((issue) => issue.message).join('; ');
  }
}

/**
 * A discrete action as its own undo step (typing is grouped by pauses instead), in either
 * editor. A step held until the person gives their name is refused later, if at all, and then
 * shown by the session (`SessionSnapshot.refusal`).
 */
export function attempt(session: { step(action: () => void): void }, action: () => void): string | undefined {
  return refusal(() => session.step(action));
}
