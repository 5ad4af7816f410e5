/** AUTH and SYNC3 rules (server/SPEC.md): who may join a room, and read-only means read-only. */
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { issueToken } from '../../server/auth/tokens.ts';
import { editStage, readJourney, userOrigin } from '../../src/doc/index.ts';
import { connect, synced, token, useServer, waitFor } from './harness.ts';

const DOC = 'family-action-single-mother';
const OTHER = 'slf-disengaged-young-people';
const running = useServer();

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
  it('AUTH1: refuses a missing, malformed, forged or expired token with 401 and sends nothing', async () => {
    const forged = `${token(DOC, 'facilitator').split('.')[0]}.${Buffer.from('not the signature').toString('base64url')}`;
    const otherSecret = issueToken(
      Buffer.from('some-other-secret-some-other-secret-123'),
      { doc: DOC, role: 'facilitator', exp: 2e9 },
      'forged-123',
    );
    for (const query of [
      '',
      '?token=',
      '?token=abc',
      `?token=${forged}`,
      `?token=${otherSecret}`,
      `?token=${token(DOC, 'participant', -5)}`,
    ]) {
      const result = await attempt(`${DOC}${query}`);
      expect(result, query).toEqual({ status: 401, body: '', messages: 0 });
    }
  });

  it('AUTH2: refuses a token for another document, and evaluator tokens, with 403', async () => {
    expect((await attempt(`${DOC}?token=${token(OTHER, 'facilitator')}`)).status).toBe(403);
    expect((await attempt(`${DOC}?token=${token(DOC, 'evaluator')}`)).status).toBe(403);
  });

  it('AUTH3: refuses a foreign Origin with 403, accepts our own', async () => {
    const own = new URL(running.current.url).origin;
    expect(
      (await attempt(`${DOC}?token=${token(DOC, 'participant')}`, { Origin: 'https://evil.example' })).status,
    ).toBe(403);
    expect((await attempt(`${DOC}?token=${token(DOC, 'participant')}`, { Origin: own })).status).toBe(101);
  });

  it('AUTH4: answers 404 for a document that does not exist and for paths that are not rooms', async () => {
    expect((await attempt(`no-such-journey?token=${token('no-such-journey', 'facilitator')}`)).status).toBe(404);
    expect((await attempt(`${DOC}/extra?token=${token(DOC, 'facilitator')}`)).status).toBe(404);
  });

  it('AUTH5: a facilitator session token opens every document', async () => {
    expect((await attempt(`${OTHER}?token=${token('*', 'facilitator')}`)).status).toBe(101);
    expect((await attempt(`${OTHER}?token=${token('*', 'participant')}`)).status).toBe(403);
  });

  it('AUTH7: closes a connection when its token expires', async () => {
    const client = connect(running.current, DOC, token(DOC, 'participant', 2));
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
    const bystander = connect(running.current, DOC, token(DOC, 'participant'));
    await synced(bystander);
    const flood = new WebSocket(`${running.current.wsUrl}/${DOC}?token=${token(DOC, 'participant')}`);
    await new Promise((resolve) => flood.on('open', resolve));
    const closed = new Promise<number>((resolve) => flood.on('close', (code) => resolve(code)));
    const queryAwareness = new Uint8Array([3]);
    for (let i = 0; i < 2000; i++) flood.send(queryAwareness);
    expect(await closed).toBe(4429);
    const stage = readJourney(bystander.doc).journey.stages[1]!.id;
    editStage(bystander.doc, stage, { title: 'Still here after the flood' }, userOrigin('bystander'));
    const check = connect(running.current, DOC, token(DOC, 'viewer'));
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
    const viewer = connect(running.current, DOC, token(DOC, 'viewer'));
    const writer = connect(running.current, DOC, token(DOC, 'participant'));
    const elsewhere = connect(running.current, OTHER, token(OTHER, 'participant'));
    await Promise.all([synced(viewer), synced(writer), synced(elsewhere)]);
    const original = readJourney(writer.doc).journey;
    const closed = new Promise<number>((resolve) =>
      viewer.provider.on('connection-close', (event: CloseEvent | null) => resolve(event?.code ?? 0)),
    );

    const stage = original.stages[0]!.id;
    for (let i = 0; i < 3; i++) editStage(viewer.doc, stage, { title: `Viewer was here ${i}` }, userOrigin('viewer'));
    expect(await closed).toBe(4403);

    const fresh = connect(running.current, DOC, token(DOC, 'viewer'));
    await synced(fresh);
    expect(readJourney(fresh.doc).journey).toEqual(original);
    expect(readJourney(writer.doc).journey.stages[0]!.title).toBe(original.stages[0]!.title);

    const otherStage = readJourney(elsewhere.doc).journey.stages[0]!.id;
    editStage(elsewhere.doc, otherStage, { title: 'Still working here' }, userOrigin('elsewhere'));
    const check = connect(running.current, OTHER, token(OTHER, 'viewer'));
    await synced(check);
    await waitFor(() => readJourney(check.doc).journey.stages[0]!.title === 'Still working here', 5000, 'other room');
    expect(Y.encodeStateVector(check.doc)).toEqual(Y.encodeStateVector(elsewhere.doc));
    for (const client of [viewer, writer, elsewhere, fresh, check]) client.destroy();
  });
});
