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

/** How long after a card is chosen a scroll of the page (the list it was chosen from going away) looks again. */
const SETTLE_MS = 1000;

/**
 * `place` changes when the chosen card moves on the map (its stage moved in the story), so it is
 * brought into view again there.
 */
export function useRevealNode(nodeId: string | undefined, place?: number): void {
  const { getViewport, setViewport } = useReactFlow();
  useEffect(() => {
    if (!nodeId) return;
    const id = nodeId;
    let frame = 0;
    let handle = 0;
    // Opening the panel can still scroll the page after the first look (the stage list it was
    // chosen from goes away, and the page gets shorter), moving the card under the panel again.
    const lookAgain = () => {
      cancelAnimationFrame(handle);
      frame = 0;
      handle = requestAnimationFrame(tryReveal);
    };
    window.addEventListener('scroll', lookAgain, { passive: true });
    const settled = setTimeout(() => window.removeEventListener('scroll', lookAgain), SETTLE_MS);
    const tryReveal = () => {
      const card = document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(id)}"]`);
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
    };
    handle = requestAnimationFrame(tryReveal);
    return () => {
      cancelAnimationFrame(handle);
      clearTimeout(settled);
      window.removeEventListener('scroll', lookAgain);
    };
  }, [nodeId, place, getViewport, setViewport]);
}
