/**
 * The audit log: a real server writes rows as people use it; then, with the server stopped,
 * `turning-points audit verify` finds an edited row and a removed one by number, retention
 * (`audit prune`) leaves a log that still verifies from its checkpoint, and removing the
 * checkpoint is found too. Admins read their projects' rows on /admin/audit, filter them, and
 * download them as CSV; both are audited.
 */
import { spawnSync } from 'node:child_process';
import { COMPILE_CACHE_ENV } from '../compile-cache.ts';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../server/storage/sqlite-store.ts';
import { parseCsv } from '../../src/csv/index.ts';
import {
  removeDir,
  root,
  signedInStaff,
  startServer,
  stopServer,
  tempDataDir,
  type RunningServer,
  exampleId,
} from './harness.ts';

let DOC = '';
const TITLE = 'The Holt family: from nobody to ring to a door left open';
let dataDir: string;
let server: RunningServer;

const url = (path: string) => new URL(path, server.url).href;

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [join(root, 'server/cli.ts'), ...args], {
    env: { PATH: process.env.PATH, DATA_DIR: dataDir, ...COMPILE_CACHE_ENV },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout.trim(), stderr: result.stderr.trim() };
}

/** CSV rows as objects by the header's names. */
function records(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((row) => Object.fromEntries(header!.cells.map((name, i) => [name, row.cells[i] ?? ''])));
}

function sql<T>(work: (db: DatabaseSync) => T): T {
  const db = new DatabaseSync(join(dataDir, DATABASE_FILE));
  try {
    return work(db);
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  dataDir = tempDataDir();
  server = await startServer(dataDir);
  DOC = exampleId(server, 'slf-isolated-family');
});
afterAll(async () => {
  await stopServer(server);
  removeDir(dataDir);
});

