/**
 * PAGE1 and PAGE2 (server/SPEC.md), over HTTP against a real server: refused forms come back as
 * the same page (400) with what was typed and an error summary; JSON callers get JSON; every
 * refusal is a page with the site's header, plain words and a way home, with the right status.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { expiredEnrolmentCode, revokeGrantOf } from './grant-records.ts';
import { enrolmentUrl, signedInStaff, token, useServer, exampleId } from './harness.ts';
import { postAndFollow } from './post-redirect-get.ts';

let DOC = '';
let OTHER = '';
const running = useServer();
beforeAll(() => {
  DOC = exampleId(running.current, 'slf-isolated-family');
  OTHER = exampleId(running.current, 'family-action-single-mother');
});
let cookie: string;

const url = (path: string) => new URL(path, running.current.url).href;
const form = (fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields))
    for (const one of Array.isArray(value) ? value : [value]) body.append(name, one);
  return body.toString();
};
const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url(path), {
    method: 'POST',
    body,
    redirect: 'manual',
    headers: {
      cookie,
      origin: new URL(running.current.url).origin,
      'content-type': 'application/x-www-form-urlencoded',
      ...headers,
    },
  });
/** The page's text without markup, spaces folded, entities for quotes undone. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replaceAll('&#39;', "'")
    .replaceAll('&quot;', '"')
    .replace(/\s+/g, ' ');
/** The error summary's links: where each goes, and what it says. */
const summaryLinks = (html: string) => {
  const summary = /<div class="error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';
  return [...summary.matchAll(/<a href="([^"]+)">([^<]*)<\/a>/g)].map((m) => [m[1], m[2]!.replaceAll('&#39;', "'")]);
};

beforeAll(async () => {
  ({ cookie } = await signedInStaff(running.current, 'facilitator'));
});

