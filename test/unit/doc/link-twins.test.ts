/** The same link added at once on two devices: every replica reads one, and it goes as one. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  fromJourney,
  linkStages,
  readJourney,
  relinkStages,
  REMOTE_ORIGIN,
  unlinkStages,
  userOrigin,
} from '../../../src/doc/index.ts';
import { JourneySchema, type LinkId } from '../../../src/model/index.ts';
import { smallJourney } from '../../fixtures/small-journey.ts';

const alice = userOrigin('alice');
const bob = userOrigin('bob');

function twoReplicas(): [Y.Doc, Y.Doc] {
  const base = Y.encodeStateAsUpdate(fromJourney(smallJourney()));
  const docs: [Y.Doc, Y.Doc] = [new Y.Doc(), new Y.Doc()];
  for (const doc of docs) Y.applyUpdate(doc, base, REMOTE_ORIGIN);
  return docs;
}

/** Exchange everything both ways; both must then read the same valid journey. */
function exchange(a: Y.Doc, b: Y.Doc) {
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), REMOTE_ORIGIN);
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), REMOTE_ORIGIN);
  const [readA, readB] = [readJourney(a), readJourney(b)];
  expect(JourneySchema.safeParse(readA.journey).success).toBe(true);
  expect(readB).toEqual(readA);
  return readA;
}

const between = (links: readonly { from: string; to: string; id: string }[], from: string, to: string) =>
  links.filter((l) => l.from === from && l.to === to).map((l) => l.id);

describe('a link added twice at once', () => {
  it('reads as one link, the lowest id, on both replicas, with the other reported as merged', () => {
    const [a, b] = twoReplicas();
    const fromA = linkStages(a, { from: 's2', to: 's3' }, alice);
    const fromB = linkStages(b, { from: 's2', to: 's3', label: 'the worker pushed' }, bob);
    const [kept, merged] = [fromA, fromB].sort();
    const { journey, quarantined } = exchange(a, b);
    expect(between(journey.links, 's2', 's3')).toEqual([kept]);
    expect(quarantined).toEqual([
      {
        collection: 'links',
        id: merged,
        action: 'merged',
        issues: [{ path: '$.to', message: `repeats link "${kept}" between the same two stages` }],
      },
    ]);
    // Both documents still hold both records: nothing stored is rewritten by reading.
    expect(a.getMap('links').has(merged!)).toBe(true);
  });

  it('removes both when either person removes the one they see', () => {
    const [a, b] = twoReplicas();
    const ids = [linkStages(a, { from: 's2', to: 's3' }, alice), linkStages(b, { from: 's2', to: 's3' }, bob)];
    exchange(a, b);
    unlinkStages(b, ids.sort()[0]!, bob);
    const { journey, quarantined } = exchange(a, b);
    expect(between(journey.links, 's2', 's3')).toEqual([]);
    expect(quarantined).toEqual([]);
  });

  it('moves as one: no copy is left between the old two stages', () => {
    const [a, b] = twoReplicas();
    const ids = [linkStages(a, { from: 's2', to: 's3' }, alice), linkStages(b, { from: 's2', to: 's3' }, bob)];
    exchange(a, b);
    const kept = ids.sort()[0]!;
    // Onto the ends it already has changes nothing, twins or not.
    relinkStages(a, kept, { to: 's3' }, alice);
    relinkStages(a, kept, { from: 's3', to: 's1' }, alice);
    const { journey, quarantined } = exchange(a, b);
    expect(between(journey.links, 's2', 's3')).toEqual([]);
    expect(between(journey.links, 's3', 's1')).toEqual([kept]);
    expect(quarantined).toEqual([]);
  });

  it('keeps the older link when a stored document already holds a repeat of it', () => {
    const doc = fromJourney(smallJourney());
    // As an older version could have stored it: the same ends as l1 under a later id.
    doc.getMap('links').set('l9', { from: 's1', to: 's2' });
    const { journey } = readJourney(doc);
    expect(between(journey.links, 's1', 's2')).toEqual(['l1']);
    expect(journey.links.find((l) => l.id === 'l1')?.label).toBe('because we were desperate');
    unlinkStages(doc, 'l1' as LinkId, alice);
    expect(readJourney(doc).journey.links).toEqual([]);
  });
});

describe('a journey file with a link twice', () => {
  it('is refused, naming the repeat and the link it repeats', () => {
    const journey = smallJourney();
    const repeated = { ...journey, links: [...journey.links, { id: 'l9', from: 's1', to: 's2' }] };
    const parsed = JourneySchema.safeParse(repeated);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      [`links.${journey.links.length}.to`, 'repeats link "l1" between the same two stages'],
    ]);
  });
});
