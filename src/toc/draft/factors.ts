/**
 * Enablers and barriers, grouped by coding-frame code across families: a barrier code that recurs
 * in enough families becomes a precondition (what must change first), an enabler code an activity.
 */
import type { Factor, FactorKind } from '../../model/factor.ts';
import type { Cohort, Family } from './cohort.ts';
import { familiesOf, fitId, type Item } from './evidence.ts';
import { addTo } from './group.ts';
import type { DraftNode } from './types.ts';
import { barrierTitle, enablerTitle } from './wording.ts';

const PREFIX = { barrier: 'barrier', enabler: 'enabler' } as const satisfies Record<FactorKind, string>;

export function factorNodeId(kind: FactorKind, code: string): string {
  return fitId(`${PREFIX[kind]}-${code}`);
}

/** Every factor of this kind carrying this code, family by family. */
export interface CodedFactor {
  family: Family;
  factor: Factor;
}

export function factorsByCode(cohort: Cohort, kind: FactorKind): Map<string, CodedFactor[]> {
  const byCode = new Map<string, CodedFactor[]>();
  for (const family of cohort.families) {
    for (const factor of family.journey.factors) {
      if (factor.kind !== kind) continue;
      for (const code of factor.codes) addTo(byCode, code, { family, factor });
    }
  }
  return byCode;
}

export function factorItem({ family, factor }: CodedFactor): Item {
  return { journeyId: family.id, stageId: factor.stageId, factorId: factor.id };
}

/**
 * A code's label as most journeys word it (journeys may word a shared code slightly
 * differently); ties go to the alphabetically first wording.
 */
export function codeLabel(cohort: Cohort, code: string): string {
  const counts = new Map<string, number>();
  for (const family of cohort.families) {
    const label = family.journey.codes.find((c) => c.id === code)?.label;
    if (label !== undefined) counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  const [best] = [...counts].sort(([a, m], [b, n]) => n - m || (a < b ? -1 : a > b ? 1 : 0));
  return best?.[0] ?? code;
}

export function draftFactorNodes(cohort: Cohort, kind: FactorKind): DraftNode[] {
  return [...factorsByCode(cohort, kind)].flatMap(([code, coded]) => {
    const evidence = coded.map(factorItem);
    if (familiesOf(evidence).length < cohort.minFamilies) return [];
    const label = codeLabel(cohort, code);
    const node: DraftNode =
      kind === 'barrier'
        ? {
            id: factorNodeId(kind, code),
            kind: 'precondition',
            title: barrierTitle(code, label),
            description: `What must change first. Drafted from the barriers families named, coded ‘${label}’.`,
            evidence,
            codes: [code],
          }
        : {
            id: factorNodeId(kind, code),
            kind: 'activity',
            title: enablerTitle(code, label),
            description: `Drafted from what families said helped them, coded ‘${label}’.`,
            evidence,
            codes: [code],
          };
    return [node];
  });
}
