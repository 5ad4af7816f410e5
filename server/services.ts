/**
 * What the server hands to pages and endpoints (through Astro's `locals`): opened once at
 * start-up, closed at shutdown. Pages never open storage themselves.
 */
import { GrantEnds } from './auth/grant-ends.ts';
import { loadSecret } from './auth/secret.ts';
import type { Config } from './config.ts';
import { loadReferenceData, type ReferenceData } from './reference-data.ts';
import { seedJourneys, type SeedReport } from './journey-library.ts';
import type { DocumentStore } from './storage/document-store.ts';
import { openSqliteStore } from './storage/sqlite-store.ts';

export interface Services {
  config: Config;
  store: DocumentStore;
  /** Signs and checks tokens and sessions. Never logged, never sent. */
  secret: Buffer;
  /** Unit-cost tables and the deflator series. */
  reference: ReferenceData;
  /** Where signing out is announced, so open rooms close what the session opened. */
  grantEnds: GrantEnds;
}

export async function openServices(config: Config): Promise<{ services: Services; seeded: SeedReport }> {
  const store = await openSqliteStore(config.dataDir);
  const seeded = await seedJourneys(store, config.journeysDir);
  const secret = loadSecret(config.dataDir, config.secret);
  const reference = loadReferenceData(await store.listReferenceTables());
  return { services: { config, store, secret, reference, grantEnds: new GrantEnds() }, seeded };
}
