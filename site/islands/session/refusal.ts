/**
 * When the server refuses what this page sent (server/SPEC.md REFUSE1): it closes the room's
 * connection with the reason's own code. A Yjs client would send its refused change again at
 * every reconnect, so the session drops its copy of the document instead, keeps the person's
 * unsaved words on screen to copy, and the editor says why in plain words.
 */
import { CLOSE_CODES, REFUSAL_CLOSES, type CloseReason } from '../../../src/protocol/index.ts';
import { LINK_RAN_OUT, LINK_STOPPED } from '../../lib/refusals.ts';
import type { OpenedWith } from './opened-with.ts';

export type RefusalReason = 'linkExpired' | 'accessRevoked' | 'documentErased' | 'quotaExceeded';

/** The refusal a close code stands for, or undefined when the close is not one. */
export function refusalOf(code: number): RefusalReason | undefined {
  return REFUSAL_CLOSES.find((reason): reason is RefusalReason & CloseReason => CLOSE_CODES[reason] === code);
}

/**
 * After a refused change the document can be loaded again at once, as the server has it, only
 * while this page may still open it: after a quota refusal. After the others the link is dead.
 */
export function reloadsAtOnce(reason: RefusalReason): boolean {
  return reason === 'quotaExceeded';
}

/** A piece of text a person wrote, with where it was, as this page had it. */
export interface Words {
  /** Which field of which record: the same key in the stored document and in this page's. */
  key: string;
  /** Where it was, in the editor's own words ("Stage “Moving day”: in their own words"). */
  where: string;
  text: string;
}

/**
 * The words this page held that the server had not acknowledged storing: every field whose
 * text differs from the stored document's (or that the stored document lacks), in page order.
 */
export function unsavedWords<T>(
  stored: T | undefined,
  current: T | undefined,
  wordsOf: (model: T) => Words[],
): Words[] {
  if (current === undefined) return [];
  const storedText = new Map((stored === undefined ? [] : wordsOf(stored)).map((words) => [words.key, words.text]));
  return wordsOf(current).filter((words) => words.text.trim() !== '' && storedText.get(words.key) !== words.text);
}

/** What a refusal is called in the editor: one heading and one piece of advice per reason. */
export interface RefusalMessage {
  heading: string;
  advice: string;
}

/**
 * What the person is told, in short plain sentences a parent with little reading can follow.
 * `thing` is what the document is to them: "map", "theory of change".
 */
export function refusalMessage(reason: RefusalReason, openedWith: OpenedWith, thing: string): RefusalMessage {
  const invite = openedWith === 'invite';
  switch (reason) {
    case 'linkExpired':
      return invite
        ? LINK_RAN_OUT
        : { heading: 'This page has been open too long.', advice: 'Load the page again to carry on.' };
    case 'accessRevoked':
      return invite
        ? LINK_STOPPED
        : {
            heading: 'Your sign-in here has ended.',
            advice: 'You signed out, or an admin changed your access. Sign in again to carry on, or ask an admin.',
          };
    case 'documentErased':
      return { heading: `This ${thing} has been deleted.`, advice: 'It cannot be opened again.' };
    case 'quotaExceeded':
      // Only whoever runs the server can let documents grow (DOCUMENT_MAX_BYTES).
      return {
        heading: `This ${thing} is full.`,
        advice: invite
          ? 'Your last change was not saved. Tell the person running the session.'
          : 'Your last change was not saved. Ask whoever runs Turning Points for more room.',
      };
  }
}
