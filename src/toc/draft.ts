/**
 * Draft a theory of change from families' journeys (the issue's words: "recurring barriers become
 * preconditions or outcomes to achieve, enablers and services become activities, the cost-event
 * types that recur become outcomes with indicators, movement between progress levels becomes
 * intermediate outcomes, and every drafted element cites the stages it came from").
 *
 * Pure and deterministic: the same journeys, in any order, give a deep-equal draft. Only journeys
 * whose consent allows analysis are read. Nothing a family said is copied in: evidence points at
 * stages, factors and cost events, and the words stay in the journey. The draft is a start for
 * people to edit, so every link is at low confidence and says which pattern it was drafted from.
 *
 * The rules, one module each: `draft/factors.ts` (barriers and enablers), `draft/levels.ts`
 * (movement on the scale, services, the impact, lasting progress), `draft/costs.ts` (cost
 * outcomes and their indicators), `draft/links.ts` (the causal chain), `draft/assumptions.ts`.
 */
import type { ConsentOf } from '../model/consent.ts';
import type { Journey } from '../model/journey.ts';
import {
  canonicalToc,
  DEFAULT_CEILING,
  TheoryOfChangeSchema,
  TOC_SCHEMA_VERSION,
  type TheoryOfChange,
  type TheoryOfChangeInput,
} from '../model/theory-of-change.ts';
import { draftAssumptions } from './draft/assumptions.ts';
import { cohortOf } from './draft/cohort.ts';
import { draftCostOutcomes, draftLessCrisis } from './draft/costs.ts';
import { finishEvidence, fitId } from './draft/evidence.ts';
import { draftFactorNodes } from './draft/factors.ts';
import { draftImpact, draftLasting, draftServices, draftSteps } from './draft/levels.ts';
import { draftLinks } from './draft/links.ts';
import type { DraftNode } from './draft/types.ts';

export interface DraftOptions {
  id: string;
  title: string;
  /** The day of drafting, YYYY-MM-DD, recorded in the provenance (passed in: drafting reads no clock). */
  draftedOn: string;
  /**
   * How many families a barrier, enabler, service, cost-event type or step on the scale must
   * recur in to be drafted. Defaults to 2 when two or more journeys are used, else 1.
   */
  minFamilies?: number | undefined;
  /** The consent in force for each journey (server records): only those allowing analysis are read. */
  consentOf: ConsentOf;
}

const SUMMARY =
  'A first draft, made by Turning Points from the journeys families mapped: the barriers that recurred, ' +
  'the help families named, the services present where they moved up the scale, the costs that recurred ' +
  'and the steps families made from stuck towards independence. Every element points at the stages it ' +
  'was drafted from. People review it, reword it and raise the confidence of the links they agree with.';

/** A theory of change drafted from the journeys; throws if the draft would not be valid. */
export function draftToc(journeys: readonly Journey[], options: DraftOptions): TheoryOfChange {
  const cohort = cohortOf(journeys, options.consentOf, options.minFamilies);
  const steps = draftSteps(cohort);
  const costs = draftCostOutcomes(cohort);
  const nodes = [
    ...draftFactorNodes(cohort, 'barrier'),
    ...draftFactorNodes(cohort, 'enabler'),
    ...draftServices(cohort),
    ...steps.nodes,
    ...costs.nodes,
    draftLessCrisis(costs.nodes),
    draftLasting(cohort),
    draftImpact(cohort),
  ].filter((node): node is DraftNode => node !== undefined);
  const links = draftLinks(cohort, nodes);
  const { assumptions, assumptionsOf } = draftAssumptions(cohort, nodes, links);
  const families = new Map(cohort.families.map((family) => [family.id, family]));

  const input: TheoryOfChangeInput = {
    schemaVersion: TOC_SCHEMA_VERSION,
    id: options.id,
    title: options.title,
    summary: SUMMARY,
    journeyIds: cohort.families.map((family) => family.id),
    ...(cohort.scale ? { scaleId: cohort.scale.id } : {}),
    ceiling: DEFAULT_CEILING,
    nodes: nodes.map((node) => ({ ...node, evidence: finishEvidence(node.evidence, families) })),
    links: links.map((link) => ({
      id: fitId(`${link.from}--${link.to}`),
      from: link.from,
      to: link.to,
      rationale: link.rationale,
      assumptionIds: assumptionsOf.get(link) ?? [],
      confidence: 'low',
      evidence: finishEvidence(link.evidence, families),
    })),
    indicators: [...steps.indicators, ...costs.indicators],
    assumptions,
    provenance: { method: 'turning-points-draft-1', draftedOn: options.draftedOn, minFamilies: cohort.minFamilies },
  };
  return canonicalToc(TheoryOfChangeSchema.parse(input));
}
