/**
 * A theory of change: how activities lead, through outcomes, to the impact a programme seeks,
 * with every step traceable to what families said (evidence pointing at journey stages).
 *
 * The node kinds form tiers, from activity at the bottom to impact at the top; the ceiling of
 * accountability is drawn between two tiers: the programme answers for everything up to and
 * including `highestAccountableKind`, and contributes to what lies above it.
 */
import { z } from 'zod/mini';
import { CostEventTypeSchema } from './cost-event-types.ts';
import {
  AssumptionIdSchema,
  CodeIdSchema,
  JourneyIdSchema,
  ScaleIdSchema,
  TocIdSchema,
  TocLinkIdSchema,
  TocNodeIdSchema,
} from './ids.ts';
import { setOf } from './set-of.ts';
import { AssumptionSchema } from './toc-assumption.ts';
import { EvidenceSchema, FamilyCountSchema } from './toc-evidence.ts';
import { IndicatorSchema } from './toc-indicator.ts';
import { checkTocIntegrity } from './toc-integrity.ts';

export { linkTwiceMessage } from './toc-integrity.ts';

export const TOC_SCHEMA_VERSION = 1;

/** Node kinds from the top tier (impact) down to the bottom (activity). */
export const TOC_NODE_KINDS = [
  'impact',
  'long-term-outcome',
  'intermediate-outcome',
  'precondition',
  'output',
  'activity',
] as const;
export const TocNodeKindSchema = z.enum(TOC_NODE_KINDS);
export type TocNodeKind = z.output<typeof TocNodeKindSchema>;

export const TOC_NODE_KIND_LABELS: Record<TocNodeKind, string> = {
  impact: 'Impact',
  'long-term-outcome': 'Long-term outcome',
  'intermediate-outcome': 'Intermediate outcome',
  precondition: 'Precondition',
  output: 'Output',
  activity: 'Activity',
};

/** The tier of a kind: 0 for activity, up to 5 for impact. */
export function tierOf(kind: TocNodeKind): number {
  return TOC_NODE_KINDS.length - 1 - TOC_NODE_KINDS.indexOf(kind);
}

export const ConfidenceSchema = z.enum(['low', 'medium', 'high']);
export type Confidence = z.output<typeof ConfidenceSchema>;

/** An outcome stated on the progress scale: families move to (at least) `to`, from `from`. */
export const ProgressReferenceSchema = z
  .strictObject({
    scaleId: ScaleIdSchema,
    from: z.optional(z.int().check(z.gte(1), z.lte(10))),
    to: z.int().check(z.gte(1), z.lte(10)),
  })
  .check(z.refine((p) => p.from === undefined || p.from < p.to, { message: 'must be above `from`', path: ['to'] }));
export type ProgressReference = z.output<typeof ProgressReferenceSchema>;

/**
 * Evidence items one node or link may carry: enough for one per family in the largest cohort a
 * theory of change draws on, so counts of families from evidence are never cut short.
 */
export const MAX_EVIDENCE_PER_ELEMENT = 2000;

const longText = (max: number) => z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(max)));

export const TocNodeSchema = z.strictObject({
  id: TocNodeIdSchema,
  kind: TocNodeKindSchema,
  title: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  description: longText(2000),
  evidence: z._default(z.array(EvidenceSchema).check(z.maxLength(MAX_EVIDENCE_PER_ELEMENT)), []),
  /** For outcomes stated as movement on the progress scale. */
  progress: z.optional(ProgressReferenceSchema),
  /** The cost-event types this outcome should make rarer. */
  reduces: setOf(CostEventTypeSchema, 30),
  /** Coding-frame codes the node was drafted from, so a redraft can find it again. */
  codes: setOf(CodeIdSchema, 20),
  /** Where the node sits on the canvas; absent until someone places it (laid out by tier). */
  position: z.optional(z.strictObject({ x: z.number(), y: z.number() })),
  /** Computed by exports; see FamilyCountSchema. */
  families: z.optional(FamilyCountSchema),
});
export type TocNode = z.output<typeof TocNodeSchema>;

