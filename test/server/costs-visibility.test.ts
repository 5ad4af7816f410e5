/**
 * Who sees costs (issue 16): a journey's cost events live in a staff-only companion document,
 * and a participant sees them only after a facilitator chose so on the settings page. Checked
 * on the bytes stock y-websocket clients receive, over a real server and real SQLite.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, type ClientOptions } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { costsDocId } from '../../src/doc/index.ts';
import {
  connectAsStaff,
  exampleId,
  root,
  signedInStaff,
  synced,
  token,
  useServer,
  waitFor,
  type RunningServer,
} from './harness.ts';
import { inStore, openInvite, upgradeStatus } from './visitors.ts';

const server = useServer({ REAUTHORISE_SECONDS: '1' });
const EXAMPLE = 'slf-disengaged-young-people';
let journeyId = '';
beforeAll(() => {
  journeyId = exampleId(server.current, EXAMPLE);
});

/** Words only a cost event holds: its notes as filed, its override's source, and the field names of a cost. */
const costMarkers = (): string[] => {
  const filed = JSON.parse(readFileSync(join(root, 'journeys', `${EXAMPLE}.json`), 'utf8')) as {
    costEvents: { note?: string; unitCost: { source?: string } }[];
  };
  const words = filed.costEvents.flatMap((event) => [event.note ?? '', event.unitCost.source ?? '']);
  return [...words.filter((w) => w.length > 0), 'unitCost', 'amountGbp'];
};

const containsAny = (bytes: readonly Buffer[], markers: readonly string[]): string[] => {
  const all = Buffer.concat(bytes);
  return markers.filter((marker) => all.includes(Buffer.from(marker, 'utf8')));
};

