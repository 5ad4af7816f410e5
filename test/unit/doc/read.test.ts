import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  fromJourney,
  journeyMaps,
  readJourney,
  typedStageText,
  typeFactorText,
  typeStageText,
  UNTITLED_STAGE,
  userOrigin,
} from '../../../src/doc/index.ts';
import { CURRENT_SCHEMA_VERSION, JourneySchema } from '../../../src/model/index.ts';
import { smallJourney } from '../../fixtures/small-journey.ts';

describe('readJourney', () => {
  it('round-trips a journey through a Y.Doc (all of it but what a file says of consent, which is never held there)', () => {
    const { consent: _filed, ...journey } = smallJourney();
    const { journey: read, quarantined, docSchemaVersion } = readJourney(fromJourney(journey));
    expect(read).toEqual(journey);
    expect(quarantined).toEqual([]);
    expect(docSchemaVersion).toBe(CURRENT_SCHEMA_VERSION);
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

  it('falls back safely when meta is broken (a placeholder title), and never reads consent from the document', () => {
    const doc = fromJourney(smallJourney());
    expect(journeyMaps(doc).meta.has('consent')).toBe(false);
    journeyMaps(doc).meta.set('title', '');
    // Written by someone invited: consent is a server record, and what a document says of it is ignored.
    journeyMaps(doc).meta.set('consent', { status: 'given', recordedOn: '2016-01-01', scopes: ['share-words'] });
    const { journey, quarantined } = readJourney(doc);
    expect(journey.title).toBe('Untitled journey');
    expect(journey.consent).toBeUndefined();
    expect(quarantined.filter((q) => q.collection === 'meta').map((q) => q.id)).toEqual(['title']);
  });

  it('reads an empty document without throwing', () => {
    const { journey, quarantined } = readJourney(new Y.Doc());
    expect(journey.stages).toEqual([]);
    expect(quarantined.map((q) => q.id)).toEqual(['id', 'title', 'family']);
  });

  it('round-trips each shared-text field (headline, words, an enabler’s or barrier’s words) as Y.Text', () => {
    const { consent: _filed, ...journey } = smallJourney();
    const doc = fromJourney(journey);
    const { stages, records } = journeyMaps(doc);
    for (const stage of journey.stages) {
      const map = stages.get(stage.id) as Y.Map<unknown>;
      expect((map.get('title') as Y.Text).toString()).toBe(stage.title);
      expect((map.get('words') as Y.Text).toString()).toBe(stage.words);
    }
    for (const factor of journey.factors) {
      const map = records.factors.get(factor.id) as Y.Map<unknown>;
      expect((map.get('text') as Y.Text).toString()).toBe(factor.text);
    }
    expect(readJourney(doc).journey).toEqual(journey);
  });

  it('keeps a stage whose headline is being retyped (empty for now) under a placeholder, and its typed text as is', () => {
    const journey = smallJourney();
    const doc = fromJourney(journey);
    const stage = journey.stages[0]!;
    const factor = journey.factors[0]!;
    const origin = userOrigin('test');
    typeStageText(doc, stage.id, 'title', '  ', origin);
    typeFactorText(doc, factor.id, '', origin);
    const { journey: read, quarantined } = readJourney(doc);
    expect(read.stages.find((s) => s.id === stage.id)?.title).toBe(UNTITLED_STAGE);
    expect(read.factors.find((f) => f.id === factor.id)?.text).toBe('…');
    expect(quarantined.filter((q) => q.action === 'dropped')).toEqual([]);
    expect(typedStageText(doc, stage.id, 'title')).toBe('  ');
  });

  it('refuses a keystroke past a text’s limit, naming the limit and the length', () => {
    const journey = smallJourney();
    const doc = fromJourney(journey);
    const id = journey.stages[0]!.id;
    expect(() => typeStageText(doc, id, 'title', 'x'.repeat(121), userOrigin('test'))).toThrow(
      /at most 120 characters \(this has 121\)/,
    );
    expect(readJourney(doc).journey.stages[0]?.title).toBe(journey.stages[0]?.title);
  });
});
