/**
 * The figure kinds about change between two points: a change in a total ("14 children were on a
 * CPP at referral – this fell to 5 at closure"), the median of families' changes ("On median,
 * school attendance increased by 19%") and the mean of families' own percent changes ("an 80%
 * average reduction in police call outs").
 */
import { movement, type BetterDirection } from '../model/indicator-set.ts';
import type { FigureOf } from '../model/outcome-figure.ts';
import { changesOf, type Change } from './cases.ts';
import type { FigureBehaviour, LeftOut } from './result.ts';
import { mean, median, percentOf, roundHalfUp } from './rounding.ts';
import { betweenWords, families, pointWords, scopeWords } from './wording.ts';

type ChangeDefinition = FigureOf<'count-change' | 'median-change' | 'mean-of-family-change'>;

/** Whether a change from 0 by `change` is for the better; null for no change. */
const improvedBy = (better: BetterDirection, change: number | null) =>
  change === null || change === 0 ? null : movement(better, 0, change) === 1;

/** "increased by 19 percentage points", "decreased by 64%". */
function changeWords(percent: number, unit: '%' | ' percentage points'): string {
  if (percent === 0) return 'no change';
  return `${percent > 0 ? 'increased' : 'decreased'} by ${Math.abs(percent)}${unit}`;
}

/** Each family's change as a percent of its own starting value; families starting at 0 left out. */
function relativeChanges(changes: readonly Change[]): { relative: number[]; leftOut: LeftOut[] } {
  const relative: number[] = [];
  const leftOut: LeftOut[] = [];
  for (const { familyId, from, to } of changes) {
    if (from === 0) leftOut.push({ familyId, reason: 'none-at-start', detail: 'none at the start' });
    else relative.push((100 * (to - from)) / Math.abs(from));
  }
  return { relative, leftOut };
}

const noFamilies = (definition: ChangeDefinition) =>
  `${definition.label}: no families to count${scopeWords(definition)}.`;

export const countChange: FigureBehaviour<'count-change'> = {
  compute(definition, cases) {
    const { changes, leftOut } = changesOf(definition, cases);
    const start = changes.reduce((sum, change) => sum + change.from, 0);
    const end = changes.reduce((sum, change) => sum + change.to, 0);
    const difference = end - start;
    const magnitude = start === 0 ? null : percentOf(Math.abs(difference), Math.abs(start));
    const percent = magnitude === null ? null : Math.sign(difference) * magnitude || 0;
    const { label, from, to } = definition;
    let howMuch = `${Math.abs(percent ?? 0)}% ${difference < 0 ? 'fewer' : 'more'}`;
    if (difference === 0) howMuch = 'no change';
    else if (percent === null) howMuch = `none ${pointWords(from)}, so no percent`;
    return {
      unit: 'percent',
      value: start === 0 ? null : (100 * difference) / Math.abs(start),
      percent,
      numerator: Math.abs(difference),
      denominator: start,
      counts: 'items',
      n: changes.length,
      leftOut,
      improved: improvedBy(definition.better, difference),
      sentence:
        changes.length === 0
          ? noFamilies(definition)
          : `${label}: ${start} ${pointWords(from)}, ${end} ${pointWords(to)} (${howMuch}), ` +
            `across ${families(changes.length)}${scopeWords(definition)}.`,
    };
  },
};

export const medianChange: FigureBehaviour<'median-change'> = {
  compute(definition, cases) {
    const found = changesOf(definition, cases);
    const points = definition.unit === 'percentage-points';
    const { relative, leftOut } = points
      ? { relative: found.changes.map((change) => change.to - change.from), leftOut: [] }
      : relativeChanges(found.changes);
    const value = median(relative);
    const percent = value === null ? null : roundHalfUp(value);
    const between = betweenWords(definition.from, definition.to);
    return {
      unit: points ? 'percentage-points' : 'percent',
      value,
      percent,
      numerator: null,
      denominator: relative.length,
      counts: 'families',
      n: relative.length,
      leftOut: [...found.leftOut, ...leftOut],
      improved: improvedBy(definition.better, value),
      sentence:
        percent === null
          ? noFamilies(definition)
          : `${definition.label}: on median, ${changeWords(percent, points ? ' percentage points' : '%')} ` +
            `${between} (${families(relative.length)}${scopeWords(definition)}).`,
    };
  },
};

export const meanOfFamilyChange: FigureBehaviour<'mean-of-family-change'> = {
  compute(definition, cases) {
    const found = changesOf(definition, cases);
    const { relative, leftOut } = relativeChanges(found.changes);
    const value = mean(relative);
    const percent = value === null ? null : roundHalfUp(value);
    const { label, from, to } = definition;
    const average =
      percent === 0
        ? 'no average change'
        : `an average ${(percent ?? 0) < 0 ? 'reduction' : 'increase'} of ${Math.abs(percent ?? 0)}%`;
    return {
      unit: 'percent',
      value,
      percent,
      numerator: null,
      denominator: relative.length,
      counts: 'families',
      n: relative.length,
      leftOut: [...found.leftOut, ...leftOut],
      improved: improvedBy(definition.better, value),
      sentence:
        percent === null
          ? noFamilies(definition)
          : `${label}: ${average} (the mean of each family’s change as a percent of its own value ` +
            `${pointWords(from)}, ${betweenWords(from, to)}, across ${families(relative.length)}` +
            `${scopeWords(definition)}; families with none ${pointWords(from)} cannot be counted).`,
    };
  },
};
