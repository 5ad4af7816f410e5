/**
 * The journey as the server read it when it sent the page, for the map to draw at once: without
 * it the first card waited for the connection to open and the whole document to arrive, be
 * applied and be read (seconds on a family's tablet on a slow line; a third of a second for a
 * long journey on a fast one). The page holds it as data (a JSON script element, never run),
 * with the costs only for someone the server lets see them (COSTS2). The live document replaces
 * it as soon as it is here (doc-session.ts, `SessionOptions.opening`).
 */
import type { JourneyCosts } from '../../../src/doc/index.ts';
import type { Journey } from '../../../src/model/index.ts';

export interface JourneyOpening {
  /** The journey document's own content: its cost events live in the companion. */
  journey: Journey;
  costs?: JourneyCosts;
}

/** The id of the page element that holds a journey's opening. */
export const openingElementId = (docId: string) => `opening-${docId}`;

/** The opening as JSON that is safe inside a script element (no `<` to end it early). */
export function openingJson(opening: JourneyOpening): string {
  return JSON.stringify(opening).replace(/</g, '\\u003c');
}

/**
 * The opening the page was sent with, if any. It is taken off the page as it is read: the
 * session holds it from then on, and lets go of it when access ends (a refusal leaves no copy
 * of the family's story in the page).
 */
export function readOpening(docId: string): JourneyOpening | undefined {
  const element = document.getElementById(openingElementId(docId));
  const text = element?.textContent;
  element?.remove();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as JourneyOpening;
  } catch {
    // Without it the map waits for the document, as it always could.
    return undefined;
  }
}
