/** Both people whose single choices meet are told, with what the other chose. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  fromJourney,
  setFeeling,
  setProgressLevel,
  userOrigin,
  watchOverwrites,
  type Overwrite,
} from '../../../src/doc/index.ts';
import { smallJourney } from '../../fixtures/small-journey.ts';

function twoPeers() {
  const journey = smallJourney();
  const a = fromJourney(journey);
  const b = new Y.Doc();
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  const seen = { a: [] as Overwrite[], b: [] as Overwrite[] };
  watchOverwrites(a, (found) => seen.a.push(...found));
  watchOverwrites(b, (found) => seen.b.push(...found));
  const sync = () => {
    const fromA = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
    const fromB = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
    Y.applyUpdate(a, fromB);
    Y.applyUpdate(b, fromA);
  };
  return { a, b, seen, sync, stage: journey.stages[0]!.id };
}

describe('watchOverwrites', () => {
  it('tells both people when their feelings for one stage were chosen at once: one kept, one replaced', () => {
    const { a, b, seen, sync, stage } = twoPeers();
    // Neither is the stage's feeling before (a choice equal to it writes nothing).
    setFeeling(a, stage, 'high', userOrigin('a'));
    setFeeling(b, stage, 'mixed', userOrigin('b'));
    sync();
    const all = [...seen.a, ...seen.b];
    expect(all).toHaveLength(2);
    const kept = all.find((o) => o.kept === 'mine')!;
    const replaced = all.find((o) => o.kept === 'theirs')!;
    expect(kept).toMatchObject({ stageId: stage, field: 'feeling' });
    expect(replaced).toMatchObject({ stageId: stage, field: 'feeling', mine: kept.theirs, theirs: kept.mine });
    expect(new Set([kept.mine, kept.theirs])).toEqual(new Set(['high', 'mixed']));
    expect(new Set([kept.by, replaced.by])).toEqual(new Set([a.clientID, b.clientID]));
  });

  it('tells the person whose level someone else changed later, from what to what', () => {
    const { a, b, seen, sync, stage } = twoPeers();
    setProgressLevel(a, stage, { level: 3, ratedBy: 'together' }, userOrigin('a'));
    sync();
    setProgressLevel(b, stage, { level: 1, ratedBy: 'family' }, userOrigin('b'));
    sync();
    expect(seen.a).toEqual([
      {
        stageId: stage,
        field: 'progress',
        mine: { level: 3, ratedBy: 'together' },
        theirs: { level: 1, ratedBy: 'family' },
        theirsKnown: true,
        by: b.clientID,
        kept: 'theirs',
      },
    ]);
    expect(seen.b).toEqual([]);
  });

  it('says nothing for one’s own changes, or others’ changes to what others chose', () => {
    const { a, b, seen, sync, stage } = twoPeers();
    setFeeling(a, stage, 'high', userOrigin('a'));
    setFeeling(a, stage, 'low', userOrigin('a'));
    sync();
    setFeeling(b, stage, 'mixed', userOrigin('b'));
    sync();
    expect(seen.b).toEqual([]);
    expect(seen.a).toHaveLength(1);
  });
});
