/**
 * What evaluators and invited people see follows the consent records, the cohort record, the
 * disclosure threshold and per-grant keys (issue 15's findings 1, 2, 4, 5 and 6's core), against
 * the real server with stock y-websocket clients and real SQLite. The examples load as four
 * families, all agreeing to analysis and to sharing cost events; the Doyles (FA) and the Holts
 * (SLFI) do not share their words. EVALUATOR_MIN_FAMILIES is 3 (the default).
 */
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../server/storage/sqlite-store.ts';
import { evaluatorKeys } from '../../server/evaluator-keys.ts';
import { userOrigin } from '../../src/doc/index.ts';
import { TOC_NODE_KINDS, type Journey } from '../../src/model/index.ts';
import { EXPORT_DOCUMENTS, withheldTitle } from '../../src/toc/index.ts';
import { exampleJourneys } from '../fixtures/example-journeys.ts';
import { consentRecordCounts, recordDecision } from './consent-records.ts';
import {
  connect,
  connectAsStaff,
  exampleId,
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
} from './harness.ts';
import { grantIdOf } from './visitors.ts';
import { postAndFollow } from './post-redirect-get.ts';

/** The example families' journeys, by the ids they are stored under (random: found in beforeAll). */
let FA = '';
let LIFE = '';
let SLFY = '';
let SLFI = '';

let server: RunningServer;
let dataDir: string;
let cookie: string;
/** Drafted from all four families. */
let everyone: string;

/** The example journeys as their files say them (their words; ids as stored are another matter). */
const examples: Journey[] = exampleJourneys();
/** Stored id → the example's file, filled in once the server has loaded the examples. */
const filed = new Map<string, Journey>();
const example = (id: string) => filed.get(id)!;

/** A family's own free text, long enough to be its own (not a phrase another family used too). */
function wordsOf(id: string): string[] {
  const others = examples.filter((j) => j !== example(id)).flatMap(freeText);
  return freeText(example(id)).filter((text) => text.trim().length > 12 && !others.some((o) => o.includes(text)));
}
const freeText = (journey: Journey) => [
  ...journey.stages.flatMap((stage) => [stage.words, stage.title]),
  ...journey.factors.map((factor) => factor.text),
];

/** Every stored id a journey holds: its own, its stages', factors' and cost events'. */
const storedIds = (journey: Journey) => [
  journey.id,
  ...journey.stages.map((s) => s.id),
  ...journey.factors.map((f) => f.id),
  ...journey.costEvents.map((c) => c.id),
];

/** The journeys as stored (their read models), with the ids they are stored under. */
function storedJourneys(running: RunningServer): Journey[] {
  const db = new DatabaseSync(join(running.dataDir, DATABASE_FILE), { readOnly: true });
  try {
    const rows = db
      .prepare(`SELECT json FROM read_models r JOIN documents d ON d.id = r.doc_id WHERE d.kind = 'journey'`)
      .all() as { json: string }[];
    return rows.map((row) => JSON.parse(row.json) as Journey);
  } finally {
    db.close();
  }
}

const api = (path: string, headers: Record<string, string> = {}) =>
  fetch(server.url.replace(/\/$/, '') + path, { headers, redirect: 'manual' });
const bearer = (value: string) => ({ authorization: `Bearer ${value}` });

interface EvaluatorJson {
  journeyIds: string[];
  nodes: {
    id: string;
    title: string;
    description?: string;
    codes: string[];
    reduces: string[];
    families?: number | 'suppressed';
    evidence: { journeyId: string; costEventId?: string; quote?: string }[];
  }[];
  links: { id: string; from: string; to: string; rationale?: string; interventions: string[]; evidence: unknown[] }[];
}
const pull = async (tocId: string, evaluatorToken: string, query = 'format=json') =>
  api(`/api/toc/${tocId}?${query}`, bearer(evaluatorToken));
const pullJson = async (tocId: string, evaluatorToken: string) =>
  (await (await pull(tocId, evaluatorToken)).json()) as EvaluatorJson;

async function draft(title: string, journeyIds: string[]): Promise<string> {
  const form = new URLSearchParams({ title });
  for (const id of journeyIds) form.append('journeyIds', id);
  const response = await fetch(`${server.url}api/toc`, {
    method: 'POST',
    body: form.toString(),
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(server.url).origin, cookie },
  });
  expect(response.status, `drafting ${title}`).toBe(303);
  return response.headers.get('location')!.replace('/toc/', '');
}

