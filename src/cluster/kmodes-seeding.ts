/**
 * Starting modes for k-modes, chosen k-means++ style (Arthur, D. & Vassilvitskii, S. (2007)
 * "k-means++: The Advantages of Careful Seeding", Proc. ACM-SIAM SODA 2007:1027–1035) on the
 * Hamming distance, so that the starts are spread over the families rather than bunched; the
 * restarts in kmodes.ts then differ only in their seeds. The weight is the squared distance, as
 * in k-means++: it favours far families more than the plain distance would, which on noisy
 * binary profiles keeps two starting modes out of one type more often.
 */
import { hamming, popcount32, type PackedProfiles } from './profiles.ts';
import type { Random } from './random.ts';

/**
 * k-means++ seeding on the Hamming distance: the first mode is a random family, each next one
 * a family drawn with probability proportional to its squared distance from the nearest mode
 * chosen so far. When every family already coincides with a chosen mode (fewer distinct
 * profiles than k), a family is drawn uniformly; the empty cluster that follows is refilled.
 * Returns k packed rows.
 */
export function seedModes(packed: PackedProfiles, k: number, rng: Random): Uint32Array {
  const { n, words, bits } = packed;
  const modes = new Uint32Array(k * words);
  const nearest = new Float64Array(n);
  const take = (c: number, i: number) => {
    modes.set(bits.subarray(i * words, (i + 1) * words), c * words);
    const word = modes[c * words] ?? 0; // the whole mode when words = 1, the common case
    for (let r = 0; r < n; r++) {
      const d = words === 1 ? popcount32((bits[r] ?? 0) ^ word) : hamming(bits, r, modes, c, words);
      if (c === 0 || d < (nearest[r] ?? 0)) nearest[r] = d;
    }
  };
  take(0, rng.nextInt(n));
  for (let c = 1; c < k; c++) {
    let total = 0;
    for (let r = 0; r < n; r++) total += (nearest[r] ?? 0) ** 2;
    if (total === 0) {
      take(c, rng.nextInt(n));
      continue;
    }
    let target = rng.nextFloat() * total;
    let pick = -1;
    for (let r = 0; r < n && target >= 0; r++) {
      const w = (nearest[r] ?? 0) ** 2;
      if (w > 0) {
        pick = r;
        target -= w;
      }
    }
    take(c, pick);
  }
  return modes;
}
