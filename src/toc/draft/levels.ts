/**
 * Movement on the progress scale, read from each family's rated stages in journey order: the
 * steps families made (a level-movement outcome per step that enough families made), the services
 * present where they moved up, where they stood when support ended, and the impact.
 */
import { levelOf, type ProgressScale } from '../../model/progress-scale.ts';
import type { ServiceKey } from '../../model/services.ts';
import type { Cohort, Family, Rated } from './cohort.ts';
import { familiesOf, fitId, type Item } from './evidence.ts';
import { addTo } from './group.ts';
import type { DraftNode, Drafted } from './types.ts';
import {
  IMPACT_DESCRIPTION,
  IMPACT_TITLE,
  LASTING_DESCRIPTION,
  LASTING_TITLE,
  lowerFirst,
  POPULATION,
  serviceTitle,
} from './wording.ts';

export const IMPACT_ID = 'impact';
export const LASTING_ID = 'lasting-progress';

/** The node id of the step from level `a` to `a + 1`. */
export function stepId(a: number): string {
  return `level-${a}-to-${a + 1}`;
}

export function serviceId(service: ServiceKey): string {
  return fitId(`service-${service}`);
}

/** A rated stage whose level is above the family's previous rated stage. */
export interface Rise {
  stageId: string;
  from: number;
  to: number;
}

export function risesOf(family: Family): Rise[] {
  return family.rated.flatMap((cur, i) => {
    const prev = family.rated[i - 1];
    return prev && cur.level > prev.level ? [{ stageId: cur.stageId, from: prev.level, to: cur.level }] : [];
  });
}

/** The stage where the family first went from level `a` or below to `a + 1` or above. */
export function firstCrossing(family: Family, a: number): string | undefined {
  let below = false;
  for (const { stageId, level } of family.rated) {
    if (level <= a) below = true;
    else if (below) return stageId;
  }
  return undefined;
}

/** Whether the family, having made step `a`, fell back below it and then made it again. */
export function fellBackAndRecovered(family: Family, a: number): boolean {
  let fell = false;
  return family.rated.some((cur, i) => {
    const prev = family.rated[i - 1];
    if (prev && prev.level > a && cur.level <= a) fell = true;
    return fell && cur.level > a;
  });
}

export interface SupportEnd {
  /** The last rated stage before support ended. */
  end: Rated;
  /** Rated stages after support at the end level or above. */
  held: Rated[];
  /** Whether any rated stage after support was below the end level. */
  fell: boolean;
}

/** Where the family stood when support ended, and what followed; undefined without both. */
export function supportEnd(family: Family): SupportEnd | undefined {
  const before = family.rated.filter((r) => !family.after.has(r.stageId));
  const after = family.rated.filter((r) => family.after.has(r.stageId));
  const end = before.at(-1);
  if (!end || after.length === 0) return undefined;
  return { end, held: after.filter((r) => r.level >= end.level), fell: after.some((r) => r.level < end.level) };
}

const stageItem = (family: Family, stageId: string): Item => ({ journeyId: family.id, stageId });
const quoted = (scale: ProgressScale, value: number) => `‘${levelOf(scale, value)?.label ?? `Level ${value}`}’`;

/** One intermediate outcome (and indicator) per step of the scale that enough families made. */
export function draftSteps(cohort: Cohort): Drafted {
  const { scale } = cohort;
  const drafted: Drafted = { nodes: [], indicators: [] };
  if (!scale) return drafted;
  for (let a = 1; a < scale.levels.length; a++) {
    const evidence = cohort.families.flatMap((family) => {
      const stageId = firstCrossing(family, a);
      return stageId ? [stageItem(family, stageId)] : [];
    });
    if (familiesOf(evidence).length < cohort.minFamilies) continue;
    const to = levelOf(scale, a + 1);
    const id = stepId(a);
    const orBelow = a > 1 ? ' or below' : '';
    const orAbove = a + 1 < scale.levels.length ? ' or above' : '';
    drafted.nodes.push({
      id,
      kind: 'intermediate-outcome',
      title: `From ${quoted(scale, a)} to ${quoted(scale, a + 1)}`,
      description:
        `Families move up the scale “${scale.name}” from ${quoted(scale, a)}${orBelow} to ` +
        `${quoted(scale, a + 1)}${orAbove}${to ? `: ${lowerFirst(to.description)}` : '.'}`,
      evidence,
      progress: { scaleId: scale.id, from: a, to: a + 1 },
    });
    drafted.indicators.push({
      id: fitId(`${id}-indicator`),
      nodeId: id,
      title: `Families rated at ${quoted(scale, a + 1)}${orAbove}`,
      measure: 'ordinal',
      ascending: true,
      population: POPULATION,
      threshold: { comment: `Rated at ${quoted(scale, a + 1)}${orAbove}` },
      timeline: 'When support ends, and again 12 months later',
      baseline: { comment: "Each family's level when support began" },
      progressLevel: a + 1,
    });
  }
  return drafted;
}

/** Services present at stages where families moved up, in enough families: activities. */
export function draftServices(cohort: Cohort): DraftNode[] {
  const byService = new Map<ServiceKey, Item[]>();
  for (const family of cohort.families) {
    for (const rise of risesOf(family)) {
      for (const service of family.stages.get(rise.stageId)?.services ?? []) {
        addTo(byService, service, stageItem(family, rise.stageId));
      }
    }
  }
  return [...byService]
    .filter(([, evidence]) => familiesOf(evidence).length >= cohort.minFamilies)
    .map(([service, evidence]) => ({
      id: serviceId(service),
      kind: 'activity',
      title: serviceTitle(service),
      description: 'Drafted from the services families met at the points where they moved up the scale.',
      evidence,
    }));
}

/** The impact: managing without formal support, evidenced by the stages rated at the top level. */
export function draftImpact(cohort: Cohort): DraftNode | undefined {
  const { scale } = cohort;
  if (!scale) return undefined;
  const top = scale.levels.length;
  return {
    id: IMPACT_ID,
    kind: 'impact',
    title: IMPACT_TITLE,
    description: IMPACT_DESCRIPTION,
    evidence: cohort.families.flatMap((family) =>
      family.rated.filter((r) => r.level >= top).map((r) => stageItem(family, r.stageId)),
    ),
    progress: { scaleId: scale.id, to: top },
  };
}

/** Progress that lasted: the stages after support at or above the level families ended on. */
export function draftLasting(cohort: Cohort): DraftNode | undefined {
  const evidence = cohort.families.flatMap((family) =>
    (supportEnd(family)?.held ?? []).map((r) => stageItem(family, r.stageId)),
  );
  if (familiesOf(evidence).length < cohort.minFamilies) return undefined;
  return {
    id: LASTING_ID,
    kind: 'long-term-outcome',
    title: LASTING_TITLE,
    description: LASTING_DESCRIPTION,
    evidence,
  };
}
