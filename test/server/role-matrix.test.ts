/**
 * The role × action matrix (issue 14; server/SPEC.md AUTH1, AUTH2, AUTH6, AUTH8, AUTH9, PAGE2):
 * every kind of person who may ask, against every page, endpoint and room action, on a real
 * server with stock y-websocket clients. Journey J and theory of change T are in project A (the
 * default project); journey J2 and theory of change T2 are in project B, so a facilitator of A
 * meets real 403s there (J2 imported into B with `turning-points import --project`). One table
 * says what each person should get; the test checks every cell and, if any differs, prints the
 * whole grid as seen.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import * as Y from 'yjs';
import {
  connect,
  root,
  signedInStaff,
  staffAccount,
  synced,
  token,
  useServer,
  waitFor,
  type Client,
  exampleId,
  familyOf,
} from './harness.ts';
import {
  connectWithCookies,
  CookieJar,
  grantIdOf,
  inStore,
  openInvite,
  turningPoints,
  upgradeStatus,
} from './visitors.ts';

const server = useServer();
beforeAll(() => {
  J = exampleId(server.current, 'family-action-single-mother');
});

let J = '';
const J2 = 'project-b-journey';

const ACTORS = [
  'admin', // an admin of project A
  'facA', // a facilitator of project A
  'facB', // a facilitator of project B
  'adminB', // an admin of project B
  'participant', // opened a participant invite to J in a browser (its cookie)
  'viewer', // opened a viewer invite to J in a browser
  'evaluator', // holds an evaluator token for T and presents it everywhere (Bearer; ?token= on rooms)
  'anonymous', // nothing at all
  'disabled', // a facilitator of A, signed in, whose account an admin then disabled (`turning-points staff disable`)
  'revokedInvite', // opened a participant invite to J that a facilitator then revoked on the invite page
  'signedOut', // a facilitator of A who signed out and kept the old cookie
] as const;
type Actor = (typeof ACTORS)[number];

/**
 * What each should get, in the order of ACTORS: an HTTP status; for the home page, its status
 * and which of J, T, J2, T2 it lists; for a room, `joined` (or the upgrade's refusal status),
 * whether the document could be `read`, and whether a change was `written` (reached another
 * member) or `not written` (a viewer's, never applied: SYNC3).
 */
