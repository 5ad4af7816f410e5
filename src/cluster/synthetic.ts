/**
 * A seeded synthetic cohort in the four family types that Supporting Leicestershire Families
 * found by cluster analysis. Only the types' names and shares are published (the programme's
 * research summary); the issue patterns here are ours, invented so that each reads plausibly
 * from its type's name, and are marked illustrative wherever they go. The cohort exists to
 * test that the clustering recovers types of this shape, not to describe real families.
 *
 * Each family draws each issue with probability 0.97 where its type's mode has the issue and
 * 0.03 where it does not; each answer is then flipped with probability `flipRate`. The
 * published shares add up to 101% (rounding), so family counts are shared out by largest
 * remainder in proportion to them: 1,000 families give 178, 89, 406 and 327.
 */
import type { Answer } from './profiles.ts';
import { createRandom } from './random.ts';

/**
 * The issue ids of the project's default issue set (Troubled Families Phase Two, in
 * `src/issues/phase-two.ts`), in its order; repeated here so the clustering depends on nothing.
 */
export const DEFAULT_ISSUE_IDS: readonly string[] = [
  'offending',
  'asb',
  'risk-of-justice-system',
  'serious-organised-crime',
  'poor-attendance',
  'exclusion',
  'poor-attainment',
  'send',
  'child-in-need',
  'child-protection-plan',
  'risk-of-care',
  'child-sexual-exploitation',
  'parenting-concerns',
  'adult-out-of-work',
  'financial-exclusion',
  'young-person-worklessness',
  'eviction-risk',
  'domestic-abuse',
  'mental-health',
  'physical-health',
  'substance-misuse',
];

/** A published family type: the name and share (percent) as published, and where. */
export interface PublishedType {
  name: string;
  /** Share of families as published, in percent (the four add up to 101 through rounding). */
  share: number;
  source: string;
}

const SOURCE = 'Supporting Leicestershire Families research summary';

/** The four types as published; names and shares are the only published facts about them. */
export const SLF_TYPES: readonly PublishedType[] = [
  { name: 'Cluster 1: Disaffected Young People and generational issues', share: 18, source: SOURCE },
  { name: 'Cluster 2: Disengaged Young People', share: 9, source: SOURCE },
  { name: 'Cluster 3: Typical Families in need of early family support', share: 41, source: SOURCE },
  { name: 'Cluster 4: Isolated Families requiring specialist support', share: 33, source: SOURCE },
];

/**
 * ILLUSTRATIVE, NOT PUBLISHED: the issues each type's mode holds, in SLF_TYPES order, invented
 * to read plausibly from the names. Any two differ in at least 9 of the default issues, so
 * that each type stands apart from every other rather than from some.
 */
export const ILLUSTRATIVE_MODE_ISSUES: readonly (readonly string[])[] = [
  [
    'offending',
    'asb',
    'risk-of-justice-system',
    'poor-attendance',
    'exclusion',
    'parenting-concerns',
    'adult-out-of-work',
    'substance-misuse',
  ],
  [
    'poor-attendance',
    'exclusion',
    'poor-attainment',
    'child-in-need',
    'child-sexual-exploitation',
    'young-person-worklessness',
    'mental-health',
  ],
  ['send', 'financial-exclusion', 'physical-health'],
  [
    'child-in-need',
    'child-protection-plan',
    'risk-of-care',
    'eviction-risk',
    'domestic-abuse',
    'mental-health',
    'physical-health',
    'substance-misuse',
  ],
];

/** Said wherever the cohort is shown. */
export const ILLUSTRATIVE_NOTE =
  'Synthetic families: the four types and their shares are as Supporting Leicestershire Families published them, ' +
  'but the issues in each type are invented for illustration and describe no real family.';

export interface SyntheticOptions {
  families: number;
  seed: number;
  /** Probability that each answer is flipped after it is drawn; default 0.15. */
  flipRate?: number;
  /** The issues to generate, in order; default DEFAULT_ISSUE_IDS. Ids no type's mode names are rare everywhere. */
  issueIds?: readonly string[];
}

export interface SyntheticCohort {
  issueIds: string[];
  /** One row per family, one answer per issue. */
  profiles: Answer[][];
  /** Each family's type, as an index into `types`. */
  truth: number[];
  types: PublishedType[];
  /** Each type's mode over `issueIds` (illustrative, see `note`). */
  modes: Answer[][];
  /** Families of each type. */
  counts: number[];
  illustrative: true;
  note: string;
  seed: number;
  flipRate: number;
}

const PRESENT = 0.97;
const ABSENT = 0.03;

/** Generates a cohort (see the module comment); the same options give the same cohort. */
export function syntheticCohort(options: SyntheticOptions): SyntheticCohort {
  const { families, seed } = options;
  const flipRate = options.flipRate ?? 0.15;
  const issueIds = [...(options.issueIds ?? DEFAULT_ISSUE_IDS)];
  if (!Number.isInteger(families) || families < 0) {
    throw new RangeError(`families must be a non-negative integer, got ${families}`);
  }
  if (!(flipRate >= 0 && flipRate <= 1)) throw new RangeError(`flipRate must lie in 0..1, got ${flipRate}`);

  const modes = ILLUSTRATIVE_MODE_ISSUES.map((held) => issueIds.map((id): Answer => (held.includes(id) ? 1 : 0)));
  const counts = largestRemainder(
    families,
    SLF_TYPES.map((t) => t.share),
  );
  const truth: number[] = counts.flatMap((count, type) => new Array<number>(count).fill(type));
  const rng = createRandom(seed);
  // Shuffled (Fisher–Yates), so a family's position says nothing about its type.
  for (let i = truth.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    [truth[i], truth[j]] = [truth[j] ?? 0, truth[i] ?? 0];
  }
  const profiles = truth.map((type) =>
    (modes[type] ?? []).map((inMode): Answer => {
      const drawn = rng.nextFloat() < (inMode ? PRESENT : ABSENT);
      const flipped = rng.nextFloat() < flipRate;
      return drawn !== flipped ? 1 : 0;
    }),
  );
  return {
    issueIds,
    profiles,
    truth,
    types: SLF_TYPES.map((t) => ({ ...t })),
    modes,
    counts,
    illustrative: true,
    note: ILLUSTRATIVE_NOTE,
    seed,
    flipRate,
  };
}

/**
 * Shares `total` out in proportion to `weights` (non-negative integers): each part gets the
 * floor of its quota, and the units left go to the largest remainders (earlier part on a tie).
 * Integer arithmetic throughout, so no quota is misjudged by a binary fraction.
 */
export function largestRemainder(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (sum <= 0) throw new RangeError('weights must add up to more than 0');
  const parts = weights.map((w) => Math.floor((total * w) / sum));
  const remainders = weights.map((w, i) => ({ i, rest: (total * w) % sum }));
  let left = total - parts.reduce((s, x) => s + x, 0);
  remainders.sort((x, y) => y.rest - x.rest || x.i - y.i);
  for (const { i } of remainders) {
    if (left-- <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
  }
  return parts;
}
