/**
 * REFUSE1 with stock y-websocket clients: after a refusal's close (here 4401, a link that ran
 * out, AUTH7) the stock client does not reconnect, so the changes it keeps are never sent; and
 * every other replica converges on the server's state, which holds none of them.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import * as Y from 'yjs';
import { connect, synced, token, useServer, waitFor, type Client, exampleId } from './harness.ts';

let DOC = '';
const running = useServer();
beforeAll(() => {
  DOC = exampleId(running.current, 'slf-disengaged-young-people');
});

/** The words of the document's first stage (by id), a Y.Text typed together. */
function firstStageWords(client: Client): Y.Text {
  const stages = client.doc.getMap('stages');
  const first = [...stages.keys()].sort()[0]!;
  return (stages.get(first) as Y.Map<unknown>).get('words') as Y.Text;
}

const append = (client: Client, text: string) => {
  const words = firstStageWords(client);
  words.insert(words.length, text);
};

describe('a refused connection', () => {
  it('REFUSE1: after 4401 the stock client does not reconnect, and all other replicas converge on the server’s state', async () => {
    const server = running.current;
    const refused = connect(server, DOC, token(server, DOC, 'participant', 5), { ack: true });
    const others = [
      connect(server, DOC, token(server, DOC, 'participant'), { ack: true }),
      connect(server, DOC, token(server, DOC, 'facilitator'), { ack: true }),
    ];
    await Promise.all([refused, ...others].map(synced));
    const closes: number[] = [];
    let attemptsAfterClose = 0;
    refused.provider.on('connection-close', (event) => closes.push(event?.code ?? -1));
    refused.provider.on('status', ({ status }) => {
      if (closes.length > 0 && status === 'connecting') attemptsAfterClose++;
    });

    // Before the link runs out, its change is stored and reaches everyone.
    append(refused, ' [before the link ran out]');
    await waitFor(
      () => (refused.stored.get(refused.doc.clientID) ?? 0) >= Y.getState(refused.doc.store, refused.doc.clientID),
      5000,
      'the change to be stored',
    );
    await waitFor(() => closes.length > 0, 15_000, 'the link to run out');
    expect(closes).toEqual([4401]);

    // The stock client keeps what it does after the close, and, not reconnecting, never sends it.
    append(refused, ' [after the close]');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(refused.provider.shouldConnect).toBe(false);
    expect(refused.provider.ws).toBeNull();
    expect(attemptsAfterClose).toBe(0);

    // The others carry on; each ends up with exactly the server's document.
    append(others[0]!, ' [from the second]');
    append(others[1]!, ' [from the third]');
    const fresh = connect(server, DOC, token(server, DOC, 'viewer'));
    await synced(fresh);
    const everyone = [...others, fresh];
    const onServer = () => firstStageWords(fresh).toString();
    await waitFor(
      () => onServer().includes('[from the second]') && onServer().includes('[from the third]'),
      5000,
      'the others’ changes on the server',
    );
    await waitFor(
      () => everyone.every((client) => firstStageWords(client).toString() === onServer()),
      5000,
      'every other replica to converge',
    );
    for (const client of everyone) expect(Y.encodeStateVector(client.doc)).toEqual(Y.encodeStateVector(fresh.doc));
    expect(onServer()).toContain('[before the link ran out]');
    expect(onServer()).not.toContain('[after the close]');
    expect(firstStageWords(refused).toString()).toContain('[after the close]');
    for (const client of [refused, ...everyone]) client.destroy();
  });
});
