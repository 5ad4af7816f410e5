/**
 * The checks a journey needs beyond the shape of each record: unique ids, and references
 * (links, factors, cost events, speakers, codes, agencies, levels) that point at something
 * that exists. Each problem is reported at the JSON path of the field at fault.
 */
import type { z } from 'zod/mini';
import { uniqueIds as uniqueIdsOf, type Path } from './unique-ids.ts';
import { findAgency, type Agency } from './agency.ts';
import type { Code } from './code.ts';
import type { CostEvent } from './cost-event.ts';
import type { Factor } from './factor.ts';
import type { FamilyMember } from './family-member.ts';
import type { Link } from './link.ts';
import type { ProgressScale } from './progress-scale.ts';
import type { Stage } from './stage.ts';
import type { When } from './when.ts';

interface JourneyParts {
  family: { members: FamilyMember[] };
  scale: ProgressScale;
  stages: Stage[];
  links: Link[];
  factors: Factor[];
  costEvents: CostEvent[];
  agencies: Agency[];
  codes: Code[];
}

/** Why a second link between the same two stages, the same way round, is left out or refused. */
export const linkRepeatsMessage = (earlier: string): string => `repeats link "${earlier}" between the same two stages`;

export function checkJourneyIntegrity(journey: JourneyParts, ctx: z.core.$RefinementCtx): void {
  const report = (path: Path, message: string) => ctx.addIssue({ code: 'custom', path, message });

  const uniqueIds = (records: readonly { id: string }[], path: Path) => uniqueIdsOf(ctx, records, path);

  const memberIds = uniqueIds(journey.family.members, ['family', 'members']);
  const stageIds = uniqueIds(journey.stages, ['stages']);
  uniqueIds(journey.links, ['links']);
  uniqueIds(journey.factors, ['factors']);
  uniqueIds(journey.costEvents, ['costEvents']);
  uniqueIds(journey.agencies, ['agencies']);
  const codeIds = uniqueIds(journey.codes, ['codes']);
  const levels = new Set(journey.scale.levels.map((level) => level.value));

  const needStage = (id: string, path: Path) => {
    if (!stageIds.has(id)) report(path, `refers to stage "${id}", which this journey does not have`);
  };
  const needMember = (id: string, path: Path) => {
    if (!memberIds.has(id)) report(path, `refers to family member "${id}", who is not in family.members`);
  };
  const needCodes = (ids: string[], path: Path) => {
    ids.forEach((id, index) => {
      if (!codeIds.has(id)) report([...path, index], `refers to code "${id}", which is not in codes`);
    });
  };
  const checkWhen = (when: When | undefined, path: Path) => {
    if (when?.kind === 'age') needMember(when.memberId, [...path, 'memberId']);
  };

  journey.stages.forEach((stage, i) => {
    const at: Path = ['stages', i];
    if (stage.speakerId !== undefined) needMember(stage.speakerId, [...at, 'speakerId']);
    checkWhen(stage.when, [...at, 'when']);
    if (stage.progress && !levels.has(stage.progress.level)) {
      report(
        [...at, 'progress', 'level'],
        `level ${stage.progress.level} is not on the scale "${journey.scale.id}" (levels 1–${journey.scale.levels.length})`,
      );
    }
    needCodes(stage.codes, [...at, 'codes']);
  });
  /** One link per pair of stages, one way round: "this led to that" is said once. */
  const linkByEnds = new Map<string, string>();
  journey.links.forEach((link, i) => {
    needStage(link.from, ['links', i, 'from']);
    needStage(link.to, ['links', i, 'to']);
    if (link.from === link.to) report(['links', i, 'to'], 'a stage cannot lead to itself');
    const ends = JSON.stringify([link.from, link.to]);
    const earlier = linkByEnds.get(ends);
    if (earlier !== undefined) report(['links', i, 'to'], linkRepeatsMessage(earlier));
    else linkByEnds.set(ends, link.id);
  });
  journey.factors.forEach((factor, i) => {
    needStage(factor.stageId, ['factors', i, 'stageId']);
    needCodes(factor.codes, ['factors', i, 'codes']);
  });
  journey.costEvents.forEach((event, i) => {
    needStage(event.stageId, ['costEvents', i, 'stageId']);
    checkWhen(event.when, ['costEvents', i, 'when']);
    if (!findAgency(journey.agencies, event.agencyId)) {
      report(
        ['costEvents', i, 'agencyId'],
        `refers to agency "${event.agencyId}", which is neither in agencies nor a built-in category`,
      );
    }
  });
}
