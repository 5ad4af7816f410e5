/**
 * Ending access ends connections (server/SPEC.md AUTH8, close code 4402 `accessRevoked`): a
 * revoked invite's open rooms close at once, a person taken off the project or whose account is
 * disabled at the console (`turning-points staff remove`, `staff disable`, another process) is
 * closed by the room's next check (REAUTHORISE_SECONDS, default 30: within 60 s),
 * and a signed-out session opens nothing and its room closes. Real server, stock clients, the
 * revoke done with the invite page's own form.
 */
import { expect, test, beforeAll } from 'vitest';
import { connect, signedInStaff, synced, token, useServer, waitFor, type Client, exampleId } from './harness.ts';
import {
  connectWithCookies,
  CookieJar,
  grantIdOf,
  inStore,
  openInvite,
  turningPoints,
  upgradeStatus,
} from './visitors.ts';

let DOC = '';
const server = useServer();
beforeAll(() => {
  DOC = exampleId(server.current, 'family-action-single-mother');
});

/** When the server closed this client's connection and with which code (once it has). */
function watchClose(client: Client): { code?: number; at?: number } {
  const closed: { code?: number; at?: number } = {};
  client.provider.on('connection-close', (event: CloseEvent | null) => {
    if (closed.code !== undefined) return;
    closed.code = event?.code ?? 0;
    closed.at = Date.now();
  });
  return closed;
}

/** Post a form as this signed-in person, from the server's own origin, as their browser would. */
async function postForm(cookie: string, path: string, form: Record<string, string>): Promise<Response> {
  const url = new URL(path, server.current.url);
  const response = await fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, origin: url.origin, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  await response.body?.cancel();
  return response;
}

async function statusOf(path: string, cookie: string | undefined): Promise<number> {
  const response = await fetch(new URL(path, server.current.url), {
    redirect: 'manual',
    headers: cookie ? { cookie } : {},
  });
  await response.body?.cancel();
  return response.status;
}

test('AUTH8: revoking an invite on its page closes its open rooms with 4402 at once, stock client and browser alike', async ({
  annotate,
}) => {
  const facilitator = await signedInStaff(server.current, 'facilitator');
  const invite = token(server.current, DOC, 'participant');
  const script = connect(server.current, DOC, invite);
  const opened = await openInvite(server.current, `/journeys/${DOC}`, invite);
  const browser = connectWithCookies(server.current, DOC, opened.jar);
  try {
    await Promise.all([synced(script), synced(browser)]);
    const [scriptClosed, browserClosed] = [watchClose(script), watchClose(browser)];
    const revokedAt = Date.now();
    const revoke = await postForm(facilitator.cookie, `/journeys/${DOC}/invite`, { revoke: grantIdOf(invite) });
    expect(revoke.status).toBe(303);
    expect(revoke.headers.get('location')).toContain(`revoked=${grantIdOf(invite)}`);
    await waitFor(() => scriptClosed.code !== undefined && browserClosed.code !== undefined, 10_000, 'both closes');
    const took = Math.max(scriptClosed.at!, browserClosed.at!) - revokedAt;
    await annotate(`revoked invite: both connections closed ${took} ms after the Revoke button's post`);
    expect([scriptClosed.code, browserClosed.code]).toEqual([4402, 4402]);
    expect(took).toBeLessThan(5000);
    // Closed for good: the token and the cookie are refused at the upgrade, and the page says the link ran out.
    expect(await upgradeStatus(server.current, DOC, { token: invite })).toBe(401);
    expect(await upgradeStatus(server.current, DOC, { jar: opened.jar })).toBe(401);
    expect(await statusOf(`/journeys/${DOC}`, opened.jar.header(`/journeys/${DOC}`))).toBe(401);
    // The audit log says who revoked which invite (its id, never its token).
    const audited = inStore(server.current, (db) =>
      db
        .prepare('SELECT actor, outcome, doc_id, detail FROM audit_log WHERE action = ? AND subject = ?')
        .all('invite.revoke', grantIdOf(invite)),
    );
    expect(audited).toEqual([
      { actor: `staff:${facilitator.account.id}`, outcome: 'ok', doc_id: DOC, detail: 'participant' },
    ]);
  } finally {
    script.destroy();
    browser.destroy();
  }
});

test('AUTH5: the invite page refuses to revoke another document’s invite (400, saying why) and changes nothing', async () => {
  const facilitator = await signedInStaff(server.current, 'facilitator');
  const elsewhere = token(server.current, exampleId(server.current, 'slf-isolated-family'), 'viewer');
  const response = await fetch(new URL(`/journeys/${DOC}/invite`, server.current.url), {
    method: 'POST',
    redirect: 'manual',
    headers: {
      cookie: facilitator.cookie,
      origin: new URL(server.current.url).origin,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ revoke: grantIdOf(elsewhere) }).toString(),
  });
  const page = await response.text();
  expect(response.status).toBe(400);
  expect(page).toContain('There is a problem');
  expect(page).toContain('href="#revoke"');
  expect(page).toMatch(/Revoke: that invite is not one of this page’s/);
  expect(
    await upgradeStatus(server.current, exampleId(server.current, 'slf-isolated-family'), { token: elsewhere }),
  ).toBe(101);
});

