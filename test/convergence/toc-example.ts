/**
 * A hand-built theory of change for the toc document tests: every kind of node, links with
 * rationale, interventions, assumptions and confidence, indicators, and evidence that points at
 * stages, factors and cost events of the example journeys in `journeys/`, listed in pointer order
 * (journey, stage, factor, cost event) so that its stored form is exactly `canonicalToc`'s.
 */
import { TheoryOfChangeSchema, type TheoryOfChange, type TheoryOfChangeInput } from '../../src/model/index.ts';

export const EXAMPLE_JOURNEYS = {
  mother: 'family-action-single-mother',
  swindon: 'life-swindon-chronic-crisis',
  young: 'slf-disengaged-young-people',
  isolated: 'slf-isolated-family',
} as const;

const { mother, swindon, young, isolated } = EXAMPLE_JOURNEYS;

export function exampleTocInput(): TheoryOfChangeInput {
  return {
    schemaVersion: 1,
    id: 'example-toc',
    title: 'Out of crisis, with someone on our side',
    summary: 'Drafted from four families, then edited in a workshop.',
    journeyIds: [young, mother, isolated, swindon],
    scaleId: 'stuck-to-independence',
    ceiling: { highestAccountableKind: 'intermediate-outcome', note: 'We answer for trust and stability.' },
    nodes: [
      {
        id: 'visits',
        kind: 'activity',
        title: 'A key worker visits every week',
        description: 'The same worker, at home, for as long as it takes.',
        position: { x: 120, y: 640 },
        evidence: [{ journeyId: mother, stageId: 's02-leaving-with-the-four', factorId: 'f02-helped-to-get-out' }],
      },
      { id: 'plan', kind: 'output', title: 'A whole-family plan', codes: ['plan', 'family'] },
      { id: 'trust', kind: 'precondition', title: 'The family trusts one worker' },
      {
        id: 'stable',
        kind: 'intermediate-outcome',
        title: 'Home life is stable',
        progress: { scaleId: 'stuck-to-independence', from: 1, to: 3 },
        reduces: ['police_callout', 'dv_incident'],
        evidence: [
          { journeyId: mother, stageId: 's01-living-with-their-dad', costEventId: 'ce01-dv-incidents' },
          { journeyId: swindon, stageId: 's01-low-after-mia', costEventId: 'ce01-ae-panic-attacks' },
          { journeyId: isolated, stageId: 't02', costEventId: 'd01' },
        ],
      },
      {
        id: 'school',
        kind: 'long-term-outcome',
        title: 'Children are in school',
        reduces: ['persistent_absence'],
        evidence: [{ journeyId: young, stageId: 's02', costEventId: 'c01' }],
      },
      { id: 'thrive', kind: 'impact', title: 'Families manage well without formal support' },
    ],
    links: [
      {
        id: 'visits-trust',
        from: 'visits',
        to: 'trust',
        rationale: 'A worker who keeps coming back earns trust.',
        interventions: ['The worker goes with them to the GP'],
        assumptionIds: ['same-worker'],
        confidence: 'high',
        evidence: [
          { journeyId: young, stageId: 's01', factorId: 'f01' },
          { journeyId: isolated, stageId: 't01', factorId: 'g01' },
        ],
      },
      { id: 'visits-plan', from: 'visits', to: 'plan' },
      { id: 'trust-stable', from: 'trust', to: 'stable', confidence: 'medium', assumptionIds: ['housing'] },
      { id: 'plan-stable', from: 'plan', to: 'stable' },
      { id: 'stable-school', from: 'stable', to: 'school', rationale: 'Calm at home makes mornings possible.' },
      { id: 'school-thrive', from: 'school', to: 'thrive', confidence: 'low' },
    ],
    indicators: [
      {
        id: 'callouts',
        nodeId: 'stable',
        title: "Police call-outs to the family's home",
        measure: 'unit',
        ascending: false,
        population: 'Families who complete support',
        threshold: { value: 0, comment: 'No call-outs in six months' },
        timeline: '12 months after support ends',
        baseline: { year: 2024, value: 6 },
        periods: [{ start: '2025-01-01', end: '2025-12-31', target: { value: 2 } }],
        costEventType: 'police_callout',
      },
      { id: 'level', nodeId: 'trust', title: 'Families at level 3 or above', measure: 'ordinal', progressLevel: 3 },
    ],
    assumptions: [
      { id: 'same-worker', text: 'The same worker can stay with the family', kind: 'contextual', risk: 'medium' },
      { id: 'housing', text: 'Housing is secure enough', kind: 'causal', risk: 'high', status: 'holding' },
    ],
    provenance: { method: 'turning-points-draft-1', draftedOn: '2025-06-01', minFamilies: 2 },
  };
}

export function exampleToc(): TheoryOfChange {
  return TheoryOfChangeSchema.parse(exampleTocInput());
}
