/**
 * Where a card must go to be seen: the part of the map nobody's panel covers, and how far to
 * move the map (in screen pixels) so the card sits in it. Pure, so it is tested without a browser.
 */

/** A rectangle on the screen, in CSS pixels (as getBoundingClientRect gives it). */
export interface ScreenBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * The part of the map a person can see: inside the window, and above a panel laid over the
 * map's lower part (the bottom sheet on a narrow screen), when there is one.
 */
export function visibleMap(map: ScreenBox, window: { width: number; height: number }, sheet?: ScreenBox): ScreenBox {
  const top = Math.max(map.top, 0);
  const bottom = Math.min(map.bottom, window.height, sheet?.top ?? Infinity);
  return { left: Math.max(map.left, 0), top, right: Math.min(map.right, window.width), bottom: Math.max(bottom, top) };
}

/**
 * How far to move the map so the card is wholly in view, or undefined when it already is.
 * A card that fits is centred on each axis it is out on; one taller or wider than the view
 * shows its start (its number and headline), `margin` pixels in.
 */
export function revealShift(card: ScreenBox, view: ScreenBox, margin = 16): { x: number; y: number } | undefined {
  const axis = (start: number, end: number, viewStart: number, viewEnd: number): number => {
    if (start >= viewStart && end <= viewEnd) return 0;
    if (end - start > viewEnd - viewStart - 2 * margin) return viewStart + margin - start;
    return (viewStart + viewEnd) / 2 - (start + end) / 2;
  };
  const x = axis(card.left, card.right, view.left, view.right);
  const y = axis(card.top, card.bottom, view.top, view.bottom);
  return x === 0 && y === 0 ? undefined : { x, y };
}
