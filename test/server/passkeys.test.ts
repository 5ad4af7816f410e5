/**
 * AUTH10 (server/SPEC.md), passkeys: the endpoints against the real server with stock `fetch` and a passkey in software
 * (software-passkey.ts): bad input is refused by field with a reason, requests from other
 * origins are refused, a challenge answers once, a copied authenticator (its counter going
 * back) and a removed passkey sign nobody in, and a disabled account's passkey is refused, each
 * refusal written to the audit log. The first admin enrols with a passkey and the link is used up.
 */
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../server/storage/sqlite-store.ts';
import { enrolmentUrl, signedInStaff, useServer } from './harness.ts';
import { SoftwarePasskey } from './software-passkey.ts';

const running = useServer();
const url = (path: string) => new URL(path, running.current.url).href;
const origin = () => new URL(running.current.url).origin;

/** The cookies one client holds, as a browser would keep them from the answers it gets. */
class Jar {
  private readonly cookies = new Map<string, string>();

  constructor(...pairs: string[]) {
    for (const pair of pairs) this.keep(pair);
  }

  private keep(pair: string): void {
    const at = pair.indexOf('=');
    this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1));
  }

  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const name = pair!.slice(0, pair!.indexOf('=')).trim();
      const gone = attributes.some((a) => /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(a));
      if (gone) this.cookies.delete(name);
      else this.keep(pair!);
    }
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

interface Sent {
  origin?: string | null;
  type?: string;
  /** Sent as it is, instead of the JSON of `body`. */
  raw?: string;
}

async function post(path: string, body: unknown, jar = new Jar(), sent: Sent = {}): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': sent.type ?? 'application/json', cookie: jar.header() };
  const from = sent.origin === undefined ? origin() : sent.origin;
  if (from !== null) headers.origin = from;
  const response = await fetch(url(path), {
    method: 'POST',
    redirect: 'manual',
    headers,
    body: sent.raw ?? JSON.stringify(body),
  });
  jar.take(response);
  return response;
}

type Answer = { error?: string; problems?: { field: string; reason: string }[] };

async function problemsOf(response: Response): Promise<Record<string, string>> {
  const json = (await response.json()) as Answer;
  return Object.fromEntries((json.problems ?? []).map((p) => [p.field, p.reason]));
}

function withDatabase<T>(work: (db: DatabaseSync) => T): T {
  const db = new DatabaseSync(join(running.current.dataDir, DATABASE_FILE), { timeout: 10_000 });
  try {
    return work(db);
  } finally {
    db.close();
  }
}

/** The audit rows about signing in this person, oldest first. */
const signinRows = (staffId: string) =>
  withDatabase(
    (db) =>
      db
        .prepare("SELECT outcome, detail FROM audit_log WHERE action = 'signin' AND actor = ? ORDER BY seq")
        .all(`staff:${staffId}`) as { outcome: string; detail: string }[],
  );

/** A signed-in staff member adds this passkey from their account page (the island's two requests). */
async function addPasskey(session: string, key: SoftwarePasskey, label = 'test key'): Promise<void> {
  const jar = new Jar(session);
  const options = await post('/api/passkeys/add/options', { label }, jar);
  expect(options.status).toBe(200);
  const answer = await post('/api/passkeys/add/verify', { response: key.register(await options.json()) }, jar);
  expect(answer.status, JSON.stringify(await answer.clone().json())).toBe(200);
}

/** Sign in with this passkey as the sign-in page does; the verify answer and the jar it leaves. */
async function signInWith(key: SoftwarePasskey): Promise<{ answer: Response; jar: Jar; sent: unknown }> {
  const jar = new Jar();
  const options = await post('/api/passkeys/signin/options', {}, jar);
  expect(options.status).toBe(200);
  const sent = { response: key.signIn(await options.json()) };
  return { answer: await post('/api/passkeys/signin/verify', sent, jar), jar, sent };
}

/** An answer of the right shape (to no challenge the server handed out). */
const wellFormedAssertion = () =>
  new SoftwarePasskey('http://127.0.0.1').signIn({ challenge: 'AAAA', rpId: '127.0.0.1' });