describe('forms people fill in', () => {
  it('PAGE1: a refused new journey is the home page again, as typed, with an error summary; fixed, it starts the journey', async () => {
    const long = 'A'.repeat(143);
    const refused = await post(
      '/',
      form({ form: 'new-journey', title: long, familyPseudonym: 'The "Lane" family <b>', template: 'story-prompts' }),
    );
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toMatch(/text\/html/);
    const html = await refused.text();
    expect(html).toContain('<header class="site">');
    expect(html).toMatch(/<title>Error: /);
    expect(html).toMatch(
      /<div class="error-summary" tabindex="-1" autofocus[^>]*>\s*<div role="alert">\s*<h2[^>]*>There is a problem<\/h2>/,
    );
    expect(summaryLinks(html)).toEqual([
      ['#new-journey-title', 'Title: at most 120 characters; this one has 143'],
      [
        '#new-journey-consent',
        "The family's agreement: tick the box once the family has agreed to map their journey with you",
      ],
    ]);
    // Beside each field too, and every field as typed: nothing cut, markup kept as text.
    expect(html).toMatch(/id="new-journey-title-error"[^>]*>[\s\S]*?At most 120 characters; this one has 143/);
    expect(html).toContain(`value="${long}"`);
    // Quotes escaped, so what was typed cannot close the attribute; inside it, `<b>` is only text.
    expect(html).toContain('value="The &quot;Lane&quot; family <b>"');
    expect(html).toMatch(/<option value="story-prompts" selected>/);
    expect(html).not.toMatch(/id="new-journey-consent"[^>]*checked/);
    expect(html).not.toMatch(/maxlength/i);

    const fixed = await post(
      '/',
      form({
        form: 'new-journey',
        title: 'A'.repeat(120),
        familyPseudonym: 'The Lane family',
        consent: 'yes',
        template: 'story-prompts',
      }),
    );
    expect(fixed.status).toBe(303);
    const location = fixed.headers.get('location')!;
    // A random id: nothing typed (a title of a's) shows in the address.
    expect(location).toMatch(/^\/journeys\/j_[0-9a-z]{16}$/);
    expect((await fetch(url(location), { headers: { cookie } })).status).toBe(200);
  });

  it('PAGE1: a refused draft keeps the ticked journeys and the number as typed', async () => {
    const refused = await post('/', form({ form: 'draft', title: '  ', journeyIds: [OTHER], minFamilies: 'two' }));
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(summaryLinks(html)).toEqual([
      ['#draft-title', 'Title: give the theory of change a title'],
      [
        '#draft-minFamilies',
        'Families who share a step: enter a whole number from 1 to 1000, or leave it empty to let the draft choose',
      ],
    ]);
    expect(html).toMatch(new RegExp(`value="${OTHER}" checked`));
    expect(html).not.toMatch(new RegExp(`value="${DOC}" checked`));
    expect(html).toContain('value="two"');
    expect(html).toContain('id="draft-journeyIds"');

    const none = await post('/', form({ form: 'draft', title: 'Nothing chosen' }));
    expect(summaryLinks(await none.text())).toEqual([['#draft-journeyIds', 'Journeys: choose at least one journey']]);

    const fixed = await post(
      '/',
      form({ form: 'draft', title: 'How families move on', journeyIds: [OTHER, DOC], minFamilies: '' }),
    );
    expect(fixed.status).toBe(303);
    expect(fixed.headers.get('location')).toMatch(/^\/toc\/t_[0-9a-z]{16}$/);
  });

  it('PAGE1: a refused invite is the invite page again, with the time as chosen; fixed, it makes the link', async () => {
    const refused = await post(`/journeys/${DOC}/invite`, form({ role: '', hours: '168' }));
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(summaryLinks(html)).toEqual([
      [
        '#invite-role',
        'They join as: choose whether they can add to it and change it (participant) or only look (viewer)',
      ],
    ]);
    expect(html).toMatch(/<option value="168" selected>/);
    expect(html).not.toContain('?invite=');

    expect((await post(`/toc/no-such-toc/invite`, form({ role: 'viewer', hours: '4' }))).status).toBe(404);
    // Made, it answers 303 back to the invite page, which shows the link once.
    const made = await postAndFollow(running.current.url, `/journeys/${DOC}/invite`, cookie, {
      role: 'viewer',
      hours: '168',
    });
    expect(made.shown.status).toBe(200);
    expect(made.shown.html).toMatch(new RegExp(`href="[^"]*/journeys/${DOC}\\?invite=`));
  });

  it('PAGE1: scripts posting JSON keep getting JSON, with the same checks', async () => {
    const bad = await post(
      '/api/journeys',
      JSON.stringify({ title: 'B'.repeat(121), familyPseudonym: 'x', consent: 'no' }),
      {
        'content-type': 'application/json',
        accept: 'application/json',
      },
    );
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: 'the new journey is not valid',
      problems: [
        { field: 'title', reason: 'at most 120 characters; this one has 121' },
        { field: 'consent', reason: 'tick the box once the family has agreed to map their journey with you' },
      ],
    });
    const made = await post('/api/toc', JSON.stringify({ title: 'From a script', journeyIds: [DOC, OTHER] }), {
      'content-type': 'application/json',
    });
    expect(made.status).toBe(201);
    expect(await made.json()).toEqual({ id: expect.stringMatching(/^t_[0-9a-z]{16}$/) });
  });

  it('PAGE1: the cost report’s form with bad values comes back as typed, with the summary and each field’s message', async () => {
    const response = await fetch(url(`/reports/costs?delivery=lots&deadweight=1.5&attribution=0.5&journey=${DOC}`), {
      headers: { cookie },
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('There is a problem');
    expect(html).toMatch(/href="#costs-delivery"[^>]*>Cost of delivering the service: give a number/);
    expect(html).toMatch(/href="#costs-deadweight"[^>]*>Deadweight: /);
    expect(html).toMatch(/id="costs-delivery"[^>]*value="lots"|value="lots"[^>]*id="costs-delivery"/);
    expect(html).toMatch(/value="1\.5"/);
    expect(html).toMatch(/value="0\.5"/);
    expect(html).toMatch(new RegExp(`value="${DOC}" checked`));
  });
});