/** A stock y-websocket client with this token that keeps every byte the server sends it. */
function recordingClient(at: RunningServer, docId: string, accessToken: string) {
  const received: Buffer[] = [];
  const closes: number[] = [];
  class Recording extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[], options?: ClientOptions) {
      super(address, protocols, options);
      this.on('message', (data: Buffer) => received.push(Buffer.from(data)));
      this.on('close', (code: number) => closes.push(code));
    }
  }
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(at.wsUrl, docId, doc, {
    WebSocketPolyfill: Recording as unknown as typeof globalThis.WebSocket,
    params: { token: accessToken },
    disableBc: true,
    maxBackoffTime: 200,
  });
  return {
    doc,
    provider,
    received,
    closes,
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

const post = (path: string, cookie: string, fields: Record<string, string>) => {
  const url = new URL(path, server.current.url);
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, origin: url.origin, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
};

/** The costs page as the holder of this invite sees it, through the cookie the invite link leaves. */
async function costsPageStatus(inviteToken: string): Promise<number> {
  const opened = await openInvite(server.current, `/journeys/${journeyId}`, inviteToken);
  const cookie = opened.jar.header(`/journeys/${journeyId}/costs`);
  const response = await fetch(new URL(`/journeys/${journeyId}/costs`, server.current.url), {
    headers: cookie ? { cookie } : {},
  });
  await response.body?.cancel();
  return response.status;
}

describe('who sees costs', () => {
  it('COSTS1: a participant and a viewer on the journey receive no byte of any cost event; nor does its stored log hold one', async () => {
    const markers = costMarkers();
    const participant = recordingClient(server.current, journeyId, token(server.current, journeyId, 'participant'));
    const viewer = recordingClient(server.current, journeyId, token(server.current, journeyId, 'viewer'));
    try {
      await waitFor(() => participant.provider.synced && viewer.provider.synced, 10_000, 'both synced');
      // The map itself arrives: its stages, and no cost event.
      expect(participant.doc.getMap('stages').size).toBeGreaterThan(0);
      expect(participant.doc.getMap('costEvents').size).toBe(0);
      expect(containsAny(participant.received, markers)).toEqual([]);
      expect(containsAny(viewer.received, markers)).toEqual([]);
    } finally {
      participant.destroy();
      viewer.destroy();
    }
    const stored = inStore(server.current, (db) =>
      (db.prepare('SELECT data FROM updates WHERE doc_id = ?').all(journeyId) as { data: Uint8Array }[]).map((r) =>
        Buffer.from(r.data),
      ),
    );
    expect(stored.length).toBeGreaterThan(0);
    expect(containsAny(stored, markers)).toEqual([]);
  });

  it('COSTS2: the map page a participant and a viewer open carries the journey to draw at once, and no byte of a cost event; staff’s carries them', async () => {
    const markers = costMarkers();
    const mapPage = async (cookie: string | undefined) => {
      const response = await fetch(new URL(`/journeys/${journeyId}`, server.current.url), {
        headers: cookie ? { cookie } : {},
      });
      expect(response.status).toBe(200);
      return Buffer.from(await response.arrayBuffer());
    };
    const firstStage = (
      JSON.parse(readFileSync(join(root, 'journeys', `${EXAMPLE}.json`), 'utf8')) as { stages: { title: string }[] }
    ).stages[0]!.title;
    for (const role of ['participant', 'viewer'] as const) {
      const opened = await openInvite(server.current, `/journeys/${journeyId}`, token(server.current, journeyId, role));
      const page = await mapPage(opened.jar.header(`/journeys/${journeyId}`));
      expect(page.includes(Buffer.from(`id="opening-${journeyId}"`)), role).toBe(true);
      expect(page.includes(Buffer.from(JSON.stringify(firstStage).slice(1, -1))), role).toBe(true);
      expect(containsAny([page], markers), role).toEqual([]);
    }
    const { cookie } = await signedInStaff(server.current);
    expect(containsAny([await mapPage(cookie)], markers).length).toBeGreaterThan(0);
  });

  it('COSTS2: the companion refuses a participant (by default) and a viewer, and serves staff every cost event', async () => {
    const companion = costsDocId(journeyId);
    expect(
      await upgradeStatus(server.current, companion, { token: token(server.current, journeyId, 'participant') }),
    ).toBe(403);
    expect(await upgradeStatus(server.current, companion, { token: token(server.current, journeyId, 'viewer') })).toBe(
      403,
    );
    // An invite for the companion id itself opens nothing either: invites are for journeys.
    expect(
      await upgradeStatus(server.current, companion, { token: token(server.current, companion, 'participant') }),
    ).toBe(403);
    const { cookie } = await signedInStaff(server.current);
    const staff = connectAsStaff(server.current, companion, cookie);
    try {
      await synced(staff);
      expect(staff.doc.getMap('costEvents').size).toBe(14);
    } finally {
      staff.destroy();
    }
    const staffSees = await fetch(new URL(`/journeys/${journeyId}/costs`, server.current.url), { headers: { cookie } });
    expect(staffSees.status).toBe(200);
    expect(await staffSees.text()).toContain('What it cost public services');
  });

  it('COSTS2: the costs page answers 403 to a participant’s and a viewer’s invite cookie', async () => {
    expect(await costsPageStatus(token(server.current, journeyId, 'participant'))).toBe(403);
    expect(await costsPageStatus(token(server.current, journeyId, 'viewer'))).toBe(403);
  });

  it('COSTS3, COSTS4: once a facilitator shows costs, a participant receives them (a viewer never); hidden again, the participant’s connection closes', async () => {
    const markers = costMarkers();
    const { cookie, account } = await signedInStaff(server.current);
    const settings = `/journeys/${journeyId}/settings`;
    const shown = await post(settings, cookie, { form: 'show-costs' });
    expect(shown.status).toBe(303);
    expect(shown.headers.get('location')).toBe(`${settings}?done=show-costs`);
    const audit = inStore(
      server.current,
      (db) =>
        db.prepare("SELECT actor, doc_id FROM audit_log WHERE action = 'journey.costs-shown'").all() as {
          actor: string;
          doc_id: string;
        }[],
    );
    expect(audit).toContainEqual({ actor: `staff:${account.id}`, doc_id: journeyId });

    const companion = costsDocId(journeyId);
    const participant = recordingClient(server.current, companion, token(server.current, journeyId, 'participant'));
    try {
      await waitFor(() => participant.provider.synced, 10_000, 'the participant on the companion');
      expect(participant.doc.getMap('costEvents').size).toBe(14);
      expect(containsAny(participant.received, markers)).toEqual(markers);
      expect(
        await upgradeStatus(server.current, companion, { token: token(server.current, journeyId, 'viewer') }),
      ).toBe(403);
      expect(await costsPageStatus(token(server.current, journeyId, 'participant'))).toBe(200);
      expect(await costsPageStatus(token(server.current, journeyId, 'viewer'))).toBe(403);

      const hidden = await post(settings, cookie, { form: 'hide-costs' });
      expect(hidden.status).toBe(303);
      await waitFor(() => participant.closes.length > 0, 10_000, 'the participant’s companion connection to close');
      expect(participant.closes[0]).toBe(4402);
    } finally {
      participant.destroy();
    }
    expect(await costsPageStatus(token(server.current, journeyId, 'participant'))).toBe(403);
  });

  it('COSTS3: only staff of the journey’s project may change who sees costs', async () => {
    const opened = await openInvite(
      server.current,
      `/journeys/${journeyId}`,
      token(server.current, journeyId, 'participant'),
    );
    const cookie = opened.jar.header(`/journeys/${journeyId}/settings`) ?? '';
    const response = await post(`/journeys/${journeyId}/settings`, cookie, { form: 'show-costs' });
    expect(response.status).toBe(401);
    const rows = inStore(server.current, (db) => db.prepare('SELECT doc_id FROM cost_visibility').all());
    expect(rows).toEqual([]);
  });
});