describe('AUTH10: passkey endpoints refuse bad input by field, with a reason', () => {
  const cases: {
    what: string;
    path: string;
    body?: unknown;
    sent?: Sent;
    status: number;
    field?: string;
    reason?: RegExp;
  }[] = [
    {
      what: 'another site',
      path: '/api/passkeys/signin/options',
      body: {},
      sent: { origin: 'https://elsewhere.example' },
      status: 403,
    },
    { what: 'no Origin header', path: '/api/passkeys/signin/verify', body: {}, sent: { origin: null }, status: 403 },
    {
      what: 'not JSON',
      path: '/api/passkeys/signin/options',
      sent: { type: 'text/plain', raw: '{}' },
      status: 400,
      field: '(body)',
      reason: /JSON/,
    },
    {
      what: 'broken JSON',
      path: '/api/passkeys/signin/options',
      sent: { raw: '{"' },
      status: 400,
      field: '(body)',
      reason: /JSON/,
    },
    {
      what: 'a field that is not one',
      path: '/api/passkeys/signin/options',
      body: { email: 'a@b.org' },
      status: 400,
      field: '(body)',
      reason: /no such field: email/,
    },
    { what: 'no answer', path: '/api/passkeys/signin/verify', body: {}, status: 400, field: 'response' },
    {
      what: 'an id that is not base64url',
      path: '/api/passkeys/signin/verify',
      body: { response: { ...wellFormedAssertion(), id: 'not base64url!' } },
      status: 400,
      field: 'response.id',
      reason: /base64url/,
    },
    {
      what: 'a wrong type',
      path: '/api/passkeys/signin/verify',
      body: { response: { ...wellFormedAssertion(), type: 'password' } },
      status: 400,
      field: 'response.type',
      reason: /public-key/,
    },
    {
      what: 'no signature',
      path: '/api/passkeys/signin/verify',
      body: (() => {
        const answer = wellFormedAssertion();
        const { signature: _left, ...rest } = answer.response;
        return { response: { ...answer, response: rest } };
      })(),
      status: 400,
      field: 'response.response.signature',
    },
    {
      what: 'an answer to no challenge',
      path: '/api/passkeys/signin/verify',
      body: { response: wellFormedAssertion() },
      status: 400,
      reason: /try again/,
    },
    {
      what: 'enrolling with no enrolment link',
      path: '/api/passkeys/enrol/options',
      body: {},
      status: 401,
      reason: /enrolment link/,
    },
    {
      what: 'adding a passkey, not signed in',
      path: '/api/passkeys/add/options',
      body: { label: 'x' },
      status: 401,
      reason: /not signed in/,
    },
    {
      what: 'adding a passkey, not signed in (answer)',
      path: '/api/passkeys/add/verify',
      body: { response: {} },
      status: 400,
      field: 'response.id',
    },
  ];
  for (const c of cases)
    it(`${c.what}: ${c.status}${c.field ? ` naming ${c.field}` : ''}`, async () => {
      const response = await post(c.path, c.body, new Jar(), c.sent);
      expect(response.status).toBe(c.status);
      expect(response.headers.get('set-cookie') ?? '').not.toMatch(/tp_session=[^;]/);
      const json = (await response.json()) as Answer;
      expect(json.error).toEqual(expect.any(String));
      if (c.field) {
        const problem = json.problems?.find((p) => p.field === c.field);
        expect(problem, JSON.stringify(json)).toBeDefined();
        if (c.reason) expect(problem!.reason).toMatch(c.reason);
      } else if (c.reason) expect(json.error).toMatch(c.reason);
    });

  it('the first admin’s name and email are checked before the device is asked; then they enrol', async () => {
    const link = await fetch(await enrolmentUrl(running.current), { redirect: 'manual' });
    expect(link.status).toBe(303);
    const jar = new Jar();
    jar.take(link);
    expect(jar.get('tp_enrol')).toBeDefined();
    const blank = await post('/api/passkeys/enrol/options', { name: ' ', email: 'nobody' }, jar);
    expect(blank.status).toBe(400);
    expect(await problemsOf(blank)).toEqual({
      name: 'enter your name, as colleagues know you',
      email: 'enter your email address, like name@example.org',
    });
    const missing = await post('/api/passkeys/enrol/options', {}, jar);
    expect(Object.keys(await problemsOf(missing)).sort()).toEqual(['email', 'name']);
    const extra = await post(
      '/api/passkeys/enrol/options',
      { name: 'Ada', email: 'ada@example.org', role: 'admin' },
      jar,
    );
    expect(await problemsOf(extra)).toEqual({ '(body)': 'no such field: role' });
    const good = await post('/api/passkeys/enrol/options', { name: 'Ada', email: 'ada@example.org' }, jar);
    expect(good.status).toBe(200);
    const options = (await good.json()) as {
      challenge: string;
      user: { name: string; displayName: string };
      rp: { id: string };
    };
    expect(options.user).toMatchObject({ name: 'ada@example.org', displayName: 'Ada' });
    expect(options.rp.id).toBe(new URL(running.current.url).hostname);
    expect(jar.get('tp_passkey')).toBeDefined();

    // The device answers: the account is made, the link used up and forgotten, the person signed in.
    const key = new SoftwarePasskey(origin());
    const done = await post('/api/passkeys/enrol/verify', { response: key.register(options) }, jar);
    expect(done.status).toBe(200);
    expect(await done.json()).toEqual({ next: '/account?enrolled' });
    const forgotten = done.headers.getSetCookie().filter((c) => c.startsWith('tp_enrol=;'));
    expect(forgotten.map((c) => /Path=([^;]+)/.exec(c)?.[1]).sort()).toEqual(['/api/passkeys', '/enrol']);
    const session = `tp_session=${jar.get('tp_session')}`;
    const account = await fetch(url('/account?enrolled'), { headers: { cookie: session } });
    expect(account.status).toBe(200);
    const html = await account.text();
    expect(html).toContain('Welcome, Ada.');
    expect(html).toContain('Your only way to sign in');

    // The link opens nothing again, with its cookie or in the address.
    const again = new Jar(`tp_enrol=${new URL(await enrolmentUrl(running.current)).searchParams.get('code')}`);
    expect((await post('/api/passkeys/enrol/options', { name: 'Eve', email: 'eve@example.org' }, again)).status).toBe(
      401,
    );
    expect((await fetch(await enrolmentUrl(running.current), { redirect: 'manual' })).status).toBe(401);

    // Removing the only way in is refused; with a password set, it is allowed.
    const remove = () =>
      fetch(url('/account'), {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: session, origin: origin(), 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ intent: 'remove-passkey', passkey: key.id }),
      });
    const refused = await remove();
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('this passkey is your only way to sign in');
    const password = await fetch(url('/account'), {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: session, origin: origin(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ intent: 'password', password: 'pelican umbrella marmalade' }),
    });
    expect(password.headers.get('location')).toBe('/account?password-changed');
    expect((await remove()).headers.get('location')).toBe('/account?passkey-removed');
  });

  it('a passkey’s name is checked: given, and not too long', async () => {
    const { cookie } = await signedInStaff(running.current);
    const jar = new Jar(cookie);
    expect(await problemsOf(await post('/api/passkeys/add/options', { label: '  ' }, jar))).toEqual({
      label: 'give this passkey a name, like “work laptop”',
    });
    expect(await problemsOf(await post('/api/passkeys/add/options', { label: 'x'.repeat(61) }, jar))).toEqual({
      label: 'at most 60 characters; this one has 61',
    });
    expect(await problemsOf(await post('/api/passkeys/add/options', { label: 7 }, jar))).toEqual({
      label: 'give this passkey a name, like “work laptop”',
    });
  });
});

