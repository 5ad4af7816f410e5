/**
 * The cohort view: families compared side by side from their journeys' facts (journey-facts.ts).
 *
 * - Progress aligned on the start of support: for each period of months before and after it,
 *   how many families were at each level of the scale and the median level. The scale is
 *   ordinal, so medians and counts, never means; the median of an even count is the lower of
 *   the two middle levels (an actual level, never a half-way one).
 * - Where families get stuck: families with a stage at the lowest level, the codes at those
 *   stages, and families whose latest level is still the lowest.
 * - Recurring barriers and enablers: by code, and by the same words in two or more families.
 * - Cost hot-spots: fiscal cost by agency and support period, by stage code, and by family type.
 *
 * Each family counts once in each count (a family with two journeys is one family).
 */
import type { AgencyCategory } from '../model/agency.ts';
import type { SupportPeriod } from '../model/cost-event.ts';
import type { FactorKind } from '../model/factor.ts';
import type { JourneyFacts } from './journey-facts.ts';

export interface CohortFamily {
  familyId: string;
  /** Its family type's label, when a typing run placed it. */
  type?: string;
  journeys: readonly JourneyFacts[];
}

/** Months relative to the start of support, grouped: [from, to) in months. */
export interface MonthBand {
  label: string;
  from: number;
  to: number;
}

export const MONTH_BANDS: readonly MonthBand[] = [
  { label: 'More than a year before', from: -1200, to: -12 },
  { label: '12 to 7 months before', from: -12, to: -6 },
  { label: '6 to 1 months before', from: -6, to: 0 },
  { label: 'First 6 months of support', from: 0, to: 6 },
  { label: '7 to 12 months in', from: 6, to: 12 },
  { label: '13 to 24 months in', from: 12, to: 24 },
  { label: 'More than 2 years in', from: 24, to: 1200 },
];

export interface BandProgress {
  band: MonthBand;
  /** Families with a rated stage in the band (their latest level in it). */
  families: number;
  /** Families at each level value. */
  atLevel: Record<number, number>;
  median?: number;
}

export interface Recurring {
  /** A code's label, or the words themselves. */
  label: string;
  kind: FactorKind;
  families: number;
}

export interface CostSpot {
  label: string;
  families: number;
  amount: number;
}

export interface CohortView {
  families: number;
  /** Families with at least one stage placed on the scale and a known start of support. */
  aligned: number;
  progress: BandProgress[];
  stuck: { families: number; stillStuck: number; codes: { label: string; families: number }[] };
  byCode: Recurring[];
  byWords: Recurring[];
  costs: {
    byAgency: { category: AgencyCategory; period: SupportPeriod; amount: number; families: number }[];
    byStageCode: CostSpot[];
    byType: { type: string; category: AgencyCategory; amount: number; families: number }[];
    unpriced: number;
  };
}

