/**
 * The generators reach every optional field. A convergence test only checks what its generator
 * makes: a field the schema gained and the generator never sets would go through every
 * property test untested. Each optional field of each record must be set in some generated
 * document, and left out in some other.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod/mini';
import {
  AssumptionSchema,
  CostEventSchema,
  FactorSchema,
  FamilyMemberSchema,
  IndicatorSchema,
  JourneySchema,
  LinkSchema,
  StageSchema,
  TheoryOfChangeSchema,
  TocLinkSchema,
  TocNodeSchema,
  type Journey,
  type TheoryOfChange,
} from '../../src/model/index.ts';
import { journeyArb } from './journey-arbitrary.ts';
import { tocArb } from './toc-arbitrary.ts';

const SEED = 20261204;
const SAMPLES = 300;

type ObjectSchema = { shape: Record<string, z.ZodMiniType> };

/** The keys of an object schema whose field may be left out (optional, not defaulted). */
function optionalKeys(schema: ObjectSchema): string[] {
  return Object.entries(schema.shape)
    .filter(([, field]) => (field as unknown as { def: { type: string } }).def.type === 'optional')
    .map(([key]) => key);
}

/** Optional keys never set, and never left out, across these records. */
function uncovered(schema: ObjectSchema, records: readonly object[]): { neverSet: string[]; neverLeftOut: string[] } {
  const keys = optionalKeys(schema);
  return {
    neverSet: keys.filter((key) => !records.some((record) => (record as Record<string, unknown>)[key] !== undefined)),
    neverLeftOut: keys.filter((key) =>
      records.every((record) => (record as Record<string, unknown>)[key] !== undefined),
    ),
  };
}

/** Sampled with a fixed seed, so a failure names the same fields on every run. */
const sample = <T>(arb: fc.Arbitrary<T>) => fc.sample(arb, { seed: SEED, numRuns: SAMPLES });

describe('the generators cover every optional field (seed 20261204)', () => {
  const journeys: Journey[] = sample(journeyArb);
  const tocs: TheoryOfChange[] = sample(tocArb);
  const records: [string, ObjectSchema, object[]][] = [
    ['journey', JourneySchema, journeys],
    ['family member', FamilyMemberSchema, journeys.flatMap((j) => j.family.members)],
    ['stage', StageSchema, journeys.flatMap((j) => j.stages)],
    ['link', LinkSchema, journeys.flatMap((j) => j.links)],
    ['factor', FactorSchema, journeys.flatMap((j) => j.factors)],
    ['cost event', CostEventSchema, journeys.flatMap((j) => j.costEvents)],
    ['theory of change', TheoryOfChangeSchema, tocs],
    ['step', TocNodeSchema, tocs.flatMap((t) => t.nodes)],
    ['step link', TocLinkSchema, tocs.flatMap((t) => t.links)],
    ['indicator', IndicatorSchema, tocs.flatMap((t) => t.indicators)],
    ['assumption', AssumptionSchema, tocs.flatMap((t) => t.assumptions)],
  ];

  /** Fields exports compute and the document never holds, so no document can have them. */
  const NOT_STORED: Record<string, string[]> = {
    step: ['families'],
    'step link': ['families'],
    // Only journey files carry consent; the live document never holds it (a server record).
    journey: ['consent'],
  };

  it.each(records)('%s', (name, schema, generated) => {
    expect(generated.length).toBeGreaterThan(0);
    const { neverSet, neverLeftOut } = uncovered(schema, generated);
    const computed = NOT_STORED[name] ?? [];
    expect({ neverSet: neverSet.filter((key) => !computed.includes(key)), neverLeftOut }).toEqual({
      neverSet: [],
      neverLeftOut: [],
    });
  });
});
