/** fast-check generator of valid theories of change, references and all. */
import fc from 'fast-check';
import {
  ASSUMPTION_KINDS,
  COST_EVENT_TYPES,
  TheoryOfChangeSchema,
  TOC_NODE_KINDS,
  type AssumptionKind,
  type TheoryOfChange,
} from '../../src/model/index.ts';

const words = fc
  .string({ minLength: 1, maxLength: 40 })
  .map((s) => s.trim())
  .filter((s) => s.length > 0);
const journeys = ['j-a', 'j-b', 'j-c'];

export const tocArb: fc.Arbitrary<TheoryOfChange> = fc
  .record({
    nodeCount: fc.integer({ min: 0, max: 10 }),
    linkCount: fc.integer({ min: 0, max: 12 }),
    indicatorCount: fc.integer({ min: 0, max: 4 }),
    assumptionCount: fc.integer({ min: 0, max: 4 }),
    journeyCount: fc.integer({ min: 0, max: journeys.length }),
    seed: fc.array(fc.nat({ max: 10_000 }), { minLength: 64, maxLength: 64 }),
    titles: fc.array(words, { minLength: 12, maxLength: 12 }),
    texts: fc.array(fc.string({ maxLength: 80 }), { minLength: 12, maxLength: 12 }),
    positions: fc.array(fc.double({ min: -1e5, max: 1e5, noNaN: true }), { minLength: 24, maxLength: 24 }),
  })
  .map((g) => {
    let n = 0;
    const next = (mod: number) => g.seed[n++ % g.seed.length]! % Math.max(mod, 1);
    const chance = () => next(2) === 0;
    const journeyIds = journeys.slice(0, g.journeyCount);
    const evidence = () =>
      journeyIds.length === 0
        ? []
        : Array.from({ length: next(4) }, () => ({
            journeyId: journeyIds[next(journeyIds.length)]!,
            stageId: `s${next(5)}`,
            ...(chance() ? { factorId: `f${next(3)}` } : {}),
            ...(chance() ? { costEventId: `c${next(3)}` } : {}),
          }));
    const text = (i: number) => (g.texts[i % 12]!.trim() === '' ? {} : { text: g.texts[i % 12]! });
    const assumptions = Array.from({ length: g.assumptionCount }, (_, i) => ({
      id: `a${i}`,
      text: g.titles[i]!,
      kind: Object.keys(ASSUMPTION_KINDS)[next(3)] as AssumptionKind,
      risk: (['low', 'medium', 'high'] as const)[next(3)]!,
    }));
    const nodes = Array.from({ length: g.nodeCount }, (_, i) => ({
      id: `n${i}`,
      kind: TOC_NODE_KINDS[next(TOC_NODE_KINDS.length)]!,
      title: g.titles[i]!,
      ...(text(i).text ? { description: text(i).text } : {}),
      evidence: evidence(),
      ...(chance() ? { progress: { scaleId: 'scale', to: 2 + next(4) } } : {}),
      reduces: [...new Set(Array.from({ length: next(3) }, () => COST_EVENT_TYPES[next(COST_EVENT_TYPES.length)]!))],
      codes: [...new Set(Array.from({ length: next(3) }, () => `code-${next(4)}`))],
      ...(chance() ? { position: { x: g.positions[i]!, y: g.positions[i + 12]! } } : {}),
    }));
    const nodeId = () => nodes[next(nodes.length)]!.id;
    const links =
      nodes.length < 2
        ? []
        : Array.from({ length: g.linkCount }, (_, i) => ({
            id: `l${i}`,
            from: nodeId(),
            to: nodeId(),
            ...(text(i + 5).text ? { rationale: text(i + 5).text } : {}),
            interventions: [...new Set(Array.from({ length: next(3) }, (_, j) => g.titles[(i + j) % 12]!.trim()))],
            assumptionIds: assumptions.length === 0 ? [] : [...new Set([assumptions[next(assumptions.length)]!.id])],
            ...(chance() ? { confidence: (['low', 'medium', 'high'] as const)[next(3)]! } : {}),
            evidence: evidence(),
          }))
            // One link per ordered pair of distinct nodes, as the model requires.
            .filter((l, i, all) => l.from !== l.to && all.findIndex((o) => o.from === l.from && o.to === l.to) === i);
    const indicators =
      nodes.length === 0
        ? []
        : Array.from({ length: g.indicatorCount }, (_, i) => ({
            id: `i${i}`,
            nodeId: nodeId(),
            title: g.titles[(i + 2) % 12]!,
            measure: 'unit' as const,
            ...(chance() ? { target: { value: next(100) } } : {}),
            ...(chance() ? { population: g.titles[(i + 3) % 12]! } : {}),
            ...(chance() ? { threshold: { comment: g.titles[(i + 4) % 12]! } } : {}),
            ...(chance() ? { timeline: g.titles[(i + 5) % 12]! } : {}),
            ...(chance() ? { baseline: { year: 2010 + next(10), value: next(50) } } : {}),
            ...(chance() ? { costEventType: COST_EVENT_TYPES[next(COST_EVENT_TYPES.length)]! } : {}),
            ...(chance() ? { progressLevel: 1 + next(5) } : {}),
          }));
    return TheoryOfChangeSchema.parse({
      schemaVersion: 1,
      id: 'toc',
      title: g.titles[11]!,
      journeyIds,
      nodes,
      links,
      indicators,
      assumptions,
      ...(chance() ? { summary: g.titles[10]! } : {}),
      ...(chance() ? { scaleId: 'scale' } : {}),
      ...(chance()
        ? { provenance: { method: 'turning-points-draft-1', draftedOn: '2026-01-01', minFamilies: 1 + next(3) } }
        : {}),
    });
  });
