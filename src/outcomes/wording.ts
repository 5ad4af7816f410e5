/**
 * The words figures are reported in, after the published accounts ("In 63% of cases (referred
 * for offending) offending was reduced by at least 33%"): a heading, the figure, then what it is
 * of in brackets. Numbers are shown as computed, rounded half up; never reworded by hand.
 */
import { COMPARISONS, type CasePoint, type Condition, type FigureDefinition } from '../model/outcome-figure.ts';
import type { FamilyCount } from '../model/toc-evidence.ts';
import { LEFT_OUT_REASONS, type LeftOut, type LeftOutReason } from './result.ts';
import { roundHalfUp } from './rounding.ts';

const POINT_WORDS: Record<CasePoint, string> = {
  referral: 'at referral',
  closure: 'at closure',
  first: 'when first recorded',
  last: 'when last recorded',
};

/** "at referral", "when last recorded". */
export function pointWords(point: CasePoint): string {
  return POINT_WORDS[point];
}

/** "between referral and closure", "between the first and last records". */
export function betweenWords(from: CasePoint, to: CasePoint): string {
  const name = (point: CasePoint) => (point === 'first' || point === 'last' ? `the ${point} record` : point);
  return `between ${name(from)} and ${name(to)}`;
}

/** "1 family", "12 families". */
export function families(count: number): string {
  return `${count} ${count === 1 ? 'family' : 'families'}`;
}

function conditionWords(condition: Condition): string {
  return `"${condition.measureId}" ${COMPARISONS[condition.op]} ${condition.value} ${pointWords(condition.at)}`;
}

/**
 * Whom a figure counts, to follow "families": the definition's own words, else its filter
 * spelled out (`where "school-attendance" below 85 at referral`); empty when it counts everyone.
 */
export function scopeWords(definition: Pick<FigureDefinition, 'population' | 'filter'>): string {
  if (definition.population) return ` ${definition.population}`;
  if (definition.filter.length === 0) return '';
  return ` where ${definition.filter.map(conditionWords).join(' and ')}`;
}

/** A number as shown in a sentence: whole where it is whole, else to one decimal place. */
export function shown(value: number): string {
  return String(Number.isInteger(value) ? value : roundHalfUp(value, 1));
}

/** How many families were left out for each reason, in the order the reasons first occur. */
export function tallyLeftOut(leftOut: readonly LeftOut[]): { key: LeftOutReason; count: number }[] {
  const byReason = new Map<LeftOutReason, number>();
  for (const { reason } of leftOut) byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
  return [...byReason].map(([key, count]) => ({ key, count }));
}

/**
 * The families left out, by reason, to follow a figure's sentence: "Left out: 1 family (none at
 * the start, so …)." A suppressed tally reads "some families (number withheld)". Empty when none were.
 */
export function leftOutWords(tally: readonly { key: LeftOutReason; count: FamilyCount }[]): string {
  const parts = tally
    .filter(({ count }) => count !== 0)
    .map(({ key, count }) => {
      const who = count === 'suppressed' ? 'some families (number withheld)' : families(count);
      return `${who} (${LEFT_OUT_REASONS[key]})`;
    });
  return parts.length === 0 ? '' : `Left out: ${parts.join('; ')}.`;
}
