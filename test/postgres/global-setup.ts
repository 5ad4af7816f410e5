/**
 * Vitest's global setup: one throwaway PostgreSQL for the whole run, started before the first test
 * file and stopped after the last. Tests read its URL with `inject('postgresUrl')` and make their
 * own database on it with `freshDatabase`.
 */
import type { TestProject } from 'vitest/node';
import { startThrowawayPostgres } from './throwaway.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The superuser's URL to the run's throwaway server (database `postgres`). */
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const postgres = await startThrowawayPostgres();
  project.provide('postgresUrl', postgres.url);
  return () => postgres.stop();
}
