/** HTTP1, HTTP2, STORE5, STORE7 (server/SPEC.md): the server as `npm start` runs it. */
import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  enrolmentUrl,
  removeDir,
  root,
  signIn,
  staffAccount,
  startServer,
  stopServer,
  tempDataDir,
  waitFor,
} from './harness.ts';

let dataDir: string;

/** A raw GET, so that paths like /../ reach the server unnormalised. */
export function get(
  url: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(url).origin + path, { method: 'GET', headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(() => {
  dataDir = tempDataDir();
});
afterAll(() => removeDir(dataDir));

describe('the server process', () => {
  it('STORE5 STORE7 HTTP2: loads the examples once, serves pages with security headers, stops cleanly on SIGTERM', async () => {
    const first = await startServer(dataDir, { LOG_LEVEL: 'info' });
    const home = await get(first.url, '/');
    expect(home.status).toBe(200);
    // No island and no script file for a stranger: only the layout's inline script, hashed into the CSP.
    expect(home.body).not.toMatch(/<script[^>]*\ssrc=/);
    expect(home.body).not.toContain('<astro-island');
    expect(home.body).not.toContain('The Doyle family');
    expect(home.headers['content-security-policy']).toMatch(/script-src 'self'( 'sha256-[^']+')*;/);
    expect(home.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(home.headers['content-security-policy']).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(home.headers['x-content-type-options']).toBe('nosniff');
    expect(home.headers['referrer-policy']).toBe('same-origin');
    expect(first.output()).toMatch(/"added":4/);
    expect(await stopServer(first)).toBe(0);

    const second = await startServer(dataDir, { LOG_LEVEL: 'info' });
    expect(second.output()).toMatch(/"added":0,"alreadyStored":4/);
    // The examples moved into the default project: its staff see every one of them.
    const cookie = await signIn(second, await staffAccount(second, 'facilitator'));
    const signedIn = await get(second.url, '/', { cookie });
    for (const family of ['The Doyle family', 'The Marsh family', 'The Ashby family', 'The Holt family']) {
      expect(signedIn.body).toContain(family);
    }
    expect(await stopServer(second)).toBe(0);
  });

  it('AUTH10: a store with no admin prints one enrolment link for the first admin at each start; with an admin, none', async () => {
    const dir = tempDataDir();
    try {
      const line = /^Enrol the first admin \(the link works once, for 24 hours\): (\S+)$/m;
      const first = await startServer(dir);
      const link = await enrolmentUrl(first);
      expect(first.output()).toMatch(line);
      expect(link.startsWith(`${first.url}enrol?code=`), link).toBe(true);
      expect(first.output().match(/Enrol the first admin/g)).toHaveLength(1);
      expect((await fetch(link, { redirect: 'manual' })).status, 'the link opens the enrolment page').toBe(303);
      expect(await stopServer(first)).toBe(0);

      // Still no admin: a new link, and the one printed before stops working.
      const second = await startServer(dir);
      const again = await enrolmentUrl(second);
      expect(again).not.toBe(link.replace(first.url, second.url));
      const before = `${second.url}enrol?code=${new URL(link).searchParams.get('code')}`;
      expect((await fetch(before, { redirect: 'manual' })).status, 'the replaced link').toBe(401);

      await staffAccount(second, 'admin');
      expect(await stopServer(second)).toBe(0);
      const third = await startServer(dir);
      // The line would follow "running at" within moments; give it a generous while to appear.
      await expect(waitFor(() => /Enrol the first admin/.test(third.output()), 2000, 'a link')).rejects.toThrow(
        /timed out/,
      );
      expect(third.output()).not.toContain('enrol?code=');
      expect(await stopServer(third)).toBe(0);
    } finally {
      removeDir(dir);
    }
  });

  it('HTTP2: never serves files from outside the build', async () => {
    const running = await startServer(dataDir);
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/..%2fserver/main.ts']) {
      const response = await get(running.url, path);
      expect(response.status, path).toBe(404);
      expect(response.body).not.toContain('turning-points');
    }
    await stopServer(running);
  });

  it('refuses to start on a bad environment value, naming the variable', () => {
    for (const [name, value] of [
      ['PORT', 'eighty'],
      ['SECRET', 'short'],
      ['ALLOWED_ORIGINS', 'not a url'],
    ]) {
      const result = spawnSync(process.execPath, [join(root, 'server/main.ts')], {
        env: { PATH: process.env.PATH, DATA_DIR: dataDir, [name!]: value },
        encoding: 'utf8',
      });
      expect(result.status, name).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`${name}:`));
    }
  });
});
