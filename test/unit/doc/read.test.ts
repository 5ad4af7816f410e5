import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { fromJourney, journeyMaps, readJourney } from '../../../src/doc/index.ts';
import { JourneySchema } from '../../../src/model/index.ts';
import { smallJourney } from '../../fixtures/small-journey.ts';

describe('readJourney', () => {
  it('round-trips a journey through a Y.Doc', () => {
    const journey = smallJourney();
    const { journey: read, quarantined, docSchemaVersion } = readJourney(fromJourney(journey));
    expect(read).toEqual(journey);
    expect(quarantined).toEqual([]);
    expect(docSchemaVersion).toBe(2);
  });

  it('quarantines records a peer wrote wrongly, and keeps the rest', () => {
    const doc = fromJourney(smallJourney());
    const maps = journeyMaps(doc);
    doc.transact(() => {
      maps.stages.set('bad', 'not a map');
      const broken = new Y.Map();
      broken.set('title', 42);
      maps.stages.set('broken', broken);
      maps.records.links.set('dangling', { from: 's1', to: 'ghost' });
      maps.records.costEvents.set('c-bad', { nonsense: true });
      maps.records.members.set('bad id!', { pseudonym: 'X', role: 'mother' });
    });
    const { journey, quarantined } = readJourney(doc);
    expect(JourneySchema.safeParse(journey).success).toBe(true);
    expect(journey.stages.map((s) => s.id)).toEqual(['s1', 's2', 's3']);
    expect(quarantined.map((q) => `${q.collection}/${q.id}/${q.action}`).sort()).toEqual([
      'costEvents/c-bad/dropped',
      'links/dangling/dropped',
      'members/bad id!/dropped',
      'stages/bad/dropped',
      'stages/broken/dropped',
    ]);
  });

  it('repairs dangling soft references instead of dropping the stage', () => {
    const doc = fromJourney(smallJourney());
    const maps = journeyMaps(doc);
    doc.transact(() => {
      maps.records.members.delete('mum');
      maps.records.codes.delete('housing');
    });
    const { journey, quarantined } = readJourney(doc);
    const s1 = journey.stages[0]!;
    expect(s1.speakerId).toBeUndefined();
    expect(s1.codes).toEqual([]);
    expect(quarantined).toContainEqual(expect.objectContaining({ collection: 'stages', id: 's1', action: 'repaired' }));
  });

  it('falls back safely when meta is broken: no consent scopes, a placeholder title', () => {
    const doc = fromJourney(smallJourney());
    journeyMaps(doc).meta.set('title', '');
    journeyMaps(doc).meta.set('consent', { status: 'maybe' });
    const { journey, quarantined } = readJourney(doc);
    expect(journey.title).toBe('Untitled journey');
    expect(journey.consent.scopes).toEqual([]);
    expect(quarantined.filter((q) => q.collection === 'meta').map((q) => q.id)).toEqual(['title', 'consent']);
  });

  it('reads an empty document without throwing', () => {
    const { journey, quarantined } = readJourney(new Y.Doc());
    expect(journey.stages).toEqual([]);
    expect(quarantined.map((q) => q.id)).toEqual(['id', 'title', 'family', 'consent']);
  });
});