/** Open an evaluator's page link as a browser does: the cookie it leaves, and the page it then shows. */
async function openEvaluatorPage(tocId: string, evaluatorToken: string): Promise<{ status: number; html: string }> {
  const opened = await api(`/evaluate/${tocId}?token=${evaluatorToken}`);
  expect(opened.status).toBe(303);
  expect(opened.headers.get('location')).toBe(`/evaluate/${tocId}`);
  const set = opened.headers.getSetCookie();
  expect(set.map((c) => /Path=([^;]+)/.exec(c)?.[1]).sort()).toEqual([`/api/toc/${tocId}`, `/evaluate/${tocId}`]);
  for (const c of set) expect(c).toMatch(/HttpOnly/);
  const page = await api(`/evaluate/${tocId}`, { cookie: set[0]!.split(';')[0]! });
  return { status: page.status, html: await page.text() };
}

beforeAll(async () => {
  dataDir = tempDataDir();
  server = await startServer(dataDir);
  ({ cookie } = await signedInStaff(server));
  const storedAs = (file: string) => {
    const id = exampleId(server, file);
    filed.set(
      id,
      examples.find((journey) => journey.id === file)!,
    );
    return id;
  };
  FA = storedAs('family-action-single-mother');
  LIFE = storedAs('life-swindon-chronic-crisis');
  SLFY = storedAs('slf-disengaged-young-people');
  SLFI = storedAs('slf-isolated-family');
  everyone = await draft('Everyone', [FA, LIFE, SLFY, SLFI]);
});

afterAll(async () => {
  await stopServer(server);
  removeDir(dataDir);
});

describe('consent is a server record, not a document field', () => {
  it('finding 1: consent written into the journey document by a participant’s stock client changes nothing', async () => {
    const doyles = wordsOf(FA);
    expect(doyles.length).toBeGreaterThan(10);
    const before = consentRecordCounts(server);
    const client = connect(server, FA, token(server, FA, 'participant'), { ack: true });
    await synced(client);
    client.doc.transact(() => {
      client.doc.getMap('meta').set('consent', {
        status: 'given',
        recordedOn: '2024-01-01',
        scopes: ['mapping', 'analysis', 'share-words', 'share-costs'],
      });
    }, userOrigin('attacker'));
    await waitFor(() => (client.stored.get(client.doc.clientID) ?? 0) > 0, 10_000, 'the write to be stored');
    client.destroy();

    const evaluatorToken = token(server, everyone, 'evaluator');
    for (const document of EXPORT_DOCUMENTS) {
      const text = await (await pull(everyone, evaluatorToken, document.query)).text();
      for (const words of doyles) expect(text, `${document.id} quotes the Doyles`).not.toContain(words);
    }
    const { status, html } = await openEvaluatorPage(everyone, evaluatorToken);
    expect(status).toBe(200);
    for (const words of doyles) expect(html, 'the evaluator page quotes the Doyles').not.toContain(words);
    // Nothing recorded consent: no decision, no audit row.
    expect(consentRecordCounts(server)).toEqual(before);
  });

  it('finding 6: consent withdrawn while the journey’s room is open and edited stays withdrawn when it closes', async () => {
    const marsh = wordsOf(LIFE);
    const evaluatorToken = token(server, everyone, 'evaluator');
    const quoted = async () => {
      const text = await (await pull(everyone, evaluatorToken, 'format=md')).text();
      return marsh.filter((words) => text.includes(words)).length;
    };
    expect(await quoted()).toBeGreaterThan(0);

    const client = connectAsStaff(server, LIFE, cookie, { ack: true });
    await synced(client);
    const edit = (n: number) =>
      client.doc.transact(() => client.doc.getMap('meta').set('summary', `Edited while open ${n}`), userOrigin('t'));
    edit(1);
    recordDecision(server, LIFE, 'share-words', 'withdrawn');
    expect(await quoted()).toBe(0);
    edit(2);
    await waitFor(() => (client.stored.get(client.doc.clientID) ?? 0) >= 2, 10_000, 'the edits to be stored');
    client.destroy();
    // The room closes once its last client has gone and its read model is written; the
    // withdrawal holds after (the document has no consent of its own to write back).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await quoted()).toBe(0);
    const invite = token(server, everyone, 'participant');
    const opened = await api(`/toc/${everyone}?invite=${invite}`);
    const sourcesCookie = opened.headers
      .getSetCookie()
      .find((c) => c.includes(`Path=/api/toc/${everyone}`))!
      .split(';')[0]!;
    const sources = (await (await api(`/api/toc/${everyone}/sources`, { cookie: sourcesCookie })).json()) as {
      id: string;
      wordsShared: boolean;
    }[];
    expect(sources.find((journey) => journey.id === LIFE)?.wordsShared).toBe(false);
    // The Marshes share their words again for the tests that follow.
    recordDecision(server, LIFE, 'share-words', 'given');
  });
});

