/**
 * A device arriving from a document's old id (server/SPEC.md MOVE4): the old address's redirect
 * names the old id in the fragment, which is taken out of the address at once. Kept apart from
 * carry-over.ts, which is loaded only when there is something to carry.
 */

const FRAGMENT = /^#moved-from=([A-Za-z0-9][A-Za-z0-9_-]{0,63})$/;

/** The old id the address's fragment names, taken out of the address (and history) at once. */
export function movedFrom(): string | undefined {
  const from = FRAGMENT.exec(location.hash)?.[1];
  if (location.hash.startsWith('#moved-from='))
    history.replaceState(history.state, '', location.pathname + location.search);
  return from;
}
