/**
 * Random theory-of-change command sequences on 2–5 peers that exchange updates in random order
 * always converge, and every peer's read passes the theory-of-change schema at every step.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addEvidence,
  addTocLink,
  addTocNode,
  CommandError,
  fromToc,
  readToc,
  removeAssumption,
  removeEvidence,
  removeIndicator,
  removeTocLink,
  removeTocNode,
  setCeiling,
  setLinkAssumptions,
  setLinkConfidence,
  setLinkInterventions,
  setLinkRationale,
  setNodeDescription,
  setNodeReduces,
  setTocSummary,
  setTocTitle,
  updateTocNode,
  upsertAssumption,
  upsertIndicator,
  userOrigin,
  type EvidenceTarget,
  type TransactionOrigin,
} from '../../src/doc/index.ts';
import { COST_EVENT_TYPES, TheoryOfChangeSchema, TOC_NODE_KINDS } from '../../src/model/index.ts';
import { deliverStep, expectConverged, makePeers, syncAll, type Peer } from './peers.ts';
import { exampleToc } from './toc-example.ts';

const text = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim().length > 0);
const pick = fc.nat({ max: 1000 });
const kind = fc.constantFrom(...TOC_NODE_KINDS);

const commandArb = fc.oneof(
  fc.record({ op: fc.constant('title' as const), title: text }),
  fc.record({ op: fc.constant('summary' as const), summary: fc.option(text, { nil: null }) }),
  fc.record({ op: fc.constant('ceiling' as const), kind }),
  fc.record({ op: fc.constant('addNode' as const), kind, title: text }),
  fc.record({ op: fc.constant('editNode' as const), node: pick, kind, title: text, edit: fc.nat({ max: 2 }) }),
  fc.record({ op: fc.constant('place' as const), node: pick, x: fc.integer(), y: fc.integer() }),
  fc.record({ op: fc.constant('describe' as const), node: pick, text: fc.string({ maxLength: 30 }) }),
  fc.record({ op: fc.constant('reduces' as const), node: pick, types: fc.subarray([...COST_EVENT_TYPES]) }),
  fc.record({ op: fc.constant('removeNode' as const), node: pick }),
  fc.record({ op: fc.constant('link' as const), from: pick, to: pick }),
  fc.record({ op: fc.constant('rationale' as const), link: pick, text: fc.string({ maxLength: 30 }) }),
  fc.record({ op: fc.constant('interventions' as const), link: pick, items: fc.array(text, { maxLength: 3 }) }),
  fc.record({
    op: fc.constant('confidence' as const),
    link: pick,
    confidence: fc.constantFrom('low' as const, 'high' as const, null),
  }),
  fc.record({ op: fc.constant('assumptions' as const), link: pick, choose: fc.array(pick, { maxLength: 3 }) }),
  fc.record({ op: fc.constant('removeLink' as const), link: pick }),
  fc.record({ op: fc.constant('cite' as const), onLink: fc.boolean(), target: pick, journey: pick, stage: pick }),
  fc.record({ op: fc.constant('uncite' as const), onLink: fc.boolean(), target: pick, item: pick }),
  fc.record({
    op: fc.constant('indicator' as const),
    node: pick,
    existing: fc.option(pick, { nil: null }),
    title: text,
  }),
  fc.record({ op: fc.constant('removeIndicator' as const), indicator: pick }),
  fc.record({ op: fc.constant('assumption' as const), existing: fc.option(pick, { nil: null }), text }),
  fc.record({ op: fc.constant('removeAssumption' as const), assumption: pick }),
);
type Command = typeof commandArb extends fc.Arbitrary<infer C> ? C : never;

const stepArb = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('command' as const), peer: pick, command: commandArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('deliver' as const), from: pick, to: pick, update: pick }) },
);

const at = <T>(items: readonly T[], i: number): T | undefined => items[i % Math.max(items.length, 1)];

/** Apply a command to a peer, choosing its targets among what that peer currently sees. */
function apply(peer: Peer, command: Command, origin: TransactionOrigin): void {
  const { toc } = readToc(peer.doc);
  const doc = peer.doc;
  const node = (i: number) => at(toc.nodes, i)?.id;
  const link = (i: number) => at(toc.links, i)?.id;
  const target = (onLink: boolean, i: number): EvidenceTarget | undefined => {
    const id = onLink ? link(i) : node(i);
    if (!id) return undefined;
    return onLink ? { linkId: id as never } : { nodeId: id as never };
  };
  switch (command.op) {
    case 'title':
      return setTocTitle(doc, command.title, origin);
    case 'summary':
      return setTocSummary(doc, command.summary, origin);
    case 'ceiling':
      return setCeiling(doc, { highestAccountableKind: command.kind }, origin);
    case 'addNode':
      addTocNode(doc, { kind: command.kind, title: command.title }, origin);
      return;
    case 'assumption': {
      const existing = command.existing === null ? undefined : at(toc.assumptions, command.existing)?.id;
      upsertAssumption(doc, { id: existing, text: command.text, kind: 'causal', risk: 'medium' }, origin);
      return;
    }
    case 'removeAssumption': {
      const id = at(toc.assumptions, command.assumption)?.id;
      return id && removeAssumption(doc, id, origin);
    }
    case 'removeIndicator': {
      const id = at(toc.indicators, command.indicator)?.id;
      return id && removeIndicator(doc, id, origin);
    }
    case 'link': {
      const [from, to] = [node(command.from), node(command.to)];
      if (!from || !to || from === to || toc.links.some((l) => l.from === from && l.to === to)) return;
      addTocLink(doc, { from, to }, origin);
      return;
    }
    case 'cite': {
      const on = target(command.onLink, command.target);
      const journeyId = at(toc.journeyIds, command.journey);
      if (on && journeyId) addEvidence(doc, on, { journeyId, stageId: `s${command.stage % 7}` }, origin);
      return;
    }
    case 'uncite': {
      const on = target(command.onLink, command.target);
      if (!on) return;
      const element =
        'nodeId' in on ? toc.nodes.find((n) => n.id === on.nodeId) : toc.links.find((l) => l.id === on.linkId);
      const item = at(element?.evidence ?? [], command.item);
      return item && removeEvidence(doc, on, item, origin);
    }
  }
  if ('node' in command) {
    const id = node(command.node);
    if (!id) return;
    switch (command.op) {
      case 'editNode':
        return updateTocNode(
          doc,
          id,
          [{ title: command.title }, { kind: command.kind }, { codes: ['a', 'b'] }][command.edit]!,
          origin,
        );
      case 'place':
        return updateTocNode(doc, id, { position: { x: command.x, y: command.y } }, origin);
      case 'describe':
        return setNodeDescription(doc, id, command.text, origin);
      case 'reduces':
        return setNodeReduces(doc, id, command.types, origin);
      case 'removeNode':
        return removeTocNode(doc, id, origin);
      case 'indicator': {
        const existing = command.existing === null ? undefined : at(toc.indicators, command.existing)?.id;
        upsertIndicator(doc, { id: existing, nodeId: id, title: command.title, measure: 'unit' }, origin);
        return;
      }
    }
  }
  const id = link(command.link);
  if (!id) return;
  switch (command.op) {
    case 'rationale':
      return setLinkRationale(doc, id, command.text, origin);
    case 'interventions':
      return setLinkInterventions(doc, id, command.items, origin);
    case 'confidence':
      return setLinkConfidence(doc, id, command.confidence, origin);
    case 'assumptions': {
      const ids = [...new Set(command.choose.flatMap((i) => at(toc.assumptions, i)?.id ?? []))];
      return setLinkAssumptions(doc, id, ids, origin);
    }
    case 'removeLink':
      return removeTocLink(doc, id, origin);
  }
}

