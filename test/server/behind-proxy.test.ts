/**
 * Behind a proxy (TRUST_PROXY, PUBLIC_URL), as the README's "More than one machine" runs it:
 * every request arrives from the proxy's address and with whatever Host the proxy passes on.
 * Sign-in limits still count per person's address (the one the proxy appends to
 * X-Forwarded-For), and the live map's room accepts the page's origin when it is PUBLIC_URL's.
 */
import { describe, expect, it } from 'vitest';
import { exampleId, staffAccount, token, useServer } from './harness.ts';
import { upgradeAnswer } from './visitors.ts';

const PUBLIC = 'https://journeys.example.org';
const server = useServer({ TRUST_PROXY: '1', PUBLIC_URL: PUBLIC });

const signIn = (email: string, password: string, from: string) =>
  fetch(new URL('/signin', server.current.url), {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: PUBLIC,
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'journeys.example.org',
      // What the person sent (anything), then the address the proxy saw, appended by it.
      'x-forwarded-for': `10.9.9.9, ${from}`,
    },
    body: new URLSearchParams({ email, password }),
  });

function upgrade(docId: string, invite: string, origin: string): Promise<number> {
  return upgradeAnswer(`${server.current.wsUrl}/${docId}?token=${invite}`, {
    origin,
    'x-forwarded-host': 'journeys.example.org',
    'x-forwarded-proto': 'https',
  });
}

describe('behind a proxy', () => {
  it('one address guessing does not lock out a colleague at another: the limit is per forwarded address', async () => {
    const colleague = await staffAccount(server.current, 'facilitator');
    for (let guess = 0; guess < 20; guess++)
      expect((await signIn(`nobody-${guess}@example.org`, 'not the password', '203.0.113.5')).status).not.toBe(303);
    const blocked = await signIn(colleague.email, colleague.password, '203.0.113.5');
    expect(await blocked.text()).toContain('Too many tries');
    expect((await signIn(colleague.email, colleague.password, '198.51.100.7')).status).toBe(303);
  });

  it('the live map opens from a page at PUBLIC_URL, whatever Host the proxy passes; another site’s page is refused', async () => {
    const doc = exampleId(server.current, 'slf-isolated-family');
    expect(await upgrade(doc, token(server.current, doc, 'participant'), PUBLIC)).toBe(101);
    expect(await upgrade(doc, token(server.current, doc, 'participant'), 'https://elsewhere.example')).toBe(403);
  });
});
