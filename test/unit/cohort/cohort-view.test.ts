/**
 * The cohort view (src/cohort/cohort-view.ts): each family counts once in each count, "still
 * stuck" reads the latest rated stage, and cost spots sum amounts in order. The view is checked
 * against a plain reading of its rules (sets of family ids, levels flattened) on seeded random
 * cohorts, so a faster way of counting cannot change what it says.
 */
import { describe, expect, it } from 'vitest';
import { cohortView, type CohortFamily, type CostFact, type JourneyFacts } from '../../../src/cohort/index.ts';
import type { AgencyCategory } from '../../../src/model/agency.ts';
import type { SupportPeriod } from '../../../src/model/cost-event.ts';
import { prng } from '../../fixtures/prng.ts';

const journey = (journeyId: string, facts: Partial<JourneyFacts> = {}): JourneyFacts => ({
  journeyId,
  levels: [],
  lowestLevel: 1,
  stuckCodes: [],
  factors: [],
  costs: [],
  ...facts,
});

const cost = (category: AgencyCategory, period: SupportPeriod, amount: number | undefined, stageCodes: string[] = []) =>
  ({ category, period, stageCodes, ...(amount === undefined ? {} : { amount }) }) satisfies CostFact;

/** The rules as first written: a set of family ids per spot; every level of every journey, the last one read. */
function plainStuckAndCosts(families: readonly CohortFamily[]) {
  let stuck = 0;
  let stillStuck = 0;
  const codes = new Map<string, number>();
  const spots = { agency: new Map(), code: new Map(), type: new Map() } as Record<
    'agency' | 'code' | 'type',
    Map<string, { amount: number; families: Set<string> }>
  >;
  let unpriced = 0;
  const add = (
    map: Map<string, { amount: number; families: Set<string> }>,
    key: string,
    amount: number,
    id: string,
  ) => {
    const entry = map.get(key) ?? { amount: 0, families: new Set<string>() };
    entry.amount += amount;
    entry.families.add(id);
    map.set(key, entry);
  };
  for (const family of families) {
    if (family.journeys.some((j) => j.stuckCodes.length > 0)) stuck++;
    for (const code of new Set(family.journeys.flatMap((j) => j.stuckCodes.flat())))
      codes.set(code, (codes.get(code) ?? 0) + 1);
    const last = family.journeys.flatMap((j) => j.levels.map((l) => ({ ...l, lowest: j.lowestLevel }))).at(-1);
    if (last && last.level === last.lowest) stillStuck++;
    for (const j of family.journeys)
      for (const c of j.costs) {
        if (c.amount === undefined) {
          unpriced++;
          continue;
        }
        add(spots.agency, `${c.category}|${c.period}`, c.amount, family.familyId);
        for (const label of c.stageCodes) add(spots.code, label, c.amount, family.familyId);
        if (family.type !== undefined) add(spots.type, `${family.type}|${c.category}`, c.amount, family.familyId);
      }
  }
  const flat = (map: Map<string, { amount: number; families: Set<string> }>) =>
    new Map([...map].map(([key, e]) => [key, { amount: e.amount, families: e.families.size }]));
  return {
    stuck: { families: stuck, stillStuck, codes },
    agency: flat(spots.agency),
    code: flat(spots.code),
    type: flat(spots.type),
    unpriced,
  };
}

const CATEGORIES: AgencyCategory[] = ['nhs', 'police', 'district-council', 'schools'];
const PERIODS: SupportPeriod[] = ['before', 'during', 'after'];
const CODES = ['Housing', 'School', 'Debt', 'Police contact'];

