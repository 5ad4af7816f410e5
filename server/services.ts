/**
 * What the server hands to pages and endpoints (through Astro's `locals`): opened once at
 * start-up, closed at shutdown. Pages never open storage themselves.
 */
import { GrantEnds } from './auth/grant-ends.ts';
import { loadSecret } from './auth/secret.ts';
import type { Config } from './config.ts';
import { placeEveryDocument } from './auth/projects.ts';
import { MemorySigninThrottle, type SigninThrottle } from './auth/signin-throttle.ts';
import { PgSigninThrottle } from './auth/pg-signin-throttle.ts';
import { MemoryPasskeyChallenges, type PasskeyChallenges } from './auth/passkey-challenges.ts';
import { PgPasskeyChallenges } from './auth/pg-passkey-challenges.ts';
import { ErasureChannel } from './rooms/erasure-channel.ts';
import { loadReferenceData, type ReferenceData } from './reference-data.ts';
import { adoptDocuments } from './families/adopt-documents.ts';
import { moveCostsOut } from './costs/move-costs-out.ts';
import { moveToRandomIds } from './families/move-ids.ts';
import { seedJourneys, type SeedReport } from './journey-library.ts';
import { warmCohortViews } from './research/cohort-journeys.ts';
import { seedSyntheticFamilies } from './research/synthetic-families.ts';
import type { DocumentStore } from './storage/document-store.ts';
import { openSqliteStore } from './storage/sqlite-store.ts';
import { openPgStore, type PgStore } from './storage/pg-store.ts';

export interface Services {
  config: Config;
  store: DocumentStore;
  /** Signs and checks grant tokens. Never logged, never sent. */
  secret: Buffer;
  /** Unit-cost tables and the deflator series. */
  reference: ReferenceData;
  /** Where ended sessions and revoked grants are announced, so open rooms close what they opened. */
  grantEnds: GrantEnds;
  /** Where an erasure reaches the live rooms: they close its documents' connections and refuse new ones. */
  erasures: ErasureChannel;
  /** Failed password sign-ins, per account and per address, to slow guessing. */
  signinThrottle: SigninThrottle;
  /** Passkey challenges handed out and not yet answered. */
  passkeyChallenges: PasskeyChallenges;
  /** Set when several processes share a PostgreSQL database (DATABASE_URL): the store, seen as that. */
  shared?: PgStore;
}

/** The embedded SQLite store under DATA_DIR, or PostgreSQL when DATABASE_URL is set. */
export async function openStore(config: Pick<Config, 'dataDir' | 'databaseUrl'>): Promise<DocumentStore> {
  return config.databaseUrl ? openPgStore(config.databaseUrl) : openSqliteStore(config.dataDir);
}

/**
 * The one-time steps and the examples, run by one process at a time: processes sharing a
 * PostgreSQL database and starting together must not both load the examples.
 */
async function oneAtATime<T>(store: DocumentStore, steps: () => Promise<T>): Promise<T> {
  const shared = 'engine' in store ? (store as PgStore) : undefined;
  return shared ? shared.exclusively(steps) : steps();
}

export async function openServices(config: Config): Promise<{ services: Services; seeded: SeedReport }> {
  const store = await openStore(config);
  const shared = 'engine' in store ? (store as PgStore) : undefined;
  const secret = loadSecret(config.dataDir, config.secret);
  const seeded = await oneAtATime(store, async () => {
    // Documents stored before projects existed join the default project, and before families were
    // records, a family each; the examples are loaded into the default project once.
    const defaultProject = await placeEveryDocument(store.access);
    await adoptDocuments(store, defaultProject.id);
    // Then documents whose ids carry words move to random ids, once (families/move-ids.ts).
    await moveToRandomIds(store, secret);
    // Then cost events leave journeys' shared documents for their staff-only companions, once (COSTS5).
    await moveCostsOut(store);
    const report = await seedJourneys(store, config.journeysDir, defaultProject.id);
    // Beside the examples, once: synthetic families' profiles to try the research pages on.
    await seedSyntheticFamilies(store, defaultProject.id);
    return report;
  });
  const reference = loadReferenceData(await store.listReferenceTables());
  // What the cohort pages keep fills in the background, a slice at a time, never awaited: the
  // server is ready at once, and the first cohort page after a restart need not read every journey.
  setImmediate(() => void warmCohortViews(store, reference));
  return {
    services: {
      config,
      store,
      secret,
      reference,
      grantEnds: new GrantEnds(),
      erasures: new ErasureChannel(),
      // Shared by every process when they share a database: a guess or a challenge may reach any of them.
      ...(shared
        ? {
            signinThrottle: new PgSigninThrottle(shared.pool),
            passkeyChallenges: new PgPasskeyChallenges(shared.pool),
            shared,
          }
        : { signinThrottle: new MemorySigninThrottle(), passkeyChallenges: new MemoryPasskeyChallenges() }),
    },
    seeded,
  };
}
