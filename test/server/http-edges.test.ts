/**
 * The HTTP edges of the server (server/SPEC.md HTTP3 to HTTP8, TOC3, TOC5), against the real
 * process: methods it does not serve, what reaches its logs, caching, a TLS-terminating proxy
 * in front, bodies too large or not wanted, clients that stall, and control characters typed
 * into family text on their way to evaluators' tools.
 */
import { get as httpGet, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { DatabaseSync } from 'node:sqlite';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DATABASE_FILE } from '../../server/storage/sqlite-store.ts';
import { readToc, setLinkRationale, setTocTitle, userOrigin } from '../../src/doc/index.ts';
import {
  connect,
  staffAccount,
  synced,
  token,
  useServer,
  waitFor,
  type FileServer,
  type StaffAccount,
  exampleId,
} from './harness.ts';
import { openRaw, rawRequest } from './raw-http.ts';

let JOURNEY = '';
const MAX_BODY_BYTES = 64 * 1024;
const HEADERS_TIMEOUT_MS = 2000;

const running = useServer({
  MAX_BODY_BYTES: String(MAX_BODY_BYTES),
  HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
  REQUEST_TIMEOUT_MS: '4000',
});
beforeAll(() => {
  JOURNEY = exampleId(running.current, 'slf-isolated-family');
});
let cookie: string;
let signedInCaching: string | null;
let tocId: string;

const url = (server: FileServer, path: string) => new URL(path, server.current.url).href;
const origin = (server: FileServer) => new URL(server.current.url).origin;
const sessionOf = (response: Response) =>
  response.headers
    .getSetCookie()
    .find((header) => header.startsWith('tp_session='))!
    .split(';')[0]!;

