/**
 * Rounding and the statistics figures need, as published figures have them: halves round away
 * from zero (62.5% → 63%, 32.5% → 33%), never to even as `Math.round`'s cousins in other
 * languages do, and medians rather than means for anything ordinal.
 */

/**
 * `value` rounded to `digits` decimals, halves away from zero (−62.5 → −63). A value within
 * floating-point error of a half counts as the half (14.499999999999998, which is 0.145 × 100,
 * rounds to 15).
 */
export function roundHalfUp(value: number, digits = 0): number {
  if (!Number.isFinite(value)) return value;
  const scale = 10 ** digits;
  // 15 significant digits drop the error of the arithmetic that produced the value.
  const scaled = Number((Math.abs(value) * scale).toPrecision(15));
  const rounded = Math.floor(scaled + 0.5) / scale;
  return value < 0 && rounded !== 0 ? -rounded : rounded;
}

/**
 * `numerator` as a whole percent of `denominator`, halves up; exact for whole numbers (5 of 8
 * is 63, 13 of 40 is 33). Null when the denominator is 0.
 */
export function percentOf(numerator: number, denominator: number): number | null {
  if (denominator === 0) return null;
  if (Number.isInteger(numerator) && Number.isInteger(denominator) && numerator >= 0 && denominator > 0) {
    // floor((200·n + d) / 2d) is the half-up percent with no fractions on the way.
    return Math.floor((200 * numerator + denominator) / (2 * denominator));
  }
  return roundHalfUp((100 * numerator) / denominator);
}

/** The median; the mean of the middle two for an even count; null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (index: number) => sorted[index] ?? Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? at(middle) : (at(middle - 1) + at(middle)) / 2;
}

/** The mean; null for none. */
export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}