describe('refusals', () => {
  /** A refusal page: the status, the site's header, the words, and the way home. */
  async function expectRefusal(response: Response, status: number, heading: string | RegExp, words?: RegExp) {
    expect(response.status, response.url).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const html = await response.text();
    // The site's header: its name going home, and (for signed-in staff) their own links.
    expect(html).toMatch(/<header class="site">\s*<a href="\/" class="home">Turning Points<\/a>/);
    const h1 = textOf(/<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '').trim();
    if (typeof heading === 'string') expect(h1).toBe(heading);
    else expect(h1).toMatch(heading);
    if (words) expect(textOf(html)).toMatch(words);
    expect(html).toContain('<a href="/">Go to the home page</a>');
  }

  it('PAGE2: a used, expired or broken enrolment link is a page that says what to do', async () => {
    // The first admin's link (this store has no admin), used up through the form.
    const link = await enrolmentUrl(running.current);
    const opened = await fetch(link, { redirect: 'manual' });
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe('/enrol');
    const enrolCookies = opened.headers.getSetCookie().filter((header) => header.startsWith('tp_enrol='));
    expect(
      enrolCookies.map((header) => /Path=([^;]+)/i.exec(header)?.[1]),
      'the code goes to the enrolment page as a cookie',
    ).toContain('/enrol');
    const enrolled = await post(
      '/enrol',
      form({ name: 'Ada Admin', email: 'ada-admin@example.org', password: 'a long and quiet morning by the sea' }),
      { cookie: enrolCookies[0]!.split(';')[0]! },
    );
    expect(enrolled.status).toBe(303);
    expect(enrolled.headers.get('location')).toBe('/account?enrolled');

    const paragraphs = /works once, for 24 hours.*Ask an admin of your project for a new one/;
    await expectRefusal(await fetch(link), 401, 'This link does not work any more', paragraphs);
    await expectRefusal(
      await fetch(url(`/enrol?code=${expiredEnrolmentCode(running.current)}`)),
      401,
      'This link does not work any more',
    );
    await expectRefusal(await fetch(url('/enrol?code=nonsense')), 401, 'This link does not work any more');
    await expectRefusal(await fetch(url('/enrol')), 401, 'Open your enrolment link to set up your account');
  });

  it('PAGE2: a journey or theory of change without access says why, with 401 or 403', async () => {
    await expectRefusal(
      await fetch(url(`/journeys/${DOC}`)),
      401,
      'You need an invite to see this journey',
      /Ask the facilitator who invited you/,
    );
    await expectRefusal(
      await fetch(url(`/journeys/${DOC}?invite=${token(running.current, DOC, 'participant', -60)}`)),
      401,
      // The same words as the editor's when a link runs out while it is open.
      'This link has run out.',
      /This link has run out\.\s*Ask the person running the session for a new one\./,
    );
    await expectRefusal(await fetch(url(`/journeys/${DOC}?invite=abc.def`)), 401, 'This invite link does not work');
    const revoked = token(running.current, DOC, 'participant');
    revokeGrantOf(running.current, revoked);
    // A revoked invite says the facilitator stopped it.
    await expectRefusal(await fetch(url(`/journeys/${DOC}?invite=${revoked}`)), 401, 'This link has been stopped.');
    await expectRefusal(
      await fetch(url(`/journeys/${DOC}?invite=${token(running.current, OTHER, 'participant')}`)),
      403,
      'Your invite does not open this journey',
    );
    // An evaluator token is no invite at all: it pulls exports through the API, and opens no page.
    await expectRefusal(
      await fetch(url(`/journeys/${DOC}?invite=${token(running.current, DOC, 'evaluator')}`)),
      401,
      'This invite link does not work',
    );
    await expectRefusal(await fetch(url(`/journeys/${DOC}/list`)), 401, 'You need an invite to see this journey');
    await expectRefusal(await fetch(url(`/journeys/${DOC}/costs`)), 401, 'You need an invite to see this journey');
    await expectRefusal(await fetch(url('/toc/some-toc')), 401, 'You need an invite to see this theory of change');
    await expectRefusal(await fetch(url('/toc/some-toc/list')), 401, 'You need an invite to see this theory of change');
    await expectRefusal(
      await fetch(url(`/journeys/${DOC}/invite`)),
      401,
      'Sign in to invite people',
      /Sessions end after 12 hours/,
    );
    await expectRefusal(await fetch(url('/toc/some-toc/invite')), 401, 'Sign in to invite people');
    await expectRefusal(await fetch(url('/reports/costs')), 401, 'Sign in to see the cost report');
  });

  it('PAGE2: staff of another project get 403 on every page of this project’s journeys and theories of change', async () => {
    const { cookie: outsider } = await signedInStaff(running.current, 'facilitator', 'Another project');
    const headers = { cookie: outsider };
    const made = await post('/api/toc', JSON.stringify({ title: 'Only for this project', journeyIds: [DOC] }), {
      'content-type': 'application/json',
    });
    const { id: toc } = (await made.json()) as { id: string };
    for (const path of [`/journeys/${DOC}`, `/journeys/${DOC}/list`, `/journeys/${DOC}/costs`])
      await expectRefusal(
        await fetch(url(path), { headers }),
        403,
        'This journey belongs to another project',
        /ask an admin of its project to add you to it/,
      );
    for (const path of [`/toc/${toc}`, `/toc/${toc}/list`])
      await expectRefusal(await fetch(url(path), { headers }), 403, 'This theory of change belongs to another project');
    for (const path of [`/journeys/${DOC}/invite`, `/toc/${toc}/invite`]) {
      const refused = await fetch(url(path), { headers });
      expect(refused.status, path).toBe(403);
      expect(await refused.text(), path).toContain('belongs to another project');
    }
    // Their own home page lists none of this project's journeys.
    expect(await (await fetch(url('/'), { headers })).text()).not.toContain(DOC);
  });

  it('PAGE2: a journey or theory of change that does not exist is a 404 page', async () => {
    const headers = { cookie };
    await expectRefusal(
      await fetch(url('/journeys/no-such-journey'), { headers }),
      404,
      'There is no journey here',
      /may have been removed/,
    );
    await expectRefusal(
      await fetch(url('/journeys/no-such-journey/list'), { headers }),
      404,
      'There is no journey here',
    );
    await expectRefusal(
      await fetch(url('/journeys/no-such-journey/invite'), { headers }),
      404,
      'There is no journey here',
    );
    await expectRefusal(await fetch(url('/toc/no-such-toc'), { headers }), 404, 'There is no theory of change here');
    await expectRefusal(
      await fetch(url('/toc/no-such-toc/invite'), { headers }),
      404,
      'There is no theory of change here',
    );
    // To anyone not signed in, an unknown id is refused like a real one: ids cannot be probed for.
    await expectRefusal(await fetch(url('/journeys/no-such-journey')), 401, 'You need an invite to see this journey');
    await expectRefusal(await fetch(url('/toc/no-such-toc')), 401, 'You need an invite to see this theory of change');
  });

  it('PAGE2: any address that is no page is a 404 page, for a GET or a form post', async () => {
    await expectRefusal(await fetch(url('/no/such/page')), 404, 'Page not found', /check that it is right/);
    await expectRefusal(await fetch(url('/journeys')), 404, 'Page not found');
    await expectRefusal(await post('/no-such-form', form({ a: 'b' })), 404, 'Page not found');
    // Files under the build's assets folder that do not exist are not pages either.
    expect((await fetch(url('/_astro/nothing.js'))).status).toBe(404);
  });

  it('PAGE2 PAGE3: a form posted from another site, or with no Origin, is refused with 403 as a page, and changes nothing', async () => {
    const before = await (await fetch(url('/'), { headers: { cookie } })).text();
    const foreign = await post('/', form({ form: 'new-journey', title: 'x' }), { origin: 'https://elsewhere.example' });
    await expectRefusal(foreign, 403, 'This form could not be sent', /only takes forms sent from its own pages/);
    const nowhere = await fetch(url('/signout'), {
      method: 'POST',
      body: form({}),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    await expectRefusal(nowhere, 403, 'This form could not be sent');
    // A JSON body (which another site cannot send without asking first) is not a form: it goes on.
    const json = await fetch(url('/api/journeys'), {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json', origin: 'https://elsewhere.example' },
    });
    expect(json.status).toBe(401);
    const after = await (await fetch(url('/'), { headers: { cookie } })).text();
    expect(after.match(/<li>/g)?.length).toBe(before.match(/<li>/g)?.length);
  });

  it('PAGE2: a form sent once the session has ended is refused (401), showing what was typed to copy', async () => {
    const stale = await fetch(url('/'), {
      method: 'POST',
      body: form({ form: 'new-journey', title: 'Our spring workshop', familyPseudonym: 'The Ward family' }),
      headers: { origin: new URL(running.current.url).origin, 'content-type': 'application/x-www-form-urlencoded' },
    });
    await expectRefusal(stale, 401, 'You are not signed in any more', /Our spring workshop.*The Ward family/);
  });
});
