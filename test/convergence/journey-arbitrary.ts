/** fast-check generator of valid journeys, references and all. */
import fc from 'fast-check';
import {
  AGE_BANDS,
  COST_EVENT_TYPES,
  CURRENT_SCHEMA_VERSION,
  FAMILY_ROLES,
  FEELINGS,
  JourneySchema,
  SERVICE_KEYS,
  VOICES,
  type Journey,
} from '../../src/model/index.ts';

const words = fc
  .string({ minLength: 1, maxLength: 40 })
  .map((s) => s.trim())
  .filter((s) => s.length > 0);
const anyText = fc.string({ maxLength: 200 });

export const journeyArb: fc.Arbitrary<Journey> = fc
  .record({
    stageCount: fc.integer({ min: 0, max: 12 }),
    memberCount: fc.integer({ min: 0, max: 4 }),
    codeCount: fc.integer({ min: 0, max: 4 }),
    seed: fc.array(fc.nat({ max: 10_000 }), { minLength: 64, maxLength: 64 }),
    titles: fc.array(words, { minLength: 12, maxLength: 12 }),
    texts: fc.array(anyText, { minLength: 12, maxLength: 12 }),
    // A journey comes from JSON, which has no -0 (the document keeps a -0 it is given; JSON reads 0).
    orders: fc.array(
      fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((order) => order + 0),
      { minLength: 12, maxLength: 12 },
    ),
    linkCount: fc.integer({ min: 0, max: 8 }),
    factorCount: fc.integer({ min: 0, max: 8 }),
    costCount: fc.integer({ min: 0, max: 8 }),
  })
  .map((g) => {
    let n = 0;
    const next = (mod: number) => g.seed[n++ % g.seed.length]! % Math.max(mod, 1);
    const members = Array.from({ length: g.memberCount }, (_, i) => ({
      id: `m${i}`,
      pseudonym: g.titles[i]!,
      role: FAMILY_ROLES[next(FAMILY_ROLES.length)]!,
      ageBand: AGE_BANDS[next(AGE_BANDS.length)]!,
    }));
    const codes = Array.from({ length: g.codeCount }, (_, i) => ({ id: `code-${i}`, label: g.titles[i + 4]! }));
    const stages = Array.from({ length: g.stageCount }, (_, i) => ({
      id: `s${i}`,
      title: g.titles[i]!,
      words: g.texts[i]!,
      voice: VOICES[next(VOICES.length)]!,
      ...(members.length > 0 && next(2) === 0 ? { speakerId: members[next(members.length)]!.id } : {}),
      ...(next(2) === 0 ? { when: { kind: 'year' as const, year: 1990 + next(30) } } : {}),
      ...(members.length > 0 && next(3) === 0
        ? { when: { kind: 'age' as const, memberId: members[next(members.length)]!.id, years: next(18) } }
        : {}),
      order: g.orders[i]!,
      ...(next(2) === 0 ? { feeling: FEELINGS[next(FEELINGS.length)]! } : {}),
      ...(next(2) === 0 ? { progress: { level: 1 + next(5), ratedBy: 'worker' as const } } : {}),
      services: [...new Set(Array.from({ length: next(3) }, () => SERVICE_KEYS[next(SERVICE_KEYS.length)]!))],
      codes: codes.length > 0 && next(2) === 0 ? [codes[next(codes.length)]!.id] : [],
    }));
    const stageId = () => stages[next(stages.length)]!.id;
    const links =
      stages.length < 2
        ? []
        : Array.from({ length: g.linkCount }, (_, i) => ({
            id: `l${i}`,
            from: stageId(),
            to: stageId(),
            ...(next(2) === 0 ? { label: g.titles[(i + 5) % 12]! } : {}),
          }))
            // One link per ordered pair of distinct stages, as the model requires.
            .filter((l, i, all) => l.from !== l.to && all.findIndex((o) => o.from === l.from && o.to === l.to) === i);
    const factors =
      stages.length === 0
        ? []
        : Array.from({ length: g.factorCount }, (_, i) => ({
            id: `f${i}`,
            stageId: stageId(),
            kind: next(2) === 0 ? ('enabler' as const) : ('barrier' as const),
            text: g.titles[(i + 3) % 12]!,
            codes: [],
          }));
    const costEvents =
      stages.length === 0
        ? []
        : Array.from({ length: g.costCount }, (_, i) => ({
            id: `c${i}`,
            stageId: stageId(),
            type: COST_EVENT_TYPES[next(COST_EVENT_TYPES.length)]!,
            quantity: 1 + next(20),
            period: (['before', 'during', 'after'] as const)[next(3)]!,
            agencyId: 'police',
            evidence: 'estimate' as const,
            ...(next(2) === 0 ? { when: { kind: 'year' as const, year: 1990 + next(30) } } : {}),
            ...(next(2) === 0 ? { note: g.titles[(i + 7) % 12]! } : {}),
            unitCost:
              next(2) === 0
                ? { kind: 'reference' as const, table: 'gmca-ucd-v1.4-sample', code: 'CR1.1' }
                : {
                    kind: 'override' as const,
                    amountGbp: next(5000),
                    priceYear: '2015/16',
                    unit: 'each' as const,
                    source: 'Local finance team',
                  },
          }));
    return JourneySchema.parse({
      schemaVersion: CURRENT_SCHEMA_VERSION,
      id: 'generated',
      title: g.titles[0],
      ...(next(2) === 0 ? { summary: g.titles[2] } : {}),
      ...(next(2) === 0 ? { support: { programme: g.titles[3], startMonth: '2010-09' } } : {}),
      ...(next(2) === 0 ? { provenance: { synthetic: true, basedOn: g.titles[4] } } : {}),
      family: { pseudonym: g.titles[1], members },
      stages,
      links,
      factors,
      costEvents,
      codes,
    });
  });