// prettier-ignore
const EXPECTED: Record<string, readonly string[]> = {
  //                                                    admin      facA       facB         adminB       participant  viewer         evaluator  anonymous  disabled  revokedInv  signedOut
  'GET / (what it lists)':                              ['200 J T', '200 J T', '200 J2 T2', '200 J2 T2', '200 -',     '200 -',       '200 -',   '200 -',   '200 -',  '200 -',    '200 -'],
  'POST / (start a journey)':                           ['303',     '303',     '303',       '303',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /signin':                                        ['200',     '200',     '200',       '200',       '200',       '200',         '200',     '200',     '200',    '200',      '200'],
  'GET /enrol':                                         ['401',     '401',     '401',       '401',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /schema/theory-of-change/v1.json':               ['200',     '200',     '200',       '200',       '200',       '200',         '200',     '200',     '200',    '200',      '200'],
  'GET /journeys/J':                                    ['200',     '200',     '403',       '403',       '200',       '200',         '401',     '401',     '401',    '401',      '401'],
  'GET /journeys/J/list':                               ['200',     '200',     '403',       '403',       '200',       '200',         '401',     '401',     '401',    '401',      '401'],
  // COSTS2: costs are for staff unless a facilitator shows them to participants (off by default).
  'GET /journeys/J/costs':                              ['200',     '200',     '403',       '403',       '403',       '403',         '401',     '401',     '401',    '401',      '401'],
  'GET /journeys/J/invite':                             ['200',     '200',     '403',       '403',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'POST /journeys/J/invite':                            ['303',     '303',     '403',       '403',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /journeys/J/settings':                           ['200',     '200',     '403',       '403',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'POST /journeys/J/settings (bring back from archive)':['303',     '303',     '403',       '403',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /journeys/J2':                                   ['403',     '403',     '200',       '200',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /journeys/J2/list':                              ['403',     '403',     '200',       '200',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /journeys/J2/costs':                             ['403',     '403',     '200',       '200',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /journeys/J2/invite':                            ['403',     '403',     '200',       '200',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'POST /journeys/J2/invite':                           ['403',     '403',     '303',       '303',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /journeys/J2/settings':                          ['403',     '403',     '200',       '200',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'POST /journeys/J2/settings (bring back from archive)':['403',    '403',     '303',       '303',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /toc/T':                                         ['200',     '200',     '403',       '403',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /toc/T/list':                                    ['200',     '200',     '403',       '403',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /toc/T/invite':                                  ['200',     '200',     '403',       '403',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'POST /toc/T/invite':                                 ['303',     '303',     '403',       '403',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /api/toc/T?format=json':                         ['200',     '200',     '403',       '403',       '401',       '401',         '200',     '401',     '401',    '401',      '401'],
  'GET /api/toc/T/sources':                             ['200',     '200',     '403',       '403',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /toc/T2':                                        ['403',     '403',     '200',       '200',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /toc/T2/list':                                   ['403',     '403',     '200',       '200',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /toc/T2/invite':                                 ['403',     '403',     '200',       '200',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'POST /toc/T2/invite':                                ['403',     '403',     '303',       '303',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /api/toc/T2?format=json':                        ['403',     '403',     '200',       '200',       '401',       '401',         '403',     '401',     '401',    '401',      '401'],
  'GET /api/toc/T2/sources':                            ['403',     '403',     '200',       '200',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'POST /api/journeys':                                 ['201',     '201',     '201',       '201',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'POST /api/toc (from J)':                             ['201',     '201',     '400',       '400',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /api/reports/costs':                             ['200',     '200',     '200',       '200',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /reports/costs':                                 ['200',     '200',     '200',       '200',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /admin':                                         ['200',     '403',     '403',       '200',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /admin/audit':                                   ['200',     '403',     '403',       '200',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'POST /admin (end sessions of a facilitator of A)':  ['303',     '403',     '403',       '403',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /families':                                      ['200',     '200',     '200',       '200',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /families/F':                                    ['200',     '200',     '403',       '403',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /families/F/erase':                              ['200',     '200',     '403',       '403',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /families/F/export':                             ['200',     '200',     '403',       '403',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /families/F/export.json':                        ['200',     '200',     '403',       '403',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  // Research across families (issue 18): staff of the family's or cohort's project only; C is project A's synthetic cohort.
  'GET /families/F/profile':                            ['200',     '200',     '403',       '403',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'POST /families/F/profile (record a profile)':        ['303',     '303',     '403',       '403',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /families/F/outcomes':                           ['200',     '200',     '403',       '403',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /cohorts':                                       ['200',     '200',     '200',       '200',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /cohorts/C':                                     ['200',     '200',     '403',       '403',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'POST /cohorts/C (find two family types)':            ['303',     '303',     '403',       '403',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /research/import':                               ['200',     '200',     '200',       '200',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /research/issues':                               ['200',     '200',     '200',       '200',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /research/indicators':                           ['200',     '200',     '200',       '200',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'GET /research/qdpx':                                 ['200',     '200',     '200',       '200',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  // The account page comes with the passkeys branch of issue 14: until it is merged, this row fails (404).
  'GET /account':                                       ['200',     '200',     '200',       '200',       '401',       '401',         '401',     '401',     '401',    '401',      '401'],
  'room J: join':                                       ['joined',  'joined',  '403',       '403',       'joined',    'joined',      '403',     '401',     '401',    '401',      '401'],
  'room J: read':                                       ['read',    'read',    '403',       '403',       'read',      'read',        '403',     '401',     '401',    '401',      '401'],
  'room J: write':                                      ['written', 'written', '403',       '403',       'written',   'not written', '403',     '401',     '401',    '401',      '401'],
  'room T: join':                                       ['joined',  'joined',  '403',       '403',       '401',       '401',         '403',     '401',     '401',    '401',      '401'],
  'room J2: join':                                      ['403',     '403',     'joined',    'joined',    '401',       '401',         '403',     '401',     '401',    '401',      '401'],
  'room T2: join':                                      ['403',     '403',     'joined',    'joined',    '401',       '401',         '403',     '401',     '401',    '401',      '401'],
  // Last, as it ends the staff's sessions: signing out always goes home (and ends a session if there is one).
  'POST /signout':                                      ['303',     '303',     '303',       '303',       '303',       '303',         '303',     '303',     '303',    '303',      '303'],
};

/** What one person presents: the cookies their browser holds, and a token if they have one. */
interface Visitor {
  jar: CookieJar;
  /** An evaluator's token: sent as `Authorization: Bearer` over HTTP and as `?token=` to rooms. */
  token?: string;
}

const ids = { J, J2, T: '', T2: '', F: '', C: '' };
/** A facilitator of A whose sessions admins try to end from the admin page (no actor here, so no row is disturbed). */
const bystander = { id: '', projectId: '' };
const visitors = {} as Record<Actor, Visitor>;
/** A facilitator's stock client on J's room, which sees what others write there. */
let observer: Client;

/** Replace J, J2, T, T2 (and F, J's family; C, project A's synthetic cohort) in an action's path with their ids. */
const pathOf = (template: string) => template.replace(/\b(J2|T2|J|T|F|C)\b/g, (name) => ids[name as keyof typeof ids]);

async function send(
  visitor: Visitor,
  method: 'GET' | 'POST',
  path: string,
  body?: { form: Record<string, string> } | { json: unknown },
): Promise<Response> {
  const url = new URL(path, server.current.url);
  const headers: Record<string, string> = {};
  const cookie = visitor.jar.header(url.pathname);
  if (cookie) headers.cookie = cookie;
  if (visitor.token) headers.authorization = `Bearer ${visitor.token}`;
  if (body && 'form' in body) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    headers.origin = url.origin;
  } else if (body) {
    headers['content-type'] = 'application/json';
    headers.accept = 'application/json';
  }
  const payload = body && ('form' in body ? new URLSearchParams(body.form).toString() : JSON.stringify(body.json));
  return fetch(url, { method, headers, redirect: 'manual', ...(payload === undefined ? {} : { body: payload }) });
}

async function statusOf(response: Promise<Response>): Promise<string> {
  const answered = await response;
  await answered.body?.cancel();
  return String(answered.status);
}

const rooms = new Map<string, Promise<{ join: string; read: string; write: string }>>();

/**
 * Join a room as this person (a stock client: their cookies, or their token as `?token=`); once
 * in, whether the document arrived and whether a change they make reaches the observer. Their
 * presence, sent after the change on the same connection, is the barrier: once the observer
 * sees it, the server has dealt with the change before it.
 */
function room(actor: Actor, docTemplate: string): Promise<{ join: string; read: string; write: string }> {
  const key = `${actor} ${docTemplate}`;
  const known = rooms.get(key);
  if (known) return known;
  const outcome = (async () => {
    const visitor = visitors[actor];
    const docId = pathOf(docTemplate);
    const status = await upgradeStatus(
      server.current,
      docId,
      visitor.token ? { token: visitor.token } : { jar: visitor.jar },
    );
    if (status !== 101) return { join: String(status), read: String(status), write: String(status) };
    if (docId !== J) return { join: 'joined', read: '', write: '' };
    const client = visitor.token
      ? connect(server.current, docId, visitor.token)
      : connectWithCookies(server.current, docId, visitor.jar);
    try {
      await waitFor(() => client.provider.synced, 15_000, `${actor}'s sync`);
      const read = Y.encodeStateAsUpdate(client.doc).byteLength > 1000 ? 'read' : 'empty';
      client.doc.getMap('matrix-probe').set(actor, true);
      client.provider.awareness.setLocalStateField('probe', actor);
      await waitFor(
        () => [...observer.provider.awareness.getStates().values()].some((state) => state.probe === actor),
        15_000,
        `${actor}'s presence at the observer`,
      );
      const write = observer.doc.getMap('matrix-probe').get(actor) === true ? 'written' : 'not written';
      return { join: 'joined', read, write };
    } finally {
      client.destroy();
    }
  })();
  rooms.set(key, outcome);
  return outcome;
}

const ACTIONS: Record<string, (actor: Actor) => Promise<string>> = {
  'GET / (what it lists)': async (actor) => {
    const response = await send(visitors[actor], 'GET', '/');
    const html = await response.text();
    const listed = (['J', 'T', 'J2', 'T2'] as const).filter((name) =>
      html.includes(`href="/${name.startsWith('J') ? 'journeys' : 'toc'}/${ids[name]}"`),
    );
    return `${response.status} ${listed.join(' ') || '-'}`;
  },
  'POST / (start a journey)': (actor) =>
    statusOf(
      send(visitors[actor], 'POST', '/', {
        form: {
          form: 'new-journey',
          title: 'Matrix probe',
          familyPseudonym: 'Probe family',
          template: 'blank',
          consent: 'yes',
        },
      }),
    ),
  'POST /admin (end sessions of a facilitator of A)': (actor) =>
    statusOf(
      send(visitors[actor], 'POST', '/admin', {
        form: { form: 'end-sessions', project: bystander.projectId, staff: bystander.id },
      }),
    ),
  'POST /signout': (actor) => statusOf(send(visitors[actor], 'POST', '/signout', { form: {} })),
  'POST /families/F/profile (record a profile)': (actor) =>
    statusOf(
      send(visitors[actor], 'POST', pathOf('/families/F/profile'), {
        form: { form: 'record', point: 'referral', date: '2016-01-04', issue: 'offending', unticked: 'no' },
      }),
    ),
  'POST /cohorts/C (find two family types)': (actor) =>
    statusOf(send(visitors[actor], 'POST', pathOf('/cohorts/C'), { form: { form: 'types', k: '2', seed: '1' } })),
  // Bringing back a journey that is not archived changes nothing, so no other row sees a difference.
  'POST /journeys/J/settings (bring back from archive)': (actor) =>
    statusOf(send(visitors[actor], 'POST', pathOf('/journeys/J/settings'), { form: { form: 'unarchive' } })),
  'POST /journeys/J2/settings (bring back from archive)': (actor) =>
    statusOf(send(visitors[actor], 'POST', pathOf('/journeys/J2/settings'), { form: { form: 'unarchive' } })),
  'POST /api/journeys': (actor) =>
    statusOf(
      send(visitors[actor], 'POST', '/api/journeys', {
        json: { title: 'Matrix probe', familyPseudonym: 'Probe family', consent: 'yes' },
      }),
    ),
  'POST /api/toc (from J)': (actor) =>
    statusOf(
      send(visitors[actor], 'POST', '/api/toc', { json: { title: 'Matrix probe', journeyIds: [J], minFamilies: 1 } }),
    ),
  'room J: join': async (actor) => (await room(actor, 'J')).join,
  'room J: read': async (actor) => (await room(actor, 'J')).read,
  'room J: write': async (actor) => (await room(actor, 'J')).write,
  'room T: join': async (actor) => (await room(actor, 'T')).join,
  'room J2: join': async (actor) => (await room(actor, 'J2')).join,
  'room T2: join': async (actor) => (await room(actor, 'T2')).join,
};
/**
 * Every other action is a plain request; an invite form asks for a viewer's link for 4 hours
 * (made, it answers 303 back to the invite page, which shows it once).
 */
const actionFor = (name: string): ((actor: Actor) => Promise<string>) => {
  const given = ACTIONS[name];
  if (given) return given;
  const [method, path] = name.split(' ') as ['GET' | 'POST', string];
  const form = method === 'POST' ? { form: { role: 'viewer', hours: '4' } } : undefined;
  return (actor) => statusOf(send(visitors[actor], method, pathOf(path), form));
};

async function draftToc(cookie: string, journeyIds: string[]): Promise<string> {
  const response = await send({ jar: new CookieJar().add(cookie) }, 'POST', '/api/toc', {
    json: { title: 'How families move on', journeyIds, minFamilies: 1 },
  });
  const answer = (await response.json()) as { id?: string };
  if (response.status !== 201 || !answer.id) throw new Error(`drafting failed: ${response.status}`);
  return answer.id;
}

/** An invite opened in a browser: the cookie jar the exchange leaves. */
async function openedInvite(doc: string, role: 'participant' | 'viewer'): Promise<{ jar: CookieJar; grantId: string }> {
  const invite = token(server.current, doc, role);
  const opened = await openInvite(server.current, `/journeys/${doc}`, invite);
  if (opened.status !== 303) throw new Error(`opening the invite answered ${opened.status}`);
  return { jar: opened.jar, grantId: grantIdOf(invite) };
}

beforeAll(async () => {
  const running = server.current;
  const [admin, facA, facB, adminB, disabled, signedOut] = [
    await signedInStaff(running, 'admin'),
    await signedInStaff(running, 'facilitator'),
    await signedInStaff(running, 'facilitator', 'Project B'),
    await signedInStaff(running, 'admin', 'Project B'),
    await signedInStaff(running, 'facilitator'),
    await signedInStaff(running, 'facilitator'),
  ];
  // Project B's journey: an example journey under another id, imported into B as an admin would.
  const file = join(running.dataDir, `${J2}.json`);
  const example = JSON.parse(readFileSync(join(root, 'journeys/life-swindon-chronic-crisis.json'), 'utf8')) as object;
  writeFileSync(file, JSON.stringify({ ...example, id: J2 }));
  // An import stores the journey under a new id of its own, which it prints.
  ids.J2 = /as (\S+)$/m.exec(
    turningPoints(running, 'import', file, '--project', 'Project B', '--consent-recorded-by', adminB.account.email),
  )![1]!;
  ids.J = J;
  ids.F = familyOf(running, J);
  ids.C = inStore(
    running,
    (db) => (db.prepare('SELECT id FROM cohorts WHERE synthetic = 1').get() as { id: string }).id,
  );
  ids.T = await draftToc(facA.cookie, [
    J,
    exampleId(server.current, 'slf-isolated-family'),
    exampleId(server.current, 'slf-disengaged-young-people'),
  ]);
  ids.T2 = await draftToc(facB.cookie, [ids.J2]);
  const staff = (cookie: string): Visitor => ({ jar: new CookieJar().add(cookie) });
  visitors.admin = staff(admin.cookie);
  visitors.facA = staff(facA.cookie);
  visitors.facB = staff(facB.cookie);
  visitors.adminB = staff(adminB.cookie);
  const { id, projectId } = await staffAccount(running, 'facilitator');
  Object.assign(bystander, { id, projectId });
  visitors.participant = { jar: (await openedInvite(J, 'participant')).jar };
  visitors.viewer = { jar: (await openedInvite(J, 'viewer')).jar };
  visitors.evaluator = { jar: new CookieJar(), token: token(running, ids.T, 'evaluator') };
  visitors.anonymous = { jar: new CookieJar() };

  visitors.disabled = staff(disabled.cookie);
  turningPoints(running, 'staff', 'disable', '--email', disabled.account.email);

  // Revoked the way people revoke one: the Revoke button on the journey's invite page.
  const revoked = await openedInvite(J, 'participant');
  visitors.revokedInvite = { jar: revoked.jar };
  const revoke = await send(visitors.facA, 'POST', `/journeys/${J}/invite`, { form: { revoke: revoked.grantId } });
  expect(revoke.status).toBe(303);

  visitors.signedOut = staff(signedOut.cookie);
  expect(await statusOf(send(visitors.signedOut, 'POST', '/signout', { form: {} }))).toBe('303');

  observer = connect(running, J, token(running, J, 'facilitator'));
  await synced(observer);
}, 60_000);

test('every person gets what the matrix says from every page, endpoint and room action', async () => {
  const seen: Record<string, string[]> = {};
  for (const [name] of Object.entries(EXPECTED)) {
    const act = actionFor(name);
    seen[name] = [];
    for (const actor of ACTORS) seen[name].push(await act(actor).catch((error: Error) => `error: ${error.message}`));
  }
  const wrong = Object.entries(EXPECTED).flatMap(([name, wanted]) =>
    ACTORS.flatMap((actor, i) =>
      seen[name]![i] === wanted[i] ? [] : [`${name} as ${actor}: got ${seen[name]![i]}, want ${wanted[i]}`],
    ),
  );
  expect(wrong, grid(seen)).toEqual([]);
}, 180_000);

/** The matrix as seen, one row per action, with every cell that differs from EXPECTED marked ✗ and what was wanted. */
function grid(seen: Record<string, string[]>): string {
  const cell = (name: string, i: number) => {
    const got = seen[name]![i]!;
    const wanted = EXPECTED[name]![i]!;
    return got === wanted ? got : `✗ ${got} (want ${wanted})`;
  };
  const names = Object.keys(EXPECTED);
  const first = Math.max(...names.map((n) => n.length));
  const widths = ACTORS.map((actor, i) => Math.max(actor.length, ...names.map((n) => cell(n, i).length)));
  const line = (label: string, cells: string[]) =>
    [label.padEnd(first), ...cells.map((c, i) => c.padEnd(widths[i]!))].join(' | ');
  return [
    '\n' + line('', [...ACTORS]),
    ...names.map((n) =>
      line(
        n,
        ACTORS.map((_, i) => cell(n, i)),
      ),
    ),
  ].join('\n');
}
