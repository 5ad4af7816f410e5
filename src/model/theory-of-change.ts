/**
 * A theory of change: how activities lead, through outcomes, to the impact a programme seeks,
 * with every step traceable to what families said (evidence pointing at journey stages).
 * First version: nodes, links, indicators, assumptions and evidence; the theory-of-change issue
 * completes it.
 */
import { z } from 'zod';
import {
  AssumptionIdSchema,
  IndicatorIdSchema,
  JourneyIdSchema,
  StageIdSchema,
  TocIdSchema,
  TocLinkIdSchema,
  TocNodeIdSchema,
} from './ids.ts';

export const TOC_SCHEMA_VERSION = 1;

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

/** A pointer at the stage (and optionally the words said there) that supports a node or link. */
export const EvidenceSchema = z.strictObject({
  journeyId: JourneyIdSchema,
  stageId: StageIdSchema,
  /** A short quote from the stage's words; only exported where consent allows. */
  quote: z.string().trim().min(1).max(500).optional(),
});
export type Evidence = z.output<typeof EvidenceSchema>;

export const ConfidenceSchema = z.enum(['low', 'medium', 'high']);

export const AssumptionSchema = z.strictObject({
  id: AssumptionIdSchema,
  text: z.string().trim().min(1).max(1000),
  kind: z.enum(['contextual', 'theoretical', 'causal']),
  risk: z.enum(['low', 'medium', 'high']),
  status: z.enum(['untested', 'holding', 'failed']).default('untested'),
});
export type Assumption = z.output<typeof AssumptionSchema>;

export const TocNodeSchema = z.strictObject({
  id: TocNodeIdSchema,
  kind: TocNodeKindSchema,
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000).optional(),
  evidence: z.array(EvidenceSchema).default([]),
});
export type TocNode = z.output<typeof TocNodeSchema>;

export const TocLinkSchema = z.strictObject({
  id: TocLinkIdSchema,
  from: TocNodeIdSchema,
  to: TocNodeIdSchema,
  /** Why the one leads to the other. */
  rationale: z.string().trim().max(2000).optional(),
  assumptionIds: z.array(AssumptionIdSchema).default([]),
  confidence: ConfidenceSchema.optional(),
  evidence: z.array(EvidenceSchema).default([]),
});
export type TocLink = z.output<typeof TocLinkSchema>;

export const MeasureSchema = z.enum(['unit', 'percentage', 'nominal', 'ordinal', 'qualitative']);

export const IndicatorSchema = z.strictObject({
  id: IndicatorIdSchema,
  nodeId: TocNodeIdSchema,
  title: z.string().trim().min(1).max(200),
  measure: MeasureSchema,
  population: z.string().trim().max(300).optional(),
  target: z.string().trim().max(300).optional(),
  threshold: z.string().trim().max(300).optional(),
  timeline: z.string().trim().max(300).optional(),
  baseline: z.string().trim().max(300).optional(),
});
export type Indicator = z.output<typeof IndicatorSchema>;

export const TheoryOfChangeSchema = z
  .object({
    schemaVersion: z.literal(TOC_SCHEMA_VERSION),
    id: TocIdSchema,
    title: z.string().trim().min(1).max(200),
    nodes: z.array(TocNodeSchema),
    links: z.array(TocLinkSchema).default([]),
    indicators: z.array(IndicatorSchema).default([]),
    assumptions: z.array(AssumptionSchema).default([]),
  })
  .superRefine((toc, ctx) => {
    const nodeIds = new Set<string>(toc.nodes.map((node) => node.id));
    const assumptionIds = new Set<string>(toc.assumptions.map((a) => a.id));
    const need = (id: string, path: (string | number)[]) => {
      if (!nodeIds.has(id))
        ctx.addIssue({
          code: 'custom',
          path,
          message: `refers to node "${id}", which this theory of change does not have`,
        });
    };
    toc.links.forEach((link, i) => {
      need(link.from, ['links', i, 'from']);
      need(link.to, ['links', i, 'to']);
      link.assumptionIds.forEach((id, j) => {
        if (!assumptionIds.has(id))
          ctx.addIssue({
            code: 'custom',
            path: ['links', i, 'assumptionIds', j],
            message: `refers to assumption "${id}", which is not in assumptions`,
          });
      });
    });
    toc.indicators.forEach((indicator, i) => need(indicator.nodeId, ['indicators', i, 'nodeId']));
  });
export type TheoryOfChange = z.output<typeof TheoryOfChangeSchema>;
export type TheoryOfChangeInput = z.input<typeof TheoryOfChangeSchema>;
