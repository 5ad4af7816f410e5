import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { fromJourney, readJourney, writeJourney } from '../../src/doc/index.ts';
import { parseJourneyText, serialiseJourney } from '../../src/migrations/journey-file.ts';
import { canonicalJourney } from '../../src/model/index.ts';
import { journeyArb } from './journey-arbitrary.ts';

describe('Journey → Y.Doc → Journey', () => {
  it('round-trips any valid journey, also through an encoded update', () => {
    fc.assert(
      fc.property(journeyArb, (journey) => {
        const doc = fromJourney(journey);
        const direct = readJourney(doc);
        expect(direct.quarantined).toEqual([]);
        expect(direct.journey).toEqual(canonicalJourney(journey));

        const replica = new Y.Doc();
        Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
        expect(readJourney(replica).journey).toEqual(direct.journey);
      }),
      { numRuns: 300 },
    );
  });

  it('writes nothing when a journey is written over itself', () => {
    fc.assert(
      fc.property(journeyArb, (journey) => {
        const doc = fromJourney(journey);
        const before = Y.encodeStateVector(doc);
        writeJourney(doc, journey);
        expect(Y.encodeStateVector(doc)).toEqual(before);
      }),
      { numRuns: 100 },
    );
  });

  it('turns one journey into another by writing only the difference', () => {
    fc.assert(
      fc.property(journeyArb, journeyArb, (first, second) => {
        const doc = fromJourney(first);
        writeJourney(doc, second);
        expect(readJourney(doc).journey).toEqual(canonicalJourney(second));
      }),
      { numRuns: 100 },
    );
  });

  it('round-trips the example journeys through a Y.Doc and back to the same file, but for consent (never held there)', () => {
    const dir = new URL('../../journeys/', import.meta.url);
    const files = readdirSync(dir).filter((name) => name.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const name of files) {
      const parsed = parseJourneyText(readFileSync(new URL(name, dir), 'utf8'));
      if (!parsed.ok) throw new Error(`${name}: ${JSON.stringify(parsed.issues)}`);
      const { journey } = readJourney(fromJourney(parsed.journey));
      const { consent: _filed, ...inDocument } = parsed.journey;
      expect(serialiseJourney(journey)).toBe(serialiseJourney(inDocument));
    }
  });
});