describe('a theory of change’s cohort is a server record', () => {
  it('finding 2: a participant rewriting tocMeta.journeyIds reaches no other family’s words or counts', async () => {
    const pair = await draft('Two families', [LIFE, SLFY]);
    const client = connect(server, pair, token(server, pair, 'participant'), { ack: true });
    await synced(client);
    client.doc.transact(
      () => client.doc.getMap('tocMeta').set('journeyIds', [FA, LIFE, SLFY, SLFI]),
      userOrigin('attacker'),
    );
    await waitFor(() => (client.stored.get(client.doc.clientID) ?? 0) > 0, 10_000, 'the write to be stored');
    client.destroy();

    const invite = token(server, pair, 'participant');
    const opened = await api(`/toc/${pair}/list?invite=${invite}`);
    const cookies = new Map(
      opened.headers.getSetCookie().map((c) => [/Path=([^;]+)/.exec(c)![1]!, c.split(';')[0]!] as const),
    );
    const sources = (await (
      await api(`/api/toc/${pair}/sources`, { cookie: cookies.get(`/api/toc/${pair}`)! })
    ).json()) as {
      id: string;
    }[];
    expect(sources.map((journey) => journey.id).sort()).toEqual([LIFE, SLFY].sort());
    const list = await (await api(`/toc/${pair}/list`, { cookie: cookies.get(`/toc/${pair}`)! })).text();
    for (const other of [FA, SLFI]) {
      expect(list).not.toContain(example(other).family.pseudonym);
      for (const words of wordsOf(other)) expect(list).not.toContain(words);
    }
    expect(list).toContain('Drawn from 2 families');
    // The team's exports and counts follow the record too.
    const team = (await (await api(`/api/toc/${pair}?format=json`, { cookie })).json()) as EvaluatorJson;
    expect(team.journeyIds.sort()).toEqual([LIFE, SLFY].sort());
    for (const node of team.nodes) expect(Number(node.families ?? 0)).toBeLessThanOrEqual(2);
    const staffList = await (await api(`/toc/${pair}/list`, { cookie })).text();
    for (const words of [...wordsOf(FA), ...wordsOf(SLFI)]) expect(staffList).not.toContain(words);
  });
});

