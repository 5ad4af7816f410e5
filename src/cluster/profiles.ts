/**
 * Families' issue profiles as bits. A profile is one family's yes/no answers over p issues;
 * packing each into 32-bit words makes the simple-matching (Hamming) distance between two
 * profiles an XOR and a population count per word, which is what keeps k-modes and the
 * silhouette fast on ten thousand families. Any p is supported (⌈p/32⌉ words a row).
 */

/** One answer: 1 when the family has the issue, 0 when it does not. */
export type Answer = 0 | 1;

/**
 * The entry type of the clustering: one row per family, one answer per issue, every row the
 * same length (the issues in one agreed order).
 */
export type BinaryMatrix = readonly (readonly Answer[])[];

/** Profiles packed into bits, built once by {@link packProfiles} and shared by every step. */
export interface PackedProfiles {
  /** Number of families (rows). */
  readonly n: number;
  /** Number of issues (columns). */
  readonly p: number;
  /** 32-bit words a row: ⌈p / 32⌉, at least 1. */
  readonly words: number;
  /** Row i is words [i·words, (i+1)·words); issue j is bit j mod 32 of word ⌊j / 32⌋; unused bits are 0. */
  readonly bits: Uint32Array;
}

/** What the clustering functions accept: the plain matrix, or profiles already packed. */
export type ProfileInput = BinaryMatrix | PackedProfiles;

/** Words needed for p issues (at least one, so an empty profile still has a row). */
export function wordsFor(p: number): number {
  return Math.max(1, Math.ceil(p / 32));
}

/**
 * Packs rows of 0/1 answers. Every row must have the same length and hold only 0 or 1; `p`
 * names the width when there are no rows. Throws a RangeError naming the first bad cell.
 */
export function packProfiles(rows: BinaryMatrix, p: number = rows[0]?.length ?? 0): PackedProfiles {
  const words = wordsFor(p);
  const bits = new Uint32Array(rows.length * words);
  rows.forEach((row, i) => {
    if (row.length !== p) throw new RangeError(`row ${i} has ${row.length} answers, expected ${p}`);
    for (let j = 0; j < p; j++) {
      const v = row[j];
      if (v === 1) bits[i * words + (j >>> 5)] = (bits[i * words + (j >>> 5)] ?? 0) | (1 << (j & 31));
      else if (v !== 0) throw new RangeError(`row ${i}, issue ${j}: answer must be 0 or 1, got ${String(v)}`);
    }
  });
  return { n: rows.length, p, words, bits };
}

/** The packed form of either input; packed profiles pass through unchanged. */
export function asPacked(input: ProfileInput): PackedProfiles {
  return isPacked(input) ? input : packProfiles(input);
}

function isPacked(input: ProfileInput): input is PackedProfiles {
  return 'bits' in input && input.bits instanceof Uint32Array;
}

/** Row i back as answers. */
export function unpackRow(packed: PackedProfiles, i: number): Answer[] {
  const out: Answer[] = [];
  const base = i * packed.words;
  for (let j = 0; j < packed.p; j++) out.push((((packed.bits[base + (j >>> 5)] ?? 0) >>> (j & 31)) & 1) as Answer);
  return out;
}

/** Number of set bits in a 32-bit word (the SWAR method: no table, no loop). */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/**
 * Hamming distance between row i of `a` and row j of `b` (both `words` wide): the number of
 * issues on which the two profiles differ.
 */
export function hamming(a: Uint32Array, i: number, b: Uint32Array, j: number, words: number): number {
  let d = 0;
  const ai = i * words;
  const bj = j * words;
  for (let w = 0; w < words; w++) d += popcount32((a[ai + w] ?? 0) ^ (b[bj + w] ?? 0));
  return d;
}

/** The given rows, in the given order (repeats allowed, as in a bootstrap draw). */
export function selectRows(packed: PackedProfiles, indices: ArrayLike<number>): PackedProfiles {
  const { words } = packed;
  const bits = new Uint32Array(indices.length * words);
  for (let r = 0; r < indices.length; r++) {
    const from = (indices[r] ?? 0) * words;
    for (let w = 0; w < words; w++) bits[r * words + w] = packed.bits[from + w] ?? 0;
  }
  return { n: indices.length, p: packed.p, words, bits };
}

/**
 * Per-cluster sizes and per-cluster, per-issue counts of families with the issue
 * (`counts[c·p + j]`), in O(n·p) by visiting only the set bits. Labels must lie in [0, k).
 */
export function clusterCounts(
  packed: PackedProfiles,
  labels: ArrayLike<number>,
  k: number,
): { sizes: Int32Array; counts: Int32Array } {
  const { n, p, words, bits } = packed;
  const sizes = new Int32Array(k);
  const counts = new Int32Array(k * p);
  for (let i = 0; i < n; i++) {
    const c = labels[i] ?? -1;
    if (!(c >= 0 && c < k)) throw new RangeError(`label ${c} of row ${i} is outside 0..${k - 1}`);
    sizes[c] = (sizes[c] ?? 0) + 1;
    addBits(counts, c * p, bits, i * words, words, 1);
  }
  return { sizes, counts };
}

/** Adds `sign` to counts[offset + j] for each set bit j of the row at bits[row..row+words). */
export function addBits(
  counts: Int32Array,
  offset: number,
  bits: Uint32Array,
  row: number,
  words: number,
  sign: number,
): void {
  for (let w = 0; w < words; w++) {
    let x = bits[row + w] ?? 0;
    while (x !== 0) {
      const low = x & -x;
      const at = offset + w * 32 + (31 - Math.clz32(low));
      counts[at] = (counts[at] ?? 0) + sign;
      x ^= low;
    }
  }
}
