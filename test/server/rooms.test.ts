/** SYNC and AWARE rules (server/SPEC.md) with stock y-websocket clients against a real server. */
import { describe, expect, it, beforeAll } from 'vitest';
import * as Y from 'yjs';
import { editStage, readJourney, userOrigin } from '../../src/doc/index.ts';
import { decodeStateVector, isStored } from '../../src/protocol/index.ts';
import { connect, synced, token, useServer, waitFor, exampleId } from './harness.ts';

let DOC = '';
const running = useServer();
beforeAll(() => {
  DOC = exampleId(running.current, 'slf-isolated-family');
});

describe('live rooms', () => {
  it('SYNC1 SYNC2: two stock clients co-edit and converge; a third joins later and receives everything', async () => {
    const a = connect(running.current, DOC, token(running.current, DOC, 'participant'));
    const b = connect(running.current, DOC, token(running.current, DOC, 'facilitator'));
    await Promise.all([synced(a), synced(b)]);
    expect(readJourney(a.doc).journey.title).toMatch(/Holt family/);

    const first = readJourney(a.doc).journey.stages[0]!.id;
    const second = readJourney(a.doc).journey.stages[1]!.id;
    editStage(a.doc, first, { title: 'Edited by A' }, userOrigin('a'));
    editStage(b.doc, second, { title: 'Edited by B' }, userOrigin('b'));
    await waitFor(() => readJourney(a.doc).journey.stages[1]!.title === 'Edited by B', 5000, 'B’s edit at A');
    await waitFor(() => readJourney(b.doc).journey.stages[0]!.title === 'Edited by A', 5000, 'A’s edit at B');
    expect(Y.encodeStateVector(a.doc)).toEqual(Y.encodeStateVector(b.doc));

    const c = connect(running.current, DOC, token(running.current, DOC, 'viewer'));
    await synced(c);
    await waitFor(() => readJourney(c.doc).journey.stages[1]!.title === 'Edited by B', 5000, 'late joiner');
    expect(readJourney(c.doc).journey).toEqual(readJourney(a.doc).journey);
    for (const client of [a, b, c]) client.destroy();
  });

  it('AWARE1: presence flows between clients and leaves with them', async () => {
    const a = connect(running.current, DOC, token(running.current, DOC, 'participant'));
    const b = connect(running.current, DOC, token(running.current, DOC, 'viewer'));
    await Promise.all([synced(a), synced(b)]);
    a.provider.awareness.setLocalStateField('user', { name: 'Sharon', colour: '#b42318' });
    await waitFor(
      () => [...b.provider.awareness.getStates().values()].some((s) => s.user?.name === 'Sharon'),
      5000,
      'presence',
    );
    a.destroy();
    await waitFor(
      () => ![...b.provider.awareness.getStates().values()].some((s) => s.user?.name === 'Sharon'),
      5000,
      'presence to leave',
    );
    b.destroy();
  });

  it('STORE1: a client that asks is told what has been stored, so it can show "saved" honestly', async () => {
    const a = connect(running.current, DOC, token(running.current, DOC, 'participant'), { ack: true });
    await synced(a);
    const first = readJourney(a.doc).journey.stages[0]!.id;
    editStage(a.doc, first, { title: 'Saved for sure' }, userOrigin('a'));
    const own = new Map([[a.doc.clientID, decodeStateVector(Y.encodeStateVector(a.doc)).get(a.doc.clientID)!]]);
    expect(isStored(a.stored, own)).toBe(false);
    await waitFor(() => isStored(a.stored, own), 5000, 'STORED acknowledgement');
    a.destroy();
  });
});
