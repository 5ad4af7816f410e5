/**
 * Random command sequences on 2–5 peers that exchange updates in random order always converge,
 * and every peer's read passes the journey schema at every step.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCostEvent,
  addFactor,
  addMember,
  addStage,
  editCostEvent,
  editStage,
  fromJourney,
  linkStages,
  moveStage,
  readJourney,
  removeCostEvent,
  removeStage,
  setFeeling,
  setProgressLevel,
  setWords,
  userOrigin,
  type TransactionOrigin,
} from '../../src/doc/index.ts';
import { FEELINGS, JourneySchema, type CostEventId, type StageId } from '../../src/model/index.ts';
import { smallJourney } from '../fixtures/small-journey.ts';
import { deliverStep, expectConverged, makePeers, syncAll, type Peer } from './peers.ts';

/** Whether the document already has a link saying `from` led to `to` (links are plain records). */
function linked(doc: Y.Doc, from: string, to: string): boolean {
  return [...doc.getMap('links').values()].some((link) => {
    const { from: f, to: t } = link as { from?: unknown; to?: unknown };
    return f === from && t === to;
  });
}

const text = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim().length > 0);
const pick = fc.nat({ max: 1000 });

const commandArb = fc.oneof(
  fc.record({ op: fc.constant('add' as const), title: text, after: pick, atStart: fc.boolean() }),
  fc.record({ op: fc.constant('title' as const), stage: pick, title: text }),
  fc.record({ op: fc.constant('words' as const), stage: pick, words: fc.string({ maxLength: 30 }) }),
  fc.record({ op: fc.constant('move' as const), stage: pick, after: pick }),
  fc.record({ op: fc.constant('remove' as const), stage: pick }),
  fc.record({ op: fc.constant('level' as const), stage: pick, level: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ op: fc.constant('feeling' as const), stage: pick, feeling: fc.constantFrom(...FEELINGS) }),
  fc.record({ op: fc.constant('link' as const), from: pick, to: pick }),
  fc.record({ op: fc.constant('factor' as const), stage: pick, barrier: fc.boolean(), text }),
  fc.record({ op: fc.constant('cost' as const), stage: pick, quantity: fc.integer({ min: 1, max: 9 }) }),
  fc.record({ op: fc.constant('editCost' as const), event: pick, quantity: fc.integer({ min: 1, max: 9 }) }),
  fc.record({ op: fc.constant('removeCost' as const), event: pick }),
  fc.record({ op: fc.constant('member' as const), pseudonym: text }),
);
type Command = typeof commandArb extends fc.Arbitrary<infer C> ? C : never;

const stepArb = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('command' as const), peer: pick, command: commandArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('deliver' as const), from: pick, to: pick, update: pick }) },
);

/** Apply a command to a peer, choosing its targets among what that peer currently sees. */
function apply(peer: Peer, command: Command, origin: TransactionOrigin): void {
  const { journey } = readJourney(peer.doc);
  const stages = journey.stages;
  const stageAt = (i: number): StageId | undefined => stages[i % Math.max(stages.length, 1)]?.id;
  const eventAt = (i: number): CostEventId | undefined =>
    journey.costEvents[i % Math.max(journey.costEvents.length, 1)]?.id;
  const doc = peer.doc;
  switch (command.op) {
    case 'add':
      addStage(doc, { title: command.title, after: command.atStart ? null : stageAt(command.after) }, origin);
      return;
    case 'member':
      addMember(doc, { pseudonym: command.pseudonym, role: 'other-adult' }, origin);
      return;
  }
  if (command.op === 'editCost' || command.op === 'removeCost') {
    const event = eventAt(command.event);
    if (!event) return;
    if (command.op === 'editCost') editCostEvent(doc, event, { quantity: command.quantity }, origin);
    else removeCostEvent(doc, event, origin);
    return;
  }
  if (command.op === 'link') {
    const from = stageAt(command.from);
    const to = stageAt(command.to);
    // A link is made once (linkStages refuses a second): a peer who sees it already there does nothing.
    if (from && to && from !== to && !linked(doc, from, to)) linkStages(doc, { from, to }, origin);
    return;
  }
  const stage = stageAt(command.stage);
  if (!stage) return;
  switch (command.op) {
    case 'title':
      return editStage(doc, stage, { title: command.title }, origin);
    case 'words':
      return setWords(doc, stage, command.words, origin);
    case 'move': {
      const after = stageAt(command.after);
      return moveStage(doc, stage, after === stage ? null : (after ?? null), origin);
    }
    case 'remove':
      return removeStage(doc, stage, origin);
    case 'level':
      return setProgressLevel(doc, stage, { level: command.level, ratedBy: 'together' }, origin);
    case 'feeling':
      return setFeeling(doc, stage, command.feeling, origin);
    case 'factor':
      addFactor(doc, { stageId: stage, kind: command.barrier ? 'barrier' : 'enabler', text: command.text }, origin);
      return;
    case 'cost':
      addCostEvent(
        doc,
        {
          stageId: stage,
          type: 'police_callout',
          quantity: command.quantity,
          period: 'before',
          agencyId: 'police',
          evidence: 'family-account',
          unitCost: { kind: 'reference', table: 'gmca-ucd-v1.4-sample', code: 'CR1.1' },
        },
        origin,
      );
  }
}

function expectValid(peer: Peer): void {
  const { journey } = readJourney(peer.doc);
  const parsed = JourneySchema.safeParse(journey);
  expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
}

describe('convergence of journey commands', () => {
  it('random commands on 2–5 peers, exchanged in random order, converge to one valid journey', () => {
    const base = Y.encodeStateAsUpdate(fromJourney(smallJourney()));
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5 }),
        fc.array(stepArb, { minLength: 1, maxLength: 60 }),
        fc.array(fc.nat({ max: 500 }), { maxLength: 20 }),
        (peerCount, steps, finalOrder) => {
          const peers = makePeers(peerCount, base);
          const origins = peers.map((_, i) => userOrigin(`peer-${i}`));
          for (const step of steps) {
            if (step.kind === 'command') {
              const p = step.peer % peerCount;
              apply(peers[p]!, step.command, origins[p]!);
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
              const { journey, quarantined } = readJourney(doc);
              return { model: journey, quarantined };
            },
            (model) => JourneySchema.safeParse(model).success,
          );
        },
      ),
      { numRuns: 150 },
    );
  });
});
