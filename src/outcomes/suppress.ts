/**
 * Figures as an evaluator may see them: no count that could single out a small group of
 * families. The rules, with N the disclosure threshold (`EVALUATOR_MIN_FAMILIES`, default 3),
 * follow the theory-of-change exports and their `'suppressed'` token:
 *
 * - a count of families (or of things about them: children, call-outs) in 1..N−1 is suppressed;
 *   0 is shown, as it singles out nobody;
 * - a percentage is suppressed when its numerator, its denominator or its complement
 *   (denominator − numerator) is in 1..N−1, since any of them with the percentage gives the rest;
 * - in a table of group counts with a shown total, the suppressed cells together must be neither
 *   recoverable by subtraction nor a small group themselves: more cells are suppressed, the
 *   smallest shown first, until they add up to at least N and to more than one per cell (so no
 *   cell is pinned at 1).
 *
 * What this promises is the subtraction rule: from the shown cells and total, a suppressed cell
 * can be narrowed only to a range of at least two values. A reader who also knows exactly how
 * the complementary cells are picked (the smallest shown) can sometimes narrow one further, as
 * with any fixed rule of this kind; a larger N protects more.
 *
 * Staff views show everything; these functions make the evaluator's copy.
 */
import type { FamilyCount } from '../model/toc-evidence.ts';
import type { FigurePart, FigureResult, LeftOutReason } from './result.ts';
import { percentOf } from './rounding.ts';
import { leftOutWords, tallyLeftOut } from './wording.ts';

type Withheld<T> = T | 'suppressed';

/** Whether a count would single out a small group: 1..N−1. */
export function isSmall(count: number, minFamilies: number): boolean {
  return count >= 1 && count < minFamilies;
}

/** A count as an evaluator sees it. */
export function suppressCount(count: number, minFamilies: number): FamilyCount {
  return isSmall(count, minFamilies) ? 'suppressed' : count;
}

/** Whether a share of `numerator` in `denominator` would tell of a small group. */
export function isSmallShare(numerator: number, denominator: number, minFamilies: number): boolean {
  return [numerator, denominator, denominator - numerator].some((count) => isSmall(count, minFamilies));
}

export interface TableGroup<K extends string = string> {
  key: K;
  count: number;
}

export interface ShownGroup<K extends string = string> {
  key: K;
  count: FamilyCount;
  /** The group's share of the total, rounded half up; suppressed with the count or the total. */
  percent: Withheld<number | null>;
}

export interface ShownTable<K extends string = string> {
  total: FamilyCount;
  groups: ShownGroup<K>[];
}

/**
 * A table of group counts (family types, reasons) whose groups partition the total, as an
 * evaluator may see it. Throws when the groups do not add up to the total, as the subtraction
 * rule would then protect nothing.
 */
export function suppressTable<K extends string>(
  table: { total: number; groups: readonly TableGroup<K>[] },
  minFamilies: number,
): ShownTable<K> {
  const { total, groups } = table;
  const sum = groups.reduce((acc, group) => acc + group.count, 0);
  if (sum !== total) throw new RangeError(`groups add up to ${sum}, not to the total ${total}`);
  const hidden = new Set<number>();
  const totalHidden = isSmall(total, minFamilies);
  groups.forEach((group, index) => {
    if (totalHidden ? group.count > 0 : isSmall(group.count, minFamilies)) hidden.add(index);
  });
  if (!totalHidden) {
    const hiddenSum = () => [...hidden].reduce((acc, index) => acc + (groups[index]?.count ?? 0), 0);
    while (hidden.size > 0 && hiddenSum() < Math.max(minFamilies, hidden.size + 1)) {
      let next: number | undefined;
      groups.forEach((group, index) => {
        if (hidden.has(index) || group.count === 0) return;
        if (next === undefined || group.count < (groups[next]?.count ?? 0)) next = index;
      });
      // Unreachable while the groups partition a total of at least N; kept so the loop always ends.
      if (next === undefined) break;
      hidden.add(next);
    }
  }
  return {
    total: totalHidden ? 'suppressed' : total,
    groups: groups.map((group, index) => {
      const shown = !totalHidden && !hidden.has(index);
      return {
        key: group.key,
        count: shown ? group.count : 'suppressed',
        percent: shown ? percentOf(group.count, total) : 'suppressed',
      };
    }),
  };
}

