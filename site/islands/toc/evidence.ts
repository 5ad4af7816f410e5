/**
 * The families' words behind a step or a link. Evidence is a pointer (journey, stage, maybe an
 * enabler, barrier or cost event); this resolves it against the journeys the page's sources
 * endpoint gave this person, which carry words only where the family agreed to share them (or
 * the person is on the team). Pure, and the endpoint's answer is validated before use.
 */
import { z } from 'zod/mini';
import type { Evidence } from '../../../src/model/index.ts';
import type { SourceFactor, SourceJourney } from '../../lib/toc-sources.ts';

const optionalText = z.optional(z.string());

export const SourcesSchema = z.array(
  z.object({
    id: z.string(),
    family: z.string(),
    familyId: z.optional(z.string()),
    wordsShared: z.boolean(),
    stages: z.array(
      z.object({ id: z.string(), order: z.number(), title: optionalText, words: optionalText, level: optionalText }),
    ),
    factors: z.array(
      z.object({ id: z.string(), stageId: z.string(), kind: z.enum(['enabler', 'barrier']), text: optionalText }),
    ),
  }),
) satisfies z.ZodMiniType<SourceJourney[]>;

/**
 * Distinct families behind some evidence, counting only journeys the sources list (those whose
 * family agreed to analysis) and two journeys of one family once.
 */
export function familiesInSources(evidence: readonly Evidence[], sources: readonly SourceJourney[]): number {
  const familyOf = new Map(sources.map((journey) => [journey.id, journey.familyId ?? journey.id]));
  return new Set(evidence.flatMap((item) => familyOf.get(item.journeyId) ?? [])).size;
}

export const WITHHELD = 'This family did not agree to share its words.';

export interface EvidenceView {
  evidence: Evidence;
  /** The family's pseudonym. */
  family: string;
  /** "Stage 3: Picking our workers", or "Stage 3" where the title is not shared. */
  stage: string;
  /** The level the family was at then, on the journey's scale. */
  level?: string;
  /** What the evidence points at, when more than the stage: "What helped", "What got in the way"… */
  what?: string;
  /** The factor's text, or the stage's words. */
  words?: string;
  /** Why there are no words: withheld by consent, or the journey or stage is no longer there. */
  note?: string;
}

const WHAT = { enabler: 'What helped', barrier: 'What got in the way' } as const;

export function resolveEvidence(evidence: Evidence, sources: readonly SourceJourney[]): EvidenceView {
  const journey = sources.find((j) => j.id === evidence.journeyId);
  if (!journey)
    return {
      evidence,
      family: 'A family',
      stage: 'A stage',
      note: 'This journey is no longer available: it may have been withdrawn.',
    };
  const index = journey.stages.findIndex((s) => s.id === evidence.stageId);
  const stage = journey.stages[index];
  if (!stage)
    return { evidence, family: journey.family, stage: 'A stage', note: 'This stage is no longer in the journey.' };
  const factor = evidence.factorId ? journey.factors.find((f) => f.id === evidence.factorId) : undefined;
  const view: EvidenceView = {
    evidence,
    family: journey.family,
    stage: stage.title ? `Stage ${index + 1}: ${stage.title}` : `Stage ${index + 1}`,
    ...(stage.level ? { level: stage.level } : {}),
    ...(factor
      ? { what: WHAT[factor.kind] }
      : evidence.costEventId
        ? { what: 'An event that cost public services' }
        : {}),
  };
  if (!journey.wordsShared) return { ...view, note: WITHHELD };
  const words = factor ? factor.text : stage.words;
  return words ? { ...view, words } : { ...view, note: 'No words were written down here.' };
}

/** Label of a stage in a picker: its title where shared, its number always. */
export function stageChoice(journey: SourceJourney, index: number): string {
  const title = journey.stages[index]?.title;
  return title ? `Stage ${index + 1}: ${title}` : `Stage ${index + 1}`;
}

/** Label of an enabler or barrier in a picker; its words only where shared, else its number. */
export function factorChoice(factor: SourceFactor, index: number): string {
  return factor.text ? `${WHAT[factor.kind]}: ${factor.text}` : `${WHAT[factor.kind]} (${index + 1})`;
}
