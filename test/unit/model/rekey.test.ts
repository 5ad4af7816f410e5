import { describe, expect, it } from 'vitest';
import {
  flatKeys,
  hasRandomIds,
  isRandomId,
  keyNamesOf,
  keysFromFlat,
  rekeyJourney,
  translateJourney,
  translateToc,
  type JourneyKeys,
} from '../../../src/model/rekey.ts';
import { JourneySchema, TheoryOfChangeSchema, type Journey } from '../../../src/model/index.ts';
import { exampleJourneys, smallToc } from '../../fixtures/small-toc.ts';

/** Every id a journey holds, its own and its records', as they appear in the file. */
function idsOf(journey: Journey): string[] {
  return [
    journey.id,
    ...journey.stages.map((s) => s.id),
    ...journey.links.map((l) => l.id),
    ...journey.factors.map((f) => f.id),
    ...journey.costEvents.map((c) => c.id),
    ...journey.family.members.map((m) => m.id),
  ];
}

/** Whether this id appears in the JSON as a whole string value (not inside words). */
const appearsAsValue = (json: string, id: string) => json.includes(JSON.stringify(id));

describe('re-keying a journey', () => {
  const examples = exampleJourneys();

  it('gives the journey and every record a random id, and the result validates', () => {
    for (const journey of examples) {
      expect(hasRandomIds(journey)).toBe(false);
      const { journey: rekeyed } = rekeyJourney(journey);
      expect(hasRandomIds(rekeyed)).toBe(true);
      expect(JourneySchema.safeParse(rekeyed).success).toBe(true);
    }
  });

  it('leaves no old id anywhere in the JSON', () => {
    for (const journey of examples) {
      const json = JSON.stringify(rekeyJourney(journey).journey);
      for (const id of idsOf(journey)) expect(appearsAsValue(json, id), `${journey.id}: ${id}`).toBe(false);
    }
  });

  it('keeps every reference pointing at the same record', () => {
    for (const journey of examples) {
      const { journey: rekeyed, keys } = rekeyJourney(journey);
      const stage = (id: string) => keys.records.stages.get(id);
      const member = (id: string) => keys.records.members.get(id);
      // Records keep their order, so the nth record is the same one under its new id.
      journey.links.forEach((link, i) => {
        expect(rekeyed.links[i]).toEqual({
          ...link,
          id: rekeyed.links[i]!.id,
          from: stage(link.from),
          to: stage(link.to),
        });
      });
      journey.factors.forEach((factor, i) => {
        expect(rekeyed.factors[i]).toMatchObject({ stageId: stage(factor.stageId), text: factor.text });
      });
      journey.costEvents.forEach((event, i) => {
        expect(rekeyed.costEvents[i]?.stageId).toBe(stage(event.stageId));
        if (event.when?.kind === 'age')
          expect(rekeyed.costEvents[i]?.when).toMatchObject({ memberId: member(event.when.memberId) });
      });
      journey.stages.forEach((s, i) => {
        const now = rekeyed.stages[i]!;
        expect(now.id).toBe(stage(s.id));
        expect(now.words).toBe(s.words);
        if (s.speakerId) expect(now.speakerId).toBe(member(s.speakerId));
        if (s.when?.kind === 'age') expect(now.when).toMatchObject({ memberId: member(s.when.memberId) });
      });
      // Nothing else changes: put the old ids back and it is the journey it was.
      const back = translateJourney(rekeyed, inverse(keys));
      expect(back).toEqual(journey);
    }
  });

  it('keys travel as flat names a device can ask about, and come back as the same keys', () => {
    const [journey] = examples as [Journey];
    const { journey: rekeyed, keys } = rekeyJourney(journey);
    const answered = new Map(flatKeys(keys));
    expect([...answered.keys()].sort()).toEqual(keyNamesOf(journey).sort());
    expect(translateJourney(journey, keysFromFlat(journey.id, answered))).toEqual(rekeyed);
  });

  it('a record added under a random id keeps it, and its references to old records follow', () => {
    const [journey] = examples as [Journey];
    const { keys } = rekeyJourney(journey);
    const oldStage = journey.stages[0]!.id;
    const added = {
      ...journey,
      factors: [
        ...journey.factors,
        { id: 'fc_0123456789abcdef', stageId: oldStage, kind: 'enabler' as const, text: 'A new friend', codes: [] },
      ],
    } as Journey;
    const moved = translateJourney(added, keys);
    expect(moved.factors.at(-1)).toMatchObject({
      id: 'fc_0123456789abcdef',
      stageId: keys.records.stages.get(oldStage),
    });
  });

  it('tells random ids from ids that may hold words', () => {
    expect(isRandomId('st_0a1b2c3d4e5f6g7h')).toBe(true);
    expect(isRandomId('s07-chloe-and-the-older-man')).toBe(false);
    expect(isRandomId('ce08-arrests-jordan')).toBe(false);
  });
});

describe("re-keying a theory of change's evidence", () => {
  it('points every evidence item at the moved journeys, leaving no old id, and validates', () => {
    const toc = smallToc();
    const keysOf = new Map(exampleJourneys().map((j) => [j.id, rekeyJourney(j).keys]));
    const moved = translateToc(toc, keysOf, 't_0123456789abcdef');
    expect(TheoryOfChangeSchema.safeParse(moved).success).toBe(true);
    const json = JSON.stringify(moved);
    for (const journey of exampleJourneys())
      for (const id of idsOf(journey)) expect(appearsAsValue(json, id), id).toBe(false);
    const evidence = [...moved.nodes, ...moved.links].flatMap((e) => e.evidence);
    expect(evidence.length).toBeGreaterThan(0);
    for (const item of evidence) {
      const keys = [...keysOf.values()].find((k) => k.journey.to === item.journeyId)!;
      expect([...keys.records.stages.values()]).toContain(item.stageId);
      if (item.factorId) expect([...keys.records.factors.values()]).toContain(item.factorId);
      if (item.costEventId) expect([...keys.records.costEvents.values()]).toContain(item.costEventId);
    }
  });
});

function inverse(keys: JourneyKeys): JourneyKeys {
  const flip = (map: Map<string, string>) => new Map([...map].map(([a, b]) => [b, a]));
  return {
    journey: { from: keys.journey.to, to: keys.journey.from },
    records: {
      stages: flip(keys.records.stages),
      links: flip(keys.records.links),
      factors: flip(keys.records.factors),
      costEvents: flip(keys.records.costEvents),
      members: flip(keys.records.members),
    },
  };
}
