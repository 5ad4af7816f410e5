/**
 * Bring an old journey document up to the current schemaVersion: once, on the server, in one
 * transaction with the migration origin. Running it again changes nothing. A document newer
 * than this code is left alone (clients open it read-only).
 */
import type * as Y from 'yjs';
import { migrateJourney } from '../../migrations/migrate.ts';
import { CURRENT_SCHEMA_VERSION } from '../../model/journey.ts';
import type { ValidationIssue } from '../../model/validation-issue.ts';
import { journeyMaps } from './layout.ts';
import { MIGRATION_ORIGIN } from '../origins.ts';
import { rawJourneyJson } from './raw.ts';
import { writeJourney } from './write.ts';

export type DocMigration =
  | { outcome: 'current' }
  | { outcome: 'newer'; version: number }
  | { outcome: 'migrated'; applied: string[] }
  | { outcome: 'failed'; issues: ValidationIssue[] };

export function docSchemaVersion(doc: Y.Doc): unknown {
  return journeyMaps(doc).meta.get('schemaVersion');
}

export function migrateDoc(doc: Y.Doc): DocMigration {
  const version = docSchemaVersion(doc);
  if (version === CURRENT_SCHEMA_VERSION) return { outcome: 'current' };
  if (typeof version === 'number' && version > CURRENT_SCHEMA_VERSION) return { outcome: 'newer', version };
  const result = migrateJourney(rawJourneyJson(doc));
  // A document that cannot be migrated whole is not written at all: nothing half-migrated.
  if (!result.ok) return { outcome: 'failed', issues: result.issues };
  writeJourney(doc, result.journey, MIGRATION_ORIGIN);
  return { outcome: 'migrated', applied: result.applied };
}
