/**
 * Theories of change end to end against the real server: a facilitator drafts one from the
 * example journeys, people edit it live in its room, and evaluators pull it through the API
 * with their own tokens: pseudonymised, validated against the published schema.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { readToc, setLinkRationale, setTocTitle, userOrigin } from '../../src/doc/index.ts';
import { allows, consentInFile, type Journey } from '../../src/model/index.ts';
import { EXPORT_DOCUMENTS } from '../../src/toc/index.ts';
import { exampleJourneys } from '../fixtures/example-journeys.ts';
import { evaluatorKeys } from '../../server/evaluator-keys.ts';
import { revokeGrantOf } from './grant-records.ts';
import { grantIdOf } from './visitors.ts';
import {
  connect,
  connectAsStaff,
  removeDir,
  SECRET,
  signedInStaff,
  startServer,
  stopServer,
  synced,
  tempDataDir,
  token,
  waitFor,
  type RunningServer,
  exampleId,
  storedId,
} from './harness.ts';
import { postAndFollow } from './post-redirect-get.ts';

let server: RunningServer;
let dataDir: string;
let cookie: string;
let tocId: string;

const examples: Journey[] = exampleJourneys();

const sharedText = examples
  .filter((journey) => allows(consentInFile(journey.consent), 'share-words'))
  .flatMap((journey) => [
    ...journey.stages.flatMap((stage) => [stage.words, stage.title]),
    ...journey.factors.map((factor) => factor.text),
  ]);

/** Every piece of family free text in journeys whose consent does not allow sharing words. */
const privateWords = examples
  .filter((journey) => !allows(consentInFile(journey.consent), 'share-words'))
  .flatMap((journey) => [
    ...journey.stages.flatMap((stage) => [stage.words, stage.title]),
    ...journey.factors.map((factor) => factor.text),
  ])
  .filter((text) => text.trim().length > 12)
  // A phrase a consenting family also used ("Where we are now") is theirs to share too.
  .filter((text) => !sharedText.some((shared) => shared.includes(text)));

const api = (path: string, headers: Record<string, string> = {}) =>
  fetch(server.url.replace(/\/$/, '') + path, { headers, redirect: 'manual' });
const bearer = (value: string) => ({ authorization: `Bearer ${value}` });

beforeAll(async () => {
  dataDir = tempDataDir();
  server = await startServer(dataDir);
  ({ cookie } = await signedInStaff(server));
});

/**
 * Open an invite link as a browser does: the token is traded for cookies (one per path it
 * names) and a 303 to the address without it. The cookies, by path, and where it went.
 */
async function openInvite(
  path: string,
): Promise<{ status: number; location: string | null; cookies: Map<string, string> }> {
  const response = await api(path);
  const cookies = new Map<string, string>();
  for (const header of response.headers.getSetCookie())
    if (header.startsWith('tp_invite=')) cookies.set(/Path=([^;]+)/i.exec(header)![1]!, header.split(';')[0]!);
  return { status: response.status, location: response.headers.get('location'), cookies };
}
afterAll(async () => {
  await stopServer(server);
  removeDir(dataDir);
});

describe('drafting a theory of change', () => {
  it('drafts from chosen journeys; bad choices are named; strangers are refused', async () => {
    const post = (body: string, headers: Record<string, string> = {}) =>
      fetch(`${server.url}api/toc`, {
        method: 'POST',
        body,
        redirect: 'manual',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          origin: new URL(server.url).origin,
          ...headers,
        },
      });
    const form = new URLSearchParams({ title: 'How families move on' });
    for (const journey of examples) form.append('journeyIds', storedId(server, journey.title));

    expect((await post(form.toString())).status).toBe(401);

    const missing = await post(new URLSearchParams({ title: 'Nothing' }).toString(), { cookie });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(await missing.json())).toContain('journeyIds');

    const unknown = new URLSearchParams({ title: 'Ghosts' });
    unknown.append('journeyIds', 'no-such-journey');
    const refused = await post(unknown.toString(), { cookie });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toContain('no-such-journey');

    const created = await post(form.toString(), { cookie });
    expect(created.status).toBe(303);
    tocId = created.headers.get('location')!.replace('/toc/', '');
    expect(tocId).toMatch(/^t_[0-9a-z]{16}$/);

    const home = await (await fetch(server.url, { headers: { cookie } })).text();
    expect(home).toContain(`/toc/${tocId}`);
  });
});

