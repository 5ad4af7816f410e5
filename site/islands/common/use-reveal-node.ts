/**
 * Brings a card into view when it is chosen or added: the map moves (never the card) until the
 * card sits in the part of the map that is not under the side panel. A card already in view
 * stays where it is, so choosing one does not make the map jump.
 */
import { useReactFlow } from '@xyflow/react';
import { useEffect } from 'react';
import { revealShift, visibleMap, type ScreenBox } from './reveal.ts';

/** How many frames to wait for a new card to be drawn and measured before giving up. */
const FRAMES_TO_WAIT = 60;

/**
 * How long after a card is chosen (or moves) the map keeps it in view. Things settle after the
 * first look: React Flow moves the card to its new place a frame or more later, the page scrolls
 * as the stage list the card was chosen from goes away, and the sheet grows as its panel fills.
 */
const SETTLE_MS = 1500;

/** How tall a card not yet drawn is taken to be (its number, headline and level). */
const UNDRAWN_CARD_HEIGHT = 160;

/** How long the map takes to glide to a card. */
const GLIDE_MS = 250;

/**
 * `place` changes when the chosen card moves on the map (its stage moved in the story), so it is
 * brought into view again there.
 */
export function useRevealNode(nodeId: string | undefined, place?: number): void {
  const { getViewport, setViewport, getInternalNode } = useReactFlow();
  useEffect(() => {
    if (!nodeId) return;
    const id = nodeId;
    const started = performance.now();
    let unmeasuredFrames = 0;
    let glidingUntil = 0;
    let handle = 0;
    // A person who takes hold of the map in the meantime is moving it themselves: stop.
    let handsOn = false;
    const letGo = () => {
      handsOn = true;
    };
    const look = (now: number) => {
      if (handsOn) return;
      const box = cardBox(id);
      if (!box) {
        if (++unmeasuredFrames < FRAMES_TO_WAIT) handle = requestAnimationFrame(look);
        return;
      }
      if (now >= glidingUntil) {
        const shift = revealShift(box.card, visibleMapOf(box.map));
        if (shift) {
          const { x, y, zoom } = getViewport();
          const still = matchMedia('(prefers-reduced-motion: reduce)').matches;
          void setViewport({ x: x + shift.x, y: y + shift.y, zoom }, { duration: still ? 0 : GLIDE_MS });
          glidingUntil = now + (still ? 0 : GLIDE_MS) + 50;
        }
      }
      if (now - started < SETTLE_MS) handle = requestAnimationFrame(look);
    };
    /**
     * Where the card is on the screen, and its map. A long map draws only the cards in view, so
     * a card off screen has no element yet: its place comes from where the map puts it.
     */
    const cardBox = (cardId: string): { card: ScreenBox; map: Element } | undefined => {
      const card = document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(cardId)}"]`);
      const map = card?.closest('.react-flow');
      // React Flow hides a card until it has measured it; until then its size is not known.
      if (card && map && card.offsetHeight > 0 && getComputedStyle(card).visibility !== 'hidden')
        return { card: card.getBoundingClientRect(), map };
      const node = getInternalNode(cardId);
      const pane = document.querySelector('.react-flow');
      const width = node?.measured.width ?? node?.width;
      // Never drawn, so never measured: enough of it to bring its number and headline into view,
      // after which it is drawn and looked at again.
      const height = node?.measured.height ?? node?.height ?? UNDRAWN_CARD_HEIGHT;
      if (card || !node || !pane || !width || !height) return undefined;
      const { x, y, zoom } = getViewport();
      const origin = pane.getBoundingClientRect();
      const left = origin.left + x + node.internals.positionAbsolute.x * zoom;
      const top = origin.top + y + node.internals.positionAbsolute.y * zoom;
      return { card: { left, top, right: left + width * zoom, bottom: top + height * zoom }, map: pane };
    };
    handle = requestAnimationFrame(look);
    const hold = ['pointerdown', 'wheel', 'keydown'] as const;
    for (const type of hold) window.addEventListener(type, letGo, { passive: true, capture: true });
    return () => {
      cancelAnimationFrame(handle);
      for (const type of hold) window.removeEventListener(type, letGo, { capture: true });
    };
  }, [nodeId, place, getViewport, setViewport, getInternalNode]);
}

/** The part of the map a person can see now: the panel covers its lower part only where it is laid over it (narrow screens). */
function visibleMapOf(map: Element) {
  const side = map.closest('.workspace')?.querySelector('.side');
  const sheet = side && getComputedStyle(side).position === 'fixed' ? side.getBoundingClientRect() : undefined;
  return visibleMap(map.getBoundingClientRect(), { width: window.innerWidth, height: window.innerHeight }, sheet);
}