/** Post the sign-in form as a browser does (from this origin unless told otherwise). */
const signIn = (server: FileServer, account: StaffAccount, headers: Record<string, string> = {}) =>
  fetch(url(server, '/signin'), {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams({ email: account.email, password: account.password }).toString(),
    headers: { origin: origin(server), 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });

beforeAll(async () => {
  const signedIn = await signIn(running, await staffAccount(running.current));
  expect(signedIn.status).toBe(303);
  cookie = sessionOf(signedIn);
  signedInCaching = signedIn.headers.get('cache-control');
  const draft = new URLSearchParams({ title: 'How families move on' });
  for (const id of [JOURNEY, exampleId(running.current, 'family-action-single-mother')]) draft.append('journeyIds', id);
  const drafted = await fetch(url(running, '/api/toc'), {
    method: 'POST',
    body: draft.toString(),
    headers: {
      cookie,
      accept: 'application/json',
      'content-type': 'application/x-www-form-urlencoded',
      origin: origin(running),
    },
  });
  tocId = ((await drafted.json()) as { id: string }).id;
});

/**
 * The lines the server wrote (stdout and stderr) but those it prints at start for people: where
 * it runs, and (on a store with no admin yet) the first admin's enrolment link.
 */
const logLines = (server: FileServer = running) =>
  server.current
    .output()
    .split('\n')
    .filter((line) => line.trim() && !/^(Turning Points is running at|Enrol the first admin)/.test(line));

describe('methods the site does not serve', () => {
  it('HTTP3: TRACE, PUT, DELETE, PATCH and OPTIONS get 405 with Allow, before any page runs', async () => {
    const invite = token(running.current, JOURNEY, 'participant');
    for (const method of ['TRACE', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      for (const path of [
        `/journeys/${JOURNEY}?invite=${invite}`,
        `/enrol?code=${invite}`,
        '/signin',
        '/api/journeys',
      ]) {
        const response = await rawRequest(running.current.url, `${method} ${path} HTTP/1.1`);
        expect(response.status, `${method} ${path}`).toBe(405);
        expect(response.headers.get('allow')).toBe('GET, HEAD, POST');
      }
    }
  });
});

describe('what reaches the logs', () => {
  it('HTTP4: every line the server wrote is a JSON log line, and none carries a token or a code', async () => {
    // Requests Astro itself complains about (an address that does not decode) go to the log too.
    const invite = token(running.current, JOURNEY, 'participant');
    await fetch(url(running, `/journeys/%ZZ?invite=${invite}`));
    await rawRequest(running.current.url, `TRACE /journeys/${JOURNEY}?invite=${invite} HTTP/1.1`);
    const signature = invite.split('.')[1]!;
    await waitFor(() => logLines().some((line) => line.includes('Invalid URL encoding')), 5000, 'Astro to complain');
    for (const line of logLines()) {
      expect(() => JSON.parse(line) as unknown, line).not.toThrow();
      expect(line).not.toContain(signature);
      expect(line).not.toContain('?invite=');
    }
  });
});

describe('a page that fails', () => {
  // Its own server with the default request timeout: the sign-in below waits out the writer's
  // 5 s lock timeout before it fails, longer than the short timeout the other tests use.
  const failing = useServer();
  it('HTTP4: a page that fails is logged as a JSON line by its path alone; the invite token in its address is not', async () => {
    // Another connection holds the database's write lock: opening an invite (audited: a write) fails.
    const invite = token(failing.current, JOURNEY, 'participant');
    const locker = new DatabaseSync(join(failing.current.dataDir, DATABASE_FILE));
    let status: number;
    try {
      locker.exec('PRAGMA busy_timeout = 5000'); // the server may be mid-write: wait for it
      locker.exec('BEGIN IMMEDIATE');
      status = (await fetch(url(failing, `/journeys/${JOURNEY}?invite=${invite}`), { redirect: 'manual' })).status;
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }
    expect(status).toBe(500);
    await waitFor(
      () => logLines(failing).some((line) => line.includes('a page failed')),
      5000,
      'the failure to be logged',
    );
    const failure = JSON.parse(logLines(failing).find((line) => line.includes('a page failed'))!) as {
      path: string;
      err: { message: string };
    };
    expect(failure.path).toBe(`/journeys/${JOURNEY}`);
    expect(failure.err.message).toMatch(/locked|busy/i);
    for (const line of logLines(failing)) expect(line).not.toContain(invite.split('.')[1]!);
  });
});

describe('caching', () => {
  it('HTTP5: every answer with family data, a token or a session is no-store; static files keep their caching', async () => {
    const invite = token(running.current, JOURNEY, 'participant');
    const evaluator = { authorization: `Bearer ${token(running.current, tocId, 'evaluator')}` };
    const gets: [string, Record<string, string>][] = [
      ['/', { cookie }],
      [`/journeys/${JOURNEY}?invite=${invite}`, {}],
      [`/journeys/${JOURNEY}/list?invite=${invite}`, {}],
      [`/journeys/${JOURNEY}/costs?invite=${invite}`, {}],
      [`/journeys/${JOURNEY}/invite`, { cookie }],
      [`/journeys/${JOURNEY}`, {}],
      [`/toc/${tocId}`, { cookie }],
      [`/toc/${tocId}/list`, { cookie }],
      [`/toc/${tocId}/invite`, { cookie }],
      ['/reports/costs', { cookie }],
      ['/api/reports/costs', { cookie }],
      ['/api/reports/costs?format=csv', { cookie }],
      [`/api/toc/${tocId}?format=md`, evaluator],
      [`/api/toc/${tocId}/sources`, { cookie }],
      ['/signin', {}],
      ['/enrol?code=not-a-code', {}],
      ['/no-such-page', {}],
    ];
    for (const [path, headers] of gets) {
      const response = await fetch(url(running, path), { headers, redirect: 'manual' });
      expect(response.headers.get('cache-control'), path).toBe('no-store');
    }
    expect(signedInCaching).toBe('no-store');
    const invited = await fetch(url(running, `/journeys/${JOURNEY}/invite`), {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({ role: 'participant', hours: '4' }).toString(),
      headers: { cookie, origin: origin(running), 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(invited.status).toBe(303);
    expect(invited.headers.get('cache-control')).toBe('no-store');
    // The page that then shows the new link once is not kept either.
    const made = invited.headers
      .getSetCookie()
      .find((header) => header.startsWith('tp_made='))!
      .split(';')[0];
    const shown = await fetch(url(running, invited.headers.get('location')!), {
      headers: { cookie: `${cookie}; ${made}` },
    });
    expect(await shown.text()).toContain('?invite=');
    expect(shown.headers.get('cache-control')).toBe('no-store');
    const started = await fetch(url(running, '/api/journeys'), {
      method: 'POST',
      body: JSON.stringify({ title: 'Cached?', familyPseudonym: 'The Owls', consent: 'yes' }),
      headers: { cookie, 'content-type': 'application/json' },
    });
    expect(started.status).toBe(201);
    expect(started.headers.get('cache-control')).toBe('no-store');

    const home = await (await fetch(url(running, '/'), { headers: { cookie } })).text();
    const asset = /(\/_astro\/[^"]+\.(?:js|css))"/.exec(home)![1]!;
    expect((await fetch(url(running, asset))).headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const schema = await fetch(url(running, '/schema/theory-of-change/v1.json'));
    expect(schema.headers.get('cache-control')).toBe('public, max-age=3600');
    // The tab's icon, named by every page, is there (browsers asked for one and met a 404).
    const icon = /<link rel="icon" href="([^"]+)"/.exec(home)![1]!;
    const served = await fetch(url(running, icon));
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/svg+xml');
  });
});

describe('compression', () => {
  /** One GET with node:http, which (unlike fetch) neither asks for nor undoes compression itself. */
  const get = (path: string, headers: Record<string, string>) =>
    new Promise<{ headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      httpGet(url(running, path), { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
      }).on('error', reject);
    });

  it('HTTP9: scripts go in the compressed copy the browser takes; pages are never compressed', async () => {
    const map = (await get(`/journeys/${JOURNEY}`, { cookie, 'accept-encoding': 'gzip, deflate, br' })).body.toString();
    const script = [...map.matchAll(/"(\/_astro\/[^"]+\.js)"/g)].map((match) => match[1]!);
    expect(script.length).toBeGreaterThan(0);
    // The map names every script its editor loads, so a slow connection fetches them at once.
    const preloaded = [...map.matchAll(/<link rel="modulepreload" href="(\/_astro\/[^"]+\.js)">/g)].map((m) => m[1]);
    expect(preloaded.length).toBeGreaterThanOrEqual(5);
    for (const island of script.filter((path) => map.includes(`component-url="${path}"`)))
      expect(preloaded).toContain(island);
    // The largest script the page loads: the one the build compressed.
    const sizes = await Promise.all(script.map(async (path) => ({ path, plain: await get(path, {}) })));
    const { path, plain } = sizes.sort((a, b) => b.plain.body.byteLength - a.plain.body.byteLength)[0]!;
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');

    const brotli = await get(path, { 'accept-encoding': 'gzip, deflate, br' });
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(Number(brotli.headers['content-length'])).toBe(brotli.body.byteLength);
    expect(brotli.body.byteLength).toBeLessThan(plain.body.byteLength / 2);
    expect(brotliDecompressSync(brotli.body).equals(plain.body)).toBe(true);

    const gzip = await get(path, { 'accept-encoding': 'gzip;q=1, br;q=0' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).equals(plain.body)).toBe(true);
    expect((await get(path, { 'accept-encoding': 'identity' })).headers['content-encoding']).toBeUndefined();

    for (const page of ['/', `/journeys/${JOURNEY}`]) {
      const answer = await get(page, { cookie, 'accept-encoding': 'gzip, deflate, br' });
      expect(answer.headers['content-encoding'], page).toBeUndefined();
    }
  });
});

describe('the JSON Schema', () => {
  it('TOC3: its $id names this server as configured, whatever Host the request says', async () => {
    const forged = await rawRequest(running.current.url, 'GET /schema/theory-of-change/v1.json HTTP/1.1', {
      Host: 'attacker.example:8666',
    });
    expect(forged.status).toBe(200);
    const schema = JSON.parse(forged.body) as { $id: string };
    expect(schema.$id).toBe(url(running, '/schema/theory-of-change/v1.json'));
  });
});

describe('behind a proxy that terminates TLS', () => {
  const proxied = useServer({ TRUST_PROXY: '1' });
  const PUBLIC = 'https://journeys.example.org';
  /** What nginx or Caddy add in front of us. */
  const FORWARDED = {
    'x-forwarded-proto': 'https',
    'x-forwarded-host': 'journeys.example.org',
    'x-forwarded-for': '203.0.113.9',
  };
  const newJourney = new URLSearchParams({
    form: 'new-journey',
    title: 'Behind the proxy',
    familyPseudonym: 'The Herons',
    template: 'blank',
    consent: 'yes',
  }).toString();

  it('HTTP6: with TRUST_PROXY, the session cookie is Secure and forms posted from the public address are taken', async () => {
    const signedIn = await signIn(proxied, await staffAccount(proxied.current), { ...FORWARDED, origin: PUBLIC });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.getSetCookie().find((header) => header.startsWith('tp_session='))).toMatch(/;\s*Secure/i);
    const post = (headers: Record<string, string>) =>
      fetch(url(proxied, '/'), {
        method: 'POST',
        body: newJourney,
        redirect: 'manual',
        headers: {
          cookie: sessionOf(signedIn),
          origin: PUBLIC,
          'content-type': 'application/x-www-form-urlencoded',
          ...headers,
        },
      });
    const started = await post(FORWARDED);
    expect(started.status).toBe(303);
    expect(started.headers.get('location')).toMatch(/^\/journeys\//);
    // Without the proxy's word, that Origin is another site's.
    expect((await post({})).status).toBe(403);
    // A forwarded host that is no host is not believed.
    expect((await post({ ...FORWARDED, 'x-forwarded-host': 'journeys.example.org/evil' })).status).toBe(403);
  });

  it('HTTP6: without TRUST_PROXY, forwarded headers are ignored', async () => {
    const account = await staffAccount(running.current);
    // The public address is another site's here: its sign-in form is refused.
    expect((await signIn(running, account, { ...FORWARDED, origin: PUBLIC })).status).toBe(403);
    const signedIn = await signIn(running, account, FORWARDED);
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.getSetCookie().find((header) => header.startsWith('tp_session='))).not.toMatch(/Secure/i);
    const posted = await fetch(url(running, '/'), {
      method: 'POST',
      body: newJourney,
      redirect: 'manual',
      headers: {
        ...FORWARDED,
        cookie: sessionOf(signedIn),
        origin: PUBLIC,
        'content-type': 'application/x-www-form-urlencoded',
      },
    });
    expect(posted.status).toBe(403);
  });
});

describe('request bodies', () => {
  it('HTTP7: a body that says it is over MAX_BODY_BYTES is refused (413) before a byte of it is sent', async () => {
    for (const headers of ['', `Cookie: ${cookie}\r\n`]) {
      const connection = await openRaw(running.current.url);
      connection.socket.write(
        `POST /api/journeys HTTP/1.1\r\nHost: x\r\n${headers}Content-Type: application/json\r\nContent-Length: ${200 * 1024 * 1024}\r\n\r\n`,
      );
      await connection.waitFor(/^HTTP\/1\.1 413 /);
      await connection.closed();
      connection.socket.destroy();
    }
  });

  it('HTTP7: a chunked body is cut off at MAX_BODY_BYTES with 413', async () => {
    const connection = await openRaw(running.current.url);
    connection.socket.write(
      `POST /api/journeys HTTP/1.1\r\nHost: x\r\nCookie: ${cookie}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`,
    );
    const chunk = 'x'.repeat(8 * 1024);
    let sent = 0;
    const giveUpAt = 16 * MAX_BODY_BYTES;
    while (!connection.received() && connection.closedAfterMs() === undefined && sent < giveUpAt) {
      connection.socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
      sent += chunk.length;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // The answer came while the body was still coming (it never ends: no last chunk is sent).
    await connection.waitFor(/^HTTP\/1\.1 413 /);
    expect(sent).toBeLessThan(giveUpAt);
    connection.socket.destroy();
  });

  it('HTTP7: the body of someone not signed in is not read where a sign-in is needed: the answer comes, and the connection closes', async () => {
    const connection = await openRaw(running.current.url);
    connection.socket.write(
      `POST /api/journeys HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${MAX_BODY_BYTES - 1}\r\n\r\n`,
    );
    await connection.waitFor(/^HTTP\/1\.1 401 /);
    // Not kept open to read (and throw away) the body it did not want.
    await connection.closed();
    expect(connection.received()).toMatch(/\r\nConnection: close\r\n/i);
  });

  it('HTTP7: a signed-in body under the limit still arrives whole', async () => {
    const started = await fetch(url(running, '/api/journeys'), {
      method: 'POST',
      body: JSON.stringify({ title: 'A'.repeat(40), familyPseudonym: 'The Wrens', consent: 'yes' }),
      headers: { cookie, 'content-type': 'application/json' },
    });
    expect(started.status).toBe(201);
  });
});

describe('clients that stall', () => {
  it('HTTP8: half a request line, then nothing: closed within HEADERS_TIMEOUT_MS (and the check interval)', async () => {
    const connection = await openRaw(running.current.url);
    connection.socket.write('GET /journ');
    const closedAfter = await connection.closed(HEADERS_TIMEOUT_MS + 6000);
    expect(closedAfter).toBeLessThan(HEADERS_TIMEOUT_MS + 6000);
  });

  it('HTTP8: a connection that never says anything is closed too', async () => {
    const connection = await openRaw(running.current.url);
    const closedAfter = await connection.closed(HEADERS_TIMEOUT_MS + 6000);
    expect(closedAfter).toBeLessThan(HEADERS_TIMEOUT_MS + 6000);
  });

  it('HTTP8: a live room is no HTTP request: idle for longer than REQUEST_TIMEOUT_MS, it stays open', async () => {
    const client = running.client(JOURNEY, 'viewer');
    await synced(client);
    let closes = 0;
    client.provider.on('connection-close', () => closes++);
    await new Promise((resolve) => setTimeout(resolve, 6000));
    expect(closes).toBe(0);
    expect(client.provider.wsconnected).toBe(true);
    client.destroy();
  });
});

describe('control characters in family text', () => {
  it('TOC5: no export format hands an evaluator NUL, ESC or another control character', async () => {
    const client = connect(running.current, tocId, token(running.current, tocId, 'facilitator'), { ack: true });
    await synced(client);
    setTocTitle(client.doc, 'Moving on\u0000 \u001b[31mnow red\u001b[0m', userOrigin('t'));
    const link = readToc(client.doc).toc.links[0]!;
    setLinkRationale(client.doc, link.id, 'Trust\u0007 comes\r\nslowly\u009b2J', userOrigin('t'));
    const json = async () =>
      (await (await fetch(url(running, `/api/toc/${tocId}?format=json`), { headers: { cookie } })).json()) as {
        title: string;
        links: { id: string; rationale?: string }[];
      };
    // Exports read what is stored: wait until the server says both changes are.
    const written = Y.getState(client.doc.store, client.doc.clientID);
    await waitFor(() => (client.stored.get(client.doc.clientID) ?? 0) >= written, 5000, 'the changes to be stored');
    client.destroy();
    const exported = await json();
    // eslint-disable-next-line no-control-regex -- looking for control characters is the point
    const control = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
    expect(exported.title).toBe('Moving on\uFFFD \uFFFD[31mnow red\uFFFD[0m');
    expect(exported.links.find((l) => l.id === link.id)?.rationale).toBe('Trust\uFFFD comes\r\nslowly\uFFFD2J');
    /** Each text format, and the typed text it shows (mermaid and DOT draw the links without their rationale). */
    const shows: Record<string, string | undefined> = {
      'format=md': 'now red',
      'format=csv&table=links': 'Trust\uFFFD comes\nslowly',
      'format=csv&table=indicators': undefined,
      'format=mermaid': undefined,
      'format=dot': undefined,
    };
    for (const [query, typed] of Object.entries(shows)) {
      const text = await (await fetch(url(running, `/api/toc/${tocId}?${query}`), { headers: { cookie } })).text();
      // A line end (CSV ends its rows with CR LF) is the only place a carriage return may stand.
      const body = text.replaceAll('\r\n', '\n');
      expect(body, query).not.toMatch(control);
      if (typed) expect(body, query).toContain(typed);
    }
  });
});
