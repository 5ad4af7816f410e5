/**
 * The same link added at the same moment on two devices (SYNC1 with two stock y-websocket
 * clients against a real server): after sync both, and anyone who opens the journey later,
 * read one link; removing it on either device removes it for everyone.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { linkStages, readJourney, unlinkStages, userOrigin } from '../../src/doc/index.ts';
import type { Journey } from '../../src/model/index.ts';
import { connect, exampleId, synced, token, useServer, waitFor, type Client } from './harness.ts';

let DOC = '';
const running = useServer();
beforeAll(() => {
  DOC = exampleId(running.current, 'slf-isolated-family');
});

const linksBetween = (journey: Journey, from: string, to: string) =>
  journey.links.filter((link) => link.from === from && link.to === to).map((link) => link.id);
const storedLinks = (client: Client) => client.doc.getMap('links').size;

describe('a link added twice at once', () => {
  it('SYNC1: two devices adding the same link at once both end with one link, and so does a late joiner', async () => {
    const a = connect(running.current, DOC, token(running.current, DOC, 'participant'));
    const b = connect(running.current, DOC, token(running.current, DOC, 'facilitator'));
    await Promise.all([synced(a), synced(b)]);
    const [first, , third] = readJourney(a.doc).journey.stages;
    const before = storedLinks(a);
    // Neither has seen the other's link yet: both are written before any message is handled.
    const fromA = linkStages(a.doc, { from: first!.id, to: third!.id }, userOrigin('a'));
    const fromB = linkStages(b.doc, { from: first!.id, to: third!.id, label: 'it all followed' }, userOrigin('b'));
    expect(fromA).not.toBe(fromB);
    await waitFor(() => storedLinks(a) === before + 2 && storedLinks(b) === before + 2, 10_000, 'both links synced');

    const kept = [fromA, fromB].sort()[0];
    for (const client of [a, b])
      expect(linksBetween(readJourney(client.doc).journey, first!.id, third!.id)).toEqual([kept]);
    expect(readJourney(b.doc).journey).toEqual(readJourney(a.doc).journey);

    const late = connect(running.current, DOC, token(running.current, DOC, 'viewer'));
    await synced(late);
    await waitFor(() => storedLinks(late) === before + 2, 10_000, 'the late joiner to have both');
    expect(linksBetween(readJourney(late.doc).journey, first!.id, third!.id)).toEqual([kept]);

    // Removed on one device, the link is gone everywhere: its twin does not take its place.
    unlinkStages(b.doc, kept!, userOrigin('b'));
    await waitFor(() => storedLinks(a) === before && storedLinks(late) === before, 10_000, 'the removal synced');
    for (const client of [a, b, late])
      expect(linksBetween(readJourney(client.doc).journey, first!.id, third!.id)).toEqual([]);
    for (const client of [a, b, late]) client.destroy();
  });
});
