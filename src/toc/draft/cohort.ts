/**
 * The families a draft is made from, prepared once: the journeys whose consent allows analysis,
 * in id order and canonical record order (so the draft never depends on the order things arrived
 * in), the progress scale their levels are compared on, and, per family, the rated stages and the
 * stages that came after support ended.
 */
import { allows, type ConsentOf } from '../../model/consent.ts';
import { canonicalJourney, type Journey } from '../../model/journey.ts';
import type { ProgressScale } from '../../model/progress-scale.ts';
import type { Stage } from '../../model/stage.ts';
import type { When } from '../../model/when.ts';

export interface Rated {
  stageId: string;
  level: number;
}

export interface Family {
  readonly id: string;
  readonly journey: Journey;
  /** Each stage's position in journey order. */
  readonly rank: ReadonlyMap<string, number>;
  readonly stages: ReadonlyMap<string, Stage>;
  /** Rated stages in journey order; empty unless the journey is on the cohort's scale. */
  readonly rated: readonly Rated[];
  /** The stages that came after support ended (see `afterSupport`). */
  readonly after: ReadonlySet<string>;
}

export interface Cohort {
  readonly families: readonly Family[];
  /** The scale levels are compared on; absent only when there are no families. */
  readonly scale: ProgressScale | undefined;
  readonly minFamilies: number;
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * What "recurring" means when nobody says: shared by two families, or by a tenth of a larger
 * cohort, so that drafting from hundreds of journeys gives a theory of change, not every code.
 */
export function defaultMinFamilies(familyCount: number): number {
  return familyCount >= 2 ? Math.max(2, Math.ceil(familyCount / 10)) : 1;
}

export function cohortOf(journeys: readonly Journey[], consentOf: ConsentOf, minFamilies: number | undefined): Cohort {
  const used = journeys
    .filter((journey) => allows(consentOf(journey.id), 'analysis'))
    .map(canonicalJourney)
    .sort((a, b) => byString(a.id, b.id));
  const seen = new Set<string>();
  for (const { id } of used) {
    if (seen.has(id)) throw new Error(`two journeys have the id "${id}"`);
    seen.add(id);
  }
  const scale = commonScale(used);
  const families = used.map((journey) => familyOf(journey, scale));
  const chosen = minFamilies ?? defaultMinFamilies(used.length);
  if (!Number.isInteger(chosen) || chosen < 1)
    throw new RangeError(`minFamilies must be a whole number from 1 (got ${chosen})`);
  return { families, scale, minFamilies: chosen };
}

/**
 * The scale most journeys use, ties broken by scale id; of its versions, the newest (ties: the
 * first journey's), whose labels name the outcomes.
 */
function commonScale(journeys: readonly Journey[]): ProgressScale | undefined {
  const counts = new Map<string, number>();
  for (const { scale } of journeys) counts.set(scale.id, (counts.get(scale.id) ?? 0) + 1);
  const [id] = [...counts].sort(([a, m], [b, n]) => n - m || byString(a, b))[0] ?? [];
  let chosen: ProgressScale | undefined;
  for (const { scale } of journeys) {
    if (scale.id === id && (!chosen || scale.version > chosen.version)) chosen = scale;
  }
  return chosen;
}

function familyOf(journey: Journey, scale: ProgressScale | undefined): Family {
  const onScale = journey.scale.id === scale?.id;
  const rated = onScale
    ? journey.stages.flatMap((stage) => (stage.progress ? [{ stageId: stage.id, level: stage.progress.level }] : []))
    : [];
  return {
    id: journey.id,
    journey,
    rank: new Map(journey.stages.map((stage, i) => [stage.id, i])),
    stages: new Map(journey.stages.map((stage) => [stage.id, stage])),
    rated,
    after: afterSupport(journey),
  };
}

/**
 * The stages after support ended. A stage is after support when it is dated after
 * `support.endMonth` (a year counts only when the whole year is later), or when it carries a
 * cost event marked 'after' support; and every stage later in journey order is after support
 * too, because the order is what the family told and dates are as remembered.
 */
function afterSupport(journey: Journey): Set<string> {
  const endMonth = journey.support?.endMonth;
  const withAfterEvents = new Set(journey.costEvents.filter((e) => e.period === 'after').map((e) => e.stageId));
  const after = new Set<string>();
  for (const stage of journey.stages) {
    if (
      after.size > 0 ||
      withAfterEvents.has(stage.id) ||
      (endMonth !== undefined && datedAfter(stage.when, endMonth))
    ) {
      after.add(stage.id);
    }
  }
  return after;
}

function datedAfter(when: When | undefined, endMonth: string): boolean {
  switch (when?.kind) {
    case 'date':
      return when.date.slice(0, 7) > endMonth;
    case 'month':
      return when.month > endMonth;
    case 'year':
      return when.year > Number(endMonth.slice(0, 4));
    default:
      return false;
  }
}