test('AUTH8: a person taken off the project, or whose account is disabled, is closed with 4402 within 60 s (default REAUTHORISE_SECONDS)', async ({
  annotate,
}) => {
  const takenOff = await signedInStaff(server.current, 'facilitator');
  const disabled = await signedInStaff(server.current, 'facilitator');
  const clients = [takenOff, disabled].map((staff) =>
    connectWithCookies(server.current, DOC, new CookieJar().add(staff.cookie)),
  );
  try {
    await Promise.all(clients.map(synced));
    const closes = clients.map(watchClose);
    const changedAt = Date.now();
    // At the server's console, in another process: the server learns of it at its rooms' next check.
    turningPoints(
      server.current,
      'staff',
      'remove',
      '--email',
      takenOff.account.email,
      `--project=${takenOff.account.projectId}`,
    );
    turningPoints(server.current, 'staff', 'disable', '--email', disabled.account.email);
    await waitFor(() => closes.every((c) => c.code !== undefined), 65_000, 'both closes');
    const seconds = closes.map((c) => (c.at! - changedAt) / 1000);
    await annotate(
      `taken off the project: closed after ${seconds[0]!.toFixed(1)} s; account disabled: closed after ${seconds[1]!.toFixed(1)} s`,
    );
    expect(closes.map((c) => c.code)).toEqual([4402, 4402]);
    for (const took of seconds) expect(took).toBeLessThanOrEqual(60);
    // And they cannot come back in.
    expect(await upgradeStatus(server.current, DOC, { jar: new CookieJar().add(takenOff.cookie) })).toBe(403);
    expect(await upgradeStatus(server.current, DOC, { jar: new CookieJar().add(disabled.cookie) })).toBe(401);
  } finally {
    for (const client of clients) client.destroy();
  }
}, 90_000);

test('AUTH8: a signed-out session opens nothing (200, then 401) and its room closes with 4402 at once', async ({
  annotate,
}) => {
  const { cookie } = await signedInStaff(server.current, 'facilitator');
  expect(await statusOf(`/journeys/${DOC}`, cookie)).toBe(200);
  const client = connectWithCookies(server.current, DOC, new CookieJar().add(cookie));
  try {
    await synced(client);
    const closed = watchClose(client);
    const signedOutAt = Date.now();
    expect((await postForm(cookie, '/signout', {})).status).toBe(303);
    await waitFor(() => closed.code !== undefined, 10_000, 'the close');
    await annotate(`signed out: the room connection closed ${closed.at! - signedOutAt} ms after the sign-out post`);
    expect(closed.code).toBe(4402);
    expect(await statusOf(`/journeys/${DOC}`, cookie)).toBe(401);
    expect(await statusOf(`/journeys/${DOC}/invite`, cookie)).toBe(401);
    expect(await upgradeStatus(server.current, DOC, { jar: new CookieJar().add(cookie) })).toBe(401);
  } finally {
    client.destroy();
  }
});

test('AUTH5: an evaluator token made with the CLI is listed on the theory of change’s invite page as made by a script; revoked there, its exports end', async () => {
  const { cookie } = await signedInStaff(server.current, 'facilitator');
  const origin = new URL(server.current.url).origin;
  const drafted = await fetch(new URL('/api/toc', server.current.url), {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json', accept: 'application/json' },
    // Evaluators get a view only of EVALUATOR_MIN_FAMILIES (3) families or more (TOC7).
    body: JSON.stringify({
      title: 'How families move on',
      journeyIds: [
        DOC,
        exampleId(server.current, 'slf-isolated-family'),
        exampleId(server.current, 'slf-disengaged-young-people'),
      ],
      minFamilies: 1,
    }),
  });
  expect(drafted.status).toBe(201);
  const { id: tocId } = (await drafted.json()) as { id: string };
  const evaluator = turningPoints(
    server.current,
    'token',
    '--doc',
    tocId,
    '--role',
    'evaluator',
    '--hours',
    '24',
  ).trim();
  const exportJson = () =>
    fetch(new URL(`/api/toc/${tocId}?format=json`, server.current.url), {
      headers: { authorization: `Bearer ${evaluator}` },
    }).then(async (response) => {
      await response.body?.cancel();
      return response.status;
    });
  expect(await exportJson()).toBe(200);

  const listed = await fetch(new URL(`/toc/${tocId}/invite`, server.current.url), { headers: { cookie } });
  const page = await listed.text();
  expect(listed.status).toBe(200);
  expect(page).toMatch(/evaluator \(exports\)<\/td>\s*<td[^>]*>a script \(CLI\)<\/td>/);
  expect(page).toContain(`name="revoke" value="${grantIdOf(evaluator)}"`);
  expect(page, 'the token is never shown again').not.toContain(evaluator.split('.')[1]);

  const revoke = await postForm(cookie, `/toc/${tocId}/invite`, { revoke: grantIdOf(evaluator) });
  expect(revoke.status).toBe(303);
  expect(revoke.headers.get('location')).toBe(`/toc/${tocId}/invite?revoked=${grantIdOf(evaluator)}#grants-heading`);
  expect(await exportJson()).toBe(401);
  const after = await (await fetch(new URL(revoke.headers.get('location')!, origin), { headers: { cookie } })).text();
  expect(after).toMatch(/The evaluator token made .* is revoked\./);
  const audited = inStore(server.current, (db) =>
    db
      .prepare('SELECT outcome FROM audit_log WHERE action = ? AND subject = ?')
      .all('evaluator-token.revoke', grantIdOf(evaluator)),
  );
  expect(audited).toEqual([{ outcome: 'ok' }]);
});
