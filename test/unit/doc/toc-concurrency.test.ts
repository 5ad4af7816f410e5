/** Two people editing one theory of change at once, each on their own replica. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addEvidence,
  addTocLink,
  fromToc,
  readToc,
  removeAssumption,
  removeTocLink,
  removeTocNode,
  REMOTE_ORIGIN,
  setLinkAssumptions,
  setLinkRationale,
  setNodeDescription,
  upsertIndicator,
  userOrigin,
} from '../../../src/doc/index.ts';
import { TheoryOfChangeSchema, type AssumptionId, type TocLinkId, type TocNodeId } from '../../../src/model/index.ts';
import { exampleToc, EXAMPLE_JOURNEYS } from '../../convergence/toc-example.ts';

const alice = userOrigin('alice');
const bob = userOrigin('bob');

function twoReplicas(): [Y.Doc, Y.Doc] {
  const base = Y.encodeStateAsUpdate(fromToc(exampleToc()));
  const docs: [Y.Doc, Y.Doc] = [new Y.Doc(), new Y.Doc()];
  for (const doc of docs) Y.applyUpdate(doc, base, REMOTE_ORIGIN);
  return docs;
}

/** Exchange everything both ways; both must then read the same valid theory of change. */
function exchange(a: Y.Doc, b: Y.Doc) {
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), REMOTE_ORIGIN);
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), REMOTE_ORIGIN);
  const [readA, readB] = [readToc(a), readToc(b)];
  expect(TheoryOfChangeSchema.safeParse(readA.toc).success).toBe(true);
  expect(readB).toEqual(readA);
  expect(Y.encodeStateVector(a)).toEqual(Y.encodeStateVector(b));
  return readA;
}

describe('concurrent edits to a theory of change', () => {
  it("merges two people's typing in the same link's rationale, character by character", () => {
    const [a, b] = twoReplicas();
    const link = 'visits-trust' as TocLinkId;
    // Both start from "A worker who keeps coming back earns trust."
    setLinkRationale(a, link, 'A key worker who keeps coming back earns trust.', alice);
    setLinkRationale(b, link, 'A worker who keeps coming back earns trust, slowly.', bob);
    const { toc } = exchange(a, b);
    expect(toc.links.find((l) => l.id === link)!.rationale).toBe(
      'A key worker who keeps coming back earns trust, slowly.',
    );
  });

  it('merges typing into a rationale both saw empty (the Y.Text exists from the start)', () => {
    const [a, b] = twoReplicas();
    const link = 'visits-plan' as TocLinkId;
    setLinkRationale(a, link, 'Visits make room to plan.', alice);
    setNodeDescription(b, 'plan' as TocNodeId, 'Written with the family.', bob);
    setLinkRationale(b, link, 'Trust first.', bob);
    const { toc } = exchange(a, b);
    const rationale = toc.links.find((l) => l.id === link)!.rationale!;
    expect(rationale).toContain('Visits make room to plan.');
    expect(rationale).toContain('Trust first.');
    expect(toc.nodes.find((n) => n.id === 'plan')!.description).toBe('Written with the family.');
  });

  it('keeps both pieces of evidence when two people cite at once', () => {
    const [a, b] = twoReplicas();
    const node = { nodeId: 'trust' as TocNodeId };
    addEvidence(a, node, { journeyId: EXAMPLE_JOURNEYS.mother, stageId: 's02-leaving-with-the-four' }, alice);
    addEvidence(
      b,
      node,
      { journeyId: EXAMPLE_JOURNEYS.swindon, stageId: 's01-low-after-mia', factorId: 'f01-tablets-only' },
      bob,
    );
    // The same citation from both is still one citation.
    addEvidence(b, node, { journeyId: EXAMPLE_JOURNEYS.mother, stageId: 's02-leaving-with-the-four' }, bob);
    const { toc } = exchange(a, b);
    expect(toc.nodes.find((n) => n.id === 'trust')!.evidence).toEqual([
      { journeyId: EXAMPLE_JOURNEYS.mother, stageId: 's02-leaving-with-the-four' },
      { journeyId: EXAMPLE_JOURNEYS.swindon, stageId: 's01-low-after-mia', factorId: 'f01-tablets-only' },
    ]);
  });

  it('converges to a valid state when one removes a node while the other links to it', () => {
    const [a, b] = twoReplicas();
    removeTocNode(a, 'plan' as TocNodeId, alice);
    const link = addTocLink(b, { from: 'plan', to: 'school' }, bob);
    const indicator = upsertIndicator(b, { nodeId: 'plan', title: 'Plans agreed', measure: 'unit' }, bob);
    const { toc, quarantined } = exchange(a, b);
    expect(toc.nodes.map((n) => n.id)).not.toContain('plan');
    expect(toc.links.map((l) => l.id)).not.toContain(link);
    expect(toc.indicators.map((i) => i.id)).not.toContain(indicator);
    expect(quarantined.map((q) => `${q.collection}/${q.id}/${q.action}`).sort()).toEqual([
      `indicators/${indicator}/dropped`,
      `links/${link}/dropped`,
    ]);
  });

  it('repairs a link that gains an assumption while another person removes it', () => {
    const [a, b] = twoReplicas();
    removeAssumption(a, 'same-worker' as AssumptionId, alice);
    setLinkAssumptions(b, 'visits-plan' as TocLinkId, ['same-worker' as AssumptionId], bob);
    const { toc, quarantined } = exchange(a, b);
    expect(toc.links.find((l) => l.id === 'visits-plan')!.assumptionIds).toEqual([]);
    expect(quarantined).toEqual([
      {
        collection: 'links',
        id: 'visits-plan',
        action: 'repaired',
        issues: [{ path: '$.assumptionIds', message: 'assumption "same-worker" no longer exists' }],
      },
    ]);
  });

  it('shows one link when two people draw the same one at once; removing it removes both', () => {
    const [a, b] = twoReplicas();
    const fromA = addTocLink(a, { from: 'trust', to: 'school' }, alice);
    const fromB = addTocLink(b, { from: 'trust', to: 'school' }, bob);
    setLinkRationale(b, fromB, 'Trust makes school possible.', bob);
    const [kept, dropped] = [fromA, fromB].sort();
    const { toc, quarantined } = exchange(a, b);
    expect(toc.links.filter((l) => l.from === 'trust' && l.to === 'school').map((l) => l.id)).toEqual([kept]);
    expect(quarantined).toEqual([
      {
        collection: 'links',
        id: dropped,
        action: 'merged',
        issues: [{ path: '$.to', message: `node "trust" already leads to "school" (link "${kept}")` }],
      },
    ]);
    // Either person removing the link they see removes the one drawn twice, for both.
    removeTocLink(a, kept!, alice);
    const after = exchange(a, b);
    expect(after.toc.links.filter((l) => l.from === 'trust' && l.to === 'school')).toEqual([]);
    expect(after.quarantined).toEqual([]);
  });
});
