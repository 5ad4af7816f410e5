import { describe, expect, it } from 'vitest';
import { parseJourneyText, serialiseJourney } from '../../../src/migrations/journey-file.ts';
import { smallJourney } from '../../fixtures/small-journey.ts';

describe('journey files', () => {
  it('says where malformed JSON breaks', () => {
    const result = parseJourneyText('{\n  "schemaVersion": 2,\n  "id": oops\n}');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues).toHaveLength(1);
      expect(result.issues[0]!.path).toBe('$');
      expect(result.issues[0]!.message).toMatch(/^is not valid JSON at line 3, column \d+/);
    }
  });

  it('writes canonical JSON that reads back to the same journey', () => {
    const journey = smallJourney();
    const text = serialiseJourney({ ...journey, stages: [...journey.stages].reverse() });
    expect(text.endsWith('\n')).toBe(true);
    const again = parseJourneyText(text);
    expect(again.ok && again.journey).toEqual(journey);
    expect(serialiseJourney(journey)).toBe(text);
  });
});