/** The lower median of these levels (an actual level), or undefined for none. */
export function lowerMedian(levels: readonly number[]): number | undefined {
  if (levels.length === 0) return undefined;
  const sorted = [...levels].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

const increment = <K>(map: Map<K, number>, key: K, by = 1) => map.set(key, (map.get(key) ?? 0) + by);
const byCount = <T extends { families: number; label: string }>(a: T, b: T) =>
  b.families - a.families || a.label.localeCompare(b.label);

function alignedProgress(families: readonly CohortFamily[]): { aligned: number; progress: BandProgress[] } {
  let aligned = 0;
  const inBand = new Map<number, number[]>(MONTH_BANDS.map((_, index) => [index, []]));
  for (const family of families) {
    // Per band, the family's latest level in it (its journeys' stages in order).
    const latest = new Map<number, number>();
    for (const journey of family.journeys)
      for (const at of journey.levels) {
        const month = at.month;
        if (month === undefined) continue;
        const band = MONTH_BANDS.findIndex((b) => month >= b.from && month < b.to);
        if (band >= 0) latest.set(band, at.level);
      }
    if (latest.size > 0) aligned++;
    for (const [band, level] of latest) inBand.get(band)?.push(level);
  }
  return {
    aligned,
    progress: MONTH_BANDS.map((band, index) => {
      const levels = inBand.get(index) ?? [];
      const atLevel: Record<number, number> = {};
      for (const level of levels) atLevel[level] = (atLevel[level] ?? 0) + 1;
      const median = lowerMedian(levels);
      return { band, families: levels.length, atLevel, ...(median === undefined ? {} : { median }) };
    }),
  };
}

function whereStuck(families: readonly CohortFamily[]): CohortView['stuck'] {
  let stuck = 0;
  let stillStuck = 0;
  const codes = new Map<string, number>();
  for (const family of families) {
    const stuckCodes = new Set<string>();
    let stuckAnywhere = false;
    for (const journey of family.journeys) {
      if (journey.stuckCodes.length > 0) stuckAnywhere = true;
      for (const atStage of journey.stuckCodes) for (const code of atStage) stuckCodes.add(code);
    }
    if (stuckAnywhere) stuck++;
    for (const code of stuckCodes) increment(codes, code);
    // Still stuck: the latest rated stage (the last journey's with any, its last) is at that journey's lowest level.
    const lastRated = family.journeys.findLast((j) => j.levels.length > 0);
    if (lastRated && lastRated.levels.at(-1)?.level === lastRated.lowestLevel) stillStuck++;
  }
  return {
    families: stuck,
    stillStuck,
    codes: [...codes].map(([label, n]) => ({ label, families: n })).sort(byCount),
  };
}

function recurring(families: readonly CohortFamily[]): { byCode: Recurring[]; byWords: Recurring[] } {
  const codes = new Map<string, number>();
  const words = new Map<string, number>();
  for (const family of families) {
    const seenCodes = new Set<string>();
    const seenWords = new Set<string>();
    for (const journey of family.journeys)
      for (const factor of journey.factors) {
        for (const code of factor.codes) seenCodes.add(`${factor.kind}\u0000${code}`);
        seenWords.add(`${factor.kind}\u0000${factor.words}`);
      }
    for (const key of seenCodes) increment(codes, key);
    for (const key of seenWords) increment(words, key);
  }
  const list = (counts: Map<string, number>, min: number) =>
    [...counts]
      .filter(([, n]) => n >= min)
      .map(([key, n]) => {
        const [kind, label] = key.split('\u0000') as [FactorKind, string];
        return { kind, label, families: n };
      })
      .sort(byCount);
  return { byCode: list(codes, 1), byWords: list(words, 2) };
}

/** A cost spot as it is summed: families are counted by the last one added, as each family's costs come together. */
interface Summing {
  amount: number;
  families: number;
  lastFamily: string | undefined;
}

function costSpots(families: readonly CohortFamily[]): CohortView['costs'] {
  const agency = new Map<string, Summing>();
  const code = new Map<string, Summing>();
  const type = new Map<string, Summing>();
  let unpriced = 0;
  const add = (map: Map<string, Summing>, key: string, amount: number, familyId: string) => {
    let entry = map.get(key);
    if (!entry) map.set(key, (entry = { amount: 0, families: 0, lastFamily: undefined }));
    entry.amount += amount;
    if (entry.lastFamily !== familyId) {
      entry.families++;
      entry.lastFamily = familyId;
    }
  };
  for (const family of families)
    for (const journey of family.journeys)
      for (const cost of journey.costs) {
        if (cost.amount === undefined) {
          unpriced++;
          continue;
        }
        add(agency, `${cost.category}\u0000${cost.period}`, cost.amount, family.familyId);
        for (const label of cost.stageCodes) add(code, label, cost.amount, family.familyId);
        if (family.type !== undefined) add(type, `${family.type}\u0000${cost.category}`, cost.amount, family.familyId);
      }
  const split = (key: string) => key.split('\u0000') as [string, string];
  return {
    byAgency: [...agency].map(([key, e]) => {
      const [category, period] = split(key) as [AgencyCategory, SupportPeriod];
      return { category, period, amount: e.amount, families: e.families };
    }),
    byStageCode: [...code]
      .map(([label, e]) => ({ label, amount: e.amount, families: e.families }))
      .sort((a, b) => b.amount - a.amount || a.label.localeCompare(b.label)),
    byType: [...type].map(([key, e]) => {
      const [label, category] = split(key) as [string, AgencyCategory];
      return { type: label, category, amount: e.amount, families: e.families };
    }),
    unpriced,
  };
}

export function cohortView(families: readonly CohortFamily[]): CohortView {
  return {
    families: families.length,
    ...alignedProgress(families),
    stuck: whereStuck(families),
    ...recurring(families),
    costs: costSpots(families),
  };
}