describe('evaluators learn nothing of too few families', () => {
  it('finding 4: no evaluator token for a draft from fewer families than the threshold; the API refuses one made anyway', async () => {
    const pair = await draft('Too few for evaluators', [LIFE, SLFY]);
    const invitePage = await (await api(`/toc/${pair}/invite`, { cookie })).text();
    expect(invitePage).toContain('An evaluator token cannot be made yet');
    const refused = await fetch(`${server.url}toc/${pair}/invite`, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({ role: 'evaluator', hours: '24' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(server.url).origin, cookie },
    });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('There is a problem');
    expect(html).toContain('draws on 2 families who agreed to analysis');
    expect(html).not.toContain('class="token"');
    // A token recorded some other way opens nothing: the API and the page refuse while the cohort is small.
    const recorded = token(server, pair, 'evaluator');
    const pulled = await pull(pair, recorded);
    expect(pulled.status).toBe(409);
    expect(((await pulled.json()) as { error: string }).error).toContain('at least 3');
    const page = await openEvaluatorPage(pair, recorded);
    expect(page.status).toBe(409);
    expect(page.html).toContain('There is nothing to show yet');
  });

  it('finding 4: a token made before a family withdrew stops working once the cohort falls below the threshold', async () => {
    const three = await draft('Three families', [FA, LIFE, SLFY]);
    const { shown } = await postAndFollow(server.url, `/toc/${three}/invite`, cookie, {
      role: 'evaluator',
      hours: '24',
    });
    const evaluatorToken = /<code class="token"[^>]*>([^<]+)<\/code>/.exec(shown.html)?.[1] ?? '';
    expect(shown.html).toContain(`/evaluate/${three}?token=${evaluatorToken}`);
    expect((await pull(three, evaluatorToken)).status).toBe(200);
    recordDecision(server, FA, 'analysis', 'withdrawn');
    try {
      expect((await pull(three, evaluatorToken)).status).toBe(409);
      // Staff see the family named, with the reason.
      const staffPage = await (await api(`/toc/${three}`, { cookie })).text();
      expect(staffPage).toContain(example(FA).title);
      expect(staffPage).toContain('the family withdrew its consent to analysis');
    } finally {
      recordDecision(server, FA, 'analysis', 'given');
    }
    expect((await pull(three, evaluatorToken)).status).toBe(200);
  });

  it('finding 4: above the threshold, a step drawn from 1 or 2 families says nothing of them; the team’s own steps stay', async () => {
    const evaluatorToken = token(server, everyone, 'evaluator');
    const view = await pullJson(everyone, evaluatorToken);
    const team = (await (await api(`/api/toc/${everyone}?format=json`, { cookie })).json()) as EvaluatorJson;
    const few = team.nodes.filter(
      (node) => typeof node.families === 'number' && node.families > 0 && node.families < 3,
    );
    expect(few.length).toBeGreaterThan(0);
    const withheld = view.nodes.filter((node) => node.title === withheldTitle(3));
    expect(withheld).toHaveLength(few.length);
    for (const node of withheld) {
      expect(node).toMatchObject({ families: 'suppressed', evidence: [], codes: [], reduces: [] });
      expect(node.description).toBeUndefined();
    }
    const kept = new Set(team.nodes.filter((node) => !few.includes(node)).map((node) => node.title));
    const markdown = await (await pull(everyone, evaluatorToken, 'format=md')).text();
    for (const node of few.filter((n) => !kept.has(n.title))) expect(markdown).not.toContain(node.title);
    // Steps with no evidence at all are the team's own words, and stay as written.
    const own = team.nodes.filter((node) => node.evidence.length === 0).map((node) => node.title);
    for (const title of own) expect(view.nodes.some((node) => node.title === title)).toBe(true);
  });
});

describe('evaluators get cost evidence only where the family agreed', () => {
  it('finding 5: a family without share-costs contributes no cost-event evidence, and counts follow', async () => {
    const evaluatorToken = token(server, everyone, 'evaluator');
    const ashby = evaluatorKeys(Buffer.from(SECRET), grantIdOf(evaluatorToken))('journey', SLFY);
    const costItems = (view: EvaluatorJson) =>
      view.nodes.flatMap((node) => node.evidence).filter((e) => e.journeyId === ashby && e.costEventId !== undefined);
    expect(costItems(await pullJson(everyone, evaluatorToken)).length).toBeGreaterThan(0);
    recordDecision(server, SLFY, 'share-costs', 'withdrawn');
    try {
      const view = await pullJson(everyone, evaluatorToken);
      expect(costItems(view)).toEqual([]);
      for (const node of view.nodes.filter((n) => typeof n.families === 'number'))
        expect(node.families).toBe(new Set(node.evidence.map((e) => e.journeyId)).size);
    } finally {
      recordDecision(server, SLFY, 'share-costs', 'given');
    }
  });
});

