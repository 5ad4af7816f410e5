import { describe, expect, it } from 'vitest';
import { mean, median, percentOf, roundHalfUp } from '../../../src/outcomes/index.ts';

describe('rounding as the published figures round', () => {
  it('rounds halves up, not to even: 62.5 → 63 and 32.5 → 33 (Family Action’s 5 of 8 and 13 of 40)', () => {
    expect(roundHalfUp(62.5)).toBe(63);
    expect(roundHalfUp(32.5)).toBe(33);
    expect(percentOf(5, 8)).toBe(63);
    expect(percentOf(13, 40)).toBe(33);
  });

  it('rounds every half up where banker’s rounding would go to even', () => {
    for (const [half, up] of [
      [0.5, 1],
      [1.5, 2],
      [2.5, 3],
      [12.5, 13],
      [37.5, 38],
      [86.5, 87],
    ] as const) {
      expect(roundHalfUp(half)).toBe(up);
    }
    expect(percentOf(1, 8)).toBe(13);
    expect(percentOf(3, 8)).toBe(38);
    expect(percentOf(1, 200)).toBe(1);
  });

  it('rounds a negative half away from zero, so a fall reads as the rise of the same size would', () => {
    expect(roundHalfUp(-62.5)).toBe(-63);
    expect(roundHalfUp(-0.4)).toBe(0);
    expect(Object.is(roundHalfUp(-0.4), -0)).toBe(false);
  });

  it('treats a value within floating-point error of a half as the half', () => {
    expect(0.145 * 100).toBeLessThan(14.5);
    expect(roundHalfUp(0.145 * 100)).toBe(15);
    expect(roundHalfUp(1.005, 2)).toBe(1.01);
    expect(roundHalfUp(64.2857142857)).toBe(64);
    expect(roundHalfUp(66.6666666667)).toBe(67);
  });

  it('has no percent of nothing', () => {
    expect(percentOf(0, 0)).toBeNull();
    expect(percentOf(0, 5)).toBe(0);
    expect(percentOf(2.5, 10)).toBe(25);
  });

  it('takes the median (middle two averaged) and the mean', () => {
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(mean([])).toBeNull();
    expect(mean([1, 2, 6])).toBe(3);
  });
});
