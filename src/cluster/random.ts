/**
 * A small seeded pseudo-random generator, so every random choice in the clustering (starting
 * modes, bootstrap draws, synthetic cohorts) can be replayed from one number. The generator is
 * sfc32 (Chris Doty-Humphrey's "small fast chaotic" generator from PractRand), seeded through
 * splitmix32 so that nearby seeds give unrelated streams. Not for anything secret.
 */

/** A replayable stream of pseudo-random numbers. */
export interface Random {
  /** A uniform integer in [0, 2³²). */
  nextUint32(): number;
  /** A uniform number in [0, 1), with 32 bits of precision. */
  nextFloat(): number;
  /**
   * A uniform integer in [0, n) for a positive integer n. Scaling 32 bits leaves a bias of at
   * most n / 2³², far below anything the clustering can notice.
   */
  nextInt(n: number): number;
}

const TWO_32 = 4294967296;

/** splitmix32 finaliser: spreads one 32-bit word over all bits. */
function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * A generator seeded by any finite number (the integer part of it, taken modulo 2³²).
 * The same seed always gives the same stream.
 */
export function createRandom(seed: number): Random {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  const s = Math.trunc(seed) >>> 0;
  let a = mix32(s);
  let b = mix32(a ^ 0x6a09e667);
  let c = mix32(b ^ 0xbb67ae85);
  let d = 1;
  const nextUint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // The first outputs still echo the seed; PractRand's own sfc32 seeding discards twelve.
  for (let i = 0; i < 12; i++) nextUint32();
  return {
    nextUint32,
    nextFloat: () => nextUint32() / TWO_32,
    nextInt: (n: number) => {
      if (!Number.isInteger(n) || n <= 0) throw new RangeError(`nextInt needs a positive integer, got ${n}`);
      return Math.floor((nextUint32() / TWO_32) * n);
    },
  };
}

/**
 * A seed for one sub-task (a restart, a bootstrap resample, a value of k), derived from the
 * caller's seed and the sub-task's numbers, so each sub-task's stream does not depend on how
 * many others ran before it.
 */
export function deriveSeed(seed: number, ...parts: readonly number[]): number {
  let h = mix32(Math.trunc(seed) >>> 0);
  for (const part of parts) h = mix32((h ^ mix32(Math.trunc(part) >>> 0)) >>> 0);
  return h;
}
