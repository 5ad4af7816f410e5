/** Sign-in, starting journeys and inviting people, as a facilitator does it in the browser. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJourney } from '../../src/doc/index.ts';
import {
  connect,
  connectAsStaff,
  removeDir,
  signedInStaff,
  staffAccount,
  startServer,
  stopServer,
  synced,
  tempDataDir,
  type RunningServer,
  type StaffAccount,
  exampleId,
} from './harness.ts';
import { postAndFollow } from './post-redirect-get.ts';

let server: RunningServer;
let dataDir: string;
let cookie: string;
let account: StaffAccount;

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(server.url.replace(/\/$/, '') + path, {
    method: 'POST',
    body,
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(server.url).origin, ...headers },
  });

beforeAll(async () => {
  dataDir = tempDataDir();
  server = await startServer(dataDir);
  ({ cookie, account } = await signedInStaff(server, 'facilitator'));
});
afterAll(async () => {
  await stopServer(server);
  removeDir(dataDir);
});

describe('facilitators', () => {
  it('sign in with their email and password to a server session (HttpOnly, SameSite=Strict); a wrong password or unknown email gets the same refusal', async () => {
    const signIn = (email: string, password: string) => post('/signin', form({ email, password }));
    const good = await signIn(account.email, account.password);
    expect(good.status).toBe(303);
    expect(good.headers.get('location')).toBe('/');
    const session = good.headers.getSetCookie().find((header) => header.startsWith('tp_session='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Strict/i);
    expect(session).toMatch(/Path=\//i);
    const home = await (await fetch(server.url, { headers: { cookie: session.split(';')[0]! } })).text();
    expect(home).toContain('<h1>Journeys</h1>');

    const wrong = await signIn(account.email, 'not the password at all');
    const unknown = await signIn('nobody-here@example.org', account.password);
    for (const refused of [wrong, unknown]) {
      expect(refused.status).toBe(401);
      expect(refused.headers.getSetCookie().join()).not.toContain('tp_session=');
      expect(await refused.text()).toContain('That email address and password do not match an account.');
    }
    // Someone else's password does not open this account either.
    const other = await staffAccount(server, 'facilitator');
    expect((await signIn(account.email, other.password)).status).toBe(401);
  });

  it('start a journey; bad input names the field; strangers and other sites are refused', async () => {
    expect((await post('/api/journeys', form({ title: 'x', familyPseudonym: 'y', consent: 'yes' }))).status).toBe(401);

    const bad = await post('/api/journeys', form({ title: '', familyPseudonym: 'The Lane family' }), { cookie });
    expect(bad.status).toBe(400);
    const problems = ((await bad.json()) as { problems: { field: string }[] }).problems.map((p) => p.field);
    expect(problems).toEqual(['title', 'consent']);

    const foreign = await post('/api/journeys', form({ title: 'x', familyPseudonym: 'y', consent: 'yes' }), {
      cookie,
      origin: 'https://evil.example',
    });
    expect(foreign.status).toBe(403);

    const created = await post(
      '/api/journeys',
      form({ title: 'The Lane family, spring workshop', familyPseudonym: 'The Lane family', consent: 'yes' }),
      {
        cookie,
        accept: 'application/json',
      },
    );
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    // A random id: the title (the family's words) is not in it.
    expect(id).toMatch(/^j_[0-9a-z]{16}$/);

    const fromTemplate = await post(
      '/api/journeys',
      form({ title: 'Prompts', familyPseudonym: 'The Ward family', consent: 'yes', template: 'story-prompts' }),
      {
        cookie,
        accept: 'application/json',
      },
    );
    // A journey they start is in their project: their session opens its room.
    const prompted = connectAsStaff(server, ((await fromTemplate.json()) as { id: string }).id, cookie);
    await synced(prompted);
    expect(readJourney(prompted.doc).journey.stages.map((s) => s.title)).toEqual([
      'As far back as we remember',
      'A low point',
      'A high point',
      'When help came',
      'When things started to change',
      'Where we are now',
    ]);
    prompted.destroy();
    const badTemplate = await post(
      '/api/journeys',
      form({ title: 'x', familyPseudonym: 'y', consent: 'yes', template: 'nope' }),
      { cookie },
    );
    expect(badTemplate.status).toBe(400);

    const home = await (await fetch(server.url, { headers: { cookie } })).text();
    expect(home).toContain('The Lane family, spring workshop');
    const client = connectAsStaff(server, id, cookie);
    await synced(client);
    expect(readJourney(client.doc).journey).toMatchObject({
      id,
      title: 'The Lane family, spring workshop',
      stages: [],
    });
    client.destroy();
  });

  it('invite participants with a link (and QR code) that opens the room for them alone', async () => {
    // The form answers 303 back to the invite page, which shows the link once.
    const { shown } = await postAndFollow(
      server.url,
      `/journeys/${exampleId(server, 'slf-isolated-family')}/invite`,
      cookie,
      {
        role: 'participant',
        hours: '4',
      },
    );
    expect(shown.status).toBe(200);
    const { html } = shown;
    expect(html).toContain('<svg');
    const link = /href="([^"]*\?invite=[^"]+)"/.exec(html)?.[1];
    expect(link).toBeDefined();
    const invite = new URL(link!.replaceAll('&amp;', '&')).searchParams.get('invite')!;

    // Opening the link trades the token for cookies scoped to this journey, and drops it from the address.
    const opened = await fetch(link!.replaceAll('&amp;', '&'), { redirect: 'manual' });
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe(`/journeys/${exampleId(server, 'slf-isolated-family')}`);
    const invited = opened.headers.getSetCookie().filter((header) => header.startsWith('tp_invite='));
    expect(invited.map((header) => /Path=([^;]+)/i.exec(header)?.[1]).sort()).toEqual([
      `/collab/${exampleId(server, 'slf-isolated-family')}`,
      // COSTS2: the costs companion's room, which admits the invite only when costs are shown.
      `/collab/${exampleId(server, 'slf-isolated-family')}-costs`,
      `/journeys/${exampleId(server, 'slf-isolated-family')}`,
    ]);
    for (const header of invited) {
      expect(header).toMatch(/HttpOnly/i);
      expect(header).toMatch(/SameSite=Lax/i);
    }
    const asGuest = await fetch(new URL(opened.headers.get('location')!, server.url), {
      headers: { cookie: invited[0]!.split(';')[0]! },
    });
    expect(asGuest.status).toBe(200);
    const guestPage = await asGuest.text();
    expect(guestPage).toContain('The Holt family');
    expect(guestPage, 'the page carries no token').not.toContain(invite);

    const participant = connect(server, exampleId(server, 'slf-isolated-family'), invite);
    await synced(participant);
    expect(readJourney(participant.doc).journey.stages.length).toBeGreaterThan(10);
    participant.destroy();

    expect(
      (await fetch(`${server.url}journeys/${exampleId(server, 'slf-disengaged-young-people')}?invite=${invite}`))
        .status,
    ).toBe(403);
    expect((await fetch(`${server.url}journeys/${exampleId(server, 'slf-isolated-family')}`)).status).toBe(401);
  });

  it('the list view says what led to what, the map’s links in words', async () => {
    const page = await fetch(`${server.url}journeys/${exampleId(server, 'slf-isolated-family')}/list`, {
      headers: { cookie },
    });
    expect(page.status).toBe(200);
    const stages = (await page.text()).split('<li class="stage">').slice(1);
    const moving = stages.find((stage) => stage.includes('>A house in a new town</h2>'))!;
    const text = moving.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    // Links are listed in the order of their (random) ids.
    expect(text).toContain('Led to');
    expect(text).toContain('Nights at A&amp;E · moved away from everyone, so nobody to ring');
    expect(text).toContain('Stopped going to school · new school, no friends');
  });

  it('shows what a journey cost, by agency and over time, citing its sources', async () => {
    const page = await fetch(`${server.url}journeys/${exampleId(server, 'family-action-single-mother')}/costs`, {
      headers: { cookie },
    });
    expect(page.status).toBe(200);
    const text = (await page.text()).replace(/<[^>]+>/g, ' ');
    expect(text).toMatch(/Fiscal cost in 2015\/16 prices:\s+£[\d,]+/);
    expect(text).toContain('Cost by agency');
    expect(text).toContain('Unit Cost Database v1.4, New Economy / GMCA, CC BY 4.0');
    expect(
      (await fetch(`${server.url}journeys/${exampleId(server, 'family-action-single-mother')}/costs`)).status,
    ).toBe(401);
  });

  it('reports the cohort: the calculator table, signed benefits by agency, and CSV/JSON exports', async () => {
    // The page starts with no journey chosen: the report is of those ticked.
    const ticked = `journey=${exampleId(server, 'slf-isolated-family')}`;
    const page = await fetch(`${server.url}reports/costs?delivery=6286&counterfactual=4105&deadweight=0.2&${ticked}`, {
      headers: { cookie },
    });
    expect(page.status).toBe(200);
    const text = (await page.text()).replace(/<[^>]+>/g, ' ');
    expect(text).toMatch(/Net cost\s+£2,181/);
    expect(text).toContain('Unit Cost Database v1.4, New Economy / GMCA, CC BY 4.0');

    const json = (await (
      await fetch(`${server.url}api/reports/costs?format=json&delivery=6286&counterfactual=4105`, {
        headers: { cookie },
      })
    ).json()) as {
      report: {
        families: number;
        table: { netCostPerFamily: number; benefitPerFamily: number };
        benefitsByAgency: Record<string, number>;
      };
    };
    expect(json.report.table.netCostPerFamily).toBe(2181);
    const agencies = Object.values(json.report.benefitsByAgency);
    expect(agencies.reduce((a, b) => a + b, 0)).toBeCloseTo(json.report.table.benefitPerFamily, 6);

    const two = (await (
      await fetch(
        `${server.url}api/reports/costs?journey=${exampleId(server, 'slf-isolated-family')}&journey=${exampleId(server, 'family-action-single-mother')}`,
        {
          headers: { cookie },
        },
      )
    ).json()) as { report: { families: number }; journeys: { id: string }[] };
    expect(two.report.families).toBe(2);
    expect(two.journeys.map((j) => j.id).sort()).toEqual(
      [exampleId(server, 'family-action-single-mother'), exampleId(server, 'slf-isolated-family')].sort(),
    );

    const earlier = (await (
      await fetch(`${server.url}api/reports/costs?priceYear=2010/11`, { headers: { cookie } })
    ).json()) as {
      priceYear: string;
      report: { costBeforePerFamily: number };
    };
    const later = (await (
      await fetch(`${server.url}api/reports/costs?priceYear=2015/16`, { headers: { cookie } })
    ).json()) as {
      report: { costBeforePerFamily: number };
    };
    expect(earlier.priceYear).toBe('2010/11');
    expect(earlier.report.costBeforePerFamily * 1.089).toBeCloseTo(later.report.costBeforePerFamily, 0);
    expect((await fetch(`${server.url}api/reports/costs?priceYear=1999/00`, { headers: { cookie } })).status).toBe(400);

    const csv = await fetch(`${server.url}api/reports/costs?format=csv`, { headers: { cookie } });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(await csv.text()).toMatch(/^section,item,/);

    const bad = await fetch(`${server.url}api/reports/costs?format=xml&deadweight=2`, { headers: { cookie } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { problems: { field: string }[] }).problems.map((p) => p.field).sort()).toEqual([
      'deadweight',
      'format',
    ]);
    expect((await fetch(`${server.url}api/reports/costs`)).status).toBe(401);
  });

  it('shows what people typed as text, never as markup', async () => {
    const created = await post(
      '/api/journeys',
      form({
        title: '<script>alert("x")</script><b>bold</b>',
        familyPseudonym: '<img src=x onerror=alert(1)>',
        consent: 'yes',
      }),
      {
        cookie,
        accept: 'application/json',
      },
    );
    const { id } = (await created.json()) as { id: string };
    const html = await (await fetch(`${server.url}journeys/${id}/list`, { headers: { cookie } })).text();
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;');
  });
});
