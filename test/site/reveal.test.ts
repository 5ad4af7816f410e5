/** Where a chosen card goes: into the part of the map the side panel does not cover. */
import { describe, expect, it } from 'vitest';
import { revealShift, visibleMap } from '../../site/islands/common/reveal.ts';

const box = (left: number, top: number, right: number, bottom: number) => ({ left, top, right, bottom });

describe('visibleMap', () => {
  it('is the map inside the window when nothing lies over it', () => {
    expect(visibleMap(box(10, 200, 810, 1100), { width: 820, height: 1180 })).toEqual(box(10, 200, 810, 1100));
    expect(visibleMap(box(-20, -50, 900, 1300), { width: 820, height: 1180 })).toEqual(box(0, 0, 820, 1180));
  });

  it('ends where a sheet over its lower part begins', () => {
    expect(visibleMap(box(10, 200, 810, 1100), { width: 820, height: 1180 }, box(0, 650, 820, 1180))).toEqual(
      box(10, 200, 810, 650),
    );
  });

  it('is empty, never inside out, when a sheet covers all of it', () => {
    const view = visibleMap(box(10, 200, 810, 1100), { width: 820, height: 1180 }, box(0, 100, 820, 1180));
    expect(view.bottom).toBe(view.top);
  });
});

describe('revealShift', () => {
  const view = box(0, 200, 800, 650);

  it('leaves a card already in view where it is', () => {
    expect(revealShift(box(100, 250, 360, 400), view)).toBeUndefined();
  });

  it('centres a card that is out of view, on the axis it is out on', () => {
    // Beyond the right edge: moved left until its middle is the view's middle; up and down it stays.
    expect(revealShift(box(900, 300, 1160, 400), view)).toEqual({ x: 400 - 1030, y: 0 });
    // Under the sheet: moved up into the part above it.
    expect(revealShift(box(100, 700, 360, 800), view)).toEqual({ x: 0, y: 425 - 750 });
  });

  it('shows the top of a card taller than the view, a margin in', () => {
    expect(revealShift(box(100, 700, 360, 1400), view, 16)).toEqual({ x: 0, y: 216 - 700 });
  });
});
