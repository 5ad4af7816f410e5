/** STORE4, STORE7 and the logging rule (server/SPEC.md): shutdown loses nothing, logs hold no secrets. */
import type * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadJourney } from '../../server/journey-library.ts';
import { openSqliteStore } from '../../server/storage/sqlite-store.ts';
import { setWords, userOrigin } from '../../src/doc/index.ts';
import type { StageId } from '../../src/model/index.ts';
import {
  connect,
  removeDir,
  startServer,
  stopServer,
  synced,
  tempDataDir,
  token,
  waitFor,
  exampleId,
} from './harness.ts';

const EXAMPLE = 'life-swindon-chronic-crisis';
let dataDir: string;

beforeAll(() => {
  dataDir = tempDataDir();
});
afterAll(() => removeDir(dataDir));

describe('shutdown and logs', () => {
  it('STORE7 STORE4: SIGTERM closes rooms with 1001, stores the read model and exits 0; logs carry no tokens or words', async () => {
    const server = await startServer(dataDir, { LOG_LEVEL: 'debug' });
    const DOC = exampleId(server, EXAMPLE);
    const access = token(server, DOC, 'participant');
    const client = connect(server, DOC, access, { ack: true });
    await synced(client);
    const words = 'Nobody else knows this sentence, it must never reach a log';
    // The example's first stage, under the id it is stored with.
    const stage = [...client.doc.getMap('stages').keys()].find(
      (id) =>
        (client.doc.getMap('stages').get(id) as Y.Map<unknown>).get('title')?.toString() === 'Low after Mia was born',
    ) as StageId;
    setWords(client.doc, stage, words, userOrigin('test'));
    await waitFor(() => (client.stored.get(client.doc.clientID) ?? 0) > 0, 5000, 'stored');

    const closeCode = new Promise<number>((resolve) =>
      client.provider.on('connection-close', (event: CloseEvent | null) => resolve(event?.code ?? 0)),
    );
    expect(await stopServer(server)).toBe(0);
    expect(await closeCode).toBe(1001);
    client.destroy();

    const store = await openSqliteStore(dataDir);
    try {
      const readModel = JSON.parse((await store.getReadModel(DOC))!.json) as {
        stages: { id: string; words: string }[];
      };
      expect(readModel.stages.find((s) => s.id === stage)?.words).toBe(words);
      expect((await loadJourney(store, DOC))?.journey.stages.find((s) => s.id === stage)?.words).toBe(words);
    } finally {
      await store.close();
    }

    const log = server.output();
    expect(log).toMatch(/"msg":"shutting down"/);
    expect(log).not.toContain(access);
    expect(log).not.toContain(access.split('.')[1]);
    expect(log).not.toContain(words);
    expect(log).not.toContain('Dawn');
  });
});
