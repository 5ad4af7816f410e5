/**
 * A journey: one family's story from as far back as they remember, as stages on the road from
 * stuck to independence, with what helped and hindered and what it cost public services.
 * The same model is the live document, the journey file and the export.
 */
import { z } from 'zod/mini';
import { AgencySchema } from './agency.ts';
import { CodeSchema } from './code.ts';
import { ConsentSchema } from './consent.ts';
import { CostEventSchema } from './cost-event.ts';
import { FactorSchema } from './factor.ts';
import { FamilySchema } from './family-member.ts';
import { JourneyIdSchema } from './ids.ts';
import { checkJourneyIntegrity } from './journey-integrity.ts';
import { LinkSchema } from './link.ts';
import { DEFAULT_PROGRESS_SCALE, ProgressScaleSchema } from './progress-scale.ts';
import { compareStages, StageSchema } from './stage.ts';

/** The version this code reads and writes. Older files go through `src/migrations`. */
export const CURRENT_SCHEMA_VERSION = 3;

const monthString = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month like 2014-03'));

export const SupportSchema = z.strictObject({
  /** The programme that supported the family ("LIFE", "Supporting Leicestershire Families"). */
  programme: z.string().check(z.trim(), z.minLength(1), z.maxLength(120)),
  startMonth: z.optional(monthString),
  endMonth: z.optional(monthString),
});

/** Where an example or imported journey comes from; examples are synthetic and say so. */
export const ProvenanceSchema = z.strictObject({
  synthetic: z.boolean(),
  /** The document it was grounded in, e.g. "seed 004: Family Action, Intensive Family Support". */
  basedOn: z.string().check(z.trim(), z.minLength(1), z.maxLength(300)),
  note: z.optional(z.string().check(z.trim(), z.maxLength(1000))),
});

export const JourneySchema = z
  .object({
    schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
    id: JourneyIdSchema,
    title: z.string().check(z.trim(), z.minLength(1), z.maxLength(120)),
    summary: z.optional(z.string().check(z.trim(), z.maxLength(1000))),
    family: FamilySchema,
    scale: z._default(ProgressScaleSchema, DEFAULT_PROGRESS_SCALE),
    support: z.optional(SupportSchema),
    stages: z.array(StageSchema).check(z.maxLength(2000)),
    links: z._default(z.array(LinkSchema).check(z.maxLength(5000)), []),
    factors: z._default(z.array(FactorSchema).check(z.maxLength(5000)), []),
    costEvents: z._default(z.array(CostEventSchema).check(z.maxLength(5000)), []),
    /** The journey's own agencies; the built-in one per category is always available too. */
    agencies: z._default(z.array(AgencySchema).check(z.maxLength(200)), []),
    codes: z._default(z.array(CodeSchema).check(z.maxLength(500)), []),
    /**
     * Only in journey files: what the file says the family agreed to. Never held in the live
     * document; `import --consent-recorded-by` turns it into consent records (consent.ts).
     */
    consent: z.optional(ConsentSchema),
    provenance: z.optional(ProvenanceSchema),
  })
  .check(z.superRefine(checkJourneyIntegrity));

export type Journey = z.output<typeof JourneySchema>;
export type JourneyInput = z.input<typeof JourneySchema>;

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The journey in canonical order: stages along the journey, everything else by id. Two equal
 * journeys are deep-equal after this, whatever order their records (and set members) arrived in.
 */
export function canonicalJourney(journey: Journey): Journey {
  return {
    ...journey,
    family: { ...journey.family, members: [...journey.family.members].sort(byId) },
    stages: journey.stages
      .map((stage) => ({ ...stage, services: [...stage.services].sort(), codes: [...stage.codes].sort() }))
      .sort(compareStages),
    links: [...journey.links].sort(byId),
    factors: journey.factors.map((factor) => ({ ...factor, codes: [...factor.codes].sort() })).sort(byId),
    costEvents: [...journey.costEvents].sort(byId),
    agencies: [...journey.agencies].sort(byId),
    codes: [...journey.codes].sort(byId),
  };
}