describe('AUTH10: signing in with a passkey', () => {
  it('signs in with a registered passkey once per challenge; a copied or removed one signs nobody in', async () => {
    const { cookie, account } = await signedInStaff(running.current);
    const key = new SoftwarePasskey(origin());
    await addPasskey(cookie, key, 'work laptop');

    const { answer, jar, sent } = await signInWith(key);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ next: '/' });
    const session = jar.get('tp_session');
    expect(session, 'a session cookie is set').toBeDefined();
    const page = await fetch(url('/account'), { headers: { cookie: `tp_session=${session}` } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('work laptop');
    expect(html).toContain(account.email);

    // The same answer again, even with the challenge's cookie kept back: the challenge was used.
    const replayJar = new Jar();
    const options = await post('/api/passkeys/signin/options', {}, replayJar);
    const challengeCookie = replayJar.get('tp_passkey')!;
    const fresh = { response: key.signIn(await options.json()) };
    expect((await post('/api/passkeys/signin/verify', fresh, new Jar(`tp_passkey=${challengeCookie}`))).status).toBe(
      200,
    );
    const replayed = await post('/api/passkeys/signin/verify', fresh, new Jar(`tp_passkey=${challengeCookie}`));
    expect(replayed.status).toBe(400);
    expect(((await replayed.json()) as Answer).error).toMatch(/try again/);
    // An answer to an earlier challenge does not answer a new one.
    const laterJar = new Jar();
    await post('/api/passkeys/signin/options', {}, laterJar);
    expect((await post('/api/passkeys/signin/verify', sent, laterJar)).status).toBe(401);

    // A copy of the authenticator reports a counter that has not moved on: refused.
    key.counter -= 1;
    const copied = await signInWith(key);
    expect(copied.answer.status).toBe(401);
    expect(copied.jar.get('tp_session')).toBeUndefined();

    // Removed from the account page, the passkey signs nobody in.
    const form = await fetch(url('/account'), {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, origin: origin(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ intent: 'remove-passkey', passkey: key.id }),
    });
    expect(form.status).toBe(303);
    expect(form.headers.get('location')).toBe('/account?passkey-removed');
    const removed = await signInWith(key);
    expect(removed.answer.status).toBe(401);
    expect(((await removed.answer.json()) as Answer).error).toMatch(/not set up for an account here/);

    expect(signinRows(account.id).map((r) => `${r.outcome} ${r.detail}`)).toEqual([
      'ok password',
      'ok passkey',
      'ok passkey',
      'refused passkey:not-verified',
      'refused passkey:not-verified',
    ]);
  });

  it('does not add a passkey made for another site, and says so in the audit log', async () => {
    const { cookie, account } = await signedInStaff(running.current);
    const jar = new Jar(cookie);
    const options = await post('/api/passkeys/add/options', { label: 'phished' }, jar);
    const elsewhere = new SoftwarePasskey('https://elsewhere.example');
    const answer = await post('/api/passkeys/add/verify', { response: elsewhere.register(await options.json()) }, jar);
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as Answer).error).toMatch(/could not be checked/);
    const page = await (await fetch(url('/account'), { headers: { cookie } })).text();
    expect(page).toContain('You have no passkeys yet.');
    const rows = withDatabase(
      (db) =>
        db
          .prepare("SELECT outcome, detail FROM audit_log WHERE action = 'passkey.add' AND actor = ?")
          .all(`staff:${account.id}`) as { outcome: string; detail: string }[],
    );
    expect(rows).toEqual([{ outcome: 'refused', detail: 'not-verified' }]);
  });

  it('refuses a disabled account’s passkey, and says so in the audit log', async () => {
    const { cookie, account } = await signedInStaff(running.current);
    const key = new SoftwarePasskey(origin());
    await addPasskey(cookie, key);
    expect((await signInWith(key)).answer.status).toBe(200);

    // An admin of the project turns the account off on the admin page (and confirms it).
    const admin = await signedInStaff(running.current, 'admin');
    const disabled = await fetch(url('/admin'), {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: admin.cookie, origin: origin(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ form: 'disable', project: account.projectId, staff: account.id, confirm: 'yes' }),
    });
    expect(disabled.headers.get('location')).toBe('/admin?done=disable');
    const { answer, jar } = await signInWith(key);
    expect(answer.status).toBe(403);
    expect(((await answer.json()) as Answer).error).toMatch(/turned off/);
    expect(jar.get('tp_session')).toBeUndefined();
    expect(signinRows(account.id).at(-1)).toEqual({ outcome: 'refused', detail: 'passkey:disabled' });
  });
});