function randomCohort(seed: number, size: number): CohortFamily[] {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  return Array.from({ length: size }, (_, f) => ({
    familyId: `fa_${f}`,
    ...(random() < 0.7 ? { type: pick(['Type 1', 'Type 2', 'Isolated']) } : {}),
    journeys: Array.from({ length: Math.floor(random() * 4) }, (_, j) => {
      const lowestLevel = pick([0, 1]);
      const levels = Array.from({ length: Math.floor(random() * 5) }, (_, index) => ({
        index,
        level: lowestLevel + Math.floor(random() * 3),
        ...(random() < 0.8 ? { month: Math.floor(random() * 60) - 30 } : {}),
      }));
      return journey(`jo_${f}_${j}`, {
        lowestLevel,
        levels,
        stuckCodes: levels.filter((l) => l.level === lowestLevel).map(() => CODES.filter(() => random() < 0.4)),
        costs: Array.from({ length: Math.floor(random() * 5) }, () =>
          cost(
            pick(CATEGORIES),
            pick(PERIODS),
            random() < 0.1 ? undefined : Math.round(random() * 100_000) / 100,
            CODES.filter(() => random() < 0.3),
          ),
        ),
      });
    }),
  }));
}

describe('the cohort view', () => {
  it('counts a family once in a cost spot, however many journeys and events it has there', () => {
    const view = cohortView([
      {
        familyId: 'fa_1',
        type: 'Isolated',
        journeys: [
          journey('jo_1', { costs: [cost('nhs', 'before', 100, ['Housing']), cost('nhs', 'before', 50, ['Housing'])] }),
          journey('jo_2', { costs: [cost('nhs', 'before', 25, ['Housing']), cost('police', 'after', undefined)] }),
        ],
      },
      { familyId: 'fa_2', type: 'Isolated', journeys: [journey('jo_3', { costs: [cost('nhs', 'before', 10)] })] },
    ]);
    expect(view.costs.byAgency).toEqual([{ category: 'nhs', period: 'before', amount: 185, families: 2 }]);
    expect(view.costs.byStageCode).toEqual([{ label: 'Housing', amount: 175, families: 1 }]);
    expect(view.costs.byType).toEqual([{ type: 'Isolated', category: 'nhs', amount: 185, families: 2 }]);
    expect(view.costs.unpriced).toBe(1);
  });

  it('reads "still stuck" from the latest rated stage: the last journey with any, at its own lowest level', () => {
    const still = cohortView([
      {
        familyId: 'fa_1',
        journeys: [
          journey('jo_1', { levels: [{ index: 0, level: 3 }] }),
          journey('jo_2', {
            lowestLevel: 0,
            levels: [
              { index: 0, level: 2 },
              { index: 1, level: 0 },
            ],
            stuckCodes: [['Debt']],
          }),
          journey('jo_3'),
        ],
      },
    ]);
    expect(still.stuck).toEqual({ families: 1, stillStuck: 1, codes: [{ label: 'Debt', families: 1 }] });
    const movedOn = cohortView([
      { familyId: 'fa_1', journeys: [journey('jo_1', { levels: [{ index: 0, level: 1 }], stuckCodes: [[]] })] },
      {
        familyId: 'fa_2',
        journeys: [
          journey('jo_2', {
            levels: [
              { index: 0, level: 1 },
              { index: 1, level: 4 },
            ],
          }),
        ],
      },
    ]);
    expect(movedOn.stuck).toEqual({ families: 1, stillStuck: 1, codes: [] });
  });

  it.each([1, 2, 3, 4, 5])('says what the plain reading of its rules says (seed %i)', (seed) => {
    const families = randomCohort(seed, 120);
    const view = cohortView(families);
    const plain = plainStuckAndCosts(families);
    expect(view.stuck.families).toBe(plain.stuck.families);
    expect(view.stuck.stillStuck).toBe(plain.stuck.stillStuck);
    expect(new Map(view.stuck.codes.map((c) => [c.label, c.families]))).toEqual(plain.stuck.codes);
    // Amounts summed in the same order give the same floating-point sums, to the last bit.
    expect(new Map(view.costs.byAgency.map((s) => [`${s.category}|${s.period}`, s]))).toEqual(
      new Map(
        [...plain.agency].map(([key, e]) => [key, { category: key.split('|')[0], period: key.split('|')[1], ...e }]),
      ),
    );
    expect(new Map(view.costs.byStageCode.map((s) => [s.label, { amount: s.amount, families: s.families }]))).toEqual(
      plain.code,
    );
    expect(
      new Map(view.costs.byType.map((s) => [`${s.type}|${s.category}`, { amount: s.amount, families: s.families }])),
    ).toEqual(plain.type);
    expect(view.costs.unpriced).toBe(plain.unpriced);
  });
});