export const TocLinkSchema = z.strictObject({
  id: TocLinkIdSchema,
  from: TocNodeIdSchema,
  to: TocNodeIdSchema,
  /** Why the one leads to the other. */
  rationale: longText(2000),
  /** What the programme does to make this step happen ("a key worker goes with them to the GP"). */
  interventions: setOf(z.string().check(z.trim(), z.minLength(1), z.maxLength(300)), 20),
  assumptionIds: setOf(AssumptionIdSchema, 30),
  confidence: z.optional(ConfidenceSchema),
  evidence: z._default(z.array(EvidenceSchema).check(z.maxLength(MAX_EVIDENCE_PER_ELEMENT)), []),
  /** Computed by exports; see FamilyCountSchema. */
  families: z.optional(FamilyCountSchema),
});
export type TocLink = z.output<typeof TocLinkSchema>;

export const CeilingSchema = z.strictObject({
  /** The highest tier the programme holds itself to account for. */
  highestAccountableKind: TocNodeKindSchema,
  note: longText(500),
});
export type Ceiling = z.output<typeof CeilingSchema>;

export const DEFAULT_CEILING: Ceiling = { highestAccountableKind: 'intermediate-outcome' };

/** How a theory of change was drafted, so a reader can tell the machine's draft from people's edits. */
export const TocProvenanceSchema = z.strictObject({
  method: z.literal('turning-points-draft-1'),
  draftedOn: z.iso.date(),
  /** How many families a barrier, enabler or cost event had to recur in to be drafted. */
  minFamilies: z.int().check(z.gte(1)),
});

export const TheoryOfChangeSchema = z
  .strictObject({
    schemaVersion: z.literal(TOC_SCHEMA_VERSION),
    id: TocIdSchema,
    title: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
    summary: longText(2000),
    /** The journeys it draws on; evidence may only point into these. */
    journeyIds: setOf(JourneyIdSchema, MAX_EVIDENCE_PER_ELEMENT),
    /** The progress scale its outcomes and indicators refer to. */
    scaleId: z.optional(ScaleIdSchema),
    ceiling: z._default(CeilingSchema, DEFAULT_CEILING),
    nodes: z.array(TocNodeSchema).check(z.maxLength(1000)),
    links: z._default(z.array(TocLinkSchema).check(z.maxLength(5000)), []),
    indicators: z._default(z.array(IndicatorSchema).check(z.maxLength(2000)), []),
    assumptions: z._default(z.array(AssumptionSchema).check(z.maxLength(1000)), []),
    provenance: z.optional(TocProvenanceSchema),
  })
  .check(z.superRefine(checkTocIntegrity));
export type TheoryOfChange = z.output<typeof TheoryOfChangeSchema>;
export type TheoryOfChangeInput = z.input<typeof TheoryOfChangeSchema>;

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The theory of change in canonical order: nodes from impact down to activity, then by id;
 * everything else by id, sets sorted. Two equal models are deep-equal after this.
 */
export function canonicalToc(toc: TheoryOfChange): TheoryOfChange {
  const sortedSet = <T extends string>(items: readonly T[]) => [...items].sort();
  return {
    ...toc,
    journeyIds: sortedSet(toc.journeyIds),
    nodes: toc.nodes
      .map((node) => ({ ...node, reduces: sortedSet(node.reduces), codes: sortedSet(node.codes) }))
      .sort((a, b) => tierOf(b.kind) - tierOf(a.kind) || byId(a, b)),
    links: toc.links.map((link) => ({ ...link, assumptionIds: sortedSet(link.assumptionIds) })).sort(byId),
    indicators: [...toc.indicators].sort(byId),
    assumptions: [...toc.assumptions].sort(byId),
  };
}