function expectValid(peer: Peer): void {
  const { toc } = readToc(peer.doc);
  const parsed = TheoryOfChangeSchema.safeParse(toc);
  expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
}

describe('convergence of theory-of-change commands', () => {
  it('random commands on 2–5 peers, exchanged in random order, converge to one valid theory of change', () => {
    const base = Y.encodeStateAsUpdate(fromToc(exampleToc()));
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5 }),
        // size 'max': without it fast-check's default size keeps sequences to about ten steps.
        fc.array(stepArb, { minLength: 1, maxLength: 60, size: 'max' }),
        fc.array(fc.nat({ max: 500 }), { maxLength: 20 }),
        (peerCount, steps, finalOrder) => {
          const peers = makePeers(peerCount, base);
          const origins = peers.map((_, i) => userOrigin(`peer-${i}`));
          for (const step of steps) {
            if (step.kind === 'command') {
              const p = step.peer % peerCount;
              try {
                apply(peers[p]!, step.command, origins[p]!);
              } catch (error) {
                // A command the peer's own view allowed may still be refused; nothing else may throw.
                if (!(error instanceof CommandError)) throw error;
              }
              expectValid(peers[p]!);
            } else {
              const receiver = deliverStep(peers, step);
              if (receiver) expectValid(receiver);
            }
          }
          syncAll(peers, finalOrder);
          expectConverged(
            peers,
            (doc) => {
              const { toc, quarantined } = readToc(doc);
              return { model: toc, quarantined };
            },
            (model) => TheoryOfChangeSchema.safeParse(model).success,
          );
        },
      ),
      { numRuns: 150 },
    );
  });
});
