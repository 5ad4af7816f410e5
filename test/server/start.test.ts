/** HTTP1, HTTP2, STORE5, STORE7 (server/SPEC.md): the server as `npm start` runs it. */
import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, root, signinUrl, startServer, stopServer, tempDataDir } from './harness.ts';

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
    expect(home.body).not.toMatch(/<script/);
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
    const signin = await get(
      second.url,
      new URL(await signinUrl(second)).pathname + new URL(await signinUrl(second)).search,
    );
    const cookie = String(signin.headers['set-cookie']).split(';')[0]!;
    const signedIn = await get(second.url, '/', { cookie });
    for (const family of ['The Doyle family', 'The Marsh family', 'The Ashby family', 'The Holt family']) {
      expect(signedIn.body).toContain(family);
    }
    expect(await stopServer(second)).toBe(0);
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