describe('the evaluator API', () => {
  it('refuses requests without an evaluator token for this theory of change', async () => {
    const path = `/api/toc/${tocId}?format=json`;
    expect((await api(path)).status).toBe(401);
    expect((await api(path, bearer('not-a-token'))).status).toBe(401);
    expect((await api(path, { authorization: 'Basic abc' })).status).toBe(401);
    expect((await api(path, bearer(token(server, tocId, 'evaluator', -10)))).status).toBe(401);
    expect((await api(path, bearer(token(server, tocId, 'participant')))).status).toBe(403);
    expect((await api(path, bearer(token(server, tocId, 'facilitator')))).status).toBe(403);
    expect((await api(path, bearer(token(server, exampleId(server, 'slf-isolated-family'), 'evaluator')))).status).toBe(
      403,
    );
    const revoked = token(server, tocId, 'evaluator');
    revokeGrantOf(server, revoked);
    expect((await api(path, bearer(revoked))).status).toBe(401);
    // Staff of another project get no team view either.
    const { cookie: outsider } = await signedInStaff(server, 'facilitator', 'Another project');
    expect((await api(path, { cookie: outsider })).status).toBe(403);
    // An evaluator token opens neither journeys nor the live room.
    expect(
      (
        await api(
          `/journeys/${exampleId(server, 'slf-isolated-family')}/list`,
          bearer(token(server, tocId, 'evaluator')),
        )
      ).status,
    ).toBe(401);
    const refusal = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${server.wsUrl}/${tocId}?token=${token(server, tocId, 'evaluator')}`);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
      ws.on('error', () => undefined);
    });
    expect(refusal).toBe(403);
  });

  it('serves every format; the JSON validates against the schema published at its stable URL', async () => {
    const schemaResponse = await api('/schema/theory-of-change/v1.json');
    expect(schemaResponse.status).toBe(200);
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(await schemaResponse.json());

    const evaluator = bearer(token(server, tocId, 'evaluator'));
    const json = await api(`/api/toc/${tocId}?format=json`, evaluator);
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expect(json.headers.get('cache-control')).toBe('no-store');
    const body: unknown = await json.json();
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);

    for (const document of EXPORT_DOCUMENTS) {
      const response = await api(`/api/toc/${tocId}?${document.query}`, evaluator);
      expect(response.status, document.id).toBe(200);
      expect(response.headers.get('content-type')).toBe(`${document.mediaType}; charset=utf-8`);
    }
    const indicators = await (await api(`/api/toc/${tocId}?format=csv&table=indicators`, evaluator)).text();
    expect(indicators.split('\n')[0]).toMatch(/measure/i);
  });

  it('names a bad parameter and an unknown theory of change', async () => {
    const bad = await api(`/api/toc/${tocId}?format=xml&table=people`, { cookie });
    expect(bad.status).toBe(400);
    const problems = ((await bad.json()) as { problems: { field: string }[] }).problems.map((p) => p.field);
    expect(problems).toEqual(expect.arrayContaining(['format', 'table']));
    expect((await api('/api/toc/no-such-toc?format=json', { cookie })).status).toBe(404);
  });

  it('gives evaluators no family words without consent and suppresses small counts; the team sees the words', async () => {
    expect(privateWords.length).toBeGreaterThan(20);
    const evaluator = bearer(token(server, tocId, 'evaluator'));
    for (const document of EXPORT_DOCUMENTS) {
      const text = await (await api(`/api/toc/${tocId}?${document.query}`, evaluator)).text();
      for (const words of privateWords) expect(text, `${document.id} leaks "${words}"`).not.toContain(words);
    }
    const view = (await (await api(`/api/toc/${tocId}?format=json`, evaluator)).json()) as {
      nodes: { families?: number | 'suppressed'; evidence: unknown[] }[];
    };
    // Default EVALUATOR_MIN_FAMILIES is 3: two-family elements are suppressed, with their evidence.
    const suppressed = view.nodes.filter((node) => node.families === 'suppressed');
    expect(suppressed.length).toBeGreaterThan(0);
    for (const node of suppressed) expect(node.evidence).toEqual([]);
    for (const node of view.nodes.filter((n) => typeof n.families === 'number'))
      expect(node.families).toBeGreaterThanOrEqual(3);

    const team = await (await api(`/api/toc/${tocId}?format=md`, { cookie })).text();
    expect(privateWords.some((words) => team.includes(words))).toBe(true);
  });
});

describe('the live theory of change', () => {
  it('is edited in its own room, saved, and what evaluators pull follows', async () => {
    // The staff member who drafted it opens its room with their session: it is in their project.
    const client = connectAsStaff(server, tocId, cookie, { ack: true });
    await synced(client);
    const { toc } = readToc(client.doc);
    // A link evaluators may read: one seen in at least EVALUATOR_MIN_FAMILIES (3) families.
    const team = (await (await api(`/api/toc/${tocId}?format=json`, { cookie })).json()) as {
      links: { id: string; families?: number | 'suppressed' }[];
    };
    const shown = team.links.find((l) => typeof l.families === 'number' && l.families >= 3)!;
    const link = toc.links.find((l) => l.id === shown.id)!;
    setLinkRationale(client.doc, link.id, 'Because a worker who keeps coming back earns trust', userOrigin('t'));
    await waitFor(() => (client.stored.get(client.doc.clientID) ?? 0) > 0, 5000, 'the edit to be stored');
    client.destroy();
    // Exports read the stored document, so the edit shows as soon as it is stored. The
    // evaluator reads the link under their grant's key for it (TOC6).
    const evaluatorToken = token(server, tocId, 'evaluator');
    const json = (await (await api(`/api/toc/${tocId}?format=json`, bearer(evaluatorToken))).json()) as {
      links: { id: string; rationale?: string }[];
    };
    const key = evaluatorKeys(Buffer.from(SECRET), grantIdOf(evaluatorToken))('link', link.id);
    expect(json.links.find((l) => l.id === key)?.rationale).toBe('Because a worker who keeps coming back earns trust');
  });
});

describe('pages and sources for people invited to a theory of change', () => {
  it('shows the team every family’s words, and an invited participant only what families agreed to share', async () => {
    const team = await (await api(`/toc/${tocId}/list`, { cookie })).text();
    expect(privateWords.some((words) => team.includes(words))).toBe(true);

    const invite = await openInvite(`/toc/${tocId}/list?invite=${token(server, tocId, 'participant')}`);
    expect(invite.status).toBe(303);
    expect(invite.location).toBe(`/toc/${tocId}/list`);
    expect([...invite.cookies.keys()].sort()).toEqual([`/api/toc/${tocId}`, `/collab/${tocId}`, `/toc/${tocId}`]);
    const asParticipant = await api(invite.location!, { cookie: invite.cookies.get(`/toc/${tocId}`)! });
    expect(asParticipant.status).toBe(200);
    const page = await asParticipant.text();
    for (const words of privateWords) expect(page, `leaks "${words}"`).not.toContain(escapeHtml(words));
    const shared = examples.find((journey) => allows(consentInFile(journey.consent), 'share-words'))!;
    expect(shared.factors.some((factor) => page.includes(escapeHtml(factor.text)))).toBe(true);

    const sourcesAnswer = await api(`/api/toc/${tocId}/sources`, { cookie: invite.cookies.get(`/api/toc/${tocId}`)! });
    expect(sourcesAnswer.status).toBe(200);
    const sources = (await sourcesAnswer.json()) as {
      id: string;
      wordsShared: boolean;
      stages: { title?: string; words?: string }[];
    }[];
    const hidden = sources.filter((journey) => !journey.wordsShared);
    expect(hidden.map((journey) => journey.id).sort()).toEqual(
      examples
        .filter((j) => !allows(consentInFile(j.consent), 'share-words'))
        .map((j) => storedId(server, j.title))
        .sort(),
    );
    for (const journey of hidden) expect(journey.stages.every((stage) => !stage.title && !stage.words)).toBe(true);

    // An invite for a journey opens neither the theory of change nor its sources (even were its
    // cookie, scoped to the journey, sent there).
    const journeyInvite = token(server, exampleId(server, 'slf-isolated-family'), 'participant');
    expect((await api(`/toc/${tocId}/list?invite=${journeyInvite}`)).status).toBe(403);
    expect((await api(`/api/toc/${tocId}/sources`, { cookie: `tp_invite=${journeyInvite}` })).status).toBe(403);
    expect((await api(`/api/toc/${tocId}/sources`)).status).toBe(401);
    // A token in the sources API's address is not an invite: only the cookie is.
    expect((await api(`/api/toc/${tocId}/sources?invite=${token(server, tocId, 'participant')}`)).status).toBe(401);
  });

  it('makes evaluator tokens on the invite page, for facilitators only; they work on the API', async () => {
    expect((await api(`/toc/${tocId}/invite`)).status).toBe(401);
    // The form answers 303 back to the invite page, which shows the token once.
    const { shown } = await postAndFollow(server.url, `/toc/${tocId}/invite`, cookie, {
      role: 'evaluator',
      hours: '720',
    });
    expect(shown.status).toBe(200);
    const evaluatorToken = /<code class="token"[^>]*>([^<]+)<\/code>/.exec(shown.html)?.[1];
    expect(evaluatorToken).toBeDefined();
    expect((await api(`/api/toc/${tocId}?format=md`, bearer(evaluatorToken!))).status).toBe(200);
  });

  it('renders what people typed as text, and lists follow live edits', async () => {
    const client = connect(server, tocId, token(server, tocId, 'facilitator'), { ack: true });
    await synced(client);
    setTocTitle(client.doc, 'Moving on <script>alert(1)</script>', userOrigin('t'));
    await waitFor(() => (client.stored.get(client.doc.clientID) ?? 0) > 0, 5000, 'the edit to be stored');
    client.destroy();
    const list = await (await api(`/toc/${tocId}/list`, { cookie })).text();
    expect(list).toContain('Moving on &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(list).not.toContain('<script>alert(1)');
    // The home page lists from the read model, refreshed once changes settle (STORE4).
    let home = '';
    for (let i = 0; i < 50 && !home.includes('Moving on &lt;script'); i++) {
      home = await (await api('/', { cookie })).text();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(home).toContain('Moving on &lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
