/**
 * A made invite is shown once (Post/Redirect/Get, site/lib/shown-once.ts): the invite form
 * answers 303 back to the invite page with a sealed cookie for that page alone; the page shows
 * the link and its QR code, or an evaluator's token, and tells the browser to forget the cookie;
 * showing the page again (what a reload now does) shows none and makes none. A refused form is
 * the page as typed (400), with no cookie. The cookie opens only for its page and its maker.
 */
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { describe, expect, it, beforeAll } from 'vitest';
import { DATABASE_FILE } from '../../server/storage/sqlite-store.ts';
import { signedInStaff, useServer, exampleId } from './harness.ts';
import { forgetsShownOnce, postAndFollow, SHOWN_ONCE_COOKIE } from './post-redirect-get.ts';

let DOC = '';
const running = useServer();
beforeAll(() => {
  DOC = exampleId(running.current, 'slf-isolated-family');
});
const url = (path: string) => new URL(path, running.current.url).href;

const inviteLinkIn = (html: string) => /href="([^"]*\?invite=[^"]+)"/.exec(html)?.[1];
const tokenIn = (html: string) => /<code class="token"[^>]*>([^<]+)<\/code>/.exec(html)?.[1];

/** How many invites and evaluator tokens the store holds for a document. */
function grantsFor(docId: string): number {
  const db = new DatabaseSync(join(running.current.dataDir, DATABASE_FILE), { readOnly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM grants WHERE doc_id = ?').get(docId) as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('a made invite is shown once', () => {
  it('on a journey’s invite page: 303, then the link and its QR code once; shown again, neither, and no new invite', async () => {
    const { cookie } = await signedInStaff(running.current, 'facilitator');
    const before = grantsFor(DOC);
    const { posted, shown } = await postAndFollow(running.current.url, `/journeys/${DOC}/invite`, cookie, {
      role: 'participant',
      hours: '4',
    });
    expect(posted.location).toBe(`/journeys/${DOC}/invite#made`);
    expect(shown.status).toBe(200);
    expect(shown.html).toContain('This link is shown only now');
    expect(shown.html).toContain('<svg');
    expect(inviteLinkIn(shown.html)).toMatch(new RegExp(`/journeys/${DOC}\\?invite=[\\w-]+\\.[\\w-]+$`));
    expect(forgetsShownOnce(shown.setCookie)).toBe(true);
    // The sealed cookie holds no token in the clear.
    const sealed = posted.setCookie.find((header) => header.startsWith(`${SHOWN_ONCE_COOKIE}=`))!;
    const token = new URL(inviteLinkIn(shown.html)!.replaceAll('&amp;', '&')).searchParams.get('invite')!;
    expect(sealed).not.toContain(token);
    expect(sealed).not.toContain(token.split('.')[0]);

    const again = await fetch(url(`/journeys/${DOC}/invite`), { headers: { cookie } });
    const html = await again.text();
    expect(again.status).toBe(200);
    expect(inviteLinkIn(html)).toBeUndefined();
    expect(html).not.toContain('<svg');
    expect(grantsFor(DOC)).toBe(before + 1);
  });

  it('on a theory of change’s invite page: an evaluator’s token once', async () => {
    const { cookie } = await signedInStaff(running.current, 'facilitator');
    const drafted = await fetch(url('/api/toc'), {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', accept: 'application/json' },
      // Evaluator tokens need at least EVALUATOR_MIN_FAMILIES (3) families who agreed to analysis (TOC7).
      body: JSON.stringify({
        title: 'How families move on',
        journeyIds: [
          DOC,
          exampleId(running.current, 'life-swindon-chronic-crisis'),
          exampleId(running.current, 'slf-disengaged-young-people'),
        ],
        minFamilies: 1,
      }),
    });
    const { id: tocId } = (await drafted.json()) as { id: string };
    const { shown } = await postAndFollow(running.current.url, `/toc/${tocId}/invite`, cookie, {
      role: 'evaluator',
      hours: '720',
    });
    const token = tokenIn(shown.html);
    expect(token).toMatch(/^[\w-]+\.[\w-]+$/);
    expect(shown.html).toContain('It is shown only now');
    const exported = await fetch(url(`/api/toc/${tocId}?format=md`), { headers: { authorization: `Bearer ${token}` } });
    expect(exported.status).toBe(200);
    const again = await (await fetch(url(`/toc/${tocId}/invite`), { headers: { cookie } })).text();
    expect(tokenIn(again)).toBeUndefined();
  });

  it('a refused invite form is the page as chosen (400), with nothing kept and nothing made', async () => {
    const { cookie } = await signedInStaff(running.current, 'facilitator');
    const before = grantsFor(DOC);
    const refused = await fetch(url(`/journeys/${DOC}/invite`), {
      method: 'POST',
      redirect: 'manual',
      headers: {
        cookie,
        origin: new URL(running.current.url).origin,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ role: 'facilitator', hours: '168' }),
    });
    expect(refused.status).toBe(400);
    expect(refused.headers.getSetCookie().some((header) => header.startsWith(`${SHOWN_ONCE_COOKIE}=`))).toBe(false);
    const html = await refused.text();
    expect(html).toContain('They join as: choose whether they can');
    expect(html).toMatch(/<option value="168" selected>/);
    expect(grantsFor(DOC)).toBe(before);
  });

  it('the cookie opens only on its own page, for the person who made it', async () => {
    const maker = await signedInStaff(running.current, 'facilitator');
    const colleague = await signedInStaff(running.current, 'facilitator');
    const response = await fetch(url(`/journeys/${DOC}/invite`), {
      method: 'POST',
      redirect: 'manual',
      headers: {
        cookie: maker.cookie,
        origin: new URL(running.current.url).origin,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ role: 'viewer', hours: '4' }),
    });
    expect(response.status).toBe(303);
    const sealed = response.headers
      .getSetCookie()
      .find((header) => header.startsWith(`${SHOWN_ONCE_COOKIE}=`))!
      .split(';')[0]!;
    const shownTo = async (cookie: string, path: string) =>
      inviteLinkIn(await (await fetch(url(path), { headers: { cookie: `${cookie}; ${sealed}` } })).text());
    // Another journey's invite page, or a colleague on this one, sees nothing of it.
    expect(
      await shownTo(maker.cookie, `/journeys/${exampleId(running.current, 'slf-disengaged-young-people')}/invite`),
    ).toBeUndefined();
    expect(await shownTo(colleague.cookie, `/journeys/${DOC}/invite`)).toBeUndefined();
    // Its maker, on its page, does.
    expect(await shownTo(maker.cookie, `/journeys/${DOC}/invite`)).toContain('?invite=');
  });
});
