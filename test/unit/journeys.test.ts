/** The example journeys in journeys/: valid, and as rich as a workshop example should be. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseJourneyText } from '../../src/migrations/journey-file.ts';
import { CURRENT_SCHEMA_VERSION, type Journey } from '../../src/model/index.ts';

const dir = new URL('../../journeys/', import.meta.url);
const files = readdirSync(dir).filter((name) => name.endsWith('.json'));

function load(name: string): Journey {
  const result = parseJourneyText(readFileSync(new URL(name, dir), 'utf8'));
  if (!result.ok) throw new Error(`${name}: ${result.issues.map((i) => `${i.path} ${i.message}`).join('; ')}`);
  return result.journey;
}

describe('example journeys', () => {
  it('there are at least four, with distinct ids matching their file names', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
    expect(files.map((name) => load(name).id)).toEqual(files.map((name) => name.replace(/\.json$/, '')));
  });

  describe.each(files)('%s', (name) => {
    const raw = JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as { schemaVersion: number };
    const journey = load(name);

    it('is written in the current format and says it is synthetic and which seed grounds it', () => {
      expect(raw.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
      expect(journey.provenance?.synthetic).toBe(true);
      expect(journey.provenance?.basedOn).toMatch(/seed 00\d/);
    });

    it('has 10–20 stages in the family’s words', () => {
      expect(journey.stages.length).toBeGreaterThanOrEqual(10);
      expect(journey.stages.length).toBeLessThanOrEqual(20);
      const spoken = journey.stages.filter((s) => s.words.trim().length > 0);
      expect(spoken.length).toBe(journey.stages.length);
    });

    it('has levels that move, and not always upward', () => {
      const levels = journey.stages.flatMap((s) => (s.progress ? [s.progress.level] : []));
      expect(new Set(levels).size).toBeGreaterThanOrEqual(3);
      expect(levels.some((level, i) => i > 0 && level < levels[i - 1]!)).toBe(true);
    });

    it('has enablers and barriers, and cost events before and after support', () => {
      const kinds = new Set(journey.factors.map((f) => f.kind));
      expect(kinds).toEqual(new Set(['enabler', 'barrier']));
      const periods = new Set(journey.costEvents.map((e) => e.period));
      expect(periods.has('before') && periods.has('after')).toBe(true);
      expect(new Set(journey.costEvents.map((e) => e.agencyId)).size).toBeGreaterThanOrEqual(3);
    });
  });
});