export interface EvaluatorPart extends Omit<FigurePart, 'numerator' | 'denominator' | 'value' | 'percent' | 'counts'> {
  numerator: FamilyCount;
  denominator: FamilyCount;
  value: Withheld<number | null>;
  percent: Withheld<number | null>;
  counts: Withheld<boolean>;
}

/** A computed figure as an evaluator may see it: no family ids, small counts suppressed. */
export interface EvaluatorFigure extends Omit<
  FigureResult,
  'value' | 'percent' | 'numerator' | 'denominator' | 'n' | 'leftOut' | 'improved' | 'parts'
> {
  value: Withheld<number | null>;
  percent: Withheld<number | null>;
  numerator: Withheld<number | null>;
  denominator: Withheld<number | null>;
  n: FamilyCount;
  improved: Withheld<boolean | null>;
  /** How many families were left out for each reason, suppressed like any table of counts. */
  leftOut: ShownTable<LeftOutReason>;
  parts?: EvaluatorPart[];
  /** True when anything of the figure itself was suppressed; its sentence then says so. */
  withheld: boolean;
}

function suppressPart(part: FigurePart, minFamilies: number): EvaluatorPart {
  const smallBase = isSmall(part.denominator, minFamilies);
  const smallShare = isSmallShare(part.numerator, part.denominator, minFamilies);
  return {
    ...part,
    numerator: smallShare ? 'suppressed' : part.numerator,
    denominator: smallBase ? 'suppressed' : part.denominator,
    value: smallShare ? 'suppressed' : part.value,
    percent: smallShare ? 'suppressed' : part.percent,
    // Over or not over a percent of one or two families tells what each of them did.
    counts: smallBase ? 'suppressed' : part.counts,
  };
}

/** What an evaluator reads in place of a figure that would tell of too few families. */
export function withheldSentence(label: string, minFamilies: number): string {
  return `${label}: withheld, as it would tell of fewer than ${minFamilies} ${minFamilies === 1 ? 'family' : 'families'}.`;
}

/**
 * A figure for evaluators. Suppressed: everything, when it counts 1..N−1 families; else the
 * figure's value (and its numerator and direction) when its numerator, denominator or their
 * difference is a small count, and the denominator when it is one; for progress-k-of-m, each
 * indicator's share likewise, and the number of indicators when an indicator's own base is
 * small (it would show how those few families did).
 */
export function suppressFigure(result: FigureResult, minFamilies: number): EvaluatorFigure {
  const { leftOut, parts, ...rest } = result;
  const shownLeftOut = suppressTable({ total: leftOut.length, groups: tallyLeftOut(leftOut) }, minFamilies);
  const shownParts = parts?.map((part) => suppressPart(part, minFamilies));
  const everything = isSmall(result.n, minFamilies);
  const { numerator, denominator } = result;
  const countsFamilies = result.counts !== 'indicators';
  const smallCells =
    countsFamilies &&
    [numerator, denominator, numerator !== null && denominator !== null ? denominator - numerator : null].some(
      (count) => count !== null && isSmall(count, minFamilies),
    );
  const smallPart = shownParts?.some((part) => part.counts === 'suppressed') ?? false;
  const hideValue = everything || smallCells || smallPart;
  const hideDenominator = everything || (countsFamilies && denominator !== null && isSmall(denominator, minFamilies));
  const withheld = hideValue || hideDenominator;
  const hide = <T>(value: T, hidden: boolean): Withheld<T> => (hidden ? 'suppressed' : value);
  return {
    ...rest,
    value: hide(result.value, hideValue),
    percent: hide(result.percent, hideValue),
    numerator: hide(numerator, hideValue),
    denominator: hide(denominator, hideDenominator),
    n: everything ? 'suppressed' : result.n,
    improved: hide(result.improved, hideValue),
    leftOut: shownLeftOut,
    ...(shownParts ? { parts: everything ? shownParts.map(hideAll) : shownParts } : {}),
    withheld,
    sentence: withheld ? withheldSentence(result.label, minFamilies) : result.sentence,
    leftOutSentence: leftOutWords(shownLeftOut.groups),
  };
}

function hideAll(part: EvaluatorPart): EvaluatorPart {
  return {
    ...part,
    numerator: 'suppressed',
    denominator: 'suppressed',
    value: 'suppressed',
    percent: 'suppressed',
    counts: 'suppressed',
  };
}