describe('evaluator keys', () => {
  it('finding 3: keys are per grant, stable for one grant, and no stored id reaches an evaluator export', async () => {
    const first = token(server, everyone, 'evaluator');
    const second = token(server, everyone, 'evaluator');
    const [a, b] = [await pullJson(everyone, first), await pullJson(everyone, second)];
    expect(a.journeyIds).toHaveLength(4);
    const keysOf = (view: EvaluatorJson) =>
      new Set([
        ...view.journeyIds,
        ...view.nodes.flatMap((node) => [node.id, ...node.evidence.map((e) => e.journeyId)]),
        ...view.links.flatMap((link) => [link.id, link.from, link.to]),
      ]);
    const shared = [...keysOf(a)].filter((key) => keysOf(b).has(key));
    expect(shared).toEqual([]);

    const team = (await (await api(`/api/toc/${everyone}?format=json`, { cookie })).json()) as EvaluatorJson;
    const stored = [
      ...storedJourneys(server).flatMap(storedIds),
      ...team.nodes.map((node) => node.id),
      ...team.links.map((link) => link.id),
      // A node kind's name ("impact") is also a word every export uses for the tier.
    ].filter((id) => id.length > 3 && !(TOC_NODE_KINDS as readonly string[]).includes(id));
    for (const document of EXPORT_DOCUMENTS) {
      const once = await (await pull(everyone, first, document.query)).text();
      const again = await (await pull(everyone, first, document.query)).text();
      expect(again, `${document.id} twice`).toBe(once);
      for (const id of stored)
        expect(once, `${document.id} holds "${id}"`).not.toMatch(new RegExp(`(^|[^\\w-])${id}([^\\w-]|$)`));
    }
  });
});

describe('a journey without consent to analysis is named where staff choose journeys', () => {
  it('the draft form says which families agreed; a draft from none is refused naming the family page; the cost report says how many it left out', async () => {
    recordDecision(server, SLFI, 'analysis', 'withdrawn');
    try {
      const home = await (await api('/', { cookie })).text();
      const row = (title: string) =>
        home.slice(home.lastIndexOf(title), home.indexOf('</label>', home.lastIndexOf(title)));
      expect(row(example(SLFI).title)).toContain('no consent to analysis');
      expect(row(example(LIFE).title)).toContain('consent to analysis recorded');

      const form = new URLSearchParams({ form: 'draft', title: 'Only the Holts' });
      form.append('journeyIds', SLFI);
      const refused = await fetch(server.url, {
        method: 'POST',
        body: form.toString(),
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(server.url).origin, cookie },
      });
      expect(refused.status).toBe(400);
      const page = await refused.text();
      expect(page).toContain('There is a problem');
      expect(page).toMatch(/record their consent to analysis on the family&#39;s page, \/families\/[\w-]+/);

      const report = (await (await api('/api/reports/costs?format=json', { cookie })).json()) as {
        leftOut: number;
        journeys: { id: string }[];
      };
      expect(report.leftOut).toBe(1);
      expect(report.journeys.map((j) => j.id)).not.toContain(SLFI);
      // The page reports only the journeys someone chose: here every one, this family's included.
      const chosen = [...report.journeys.map((j) => j.id), SLFI].map((id) => `journey=${id}`).join('&');
      expect(await (await api(`/reports/costs?${chosen}`, { cookie })).text()).toContain('1 journey is');
    } finally {
      recordDecision(server, SLFI, 'analysis', 'given');
    }
  });
});

describe('the evaluator’s page', () => {
  it('opens with its link only, and the cookie opens nothing else', async () => {
    const evaluatorToken = token(server, everyone, 'evaluator');
    expect((await api(`/evaluate/${everyone}`)).status).toBe(401);
    const opened = await api(`/evaluate/${everyone}?token=${evaluatorToken}`);
    const jar = opened.headers.getSetCookie().map((c) => c.split(';')[0]!);
    const evaluatorCookie = jar[0]!;
    const page = await api(`/evaluate/${everyone}`, { cookie: evaluatorCookie });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Download for your own tools');
    expect(html).not.toContain(evaluatorToken);
    // The downloads work with the cookie alone.
    const download = await api(`/api/toc/${everyone}?format=csv&table=links`, { cookie: evaluatorCookie });
    expect(download.status).toBe(200);
    // The cookie is no invite: journeys, the canvas, the list and the sources refuse it.
    for (const path of [
      `/toc/${everyone}`,
      `/toc/${everyone}/list`,
      `/api/toc/${everyone}/sources`,
      `/journeys/${LIFE}`,
    ])
      expect((await api(path, { cookie: evaluatorCookie })).status, path).toBe(401);
    // A token for another theory of change opens nothing here.
    const other = token(server, LIFE, 'evaluator');
    const elsewhere = await api(`/evaluate/${everyone}`, { cookie: `tp_evaluator=${other}` });
    expect(elsewhere.status).toBe(403);
  });
});
