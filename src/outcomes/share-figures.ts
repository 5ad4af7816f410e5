/**
 * The figure kinds that count families: the share meeting a threshold ("At referral, 8 children
 * had a proven offence … At closure, 5 of those children had reduced their offending by at least
 * 33%"), the share with an issue ("80% had problems related to education") and plain counts
 * ("six eviction orders have been avoided").
 */
import { movement, type BetterDirection } from '../model/indicator-set.ts';
import {
  COMPARISONS,
  type CasePoint,
  type CaseRecord,
  type FigureOf,
  type Threshold,
} from '../model/outcome-figure.ts';
import { changesOf, COMPARE, valuesOf, type Change } from './cases.ts';
import type { FigureBehaviour, LeftOut } from './result.ts';
import { percentOf } from './rounding.ts';
import { betweenWords, families, pointWords, scopeWords, shown } from './wording.ts';

type Kind = Threshold['kind'];
type ThresholdOf<K extends Kind> = Extract<Threshold, { kind: K }>;

interface ThresholdBehaviour<K extends Kind> {
  /** Whether the change needs a starting value (a relative change needs one above 0). */
  needsStart: boolean;
  /** Whether one family's change meets it; `undefined` when it cannot be told (none at the start). */
  meets(threshold: ThresholdOf<K>, change: Change, better: BetterDirection): boolean | undefined;
  words(threshold: ThresholdOf<K>, better: BetterDirection, from: CasePoint, to: CasePoint): string;
}

/** How far a family moved in the better direction (negative when it moved the other way). */
const gain = ({ from, to }: Change, better: BetterDirection) => movement(better, from, to) * Math.abs(to - from);
const changed = (better: BetterDirection) => (better === 'lower' ? 'reduced' : 'increased');

/** One registry for the kinds of threshold, as for the kinds of figure. */
const THRESHOLDS: { [K in Kind]: ThresholdBehaviour<K> } = {
  'relative-change': {
    needsStart: true,
    // Cross-multiplied, so that 3 → 2 (a third) meets "at least 33%" without a rounding error.
    meets: (threshold, change, better) =>
      change.from === 0 ? undefined : 100 * gain(change, better) >= threshold.percent * Math.abs(change.from),
    words: (threshold, better, from, to) =>
      `${changed(better)} by at least ${threshold.percent}% ${betweenWords(from, to)}`,
  },
  change: {
    needsStart: true,
    meets: (threshold, change, better) => gain(change, better) >= threshold.amount,
    words: (threshold, better, from, to) =>
      `${changed(better)} by at least ${threshold.amount} ${betweenWords(from, to)}`,
  },
  reaches: {
    needsStart: false,
    meets: (threshold, change) => COMPARE[threshold.op](change.to, threshold.value),
    words: (threshold, _better, _from, to) => `${COMPARISONS[threshold.op]} ${threshold.value} ${pointWords(to)}`,
  },
};

function thresholdOf<K extends Kind>(threshold: ThresholdOf<K>): ThresholdBehaviour<K> {
  return THRESHOLDS[threshold.kind] as ThresholdBehaviour<K>;
}

/** A share of families, in the registry's shape. */
function share(numerator: number, denominator: number, leftOut: LeftOut[], sentence: string) {
  return {
    unit: 'percent' as const,
    value: denominator === 0 ? null : (100 * numerator) / denominator,
    percent: percentOf(numerator, denominator),
    numerator,
    denominator,
    counts: 'families' as const,
    n: denominator,
    leftOut,
    improved: null,
    sentence,
  };
}

/** Each case's value at the end only, as a change that starts there too: for thresholds that need no start. */
function endsOnly(definition: FigureOf<'share-meeting'>, cases: readonly CaseRecord[]) {
  const { values, leftOut } = valuesOf({ ...definition, at: definition.to }, cases);
  return { changes: values.map(({ familyId, value }) => ({ familyId, from: value, to: value })), leftOut };
}

export const shareMeeting: FigureBehaviour<'share-meeting'> = {
  compute(definition, cases) {
    const { threshold, better, from, to } = definition;
    const behaviour = thresholdOf(threshold);
    const found = behaviour.needsStart ? changesOf(definition, cases) : endsOnly(definition, cases);
    const leftOut = [...found.leftOut];
    let meeting = 0;
    let counted = 0;
    for (const change of found.changes) {
      const meets = behaviour.meets(threshold, change, better);
      if (meets === undefined) {
        leftOut.push({ familyId: change.familyId, reason: 'none-at-start', detail: `none ${pointWords(from)}` });
        continue;
      }
      counted++;
      if (meets) meeting++;
    }
    const scope = scopeWords(definition);
    const sentence =
      counted === 0
        ? `${definition.label}: no families to count${scope}.`
        : `${definition.label}: in ${percentOf(meeting, counted)}% of cases (${meeting} of ${families(counted)}${scope}), ` +
          `${behaviour.words(threshold, better, from, to)}.`;
    return share(meeting, counted, leftOut, sentence);
  },
};

export const prevalence: FigureBehaviour<'prevalence'> = {
  compute(definition, cases) {
    const { values, leftOut } = valuesOf(definition, cases);
    const having = values.filter(({ value }) => COMPARE[definition.has.op](value, definition.has.value)).length;
    const scope = scopeWords(definition);
    const sentence =
      values.length === 0
        ? `${definition.label}: no families to count${scope}.`
        : `${definition.label}: ${percentOf(having, values.length)}% of families ${pointWords(definition.at)} ` +
          `(${having} of ${families(values.length)}${scope}).`;
    return share(having, values.length, leftOut, sentence);
  },
};

export const count: FigureBehaviour<'count'> = {
  compute(definition, cases) {
    const { values, leftOut } = valuesOf(definition, cases);
    const total = values.reduce((sum, { value }) => sum + value, 0);
    return {
      unit: 'count',
      value: total,
      percent: null,
      numerator: total,
      denominator: null,
      counts: 'items',
      n: values.length,
      leftOut,
      improved: null,
      sentence:
        `${definition.label}: ${shown(total)} ${pointWords(definition.at)}, ` +
        `across ${families(values.length)}${scopeWords(definition)}.`,
    };
  },
};
