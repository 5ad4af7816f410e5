/**
 * Case-level data made up to match what the published accounts' footnotes say of their cases,
 * so that our figures reproduce theirs. Only the totals and counts in the footnotes are theirs;
 * each family's values are ours, chosen to add up to them.
 */
import {
  CaseRecordSchema,
  FigureDefinitionSchema,
  type CaseRecord,
  type CaseSeriesInput,
  type FigureDefinition,
  type FigureDefinitionInput,
} from '../../../src/model/outcome-figure.ts';

export const definition = (input: FigureDefinitionInput): FigureDefinition => FigureDefinitionSchema.parse(input);

/** A case from a family id and its measures. */
export const family = (familyId: string, measures: Record<string, CaseSeriesInput>): CaseRecord =>
  CaseRecordSchema.parse({ familyId, measures });

/** Cases with one measure, from [referral, closure] pairs (undefined where nothing was recorded). */
export function pairs(prefix: string, measureId: string, values: [number | undefined, number | undefined][]) {
  return values.map(([referral, closure], index) =>
    family(`${prefix}${index + 1}`, { [measureId]: { referral, closure } }),
  );
}

/**
 * Family Action, Intensive Family Support, footnote 5 (Birmingham Think Families): "14 children
 * were on a CPP at referral – this fell to 5 at closure. 14 children were CIN at referral – this
 * fell to 6 at closure." Ten families; one more was not recorded at closure and is left out.
 */
export function birminghamCases(): CaseRecord[] {
  const cpp: [number, number][] = [
    [2, 1],
    [2, 1],
    [2, 0],
    [1, 0],
    [1, 1],
    [1, 0],
    [1, 0],
    [1, 1],
    [1, 1],
    [2, 0],
  ];
  const cin: [number, number][] = [
    [1, 1],
    [2, 1],
    [1, 0],
    [2, 1],
    [1, 0],
    [2, 1],
    [1, 0],
    [1, 1],
    [1, 0],
    [2, 1],
  ];
  const cases = cpp.map(([referral, closure], index) =>
    family(`bt${index + 1}`, {
      'cpp-children': { referral, closure },
      'cin-children': { referral: cin[index]![0], closure: cin[index]![1] },
    }),
  );
  return [...cases, family('bt11', { 'cpp-children': { referral: 3 }, 'cin-children': { referral: 1 } })];
}

/**
 * Family Action, footnote 6 (Newham Families First): "At referral, 8 children had a proven
 * offence within the last 12 months. At closure, 5 of those children had reduced their offending
 * by at least 33% in the last 6 months." Each referred child is one case here; two families with
 * no offence at referral are outside the figure.
 */
export function newhamOffendingCases(): CaseRecord[] {
  return pairs('no', 'proven-offences', [
    [3, 2], // a third fewer: meets "at least 33%"
    [2, 0],
    [4, 1],
    [1, 0],
    [6, 4], // a third fewer
    [2, 2],
    [3, 3],
    [5, 4], // a fifth fewer: does not meet it
    [0, 0],
    [0, 1],
  ]);
}

/** Footnote 6: "At referral, 12 families were involved in ASB … 8 of those families had reduced their ASB by 60%". */
export function newhamAsbCases(): CaseRecord[] {
  return pairs('na', 'asb-incidents', [
    [5, 2], // 60% fewer: meets it
    [5, 0],
    [10, 1],
    [4, 1],
    [3, 0],
    [6, 2],
    [2, 0],
    [8, 3],
    [5, 3], // 40% fewer
    [4, 4],
    [3, 2],
    [6, 5],
    [0, 0],
  ]);
}

/** Footnote 7: "13 out of 40 families took steps towards employment". 1 at closure for a step taken. */
export function newhamWorkCases(): CaseRecord[] {
  return Array.from({ length: 40 }, (_, index) =>
    family(`nw${index + 1}`, { 'steps-towards-work': { referral: 0, closure: index < 13 ? 1 : 0 } }),
  );
}

/**
 * Footnote 8: "Data taken from referral and closure data for 33 cases" for "On median, school
 * attendance increased by 19% (Where education issues was a reason for referral and school
 * attendance was less than 85% at referral)". 33 cases in the filter, changes in points of
 * attendance with 19 in the middle; three more families are outside it.
 */
export function attendanceCases(): CaseRecord[] {
  const changes = [
    ...[-5, -2, 0, 0, 3, 4, 6, 8, 9, 10, 11, 12, 14, 15, 17, 18],
    19,
    ...[20, 21, 22, 24, 25, 26, 27, 28, 30, 31, 33, 35, 38, 40, 42, 45],
  ];
  const inFilter = changes.map((change, index) => {
    const referral = 50 + (index % 10);
    return family(`at${index + 1}`, {
      attendance: { referral, closure: referral + change },
      'education-referral': { referral: 1 },
    });
  });
  return [
    ...inFilter,
    family('at34', { attendance: { referral: 90, closure: 95 }, 'education-referral': { referral: 1 } }),
    family('at35', { attendance: { referral: 60, closure: 95 }, 'education-referral': { referral: 0 } }),
    family('at36', { attendance: { referral: 85, closure: 70 }, 'education-referral': { referral: 1 } }),
  ];
}

/**
 * LIFE, Swindon (Ofsted good practice example): "an 80% average reduction in police call outs",
 * read as the mean of each family's own reduction. One family had none at referral and is left out.
 */
export function lifeCallOutCases(): CaseRecord[] {
  return pairs('lf', 'police-call-outs', [
    [10, 2], // 80% fewer
    [5, 0], // 100%
    [4, 1], // 75%
    [8, 2], // 75%
    [10, 3], // 70%
    [0, 1], // none at referral: a percent of nothing cannot be taken
  ]);
}
