/**
 * The role matrix's runner: sets up every person of the table (table.ts) on a real server, as
 * people and an admin at its console would, then asks every page, endpoint and room action as
 * each of them with stock y-websocket clients, checks every cell and, if any differs, prints the
 * whole grid as seen. Where it runs is a `MatrixSetting`: one process on SQLite
 * (single.test.ts), or processes sharing PostgreSQL, rooms reached through one that does not
 * own them (relayed.test.ts).
 */
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import * as Y from 'yjs';
import type { Role } from '../../../server/auth/tokens.ts';
import type { StaffRole } from '../../../server/storage/access-records.ts';
import {
  connect,
  root,
  signIn,
  synced,
  waitFor,
  type Client,
  type RunningServer,
  type StaffAccount,
} from '../harness.ts';
import { connectWithCookies, CookieJar, grantIdOf, openInvite, upgradeStatus } from '../visitors.ts';
import { ACTORS, EXPECTED, type Actor } from './table.ts';

/** What the matrix records and reads where the server keeps them, as the setup steps of an admin would. */
export interface MatrixRecords {
  /** The id an example journey (`journeys/<file>.json`) is stored under. */
  exampleId(file: string): Promise<string>;
  /** The family a journey belongs to. */
  familyOf(journeyId: string): Promise<string>;
  /** The default project's synthetic cohort. */
  syntheticCohort(): Promise<string>;
  /** A staff account with a password, in the project named (the default one when none is), not signed in. */
  staffAccount(role: StaffRole, project?: string): Promise<StaffAccount>;
  /** A new invite (an evaluator token for `evaluator`) recorded as `turning-points token` records one: its token. */
  token(doc: string, role: Role): Promise<string>;
  /** `npx turning-points <args>` on the server's store, as an admin at its console: its output. */
  cli(...args: string[]): Promise<string>;
  /** A folder for files handed to the command line. */
  workDir(): string;
}

/** Where the matrix runs: whom each request and each room connection reaches, and the records there. */
export interface MatrixSetting {
  /** Where the next page or endpoint request goes (asked once per request). */
  page(): Pick<RunningServer, 'url'>;
  /** Where every room connection of the matrix goes. */
  rooms(): Pick<RunningServer, 'wsUrl'>;
  /**
   * When the matrix's room connections must reach rooms owned by another process: where J, T,
   * J2 and T2 are opened first (the observer on J, a facilitator on each other) and kept open
   * throughout, and what shows, once the matrix is done, that this process owns each still.
   * Absent, only the observer opens a room first (J), on `rooms()`.
   */
  owner?: { server(): Pick<RunningServer, 'wsUrl'>; owns(docId: string): Promise<boolean> };
  records: MatrixRecords;
}

/** What one person presents: the cookies their browser holds, and a token if they have one. */
interface Visitor {
  jar: CookieJar;
  /** An evaluator's token: sent as `Authorization: Bearer` over HTTP and as `?token=` to rooms. */
  token?: string;
}

type RoomOutcome = { join: string; read: string; write: string };