describe('the audit page', () => {
  it('shows an admin their projects’ rows, filtered by journey and person, and downloads them; both audited', async () => {
    const admin = await signedInStaff(server, 'admin');
    const facilitator = await signedInStaff(server, 'facilitator');
    const elsewhere = await signedInStaff(server, 'facilitator', 'Another study');
    expect((await fetch(url(`/journeys/${DOC}`), { headers: { cookie: facilitator.cookie } })).status).toBe(200);
    expect((await fetch(url(`/journeys/${DOC}`), { headers: { cookie: elsewhere.cookie } })).status).toBe(403);

    const page = await fetch(url(`/admin/audit?family=${DOC}`), { headers: { cookie: admin.cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    // In words, with the code beside them; the journey by its title, who by name.
    expect(html).toContain('Opened a journey');
    expect(html).toContain('journey.view');
    expect(html).toContain('Opening a journey refused: not in their projects');
    expect(html).toContain('a member of staff of another project');
    expect(html).toMatch(new RegExp(`<td[^>]*>${TITLE}</td>`));

    const person = `staff:${facilitator.account.id}`;
    const csv = await fetch(url(`/admin/audit?format=csv&person=${encodeURIComponent(person)}`), {
      headers: { cookie: admin.cookie },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const rows = records(await csv.text());
    expect(rows.length).toBeGreaterThan(0);
    // Their sign-in (no project) and their view of the journey; nothing by anyone else.
    expect(rows.map((row) => row.action)).toEqual(expect.arrayContaining(['signin', 'journey.view']));
    // Codes and ids for tools, names beside them for people.
    const viewed = rows.find((row) => row.action === 'journey.view')!;
    expect(viewed).toMatchObject({ outcome: 'ok', document: DOC, document_title: TITLE, actor: person });
    expect(viewed.actor_name).toMatch(/^Test facilitator /);
    expect(rows.every((row) => row.actor === person || row.subject === facilitator.account.id)).toBe(true);

    // The other study's sign-in is not this admin's to read.
    const all = records(
      await (await fetch(url('/admin/audit?format=csv'), { headers: { cookie: admin.cookie } })).text(),
    );
    expect(all.some((row) => row.actor === `staff:${elsewhere.account.id}` && row.action === 'signin')).toBe(false);
    expect(all.filter((row) => row.actor === `staff:${admin.account.id}`).map((row) => row.action)).toEqual(
      expect.arrayContaining(['audit.view', 'audit.export']),
    );

    const bad = await fetch(url('/admin/audit?person=staff:nobody&family=elsewhere'), {
      headers: { cookie: admin.cookie },
    });
    expect(bad.status).toBe(400);
    const refused = await bad.text();
    expect(refused).toContain('Family: choose a family from the list');
    expect(refused).toContain('Person: choose a person from the list');
  });
});

describe('turning-points audit verify', () => {
  it('finds an edited row and a removed one, and keeps verifying after retention, from its checkpoint', async () => {
    await stopServer(server);
    const verified = cli('audit', 'verify');
    expect(verified.code, verified.stderr).toBe(0);
    const total = Number(/^(\d+) rows verified from row 1$/m.exec(verified.stdout)?.[1]);
    // The head to keep elsewhere: rows cut from the end would leave a different one.
    expect(verified.stdout).toMatch(
      new RegExp(`^the last is row ${total}, hash [0-9a-f]{64}: keep this line elsewhere`, 'm'),
    );
    expect(total).toBeGreaterThan(5);

    // Edit one field of one row: verify names the row.
    const middle = Math.floor(total / 2);
    const before = sql((db) => db.prepare('SELECT * FROM audit_log WHERE seq = ?').get(middle)) as Record<
      string,
      string
    >;
    sql((db) =>
      db.prepare("UPDATE audit_log SET outcome = 'ok', actor = 'staff:someone-else' WHERE seq = ?").run(middle),
    );
    expect(cli('audit', 'verify')).toMatchObject({
      code: 1,
      stderr: `audit verify: row ${middle}: its content does not match its hash`,
    });
    sql((db) =>
      db
        .prepare('UPDATE audit_log SET outcome = ?, actor = ? WHERE seq = ?')
        .run(before.outcome!, before.actor!, middle),
    );
    expect(cli('audit', 'verify').code).toBe(0);

    // Remove a row from the middle: the next row names the gap.
    sql((db) => db.prepare('DELETE FROM audit_log WHERE seq = ?').run(middle));
    expect(cli('audit', 'verify')).toMatchObject({
      code: 1,
      stderr: `audit verify: row ${middle + 1}: row ${middle} is missing`,
    });
    sql((db) => {
      const columns = Object.keys(before);
      db.prepare(`INSERT INTO audit_log (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(
        ...columns.map((column) => before[column] ?? null),
      );
    });
    expect(cli('audit', 'verify').code).toBe(0);

    // Retention deletes every row older than now and leaves a checkpoint; the log still verifies.
    const pruned = cli('audit', 'prune', '--days', '0');
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(pruned.stdout).toBe(
      `deleted ${total} audit rows older than 0 days; a checkpoint row keeps the log verifiable`,
    );
    const afterPrune = cli('audit', 'verify');
    expect(afterPrune.code).toBe(0);
    expect(afterPrune.stdout).toMatch(new RegExp(`^2 rows verified from row ${total + 1}$`, 'm'));
    // The server starts again on the pruned log and carries on the chain.
    server = await startServer(dataDir);
    await signedInStaff(server, 'facilitator');
    await stopServer(server);
    expect(cli('audit', 'verify').stdout).toMatch(new RegExp(`^\\d+ rows verified from row ${total + 1}$`, 'm'));

    // Removing the checkpoint leaves rows that start nowhere the log can account for.
    sql((db) => db.prepare("DELETE FROM audit_log WHERE action = 'audit.checkpoint'").run());
    expect(cli('audit', 'verify')).toMatchObject({
      code: 1,
      stderr: `audit verify: row ${total + 2}: the log should start at row 1`,
    });
  });

  it('names a bad --days and exits 2', () => {
    expect(cli('audit', 'prune', '--days', 'soon')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--days:'),
    });
    expect(cli('audit', 'rewrite')).toMatchObject({ code: 2, stderr: expect.stringContaining('verify, prune') });
  });
});
