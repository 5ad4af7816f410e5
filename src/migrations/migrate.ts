/**
 * Unknown JSON → the latest Journey: check the version, run each migration in turn, validate.
 * Never throws for bad input; every problem comes back with its JSON path.
 */
import { CURRENT_SCHEMA_VERSION, JourneySchema, type Journey } from '../model/journey.ts';
import { issuesFrom, type ValidationIssue } from '../model/validation-issue.ts';
import type { Migration } from './migration.ts';
import { MIGRATIONS } from './registry.ts';

export type MigrationResult =
  { ok: true; journey: Journey; applied: string[] } | { ok: false; issues: ValidationIssue[] };

const fail = (path: string, message: string): MigrationResult => ({ ok: false, issues: [{ path, message }] });

/** The migrations that take version `from` to the current one, in order. */
export function migrationsFrom(from: number, migrations: readonly Migration[] = MIGRATIONS): Migration[] {
  return migrations.filter((m) => m.from >= from).sort((a, b) => a.from - b.from);
}

export function migrateJourney(raw: unknown): MigrationResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail('$', 'must be a JSON object (a journey)');
  }
  const version = (raw as Record<string, unknown>).schemaVersion;
  if (version === undefined)
    return fail('$.schemaVersion', 'is missing (every journey file says which version of the format it uses)');
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return fail(
      '$.schemaVersion',
      `unknown schemaVersion ${JSON.stringify(version)}: must be a whole number from 1 to ${CURRENT_SCHEMA_VERSION}`,
    );
  }
  if (version > CURRENT_SCHEMA_VERSION) {
    return fail(
      '$.schemaVersion',
      `schemaVersion ${version} is newer than this version of Turning Points understands (up to ${CURRENT_SCHEMA_VERSION}); update Turning Points to read it`,
    );
  }

  let document = raw as Record<string, unknown>;
  const applied: string[] = [];
  for (const migration of migrationsFrom(version)) {
    const checked = migration.input.safeParse(document);
    if (!checked.success) return { ok: false, issues: issuesFrom(checked.error) };
    document = migration.up(document);
    applied.push(migration.name);
  }

  const parsed = JourneySchema.safeParse(document);
  if (!parsed.success) return { ok: false, issues: issuesFrom(parsed.error) };
  return { ok: true, journey: parsed.data, applied };
}
