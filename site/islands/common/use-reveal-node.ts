/**
 * Brings a card into view when it is chosen or added: the map moves (never the card) until the
 * card sits in the part of the map that is not under the side panel. A card already in view
 * stays where it is, so choosing one does not make the map jump.
 */
import { useReactFlow } from '@xyflow/react';
import { useEffect } from 'react';
import { revealShift, visibleMap } from './reveal.ts';

/** How many frames to wait for a new card to be drawn and measured before giving up. */
const FRAMES_TO_WAIT = 60;

export function useRevealNode(nodeId: string | undefined): void {
  const { getViewport, setViewport } = useReactFlow();
  useEffect(() => {
    if (!nodeId) return;
    let frame = 0;
    let handle = requestAnimationFrame(function tryReveal() {
      const card = document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(nodeId)}"]`);
      const map = card?.closest('.react-flow');
      // React Flow hides a card until it has measured it; until then its size is not known.
      if (!card || !map || card.offsetHeight === 0 || getComputedStyle(card).visibility === 'hidden') {
        if (++frame < FRAMES_TO_WAIT) handle = requestAnimationFrame(tryReveal);
        return;
      }
      // The panel covers the map's lower part only where it is laid over it (narrow screens).
      const side = map.closest('.workspace')?.querySelector('.side');
      const sheet = side && getComputedStyle(side).position === 'fixed' ? side.getBoundingClientRect() : undefined;
      const view = visibleMap(
        map.getBoundingClientRect(),
        { width: window.innerWidth, height: window.innerHeight },
        sheet,
      );
      const shift = revealShift(card.getBoundingClientRect(), view);
      if (!shift) return;
      const { x, y, zoom } = getViewport();
      const still = matchMedia('(prefers-reduced-motion: reduce)').matches;
      void setViewport({ x: x + shift.x, y: y + shift.y, zoom }, { duration: still ? 0 : 250 });
    });
    return () => cancelAnimationFrame(handle);
  }, [nodeId, getViewport, setViewport]);
}
