/**
 * SYNC2 (recovery): an update that decodes but makes Yjs throw while applying it. Such a throw
 * can wedge a Yjs document so that it applies later changes without reporting them: the room
 * would then stop storing and sharing while everyone's edits seemed to go through. The server
 * must close only the sender (4400), rebuild the room's document from storage, and carry on.
 *
 * The room's document is built with a pinned client id so the recorded updates
 * (test/fixtures/wedging-updates.ts) line up with its clocks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { openSqliteStore } from '../../server/storage/sqlite-store.ts';
import { editStage, readJourney, userOrigin } from '../../src/doc/index.ts';
import { JourneySchema, type Journey } from '../../src/model/index.ts';
import { CLOSE_CODES, decodeStateVector, MESSAGE_SYNC } from '../../src/protocol/index.ts';
import { WEDGED_DOC_CLIENT_ID, WEDGING_UPDATES, wedgedDocUpdate } from '../fixtures/wedging-updates.ts';
import { exchange, rawSocket, root, synced, token, useServer, waitFor } from './harness.ts';

const journey: Journey = JourneySchema.parse(
  JSON.parse(readFileSync(join(root, 'journeys/slf-isolated-family.json'), 'utf8')),
);
const ROOM = journey.id;
const wedgingUpdates = WEDGING_UPDATES.map((base64) => new Uint8Array(Buffer.from(base64, 'base64')));

/** The room's document as the fixture expects it (in the version-2 layout it was found in). */
function pinnedDoc(): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = WEDGED_DOC_CLIENT_ID;
  Y.applyUpdate(doc, wedgedDocUpdate());
  return doc;
}

/** Apply the fixture, swallowing Yjs's throws as a careless server would. */
function applyWedgingUpdates(doc: Y.Doc): number {
  let throws = 0;
  for (const update of wedgingUpdates) {
    try {
      Y.applyUpdate(doc, update);
    } catch {
      throws += 1;
    }
  }
  return throws;
}

const clocksOf = (doc: Y.Doc) => [...decodeStateVector(Y.encodeStateVector(doc)).entries()].sort(([a], [b]) => a - b);

const updateMessage = (update: Uint8Array) => {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
};

const server = useServer(
  {},
  {
    async prepare(dataDir) {
      const store = await openSqliteStore(dataDir);
      try {
        // Stored before the server seeds the examples, so the seed leaves it alone.
        await store.create({
          docId: ROOM,
          kind: 'journey',
          update: Y.encodeStateAsUpdate(pinnedDoc()),
          readModel: JSON.stringify(journey),
        });
        // A wedged room, not a store to move to random ids (test/server/move-ids.test.ts): the
        // move is marked done, so the room keeps the id its fixture was found under.
        await store.families.markStepDone('random-ids-v1');
      } finally {
        await store.close();
      }
    },
  },
);

const participant = () => server.client(ROOM, 'participant');

describe('an update Yjs cannot apply', () => {
  it('the fixture still wedges a bare Yjs document (so the test below tests something)', () => {
    const doc = pinnedDoc();
    expect(applyWedgingUpdates(doc)).toBeGreaterThan(0);
    // A genuine change from someone else is applied, but reported to nobody.
    const editor = new Y.Doc();
    Y.applyUpdate(editor, Y.encodeStateAsUpdate(pinnedDoc()));
    const changes: Uint8Array[] = [];
    editor.on('update', (update: Uint8Array) => changes.push(update));
    const stageId = readJourney(editor).journey.stages[2]!.id;
    editStage(editor, stageId, { title: 'Edited' }, userOrigin('t'));
    let reported = 0;
    doc.on('update', () => (reported += 1));
    Y.applyUpdate(doc, changes[0]!);
    expect(readJourney(doc).journey.stages.find((stage) => stage.id === stageId)!.title).toBe('Edited');
    expect(reported).toBe(0);
  });

  it('SYNC2 STORE1: closes only the sender (4400); the room goes on storing and sharing', async () => {
    const bystander = participant();
    const writer = participant();
    await Promise.all([synced(bystander), synced(writer)]);
    const bystanderCloses: number[] = [];
    bystander.provider.on('connection-close', (event) => bystanderCloses.push(event?.code ?? -1));

    const outcomes: number[] = [];
    let socket = await rawSocket(server.current, ROOM, token(server.current, ROOM, 'participant'));
    for (const update of wedgingUpdates) {
      const outcome = await exchange(socket, updateMessage(update));
      if (outcome.closed) {
        outcomes.push(outcome.code);
        socket = await rawSocket(server.current, ROOM, token(server.current, ROOM, 'participant'));
      }
    }
    socket.close();
    expect(outcomes.length).toBeGreaterThan(0);
    expect(outcomes.every((code) => code === CLOSE_CODES.badMessage)).toBe(true);

    // A genuine change after it reaches the others, and is stored.
    const stageId = readJourney(writer.doc).journey.stages[1]!.id;
    editStage(writer.doc, stageId, { title: 'Moving to Hinckley' }, userOrigin('writer'));
    await waitFor(
      () => readJourney(bystander.doc).journey.stages[1]!.title === 'Moving to Hinckley',
      5000,
      'the bystander to see the writer’s change',
    );
    await waitFor(
      () => JSON.stringify(clocksOf(bystander.doc)) === JSON.stringify(clocksOf(writer.doc)),
      5000,
      'the bystander and the writer to hold the same changes',
    );
    expect(bystanderCloses).toEqual([]);
    expect(bystander.provider.wsconnected).toBe(true);

    const joiner = participant();
    await synced(joiner);
    expect(clocksOf(joiner.doc)).toEqual(clocksOf(bystander.doc));
    expect(readJourney(joiner.doc).journey).toEqual(readJourney(bystander.doc).journey);

    // What the others hold is what was stored: a restart serves the same document.
    const held = { clocks: clocksOf(bystander.doc), journey: readJourney(bystander.doc).journey };
    // The log names the room and what happened, not what anyone wrote.
    const log = server.current.output();
    expect(log).toContain('reloaded from storage');
    expect(log).toContain(ROOM);
    expect(log).not.toContain('Moving to Hinckley');
    server.destroyClients();
    expect(await server.restart()).toBe(0);
    const afterRestart = participant();
    await synced(afterRestart);
    expect(clocksOf(afterRestart.doc)).toEqual(held.clocks);
    expect(readJourney(afterRestart.doc).journey).toEqual(held.journey);
  });
});
