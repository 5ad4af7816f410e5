/** AUTH and SYNC3 rules (server/SPEC.md): who may join a room, and read-only means read-only. */
import { describe, expect, it, beforeAll } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { grantToken, newId } from '../../server/auth/tokens.ts';
import { editStage, readJourney, userOrigin } from '../../src/doc/index.ts';
import { revokeGrantOf } from './grant-records.ts';
import { connect, connectAsStaff, signedInStaff, synced, token, useServer, waitFor, exampleId } from './harness.ts';

let DOC = '';
let OTHER = '';
const running = useServer();
beforeAll(() => {
  DOC = exampleId(running.current, 'family-action-single-mother');
  OTHER = exampleId(running.current, 'slf-disengaged-young-people');
});

/** Try to open a room; resolve with the HTTP status of a refusal, or 101 and the first message. */
function attempt(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; messages: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${running.current.wsUrl}/${path}`, { headers });
    let messages = 0;
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, messages }));
    });
    ws.on('message', () => {
      messages += 1;
      ws.close();
      resolve({ status: 101, body: '', messages });
    });
    ws.on('error', () => undefined);
  });
}

describe('who may join a room', () => {
  it('AUTH1: refuses a missing, malformed, forged, expired or revoked token with 401 and sends nothing', async () => {
    const server = running.current;
    const forged = `${token(server, DOC, 'facilitator').split('.')[0]}.${Buffer.from('not the signature').toString('base64url')}`;
    // A well-formed token for a made-up grant, signed with another secret.
    const otherSecret = grantToken(Buffer.from('other-secret-other-secret-other-secret-123'), newId());
    // A real grant's id, signed with another secret: the signature fails before any lookup.
    const resigned = grantToken(
      Buffer.from('other-secret-other-secret-other-secret-123'),
      token(server, DOC, 'facilitator').split('.')[0]!,
    );
    const revoked = token(server, DOC, 'participant');
    revokeGrantOf(server, revoked);
    for (const query of [
      '',
      '?token=',
      '?token=abc',
      `?token=${forged}`,
      `?token=${otherSecret}`,
      `?token=${resigned}`,
      `?token=${token(server, DOC, 'participant', -5)}`,
      `?token=${revoked}`,
    ]) {
      const result = await attempt(`${DOC}${query}`);
      expect(result, query).toEqual({ status: 401, body: '', messages: 0 });
    }
  });

  it('AUTH2: refuses a token for another document, evaluator tokens, and staff of another project with 403', async () => {
    const server = running.current;
    expect((await attempt(`${DOC}?token=${token(server, OTHER, 'facilitator')}`)).status).toBe(403);
    expect((await attempt(`${DOC}?token=${token(server, DOC, 'evaluator')}`)).status).toBe(403);
    const { cookie } = await signedInStaff(server, 'facilitator', 'Another project');
    expect(await attempt(DOC, { Cookie: cookie })).toEqual({ status: 403, body: '', messages: 0 });
  });

  it('AUTH3: refuses a foreign Origin with 403, accepts our own', async () => {
    const server = running.current;
    const own = new URL(server.url).origin;
    expect(
      (await attempt(`${DOC}?token=${token(server, DOC, 'participant')}`, { Origin: 'https://evil.example' })).status,
    ).toBe(403);
    expect((await attempt(`${DOC}?token=${token(server, DOC, 'participant')}`, { Origin: own })).status).toBe(101);
  });

  it('AUTH4: answers 404 for a document that does not exist and for paths that are not rooms', async () => {
    const server = running.current;
    expect((await attempt(`no-such-journey?token=${token(server, 'no-such-journey', 'facilitator')}`)).status).toBe(
      404,
    );
    expect((await attempt(`${DOC}/extra?token=${token(server, DOC, 'facilitator')}`)).status).toBe(404);
  });

  it('AUTH6: a staff member’s session opens every room of their project as facilitator; an invite opens only its own document', async () => {
    const server = running.current;
    const { cookie } = await signedInStaff(server, 'facilitator');
    expect((await attempt(DOC, { Cookie: cookie })).status).toBe(101);
    expect((await attempt(OTHER, { Cookie: cookie })).status).toBe(101);
    expect((await attempt(`${OTHER}?token=${token(server, DOC, 'facilitator')}`)).status).toBe(403);
    // The staff member writes: an edit over the session's connection reaches another client.
    const staffClient = connectAsStaff(server, OTHER, cookie);
    const reader = connect(server, OTHER, token(server, OTHER, 'viewer'));
    await Promise.all([synced(staffClient), synced(reader)]);
    const stage = readJourney(staffClient.doc).journey.stages[0]!.id;
    editStage(staffClient.doc, stage, { title: 'Written by signed-in staff' }, userOrigin('staff'));
    await waitFor(
      () => readJourney(reader.doc).journey.stages[0]!.title === 'Written by signed-in staff',
      5000,
      'staff edit',
    );
    staffClient.destroy();
    reader.destroy();
  });

  it('AUTH7: closes a connection when its token expires', async () => {
    const client = connect(running.current, DOC, token(running.current, DOC, 'participant', 2));
    await synced(client);
    const closed = new Promise<number>((resolve) =>
      client.provider.on('connection-close', (event: CloseEvent | null) => resolve(event?.code ?? 0)),
    );
    expect(await closed).toBe(4401);
    client.destroy();
  });
});

describe('limits', () => {
  it('LIMIT2 LIMIT3: a connection flooding the room is closed with 4429; others carry on', async () => {
    const bystander = connect(running.current, DOC, token(running.current, DOC, 'participant'));
    await synced(bystander);
    const flood = new WebSocket(`${running.current.wsUrl}/${DOC}?token=${token(running.current, DOC, 'participant')}`);
    await new Promise((resolve) => flood.on('open', resolve));
    const closed = new Promise<number>((resolve) => flood.on('close', (code) => resolve(code)));
    const queryAwareness = new Uint8Array([3]);
    for (let i = 0; i < 2000; i++) flood.send(queryAwareness);
    expect(await closed).toBe(4429);
    const stage = readJourney(bystander.doc).journey.stages[1]!.id;
    editStage(bystander.doc, stage, { title: 'Still here after the flood' }, userOrigin('bystander'));
    const check = connect(running.current, DOC, token(running.current, DOC, 'viewer'));
    await synced(check);
    await waitFor(
      () => readJourney(check.doc).journey.stages[1]!.title === 'Still here after the flood',
      5000,
      'bystander edit',
    );
    bystander.destroy();
    check.destroy();
  });
});

describe('read-only connections', () => {
  it('SYNC3: a viewer syncs and reads, its edits are never applied, and repeated attempts close it; other rooms carry on', async () => {
    const viewer = connect(running.current, DOC, token(running.current, DOC, 'viewer'));
    const writer = connect(running.current, DOC, token(running.current, DOC, 'participant'));
    const elsewhere = connect(running.current, OTHER, token(running.current, OTHER, 'participant'));
    await Promise.all([synced(viewer), synced(writer), synced(elsewhere)]);
    const original = readJourney(writer.doc).journey;
    const closed = new Promise<number>((resolve) =>
      viewer.provider.on('connection-close', (event: CloseEvent | null) => resolve(event?.code ?? 0)),
    );

    const stage = original.stages[0]!.id;
    for (let i = 0; i < 3; i++) editStage(viewer.doc, stage, { title: `Viewer was here ${i}` }, userOrigin('viewer'));
    expect(await closed).toBe(4403);

    const fresh = connect(running.current, DOC, token(running.current, DOC, 'viewer'));
    await synced(fresh);
    expect(readJourney(fresh.doc).journey).toEqual(original);
    expect(readJourney(writer.doc).journey.stages[0]!.title).toBe(original.stages[0]!.title);

    const otherStage = readJourney(elsewhere.doc).journey.stages[0]!.id;
    editStage(elsewhere.doc, otherStage, { title: 'Still working here' }, userOrigin('elsewhere'));
    const check = connect(running.current, OTHER, token(running.current, OTHER, 'viewer'));
    await synced(check);
    await waitFor(() => readJourney(check.doc).journey.stages[0]!.title === 'Still working here', 5000, 'other room');
    expect(Y.encodeStateVector(check.doc)).toEqual(Y.encodeStateVector(elsewhere.doc));
    for (const client of [viewer, writer, elsewhere, fresh, check]) client.destroy();
  });
});
