import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { migrateJourney, migrationsFrom } from '../../../src/migrations/migrate.ts';
import { MIGRATIONS } from '../../../src/migrations/registry.ts';
import { CURRENT_SCHEMA_VERSION } from '../../../src/model/index.ts';

const fixturesDir = new URL('../../fixtures/migrations/', import.meta.url);
const fixtures = readdirSync(fixturesDir)
  .filter((name) => /^v\d+\.json$/.test(name))
  .map((name) => ({
    name,
    json: JSON.parse(readFileSync(new URL(name, fixturesDir), 'utf8')) as Record<string, unknown>,
  }));

describe('migrateJourney', () => {
  it('refuses what is not a journey object', () => {
    expect(migrateJourney([1, 2])).toEqual({
      ok: false,
      issues: [{ path: '$', message: 'must be a JSON object (a journey)' }],
    });
  });

  it('refuses a missing, unknown or newer schemaVersion', () => {
    const missing = migrateJourney({ id: 'x' });
    const unknown = migrateJourney({ schemaVersion: 'two' });
    const newer = migrateJourney({ schemaVersion: CURRENT_SCHEMA_VERSION + 1 });
    expect(missing.ok || missing.issues[0]).toMatchObject({
      path: '$.schemaVersion',
      message: expect.stringMatching(/is missing/),
    });
    expect(unknown.ok || unknown.issues[0]).toMatchObject({
      path: '$.schemaVersion',
      message: expect.stringMatching(/unknown schemaVersion "two"/),
    });
    expect(newer.ok || newer.issues[0]).toMatchObject({
      path: '$.schemaVersion',
      message: expect.stringMatching(/newer than this version/),
    });
  });

  it('takes the version 1 fixture to the current version', () => {
    const v1 = fixtures.find((f) => f.name === 'v1.json')!.json;
    const result = migrateJourney(v1);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.applied).toEqual(['001-structured-when-and-feeling', '002-shared-headlines-and-factors']);
    const { stages } = result.journey;
    expect(stages.map((s) => s.when)).toEqual([
      { kind: 'year', year: 2013 },
      { kind: 'month', month: '2014-02' },
      { kind: 'date', date: '2014-06-02' },
      { kind: 'phrase', text: 'the summer Kai turned 15' },
      undefined,
    ]);
    expect(stages.map((s) => s.feeling)).toEqual(['very-low', 'low', 'mixed', 'very-high', undefined]);
  });

  it('takes the version 2 fixture to version 3 with its content unchanged (the change is in the live layout)', () => {
    const v2 = fixtures.find((f) => f.name === 'v2.json')!.json;
    const result = migrateJourney(v2);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.applied).toEqual(['002-shared-headlines-and-factors']);
    const { stages, factors } = v2 as { stages: { title: string }[]; factors: { text: string }[] };
    expect(result.journey.schemaVersion).toBe(3);
    expect(result.journey.stages.map((stage) => stage.title).sort()).toEqual(stages.map((stage) => stage.title).sort());
    expect(result.journey.factors.map((factor) => factor.text).sort()).toEqual(factors.map((f) => f.text).sort());
  });

  it('never changes its input', () => {
    const v1 = fixtures.find((f) => f.name === 'v1.json')!.json;
    const before = JSON.stringify(v1);
    migrateJourney(v1);
    expect(JSON.stringify(v1)).toBe(before);
  });

  it('reports bad old input at its path instead of crashing', () => {
    const v1 = structuredClone(fixtures.find((f) => f.name === 'v1.json')!.json);
    (v1.stages as Record<string, unknown>[])[1]!.feeling = 9;
    const result = migrateJourney(v1);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]?.path).toBe('$.stages[1].feeling');
  });

  it('leaves a current journey untouched by migrations', () => {
    const v1 = fixtures.find((f) => f.name === 'v1.json')!.json;
    const migrated = migrateJourney(v1);
    if (!migrated.ok) throw new Error('fixture must migrate');
    const again = migrateJourney(JSON.parse(JSON.stringify(migrated.journey)));
    expect(again).toEqual({ ok: true, journey: migrated.journey, applied: [] });
  });
});

describe('the migration chain (meta-test)', () => {
  it('has one migration per version step, numbered from 1 without gaps', () => {
    expect(MIGRATIONS.map((m) => m.from)).toEqual(Array.from({ length: CURRENT_SCHEMA_VERSION - 1 }, (_, i) => i + 1));
    expect(new Set(MIGRATIONS.map((m) => m.name)).size).toBe(MIGRATIONS.length);
  });

  it('has a real fixture for every past version', () => {
    const versions = fixtures.map((f) => f.json.schemaVersion).sort();
    expect(versions).toEqual(Array.from({ length: CURRENT_SCHEMA_VERSION - 1 }, (_, i) => i + 1));
  });

  it('ran every registered migration on some fixture', () => {
    const ran = new Set<string>();
    for (const { name, json } of fixtures) {
      const result = migrateJourney(json);
      if (!result.ok) throw new Error(`${name} does not migrate: ${JSON.stringify(result.issues)}`);
      result.applied.forEach((m) => ran.add(m));
    }
    const never = MIGRATIONS.map((m) => m.name).filter((name) => !ran.has(name));
    expect(never, 'migrations that no fixture exercised').toEqual([]);
  });

  it('orders the steps from any version', () => {
    expect(migrationsFrom(CURRENT_SCHEMA_VERSION)).toEqual([]);
    expect(migrationsFrom(1).map((m) => m.from)).toEqual(MIGRATIONS.map((m) => m.from));
  });
});
