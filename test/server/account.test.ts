/**
 * The account page against the real server: not signed in, it is a 401 page; a password is
 * changed only with the current one (a wrong one is refused, audited and counted like a wrong
 * sign-in) and a new one the policy accepts; "Sign out everywhere else" ends every other
 * session of the person at once and keeps this one.
 */
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../server/storage/sqlite-store.ts';
import { signIn, signedInStaff, useServer } from './harness.ts';

const running = useServer();
const url = (path: string) => new URL(path, running.current.url).href;

/** Post the account page's form, as its button does. */
function postForm(cookie: string, fields: Record<string, string>): Promise<Response> {
  return fetch(url('/account'), {
    method: 'POST',
    redirect: 'manual',
    headers: {
      cookie,
      origin: new URL(running.current.url).origin,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(fields),
  });
}

/** The error summary's lines, as a person reads them. */
const summaryOf = (html: string) =>
  [...(/<div class="error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '').matchAll(/<a href="[^"]*">([^<]*)<\/a>/g)].map(
    (m) => m[1],
  );

const auditRows = (action: string, actor: string) => {
  const db = new DatabaseSync(join(running.current.dataDir, DATABASE_FILE), { timeout: 10_000 });
  try {
    return db
      .prepare('SELECT outcome, detail FROM audit_log WHERE action = ? AND actor = ? ORDER BY seq')
      .all(action, actor) as { outcome: string; detail: string }[];
  } finally {
    db.close();
  }
};

describe('the account page', () => {
  it('is a 401 page for someone not signed in, saying how to sign in', async () => {
    const response = await fetch(url('/account'));
    expect(response.status).toBe(401);
    const html = await response.text();
    expect(html).toContain('Sign in to see your account');
    expect(html).toContain('href="/signin"');
  });

  it('changes a password only with the current one and a new one the policy accepts', async () => {
    const { cookie, account } = await signedInStaff(running.current);

    const empty = await postForm(cookie, { intent: 'password', current: '', password: '' });
    expect(empty.status).toBe(400);
    expect(summaryOf(await empty.text())).toEqual([
      'Your current password: enter the password you sign in with now',
      'New password: use at least 12 characters (a few words you will remember works well)',
    ]);

    const wrong = await postForm(cookie, {
      intent: 'password',
      current: 'not my password',
      password: 'pelican umbrella marmalade',
    });
    expect(wrong.status).toBe(400);
    expect(summaryOf(await wrong.text())).toEqual([
      'Your current password: this is not the password you sign in with now: check it and try again',
    ]);

    const common = await postForm(cookie, { intent: 'password', current: account.password, password: 'password1234' });
    expect(summaryOf(await common.text())).toEqual([
      'New password: this is one of the most common passwords: choose one nobody would guess',
    ]);

    const changed = await postForm(cookie, {
      intent: 'password',
      current: account.password,
      password: 'pelican umbrella marmalade',
    });
    expect(changed.status).toBe(303);
    expect(changed.headers.get('location')).toBe('/account?password-changed');
    const page = await (await fetch(url('/account?password-changed'), { headers: { cookie } })).text();
    expect(page).toContain('Your password is changed.');

    await expect(signIn(running.current, account)).rejects.toThrow(/401/);
    await signIn(running.current, { ...account, password: 'pelican umbrella marmalade' });
    expect(auditRows('password.change', `staff:${account.id}`)).toEqual([
      { outcome: 'refused', detail: 'wrong-current' },
      { outcome: 'ok', detail: 'changed' },
    ]);
  });

  it('refuses a form it does not know, and says so', async () => {
    const { cookie } = await signedInStaff(running.current);
    const response = await postForm(cookie, { intent: 'delete-everything' });
    expect(response.status).toBe(400);
    expect(summaryOf(await response.text())).toEqual([
      'The form sent was not one this page knows: reload the page and try again',
    ]);
  });

  it('signs out everywhere else: every other session ends at once, this one carries on', async () => {
    const { cookie: here, account } = await signedInStaff(running.current);
    const laptop = await signIn(running.current, account);
    const phone = await signIn(running.current, account);
    const before = await (await fetch(url('/account'), { headers: { cookie: here } })).text();
    expect(before.match(/<td>Password<\/td>/g)).toHaveLength(3);
    expect(before).toContain('(this device)');

    const response = await postForm(here, { intent: 'sign-out-others' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/account?signed-out-elsewhere=2');
    for (const elsewhere of [laptop, phone])
      expect((await fetch(url('/account'), { headers: { cookie: elsewhere } })).status).toBe(401);
    const after = await fetch(url('/account?signed-out-elsewhere=2'), { headers: { cookie: here } });
    expect(after.status).toBe(200);
    const html = await after.text();
    expect(html).toContain('You are signed out everywhere else (2 sessions ended).');
    expect(html).not.toContain('Sign out everywhere else</button>');
    expect(auditRows('signout.others', `staff:${account.id}`)).toEqual([{ outcome: 'ok', detail: 'ended:2' }]);
  });
});
