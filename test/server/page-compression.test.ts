/**
 * Pages sent compressed: a family member's map is (it carries the journey twice, as a picture
 * and as data, for a tablet on a slow line), and decompresses to the page itself; a staff
 * member's map and the invite page, which hold what their readers' families may not see or a
 * token, never are (a compressed page's length tells of its content: BREACH). Read as the
 * bytes that cross the wire, with node:http, which does not decompress.
 */
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { exampleId, signedInStaff, token, useServer } from './harness.ts';
import { openInvite } from './visitors.ts';

const running = useServer();
let DOC = '';
let familyCookie = '';
let staffCookie = '';

beforeAll(async () => {
  const server = running.current;
  DOC = exampleId(server, 'slf-isolated-family');
  const opened = await openInvite(server, `/journeys/${DOC}`, token(server, DOC, 'participant'));
  familyCookie = opened.jar.header(`/journeys/${DOC}`) ?? '';
  staffCookie = (await signedInStaff(server)).cookie;
});

interface Raw {
  status: number;
  encoding: string | undefined;
  vary: string | undefined;
  body: Buffer;
}

function raw(path: string, cookie: string, acceptEncoding: string, method = 'GET'): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const sent = request(new URL(path, running.current.url), {
      method,
      headers: { cookie, 'accept-encoding': acceptEncoding },
    });
    sent.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          encoding: response.headers['content-encoding'],
          vary: response.headers.vary,
          body: Buffer.concat(chunks),
        }),
      );
    });
    sent.on('error', reject);
    sent.end();
  });
}

describe('pages sent compressed', () => {
  it('a family member’s map goes as Brotli or gzip, whichever the browser takes, and opens to the whole page', async () => {
    const plain = await raw(`/journeys/${DOC}`, familyCookie, 'identity');
    expect(plain.status).toBe(200);
    expect(plain.encoding).toBeUndefined();
    const html = plain.body.toString('utf8');
    expect(html).toContain('map-picture');
    expect(html.trimEnd().endsWith('</html>')).toBe(true);

    const br = await raw(`/journeys/${DOC}`, familyCookie, 'gzip, deflate, br');
    expect(br.encoding).toBe('br');
    expect(br.vary).toMatch(/Accept-Encoding/i);
    const fromBr = brotliDecompressSync(br.body).toString('utf8');
    const gz = await raw(`/journeys/${DOC}`, familyCookie, 'gzip');
    expect(gz.encoding).toBe('gzip');
    const fromGz = gunzipSync(gz.body).toString('utf8');
    // The whole page arrives, closed, however it was sent.
    for (const page of [fromBr, fromGz]) {
      expect(page.length).toBe(html.length);
      expect(page.trimEnd().endsWith('</html>')).toBe(true);
    }
    expect(br.body.length).toBeLessThan(html.length / 3);
  });

  it('a staff member’s map, the invite page and a HEAD request go as they are', async () => {
    const staffMap = await raw(`/journeys/${DOC}`, staffCookie, 'br, gzip');
    expect(staffMap.status).toBe(200);
    expect(staffMap.encoding).toBeUndefined();
    expect(staffMap.body.toString('utf8')).toContain('map-picture');

    const invitePage = await raw(`/journeys/${DOC}/invite`, staffCookie, 'br, gzip');
    expect(invitePage.status).toBe(200);
    expect(invitePage.encoding).toBeUndefined();

    const head = await raw(`/journeys/${DOC}`, familyCookie, 'br, gzip', 'HEAD');
    expect(head.encoding).toBeUndefined();
  });
});
