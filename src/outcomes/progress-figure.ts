/**
 * Progress on k of m indicators, as Leicestershire reported its assessments: "in nine out of the
 * ten assessed criteria, over 60% of families worked with have made positive progress". Positive
 * progress on an indicator is a last assessment better than the first, in the indicator's own
 * better direction; a family assessed only once on an indicator is not counted on it.
 */
import { movement } from '../model/indicator-set.ts';
import { casesIn, firstAndLast } from './cases.ts';
import type { FigureBehaviour, FigurePart } from './result.ts';
import { percentOf } from './rounding.ts';
import { families, scopeWords } from './wording.ts';

export const progressKOfM: FigureBehaviour<'progress-k-of-m'> = {
  compute(definition, cases) {
    const { cases: inScope, leftOut } = casesIn(definition.filter, cases);
    const assessedTwice = new Set<string>();
    const parts: FigurePart[] = definition.indicators.map(({ measureId, label, better }) => {
      let progressed = 0;
      let assessed = 0;
      for (const record of inScope) {
        const ends = firstAndLast(record.measures[measureId]);
        if (!ends) continue;
        assessed++;
        assessedTwice.add(record.familyId);
        if (movement(better, ends.first, ends.last) === 1) progressed++;
      }
      return {
        measureId,
        label: label ?? measureId,
        numerator: progressed,
        denominator: assessed,
        value: assessed === 0 ? null : (100 * progressed) / assessed,
        percent: percentOf(progressed, assessed),
        // "Over 60%" is strictly more, compared without division: 3 of 5 is not over 60%.
        counts: assessed > 0 && 100 * progressed > definition.over * assessed,
      };
    });
    for (const record of inScope) {
      if (!assessedTwice.has(record.familyId)) {
        leftOut.push({
          familyId: record.familyId,
          reason: 'too-few-assessments',
          detail: 'fewer than two assessments on every indicator',
        });
      }
    }
    const k = parts.filter((part) => part.counts).length;
    const m = parts.length;
    const n = assessedTwice.size;
    return {
      unit: 'indicators',
      value: k,
      percent: null,
      numerator: k,
      denominator: m,
      counts: 'indicators',
      n,
      leftOut,
      improved: null,
      parts,
      sentence:
        `${definition.label}: in ${k} of the ${m} assessed indicators, over ${definition.over}% of families ` +
        `made positive progress (better at their last assessment than at their first; ` +
        `${families(n)} assessed at least twice${scopeWords(definition)}).`,
    };
  },
};