/** Register the matrix's setup (`beforeAll`) and its one test for this setting. */
export function roleMatrix(setting: MatrixSetting): void {
  const { records } = setting;
  /** Project B's journey's id in the file imported (the import stores it under a new one). */
  const J2 = 'project-b-journey';
  const ids = { J: '', J2, T: '', T2: '', F: '', C: '' };
  /** A facilitator of A whose sessions admins try to end from the admin page (no actor here, so no row is disturbed). */
  const bystander = { id: '', projectId: '' };
  const visitors = {} as Record<Actor, Visitor>;
  /** A facilitator's stock client on J's room, which sees what others write there. */
  let observer: Client;
  /** Facilitators holding T, J2 and T2 open at their owner (a setting with `owner`). */
  const holders: Client[] = [];

  /** Replace J, J2, T, T2 (and F, J's family; C, project A's synthetic cohort) in an action's path with their ids. */
  const pathOf = (template: string) =>
    template.replace(/\b(J2|T2|J|T|F|C)\b/g, (name) => ids[name as keyof typeof ids]);

  async function send(
    visitor: Visitor,
    method: 'GET' | 'POST',
    path: string,
    body?: { form: Record<string, string> } | { json: unknown },
  ): Promise<Response> {
    const url = new URL(path, setting.page().url);
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

  const rooms = new Map<string, Promise<RoomOutcome>>();

  /**
   * Join a room as this person (a stock client: their cookies, or their token as `?token=`); once
   * in, whether the document arrived and whether a change they make reaches the observer. Their
   * presence, sent after the change on the same connection, is the barrier: once the observer
   * sees it, the server has dealt with the change before it.
   */
  function room(actor: Actor, docTemplate: string): Promise<RoomOutcome> {
    const key = `${actor} ${docTemplate}`;
    const known = rooms.get(key);
    if (known) return known;
    const outcome = (async () => {
      const visitor = visitors[actor];
      const docId = pathOf(docTemplate);
      const server = setting.rooms();
      const status = await upgradeStatus(
        server,
        docId,
        visitor.token ? { token: visitor.token } : { jar: visitor.jar },
      );
      if (status !== 101) return { join: String(status), read: String(status), write: String(status) };
      if (docId !== ids.J) return { join: 'joined', read: '', write: '' };
      const client = visitor.token
        ? connect(server, docId, visitor.token)
        : connectWithCookies(server, docId, visitor.jar);
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
        send(visitors[actor], 'POST', '/api/toc', {
          json: { title: 'Matrix probe', journeyIds: [ids.J], minFamilies: 1 },
        }),
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
  async function openedInvite(
    doc: string,
    role: 'participant' | 'viewer',
  ): Promise<{ jar: CookieJar; grantId: string }> {
    const invite = await records.token(doc, role);
    const opened = await openInvite(setting.page(), `/journeys/${doc}`, invite);
    if (opened.status !== 303) throw new Error(`opening the invite answered ${opened.status}`);
    return { jar: opened.jar, grantId: grantIdOf(invite) };
  }

  /** A new staff account of this role, signed in through the sign-in form: its session cookie and the account. */
  async function signedInStaff(role: StaffRole, project?: string): Promise<{ cookie: string; account: StaffAccount }> {
    const account = await records.staffAccount(role, project);
    return { cookie: await signIn(setting.page(), account), account };
  }

  beforeAll(async () => {
    const J = await records.exampleId('family-action-single-mother');
    ids.J = J;
    const [admin, facA, facB, adminB, disabled, signedOut] = [
      await signedInStaff('admin'),
      await signedInStaff('facilitator'),
      await signedInStaff('facilitator', 'Project B'),
      await signedInStaff('admin', 'Project B'),
      await signedInStaff('facilitator'),
      await signedInStaff('facilitator'),
    ];
    // Project B's journey: an example journey under another id, imported into B as an admin would.
    const file = join(records.workDir(), `${J2}.json`);
    const example = JSON.parse(readFileSync(join(root, 'journeys/life-swindon-chronic-crisis.json'), 'utf8')) as object;
    writeFileSync(file, JSON.stringify({ ...example, id: J2 }));
    // An import stores the journey under a new id of its own, which it prints.
    ids.J2 = /as (\S+)$/m.exec(
      await records.cli('import', file, '--project', 'Project B', '--consent-recorded-by', adminB.account.email),
    )![1]!;
    ids.F = await records.familyOf(J);
    ids.C = await records.syntheticCohort();
    ids.T = await draftToc(facA.cookie, [
      J,
      await records.exampleId('slf-isolated-family'),
      await records.exampleId('slf-disengaged-young-people'),
    ]);
    ids.T2 = await draftToc(facB.cookie, [ids.J2]);
    const staff = (cookie: string): Visitor => ({ jar: new CookieJar().add(cookie) });
    visitors.admin = staff(admin.cookie);
    visitors.facA = staff(facA.cookie);
    visitors.facB = staff(facB.cookie);
    visitors.adminB = staff(adminB.cookie);
    const { id, projectId } = await records.staffAccount('facilitator');
    Object.assign(bystander, { id, projectId });
    visitors.participant = { jar: (await openedInvite(J, 'participant')).jar };
    visitors.viewer = { jar: (await openedInvite(J, 'viewer')).jar };
    visitors.evaluator = { jar: new CookieJar(), token: await records.token(ids.T, 'evaluator') };
    visitors.anonymous = { jar: new CookieJar() };

    visitors.disabled = staff(disabled.cookie);
    await records.cli('staff', 'disable', '--email', disabled.account.email);

    // Revoked the way people revoke one: the Revoke button on the journey's invite page.
    const revoked = await openedInvite(J, 'participant');
    visitors.revokedInvite = { jar: revoked.jar };
    const revoke = await send(visitors.facA, 'POST', `/journeys/${J}/invite`, { form: { revoke: revoked.grantId } });
    expect(revoke.status).toBe(303);

    visitors.signedOut = staff(signedOut.cookie);
    expect(await statusOf(send(visitors.signedOut, 'POST', '/signout', { form: {} }))).toBe('303');

    observer = connect(setting.owner?.server() ?? setting.rooms(), J, await records.token(J, 'facilitator'));
    await synced(observer);
    if (setting.owner) {
      for (const doc of [ids.T, ids.J2, ids.T2])
        holders.push(connect(setting.owner.server(), doc, await records.token(doc, 'facilitator')));
      await Promise.all(holders.map((holder) => synced(holder)));
    }
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
    // The room cells went through a process that does not own the rooms only if their owner still holds them.
    if (setting.owner)
      for (const name of ['J', 'T', 'J2', 'T2'] as const)
        if (!(await setting.owner.owns(ids[name])))
          wrong.push(
            `room ${name}: not owned by the process that opened it first, so not every connection was relayed`,
          );
    for (const holder of holders) holder.destroy();
    observer.destroy();
    expect(wrong, grid(seen)).toEqual([]);
  }, 180_000);
}

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
